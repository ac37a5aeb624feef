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
// context element itself) and an optional attribute.
type alternative struct {
	css  cascadia.Sel
	attr string
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

// nodes returns, for each alternative in order, the matched nodes inside
// ctx (or ctx itself when the alternative has no CSS part).
func (s selector) each(ctx *goquery.Selection, f func(n *html.Node, attr string) bool) {
	for _, alt := range s {
		var ns []*html.Node
		if alt.css == nil {
			ns = ctx.Nodes
		} else {
			for _, root := range ctx.Nodes {
				ns = append(ns, cascadia.QueryAll(root, alt.css)...)
			}
		}
		for _, n := range ns {
			if !f(n, alt.attr) {
				return
			}
		}
	}
}

// first returns the first non-empty value.
func (s selector) first(ctx *goquery.Selection) (string, bool) {
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
func (s selector) all(ctx *goquery.Selection) []string {
	var out []string
	s.each(ctx, func(n *html.Node, attr string) bool {
		if v := nodeValue(n, attr); v != "" {
			out = append(out, v)
		}
		return true
	})
	return out
}

// matches returns the matched elements, deduplicated.
func (s selector) matches(ctx *goquery.Selection) []*html.Node {
	var out []*html.Node
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
	return cleanText(nodeText(n))
}

func attrOf(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// nodeText is the element's text, with block elements and <br> as breaks
// so that "<li>a</li><li>b</li>" does not read "ab".
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "noscript", "template":
				return
			case "br", "p", "div", "li", "tr", "section", "h1", "h2", "h3", "h4", "ul", "ol", "table", "td", "th", "dd", "dt":
				b.WriteByte(' ')
				defer b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
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
