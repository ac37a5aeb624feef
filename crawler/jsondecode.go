package crawler

import (
	"bytes"
	"iter"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/valyala/fastjson"
)

// JSON-LD and microdata are read through fastjson's arena-backed value
// trees (encoding/json's map[string]any trees were the costliest part of
// reading a listing). A tree lives in a pooled Parser or Arena and is
// overwritten once that goes back to its pool: copy every string that
// outlives the extraction (see ownStr and cleanText).
var (
	jsonParsers fastjson.ParserPool
	jsonArenas  fastjson.ArenaPool
)

// jv is a value in a fastjson tree; the zero jv is an absent value, and
// JSON null reads alike.
type jv struct{ v *fastjson.Value }

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

func (v jv) kind() jkind {
	if v.v == nil {
		return jNull
	}
	switch v.v.Type() {
	case fastjson.TypeObject:
		return jObject
	case fastjson.TypeArray:
		return jArray
	case fastjson.TypeString:
		return jString
	case fastjson.TypeNumber:
		return jNumber
	case fastjson.TypeTrue, fastjson.TypeFalse:
		return jBool
	}
	return jNull
}

func (v jv) isObject() bool { return v.v.GetObject() != nil }

// present reports whether v is a value, null included.
func (v jv) present() bool { return v.v != nil }

// boolean is a jBool's value.
func (v jv) boolean() bool { return v.v.GetBool() }

// text is a jString's or jNumber's text. A string aliases the tree's
// memory, as fastjson's own []byte results do: it is valid until the
// parser or arena is reused.
func (v jv) text() string {
	if v.v == nil {
		return ""
	}
	switch v.v.Type() {
	case fastjson.TypeString:
		b := v.v.GetStringBytes()
		return unsafe.String(unsafe.SliceData(b), len(b))
	case fastjson.TypeNumber:
		b := v.v.MarshalTo(nil) // a number's text as written, in new memory
		return unsafe.String(unsafe.SliceData(b), len(b))
	}
	return ""
}

// len is the number of an array's elements or an object's members.
func (v jv) len() int {
	if o := v.v.GetObject(); o != nil {
		return o.Len()
	}
	return len(v.v.GetArray())
}

// at is an array's element j.
func (v jv) at(j int) jv { return jv{v.v.GetArray()[j]} }

// member returns the object member key, null or not; the zero jv when v
// is not an object or has no such member.
func (v jv) member(key string) jv {
	if o := v.v.GetObject(); o != nil {
		return jv{o.Get(key)}
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

// members yields an object's member values.
func (v jv) members() iter.Seq[jv] {
	return func(yield func(jv) bool) {
		more := true // Visit cannot stop: skip the rest instead
		v.v.GetObject().Visit(func(_ []byte, c *fastjson.Value) {
			more = more && yield(jv{c})
		})
	}
}

// items yields an array's elements (null ones included), or v itself
// when it is another non-null value: a property given once or as a list.
func (v jv) items() iter.Seq[jv] {
	return func(yield func(jv) bool) {
		switch v.kind() {
		case jNull:
		case jArray:
			for _, c := range v.v.GetArray() {
				if !yield(jv{c}) {
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

// decodeJSON decodes the JSON values in s, one after another, into p
// (whose earlier values it overwrites) and returns the objects and arrays
// among them: JSON-LD has no use for a top-level scalar. Nothing is
// needed between top-level values, a syntax error ends the stream (the
// values before it are returned) and a repeated object key keeps its last
// value, as in JSON.parse and encoding/json.
func decodeJSON(p *fastjson.Parser, s string) []jv {
	var out []jv
	if v, err := p.Parse(s); err == nil {
		if isContainer(v) {
			out = []jv{{v}}
		}
	} else {
		out = decodeStream(p, s)
	}
	for _, x := range out {
		lastKeysWin(x.v)
	}
	return out
}

func isContainer(v *fastjson.Value) bool {
	t := v.Type()
	return t == fastjson.TypeObject || t == fastjson.TypeArray
}

// decodeStream is decodeJSON for text that is not one JSON value: a
// fastjson.Scanner reads the values up to the first error, and p parses
// the objects and arrays among them again, several as the elements of one
// array, since a scanned value only lives until the next one is scanned.
func decodeStream(p *fastjson.Parser, s string) []jv {
	var sc fastjson.Scanner
	sc.Init(s)
	var buf []byte
	n := 0
	for sc.Next() {
		if v := sc.Value(); isContainer(v) {
			buf = append(buf, ',')
			buf = v.MarshalTo(buf) // its source text: nothing was read from it
			n++
		}
	}
	if n == 0 {
		return nil
	}
	if n == 1 {
		v, err := p.ParseBytes(buf[1:])
		if err != nil {
			return nil
		}
		return []jv{{v}}
	}
	buf[0] = '['
	v, err := p.ParseBytes(append(buf, ']'))
	if err != nil {
		return nil // past fastjson's nesting limit, with the array's level
	}
	out := make([]jv, 0, n)
	for _, x := range v.GetArray() {
		out = append(out, jv{x})
	}
	return out
}

// lastKeysWin drops, in v and everything below it, each object member
// whose key comes again later in the same object.
func lastKeysWin(v *fastjson.Value) {
	if a := v.GetArray(); a != nil {
		for _, c := range a {
			lastKeysWin(c)
		}
		return
	}
	o := v.GetObject()
	if o == nil {
		return
	}
	var buf [32][]byte
	keys := buf[:0]
	o.Visit(func(k []byte, c *fastjson.Value) {
		keys = append(keys, k)
		lastKeysWin(c)
	})
	for i, k := range keys {
		for _, later := range keys[i+1:] {
			if bytes.Equal(k, later) {
				o.Del(string(k)) // the first of its key left
				break
			}
		}
	}
}

// newString is a.NewString(s) with s read back unchanged: fastjson
// escapes a string holding '"', '\\' or a control character with
// strconv.Quote, some of whose escapes (\a, \v, \x.., \U........) JSON
// does not read back; the runes behind those become U+FFFD.
func newString(a *fastjson.Arena, s string) *fastjson.Value {
	v := a.NewString(s)
	if b := v.GetStringBytes(); string(b) == s {
		return v
	}
	safe := []rune(s)
	for i, r := range safe {
		if r < ' ' && r != '\b' && r != '\f' && r != '\n' && r != '\r' && r != '\t' ||
			r == 0x7f || r >= 0x10000 && !unicode.IsPrint(r) {
			safe[i] = utf8.RuneError
		}
	}
	return a.NewString(string(safe))
}
