package checks

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xundian/xundian/listing"
)

// shippingPromise is the shipping-promise check: a dispatch promise in the
// title, description or service text faster than the configured handling
// time.
func shippingPromise() *Check {
	return &Check{
		ID:       "shipping-promise",
		TitleZH:  "发货时效承诺与设置不符",
		TitleEN:  "Dispatch promise faster than the configured handling time",
		Severity: listing.SeverityHigh,
		Points:   6,
		Cites:    "淘宝网市场管理与违规处理规范：违背承诺（发货时间）",
		Sources: []listing.Source{listing.SourceTitle, listing.SourceDescription,
			listing.SourceService},
		Doc: "发现：标题、详情或服务说明承诺的发货时间比商品设置的发货时间短：当天发货、当日发货、今日发货、" +
			"现货秒发算 24 小时；次日发货、隔天发货算 48 小时；「N小时内发货」算 N 小时；「N天内发货」算 24×N 小时，" +
			"「N周内」算 168×N 小时，范围（3-5天发货）按最长的算，「7天左右发货」「24小时出货」「发货时间：付款后48小时内」" +
			"也算承诺。预售的发货日期（3月5日发货）不是时效；否定或尽量的说法（不能保证当天发货、尽量当天发）、" +
			"店铺统计（24小时发货率98%）和物流时效（次日达）不算承诺。" +
			"为什么扣分：买家按承诺的时间等货，超时发货投诉按违背承诺扣 6 分，活动期间还会被取消资格。" +
			"怎么改：承诺不快于后台设置的发货时间，或把后台时效改到能做到的时间。" +
			"例：改前标题「当天发货」、后台 48 小时；改后「48小时内发货」。",
		DocEN: "Catches title, description or service text promising dispatch faster than the listing's configured " +
			"handling time: 当天发货, 当日发货, 今日发货, 现货秒发 = 24 h; 次日发货, 隔天发货 = 48 h; N小时(内)发货 = N h; " +
			"N天(内)发货 = 24·N h; N周内 = 168·N h; a range (3-5天发货) counts by its longest end; 7天左右发货, 24小时出货 " +
			"and a label (发货时间：付款后48小时内) promise too. A presale date (3月5日发货) is no duration, and a negated or " +
			"hedged promise (不能保证当天发货, 尽量当天发), a shop statistic (24小时发货率98%) or a delivery service (次日达) is no " +
			"promise. Why it costs: buyers wait by the promise, and late dispatch is upheld as breaking a " +
			"promise, 6 points, and can bar the listing from events. Fix: promise no faster than the configured " +
			"handling time, or configure what you can do. Example: before 当天发货 with 48 h configured; after " +
			"48小时内发货.",
		Run: runShippingPromise,
	}
}

// runShippingPromise reports the first dispatch promise faster than the
// listing's configured handling time.
func runShippingPromise(p *Pass) {
	l := p.Listing
	promised := false
	for t := range p.Texts() {
		for m := range p.matches(t, groupPromise) {
			hours, start, end, ok := promiseHours(t.N, m)
			if !ok || asked(t.N.Text[end:]) {
				continue
			}
			promised = true
			if !l.HasHandling || hours >= l.HandlingHours {
				continue
			}
			quote, _ := t.N.Quote(start, end)
			p.Report(t, start, end,
				fmt.Sprintf("%s承诺%s（%d小时），但发货时间设置为%d小时", sourceZH(t.Source), quote, hours, l.HandlingHours),
				fmt.Sprintf("%s promises %q (%d h), but the configured handling time is %d h.", sourceEN(t.Source), quote, hours, l.HandlingHours))
			return
		}
	}
	if promised && !l.HasHandling {
		p.CouldNotCheck("有发货时效承诺但商品无发货时间设置")
	}
}

