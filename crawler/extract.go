package crawler

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/xundian/xundian/listing"
)

// ExtractListing reads one listing page: it decodes body (see DecodeBody),
// then fills the listing from JSON-LD, microdata, cfg.Embedded and finally
// cfg.Selectors, each filling only what the ones before left empty. The ID
// is Selectors.ID, else ItemURLPattern's id group on pageURL, else the
// structured data's sku/productID. It returns the freight-template URLs to
// fetch when structured data gave no freight template. URL is pageURL
// canonicalized; FetchedAt is left for the caller. The error reports a
// page that yields no listing (no title, price or SKU) or no ID, so a
// broken extractor shows up as failures, not as clean listings.
func ExtractListing(body []byte, contentType string, pageURL *url.URL, cfg Config) (listing.Listing, []string, error) {
	text, err := DecodeBody(body, contentType, cfg.Encoding)
	if err != nil {
		return listing.Listing{}, nil, err
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return listing.Listing{}, nil, err
	}
	sels, err := cachedSelectors(cfg.Selectors)
	if err != nil {
		return listing.Listing{}, nil, err
	}
	d := &draft{}
	fillJSONLD(d, doc, pageURL)
	fillMicrodata(d, doc, pageURL)
	for i, e := range cfg.Embedded {
		ce, cerr := compileEmbedded(e)
		if cerr != nil {
			return listing.Listing{}, nil, keyErr("embedded["+strconv.Itoa(i)+"]."+cerr.key, cerr.err)
		}
		fillEmbedded(d, doc, ce)
	}
	root := doc.Selection
	fillSelectors(d, root, pageURL, sels)

	l := &d.l
	if v, ok := sels.id.first(root); ok {
		l.ID = v
	}
	if l.ID == "" && cfg.ItemURLPattern != "" && pageURL != nil {
		if re, err := cachedRegexp(cfg.ItemURLPattern); err == nil {
			l.ID = patternID(re, canonicalURL(pageURL, stripOrDefault(cfg.StripParams)).String())
		}
	}
	if l.ID == "" {
		l.ID = d.structID
	}
	if pageURL != nil {
		l.URL = canonicalURL(pageURL, stripOrDefault(cfg.StripParams)).String()
	}
	sum := sha256.Sum256(body)
	l.ContentHash = hex.EncodeToString(sum[:])

	if l.Freight == nil {
		l.Freight = freightFromTable(root, sels)
	}
	if l.Freight == nil && cfg.FreightCSV != "" {
		if id, ok := sels.freightID.first(root); ok {
			templates, err := loadFreightCSV(cfg.FreightCSV)
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
// selectors (layout B has nothing else).
func fillSelectors(d *draft, root *goquery.Selection, base *url.URL, s *compiledSelectors) {
	l := &d.l
	if l.Title == "" {
		l.Title, _ = s.title.first(root)
	}
	setMoney := func(dst *listing.Money, sel selector) {
		if *dst != 0 {
			return
		}
		if v, ok := sel.first(root); ok {
			if m, ok := parsePrice(v); ok {
				*dst = m
			}
		}
	}
	setMoney(&l.Price, s.price)
	setMoney(&l.PromoPrice, s.promo)
	setMoney(&l.OriginalPrice, s.orig)
	if len(l.SKUs) == 0 && len(s.sku) > 0 {
		for _, n := range s.sku.matches(root) {
			row := selectionOf(n)
			var sku listing.SKU
			sku.ID, _ = s.skuID.first(row)
			if len(s.skuName) > 0 {
				sku.Name, _ = s.skuName.first(row)
			} else {
				sku.Name = cleanText(nodeText(n))
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
			row := selectionOf(n)
			var a listing.Attribute
			if len(s.attrName) > 0 {
				a.Name, _ = s.attrName.first(row)
				a.Value, _ = s.attrValue.first(row)
			} else {
				t := foldColon(cleanText(nodeText(n)))
				name, val, _ := strings.Cut(t, ":")
				a.Name, a.Value = strings.TrimSpace(name), strings.TrimSpace(val)
			}
			if a.Name != "" {
				l.Attributes = append(l.Attributes, a)
			}
		}
	}
	if l.Description == "" {
		l.Description = strings.Join(s.description.all(root), "\n")
	}
	if l.ServiceText == "" {
		l.ServiceText = strings.Join(s.service.all(root), "\n")
	}
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

func foldColon(s string) string { return strings.ReplaceAll(s, "：", ":") }

func selectionOf(n *html.Node) *goquery.Selection {
	return (&goquery.Selection{}).AddNodes(n)
}

// images reads <img> elements (src, else data-src, data-original; alt) or,
// with @attr, URL attributes.
func images(sel selector, root *goquery.Selection, base *url.URL, role listing.ImageRole) []listing.Image {
	var out []listing.Image
	seen := map[string]bool{}
	sel.each(root, func(n *html.Node, attr string) bool {
		var src string
		if attr != "" {
			src = attrOf(n, attr)
		} else {
			src = firstNonEmpty(strings.TrimSpace(attrOf(n, "src")), attrOf(n, "data-src"), attrOf(n, "data-original"), attrOf(n, "data-lazy-src"))
		}
		u := resolveRef(base, src)
		if u == "" || seen[u] {
			return true
		}
		seen[u] = true
		out = append(out, listing.Image{URL: u, Alt: strings.TrimSpace(attrOf(n, "alt")), Role: role})
		return true
	})
	return out
}
