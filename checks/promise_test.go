package checks

import (
	"testing"

	"github.com/xundian/xundian/listing"
)

const sp = "shipping-promise"

func TestShippingPromise(t *testing.T) {
	h48 := func(l listing.Listing) listing.Listing { l.HasHandling, l.HandlingHours = true, 48; return l }
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
		{name: "次日发货 = 48h is fine", l: h48(listing.Listing{ServiceText: "次日发货"}), outcomes: pass},
		{name: "次日发货 vs 72h", l: listing.Listing{ServiceText: "隔天发货", HasHandling: true, HandlingHours: 72},
			want: []hit{{sp, listing.SourceService, "隔天发货"}}},
		{name: "3 days vs 72h", l: listing.Listing{ServiceText: "3天内发货", HasHandling: true, HandlingHours: 72}, outcomes: pass},
		{name: "2 days vs 72h", l: listing.Listing{ServiceText: "2天发货", HasHandling: true, HandlingHours: 72},
			want: []hit{{sp, listing.SourceService, "2天发货"}}},
		{name: "negated", l: h48(listing.Listing{ServiceText: "不保证当天发货"}), outcomes: pass},
		{name: "bare 发货 is no promise", l: h48(listing.Listing{ServiceText: "按付款顺序发货"}), outcomes: pass},
		{name: "no handling time", l: listing.Listing{Title: "当天发货"}, outcomes: map[string]listing.Outcome{sp: listing.OutcomeCouldNotCheck}},
		{name: "no promise, no handling time", l: listing.Listing{Title: "T恤"}, outcomes: pass},
		{name: "image is not a source", l: h48(listing.Listing{Images: []listing.Image{{URL: "/i.png", Text: "当天发货"}}}), outcomes: pass},
	})
}
