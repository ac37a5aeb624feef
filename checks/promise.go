package checks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xundian/xundian/listing"
)

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
			"现货秒发算 24 小时；次日发货、隔天发货算 48 小时；「N小时内发货」算 N 小时；「N天内发货」算 24×N 小时。" +
			"为什么扣分：买家按承诺的时间等货，超时发货投诉按违背承诺扣 6 分，活动期间还会被取消资格。" +
			"怎么改：承诺不快于后台设置的发货时间，或把后台时效改到能做到的时间。" +
			"例：改前标题「当天发货」、后台 48 小时；改后「48小时内发货」。",
		DocEN: "Catches title, description or service text promising dispatch faster than the listing's configured " +
			"handling time: 当天发货, 当日发货, 今日发货, 现货秒发 = 24 h; 次日发货, 隔天发货 = 48 h; N小时(内)发货 = N h; " +
			"N天(内)发货 = 24·N h. Why it costs: buyers wait by the promise, and late dispatch is upheld as breaking a " +
			"promise, 6 points, and can bar the listing from events. Fix: promise no faster than the configured " +
			"handling time, or configure what you can do. Example: before 当天发货 with 48 h configured; after " +
			"48小时内发货.",
		Run: runShippingPromise,
	}
}

func runShippingPromise(p *Pass) {
	l := p.Listing
	promised := false
	for t := range p.Texts() {
		for m := range p.matches(t, groupPromise) {
			hours, start, ok := promiseHours(t.N.Text, m)
			if !ok {
				continue
			}
			promised = true
			if !l.HasHandling || hours >= l.HandlingHours {
				continue
			}
			quote, _ := t.N.Quote(start, m.End)
			p.Report(t, start, m.End,
				fmt.Sprintf("%s承诺%s（%d小时），但发货时间设置为%d小时", sourceZH(t.Source), quote, hours, l.HandlingHours),
				fmt.Sprintf("%s promises %q (%d h), but the configured handling time is %d h.", sourceEN(t.Source), quote, hours, l.HandlingHours))
			return
		}
	}
	if promised && !l.HasHandling {
		p.CouldNotCheck("有发货时效承诺但商品无发货时间设置")
	}
}

// promiseHours returns the hours a promise match stands for and where
// the promise starts. Fixed terms carry their hours; "n" terms (发货,
// 发出, 内发) read the number and unit before them: 48小时(内), 3天(内),
// 两个工作日内. A bare 发货 without a number is no promise.
func promiseHours(s string, m termMatch) (hours, start int, ok bool) {
	if m.Data != "n" {
		h, err := strconv.Atoi(m.Data)
		return h, m.Start, err == nil
	}
	if m.Term == "内发" && (strings.HasPrefix(s[m.End:], "货") || strings.HasPrefix(s[m.End:], "出")) {
		return 0, 0, false // the 发货 / 发出 match reads it whole
	}
	p := m.Start
	if m.Term != "内发" {
		for _, w := range []string{"之内", "以内", "内"} {
			if strings.HasSuffix(s[:p], w) {
				p -= len(w)
				break
			}
		}
	}
	var unit int
	for _, u := range []struct {
		word  string
		hours int
	}{{"个小时", 1}, {"小时", 1}, {"h", 1}, {"个工作日", 24}, {"工作日", 24}, {"天", 24}, {"日", 24}} {
		if strings.HasSuffix(s[:p], u.word) {
			p -= len(u.word)
			unit = u.hours
			break
		}
	}
	if unit == 0 {
		return 0, 0, false
	}
	n, at := numberBefore(s[:p])
	if n <= 0 || n > 10000 {
		return 0, 0, false
	}
	return n * unit, at, true
}
