package checks

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xundian/xundian/listing"
)

func materialMismatch() *Check {
	return &Check{
		ID:       "material-mismatch",
		TitleZH:  "材质不符",
		TitleEN:  "Material claim contradicted by the composition attribute",
		Severity: listing.SeverityCritical,
		Points:   12,
		Cites:    "淘宝网市场管理与违规处理规范：描述不符（材质不符）",
		Sources:  []listing.Source{listing.SourceTitle, listing.SourceDescription},
		Doc: "发现：标题或详情写了材质（纯棉、全棉、100%棉、真丝、桑蚕丝、纯羊毛、羊绒、真皮、头层牛皮…），" +
			"而商品自己的成分属性（面料成分、材质、成分含量、面料、质地、帮面材质…）不含这种材料，或含量低于宣传" +
			"（纯棉、纯羊毛要求 95% 以上；成分写成涤棉、棉麻、棉混纺这样的混纺而无含量也达不到，只多一种氨纶不算）：" +
			"纯棉 vs 聚酯纤维100%、纯棉 vs 棉60% 聚酯纤维40%、纯棉 vs 涤棉、真皮 vs PU、" +
			"头层牛皮 vs 二层牛皮或羊皮。仿真丝、仿羊绒、仿真皮、棉麻、比纯棉更透气这类写法不算材质声明。为什么扣分：材质不符属于描述不符，" +
			"一次扣 12 分，还要赔付买家。怎么改：宣传只写属性里真实的成分，或更正成分属性。" +
			"例：改前标题「纯棉T恤」、面料成分「聚酯纤维100%」；改后标题「速干T恤」。",
		DocEN: "Catches a material claim in the title or description (纯棉, 全棉, 100%棉, 真丝, 桑蚕丝, 纯羊毛, 羊绒, " +
			"真皮, 头层牛皮, …) that the listing's own composition attribute (面料成分, 材质, 成分含量, 面料, 质地, 帮面材质, …) " +
			"contradicts: the fibre is absent or below the claimed share (cotton and wool purity claims need 95%, " +
			"which a blend named without shares, 涤棉, 棉麻, 棉混纺, cannot show; spandex alone is allowed): " +
			"纯棉 vs 聚酯纤维100%, 纯棉 vs 棉60% 聚酯纤维40%, 纯棉 vs 涤棉, 真皮 vs PU, 头层牛皮 vs 二层牛皮 or sheepskin. Imitation " +
			"wording (仿真丝, 仿羊绒, 仿真皮), comparisons (比纯棉更透气) and blends without a purity claim (棉麻) are not claims. Why it costs: a material mismatch is a serious " +
			"misdescription, 12 points and compensation. Fix: claim only what the attribute lists, or correct the " +
			"attribute. Example: before title 纯棉T恤 with 面料成分 聚酯纤维100%; after title 速干T恤.",
		Run: runMaterial,
	}
}

// compositionAttributes name the attribute that lists the composition,
// in order of preference.
var compositionAttributes = []string{"面料成分", "材质", "成分含量", "面料", "材质成分", "面料材质", "主面料成分",
	"面料成份", "材料", "材料成分", "质地", "皮革材质", "帮面材质", "鞋面材质"}

// fibreNames is the composition vocabulary (terms/fibres.txt), longest
// name first.
type fibreName struct{ name, fibre string }

// fibreZH names fibres in detail sentences.
var fibreZH = map[string]string{
	"cotton": "棉", "silk": "蚕丝", "wool": "羊毛", "cashmere": "羊绒", "leather": "真皮",
	"leather/cow": "牛皮", "leather/top": "头层皮", "leather/cow/top": "头层牛皮",
}

// A fibre may carry qualifiers after its base, separated by "/":
// leather/cow/top is top-grain cowhide (头层牛皮), leather/cow/split
// split cowhide (二层牛皮), leather/sheep sheepskin. qualifierFacet says
// which facet each qualifier belongs to: a claim and a component of the
// same base are the same material unless they name different values of
// one facet (头层牛皮 vs 二层牛皮: grade; 头层牛皮 vs 羊皮: animal). A
// component that says less (牛皮, 真皮) does not contradict a claim that
// says more: the attribute cannot tell.
var qualifierFacet = map[string]string{
	"cow": "animal", "sheep": "animal", "goat": "animal", "pig": "animal",
	"top": "grade", "split": "grade",
}

