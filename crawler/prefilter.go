package crawler

import (
	"strings"

	"golang.org/x/net/html"
)

// prefilter holds what the last compound of a CSS selector requires of
// the element it matches, where the selector is simple enough to tell:
// a tag name, a class and an id ("" for any). Checking them first spares
// most elements cascadia's matching, which the page's many selectors
// spent most of their time in.
type prefilter struct {
	tag, class, id string
	set            bool // any of them is
}

// prefilterOf reads css's last compound selector ("ul.tb-sku li" → li,
// "h1[data-item-id]" → h1, ".tm-price em" → em, "#J_Freight" → id
// J_Freight). Anything it does not fully understand (escapes, comments,
// namespaces, pseudo-elements, non-ASCII names) gives no prefilter, so
// that the prefilter never rejects an element cascadia would match.
func prefilterOf(css string) prefilter {
	if strings.ContainsAny(css, "\\|") || strings.Contains(css, "/*") || strings.Contains(css, "::") {
		return prefilter{}
	}
	start := 0
	eachTopLevel(css, func(i int) {
		switch css[i] {
		case ' ', '\t', '\r', '\n', '\f', '>', '+', '~':
			start = i + 1
		}
	})
	c := css[start:]
	var pre prefilter
	ident := func(i int) (string, int, bool) {
		j := i
		for j < len(c) && (isDigit(c[j]) || c[j] == '-' || c[j] == '_' || 'a' <= c[j] && c[j] <= 'z' || 'A' <= c[j] && c[j] <= 'Z') {
			j++
		}
		if j == i || (j < len(c) && !strings.ContainsRune(".#[:", rune(c[j]))) {
			return "", j, false
		}
		return c[i:j], j, true
	}
	i := 0
	if i < len(c) && c[i] == '*' {
		i++
	} else if i < len(c) && c[i] != '.' && c[i] != '#' && c[i] != '[' && c[i] != ':' {
		tag, j, ok := ident(i)
		if !ok {
			return prefilter{}
		}
		pre.tag, i = strings.ToLower(tag), j
	}
	for i < len(c) {
		switch c[i] {
		case '.', '#':
			name, j, ok := ident(i + 1)
			if !ok {
				return prefilter{}
			}
			if c[i] == '.' && pre.class == "" {
				pre.class = name
			} else if c[i] == '#' && pre.id == "" {
				pre.id = name
			}
			i = j
		case '[':
			j := closing(c, i+1, '[', ']')
			if j < 0 {
				return prefilter{}
			}
			i = j + 1
		case ':':
			_, j, ok := ident(i + 1)
			if !ok && (j >= len(c) || c[j] != '(') {
				return prefilter{}
			}
			if j < len(c) && c[j] == '(' {
				if j = closing(c, j+1, '(', ')'); j < 0 {
					return prefilter{}
				}
				j++
			}
			i = j
		default:
			return prefilter{}
		}
	}
	pre.set = pre != prefilter{}
	return pre
}

// closing returns the index of the close that ends a group opened just
// before s[i], skipping nested groups and quoted strings; -1 if none.
func closing(s string, i int, open, close byte) int {
	depth := 0
	var quote byte
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == open:
			depth++
		case c == close:
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

// ok reports whether n can match a selector with the prefilter.
func (p *prefilter) ok(n *html.Node) bool {
	if !p.set {
		return true
	}
	if n.Type != html.ElementNode || (p.tag != "" && n.Data != p.tag) {
		return false
	}
	if p.id != "" && !hasAttrValue(n, "id", p.id) {
		return false
	}
	return p.class == "" || hasClass(n, p.class)
}

func hasAttrValue(n *html.Node, key, val string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Val == val {
			return true
		}
	}
	return false
}

// hasClass is cascadia's class test: a class attribute holding class as
// one of its white-space separated words.
func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key != "class" || !strings.Contains(a.Val, class) {
			continue
		}
		for v := a.Val; v != ""; {
			i := strings.IndexAny(v, " \t\r\n\f")
			if i < 0 {
				if v == class {
					return true
				}
				break
			}
			if v[:i] == class {
				return true
			}
			v = v[i+1:]
		}
	}
	return false
}
