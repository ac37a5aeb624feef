package demoshop

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/xundian/xundian/listing"
)

// Rule IDs from ../shared/spec/rules.md.
const (
	ruleFreeShipping = "free-shipping-mismatch"
	rulePrice        = "price-mismatch"
	ruleTrademark    = "trademark-term"
	ruleMaterial     = "material-mismatch"
	ruleInvoice      = "invoice-refusal"
	ruleCreditCard   = "credit-card-refusal"
	ruleCOD          = "cod-refusal"
	ruleOffPlatform  = "offplatform-payment"
	ruleShipping     = "shipping-promise"
	ruleAbsolute     = "absolute-term"
	ruleReturn       = "return-policy"
)

// ListingRules lists the IDs of the listing rules the shop plants, sorted.
func ListingRules() []string {
	return []string{
		ruleAbsolute, ruleCOD, ruleCreditCard, ruleFreeShipping, ruleInvoice,
		ruleMaterial, ruleOffPlatform, rulePrice, ruleReturn, ruleShipping, ruleTrademark,
	}
}

// Sources.
const (
	srcTitle   = listing.SourceTitle
	srcImage   = listing.SourceImage
	srcDesc    = listing.SourceDescription
	srcService = listing.SourceService
)

var (
	srcAll       = []listing.Source{srcTitle, srcImage, srcDesc, srcService}
	srcTitleImg  = []listing.Source{srcTitle, srcImage}
	srcTitleOnly = []listing.Source{srcTitle}
	srcTitleDesc = []listing.Source{srcTitle, srcDesc}
	srcText      = []listing.Source{srcDesc, srcService}
	srcTDS       = []listing.Source{srcTitle, srcDesc, srcService}
)

// kind is one way of planting a violation or a decoy. apply sets the
// listing facts the plant depends on (freight, composition, COD, …) and
// returns the planted text for the chosen source, in the listing's script.
type kind struct {
	family  string
	rule    string
	decoy   bool
	sources []listing.Source
	fits    func(it *item) bool
	apply   func(it *item, r *rand.Rand, src listing.Source) string
}

// legacyOnly: the plant needs a quantity freight condition, which JSON-LD
// cannot state.
func legacyOnly(it *item) bool { return it.layout == layoutLegacy }

// Free-shipping claim vocabulary.
var (
	claimsUnconditional = []phrase{
		{"包邮", "包郵"}, {"全国包邮", "全國包郵"}, {"免运费", "免運費"}, {"免邮", "免郵"}, {"卖家包邮", "賣家包郵"},
	}
	claimsXJTibet = []phrase{
		{"包邮(新疆西藏除外)", "包郵(新疆西藏除外)"}, {"全国包邮（新疆西藏除外）", "全國包郵（新疆西藏除外）"},
	}
	claimsRemote = []phrase{
		{"包邮(偏远地区除外)", "包郵(偏遠地區除外)"}, {"全国包邮（偏远地区除外）", "全國包郵（偏遠地區除外）"},
	}
	claimJZH    = phrase{"江浙沪包邮", "江浙滬包郵"}
	claimJJJ    = phrase{"京津冀包邮", "京津冀包郵"}
	claimJZHW   = phrase{"江浙沪皖包邮", "江浙滬皖包郵"}
	claimNot    = []phrase{{"不包邮", "不包郵"}, {"本商品不包邮", "本商品不包郵"}}
	claimReturn = []phrase{{"退货包运费", "退貨包運費"}, {"赠送运费险", "贈送運費險"}}
)

// amountClaim writes 满99包邮 (满99元包邮 outside title and image).
func amountClaim(it *item, r *rand.Rand, src listing.Source, amount int) string {
	p := phrase{fmt.Sprintf("满%d包邮", amount), fmt.Sprintf("滿%d包郵", amount)}
	if (src == srcDesc || src == srcService) && r.IntN(2) == 0 {
		p = phrase{fmt.Sprintf("满%d元包邮", amount), fmt.Sprintf("滿%d元包郵", amount)}
	}
	return it.t(p)
}

