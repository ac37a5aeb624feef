package checks

import (
	"testing"

	"github.com/xundian/xundian/listing"
)

const (
	inv = "invoice-refusal"
	cc  = "credit-card-refusal"
	cod = "cod-refusal"
	off = "offplatform-payment"
	ret = "return-policy"
)

func TestInvoiceRefusal(t *testing.T) {
	pass := map[string]listing.Outcome{inv: listing.OutcomePass}
	runCases(t, []ruleCase{
		{name: "不开发票", l: listing.Listing{ServiceText: "本店不开发票"}, want: []hit{{inv, listing.SourceService, "不开发票"}},
			outcomes: map[string]listing.Outcome{inv: listing.OutcomeFail}},
		{name: "traditional", l: listing.Listing{Description: "恕不提供發票"}, want: []hit{{inv, listing.SourceDescription, "不提供發票"}}},
		{name: "tax points", l: listing.Listing{ServiceText: "需要发票加6个点"}, want: []hit{{inv, listing.SourceService, "发票加6个点"}}},
		{name: "tax points full-width", l: listing.Listing{ServiceText: "開票加稅點"}, want: []hit{{inv, listing.SourceService, "開票加稅點"}}},
		{name: "postage", l: listing.Listing{ServiceText: "发票邮费自理"}, want: []hit{{inv, listing.SourceService, "发票邮费自理"}}},
		{name: "postage, 邮寄费", l: listing.Listing{ServiceText: "纸质发票邮寄费自理"}, want: []hit{{inv, listing.SourceService, "发票邮寄费自理"}}},
		{name: "sale items", l: listing.Listing{ServiceText: "特价商品不开发票"}, want: []hit{{inv, listing.SourceService, "特价商品不开发票"}}},
		{name: "receipt only", l: listing.Listing{ServiceText: "只提供收据"}, want: []hit{{inv, listing.SourceService, "只提供收据"}}},
		{name: "company titles only", l: listing.Listing{ServiceText: "只开公司抬头"}, want: []hit{{inv, listing.SourceService, "只开公司抬头"}}},
		{name: "不支持开发票", l: listing.Listing{ServiceText: "本店不支持开发票"}, want: []hit{{inv, listing.SourceService, "不支持开发票"}}},
		{name: "不开具发票", l: listing.Listing{ServiceText: "本店不开具发票"}, want: []hit{{inv, listing.SourceService, "不开具发票"}}},
		{name: "无法提供发票", l: listing.Listing{ServiceText: "小店无法提供发票"}, want: []hit{{inv, listing.SourceService, "无法提供发票"}}},
		{name: "不支持开票", l: listing.Listing{ServiceText: "特价款不支持开票"}, want: []hit{{inv, listing.SourceService, "不支持开票"}}},
		{name: "只能开收据", l: listing.Listing{ServiceText: "只能开收据"}, want: []hit{{inv, listing.SourceService, "只能开收据"}}},
		// decoys: no tax points is the opposite of charging them
		{name: "不加税点", l: listing.Listing{ServiceText: "可开发票，不加税点"}, outcomes: pass},
		{name: "开票不加税点", l: listing.Listing{ServiceText: "价格含税，开票不加税点"}, outcomes: pass},
		{name: "description before service", l: listing.Listing{Description: "无发票", ServiceText: "不开发票"},
			want: []hit{{inv, listing.SourceDescription, "无发票"}}},
		{name: "可开发票", l: listing.Listing{ServiceText: "可开发票，支持电子发票，提供正规发票"}, outcomes: pass},
		{name: "title is not a source", l: listing.Listing{Title: "不开发票特价"}, outcomes: pass},
		// a refusal shared by a list
		{name: "list: 不提供收据和发票", l: listing.Listing{ServiceText: "不提供收据和发票"}, want: []hit{{inv, listing.SourceService, "不提供收据和发票"}}},
		{name: "list: 不开收据、发票", l: listing.Listing{ServiceText: "不开收据、发票请见谅"}, want: []hit{{inv, listing.SourceService, "不开收据、发票"}}},
		{name: "list before: 一律不提供", l: listing.Listing{ServiceText: "发票、收据一律不提供"}, want: []hit{{inv, listing.SourceService, "发票、收据一律不提供"}}},
		{name: "发票不开", l: listing.Listing{ServiceText: "小本经营发票不开"}, want: []hit{{inv, listing.SourceService, "发票不开"}}},
		{name: "paper only is refused", l: listing.Listing{ServiceText: "发票不提供纸质版，提供电子发票"}, outcomes: pass},
		{name: "list decoy: the invoice is offered", l: listing.Listing{ServiceText: "不提供收据、发票可以开"}, outcomes: pass},
		// The same charge with a modal (需要) or another verb (另收), for
		// either kind of invoice, or as tax the buyer bears.
		{name: "专票 tax points", l: listing.Listing{ServiceText: "可开专票，专票需加3个点"}, want: []hit{{inv, listing.SourceService, "专票需加3个点"}}},
		{name: "需要加", l: listing.Listing{ServiceText: "开票需要加6个点"}, want: []hit{{inv, listing.SourceService, "开票需要加6个点"}}},
		{name: "另收 traditional full-width", l: listing.Listing{Description: "發票另收６個點"}, want: []hit{{inv, listing.SourceDescription, "發票另收６個點"}}},
		{name: "tax borne by the buyer", l: listing.Listing{ServiceText: "开票税点由买家承担"}, want: []hit{{inv, listing.SourceService, "税点由买家承担"}}},
		// Refusing the ordinary invoice refuses what every buyer may ask for.
		{name: "不开普票", l: listing.Listing{ServiceText: "本店不开普票"}, want: []hit{{inv, listing.SourceService, "不开普票"}}},
		{name: "不提供增值税普通发票", l: listing.Listing{ServiceText: "不提供增值税普通发票"}, want: []hit{{inv, listing.SourceService, "不提供增值税普通发票"}}},
		// decoys: 加盖 and 加急 hold a 加 but charge nothing; a negator
		// with an object of its own refuses that object.
		{name: "加盖 is no charge", l: listing.Listing{ServiceText: "发票需加盖发票专用章，可开电子发票"}, outcomes: pass},
		{name: "加急 is no charge", l: listing.Listing{ServiceText: "发票加急开具请联系客服"}, outcomes: pass},
		{name: "negator with its own object", l: listing.Listing{ServiceText: "可开发票不开收据，可开普票不开专票"}, outcomes: pass},
	})
}

