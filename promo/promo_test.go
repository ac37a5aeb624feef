package promo

import (
	"bytes"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/history"
	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

var now = time.Date(2026, 10, 15, 2, 0, 0, 0, time.UTC)

func profile() Profile {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	return Profile{
		Key: "double11", Title: "双11", LookbackDays: 30, PricePermille: 900,
		Waves: []Wave{
			{Name: "预售", Kind: WavePresale, Start: day(10, 20), End: day(10, 31)},
			{Name: "现货", Kind: WaveSpot, Start: day(11, 1), End: day(11, 11)},
		},
		MaxHandlingHours: 48, SafetyStock: 50,
		RequiredDiscount: Discount{Threshold: 30000, Off: 4000},
		MaxShopPoints:    12, BlockSeverity: listing.SeverityHigh,
	}
}

// daily is a price series ending now: one point a day for days days at
// price yuan (the last point is now).
func daily(days int, price int) []store.PricePoint {
	var out []store.PricePoint
	for d := days - 1; d >= 0; d-- {
		out = append(out, store.PricePoint{At: now.AddDate(0, 0, -d), Price: listing.Money(price * 100)})
	}
	return out
}

func yuanOf(y float64) listing.Money { return listing.Money(y*100 + 0.5) }

type listingCase struct {
	name     string
	plan     Plan
	l        *listing.Listing
	points   []store.PricePoint
	edit     func(*Profile)
	want     listing.Outcome
	evidence string
	reason   string
}

func runListing(t *testing.T, id string, cases []listingCase) {
	t.Helper()
	r, ok := Lookup(id)
	if !ok || r.JudgeListing == nil {
		t.Fatalf("no listing rule %s", id)
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			p := profile()
			if tt.edit != nil {
				tt.edit(&p)
			}
			plan := tt.plan
			plan.ListingID = "10007"
			got := r.JudgeListing(ListingInput{Plan: plan, Listing: tt.l, Points: tt.points, Now: now, Profile: p})
			if got.Outcome != tt.want {
				t.Fatalf("%s: outcome %s (%s), want %s", id, got.Outcome, got.ReasonEN, tt.want)
			}
			if (got.Finding != nil) != (tt.want == listing.OutcomeFail) {
				t.Fatalf("%s: finding %v with outcome %s", id, got.Finding, got.Outcome)
			}
			if tt.reason != "" && !strings.Contains(got.ReasonEN, tt.reason) {
				t.Errorf("%s: reason %q, want it to contain %q", id, got.ReasonEN, tt.reason)
			}
			if f := got.Finding; f != nil {
				if f.Evidence != tt.evidence {
					t.Errorf("%s: evidence %q, want %q", id, f.Evidence, tt.evidence)
				}
				if f.Rule != id || f.ListingID != "10007" || f.Detail == "" || f.DetailEN == "" ||
					f.Fingerprint != checks.Fingerprint(id, "10007", f.Evidence) || f.Severity != r.Severity {
					t.Errorf("%s: malformed finding %+v", id, *f)
				}
			}
		})
	}
}

func TestPriceNotLowest(t *testing.T) {
	drop := append(daily(30, 129)[:25], daily(5, 109)...) // ¥109 for the last 5 days
	runListing(t, "promo-price-not-lowest", []listingCase{
		{name: "no event price", plan: Plan{}, points: daily(30, 129), want: listing.OutcomeNotApplicable},
		{name: "no history", plan: Plan{SpotPrice: 9900}, want: listing.OutcomeCouldNotCheck},
		{name: "spot at 0.9 × lowest exactly", plan: Plan{SpotPrice: yuanOf(98.10)}, points: drop, want: listing.OutcomePass},
		{name: "spot a fen above the limit", plan: Plan{SpotPrice: yuanOf(98.11)}, points: drop,
			want: listing.OutcomeFail, evidence: "现货价¥98.11 > 0.9×¥109.00"},
		{name: "presale judged too; the worse one is reported", plan: Plan{PresalePrice: 10500, SpotPrice: 9000}, points: drop,
			want: listing.OutcomeFail, evidence: "预售价¥105.00 > 0.9×¥109.00"},
		{name: "a promotional price counts as charged",
			plan:   Plan{SpotPrice: 9900},
			points: []store.PricePoint{{At: now.AddDate(0, 0, -40), Price: 12900}, {At: now.AddDate(0, 0, -3), Price: 12900, PromoPrice: 10000}, {At: now, Price: 12900}},
			want:   listing.OutcomeFail, evidence: "现货价¥99.00 > 0.9×¥100.00"},
		// Decoys.
		{name: "a low price before the window does not count",
			plan:   Plan{SpotPrice: 11000},
			points: append([]store.PricePoint{{At: now.AddDate(0, 0, -45), Price: 9900}, {At: now.AddDate(0, 0, -31), Price: 12900}}, daily(30, 129)...),
			want:   listing.OutcomePass},
		{name: "price in effect when the window opened counts",
			plan:   Plan{SpotPrice: 11000},
			points: []store.PricePoint{{At: now.AddDate(0, 0, -45), Price: 9900}, {At: now, Price: 12900}},
			want:   listing.OutcomeFail, evidence: "现货价¥110.00 > 0.9×¥99.00"},
		{name: "short history passes with a note", plan: Plan{SpotPrice: 9900}, points: daily(10, 129),
			want: listing.OutcomePass, reason: "covers 9 of 30 days"},
	})
}

