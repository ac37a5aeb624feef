package demoshop

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/xundian/xundian/listing"
)

// layout is one of the two page layouts.
type layout int

const (
	layoutJSONLD layout = iota // A: /item/{id}.html, JSON-LD, UTF-8
	layoutLegacy               // B: /detail.htm?id={id}, selectors only
)

// String names the layout as the truth detail reports it.
func (l layout) String() string {
	if l == layoutLegacy {
		return "legacy"
	}
	return "jsonld"
}

// charset is how a page is encoded and where it says so.
type charset int

const (
	csUTF8      charset = iota // UTF-8, header and meta say so
	csGBKHeader                // GBK, charset in the Content-Type header only
	csGBKMeta                  // GBK, charset in <meta charset="gbk"> only
	csGBKNone                  // GBK, charset nowhere
	csBig5                     // Big5, charset in the header
)

// String names the charset variant.
func (c charset) String() string {
	return [...]string{"utf-8", "gbk-header", "gbk-meta", "gbk-none", "big5"}[c]
}

// variant is what a listing's URL and encoding depend on; it comes from its
// own random stream so routing never needs the whole listing.
type variant struct {
	layout layout
	trad   bool
	cs     charset
}

// path returns the listing's canonical path.
func (v variant) path(id int) string {
	if v.layout == layoutLegacy {
		return "/detail.htm?id=" + strconv.Itoa(id)
	}
	return "/item/" + strconv.Itoa(id) + ".html"
}

// Random streams per listing.
const (
	streamVariant = 1
	streamContent = 2
	streamImage   = 3
	streamStamp   = 4
)

// rng returns the listing's random stream.
func (s *Shop) rng(id int, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(s.seed)^(stream*0x9e3779b97f4a7c15), uint64(id)))
}

// variant returns the listing's layout, script and charset.
func (s *Shop) variant(id int) variant {
	r := s.rng(id, streamVariant)
	var v variant
	if r.IntN(2) == 1 {
		v.layout = layoutLegacy
	}
	v.trad = r.IntN(100) < 15
	if v.layout == layoutLegacy {
		switch {
		case v.trad && r.IntN(100) < 60:
			v.cs = csBig5
		case v.trad:
			v.cs = csUTF8
		default:
			v.cs = [...]charset{csUTF8, csGBKHeader, csGBKMeta, csGBKNone}[r.IntN(4)]
		}
	}
	return v
}

// seg is a piece of listing text: filler (plant -1) or the text of
// plants[plant].
type seg struct {
	text  string
	plant int
}

// text is a listing text built from segments.
type text []seg

// String returns the text.
func (t text) String() string {
	var b strings.Builder
	for _, s := range t {
		b.WriteString(s.text)
	}
	return b.String()
}

// plant is one planted violation or decoy.
type plant struct {
	family string
	rule   string
	decoy  bool
	source listing.Source
	text   string
}

// picture is one listing image.
type picture struct {
	n    int
	role listing.ImageRole
	alt  text
}

// item is the generator's full model of one listing.
type item struct {
	id int
	variant
	prod *product
	yen  string // ¥ or ￥

	title   text
	desc    text
	service text
	images  []picture

	comp   phrase // composition attribute value
	season phrase
	fit    phrase
	attrs  []listing.Attribute

	skus        []listing.SKU
	singleOffer bool
	promo, orig listing.Money

	cod      bool
	codPlain bool // JSON-LD writes plain "COD"
	handling int  // hours: 24, 48 or 72
	stock    int  // shown stock, 0 = not shown (time travel only)
	hourUnit bool // JSON-LD states handling in hours, not days
	exempt   bool
	freight  freightTpl

	brandInTitle bool
	fullWidthT   bool

	plants []plant
	// stamps are the claims stamped into image pixels (imageplants.go).
	stamps []stamp
	// productPlant is the plant that is the product name in the title (a
	// product whose name claims a material), -1 if none.
	productPlant int
}

// price is the lowest SKU price (layout B's tm-price, layout A's lowPrice).
func (it *item) price() listing.Money {
	low := it.skus[0].Price
	for _, s := range it.skus {
		low = min(low, s.Price)
	}
	return low
}

