package checks

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xundian/xundian/listing"
)

// absoluteTerm is the absolute-term check: superlatives banned by 广告法
// §9 in the title, images, description or service text.
func absoluteTerm() *Check {
	return &Check{
		ID:       "absolute-term",
		TitleZH:  "广告法极限用语",
		TitleEN:  "Absolute advertising terms banned by the Advertising Law",
		Severity: listing.SeverityMedium,
		Points:   0,
		Cites:    "中华人民共和国广告法第九条第三项",
		Sources: []listing.Source{listing.SourceTitle, listing.SourceImage,
			listing.SourceDescription, listing.SourceService},
		Doc: "发现：标题、图片、详情或服务说明使用广告法第九条禁止的极限用语：全网最低、最低价、最好、最佳、" +
			"第一、国家级、顶级、世界级、最高级、极品、唯一、史无前例、销量冠军等。只是恰好含有这些字的普通词" +
			"（第一次、第一遍、第一颗、最好不要、最好手洗）不算。为什么扣分：平台不直接扣分，但市场监管部门可处" +
			"二十万元以上罚款，职业打假人也常据此索赔。怎么改：换成可证明的具体描述。" +
			"例：改前「全网最低价 顶级面料」；改后「新品特惠 精梳棉面料」。",
		DocEN: "Catches absolute or superlative terms banned by Advertising Law §9 in the title, an image, the " +
			"description or the service text: 全网最低, 最低价, 最好, 最佳, 第一, 国家级, 顶级, 世界级, 最高级, 极品, " +
			"唯一, 史无前例, 销量冠军 and similar. Ordinary words that only contain the same characters (第一次, " +
			"第一遍, 第一颗, 最好不要, 最好手洗) are not flagged. Why it costs: the platform does not score it, but regulators " +
			"fine from 200,000 yuan and professional claimants sue over it. Fix: replace with specific, provable " +
			"wording. Example: before 全网最低价 顶级面料; after 新品特惠 精梳棉面料.",
		Run: runAbsoluteTerm,
	}
}

// runAbsoluteTerm reports the first absolute term that is not an ordinal
// 第一 (see ordinalFirst).
func runAbsoluteTerm(p *Pass) {
	for t := range p.Texts() {
		for m := range p.matches(t, groupAbsolute) {
			if ordinalFirst(t.N, m) {
				continue
			}
			quote, _ := t.N.Quote(m.Start, m.End)
			p.Report(t, m.Start, m.End,
				fmt.Sprintf("%s使用广告法极限用语「%s」", sourceZH(t.Source), quote),
				fmt.Sprintf("%s uses the absolute term %q banned by the Advertising Law.", sourceEN(t.Source), quote))
			return
		}
	}
}

// ordinalMeasures are the measure words (and time units) after which 第一
// counts, not ranks: 第一次, 第一遍, 第一颗, 第一道, 第一天. 名, 等, 级, 流
// and 家 are missing on purpose: 第一名, 第一等, 全国第一家 rank.
const ordinalMeasures = "次遍回趟下步道轮波期届季代版批款件个位只双颗粒枚根条张片块份套组层排行段句页章节篇" +
	"集部首场站阶口眼针笔单杯瓶袋包盒箱台辆把间年月周天日号秒"

// ordinalFirst reports whether m is the bare term 第一 used as an ordinal:
// followed directly by a measure word (第一遍清洗, 第一颗纽扣). Longer
// terms (销量第一, 第一品牌) and 第一 standing alone are claims, also where
// the seller wrote a space after it (品质第一 口碑至上) — unless 第 and 一
// are spaced too, as in OCR text (第 一 次).
func ordinalFirst(n Normalized, m termMatch) bool {
	if m.Term != "第一" {
		return false
	}
	if n.gapBefore(m.End) && !n.gapBefore(m.Start+len("第")) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(n.Text[m.End:])
	return r != utf8.RuneError && strings.ContainsRune(ordinalMeasures, r)
}