func TestPresaleUndercut(t *testing.T) {
	runListing(t, "promo-presale-undercut", []listingCase{
		{name: "spot below presale", plan: Plan{PresalePrice: 9900, SpotPrice: 8900},
			want: listing.OutcomeFail, evidence: "现货价¥89.00 < 预售价¥99.00"},
		{name: "a fen below", plan: Plan{PresalePrice: 9900, SpotPrice: 9899},
			want: listing.OutcomeFail, evidence: "现货价¥98.99 < 预售价¥99.00"},
		{name: "equal", plan: Plan{PresalePrice: 9900, SpotPrice: 9900}, want: listing.OutcomePass},
		{name: "spot above", plan: Plan{PresalePrice: 8900, SpotPrice: 9900}, want: listing.OutcomePass},
		{name: "presale only", plan: Plan{PresalePrice: 8900}, want: listing.OutcomeNotApplicable},
		{name: "spot only", plan: Plan{SpotPrice: 8900}, want: listing.OutcomeNotApplicable},
	})
}

func TestHandlingTime(t *testing.T) {
	h := func(hours int) *listing.Listing {
		return &listing.Listing{ID: "10007", HandlingHours: hours, HasHandling: true}
	}
	runListing(t, "promo-handling-time", []listingCase{
		{name: "72 h", l: h(72), want: listing.OutcomeFail, evidence: "72小时发货"},
		{name: "49 h", l: h(49), want: listing.OutcomeFail, evidence: "49小时发货"},
		{name: "48 h", l: h(48), want: listing.OutcomePass},
		{name: "24 h", l: h(24), want: listing.OutcomePass},
		{name: "no handling on the page", l: &listing.Listing{ID: "10007"}, want: listing.OutcomeCouldNotCheck},
		{name: "not fetched", want: listing.OutcomeCouldNotCheck},
		{name: "no limit", l: h(72), edit: func(p *Profile) { p.MaxHandlingHours = 0 }, want: listing.OutcomeNotApplicable},
	})
}

func TestStockRisk(t *testing.T) {
	page := func(n int) *listing.Listing { return &listing.Listing{ID: "10007", Stock: n, HasStock: true} }
	skus := &listing.Listing{ID: "10007", SKUs: []listing.SKU{{Stock: 20, HasStock: true}, {Stock: 20, HasStock: true}}}
	runListing(t, "promo-stock-risk", []listingCase{
		{name: "below safety stock on the page", l: page(30), want: listing.OutcomeFail, evidence: "库存30 < 安全库存50"},
		{name: "below the planned volume", l: page(500), plan: Plan{Volume: 800, HasVolume: true},
			want: listing.OutcomeFail, evidence: "库存500 < 计划销量800"},
		{name: "SKU stocks add up", l: skus, want: listing.OutcomeFail, evidence: "库存40 < 安全库存50"},
		{name: "page wins over the plan", l: page(30), plan: Plan{Stock: 900, HasStock: true}, want: listing.OutcomeFail,
			evidence: "库存30 < 安全库存50"},
		{name: "plan stock where the page shows none", l: &listing.Listing{ID: "10007"}, plan: Plan{Stock: 10, HasStock: true},
			want: listing.OutcomeFail, evidence: "库存10 < 安全库存50"},
		{name: "enough", l: page(800), plan: Plan{Volume: 800, HasVolume: true}, want: listing.OutcomePass},
		{name: "enough from the plan", l: &listing.Listing{ID: "10007"}, plan: Plan{Stock: 900, HasStock: true}, want: listing.OutcomePass},
		{name: "one SKU without stock: plan needed", l: &listing.Listing{ID: "10007", SKUs: []listing.SKU{{Stock: 900, HasStock: true}, {}}},
			want: listing.OutcomeCouldNotCheck},
		{name: "no stock anywhere", l: &listing.Listing{ID: "10007"}, want: listing.OutcomeCouldNotCheck},
		{name: "no safety stock, no volume", l: page(1), edit: func(p *Profile) { p.SafetyStock = 0 }, want: listing.OutcomePass},
	})
}

