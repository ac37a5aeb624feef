package crawler

import (
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/valyala/fastjson"
	"golang.org/x/net/html"
)

// fillMicrodata reads the first schema.org Product in HTML microdata
// (itemscope/itemtype/itemprop) and fills what the draft lacks. The item
// is converted to the JSON-LD shape so one reader serves both. itemref is
// not followed.
func fillMicrodata(d *draft, doc *goquery.Document, base *url.URL) {
	var item *html.Node
	for _, root := range doc.Nodes {
		eachMatch(root, microdataScope, func(n *html.Node) bool {
			for _, t := range strings.Fields(attrOf(n, "itemtype")) {
				for _, pt := range productTypes {
					if strings.EqualFold(typeName(t), pt) {
						item = n
						return false
					}
				}
			}
			return true
		})
		if item != nil {
			break
		}
	}
	if item != nil {
		a := jsonArenas.Get()
		defer jsonArenas.Put(a)
		fillProduct(d, jv{microdataItem(a, item, base, 0)}, refIndex{}, base)
	}
}

// microdataScope matches the items fillMicrodata looks at.
var microdataScope = compileMatcher("[itemscope][itemtype]")

// microdataItem converts the item rooted at n into a JSON-LD-like object
// in a: "@type" lists the item types, a property given once is its value
// and one given again the list of its values.
func microdataItem(a *fastjson.Arena, n *html.Node, base *url.URL, depth int) *fastjson.Value {
	type prop struct {
		name string
		vals []*fastjson.Value
		list bool
	}
	var types []*fastjson.Value
	for _, t := range strings.Fields(attrOf(n, "itemtype")) {
		types = append(types, newString(a, t))
	}
	props := []prop{{name: "@type", vals: types, list: true}}
	if depth <= 8 {
		var walk func(*html.Node)
		walk = func(p *html.Node) {
			for c := p.FirstChild; c != nil; c = c.NextSibling {
				if c.Type != html.ElementNode {
					continue
				}
				_, scoped := attr(c, "itemscope")
				names := strings.Fields(attrOf(c, "itemprop"))
				if len(names) > 0 {
					var v *fastjson.Value
					if scoped {
						v = microdataItem(a, c, base, depth+1)
					} else {
						v = microdataValue(a, c, base)
					}
				next:
					for _, name := range names {
						for i := range props {
							if props[i].name == name {
								props[i].vals = append(props[i].vals, v)
								continue next
							}
						}
						props = append(props, prop{name: name, vals: []*fastjson.Value{v}})
					}
				}
				if !scoped {
					walk(c)
				}
			}
		}
		walk(n)
	}
	obj := a.NewObject()
	for _, p := range props {
		v := p.vals[0] // a value can be under several names
		if p.list || len(p.vals) > 1 {
			v = a.NewArray()
			for i, x := range p.vals {
				v.SetArrayItem(i, x)
			}
		}
		obj.Set(p.name, v)
	}
	return obj
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
func microdataValue(a *fastjson.Arena, n *html.Node, base *url.URL) *fastjson.Value {
	if v, ok := attr(n, "content"); ok {
		return newString(a, strings.TrimSpace(v))
	}
	switch n.Data {
	case "img":
		src := firstNonEmpty(strings.TrimSpace(attrOf(n, "src")), attrOf(n, "data-src"))
		obj := a.NewObject()
		obj.Set("@type", newString(a, "ImageObject"))
		obj.Set("contentUrl", newString(a, src))
		obj.Set("caption", newString(a, attrOf(n, "alt")))
		return obj
	case "audio", "embed", "iframe", "source", "track", "video":
		return newString(a, resolveRef(base, attrOf(n, "src")))
	case "a", "area", "link":
		return newString(a, resolveRef(base, attrOf(n, "href")))
	case "object":
		return newString(a, resolveRef(base, attrOf(n, "data")))
	case "data", "meter":
		return newString(a, strings.TrimSpace(attrOf(n, "value")))
	case "time":
		if v, ok := attr(n, "datetime"); ok {
			return newString(a, strings.TrimSpace(v))
		}
	}
	return newString(a, cleanNodeText(n))
}
