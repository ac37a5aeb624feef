package crawler

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/xundian/xundian/listing"
)

// foldWidth maps full-width ASCII variants (０-９, ．, ，, ：, ￥ …) to
// their half-width forms and the ideographic space to a space.
func foldWidth(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// cleanText collapses runs of white space into one space and trims. The
// result never shares s's memory: a decoded JSON string it is often given
// aliases a whole script, which must not live on in the listing.
func cleanText(s string) string {
	if isCleanText(s) {
		return strings.Clone(s)
	}
	if s == "" {
		return ""
	}
	var c textCleaner
	c.b.Grow(len(s))
	c.write(s)
	return c.b.String()
}

// isCleanText reports whether cleanText leaves s as it is: valid UTF-8
// whose only white space is single spaces between other characters.
func isCleanText(s string) bool {
	space := true // at the start, as after a space: no leading space
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace(c) {
				if c != ' ' || space {
					return false
				}
				space = true
			} else {
				space = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || unicode.IsSpace(r) {
			return false
		}
		space = false
		i += size
	}
	return !space
}

// asciiSpace reports whether unicode.IsSpace accepts the ASCII byte c.
func asciiSpace(c byte) bool {
	switch c {
	case '\t', '\n', '\v', '\f', '\r', ' ':
		return true
	}
	return false
}

// textCleaner builds cleanText's result from pieces written one after
// another, as if they were one string.
type textCleaner struct {
	b     strings.Builder
	space bool         // white space seen since the last character written
	imgs  []*html.Node // the <img> elements of the markup writeMarkup parsed
}

func (w *textCleaner) write(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace(c) {
				w.space = w.b.Len() > 0
			} else {
				w.flushSpace()
				w.b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			w.space = w.b.Len() > 0
		case r == utf8.RuneError && size == 1:
			w.flushSpace()
			w.b.WriteRune(r)
		default:
			w.flushSpace()
			w.b.WriteString(s[i : i+size])
		}
		i += size
	}
}

// writeSpace is write(" ").
func (w *textCleaner) writeSpace() { w.space = w.b.Len() > 0 }

func (w *textCleaner) flushSpace() {
	if w.space {
		w.b.WriteByte(' ')
		w.space = false
	}
}

// firstNumber returns the leftmost match of `\d[\d,]*(?:\.\d+)?|\.\d+`
// in s, or "" (a regexp was the costliest part of reading a price).
func firstNumber(s string) string {
	for i := 0; i < len(s); i++ {
		switch {
		case isDigit(s[i]):
			j := i + 1
			for j < len(s) && (isDigit(s[j]) || s[j] == ',') {
				j++
			}
			if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
				j = skipDigits(s, j+1)
			}
			return s[i:j]
		case s[i] == '.' && i+1 < len(s) && isDigit(s[i+1]):
			return s[i:skipDigits(s, i+1)]
		}
	}
	return ""
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// parsePrice reads the first amount in a price text such as "¥129.00",
// "￥３８２起", "382-420", "59元" or "48,00" (decimal comma): full-width
// digits are folded and currency signs, 元 and 起 ignored.
func parsePrice(s string) (listing.Money, bool) {
	s = foldWidth(s)
	num := firstNumber(s)
	if num == "" {
		return 0, false
	}
	if !strings.Contains(num, ".") {
		if i := strings.LastIndexByte(num, ','); i >= 0 && len(num)-i-1 <= 2 && len(num)-i-1 > 0 {
			num = num[:i] + "." + num[i+1:]
		}
	}
	m, err := listing.ParseMoney(num)
	if err != nil {
		// More than two decimals (3.499): round half up to the fen.
		whole, frac, _ := strings.Cut(strings.ReplaceAll(num, ",", ""), ".")
		if len(frac) <= 2 || len(whole) > 15 {
			return 0, false
		}
		m2, err := listing.ParseMoney(whole + "." + frac[:2])
		if err != nil {
			return 0, false
		}
		if frac[2] >= '5' {
			m2++
		}
		return m2, true
	}
	return m, m >= 0
}

