package checks

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xundian/xundian/listing"
)

func freeShippingMismatch() *Check {
	return &Check{
		ID:       "free-shipping-mismatch",
		TitleZH:  "包邮宣传与运费模板不符",
		TitleEN:  "Free-shipping claim contradicted by the freight template",
		Severity: listing.SeverityHigh,
		Points:   4,
		Cites:    "淘宝网市场管理与违规处理规范：违背承诺（包邮承诺未履行）",
		Sources: []listing.Source{listing.SourceTitle, listing.SourceImage,
			listing.SourceDescription, listing.SourceService},
		Doc: "发现：标题、图片、详情或服务说明写了包邮（包郵、免运费、免邮、全国包邮、卖家包邮），" +
			"而运费模板对某个大陆地区仍收运费（哪怕 0.01 元，偏远地区加价也算）。声明自带的例外" +
			"（新疆西藏除外、偏远地区除外、除新疆西藏、新疆、西藏不包邮，写在同一句或紧挨着的上一句、下一句）" +
			"和地区范围（江浙沪包邮、包邮区域：江浙沪）只按声明的范围核对；满99包邮、满2件包邮按运费模板" +
			"的包邮条件、以正好 99 元或 2 件的订单核对（运费模板由店铺多个商品共用）。不包邮、退货包运费、运费险、包邮券、包邮吗不算包邮声明。" +
			"为什么扣分：买家按包邮下单却被收运费，投诉按违背承诺处理，每次扣 4 分。" +
			"怎么改：让运费模板与宣传一致，或在宣传里写明例外地区。" +
			"例：改前「全国包邮」+ 模板对新疆收 ¥10；改后「全国包邮（新疆西藏除外）」，或把新疆的运费改为 0。",
		DocEN: "Catches a free-shipping claim (包邮, 免运费, 免邮, 全国包邮, also in traditional script) in the title, " +
			"an image, the description or the service text while the freight template charges some mainland region " +
			"(any fee above zero, remote-area surcharges included). Exceptions the claim states itself " +
			"(新疆西藏除外, 偏远地区除外, 除新疆西藏; in its sentence or the one right before or after it) and " +
			"regional claims (江浙沪包邮, 包邮区域：江浙沪) are checked against just what they claim; conditional " +
			"claims (满99包邮, 满2件包邮) against the template's free-shipping conditions, for an order of exactly " +
			"99.00 or 2 items. 不包邮, return shipping, shipping insurance, coupons (包邮券) and questions are not claims. " +
			"Why it costs: a buyer charged for shipping " +
			"after a 包邮 promise complains and the platform deducts 4 points for breaking a promise. Fix: make " +
			"the template match the claim, or state the exception. Example: before 全国包邮 with ¥10 charged to " +
			"Xinjiang; after 全国包邮（新疆西藏除外）, or Xinjiang's fee set to 0.",
		Run: runFreeShipping,
	}
}

// shipClaim is one 包邮 claim read with its context.
type shipClaim struct {
	text       *Text
	start, end int // normalized span: condition and regions included
	// from, to bound the text read for the claim's exceptions.
	from, to  int
	regions   []listing.Region
	except    []listing.Region
	minAmount listing.Money
	minQty    int
}

