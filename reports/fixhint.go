package reports

// fixHints says in one line what the seller should change for each rule,
// zh then en. The checks' Doc has the long form; a report row needs the
// short one.
var fixHints = map[string][2]string{
	"free-shipping-mismatch": {
		"删除包邮字样，或把运费模板改为对所宣传地区全部免运费；有例外地区就在宣传中写明（如“新疆西藏除外”）。",
		"Remove the free-shipping claim, or make the freight template free for every region it names; state exceptions in the claim (e.g. 新疆西藏除外).",
	},
	"price-mismatch": {
		"把宣传价格改成买家实际能付的价格（售价、促销价或某个 SKU 价），或删除价格字样。",
		"Change the stated price to one the buyer can actually pay (price, promo price or a SKU price), or remove it.",
	},
	"trademark-term": {
		"删除他人商标/角色名（含“同款”“风格”写法）；若已获授权，把品牌加入配置 checks.authorized_brands。",
		"Remove the other brand or character name (同款/风格 included); if licensed, add it to checks.authorized_brands.",
	},
	"material-mismatch": {
		"让材质宣传与面料成分属性一致：改宣传用语，或更正成分属性。",
		"Make the material claim match the composition attribute: reword the claim or correct the attribute.",
	},
	"invoice-refusal": {
		"删除拒开发票、加收税点或只开收据的说法，按规定为买家开具发票。",
		"Remove the text refusing invoices or charging tax points for them; issue invoices as the rules require.",
	},
	"credit-card-refusal": {
		"删除拒绝信用卡或加收手续费的说法。",
		"Remove the text refusing credit cards or charging a card fee.",
	},
	"cod-refusal": {
		"删除“不支持货到付款”，或在后台关闭该商品的货到付款。",
		"Remove the “no cash on delivery” text, or turn COD off for the listing.",
	},
	"offplatform-payment": {
		"立即删除引导银行转账、加微信/支付宝私下付款的内容，只在平台内交易。",
		"Remove at once any text steering buyers to bank or personal WeChat/Alipay transfers; trade on the platform only.",
	},
	"shipping-promise": {
		"把发货时效承诺改为不短于商品设置的发货时间，或缩短后台设置的发货时间。",
		"Promise no faster dispatch than the listing's configured handling time, or shorten that setting.",
	},
	"absolute-term": {
		"删除“最”“第一”“国家级”等极限用语，改用可证实的具体描述。",
		"Remove superlatives (最, 第一, 国家级, …); use specific, verifiable wording.",
	},
	"return-policy": {
		"删除拒绝七天无理由退换的说法；确属定制等免责商品的，在后台标记为不支持七天无理由。",
		"Remove the text refusing 7-day returns; mark genuinely exempt items (e.g. custom-made) as exempt instead.",
	},
}

// FixHint is a one-line suggestion of what to change for rule, in lang;
// empty for a rule without one.
func FixHint(rule, lang string) string {
	h, ok := fixHints[rule]
	if !ok {
		return ""
	}
	if lang == "en" {
		return h[1]
	}
	return h[0]
}
