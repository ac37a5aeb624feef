package crawler

import (
	"html"
	"strings"

	gohtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Descriptions often carry HTML where the crawler expects text: a CMS
// plugin writes the product's description HTML into JSON-LD (raw,
// \u003c-escaped, or entity-escaped as &lt;p&gt;), and classic Taobao
// templates keep the description in a <textarea> for lazy rendering.
// Left as text, the tags split claims: 全国包<b>邮</b> does not read 包邮.
// Such text is parsed as an HTML fragment and its text taken as
// cleanNodeText takes an element's, but only when it looks like markup,
// so that a literal "<" (尺码<170cm) is kept.

// markupTags are the element names looksLikeMarkup accepts: what
// description HTML is made of.
var markupTags = map[string]bool{
	"a": true, "abbr": true, "article": true, "aside": true, "b": true, "big": true, "blockquote": true,
	"br": true, "caption": true, "center": true, "code": true, "col": true, "colgroup": true, "dd": true,
	"del": true, "div": true, "dl": true, "dt": true, "em": true, "figcaption": true, "figure": true,
	"font": true, "footer": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hr": true, "i": true, "img": true, "ins": true, "label": true, "li": true,
	"main": true, "mark": true, "nav": true, "ol": true, "p": true, "picture": true, "pre": true,
	"s": true, "section": true, "small": true, "source": true, "span": true, "strike": true,
	"strong": true, "style": true, "sub": true, "sup": true, "table": true, "tbody": true, "td": true,
	"tfoot": true, "th": true, "thead": true, "tr": true, "u": true, "ul": true, "video": true,
}

// looksLikeMarkup reports whether s holds an HTML comment or a start or
// end tag of a markupTags element ("<p>", "<span class=x>", "</b>",
// "<br/>") closed by a later ">". One-letter names count in lower case
// only: "尺码<S>" is a size, "<s>" a strike-through. Text with a bare
// "<" (尺码<170cm, a<b) does not look like markup.
func looksLikeMarkup(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		rest := s[i+1:]
		if strings.HasPrefix(rest, "!--") {
			if strings.Contains(rest, "-->") {
				return true
			}
			continue
		}
		rest = strings.TrimPrefix(rest, "/")
		j := 0
		for j < len(rest) && isAlnum(rest[j]) {
			j++
		}
		name := rest[:j]
		if name == "" || isDigit(name[0]) || j == len(rest) {
			continue
		}
		if c := rest[j]; c != '>' && c != '/' && !asciiSpace(c) {
			continue
		}
		if len(name) == 1 && (name[0] < 'a' || name[0] > 'z') {
			continue
		}
		if markupTags[strings.ToLower(name)] && strings.IndexByte(rest[j:], '>') >= 0 {
			return true
		}
	}
	return false
}

// markupText is the text of s parsed as an HTML fragment (in a <div>),
// as cleanNodeText reads it, and the fragment's <img> elements.
func markupText(s string) (string, []*gohtml.Node) {
	var w textCleaner
	w.b.Grow(len(s))
	w.writeMarkup(s)
	return w.b.String(), w.imgs
}

// writeMarkup writes the text of s parsed as an HTML fragment and appends
// the fragment's <img> elements to w.imgs: such markup is a description
// a script inserts into the page, and its images (the detail's banners)
// are the description's as much as its text is.
func (w *textCleaner) writeMarkup(s string) {
	ctx := &gohtml.Node{Type: gohtml.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := gohtml.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		w.write(s) // a strings.Reader does not fail; kept for safety
		return
	}
	for _, n := range nodes {
		w.writeNode(n, false)
		w.imgs = appendImgElements(w.imgs, n)
	}
}

// appendImgElements appends n, when it is an <img> element, and the <img>
// elements below it to imgs, in document order.
func appendImgElements(imgs []*gohtml.Node, n *gohtml.Node) []*gohtml.Node {
	isImg := func(n *gohtml.Node) bool { return n.Type == gohtml.ElementNode && n.DataAtom == atom.Img }
	if isImg(n) {
		imgs = append(imgs, n)
	}
	eachDescendant(n, func(c *gohtml.Node) bool {
		if isImg(c) {
			imgs = append(imgs, c)
		}
		return true
	})
	return imgs
}

// descriptionText is the text of a description given as a string (a
// JSON value) that may hold HTML: markup, raw or entity-escaped
// (&lt;p&gt;), is parsed and its text and <img> elements taken
// (markupText); anything else is unescaped and cleaned (cleanText), so a
// literal "<" stays.
func descriptionText(s string) (string, []*gohtml.Node) {
	if looksLikeMarkup(s) {
		return markupText(s) // the parser decodes entities once
	}
	u := html.UnescapeString(s)
	if looksLikeMarkup(u) {
		return markupText(u)
	}
	return cleanText(u), nil
}

// descriptionValue is nodeValue for description selectors: a textarea's
// markup is read as HTML (see textCleaner.writeNode), and so is an
// attribute value that looks like markup. It also returns the <img>
// elements of such markup; n's own <img> elements are not among them
// (they are the page's, for Selectors.DescriptionImages to select).
func descriptionValue(n *gohtml.Node, attr string) (string, []*gohtml.Node) {
	if attr != "" {
		v := strings.TrimSpace(attrOf(n, attr))
		if looksLikeMarkup(v) {
			return markupText(v)
		}
		return v, nil
	}
	var w textCleaner
	w.b.Grow(textLen(n))
	w.writeNode(n, true)
	return w.b.String(), w.imgs
}
