package demoshop

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xundian/xundian/listing"
)

// allowedSources are the sources DESIGN.md's "Rule semantics" names per rule.
var allowedSources = map[string][]listing.Source{
	ruleFreeShipping: {srcTitle, srcImage, srcDesc, srcService},
	rulePrice:        {srcTitle, srcImage},
	ruleTrademark:    {srcTitle},
	ruleMaterial:     {srcTitle, srcDesc},
	ruleInvoice:      {srcDesc, srcService},
	ruleCreditCard:   {srcDesc, srcService},
	ruleCOD:          {srcDesc, srcService},
	ruleOffPlatform:  {srcTitle, srcDesc, srcService},
	ruleShipping:     {srcTitle, srcDesc, srcService},
	ruleAbsolute:     {srcTitle, srcImage, srcDesc, srcService},
	ruleReturn:       {srcDesc, srcService},
}

// TestRulesPlanted checks that every listing rule has at least 2% of the
// listings as positives at N=500 (≥ 10), and logs the distribution.
func TestRulesPlanted(t *testing.T) {
	s := newShop(t, 500, 1)
	counts := map[string]int{}
	clean, none := 0, 0
	for _, rules := range s.Truth() {
		if len(rules) == 0 {
			clean++
		}
		for _, r := range rules {
			counts[r]++
		}
	}
	for id := FirstID; id < FirstID+s.Len(); id++ {
		if len(s.gen(id).plants) == 0 {
			none++
		}
	}
	for _, rule := range ListingRules() {
		if counts[rule] < 10 {
			t.Errorf("rule %s planted on %d listings of 500, want ≥ 10", rule, counts[rule])
		}
		t.Logf("%-24s %d", rule, counts[rule])
	}
	t.Logf("no violation: %d, no plant or decoy at all: %d", clean, none)
	if clean < 150 || clean > 350 {
		t.Errorf("%d of 500 listings without violations, want roughly 30–70%%", clean)
	}
}

// TestSourcesAndScripts checks that every rule is planted in every source
// DESIGN.md allows for it, in simplified and in traditional Chinese, and
// on both layouts, and only in allowed sources.
func TestSourcesAndScripts(t *testing.T) {
	s := newShop(t, 4000, 1)
	seen := map[string]bool{}
	for id := FirstID; id < FirstID+s.Len(); id++ {
		it := s.gen(id)
		for _, p := range it.plants {
			if !slices.Contains(allowedSources[p.rule], p.source) {
				t.Errorf("listing %d: %s plant %q in source %s", id, p.rule, p.text, p.source)
			}
			if p.decoy {
				continue
			}
			seen[p.rule+" "+string(p.source)+" "+strconv.FormatBool(it.trad)] = true
			seen[p.rule+" "+it.layout.String()] = true
		}
	}
	for rule, srcs := range allowedSources {
		for _, src := range srcs {
			for _, trad := range []bool{false, true} {
				if !seen[rule+" "+string(src)+" "+strconv.FormatBool(trad)] {
					t.Errorf("rule %s never planted in %s (traditional %v)", rule, src, trad)
				}
			}
		}
		for _, l := range []layout{layoutJSONLD, layoutLegacy} {
			if !seen[rule+" "+l.String()] {
				t.Errorf("rule %s never planted on layout %s", rule, l)
			}
		}
	}
}

// decoyFamilies are the decoy families the brief demands; each must occur
// at N=500.
var decoyFamilies = []string{
	"fs-not-free", "fs-xinjiang-tibet-excepted", "fs-remote-excepted", "fs-regional-ok",
	"fs-amount-met", "fs-quantity-met", "fs-true-claim", "fs-return-freight",
	familyOwnBrand, "tm-authorized",
	"mat-cotton-ok", "mat-imitation-silk", familyMaterialInName,
	"abs-allowed", "cod-refusal-no-cod",
	"price-sku", "price-original", "price-threshold", "price-year",
	"off-warning", "cc-ok", "inv-ok", "ret-supported", "ret-exempt", "ship-kept",
}

