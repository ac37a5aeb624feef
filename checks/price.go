package checks

import (
	"strings"
	"unicode/utf8"

	"github.com/xundian/xundian/listing"
)

// PriceClaim is a price stated in a text: an amount, or a range, that the
// text says the buyer pays (or, for Kind 原价, a reference price that is
// not a payable claim).
type PriceClaim struct {
	// Text is the claim as written, Start and End its byte offsets in the
	// original text.
	Text       string
	Start, End int
	// Low and High are the claimed amount; equal unless Kind is "range".
	Low, High listing.Money
	// Kind is "plain" (¥59, 59元), "range" (59-99元), "起" (59元起), a
	// keyword kind ("到手价", "券后", "仅售", "特价", "秒杀价", "活动价",
	// "现价", "折后价", "拼团价") or "原价" for reference prices.
	Kind string
}

// Price-claim kinds that are not keywords.
const (
	PriceKindPlain     = "plain"
	PriceKindRange     = "range"
	PriceKindFrom      = "起"
	PriceKindReference = "原价"
)

// Payable reports whether the claim says what the buyer pays, as opposed
// to a reference price (原价, 吊牌价, …).
func (c PriceClaim) Payable() bool { return c.Kind != PriceKindReference }

// Kinds of priceKeywords that make an amount no claim.
const (
	// kindNone marks thresholds (满300减40), discounts (立减20, 省20元),
	// coupons, gifts and add-ons (加1元, +1元, 换购).
	kindNone = ""
	// kindCharge marks an amount that is a part of the price or a charge
	// besides it: deposits and balances (定金20, 尾款59), installments
	// (月供99), fees (运费10) and averages (均价29.9, 折合19.9). The
	// charge stays the subject of a payable keyword after it (尾款仅需59);
	// negated (免运费, 含运费) it is no charge.
	kindCharge = "charge"
)

// priceKeywords are the words that may stand right before an amount,
// longest first within a shared suffix, with the kind they give it:
// kindNone and kindCharge mark a non-claim context.
var priceKeywords = []struct{ word, kind string }{
	{"到手价", "到手价"}, {"到手", "到手价"},
	{"券后价", "券后"}, {"券后", "券后"},
	{"仅售", "仅售"}, {"仅需", "仅售"}, {"只要", "仅售"}, {"只需", "仅售"}, {"只卖", "仅售"},
	{"特价", "特价"}, {"秒杀价", "秒杀价"}, {"秒杀", "秒杀价"}, {"活动价", "活动价"},
	{"现价", "现价"}, {"售价", "现价"}, {"折后价", "折后价"}, {"折后", "折后价"},
	{"拼团价", "拼团价"}, {"团购价", "拼团价"}, {"限时价", "限时价"}, {"惊爆价", "惊爆价"},
	{"抢购价", "抢购价"}, {"清仓价", "清仓价"}, {"拍下价", "拍下价"}, {"拍下", "拍下价"},
	{"建议零售价", PriceKindReference}, {"原价", PriceKindReference}, {"吊牌价", PriceKindReference},
	{"专柜价", PriceKindReference}, {"市场价", PriceKindReference}, {"划线价", PriceKindReference},
	{"参考价", PriceKindReference}, {"零售价", PriceKindReference}, {"门市价", PriceKindReference},
	{"日常价", PriceKindReference}, {"指导价", PriceKindReference}, {"原", PriceKindReference},
	{"均价", kindCharge}, {"换购价", kindNone},
	{"每满", kindNone}, {"满", kindNone}, {"立减", kindNone}, {"直降", kindNone}, {"减", kindNone},
	{"省", kindNone}, {"优惠", kindNone}, {"返现", kindNone}, {"返", kindNone}, {"补贴", kindNone},
	{"红包", kindNone}, {"券", kindNone}, {"送", kindNone}, {"赠", kindNone},
	{"运费", kindCharge}, {"邮费", kindCharge}, {"快递费", kindCharge}, {"定金", kindCharge},
	{"订金", kindCharge}, {"押金", kindCharge}, {"尾款", kindCharge}, {"首付", kindCharge},
	{"月供", kindCharge}, {"月付", kindCharge}, {"分期", kindCharge}, {"人均", kindCharge},
	{"日均", kindCharge}, {"平均", kindCharge},
	{"折合", kindCharge}, {"约合", kindCharge}, {"差价", kindCharge}, {"补差", kindCharge},
	{"加价", kindNone}, {"价值", kindNone}, {"加", kindNone}, {"+", kindNone}, {"降", kindNone},
	{"低至", kindNone}, {"降价", kindNone}, {"涨价", kindNone}, {"便宜", kindNone}, {"抵", kindNone},
	{"换购", kindNone}, {"加价购", kindNone},
}