func TestShopRules(t *testing.T) {
	tests := []struct {
		name     string
		rule     string
		in       ShopInput
		edit     func(*Profile)
		want     listing.Outcome
		evidence string
	}{
		{"discount not set", "promo-shop-discount-missing", ShopInput{}, nil, listing.OutcomeFail, "要求满300减40"},
		{"discount too small", "promo-shop-discount-missing", ShopInput{Discount: Discount{30000, 3000}}, nil, listing.OutcomeFail, "要求满300减40"},
		{"threshold too high", "promo-shop-discount-missing", ShopInput{Discount: Discount{40000, 5000}}, nil, listing.OutcomeFail, "要求满300减40"},
		{"discount as required", "promo-shop-discount-missing", ShopInput{Discount: Discount{30000, 4000}}, nil, listing.OutcomePass, ""},
		{"discount more generous", "promo-shop-discount-missing", ShopInput{Discount: Discount{20000, 4000}}, nil, listing.OutcomePass, ""},
		{"no discount required", "promo-shop-discount-missing", ShopInput{}, func(p *Profile) { p.RequiredDiscount = Discount{} }, listing.OutcomeNotApplicable, ""},
		{"points at the threshold", "promo-shop-points", ShopInput{Points: 6, Exposure: 6}, nil, listing.OutcomeFail, "扣分门槛12分"},
		{"points over", "promo-shop-points", ShopInput{Points: 0, Exposure: 40}, nil, listing.OutcomeFail, "扣分门槛12分"},
		{"points below", "promo-shop-points", ShopInput{Points: 6, Exposure: 5}, nil, listing.OutcomePass, ""},
		{"no threshold", "promo-shop-points", ShopInput{Exposure: 100}, func(p *Profile) { p.MaxShopPoints = 0 }, listing.OutcomeNotApplicable, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := Lookup(tt.rule)
			in := tt.in
			in.Profile = profile()
			if tt.edit != nil {
				tt.edit(&in.Profile)
			}
			got := r.JudgeShop(in)
			if got.Outcome != tt.want {
				t.Fatalf("%s: outcome %s, want %s", tt.rule, got.Outcome, tt.want)
			}
			if f := got.Finding; (f != nil) != (tt.want == listing.OutcomeFail) {
				t.Fatalf("%s: finding %v", tt.rule, f)
			} else if f != nil && (f.Evidence != tt.evidence || f.ListingID != store.ShopListingID || f.Source != listing.SourceShop) {
				t.Errorf("%s: finding %+v, want evidence %q on the shop", tt.rule, *f, tt.evidence)
			}
		})
	}
}