func runFreeShipping(p *Pass) {
	var claims []shipClaim
	for t := range p.Texts() {
		first := len(claims)
		for m := range p.matches(t, groupShipping) {
			claims = append(claims, p.engine.readShipClaim(t, m))
		}
		exceptRegionalClaims(claims[first:])
	}
	if len(claims) == 0 {
		return
	}
	tpl := p.Listing.Freight
	if tpl == nil {
		p.CouldNotCheck("包邮声明无运费模板可核对")
		return
	}
	lowest := p.Listing.LowestPayable()
	for _, c := range claims {
		if lowest == 0 && c.minAmount == 0 && hasAmountCondition(tpl) {
			p.CouldNotCheck("无可支付价格，无法判断满额包邮条件")
			continue
		}
		rs, fee := c.violation(tpl, lowest)
		if len(rs) == 0 {
			continue
		}
		r := regionList(rs)
		quote, _ := c.text.N.Quote(c.start, c.end)
		src := c.text.Source
		var zh, en string
		switch {
		case c.minAmount > 0:
			zh = fmt.Sprintf("%s写%s，运费模板对满 %s 的订单仍向%s收取 %s", sourceZH(src), quote, c.minAmount.Yuan(), r, fee.Yuan())
			en = fmt.Sprintf("%s claims %q, but the freight template still charges %s to %s on an order of %s.", sourceEN(src), quote, fee.Yuan(), r, c.minAmount.Yuan())
		case c.minQty > 1:
			zh = fmt.Sprintf("%s写%s，运费模板对 %d 件的订单仍向%s收取 %s", sourceZH(src), quote, c.minQty, r, fee.Yuan())
			en = fmt.Sprintf("%s claims %q, but the freight template still charges %s to %s for %d items.", sourceEN(src), quote, fee.Yuan(), r, c.minQty)
		default:
			zh = fmt.Sprintf("%s写%s，运费模板对%s收取 %s", sourceZH(src), quote, r, fee.Yuan())
			en = fmt.Sprintf("%s claims %q, but the freight template charges %s to %s.", sourceEN(src), quote, fee.Yuan(), r)
		}
		p.Report(c.text, c.start, c.end, zh, en)
		return
	}
}

// exceptRegionalClaims removes from each claim without regions of its own
// the regions that another claim near it names for itself: in 全国包邮，
// 偏远地区满200包邮 the remote areas are promised 满200, not 全国包邮;
// the regional claim checks them.
func exceptRegionalClaims(cs []shipClaim) {
	for i := range cs {
		if cs[i].regions != nil {
			continue
		}
		for _, o := range cs {
			if o.regions != nil && o.start < cs[i].to && o.end > cs[i].from {
				cs[i].except = append(cs[i].except, o.regions...)
			}
		}
	}
}

func hasAmountCondition(t *listing.FreightTemplate) bool {
	for _, c := range t.FreeConditions {
		if c.MinAmount > 0 {
			return true
		}
	}
	return false
}

// violation returns the mainland regions (in administrative order) that
// the claim covers, the template delivers to, and the template charges
// the same fee as the first charged one, for the order the claim
// describes; and that fee. No regions means no violation. The order
// 满99包邮 describes is one of 99.00, whatever this listing costs: the
// template is shared, so a buyer's 99.00 of the shop's goods under it
// must ship free.
func (c shipClaim) violation(tpl *listing.FreightTemplate, lowest listing.Money) ([]listing.Region, listing.Money) {
	amount, qty := lowest, 1
	switch {
	case c.minAmount > 0:
		amount = c.minAmount
	case c.minQty > 1:
		amount, qty = lowest*listing.Money(c.minQty), c.minQty
	}
	var out []listing.Region
	var first listing.Money
	for _, r := range listing.MainlandRegions() {
		if c.regions != nil && !containsRegion(c.regions, r) {
			continue
		}
		if containsRegion(c.except, r) || !tpl.Delivers(r) {
			continue
		}
		fee := tpl.ChargeFor(r, amount, qty)
		if fee > 0 && (first == 0 || fee == first) {
			first = fee
			out = append(out, r)
		}
	}
	return out, first
}

// regionList names up to three regions: 西藏、新疆 or 北京、天津、河北等31个地区.
func regionList(rs []listing.Region) string {
	var parts []string
	for i, r := range rs {
		if i == 3 {
			return strings.Join(parts, "、") + fmt.Sprintf("等%d个地区", len(rs))
		}
		parts = append(parts, string(r))
	}
	return strings.Join(parts, "、")
}