// Price claim forms; %s is the amount.
var priceForms = []phrase{
	{"%s元", "%s元"}, {"仅售%s元", "僅售%s元"}, {"仅售%s", "僅售%s"}, {"到手价%s", "到手價%s"},
	{"券后%s", "券後%s"}, {"特价%s", "特價%s"}, {"秒杀价%s", "秒殺價%s"}, {"活动价%s", "活動價%s"},
	{"现价%s", "現價%s"}, {"%s块", "%s塊"}, {"YEN%s", "YEN%s"}, {"YEN%s", "YEN%s"},
}

// priceClaim writes a price claim for m.
func priceClaim(it *item, r *rand.Rand, m listing.Money) string {
	amount := yuanText(m)
	if r.IntN(4) == 0 {
		amount = fullWidth(amount)
	}
	s := fmt.Sprintf(it.t(pick(r, priceForms)), amount)
	return strings.Replace(s, "YEN", it.yen, 1)
}

// Trademark vocabulary.
var (
	trademarksBad = []phrase{
		{"小猪佩奇", "小豬佩奇"}, {"阿童木", "阿童木"}, {"奥特曼", "奧特曼"}, {"迪士尼", "迪士尼"},
		{"香奈儿同款", "香奈兒同款"}, {"迪士尼风格", "迪士尼風格"}, {"Nike", "Nike"}, {"ＮＩＫＥ", "ＮＩＫＥ"},
	}
	trademarksAuthorized = []phrase{{"凯蒂猫", "凱蒂貓"}, {"Hello Kitty", "Hello Kitty"}, {"凯蒂猫联名", "凱蒂貓聯名"}}
)

// Material vocabulary.
var (
	claimsCotton  = []phrase{{"纯棉", "純棉"}, {"全棉", "全棉"}, {"100%棉", "100%棉"}}
	claimsSilk    = []phrase{{"真丝", "真絲"}, {"桑蚕丝", "桑蠶絲"}}
	claimWool     = phrase{"纯羊毛", "純羊毛"}
	claimCash     = phrase{"羊绒", "羊絨"}
	claimFakeSilk = phrase{"仿真丝", "仿真絲"}
)

// materialText places a material claim in the title or a sentence.
func materialText(it *item, src listing.Source, claim phrase) string {
	if src == srcTitle {
		return it.t(claim)
	}
	return it.t(phrase{"采用" + claim.s + "面料", "採用" + claim.t + "面料"})
}

// Service-text vocabularies.
var (
	invoiceBad = []phrase{
		{"不开发票", "不開發票"}, {"不提供发票", "不提供發票"}, {"无发票", "無發票"}, {"开票加税点", "開票加稅點"},
		{"发票加6个点", "發票加6個點"}, {"发票邮费自理", "發票郵費自理"}, {"特价商品不开发票", "特價商品不開發票"},
		{"活动商品不开发票", "活動商品不開發票"}, {"只提供收据", "只提供收據"}, {"只开公司抬头", "只開公司抬頭"},
		{"不开个人发票", "不開個人發票"},
	}
	invoiceOK = []phrase{{"可开发票", "可開發票"}, {"支持电子发票", "支持電子發票"}, {"提供正规发票", "提供正規發票"}}
	cardBad   = []phrase{
		{"不支持信用卡", "不支持信用卡"}, {"不接受信用卡", "不接受信用卡"}, {"拒绝信用卡", "拒絕信用卡"},
		{"信用卡加收3%手续费", "信用卡加收3%手續費"}, {"信用卡付款需加手续费", "信用卡付款需加手續費"},
	}
	cardOK = []phrase{{"支持信用卡", "支持信用卡"}, {"信用卡免手续费", "信用卡免手續費"}}
	codBad = []phrase{
		{"不支持货到付款", "不支持貨到付款"}, {"不接受货到付款", "不接受貨到付款"},
		{"拒绝货到付款", "拒絕貨到付款"}, {"不能货到付款", "不能貨到付款"},
	}
	offBad = []phrase{
		{"可银行转账", "可銀行轉賬"}, {"支持银行汇款", "支持銀行匯款"}, {"汇款更优惠", "匯款更優惠"},
		{"加微信付款", "加微信付款"}, {"微信转账", "微信轉賬"},
		{"线下付款", "線下付款"}, {"私下交易", "私下交易"},
	}
	offOK = []phrase{
		{"请勿私下转账", "請勿私下轉賬"}, {"谨防诈骗勿线下交易", "謹防詐騙勿線下交易"}, {"不接受银行转账", "不接受銀行轉賬"},
	}
	absoluteBad = []phrase{
		{"全网最低价", "全網最低價"}, {"品质最好", "品質最好"}, {"最佳选择", "最佳選擇"}, {"销量第一", "銷量第一"},
		{"国家级品质", "國家級品質"}, {"顶级面料", "頂級面料"}, {"世界级工艺", "世界級工藝"}, {"最高级", "最高級"},
		{"极品", "極品"}, {"唯一", "唯一"}, {"史无前例", "史無前例"}, {"销量冠军", "銷量冠軍"},
	}
	absoluteOK = []phrase{
		{"第一次使用前请先清洗", "第一次使用前請先清洗"}, {"最近几天咨询较多，请耐心等待", "最近幾天諮詢較多，請耐心等待"},
	}
	returnBad = []phrase{
		{"不支持七天无理由", "不支持七天無理由"}, {"不支持7天无理由退换", "不支持7天無理由退換"},
		{"售出不退不换", "售出不退不換"}, {"概不退换", "概不退換"}, {"不退不换", "不退不換"},
	}
	returnExempt  = phrase{"不支持七天无理由退换", "不支持七天無理由退換"}
	returnSupport = phrase{"支持七天无理由退换", "支持七天無理由退換"}
)

