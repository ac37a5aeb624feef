package promo

import (
	"fmt"
	"time"

	"github.com/xundian/xundian/history"
	"github.com/xundian/xundian/listing"
)

func priceNotLowest() *Rule {
	r := &Rule{
		ID: "promo-price-not-lowest", TitleZH: "活动价不具吸引力", TitleEN: "Event price not below the recent lowest price",
		Severity: listing.SeverityHigh,
		Doc: `计划的活动价（预售价、现货价各自判断）必须不高于活动档案规定的比例 × 回看窗口内的最低到手价
（promotions.<名>.price_ratio × lookback_days 天内每次巡店的到手价最低值，含窗口开始时仍在生效
的价格；有促销价用促销价）。平台报名审核按"近 N 天最低价"核价，高于它的报名会被驳回，或在活动
中被判定为"先涨后降"。
- 巡店历史短于回看窗口时，用已有记录判断：超出即确定违规；未超出记为通过并提示"历史只覆盖 M 天"。
- 没有任何价格记录：无法检查。计划里没有活动价：不适用。
怎么改：把活动价降到 比例 × 最低价 以下，或放弃该商品报名。
例：30 天内最低 ¥109，比例 0.9 → 活动价最多 ¥98.10；计划 ¥99 → 违规。`,
		DocEN: `Each planned event price (presale and spot, judged separately) must be at most the
profile's ratio × the lowest price a buyer paid in the look-back window (every patrol's
headline price in the last lookback_days days, plus the price in effect when the window
opened). Platforms vet sign-ups against the recent lowest price and reject or later
penalise higher ones.
- History shorter than the window: judged on what is recorded; a price above the limit is
  a certain fail, one below passes with a note on the coverage.
- No price recorded: could-not-check. No event price planned: not applicable.
Fix: lower the event price below ratio × lowest, or do not sign the listing up.
Example: lowest ¥109 in 30 days, ratio 0.9 → at most ¥98.10; ¥99 planned → fail.`,
	}
	r.JudgeListing = func(in ListingInput) history.Result {
		type planned struct {
			zh, en string
			price  listing.Money
		}
		var ps []planned
		if in.Plan.PresalePrice > 0 {
			ps = append(ps, planned{"预售价", "presale price", in.Plan.PresalePrice})
		}
		if in.Plan.SpotPrice > 0 {
			ps = append(ps, planned{"现货价", "spot price", in.Plan.SpotPrice})
		}
		if len(ps) == 0 {
			return result(listing.OutcomeNotApplicable, "没有计划活动价", "no event price planned")
		}
		from := in.Now.Add(-time.Duration(in.Profile.LookbackDays) * 24 * time.Hour)
		pts := in.Points
		k := 0
		for j := 0; j < len(pts) && pts[j].At.Before(from); j++ {
			k = j
		}
		var low listing.Money
		var lowAt time.Time
		for _, p := range pts[min(k, len(pts)):] {
			if p.At.After(in.Now) {
				break
			}
			if c := history.Charged(p); c > 0 && (low == 0 || c < low) {
				low, lowAt = c, p.At
			}
		}
		if low == 0 {
			return result(listing.OutcomeCouldNotCheck, "没有价格记录", "no price recorded")
		}
		limit := low * listing.Money(in.Profile.PricePermille) // in fen × 1000
		worst := ps[0]
		for _, p := range ps[1:] {
			if p.price > worst.price {
				worst = p
			}
		}
		ratio := fmt.Sprintf("%g", float64(in.Profile.PricePermille)/1000)
		if worst.price*1000 > limit {
			evidence := fmt.Sprintf("%s%s > %s×%s", worst.zh, worst.price.Yuan(), ratio, low.Yuan())
			return r.listingFinding(in, evidence,
				fmt.Sprintf("计划%s %s 高于近 %d 天最低价 %s（%s）的 %s 倍（上限 %s）", worst.zh, worst.price.Yuan(),
					in.Profile.LookbackDays, low.Yuan(), lowAt.In(in.Profile.loc()).Format(time.DateOnly), ratio, (limit/1000).Yuan()),
				fmt.Sprintf("planned %s %s is above %s × the %d-day lowest price %s (%s), limit %s", worst.en, worst.price.Yuan(),
					ratio, in.Profile.LookbackDays, low.Yuan(), lowAt.In(in.Profile.loc()).Format(time.DateOnly), (limit/1000).Yuan()))
		}
		if len(pts) > 0 && pts[0].At.After(from) {
			days := int(in.Now.Sub(pts[0].At).Hours() / 24)
			return result(listing.OutcomePass,
				fmt.Sprintf("价格历史只覆盖 %d / %d 天", days, in.Profile.LookbackDays),
				fmt.Sprintf("price history covers %d of %d days", days, in.Profile.LookbackDays))
		}
		return result(listing.OutcomePass, "", "")
	}
	return r
}

