package checks

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xundian/xundian/listing"
)

// serviceSources are where payment and after-sales terms are written.
var serviceSources = []listing.Source{listing.SourceDescription, listing.SourceService}

func invoiceRefusal() *Check {
	return &Check{
		ID:       "invoice-refusal",
		TitleZH:  "拒绝或限制开具发票",
		TitleEN:  "Refusing or restricting invoices",
		Severity: listing.SeverityHigh,
		Points:   6,
		Cites:    "淘宝网市场管理与违规处理规范：违背承诺（发票）",
		Sources:  serviceSources,
		Doc: "发现：详情或服务说明拒绝开发票（不开发票、不提供发票、无发票），拒开普通发票（不开普票、" +
			"不提供增值税普通发票），向买家加收税点或邮费（开票加税点、发票加6个点、开票需要加6个点、发票另收税点、" +
			"专票需加3个点、开票税点由买家承担、发票邮费自理），特价/活动商品不开票，只给收据，或只开公司抬头、不开个人发票。" +
			"可开发票、支持电子发票、提供正规发票不算；只不开专票（可开普票不开专票）、不开收据、不开纸质发票也不算，" +
			"发票需加盖公章、发票加急不是加价。为什么扣分：卖家有义务按实际收款免费开票，" +
			"拒开或加价被投诉即按违背承诺扣 6 分。怎么改：删掉这些说法，按买家要求免费开具发票。" +
			"例：改前「发票加6个点，邮费自理」；改后「支持开具电子发票，下单备注抬头即可」。",
		DocEN: "Catches description or service text that refuses invoices (不开发票, 不提供发票, 无发票) or the " +
			"ordinary invoice (不开普票, 不提供增值税普通发票), charges the buyer tax points or postage for one " +
			"(开票加税点, 发票加6个点, 开票需要加6个点, 发票另收税点, 专票需加3个点, 开票税点由买家承担, 发票邮费自理), " +
			"excludes sale items (特价商品不开发票), offers only a receipt (只提供收据) or limits invoices to company " +
			"titles (只开公司抬头, 不开个人发票). 可开发票, 支持电子发票 and 提供正规发票 are fine, and so is refusing " +
			"only the special invoice, a receipt or paper (可开普票不开专票, 可开发票不开收据, 发票不提供纸质版); " +
			"发票需加盖公章 and 发票加急 charge nothing. Why it costs: sellers must invoice what they " +
			"were paid, free of charge; a complaint is upheld as breaking a promise, 6 points. Fix: remove the " +
			"wording and issue invoices on request. Example: before 发票加6个点，邮费自理; after 支持开具电子发票.",
		Run: func(p *Pass) {
			runPhrases(p, groupInvoice, invoiceExcused, "拒绝或限制开票", "refuses or restricts invoices")
		},
	}
}

func creditCardRefusal() *Check {
	return &Check{
		ID:       "credit-card-refusal",
		TitleZH:  "拒绝信用卡或加收手续费",
		TitleEN:  "Refusing credit cards or charging a card fee",
		Severity: listing.SeverityHigh,
		Points:   6,
		Cites:    "淘宝网市场管理与违规处理规范：违背承诺（信用卡支付）",
		Sources:  serviceSources,
		Doc: "发现：详情或服务说明拒绝信用卡付款（不支持信用卡、不接受信用卡、拒绝信用卡、信用卡不能付款），" +
			"或向买家加收刷卡手续费（信用卡加收3%手续费、信用卡付款需加手续费、使用信用卡需要加3%、信用卡另收3%、" +
			"信用卡手续费需买家承担）。支持信用卡、信用卡免手续费不算；拒绝的是别的东西也不算：信用卡分期" +
			"（不支持信用卡分期、信用卡不支持分期）、信用卡套现、信用卡以外的付款方式，以及卡套等商品的说明" +
			"（放入卡套后不支持刷卡感应）。" +
			"为什么扣分：平台要求开通信用卡支付的商品不得拒绝或加价，投诉按违背承诺扣 6 分。" +
			"怎么改：删掉拒绝或加价的说法，手续费由卖家承担。" +
			"例：改前「信用卡付款需加3%手续费」；改后「支持信用卡、花呗付款」。",
		DocEN: "Catches description or service text that refuses credit-card payment (不支持信用卡, 不接受信用卡, " +
			"拒绝信用卡, 信用卡不能付款) or charges the buyer a card fee (信用卡加收3%手续费, 信用卡付款需加手续费, " +
			"使用信用卡需要加3%, 信用卡另收3%, 信用卡手续费需买家承担). 支持信用卡 and 信用卡免手续费 are fine, and so " +
			"is refusing something else: installments (不支持信用卡分期, 信用卡不支持分期), cash-out (信用卡套现), " +
			"other ways to pay (不支持信用卡以外的支付方式) or describing card goods (放入卡套后不支持刷卡感应). " +
			"Why it costs: listings may not refuse or surcharge card payment; a complaint is " +
			"upheld as breaking a promise, 6 points. Fix: remove the wording; the seller bears the fee. Example: " +
			"before 信用卡付款需加3%手续费; after 支持信用卡、花呗付款.",
		Run: func(p *Pass) {
			runPhrases(p, groupCredit, creditExcused, "拒绝信用卡或加收手续费", "refuses credit cards or charges a card fee")
		},
	}
}