func TestCreditCardRefusal(t *testing.T) {
	pass := map[string]listing.Outcome{cc: listing.OutcomePass}
	runCases(t, []ruleCase{
		{name: "不支持信用卡", l: listing.Listing{ServiceText: "不支持信用卡"}, want: []hit{{cc, listing.SourceService, "不支持信用卡"}}},
		{name: "fee", l: listing.Listing{ServiceText: "信用卡加收3%手续费"}, want: []hit{{cc, listing.SourceService, "信用卡加收3%手续费"}}},
		{name: "fee full-width traditional", l: listing.Listing{Description: "信用卡付款需加手續費"}, want: []hit{{cc, listing.SourceDescription, "信用卡付款需加手續費"}}},
		{name: "拒绝", l: listing.Listing{ServiceText: "拒绝信用卡"}, want: []hit{{cc, listing.SourceService, "拒绝信用卡"}}},
		{name: "信用卡不支持", l: listing.Listing{ServiceText: "信用卡不支持"}, want: []hit{{cc, listing.SourceService, "信用卡不支持"}}},
		{name: "不支持刷卡", l: listing.Listing{ServiceText: "不支持刷卡"}, want: []hit{{cc, listing.SourceService, "不支持刷卡"}}},
		{name: "需另加", l: listing.Listing{ServiceText: "信用卡支付需另加3%手续费"}, want: []hit{{cc, listing.SourceService, "信用卡支付需另加3%手续费"}}},
		{name: "付款加", l: listing.Listing{ServiceText: "信用卡付款加3%"}, want: []hit{{cc, listing.SourceService, "信用卡付款加3%"}}},
		{name: "收取", l: listing.Listing{ServiceText: "信用卡收取3%手续费"}, want: []hit{{cc, listing.SourceService, "信用卡收取3%手续费"}}},
		{name: "刷卡需加", l: listing.Listing{ServiceText: "刷卡需加3%"}, want: []hit{{cc, listing.SourceService, "刷卡需加3%"}}},
		{name: "手续费自理", l: listing.Listing{ServiceText: "信用卡付款手续费自理"}, want: []hit{{cc, listing.SourceService, "信用卡付款手续费自理"}}},
		{name: "不收取手续费", l: listing.Listing{ServiceText: "信用卡不收取手续费"}, outcomes: pass},
		{name: "supported", l: listing.Listing{ServiceText: "支持信用卡，信用卡免手续费"}, outcomes: pass},
		{name: "需加收", l: listing.Listing{ServiceText: "信用卡支付需加收3%手续费"}, want: []hit{{cc, listing.SourceService, "信用卡支付需加收3%手续费"}}},
		{name: "credit cards only", l: listing.Listing{ServiceText: "不支持信用卡以外的支付方式"}, outcomes: pass},
		// a refusal shared by a list
		{name: "list: 不支持花呗、信用卡", l: listing.Listing{ServiceText: "本店不支持花呗、信用卡付款"}, want: []hit{{cc, listing.SourceService, "不支持花呗、信用卡"}}},
		{name: "list: 和", l: listing.Listing{ServiceText: "不支持花呗和信用卡"}, want: []hit{{cc, listing.SourceService, "不支持花呗和信用卡"}}},
		{name: "list: slash", l: listing.Listing{ServiceText: "本店暂不支持花呗/信用卡"}, want: []hit{{cc, listing.SourceService, "不支持花呗/信用卡"}}},
		{name: "list: spaces", l: listing.Listing{ServiceText: "不支持 花呗 信用卡"}, want: []hit{{cc, listing.SourceService, "不支持 花呗 信用卡"}}},
		{name: "list: three items", l: listing.Listing{ServiceText: "不接受花呗、白条及信用卡"}, want: []hit{{cc, listing.SourceService, "不接受花呗、白条及信用卡"}}},
		{name: "list before: 都不支持", l: listing.Listing{ServiceText: "信用卡、花呗都不支持"}, want: []hit{{cc, listing.SourceService, "信用卡、花呗都不支持"}}},
		{name: "list before: 均不可用", l: listing.Listing{Description: "花呗、信用卡均不可用"}, want: []hit{{cc, listing.SourceDescription, "信用卡均不可用"}}},
		{name: "list decoy: comma ends the refusal", l: listing.Listing{ServiceText: "不支持花呗，信用卡可用"}, outcomes: pass},
		{name: "list decoy: the card is affirmed", l: listing.Listing{ServiceText: "不支持花呗、支持信用卡"}, outcomes: pass},
		{name: "list decoy: affirmed after", l: listing.Listing{ServiceText: "不支持花呗、信用卡可以"}, outcomes: pass},
		{name: "list decoy: affirmed before", l: listing.Listing{ServiceText: "支持信用卡、花呗不支持"}, outcomes: pass},
		{name: "list decoy: 不收取 is not 不收", l: listing.Listing{ServiceText: "不收取任何费用和信用卡手续费"}, outcomes: pass},
		{name: "list decoy: a long clause is no list", l: listing.Listing{ServiceText: "不支持花呗分期付款购买的订单和信用卡"}, outcomes: pass},
		// The same fee with a modal (需要) or another verb (另收), or borne
		// by the buyer; other refusals of payment by card.
		{name: "需要加", l: listing.Listing{ServiceText: "使用信用卡需要加3%"}, want: []hit{{cc, listing.SourceService, "信用卡需要加3%"}}},
		{name: "另收", l: listing.Listing{ServiceText: "信用卡另收3%手续费"}, want: []hit{{cc, listing.SourceService, "信用卡另收3%手续费"}}},
		{name: "fee borne by the buyer", l: listing.Listing{ServiceText: "信用卡手续费需买家承担"}, want: []hit{{cc, listing.SourceService, "信用卡手续费需买家承担"}}},
		{name: "信用卡不能付款", l: listing.Listing{ServiceText: "信用卡不能付款"}, want: []hit{{cc, listing.SourceService, "信用卡不能付款"}}},
		{name: "Taiwan 不支援", l: listing.Listing{Description: "不支援信用卡"}, want: []hit{{cc, listing.SourceDescription, "不支援信用卡"}}},
		{name: "list: Taiwan 不支援", l: listing.Listing{ServiceText: "不支援花唄、信用卡"}, want: []hit{{cc, listing.SourceService, "不支援花唄、信用卡"}}},
		// decoys: installments (an optional service), cash-out and goods
		// that hold or read cards are not paying by card.
		{name: "installments", l: listing.Listing{ServiceText: "不支持信用卡分期，支持信用卡全款"}, outcomes: pass},
		{name: "installments after the negator", l: listing.Listing{ServiceText: "信用卡不支持分期"}, outcomes: pass},
		{name: "list: installments", l: listing.Listing{ServiceText: "不支持花呗、信用卡分期"}, outcomes: pass},
		{name: "cash-out", l: listing.Listing{ServiceText: "本店不支持信用卡套现"}, outcomes: pass},
		{name: "card sleeve goods", l: listing.Listing{Title: "RFID防盗刷卡套", Description: "卡片放入卡套后不支持刷卡感应，防止盗刷"}, outcomes: pass},
	})
}

