package checks

import (
	"strings"
	"unicode/utf8"
)

// chineseNumerals are the characters of a Chinese numeral up to 9999.
const chineseNumerals = "零一二两三四五六七八九十百千"

// chineseNumberBefore reads a Chinese numeral of at most 9999 that s ends
// with (两, 三, 十二, 二十四, 四十八, 一百, 一百九十九, 两千) and returns it
// and where it starts; 0 when there is none.
func chineseNumberBefore(s string) (int, int) {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !strings.ContainsRune(chineseNumerals, r) {
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

// parseChineseNumber reads 一 … 九千九百九十九: digits (两 for 二) before
// the units 千, 百 and 十 in falling order, 零 for a skipped unit (一百零五),
// a bare unit for one of it (十五, 百元: 满百包邮), and a last digit after
// 百 or 千 for the next unit down (一百五 = 150, 两千五 = 2500).
func parseChineseNumber(s string) (int, bool) {
	units := map[rune]int{'十': 10, '百': 100, '千': 1000}
	total, digit, lastUnit := 0, -1, 10000
	zero := false // a 零 skipped a unit since the last one
	for _, r := range s {
		if u, ok := units[r]; ok {
			if u >= lastUnit {
				return 0, false
			}
			d := digit
			if d < 0 {
				if total > 0 || zero {
					return 0, false // 一百十 is no numeral; 一百一十 is
				}
				d = 1 // 十五, 百元
			}
			total += d * u
			digit, lastUnit, zero = -1, u, false
			continue
		}
		d := strings.IndexRune("零一二三四五六七八九", r) / 3
		if r == '两' {
			d = 2
		}
		if d < 0 || digit >= 0 {
			return 0, false // not a numeral, or two digits in a row
		}
		if d == 0 {
			if zero || total == 0 {
				return 0, false
			}
			zero = true
			continue
		}
		digit = d
	}
	if digit > 0 {
		if !zero && lastUnit >= 100 && lastUnit < 10000 {
			digit *= lastUnit / 10 // 一百五: the tens
		}
		total += digit
	}
	return total, total > 0
}
