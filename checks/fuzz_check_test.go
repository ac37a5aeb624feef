package checks

import (
	"slices"
	"strings"
	"testing"

	"github.com/xundian/xundian/listing"
)

// FuzzEngineCheck is claim extraction end to end: every rule on a listing
// whose title, description, service text and composition attribute are
// fuzzed. Findings must be well formed: one per rule, a known rule with a
// fail outcome, a fingerprint, and evidence quoted from the source text at
// its offset.
func FuzzEngineCheck(f *testing.F) {
	for _, s := range [][4]string{
		{"夏季T恤 全国包邮（新疆西藏除外）", "纯棉亲肤 到手价59 不开发票", "当天发货 不支持七天无理由", "聚酯纤维100%"},
		{"全網最低價 迪士尼同款 ¥５９", "支持银行转账", "付款后48小时内发货 不支持货到付款", "棉60% 聚酯纤维40%"},
		{"满99包邮 江浙沪包邮 2件59元", "仿真丝 真皮", "信用卡加收3%手续费", "PU"},
		{"包\u200b邮", "", "", ""},
		{"\xff\xfe包邮\x00", "¥-1 59-99元", "第一次", "棉"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	e := testEngine(f)
	tpl := &listing.FreightTemplate{Default: listing.Fee{First: 800}, Regions: []listing.RegionFee{
		{Regions: []listing.Region{"新疆", "西藏"}, Fee: listing.Fee{First: 1000, Additional: 500}}}}
	f.Fuzz(func(t *testing.T, title, desc, service, material string) {
		l := listing.Listing{ID: "10001", URL: "http://shop.example/item/10001.html",
			Title: title, Description: desc, ServiceText: service, Price: 5900, PromoPrice: 4900,
			SKUs:       []listing.SKU{{ID: "1", Name: "M", Price: 5900}},
			Attributes: []listing.Attribute{{Name: "面料成分", Value: material}},
			Freight:    tpl, HasHandling: true, HandlingHours: 48, OffersCOD: true}
		res := e.Check(&l)
		var rules []string
		for _, fd := range res.Findings {
			rules = append(rules, fd.Rule)
			if _, ok := Lookup(fd.Rule); !ok {
				t.Fatalf("finding of unknown rule %q", fd.Rule)
			}
			if res.Outcomes[fd.Rule] != listing.OutcomeFail {
				t.Fatalf("%s: finding but outcome %q", fd.Rule, res.Outcomes[fd.Rule])
			}
			if len(fd.Fingerprint) != 32 || fd.ListingID != l.ID {
				t.Fatalf("%s: fingerprint %q, listing %q", fd.Rule, fd.Fingerprint, fd.ListingID)
			}
			var text string
			switch fd.Source {
			case listing.SourceTitle:
				text = title
			case listing.SourceDescription:
				text = desc
			case listing.SourceService:
				text = service
			case listing.SourceAttributes:
				continue
			default:
				t.Fatalf("%s: unexpected source %q", fd.Rule, fd.Source)
			}
			if fd.Evidence == "" || fd.EvidenceStart < 0 || !strings.HasPrefix(text[min(fd.EvidenceStart, len(text)):], fd.Evidence) {
				t.Fatalf("%s: evidence %q at %d is not quoted from %s %q", fd.Rule, fd.Evidence, fd.EvidenceStart, fd.Source, text)
			}
		}
		if !slices.IsSorted(rules) || len(slices.Compact(slices.Clone(rules))) != len(rules) {
			t.Fatalf("findings %v: want one per rule, in rule ID order", rules)
		}
		for id, o := range res.Outcomes {
			if o == listing.OutcomeFail && !slices.Contains(rules, id) {
				t.Fatalf("%s: outcome fail without a finding", id)
			}
		}
	})
}
