package crawler

import (
	"bytes"
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/xundian/xundian/listing"
)

// ExtractListing reads one listing page: it decodes body (see DecodeBody),
// then fills the listing from JSON-LD, microdata, cfg.Embedded and finally
// cfg.Selectors, each filling only what the ones before left empty, except
// that the title, description and service text the selectors read off the
// visible page are combined with the structured ones (see visibleTitle and
// withVisible): the checks read what buyers see. The ID
// is Selectors.ID, else ItemURLPattern's id group on pageURL, else the
// structured data's sku/productID. It returns the freight-template URLs to
// fetch when structured data gave no freight template. URL is pageURL
// canonicalized; FetchedAt is left for the caller. The error reports a
// page that yields no listing (no title, price or SKU) or no ID, so a
// broken extractor shows up as failures, not as clean listings.
func ExtractListing(body []byte, contentType string, pageURL *url.URL, cfg Config) (listing.Listing, []string, error) {
	doc, err := parsePage(body, contentType, cfg.Encoding)
	if err != nil {
		return listing.Listing{}, nil, err
	}
	x, err := newExtractor(cfg)
	if err != nil {
		return listing.Listing{}, nil, err
	}
	return x.extract(doc, body, pageURL, "")
}

// parsePage decodes body (see DecodeBody) and parses it; UTF-8 pages are
// parsed in place.
func parsePage(body []byte, contentType, encoding string) (*goquery.Document, error) {
	text, err := decodeBody(body, contentType, encoding)
	if err != nil {
		return nil, err
	}
	return goquery.NewDocumentFromReader(bytes.NewReader(text))
}

// extractor is the part of a Config that ExtractListing reads, compiled
// once per crawl rather than looked up per page.
type extractor struct {
	sels       *compiledSelectors
	pattern    *regexp.Regexp // ItemURLPattern; nil when unset or invalid
	strip      []string
	embedded   []compiledEmbedded
	freightCSV string
}

func newExtractor(cfg Config) (*extractor, error) {
	sels, err := cachedSelectors(cfg.Selectors)
	if err != nil {
		return nil, err
	}
	x := &extractor{sels: sels, strip: stripOrDefault(cfg.StripParams), freightCSV: cfg.FreightCSV}
	if cfg.ItemURLPattern != "" {
		if re, err := cachedRegexp(cfg.ItemURLPattern); err == nil {
			x.pattern = re
		}
	}
	for i, e := range cfg.Embedded {
		ce, cerr := compileEmbedded(e)
		if cerr != nil {
			return nil, keyErr("embedded["+strconv.Itoa(i)+"]."+cerr.key, cerr.err)
		}
		x.embedded = append(x.embedded, ce)
	}
	return x, nil
}

// extract is ExtractListing after parsing; hash is the body's content
// hash when the caller has it already.
func (x *extractor) extract(doc *goquery.Document, body []byte, pageURL *url.URL, hash string) (listing.Listing, []string, error) {
	sels := x.sels
	d := &draft{}
	fillJSONLD(d, doc, pageURL)
	fillMicrodata(d, doc, pageURL)
	for _, ce := range x.embedded {
		fillEmbedded(d, doc, ce)
	}
	root := pageScope(doc)
	fillSelectors(d, root, pageURL, sels)

	l := &d.l
	if v, ok := sels.id.first(root); ok {
		l.ID = v
	}
	canonical := ""
	if pageURL != nil {
		canonical = canonicalURL(pageURL, x.strip).String()
	}
	if l.ID == "" && x.pattern != nil && pageURL != nil {
		l.ID = patternID(x.pattern, canonical)
	}
	if l.ID == "" {
		l.ID = d.structID
	}
	l.URL = canonical
	if hash == "" {
		hash = hashBody(body)
	}
	l.ContentHash = hash

	if l.Freight == nil {
		l.Freight = freightFromTable(root, sels)
	}
	if l.Freight == nil && x.freightCSV != "" {
		if id, ok := sels.freightID.first(root); ok {
			templates, err := loadFreightCSV(x.freightCSV)
			if err != nil {
				return *l, nil, keyErr("freight_csv", err)
			}
			if t, ok := templates[strings.TrimSpace(id)]; ok {
				l.Freight = cloneTemplate(t)
			}
		}
	}
	var freight []string
	if l.Freight == nil {
		for _, v := range sels.freightURL.all(root) {
			if ref := resolveRef(pageURL, v); ref != "" {
				freight = append(freight, ref)
			}
		}
	}
	if l.Title == "" && l.Price == 0 && len(l.SKUs) == 0 {
		return *l, nil, errors.New("no listing data on page: no structured data and no selector matched title, price or SKUs")
	}
	if l.ID == "" {
		return *l, nil, errNoID
	}
	return *l, freight, nil
}

// errNoID reports a page without a listing ID.
var errNoID = errors.New("no listing ID: selectors.id, item_url_pattern's id group and structured data sku all empty")

func stripOrDefault(s []string) []string {
	if len(s) == 0 {
		return DefaultStripParams
	}
	return s
}

var (
	selCache    sync.Map // Selectors -> *compiledSelectors
	regexpCache sync.Map // string -> *regexp.Regexp
)

