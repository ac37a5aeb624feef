package crawler

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// selector is a compiled Selectors field: alternatives evaluated in order.
type selector []alternative

// alternative is one comma-separated part: a CSS selector (nil = the
// context element itself) with its prefilter, and an optional attribute.
type alternative struct {
	css  cascadia.Sel
	attr string
	pre  prefilter
}

// selectorCache keeps compiled selectors across ExtractListing calls; the
// keys are config strings, so it stays small.
var selectorCache sync.Map // string -> selector

// parseSelector compiles "css", "css@attr", "@attr" and comma groups of
// them. An empty string compiles to an empty selector.
func parseSelector(s string) (selector, error) {
	if v, ok := selectorCache.Load(s); ok {
		return v.(selector), nil
	}
	var out selector
	for _, part := range splitTopLevel(s) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		var alt alternative
		if i := attrIndex(part); i >= 0 {
			alt.attr = strings.TrimSpace(part[i+1:])
			if alt.attr == "" {
				return nil, fmt.Errorf("%q: empty attribute after @", part)
			}
			part = strings.TrimSpace(part[:i])
		}
		if part != "" {
			sel, err := cascadia.Parse(part)
			if err != nil {
				return nil, fmt.Errorf("%q: %w", part, err)
			}
			alt.css = sel
			alt.pre = prefilterOf(part)
		}
		out = append(out, alt)
	}
	if len(out) == 0 && strings.TrimSpace(s) != "" {
		return nil, errors.New("no selector")
	}
	selectorCache.Store(s, out)
	return out, nil
}

// eachTopLevel calls f with the index of every byte of s that stands
// outside brackets, parentheses and quotes (the bytes a selector's own
// syntax, not an attribute value, is made of).
func eachTopLevel(s string, f func(i int)) {
	depth := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '(':
			depth++
		case c == ']' || c == ')':
			depth--
		case depth == 0:
			f(i)
		}
	}
}

// splitTopLevel splits at commas outside brackets, parentheses and quotes.
func splitTopLevel(s string) []string {
	var parts []string
	start := 0
	eachTopLevel(s, func(i int) {
		if s[i] == ',' {
			parts = append(parts, s[start:i])
			start = i + 1
		}
	})
	return append(parts, s[start:])
}

// attrIndex finds the '@' that starts the attribute part: the last one
// outside brackets and quotes.
func attrIndex(s string) int {
	at := -1
	eachTopLevel(s, func(i int) {
		if s[i] == '@' {
			at = i
		}
	})
	return at
}

// scope is where a selector looks: below each of roots. For a whole page
// (one root) nodes lists the root's descendants in document order, which
// every query of the page then scans instead of walking the tree.
type scope struct {
	roots []*html.Node
	nodes []*html.Node
	elems []*html.Node // the element nodes among nodes
}

// pageScope is the scope of a whole page.
func pageScope(doc *goquery.Document) scope {
	sc := scope{roots: doc.Nodes}
	if len(doc.Nodes) == 1 {
		root := doc.Nodes[0]
		n, e := 0, 0
		eachDescendant(root, func(c *html.Node) bool {
			n++
			if c.Type == html.ElementNode {
				e++
			}
			return true
		})
		all := make([]*html.Node, 0, n+e)
		eachDescendant(root, func(c *html.Node) bool { all = append(all, c); return true })
		for _, c := range all[:n] {
			if c.Type == html.ElementNode {
				all = append(all, c)
			}
		}
		sc.nodes, sc.elems = all[:n:n], all[n:]
	}
	return sc
}

// nodeScope is the scope below n.
func nodeScope(n *html.Node) scope { return scope{roots: []*html.Node{n}} }

// eachDescendant calls f with root's descendants in document order until
// f returns false; it reports whether f never did.
func eachDescendant(root *html.Node, f func(*html.Node) bool) bool {
	n := root.FirstChild
	for n != nil {
		if !f(n) {
			return false
		}
		if n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
		}
		if n == root {
			break
		}
		n = n.NextSibling
	}
	return true
}

