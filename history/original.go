package history

import (
	"fmt"

	"github.com/xundian/xundian/listing"
)

// OriginalPriceDays is the look-back of the price-law definition of 原价:
// the lowest price actually charged in the 7 days before a promotion.
const OriginalPriceDays = 7

func fakeOriginalPrice() *Rule {
	r := &Rule{
		ID:       "fake-original-price",
		TitleZH:  "虚构原价",
		TitleEN:  "Fictitious original price",
		Cites:    "《明码标价和禁止价格欺诈规定》第十九条（原价为促销前七日内最低成交价）",
		Points:   0,
		Severity: listing.SeverityHigh,
		Doc: `划线价/原价高于它出现之前 7 天内实际收取过的最低价格。按价格法规定，促销时标示的"原价"
必须是本次促销前七日内的最低成交价；标高原价再打折属于价格欺诈，会被市场监管部门处罚，
大促期间平台也会下架商品、取消活动资格。

怎么判：从最近一次巡店往前，找到划线价连续保持当前数值的起点（促销开始那天），取那天之前
7 个自然日内（以及第 7 天开始时仍在生效的价格）每次巡店看到的到手价（有促销价用促销价，
否则用标价）的最低值；划线价高于它即违规。
- 巡店历史不足：划线价出现之前的记录不满 7 天，或全部历史不满 7 天时，结论是"历史不足"
  （无法检查），不做猜测、不报问题。
- 从有记录起就一直显示、且历史已满 7 天的划线价，视为长期标示的参考价（吊牌价），
  7 日规则只判断新出现或被改动的划线价，结论为"不适用"。
- 没有划线价：不适用。

怎么改：去掉划线价，或改为前 7 天内真实成交过的最低价；要标吊牌价请写明"吊牌价"。
例：11-01 至 11-07 一直卖 ¥129，11-08 起标"原价 ¥199 现价 ¥129" → 违规；
改为 11-01 起卖 ¥199，11-08 降到 ¥129 并标原价 ¥199 → 合规。`,
		DocEN: `A strike-through / "original" price higher than the lowest price actually charged
during the 7 days before it appeared. Under the price law an "original price" shown in a
promotion must be the lowest price transacted in the 7 days before the promotion; inflating
it is price fraud, fined by the market regulator and a reason for the platform to pull the
listing from an event.

How it is judged: going back from the latest patrol, find where the strike-through price
took its current value (the promotion's start); take the price a buyer paid (the
promotional price when shown, else the list price) at every patrol in the 7 calendar days
before that day, plus the price still in effect when that window opened; the
strike-through price must not exceed their minimum.
- Insufficient history: fewer than 7 days recorded before the strike-through appeared, or
  fewer than 7 days of history at all — the outcome is "insufficient history"
  (could-not-check), never a guess and never a finding.
- A strike-through price shown unchanged since the first recorded patrol, with 7 or more
  days of history, is a standing reference price (tag price); the 7-day rule judges a
  strike-through from the day it appears or changes: not applicable.
- No strike-through price: not applicable.

Fix: remove the strike-through price or set it to the lowest price actually charged in the
7 days before; label a tag price as 吊牌价. Example: ¥129 from 11-01 to 11-07, then
"原价 ¥199, now ¥129" from 11-08 → violation; ¥199 until 11-07, ¥129 with 原价 ¥199 from
11-08 → fine.`,
	}
	r.Judge = func(in Input) Result { return judgeOriginal(r, in) }
	return r
}

