package crawler

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// TestDecodeBodyMislabelled: a charset label the bytes cannot be in is
// not trusted (demo shop fault "badcharset"); decoding as labelled would
// turn the page into mojibake and make its findings look fixed.
func TestDecodeBodyMislabelled(t *testing.T) {
	const zh = "<p>巡店优选 纯棉连衣裙 包邮 付款后48小时内发货</p>"
	const tw = "<p>巡店優選 純棉連衣裙 包郵 付款後48小時內發貨 支援貨到付款 面料成分</p>"
	gbk := encode(t, simplifiedchinese.GBK, zh)
	big5 := encode(t, traditionalchinese.Big5, tw)
	tests := []struct {
		name, ct string
		body     []byte
		want     string
	}{
		{"gbk bytes, header utf-8", "text/html; charset=utf-8", gbk, zh},
		{"gbk bytes, meta utf-8", "text/html", append([]byte(`<meta charset="utf-8">`), gbk...), `<meta charset="utf-8">` + zh},
		{"gbk bytes, header utf-8, meta gbk", "text/html; charset=utf-8", append([]byte(`<meta charset="gbk">`), gbk...), `<meta charset="gbk">` + zh},
		{"utf-8 bytes, header big5", "text/html; charset=big5", []byte(zh), zh},
		{"utf-8 bytes, header gbk", "text/html; charset=gbk", []byte(zh), zh},
		{"utf-8 bytes, meta gbk", "", append([]byte(`<meta charset="gbk">`), zh...), `<meta charset="gbk">` + zh},
		{"big5 bytes, header utf-8", "text/html; charset=utf-8", big5, tw},
		{"ascii, header big5", "text/html; charset=big5", []byte("<p>ok</p>"), "<p>ok</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeBody(tt.body, tt.ct, "")
			if err != nil || got != tt.want {
				t.Errorf("DecodeBody = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// TestDecodeBodyStrayBytes: a UTF-8 page with a few bytes that are not
// UTF-8 (a character cut in half, the demo shop's "malformed" junk) is
// still UTF-8, whatever it is labelled; a legacy page read as UTF-8 is
// mostly such bytes and is still decoded as what it is.
func TestDecodeBodyStrayBytes(t *testing.T) {
	const zh = "<p>巡店优选 纯棉连衣裙 全国包邮 付款后48小时内发货 支持货到付款</p>"
	cut := "<p>纯棉T恤 全国包邮 面料" + string([]byte("成分")[:4]) + "</p>" // 分 cut after its first byte
	junk := "<!-- \x00\xff\xfe -->"
	const tw = "<p>巡店優選 純棉連衣裙 包郵 付款後48小時內發貨 支援貨到付款 面料成分</p>"
	gbk := encode(t, simplifiedchinese.GBK, zh)
	tests := []struct {
		name, ct string
		body     []byte
		want     string
	}{
		{"junk, header utf-8", "text/html; charset=utf-8", []byte(zh + junk), zh + "<!-- \x00\uFFFD\uFFFD -->"},
		{"junk, meta utf-8", "text/html", []byte(`<meta charset="utf-8">` + junk + zh), `<meta charset="utf-8"><!-- ` + "\x00\uFFFD\uFFFD -->" + zh},
		{"junk, no label", "text/html", []byte(zh + junk), zh + "<!-- \x00\uFFFD\uFFFD -->"},
		{"junk, header gbk", "text/html; charset=gbk", []byte(zh + junk), zh + "<!-- \x00\uFFFD\uFFFD -->"},
		{"cut character, header utf-8", "text/html; charset=utf-8", []byte(cut), "<p>纯棉T恤 全国包邮 面料成\uFFFD</p>"},
		// Legacy text labelled UTF-8 stays what it is, stray bytes or not.
		{"gbk bytes and junk, header utf-8", "text/html; charset=utf-8", append(gbk, junk...), zh + "<!-- \x00\uFFFD\uFFFD -->"},
		{"short gbk title, header utf-8", "text/html; charset=utf-8", encode(t, simplifiedchinese.GBK, "<title>包邮</title>"), "<title>包邮</title>"},
		{"big5 bytes, no label", "text/html", encode(t, traditionalchinese.Big5, tw), tw},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeBody(tt.body, tt.ct, "")
			if err != nil || got != tt.want {
				t.Errorf("DecodeBody = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	// A GBK include (a footer) in a UTF-8 page: the include is lost, as in
	// a browser obeying the label; the page's own text is not.
	page := strings.Repeat(zh, 4)
	footer := encode(t, simplifiedchinese.GBK, "<p>版权所有：某某服饰旗舰店 客服热线工作时间：周一至周日九点到二十二点</p>")
	got, err := DecodeBody(append([]byte(page), footer...), "text/html; charset=utf-8", "")
	if err != nil || !strings.HasPrefix(got, page) || !utf8.ValidString(got) {
		t.Errorf("UTF-8 page with a GBK footer: DecodeBody = %q, %v; want the page's text, then the footer's bytes replaced", got, err)
	}
}

// TestMostlyUTF8 separates UTF-8 with stray bytes from legacy text.
func TestMostlyUTF8(t *testing.T) {
	const zh = "巡店优选 纯棉连衣裙 全国包邮 付款后48小时内发货 支持货到付款 面料成分 聚酯纤维"
	tests := []struct {
		name string
		body []byte
		want bool
	}{
		{"utf-8, one stray byte", []byte(zh + "\xff"), true},
		{"utf-8, 2 characters a stray byte", []byte("纯棉\xff包邮\xfe"), true},
		{"utf-8, 3 characters 2 stray bytes", []byte("纯\xff棉\xfe包"), false},
		{"valid utf-8", []byte(zh), false}, // not "stray bytes": callers ask utf8.Valid first
		{"ascii and a stray byte", []byte("free shipping \xff"), false},
		{"gbk", encode(t, simplifiedchinese.GBK, zh), false},
		{"gb18030", encode(t, simplifiedchinese.GB18030, zh+"𠀀"), false},
		{"big5", encode(t, traditionalchinese.Big5, "巡店優選 純棉連衣裙 包郵 付款後48小時內發貨 支援貨到付款"), false},
	}
	for _, tt := range tests {
		if got := mostlyUTF8(tt.body); got != tt.want {
			t.Errorf("%s: mostlyUTF8 = %v, want %v", tt.name, got, tt.want)
		}
	}
}