func presaleUndercut() *Rule {
	r := &Rule{
		ID: "promo-presale-undercut", TitleZH: "现货价低于预售价", TitleEN: "Spot price undercuts the presale price",
		Severity: listing.SeverityHigh,
		Doc: `同一商品同时报名预售和现货两个阶段时，现货价低于预售价：付了定金的预售买家反而买贵了，
会大量投诉、要求退差价，平台按价保/虚假宣传处理并可能取消活动资格。
只比较价格（CSV 的 presale_price 与 spot_price）；赠品等"额外优惠"不在计划表里，不判断。
只报名一个阶段：不适用。
怎么改：现货价不低于预售价（通常预售价应是全程最低）。
例：预售 ¥99，现货 ¥89 → 违规；预售 ¥89，现货 ¥99 → 合规。`,
		DocEN: `An item signed up for both the presale and the spot wave is cheaper in the spot wave:
presale buyers who paid a deposit end up paying more, complain and claim the difference,
and the platform may pull the item from the event. Prices only (presale_price vs
spot_price in the plan CSV); extras such as gifts are not in the plan and not judged. Only
one wave planned: not applicable.
Fix: keep the spot price at or above the presale price.
Example: presale ¥99, spot ¥89 → fail; presale ¥89, spot ¥99 → fine.`,
	}
	r.JudgeListing = func(in ListingInput) history.Result {
		pre, spot := in.Plan.PresalePrice, in.Plan.SpotPrice
		if pre <= 0 || spot <= 0 {
			return result(listing.OutcomeNotApplicable, "没有同时报名预售和现货", "not planned in both waves")
		}
		if spot >= pre {
			return result(listing.OutcomePass, "", "")
		}
		return r.listingFinding(in, fmt.Sprintf("现货价%s < 预售价%s", spot.Yuan(), pre.Yuan()),
			fmt.Sprintf("现货价 %s 低于预售价 %s，预售买家多付 %s", spot.Yuan(), pre.Yuan(), (pre-spot).Yuan()),
			fmt.Sprintf("spot price %s is below the presale price %s: presale buyers pay %s more", spot.Yuan(), pre.Yuan(), (pre-spot).Yuan()))
	}
	return r
}

func handlingTime() *Rule {
	r := &Rule{
		ID: "promo-handling-time", TitleZH: "发货时效不满足活动要求", TitleEN: "Handling time longer than the event allows",
		Severity: listing.SeverityHigh,
		Doc: `商品设置的发货时效（付款后 N 小时内发货）长于活动档案的 max_handling_hours（如 48 小时）。
大促要求在规定时间内发货，超时按延迟发货赔付并扣分。
商品页没有发货时效：无法检查；档案未设上限：不适用。
怎么改：把商品的发货时效改为不超过上限，并确认仓库能按时发出活动订单。
例：上限 48 小时，商品"付款后72小时内发货" → 违规。`,
		DocEN: `The listing's handling time (dispatch within N hours of payment) is longer than the
profile's max_handling_hours (e.g. 48). Events require dispatch within the limit; late
dispatch is compensated and scored.
No handling time on the page: could-not-check; no limit in the profile: not applicable.
Fix: set the listing's handling time within the limit and make sure the warehouse keeps it.
Example: limit 48 h, listing ships within 72 h → fail.`,
	}
	r.JudgeListing = func(in ListingInput) history.Result {
		limit := in.Profile.MaxHandlingHours
		if limit <= 0 {
			return result(listing.OutcomeNotApplicable, "活动未限制发货时效", "no handling limit in the profile")
		}
		l := in.Listing
		if l == nil || !l.HasHandling {
			return result(listing.OutcomeCouldNotCheck, "商品页没有发货时效", "no handling time on the page")
		}
		if l.HandlingHours <= limit {
			return result(listing.OutcomePass, "", "")
		}
		return r.listingFinding(in, fmt.Sprintf("%d小时发货", l.HandlingHours),
			fmt.Sprintf("发货时效 %d 小时，超过活动要求的 %d 小时", l.HandlingHours, limit),
			fmt.Sprintf("handling time %d h exceeds the event's %d h", l.HandlingHours, limit))
	}
	return r
}