// chargeNegations before a charge word say there is no such charge
// (免运费, 包邮费, 无押金, 不含运费, 含运费): the amount after is the price.
const chargeNegations = "免包无不含"

// currencySuffixes follow an amount and make it a price (59元, 59块).
var currencySuffixes = []string{"人民币", "元", "块", "圆", "rmb", "yuan", "cny"}

// priceUnits after a bare amount make it a quantity, not a price (59件,
// 12%, 5折, 180cm).
var priceUnits = []string{
	"件", "个", "只", "双", "条", "套", "盒", "瓶", "袋", "包", "支", "份", "斤", "罐", "片",
	"张", "本", "箱", "组", "号", "寸", "度", "码", "年", "岁", "天", "小时", "分钟", "秒",
	"折", "%", "cm", "mm", "kg", "g", "ml", "l", "m", "w", "mah", "人", "次", "期", "名", "位",
	"克", "米", "毫升", "升", "公斤", "倍", "款", "色", "层", "代", "月", "日", "周", "x",
}

// multiBuyUnits before an amount make it a bundle price (2件59元).
const multiBuyUnits = "件个只双条套盒瓶袋包支份斤罐片张本箱组"

// chineseDigits may count a bundle (两件59元).
const chineseDigits = "一二两三四五六七八九十"

// ParsePriceClaims finds the price claims in text. It normalizes text
// first (full-width digits and ¥, traditional keywords, separators), and
// the positions it returns are byte offsets into the original text.
func ParsePriceClaims(text string) []PriceClaim {
	nz, err := defaultNormalizer()
	if err != nil {
		nz = nil // width folding and the rest still work without t2s
	}
	return priceClaimsIn(nz.normalize(text))
}

// priceClaimsIn parses an already normalized text.
func priceClaimsIn(n Normalized) []PriceClaim {
	var out []PriceClaim
	for _, s := range parsePrices(n.Text, n.gapBefore, n.slashBefore) {
		st, en := n.Span(s.start, s.end)
		out = append(out, PriceClaim{
			Text: n.orig[st:en], Start: st, End: en,
			Low: s.low, High: s.high, Kind: s.kind,
		})
	}
	return out
}

// priceSpan is a claim in normalized coordinates.
type priceSpan struct {
	start, end int
	low, high  listing.Money
	kind       string
}

