package checks

import (
	"testing"

	"github.com/xundian/xundian/listing"
)

const pm = "price-mismatch"

func TestPriceMismatch(t *testing.T) {
	skus := []listing.SKU{{Name: "白色 M", Price: 6900}, {Name: "黑色 L", Price: 7900, PromoPrice: 5900}}
	pass := map[string]listing.Outcome{pm: listing.OutcomePass}
	runCases(t, []ruleCase{
		{name: "到手价 not payable", l: listing.Listing{Title: "短袖T恤 到手价59", Price: 6900},
			want: []hit{{pm, listing.SourceTitle, "到手价59"}}, outcomes: map[string]listing.Outcome{pm: listing.OutcomeFail}},
		{name: "到手价 equals SKU promo price", l: listing.Listing{Title: "短袖T恤 到手价59", Price: 6900, SKUs: skus}, outcomes: pass},
		{name: "full-width yen and digits", l: listing.Listing{Title: "短袖T恤 ￥４９．９", Price: 5900},
			want: []hit{{pm, listing.SourceTitle, "￥４９．９"}}},
		{name: "full-width equal", l: listing.Listing{Title: "短袖T恤 ￥５９", Price: 5900}, outcomes: pass},
		{name: "9块9 not payable", l: listing.Listing{Title: "9块9包邮 短袖", Price: 1990},
			want: []hit{{pm, listing.SourceTitle, "9块9"}}},
		{name: "9块9 is ¥9.90", l: listing.Listing{Title: "9块9包邮 短袖", Price: 990}, outcomes: pass},
		{name: "19块9毛 is ¥19.90, not ¥19", l: listing.Listing{Title: "仅需19块9毛 短袖", Price: 1990}, outcomes: pass},
		{name: "拍下 price not payable", l: listing.Listing{Title: "短袖 拍下29.9", Price: 3990},
			want: []hit{{pm, listing.SourceTitle, "拍下29.9"}}},
		{name: "traditional 券後", l: listing.Listing{Title: "短袖T卹 券後價39元", Price: 5900},
			want: []hit{{pm, listing.SourceTitle, "券後價39元"}}},
		{name: "promo price is payable", l: listing.Listing{Title: "秒杀价49", Price: 5900, PromoPrice: 4900}, outcomes: pass},
		{name: "decimals", l: listing.Listing{Title: "仅售59.9元", Price: 5990}, outcomes: pass},
		{name: "range both ends payable", l: listing.Listing{Title: "59-79元", Price: 6900, SKUs: skus}, outcomes: pass},
		{name: "range upper end not payable", l: listing.Listing{Title: "59-99元", Price: 6900, SKUs: skus},
			want: []hit{{pm, listing.SourceTitle, "59-99元"}}},
		{name: "image OCR text", l: listing.Listing{Title: "短袖T恤", Price: 6900,
			Images: []listing.Image{{URL: "/img/1.png", Text: "活动价 ¥39"}}},
			want: []hit{{pm, listing.SourceImage, "活动价 ¥39"}}},
		// a banner wraps where its layout does; OCR reads ¥ as 六 too
		{name: "image OCR text over two lines", l: listing.Listing{Title: "短袖T恤", Price: 12900,
			Images: []listing.Image{{URL: "/img/1.png", Text: "券后\n99"}}},
			want: []hit{{pm, listing.SourceImage, "券后 99"}}},
		{name: "image OCR ¥ read as 六", l: listing.Listing{Title: "短袖T恤", Price: 6900,
			Images: []listing.Image{{URL: "/img/1.png", Text: "券后六29"}}},
			want: []hit{{pm, listing.SourceImage, "券后六29"}}},
		{name: "description is not a source", l: listing.Listing{Title: "短袖T恤", Description: "到手价39", Price: 6900}, outcomes: pass},
		// not price claims
		{name: "original price", l: listing.Listing{Title: "原价199 吊牌价299", Price: 6900}, outcomes: pass},
		{name: "thresholds and discounts", l: listing.Listing{Title: "满300减40 立减20元 省20元", Price: 6900}, outcomes: pass},
		{name: "multi-buy", l: listing.Listing{Title: "2件59元", Price: 6900}, outcomes: pass},
		{name: "bundle, amount first", l: listing.Listing{Title: "纯色T恤 99元3件", Price: 3900}, outcomes: pass},
		{name: "bundle, 任选", l: listing.Listing{Title: "纯色T恤 99元任选3件", Price: 3900}, outcomes: pass},
		{name: "a set is one item", l: listing.Listing{Title: "床品 129元四件套", Price: 25900}, want: []hit{{pm, listing.SourceTitle, "129元"}}},
		{name: "a word after a space is no count", l: listing.Listing{Title: "１２９元 四件套 正面圖", Price: 25900}, want: []hit{{pm, listing.SourceTitle, "１２９元"}}},
		{name: "presale deposit", l: listing.Listing{Title: "双11预售 定金20元抵50元", Price: 19900}, outcomes: pass},
		{name: "price cut", l: listing.Listing{Title: "纯色T恤 降价20元", Price: 3900}, outcomes: pass},
		{name: "限时价", l: listing.Listing{Title: "纯色T恤 限时价59", Price: 6900}, want: []hit{{pm, listing.SourceTitle, "限时价59"}}},
		{name: "惊爆价", l: listing.Listing{Title: "纯色T恤 惊爆价59", Price: 6900}, want: []hit{{pm, listing.SourceTitle, "惊爆价59"}}},
		{name: "units and years", l: listing.Listing{Title: "2026新款 180cm 3件套 95%棉 12岁", Price: 6900}, outcomes: pass},
		{name: "free-shipping threshold", l: listing.Listing{Title: "满99元包邮", Price: 6900, Freight: tplThreshold}, outcomes: pass},
		// a price per unit, a charge besides the price or a bundle is not
		// compared with the item's price
		{name: "price per jin of a 5-jin box", l: listing.Listing{Title: "新鲜苹果 9.9元/斤 5斤装", Price: 4950}, outcomes: pass},
		{name: "price per pair of a 5-pair pack", l: listing.Listing{Title: "纯棉袜子 5双装 到手价9.9元/双", Price: 4950}, outcomes: pass},
		{name: "bundle after a slash", l: listing.Listing{Title: "纯色T恤 99元/3件", Price: 3900}, outcomes: pass},
		{name: "bundle before a keyword", l: listing.Listing{Title: "纯色T恤 拍2件到手89", Price: 4900}, outcomes: pass},
		{name: "installments", l: listing.Listing{Title: "笔记本电脑 24期免息 每期41.6元", Price: 99900}, outcomes: pass},
		{name: "monthly payment", l: listing.Listing{Title: "笔记本电脑 月供99元", Price: 299900}, outcomes: pass},
		{name: "presale balance", l: listing.Listing{Title: "羽绒服 预售 定金50元 尾款仅需149", Price: 19900}, outcomes: pass},
		{name: "per-unit price before a keyword", l: listing.Listing{Title: "抽纸 每包仅需1.5 12包", Price: 1800}, outcomes: pass},
		{name: "average price", l: listing.Listing{Title: "纯色T恤 三件 均价29.9元", Price: 8970}, outcomes: pass},
		{name: "add-on amount", l: listing.Listing{Title: "纯色T恤 99+1元得2件", Price: 9900}, outcomes: pass},
		{name: "原 before ¥ is 原价", l: listing.Listing{Title: "纯色T恤 券后¥59 原¥99", Price: 6900, PromoPrice: 5900}, outcomes: pass},
		// …but these are the item's price
		{name: "stock count is no bundle", l: listing.Listing{Title: "纯色T恤 限量100件 59元", Price: 6900},
			want: []hit{{pm, listing.SourceTitle, "59元"}}},
		{name: "one item is no bundle", l: listing.Listing{Title: "纯色T恤 1件59元 2件99元", Price: 6900},
			want: []hit{{pm, listing.SourceTitle, "59元"}}},
		{name: "size before a space is no model number", l: listing.Listing{Title: "纯色T恤 XL 59元", Price: 6900},
			want: []hit{{pm, listing.SourceTitle, "59元"}}},
		{name: "price including freight", l: listing.Listing{Title: "纯色T恤 含运费59元", Price: 6900},
			want: []hit{{pm, listing.SourceTitle, "59元"}}},
		// missing input
		{name: "no payable price", l: listing.Listing{Title: "到手价59"},
			outcomes: map[string]listing.Outcome{pm: listing.OutcomeCouldNotCheck}},
		{name: "no claim, no price", l: listing.Listing{Title: "短袖T恤"}, outcomes: pass},
	})
}