func stockRisk() *Rule {
	r := &Rule{
		ID: "promo-stock-risk", TitleZH: "库存不足/超卖风险", TitleEN: "Stock below safety stock or planned volume",
		Severity: listing.SeverityHigh,
		Doc: `库存低于活动档案的安全库存（safety_stock），或低于计划表的计划销量（planned_volume）。
大促超卖无法发货按缺货赔付并扣分，库存过低也会被平台拒绝报名。
库存来源：商品页显示的库存（本次抓取；各 SKU 库存之和）优先，页面不显示时用计划表的 stock 列。
两处都没有：无法检查。
怎么改：备足库存，或按库存调低计划销量。
例：安全库存 50，页面库存 30 → 违规；库存 500、计划销量 800 → 违规。`,
		DocEN: `Stock is below the profile's safety stock, or below the planned event volume. Overselling
at an event is compensated and scored; low stock also gets sign-ups rejected.
Stock comes from the page as just fetched (the sum of the SKUs' stock) and, where the page
shows none, from the plan CSV's stock column. Neither: could-not-check.
Fix: stock up, or plan a volume the stock covers.
Example: safety stock 50, page shows 30 → fail; stock 500, planned 800 → fail.`,
	}
	r.JudgeListing = func(in ListingInput) history.Result {
		stock, from, ok := stockOf(in)
		if !ok {
			return result(listing.OutcomeCouldNotCheck, "商品页和计划表都没有库存", "no stock on the page or in the plan")
		}
		if in.Profile.SafetyStock > 0 && stock < in.Profile.SafetyStock {
			return r.listingFinding(in, fmt.Sprintf("库存%d < 安全库存%d", stock, in.Profile.SafetyStock),
				fmt.Sprintf("库存 %d（%s）低于活动安全库存 %d", stock, from, in.Profile.SafetyStock),
				fmt.Sprintf("stock %d (%s) is below the safety stock %d", stock, fromEN(from), in.Profile.SafetyStock))
		}
		if in.Plan.HasVolume && stock < in.Plan.Volume {
			return r.listingFinding(in, fmt.Sprintf("库存%d < 计划销量%d", stock, in.Plan.Volume),
				fmt.Sprintf("库存 %d（%s）低于计划销量 %d，有超卖风险", stock, from, in.Plan.Volume),
				fmt.Sprintf("stock %d (%s) is below the planned volume %d: overselling risk", stock, fromEN(from), in.Plan.Volume))
		}
		return result(listing.OutcomePass, "", "")
	}
	return r
}

// stockOf returns the listing's stock and where it came from (商品页 or
// 计划表): the page's total, else the SKUs' sum when every SKU shows one,
// else the plan's.
func stockOf(in ListingInput) (int, string, bool) {
	if l := in.Listing; l != nil {
		if l.HasStock {
			return l.Stock, "商品页", true
		}
		sum, all := 0, len(l.SKUs) > 0
		for _, s := range l.SKUs {
			if !s.HasStock {
				all = false
				break
			}
			sum += s.Stock
		}
		if all {
			return sum, "商品页", true
		}
	}
	if in.Plan.HasStock {
		return in.Plan.Stock, "计划表", true
	}
	return 0, "", false
}

func fromEN(from string) string {
	if from == "计划表" {
		return "from the plan"
	}
	return "on the page"
}