// exceptionMarkers end an exception after the regions it names:
// 新疆西藏除外, 偏远地区不包邮, 新疆需补运费, 新疆西藏运费到付, 新疆西藏
// 快递不到.
var exceptionMarkers = []string{
	"除外", "不包邮", "不包", "不发货", "不发", "不配送", "不送", "运费自理", "邮费自理",
	"补运费", "补邮费", "补差价", "另付运费", "另付", "收运费", "加运费", "运费另计", "邮费另计", "另计",
	"加收", "另加", "需加", "需补", "到付", "不到",
}

// amountMarkers end an exception when an amount follows them: 新疆西藏加10元,
// 新疆西藏补10元, 新疆西藏运费15元.
var amountMarkers = []string{"加", "补", "运费", "邮费"}

// exclusionMarkers start an exception that names its regions after them:
// 全国包邮（不含新疆西藏）, 不包括新疆、西藏, 除新疆西藏外, 除了新疆西藏.
var exclusionMarkers = []string{"不含", "不包括", "不包含", "除了", "除去", "除"}

// exceptionAt reports the length of the exception marker at the start of
// s: one of exceptionMarkers, or one of amountMarkers before an amount.
func exceptionAt(s string) int {
	if mk := prefixOf(s, exceptionMarkers); mk != "" {
		return len(mk)
	}
	for _, mk := range amountMarkers {
		if rest, ok := strings.CutPrefix(s, mk); ok && rest != "" && (isDigit(rest[0]) || strings.HasPrefix(rest, "¥")) {
			return len(mk)
		}
	}
	return 0
}

// endsWithExclusion reports whether s ends with an exclusion marker: the
// regions after it (除新疆西藏包邮) are excepted, not claimed.
func endsWithExclusion(s string) bool { return suffixOf(s, exclusionMarkers) != "" }

// exclusionAt reports the length of the exclusion marker at the start of
// s (除外 ends an exception instead).
func exclusionAt(s string) int {
	if strings.HasPrefix(s, "除外") {
		return 0
	}
	return len(prefixOf(s, exclusionMarkers))
}

// readShipClaim reads the claim at m with its regional prefix (江浙沪包邮)
// or suffix (包邮区域：江浙沪), its condition (满99包邮, 满2件包邮) and its
// exceptions ((新疆西藏除外), 新疆、西藏不包邮, 除偏远地区外).
func (e *Engine) readShipClaim(t *Text, m termMatch) shipClaim {
	s := t.N.Text
	c := shipClaim{text: t, start: m.Start, end: m.End}
	p := m.Start
	for range 3 {
		q := strings.TrimSuffix(s[:p], "即可")
		for _, w := range []string{"即", "就", "可", "均", "都"} {
			q = strings.TrimSuffix(q, w)
		}
		if amt, qty, at, ok := conditionBefore(q); ok {
			if amt > 0 {
				c.minAmount = amt
			}
			if qty > 0 {
				c.minQty = qty
			}
			p = at
			continue
		}
		// 全国包邮 names its regions itself: 正宗宁夏全国包邮 is no
		// regional claim
		if strings.HasPrefix(m.Term, "全国") {
			break
		}
		if rs, at, ok := e.regionsBefore(s[:p]); ok && !endsWithExclusion(s[:at]) {
			c.regions = append(c.regions, rs...)
			p = at
			continue
		}
		break
	}
	c.start = p
	if c.regions == nil {
		if rs, n := e.regionsAfterClaim(s[m.End:]); rs != nil {
			c.regions, c.end = rs, m.End+n
		}
	}
	// exceptions in the claim's sentence, after it and before it
	// (新疆西藏补邮费10元，其余包邮; 偏远地区除外包邮), and in a sentence
	// next to it that states exceptions but makes no claim of its own
	// (全国包邮！新疆西藏除外; 全国包邮 and 新疆西藏除外 on two lines)
	after := clauseAfter(s, c.end, 120)
	before := clauseBefore(s, c.start, 90)
	c.from, c.to = c.start-len(before), c.end+len(after)
	c.except = e.markedExceptions(after, c.except)
	c.except = e.markedExceptions(before, c.except)
	c.except = append(c.except, e.exceptedBefore(before)...)
	if at := nextClause(s, c.to); at > c.to {
		if next := clauseAfter(s, at, 120); !hasClaim(t, at, at+len(next)) {
			c.except = e.markedExceptions(next, c.except)
		}
	}
	if at := prevClause(s, c.from); at < c.from {
		if prev := clauseBefore(s, at, 90); !hasClaim(t, at-len(prev), at) {
			c.except = e.markedExceptions(prev, c.except)
		}
	}
	return c
}