var cnDigits = map[rune]int{'零': 0, '一': 1, '二': 2, '两': 2, '兩': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9, '十': 10}

var (
	handlingNumRe = regexp.MustCompile(`(\d+(?:\.\d+)?|[零一二两兩三四五六七八九十]{1,3})\s*(小时|小時|个小时|個小時|h|hr|hrs|hour|hours|天|日|d|day|days|个工作日|個工作日|工作日)`)
	plainNumRe    = regexp.MustCompile(`^\s*(\d+)\s*$`)
)

// parseHandlingHours reads a dispatch time as hours: "48" (hours),
// "付款后48小时内发货", "2天内发货", "预售，付款后10天内发货", "当天发货" (24),
// "次日发货" (48).
func parseHandlingHours(s string) (int, bool) {
	s = strings.ToLower(foldWidth(s))
	if m := plainNumRe.FindStringSubmatch(s); m != nil {
		n, err := strconv.Atoi(m[1])
		return n, err == nil
	}
	if m := handlingNumRe.FindStringSubmatch(s); m != nil {
		n, ok := cnNumber(m[1])
		if !ok {
			return 0, false
		}
		switch m[2] {
		case "小时", "小時", "个小时", "個小時", "h", "hr", "hrs", "hour", "hours":
			return int(n), true
		}
		return int(n * 24), true
	}
	for _, w := range []string{"当天发货", "當天發貨", "当日发货", "當日發貨", "今日发货", "现货秒发", "24小时"} {
		if strings.Contains(s, w) {
			return 24, true
		}
	}
	for _, w := range []string{"次日发货", "次日發貨", "隔天发货", "隔天發貨", "隔日发货"} {
		if strings.Contains(s, w) {
			return 48, true
		}
	}
	return 0, false
}

func cnNumber(s string) (float64, bool) {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f, true
	}
	rs := []rune(s)
	switch {
	case len(rs) == 1:
		v, ok := cnDigits[rs[0]]
		return float64(v), ok
	case len(rs) == 2 && rs[0] == '十':
		return float64(10 + cnDigits[rs[1]]), true
	case len(rs) == 2 && rs[1] == '十':
		return float64(cnDigits[rs[0]] * 10), true
	case len(rs) == 3 && rs[1] == '十':
		return float64(cnDigits[rs[0]]*10 + cnDigits[rs[2]]), true
	}
	return 0, false
}

// parseBool reads a boolean attribute or text; ok is false when s says
// nothing either way.
func parseBool(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "y", "on", "是", "支持":
		return true, true
	case "false", "0", "no", "n", "off", "否", "不支持":
		return false, true
	}
	return false, false
}

var codNegRe = regexp.MustCompile(`(不支持|不接受|不能|不可|拒绝|拒絕|无|無|暂不支持)\s*货到付款|(不支持|不接受|不能|不可|拒絕|無)\s*貨到付款`)

// mentionsCOD reports whether text offers cash on delivery (货到付款)
// without negating it.
func mentionsCOD(s string) bool {
	if !strings.Contains(s, "货到付款") && !strings.Contains(s, "貨到付款") {
		return false
	}
	return !codNegRe.MatchString(s)
}

// splitPayment splits "支付方式：货到付款 信用卡 支付宝" into its methods.
func splitPayment(s string) []string {
	s = foldWidth(s)
	if _, after, ok := strings.Cut(s, ":"); ok {
		s = after
	}
	return strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '、' || r == '/' || r == '|' || r == ';'
	})
}

// parseInt reads the first integer in s ("库存 17 件" → 17).
func parseInt(s string) (int, bool) {
	s = foldWidth(s)
	start := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if start < 0 {
		return 0, false
	}
	end := start
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	n, err := strconv.Atoi(s[start:end])
	return n, err == nil
}
