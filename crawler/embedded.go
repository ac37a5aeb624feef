package crawler

import (
	"regexp"
	"strings"
	"sync"

	"github.com/PuerkitoBio/goquery"
	"github.com/tidwall/gjson"

	"github.com/xundian/xundian/listing"
)

// EmbeddedJSON reads listing fields from JSON a page embeds in a <script>
// (window.__INITIAL_STATE__ = {…}, __NEXT_DATA__, Taobao's
// __ICE_APP_CONTEXT__ …) through gjson paths. It fills only what JSON-LD
// and microdata left empty, before the CSS selectors run.
type EmbeddedJSON struct {
	// Script is a regexp matched against each <script>'s text; the JSON
	// value starts at its first capture group (or at the match).
	Script string
	// Root is a gjson path to the object the Fields paths are relative
	// to; empty means the whole value.
	Root string
	// MoneyInFen says amounts are integer fen (priceMoney: "38200"), not
	// yuan text.
	MoneyInFen bool
	Fields     EmbeddedFields
}

// EmbeddedFields are gjson paths relative to EmbeddedJSON.Root. A path
// yielding an array of strings is joined with spaces for text fields.
//
// SKUs selects an array or object of SKU entries; SKUID, SKUName,
// SKUPropPath, SKUPrice, SKUPromoPrice and SKUStock are relative to one
// entry, except that a path starting with "$." is relative to Root, with
// "{id}" replaced by the SKU's ID (for shapes like Taobao's
// skuCore.sku2info.{id}.price). For an object of SKUs an empty SKUID
// takes the key. SKUPropPath reads a Taobao "pid:vid;pid:vid" path whose
// value names are looked up in SKUProps (an array of {pid, values:[{vid,
// name}]}); "-1:-1" placeholders are dropped.
//
// Attributes selects rows; AttributeName and AttributeValue are relative
// to a row. FreightText (e.g. "快递:  免运费") has no field of its own in
// listing.Listing and is appended to ServiceText as its own line.
type EmbeddedFields struct {
	ID, Title, Brand, Price, PromoPrice, OriginalPrice, Currency string
	Images                                                       string
	SKUs, SKUID, SKUName, SKUPropPath, SKUProps                  string
	SKUPrice, SKUPromoPrice, SKUStock                            string
	Attributes, AttributeName, AttributeValue                    string
	Description, ServiceText, FreightText, HandlingTime, Stock   string
	Payment, COD                                                 string
}

type compiledEmbedded struct {
	re *regexp.Regexp
	EmbeddedJSON
}

type embeddedErr struct {
	key string
	err error
}

func (e *embeddedErr) Error() string { return e.key + ": " + e.err.Error() }

var embeddedCache sync.Map // EmbeddedJSON -> compiledEmbedded

func compileEmbedded(e EmbeddedJSON) (compiledEmbedded, *embeddedErr) {
	if v, ok := embeddedCache.Load(e); ok {
		return v.(compiledEmbedded), nil
	}
	if e.Script == "" {
		return compiledEmbedded{}, &embeddedErr{"script", errStr("required: a regexp locating the JSON")}
	}
	re, err := regexp.Compile(e.Script)
	if err != nil {
		return compiledEmbedded{}, &embeddedErr{"script", err}
	}
	c := compiledEmbedded{re: re, EmbeddedJSON: e}
	embeddedCache.Store(e, c)
	return c, nil
}

type errStr string

func (e errStr) Error() string { return string(e) }

// embeddedRoot finds the JSON value the mapping reads, or false.
func (c compiledEmbedded) root(doc *goquery.Document) (gjson.Result, bool) {
	var out gjson.Result
	found := false
	doc.Find("script").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		txt := s.Text()
		loc := c.re.FindStringSubmatchIndex(txt)
		if loc == nil {
			return true
		}
		start := loc[0]
		if len(loc) >= 4 && loc[2] >= 0 {
			start = loc[2]
		}
		v := gjson.Parse(txt[start:])
		if !v.IsObject() && !v.IsArray() {
			return true
		}
		if c.Root != "" {
			v = v.Get(c.Root)
		}
		if v.Exists() {
			out, found = v, true
			return false
		}
		return true
	})
	return out, found
}

