package crawler

import (
	"errors"
	"iter"
	"math"
	"unicode/utf8"
)

// jdoc holds decoded JSON values. It replaces encoding/json's generic
// map[string]any trees, whose decoding was the costliest part of reading a
// listing: a node refers to its text in src (or, once unescaped, in strs)
// and to its children in kids, so a page's values take a few
// pointer-free arrays instead of a map and an interface box each.
type jdoc struct {
	src   string
	strs  []string
	nodes []jnode
	kids  []int32
}

// jnode is one value in a jdoc.
type jnode struct {
	kind jkind
	b    bool  // jBool
	ka   int32 // the member name, for an object's members: see jdoc.text;
	kb   int32 // ka == kb == 0 for none
	va   int32 // jString, jNumber: the text, see jdoc.text;
	vb   int32 // jArray, jObject: the children, kids[va:vb]
}

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

// text is src[a:b], or strs[^a] when a is negative.
func (d *jdoc) text(a, b int32) string {
	if a < 0 {
		return d.strs[^a]
	}
	return d.src[a:b]
}

// addString adds a string to strs and returns its text reference.
func (d *jdoc) addString(s string) (int32, int32) {
	d.strs = append(d.strs, s)
	return ^int32(len(d.strs) - 1), 0
}

func (d *jdoc) add(n jnode) int32 {
	d.nodes = append(d.nodes, n)
	return int32(len(d.nodes) - 1)
}

// addText adds a string node.
func (d *jdoc) addText(s string) int32 {
	a, b := d.addString(s)
	return d.add(jnode{kind: jString, va: a, vb: b})
}

// addContainer adds an array or object node with the given children.
func (d *jdoc) addContainer(kind jkind, kids []int32) int32 {
	a := int32(len(d.kids))
	d.kids = append(d.kids, kids...)
	return d.add(jnode{kind: kind, va: a, vb: int32(len(d.kids))})
}

// jv is a value in a jdoc; the zero jv is an absent value, and JSON null
// reads alike (as nil did in the generic tree).
type jv struct {
	d *jdoc
	i int32
}

func (v jv) kind() jkind {
	if v.d == nil {
		return jNull
	}
	return v.d.nodes[v.i].kind
}

func (v jv) isObject() bool { return v.kind() == jObject }

// present reports whether v is a value, null included.
func (v jv) present() bool { return v.d != nil }

// boolean is a jBool's value.
func (v jv) boolean() bool { return v.d.nodes[v.i].b }

// text is a jString's or jNumber's text.
func (v jv) text() string {
	n := &v.d.nodes[v.i]
	return v.d.text(n.va, n.vb)
}

// len is the number of an array's elements or an object's members.
func (v jv) len() int {
	if k := v.kind(); k != jArray && k != jObject {
		return 0
	}
	n := &v.d.nodes[v.i]
	return int(n.vb - n.va)
}

// at is an array's element or an object's member j.
func (v jv) at(j int) jv {
	return jv{v.d, v.d.kids[int(v.d.nodes[v.i].va)+j]}
}

// member returns the object member key, null or not; the zero jv when v
// is not an object or has no such member.
func (v jv) member(key string) jv {
	if !v.isObject() {
		return jv{}
	}
	d := v.d
	n := &d.nodes[v.i]
	for _, c := range d.kids[n.va:n.vb] {
		if m := &d.nodes[c]; d.text(m.ka, m.kb) == key {
			return jv{d, c}
		}
	}
	return jv{}
}

// get returns the object member key, or the zero jv when it is missing
// or null.
func (v jv) get(key string) jv {
	if m := v.member(key); m.kind() != jNull {
		return m
	}
	return jv{}
}

// items yields an array's elements (null ones included), or v itself
// when it is another non-null value: a property given once or as a list.
func (v jv) items() iter.Seq[jv] {
	return func(yield func(jv) bool) {
		switch v.kind() {
		case jNull:
		case jArray:
			for j := range v.len() {
				if !yield(v.at(j)) {
					return
				}
			}
		default:
			yield(v)
		}
	}
}

// count is the number of values items yields.
func (v jv) count() int {
	switch v.kind() {
	case jNull:
		return 0
	case jArray:
		return v.len()
	}
	return 1
}