func codRefusal() *Check {
	return &Check{
		ID:       "cod-refusal",
		TitleZH:  "开通货到付款却拒绝",
		TitleEN:  "Refusing cash on delivery the listing offers",
		Severity: listing.SeverityHigh,
		Points:   6,
		Cites:    "淘宝网市场管理与违规处理规范：违背承诺（货到付款）",
		Sources:  serviceSources,
		Doc: "发现：商品开通了货到付款，详情或服务说明却写不支持货到付款（不接受、拒绝、不能、无法提供货到付款）。" +
			"商品本来就没开通货到付款时，这样写不算违规（结果为不适用）。只说部分地区不支持（偏远地区不支持货到付款、" +
			"新疆、西藏暂不支持货到付款、不支持货到付款的地区请选择在线支付）也不算：平台只在快递覆盖的地区提供货到付款；" +
			"全部地区不支持仍算。为什么扣分：买家按页面选择货到付款被拒，" +
			"投诉按违背承诺扣 6 分。怎么改：要么删掉拒绝的说法，要么在后台关闭货到付款。" +
			"例：改前开通货到付款且写「本店不支持货到付款」；改后删掉这句话。",
		DocEN: "Catches description or service text refusing cash on delivery (不支持货到付款, 不接受货到付款, " +
			"拒绝货到付款, 不能货到付款, 无法提供货到付款) on a listing that offers it. On a listing without COD the same " +
			"text is not a violation (outcome not-applicable). Nor is a refusal limited to some areas (偏远地区不支持" +
			"货到付款, 新疆、西藏暂不支持货到付款, 不支持货到付款的地区请选择在线支付): the platform offers COD only where " +
			"couriers collect; 全部地区 is no limit. Why it costs: a buyer refused the COD the page offers complains; " +
			"upheld as breaking a promise, 6 points. Fix: remove the sentence or switch COD off. Example: before COD " +
			"on and 本店不支持货到付款 in the text; after the sentence removed.",
		Run: func(p *Pass) {
			if !p.Listing.OffersCOD {
				p.NotApplicable()
				return
			}
			runPhrases(p, groupCOD, codExcused, "拒绝货到付款，但商品开通了货到付款", "refuses cash on delivery, which the listing offers")
		},
	}
}

func offplatformPayment() *Check {
	return &Check{
		ID:       "offplatform-payment",
		TitleZH:  "引导线下/站外付款",
		TitleEN:  "Steering the buyer to pay off the platform",
		Severity: listing.SeverityCritical,
		Points:   12,
		Cites:    "淘宝网市场管理与违规处理规范：诱导汇款（引导线下交易）",
		Sources: []listing.Source{listing.SourceTitle, listing.SourceDescription,
			listing.SourceService},
		Doc: "发现：标题、详情或服务说明引导买家绕开平台付款：银行转账、银行卡转账、对公转账、公对公、银行汇款、汇款、" +
			"先转账后发货、加微信付款、微信转账、个人支付宝转账、线下付款、私下交易，以及换个写法的微信、QQ 或对公账户后面" +
			"紧跟付款、转账、交易（加V付款、vx转账、加薇信付款、对公账户打款）；只是加微信咨询、看实拍不算。" +
			"同一分句里否定或提醒的写法（请勿私下转账、本店从不私下交易、私下交易有风险、谨防诈骗勿线下交易、" +
			"不接受银行转账、客服不会以任何理由要求您银行转账）不算；前一分句的否定管不到后面" +
			"（不支持花呗，可银行转账 仍算），不转账不发货 是条件，也仍算。卖的本身是收款用品时（收款码牌、收银机、" +
			"pos机，如「收钱码牌 扫码付款 亚克力台卡」）写的是商品，不算。为什么扣分：站外付款让买家失去平台保障，" +
			"属于诱导汇款，一次扣 12 分，可能直接处罚店铺。怎么改：只写平台内的付款方式。" +
			"例：改前「加微信付款再减10元」；改后「拍下自动改价，支持花呗」。",
		DocEN: "Catches title, description or service text steering the buyer to pay outside the platform: bank " +
			"transfer (银行转账, 银行汇款, 汇款), any transfer (先转账后发货), personal WeChat or Alipay transfer " +
			"(加微信付款, 微信转账, 支付宝转账), offline payment (线下付款, 私下交易), company-account transfer (对公转账, " +
			"公对公, 银行卡转账), and WeChat, QQ or a company account, however disguised, right before a word to pay, " +
			"transfer or trade (加V付款, vx转账, 加薇信付款, 对公账户打款); 加微信咨询 alone is contact, not payment. " +
			"Negations and warnings in the phrase's own clause (请勿私下转账, 本店从不私下交易, 私下交易有风险, " +
			"谨防诈骗勿线下交易, 不接受银行转账, 客服不会以任何理由要求您银行转账) are not; a negation in an earlier clause " +
			"does not reach it (不支持花呗，可银行转账 still counts), nor does a condition (不转账不发货). Goods that " +
			"display or take payment (收款码牌, 收银机, pos机: 收钱码牌 扫码付款 亚克力台卡) are described, not paid " +
			"with. Why it costs: off-platform payment removes buyer protection and is punished as " +
			"inducing remittance, 12 points per case. Fix: name only the platform's payment methods. Example: before " +
			"加微信付款再减10元; after 拍下自动改价，支持花呗.",
		Run: func(p *Pass) {
			runPhrases(p, groupOffplatform, offExcused, "引导站外付款", "steers the buyer to pay off the platform")
		},
	}
}