func TestDecoyFamilies(t *testing.T) {
	s := newShop(t, 500, 1)
	counts := map[string]int{}
	texts := map[string]bool{}
	for id := FirstID; id < FirstID+s.Len(); id++ {
		for _, p := range s.gen(id).plants {
			if p.decoy {
				counts[p.family]++
				texts[norm(p.text)] = true
			}
		}
	}
	for _, f := range decoyFamilies {
		if counts[f] == 0 {
			t.Errorf("decoy family %s absent at N=500", f)
		}
	}
	// Spot-check the exact texts the brief names.
	for _, want := range []string{"不包邮", "包邮新疆西藏除外", "包邮偏远地区除外", "江浙沪包邮", "满99包邮", "满2件包邮",
		"巡店优选", "凯蒂猫", "hellokitty", "仿真丝", "不支持货到付款", "满300减40", "2026新款", "请勿私下转账",
		"信用卡免手续费", "可开发票", "支持七天无理由退换", "不支持七天无理由退换", "当天发货"} {
		found := false
		for x := range texts {
			if strings.Contains(x, want) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no decoy text contains %q at N=500", want)
		}
	}
	var fams []string
	for f := range counts {
		fams = append(fams, f)
	}
	sort.Strings(fams)
	for _, f := range fams {
		t.Logf("%-28s %d", f, counts[f])
	}
}

// TestTruthConsistent checks Truth against the plants and the paths.
func TestTruthConsistent(t *testing.T) {
	s := newShop(t, 1000, 5)
	truth := s.Truth()
	if len(truth) != s.Len() {
		t.Fatalf("truth has %d paths, want %d", len(truth), s.Len())
	}
	fromPlants := map[string][]string{}
	for _, p := range s.Plants() {
		if !p.Decoy && !slices.Contains(fromPlants[p.Path], p.Rule) {
			fromPlants[p.Path] = append(fromPlants[p.Path], p.Rule)
		}
	}
	for id := FirstID; id < FirstID+s.Len(); id++ {
		path, _ := s.Path(id)
		got, ok := truth[path]
		if !ok {
			t.Fatalf("truth lacks %s", path)
		}
		want := fromPlants[path]
		slices.Sort(want)
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("truth[%s] = %v, plants say %v", path, got, want)
		}
		if got == nil {
			t.Errorf("truth[%s] is nil, want []", path)
		}
	}
}

var numberRE = regexp.MustCompile(`\d+(\.\d+)?`)

// firstAmount returns the first number in a normalised plant text.
func firstAmount(t *testing.T, s string) listing.Money {
	t.Helper()
	m, err := listing.ParseMoney(numberRE.FindString(s))
	if err != nil {
		t.Fatalf("no amount in %q: %v", s, err)
	}
	return m
}

var (
	regionsJZH  = []listing.Region{"江苏", "浙江", "上海"}
	regionsJZHW = []listing.Region{"江苏", "浙江", "上海", "安徽"}
	regionsJJJ  = []listing.Region{"北京", "天津", "河北"}
)

// freeShippingViolated evaluates a free-shipping text against the listing
// the way DESIGN.md's rule semantics define it. claim is false for texts
// that are not claims.
func freeShippingViolated(t *testing.T, l listing.Listing, text string) (claim, violated bool) {
	n := norm(text)
	if strings.Contains(n, "不包邮") || strings.Contains(n, "退货包运费") || strings.Contains(n, "运费险") {
		return false, false
	}
	ft := l.Freight
	low := l.LowestPayable()
	claimed := listing.MainlandRegions()
	exclude := func(out ...listing.Region) {
		claimed = slices.DeleteFunc(claimed, func(r listing.Region) bool { return slices.Contains(out, r) })
	}
	amount, qty := low, 1
	switch {
	case strings.Contains(n, "件包邮"):
		qty = int(firstAmount(t, n) / 100)
		amount = low * listing.Money(qty)
	case strings.HasPrefix(n, "满"):
		amount = firstAmount(t, n)
	}
	switch {
	case strings.Contains(n, "江浙沪皖"):
		claimed = regionsJZHW
	case strings.Contains(n, "江浙沪"):
		claimed = regionsJZH
	case strings.Contains(n, "京津冀"):
		claimed = regionsJJJ
	}
	if strings.Contains(n, "新疆西藏除外") {
		exclude("新疆", "西藏")
	}
	if strings.Contains(n, "偏远地区除外") {
		exclude("新疆", "西藏", "内蒙古", "青海", "宁夏", "甘肃")
	}
	for _, r := range claimed {
		if ft.Delivers(r) && ft.ChargeFor(r, amount, qty) > 0 {
			return true, true
		}
	}
	return true, false
}

// promiseHours reads the hours a dispatch promise means.
func promiseHours(t *testing.T, n string) int {
	switch {
	case strings.Contains(n, "当天"), strings.Contains(n, "当日"), strings.Contains(n, "今日"), strings.Contains(n, "秒发"):
		return 24
	case strings.Contains(n, "次日"), strings.Contains(n, "隔天"):
		return 48
	case strings.Contains(n, "小时"):
		return int(firstAmount(t, n) / 100)
	case strings.Contains(n, "天"):
		return 24 * int(firstAmount(t, n)/100)
	}
	t.Fatalf("no promise in %q", n)
	return 0
}