// promise is a dispatch promise and the hours it means.
type promise struct {
	p     phrase
	hours int
}

var (
	promisesBad = []promise{
		{phrase{"当天发货", "當天發貨"}, 24}, {phrase{"当日发货", "當日發貨"}, 24}, {phrase{"今日发货", "今日發貨"}, 24},
		{phrase{"现货秒发", "現貨秒發"}, 24}, {phrase{"次日发货", "次日發貨"}, 48}, {phrase{"隔天发货", "隔天發貨"}, 48},
		{phrase{"24小时发货", "24小時發貨"}, 24}, {phrase{"24小时内发货", "24小時內發貨"}, 24},
		{phrase{"48小时内发货", "48小時內發貨"}, 48}, {phrase{"2天内发货", "2天內發貨"}, 48},
	}
	promisesOK = []promise{
		{phrase{"当天发货", "當天發貨"}, 24}, {phrase{"当日发货", "當日發貨"}, 24},
		{phrase{"48小时内发货", "48小時內發貨"}, 48}, {phrase{"72小时内发货", "72小時內發貨"}, 72},
		{phrase{"3天内发货", "3天內發貨"}, 72},
	}
)

// maybeFullWidth writes the digits and letters of some plants full-width.
func maybeFullWidth(r *rand.Rand, s string) string {
	if r.IntN(100) < 15 {
		return fullWidth(s)
	}
	return s
}