func returnPolicy() *Check {
	return &Check{
		ID:       "return-policy",
		TitleZH:  "拒绝七天无理由退换",
		TitleEN:  "Refusing 7-day no-reason returns",
		Severity: listing.SeverityMedium,
		Points:   0,
		Cites:    "消费者权益保护法第二十五条；淘宝网七天无理由退货规范",
		Sources:  serviceSources,
		Doc: "发现：详情或服务说明拒绝七天无理由退换（不支持七天无理由、不支持7天无理由退换、不支持七日无理由、" +
			"不接受无理由退货、拒绝七天无理由、不支持7天退换、售出不退不换、售出后不退、概不退换、不退不换），" +
			"而商品并未标记为不适用七天无理由（定制等）。支持七天无理由退换不算；只限于法定不适用的商品" +
			"（定制商品不退不换、生鲜不支持七天无理由、临期食品不退不换）或商品已不完好的条件（拆封后不退换、" +
			"吊牌剪掉不退换、影响二次销售的不退换、人为损坏不退换、以下情况不予退换：…）也不算。特价、清仓、" +
			"非质量问题不退换，试穿后不退换（买家可以查验试穿），贴身衣物不写拆封后就不支持，都仍算。" +
			"为什么扣分：七天无理由是法定义务，拒绝即违背承诺，买家投诉成立并可能被监管处罚。" +
			"怎么改：删掉拒绝的说法；确属不适用的商品在后台如实标记。" +
			"例：改前「一经售出概不退换」；改后「支持七天无理由退换（吊牌完好）」。",
		DocEN: "Catches description or service text refusing 7-day no-reason returns (不支持七天无理由, " +
			"不支持7天无理由退换, 不支持七日无理由, 不接受无理由退货, 拒绝七天无理由, 不支持7天退换, 售出不退不换, " +
			"售出后不退, 概不退换, 不退不换) on a listing not marked as exempt (customised goods and the like). " +
			"支持七天无理由退换 is fine, and so is a refusal limited to goods the rule exempts (定制商品不退不换, " +
			"生鲜不支持七天无理由, 临期食品不退不换) or to goods no longer as delivered (拆封后不退换, 吊牌剪掉不退换, " +
			"影响二次销售的不退换, 人为损坏不退换, 以下情况不予退换：…). Sale or clearance goods, 非质量问题, " +
			"试穿后不退换 (the buyer may try goods on) and underwear without 拆封后 still count. Why it costs: 7-day no-reason return is a legal duty; " +
			"refusing it is a broken promise and complaints are upheld. Fix: remove the wording, or mark genuinely " +
			"exempt listings as such. Example: before 一经售出概不退换; after 支持七天无理由退换（吊牌完好）.",
		Run: func(p *Pass) {
			if p.Listing.ReturnExempt {
				p.NotApplicable()
				return
			}
			runPhrases(p, groupReturn, returnExcused, "拒绝七天无理由退换", "refuses 7-day no-reason returns")
		},
	}
}

// runPhrases reports the first match of group g in the check's sources
// that skip (if set) does not excuse, a refusal a list shares included
// (不支持花呗、信用卡: listedMatches). Terms with data "+" extend the
// evidence over the amount that follows (发票加6个点), terms with data
// offPayData over their payment word (加V付款).
func runPhrases(p *Pass, g group, skip func(t *Text, m termMatch) bool, zh, en string) {
	for t := range p.Texts() {
		first, ok := firstPhrase(t.matches, g, t, skip)
		if m, lok := firstPhrase(p.listedMatches(t), g, t, skip); lok && (!ok || m.Start < first.Start) {
			first, ok = m, true
		}
		if !ok {
			continue
		}
		end := first.End
		switch first.Data {
		case "+":
			end = extendAmount(t.N.Text, end)
		case offPayData:
			end = max(end, offPaymentEnd(t.N.Text, end))
		}
		quote, _ := t.N.Quote(first.Start, end)
		p.Report(t, first.Start, end,
			fmt.Sprintf("%s写「%s」，%s", sourceZH(t.Source), quote, zh),
			fmt.Sprintf("%s says %q: it %s.", sourceEN(t.Source), quote, en))
		return
	}
}

