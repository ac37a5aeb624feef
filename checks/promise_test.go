package checks

import (
	"testing"

	"github.com/xundian/xundian/listing"
)

const sp = "shipping-promise"

func TestShippingPromise(t *testing.T) {
	h := func(l listing.Listing, hours int) listing.Listing {
		l.HasHandling, l.HandlingHours = true, hours
		return l
	}
	h48 := func(l listing.Listing) listing.Listing { return h(l, 48) }
	pass := map[string]listing.Outcome{sp: listing.OutcomePass}
	runCases(t, []ruleCase{
		{name: "当天发货 vs 48h", l: h48(listing.Listing{Title: "现货 当天发货"}),
			want: []hit{{sp, listing.SourceTitle, "当天发货"}}, outcomes: map[string]listing.Outcome{sp: listing.OutcomeFail}},
		{name: "traditional", l: h48(listing.Listing{Description: "當日發貨"}), want: []hit{{sp, listing.SourceDescription, "當日發貨"}}},
		{name: "现货秒发", l: h48(listing.Listing{ServiceText: "现货秒发"}), want: []hit{{sp, listing.SourceService, "现货秒发"}}},
		{name: "24 hours", l: h48(listing.Listing{ServiceText: "付款后24小时内发货"}), want: []hit{{sp, listing.SourceService, "24小时内发货"}}},
		// Spaced copy: the space after the number is dropped for matching.
		{name: "24 小时 spaced", l: h48(listing.Listing{ServiceText: "付款后 24 小时内发货"}), want: []hit{{sp, listing.SourceService, "24 小时内发货"}}},
		{name: "full-width hours", l: h48(listing.Listing{ServiceText: "２４小時發貨"}), want: []hit{{sp, listing.SourceService, "２４小時發貨"}}},
		{name: "Chinese numeral", l: h48(listing.Listing{ServiceText: "二十四小时内发出"}), want: []hit{{sp, listing.SourceService, "二十四小时内发出"}}},
		{name: "48h is fine", l: h48(listing.Listing{ServiceText: "48小时内发货"}), outcomes: pass},
		{name: "即拍即发", l: h48(listing.Listing{ServiceText: "现货即拍即发"}), want: []hit{{sp, listing.SourceService, "即拍即发"}}},
		{name: "闪电发货", l: h48(listing.Listing{Title: "保温杯 闪电发货"}), want: []hit{{sp, listing.SourceTitle, "闪电发货"}}},
		{name: "尽量 is an effort, no promise", l: h48(listing.Listing{ServiceText: "尽量当天发货"}), outcomes: pass},
		{name: "争取 is an effort, no promise", l: h48(listing.Listing{ServiceText: "争取24小时内发出"}), outcomes: pass},
		{name: "一般 still tells the buyer when", l: h48(listing.Listing{ServiceText: "一般当天发货"}), want: []hit{{sp, listing.SourceService, "当天发货"}}},
		{name: "次日发货 = 48h is fine", l: h48(listing.Listing{ServiceText: "次日发货"}), outcomes: pass},
		{name: "次日发货 vs 72h", l: listing.Listing{ServiceText: "隔天发货", HasHandling: true, HandlingHours: 72},
			want: []hit{{sp, listing.SourceService, "隔天发货"}}},
		{name: "3 days vs 72h", l: listing.Listing{ServiceText: "3天内发货", HasHandling: true, HandlingHours: 72}, outcomes: pass},
		{name: "2 days vs 72h", l: listing.Listing{ServiceText: "2天发货", HasHandling: true, HandlingHours: 72},
			want: []hit{{sp, listing.SourceService, "2天发货"}}},
		{name: "negated", l: h48(listing.Listing{ServiceText: "不保证当天发货"}), outcomes: pass},
		{name: "a question", l: h48(listing.Listing{ServiceText: "问：能当天发货吗？答：付款后48小时内发货"}), outcomes: pass},
		{name: "a question with ?", l: h48(listing.Listing{Description: "24小时发货?"}), outcomes: pass},
		{name: "a question does not hide a promise", l: h48(listing.Listing{ServiceText: "能当天发货吗？可以，当天发货"}),
			want: []hit{{sp, listing.SourceService, "当天发货"}}},
		{name: "bare 发货 is no promise", l: h48(listing.Listing{ServiceText: "按付款顺序发货"}), outcomes: pass},
		{name: "no handling time", l: listing.Listing{Title: "当天发货"}, outcomes: map[string]listing.Outcome{sp: listing.OutcomeCouldNotCheck}},
		{name: "no promise, no handling time", l: listing.Listing{Title: "T恤"}, outcomes: pass},
		// Bare 当天发 is a promise only where it ends a clause.
		{name: "当天发", l: h(listing.Listing{ServiceText: "下午4点前付款当天发"}, 48), want: []hit{{sp, listing.SourceService, "当天发"}}},
		{name: "当天发 then comma", l: h48(listing.Listing{ServiceText: "当天发，次日达"}), want: []hit{{sp, listing.SourceService, "当天发"}}},
		{name: "当日发 spaced", l: h48(listing.Listing{Title: "现货 当日发 T恤"}), want: []hit{{sp, listing.SourceTitle, "当日发"}}},
		{name: "当天发出 once", l: h48(listing.Listing{ServiceText: "付款当天发出"}), want: []hit{{sp, listing.SourceService, "当天发出"}}},
		{name: "明天发 vs 72h", l: h(listing.Listing{ServiceText: "今天拍，明天发"}, 72), want: []hit{{sp, listing.SourceService, "明天发"}}},
		{name: "今天发的货", l: h48(listing.Listing{Description: "今天发的货明天到"}), outcomes: pass},
		{name: "当天发的快递", l: h48(listing.Listing{Description: "当天发的快递一般隔天到"}), outcomes: pass},
		{name: "当天发布", l: h48(listing.Listing{Description: "新品上架当天发布优惠券"}), outcomes: pass},
		{name: "当天发放", l: h48(listing.Listing{ServiceText: "好评返现确认收货当天发放"}), outcomes: pass},
		// Words between the duration and 发货.
		{name: "24小时内安排发货", l: h(listing.Listing{ServiceText: "24小时内安排发货"}, 48), want: []hit{{sp, listing.SourceService, "24小时内安排发货"}}},
		{name: "48小时内为您发出 vs 72h", l: h(listing.Listing{ServiceText: "48小时内为您发出"}, 72), want: []hit{{sp, listing.SourceService, "48小时内为您发出"}}},
		{name: "72小时内安排发货 vs 72h", l: h(listing.Listing{ServiceText: "72小时内安排发货"}, 72), outcomes: pass},
		// A delivery date is no duration (presale listings have long handling times).
		{name: "预售 3月5日发货", l: h(listing.Listing{Title: "预售 3月5日发货 羽绒服"}, 360), outcomes: pass},
		{name: "预计1日发货", l: h(listing.Listing{Title: "预售 12月1日发货"}, 240), outcomes: pass},
		{name: "3月5号发货", l: h(listing.Listing{Title: "预售 3月5号发货"}, 360), outcomes: pass},
		{name: "十二月一日发货", l: h(listing.Listing{Title: "预售 十二月一日发货"}, 360), outcomes: pass},
		{name: "5日内发货 is a duration", l: h(listing.Listing{ServiceText: "付款后5日内发货"}, 240), want: []hit{{sp, listing.SourceService, "5日内发货"}}},
		{name: "5天内发货 is a duration", l: h(listing.Listing{ServiceText: "付款后5天内发货"}, 240), want: []hit{{sp, listing.SourceService, "5天内发货"}}},
		// Negated promises.
		{name: "不能保证当天发货", l: h(listing.Listing{ServiceText: "大促期间不能保证当天发货"}, 48), outcomes: pass},
		{name: "无法保证24小时发货", l: h(listing.Listing{ServiceText: "大促期间无法保证24小时发货"}, 48), outcomes: pass},
		{name: "不一定能当天发", l: h48(listing.Listing{ServiceText: "订单多时不一定能当天发"}), outcomes: pass},
		{name: "不超过24小时 is a promise", l: h48(listing.Listing{ServiceText: "付款后不超过24小时发货"}), want: []hit{{sp, listing.SourceService, "24小时发货"}}},
		{name: "保证当天发货 is a promise", l: h48(listing.Listing{ServiceText: "保证当天发货"}), want: []hit{{sp, listing.SourceService, "当天发货"}}},
		// A rate reports past dispatch and promises nothing.
		{name: "发货率 is no promise", l: h48(listing.Listing{ServiceText: "店铺24小时内发货率98%"}), outcomes: pass},
		{name: "当天发货率 is no promise", l: h48(listing.Listing{Description: "近30天当天发货率99%，付款后48小时内发货"}), outcomes: pass},
		{name: "a rate does not hide a promise", l: h(listing.Listing{ServiceText: "24小时发货率98%；承诺48小时内发货"}, 72),
			want: []hit{{sp, listing.SourceService, "48小时内发货"}}},
		// A dispatch label with its duration after it.
		{name: "发货时间：付款后48小时内", l: h(listing.Listing{ServiceText: "发货后24小时内更新物流。发货时间：付款后48小时内"}, 72),
			want: []hit{{sp, listing.SourceService, "发货时间：付款后48小时内"}}},
		{name: "发货：48小时内", l: h(listing.Listing{ServiceText: "发货：48小时内"}, 72), want: []hit{{sp, listing.SourceService, "发货：48小时内"}}},
		{name: "发货时间为付款后3天内", l: h(listing.Listing{ServiceText: "发货时间为付款后3天内"}, 168), want: []hit{{sp, listing.SourceService, "发货时间为付款后3天内"}}},
		{name: "发货时效：24小时", l: h48(listing.Listing{ServiceText: "发货时效：24小时"}), want: []hit{{sp, listing.SourceService, "发货时效：24小时"}}},
		{name: "a labelled date is no duration", l: h(listing.Listing{ServiceText: "预售发货时间：5日前；现货发货时效：一周内"}, 240),
			want: []hit{{sp, listing.SourceService, "发货时效：一周内"}}},
		// Weeks and months, and words between the duration and 发货.
		{name: "一周内发货 vs 10 days", l: h(listing.Listing{Title: "定制款 一周内发货"}, 240), want: []hit{{sp, listing.SourceTitle, "一周内发货"}}},
		{name: "1个月内发货 vs 45 days", l: h(listing.Listing{ServiceText: "预售款1个月内发货"}, 1080), want: []hit{{sp, listing.SourceService, "1个月内发货"}}},
		{name: "7天左右发货 vs 10 days", l: h(listing.Listing{ServiceText: "手工定制，7天左右发货"}, 240), want: []hit{{sp, listing.SourceService, "7天左右发货"}}},
		{name: "3天内陆续发货 vs 7 days", l: h(listing.Listing{ServiceText: "按付款顺序3天内陆续发货"}, 168), want: []hit{{sp, listing.SourceService, "3天内陆续发货"}}},
		{name: "统一发货 on a date, 10天内统一发货", l: h(listing.Listing{ServiceText: "5月1日下单的5月4日统一发货，其余订单10天内统一发货"}, 360),
			want: []hit{{sp, listing.SourceService, "10天内统一发货"}}},
		{name: "48小时内均可发货", l: h(listing.Listing{ServiceText: "现货48小时内均可发货"}, 72), want: []hit{{sp, listing.SourceService, "48小时内均可发货"}}},
		// 出货 is dispatch too; 出货量 is a volume.
		{name: "24小時出貨", l: h48(listing.Listing{ServiceText: "日出货量5000件，现货24小時出貨"}), want: []hit{{sp, listing.SourceService, "24小時出貨"}}},
		{name: "当天出货", l: h48(listing.Listing{Title: "现货 当天出货 保温杯"}), want: []hit{{sp, listing.SourceTitle, "当天出货"}}},
		{name: "image is not a source", l: h48(listing.Listing{Images: []listing.Image{{URL: "/i.png", Text: "当天发货"}}}), outcomes: pass},
	})
}