// sameMaterial reports whether component fibre comp is the material a
// claim of fibre claim names (see qualifierFacet).
func sameMaterial(comp, claim string) bool {
	compBase, compQ, _ := strings.Cut(comp, "/")
	claimBase, claimQ, _ := strings.Cut(claim, "/")
	if compBase != claimBase {
		return false
	}
	if compQ == "" || claimQ == "" {
		return true
	}
	byFacet := map[string]string{}
	for _, q := range strings.Split(compQ, "/") {
		byFacet[qualifierFacet[q]] = q
	}
	for _, q := range strings.Split(claimQ, "/") {
		if v, ok := byFacet[qualifierFacet[q]]; ok && v != q {
			return false
		}
	}
	return true
}

// fibreEN names a fibre in English detail sentences.
func fibreEN(fibre string) string {
	switch fibre {
	case "leather/cow":
		return "cowhide"
	case "leather/top":
		return "top-grain leather"
	case "leather/cow/top":
		return "top-grain cowhide"
	}
	return fibre
}

// component is one fibre of a composition, share -1 when not stated.
type component struct {
	fibre string
	share float64
}

func runMaterial(p *Pass) {
	type claim struct {
		text  *Text
		m     termMatch
		fibre string
		bar   float64
	}
	var claims []claim
	for t := range p.Texts() {
		for m := range p.matches(t, groupMaterial) {
			fibre, barS, _ := strings.Cut(m.Data, " ")
			bar, _ := strconv.ParseFloat(barS, 64)
			claims = append(claims, claim{t, m, fibre, bar})
		}
	}
	if len(claims) == 0 {
		return
	}
	name, value, ok := p.engine.compositionOf(p.Listing)
	if !ok {
		p.CouldNotCheck("有材质声明但无成分属性")
		return
	}
	comps := p.engine.parseComposition(value)
	if !slices.ContainsFunc(comps, func(c component) bool { return c.fibre != blendFibre }) {
		p.CouldNotCheck("成分属性无法识别：" + value)
		return
	}
	for _, c := range claims {
		present, share := shareOf(comps, c.fibre)
		blend := present && share < 0 && blendDefeats(comps, c.fibre, c.bar, p.engine.norm.normalize(value).Text)
		contradicted := !present || (c.bar > 0 && share >= 0 && share < c.bar) || blend
		if !contradicted {
			continue
		}
		quote, _ := c.text.N.Quote(c.m.Start, c.m.End)
		var zh, en string
		switch {
		case blend:
			zh = fmt.Sprintf("%s写%s，%s为%s，是与其他纤维的混纺，%s含量达不到 %g%%", sourceZH(c.text.Source), quote, name, value, fibreZH[c.fibre], c.bar)
			en = fmt.Sprintf("%s claims %q, but %s is %q: a blend with other fibres, not %g%% %s.", sourceEN(c.text.Source), quote, name, value, c.bar, fibreEN(c.fibre))
		case !present:
			verb := "不含" // 聚酯纤维100%, 不含棉
			if strings.Contains(c.fibre, "/") {
				verb = "不是" // 二层牛皮, 不是头层牛皮
			}
			zh = fmt.Sprintf("%s写%s，%s为%s，%s%s", sourceZH(c.text.Source), quote, name, value, verb, fibreZH[c.fibre])
			en = fmt.Sprintf("%s claims %q, but %s is %q, with no %s.", sourceEN(c.text.Source), quote, name, value, fibreEN(c.fibre))
		default:
			zh = fmt.Sprintf("%s写%s，%s为%s，%s含量低于 %g%%", sourceZH(c.text.Source), quote, name, value, fibreZH[c.fibre], c.bar)
			en = fmt.Sprintf("%s claims %q, but %s is %q: %s below %g%%.", sourceEN(c.text.Source), quote, name, value, fibreEN(c.fibre), c.bar)
		}
		p.Report(c.text, c.m.Start, c.m.End, zh, en)
		return
	}
}

// blendFibre is the component a blend word (混纺) stands for: some other
// fibre, unnamed.
const blendFibre = "blend"

// minorFibres are commonly added in small shares (stretch, an
// antistatic thread) and sold under a purity claim: named without a
// share, they do not make a blend.
var minorFibres = map[string]bool{"spandex": true}

