package crawler

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

// simpleCleanText is cleanText's definition, rune by rune.
func simpleCleanText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

var cleanTextCases = []string{
	"", " ", "a", " a ", "a  b", "a\tb", "a\u00a0b", "巡店\u3000优选", "\u0085x", "a \n b\r\n", "x\xffy", "\xe4\xb8", "\ufffd", "a b c",
}

func TestCleanText(t *testing.T) {
	for _, s := range cleanTextCases {
		checkCleanText(t, s)
	}
}

func FuzzCleanText(f *testing.F) {
	for _, s := range cleanTextCases {
		f.Add(s)
	}
	f.Fuzz(checkCleanText)
}

func checkCleanText(t *testing.T, s string) {
	want := simpleCleanText(s)
	if got := cleanText(s); got != want {
		t.Errorf("cleanText(%q) = %q, want %q", s, got, want)
	}
	var w textCleaner
	for _, part := range strings.SplitAfter(s, " ") {
		w.write(part)
	}
	if got := w.b.String(); got != want {
		t.Errorf("textCleaner over %q = %q, want %q", s, got, want)
	}
}

func TestCleanNodeText(t *testing.T) {
	tests := []struct{ page, want string }{
		{"<ul><li>a</li><li>b</li></ul>", "a b"},
		{"<p> 支付方式：<b>信用卡</b>\n 支付宝 </p><script>x()</script>", "支付方式：信用卡 支付宝"},
		{"<div>a<br>b<span> c </span>d</div>", "a b c d"},
	}
	for _, tt := range tests {
		doc, err := html.Parse(strings.NewReader(tt.page))
		if err != nil {
			t.Fatal(err)
		}
		if got := cleanNodeText(doc); got != tt.want {
			t.Errorf("cleanNodeText(%q) = %q, want %q", tt.page, got, tt.want)
		}
	}
}

func FuzzFirstNumber(f *testing.F) {
	for _, s := range []string{"¥129.00", "￥３８２起", "382-420", "59元", "48,00", ".5", "1.", "1..2", "a.b.3", ",1", "1,2,3.45.6", ""} {
		f.Add(s)
	}
	re := regexp.MustCompile(`\d[\d,]*(?:\.\d+)?|\.\d+`)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := firstNumber(s), re.FindString(s); got != want {
			t.Errorf("firstNumber(%q) = %q, want %q", s, got, want)
		}
	})
}
