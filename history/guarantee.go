package history

import (
	"fmt"
	"time"

	"github.com/xundian/xundian/listing"
)

func priceGuaranteeBreach() *Rule {
	r := &Rule{
		ID:       "price-guarantee-breach",
		TitleZH:  "价保期内降价",
		TitleEN:  "Price dropped inside the price-guarantee window",
		Cites:    "平台价格保护（价保）规则：价保期内降价须向买家退还差价",
		Points:   0,
		Severity: listing.SeverityMedium,
		Doc: `店铺承诺价保（配置 history.price_guarantee_days，如 30 天"全程价保"）时，买家下单后
N 天内商品降价，可申请退还差价。本规则在每次巡店时判断：当前到手价（有促销价用促销价，
否则用标价）低于过去 N×24 小时内任何一次巡店看到的到手价（以及窗口开始时仍在生效的价格）
即为违规——这段时间按更高价格下单的买家都可以申请价保赔付。降价超过 N 天后（更高价格的
订单都已出价保期），或价格恢复后，问题自动消失。
- price_guarantee_days 为 0：店铺不承诺价保，不适用。
- 只有本次一条记录（首次巡店）：没有更早的价格，不适用。

怎么改：价保期内不要降价；确需降价时，按价保规则主动退差价，或在降价前确认价保期已过。
例：11-03 售价 ¥129，11-09 降为 ¥99，价保 30 天 → 11-03 后下单的买家每单可申请 ¥30。`,
		DocEN: `When the shop promises a price guarantee (config history.price_guarantee_days, e.g. 30
days, 全程价保), a buyer whose price drops within N days of the order can claim the
difference. Judged at every patrol: the price a buyer pays now (the promotional price when
shown, else the list price) is lower than the price seen at some patrol in the last N×24
hours (or the price still in effect when that window opened) — every buyer who ordered at
the higher price can claim. The finding goes away once the drop is more than N days old
or the price is back up.
- price_guarantee_days 0: no guarantee promised, not applicable.
- Only this run's point (first patrol): no earlier price, not applicable.

Fix: do not cut prices inside the guarantee window, or refund the difference as the
guarantee promises. Example: ¥129 on 11-03, ¥99 on 11-09, 30-day guarantee → every order
since 11-03 can claim ¥30.`,
	}
	r.Judge = func(in Input) Result { return judgeGuarantee(r, in) }
	return r
}

func judgeGuarantee(r *Rule, in Input) Result {
	n := in.Settings.PriceGuaranteeDays
	if n <= 0 {
		return outcome(listing.OutcomeNotApplicable, "店铺未承诺价保", "no price guarantee configured")
	}
	pts := in.Points
	if len(pts) == 0 {
		return outcome(listing.OutcomeCouldNotCheck, "没有价格记录", "no price recorded")
	}
	cur := pts[len(pts)-1]
	now := Charged(cur)
	if now <= 0 {
		return outcome(listing.OutcomeCouldNotCheck, "本次没有价格", "no price in this run")
	}
	if len(pts) == 1 {
		return outcome(listing.OutcomeNotApplicable, "首次巡店，没有更早的价格", "first patrol: no earlier price")
	}
	from := cur.At.Add(-time.Duration(n) * 24 * time.Hour)
	// The window: the points since from, and the last point before it
	// (the price in effect when the window opened).
	k := 0
	for j := 0; j < len(pts)-1 && pts[j].At.Before(from); j++ {
		k = j
	}
	var high listing.Money
	highAt := -1
	for j := k; j < len(pts)-1; j++ {
		if c := Charged(pts[j]); c > high {
			high, highAt = c, j
		}
	}
	if highAt < 0 || now >= high {
		return outcome(listing.OutcomePass, "", "")
	}
	loc := in.Settings.location()
	evidence := fmt.Sprintf("%s→%s", high.Yuan(), now.Yuan())
	detail := fmt.Sprintf("价保 %d 天内降价：%s 售价 %s，现价 %s，此后下单的买家每件可申请差价 %s",
		n, dayText(pts[highAt].At, loc), high.Yuan(), now.Yuan(), (high - now).Yuan())
	detailEN := fmt.Sprintf("price dropped inside the %d-day price guarantee: %s on %s, %s now; buyers who ordered since can claim %s each",
		n, high.Yuan(), dayText(pts[highAt].At, loc), now.Yuan(), (high - now).Yuan())
	return Result{Outcome: listing.OutcomeFail, Finding: r.finding(in, evidence, detail, detailEN)}
}
