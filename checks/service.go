package checks

import (
	"fmt"
	"strings"

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
		Doc: "发现：详情或服务说明拒绝开发票（不开发票、不提供发票、无发票），向买家加收税点或邮费" +
			"（开票加税点、发票加6个点、发票邮费自理），特价/活动商品不开票，只给收据，或只开公司抬头、不开个人发票。" +
			"可开发票、支持电子发票、提供正规发票不算。为什么扣分：卖家有义务按实际收款免费开票，" +
			"拒开或加价被投诉即按违背承诺扣 6 分。怎么改：删掉这些说法，按买家要求免费开具发票。" +
			"例：改前「发票加6个点，邮费自理」；改后「支持开具电子发票，下单备注抬头即可」。",
		DocEN: "Catches description or service text that refuses invoices (不开发票, 不提供发票, 无发票), charges the " +
			"buyer tax points or postage for one (开票加税点, 发票加6个点, 发票邮费自理), excludes sale items " +
			"(特价商品不开发票), offers only a receipt (只提供收据) or limits invoices to company titles (只开公司抬头, " +
			"不开个人发票). 可开发票, 支持电子发票 and 提供正规发票 are fine. Why it costs: sellers must invoice what they " +
			"were paid, free of charge; a complaint is upheld as breaking a promise, 6 points. Fix: remove the " +
			"wording and issue invoices on request. Example: before 发票加6个点，邮费自理; after 支持开具电子发票.",
		Run: func(p *Pass) {
			runPhrases(p, groupInvoice, nil, "拒绝或限制开票", "refuses or restricts invoices")
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
		Doc: "发现：详情或服务说明拒绝信用卡付款（不支持信用卡、不接受信用卡、拒绝信用卡），" +
			"或向买家加收刷卡手续费（信用卡加收3%手续费、信用卡付款需加手续费）。支持信用卡、信用卡免手续费不算。" +
			"为什么扣分：平台要求开通信用卡支付的商品不得拒绝或加价，投诉按违背承诺扣 6 分。" +
			"怎么改：删掉拒绝或加价的说法，手续费由卖家承担。" +
			"例：改前「信用卡付款需加3%手续费」；改后「支持信用卡、花呗付款」。",
		DocEN: "Catches description or service text that refuses credit-card payment (不支持信用卡, 不接受信用卡, " +
			"拒绝信用卡) or charges the buyer a card fee (信用卡加收3%手续费, 信用卡付款需加手续费). 支持信用卡 and " +
			"信用卡免手续费 are fine. Why it costs: listings may not refuse or surcharge card payment; a complaint is " +
			"upheld as breaking a promise, 6 points. Fix: remove the wording; the seller bears the fee. Example: " +
			"before 信用卡付款需加3%手续费; after 支持信用卡、花呗付款.",
		Run: func(p *Pass) {
			runPhrases(p, groupCredit, nil, "拒绝信用卡或加收手续费", "refuses credit cards or charges a card fee")
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
		Doc: "发现：商品开通了货到付款，详情或服务说明却写不支持货到付款（不接受、拒绝、不能货到付款）。" +
			"商品本来就没开通货到付款时，这样写不算违规（结果为不适用）。为什么扣分：买家按页面选择货到付款被拒，" +
			"投诉按违背承诺扣 6 分。怎么改：要么删掉拒绝的说法，要么在后台关闭货到付款。" +
			"例：改前开通货到付款且写「本店不支持货到付款」；改后删掉这句话。",
		DocEN: "Catches description or service text refusing cash on delivery (不支持货到付款, 不接受货到付款, " +
			"拒绝货到付款, 不能货到付款) on a listing that offers it. On a listing without COD the same text is not a " +
			"violation (outcome not-applicable). Why it costs: a buyer refused the COD the page offers complains; " +
			"upheld as breaking a promise, 6 points. Fix: remove the sentence or switch COD off. Example: before COD " +
			"on and 本店不支持货到付款 in the text; after the sentence removed.",
		Run: func(p *Pass) {
			if !p.Listing.OffersCOD {
				p.NotApplicable()
				return
			}
			runPhrases(p, groupCOD, nil, "拒绝货到付款，但商品开通了货到付款", "refuses cash on delivery, which the listing offers")
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
		Doc: "发现：标题、详情或服务说明引导买家绕开平台付款：银行转账、银行汇款、汇款、加微信付款、" +
			"微信转账、个人支付宝转账、线下付款、私下交易。否定或提醒的写法（请勿私下转账、谨防诈骗勿线下交易、" +
			"不接受银行转账）不算。为什么扣分：站外付款让买家失去平台保障，属于诱导汇款，一次扣 12 分，" +
			"可能直接处罚店铺。怎么改：只写平台内的付款方式。" +
			"例：改前「加微信付款再减10元」；改后「拍下自动改价，支持花呗」。",
		DocEN: "Catches title, description or service text steering the buyer to pay outside the platform: bank " +
			"transfer (银行转账, 银行汇款, 汇款), personal WeChat or Alipay transfer (加微信付款, 微信转账, 支付宝转账), " +
			"offline payment (线下付款, 私下交易). Negations and warnings (请勿私下转账, 谨防诈骗勿线下交易, " +
			"不接受银行转账) are not. Why it costs: off-platform payment removes buyer protection and is punished as " +
			"inducing remittance, 12 points per case. Fix: name only the platform's payment methods. Example: before " +
			"加微信付款再减10元; after 拍下自动改价，支持花呗.",
		Run: func(p *Pass) {
			runPhrases(p, groupOffplatform, warnedAgainst, "引导站外付款", "steers the buyer to pay off the platform")
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
		Doc: "发现：详情或服务说明拒绝七天无理由退换（不支持七天无理由、不支持7天无理由退换、售出不退不换、" +
			"概不退换、不退不换），而商品并未标记为不适用七天无理由（定制等）。支持七天无理由退换不算。" +
			"为什么扣分：七天无理由是法定义务，拒绝即违背承诺，买家投诉成立并可能被监管处罚。" +
			"怎么改：删掉拒绝的说法；确属不适用的商品在后台如实标记。" +
			"例：改前「一经售出概不退换」；改后「支持七天无理由退换（吊牌完好）」。",
		DocEN: "Catches description or service text refusing 7-day no-reason returns (不支持七天无理由, " +
			"不支持7天无理由退换, 售出不退不换, 概不退换, 不退不换) on a listing not marked as exempt (customised " +
			"goods and the like). 支持七天无理由退换 is fine. Why it costs: 7-day no-reason return is a legal duty; " +
			"refusing it is a broken promise and complaints are upheld. Fix: remove the wording, or mark genuinely " +
			"exempt listings as such. Example: before 一经售出概不退换; after 支持七天无理由退换（吊牌完好）.",
		Run: func(p *Pass) {
			if p.Listing.ReturnExempt {
				p.NotApplicable()
				return
			}
			runPhrases(p, groupReturn, nil, "拒绝七天无理由退换", "refuses 7-day no-reason returns")
		},
	}
}

// runPhrases reports the first match of group g in the check's sources
// that skip (if set) does not excuse. Terms with data "+" extend the
// evidence over the amount that follows (发票加6个点).
func runPhrases(p *Pass, g group, skip func(s string, m termMatch) bool, zh, en string) {
	for t := range p.Texts() {
		for m := range p.matches(t, g) {
			if skip != nil && skip(t.N.Text, m) {
				continue
			}
			end := m.End
			if m.Data == "+" {
				end = extendAmount(t.N.Text, end)
			}
			quote, _ := t.N.Quote(m.Start, end)
			p.Report(t, m.Start, end,
				fmt.Sprintf("%s写「%s」，%s", sourceZH(t.Source), quote, zh),
				fmt.Sprintf("%s says %q: it %s.", sourceEN(t.Source), quote, en))
			return
		}
	}
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

// negators before an off-platform phrase turn it into a warning or a
// refusal (请勿私下转账, 不接受银行转账).
var negators = []string{
	"勿", "不要", "不接受", "不支持", "拒绝", "谨防", "严禁", "禁止", "不能", "不可", "警惕",
	"防止", "别", "切忌", "不会", "无需", "不得", "不提供", "谨慎", "小心",
}

// warnings after an off-platform phrase mark it as a warning (银行转账均为诈骗).
var warnings = []string{"诈骗", "骗局", "骗子", "被骗", "违规", "不安全", "无保障", "不受保护"}

// warnedAgainst reports whether the off-platform phrase at m is negated
// or warned against within its clause.
func warnedAgainst(s string, m termMatch) bool {
	before := clauseBefore(s, m.Start, 24)
	for _, n := range negators {
		if strings.Contains(before, n) {
			return true
		}
	}
	after := clauseAfter(s, m.End, 24)
	for _, w := range warnings {
		if strings.Contains(after, w) {
			return true
		}
	}
	return false
}
