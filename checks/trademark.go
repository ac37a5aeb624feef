package checks

import (
	"fmt"
	"strings"

	"github.com/xundian/xundian/listing"
)

func trademarkTerm() *Check {
	return &Check{
		ID:       "trademark-term",
		TitleZH:  "不当使用他人权利",
		TitleEN:  "Another rights holder's trademark in the title",
		Severity: listing.SeverityHigh,
		Points:   2,
		Cites:    "淘宝网市场管理与违规处理规范：不当使用他人权利",
		Sources:  []listing.Source{listing.SourceTitle},
		Doc: "发现：标题里出现他人的商标或角色名（阿童木、小猪佩奇、奥特曼、迪士尼、香奈儿、Nike 等，" +
			"繁体、全角、大小写、夹空格或符号的写法也算），包括「香奈儿同款」「迪士尼风格」这样的蹭名写法。" +
			"店铺自有或已获授权的品牌（配置 checks.authorized_brands，同一商标的其他写法一并算授权，如 Nike 与耐克）不算；普通词语恰好含有商标字样时" +
			"（快乐高不是乐高）和配件写明适用的品牌（适用于戴森、宝马专用、兼容乐高）也不算。为什么扣分：权利人投诉即按不当使用他人权利处理，每次扣 2 分，" +
			"商品下架，严重时店铺被限权。怎么改：删掉他人品牌和角色名，用自己的描述；确有授权的把品牌写进配置。" +
			"例：改前「香奈儿同款小香风外套」；改后「粗花呢短款外套 巡店优选」。",
		DocEN: "Catches another rights holder's trademark or character name in the title (阿童木, 小猪佩奇, 奥特曼, " +
			"迪士尼, 香奈儿, Nike, …, in traditional, full-width, mixed-case or separator-broken spellings), including " +
			"同款/风格 constructions. The shop's own and authorized brands (config checks.authorized_brands, with every spelling of " +
			"the mark: Nike and 耐克) are never flagged, and ordinary words that merely contain a mark (快乐高 is not 乐高) win over it, and so does an accessory naming the brand it fits (适用于戴森, 宝马专用, 兼容乐高, for Dyson). Latin marks " +
			"match whole words only. Why it costs: a rights-holder complaint is upheld as improper use of others' " +
			"rights, 2 points each, the listing is removed. Fix: remove other brands and characters from the title; " +
			"add brands you are licensed for to the config. Example: before 香奈儿同款小香风外套; after 粗花呢短款外套 巡店优选.",
		Run: runTrademark,
	}
}

// trademarkTails extend the evidence over a 同款/风格 construction.
var trademarkTails = []string{"同款", "风格", "联名款", "联名", "周边", "款式", "款"}

// compatibleBefore and compatibleAfter mark a compatibility statement:
// an accessory may name the brand it fits (适用于戴森, 宝马专用, 兼容乐高,
// for dyson), which describes the goods and does not brand them.
var (
	compatibleBefore = []string{"适用于", "适用", "适配于", "适配", "兼容", "配套", "用于"}
	compatibleAfter  = []string{"适用", "专用", "通用", "适配", "兼容"}
)

// markJoiners may stand between the marks of one compatibility statement
// (适用宝马、奔驰、奥迪).
var markJoiners = []string{"、", ",", "/", "和", "及", "与", " "}

func runTrademark(p *Pass) {
	for t := range p.Texts() {
		compatibleEnd := -1 // end of the last mark a compatibility statement named
		for m := range p.matches(t, groupTrademark) {
			end := m.End
			rest := t.N.Text[end:]
			tail := prefixOf(rest, trademarkTails)
			end += len(tail)
			if tail == "" && compatible(t.N.Text, m, compatibleEnd) {
				compatibleEnd = m.End
				continue
			}
			mark, _ := t.N.Quote(m.Start, m.End)
			zh := fmt.Sprintf("%s使用他人商标或角色名「%s」，且未登记为自有或授权品牌", sourceZH(t.Source), mark)
			en := fmt.Sprintf("%s uses the trademark or character name %q, which is not an own or authorized brand.", sourceEN(t.Source), mark)
			p.Report(t, m.Start, end, zh, en)
			return
		}
	}
}

// compatible reports whether the mark at m is named in a compatibility
// statement: after a compatibility word (适用于戴森, for dyson), before one
// (宝马专用), or right after another mark of the same statement
// (prevEnd: 适用宝马、奔驰).
func compatible(s string, m termMatch, prevEnd int) bool {
	before := strings.TrimRight(s[:m.Start], " ")
	if suffixOf(before, compatibleBefore) != "" || prefixOf(strings.TrimLeft(s[m.End:], " "), compatibleAfter) != "" {
		return true
	}
	if b, ok := strings.CutSuffix(before, "for"); ok && (b == "" || !isWordByte(b[len(b)-1])) {
		return true
	}
	if prevEnd < 0 || prevEnd > m.Start {
		return false
	}
	return trimWords(s[prevEnd:m.Start], markJoiners) == ""
}
