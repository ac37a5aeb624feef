package checks

import (
	"fmt"

	"github.com/xundian/xundian/listing"
)

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
			"（第一次、第一天、第一步、最好不要）不算。为什么扣分：平台不直接扣分，但市场监管部门可处" +
			"二十万元以上罚款，职业打假人也常据此索赔。怎么改：换成可证明的具体描述。" +
			"例：改前「全网最低价 顶级面料」；改后「新品特惠 精梳棉面料」。",
		DocEN: "Catches absolute or superlative terms banned by Advertising Law §9 in the title, an image, the " +
			"description or the service text: 全网最低, 最低价, 最好, 最佳, 第一, 国家级, 顶级, 世界级, 最高级, 极品, " +
			"唯一, 史无前例, 销量冠军 and similar. Ordinary words that only contain the same characters (第一次, " +
			"第一天, 第一步, 最好不要) are not flagged. Why it costs: the platform does not score it, but regulators " +
			"fine from 200,000 yuan and professional claimants sue over it. Fix: replace with specific, provable " +
			"wording. Example: before 全网最低价 顶级面料; after 新品特惠 精梳棉面料.",
		Run: func(p *Pass) {
			for t := range p.Texts() {
				for m := range p.matches(t, groupAbsolute) {
					quote, _ := t.N.Quote(m.Start, m.End)
					p.Report(t, m.Start, m.End,
						fmt.Sprintf("%s使用广告法极限用语「%s」", sourceZH(t.Source), quote),
						fmt.Sprintf("%s uses the absolute term %q banned by the Advertising Law.", sourceEN(t.Source), quote))
					return
				}
			}
		},
	}
}
