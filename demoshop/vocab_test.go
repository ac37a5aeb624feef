package demoshop

import (
	"strings"
	"testing"
	"unicode"

	"github.com/xundian/xundian/listing"
)

// dangerTerms are normalised words that some listing rule reacts to, or
// that come close. Filler must contain none of them: a term may only occur
// inside a planted text. The list is deliberately wider than the checks'.
var dangerTerms = []string{
	// free-shipping-mismatch
	"包邮", "免运费", "免邮", "运费", "邮费", "除外", "江浙沪", "京津冀", "珠三角", "偏远", "省内",
	// price-mismatch
	"元", "¥", "块", "仅售", "到手", "券后", "特价", "秒杀", "活动价", "现价", "原价", "吊牌", "满", "减", "折",
	// trademark-term
	"迪士尼", "佩奇", "阿童木", "奥特曼", "香奈儿", "nike", "adidas", "阿迪", "耐克", "优衣库", "uniqlo", "zara",
	"无印", "muji", "宜家", "ikea", "kitty", "凯蒂", "同款", "风格", "米奇", "漫威", "皮卡丘", "宝可梦", "史努比",
	"海绵宝宝", "小黄人", "加菲", "lv", "gucci", "古驰", "爱马仕", "普拉达", "巴宝莉", "路易", "李宁", "安踏",
	"南极", "北极", "恒源祥", "罗莱", "富安娜", "洁丽雅", "金号", "小香风", "香槟", "蒂芙尼", "天丝", "莫代尔",
	"莱卡", "联名", "官方", "旗舰",
	// material-mismatch
	"纯棉", "全棉", "100%棉", "真丝", "蚕丝", "羊毛", "羊绒", "真皮", "牛皮", "头层", "仿", "丝",
	// invoice, card, COD, off-platform payment
	"发票", "收据", "开票", "税", "抬头", "信用卡", "手续费", "货到付款", "到付", "转账", "汇款", "微信",
	"支付宝", "线下", "私下", "银行", "付款",
	// shipping-promise
	"发货", "秒发", "现货", "小时", "当天", "当日", "今日", "次日", "隔天", "天内",
	// absolute-term
	"最", "第一", "级", "顶", "极", "唯一", "史无前例", "冠军", "首", "独家", "绝对", "全网", "全球", "王",
	"万能", "永久", "特供", "专供", "领先", "驰名", "至尊", "无敌", "完美", "国家", "世界", "第",
	// return-policy
	"退换", "无理由", "退货", "不退", "概不", "七天",
	// negation and questions around claims
	"不", "勿", "非", "没", "拒", "禁", "免", "吗", "谨防",
}

// negators may not end filler right before a plant; questioners may not
// start filler right after one.
const (
	negators    = "不勿无非没拒禁免"
	questioners = "吗么呢"
)

// scanFiller fails for every danger term in a filler string.
func scanFiller(t *testing.T, where, s string) {
	t.Helper()
	n := norm(s)
	for _, term := range dangerTerms {
		if strings.Contains(n, term) {
			t.Errorf("%s: filler %q contains %q", where, s, term)
		}
	}
	for _, r := range n {
		if unicode.IsDigit(r) {
			t.Errorf("%s: filler %q contains a digit", where, s)
			break
		}
	}
}

func TestFillerVocabulary(t *testing.T) {
	for _, p := range fillerVocab() {
		scanFiller(t, "vocab", p.s)
		scanFiller(t, "vocab", p.t)
	}
}