func TestCODRefusal(t *testing.T) {
	runCases(t, []ruleCase{
		{name: "offers COD", l: listing.Listing{OffersCOD: true, ServiceText: "本店不支持货到付款"},
			want: []hit{{cod, listing.SourceService, "不支持货到付款"}}, outcomes: map[string]listing.Outcome{cod: listing.OutcomeFail}},
		{name: "traditional", l: listing.Listing{OffersCOD: true, Description: "不接受貨到付款"},
			want: []hit{{cod, listing.SourceDescription, "不接受貨到付款"}}},
		{name: "no COD offered", l: listing.Listing{ServiceText: "本店不支持货到付款"},
			outcomes: map[string]listing.Outcome{cod: listing.OutcomeNotApplicable}},
		{name: "no COD offered, no text", l: listing.Listing{Title: "T恤"},
			outcomes: map[string]listing.Outcome{cod: listing.OutcomeNotApplicable}},
		{name: "supports COD", l: listing.Listing{OffersCOD: true, ServiceText: "支持货到付款"},
			outcomes: map[string]listing.Outcome{cod: listing.OutcomePass}},
		{name: "暂不支持 after", l: listing.Listing{OffersCOD: true, ServiceText: "货到付款暂不支持"},
			want: []hit{{cod, listing.SourceService, "货到付款暂不支持"}}},
		// decoys: freight-collect return parcels (到付件) are not COD
		{name: "退货不接受到付件", l: listing.Listing{OffersCOD: true, ServiceText: "退货不接受到付件"},
			outcomes: map[string]listing.Outcome{cod: listing.OutcomePass}},
		{name: "退换货不支持到付", l: listing.Listing{OffersCOD: true, ServiceText: "退换货不支持到付"},
			outcomes: map[string]listing.Outcome{cod: listing.OutcomePass}},
		{name: "list: 不支持花呗、货到付款", l: listing.Listing{OffersCOD: true, ServiceText: "不支持花呗、货到付款"},
			want: []hit{{cod, listing.SourceService, "不支持花呗、货到付款"}}},
		{name: "list decoy: 到付件", l: listing.Listing{OffersCOD: true, ServiceText: "不接受平邮、到付件"},
			outcomes: map[string]listing.Outcome{cod: listing.OutcomePass}},
		{name: "无法提供", l: listing.Listing{OffersCOD: true, ServiceText: "无法提供货到付款服务"},
			want: []hit{{cod, listing.SourceService, "无法提供货到付款"}}},
		{name: "Taiwan 不支援", l: listing.Listing{OffersCOD: true, Description: "不支援貨到付款"},
			want: []hit{{cod, listing.SourceDescription, "不支援貨到付款"}}},
		// decoys: COD limited to the areas couriers serve restates the
		// platform's own limit
		{name: "remote areas", l: listing.Listing{OffersCOD: true, ServiceText: "偏远地区不支持货到付款"},
			outcomes: map[string]listing.Outcome{cod: listing.OutcomePass}},
		{name: "named regions", l: listing.Listing{OffersCOD: true, ServiceText: "新疆、西藏暂不支持货到付款"},
			outcomes: map[string]listing.Outcome{cod: listing.OutcomePass}},
		{name: "areas after", l: listing.Listing{OffersCOD: true, ServiceText: "不支持货到付款的地区请选择在线支付"},
			outcomes: map[string]listing.Outcome{cod: listing.OutcomePass}},
	})
}