// violations lists the ways to plant each rule's violation.
var violations = []kind{
	// free-shipping-mismatch
	{family: "fs-remote-charged", rule: ruleFreeShipping, sources: srcAll, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		regions := []string{"新疆", "西藏"}
		if r.IntN(2) == 0 {
			regions = append(regions, pick(r, []string{"青海", "内蒙古", "甘肃"}))
		}
		it.freight = tplCharged(r, it, yuan(pick(r, []int{10, 12, 15})), regions...)
		return it.t(pick(r, claimsUnconditional))
	}},
	{family: "fs-one-cent", rule: ruleFreeShipping, sources: srcAll, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		it.freight = tplCharged(r, it, 1, pick(r, []string{"海南", "新疆", "广西"}))
		return it.t(pick(r, claimsUnconditional))
	}},
	{family: "fs-default-charged", rule: ruleFreeShipping, sources: srcAll, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		it.freight = tplFlat(r, it, smallFee(r))
		return it.t(pick(r, claimsUnconditional))
	}},
	{family: "fs-below-threshold", rule: ruleFreeShipping, sources: srcAll, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		min := yuan(99)
		for _, y := range []int{99, 199, 299, 599, 999} {
			if min = yuan(y); min > it.lowestPayable() {
				break
			}
		}
		it.freight = tplThreshold(r, it, smallFee(r), min)
		return it.t(pick(r, claimsUnconditional))
	}},
	{family: "fs-exception-extra", rule: ruleFreeShipping, sources: srcAll, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		if r.IntN(2) == 0 {
			it.freight = tplCharged(r, it, yuan(pick(r, []int{10, 15})), "新疆", "西藏", pick(r, []string{"内蒙古", "青海", "甘肃", "海南"}))
			return it.t(pick(r, claimsXJTibet))
		}
		it.freight = tplCharged(r, it, yuan(pick(r, []int{10, 15})), "新疆", "西藏", pick(r, []string{"海南", "广西", "云南"}))
		return it.t(pick(r, claimsRemote))
	}},
	{family: "fs-regional-charged", rule: ruleFreeShipping, sources: srcAll, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		it.freight = tplFlat(r, it, smallFee(r))
		return it.t(pick(r, []phrase{claimJZH, claimJJJ, claimJZHW}))
	}},
	{family: "fs-amount-unmet", rule: ruleFreeShipping, sources: srcAll, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		claim := pick(r, []int{99, 199})
		it.freight = tplThreshold(r, it, smallFee(r), yuan(claim+100))
		return amountClaim(it, r, src, claim)
	}},
	{family: "fs-quantity-unmet", rule: ruleFreeShipping, sources: srcAll, fits: legacyOnly, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		it.freight = tplQuantity(r, it, smallFee(r), 3)
		return it.t(phrase{"满2件包邮", "滿2件包郵"})
	}},

	// price-mismatch
	{family: "price-bait", rule: rulePrice, sources: srcTitleImg, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		low := it.lowestPayable()
		cands := []listing.Money{low - yuan(10), low - yuan(20), low / 200 * 100, low - 10}
		for _, m := range r.Perm(len(cands)) {
			if x := cands[m]; x > 0 && !slices.Contains(it.payable(), x) {
				return priceClaim(it, r, x)
			}
		}
		return priceClaim(it, r, 1) // ¥0.01 is never a SKU price here
	}},

	// trademark-term
	{family: "tm-other-brand", rule: ruleTrademark, sources: srcTitleOnly, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		return it.t(pick(r, trademarksBad))
	}},

	// material-mismatch
	{family: "mat-contradicted", rule: ruleMaterial, sources: srcTitleDesc, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		p := it.prod
		switch {
		case p.fibre == fibreCashmere:
			it.comp = pick(r, []phrase{compAcrylic, compPolyester})
			return it.t(p.name)
		case p.fibre == fibreLeather:
			it.comp = compPU
			return it.t(p.name)
		case p.fibre == fibreWool:
			if r.IntN(2) == 0 {
				it.comp = pick(r, []phrase{compWoolBlend, compAcrylic})
				return materialText(it, src, claimWool)
			}
			it.comp = compAcrylic
			return materialText(it, src, claimCash)
		case p.silk && r.IntN(3) == 0:
			it.comp = compPolyester
			return materialText(it, src, pick(r, claimsSilk))
		}
		it.comp = pick(r, []phrase{compPolyester, compCottonBlend})
		return maybeFullWidth(r, materialText(it, src, pick(r, claimsCotton)))
	}},

	// invoice-refusal
	{family: "inv-refusal", rule: ruleInvoice, sources: srcText, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		return maybeFullWidth(r, it.t(pick(r, invoiceBad)))
	}},
	// credit-card-refusal
	{family: "cc-refusal", rule: ruleCreditCard, sources: srcText, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		return maybeFullWidth(r, it.t(pick(r, cardBad)))
	}},
	// cod-refusal
	{family: "cod-refusal", rule: ruleCOD, sources: srcText, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		it.cod = true
		return it.t(pick(r, codBad))
	}},
	// offplatform-payment
	{family: "off-payment", rule: ruleOffPlatform, sources: srcTDS, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		return it.t(pick(r, offBad))
	}},
	// shipping-promise
	{family: "ship-too-fast", rule: ruleShipping, sources: srcTDS, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		p := pick(r, promisesBad)
		if p.hours == 24 {
			it.handling = pick(r, []int{48, 72})
		} else {
			it.handling = 72
		}
		return maybeFullWidth(r, it.t(p.p))
	}},
	// absolute-term
	{family: "abs-term", rule: ruleAbsolute, sources: srcAll, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		return it.t(pick(r, absoluteBad))
	}},
	// return-policy
	{family: "ret-refusal", rule: ruleReturn, sources: srcText, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		it.exempt = false
		return maybeFullWidth(r, it.t(pick(r, returnBad)))
	}},
}