// firstPhrase returns the first of ms in group g that is no word holding
// a charge's 加 (notCharge) and that skip (if set) does not excuse.
func firstPhrase(ms []termMatch, g group, t *Text, skip func(t *Text, m termMatch) bool) (termMatch, bool) {
	for _, m := range ms {
		if m.Group == g && !notCharge(t, m) && (skip == nil || !skip(t, m)) {
			return m, true
		}
	}
	return termMatch{}, false
}

// chargeLookAlikes, right after a charge term ending in 加, make the 加
// part of another word: 加盖 (a stamp: 发票需加盖公章) and 加急 (rush:
// 发票加急开具). No charge either way.
var chargeLookAlikes = []string{"盖", "急"}

// notCharge reports whether the charge term m ("+", ending in 加) is part
// of one of chargeLookAlikes in t.
func notCharge(t *Text, m termMatch) bool {
	return m.Data == "+" && strings.HasSuffix(m.Term, "加") && prefixOf(t.N.Text[m.End:], chargeLookAlikes) != ""
}

// extendAmount moves end over an amount and its unit (6个点, 3%手续费).
func extendAmount(s string, end int) int {
	for end < len(s) {
		switch {
		case isDigit(s[end]) || s[end] == '.' || s[end] == '%':
			end++
		case strings.HasPrefix(s[end:], "个点"):
			end += len("个点")
		case strings.HasPrefix(s[end:], "手续费"):
			end += len("手续费")
		case strings.HasPrefix(s[end:], "税点"):
			end += len("税点")
		case strings.HasPrefix(s[end:], "点"):
			end += len("点")
		default:
			return end
		}
	}
	return end
}

// creditNotCard, right after the card a refusal names, make it another
// thing: installments (不支持信用卡分期: an optional service), cash-out
// (不支持信用卡套现), goods that hold or read cards (信用卡套, 信用卡夹,
// 刷卡机, 刷卡感应), or every other way to pay (不支持信用卡以外的支付方式).
var creditNotCard = []string{"分期", "套", "夹", "机", "感应", "以外", "之外"}

// creditExcused reports whether the credit-card match m in t refuses
// something other than paying by card: creditNotCard follows the card
// (不支持信用卡分期) or the negator after it (信用卡不支持分期).
func creditExcused(t *Text, m termMatch) bool {
	return prefixOf(t.N.Text[m.End:], creditNotCard) != "" &&
		(strings.HasSuffix(m.Term, "信用卡") || strings.HasSuffix(m.Term, "刷卡") || suffixOf(m.Term, tailNegators) != "")
}

// invoiceOwnObjects, right after the negator of a refusal that names the
// invoice before it (发票不开, 普票不提供), are the negator's own object:
// 可开发票不开收据, 可开普票不开专票, 发票不提供纸质版 refuse the receipt,
// the special invoice or paper, not the invoice.
var invoiceOwnObjects = []string{"收据", "专票", "专用", "纸质", "增值税专用"}

// invoiceExcused reports whether the invoice refusal m in t refuses
// something else (invoiceOwnObjects).
func invoiceExcused(t *Text, m termMatch) bool {
	return suffixOf(m.Term, invoiceTailNegators) != "" && prefixOf(t.N.Text[m.End:], invoiceOwnObjects) != ""
}

// invoiceTailNegators end the refusals that name the invoice first.
var invoiceTailNegators = []string{"不开", "不能开", "不提供", "不支持"}

// codAreas limit a refusal of cash on delivery to areas the couriers do
// not serve (偏远地区不支持货到付款, 不支持货到付款的地区请在线支付): the
// platform offers COD only where they do, so the text restates its limits.
// 全部地区 is no limit.
var codAreas = []string{
	"偏远", "部分地区", "个别地区", "少数地区", "部分区域", "个别区域", "乡镇", "农村", "山区", "海岛",
	"港澳台", "香港", "澳门", "台湾", "海外", "境外", "国外", "新疆", "西藏", "内蒙古", "青海", "宁夏", "甘肃",
	"的地区", "的区域",
}

// codExcused reports whether the COD refusal m in t is limited to some
// areas (codAreas) in its clause.
func codExcused(t *Text, m termMatch) bool {
	start, end := refusalClause(t.N, m.Start, m.End)
	return containsAny(t.N.Text[start:end], codAreas)
}

