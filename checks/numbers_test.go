package checks

import "testing"

func TestParseChineseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int // 0: not a numeral
	}{
		{"一", 1}, {"两", 2}, {"十", 10}, {"十二", 12}, {"二十", 20}, {"二十四", 24}, {"四十八", 48}, {"九十九", 99},
		{"一百", 100}, {"百", 100}, {"一百零五", 105}, {"一百一十", 110}, {"一百九十九", 199}, {"一百五", 150},
		{"两百", 200}, {"两千", 2000}, {"两千五", 2500}, {"一千零一", 1001}, {"三千二百", 3200}, {"千", 1000},
		{"九千九百九十九", 9999},
		// not numerals
		{"零", 0}, {"一二", 0}, {"十十", 0}, {"百千", 0}, {"一百十", 0}, {"零五", 0}, {"一百零零五", 0}, {"个", 0},
	}
	for _, tt := range tests {
		got, ok := parseChineseNumber(tt.in)
		if !ok {
			got = 0
		}
		if got != tt.want {
			t.Errorf("parseChineseNumber(%q) = %d, %v; want %d", tt.in, got, ok, tt.want)
		}
	}
}
