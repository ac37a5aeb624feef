package checks

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/xundian/xundian/listing"
)

// benchListing is a typical listing: a 60-character title, a few hundred
// characters of description and service text, SKUs, a freight template.
func benchListing() *listing.Listing {
	return &listing.Listing{
		ID:    "10002",
		URL:   "http://127.0.0.1/item/10002.html",
		Title: "巡店优选 2026新款夏季纯棉短袖T恤女宽松百搭 全国包邮（新疆西藏除外）到手价59",
		Price: 5900, PromoPrice: 5900, OriginalPrice: 9900,
		SKUs: []listing.SKU{{ID: "1", Name: "白色 M", Price: 5900}, {ID: "2", Name: "黑色 L", Price: 7900}},
		Images: []listing.Image{
			{URL: "/img/10002-1.png", Alt: "夏季新款T恤 主图"},
			{URL: "/img/10002-2.png", Alt: "细节展示 面料柔软亲肤"},
		},
		Attributes: []listing.Attribute{{Name: "面料成分", Value: "棉100%"}, {Name: "尺码", Value: "S M L XL"}},
		Description: strings.Repeat("精选优质面料，柔软透气，版型宽松百搭，适合日常通勤与休闲出游。洗涤建议：冷水手洗，"+
			"不可漂白，最好不要暴晒。尺码参考：S码适合90-100斤，M码适合100-110斤。", 3),
		ServiceText:    "支持七天无理由退换。可开发票，支持电子发票。付款后48小时内发货。请勿私下转账，谨防诈骗。",
		OffersCOD:      false,
		HasHandling:    true,
		HandlingHours:  48,
		Freight:        &listing.FreightTemplate{Regions: []listing.RegionFee{{Regions: []listing.Region{"新疆", "西藏"}, Fee: listing.Fee{First: 1000}}}},
		PaymentMethods: []string{"支付宝"},
	}
}

func BenchmarkNormalize(b *testing.B) {
	e := testEngine(b)
	l := benchListing()
	b.ReportAllocs()
	b.SetBytes(int64(len(l.Description)))
	for b.Loop() {
		e.Normalize(l.Description)
	}
}

func BenchmarkNormalizeTraditional(b *testing.B) {
	e := testEngine(b)
	s := strings.Repeat("全國包郵，新疆、西藏除外。不開發票，貨到付款。純棉短袖，當天發貨。", 4)
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		e.Normalize(s)
	}
}

func BenchmarkMatch(b *testing.B) {
	e := testEngine(b)
	n := e.Normalize(benchListing().Description)
	var buf []termMatch
	b.ReportAllocs()
	b.SetBytes(int64(len(n.Text)))
	for b.Loop() {
		buf = e.match.match(n.bytes, buf[:0])
	}
}

func BenchmarkParsePriceClaims(b *testing.B) {
	s := "巡店优选 2026新款 到手价¥59 原价199 满300减40 2件59元 券后价：29.9元起 59-99元 180cm"
	b.ReportAllocs()
	for b.Loop() {
		ParsePriceClaims(s)
	}
}

func BenchmarkEngineCheck(b *testing.B) {
	e := testEngine(b)
	l := benchListing()
	b.ReportAllocs()
	for b.Loop() {
		e.Check(l)
	}
}

// BenchmarkEngineCheckManyTrademarks is the performance target: 5,000
// extra trademark terms must not slow a check down.
func BenchmarkEngineCheckManyTrademarks(b *testing.B) {
	e, err := NewEngine(Settings{ExtraTrademarks: randomTerms(5000, 1)})
	if err != nil {
		b.Fatal(err)
	}
	l := benchListing()
	b.ReportAllocs()
	for b.Loop() {
		e.Check(l)
	}
}

// BenchmarkMatchScaling shows that matching cost grows with the length of
// the text, not with the number of terms: compare terms=100 with
// terms=10000 at the same length, and the lengths with each other.
func BenchmarkMatchScaling(b *testing.B) {
	for _, nTerms := range []int{100, 10000} {
		m := newMatcher(termsOf(randomTerms(nTerms, 2)), nil)
		for _, runes := range []int{100, 1000, 10000} {
			text := []byte(randomText(runes, 3))
			b.Run(fmt.Sprintf("terms=%d/runes=%d", nTerms, runes), func(b *testing.B) {
				var buf []termMatch
				b.ReportAllocs()
				b.SetBytes(int64(len(text)))
				for b.Loop() {
					buf = m.match(text, buf[:0])
				}
			})
		}
	}
}

func termsOf(ss []string) []term {
	out := make([]term, len(ss))
	for i, s := range ss {
		out[i] = term{text: s, group: groupTrademark}
	}
	return out
}

// commonHan is a pool of frequent characters for synthetic terms and text.
const commonHan = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"

func randomTerms(n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, seed))
	pool := []rune(commonHan)
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		k := 3 + r.IntN(4)
		var sb strings.Builder
		for range k {
			sb.WriteRune(pool[r.IntN(len(pool))])
		}
		if s := sb.String(); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func randomText(runes int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, seed))
	pool := []rune(commonHan)
	var sb strings.Builder
	for range runes {
		sb.WriteRune(pool[r.IntN(len(pool))])
	}
	return sb.String()
}

// BenchmarkNewEngine is the once-per-run cost: the OpenCC converter, the
// t2s table and the automaton with 5,000 extra trademarks.
func BenchmarkNewEngine(b *testing.B) {
	s := Settings{ExtraTrademarks: randomTerms(5000, 1)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewEngine(s); err != nil {
			b.Fatal(err)
		}
	}
}
