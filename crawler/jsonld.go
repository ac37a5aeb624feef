package crawler

import (
	"bytes"
	"encoding/json"
	"errors"
	"html"
	"io"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/xundian/xundian/listing"
)

// draft is a listing being assembled from several sources; each source
// fills only what the ones before it left empty. The *Known flags tell
// "said false" from "said nothing" for booleans.
type draft struct {
	l            listing.Listing
	found        bool   // a Product was found in structured data
	structID     string // sku / productID from structured data
	codKnown     bool
	exemptKnown  bool
	freightKnown bool
}

// ExtractJSONLD reads the first schema.org Product (also inside @graph,
// arrays, or a ProductGroup with hasVariant) from the page's
// application/ld+json scripts. Relative URLs resolve against base (which
// may be nil). ok is false when the page has no Product.
func ExtractJSONLD(doc *goquery.Document, base *url.URL) (listing.Listing, bool) {
	d := &draft{}
	fillJSONLD(d, doc, base)
	return d.l, d.found
}

func fillJSONLD(d *draft, doc *goquery.Document, base *url.URL) {
	var roots []any
	doc.Find(`script[type="application/ld+json" i]`).Each(func(_ int, s *goquery.Selection) {
		v, err := parseJSONLD(s.Text())
		if err == nil {
			roots = append(roots, v...)
		}
	})
	if len(roots) == 0 {
		return
	}
	idx := indexIDs(roots)
	if p := findProduct(roots); p != nil {
		fillProduct(d, p, idx, base)
	}
}

// parseJSONLD decodes one script's JSON, tolerating what real pages do:
// HTML comments or CDATA around it, raw control characters inside strings,
// trailing commas, and several values one after another.
func parseJSONLD(s string) ([]any, error) {
	s = strings.TrimSpace(s)
	for _, w := range []string{"<!--", "-->", "//<![CDATA[", "//]]>", "<![CDATA[", "]]>"} {
		s = strings.ReplaceAll(s, w, "")
	}
	out, err := decodeAll(s)
	if err == nil {
		return out, nil
	}
	return decodeAll(sanitizeJSON(s))
}

func decodeAll(s string) ([]any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var out []any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if len(out) > 0 {
				return out, nil
			}
			return nil, err
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, errors.New("empty")
	}
	return out, nil
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

type refIndex map[string]map[string]any

// indexIDs maps every node's @id to the node with the most properties,
// so {"@id": "#offer"} references can be followed.
func indexIDs(roots []any) refIndex {
	idx := refIndex{}
	walkJSON(roots, func(m map[string]any) {
		if id, ok := m["@id"].(string); ok && id != "" {
			if old, ok := idx[id]; !ok || len(m) > len(old) {
				idx[id] = m
			}
		}
	})
	return idx
}

// walkJSON visits every object breadth first, so top-level Products come
// before products nested in isRelatedTo and the like.
func walkJSON(roots []any, f func(map[string]any)) {
	queue := append([]any(nil), roots...)
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		switch t := v.(type) {
		case map[string]any:
			f(t)
			for _, c := range t {
				switch c.(type) {
				case map[string]any, []any:
					queue = append(queue, c)
				}
			}
		case []any:
			queue = append(queue, t...)
		}
	}
}

var productTypes = []string{"Product", "ProductGroup", "IndividualProduct", "ProductModel", "SomeProducts"}

func findProduct(roots []any) map[string]any {
	var found map[string]any
	walkJSON(roots, func(m map[string]any) {
		if found == nil && hasType(m, productTypes...) {
			found = m
		}
	})
	return found
}

// typeName strips schema.org prefixes: "https://schema.org/Offer" → "Offer".
func typeName(t string) string {
	t = strings.TrimSpace(t)
	if i := strings.LastIndexAny(t, "/#:"); i >= 0 {
		t = t[i+1:]
	}
	return t
}

func hasType(m map[string]any, names ...string) bool {
	for _, t := range list(m["@type"]) {
		s, _ := t.(string)
		tn := typeName(s)
		for _, n := range names {
			if strings.EqualFold(tn, n) {
				return true
			}
		}
	}
	return false
}

func list(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	}
	return []any{v}
}

// get returns m[key], following an {"@id": …} reference.
func (idx refIndex) get(m map[string]any, key string) any {
	return idx.deref(m[key])
}

func (idx refIndex) deref(v any) any {
	if r, ok := v.(map[string]any); ok && len(r) == 1 {
		if id, ok := r["@id"].(string); ok {
			if full, ok := idx[id]; ok {
				return full
			}
		}
	}
	return v
}

func (idx refIndex) objs(m map[string]any, key string) []map[string]any {
	var out []map[string]any
	for _, v := range list(m[key]) {
		if o, ok := idx.deref(v).(map[string]any); ok {
			out = append(out, o)
		}
	}
	return out
}

// str renders a scalar: strings, numbers, booleans, {"@value": …} and,
// for objects, their name.
func str(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case json.Number:
		return t.String()
	case bool:
		if t {
			return "true"
		}
		return "false"
	case map[string]any:
		if x, ok := t["@value"]; ok {
			return str(x)
		}
		if x, ok := t["name"]; ok {
			return str(x)
		}
	case []any:
		if len(t) > 0 {
			return str(t[0])
		}
	}
	return ""
}