// returnExempt are goods the 7-day rule exempts (消费者定作, 鲜活易腐,
// digital goods, newspapers and periodicals) or that may be sold without
// it when the page says so (临期, 瑕疵). A refusal limited to them
// (定制商品不退不换, 生鲜不支持七天无理由) states the rule's own exemption.
// Goods exempt only once unpacked (贴身衣物, 化妆品) are not here: for
// them the condition is what counts (拆封后不退换).
var returnExempt = []string{
	"定制", "订制", "定做", "订做", "定作", "一经制作", "开始制作", "制作后", "刻字",
	"生鲜", "鲜活", "易腐", "鲜花", "海鲜", "水果", "蔬菜", "活体",
	"虚拟", "数字化", "在线下载", "充值", "卡密", "报纸", "期刊", "杂志", "临期", "瑕疵",
}

// returnConditions limit a refusal to goods no longer as delivered, which
// the 7-day rule does not take back (拆封后不退换, 吊牌剪掉不退换,
// 影响二次销售的不退换, 人为损坏不退换), or to conditions listed after it
// (以下情况不予退换：…). Trying clothes on (试穿) is no such condition:
// the rule lets the buyer inspect the goods, so 试穿后不退换 refuses.
var returnConditions = []string{
	"拆封", "拆开", "开封", "拆包", "激活", "试用", "使用后", "使用过", "已使用", "用过", "用后", "穿着",
	"穿过", "已穿", "下水", "洗涤", "水洗", "洗后", "洗过", "已洗", "剪", "撕", "吊牌", "影响二次销售",
	"人为", "损坏", "污损", "磨损", "弄脏", "安装后", "已安装",
	"以下情况", "下列情况", "如下情况", "以下情形", "下列情形",
}

// returnTopicFillers may stand alone before a refusal (一律不退换): a
// clause of nothing else leaves the goods to the clause before it
// (鲜花属于鲜活易腐商品，不支持七天无理由退换).
var returnTopicFillers = []string{"一律", "一概", "统统", "全部", "均", "都", "概", "恕", "也", "则"}

// returnExcused reports whether the return refusal m in t is limited to
// exempt goods (returnExempt) or to a condition (returnConditions). The
// limit must be in the refusal's clause before it, or in the clause
// before that when the refusal's own clause is nothing but the refusal;
// a refusal turned into a noun with 的 (不支持退换的情况：吊牌剪掉…) takes
// its limit from the rest of its sentence. A category after 非 or within
// 除…外 is an exception to the refusal, not its limit: 现货非定制，售出
// 不退换 and 除定制商品外一律不退换 refuse.
func returnExcused(t *Text, m termMatch) bool {
	s := t.N.Text
	start, _ := refusalClause(t.N, m.Start, m.End)
	before := s[start:m.Start]
	if trimWords(before, returnTopicFillers) == "" && start > 0 && s[start-1] == ',' {
		prev, _ := refusalClause(t.N, start-1, start-1)
		before = s[prev:m.Start]
	}
	if containsAny(before, returnConditions) || returnExemptGoods(before) {
		return true
	}
	if strings.HasPrefix(s[m.End:], "的") {
		after := s[m.End:refusalSentenceEnd(s, m.End)]
		return containsAny(after, returnConditions) || returnExemptGoods(after)
	}
	return false
}

// returnExemptGoods reports whether s names exempt goods (returnExempt)
// other than as an exception (非定制, 除定制外, 定制除外, 定制以外).
func returnExemptGoods(s string) bool {
	if i := strings.Index(s, "除"); i >= 0 && strings.Contains(s[i:], "外") ||
		strings.Contains(s, "以外") || strings.Contains(s, "之外") {
		return false
	}
	for _, o := range occurrences(s, returnExempt) {
		if !strings.HasSuffix(s[:o.start], "非") && !strings.HasSuffix(s[:o.start], "不是") {
			return true
		}
	}
	return false
}

// clauseBreak reports whether r ends a clause of service text: sentence
// punctuation, a comma, a line break, a 【】 tag or a circled list number.
// 、 joins list items and a colon joins a topic to its comment: neither
// ends a clause.
func clauseBreak(r rune) bool {
	return strings.ContainsRune("。!?;…,\n\r【】", r) || r >= '①' && r <= '⑳' || r >= '❶' && r <= '❿'
}

// refusalClause returns the clause of n.Text around the normalized range
// [from, to): it ends at clauseBreak and at a list item number (2、, or
// a number after a dropped space: "定制商品不退换 2.特价商品不退换").
func refusalClause(n Normalized, from, to int) (start, end int) {
	s := n.Text
	for start = from; start > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:start])
		if clauseBreak(r) || r == '、' && start > size && isDigit(s[start-size-1]) {
			break
		}
		if isDigit(s[start-1]) {
			j := start - 1
			for j > 0 && isDigit(s[j-1]) {
				j--
			}
			if start = j; n.gapBefore(j) {
				break
			}
			continue
		}
		start -= size
	}
	for end = to; end < len(s); {
		r, size := utf8.DecodeRuneInString(s[end:])
		if clauseBreak(r) || isDigit(s[end]) && (n.gapBefore(end) || listItemNumber(s[end:])) {
			break
		}
		end += size
	}
	return start, end
}

