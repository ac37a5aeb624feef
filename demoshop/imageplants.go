package demoshop

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/xundian/xundian/listing"
)

// This file plans the claims stamped into image pixels (Options.FontPath):
// plants that only OCR can see, since the image's alt text does not carry
// them. A stamp is planned after the listing's texts are built, from its
// own random stream, and it changes no listing fact: it is chosen to be a
// violation or a decoy given the facts the listing already has. So a shop
// without a font is exactly the shop it always was, and the same shop with
// a font only gains image plants.

// Stamp families.
const (
	familyStampFree      = "img-fs-claim"        // 全国包邮 on a template that charges somewhere
	familyStampPrice     = "img-price-bait"      // 到手价¥59 with no payable 59
	familyStampAbsolute  = "img-abs-term"        // 全网最低价
	familyStampNotFree   = "img-fs-not-free"     // 不包邮
	familyStampAmountMet = "img-fs-amount-met"   // 满99包邮 the template keeps
	familyStampPriceOK   = "img-price-payable"   // 到手价¥ of a payable price
	familyStampThreshold = "img-price-threshold" // 满300减40
	familyStampFirstTime = "img-abs-allowed"     // 第一次使用请先清洗
)

// stampPercent is the share of listings that get a stamped claim.
const stampPercent = 15

// Banner styles of a stamp.
const (
	styleRedBand   = iota // white text on a red band
	styleWhiteBand        // dark text on a white band
	styleGradient         // white text on a light gradient band
	numStyles
)

// stamp is a claim stamped into one image of a listing.
type stamp struct {
	n     int // image number (1-based)
	text  string
	style int
	plant int // index in item.plants
}

// Stamped-claim vocabulary (simplified and traditional).
var (
	stampFreeClaims = []phrase{{"全国包邮", "全國包郵"}, {"包邮", "包郵"}, {"免运费", "免運費"}}
	stampPriceForms = []phrase{{"到手价%s%s", "到手價%s%s"}, {"券后%s%s", "券後%s%s"}, {"特价%s%s", "特價%s%s"}}
	stampAbsolute   = []phrase{
		{"全网最低价", "全網最低價"}, {"销量第一", "銷量第一"}, {"品质最好", "品質最好"},
		{"顶级面料", "頂級面料"}, {"国家级品质", "國家級品質"},
	}
	stampNotFree   = phrase{"不包邮", "不包郵"}
	stampFirstTime = phrase{"第一次使用请先清洗", "第一次使用請先清洗"}
)

// planStamps decides the listing's stamped claim, if any.
func (it *item) planStamps(r *rand.Rand) {
	if r.IntN(100) >= stampPercent {
		return
	}
	// Only images whose alt text carries no plant: a finding on a stamped
	// image then comes from its pixels alone.
	var free []picture
	for _, im := range it.images {
		if len(im.alt) == 1 {
			free = append(free, im)
		}
	}
	if len(free) == 0 {
		return
	}
	im := free[0] // the first such image: usually main image 1
	if r.IntN(4) == 0 {
		im = pick(r, free)
	}
	violated := it.rules()
	l := it.listing()
	type option struct {
		family, rule string
		decoy        bool
		text         string
	}
	var opts []option
	add := func(family, rule string, decoy bool, text string) {
		if !slices.Contains(violated, rule) {
			opts = append(opts, option{family, rule, decoy, text})
		}
	}
	low := l.LowestPayable()
	if len(l.Freight.Charged(low)) > 0 {
		add(familyStampFree, ruleFreeShipping, false, it.t(pick(r, stampFreeClaims)))
	}
	if bait := low - yuan(pick(r, []int{10, 20, 30})); bait > 0 && !slices.Contains(l.PayablePrices(), bait) {
		add(familyStampPrice, rulePrice, false, it.stampPrice(r, bait))
	}
	add(familyStampAbsolute, ruleAbsolute, false, it.t(pick(r, stampAbsolute)))
	nViolations := len(opts)
	add(familyStampNotFree, ruleFreeShipping, true, it.t(stampNotFree))
	if freeFrom(l.Freight, yuan(99)) {
		add(familyStampAmountMet, ruleFreeShipping, true, it.t(phrase{"满99包邮", "滿99包郵"}))
	}
	add(familyStampPriceOK, rulePrice, true, it.stampPrice(r, low))
	add(familyStampThreshold, rulePrice, true, it.t(phrase{"满300减40", "滿300減40"}))
	add(familyStampFirstTime, ruleAbsolute, true, it.t(stampFirstTime))
	if len(opts) == 0 {
		return
	}
	// Half violations, half decoys, where both exist.
	var o option
	switch {
	case nViolations > 0 && (r.IntN(2) == 0 || nViolations == len(opts)):
		o = opts[r.IntN(nViolations)]
	default:
		o = opts[nViolations+r.IntN(len(opts)-nViolations)]
	}
	it.plants = append(it.plants, plant{family: o.family, rule: o.rule, decoy: o.decoy, source: srcImage, text: o.text})
	it.stamps = append(it.stamps, stamp{n: im.n, text: o.text, style: r.IntN(numStyles), plant: len(it.plants) - 1})
}

// stampPrice writes a stamped price claim for m: 到手价¥59.
func (it *item) stampPrice(r *rand.Rand, m listing.Money) string {
	return fmt.Sprintf(it.t(pick(r, stampPriceForms)), it.yen, yuanText(m))
}

// freeFrom reports whether every mainland region t delivers to ships one
// item of the given amount free.
func freeFrom(t *listing.FreightTemplate, amount listing.Money) bool {
	if t == nil {
		return false
	}
	for _, reg := range listing.MainlandRegions() {
		if t.Delivers(reg) && t.ChargeFor(reg, amount, 1) > 0 {
			return false
		}
	}
	return true
}

// stampOn returns the stamp on image n, if any.
func (it *item) stampOn(n int) (stamp, bool) {
	for _, s := range it.stamps {
		if s.n == n {
			return s, true
		}
	}
	return stamp{}, false
}

// ImageStamp is a claim stamped into the pixels of a listing image.
type ImageStamp struct {
	// Path is the listing's path as the sitemap names it.
	Path string `json:"path"`
	// ID is the listing ID.
	ID string `json:"id"`
	// ImageURL is the image's path (/img/10002-1.png).
	ImageURL string `json:"image_url"`
	// Rule is the rule the stamp violates or, for a decoy, must not
	// trigger.
	Rule string `json:"rule"`
	// Text is the stamped text.
	Text string `json:"text"`
	// Decoy is true for a stamp that must not be flagged.
	Decoy bool `json:"decoy"`
}

// ImageStamps returns every claim stamped into image pixels, in listing
// ID order; none when the shop has no font (Options.FontPath).
func (s *Shop) ImageStamps() []ImageStamp {
	var out []ImageStamp
	if s.font == nil {
		return out
	}
	for id := FirstID; id < FirstID+s.n; id++ {
		it := s.gen(id)
		for _, st := range it.stamps {
			p := it.plants[st.plant]
			out = append(out, ImageStamp{
				Path: it.path(id), ID: itemID(id), ImageURL: imageURL(id, st.n),
				Rule: p.rule, Text: st.text, Decoy: p.decoy,
			})
		}
	}
	return out
}
