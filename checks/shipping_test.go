package checks

import (
	"path/filepath"
	"testing"

	"github.com/xundian/xundian/listing"
)

func regions(rs ...listing.Region) []listing.Region { return rs }

// Freight templates for the tests.
var (
	tplRemote = &listing.FreightTemplate{Regions: []listing.RegionFee{
		{Regions: regions("新疆", "西藏"), Fee: listing.Fee{First: 1000, Additional: 500}}}}
	tplOneFen = &listing.FreightTemplate{Regions: []listing.RegionFee{
		{Regions: regions("青海"), Fee: listing.Fee{First: 1}}}}
	tplAllPaid   = &listing.FreightTemplate{Default: listing.Fee{First: 800, Additional: 200}}
	tplThreshold = &listing.FreightTemplate{Default: listing.Fee{First: 800},
		FreeConditions: []listing.FreeCondition{{MinAmount: 9900}}}
	tplTwoItems = &listing.FreightTemplate{Default: listing.Fee{First: 800, Additional: 200},
		FreeConditions: []listing.FreeCondition{{MinQuantity: 2}}}
	tplJZH = &listing.FreightTemplate{Default: listing.Fee{First: 1000}, Regions: []listing.RegionFee{
		{Regions: regions("江苏", "浙江", "上海"), Fee: listing.Fee{}}}}
	tplNoXinjiang = &listing.FreightTemplate{Undeliverable: regions("新疆"), Regions: []listing.RegionFee{
		{Regions: regions("新疆", "台湾"), Fee: listing.Fee{First: 2000}}}}
	tplHKOnly = &listing.FreightTemplate{Regions: []listing.RegionFee{
		{Regions: regions("香港", "澳门", "台湾"), Fee: listing.Fee{First: 3000}}}}
	tplXinjiang = &listing.FreightTemplate{Regions: []listing.RegionFee{
		{Regions: regions("新疆"), Fee: listing.Fee{First: 1000}}}}
	// remote areas (the default 偏远地区 group) free from 200.00, else 10.00
	tplRemote200 = &listing.FreightTemplate{
		Regions: []listing.RegionFee{{Regions: regions("新疆", "西藏", "内蒙古", "青海", "宁夏", "甘肃"), Fee: listing.Fee{First: 1000}}},
		FreeConditions: []listing.FreeCondition{
			{Regions: regions("新疆", "西藏", "内蒙古", "青海", "宁夏", "甘肃"), MinAmount: 20000}}}
)

const fs = "free-shipping-mismatch"