// highPrice is the highest SKU price.
func (it *item) highPrice() listing.Money {
	high := it.skus[0].Price
	for _, s := range it.skus {
		high = max(high, s.Price)
	}
	return high
}

// payable lists every price a buyer can pay.
func (it *item) payable() []listing.Money {
	out := []listing.Money{it.price()}
	if it.promo > 0 {
		out = append(out, it.promo)
	}
	for _, s := range it.skus {
		out = append(out, s.Price)
	}
	return out
}

// lowestPayable returns the lowest payable price.
func (it *item) lowestPayable() listing.Money {
	low := it.price()
	if it.promo > 0 {
		low = min(low, it.promo)
	}
	return low
}

// t returns p in the listing's script.
func (it *item) t(p phrase) string { return p.in(it.trad) }

// gen builds listing id's model. It is deterministic in (seed, id).
func (s *Shop) gen(id int) *item {
	it := &item{id: id, variant: s.variant(id), productPlant: -1}
	r := s.rng(id, streamContent)

	it.prod = &products[r.IntN(len(products))]
	it.yen = "¥"
	if it.cs != csUTF8 || r.IntN(100) < 30 {
		it.yen = "￥"
	}
	it.genSKUs(r)
	it.genBase(r)
	it.plan(r)
	if it.layout == layoutLegacy {
		it.freight = s.pool(it.freight)
	}
	it.buildTexts(r)
	it.buildAttrs()
	s.travel(it)
	if s.font != nil {
		it.planStamps(s.rng(id, streamStamp))
	}
	return it
}

// genSKUs picks SKUs and prices.
func (it *item) genSKUs(r *rand.Rand) {
	p := it.prod
	n := 2 + r.IntN(4)
	if it.layout == layoutJSONLD && r.IntN(100) < 10 {
		n = 1
		it.singleOffer = true
	}
	base := listing.Money(p.prices[r.IntN(len(p.prices))] * 100)
	if r.IntN(100) < 10 {
		base += 90 // 59.90
	}
	step := listing.Money(p.step * 100)
	cs := r.Perm(len(colours))
	type opt struct {
		name phrase
		tier int
	}
	var variants []opt
	switch p.sku {
	case skuColourSize:
		first := r.IntN(2)
		for i, sz := range sizes[first:] {
			tier := 0
			if i >= 3 {
				tier = 1
			}
			variants = append(variants, opt{phrase{sz, sz}, tier})
		}
	case skuColourBed:
		for i, b := range bedSizes {
			variants = append(variants, opt{b, i})
		}
	case skuColourWallet:
		for i, w := range walletSizes {
			variants = append(variants, opt{w, i})
		}
	default:
		variants = []opt{{phrase{}, 0}}
	}
	colourTier := r.IntN(3) == 0
	for i := 0; len(it.skus) < n; i++ {
		c := colours[cs[i/len(variants)%len(cs)]]
		v := variants[i%len(variants)]
		name := it.t(c)
		if v.name.s != "" {
			name += " " + it.t(v.name)
		}
		tier := v.tier
		if colourTier && i/len(variants) == 1 {
			tier++
		}
		it.skus = append(it.skus, listing.SKU{
			ID:    itemID(it.id) + "-" + strconv.Itoa(len(it.skus)+1),
			Name:  name,
			Price: base + listing.Money(tier)*step,
		})
	}
	if it.layout == layoutLegacy && r.IntN(100) < 30 {
		d := []listing.Money{500, 1000, 2000}[r.IntN(3)]
		if it.price() > d+500 {
			it.promo = it.price() - d
		}
	}
	if r.IntN(100) < 35 {
		it.setOriginal(r)
	}
}

// setOriginal sets a strike-through price above every SKU price.
func (it *item) setOriginal(r *rand.Rand) {
	if it.orig != 0 {
		return
	}
	bump := listing.Money([]int{40, 60, 100, 150}[r.IntN(4)] * 100)
	o := (it.highPrice() + bump) / 1000 * 1000 // whole tens of yuan …
	o += 900                                   // … ending in 9
	for o <= it.highPrice() {
		o += 1000
	}
	it.orig = o
}

