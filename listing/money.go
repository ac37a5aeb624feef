package listing

import (
	"fmt"
	"strconv"
	"strings"
)

// Money is an amount of Chinese yuan counted in fen (1/100 yuan). Prices are
// never held as floats: 0.01 must stay 0.01.
type Money int64

// Fen returns m as a count of fen.
func (m Money) Fen() int64 { return int64(m) }

// String formats m as yuan with two decimals, e.g. "10.00" or "-0.50".
func (m Money) String() string {
	sign := ""
	v := int64(m)
	if v < 0 {
		sign = "-"
		v = -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// Yuan formats m for people: "¥10.00".
func (m Money) Yuan() string { return "¥" + m.String() }

// ParseMoney reads a decimal yuan amount such as "10", "10.5", "0.01",
// "1,299.00" or "+3". It rejects more than two decimals that are not zero,
// signs in the middle, and empty input. ASCII digits only: callers fold
// full-width digits first.
func ParseMoney(s string) (Money, error) {
	orig := s
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, ",", "")
	if s == "" {
		return 0, fmt.Errorf("parse money %q: empty", orig)
	}
	neg := false
	switch s[0] {
	case '-':
		neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && (!hasDot || frac == "") {
		return 0, fmt.Errorf("parse money %q: no digits", orig)
	}
	if whole == "" {
		whole = "0"
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("parse money %q: unexpected %q", orig, r)
		}
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > 2 {
		return 0, fmt.Errorf("parse money %q: more than two decimals", orig)
	}
	frac += strings.Repeat("0", 2-len(frac))
	if len(whole) > 15 {
		return 0, fmt.Errorf("parse money %q: too large", orig)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("parse money %q: %w", orig, err)
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	v := w*100 + f
	if neg {
		v = -v
	}
	return Money(v), nil
}