func fillEmbedded(d *draft, doc *goquery.Document, c compiledEmbedded) {
	root, ok := c.root(doc)
	if !ok {
		return
	}
	f := c.Fields
	l := &d.l
	get := func(path string) gjson.Result {
		if path == "" {
			return gjson.Result{}
		}
		return root.Get(strings.TrimPrefix(path, "$."))
	}
	str := func(path string) string { return gjsonText(get(path)) }
	money := func(r gjson.Result) (listing.Money, bool) { return c.money(r) }

	if d.structID == "" {
		d.structID = str(f.ID)
	}
	if l.Title == "" {
		l.Title = str(f.Title)
	}
	if l.Brand == "" {
		l.Brand = str(f.Brand)
	}
	if l.Price == 0 {
		l.Price, _ = money(get(f.Price))
	}
	if l.PromoPrice == 0 {
		l.PromoPrice, _ = money(get(f.PromoPrice))
	}
	if l.OriginalPrice == 0 {
		l.OriginalPrice, _ = money(get(f.OriginalPrice))
	}
	if l.Currency == "" {
		l.Currency = str(f.Currency)
	}
	if l.Description == "" {
		desc, imgs := descriptionText(str(f.Description))
		l.Description, d.descImgs = desc, append(d.descImgs, imgs...)
	}
	if !hasRole(l.Images, listing.ImageMain) && f.Images != "" {
		for _, r := range arrayOrOne(get(f.Images)) {
			if u := resolveRef(nil, strings.TrimSpace(r.String())); u != "" {
				if strings.HasPrefix(u, "//") {
					u = "https:" + u
				}
				l.Images = append(l.Images, listing.Image{URL: u, Role: listing.ImageMain})
			}
		}
	}
	if len(l.SKUs) == 0 && f.SKUs != "" {
		l.SKUs = c.skus(root, get(f.SKUs))
	}
	if len(l.Attributes) == 0 && f.Attributes != "" {
		for _, row := range arrayOrOne(get(f.Attributes)) {
			name, val := gjsonText(row.Get(f.AttributeName)), gjsonText(row.Get(f.AttributeValue))
			if name != "" {
				l.Attributes = append(l.Attributes, listing.Attribute{Name: name, Value: val})
			}
		}
	}
	svc, freight := str(f.ServiceText), "" // freight text verbatim: "快递:  免运费"
	if f.FreightText != "" {
		freight = strings.TrimSpace(get(f.FreightText).String())
	}
	if l.ServiceText == "" {
		l.ServiceText = svc
	}
	if freight != "" && !strings.Contains(l.ServiceText, freight) {
		l.ServiceText = strings.TrimSpace(l.ServiceText + "\n" + freight)
	}
	if !l.HasHandling {
		if h, ok := parseHandlingHours(str(f.HandlingTime)); ok {
			l.HandlingHours, l.HasHandling = h, true
		}
	}
	if !l.HasStock {
		if r := get(f.Stock); r.Exists() {
			if n, ok := parseInt(r.String()); ok {
				l.Stock, l.HasStock = n, true
			}
		}
	}
	if len(l.PaymentMethods) == 0 {
		if p := str(f.Payment); p != "" {
			l.PaymentMethods = splitPayment(p)
		}
	}
	if !d.codKnown {
		if v := str(f.COD); v != "" {
			if b, ok := parseBool(v); ok {
				l.OffersCOD, d.codKnown = b, true
			} else {
				l.OffersCOD, d.codKnown = mentionsCOD(v), true
			}
		}
	}
}

func (c compiledEmbedded) money(r gjson.Result) (listing.Money, bool) {
	if !r.Exists() {
		return 0, false
	}
	if c.MoneyInFen {
		n, ok := parseInt(r.String())
		return listing.Money(n), ok
	}
	return parsePrice(r.String())
}

func (c compiledEmbedded) skus(root, list gjson.Result) []listing.SKU {
	f := c.Fields
	var props gjson.Result
	if f.SKUProps != "" {
		props = root.Get(strings.TrimPrefix(f.SKUProps, "$."))
	}
	var out []listing.SKU
	list.ForEach(func(key, e gjson.Result) bool {
		var s listing.SKU
		if f.SKUID != "" {
			s.ID = gjsonText(e.Get(f.SKUID))
		}
		if s.ID == "" && key.Exists() {
			s.ID = key.String()
		}
		at := func(path string) gjson.Result {
			if path == "" {
				return gjson.Result{}
			}
			if p, ok := strings.CutPrefix(path, "$."); ok {
				return root.Get(strings.ReplaceAll(p, "{id}", gjsonEscape(s.ID)))
			}
			return e.Get(path)
		}
		s.Name = gjsonText(at(f.SKUName))
		if s.Name == "" && f.SKUPropPath != "" {
			s.Name = propPathName(at(f.SKUPropPath).String(), props)
		}
		s.Price, _ = c.money(at(f.SKUPrice))
		s.PromoPrice, _ = c.money(at(f.SKUPromoPrice))
		if r := at(f.SKUStock); r.Exists() {
			if n, ok := parseInt(r.String()); ok {
				s.Stock, s.HasStock = n, true
			}
		}
		if s.ID != "" || s.Name != "" || s.Price > 0 {
			out = append(out, s)
		}
		return true
	})
	return out
}

// propPathName resolves "1627207:4341408;-1:-1" against Taobao-style
// props into "象牙色".
func propPathName(path string, props gjson.Result) string {
	var names []string
	for _, seg := range strings.Split(path, ";") {
		pid, vid, ok := strings.Cut(strings.TrimSpace(seg), ":")
		if !ok || pid == "-1" || vid == "-1" || pid == "" {
			continue
		}
		props.ForEach(func(_, p gjson.Result) bool {
			if p.Get("pid").String() != pid {
				return true
			}
			p.Get("values").ForEach(func(_, v gjson.Result) bool {
				if v.Get("vid").String() == vid {
					names = append(names, strings.TrimSpace(v.Get("name").String()))
					return false
				}
				return true
			})
			return false
		})
	}
	return strings.Join(names, " ")
}

func arrayOrOne(r gjson.Result) []gjson.Result {
	if r.IsArray() {
		return r.Array()
	}
	if r.Exists() {
		return []gjson.Result{r}
	}
	return nil
}

// gjsonText renders a scalar or an array of scalars as cleaned text.
func gjsonText(r gjson.Result) string {
	if r.IsArray() {
		var parts []string
		for _, x := range r.Array() {
			if s := cleanText(x.String()); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " ")
	}
	if r.IsObject() {
		return ""
	}
	return cleanText(r.String())
}

func gjsonEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '.', '*', '?', '|', '#', '@', '\\', '!', '=', '<', '>', '%':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