// decodeAll decodes the JSON values in s, one after another, with
// json.Decoder's rules: nothing is needed between top-level values, a
// repeated object key keeps its last value, invalid UTF-8 and unpaired
// surrogate escapes in strings become U+FFFD, and a syntax error ends the
// stream: the values before it are returned, or the error when there are
// none.
//
// Strings, numbers and keys alias s where they need no unescaping: copy a
// string that outlives the extraction (see ownStr), or it keeps the whole
// script alive.
func decodeAll(s string) ([]jv, error) {
	if len(s) > math.MaxInt32 {
		return nil, errors.New("JSON too large")
	}
	d := &jdoc{src: s, nodes: make([]jnode, 0, len(s)/16+8)}
	d.kids = make([]int32, 0, cap(d.nodes))
	p := jsonParser{d: d, s: s}
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			break
		}
		n := len(p.stack)
		if err := p.value(0); err != nil {
			if n > 0 {
				p.stack = p.stack[:n]
				break
			}
			return nil, err
		}
	}
	if len(p.stack) == 0 {
		return nil, errors.New("empty")
	}
	out := make([]jv, len(p.stack))
	for i, n := range p.stack {
		out[i] = jv{d, n}
	}
	return out, nil
}

// maxJSONDepth is encoding/json's nesting limit.
const maxJSONDepth = 10000

var (
	errJSONSyntax = errors.New("invalid JSON")
	errJSONDepth  = errors.New("invalid JSON: exceeded max depth")
)

type jsonParser struct {
	d *jdoc
	s string
	i int
	// stack holds the nodes parsed so far inside every open array and
	// object, and the top-level ones; a closing array or object moves its
	// own to kids.
	stack []int32
}

func (p *jsonParser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

// push adds n and puts it on the stack.
func (p *jsonParser) push(n jnode) {
	p.stack = append(p.stack, p.d.add(n))
}

// value parses the value starting at p.i (no space before it) onto the
// stack; depth counts the arrays and objects around it.
func (p *jsonParser) value(depth int) error {
	if p.i >= len(p.s) {
		return errJSONSyntax
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		a, b, err := p.str()
		if err != nil {
			return err
		}
		p.push(jnode{kind: jString, va: a, vb: b})
		return nil
	case c == '-' || (c >= '0' && c <= '9'):
		a, b, err := p.number()
		if err != nil {
			return err
		}
		p.push(jnode{kind: jNumber, va: a, vb: b})
		return nil
	case c == 't':
		return p.literal("true", jnode{kind: jBool, b: true})
	case c == 'f':
		return p.literal("false", jnode{kind: jBool})
	case c == 'n':
		return p.literal("null", jnode{kind: jNull})
	}
	return errJSONSyntax
}

func (p *jsonParser) literal(word string, n jnode) error {
	if len(p.s)-p.i < len(word) || p.s[p.i:p.i+len(word)] != word {
		return errJSONSyntax
	}
	p.i += len(word)
	p.push(n)
	return nil
}

// close makes the stack's nodes from base on the children of the
// container node c, and puts c on the stack instead.
func (p *jsonParser) close(c int32, base int) {
	d := p.d
	n := &d.nodes[c]
	n.va = int32(len(d.kids))
	d.kids = append(d.kids, p.stack[base:]...)
	n.vb = int32(len(d.kids))
	p.stack = append(p.stack[:base], c)
}

func (p *jsonParser) object(depth int) error {
	if depth > maxJSONDepth {
		return errJSONDepth
	}
	p.i++ // {
	c := p.d.add(jnode{kind: jObject})
	base := len(p.stack)
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		p.close(c, base)
		return nil
	}
	for {
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return errJSONSyntax
		}
		ka, kb, err := p.str()
		if err != nil {
			return err
		}
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return errJSONSyntax
		}
		p.i++
		p.skipSpace()
		if err := p.value(depth); err != nil {
			return err
		}
		m := &p.d.nodes[p.stack[len(p.stack)-1]]
		m.ka, m.kb = ka, kb
		p.skipSpace()
		if p.i >= len(p.s) {
			return errJSONSyntax
		}
		switch p.s[p.i] {
		case ',':
			p.i++
			p.skipSpace()
		case '}':
			p.i++
			p.dedupe(base)
			p.close(c, base)
			return nil
		default:
			return errJSONSyntax
		}
	}
}