func shopDiscountMissing() *Rule {
	r := &Rule{
		ID: "promo-shop-discount-missing", TitleZH: "未设置跨店满减", TitleEN: "Required cross-store discount not set",
		Severity: listing.SeverityHigh,
		Doc: `活动要求店铺设置跨店满减（档案 required_discount，如 满300减40），而店铺设置的满减
（配置 audit.shop_discount，由卖家按营销中心的实际设置填写；xundian 看不到卖家后台）为空，
或不满足要求：门槛高于要求的门槛，或减免金额低于要求。未设置跨店满减的店铺不能参加大促。
档案不要求：不适用。
怎么改：在营销中心报名/设置跨店满减，并把 audit.shop_discount 改为实际设置。
例：要求 满300减40，店铺 满300减30 → 违规；店铺 满200减40 → 合规。`,
		DocEN: `The event requires a cross-store discount (profile required_discount, e.g. 满300减40)
and the shop's discount (config audit.shop_discount, filled in by the seller from the
marketing centre; xundian cannot see the seller backend) is empty or weaker: a higher
threshold or a smaller amount off. Shops without it cannot join the event. Not required:
not applicable.
Fix: join/set the cross-store discount and record it in audit.shop_discount.
Example: required 满300减40, shop 满300减30 → fail; shop 满200减40 → fine.`,
	}
	r.JudgeShop = func(in ShopInput) history.Result {
		req := in.Profile.RequiredDiscount
		if req.IsZero() {
			return result(listing.OutcomeNotApplicable, "活动不要求跨店满减", "no cross-store discount required")
		}
		if in.Discount.Satisfies(req) {
			return result(listing.OutcomePass, "", "")
		}
		evidence := "要求" + req.String()
		if in.Discount.IsZero() {
			return history.Result{Outcome: listing.OutcomeFail, Finding: r.finding("", "", "", listing.SourceShop, evidence,
				fmt.Sprintf("活动要求跨店满减 %s，店铺未设置（audit.shop_discount 为空）", req),
				fmt.Sprintf("the event requires the cross-store discount %s; the shop has none set (audit.shop_discount is empty)", req))}
		}
		return history.Result{Outcome: listing.OutcomeFail, Finding: r.finding("", "", "", listing.SourceShop, evidence,
			fmt.Sprintf("活动要求跨店满减 %s，店铺设置的 %s 不满足", req, in.Discount),
			fmt.Sprintf("the event requires the cross-store discount %s; the shop's %s falls short", req, in.Discount))}
	}
	return r
}

func shopPoints() *Rule {
	r := &Rule{
		ID: "promo-shop-points", TitleZH: "店铺扣分超出报名门槛", TitleEN: "Shop deduction points reach the event's limit",
		Severity: listing.SeverityCritical,
		Doc: `店铺当前扣分（配置 audit.shop_points，卖家从体检中心填写）加上本次自查所有未处理问题的
扣分敞口，达到活动档案的 max_shop_points：按平台规则，一般违规扣分达到门槛的店铺不能报名大促；
敞口是这些问题被投诉成立后会扣的分。
档案未设门槛：不适用。
怎么改：先修复高分问题（报告的"最少修复"列表），把总分降到门槛以下再报名。
例：当前 6 分，敞口 8 分，门槛 12 分 → 违规。`,
		DocEN: `The shop's current deduction points (config audit.shop_points, from the seller's health
centre) plus the exposure of every open finding of this audit reach the profile's
max_shop_points: shops at or over the threshold cannot sign up, and the exposure is what
those findings cost once complaints are upheld. No threshold in the profile: not
applicable.
Fix: fix the highest-scoring findings first until the total is below the threshold.
Example: 6 points now, 8 exposed, threshold 12 → fail.`,
	}
	r.JudgeShop = func(in ShopInput) history.Result {
		limit := in.Profile.MaxShopPoints
		if limit <= 0 {
			return result(listing.OutcomeNotApplicable, "活动未设扣分门槛", "no points threshold in the profile")
		}
		total := in.Points + in.Exposure
		if total < limit {
			return result(listing.OutcomePass,
				fmt.Sprintf("扣分 %d + 敞口 %d = %d，门槛 %d", in.Points, in.Exposure, total, limit),
				fmt.Sprintf("points %d + exposure %d = %d, threshold %d", in.Points, in.Exposure, total, limit))
		}
		return history.Result{Outcome: listing.OutcomeFail, Finding: r.finding("", "", "", listing.SourceShop,
			fmt.Sprintf("扣分门槛%d分", limit),
			fmt.Sprintf("店铺扣分 %d + 未处理问题敞口 %d = %d 分，达到活动门槛 %d 分", in.Points, in.Exposure, total, limit),
			fmt.Sprintf("shop points %d + exposure of open findings %d = %d, at or over the event's threshold %d", in.Points, in.Exposure, total, limit))}
	}
	return r
}