var shareRE = regexp.MustCompile(`(棉|羊毛|羊绒)(\d+)%`)

// materialViolated evaluates a material claim against the composition.
func materialViolated(t *testing.T, l listing.Listing, text string) (claim, violated bool) {
	n := norm(text)
	comp := ""
	for _, a := range l.Attributes {
		if n := norm(a.Name); n == "面料成分" || n == "材质" {
			comp = norm(a.Value)
		}
	}
	if comp == "" {
		t.Fatalf("listing %s has no composition attribute", l.ID)
	}
	share := func(fibre string) int {
		for _, m := range shareRE.FindAllStringSubmatch(comp, -1) {
			if m[1] == fibre {
				v, _ := strconv.Atoi(m[2])
				return v
			}
		}
		return 0
	}
	switch {
	case strings.Contains(n, "仿真丝"):
		return false, false
	case strings.Contains(n, "纯棉"), strings.Contains(n, "全棉"), strings.Contains(n, "100%棉"):
		return true, share("棉") < 95
	case strings.Contains(n, "真丝"), strings.Contains(n, "桑蚕丝"):
		return true, !strings.Contains(comp, "丝")
	case strings.Contains(n, "纯羊毛"):
		return true, share("羊毛") < 95
	case strings.Contains(n, "羊绒"):
		return true, !strings.Contains(comp, "羊绒")
	case strings.Contains(n, "真皮"):
		return true, !strings.Contains(comp, "牛皮")
	}
	t.Fatalf("no material claim in %q", text)
	return false, false
}

// TestPlantSemantics re-derives every plant's verdict from the listing
// model with an independent reading of DESIGN.md's rule semantics: a
// violation must evaluate as violated, a decoy must not.
func TestPlantSemantics(t *testing.T) {
	s := newShop(t, 3000, 1)
	for id := FirstID; id < FirstID+s.Len(); id++ {
		it := s.gen(id)
		l := it.listing()
		perRule := map[string]int{}
		for _, p := range it.plants {
			if p.family != familyOwnBrand {
				perRule[p.rule]++
			}
			n := norm(p.text)
			violated := !p.decoy // rules whose verdict is the vocabulary itself
			switch p.rule {
			case ruleFreeShipping:
				_, violated = freeShippingViolated(t, l, p.text)
			case rulePrice:
				switch p.family {
				case "price-bait", "price-sku":
					violated = !slices.Contains(l.PayablePrices(), firstAmount(t, n))
				case "price-original":
					if got := firstAmount(t, n); got != l.OriginalPrice {
						t.Errorf("listing %d: %q but original price %v", id, p.text, l.OriginalPrice)
					}
					violated = false
				}
			case ruleMaterial:
				_, violated = materialViolated(t, l, p.text)
			case ruleCOD:
				violated = l.OffersCOD
			case ruleShipping:
				violated = promiseHours(t, n) < l.HandlingHours
			case ruleReturn:
				violated = strings.Contains(n, "不") && !l.ReturnExempt
			}
			if violated == p.decoy {
				t.Errorf("listing %d (%s): %s plant %q (family %s, decoy %v) evaluates as violated=%v",
					id, it.layout, p.rule, p.text, p.family, p.decoy, violated)
			}
		}
		for rule, c := range perRule {
			if c > 1 {
				t.Errorf("listing %d: %d plants for rule %s, want at most 1", id, c, rule)
			}
		}
	}
}

// TestNoAccidentalClaims checks that listings without a plant for a rule
// carry none of its key words in any source.
func TestNoAccidentalClaims(t *testing.T) {
	s := newShop(t, 2000, 9)
	for id := FirstID; id < FirstID+s.Len(); id++ {
		l, _ := s.Listing(id)
		var all strings.Builder
		all.WriteString(l.Title + "\n" + l.Description + "\n" + l.ServiceText)
		for _, im := range l.Images {
			all.WriteString("\n" + im.Alt)
		}
		n := norm(all.String())
		it := s.gen(id)
		has := func(rule string) bool {
			return slices.ContainsFunc(it.plants, func(p plant) bool { return p.rule == rule })
		}
		for term, rule := range map[string]string{"包邮": ruleFreeShipping, "免运费": ruleFreeShipping,
			"发票": ruleInvoice, "信用卡": ruleCreditCard, "货到付款": ruleCOD, "发货": ruleShipping,
			"无理由": ruleReturn, "最": ruleAbsolute} {
			if strings.Contains(n, term) && !has(rule) {
				t.Errorf("listing %d: %q in text but no %s plant", id, term, rule)
			}
		}
	}
}