func judgeOriginal(r *Rule, in Input) Result {
	pts := in.Points
	if len(pts) == 0 {
		return outcome(listing.OutcomeCouldNotCheck, "没有价格记录", "no price recorded")
	}
	cur := pts[len(pts)-1]
	if cur.OriginalPrice <= 0 {
		return outcome(listing.OutcomeNotApplicable, "没有划线价", "no strike-through price")
	}
	loc := in.Settings.location()
	first := dayNumber(pts[0].At, loc)
	if dayNumber(cur.At, loc)-first < OriginalPriceDays {
		return outcome(listing.OutcomeCouldNotCheck,
			fmt.Sprintf("历史不足：自 %s 起只有 %d 天巡店记录，需要 %d 天", dayText(pts[0].At, loc), dayNumber(cur.At, loc)-first, OriginalPriceDays),
			fmt.Sprintf("insufficient history: %d days of patrols since %s, %d needed", dayNumber(cur.At, loc)-first, dayText(pts[0].At, loc), OriginalPriceDays))
	}
	// start is the first point of the unbroken stretch showing the current
	// strike-through price.
	start := len(pts) - 1
	for start > 0 && pts[start-1].OriginalPrice == cur.OriginalPrice {
		start--
	}
	if start == 0 {
		return outcome(listing.OutcomeNotApplicable,
			fmt.Sprintf("划线价 %s 自首次巡店（%s）起一直标示，视为长期参考价", cur.OriginalPrice.Yuan(), dayText(pts[0].At, loc)),
			fmt.Sprintf("strike-through %s shown since the first patrol (%s): a standing reference price", cur.OriginalPrice.Yuan(), dayText(pts[0].At, loc)))
	}
	startDay := dayNumber(pts[start].At, loc)
	from := startDay - OriginalPriceDays
	if first > from {
		return outcome(listing.OutcomeCouldNotCheck,
			fmt.Sprintf("历史不足：划线价 %s 于 %s 出现，之前只有 %d 天记录，需要 %d 天", cur.OriginalPrice.Yuan(), dayText(pts[start].At, loc), startDay-first, OriginalPriceDays),
			fmt.Sprintf("insufficient history: strike-through %s appeared on %s with %d days recorded before it, %d needed", cur.OriginalPrice.Yuan(), dayText(pts[start].At, loc), startDay-first, OriginalPriceDays))
	}
	// The charged prices of the window: every point before the start from
	// the window's first day on, and the last point before that day (the
	// price in effect when the window opened). Days never decrease along
	// the series, so that is one run of points.
	k := 0
	for j := 0; j < start && dayNumber(pts[j].At, loc) < from; j++ {
		k = j
	}
	var lowest listing.Money
	lowAt := -1
	for j := k; j < start; j++ {
		c := Charged(pts[j])
		if c <= 0 {
			continue
		}
		if lowAt < 0 || c < lowest {
			lowest, lowAt = c, j
		}
	}
	if lowAt < 0 {
		return outcome(listing.OutcomeCouldNotCheck, "划线价出现前 7 天没有价格记录", "no price recorded in the 7 days before the strike-through appeared")
	}
	if cur.OriginalPrice <= lowest {
		return outcome(listing.OutcomePass, "", "")
	}
	evidence := fmt.Sprintf("划线价%s > 前%d日最低价%s", cur.OriginalPrice.Yuan(), OriginalPriceDays, lowest.Yuan())
	winFrom, winTo := pts[start].At.In(loc).AddDate(0, 0, -OriginalPriceDays), pts[start].At.In(loc).AddDate(0, 0, -1)
	detail := fmt.Sprintf("划线价 %s 于 %s 出现，但此前 7 天（%s 至 %s）实际最低售价为 %s（%s），原价虚高",
		cur.OriginalPrice.Yuan(), dayText(pts[start].At, loc), dayText(winFrom, loc), dayText(winTo, loc),
		lowest.Yuan(), dayText(pts[lowAt].At, loc))
	detailEN := fmt.Sprintf("strike-through price %s appeared on %s, but the lowest price charged in the 7 days before (%s to %s) was %s (%s)",
		cur.OriginalPrice.Yuan(), dayText(pts[start].At, loc), dayText(winFrom, loc), dayText(winTo, loc),
		lowest.Yuan(), dayText(pts[lowAt].At, loc))
	return Result{Outcome: listing.OutcomeFail, Finding: r.finding(in, evidence, detail, detailEN)}
}