// partMarkers name a garment's other parts (lining, filling, trim): a
// composition that has them may list their fibres beside the shell's,
// so fibres named without shares there prove no blend.
var partMarkers = []string{"里料", "里布", "内里", "内衬", "衬里", "填充", "胆", "罗纹", "袖", "领", "帽", "拼接",
	"网纱", "装饰", "贴布", "绣", "口袋", "鞋底", "鞋垫", "内胆", "外层", "内层", "面层", "底布"}

// blendDefeats reports whether a purity claim (bar 95: 纯棉) of fibre is
// defeated by a composition that names it beside another fibre without
// the shares that could still make the bar: 涤棉, 棉麻, 棉混纺, 棉 涤纶.
// Compositions of several parts (面料 棉 里料 涤纶: norm holds the
// normalized value) and minor fibres (棉 氨纶) keep the benefit of the
// doubt.
func blendDefeats(comps []component, fibre string, bar float64, norm string) bool {
	if bar < 95 || containsAny(norm, partMarkers) {
		return false
	}
	for _, c := range comps {
		if sameMaterial(c.fibre, fibre) || minorFibres[c.fibre] {
			continue
		}
		if c.share < 0 || c.share > 100-bar {
			return true
		}
	}
	return false
}

// compositionOf returns the first composition attribute by preference.
// Attribute names are compared after normalization, so a traditional
// 材質 or a full-width name is found like 材质.
func (e *Engine) compositionOf(l *listing.Listing) (name, value string, ok bool) {
	for _, n := range compositionAttributes {
		for _, a := range l.Attributes {
			if strings.TrimSpace(a.Value) == "" {
				continue
			}
			if a.Name == n || strings.TrimSpace(e.norm.normalize(a.Name).Text) == n {
				return a.Name, a.Value, true
			}
		}
	}
	return "", "", false
}

// shareOf sums the share of fibre in comps: present reports whether the
// fibre is named at all, share is -1 when some share is unknown. A single
// component without a share is the whole.
func shareOf(comps []component, fibre string) (present bool, share float64) {
	for _, c := range comps {
		if !sameMaterial(c.fibre, fibre) {
			continue
		}
		present = true
		switch {
		case share < 0:
		case c.share < 0 && len(comps) == 1:
			share = 100
		case c.share < 0:
			share = -1
		default:
			share += c.share
		}
	}
	return present, share
}

// parseComposition reads a composition attribute ("棉60% 聚酯纤维40%",
// "100%棉", "头层牛皮", "PU") into components. Percentages stand after
// the fibre, or before it when the value starts with a number.
func (e *Engine) parseComposition(value string) []component {
	s := e.norm.normalize(value).Text
	type hit struct {
		start, end int
		fibre      string
	}
	var hits []hit
	for i := 0; i < len(s); {
		found := false
		for _, f := range e.fibres {
			if !strings.HasPrefix(s[i:], f.name) {
				continue
			}
			end := i + len(f.name)
			if isWordByte(f.name[0]) && (i > 0 && isWordByte(s[i-1]) || end < len(s) && isWordByte(s[end])) {
				continue
			}
			if f.fibre != "" {
				hits = append(hits, hit{i, end, f.fibre})
			}
			i, found = end, true
			break
		}
		if !found {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
	}
	percentFirst := len(s) > 0 && isDigit(s[0])
	out := make([]component, 0, len(hits))
	for k, h := range hits {
		share := -1.0
		if percentFirst {
			lo := 0
			if k > 0 {
				lo = hits[k-1].end
			}
			share = percentIn(s[lo:h.start])
		} else {
			hi := len(s)
			if k+1 < len(hits) {
				hi = hits[k+1].start
			}
			share = percentIn(s[h.end:hi])
		}
		out = append(out, component{fibre: h.fibre, share: share})
	}
	return out
}

// percentIn returns the first "N%" or "N.N%" in s, or -1.
func percentIn(s string) float64 {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || i > 0 && (isDigit(s[i-1]) || s[i-1] == '.') {
			continue
		}
		j := i
		for j < len(s) && (isDigit(s[j]) || s[j] == '.') {
			j++
		}
		k := skipSpace(s, j)
		if k < len(s) && s[k] == '%' {
			if v, err := strconv.ParseFloat(s[i:j], 64); err == nil {
				return v
			}
		}
	}
	return -1
}
