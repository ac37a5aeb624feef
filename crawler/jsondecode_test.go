package crawler

import (
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/valyala/fastjson"

	"github.com/xundian/xundian/listing"
)

// stdDecodeAll decodes s as a stream of JSON values with encoding/json.
func stdDecodeAll(s string) ([]any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var out []any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
}

// jvAny converts v to encoding/json's generic form.
func jvAny(t testing.TB, v jv) any {
	switch v.kind() {
	case jBool:
		return v.boolean()
	case jNumber:
		return json.Number(v.text())
	case jString:
		return v.text()
	case jArray:
		a := []any{}
		for x := range v.items() {
			a = append(a, jvAny(t, x))
		}
		return a
	case jObject:
		m := map[string]any{}
		v.v.GetObject().Visit(func(k []byte, c *fastjson.Value) {
			if _, dup := m[string(k)]; dup {
				t.Errorf("repeated key %q", k)
			}
			m[string(k)] = jvAny(t, jv{c})
		})
		return m
	}
	return nil
}

func parseJSONLDAny(t testing.TB, s string) []any {
	t.Helper()
	p := jsonParsers.Get()
	defer jsonParsers.Put(p)
	var out []any
	for _, v := range parseJSONLD(p, s) {
		out = append(out, jvAny(t, v))
	}
	return out
}

func TestParseJSONLD(t *testing.T) {
	tests := []struct {
		script, want string // want: the values as a JSON array; "" for none
	}{
		{`{"@type":"Product"}`, `[{"@type":"Product"}]`},
		{`[{"a":1},{"b":2}]`, `[[{"a":1},{"b":2}]]`},
		{`{"a":1}{"b":2}`, `[{"a":1},{"b":2}]`},
		{"{\"a\":1}\n[2] \"x\" 3 {}", `[{"a":1},[2],{}]`},
		{`{"a":1}-`, `[{"a":1}]`},
		{`"x"`, ``},
		{`[1][2]`, `[[1],[2]]`},
		{`{"a":1} garbage`, `[{"a":1}]`},
		{`{"a":1,"b":[true,false,null],"a":{"c":3,"c":4}}`, `[{"a":{"c":4},"b":[true,false,null]}]`},
		{`{"\u0061":1,"a":2}`, `[{"a":2}]`},
		{`["\u00e9\u4e2d\ud83d\ude00","\"\\\/\b\f\n\r\t"]`, `[["é中😀","\"\\/\b\f\n\r\t"]]`},
		{"<!--\n{\"a\":1,}\n-->", `[{"a":1}]`},
		{"//<![CDATA[\n{\"a\":[1,2,],}\n//]]>", `[{"a":[1,2]}]`},
		{"{\"a\":\"x\ny\",}", `[{"a":"x y"}]`},
		{`[-12.5e+3]`, `[[-12.5e+3]]`},
		{``, ``},
		{`{not json`, ``},
		{`{"a":`, ``},
		{strings.Repeat("[", 1000) + strings.Repeat("]", 1000), ``}, // past fastjson's nesting limit
	}
	for _, tt := range tests {
		var want []any
		if tt.want != "" {
			vs, err := stdDecodeAll(tt.want)
			if err != nil || len(vs) != 1 {
				t.Fatalf("bad want %q: %v", tt.want, err)
			}
			want = vs[0].([]any)
		}
		if got := parseJSONLDAny(t, tt.script); !cmp.Equal(got, want) {
			t.Errorf("parseJSONLD(%.60q) = %v, want %v", tt.script, got, want)
		}
	}
	// fastjson reads any number-like text as it is; money and friends
	// judge it.
	lenient := `[01,1.,1.5.3,NaN]`
	want := []any{[]any{json.Number("01"), json.Number("1."), json.Number("1.5.3"), json.Number("NaN")}}
	if got := parseJSONLDAny(t, lenient); !cmp.Equal(got, want) {
		t.Errorf("parseJSONLD(%q) = %v, want %v", lenient, got, want)
	}
}

