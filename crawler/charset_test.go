package crawler

import (
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

func encode(t testing.TB, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

func TestDecodeBody(t *testing.T) {
	const zh = "<p>巡店优选 纯棉连衣裙 包邮 付款后48小时内发货 面料成分：棉100% 春夏新款碎花裙子，支持货到付款。</p>"
	const tw = "<p>巡店優選 純棉連衣裙 包郵 付款後48小時內發貨 面料成分：棉100% 春夏新款碎花裙子，支援貨到付款。</p>"
	// ㈠ (U+3220) and 𠀀 (U+20000) are in GB18030 but not GBK: x/text's
	// GBK decoder would turn their bytes into garbage.
	const gb18030Only = "<p>编号㈠ 罕见字𠀀 纯棉</p>"
	gbk := encode(t, simplifiedchinese.GBK, zh)
	tests := []struct {
		name, ct, override string
		body               []byte
		want               string
	}{
		{"utf-8 header", "text/html; charset=utf-8", "", []byte(zh), zh},
		{"utf-8 undeclared untouched", "text/html", "", []byte(zh), zh},
		{"gbk header only", "text/html; charset=GBK", "", gbk, zh},
		{"gb2312 header", "text/html; charset=gb2312", "", gbk, zh},
		{"gbk meta only", "text/html", "", append([]byte(`<meta charset="gbk">`), gbk...), `<meta charset="gbk">` + zh},
		{"gbk http-equiv", "", "", append([]byte(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`), gbk...), `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">` + zh},
		{"gbk undeclared (detected)", "text/html", "", gbk, zh},
		{"big5 header", "text/html; charset=big5", "", encode(t, traditionalchinese.Big5, tw), tw},
		{"gb18030-only characters, header gbk", "text/html; charset=gbk", "", encode(t, simplifiedchinese.GB18030, gb18030Only), gb18030Only},
		{"gb18030-only characters, undeclared", "", "", encode(t, simplifiedchinese.GB18030, gb18030Only), gb18030Only},
		{"override beats header", "text/html; charset=utf-8", "gbk", gbk, zh},
		{"header beats meta", "text/html; charset=gbk", "", append([]byte(`<meta charset="big5">`), gbk...), `<meta charset="big5">` + zh},
		{"utf-8 BOM", "", "", append([]byte{0xEF, 0xBB, 0xBF}, zh...), zh},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeBody(tt.body, tt.ct, tt.override)
			if err != nil || got != tt.want {
				t.Errorf("DecodeBody = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if _, err := DecodeBody([]byte("x"), "", "klingon"); err == nil {
		t.Error("DecodeBody with unknown override: nil error")
	}
}