// refusalSentenceEnd returns the end of the sentence that goes on at byte
// k of s: commas and colons do not end it.
func refusalSentenceEnd(s string, k int) int {
	if i := strings.IndexAny(s[k:], "。!?;…\n\r"); i >= 0 {
		return k + i
	}
	return len(s)
}

// offPayData marks a term that steers only with a payment word after it
// (offPaymentEnd): an off-platform messenger, spelled out or disguised
// (加微信, 加V, vx, 薇信), or a company account.
const offPayData = "pay"

// offPayWords pay or trade: after a messenger or account they make it a
// steer (加V付款, vx转账, 加微信交易, 对公账户打款). A word that starts
// another comes after it (付款 before 付), so evidence holds the whole word.
var offPayWords = []string{
	"支付宝", "支付", "付款", "付钱", "付费", "付", "转账", "打款", "汇款", "交易", "结算", "买单",
}

// offPayFillers may stand between a messenger and its payment word
// (加微信好友付款, 加V直接转账), besides an account name in ASCII
// (加V:xd8888付款).
var offPayFillers = []string{"好友", "号", "直接", "进行", "私聊", "私下"}

// offPaymentEnd returns the end of the payment word that follows the
// messenger or account ending at byte end of s, or -1 when none does:
// 加微信咨询 and 加v领券 are contact, not payment. Only an account name
// and offPayFillers may come between: 加微信咨询后拍下付款 pays on the
// platform.
func offPaymentEnd(s string, end int) int {
	i := end
	for moved := true; moved; {
		moved = false
		for i < len(s) && (s[i] == ':' || s[i] == ' ' || isWordByte(s[i])) {
			i, moved = i+1, true
		}
		for _, f := range offPayFillers {
			if strings.HasPrefix(s[i:], f) {
				i, moved = i+len(f), true
			}
		}
	}
	for _, w := range offPayWords {
		if strings.HasPrefix(s[i:], w) {
			return i + len(w)
		}
	}
	return -1
}

// offExcused reports whether the off-platform match m in t is no steer: a
// messenger or account with no payment word after it, a phrase warned
// against (warnedAgainst), or one naming payment goods (offNamesGoods).
func offExcused(t *Text, m termMatch) bool {
	if m.Data == offPayData {
		end := offPaymentEnd(t.N.Text, m.End)
		if end < 0 {
			return true
		}
		m.End = end
	}
	return warnedAgainst(t.N, m) || offNamesGoods(t, m)
}

// offGoods are goods that display or take payment. A phrase in the clause
// that names them, or anywhere in a title that does, describes the goods
// on sale, not how the buyer pays: 收钱码牌 扫码付款 亚克力台卡,
// 儿童收银机玩具 仿真扫码付款, pos机支持扫码付款.
var offGoods = []string{
	"码牌", "收款牌", "收钱牌", "收款音箱", "收款音响", "播报器", "收银机", "pos机", "刷卡机", "收款机", "硬钱包",
}

// offGoodsHeads, right after a phrase, make it the name of goods that
// show it: 扫码付款台卡, 扫码付款提示牌, 转账支票.
var offGoodsHeads = []string{"牌", "台卡", "贴纸", "立牌", "桌牌", "提示牌", "支票"}

// offNamesGoods reports whether the phrase at m names or describes goods
// on sale (offGoods, offGoodsHeads) rather than a way to pay.
func offNamesGoods(t *Text, m termMatch) bool {
	s := t.N.Text
	for _, h := range offGoodsHeads {
		if strings.HasPrefix(s[m.End:], h) {
			return true
		}
	}
	start, end := 0, len(s)
	if t.Source != listing.SourceTitle {
		start, end = offClause(t.N, m.Start, m.End, true)
	}
	for _, g := range offGoods {
		if strings.Contains(s[start:end], g) {
			return true
		}
	}
	return false
}

// offNegators negate or warn against what follows them, up to the end of
// their clause: 请勿私下转账, 不接受银行转账, 谨防…, 客服不会以任何理由要求您进行银行转账.
// A 不 right before the phrase negates it too (本店从不私下交易: see
// offNegatedBefore).
var offNegators = []string{
	"勿", "别", "不要", "不接受", "不支持", "不提供", "拒绝", "拒收", "严禁", "禁止", "杜绝", "不走", "不做", "不进行",
	"不能", "不可", "不得", "不准", "不允许", "不会", "无需", "无须", "不需", "不用", "不必",
	"不建议", "不推荐", "不欢迎", "切忌", "谨防", "警惕", "防止", "防范", "提防", "当心", "谨慎", "小心",
}