// FuzzParseJSONLD checks that parseJSONLD never panics and reads what
// encoding/json reads from a stream of JSON objects and arrays. Where
// fastjson knowingly differs, the input is left out of the comparison:
// invalid UTF-8 and surrogate escapes (fastjson keeps the bytes, or the
// escape, instead of U+FFFD) and nesting past fastjson.MaxDepth.
func FuzzParseJSONLD(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `{}{}`, `{} []`, `[1 2]`, `[1,]`, `{"a":1,}`, `{"a":1,"a":2}`, `[1,[2,[3,{"x":[]}]]]`,
		`["\u00e9\u4e2d\ud83d\ude00"]`, `["\ud800\u0041"]`, `{"\"":"\/\b\f\n\r\t\\\""}`, "[\"\xff\"]", `[1.5.3]`, `[01]`,
		`{"@context":"https://schema.org","@type":"Product","offers":[{"price":"9.90"}]}`,
		`{"a":1,"b":2,"a":{"c":[3,{"d":4,"d":null}]},"b":[]}`, `[{"@id":"x","a":null},{}]`,
	} {
		f.Add(s)
	}
	surrogate := regexp.MustCompile(`(?i)\\u[d][89a-f]`)
	f.Fuzz(func(t *testing.T, s string) {
		got := parseJSONLDAny(t, s)
		if !utf8.ValidString(s) || surrogate.MatchString(s) || strings.Count(s, "[")+strings.Count(s, "{") >= fastjson.MaxDepth {
			return
		}
		want, err := stdDecodeAll(strings.TrimSpace(s))
		if err != nil || len(want) == 0 {
			return
		}
		for _, v := range want {
			switch v.(type) {
			case map[string]any, []any:
			default:
				return // top-level scalars are dropped ("01" is one number to fastjson, two to encoding/json)
			}
		}
		if !cmp.Equal(got, want) {
			t.Errorf("parseJSONLD(%q) = %v, want %v", s, got, want)
		}
	})
}

func TestExtractJSONLDScripts(t *testing.T) {
	base, _ := url.Parse("https://shop.example/item/1.html")
	tests := []struct {
		name, page string
		want       listing.Listing
	}{
		{
			name: "values back to back, reference to a later one",
			page: ldPage(`{"@type":"BreadcrumbList"} {"@type":"Product","name":"A","offers":{"@id":"#o"}}{"@id":"#o","price":"3","sku":"a1"}`),
			want: listing.Listing{Title: "A", Price: 300},
		},
		{
			name: "reference across scripts",
			page: `<script type="application/ld+json">{"@type":"Product","name":"B","offers":{"@id":"#o"}}</script>` +
				`<script type="application/ld+json">{not json</script>` +
				`<script type="application/ld+json">[{"@id":"#o","price":4,"priceCurrency":"CNY"}]</script>`,
			want: listing.Listing{Title: "B", Price: 400, Currency: "CNY"},
		},
		{
			name: "repeated key: the last wins",
			page: ldPage(`{"@type":"Product","name":"old","name":"C \u0026 \"D\"","offers":{"price":"1"},"offers":{"price":"2"}}`),
			want: listing.Listing{Title: `C & "D"`, Price: 200},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ExtractJSONLD(parseDoc(t, tt.page), base)
			if !ok {
				t.Fatal("no product found")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ExtractJSONLD (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNewString checks that arena strings read back as given, or with
// U+FFFD for what fastjson's escaping cannot carry.
func TestNewString(t *testing.T) {
	var a fastjson.Arena
	for _, tt := range []struct{ in, want string }{
		{"plain 中文", "plain 中文"},
		{`q"uote \ back`, `q"uote \ back`},
		{"tab\tnl\nnbsp\u00a0\"", "tab\tnl\nnbsp\u00a0\""},
		{"bell\a\"", "bell\ufffd\""},
		{"tag\U000E0067\"", "tag\ufffd\""},
		{"tag\U000E0067 alone", "tag\U000E0067 alone"},
		{"bad\xff\"", "bad\ufffd\""},
	} {
		if got := string(newString(&a, tt.in).GetStringBytes()); got != tt.want {
			t.Errorf("newString(%q) reads %q, want %q", tt.in, got, tt.want)
		}
	}
}

func BenchmarkParseJSONLD(b *testing.B) {
	page, err := os.ReadFile("testdata/demo/jsonld-10002.html")
	if err != nil {
		b.Fatal(err)
	}
	script := parseDoc(b, string(page)).Find(`script[type="application/ld+json"]`).Text()
	b.Run("fastjson", func(b *testing.B) {
		b.SetBytes(int64(len(script)))
		b.ReportAllocs()
		for b.Loop() {
			p := jsonParsers.Get()
			if parseJSONLD(p, script) == nil {
				b.Fatal("no value")
			}
			jsonParsers.Put(p)
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
