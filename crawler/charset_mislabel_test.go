package crawler

import (
	"testing"

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