// offIdioms hold a negator but negate nothing that follows them (不要紧,
// 特别说明, 别的): a negator inside one of them is not one.
var offIdioms = []string{
	"不要紧", "不用担心", "不必担心", "不用谢", "不会吧", "不可思议", "不可多得", "不可或缺", "必不可少",
	"不得不", "不能不", "不得了", "特别", "区别", "分别", "个别", "差别", "级别", "类别", "性别", "识别",
	"鉴别", "告别", "别的", "别人", "别家", "别处", "别样", "别致", "小心轻放", "要不",
}

// offAffirmers head a predicate of their own: a modal, permission or
// request (可, 支持, 请, 直接, 需, 仅限) or a contrast (但, 而是, 改用). A
// negation before one of them ends there (大额订单不支持花呗可银行转账),
// unless the affirmer is part of the negator (不支持, 不可, 无需) or
// follows it directly (不要直接银行转账, 请勿直接汇款).
var offAffirmers = []string{
	"可", "支持", "接受", "欢迎", "请", "直接", "需", "须", "只能", "只限", "仅限", "只收", "仅收",
	"建议", "推荐", "优先", "但", "而是", "改用", "改为",
}

// offPlainWords hold an affirmer but are ordinary words (可疑, 申请, 须知):
// an affirmer inside one of them is not one.
var offPlainWords = []string{
	"可能", "可爱", "可靠", "可疑", "可怕", "可惜", "可口", "认可", "许可", "宁可", "申请", "邀请", "请求",
	"需求", "须知", "不但", "但凡",
}

// offWarnings after an off-platform phrase, in its clause, mark the
// mention as a warning: 要求微信转账的都是诈骗, 私下交易，后果自负.
var offWarnings = []string{
	"诈骗", "骗局", "骗子", "骗人", "被骗", "违规", "不安全", "无保障", "不保障", "不受保护", "不受平台保护",
	"后果自负", "风险自负", "概不负责", "举报", "有风险", "存在风险", "风险大", "风险很大", "风险高",
}

// offReassurances hold a warning but reassure (银行转账没有风险): a
// warning inside one of them is not one.
var offReassurances = []string{"没有风险", "不存在风险"}

// offRefusals, right after an off-platform phrase and ending its clause,
// refuse it: 银行转账不支持, 微信转账一律不接受哦. With an object of their
// own (银行转账不支持开票) they refuse something else.
var (
	offRefusals = []string{
		"不支持", "不接受", "不收", "拒收", "不行", "不可以", "不可", "不能", "无效", "不提供", "免谈", "禁止",
	}
	offRefusalAdverbs   = []string{"一律", "一概", "概", "均", "都", "暂时", "暂", "恕", "也", "全部", "本店"}
	offRefusalParticles = "哦噢喔的呢哈啊了呀哟啦滴"
)

// warnedAgainst reports whether the off-platform phrase at m is not a
// steer but a refusal of or warning against it. The unit is the phrase's
// clause: a negation governs the predicate it stands before, and a
// predicate ends with its clause, so words in another clause never count.
//
// A clause ends at sentence punctuation (。!?;…), a comma, a line break,
// a 【】 tag, a list item number (1、 2、 ①) and a word gap: separators
// between CJK characters that normalization dropped ("拒绝起球 对公转账" in
// a title, a line break the page collapsed into a space); characters
// spaced out one by one (银 行 转 账) are not words. 、 does not end a
// clause: it joins the coordinate items of a list, which share the
// negation before them (请勿私下转账、线下交易; 不会通过电话、短信、微信等方式要求
// 您银行汇款). A colon does not end it either: what follows elaborates what
// precedes (本店不支持以下付款方式：银行转账).
//
// The mention is warned against when, in that clause:
//   - a refusal follows the phrase and ends the clause (银行转账暂不支持);
//   - a warning follows it (要求微信转账的都是诈骗). A clause that is only the
//     phrase, or that turns it into a noun with 的, is a topic whose comment
//     runs on to the end of the sentence (私下交易，后果自负; 凡是要求银行转账
//     的，都是骗子);
//   - or the nearest polarity word before the phrase is a negator (see
//     offNegatedBefore), however far back in the clause it stands.
func warnedAgainst(n Normalized, m termMatch) bool {
	s := n.Text
	start, end := offClause(n, m.Start, m.End, true)
	before, after := s[start:m.Start], s[m.End:end]
	if offRefusedAfter(after) {
		return true
	}
	conditional := prefixOf(after, offConditions) != ""
	if (before == "" && after == "") || strings.Contains(after, "的") {
		_, sentenceEnd := offClause(n, m.Start, m.End, false)
		after = s[m.End:sentenceEnd]
	}
	for _, w := range offWarnings {
		if strings.Contains(after, w) && offWarns(after, w) {
			return true
		}
	}
	return offNegatedBefore(before, conditional)
}

