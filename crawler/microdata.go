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
	var product jv
	for _, root := range doc.Nodes {
		eachMatch(root, microdataScope, func(n *html.Node) bool {
			for _, t := range strings.Fields(attrOf(n, "itemtype")) {
				for _, pt := range productTypes {
					if strings.EqualFold(typeName(t), pt) {
						jd := &jdoc{}
						product = jv{jd, microdataItem(jd, n, base, 0)}
						return false
					}
				}
			}
			return true
		})
		if product.present() {
			break
		}
	}
	if product.present() {
		fillProduct(d, product, refIndex{}, base)
	}
}

// microdataScope matches the items fillMicrodata looks at.
var microdataScope = compileMatcher("[itemscope][itemtype]")

// microdataItem converts the item rooted at n into a JSON-LD-like object
// in jd: "@type" lists the item types, a property given once is its
// value and one given again the list of its values.
func microdataItem(jd *jdoc, n *html.Node, base *url.URL, depth int) int32 {
	type prop struct {
		name string
		vals []int32
		list bool
	}
	var types []int32
	for _, t := range strings.Fields(attrOf(n, "itemtype")) {
		types = append(types, jd.addText(t))
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
					var v int32
					if scoped {
						v = microdataItem(jd, c, base, depth+1)
					} else {
						v = microdataValue(jd, c, base)
					}
				next:
					for _, name := range names {
						for i := range props {
							if props[i].name == name {
								props[i].vals = append(props[i].vals, v)
								continue next
							}
						}
						props = append(props, prop{name: name, vals: []int32{v}})
					}
				}
				if !scoped {
					walk(c)
				}
			}
		}
		walk(n)
	}
	members := make([]int32, len(props))
	for i, p := range props {
		var m jnode
		if p.list || len(p.vals) > 1 {
			m = jd.nodes[jd.addContainer(jArray, p.vals)]
		} else {
			m = jd.nodes[p.vals[0]] // a copy: a value can be under several names
		}
		m.ka, m.kb = jd.addString(p.name)
		members[i] = jd.add(m)
	}
	return jd.addContainer(jObject, members)
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
func microdataValue(jd *jdoc, n *html.Node, base *url.URL) int32 {
	if v, ok := attr(n, "content"); ok {
		return jd.addText(strings.TrimSpace(v))
	}
	switch n.Data {
	case "img":
		src := firstNonEmpty(strings.TrimSpace(attrOf(n, "src")), attrOf(n, "data-src"))
		var members []int32
		for _, kv := range [...][2]string{{"@type", "ImageObject"}, {"contentUrl", src}, {"caption", attrOf(n, "alt")}} {
			m := jd.nodes[jd.addText(kv[1])]
			m.ka, m.kb = jd.addString(kv[0])
			members = append(members, jd.add(m))
		}
		return jd.addContainer(jObject, members)
	case "audio", "embed", "iframe", "source", "track", "video":
		return jd.addText(resolveRef(base, attrOf(n, "src")))
	case "a", "area", "link":
		return jd.addText(resolveRef(base, attrOf(n, "href")))
	case "object":
		return jd.addText(resolveRef(base, attrOf(n, "data")))
	case "data", "meter":
		return jd.addText(strings.TrimSpace(attrOf(n, "value")))
	case "time":
		if v, ok := attr(n, "datetime"); ok {
			return jd.addText(strings.TrimSpace(v))
		}
	}
	return jd.addText(cleanNodeText(n))
}