func TestOffplatformPayment(t *testing.T) {
	pass := map[string]listing.Outcome{off: listing.OutcomePass}
	runCases(t, []ruleCase{
		{name: "加微信付款", l: listing.Listing{Description: "加微信付款再优惠"}, want: []hit{{off, listing.SourceDescription, "加微信付款"}}},
		{name: "bank transfer in title", l: listing.Listing{Title: "大额可银行转账"}, want: []hit{{off, listing.SourceTitle, "银行转账"}}},
		{name: "traditional", l: listing.Listing{ServiceText: "支持銀行匯款"}, want: []hit{{off, listing.SourceService, "銀行匯款"}}},
		{name: "汇款", l: listing.Listing{ServiceText: "可先汇款后发货"}, want: []hit{{off, listing.SourceService, "汇款"}}},
		{name: "alipay transfer", l: listing.Listing{ServiceText: "支付宝转账更便宜"}, want: []hit{{off, listing.SourceService, "支付宝转账"}}},
		{name: "warning", l: listing.Listing{ServiceText: "请勿私下转账，谨防诈骗勿线下交易"}, outcomes: pass},
		{name: "refusal", l: listing.Listing{ServiceText: "不接受银行转账"}, outcomes: pass},
		{name: "warning after", l: listing.Listing{ServiceText: "要求微信转账的都是诈骗"}, outcomes: pass},
		{name: "warning does not reach the next sentence", l: listing.Listing{ServiceText: "谨防诈骗。可加微信付款"},
			want: []hit{{off, listing.SourceService, "加微信付款"}}},
		// A negation in an earlier clause governs that clause, not the phrase.
		{name: "不要拍下，加微信付款", l: listing.Listing{ServiceText: "请不要直接拍下，加微信付款更便宜"}, want: []hit{{off, listing.SourceService, "加微信付款"}}},
		{name: "别拍，加微信付款", l: listing.Listing{ServiceText: "别拍，加微信付款"}, want: []hit{{off, listing.SourceService, "加微信付款"}}},
		{name: "不要紧，支付宝转账", l: listing.Listing{ServiceText: "没有淘宝账号不要紧，可支付宝转账"}, want: []hit{{off, listing.SourceService, "支付宝转账"}}},
		{name: "不支持花呗，可银行转账", l: listing.Listing{ServiceText: "大额订单不支持花呗，可银行转账"}, want: []hit{{off, listing.SourceService, "银行转账"}}},
		{name: "refused, then steered", l: listing.Listing{ServiceText: "不支持银行转账，可微信转账"}, want: []hit{{off, listing.SourceService, "微信转账"}}},
		{name: "numbered list item", l: listing.Listing{ServiceText: "1、不接受议价 2、加微信付款优惠"}, want: []hit{{off, listing.SourceService, "加微信付款"}}},
		{name: "title words", l: listing.Listing{Title: "拒绝起球 加厚卫衣 对公转账"}, want: []hit{{off, listing.SourceTitle, "对公转账"}}},
		// An affirmer heads the phrase's own predicate, ending the negation.
		{name: "不支持花呗、可银行转账", l: listing.Listing{ServiceText: "不支持花呗、可银行转账"}, want: []hit{{off, listing.SourceService, "银行转账"}}},
		// Idioms that hold a negator negate nothing.
		{name: "不要紧 without comma", l: listing.Listing{ServiceText: "没有账号不要紧支付宝转账也行"}, want: []hit{{off, listing.SourceService, "支付宝转账"}}},
		{name: "特别说明", l: listing.Listing{Description: "特别说明银行转账有优惠"}, want: []hit{{off, listing.SourceDescription, "银行转账"}}},
		// A refusal after the phrase must end the clause.
		{name: "银行转账不收手续费", l: listing.Listing{ServiceText: "银行转账不收手续费"}, want: []hit{{off, listing.SourceService, "银行转账"}}},
		{name: "银行卡转账", l: listing.Listing{ServiceText: "大额可银行卡转账"}, want: []hit{{off, listing.SourceService, "银行卡转账"}}},
		{name: "对公转账", l: listing.Listing{ServiceText: "企业采购支持对公转账"}, want: []hit{{off, listing.SourceService, "对公转账"}}},
		// Warnings: the negation governs its whole clause, however long.
		{name: "客服不会以任何理由要求银行转账", l: listing.Listing{ServiceText: "客服不会以任何理由要求您进行银行转账"}, outcomes: pass},
		{name: "请勿相信…微信转账", l: listing.Listing{ServiceText: "请勿相信任何以客服名义要求的微信转账"}, outcomes: pass},
		{name: "本店不会通过…银行汇款", l: listing.Listing{ServiceText: "本店不会通过电话、短信、微信等方式要求您银行汇款"}, outcomes: pass},
		{name: "list under one negation", l: listing.Listing{ServiceText: "请勿私下转账、线下交易"}, outcomes: pass},
		{name: "colon elaborates", l: listing.Listing{ServiceText: "本店不支持以下付款方式：银行转账、微信转账"}, outcomes: pass},
		{name: "可疑 is no affirmer", l: listing.Listing{ServiceText: "请勿相信可疑的微信转账要求"}, outcomes: pass},
		{name: "不要直接", l: listing.Listing{ServiceText: "请不要直接银行转账"}, outcomes: pass},
		{name: "spaced out", l: listing.Listing{ServiceText: "请 勿 私 下 转 账"}, outcomes: pass},
		{name: "refusal after", l: listing.Listing{ServiceText: "银行转账暂不支持哦"}, outcomes: pass},
		// A bare phrase or a 的 phrase before a comma is a topic; its
		// comment follows.
		{name: "私下交易，后果自负", l: listing.Listing{ServiceText: "私下交易，后果自负"}, outcomes: pass},
		{name: "要求转账的，都是骗子", l: listing.Listing{ServiceText: "凡是要求您银行转账的，都是骗子"}, outcomes: pass},
		// A messenger, spelled out or disguised, or a company account steers
		// with a payment word after it; without one it is contact.
		{name: "加V付款", l: listing.Listing{ServiceText: "加V付款立减20"}, want: []hit{{off, listing.SourceService, "加V付款"}}},
		{name: "薇信付款", l: listing.Listing{ServiceText: "加薇信付款更便宜"}, want: []hit{{off, listing.SourceService, "薇信付款"}}},
		{name: "account name between", l: listing.Listing{ServiceText: "加V：xd8888 付款立减"}, want: []hit{{off, listing.SourceService, "加V：xd8888 付款"}}},
		{name: "加我微信好友付款", l: listing.Listing{ServiceText: "加我微信好友付款"}, want: []hit{{off, listing.SourceService, "加我微信好友付款"}}},
		{name: "vx交易", l: listing.Listing{ServiceText: "vx交易更便宜"}, want: []hit{{off, listing.SourceService, "vx交易"}}},
		{name: "对公账户打款", l: listing.Listing{ServiceText: "大额订单可对公账户打款"}, want: []hit{{off, listing.SourceService, "对公账户打款"}}},
		{name: "contact is no payment", l: listing.Listing{Title: "V领毛衣 加V领券", Description: "加微信咨询后拍下付款",
			ServiceText: "加vx付款立减"}, want: []hit{{off, listing.SourceService, "vx付款"}}},
		// On the platform a buyer pays an order; a bare transfer is off it.
		{name: "先转账后发货", l: listing.Listing{ServiceText: "先转账后发货"}, want: []hit{{off, listing.SourceService, "转账"}}},
		{name: "货到后转账", l: listing.Listing{Description: "货到后转账"}, want: []hit{{off, listing.SourceDescription, "转账"}}},
		{name: "走对公", l: listing.Listing{ServiceText: "拍下联系客服走对公账户"}, want: []hit{{off, listing.SourceService, "走对公"}}},
		{name: "公对公", l: listing.Listing{ServiceText: "支持公对公"}, want: []hit{{off, listing.SourceService, "公对公"}}},
		// A 不 right before the phrase negates it, unless it states a
		// condition or is part of an idiom.
		{name: "从不私下交易", l: listing.Listing{ServiceText: "本店从不私下交易"}, outcomes: pass},
		{name: "不进行线下交易", l: listing.Listing{ServiceText: "本店不进行线下交易"}, outcomes: pass},
		{name: "condition: 不转账不发货", l: listing.Listing{ServiceText: "不转账不发货"}, want: []hit{{off, listing.SourceService, "转账"}}},
		{name: "idiom: 要不", l: listing.Listing{ServiceText: "本店不私下交易。大额要不银行转账也行"}, want: []hit{{off, listing.SourceService, "银行转账"}}},
		// Risk warnings; a reassurance is none.
		{name: "有风险", l: listing.Listing{ServiceText: "私下交易有风险，请在淘宝下单"}, outcomes: pass},
		{name: "没有风险 reassures", l: listing.Listing{ServiceText: "私下交易风险大。本店银行转账没有风险"}, want: []hit{{off, listing.SourceService, "银行转账"}}},
		// Goods that display or take payment: the phrase describes them.
		{name: "goods: 收钱码牌", l: listing.Listing{Title: "收钱码牌 扫码付款 亚克力台卡"}, outcomes: pass},
		{name: "goods: toy cash register", l: listing.Listing{Title: "儿童收银机玩具 仿真扫码付款 刷卡"}, outcomes: pass},
		{name: "goods: 提示牌", l: listing.Listing{Title: "扫码付款提示牌 亚克力 定制"}, outcomes: pass},
		{name: "goods in the clause", l: listing.Listing{Description: "本款收款码牌支持微信、支付宝扫码付款"}, outcomes: pass},
		{name: "goods word not next to the phrase", l: listing.Listing{Title: "扫码付款台卡 亚克力", ServiceText: "加微信付款送贴纸"},
			want: []hit{{off, listing.SourceService, "加微信付款"}}},
		{name: "goods: 转账支票", l: listing.Listing{Title: "转账支票 现金支票 支票打印纸", ServiceText: "货到后转账"},
			want: []hit{{off, listing.SourceService, "转账"}}},
	})
}

