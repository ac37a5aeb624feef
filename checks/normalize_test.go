package checks

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	e := testEngine(t)
	tests := []struct{ in, want string }{
		{"包邮", "包邮"},
		{"全國包郵", "全国包邮"},           // traditional → simplified
		{"不開發票，貨到付款", "不开发票,货到付款"}, // full-width comma folds
		{"純棉", "纯棉"},
		{"ＮＩＫＥ耐克", "nike耐克"}, // full-width Latin, case
		{"￥５９．９", "¥59.9"},   // full-width yen, digits, dot
		{"包\u200b邮", "包邮"},   // zero-width space
		{"包\ufeff邮", "包邮"},   // BOM
		{"包 邮", "包邮"},        // separators inside a term
		{"包-邮", "包邮"},
		{"包·邮", "包邮"},
		{"包　邮", "包邮"}, // ideographic space
		{"包丨邮", "包邮"},
		{"Hello-Kitty", "hello kitty"}, // between Latin words: one space
		{"Hello   Kitty", "hello kitty"},
		{"哆啦 A 夢", "哆啦a梦"},
		{"Nikе", "nike"},         // Cyrillic е
		{"59 - 99元", "59 - 99元"}, // between digits: kept
		{"59.90元", "59.90元"},
		{"句号。顿号、「引号」", "句号。顿号、「引号」"}, // width.Fold keeps these
		{"（新疆西藏除外）", "(新疆西藏除外)"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := e.Normalize(tt.in).Text; got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeSpanQuotesOriginal(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		in, term, want string
	}{
		{"本店全國包郵哦", "全国包邮", "全國包郵"},
		{"ＡＢＣ包 - 邮好", "包邮", "包 - 邮"},
		{"前缀 Ｎｉｋｅ 后缀", "nike", "Ｎｉｋｅ"},
		{"不\u200b开\u200b发\u200b票", "不开发票", "不\u200b开\u200b发\u200b票"},
		{"穿上Hello-Kitty", "hello kitty", "Hello-Kitty"},
	}
	for _, tt := range tests {
		n := e.Normalize(tt.in)
		i := strings.Index(n.Text, tt.term)
		if i < 0 {
			t.Errorf("Normalize(%q).Text = %q, lacks %q", tt.in, n.Text, tt.term)
			continue
		}
		got, pos := n.Quote(i, i+len(tt.term))
		if got != tt.want || tt.in[pos:pos+len(got)] != got {
			t.Errorf("Quote of %q in %q = %q at %d, want %q", tt.term, tt.in, got, pos, tt.want)
		}
	}
}

// TestNormalizePhraseFallback: when OpenCC maps a run to a different
// length, positions must still be exact (per-character fallback).
func TestNormalizeKeepsOneRunePerRune(t *testing.T) {
	e := testEngine(t)
	for _, s := range []string{"乾隆皇帝的頭髮", "著作權", "臺灣與香港", "一個人的旅程", "裏面"} {
		n := e.Normalize(s)
		if utf8.RuneCountInString(n.Text) != utf8.RuneCountInString(s) {
			t.Errorf("Normalize(%q) = %q: rune count changed", s, n.Text)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"全國包郵（新疆西藏除外）", "包 邮", "Ｎｉｋｅ", "￥５９", "包\u200b邮", "a-b c", "\xff\xfe", "哆啦 A 夢", "--  --", "·包·"} {
		f.Add(s)
	}
	e := testEngine(f)
	f.Fuzz(func(t *testing.T, s string) {
		n := e.Normalize(s)
		if n.Original() != s {
			t.Fatalf("Original() = %q, want %q", n.Original(), s)
		}
		if len(n.starts) != len(n.Text) {
			t.Fatalf("starts has %d entries for %d bytes", len(n.starts), len(n.Text))
		}
		// every rune boundary of the normalized text maps to a valid,
		// ordered original span
		prev := 0
		for i := range n.Text {
			_, size := utf8.DecodeRuneInString(n.Text[i:])
			st, en := n.Span(i, i+size)
			if st < prev || st > en || en > len(s) {
				t.Fatalf("Span(%d,%d) = %d,%d (prev %d, len %d)", i, i+size, st, en, prev, len(s))
			}
			prev = st
		}
		if q, _ := n.Quote(0, len(n.Text)); len(n.Text) > 0 && !strings.Contains(s, q) {
			t.Fatalf("Quote of all = %q, not in input", q)
		}
	})
}
