package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xundian/xundian/listing"
)

func priceMismatch() *Check {
	return &Check{
		ID:       "price-mismatch",
		TitleZH:  "宣传价格与实际价格不符",
		TitleEN:  "Advertised price the buyer cannot pay",
		Severity: listing.SeverityMedium,
		Points:   0,
		Cites:    "淘宝网市场管理与违规处理规范：滥发信息（价格不符）",
		Sources:  []listing.Source{listing.SourceTitle, listing.SourceImage},
		Doc: "发现：标题或图片写了价格（¥59、59元、59块、仅售59、到手价59、券后59、特价59、秒杀价59、活动价59，" +
			"全角数字和 59-99元 这样的区间也算），而这个价格不等于商品任何一个可支付价格（售价、促销价、各 SKU 价格）。" +
			"原价、吊牌价、原¥99、满300减40、满99包邮、立减20元、省20元、2件59元、99元/3件，" +
			"单价（9.9元/斤、29.9元/件、每期8.3元），定金、尾款、月供、首付、均价、折合，换购和加价（+1元、换购价9.9元），" +
			"以及带单位的数字（件、码、cm、%、年…）不算价格声明；限量100件 59元、1件59元 里的 59元 算。" +
			"为什么扣分：买家按宣传价下单却付不到这个价，投诉按滥发信息（价格不符）成立。" +
			"怎么改：宣传价与实际售价或促销价保持一致，活动结束及时改标题和主图。" +
			"例：改前标题「到手价59」而 SKU 最低 69；改后「到手价69」，或把促销价设为 59。",
		DocEN: "Catches a price stated in the title or an image (¥59, 59元, 59块, 仅售59, 到手价59, 券后59, 特价59, " +
			"秒杀价59, 活动价59, full-width digits, ranges like 59-99元 whose ends must both be payable) that equals no " +
			"payable price of the listing (its price, promotional price, SKU prices and SKU promotional prices). " +
			"Reference prices (原价, 吊牌价, 原¥99), thresholds (满300减40, 满99包邮), discounts (立减20元, 省20元), bundle " +
			"prices (2件59元, 99元/3件), prices per unit (9.9元/斤, 29.9元/件, 每期8.3元), deposits, balances and " +
			"installments (定金, 尾款, 月供, 首付), averages (均价, 折合), add-ons (+1元, 换购价9.9元) and numbers with " +
			"units are not price claims; a stock or limit count (限量100件 59元) and a single item (1件59元) do not make " +
			"a bundle. Why it costs: buyers who cannot pay the " +
			"advertised price complain, and the complaint is upheld as misleading information. Fix: keep advertised " +
			"prices equal to a real selling or promotional price and update titles and images when a promotion ends. " +
			"Example: before 到手价59 while the cheapest SKU is 69; after 到手价69, or a promotional price of 59.",
		Run: runPriceMismatch,
	}
}

func runPriceMismatch(p *Pass) {
	payable := p.Listing.PayablePrices()
	claimed := false
	for t := range p.Texts() {
		for _, c := range parsePrices(t.N.Text, t.N.gapBefore, t.N.slashBefore) {
			if c.kind == PriceKindReference {
				continue
			}
			claimed = true
			if len(payable) == 0 {
				continue
			}
			bad := c.low
			if slices.Contains(payable, c.low) {
				if c.high == c.low || slices.Contains(payable, c.high) {
					continue
				}
				bad = c.high
			}
			quote, _ := t.N.Quote(c.start, c.end)
			zh := fmt.Sprintf("%s写%s，但可支付价格只有 %s，没有 %s", sourceZH(t.Source), quote, yuanList(payable, "、"), bad.Yuan())
			en := fmt.Sprintf("%s states %q, but the payable prices are %s; none is %s.", sourceEN(t.Source), quote, yuanList(payable, ", "), bad.Yuan())
			p.Report(t, c.start, c.end, zh, en)
			return
		}
	}
	if claimed && len(payable) == 0 {
		p.CouldNotCheck("有价格声明但商品无可支付价格")
	}
}

// yuanList formats amounts sorted ascending, at most five.
func yuanList(ms []listing.Money, sep string) string {
	s := slices.Clone(ms)
	slices.Sort(s)
	var parts []string
	for i, m := range s {
		if i == 5 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, m.Yuan())
	}
	return strings.Join(parts, sep)
}
