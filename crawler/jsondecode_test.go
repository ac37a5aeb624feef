package crawler

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
)

// stdDecodeAll is what decodeAll replaced: encoding/json's Decoder with
// UseNumber, value after value.
func stdDecodeAll(s string) ([]any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var out []any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if len(out) > 0 {
				return out, nil
			}
			return nil, err
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, errors.New("empty")
	}
	return out, nil
}

var jsonDecodeCases = []string{
	``, `   `, `{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `-`, `01`, `1.`, `1.5.3`, `1e`, `1e+`, `1E-7`, `-12.5e+3`,
	`{}{}`, `{} []`, `"a""b"`, `{"a":1}x`, `truex`, `tru`, `nul`, `nulll`, `[1 2]`, `[1,]`, `{"a":1,}`, `{,}`, `[,]`,
	`{"a" 1}`, `{"a":}`, `{a:1}`, `{"a":1,"a":2}`, `[1,[2,[3,{"x":[]}]]]`, "[\"a\tb\"]", "\"a\nb\"",
	`"\u00e9\u4e2d\ud83d\ude00"`, `"\ud800"`, `"\udc00"`, `"\ud800\u0041"`, `"\ud800\ud800\udc00"`, `"\ud800\uzzzz"`,
	`"\u12"`, `"\q"`, `"\'"`, `"\/\b\f\n\r\t\\\""`, "\"\xff\xfe\"", "\"a\xe4\xb8\"", "\"\xe4\xb8\xad\"", `"\u0000"`,
	"{\"k\xff\":1}", `"unterminated`, `[`, `{"a":[1,2`, "\t\r\n {\"a\" : [ 1 , \"b\" ] }\n", "\xef\xbb\xbf{}", `1 2 3`,
	`{"@context":"https://schema.org","@type":"Product","offers":[{"price":"9.90"}]}`,
	`{"a":1,"b":2,"a":{"c":[3,{"d":4,"d":null}]},"b":[]}`, `[{"@id":"x","a":null},{}]`,
	`{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k3":"x"}`,
}

func TestDecodeAllMatchesEncodingJSON(t *testing.T) {
	deep := []string{ // encoding/json's nesting limit is 10000
		strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
		strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
		`{"a":` + strings.Repeat(`{"a":`, 9999) + `1` + strings.Repeat("}", 10000),
	}
	for _, s := range append(jsonDecodeCases, deep...) {
		checkDecodeAll(t, s)
	}
}

func FuzzDecodeAll(f *testing.F) {
	for _, s := range jsonDecodeCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkDecodeAll(t, s)
	})
}

func checkDecodeAll(t *testing.T, s string) {
	t.Helper()
	vs, err := decodeAll(s)
	var got []any
	for _, v := range vs {
		got = append(got, jvAny(v))
	}
	want, wantErr := stdDecodeAll(s)
	if (err != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
		t.Errorf("decodeAll(%.80q) = %v, %v; want %v, %v", s, got, err, want, wantErr)
	}
}

// jvAny converts v to encoding/json's generic form.
func jvAny(v jv) any {
	switch v.kind() {
	case jBool:
		return v.boolean()
	case jNumber:
		return json.Number(v.text())
	case jString:
		return v.text()
	case jArray:
		a := []any{}
		for j := range v.len() {
			a = append(a, jvAny(v.at(j)))
		}
		return a
	case jObject:
		m := map[string]any{}
		for j := range v.len() {
			c := v.at(j)
			n := &c.d.nodes[c.i]
			key := c.d.text(n.ka, n.kb)
			if _, dup := m[key]; dup {
				panic("repeated key " + key)
			}
			m[key] = jvAny(c)
		}
		return m
	}
	return nil
}

func BenchmarkDecodeAll(b *testing.B) {
	page, err := os.ReadFile("testdata/demo/jsonld-10002.html")
	if err != nil {
		b.Fatal(err)
	}
	script := parseDoc(b, string(page)).Find(`script[type="application/ld+json"]`).Text()
	b.Run("crawler", func(b *testing.B) {
		b.SetBytes(int64(len(script)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decodeAll(script); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.SetBytes(int64(len(script)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := stdDecodeAll(script); err != nil {
				b.Fatal(err)
			}
		}
	})
}
