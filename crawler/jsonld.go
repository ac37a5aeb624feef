package crawler

import (
	"bytes"
	"html"
	"iter"
	"net/url"
	"slices"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/valyala/fastjson"
	gohtml "golang.org/x/net/html"

	"github.com/xundian/xundian/listing"
)

// draft is a listing being assembled from several sources; each source
// fills only what the ones before it left empty (the visible title,
// description and service text excepted, see fillSelectors). The *Known
// flags tell "said false" from "said nothing" for booleans.
type draft struct {
	l            listing.Listing
	found        bool   // a Product was found in structured data
	structID     string // sku / productID from structured data
	codKnown     bool
	exemptKnown  bool
	freightKnown bool
	// descImgs are the <img> elements of description markup (see
	// descriptionText and descriptionValue), in the order read; they
	// become description images once every source is read
	// (addMarkupImages).
	descImgs []*gohtml.Node
}

// ExtractJSONLD reads the first schema.org Product (also inside @graph,
// arrays, or a ProductGroup with hasVariant) from the page's
// application/ld+json scripts. Relative URLs resolve against base (which
// may be nil). The <img> elements of a description given as HTML follow
// the Product's images as description images. ok is false when the page
// has no Product.
func ExtractJSONLD(doc *goquery.Document, base *url.URL) (listing.Listing, bool) {
	d := &draft{}
	fillJSONLD(d, doc, base)
	addMarkupImages(d, base)
	return d.l, d.found
}

// ldJSONScript matches the scripts fillJSONLD reads.
var ldJSONScript = compileMatcher(`script[type="application/ld+json" i]`)

func fillJSONLD(d *draft, doc *goquery.Document, base *url.URL) {
	var roots []jv
	// Every script's values stay in their own parser until the product
	// is read: references can cross scripts.
	var held [4]*fastjson.Parser
	parsers := held[:0]
	defer func() {
		for _, p := range parsers {
			jsonParsers.Put(p)
		}
	}()
	for _, root := range doc.Nodes {
		eachMatch(root, ldJSONScript, func(n *gohtml.Node) bool {
			p := jsonParsers.Get()
			if v := parseJSONLD(p, nodeRawText(n)); len(v) > 0 {
				roots = append(roots, v...)
				parsers = append(parsers, p)
			} else {
				jsonParsers.Put(p)
			}
			return true
		})
	}
	if len(roots) == 0 {
		return
	}
	idx, p := indexJSON(roots)
	if p.present() {
		fillProduct(d, p, idx, base)
	}
}

// parseJSONLD decodes one script's JSON into p, tolerating what real
// pages do: HTML comments or CDATA around it, raw control characters
// inside strings, trailing commas, and several values one after another.
// It returns the script's top-level objects and arrays (see decodeJSON),
// nil when it has none.
func parseJSONLD(p *fastjson.Parser, s string) []jv {
	s = strings.TrimSpace(s)
	if strings.IndexByte(s, '<') >= 0 || strings.IndexByte(s, '>') >= 0 { // every wrapper has one
		for _, w := range []string{"<!--", "-->", "//<![CDATA[", "//]]>", "<![CDATA[", "]]>"} {
			s = strings.ReplaceAll(s, w, "")
		}
	}
	if out := decodeJSON(p, s); out != nil {
		return out
	}
	return decodeJSON(p, sanitizeJSON(s))
}