func TestParseDiscount(t *testing.T) {
	tests := []struct {
		in      string
		want    Discount
		wantErr bool
	}{
		{"满300减40", Discount{30000, 4000}, false},
		{"每满300减40", Discount{30000, 4000}, false},
		{" 满300元减40元 ", Discount{30000, 4000}, false},
		{"满199.5减20", Discount{19950, 2000}, false},
		{"", Discount{}, false},
		{"300-40", Discount{}, true},
		{"满40减300", Discount{}, true},
		{"满300减0", Discount{}, true},
	}
	for _, tt := range tests {
		got, err := ParseDiscount(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseDiscount(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
	if s := (Discount{19950, 2000}).String(); s != "满199.5减20" {
		t.Errorf("String = %q", s)
	}
}

func TestProfileValidate(t *testing.T) {
	if err := profile().Validate(); err != nil {
		t.Fatalf("valid profile: %v", err)
	}
	tests := []struct {
		edit func(*Profile)
		want string
	}{
		{func(p *Profile) { p.LookbackDays = 0 }, "lookback_days"},
		{func(p *Profile) { p.PricePermille = 1100 }, "price_ratio"},
		{func(p *Profile) { p.BlockSeverity = "urgent" }, "block_severity"},
		{func(p *Profile) { p.Waves = nil }, "waves"},
		{func(p *Profile) { p.Waves[1].Kind = "flash" }, "waves[1].kind"},
		{func(p *Profile) { p.Waves[1].Kind = WavePresale }, "a second presale wave"},
		{func(p *Profile) { p.Waves[0].End = p.Waves[0].Start.AddDate(0, 0, -1) }, "ends"},
		{func(p *Profile) {
			p.Waves[0], p.Waves[1] = p.Waves[1], p.Waves[0]
			p.Waves[0].Kind, p.Waves[1].Kind = WavePresale, WaveSpot
		}, "presale wave must start before"},
		{func(p *Profile) { p.SafetyStock = -1 }, "safety_stock"},
	}
	for _, tt := range tests {
		p := profile()
		tt.edit(&p)
		if err := p.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Validate() = %v, want an error naming %q", err, tt.want)
		}
	}
}

func TestReadPlan(t *testing.T) {
	in := "\ufefflisting_id,title,current_price,presale_price,spot_price,planned_volume,stock\n" +
		"10001,纯色T恤,129.00,99,,200,\n" +
		"10002,不报名,59.00,,,,\n" +
		",,,,,,\n" +
		"10003,\"带,逗号\",88,¥79.90,79.9,,300\n"
	got, err := ReadPlan(strings.NewReader(in), "plan.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Plan{
		{ListingID: "10001", Title: "纯色T恤", PresalePrice: 9900, Volume: 200, HasVolume: true, Line: 2},
		{ListingID: "10003", Title: "带,逗号", PresalePrice: 7990, SpotPrice: 7990, Stock: 300, HasStock: true, Line: 5},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ReadPlan = %+v\nwant %+v", got, want)
	}
	// Columns in another order, only the needed ones.
	got, err = ReadPlan(strings.NewReader("spot_price,listing_id\n9.9,7\n"), "p.csv")
	if err != nil || len(got) != 1 || got[0].SpotPrice != 990 || got[0].ListingID != "7" {
		t.Errorf("reordered columns: %+v, %v", got, err)
	}
}

func TestReadPlanErrors(t *testing.T) {
	const header = "listing_id,title,current_price,presale_price,spot_price,planned_volume,stock\n"
	tests := []struct {
		name, in, want string
	}{
		{"empty file", "", "plan.csv:1: empty file"},
		{"unknown column", "listing_id,spot_prise\n", "plan.csv:1: column 2 (spot_prise): unknown column"},
		{"repeated column", "listing_id,spot_price,spot_price\n", "plan.csv:1: column 3 (spot_price): column \"spot_price\" twice"},
		{"no listing_id", "spot_price\n1\n", "plan.csv:1: no listing_id column"},
		{"no price column", "listing_id,stock\n1,2\n", "neither a presale_price nor a spot_price column"},
		{"bad price", header + "10001,t,1,abc,,,\n", "plan.csv:2: column 4 (presale_price): \"abc\" is not a positive price"},
		{"negative price", header + "10001,t,1,,-5,,\n", "plan.csv:2: column 5 (spot_price)"},
		{"three decimals", header + "10001,t,1,,9.999,,\n", "plan.csv:2: column 5 (spot_price)"},
		{"bad volume", header + "10001,t,1,,9,lots,\n", "plan.csv:2: column 6 (planned_volume): \"lots\" is not a whole number"},
		{"bad stock", header + "10001,t,1,,9,,\n10002,t,1,,9,,1.5\n", "plan.csv:3: column 7 (stock)"},
		{"repeated listing", header + "10001,t,1,,9,,\n10001,t,1,,8,,\n", "plan.csv:3: column 1 (listing_id): listing 10001 already planned on line 2"},
		{"empty listing id", header + ",t,1,,9,,\n", "plan.csv:2: column 1 (listing_id): empty listing ID"},
		{"short row", header + "10001,t\n", "plan.csv:2: 2 fields, the header has 7"},
		{"bad quoting", header + "10001,\"t,1,,9,,\n", "plan.csv:"},
		{"nothing signed up", header + "10001,t,1,,,,\n", "nothing to audit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPlan(strings.NewReader(tt.in), "plan.csv")
			var pe *PlanError
			if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadPlan error = %v, want a PlanError containing %q", err, tt.want)
			}
		})
	}
}