// parsePrices scans a normalized text for price claims; gap(k) reports
// whether normalization dropped separators right before t[k]
// (Normalized.gapBefore), slash(k) whether they held a slash
// (Normalized.slashBefore).
func parsePrices(t string, gap, slash func(int) bool) []priceSpan {
	var out []priceSpan
	for i := 0; i < len(t); {
		if !isDigit(t[i]) {
			i++
			continue
		}
		numEnd, amount, ok := scanAmount(t, i)
		if !ok {
			i = numEnd
			continue
		}
		span, ok := priceAt(t, gap, slash, i, numEnd, amount)
		if ok {
			out = append(out, span)
			i = span.end
			continue
		}
		i = numEnd
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// scanAmount reads a decimal amount at t[i:] (1,299.00) and returns its
// end. ok is false for amounts that are not money (too many decimals,
// zero, part of a longer number).
func scanAmount(t string, i int) (end int, amount listing.Money, ok bool) {
	j := i
	for j < len(t) && isDigit(t[j]) {
		j++
	}
	// thousands groups: ,ddd not followed by another digit
	for j+3 < len(t) && t[j] == ',' && isDigit(t[j+1]) && isDigit(t[j+2]) && isDigit(t[j+3]) &&
		(j+4 == len(t) || !isDigit(t[j+4])) {
		j += 4
	}
	if j+1 < len(t) && t[j] == '.' && isDigit(t[j+1]) {
		j++
		for j < len(t) && isDigit(t[j]) {
			j++
		}
	}
	if i > 0 && (t[i-1] == '.' || isDigit(t[i-1])) {
		return j, 0, false
	}
	m, err := listing.ParseMoney(t[i:j])
	if err != nil || m <= 0 {
		return j, 0, false
	}
	return j, m, true
}

// priceAt decides whether the amount at t[i:j] is a price claim and
// returns the claim's span.
func priceAt(t string, gap, slash func(int) bool, i, j int, amount listing.Money) (priceSpan, bool) {
	s := priceSpan{start: i, end: j, low: amount, high: amount, kind: PriceKindPlain}

	// before the amount: currency marker, then keyword
	prefixed := false
	p := skipBack(t, i)
	if strings.HasSuffix(t[:p], "¥") {
		prefixed, p = true, p-len("¥")
	} else if q, ok := cutLatinSuffix(t[:p], "rmb", "cny"); ok {
		prefixed, p = true, q
	} else if strings.HasSuffix(t[:p], "人民币") {
		prefixed, p = true, p-len("人民币")
	}
	if !prefixed {
		if q, ok := ocrYenAfterKeyword(t[:p]); ok {
			prefixed, p = true, q
		}
	}
	if prefixed {
		s.start = p
		p = skipBack(t, p)
	}
	keyword := false
	if k := keywordBefore(t[:p]); k >= 0 {
		switch kw := priceKeywords[k]; {
		case kw.kind == kindCharge && negatedCharge(t[:p-len(kw.word)]):
			// 免运费59元: the price, not a fee
		case kw.kind == kindNone || kw.kind == kindCharge:
			return s, false
		default:
			keyword, s.kind, s.start = true, kw.kind, p-len(kw.word)
		}
	}
	if keyword {
		if h := t[:skipBack(t, s.start)]; s.kind != PriceKindReference && (notOwnPriceBefore(h) || chargeBefore(h)) {
			return s, false // 尾款仅需59, 2件到手89, 每件仅需9.9
		}
	} else {
		if !prefixed && i > 0 && isLetter(t[i-1]) {
			return s, false // model number: x200元
		}
		if notOwnPriceBefore(t[:p]) {
			return s, false // 2件59元, 每斤9.9元
		}
	}

	// after the amount: currency suffix, range, 起
	q, suffixed := currencyAfter(t, j)
	if suffixed && strings.HasSuffix(t[:q], "块") && !strings.Contains(t[i:j], ".") {
		if jiao, end, ok := jiaoAfter(t, gap, q); ok {
			amount += jiao // 9块9: ¥9.90
			s.low, s.high, q = amount, amount, end
		}
	}
	if suffixed {
		if coupon(t[q:]) {
			return s, false // 20元券, 5元红包
		}
		if !keyword && !gap(q) && bundleAfter(t[q:]) {
			return s, false // 99元3件, 99元任选3件: the price of a bundle
		}
		s.end = q
	}
	ranged := false
	if hi, end, marked, ok := rangeAfter(t, gap, s.end); ok && hi > amount && (prefixed || suffixed || keyword || marked) {
		s.high, s.end, ranged = hi, end, true
		if s.kind == PriceKindPlain {
			s.kind = PriceKindRange
		}
	}
	if !prefixed && !suffixed && !keyword && !ranged {
		// a bare amount is a price only as a from-price: 382起
		r := skipSpace(t, s.end)
		if strings.HasPrefix(t[r:], "起") && !fromFollower(t[r+len("起"):]) {
			s.end, s.kind = r+len("起"), PriceKindFrom
			return s, !perQuantityAfter(t, gap, slash, s.end)
		}
		return s, false
	}
	if !prefixed && !suffixed && !ranged && unitAfter(t, gap, j) {
		return s, false // 特价5折, 仅售3天
	}
	if r := skipSpace(t, s.end); s.kind == PriceKindPlain && strings.HasPrefix(t[r:], "起") && !fromFollower(t[r+len("起"):]) {
		s.end, s.kind = r+len("起"), PriceKindFrom
	}
	if perQuantityAfter(t, gap, slash, s.end) {
		return s, false // 9.9元/斤, 29.9元/件, 99元/3件: a unit or bundle price
	}
	return s, true
}

// ocrYen are the characters OCR reads a stamped ¥ or ￥ as (Tesseract's
// chi_sim and chi_tra give #, Y, 兰, 羊, 半, 丫, 了 or 六; 六 right before
// the digits of an amount is no numeral).
var ocrYen = []string{"#", "y", "兰", "羊", "半", "丫", "了", "六"}

// ocrYenAfterKeyword reports whether t ends with one misread currency sign
// right after a price keyword (到手价#59, 券后y39, 原价#199): it is taken
// for ¥ there and only there, so a bare #59 or y229 stays no price. It
// returns the position of the sign.
func ocrYenAfterKeyword(t string) (int, bool) {
	for _, y := range ocrYen {
		head, ok := strings.CutSuffix(t, y)
		if !ok {
			continue
		}
		head = head[:skipBack(head, len(head))]
		if k := keywordBefore(head); k >= 0 {
			if kind := priceKeywords[k].kind; kind == kindNone || kind == kindCharge {
				return 0, false // 满#300: a threshold stays one
			}
			return len(t) - len(y), true
		}
		return 0, false
	}
	return 0, false
}

// skipBack moves back over spaces and colons before position p.
func skipBack(t string, p int) int {
	for p > 0 && (t[p-1] == ' ' || t[p-1] == ':') {
		p--
	}
	return p
}

// skipSpace moves forward over spaces from p.
func skipSpace(t string, p int) int {
	for p < len(t) && t[p] == ' ' {
		p++
	}
	return p
}

// cutLatinSuffix reports whether s ends with one of the Latin words on a
// word boundary, and where the word starts.
func cutLatinSuffix(s string, words ...string) (int, bool) {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			k := len(s) - len(w)
			if k == 0 || !isLetter(s[k-1]) {
				return k, true
			}
		}
	}
	return 0, false
}