func TestReturnPolicy(t *testing.T) {
	pass := map[string]listing.Outcome{ret: listing.OutcomePass}
	runCases(t, []ruleCase{
		{name: "不支持七天无理由", l: listing.Listing{ServiceText: "本商品不支持七天无理由退换"},
			want: []hit{{ret, listing.SourceService, "不支持七天无理由退换"}}, outcomes: map[string]listing.Outcome{ret: listing.OutcomeFail}},
		{name: "digits", l: listing.Listing{ServiceText: "不支持7天无理由退换"}, want: []hit{{ret, listing.SourceService, "不支持7天无理由退换"}}},
		{name: "digits spaced", l: listing.Listing{ServiceText: "本商品不支持 7 天无理由退换"}, want: []hit{{ret, listing.SourceService, "不支持 7 天无理由退换"}}},
		{name: "full-width digit", l: listing.Listing{ServiceText: "不支持７天無理由"}, want: []hit{{ret, listing.SourceService, "不支持７天無理由"}}},
		{name: "售出不退不换", l: listing.Listing{Description: "一经售出概不退换"}, want: []hit{{ret, listing.SourceDescription, "一经售出概不退换"}}},
		{name: "不退不换", l: listing.Listing{ServiceText: "特价不退不换"}, want: []hit{{ret, listing.SourceService, "不退不换"}}},
		{name: "不支持无理由退货", l: listing.Listing{ServiceText: "本商品不支持无理由退货"}, want: []hit{{ret, listing.SourceService, "不支持无理由退货"}}},
		{name: "七天无理由不支持", l: listing.Listing{ServiceText: "七天无理由不支持"}, want: []hit{{ret, listing.SourceService, "七天无理由不支持"}}},
		{name: "不退货仅退款", l: listing.Listing{ServiceText: "破损可不退货仅退款"}, outcomes: pass},
		{name: "吊牌剪掉不退换 is a condition", l: listing.Listing{ServiceText: "支持七天无理由退换，吊牌剪掉不退换"}, outcomes: pass},
		{name: "洗涤后不退换 is a condition", l: listing.Listing{ServiceText: "支持七天无理由，洗涤后不退换"}, outcomes: pass},
		{name: "a condition does not hide a refusal", l: listing.Listing{ServiceText: "特价不退换，吊牌剪掉不退换"},
			want: []hit{{ret, listing.SourceService, "不退换"}}},
		{name: "exempt listing", l: listing.Listing{ReturnExempt: true, ServiceText: "定制商品不支持七天无理由"},
			outcomes: map[string]listing.Outcome{ret: listing.OutcomeNotApplicable}},
		{name: "supports returns", l: listing.Listing{ServiceText: "支持七天无理由退换"}, outcomes: pass},
		{name: "refund without return", l: listing.Listing{ServiceText: "小额商品仅退款不退货"}, outcomes: pass},
		// a refusal shared by a list
		{name: "list: 不支持换货、退货", l: listing.Listing{ServiceText: "特价款不支持换货、退货"}, want: []hit{{ret, listing.SourceService, "不支持换货、退货"}}},
		{name: "list before: 都不支持", l: listing.Listing{ServiceText: "退换货、发票都不支持"},
			want: []hit{{ret, listing.SourceService, "退换货、发票都不支持"}, {inv, listing.SourceService, "发票都不支持"}}},
		{name: "list decoy: freight collect", l: listing.Listing{ServiceText: "支持七天无理由，退货不支持到付"}, outcomes: pass},
		// every negator before every spelling of the object
		{name: "不接受无理由退货", l: listing.Listing{ServiceText: "不接受无理由退货"}, want: []hit{{ret, listing.SourceService, "不接受无理由退货"}}},
		{name: "七日", l: listing.Listing{ServiceText: "本商品不支持七日无理由退货"}, want: []hit{{ret, listing.SourceService, "不支持七日无理由"}}},
		{name: "7天退换", l: listing.Listing{ServiceText: "不支持7天退换"}, want: []hit{{ret, listing.SourceService, "不支持7天退换"}}},
		{name: "拒绝", l: listing.Listing{ServiceText: "拒绝七天无理由"}, want: []hit{{ret, listing.SourceService, "拒绝七天无理由"}}},
		{name: "售出后不退", l: listing.Listing{ServiceText: "商品售出后不退"}, want: []hit{{ret, listing.SourceService, "售出后不退"}}},
		{name: "Taiwan 不支援", l: listing.Listing{Description: "不支援七天無理由"}, want: []hit{{ret, listing.SourceDescription, "不支援七天無理由"}}},
		// Refusals limited to goods the rule exempts, or to a condition it
		// allows, state the rule's own limits.
		{name: "custom goods", l: listing.Listing{ServiceText: "定制商品不支持七天无理由退换"}, outcomes: pass},
		{name: "fresh goods", l: listing.Listing{ServiceText: "生鲜不支持七天无理由"}, outcomes: pass},
		{name: "goods in the clause before", l: listing.Listing{ServiceText: "鲜花属于鲜活易腐商品，不支持七天无理由退换"}, outcomes: pass},
		{name: "near-expiry goods", l: listing.Listing{ServiceText: "临期食品不退不换"}, outcomes: pass},
		{name: "unpacked", l: listing.Listing{ServiceText: "内衣类商品拆封后不退换"}, outcomes: pass},
		{name: "影响二次销售的", l: listing.Listing{ServiceText: "影响二次销售的不退换"}, outcomes: pass},
		{name: "人为损坏", l: listing.Listing{ServiceText: "质量问题包退换，人为损坏不退换"}, outcomes: pass},
		{name: "conditions listed after", l: listing.Listing{ServiceText: "以下情况不予退换：1、吊牌剪掉 2、已洗涤"}, outcomes: pass},
		{name: "refusal as a noun", l: listing.Listing{ServiceText: "不支持退换的情况：吊牌剪掉、洗涤后"}, outcomes: pass},
		// A limit holds for its own clause or list item only; an exception
		// (除…外, 非) and trying clothes on are no limit.
		{name: "list items", l: listing.Listing{ServiceText: "1、定制商品不退换 2、特价商品不支持七天无理由"},
			want: []hit{{ret, listing.SourceService, "不支持七天无理由"}}},
		{name: "topic: sale goods", l: listing.Listing{ServiceText: "定制商品，不退不换；特价商品，一律不退换"},
			want: []hit{{ret, listing.SourceService, "不退换"}}},
		{name: "除…外 is no limit", l: listing.Listing{ServiceText: "定制商品不退换。除定制商品外一律不支持七天无理由"},
			want: []hit{{ret, listing.SourceService, "不支持七天无理由"}}},
		{name: "非定制 is no limit", l: listing.Listing{ServiceText: "定制商品不退换。现货非定制，售出不退不换"},
			want: []hit{{ret, listing.SourceService, "售出不退不换"}}},
		{name: "trying on is no condition", l: listing.Listing{ServiceText: "拆封后不退换，试穿后不支持退货"},
			want: []hit{{ret, listing.SourceService, "不支持退货"}}},
	})
}