func TestFreeShippingMismatch(t *testing.T) {
	fail := map[string]listing.Outcome{fs: listing.OutcomeFail}
	pass := map[string]listing.Outcome{fs: listing.OutcomePass}
	runCases(t, []ruleCase{
		{name: "claim vs remote surcharge", l: listing.Listing{Title: "夏季T恤 全国包邮", Price: 5900, Freight: tplRemote},
			want: []hit{{fs, listing.SourceTitle, "全国包邮"}}, outcomes: fail},
		{name: "traditional", l: listing.Listing{Title: "夏季T卹 全國包郵", Price: 5900, Freight: tplRemote},
			want: []hit{{fs, listing.SourceTitle, "全國包郵"}}},
		{name: "separator and full-width", l: listing.Listing{Title: "夏季Ｔ恤　包 - 郵", Price: 5900, Freight: tplRemote},
			want: []hit{{fs, listing.SourceTitle, "包 - 郵"}}},
		{name: "zero-width inside", l: listing.Listing{Title: "夏季T恤 包\u200b邮", Price: 5900, Freight: tplRemote},
			want: []hit{{fs, listing.SourceTitle, "包\u200b邮"}}},
		{name: "免运费", l: listing.Listing{Description: "本店商品免運費", Price: 5900, Freight: tplAllPaid},
			want: []hit{{fs, listing.SourceDescription, "免運費"}}},
		{name: "one fen counts", l: listing.Listing{ServiceText: "卖家包邮", Price: 5900, Freight: tplOneFen},
			want: []hit{{fs, listing.SourceService, "卖家包邮"}}},
		{name: "exception in brackets", l: listing.Listing{Title: "全国包邮（新疆西藏除外）", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "exception traditional", l: listing.Listing{Title: "全國包郵（新疆、西藏除外）", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "remote-area group", l: listing.Listing{Title: "包邮 偏远地区除外", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "不包邮 exception", l: listing.Listing{Description: "全国包邮，新疆、西藏不包邮。", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "除…外 before", l: listing.Listing{Description: "除新疆西藏外全国包邮", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "exception names too little", l: listing.Listing{Title: "全国包邮(新疆除外)", Price: 5900, Freight: tplRemote},
			want: []hit{{fs, listing.SourceTitle, "全国包邮"}}},
		{name: "exception before: 其余包邮", l: listing.Listing{Description: "新疆西藏补邮费10元，其余包邮", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "exception before: 除外包邮", l: listing.Listing{Title: "保温杯 偏远地区除外包邮", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "exception before names too little", l: listing.Listing{Description: "新疆补邮费，其余包邮", Price: 5900, Freight: tplRemote},
			want: []hit{{fs, listing.SourceDescription, "包邮"}}},
		{name: "疆藏 abbreviation", l: listing.Listing{Title: "保温杯 包邮 疆藏除外", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "新藏 abbreviation", l: listing.Listing{Title: "保温杯 包邮（新藏除外）", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "西北 does not cover 西藏", l: listing.Listing{Title: "保温杯 包邮 西北除外", Price: 5900, Freight: tplRemote},
			want: []hit{{fs, listing.SourceTitle, "包邮"}}},
		{name: "exception in the next sentence does not count", l: listing.Listing{Description: "全国包邮。新疆西藏地区请联系客服", Price: 5900, Freight: tplRemote},
			want: []hit{{fs, listing.SourceDescription, "全国包邮"}}},
		{name: "regional claim kept", l: listing.Listing{Title: "江浙沪包邮", Price: 5900, Freight: tplJZH}, outcomes: pass},
		{name: "regional claim with list", l: listing.Listing{Title: "江苏、浙江、上海包邮", Price: 5900, Freight: tplJZH}, outcomes: pass},
		{name: "regional claim broken", l: listing.Listing{Title: "江浙沪皖包邮", Price: 5900, Freight: tplJZH},
			want: []hit{{fs, listing.SourceTitle, "江浙沪皖包邮"}}},
		{name: "京津冀 broken", l: listing.Listing{Title: "京津冀地区包邮", Price: 5900, Freight: tplJZH},
			want: []hit{{fs, listing.SourceTitle, "京津冀地区包邮"}}},
		{name: "threshold met by template", l: listing.Listing{Title: "满99包邮", Price: 3900, Freight: tplThreshold}, outcomes: pass},
		{name: "threshold 元 met", l: listing.Listing{Title: "满99元包邮", Price: 3900, Freight: tplThreshold}, outcomes: pass},
		{name: "threshold spaced, met", l: listing.Listing{Title: "夏季T恤 满99 包邮", Price: 3900, Freight: tplThreshold}, outcomes: pass},
		// conditions written other ways
		{name: "满¥99 met", l: listing.Listing{Title: "夏季T恤 满¥99包邮", Price: 3900, Freight: tplThreshold}, outcomes: pass},
		{name: "满99元以上 met", l: listing.Listing{Title: "满99元以上包邮", Price: 3900, Freight: tplThreshold}, outcomes: pass},
		{name: "2件起 met", l: listing.Listing{Title: "夏季T恤 2件起包邮", Price: 3900, Freight: tplTwoItems}, outcomes: pass},
		{name: "2件以上 met", l: listing.Listing{Title: "夏季T恤 2件以上包邮", Price: 3900, Freight: tplTwoItems}, outcomes: pass},
		{name: "两件及以上 met", l: listing.Listing{Title: "夏季T恤 两件及以上包邮", Price: 3900, Freight: tplTwoItems}, outcomes: pass},
		{name: "满¥59 below the template's", l: listing.Listing{Title: "满¥59包邮", Price: 3900, Freight: tplThreshold},
			want: []hit{{fs, listing.SourceTitle, "满¥59包邮"}}},
		// a province with 省 is a regional claim
		{name: "广东省包邮", l: listing.Listing{Title: "广东省包邮", Price: 5900, Freight: &listing.FreightTemplate{Default: listing.Fee{First: 1000},
			Regions: []listing.RegionFee{{Regions: regions("广东"), Fee: listing.Fee{}}}}}, outcomes: pass},
		// exceptions written with the surcharge, or before the regions
		{name: "新疆西藏加10元", l: listing.Listing{Description: "全国包邮，新疆西藏加10元", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "新疆西藏运费另计", l: listing.Listing{Description: "全国包邮，新疆西藏运费另计", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "不含新疆西藏", l: listing.Listing{Description: "全国包邮（不含新疆西藏）", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "不包括新疆、西藏", l: listing.Listing{Description: "全国包邮（不包括新疆、西藏）", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "除新疆西藏外 after", l: listing.Listing{Description: "全国包邮，除新疆西藏外", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "exception naming one of two charged regions", l: listing.Listing{Description: "全国包邮（不含新疆）", Price: 5900, Freight: tplRemote},
			want: []hit{{fs, listing.SourceDescription, "全国包邮"}}},
		{name: "加 without regions excepts nothing", l: listing.Listing{Description: "全国包邮，加10元换购", Price: 5900, Freight: tplRemote},
			want: []hit{{fs, listing.SourceDescription, "全国包邮"}}},
		// not claims about the sale's freight
		{name: "包邮退换", l: listing.Listing{ServiceText: "质量问题包邮退换", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		{name: "退换货免运费", l: listing.Listing{ServiceText: "7天退换货免运费", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		{name: "不参加包邮", l: listing.Listing{Description: "本商品不参加包邮活动", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		{name: "部分地区包邮", l: listing.Listing{Title: "夏季T恤 部分地区包邮", Price: 5900, Freight: tplRemote}, outcomes: pass},
		// synonyms
		{name: "包顺丰", l: listing.Listing{Title: "夏季T恤 包顺丰", Price: 5900, Freight: tplRemote}, want: []hit{{fs, listing.SourceTitle, "包顺丰"}}},
		{name: "邮费全免", l: listing.Listing{Title: "夏季T恤 邮费全免", Price: 5900, Freight: tplRemote}, want: []hit{{fs, listing.SourceTitle, "邮费全免"}}},
		{name: "two items spaced, met", l: listing.Listing{Title: "满 2 件包邮", Price: 3900, Freight: tplTwoItems}, outcomes: pass},
		{name: "threshold not in template", l: listing.Listing{Title: "满99元包邮", Price: 3900, Freight: tplAllPaid},
			want: []hit{{fs, listing.SourceTitle, "满99元包邮"}}},
		{name: "lower threshold than template", l: listing.Listing{Title: "满59即包邮", Price: 3900, Freight: tplThreshold},
			want: []hit{{fs, listing.SourceTitle, "满59即包邮"}}},
		{name: "unconditional vs threshold template, price below", l: listing.Listing{Title: "包邮", Price: 3900, Freight: tplThreshold},
			want: []hit{{fs, listing.SourceTitle, "包邮"}}},
		{name: "unconditional vs threshold template, price above", l: listing.Listing{Title: "包邮", Price: 12900, Freight: tplThreshold}, outcomes: pass},
		{name: "two items met", l: listing.Listing{Title: "满2件包邮", Price: 3900, Freight: tplTwoItems}, outcomes: pass},
		{name: "two items by amount", l: listing.Listing{Title: "2件包邮", Price: 3900, Freight: tplThreshold},
			want: []hit{{fs, listing.SourceTitle, "2件包邮"}}},
		{name: "two items by amount met", l: listing.Listing{Title: "两件包邮", Price: 5900, Freight: tplThreshold}, outcomes: pass},
		{name: "undeliverable region not charged", l: listing.Listing{Title: "全国包邮", Price: 5900, Freight: tplNoXinjiang}, outcomes: pass},
		{name: "only HK/Macau/Taiwan charged", l: listing.Listing{Title: "全国包邮", Price: 5900, Freight: tplHKOnly}, outcomes: pass},
		// non-claims
		{name: "不包邮", l: listing.Listing{Title: "不包邮 偏远地区运费自理", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		{name: "非包邮", l: listing.Listing{Description: "本商品非包邮商品", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		{name: "return freight", l: listing.Listing{ServiceText: "开通88VIP，可享全年退货包运费，赠送运费险", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		{name: "退货包邮", l: listing.Listing{ServiceText: "质量问题退货包邮", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		{name: "question", l: listing.Listing{Description: "买家问：包邮吗？", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		{name: "no claim, no template", l: listing.Listing{Title: "夏季T恤", Price: 5900}, outcomes: pass},
		// missing input
		{name: "claim without template", l: listing.Listing{Title: "全国包邮", Price: 5900},
			outcomes: map[string]listing.Outcome{fs: listing.OutcomeCouldNotCheck}},
		{name: "attributes are not a source", l: listing.Listing{Title: "T恤", Price: 5900, Freight: tplAllPaid,
			Attributes: []listing.Attribute{{Name: "服务", Value: "包邮"}}}, outcomes: pass},
		// an exception stated in the next (or previous) sentence, which
		// makes no claim of its own
		{name: "exception on the next line", l: listing.Listing{Description: "全国包邮\n新疆西藏除外", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "exception after an exclamation mark", l: listing.Listing{Title: "保温杯 包邮！新疆西藏除外", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "exception in the sentence before", l: listing.Listing{Description: "新疆西藏不包邮。其他地区包邮", Price: 5900, Freight: tplRemote}, outcomes: pass},
		// 除 without 外, 以外
		{name: "除 without 外", l: listing.Listing{Title: "保温杯 包邮（除新疆西藏）", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "除了…其他都包邮", l: listing.Listing{Description: "除了新疆西藏其他都包邮", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "以外全国包邮", l: listing.Listing{Description: "新疆西藏以外全国包邮", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "excepted regions are no regional claim", l: listing.Listing{Description: "除新疆西藏全国包邮", Price: 5900, Freight: tplOneFen},
			want: []hit{{fs, listing.SourceDescription, "全国包邮"}}},
		{name: "excepted regions before 包邮", l: listing.Listing{Description: "除新疆西藏包邮", Price: 5900, Freight: tplOneFen},
			want: []hit{{fs, listing.SourceDescription, "包邮"}}},
		// only the region list touching the marker is excepted
		{name: "product origin before 不发黄", l: listing.Listing{Title: "新疆棉 不发黄 全国包邮", Price: 5900, Freight: tplXinjiang},
			want: []hit{{fs, listing.SourceTitle, "全国包邮"}}},
		{name: "shipped-from region before another exception", l: listing.Listing{Description: "包邮，新疆发货，港澳台除外", Price: 5900, Freight: tplXinjiang},
			want: []hit{{fs, listing.SourceDescription, "包邮"}}},
		// more ways to state the exception
		{name: "运费到付", l: listing.Listing{Description: "包邮，新疆西藏运费到付", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "运费15元", l: listing.Listing{Description: "全国包邮，新疆西藏运费15元", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "补10元", l: listing.Listing{Description: "包邮 新疆西藏补10元", Price: 5900, Freight: tplRemote}, outcomes: pass},
		{name: "快递不到", l: listing.Listing{Description: "全国包邮 新疆西藏快递不到", Price: 5900, Freight: tplRemote}, outcomes: pass},
		// regions named after the claim
		{name: "包邮区域：", l: listing.Listing{Description: "包邮地区：江浙沪", Price: 5900, Freight: tplJZH}, outcomes: pass},
		{name: "包邮（仅限…）", l: listing.Listing{Title: "保温杯 包邮（仅限江浙沪）", Price: 5900, Freight: tplJZH}, outcomes: pass},
		{name: "包邮区域 broken", l: listing.Listing{Title: "包邮区域：江浙沪皖", Price: 5900, Freight: tplJZH},
			want: []hit{{fs, listing.SourceTitle, "包邮区域：江浙沪皖"}}},
		// 全国包邮 is nationwide whatever region a title names before it
		{name: "region before 全国包邮", l: listing.Listing{Title: "宁夏枸杞 正宗宁夏 全国包邮", Price: 5900, Freight: tplRemote},
			want: []hit{{fs, listing.SourceTitle, "全国包邮"}}},
		// a regional claim next to a nationwide one is checked on its own
		{name: "remote areas promised their own threshold", l: listing.Listing{Description: "全国包邮，偏远地区满200包邮", Price: 5900, Freight: tplRemote200}, outcomes: pass},
		{name: "remote areas' own threshold broken", l: listing.Listing{Description: "全国包邮，偏远地区满200包邮", Price: 5900, Freight: tplRemote},
			want: []hit{{fs, listing.SourceDescription, "偏远地区满200包邮"}}},
		// a threshold claim describes an order of its amount: the template
		// is shared, so the listing's own price does not meet it
		{name: "threshold below the template's", l: listing.Listing{Title: "满88包邮", Price: 9900, Freight: tplThreshold},
			want: []hit{{fs, listing.SourceTitle, "满88包邮"}}},
		{name: "amount threshold vs an item-count template", l: listing.Listing{Title: "满99元包邮", Price: 5900, Freight: tplTwoItems},
			want: []hit{{fs, listing.SourceTitle, "满99元包邮"}}},
		{name: "threshold in Chinese numerals", l: listing.Listing{Title: "满九十九元包邮", Price: 3900, Freight: tplThreshold}, outcomes: pass},
		{name: "threshold of a hundred in Chinese numerals", l: listing.Listing{Title: "满一百元包邮", Price: 3900, Freight: tplThreshold}, outcomes: pass},
		{name: "满百包邮", l: listing.Listing{Title: "满百包邮 T恤", Price: 3900, Freight: tplThreshold}, outcomes: pass},
		{name: "Chinese threshold below the template's", l: listing.Listing{Title: "满五十元包邮", Price: 3900, Freight: tplThreshold},
			want: []hit{{fs, listing.SourceTitle, "满五十元包邮"}}},
		// not claims about the sale's freight
		{name: "return freight 卖家承担运费", l: listing.Listing{ServiceText: "质量问题由卖家承担运费", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		{name: "换货包邮", l: listing.Listing{ServiceText: "质量问题换货包邮", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		{name: "包邮券", l: listing.Listing{Description: "领包邮券下单更优惠", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		{name: "heading over the claim", l: listing.Listing{Description: "包邮说明：满99包邮", Price: 3900, Freight: tplThreshold}, outcomes: pass},
		{name: "不支持包邮", l: listing.Listing{Description: "本商品不支持包邮", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		{name: "不免邮费", l: listing.Listing{Description: "本商品不免邮费", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		{name: "question 能否包邮", l: listing.Listing{Description: "买家问：能否包邮", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		{name: "打包邮寄", l: listing.Listing{Description: "每件单独打包邮寄", Price: 5900, Freight: tplAllPaid}, outcomes: pass},
		// region groups
		{name: "苏浙沪包邮", l: listing.Listing{Title: "苏浙沪包邮", Price: 5900, Freight: tplJZH}, outcomes: pass},
		{name: "青藏除外", l: listing.Listing{Title: "保温杯 包邮 青藏地区除外", Price: 5900, Freight: tplOneFen}, outcomes: pass},
		{name: "华东 broken", l: listing.Listing{Title: "华东地区包邮", Price: 5900, Freight: tplJZH},
			want: []hit{{fs, listing.SourceTitle, "华东地区包邮"}}},
		// source order
		{name: "title before description", l: listing.Listing{Title: "包邮T恤", Description: "全国包邮", Price: 5900, Freight: tplAllPaid},
			want: []hit{{fs, listing.SourceTitle, "包邮"}}},
		{name: "image before description", l: listing.Listing{Title: "T恤", Description: "全国包邮", Price: 5900, Freight: tplAllPaid,
			Images: []listing.Image{{URL: "/img/1-1.png", Alt: "主图"}, {URL: "/img/1-2.png", Text: "顺丰包邮"}}},
			want: []hit{{fs, listing.SourceImage, "包邮"}}},
	})
}

func TestFreeShippingFindingFields(t *testing.T) {
	e := testEngine(t)
	l := &listing.Listing{ID: "10002", URL: "http://127.0.0.1/item/10002.html", Title: "巡店优选 T恤", Price: 5900, Freight: tplRemote,
		Images: []listing.Image{{URL: "/img/10002-2.png", Alt: "主图：全國包郵"}}}
	r := e.Check(l)
	if len(r.Findings) != 1 {
		t.Fatalf("findings = %+v, want one", r.Findings)
	}
	f := r.Findings[0]
	want := listing.Finding{
		Rule: fs, ListingID: "10002", URL: l.URL, Title: l.Title, Severity: listing.SeverityHigh, Points: 4,
		Source: listing.SourceImage, Evidence: "全國包郵", EvidenceStart: len("主图："), ImageURL: "/img/10002-2.png",
		Detail:      "图片写全國包郵，运费模板对西藏、新疆收取 ¥10.00",
		DetailEN:    `An image claims "全國包郵", but the freight template charges ¥10.00 to 西藏、新疆.`,
		Fingerprint: Fingerprint(fs, "10002", "全国包邮"),
	}
	if f != want {
		t.Errorf("finding =\n%+v\nwant\n%+v", f, want)
	}
}

// TestFreeShippingRealTitles uses real search-result titles: a title
// claiming 包邮 with a template that charges everywhere must fail, the
// real (consistent) template must pass.
func TestFreeShippingRealTitles(t *testing.T) {
	type rec struct {
		Input    string         `json:"input"`
		Kind     string         `json:"kind"`
		Expected map[string]any `json:"expected"`
	}
	recs := readJSONL[rec](t, filepath.Join(realDir(t), "price-strings", "cn_price_texts_from_real_samples.jsonl"))
	e := testEngine(t)
	n := 0
	for _, r := range recs {
		if r.Kind != "listing_title_claim" {
			continue
		}
		n++
		claims := r.Expected["claims_free_shipping"].(bool)
		price, _ := listing.ParseMoney(r.Expected["view_price"].(string))
		fee, _ := listing.ParseMoney(r.Expected["view_fee"].(string))
		real := e.Check(&listing.Listing{ID: "1", Title: r.Input, Price: price, Freight: &listing.FreightTemplate{Default: listing.Fee{First: fee}}})
		if got := real.Outcomes[fs]; got != listing.OutcomePass {
			t.Errorf("%q with its real fee %s: outcome %s, want pass", r.Input, fee, got)
		}
		charged := e.Check(&listing.Listing{ID: "1", Title: r.Input, Price: price, Freight: tplAllPaid})
		want := listing.OutcomePass
		if claims {
			want = listing.OutcomeFail
		}
		if got := charged.Outcomes[fs]; got != want {
			t.Errorf("%q (claims 包邮: %v) with a paid template: outcome %s, want %s", r.Input, claims, got, want)
		}
	}
	if n < 10 {
		t.Errorf("found %d real titles, want 11", n)
	}
}