// hasClaim reports whether a 包邮 claim of t lies in [from, to).
func hasClaim(t *Text, from, to int) bool {
	for _, m := range t.matches {
		if m.Group == groupShipping && m.Start < to && m.End > from {
			return true
		}
	}
	return false
}

// regionsAfterClaim reads the regions a claim names after it (包邮区域：
// 江浙沪皖, 包邮地区为江浙沪, 包邮（仅限江浙沪）) and how far they reach. A
// list an exception marker ends (包邮区域：新疆西藏除外) is no scope.
func (e *Engine) regionsAfterClaim(s string) ([]listing.Region, int) {
	q, paren := strings.CutPrefix(s, "(")
	named := false
	for _, w := range []string{"区域", "地区", "范围", "省份"} {
		if r, ok := strings.CutPrefix(q, w); ok {
			q, named = r, true
			break
		}
	}
	for _, w := range []string{":", "为", "是", "仅限", "只限", "限"} {
		if r, ok := strings.CutPrefix(q, w); ok {
			q, named = r, true
			break
		}
	}
	if !named {
		return nil, 0
	}
	rs, n := e.regionListAfter(q)
	if rs == nil || exceptionAt(q[n:]) > 0 {
		return nil, 0
	}
	if paren && strings.HasPrefix(q[n:], ")") {
		n++
	}
	return rs, len(s) - len(q) + n
}

// exceptedBefore returns the regions a claim's sentence excepts with 以外
// or 之外 right before the claim: 新疆西藏以外全国包邮, 偏远地区以外的其他地区包邮.
func (e *Engine) exceptedBefore(before string) []listing.Region {
	q := before
	for trimmed := true; trimmed; {
		trimmed = false
		for _, w := range []string{"地区", "其他", "其它", "其余", "全国", "的", ",", "均", "都", "可"} {
			if r, ok := strings.CutSuffix(q, w); ok {
				q, trimmed = r, true
			}
		}
	}
	for _, w := range []string{"以外", "之外"} {
		if r, ok := strings.CutSuffix(q, w); ok {
			return e.regionListBefore(r)
		}
	}
	return nil
}