// each calls f, for each alternative in order, with the matched nodes
// inside sc (or sc's roots when the alternative has no CSS part), until
// f returns false.
func (s selector) each(sc scope, f func(n *html.Node, attr string) bool) {
	for i := range s {
		alt := &s[i]
		switch {
		case alt.css == nil:
			for _, root := range sc.roots {
				if !f(root, alt.attr) {
					return
				}
			}
		case sc.nodes != nil && alt.pre.set:
			// The prefilter only passes elements.
			pre := &alt.pre
			for _, n := range sc.elems {
				if pre.tag != "" && n.Data != pre.tag {
					continue
				}
				if (pre.id != "" || pre.class != "") && !pre.ok(n) {
					continue
				}
				if alt.css.Match(n) && !f(n, alt.attr) {
					return
				}
			}
		case sc.nodes != nil:
			for _, n := range sc.nodes {
				if alt.css.Match(n) && !f(n, alt.attr) {
					return
				}
			}
		default:
			for _, root := range sc.roots {
				if !eachMatch(root, *alt, func(n *html.Node) bool { return f(n, alt.attr) }) {
					return
				}
			}
		}
	}
}

// matcher is a CSS selector with its prefilter.
type matcher = alternative

// compileMatcher compiles a fixed CSS selector.
func compileMatcher(css string) matcher {
	sel, err := cascadia.Parse(css)
	if err != nil {
		panic(err)
	}
	return matcher{css: sel, pre: prefilterOf(css)}
}

// eachMatch calls f with root's descendants that m matches, in document
// order (cascadia.QueryAll's), until f returns false; it reports whether
// f never did. It walks the tree without collecting the matches first.
func eachMatch(root *html.Node, m matcher, f func(*html.Node) bool) bool {
	return eachDescendant(root, func(n *html.Node) bool {
		return !m.pre.ok(n) || !m.css.Match(n) || f(n)
	})
}

// first returns the first non-empty value.
func (s selector) first(ctx scope) (string, bool) {
	var out string
	found := false
	s.each(ctx, func(n *html.Node, attr string) bool {
		v := nodeValue(n, attr)
		if v != "" {
			out, found = v, true
			return false
		}
		return true
	})
	return out, found
}

// all returns every non-empty value, in alternative then document order.
func (s selector) all(ctx scope) []string { return s.allOf(ctx, nodeValue) }

// allOf is all with the values value reads.
func (s selector) allOf(ctx scope, value func(n *html.Node, attr string) string) []string {
	var out []string
	s.each(ctx, func(n *html.Node, attr string) bool {
		if v := value(n, attr); v != "" {
			out = append(out, v)
		}
		return true
	})
	return out
}

// matches returns the matched elements, deduplicated.
func (s selector) matches(ctx scope) []*html.Node {
	var out []*html.Node
	if len(s) == 1 && len(ctx.roots) == 1 {
		// One query in one tree finds every element once.
		s.each(ctx, func(n *html.Node, _ string) bool {
			out = append(out, n)
			return true
		})
		return out
	}
	seen := map[*html.Node]bool{}
	s.each(ctx, func(n *html.Node, _ string) bool {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
		return true
	})
	return out
}

func nodeValue(n *html.Node, attr string) string {
	if attr != "" {
		return strings.TrimSpace(attrOf(n, attr))
	}
	return cleanNodeText(n)
}