func cachedSelectors(s Selectors) (*compiledSelectors, error) {
	if v, ok := selCache.Load(s); ok {
		return v.(*compiledSelectors), nil
	}
	c, err := s.compile()
	if err != nil {
		return nil, err
	}
	selCache.Store(s, c)
	return c, nil
}

func cachedRegexp(p string) (*regexp.Regexp, error) {
	if v, ok := regexpCache.Load(p); ok {
		return v.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, err
	}
	regexpCache.Store(p, re)
	return re, nil
}

// patternID returns the first non-empty group named id, or "".
func patternID(re *regexp.Regexp, s string) string {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	for i, n := range re.SubexpNames() {
		if n == "id" && m[i] != "" {
			return m[i]
		}
	}
	return ""
}

// fillSelectors fills what structured data lacked from the configured CSS
// selectors (layout B has nothing else). Title, description and service
// text are read from the visible page even when structured data gave
// them, and combined with it by visibleTitle and withVisible: the checks
// must read what buyers and the platform see, not only a summary made
// for search engines.
func fillSelectors(d *draft, root scope, base *url.URL, s *compiledSelectors) {
	l := &d.l
	if v, ok := s.title.first(root); ok {
		l.Title = visibleTitle(l.Title, v)
	}
	// The first match that is an amount: a placeholder in the first one
	// ("--", 暂无活动) does not hide the price in the next.
	setMoney := func(dst *listing.Money, sel selector) {
		if *dst != 0 {
			return
		}
		sel.each(root, func(n *html.Node, attr string) bool {
			m, ok := parsePrice(nodeValue(n, attr))
			if ok {
				*dst = m
			}
			return !ok
		})
	}
	setMoney(&l.Price, s.price)
	setMoney(&l.PromoPrice, s.promo)
	setMoney(&l.OriginalPrice, s.orig)
	if len(l.SKUs) == 0 && len(s.sku) > 0 {
		for _, n := range s.sku.matches(root) {
			row := nodeScope(n)
			var sku listing.SKU
			sku.ID, _ = s.skuID.first(row)
			if len(s.skuName) > 0 {
				sku.Name, _ = s.skuName.first(row)
			} else {
				sku.Name = cleanNodeText(n)
			}
			if v, ok := s.skuPrice.first(row); ok {
				sku.Price, _ = parsePrice(v)
			}
			if v, ok := s.skuStock.first(row); ok {
				sku.Stock, sku.HasStock = parseInt(v)
			}
			l.SKUs = append(l.SKUs, sku)
		}
	}
	if !hasRole(l.Images, listing.ImageMain) {
		l.Images = append(l.Images, images(s.mainImages, root, base, listing.ImageMain)...)
	}
	if !hasRole(l.Images, listing.ImageDescription) {
		l.Images = append(l.Images, images(s.descImages, root, base, listing.ImageDescription)...)
	}
	if len(l.Attributes) == 0 {
		for _, n := range s.attrRow.matches(root) {
			row := nodeScope(n)
			var a listing.Attribute
			if len(s.attrName) > 0 {
				a.Name, _ = s.attrName.first(row)
				a.Value, _ = s.attrValue.first(row)
				// A name cell often keeps its label colon (面料成分：),
				// and a value cell may start with it.
				a.Name = strings.TrimSpace(strings.TrimRight(a.Name, ":： "))
				a.Value = strings.TrimSpace(strings.TrimLeft(a.Value, ":： "))
			} else {
				t := foldColon(cleanNodeText(n))
				name, val, _ := strings.Cut(t, ":")
				a.Name, a.Value = strings.TrimSpace(name), strings.TrimSpace(val)
			}
			if a.Name != "" {
				l.Attributes = append(l.Attributes, a)
			}
		}
	}
	desc := s.description.allOf(root, func(n *html.Node, attr string) string {
		v, imgs := descriptionValue(n, attr)
		d.descImgs = append(d.descImgs, imgs...)
		return v
	})
	l.Description = withVisible(l.Description, strings.Join(desc, "\n"))
	addMarkupImages(d, base)
	l.ServiceText = withVisible(l.ServiceText, strings.Join(s.service.all(root), "\n"))
	if len(l.PaymentMethods) == 0 {
		if v, ok := s.payment.first(root); ok {
			l.PaymentMethods = splitPayment(v)
		}
	}
	if !d.codKnown {
		if v, ok := s.cod.first(root); ok {
			if b, ok := parseBool(v); ok {
				l.OffersCOD = b
			} else {
				l.OffersCOD = mentionsCOD(v)
			}
			d.codKnown = true
		} else if len(l.PaymentMethods) > 0 {
			l.OffersCOD = mentionsCOD(strings.Join(l.PaymentMethods, " "))
		}
	}
	if !l.HasHandling {
		for _, v := range s.handling.all(root) {
			if h, ok := parseHandlingHours(v); ok {
				l.HandlingHours, l.HasHandling = h, true
				break
			}
		}
	}
	if !d.exemptKnown {
		if v, ok := s.exempt.first(root); ok {
			if b, ok := parseBool(v); ok {
				l.ReturnExempt, d.exemptKnown = b, true
			}
		}
	}
	if !l.HasStock {
		if v, ok := s.stock.first(root); ok {
			l.Stock, l.HasStock = parseInt(v)
		}
	}
}

