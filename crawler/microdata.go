package crawler

import (
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// fillMicrodata reads the first schema.org Product in HTML microdata
// (itemscope/itemtype/itemprop) and fills what the draft lacks. The item
// is converted to the JSON-LD shape so one reader serves both. itemref is
// not followed.
func fillMicrodata(d *draft, doc *goquery.Document, base *url.URL) {
	var product map[string]any
	doc.Find("[itemscope][itemtype]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		for _, t := range strings.Fields(s.AttrOr("itemtype", "")) {
			for _, pt := range productTypes {
				if strings.EqualFold(typeName(t), pt) {
					product = microdataItem(s.Nodes[0], base, 0)
					return false
				}
			}
		}
		return true
	})
	if product != nil {
		fillProduct(d, product, refIndex{}, base)
	}
}

// microdataItem converts the item rooted at n into a JSON-LD-like map.
func microdataItem(n *html.Node, base *url.URL, depth int) map[string]any {
	m := map[string]any{}
	var types []any
	for _, t := range strings.Fields(attrOf(n, "itemtype")) {
		types = append(types, t)
	}
	m["@type"] = types
	if depth > 8 {
		return m
	}
	var walk func(*html.Node)
	walk = func(p *html.Node) {
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			_, scoped := attr(c, "itemscope")
			props := strings.Fields(attrOf(c, "itemprop"))
			if len(props) > 0 {
				var v any
				if scoped {
					v = microdataItem(c, base, depth+1)
				} else {
					v = microdataValue(c, base)
				}
				for _, name := range props {
					switch old := m[name].(type) {
					case nil:
						m[name] = v
					case []any:
						m[name] = append(old, v)
					default:
						m[name] = []any{old, v}
					}
				}
			}
			if !scoped {
				walk(c)
			}
		}
	}
	walk(n)
	return m
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// microdataValue is an itemprop's value per the HTML spec, plus the common
// content="" on any element; images carry their alt as an ImageObject.
func microdataValue(n *html.Node, base *url.URL) any {
	if v, ok := attr(n, "content"); ok {
		return strings.TrimSpace(v)
	}
	switch n.Data {
	case "img":
		src := firstNonEmpty(strings.TrimSpace(attrOf(n, "src")), attrOf(n, "data-src"))
		return map[string]any{"@type": "ImageObject", "contentUrl": src, "caption": attrOf(n, "alt")}
	case "audio", "embed", "iframe", "source", "track", "video":
		return resolveRef(base, attrOf(n, "src"))
	case "a", "area", "link":
		return resolveRef(base, attrOf(n, "href"))
	case "object":
		return resolveRef(base, attrOf(n, "data"))
	case "data", "meter":
		return strings.TrimSpace(attrOf(n, "value"))
	case "time":
		if v, ok := attr(n, "datetime"); ok {
			return strings.TrimSpace(v)
		}
	}
	return cleanText(nodeText(n))
}