// genBase picks the non-text facts a plant may later override.
func (it *item) genBase(r *rand.Rand) {
	p := it.prod
	it.comp = p.neutral[r.IntN(len(p.neutral))]
	it.season = p.seasons[r.IntN(len(p.seasons))]
	it.fit = fitValues[r.IntN(len(fitValues))]
	it.cod = r.IntN(100) < 30
	it.codPlain = r.IntN(4) == 0
	it.handling = []int{24, 48, 72}[r.IntN(3)]
	it.hourUnit = r.IntN(3) == 0
	it.exempt = r.IntN(100) < 6
	it.freight = neutralFreight(r, it)
	it.brandInTitle = r.IntN(2) == 0
	it.fullWidthT = p.key == "tee" && r.IntN(100) < 25
}

// buildAttrs lists the attributes in page order.
func (it *item) buildAttrs() {
	it.attrs = []listing.Attribute{
		{Name: it.t(attrBrand), Value: it.t(brandName)},
		{Name: it.t(attrItemNo), Value: "XD" + itemID(it.id)},
		{Name: it.t(it.prod.attrName), Value: it.t(it.comp)},
		{Name: it.t(attrSeason), Value: it.t(it.season)},
	}
	if it.prod.clothing {
		it.attrs = append(it.attrs, listing.Attribute{Name: it.t(attrFit), Value: it.t(it.fit)})
	}
}

// paymentWords lists the payment methods the legacy page names.
func (it *item) paymentWords() []string {
	var out []string
	if it.cod {
		out = append(out, it.t(paymentCOD))
	}
	return append(out, it.t(paymentCard), it.t(paymentAli))
}

// Payment method URIs in JSON-LD.
const (
	grCOD        = "http://purl.org/goodrelations/v1#COD"
	grCreditCard = "http://purl.org/goodrelations/v1#PaymentMethodCreditCard"
)

// paymentURIs lists the JSON-LD acceptedPaymentMethod values.
func (it *item) paymentURIs() []string {
	var out []string
	if it.cod {
		if it.codPlain {
			out = append(out, "COD")
		} else {
			out = append(out, grCOD)
		}
	}
	return append(out, grCreditCard)
}

// listing converts the model to the domain type.
func (it *item) listing() listing.Listing {
	l := listing.Listing{
		ID:             itemID(it.id),
		URL:            it.path(it.id),
		Title:          it.title.String(),
		Price:          it.price(),
		OriginalPrice:  it.orig,
		SKUs:           append([]listing.SKU(nil), it.skus...),
		Attributes:     append([]listing.Attribute(nil), it.attrs...),
		Description:    it.desc.String(),
		ServiceText:    it.service.String(),
		OffersCOD:      it.cod,
		HandlingHours:  it.handling,
		HasHandling:    true,
		ReturnExempt:   it.exempt,
		PaymentMethods: it.paymentWords(),
	}
	if it.stock > 0 {
		l.Stock, l.HasStock = it.stock, true
	}
	for _, im := range it.images {
		l.Images = append(l.Images, listing.Image{URL: imageURL(it.id, im.n), Alt: im.alt.String(), Role: im.role})
	}
	ft := it.freight.template(it.layout)
	l.Freight = &ft
	if it.layout == layoutJSONLD {
		l.Brand = it.t(brandName)
		l.Currency = "CNY"
		l.PaymentMethods = it.paymentURIs()
	} else {
		l.PromoPrice = it.promo
	}
	return l
}

// imageURL returns the path of image n of listing id.
func imageURL(id, n int) string {
	return "/img/" + itemID(id) + "-" + strconv.Itoa(n) + ".png"
}

// pick returns a random element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// yuanText formats an amount the way shops write it: 59, 59.9, 0.01.
func yuanText(m listing.Money) string {
	s := m.String()
	s = strings.TrimSuffix(s, ".00")
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
	}
	return s
}

// fullWidth turns ASCII digits and letters into their full-width forms.
func fullWidth(s string) string {
	return strings.Map(func(c rune) rune {
		switch {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
			return c - '!' + '！'
		}
		return c
	}, s)
}
