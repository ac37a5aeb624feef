package crawler

import (
	"net/url"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func FuzzExtractJSONLD(f *testing.F) {
	f.Add(layoutA("", 10001))
	f.Add(ldPage(`{"@graph":[{"@type":"Product","offers":{"@id":"#o"}},{"@id":"#o","@type":"Offer","price":"1"}]}`))
	f.Add(ldPage(`{"@type":"ProductGroup","hasVariant":[{"@type":"Product","offers":[{"price":{}}]}]}`))
	f.Add(ldPage(`[{"@type":["Product"],"offers":{"@type":"AggregateOffer","offers":{"@type":"AggregateOffer"}},},]`))
	base, _ := url.Parse("http://shop.example/item/1.html")
	f.Fuzz(func(t *testing.T, page string) {
		doc := parseDoc(t, page)
		l, _ := ExtractJSONLD(doc, base)
		if l.Price < 0 {
			t.Errorf("negative price %v", l.Price)
		}
	})
}

func FuzzParseFreightJSON(f *testing.F) {
	f.Add([]byte(freightJSON("T1")))
	f.Add([]byte(`{"default":{"first":0},"regions":[{"areas":"新疆,西藏","first":"1e3"}],"free_conditions":[{"areas":["火星"]}]}`))
	f.Add([]byte(`{"default":{"first":"-1"},"undeliverable":"臺灣"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := ParseFreightJSON(data, FreightMapping{})
		if err == nil && tpl == nil {
			t.Error("nil template without error")
		}
	})
}

func FuzzDecodeBody(f *testing.F) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("<p>纯棉连衣裙 包邮</p>"))
	f.Add(gbk, "text/html; charset=gbk", "")
	f.Add(gbk, "", "")
	f.Add([]byte(`<meta charset="big5">`+"\xa4\xa4"), "", "")
	f.Add([]byte("\xef\xbb\xbfok"), "text/html; charset=utf-16", "")
	f.Add([]byte("plain"), "", "utf-8")
	f.Fuzz(func(t *testing.T, body []byte, ct, override string) {
		s, err := DecodeBody(body, ct, override)
		if err == nil && !utf8.ValidString(s) {
			t.Errorf("DecodeBody returned invalid UTF-8 %q", s)
		}
	})
}
