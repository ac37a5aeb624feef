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
			"第一、国家级、顶级、世界级、最高级、极品、唯一、史无前例、销量冠军、全网最全、史上最薄等。" +
			"只是恰好含有这些字的普通词（第一次、第1代、第一，…第二，…、第一类医疗器械、最好不要、最好手洗、" +
			"唯一的缺点、万能表）、规格和时间（最大承重50kg、最低温度、最新款）和依规认定的称号（国家级非遗）不算。" +
			"为什么扣分：平台不直接扣分，但市场监管部门可处二十万元以上罚款，职业打假人也常据此索赔。" +
			"怎么改：换成可证明的具体描述。" +
			"例：改前「全网最低价 顶级面料」；改后「新品特惠 精梳棉面料」。",
		DocEN: "Catches absolute or superlative terms banned by Advertising Law §9 in the title, an image, the " +
			"description or the service text: 全网最低, 最低价, 最好, 最佳, 第一, 国家级, 顶级, 世界级, 最高级, 极品, " +
			"唯一, 史无前例, 销量冠军, 全网最全, 史上最薄 and similar. Ordinary words that only contain the same " +
			"characters (第一次, 第1代, 第一，…第二，…, 第一类医疗器械, 最好不要, 最好手洗, 唯一的缺点, 万能表), specs " +
			"and time (最大承重50kg, 最低温度, 最新款) and designations awarded under state rules (国家级非遗) are not " +
			"flagged. Why it costs: the platform does not score it, but regulators fine from 200,000 yuan and " +
			"professional claimants sue over it. Fix: replace with specific, provable wording. Example: before " +
			"全网最低价 顶级面料; after 新品特惠 精梳棉面料.",
		Run: runAbsoluteTerm,
	}
}

// runAbsoluteTerm reports the first absolute term that is not an ordinal
// 第一 / 第1 (see ordinalFirst).
func runAbsoluteTerm(p *Pass) {
	for t := range p.Texts() {
		for m := range p.matches(t, groupAbsolute) {
			if ordinalFirst(t.N, m) {
				continue
			}
			end := quoteEnd(t, m)
			quote, _ := t.N.Quote(m.Start, end)
			p.Report(t, m.Start, end,
				fmt.Sprintf("%s使用广告法极限用语「%s」", sourceZH(t.Source), quote),
				fmt.Sprintf("%s uses the absolute term %q banned by the Advertising Law.", sourceEN(t.Source), quote))
			return
		}
	}
}

// quoteEnd returns where the evidence of m ends. A scope term ending in
// 最 (全网最, 史上最) takes in what it ranks: an overlapping term
// (全国最低价) or else the next character (全网最全, 史上最薄).
func quoteEnd(t *Text, m termMatch) int {
	if !strings.HasSuffix(m.Term, "最") {
		return m.End
	}
	for _, o := range t.matches {
		if o.Group == groupAbsolute && o.Start > m.Start && o.Start < m.End && o.End > m.End {
			return o.End
		}
	}
	r, size := utf8.DecodeRuneInString(t.N.Text[m.End:])
	if classOf(r) == classCJK {
		return m.End + size
	}
	return m.End
}

// ordinalMeasures are the measure words (and time units) after which 第一
// counts, not ranks: 第一次, 第一遍, 第一颗, 第一道, 第一天, 第一点, 第一类
// (医疗器械, a class set by regulation). 名, 等, 级, 流 and 家 are missing
// on purpose: 第一名, 第一等, 全国第一家 rank.
const ordinalMeasures = "次遍回趟下步道轮波期届季代版批款件个位只双颗粒枚根条张片块份套组层排行列段句页章节篇" +
	"集部首场站阶口眼针笔单杯瓶罐袋包盒箱台辆把支间年月周天日号秒项点种类档格胎顿关局餐"

// ordinalFirst reports whether m is the bare term 第一 or 第1 used as an
// ordinal: followed directly by a measure word (第一遍清洗, 第1代), by a
// range (第1-3天, 第一至三天), or opening an enumeration: at a clause start,
// followed by 、，： and with a 第二 later in the text (第一，面料好；第二，
// 做工细). Longer terms (销量第一, 第一品牌) and 第一 standing alone are
// claims, also where the seller wrote a space after it (品质第一 口碑至上)
// — unless 第 and 一 are spaced too, as in OCR text (第 一 次).
func ordinalFirst(n Normalized, m termMatch) bool {
	if m.Term != "第一" && m.Term != "第1" {
		return false
	}
	if n.gapBefore(m.End) && !n.gapBefore(m.Start+len("第")) {
		return false
	}
	rest := n.Text[m.End:]
	r, size := utf8.DecodeRuneInString(rest)
	switch {
	case r == utf8.RuneError:
		return false
	case strings.ContainsRune(ordinalMeasures, r):
		return true
	case strings.ContainsRune("-~至到", r):
		next, _ := utf8.DecodeRuneInString(rest[size:])
		return next >= '0' && next <= '9' || strings.ContainsRune("一二三四五六七八九十第", next)
	case strings.ContainsRune("、,:", r):
		return clauseStart(n, m.Start) &&
			(strings.Contains(rest, "第二") || strings.Contains(rest, "第2"))
	}
	return false
}

// clauseStart reports whether normalized byte k starts a clause: the text
// starts there, or punctuation or a space stands before it.
func clauseStart(n Normalized, k int) bool {
	if k == 0 || n.gapBefore(k) {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(n.Text[:k])
	return classOf(r) == classOther
}