// sanitizeJSON escapes control characters inside strings and drops
// trailing commas before } and ].
func sanitizeJSON(s string) string {
	var b bytes.Buffer
	b.Grow(len(s))
	in, esc := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if in {
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				in = false
			case c < 0x20:
				b.WriteString(" ")
				continue
			}
			b.WriteByte(c)
			continue
		}
		switch c {
		case '"':
			in = true
		case ',':
			j := i + 1
			for j < len(s) && (s[j] == ' ' || s[j] == '\n' || s[j] == '\r' || s[j] == '\t') {
				j++
			}
			if j < len(s) && (s[j] == '}' || s[j] == ']') {
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

type refIndex map[string]jv

// indexJSON maps every node's @id to the node with the most properties,
// so {"@id": "#offer"} references can be followed, and finds the first
// schema.org Product breadth first (the zero jv when there is none).
func indexJSON(roots []jv) (refIndex, jv) {
	idx := refIndex{}
	var product jv
	walkJSON(roots, func(m jv) {
		if id := m.get("@id"); id.kind() == jString && id.text() != "" {
			if old, ok := idx[id.text()]; !ok || m.len() > old.len() {
				idx[id.text()] = m
			}
		}
		if !product.present() && hasType(m, productTypes...) {
			product = m
		}
	})
	return idx, product
}

// walkJSON visits every object breadth first, so top-level Products come
// before products nested in isRelatedTo and the like.
func walkJSON(roots []jv, f func(jv)) {
	queue := append(make([]jv, 0, 64), roots...)
	for i := 0; i < len(queue); i++ {
		v := queue[i]
		switch v.kind() {
		case jObject:
			f(v)
			for c := range v.members() {
				if k := c.kind(); k == jObject || k == jArray {
					queue = append(queue, c)
				}
			}
		case jArray:
			for j := range v.len() {
				queue = append(queue, v.at(j))
			}
		}
	}
}

var productTypes = []string{"Product", "ProductGroup", "IndividualProduct", "ProductModel", "SomeProducts"}

// typeName strips schema.org prefixes: "https://schema.org/Offer" → "Offer".
func typeName(t string) string {
	t = strings.TrimSpace(t)
	if i := strings.LastIndexAny(t, "/#:"); i >= 0 {
		t = t[i+1:]
	}
	return t
}

func hasType(m jv, names ...string) bool {
	for t := range m.get("@type").items() {
		s := ""
		if t.kind() == jString {
			s = t.text()
		}
		tn := typeName(s)
		for _, n := range names {
			if strings.EqualFold(tn, n) {
				return true
			}
		}
	}
	return false
}

// get returns m's key, following an {"@id": …} reference.
func (idx refIndex) get(m jv, key string) jv {
	return idx.deref(m.get(key))
}

func (idx refIndex) deref(v jv) jv {
	if v.isObject() && v.len() == 1 {
		if id := v.get("@id"); id.kind() == jString {
			if full, ok := idx[id.text()]; ok {
				return full
			}
		}
	}
	return v
}

// objs yields the objects m's key holds, references followed.
func (idx refIndex) objs(m jv, key string) iter.Seq[jv] {
	return func(yield func(jv) bool) {
		for v := range m.get(key).items() {
			if o := idx.deref(v); o.isObject() && !yield(o) {
				return
			}
		}
	}
}

// objList is objs as a slice.
func (idx refIndex) objList(m jv, key string) []jv {
	return slices.Collect(idx.objs(m, key))
}

// str renders a scalar: strings, numbers, booleans, {"@value": …} and,
// for objects, their name.
func str(v jv) string {
	switch v.kind() {
	case jString:
		return strings.TrimSpace(v.text())
	case jNumber:
		return v.text()
	case jBool:
		if v.boolean() {
			return "true"
		}
		return "false"
	case jObject:
		if x := v.member("@value"); x.present() {
			return str(x)
		}
		if x := v.member("name"); x.present() {
			return str(x)
		}
	case jArray:
		if v.len() > 0 {
			return str(v.at(0))
		}
	}
	return ""
}

// ownStr is str copied, for strings kept in the listing: decoded JSON
// strings live in a pooled parser's memory (see jsonParsers).
func ownStr(v jv) string { return strings.Clone(str(v)) }

func jsonText(v jv) string { return cleanText(html.UnescapeString(str(v))) }

func money(v jv) (listing.Money, bool) {
	switch v.kind() {
	case jString, jNumber, jArray:
		s := str(v)
		if s == "" {
			return 0, false
		}
		return parsePrice(s)
	}
	return 0, false
}

func truthy(v jv) bool {
	b, ok := parseBool(str(v))
	return ok && b
}

// offer is one Offer read from structured data.
type offer struct {
	sku, name, currency string
	price, strike       listing.Money
	hasPrice            bool
	stock               int
	hasStock            bool
	aggregate           bool // an AggregateOffer's range, not a SKU
	node                jv
}

func fillProduct(d *draft, p jv, idx refIndex, base *url.URL) {
	d.found = true
	l := &d.l
	if l.Title == "" {
		l.Title = jsonText(p.get("name"))
	}
	if l.Brand == "" {
		l.Brand = jsonText(idx.get(p, "brand"))
	}
	if l.Description == "" {
		desc, imgs := descriptionText(str(p.get("description")))
		l.Description, d.descImgs = desc, append(d.descImgs, imgs...)
	}
	if d.structID == "" {
		d.structID = strings.Clone(firstNonEmpty(str(p.get("sku")), str(p.get("productID")), str(p.get("productId"))))
	}
	if !hasRole(l.Images, listing.ImageMain) {
		for im := range p.get("image").items() {
			im = idx.deref(im)
			var u, alt string
			switch im.kind() {
			case jString:
				u = im.text()
			case jObject:
				u = firstNonEmpty(str(im.get("contentUrl")), str(im.get("url")), str(im.get("@id")))
				if alt = jsonText(im.get("caption")); alt == "" {
					if alt = jsonText(im.get("name")); alt == "" {
						alt = jsonText(im.get("description"))
					}
				}
			}
			if ref := resolveRef(base, u); ref != "" {
				l.Images = append(l.Images, listing.Image{URL: ref, Alt: alt, Role: listing.ImageMain})
			}
		}
	}
	if len(l.Attributes) == 0 {
		for pv := range idx.objs(p, "additionalProperty") {
			name, val := jsonText(pv.get("name")), joinValues(pv.get("value"))
			if name != "" {
				l.Attributes = append(l.Attributes, listing.Attribute{Name: name, Value: val})
			}
		}
	}
	readReturnPolicy(d, idx, p)

	var offers []offer
	var low listing.Money
	skuList := false
	if hasType(p, "ProductGroup") {
		for v := range idx.objs(p, "hasVariant") {
			vo, vlow, _ := collectOffers(idx, v)
			for i := range vo {
				if vo[i].sku == "" {
					vo[i].sku = strings.Clone(firstNonEmpty(str(v.get("sku")), str(v.get("productID"))))
				}
				vo[i].name = firstNonEmpty(jsonText(v.get("name")), vo[i].name)
			}
			offers = append(offers, vo...)
			low = minPositive(low, vlow)
			readReturnPolicy(d, idx, v)
		}
		skuList = len(offers) > 0
	}
	po, plow, many := collectOffers(idx, p)
	offers = append(offers, po...)
	low = minPositive(low, plow)
	skuList = skuList || many
	fillOffers(d, idx, offers, low, skuList)
}

// collectOffers flattens p's offers (Offer, AggregateOffer with nested
// offers). many reports a list of offers, i.e. per-SKU offers.
func collectOffers(idx refIndex, p jv) (out []offer, low listing.Money, many bool) {
	top := idx.objList(p, "offers")
	many = len(top) > 1
	var add func(o jv, depth int)
	add = func(o jv, depth int) {
		if depth > 4 {
			return
		}
		if hasType(o, "AggregateOffer") {
			if v, ok := money(o.get("lowPrice")); ok {
				low = minPositive(low, v)
			}
			nested := idx.objList(o, "offers")
			if len(nested) > 0 {
				many = true
			}
			cur := ownStr(o.get("priceCurrency"))
			for _, n := range nested {
				before := len(out)
				add(n, depth+1)
				for i := before; i < len(out); i++ {
					out[i].currency = firstNonEmpty(out[i].currency, cur)
				}
			}
			if len(nested) == 0 {
				// The aggregate stands for the product's one price range.
				of := offer{currency: cur, node: o, aggregate: true}
				if v, ok := money(o.get("lowPrice")); ok {
					of.price, of.hasPrice = v, true
				} else if v, ok := money(o.get("price")); ok {
					of.price, of.hasPrice = v, true
				}
				out = append(out, of)
			}
			return
		}
		out = append(out, readOffer(idx, o))
	}
	for _, o := range top {
		add(o, 0)
	}
	return out, low, many
}

func readOffer(idx refIndex, o jv) offer {
	of := offer{sku: ownStr(o.get("sku")), name: jsonText(o.get("name")), currency: ownStr(o.get("priceCurrency")), node: o}
	if v, ok := money(o.get("price")); ok {
		of.price, of.hasPrice = v, true
	}
	for ps := range idx.objs(o, "priceSpecification") {
		v, ok := money(ps.get("price"))
		if !ok {
			continue
		}
		pt := typeName(str(ps.get("priceType")))
		switch {
		case strings.EqualFold(pt, "StrikethroughPrice") || strings.EqualFold(pt, "ListPrice") || strings.EqualFold(pt, "MSRP"):
			if of.strike == 0 {
				of.strike = v
			}
		case ps.get("validForMemberTier").present():
			// A member-only price is not what every buyer pays.
		case !of.hasPrice:
			of.price, of.hasPrice = v, true
			if of.currency == "" {
				of.currency = ownStr(ps.get("priceCurrency"))
			}
		}
	}
	if !of.hasPrice {
		if v, ok := money(o.get("lowPrice")); ok {
			of.price, of.hasPrice = v, true
		}
	}
	if inv := idx.get(o, "inventoryLevel"); inv.isObject() {
		if n, ok := parseInt(str(inv.get("value"))); ok {
			of.stock, of.hasStock = n, true
		}
	}
	return of
}

func fillOffers(d *draft, idx refIndex, offers []offer, low listing.Money, skuList bool) {
	l := &d.l
	price := low
	for _, o := range offers {
		if o.hasPrice {
			price = minPositive(price, o.price)
		}
		if l.Currency == "" && o.currency != "" {
			l.Currency = o.currency
		}
	}
	if l.Price == 0 {
		l.Price = price
	}
	if l.OriginalPrice == 0 {
		for _, o := range offers {
			if o.strike > 0 {
				l.OriginalPrice = o.strike
				break
			}
		}
	}
	if len(l.SKUs) == 0 && skuList {
		for _, o := range offers {
			if o.aggregate {
				continue
			}
			l.SKUs = append(l.SKUs, listing.SKU{ID: o.sku, Name: o.name, Price: o.price, Stock: o.stock, HasStock: o.hasStock})
		}
	}
	if !l.HasStock {
		total, has := 0, false
		for _, o := range offers {
			if o.hasStock {
				total += o.stock
				has = true
			}
		}
		l.Stock, l.HasStock = total, has
	}
	for _, o := range offers {
		readPayment(d, idx, o.node)
		readReturnPolicy(d, idx, o.node)
	}
	if !d.freightKnown {
		for _, o := range offers {
			if sd := idx.objList(o.node, "shippingDetails"); len(sd) > 0 {
				tpl, hours, ok := freightFromShipping(idx, sd)
				if tpl != nil {
					l.Freight = tpl
					d.freightKnown = true
				}
				if ok && !l.HasHandling {
					l.HandlingHours, l.HasHandling = hours, true
				}
				break
			}
		}
	}
}

func readPayment(d *draft, idx refIndex, o jv) {
	pms := o.get("acceptedPaymentMethod")
	if pms.count() == 0 || (d.codKnown && len(d.l.PaymentMethods) > 0) {
		return
	}
	var methods []string
	cod := false
	for pm := range pms.items() {
		pm = idx.deref(pm)
		s := str(pm)
		if pm.isObject() {
			s = firstNonEmpty(str(pm.get("@id")), str(pm.get("name")), str(pm.get("identifier")))
		}
		if s == "" {
			continue
		}
		methods = append(methods, strings.Clone(s))
		u := strings.ToUpper(typeName(s))
		if u == "COD" || u == "CASHONDELIVERY" || strings.Contains(s, "货到付款") {
			cod = true
		}
	}
	if len(d.l.PaymentMethods) == 0 {
		d.l.PaymentMethods = methods
	}
	if !d.codKnown {
		d.l.OffersCOD, d.codKnown = cod, true
	}
}

func readReturnPolicy(d *draft, idx refIndex, m jv) {
	if d.exemptKnown {
		return
	}
	for rp := range idx.objs(m, "hasMerchantReturnPolicy") {
		cat := typeName(str(rp.get("returnPolicyCategory")))
		if cat == "" {
			continue
		}
		d.l.ReturnExempt = strings.EqualFold(cat, "MerchantReturnNotPermitted")
		d.exemptKnown = true
		return
	}
}

func joinValues(v jv) string {
	if v.kind() != jArray {
		return jsonText(v) // the one value items yields, if any
	}
	var parts []string
	for x := range v.items() {
		if s := jsonText(x); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func minPositive(a, b listing.Money) listing.Money {
	switch {
	case a <= 0:
		return b
	case b <= 0:
		return a
	}
	return min(a, b)
}

func hasRole(imgs []listing.Image, r listing.ImageRole) bool {
	for _, im := range imgs {
		if im.Role == r {
			return true
		}
	}
	return false
}

// resolveRef resolves an image or link reference against base; relative
// references stay relative when base is nil. data: and javascript: URLs
// are dropped.
func resolveRef(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	if s, ok := resolvePlainPath(base, ref); ok {
		return s
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https":
	default:
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	return u.String()
}

// resolvePlainPath is resolveRef's common case done without net/url's
// allocations: an absolute path of plain characters without "." or ".."
// segments ("/img/10002-1.png") against a plain http(s) base. ok is false
// for anything else.
func resolvePlainPath(base *url.URL, ref string) (string, bool) {
	if base == nil || (base.Scheme != "http" && base.Scheme != "https") || base.User != nil || base.Opaque != "" ||
		base.Host == "" || len(ref) < 2 || ref[0] != '/' || ref[1] == '/' {
		return "", false
	}
	for i := 0; i < len(base.Host); i++ {
		if c := base.Host[i]; !isAlnum(c) && c != '.' && c != '-' && c != ':' {
			return "", false
		}
	}
	for i := 0; i < len(ref); i++ {
		if c := ref[i]; !isAlnum(c) && c != '/' && c != '-' && c != '_' && c != '.' && c != '~' {
			return "", false
		}
	}
	for seg := range strings.SplitSeq(ref, "/") {
		if seg == "." || seg == ".." {
			return "", false
		}
	}
	return base.Scheme + "://" + base.Host + ref, true
}

func isAlnum(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// skipDigits returns the index of the first non-digit in s from i on.
func skipDigits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}