func attrOf(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// cleanNodeText is cleanText of the element's text, with block elements
// and <br> as breaks so that "<li>a</li><li>b</li>" does not read "ab".
func cleanNodeText(n *html.Node) string {
	var w textCleaner
	w.b.Grow(textLen(n))
	w.writeNode(n, false)
	return w.b.String()
}

// writeNode writes n's text as cleanNodeText reads it. With markupAreas,
// a <textarea> whose content looks like markup (see looksLikeMarkup) is
// read as the HTML it holds: lazy-rendering scripts (KISSY's
// ks-datalazyload on classic Taobao templates) keep a description there,
// and the parser leaves it as text (RCDATA), tags and all.
func (w *textCleaner) writeNode(n *html.Node, markupAreas bool) {
	switch n.Type {
	case html.TextNode:
		w.write(n.Data)
		return
	case html.ElementNode:
		switch n.Data {
		case "script", "style", "noscript", "template":
			return
		case "textarea":
			if !markupAreas {
				break
			}
			if s := nodeRawText(n); looksLikeMarkup(s) {
				w.writeSpace()
				w.writeMarkup(s)
				w.writeSpace()
				return
			}
		case "br", "p", "div", "li", "tr", "section", "h1", "h2", "h3", "h4", "ul", "ol", "table", "td", "th", "dd", "dt":
			w.writeSpace()
			defer w.writeSpace()
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.writeNode(c, markupAreas)
	}
}

// textLen bounds the length of n's cleaned text.
func textLen(n *html.Node) int {
	if n.Type == html.TextNode {
		return len(n.Data)
	}
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		total += textLen(c)
	}
	return total
}

// compiledSelectors is Selectors after parsing.
type compiledSelectors struct {
	id, title, price, promo, orig                        selector
	sku, skuID, skuName, skuPrice, skuStock              selector
	mainImages, descImages                               selector
	attrRow, attrName, attrValue                         selector
	description, service, payment, cod, handling, exempt selector
	stock, freightURL                                    selector
	freightRow, freightRegions, freightFirst, freightAdd selector
	freightID                                            selector
}

func (s Selectors) fields() []struct {
	key string
	src string
	dst func(*compiledSelectors) *selector
} {
	type f = struct {
		key string
		src string
		dst func(*compiledSelectors) *selector
	}
	return []f{
		{"id", s.ID, func(c *compiledSelectors) *selector { return &c.id }},
		{"title", s.Title, func(c *compiledSelectors) *selector { return &c.title }},
		{"price", s.Price, func(c *compiledSelectors) *selector { return &c.price }},
		{"promo_price", s.PromoPrice, func(c *compiledSelectors) *selector { return &c.promo }},
		{"original_price", s.OriginalPrice, func(c *compiledSelectors) *selector { return &c.orig }},
		{"sku", s.SKU, func(c *compiledSelectors) *selector { return &c.sku }},
		{"sku_id", s.SKUID, func(c *compiledSelectors) *selector { return &c.skuID }},
		{"sku_name", s.SKUName, func(c *compiledSelectors) *selector { return &c.skuName }},
		{"sku_price", s.SKUPrice, func(c *compiledSelectors) *selector { return &c.skuPrice }},
		{"sku_stock", s.SKUStock, func(c *compiledSelectors) *selector { return &c.skuStock }},
		{"main_images", s.MainImages, func(c *compiledSelectors) *selector { return &c.mainImages }},
		{"description_images", s.DescriptionImages, func(c *compiledSelectors) *selector { return &c.descImages }},
		{"attribute_row", s.AttributeRow, func(c *compiledSelectors) *selector { return &c.attrRow }},
		{"attribute_name", s.AttributeName, func(c *compiledSelectors) *selector { return &c.attrName }},
		{"attribute_value", s.AttributeValue, func(c *compiledSelectors) *selector { return &c.attrValue }},
		{"description", s.Description, func(c *compiledSelectors) *selector { return &c.description }},
		{"service_text", s.ServiceText, func(c *compiledSelectors) *selector { return &c.service }},
		{"payment", s.Payment, func(c *compiledSelectors) *selector { return &c.payment }},
		{"cod", s.COD, func(c *compiledSelectors) *selector { return &c.cod }},
		{"handling_time", s.HandlingTime, func(c *compiledSelectors) *selector { return &c.handling }},
		{"return_exempt", s.ReturnExempt, func(c *compiledSelectors) *selector { return &c.exempt }},
		{"stock", s.Stock, func(c *compiledSelectors) *selector { return &c.stock }},
		{"freight_url", s.FreightURL, func(c *compiledSelectors) *selector { return &c.freightURL }},
		{"freight_row", s.FreightRow, func(c *compiledSelectors) *selector { return &c.freightRow }},
		{"freight_regions", s.FreightRegions, func(c *compiledSelectors) *selector { return &c.freightRegions }},
		{"freight_first", s.FreightFirst, func(c *compiledSelectors) *selector { return &c.freightFirst }},
		{"freight_additional", s.FreightAdditional, func(c *compiledSelectors) *selector { return &c.freightAdd }},
		{"freight_id", s.FreightID, func(c *compiledSelectors) *selector { return &c.freightID }},
	}
}

func (s Selectors) compile() (*compiledSelectors, error) {
	c := &compiledSelectors{}
	for _, f := range s.fields() {
		sel, err := parseSelector(f.src)
		if err != nil {
			return nil, keyErr("selectors."+f.key, err)
		}
		*f.dst(c) = sel
	}
	return c, nil
}

func (s Selectors) validate() error {
	_, err := s.compile()
	return err
}

// nodeRawText is goquery's Selection.Text for one node: the text of every
// text node under it. A <script> holds one text node, returned without a
// copy.
func nodeRawText(n *html.Node) string {
	if c := n.FirstChild; c != nil && c == n.LastChild && c.Type == html.TextNode && c.FirstChild == nil {
		return c.Data
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