// promiseHours returns the hours a promise match stands for and the span
// [start, end) of the promise; ok is false when the match is no promise.
//
// Fixed terms carry their hours. A fixed term whose hours end in "$" is a
// bare verb (当天发) and promises only where it ends a clause (see
// endsClause): 当天发的快递 and 当天发布 are no promises. "n" terms (发货,
// 发出, 出货, 内发) read the duration before them: 48小时(内), 3天(内),
// 两个工作日内, 一周内, also with a few words in between (24小时内安排发货,
// 7天左右发货), or, after a label, the duration after them (发货时间：付款
// 后48小时内). A bare 发货 without a duration is no promise, and neither
// is a date: a number of 日 after a month (3月5日发货; 5号发货 has no unit
// at all). A promise negated right before it (不能保证当天发货, 无法保证24
// 小时发货) is no promise either, and neither is a rate (24小时发货率98%
// reports the shop's past dispatch, it promises nothing).
func promiseHours(n Normalized, m termMatch) (hours, start, end int, ok bool) {
	s := n.Text
	if strings.HasPrefix(s[m.End:], "率") {
		return 0, 0, 0, false
	}
	if m.Data != "n" {
		data, bare := strings.CutSuffix(m.Data, "$")
		h, err := strconv.Atoi(data)
		if err != nil || bare && !endsClause(n, m.End) || negatedBefore(s[:m.Start]) {
			return 0, 0, 0, false
		}
		return h, m.Start, m.End, true
	}
	if m.Term == "内发" && (strings.HasPrefix(s[m.End:], "货") || strings.HasPrefix(s[m.End:], "出")) {
		return 0, 0, 0, false // the 发货 / 发出 match reads it whole
	}
	p := m.Start
	if m.Term != "内发" {
		p = trimFillers(s[:p])
		p -= withinSuffix(s[:p])
	}
	unit, unitWord := durationUnitBefore(s[:p])
	if unit == 0 {
		if m.Term == "内发" {
			return 0, 0, 0, false
		}
		return labelledDuration(s, m)
	}
	p -= len(unitWord)
	num, at := numberBefore(s[:p])
	if num <= 0 || num > 10000 {
		return 0, 0, 0, false
	}
	if unitWord == "日" && strings.HasSuffix(s[:at], "月") {
		return 0, 0, 0, false // 3月5日发货 is a date, not five days
	}
	if negatedBefore(s[:at]) {
		return 0, 0, 0, false
	}
	return num * unit, at, m.End, true
}

// durationUnits are the units of a promised duration and their hours.
// 月 needs its 个 (3个月内发货): 3月发货 is a month, not a duration.
var durationUnits = []struct {
	word  string
	hours int
}{{"个小时", 1}, {"小时", 1}, {"h", 1}, {"个工作日", 24}, {"工作日", 24}, {"天", 24}, {"日", 24},
	{"个星期", 168}, {"星期", 168}, {"周", 168}, {"个月", 720}}

// durationUnitBefore returns the hours of the duration unit s ends with
// and the unit, or 0.
func durationUnitBefore(s string) (int, string) {
	for _, u := range durationUnits {
		if strings.HasSuffix(s, u.word) {
			return u.hours, u.word
		}
	}
	return 0, ""
}

// withinWords close a duration: 48小时内, 3天之内, 两周以内.
var withinWords = []string{"之内", "以内", "内"}

// withinSuffix returns the length of the within word s ends with, or 0.
func withinSuffix(s string) int { return len(suffixOf(s, withinWords)) }

// dispatchLabels name the dispatch time in a "label: value" line
// (发货时间：付款后48小时内, 发货时效：24小时, 发货周期：7-15天).
var dispatchLabels = []string{"时间", "时效", "周期", "期限"}

// labelConditions may stand between a dispatch label and its duration
// (发货时间：付款后48小时内, 发货时间：一般3天内).
var labelConditions = []string{"付款后", "下单后", "拍下后", "支付后", "付款", "下单", "拍下", "一般", "预计", "大约", "约", "在"}