// markerFirsts holds the first character of every exception, amount and
// exclusion marker: markedExceptions only tries the markers where one is.
var markerFirsts = func() string {
	var b strings.Builder
	for _, list := range [][]string{exceptionMarkers, amountMarkers, exclusionMarkers} {
		for _, mk := range list {
			r, _ := utf8.DecodeRuneInString(mk)
			if !strings.ContainsRune(b.String(), r) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}()

// markedExceptions appends to except the regions s excepts: the list of
// regions right before an exception marker (新疆西藏除外, 偏远地区不包邮,
// 新疆需补运费) and right after an exclusion marker (不含新疆西藏, 除新疆西藏
// 外). Only a list touching the marker counts, so a region in a product
// name (新疆棉 不发黄, 内蒙古牛肉干 另加赠品) excepts nothing.
func (e *Engine) markedExceptions(s string, except []listing.Region) []listing.Region {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !strings.ContainsRune(markerFirsts, r) {
			i += size
			continue
		}
		if n := exclusionAt(s[i:]); n > 0 {
			rs, _ := e.regionListAfter(s[i+n:])
			except = append(except, rs...)
			i += n
			continue
		}
		if n := exceptionAt(s[i:]); n > 0 {
			except = append(except, e.regionListBefore(s[:i])...)
			i += n
			continue
		}
		i += size
	}
	return except
}

// conditionBefore reads a free-shipping condition that s ends with:
// 满99 / 满99元 / 满九十九元 (amount), 满2件 / 2件 / 两件 (quantity). at is where the
// condition starts.
func conditionBefore(s string) (amount listing.Money, qty int, at int, ok bool) {
	// 2件起, 2件以上, 两件及以上, 满99元以上: the count or amount is the least
	for _, w := range []string{"及以上", "或以上", "以上", "起"} {
		if q, found := strings.CutSuffix(s, w); found {
			s = q
			break
		}
	}
	if q, found := strings.CutSuffix(s, "件"); found {
		n, k := numberBefore(q)
		if n <= 0 {
			return 0, 0, 0, false
		}
		at = k
		if strings.HasSuffix(q[:k], "满") {
			at -= len("满")
		}
		return 0, n, at, true
	}
	q := s
	for _, suf := range []string{"元", "块"} {
		if r, found := strings.CutSuffix(q, suf); found {
			q = r
			break
		}
	}
	j := len(q)
	i := j
	for i > 0 && (isDigit(q[i-1]) || q[i-1] == '.') {
		i--
	}
	if i == j {
		// 满九十九元包邮
		if n, k := chineseNumberBefore(q); n > 0 && strings.HasSuffix(q[:k], "满") {
			return listing.Money(n) * 100, 0, k - len("满"), true
		}
		return 0, 0, 0, false
	}
	k := i
	if strings.HasSuffix(q[:k], "¥") {
		k -= len("¥") // 满¥99
	}
	if !strings.HasSuffix(q[:k], "满") {
		return 0, 0, 0, false
	}
	m, err := listing.ParseMoney(q[i:j])
	if err != nil || m <= 0 {
		return 0, 0, 0, false
	}
	return m, 0, k - len("满"), true
}

// numberBefore reads a small count that s ends with, in digits or
// Chinese numerals, and returns it and where it starts.
func numberBefore(s string) (int, int) {
	i := len(s)
	for i > 0 && isDigit(s[i-1]) {
		i--
	}
	if i < len(s) {
		n := 0
		for _, c := range s[i:] {
			n = n*10 + int(c-'0')
			if n > 1e6 {
				return 0, len(s)
			}
		}
		return n, i
	}
	return chineseNumberBefore(s)
}

// regionsBefore reads region names that s ends with (江浙沪, 江苏、浙江、
// 上海, 广东省内, optionally followed by 地区), and where they start.
func (e *Engine) regionsBefore(s string) ([]listing.Region, int, bool) {
	p := len(s)
	for _, w := range []string{"地区", "区域", "范围内", "省内", "省", "市内", "市"} {
		if strings.HasSuffix(s[:p], w) {
			// 广东省内 is a name itself; only strip when a name precedes
			if n, _ := e.regionNameBefore(s[:p-len(w)]); n > 0 {
				p -= len(w)
			}
			break
		}
	}
	var rs []listing.Region
	for {
		n, regs := e.regionNameBefore(s[:p])
		if n == 0 {
			break
		}
		rs = append(rs, regs...)
		p -= n
		q := p
		for _, j := range []string{"、", ",", "和", "及", "与"} {
			if strings.HasSuffix(s[:q], j) {
				q -= len(j)
				break
			}
		}
		if n2, _ := e.regionNameBefore(s[:q]); n2 == 0 {
			break
		}
		p = q
	}
	if len(rs) == 0 {
		return nil, 0, false
	}
	return rs, p, true
}