// offWarns reports whether the warning w occurs in s outside the
// offReassurances.
func offWarns(s, w string) bool {
	reassured := occurrences(s, offReassurances)
	for _, o := range occurrences(s, []string{w}) {
		if !o.within(reassured) {
			return true
		}
	}
	return false
}

// offNegatedBefore reports whether the nearest polarity word at the end of
// before, the clause up to an off-platform phrase, is a negator. Polarity
// words are the offNegators and offAffirmers not inside an idiom or
// ordinary word; an affirmer inside a negator (不支持) or right after one
// (不要直接) counts as that negator. So 请勿相信任何以客服名义要求的微信转账 is
// negated however long the clause, while 不支持花呗可银行转账 is not: 可 heads
// the predicate that holds the phrase.
//
// A 不 right before the phrase negates it (本店从不私下交易), unless it
// states a condition, which conditional says (不转账不发货 demands the
// transfer), or is part of an idiom (要不银行转账吧 suggests it).
func offNegatedBefore(before string, conditional bool) bool {
	idioms := occurrences(before, offIdioms)
	if last := (span{len(before) - len("不"), len(before)}); strings.HasSuffix(before, "不") &&
		!conditional && !last.within(idioms) {
		return true
	}
	var negs []span
	for _, o := range occurrences(before, offNegators) {
		if !o.within(idioms) {
			negs = append(negs, o)
		}
	}
	nearest, negated := -1, false
	for _, o := range negs {
		if o.end >= nearest {
			nearest, negated = o.end, true
		}
	}
	plain := occurrences(before, offPlainWords)
	for _, o := range occurrences(before, offAffirmers) {
		if o.end <= nearest || o.within(idioms) || o.within(plain) || o.within(negs) {
			continue
		}
		absorbed := false
		for _, n := range negs {
			if n.end == o.start {
				absorbed = true
			}
		}
		nearest, negated = o.end, absorbed
	}
	return negated
}

// offConditions, right after a phrase with 不 before it, make the 不 a
// condition: 不转账不发货, 不转账就不发货, 不转账的话….
var offConditions = []string{"不", "就", "则", "的话"}

// offRefusedAfter reports whether after, the rest of the clause behind an
// off-platform phrase, is a refusal of it: adverbs, one of offRefusals
// and sentence particles, nothing else.
func offRefusedAfter(after string) bool {
	for {
		trimmed := false
		for _, a := range offRefusalAdverbs {
			if rest, ok := strings.CutPrefix(after, a); ok {
				after, trimmed = rest, true
			}
		}
		if !trimmed {
			break
		}
	}
	for _, r := range offRefusals {
		if rest, ok := strings.CutPrefix(after, r); ok && strings.Trim(rest, offRefusalParticles) == "" {
			return true
		}
	}
	return false
}

// offClause returns the clause of n.Text around the normalized range
// [from, to) as the boundaries warnedAgainst describes; with commas false
// only sentence boundaries count and the range is the sentence's.
func offClause(n Normalized, from, to int, commas bool) (start, end int) {
	s := n.Text
	ends := func(r rune) bool { return clauseBreak(r) && (commas || r != ',') }
	for start = from; start > 0 && !offWordGap(n, start); {
		r, size := utf8.DecodeLastRuneInString(s[:start])
		if ends(r) || r == '、' && start > size && isDigit(s[start-size-1]) {
			break
		}
		start -= size
	}
	for end = to; end < len(s) && !offWordGap(n, end); {
		r, size := utf8.DecodeRuneInString(s[end:])
		if ends(r) || isDigit(s[end]) && listItemNumber(s[end:]) {
			break
		}
		end += size
	}
	return start, end
}

// listItemNumber reports whether s starts with a list item number (2、).
func listItemNumber(s string) bool {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i > 0 && strings.HasPrefix(s[i:], "、")
}

// offWordGap reports whether normalization dropped a word gap right before
// normalized byte k: separators between a CJK character (or a digit) and
// a CJK character, unless the text is spaced out character by character.
func offWordGap(n Normalized, k int) bool {
	if k <= 0 || k >= len(n.Text) || !offDroppedSeparator(n, k) {
		return false
	}
	a, asize := utf8.DecodeLastRuneInString(n.Text[:k])
	b, bsize := utf8.DecodeRuneInString(n.Text[k:])
	if classOf(b) != classCJK || classOf(a) != classCJK && (a < '0' || a > '9') {
		return false
	}
	return !offDroppedSeparator(n, k-asize) && !offDroppedSeparator(n, k+bsize)
}

// offDroppedSeparator reports whether the original text had a separator
// (space, ·, |, …), dropped by normalization, right before normalized
// byte k. Dropped zero-width characters do not count: they are invisible.
func offDroppedSeparator(n Normalized, k int) bool {
	return strings.ContainsFunc(n.droppedBefore(k), separator)
}
