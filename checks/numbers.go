package checks

import (
	"strings"
	"unicode/utf8"
)

// chineseNumberBefore reads a Chinese numeral of at most 99 that s ends
// with (两, 三, 十二, 二十四, 四十八) and returns it and where it starts; 0
// when there is none.
func chineseNumberBefore(s string) (int, int) {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !strings.ContainsRune("零一二两三四五六七八九十", r) {
			break
		}
		i -= size
	}
	if i == len(s) {
		return 0, len(s)
	}
	n, ok := parseChineseNumber(s[i:])
	if !ok {
		return 0, len(s)
	}
	return n, i
}

// parseChineseNumber reads 一 … 九十九 (and 两).
func parseChineseNumber(s string) (int, bool) {
	digit := func(r rune) int {
		return strings.IndexRune("零一二三四五六七八九", r) / 3
	}
	rs := []rune(strings.ReplaceAll(s, "两", "二"))
	switch len(rs) {
	case 1:
		if rs[0] == '十' {
			return 10, true
		}
		d := digit(rs[0])
		return d, d > 0
	case 2:
		if rs[0] == '十' && rs[1] != '十' {
			return 10 + digit(rs[1]), true
		}
		if rs[1] == '十' && rs[0] != '十' {
			return digit(rs[0]) * 10, digit(rs[0]) > 0
		}
	case 3:
		if rs[1] == '十' && rs[0] != '十' && rs[2] != '十' {
			return digit(rs[0])*10 + digit(rs[2]), digit(rs[0]) > 0
		}
	}
	return 0, false
}