// dedupe drops the members on the stack from base on whose key comes
// again later: the last value wins, as in a map.
func (p *jsonParser) dedupe(base int) {
	d, ms := p.d, p.stack[base:]
	key := func(i int) string { n := &d.nodes[ms[i]]; return d.text(n.ka, n.kb) }
	dup := false
	if len(ms) <= 16 {
		for i := range ms {
			for j := i + 1; j < len(ms) && !dup; j++ {
				dup = key(i) == key(j)
			}
		}
	} else {
		seen := make(map[string]bool, len(ms))
		for i := range ms {
			dup = dup || seen[key(i)]
			seen[key(i)] = true
		}
	}
	if !dup {
		return
	}
	last := make(map[string]int, len(ms))
	for i := range ms {
		last[key(i)] = i
	}
	kept := 0
	for i := range ms {
		if last[key(i)] == i {
			ms[kept] = ms[i]
			kept++
		}
	}
	p.stack = p.stack[:base+kept]
}

func (p *jsonParser) array(depth int) error {
	if depth > maxJSONDepth {
		return errJSONDepth
	}
	p.i++ // [
	c := p.d.add(jnode{kind: jArray})
	base := len(p.stack)
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		p.close(c, base)
		return nil
	}
	for {
		if err := p.value(depth); err != nil {
			return err
		}
		p.skipSpace()
		if p.i >= len(p.s) {
			return errJSONSyntax
		}
		switch p.s[p.i] {
		case ',':
			p.i++
			p.skipSpace()
		case ']':
			p.i++
			p.close(c, base)
			return nil
		default:
			return errJSONSyntax
		}
	}
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; like
// encoding/json's scanner it stops at the first byte that cannot
// continue it ("01" is 0, then 1).
func (p *jsonParser) number() (int32, int32, error) {
	s, start := p.s, p.i
	i := start
	if s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i = skipDigits(s, i)
	default:
		return 0, 0, errJSONSyntax
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigit(s[i]) {
			return 0, 0, errJSONSyntax
		}
		i = skipDigits(s, i)
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return 0, 0, errJSONSyntax
		}
		i = skipDigits(s, i)
	}
	p.i = i
	return int32(start), int32(i), nil
}

func skipDigits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// str reads the string literal at p.i and returns its text reference: a
// span of p.s when it has no escapes and is valid UTF-8.
func (p *jsonParser) str() (int32, int32, error) {
	s := p.s
	start := p.i + 1
	ascii := true
	for i := start; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			if ascii || utf8.ValidString(s[start:i]) {
				p.i = i + 1
				return int32(start), int32(i), nil
			}
			return p.unquote(start)
		case c == '\\':
			return p.unquote(start)
		case c < 0x20:
			return 0, 0, errJSONSyntax
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return 0, 0, errJSONSyntax
}

// unquote reads the string literal whose content starts at start,
// resolving escapes and, as encoding/json does, turning each invalid
// UTF-8 byte and each unpaired surrogate escape into U+FFFD.
func (p *jsonParser) unquote(start int) (int32, int32, error) {
	s := p.s
	b := make([]byte, 0, len(s)-start)
	for i := start; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			p.i = i + 1
			a, z := p.d.addString(string(b))
			return a, z, nil
		case c < 0x20:
			return 0, 0, errJSONSyntax
		case c == '\\':
			if i+1 >= len(s) {
				return 0, 0, errJSONSyntax
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := hex4(s, i+2)
				if r < 0 {
					return 0, 0, errJSONSyntax
				}
				i += 6
				if r >= 0xD800 && r < 0xE000 {
					// A surrogate: only a high one followed by an escaped
					// low one makes a rune; the next escape is read on its
					// own otherwise.
					if r < 0xDC00 && i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
						if r2 := hex4(s, i+2); r2 >= 0xDC00 && r2 < 0xE000 {
							r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
							i += 6
							b = utf8.AppendRune(b, r)
							continue
						}
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
				continue
			default:
				return 0, 0, errJSONSyntax
			}
			i += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			b = utf8.AppendRune(b, r)
			i += size
		}
	}
	return 0, 0, errJSONSyntax
}

// hex4 reads four hex digits at s[i:], or returns -1.
func hex4(s string, i int) rune {
	if i+4 > len(s) {
		return -1
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