// currencyAfter returns the end of a currency suffix after the amount
// ending at j.
func currencyAfter(t string, j int) (int, bool) {
	r := skipSpace(t, j)
	for _, suf := range currencySuffixes {
		if !strings.HasPrefix(t[r:], suf) {
			continue
		}
		end := r + len(suf)
		if isLetter(suf[0]) && end < len(t) && isLetter(t[end]) {
			continue
		}
		if suf == "块" && strings.HasPrefix(t[end:], "装") {
			return 0, false // 3块装: pieces
		}
		return end, true
	}
	return 0, false
}

// jiaoAfter reads the tenths of a colloquial amount right after its 块
// at t[q:] (9块9, 19块9毛): one digit, not the start of a longer number
// or of a quantity (9块9件). It returns them in cents and the end.
func jiaoAfter(t string, gap func(int) bool, q int) (listing.Money, int, bool) {
	if q >= len(t) || !isDigit(t[q]) || gap(q) || q+1 < len(t) && (isDigit(t[q+1]) || t[q+1] == '.') {
		return 0, q, false
	}
	end := q + 1
	if strings.HasPrefix(t[end:], "毛") {
		end += len("毛")
	} else if !strings.HasPrefix(t[end:], "包邮") && unitAfter(t, gap, end) {
		return 0, q, false
	}
	return listing.Money(t[q]-'0') * 10, end, true
}