func jsonText(v any) string { return cleanText(html.UnescapeString(str(v))) }

func money(v any) (listing.Money, bool) {
	switch v.(type) {
	case string, json.Number, []any:
		s := str(v)
		if s == "" {
			return 0, false
		}
		return parsePrice(s)
	}
	return 0, false
}

func truthy(v any) bool {
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
	node                map[string]any
}

func fillProduct(d *draft, p map[string]any, idx refIndex, base *url.URL) {
	d.found = true
	l := &d.l
	if l.Title == "" {
		l.Title = jsonText(p["name"])
	}
	if l.Brand == "" {
		l.Brand = jsonText(idx.get(p, "brand"))
	}
	if l.Description == "" {
		l.Description = jsonText(p["description"])
	}
	if d.structID == "" {
		d.structID = firstNonEmpty(str(p["sku"]), str(p["productID"]), str(p["productId"]))
	}
	if !hasRole(l.Images, listing.ImageMain) {
		for _, im := range list(p["image"]) {
			im = idx.deref(im)
			var u, alt string
			switch t := im.(type) {
			case string:
				u = t
			case map[string]any:
				u = firstNonEmpty(str(t["contentUrl"]), str(t["url"]), str(t["@id"]))
				alt = firstNonEmpty(jsonText(t["caption"]), jsonText(t["name"]), jsonText(t["description"]))
			}
			if ref := resolveRef(base, u); ref != "" {
				l.Images = append(l.Images, listing.Image{URL: ref, Alt: alt, Role: listing.ImageMain})
			}
		}
	}
	if len(l.Attributes) == 0 {
		for _, pv := range idx.objs(p, "additionalProperty") {
			name, val := jsonText(pv["name"]), joinValues(pv["value"])
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
		for _, v := range idx.objs(p, "hasVariant") {
			vo, vlow, _ := collectOffers(idx, v)
			for i := range vo {
				vo[i].sku = firstNonEmpty(vo[i].sku, str(v["sku"]), str(v["productID"]))
				vo[i].name = firstNonEmpty(jsonText(v["name"]), vo[i].name)
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
func collectOffers(idx refIndex, p map[string]any) (out []offer, low listing.Money, many bool) {
	top := idx.objs(p, "offers")
	many = len(top) > 1
	var add func(o map[string]any, depth int)
	add = func(o map[string]any, depth int) {
		if depth > 4 {
			return
		}
		if hasType(o, "AggregateOffer") {
			if v, ok := money(o["lowPrice"]); ok {
				low = minPositive(low, v)
			}
			nested := idx.objs(o, "offers")
			if len(nested) > 0 {
				many = true
			}
			cur := str(o["priceCurrency"])
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
				if v, ok := money(o["lowPrice"]); ok {
					of.price, of.hasPrice = v, true
				} else if v, ok := money(o["price"]); ok {
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

func readOffer(idx refIndex, o map[string]any) offer {
	of := offer{sku: str(o["sku"]), name: jsonText(o["name"]), currency: str(o["priceCurrency"]), node: o}
	if v, ok := money(o["price"]); ok {
		of.price, of.hasPrice = v, true
	}
	for _, ps := range idx.objs(o, "priceSpecification") {
		v, ok := money(ps["price"])
		if !ok {
			continue
		}
		pt := typeName(str(ps["priceType"]))
		switch {
		case strings.EqualFold(pt, "StrikethroughPrice") || strings.EqualFold(pt, "ListPrice") || strings.EqualFold(pt, "MSRP"):
			if of.strike == 0 {
				of.strike = v
			}
		case ps["validForMemberTier"] != nil:
			// A member-only price is not what every buyer pays.
		case !of.hasPrice:
			of.price, of.hasPrice = v, true
			if of.currency == "" {
				of.currency = str(ps["priceCurrency"])
			}
		}
	}
	if !of.hasPrice {
		if v, ok := money(o["lowPrice"]); ok {
			of.price, of.hasPrice = v, true
		}
	}
	if inv, ok := idx.deref(o["inventoryLevel"]).(map[string]any); ok {
		if n, ok := parseInt(str(inv["value"])); ok {
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
			if sd := idx.objs(o.node, "shippingDetails"); len(sd) > 0 {
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

func readPayment(d *draft, idx refIndex, o map[string]any) {
	pms := list(o["acceptedPaymentMethod"])
	if len(pms) == 0 || (d.codKnown && len(d.l.PaymentMethods) > 0) {
		return
	}
	var methods []string
	cod := false
	for _, pm := range pms {
		pm = idx.deref(pm)
		s := str(pm)
		if m, ok := pm.(map[string]any); ok {
			s = firstNonEmpty(str(m["@id"]), str(m["name"]), str(m["identifier"]))
		}
		if s == "" {
			continue
		}
		methods = append(methods, s)
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

func readReturnPolicy(d *draft, idx refIndex, m map[string]any) {
	if d.exemptKnown {
		return
	}
	for _, rp := range idx.objs(m, "hasMerchantReturnPolicy") {
		cat := typeName(str(rp["returnPolicyCategory"]))
		if cat == "" {
			continue
		}
		d.l.ReturnExempt = strings.EqualFold(cat, "MerchantReturnNotPermitted")
		d.exemptKnown = true
		return
	}
}

func joinValues(v any) string {
	var parts []string
	for _, x := range list(v) {
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