// decoys lists the texts that look like violations but are not.
var decoys = []kind{
	{family: "fs-not-free", rule: ruleFreeShipping, decoy: true, sources: srcAll, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		it.freight = tplFlat(r, it, smallFee(r))
		return it.t(pick(r, claimNot))
	}},
	{family: "fs-xinjiang-tibet-excepted", rule: ruleFreeShipping, decoy: true, sources: srcAll, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		regions := pick(r, [][]string{{"新疆", "西藏"}, {"新疆"}, {"西藏"}})
		it.freight = tplCharged(r, it, yuan(pick(r, []int{10, 15, 20})), regions...)
		return it.t(pick(r, claimsXJTibet))
	}},
	{family: "fs-remote-excepted", rule: ruleFreeShipping, decoy: true, sources: srcAll, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		perm := r.Perm(len(remoteGroup))
		var regions []string
		for _, i := range perm[:2+r.IntN(3)] {
			regions = append(regions, remoteGroup[i])
		}
		it.freight = tplCharged(r, it, yuan(pick(r, []int{10, 15, 20})), regions...)
		return it.t(pick(r, claimsRemote))
	}},
	{family: "fs-regional-ok", rule: ruleFreeShipping, decoy: true, sources: srcAll, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		switch r.IntN(3) {
		case 0:
			it.freight = tplCharged(r, it, yuan(pick(r, []int{10, 15})), "新疆", "西藏", "青海")
			return it.t(claimJZH)
		case 1:
			it.freight = tplOnlyFree(r, it, smallFee(r), "江苏", "浙江", "上海")
			return it.t(claimJZH)
		}
		it.freight = tplOnlyFree(r, it, smallFee(r), "北京", "天津", "河北")
		return it.t(claimJJJ)
	}},
	{family: "fs-amount-met", rule: ruleFreeShipping, decoy: true, sources: srcAll, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		claim := pick(r, []int{59, 99, 99, 99, 199})
		it.freight = tplThreshold(r, it, smallFee(r), yuan(claim))
		return amountClaim(it, r, src, claim)
	}},
	{family: "fs-quantity-met", rule: ruleFreeShipping, decoy: true, sources: srcAll, fits: legacyOnly, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		it.freight = tplQuantity(r, it, smallFee(r), 2)
		return it.t(phrase{"满2件包邮", "滿2件包郵"})
	}},
	{family: "fs-true-claim", rule: ruleFreeShipping, decoy: true, sources: srcAll, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		it.freight = tplFree(r, it)
		return it.t(pick(r, claimsUnconditional))
	}},
	{family: "fs-return-freight", rule: ruleFreeShipping, decoy: true, sources: srcText, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		return it.t(pick(r, claimReturn))
	}},

	{family: "price-sku", rule: rulePrice, decoy: true, sources: srcTitleImg, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		return priceClaim(it, r, pick(r, it.skus).Price)
	}},
	{family: "price-original", rule: rulePrice, decoy: true, sources: srcTitleImg, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		it.setOriginal(r)
		return it.t(phrase{"原价" + yuanText(it.orig), "原價" + yuanText(it.orig)})
	}},
	{family: "price-threshold", rule: rulePrice, decoy: true, sources: srcTitleImg, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		return it.t(pick(r, []phrase{{"满300减40", "滿300減40"}, {"满200减20", "滿200減20"}}))
	}},
	{family: "price-year", rule: rulePrice, decoy: true, sources: srcTitleImg, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		return maybeFullWidth(r, "2026新款")
	}},

	{family: "tm-authorized", rule: ruleTrademark, decoy: true, sources: srcTitleOnly, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		return it.t(pick(r, trademarksAuthorized))
	}},

	{family: "mat-cotton-ok", rule: ruleMaterial, decoy: true, sources: srcTitleDesc,
		fits: func(it *item) bool { return it.prod.fibre == fibreCotton },
		apply: func(it *item, r *rand.Rand, src listing.Source) string {
			it.comp = compCotton100
			return maybeFullWidth(r, materialText(it, src, pick(r, claimsCotton)))
		}},
	{family: "mat-imitation-silk", rule: ruleMaterial, decoy: true, sources: srcTitleDesc,
		fits: func(it *item) bool { return it.prod.silk },
		apply: func(it *item, r *rand.Rand, src listing.Source) string {
			it.comp = compPolyester
			return materialText(it, src, claimFakeSilk)
		}},

	{family: "inv-ok", rule: ruleInvoice, decoy: true, sources: srcText, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		return it.t(pick(r, invoiceOK))
	}},
	{family: "cc-ok", rule: ruleCreditCard, decoy: true, sources: srcText, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		return it.t(pick(r, cardOK))
	}},
	{family: "cod-refusal-no-cod", rule: ruleCOD, decoy: true, sources: srcText, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		it.cod = false
		return it.t(pick(r, codBad))
	}},
	{family: "off-warning", rule: ruleOffPlatform, decoy: true, sources: srcText, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		return it.t(pick(r, offOK))
	}},
	{family: "ship-kept", rule: ruleShipping, decoy: true, sources: srcTDS, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		p := pick(r, promisesOK)
		it.handling = p.hours
		return maybeFullWidth(r, it.t(p.p))
	}},
	{family: "abs-allowed", rule: ruleAbsolute, decoy: true, sources: srcText, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		return it.t(pick(r, absoluteOK))
	}},
	{family: "ret-exempt", rule: ruleReturn, decoy: true, sources: srcText, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		it.exempt = true
		return it.t(returnExempt)
	}},
	{family: "ret-supported", rule: ruleReturn, decoy: true, sources: srcText, apply: func(it *item, r *rand.Rand, src listing.Source) string {
		it.exempt = false
		return it.t(returnSupport)
	}},
}

