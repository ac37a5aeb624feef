package checks

import (
	"testing"

	"github.com/xundian/xundian/listing"
)

const mm = "material-mismatch"

func attrs(kv ...string) []listing.Attribute {
	var out []listing.Attribute
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, listing.Attribute{Name: kv[i], Value: kv[i+1]})
	}
	return out
}

func TestMaterialMismatch(t *testing.T) {
	pass := map[string]listing.Outcome{mm: listing.OutcomePass}
	runCases(t, []ruleCase{
		{name: "纯棉 vs polyester", l: listing.Listing{Title: "纯棉T恤", Attributes: attrs("面料成分", "聚酯纤维100%")},
			want: []hit{{mm, listing.SourceTitle, "纯棉"}}, outcomes: map[string]listing.Outcome{mm: listing.OutcomeFail}},
		{name: "纯棉 vs 60% cotton", l: listing.Listing{Title: "纯棉T恤", Attributes: attrs("面料成分", "棉60% 聚酯纤维40%")},
			want: []hit{{mm, listing.SourceTitle, "纯棉"}}},
		{name: "100%棉 percent first", l: listing.Listing{Title: "100%棉 衬衫", Attributes: attrs("材质", "60%棉 40%聚酯纤维")},
			want: []hit{{mm, listing.SourceTitle, "100%棉"}}},
		{name: "traditional full-width claim", l: listing.Listing{Title: "１００％純棉襯衫", Attributes: attrs("面料成分", "聚酯纖維100%")},
			want: []hit{{mm, listing.SourceTitle, "１００％純棉"}}},
		{name: "traditional attribute name 材質", l: listing.Listing{Description: "採用純棉面料", Attributes: attrs("材質", "棉60% 聚酯纖維40%")},
			want: []hit{{mm, listing.SourceDescription, "純棉"}}},
		{name: "真皮 vs PU", l: listing.Listing{Description: "头层牛皮手工缝制", Attributes: attrs("材质", "PU")},
			want: []hit{{mm, listing.SourceDescription, "头层牛皮"}}},
		{name: "真丝 vs polyester", l: listing.Listing{Title: "真絲睡衣", Attributes: attrs("面料成分", "聚酯纤维95% 氨纶5%")},
			want: []hit{{mm, listing.SourceTitle, "真絲"}}},
		{name: "纯羊毛 vs 70% wool", l: listing.Listing{Title: "纯羊毛大衣", Attributes: attrs("成分含量", "羊毛70% 锦纶30%")},
			want: []hit{{mm, listing.SourceTitle, "纯羊毛"}}},
		{name: "羊绒 absent", l: listing.Listing{Title: "羊绒围巾", Attributes: attrs("面料成分", "腈纶100%")},
			want: []hit{{mm, listing.SourceTitle, "羊绒"}}},
		// blends named without shares defeat a purity claim
		{name: "纯棉 vs 涤棉", l: listing.Listing{Title: "纯棉T恤", Attributes: attrs("面料", "涤棉")},
			want: []hit{{mm, listing.SourceTitle, "纯棉"}}},
		{name: "纯棉 vs 棉混纺", l: listing.Listing{Title: "纯棉衬衫", Attributes: attrs("面料成分", "棉混纺")},
			want: []hit{{mm, listing.SourceTitle, "纯棉"}}},
		{name: "全棉 vs 棉麻", l: listing.Listing{Title: "全棉床单", Attributes: attrs("材质", "棉麻")},
			want: []hit{{mm, listing.SourceTitle, "全棉"}}},
		{name: "纯棉 vs 棉 涤纶", l: listing.Listing{Title: "纯棉T恤", Attributes: attrs("面料成分", "棉 涤纶")},
			want: []hit{{mm, listing.SourceTitle, "纯棉"}}},
		{name: "纯棉 vs 全涤", l: listing.Listing{Title: "纯棉T恤", Attributes: attrs("面料", "全涤")},
			want: []hit{{mm, listing.SourceTitle, "纯棉"}}},
		{name: "人棉 is rayon", l: listing.Listing{Title: "纯棉睡衣", Attributes: attrs("面料", "人棉")},
			want: []hit{{mm, listing.SourceTitle, "纯棉"}}},
		{name: "竹纤维 is viscose", l: listing.Listing{Title: "纯棉毛巾", Attributes: attrs("材质", "竹纤维")},
			want: []hit{{mm, listing.SourceTitle, "纯棉"}}},
		{name: "blend decoy: stretch", l: listing.Listing{Title: "纯棉打底衫", Attributes: attrs("面料成分", "棉 氨纶")}, outcomes: pass},
		{name: "blend decoy: a small stated share", l: listing.Listing{Title: "纯棉T恤", Attributes: attrs("面料成分", "棉 涤纶3%")}, outcomes: pass},
		{name: "blend decoy: the lining", l: listing.Listing{Title: "纯棉外套", Attributes: attrs("面料成分", "面料棉 里料涤纶")}, outcomes: pass},
		{name: "blend decoy: no purity claim", l: listing.Listing{Title: "棉麻衬衫 精梳棉", Attributes: attrs("面料", "涤棉")}, outcomes: pass},
		{name: "blend decoy: 洗涤 is no fibre", l: listing.Listing{Title: "纯棉T恤", Attributes: attrs("面料", "纯棉 可机洗涤")}, outcomes: pass},
		{name: "a blend word alone cannot be checked", l: listing.Listing{Title: "纯棉T恤", Attributes: attrs("面料", "混纺")},
			outcomes: map[string]listing.Outcome{mm: listing.OutcomeCouldNotCheck}},
		{name: "人造棉 is not cotton", l: listing.Listing{Title: "全棉睡裙", Attributes: attrs("面料成分", "人造棉100%")},
			want: []hit{{mm, listing.SourceTitle, "全棉"}}},
		// consistent
		{name: "纯棉 vs 棉100%", l: listing.Listing{Title: "纯棉T恤", Attributes: attrs("面料成分", "棉100%")}, outcomes: pass},
		{name: "纯棉 vs 95% cotton", l: listing.Listing{Title: "纯棉T恤", Attributes: attrs("面料成分", "棉95% 氨纶5%")}, outcomes: pass},
		{name: "纯棉 vs bare 精梳棉", l: listing.Listing{Title: "纯棉T恤", Attributes: attrs("面料", "精梳棉")}, outcomes: pass},
		{name: "真丝 vs 桑蚕丝", l: listing.Listing{Title: "真丝衬衫", Attributes: attrs("面料成分", "桑蚕丝100%")}, outcomes: pass},
		{name: "羊绒 present", l: listing.Listing{Title: "羊绒衫", Attributes: attrs("面料成分", "羊毛70% 羊绒30%")}, outcomes: pass},
		{name: "真皮 vs 牛皮", l: listing.Listing{Title: "真皮钱包", Attributes: attrs("材质", "头层牛皮")}, outcomes: pass},
		{name: "preferred attribute", l: listing.Listing{Title: "纯棉T恤", Attributes: attrs("面料", "聚酯纤维", "面料成分", "棉100%")}, outcomes: pass},
		// leathers: grade (头层/二层) and animal tell them apart; a less
		// specific attribute (牛皮, 真皮) cannot contradict
		{name: "头层牛皮 vs 二层牛皮", l: listing.Listing{Title: "头层牛皮男士皮带", Attributes: attrs("材质", "二层牛皮")},
			want: []hit{{mm, listing.SourceTitle, "头层牛皮"}}},
		{name: "头层牛皮 vs 羊皮", l: listing.Listing{Title: "头层牛皮钱包", Attributes: attrs("材质", "羊皮")},
			want: []hit{{mm, listing.SourceTitle, "头层牛皮"}}},
		{name: "纯牛皮 vs 猪皮", l: listing.Listing{Title: "纯牛皮钱包", Attributes: attrs("材质", "猪皮")},
			want: []hit{{mm, listing.SourceTitle, "纯牛皮"}}},
		{name: "真皮 vs 二层牛皮", l: listing.Listing{Title: "真皮钱包", Attributes: attrs("材质", "二层牛皮")}, outcomes: pass},
		{name: "头层牛皮 vs 牛皮", l: listing.Listing{Title: "头层牛皮钱包", Attributes: attrs("材质", "牛皮")}, outcomes: pass},
		{name: "头层牛皮 vs 真皮", l: listing.Listing{Title: "头层牛皮钱包", Attributes: attrs("材质", "真皮")}, outcomes: pass},
		{name: "头层皮 vs 头层牛皮", l: listing.Listing{Title: "头层皮钱包", Attributes: attrs("材质", "头层牛皮")}, outcomes: pass},
		// attribute names of bags and shoes, and a common spelling
		{name: "质地 of a bag", l: listing.Listing{Title: "真皮女包", Attributes: attrs("质地", "PU")},
			want: []hit{{mm, listing.SourceTitle, "真皮"}}},
		{name: "帮面材质 of a shoe", l: listing.Listing{Title: "真皮男鞋", Attributes: attrs("帮面材质", "PU")},
			want: []hit{{mm, listing.SourceTitle, "真皮"}}},
		{name: "面料成份", l: listing.Listing{Title: "纯棉T恤", Attributes: attrs("面料成份", "聚酯纤维100%")},
			want: []hit{{mm, listing.SourceTitle, "纯棉"}}},
		// named cottons claim cotton
		{name: "精梳棉 vs polyester", l: listing.Listing{Title: "精梳棉T恤", Attributes: attrs("面料成分", "聚酯纤维100%")},
			want: []hit{{mm, listing.SourceTitle, "精梳棉"}}},
		{name: "新疆棉 present", l: listing.Listing{Title: "新疆棉T恤", Attributes: attrs("面料成分", "棉95% 氨纶5%")}, outcomes: pass},
		// not claims
		{name: "仿真丝", l: listing.Listing{Title: "仿真丝衬衫", Attributes: attrs("面料成分", "聚酯纤维100%")}, outcomes: pass},
		{name: "仿羊绒 and 仿真皮", l: listing.Listing{Title: "仿羊绒围巾 仿真皮包", Attributes: attrs("面料成分", "腈纶100%")}, outcomes: pass},
		{name: "棉麻 is no purity claim", l: listing.Listing{Title: "棉麻衬衫", Attributes: attrs("面料成分", "聚酯纤维100%")}, outcomes: pass},
		{name: "比纯棉 is a comparison", l: listing.Listing{Description: "速干面料，比纯棉更透气", Attributes: attrs("面料成分", "聚酯纤维100%")}, outcomes: pass},
		{name: "媲美真丝 is a comparison", l: listing.Listing{Description: "媲美真丝的光泽感", Attributes: attrs("面料成分", "聚酯纤维100%")}, outcomes: pass},
		{name: "a comparison does not hide a claim", l: listing.Listing{Title: "纯棉T恤", Description: "比纯棉更透气", Attributes: attrs("面料成分", "聚酯纤维100%")},
			want: []hit{{mm, listing.SourceTitle, "纯棉"}}},
		{name: "service text is not a source", l: listing.Listing{Title: "T恤", ServiceText: "纯棉", Attributes: attrs("面料成分", "聚酯纤维100%")}, outcomes: pass},
		// missing input
		{name: "no attribute", l: listing.Listing{Title: "纯棉T恤"}, outcomes: map[string]listing.Outcome{mm: listing.OutcomeCouldNotCheck}},
		{name: "unreadable attribute", l: listing.Listing{Title: "纯棉T恤", Attributes: attrs("面料成分", "其他")},
			outcomes: map[string]listing.Outcome{mm: listing.OutcomeCouldNotCheck}},
		{name: "no claim, no attribute", l: listing.Listing{Title: "T恤"}, outcomes: pass},
	})
}