// labelledDuration reads the duration after a dispatch term used as a
// label: the term, then a label word (时间, 时效, …), a colon or both,
// then conditions and a duration (发货时间：付款后48小时内, 发货：3-5天).
// The promise spans from the term to the duration's end (with its 内).
// Without a label word and a colon the words after 发货 are no promise
// (发货后24小时内更新物流).
func labelledDuration(s string, m termMatch) (hours, start, end int, ok bool) {
	rest := s[m.End:]
	labelled := false
	for _, w := range dispatchLabels {
		if r, ok := strings.CutPrefix(rest, w); ok {
			rest, labelled = r, true
			break
		}
	}
	if r, ok := strings.CutPrefix(rest, ":"); ok {
		rest, labelled = r, true
	} else if r, ok := strings.CutPrefix(rest, "为"); ok && labelled {
		rest = r
	}
	if !labelled {
		return 0, 0, 0, false
	}
	rest = strings.TrimLeft(rest, " ")
	for range 3 {
		trimmed := false
		for _, w := range labelConditions {
			if r, ok := strings.CutPrefix(rest, w); ok {
				rest, trimmed = r, true
				break
			}
		}
		if !trimmed {
			break
		}
	}
	// The number, or a range of numbers (3-5天, 3到7天): the last one
	// counts, as before a term.
	i := 0
	for i < len(rest) {
		r, size := utf8.DecodeRuneInString(rest[i:])
		if !isDigit(rest[i]) && !strings.ContainsRune("零一二两三四五六七八九十-~至到", r) {
			break
		}
		i += size
	}
	numEnd := len(s) - len(rest) + i
	var unit int
	var unitWord string
	for _, u := range durationUnits {
		if strings.HasPrefix(rest[i:], u.word) {
			unit, unitWord = u.hours, u.word
			break
		}
	}
	if unit == 0 {
		return 0, 0, 0, false
	}
	num, _ := numberBefore(s[:numEnd])
	if num <= 0 || num > 10000 {
		return 0, 0, 0, false
	}
	end = numEnd + len(unitWord)
	if strings.HasPrefix(s[end:], "前") {
		return 0, 0, 0, false // 发货时间：5日前 is a date
	}
	for _, w := range withinWords {
		if strings.HasPrefix(s[end:], w) {
			end += len(w)
			break
		}
	}
	return num * unit, m.Start, end, true
}

// asked reports whether the text after a promise makes it a question
// (能当天发货吗？ in a FAQ): a question promises nothing.
func asked(rest string) bool {
	rest = strings.TrimPrefix(rest, "呢")
	for _, w := range []string{"吗", "么", "嘛", "?", "？"} {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// promiseFillers are words that may stand between a duration and 发货 /
// 发出 without changing the promise (24小时内安排发货, 48小时为您发出,
// 3天内陆续发货, 7天左右发货: an estimate is still what the buyer waits by).
var promiseFillers = []string{"安排", "为您", "为你", "给您", "给你", "给亲", "即可", "立即", "马上", "尽快",
	"陆续", "统一", "左右", "就", "会", "可", "均", "都"}

// trimFillers returns the length of s without the promise fillers it
// ends with (at most three).
func trimFillers(s string) int { return trimWordsBefore(s, promiseFillers) }

// promiseHedges are words between a negation and the promise it negates
// (不能保证当天发货, 无法做到24小时发货, 不一定能当天发).
var promiseHedges = []string{"保证", "承诺", "确保", "做到", "支持", "能够", "能", "可以", "会", "是"}

// promiseNegations negate a promise they stand right before, after any
// hedges. 不 alone covers 不能, 不保证, 不是 and 不支持 through the hedges.
var promiseNegations = []string{"不一定", "未必", "无法", "没法", "没办法", "难以", "不", "没", "非"}

// promiseSofteners before a promise, after any hedges, turn it into an
// effort: 尽量当天发货, 争取24小时内发出 promise nothing.
var promiseSofteners = []string{"尽量", "尽可能", "争取", "力争", "努力"}

// negatedBefore reports whether s, the text before a promise, ends with a
// negation or a softener of it, possibly followed by hedges: 大促期间不能
// 保证 (当天发货), 尽量 (当天发货). 不超过 (24小时发货) does not negate: the
// promise is still made.
func negatedBefore(s string) bool {
	p := trimWordsBefore(s, promiseHedges)
	return suffixOf(s[:p], promiseNegations) != "" || suffixOf(s[:p], promiseSofteners) != ""
}

// endsClause reports whether a bare promise verb ending at byte end of n
// ends its clause: the text ends there, punctuation follows, or the
// original text had a space there (现货 当日发 T恤). 当天发的快递 and
// 当天发布 go on with a Chinese character and are no promise.
func endsClause(n Normalized, end int) bool {
	if end >= len(n.Text) || n.gapBefore(end) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(n.Text[end:])
	return classOf(r) == classOther
}