// Families planted without a kind.
const (
	familyOwnBrand       = "tm-own-brand"       // 巡店优选 in the title
	familyMaterialInName = "mat-name-supported" // 羊绒围巾 with 羊绒 in the composition
)

// maxTitlePlants caps the plants sharing a title, so that filler always
// separates two of them.
const maxTitlePlants = 3

// plan decides the listing's violations and decoys and applies them.
func (it *item) plan(r *rand.Rand) {
	used := map[string]bool{}
	titleCount := 0
	add := func(k kind) {
		src := pick(r, k.sources)
		inName := k.rule == ruleMaterial && it.prod.claim.s != "" && k.family == "mat-contradicted"
		if inName {
			src = srcTitle
		} else if src == srcTitle && titleCount >= maxTitlePlants && len(k.sources) > 1 {
			for src == srcTitle {
				src = pick(r, k.sources)
			}
		}
		if src == srcTitle && !inName {
			titleCount++
		}
		text := k.apply(it, r, src)
		it.plants = append(it.plants, plant{family: k.family, rule: k.rule, decoy: k.decoy, source: src, text: text})
		if inName {
			it.productPlant = len(it.plants) - 1
		}
		used[k.rule] = true
	}
	choose := func(from []kind) (kind, bool) {
		var fit []kind
		for _, k := range from {
			if !used[k.rule] && (k.fits == nil || k.fits(it)) {
				fit = append(fit, k)
			}
		}
		if len(fit) == 0 {
			return kind{}, false
		}
		return pick(r, fit), true
	}

	var nViolations, nDecoys int
	switch b := r.IntN(100); {
	case b < 35: // nothing planted
	case b < 55:
		nDecoys = 1 + r.IntN(3)
	default:
		nViolations = 1
		if r.IntN(100) < 30 {
			nViolations = 2
		}
		nDecoys = r.IntN(2)
	}
	rules := ListingRules()
	for _, i := range r.Perm(len(rules))[:nViolations] {
		var of []kind
		for _, k := range violations {
			if k.rule == rules[i] && (k.fits == nil || k.fits(it)) {
				of = append(of, k)
			}
		}
		k := pick(r, of)
		add(k)
	}
	for range nDecoys {
		if k, ok := choose(decoys); ok {
			add(k)
		}
	}
	if it.prod.claim.s != "" && !used[ruleMaterial] {
		it.comp = it.prod.neutral[r.IntN(len(it.prod.neutral))]
		it.plants = append(it.plants, plant{family: familyMaterialInName, rule: ruleMaterial, decoy: true, source: srcTitle, text: it.t(it.prod.name)})
		it.productPlant = len(it.plants) - 1
	}
	if it.brandInTitle {
		it.plants = append(it.plants, plant{family: familyOwnBrand, rule: ruleTrademark, decoy: true, source: srcTitle, text: it.t(brandName)})
	}
}
