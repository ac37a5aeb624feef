package checks

import (
	"testing"

	"github.com/xundian/xundian/listing"
)

const ab = "absolute-term"

func TestAbsoluteTerm(t *testing.T) {
	pass := map[string]listing.Outcome{ab: listing.OutcomePass}
	runCases(t, []ruleCase{
		{name: "全网最低", l: listing.Listing{Title: "全网最低 T恤"}, want: []hit{{ab, listing.SourceTitle, "全网最低"}},
			outcomes: map[string]listing.Outcome{ab: listing.OutcomeFail}},
		{name: "longest wins", l: listing.Listing{Title: "全网最低价"}, want: []hit{{ab, listing.SourceTitle, "全网最低价"}}},
		{name: "traditional", l: listing.Listing{Description: "國家級品質"}, want: []hit{{ab, listing.SourceDescription, "國家級"}}},
		{name: "separated", l: listing.Listing{Title: "最 好 的面料"}, want: []hit{{ab, listing.SourceTitle, "最 好"}}},
		{name: "image", l: listing.Listing{Title: "T恤", Images: []listing.Image{{URL: "/1.png", Alt: "销量冠军"}}},
			want: []hit{{ab, listing.SourceImage, "销量冠军"}}},
		{name: "service", l: listing.Listing{ServiceText: "顶级服务"}, want: []hit{{ab, listing.SourceService, "顶级"}}},
		{name: "ordinary word then term", l: listing.Listing{Title: "第一次购买 销量第一"}, want: []hit{{ab, listing.SourceTitle, "销量第一"}}},
		// ordinary words
		{name: "第一次 第一天 第一步", l: listing.Listing{Description: "第一次使用请先清洗，第一天少量，第一步拆包装"}, outcomes: pass},
		{name: "最近 最好不要", l: listing.Listing{Description: "最近天气热，最好不要暴晒"}, outcomes: pass},
		{name: "attributes are not a source", l: listing.Listing{Title: "T恤", Attributes: attrs("等级", "顶级")}, outcomes: pass},
	})
}