// TestGeneratedFiller generates listings and checks that every occurrence
// of a danger term in a source text lies inside one plant, and that no
// filler next to a plant negates it or turns it into a question.
func TestGeneratedFiller(t *testing.T) {
	s := newShop(t, 3000, 7)
	for id := FirstID; id < FirstID+s.Len(); id++ {
		it := s.gen(id)
		texts := map[string]text{"title": it.title, "description": it.desc, "service": it.service}
		for _, im := range it.images {
			texts["image "+imageURL(id, im.n)] = im.alt
		}
		for name, tx := range texts {
			checkSegments(t, id, name, tx)
		}
		for _, a := range it.attrs {
			if a.Name == it.t(it.prod.attrName) {
				continue // the composition names fibres by design
			}
			n := norm(a.Name + a.Value)
			for _, term := range dangerTerms {
				if strings.Contains(n, term) {
					t.Errorf("listing %d: attribute %s=%s contains %q", id, a.Name, a.Value, term)
				}
			}
		}
	}
}

func checkSegments(t *testing.T, id int, name string, tx text) {
	t.Helper()
	var runes []rune
	var owner []int
	for _, sg := range tx {
		for _, r := range sg.text {
			if n := normRune(r); n >= 0 {
				runes = append(runes, n)
				owner = append(owner, sg.plant)
			}
		}
	}
	for _, term := range dangerTerms {
		tr := []rune(term)
		for i := 0; i+len(tr) <= len(runes); i++ {
			if string(runes[i:i+len(tr)]) != term {
				continue
			}
			o := owner[i]
			for _, x := range owner[i : i+len(tr)] {
				if x != o || x < 0 {
					t.Errorf("listing %d %s: %q in %q is not inside one plant", id, name, term, tx.String())
					break
				}
			}
		}
	}
	for i := range runes {
		if owner[i] < 0 {
			if unicode.IsDigit(runes[i]) {
				t.Errorf("listing %d %s: digit in filler of %q", id, name, tx.String())
			}
			continue
		}
		if i > 0 && owner[i-1] < 0 && strings.ContainsRune(negators, runes[i-1]) {
			t.Errorf("listing %d %s: filler before a plant ends in %q: %q", id, name, runes[i-1], tx.String())
		}
		if i+1 < len(runes) && owner[i+1] < 0 && strings.ContainsRune(questioners, runes[i+1]) {
			t.Errorf("listing %d %s: filler after a plant starts with %q: %q", id, name, runes[i+1], tx.String())
		}
	}
}

// TestPlantsSeparated checks that two plants in one text always have
// filler between them (the brand and a product name excepted: neither
// negates nor qualifies anything).
func TestPlantsSeparated(t *testing.T) {
	s := newShop(t, 3000, 11)
	for id := FirstID; id < FirstID+s.Len(); id++ {
		it := s.gen(id)
		texts := []text{it.title, it.desc, it.service}
		for _, im := range it.images {
			texts = append(texts, im.alt)
		}
		for _, tx := range texts {
			last := -1
			gap := true
			for _, sg := range tx {
				switch {
				case sg.plant < 0:
					if strings.TrimSpace(sg.text) != "" && strings.Trim(sg.text, "。 ") != "" {
						gap = true
					}
				default:
					fixed := it.plants[sg.plant].family == familyOwnBrand
					if last >= 0 && !gap && !fixed {
						t.Errorf("listing %d: plants %q and %q adjacent in %q", id, it.plants[last].text, sg.text, tx.String())
					}
					if !fixed {
						last, gap = sg.plant, false
					}
				}
			}
		}
	}
}

// TestPlantTextsInPage checks that every plant's text appears in its source.
func TestPlantTextsInPage(t *testing.T) {
	s := newShop(t, 1000, 3)
	for id := FirstID; id < FirstID+s.Len(); id++ {
		it := s.gen(id)
		l := it.listing()
		for _, p := range it.plants {
			var in string
			switch p.source {
			case listing.SourceTitle:
				in = l.Title
			case listing.SourceDescription:
				in = l.Description
			case listing.SourceService:
				in = l.ServiceText
			case listing.SourceImage:
				for _, im := range l.Images {
					in += im.Alt + "\n"
				}
			}
			if !strings.Contains(in, p.text) {
				t.Errorf("listing %d: plant %q not in its %s %q", id, p.text, p.source, in)
			}
		}
	}
}
