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
		{name: "万能 claim", l: listing.Listing{Title: "万能收纳盒"}, want: []hit{{ab, listing.SourceTitle, "万能"}}},
		{name: "万能表 is a multimeter", l: listing.Listing{Title: "数字万能表 自动量程"}, outcomes: pass},
		{name: "万能胶 is glue", l: listing.Listing{Description: "鞋底开胶可用万能胶修补"}, outcomes: pass},
		{name: "separated", l: listing.Listing{Title: "最 好 的面料"}, want: []hit{{ab, listing.SourceTitle, "最 好"}}},
		{name: "image", l: listing.Listing{Title: "T恤", Images: []listing.Image{{URL: "/1.png", Alt: "销量冠军"}}},
			want: []hit{{ab, listing.SourceImage, "销量冠军"}}},
		{name: "service", l: listing.Listing{ServiceText: "顶级服务"}, want: []hit{{ab, listing.SourceService, "顶级"}}},
		{name: "ordinary word then term", l: listing.Listing{Title: "第一次购买 销量第一"}, want: []hit{{ab, listing.SourceTitle, "销量第一"}}},
		{name: "领导品牌", l: listing.Listing{Title: "行业领导品牌 保温杯"}, want: []hit{{ab, listing.SourceTitle, "领导品牌"}}},
		{name: "全国首家", l: listing.Listing{Description: "全国首家采用该工艺"}, want: []hit{{ab, listing.SourceDescription, "全国首家"}}},
		{name: "全网首发", l: listing.Listing{Title: "全网首发 新款卫衣"}, want: []hit{{ab, listing.SourceTitle, "全网首发"}}},
		{name: "首家店 is no claim", l: listing.Listing{Description: "这是我们在杭州的首家门店"}, outcomes: pass},
		// ordinary words
		{name: "第一次 第一天 第一步", l: listing.Listing{Description: "第一次使用请先清洗，第一天少量，第一步拆包装"}, outcomes: pass},
		{name: "最近 最好不要", l: listing.Listing{Description: "最近天气热，最好不要暴晒"}, outcomes: pass},
		{name: "第一名 is a rank", l: listing.Listing{Title: "全国第一名 T恤"}, want: []hit{{ab, listing.SourceTitle, "第一"}}},
		{name: "NO.1", l: listing.Listing{Title: "销量NO.1 T恤"}, want: []hit{{ab, listing.SourceTitle, "NO.1"}}},
		{name: "full-width NO.1", l: listing.Listing{Title: "销量ＮＯ．１ T恤"}, want: []hit{{ab, listing.SourceTitle, "ＮＯ．１"}}},
		{name: "NO1", l: listing.Listing{Title: "人气No1 T恤"}, want: []hit{{ab, listing.SourceTitle, "No1"}}},
		{name: "TOP1", l: listing.Listing{Title: "热销TOP1 T恤"}, want: []hit{{ab, listing.SourceTitle, "TOP1"}}},
		{name: "史上最低", l: listing.Listing{Title: "T恤 史上最低"}, want: []hit{{ab, listing.SourceTitle, "史上最低"}}},
		{name: "第一 then a space", l: listing.Listing{Title: "品质第一 口碑至上"}, want: []hit{{ab, listing.SourceTitle, "第一"}}},
		{name: "longer term then measure word", l: listing.Listing{Title: "销量冠军款 T恤"}, want: []hit{{ab, listing.SourceTitle, "销量冠军"}}},
		// ordinal 第一 (followed by a measure word) and advice 最好
		{name: "第一遍", l: listing.Listing{Description: "深色衣物第一遍清洗可能轻微掉色"}, outcomes: pass},
		{name: "第一颗", l: listing.Listing{Description: "第一颗纽扣可不扣"}, outcomes: pass},
		{name: "第一印象", l: listing.Listing{Description: "第一印象很重要"}, outcomes: pass},
		{name: "OCR 第 一 次", l: listing.Listing{Title: "T恤", Images: []listing.Image{{URL: "/1.png", Text: "第 一 次 使 用 请 先 清 洗"}}}, outcomes: pass},
		{name: "第一道工序", l: listing.Listing{Description: "第一道工序是裁剪"}, outcomes: pass},
		{name: "最好手洗", l: listing.Listing{Description: "建议最好手洗，不可漂白"}, outcomes: pass},
		{name: "建议最好", l: listing.Listing{Description: "建议最好搭配打底衫"}, outcomes: pass},
		// Latin terms need word boundaries.
		{name: "top10", l: listing.Listing{Title: "热销top10 T恤"}, outcomes: pass},
		{name: "stop1", l: listing.Listing{Title: "STOP1 款 T恤"}, outcomes: pass},
		{name: "no.12", l: listing.Listing{Title: "款号NO.12 T恤"}, outcomes: pass},
		// 最 with a market or history scope, and popularity or price 最.
		{name: "全网最全", l: listing.Listing{Title: "全网最全 收纳盒"}, want: []hit{{ab, listing.SourceTitle, "全网最全"}}},
		{name: "史上最薄", l: listing.Listing{Description: "史上最薄的羽绒服"}, want: []hit{{ab, listing.SourceDescription, "史上最薄"}}},
		{name: "全国最低价 quoted whole", l: listing.Listing{Title: "全国最低价 T恤"}, want: []hit{{ab, listing.SourceTitle, "全国最低价"}}},
		{name: "TOP 1 spaced", l: listing.Listing{Title: "热销TOP 1 T恤"}, want: []hit{{ab, listing.SourceTitle, "TOP 1"}}},
		{name: "最火", l: listing.Listing{Title: "今年最火的款 T恤"}, want: []hit{{ab, listing.SourceTitle, "最火"}}},
		{name: "最热销", l: listing.Listing{Title: "店内最热销 T恤"}, want: []hit{{ab, listing.SourceTitle, "最热销"}}},
		{name: "最实惠", l: listing.Listing{ServiceText: "全年最实惠"}, want: []hit{{ab, listing.SourceService, "最实惠"}}},
		// 第1 ranks like 第一, and counts like it before a measure word or in a range.
		{name: "第1", l: listing.Listing{Title: "第1次使用 第1-3天少量 第1代", Description: "全网销量第1"},
			want: []hit{{ab, listing.SourceDescription, "第1"}}},
		// Enumerations and more measure words are ordinals.
		{name: "第一，…第二，… enumerates", l: listing.Listing{Title: "第一，纯棉；第二，透气", Description: "口碑第一，第二件半价"},
			want: []hit{{ab, listing.SourceDescription, "第一"}}},
		{name: "第一， without 第二 ranks", l: listing.Listing{Title: "第一、面料柔软；第二、不起球", Description: "人气榜：第一，好评如潮"},
			want: []hit{{ab, listing.SourceDescription, "第一"}}},
		{name: "第一、 enumerates", l: listing.Listing{Description: "优点：第一、面料柔软；第二、不起球"}, outcomes: pass},
		{name: "第一点 第一种 第一档", l: listing.Listing{Description: "第一点，第一种方法是把风扇开到第一档；第一胎宝宝适用，第一格放奶粉"}, outcomes: pass},
		{name: "第一类医疗器械", l: listing.Listing{Title: "第一类医疗器械 医用口罩"}, outcomes: pass},
		{name: "第一手货源", l: listing.Listing{Title: "工厂第一手货源 T恤"}, outcomes: pass},
		// 唯一 that ranks nothing; honours, aims and product names.
		{name: "唯一的缺点", l: listing.Listing{Description: "唯一的缺点是有点重，两款唯一的区别是颜色"}, outcomes: pass},
		{name: "唯一防伪码", l: listing.Listing{Description: "一物一码，每件都有唯一防伪码"}, outcomes: pass},
		{name: "国家级非遗", l: listing.Listing{Title: "国家级非遗 苏绣手帕"}, outcomes: pass},
		{name: "追求极致", l: listing.Listing{Description: "我们追求极致的工匠精神"}, outcomes: pass},
		{name: "万能插座 is a product", l: listing.Listing{Title: "万能转换插头 万能孔插座 万能插座"}, outcomes: pass},
		{name: "attributes are not a source", l: listing.Listing{Title: "T恤", Attributes: attrs("等级", "顶级")}, outcomes: pass},
	})
}
