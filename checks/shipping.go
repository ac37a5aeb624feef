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
			"（新疆西藏除外、偏远地区除外、新疆、西藏不包邮）和地区范围（江浙沪包邮）只按声明的范围核对；" +
			"满99包邮、满2件包邮按运费模板的包邮条件核对。不包邮、退货包运费、运费险、包邮吗不算包邮声明。" +
			"为什么扣分：买家按包邮下单却被收运费，投诉按违背承诺处理，每次扣 4 分。" +
			"怎么改：让运费模板与宣传一致，或在宣传里写明例外地区。" +
			"例：改前「全国包邮」+ 模板对新疆收 ¥10；改后「全国包邮（新疆西藏除外）」，或把新疆的运费改为 0。",
		DocEN: "Catches a free-shipping claim (包邮, 免运费, 免邮, 全国包邮, also in traditional script) in the title, " +
			"an image, the description or the service text while the freight template charges some mainland region " +
			"(any fee above zero, remote-area surcharges included). Exceptions the claim states itself " +
			"(新疆西藏除外, 偏远地区除外) and regional claims (江浙沪包邮) are checked against just what they claim; " +
			"conditional claims (满99包邮, 满2件包邮) against the template's free-shipping conditions. 不包邮, " +
			"return-shipping insurance and questions are not claims. Why it costs: a buyer charged for shipping " +
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
	regions    []listing.Region
	except     []listing.Region
	minAmount  listing.Money
	minQty     int
}

func runFreeShipping(p *Pass) {
	var claims []shipClaim
	for t := range p.Texts() {
		for m := range p.matches(t, groupShipping) {
			claims = append(claims, p.engine.readShipClaim(t, m))
		}
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
// describes; and that fee. No regions means no violation.
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

// exceptionMarkers end an exception after a claim: 新疆西藏除外,
// 偏远地区不包邮, 新疆需补运费.
var exceptionMarkers = []string{
	"除外", "不包邮", "不包", "不发货", "不发", "不配送", "不送", "运费自理", "邮费自理",
	"补运费", "补邮费", "补差价", "另付运费", "收运费", "加运费", "运费另计", "邮费另计", "另计",
	"加收", "另加", "需加", "需补",
}

// exclusionMarkers start an exception that names its regions after them:
// 全国包邮（不含新疆西藏）, 不包括新疆、西藏.
var exclusionMarkers = []string{"不含", "不包括", "不包含"}

// exceptionAt reports the length of the exception marker at the start of
// s: one of exceptionMarkers, or 加 before an amount (新疆西藏加10元).
func exceptionAt(s string) int {
	for _, mk := range exceptionMarkers {
		if strings.HasPrefix(s, mk) {
			return len(mk)
		}
	}
	if rest, ok := strings.CutPrefix(s, "加"); ok && rest != "" && (isDigit(rest[0]) || strings.HasPrefix(rest, "¥")) {
		return len("加")
	}
	return 0
}

// readShipClaim reads the claim at m with its regional prefix (江浙沪包邮),
// its condition (满99包邮, 满2件包邮) and its exceptions ((新疆西藏除外),
// 新疆、西藏不包邮, 除偏远地区外).
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
		if rs, at, ok := e.regionsBefore(s[:p]); ok {
			c.regions = append(c.regions, rs...)
			p = at
			continue
		}
		break
	}
	c.start = p
	// exceptions after the claim, and before it in its sentence
	// (新疆西藏补邮费10元，其余包邮; 偏远地区除外包邮)
	after := clauseAfter(s, m.End, 120)
	before := clauseBefore(s, c.start, 90)
	c.except = e.markedExceptions(after, c.except)
	c.except = e.markedExceptions(before, c.except)
	// 不含新疆西藏, 不包括新疆、西藏, 除新疆西藏外 after the claim: the
	// regions follow the marker
	for _, mk := range exclusionMarkers {
		if i := strings.Index(after, mk); i >= 0 {
			c.except = append(c.except, e.regionsIn(after[i+len(mk):])...)
		}
	}
	if i := strings.Index(after, "除"); i >= 0 {
		if j := strings.Index(after[i:], "外"); j > 0 {
			c.except = append(c.except, e.regionsIn(after[i:i+j])...)
		}
	}
	// 除新疆西藏外 before the claim
	if i := strings.LastIndex(before, "除"); i >= 0 && strings.Contains(before[i:], "外") {
		c.except = append(c.except, e.regionsIn(before[i:])...)
	}
	return c
}

// markedExceptions appends to except the regions of s that an exception
// marker follows (新疆西藏除外, 偏远地区不包邮, 新疆需补运费).
func (e *Engine) markedExceptions(s string, except []listing.Region) []listing.Region {
	last := 0
	for i := 0; i < len(s); {
		if n := exceptionAt(s[i:]); n > 0 {
			except = append(except, e.regionsIn(s[last:i])...)
			i += n
			last = i
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return except
}

// conditionBefore reads a free-shipping condition that s ends with:
// 满99 / 满99元 (amount), 满2件 / 2件 / 两件 (quantity). at is where the
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
	k := i
	if strings.HasSuffix(q[:k], "¥") {
		k -= len("¥") // 满¥99
	}
	if i == j || !strings.HasSuffix(q[:k], "满") {
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