// visibleTitle chooses between the title structured data gave (JSON-LD,
// microdata or embedded JSON; possibly empty) and the displayed one the
// title selector read. The platform judges the displayed title, so it
// wins unless the structured one already holds all of it (equal up to
// white space, or the display truncates it): a short structured name
// ("保温杯 500ml") must not hide a displayed "【全国包邮】保温杯 500ml
// 阿迪同款", and a title that differs altogether is judged as displayed.
// Titles are never joined: a finding names the listing by its title.
func visibleTitle(structured, visible string) string {
	if visible == "" || containsText(structured, visible) {
		return structured
	}
	return visible
}

// withVisible combines a description or service text structured data
// gave (possibly empty) with the visible one the selectors read, so that
// what the page shows always reaches the checks and nothing is doubled:
// the structured text when it already holds the visible one (equal up to
// white space included), the visible text when it holds the structured
// one (a one-line SEO summary of the detail), else both, structured
// first, on separate lines.
func withVisible(structured, visible string) string {
	switch {
	case visible == "" || containsText(structured, visible):
		return structured
	case containsText(visible, structured):
		return visible
	}
	return structured + "\n" + visible
}

// containsText reports whether s contains sub once white space is
// removed from both: structured data and the page's markup break and
// space the same text differently ("夏季新款" and <p>夏季</p><p>新款</p>).
func containsText(s, sub string) bool {
	if strings.Contains(s, sub) {
		return true // the common cases: equal, or sub empty
	}
	return s != "" && strings.Contains(dropSpace(s), dropSpace(sub))
}

// dropSpace is s without its white space; s itself when it has none.
func dropSpace(s string) string {
	if strings.IndexFunc(s, unicode.IsSpace) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func foldColon(s string) string { return strings.ReplaceAll(s, "：", ":") }

// lazyImageAttrs are where lazy-loading scripts keep an <img>'s real
// URL while src holds a shared placeholder (or a data: URI) until the
// image scrolls into view; data-ks-lazyload is classic Taobao's (KISSY).
var lazyImageAttrs = [...]string{"data-original", "data-src", "data-lazy-src", "data-ks-lazyload", "data-lazyload"}

// images reads <img> elements (the URL of a lazy-loading attribute, else
// src; alt) or, with @attr, URL attributes.
func images(sel selector, root scope, base *url.URL, role listing.ImageRole) []listing.Image {
	var out imageList
	sel.each(root, func(n *html.Node, attr string) bool {
		var u string
		if attr != "" {
			u = resolveRef(base, attrOf(n, attr))
		} else {
			u = imageURL(n, base)
		}
		out.add(u, n, role)
		return true
	})
	return out.imgs
}

// addMarkupImages moves d.descImgs, the <img> elements of description
// markup a script inserts into the page (a ks-datalazyload textarea, a
// JSON-LD description), to the listing's description images, read as
// images reads an <img>, after the images found so far and without the
// URLs these already have.
func addMarkupImages(d *draft, base *url.URL) {
	if len(d.descImgs) == 0 {
		return
	}
	out := imageList{imgs: d.l.Images}
	for _, n := range d.descImgs {
		out.add(imageURL(n, base), n, listing.ImageDescription)
	}
	d.l.Images, d.descImgs = out.imgs, nil
}

// imageList is a list of images without repeated URLs.
type imageList struct {
	imgs []listing.Image
	seen map[string]bool // imgs' URLs, once imgs is too long to search
}

// add appends the image at URL u (none when empty or already listed)
// that the element n shows, with n's alt.
func (s *imageList) add(u string, n *html.Node, role listing.ImageRole) {
	if u == "" || hasImage(s.imgs, s.seen, u) {
		return
	}
	s.imgs = append(s.imgs, listing.Image{URL: u, Alt: strings.TrimSpace(attrOf(n, "alt")), Role: role})
	if s.seen != nil {
		s.seen[u] = true
	} else if len(s.imgs) > 16 {
		s.seen = make(map[string]bool, 2*len(s.imgs))
		for _, im := range s.imgs {
			s.seen[im.URL] = true
		}
	}
}

// imageURL is the absolute URL of the image an <img> shows: a lazy-loading
// attribute's when it has one (src is then a placeholder every image on
// the page shares, and reading it would lose the real images and their
// claims), else src's. Values that are no http(s) URL (data: URIs) are
// skipped.
func imageURL(n *html.Node, base *url.URL) string {
	for _, a := range lazyImageAttrs {
		if u := resolveRef(base, attrOf(n, a)); u != "" {
			return u
		}
	}
	return resolveRef(base, attrOf(n, "src"))
}

// hasImage reports whether u is among imgs' URLs, looked up in seen once
// that is set.
func hasImage(imgs []listing.Image, seen map[string]bool, u string) bool {
	if seen != nil {
		return seen[u]
	}
	for _, im := range imgs {
		if im.URL == u {
			return true
		}
	}
	return false
}