// coupon reports whether the words after a currency suffix make the
// amount a coupon or gift (20元券, 5元红包, 10元优惠券, 5元无门槛).
func coupon(rest string) bool {
	for _, w := range []string{"券", "红包", "优惠", "无门槛", "代金", "礼金", "补贴", "运费", "邮费"} {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// rangeAfter reads the upper end of a range (-99元, ~¥99, 至99) starting
// at p; marked says whether that end carries a currency sign or suffix.
func rangeAfter(t string, gap func(int) bool, p int) (hi listing.Money, end int, marked, ok bool) {
	r := skipSpace(t, p)
	sepFound := false
	for _, sep := range []string{"-", "~", "〜", "至", "到", "—"} {
		if strings.HasPrefix(t[r:], sep) {
			r += len(sep)
			sepFound = true
			break
		}
	}
	if !sepFound {
		return 0, 0, false, false
	}
	r = skipSpace(t, r)
	if strings.HasPrefix(t[r:], "¥") {
		r += len("¥")
		r = skipSpace(t, r)
		marked = true
	}
	if r >= len(t) || !isDigit(t[r]) {
		return 0, 0, false, false
	}
	end, hi, ok = scanAmount(t, r)
	if !ok {
		return 0, 0, false, false
	}
	if q, suffixed := currencyAfter(t, end); suffixed {
		end, marked = q, true
	} else if unitAfter(t, gap, end) {
		return 0, 0, false, false
	}
	return hi, end, marked, true
}

// unitAfter reports whether a quantity unit follows the amount ending at
// j; gap is parsePrices'.
func unitAfter(t string, gap func(int) bool, j int) bool {
	r := skipSpace(t, j)
	rest := t[r:]
	for _, kw := range priceKeywords {
		if kw.kind != "" && strings.HasPrefix(rest, kw.word) {
			return false // 59秒杀价49: the next claim, not 秒
		}
	}
	// Titles are space-separated words: "活动价79 日常" is a price followed
	// by the word 日常, not 79日. Only Latin units (180 cm) stand apart from
	// their number.
	spaced := r > j || gap(r)
	return unitPrefix(rest) > 0 && (!spaced || isLetter(rest[0]))
}

// fromFollower reports words after 起 that make it a quantity (10起发,
// 2件起批) rather than a from-price.
func fromFollower(rest string) bool {
	for _, w := range []string{"发", "批", "订", "购", "拍", "售", "送", "步", "跳", "卖"} {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// keywordsByLastByte lists the indexes in priceKeywords of the words
// ending in each byte, in list order: a lookup compares only those.
var keywordsByLastByte = func() (idx [256][]int) {
	for k, kw := range priceKeywords {
		b := kw.word[len(kw.word)-1]
		idx[b] = append(idx[b], k)
	}
	return idx
}()

// keywordBefore returns the index in priceKeywords of the first keyword s
// ends with, or -1.
func keywordBefore(s string) int {
	if s == "" {
		return -1
	}
	for _, k := range keywordsByLastByte[s[len(s)-1]] {
		if strings.HasSuffix(s, priceKeywords[k].word) {
			return k
		}
	}
	return -1
}

// negatedCharge reports whether s, the text before a charge word, negates
// it: 免运费, 包邮费, 不含运费.
func negatedCharge(s string) bool {
	c, size := utf8.DecodeLastRuneInString(s)
	return size > 0 && strings.ContainsRune(chargeNegations, c)
}

// notOwnPriceBefore reports whether s, the text before an amount or
// before its payable keyword, makes the amount something other than the
// price of the item: a bundle (2件59元, 2件到手89) or a price per unit
// (每斤9.9元, 每期8.3元, 每件仅需9.9).
func notOwnPriceBefore(s string) bool {
	return multiBuyBefore(s) || perUnitBefore(s)
}

// chargeBefore reports whether s, the text before a payable keyword, ends
// with a charge besides the price, which the keyword then states (尾款仅需59,
// 运费只要10元); not a negated one (免运费 仅需59).
func chargeBefore(s string) bool {
	k := keywordBefore(s)
	return k >= 0 && priceKeywords[k].kind == kindCharge && !negatedCharge(s[:len(s)-len(priceKeywords[k].word)])
}

// unitPrefix returns the length of the unit (priceUnits) s starts with, or
// 0.
func unitPrefix(s string) int {
	for _, u := range priceUnits {
		if strings.HasPrefix(s, u) && !(isLetter(u[0]) && len(s) > len(u) && isLetter(s[len(u)])) {
			return len(u)
		}
	}
	return 0
}

// perUnitBefore reports whether s ends with 每 and a unit, maybe counted
// (每斤, 每期, 每500g): the amount after it is a price per unit.
func perUnitBefore(s string) bool {
	tail := s[max(0, len(s)-24):] // 每, a short count and a unit; UTF-8 cannot match mid-character
	k := strings.LastIndex(tail, "每")
	if k < 0 {
		return false
	}
	rest := strings.TrimLeft(tail[k+len("每"):], "0123456789.")
	return rest != "" && unitPrefix(rest) == len(rest)
}

// perQuantityAfter reports whether the claim ending at r goes on with a
// slash or 每 and a quantity (9.9元/斤, ¥29.9/件, 39.9元/500g, 9.9元每斤,
// 99元/3件): it prices a unit or a bundle, not the item. gap and slash
// are parsePrices' (normalization drops the slash in 元/斤).
func perQuantityAfter(t string, gap, slash func(int) bool, r int) bool {
	switch {
	case strings.HasPrefix(t[r:], "/"):
		r++
	case strings.HasPrefix(t[r:], "每") && !gap(r):
		r += len("每") // not "59元 每人限购2件": a new phrase
	case !slash(r):
		return false
	}
	k := r
	for k < len(t) && (isDigit(t[k]) || k > r && t[k] == '.') {
		k++
	}
	if k == r {
		if c, size := utf8.DecodeRuneInString(t[k:]); size > 0 && strings.ContainsRune(chineseDigits, c) {
			k += size // 元/两件
		}
	}
	return unitPrefix(t[k:]) > 0
}

// stockWords before a count make it a stock, sales or purchase-limit
// figure, not the size of a bundle: 限量100件, 前100件, 仅剩3件, 已售1000件,
// 月销500件, 库存20件, 限购2件.
var stockWords = []string{"限购", "限", "前", "剩", "售", "销", "抢", "量", "存"}

// multiBuyBefore reports whether s ends with a counted quantity (2件,
// 两瓶): the amount after it is a bundle price. One item (1件59元, 第1件)
// is no bundle, nor is a stock, sales or limit count (限量100件 59元).
func multiBuyBefore(s string) bool {
	u, size := utf8.DecodeLastRuneInString(s)
	if size == 0 || !strings.ContainsRune(multiBuyUnits, u) {
		return false
	}
	s = s[:len(s)-size]
	k := len(s)
	for k > 0 && isDigit(s[k-1]) {
		k--
	}
	if k == len(s) {
		c, size := utf8.DecodeLastRuneInString(s)
		if size == 0 || !strings.ContainsRune(chineseDigits, c) {
			return false
		}
		k -= size
	}
	head := s[:k]
	if count := s[k:]; (count == "1" || count == "一") && !strings.HasSuffix(head, "+") {
		return false // but 2+1件 is three
	}
	for _, w := range stockWords {
		if strings.HasSuffix(head, w) {
			return false
		}
	}
	return true
}

// bundleAfter reports whether s, the text right after an amount and its
// currency suffix, counts the items it buys (3件, 任选3件, /3件, 两件):
// 99元3件 is the price of a bundle, not of one item. A set (四件套) is one
// item; so is a word after a space (129元 四件套, the product's name),
// which the caller checks.
func bundleAfter(s string) bool {
	for _, w := range []string{"/", "任选", "任意", "随意", "可选", "选"} {
		if r, ok := strings.CutPrefix(s, w); ok {
			s = r
			break
		}
	}
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == 0 {
		c, size := utf8.DecodeRuneInString(s)
		if size == 0 || !strings.ContainsRune(chineseDigits, c) {
			return false
		}
		i = size
	}
	u, size := utf8.DecodeRuneInString(s[i:])
	return size > 0 && strings.ContainsRune(multiBuyUnits, u) && !strings.HasPrefix(s[i+size:], "套") &&
		!(u == '包' && strings.HasPrefix(s[i+size:], "邮")) // 9块9包邮: free shipping, not 9 packs
}