func TestTemplateRoundTrip(t *testing.T) {
	ls := []listing.Listing{
		{ID: "10001", Title: "纯色T恤, 宽松", Price: 12900, PromoPrice: 9900, Stock: 30, HasStock: true},
		{ID: "10002", Title: "床单", Price: 5900},
	}
	var b bytes.Buffer
	if err := WriteTemplate(&b, ls); err != nil {
		t.Fatal(err)
	}
	want := "\ufefflisting_id,title,current_price,presale_price,spot_price,planned_volume,stock\n" +
		"10001,\"纯色T恤, 宽松\",99.00,,,,30\n10002,床单,59.00,,,,\n"
	if b.String() != want {
		t.Fatalf("template:\n%s\nwant:\n%s", b.String(), want)
	}
	// As written, nobody is signed up.
	if _, err := ReadPlan(bytes.NewReader(b.Bytes()), "t.csv"); err == nil || !strings.Contains(err.Error(), "nothing to audit") {
		t.Errorf("unfilled template: %v, want nothing to audit", err)
	}
	filled := strings.Replace(b.String(), "99.00,,,,30", "99.00,89,89,100,30", 1)
	got, err := ReadPlan(strings.NewReader(filled), "t.csv")
	if err != nil || len(got) != 1 || got[0].ListingID != "10001" || got[0].Stock != 30 || got[0].Volume != 100 {
		t.Errorf("filled template: %+v, %v", got, err)
	}
}

func TestDecide(t *testing.T) {
	fail := func(rule string, sev listing.Severity) RuleResult {
		return RuleResult{Rule: rule, Severity: sev, Result: resultWith(listing.OutcomeFail)}
	}
	rs := []RuleResult{
		fail("promo-stock-risk", listing.SeverityHigh),
		fail("price-guarantee-breach", listing.SeverityMedium),
		{Rule: "promo-handling-time", Severity: listing.SeverityHigh, Result: result(listing.OutcomeCouldNotCheck, "无", "none")},
		{Rule: "promo-price-not-lowest", Severity: listing.SeverityHigh, Result: result(listing.OutcomePass, "只覆盖", "covers")},
		{Rule: "promo-presale-undercut", Severity: listing.SeverityHigh, Result: result(listing.OutcomePass, "", "")},
	}
	v := Decide("10001", "T", true, rs, listing.SeverityHigh)
	if v.Go || len(v.Blocking) != 1 || v.Blocking[0].Rule != "promo-stock-risk" ||
		len(v.Warnings) != 2 || v.Warnings[0].Rule != "price-guarantee-breach" || len(v.Notes) != 1 {
		t.Errorf("Decide = %+v", v)
	}
	if v := Decide("10001", "T", true, rs[1:], listing.SeverityHigh); !v.Go {
		t.Errorf("medium fail and could-not-check only: want go, got %+v", v)
	}
	if v := Decide("10001", "T", true, rs[1:], listing.SeverityMedium); v.Go {
		t.Errorf("block at medium: want no-go")
	}
	if v := Decide("10009", "", false, nil, listing.SeverityHigh); v.Go || len(v.Blocking) != 1 {
		t.Errorf("not fetched: want no-go with one reason, got %+v", v)
	}
}

func resultWith(o listing.Outcome) history.Result { return history.Result{Outcome: o} }

var kebab = regexp.MustCompile(`^promo(-[a-z]+)+$`)

func TestRegistry(t *testing.T) {
	known := checks.KnownRuleIDs()
	var ids []string
	for _, r := range All() {
		ids = append(ids, r.ID)
		if !kebab.MatchString(r.ID) || !slices.Contains(known, r.ID) {
			t.Errorf("%q: not a promotion rule ID of rules.md", r.ID)
		}
		if r.TitleZH == "" || r.TitleEN == "" || len(r.Doc) < 100 || len(r.DocEN) < 100 {
			t.Errorf("%s: titles and docs must be written", r.ID)
		}
		if (r.JudgeListing == nil) == (r.JudgeShop == nil) || r.Severity.Rank() == 0 || r.Points != 0 {
			t.Errorf("%s: want exactly one judge, a severity and 0 points", r.ID)
		}
	}
	want := []string{"promo-handling-time", "promo-presale-undercut", "promo-price-not-lowest",
		"promo-shop-discount-missing", "promo-shop-points", "promo-stock-risk"}
	if !slices.Equal(ids, want) || !slices.Equal(IDs(), want) {
		t.Errorf("IDs = %v, want %v (sorted, every promotion rule of rules.md)", ids, want)
	}
}
