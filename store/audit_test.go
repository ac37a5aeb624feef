package store

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/xundian/xundian/listing"
)

func TestEachPriceSeriesAndSaveRuleResults(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	priced := func(id string, price listing.Money) ListingResult {
		r := result(id)
		r.Listing.Price = price
		return r
	}
	ids := play(t, db, KindPatrol,
		runSpec{status: StatusComplete, checked: []ListingResult{priced("10001", 12900), priced("10002", 5900)}},
		runSpec{status: StatusFailed, checked: []ListingResult{priced("10001", 1)}}, // left out
		runSpec{status: StatusComplete, checked: []ListingResult{priced("10001", 9900)}},
	)
	// A running run: its own points count, dated by its start.
	run, err := db.StartRun(ctx, KindPatrol, "demo", t0.Add(72*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveResults(ctx, run.ID, []ListingResult{priced("10001", 8900), priced("10002", 5900)}); err != nil {
		t.Fatal(err)
	}
	var got []Series
	if err := db.EachPriceSeries(ctx, run.ID, t0.Add(time.Hour), func(s Series) error {
		got = append(got, s)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ListingID != "10001" || got[1].ListingID != "10002" || got[0].Title != "标题 10001" {
		t.Fatalf("series = %+v", got)
	}
	var prices []listing.Money
	for _, p := range got[0].Points {
		prices = append(prices, p.Price)
	}
	// Run 1 started before since (t0 + 1 h) and is left out; the failed run too.
	if want := []listing.Money{9900, 8900}; !slices.Equal(prices, want) {
		t.Errorf("10001 prices %v, want %v", prices, want)
	}
	if last := got[0].Points[1]; last.RunID != run.ID || !last.At.Equal(t0.Add(72*time.Hour)) {
		t.Errorf("last point %+v: want the running run, dated by its start", last)
	}
	byID, err := db.PriceSeries(ctx, run.ID, time.Time{}, []string{"10002"})
	if err != nil || len(byID) != 1 || len(byID["10002"].Points) != 2 {
		t.Errorf("PriceSeries = %+v, %v", byID, err)
	}

	// SaveRuleResults replaces the rules' findings and outcomes and keeps
	// the rest; the shop's findings need no snapshot.
	f := finding("10001", "price-guarantee-breach", "¥99.00→¥89.00")
	shop := finding("", "promo-shop-points", "扣分门槛12分")
	rules := []string{"price-guarantee-breach", "promo-shop-points"}
	save := func(fs ...listing.Finding) {
		t.Helper()
		rs := []RuleResult{{ListingID: "10001", Findings: fs, Outcomes: map[string]listing.Outcome{"price-guarantee-breach": listing.OutcomeFail}},
			{ListingID: ShopListingID, Findings: []listing.Finding{shop}}}
		if err := db.SaveRuleResults(ctx, run.ID, rules, rs); err != nil {
			t.Fatal(err)
		}
	}
	save(f)
	save(f) // idempotent
	fs, err := db.Findings(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, x := range fs {
		keys = append(keys, x.ListingID+" "+x.Rule)
	}
	if want := []string{" promo-shop-points", "10001 price-guarantee-breach"}; !slices.Equal(keys, want) {
		t.Errorf("findings %v, want %v", keys, want)
	}
	out, _ := db.Outcomes(ctx, run.ID)
	if out["10001"]["price-guarantee-breach"] != listing.OutcomeFail || out["10001"]["free-shipping-mismatch"] != listing.OutcomePass || out[""] != nil {
		t.Errorf("outcomes %v", out)
	}
	if err := db.SaveRuleResults(ctx, ids[0], rules, []RuleResult{{ListingID: "10001"}}); err == nil {
		t.Error("SaveRuleResults into a finished run: want an error")
	}
}

// The history pass saves verdicts while it is still reading series: the
// writes neither block on the open read nor change what it yields.
func TestSaveRuleResultsWhileReadingSeries(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	run, err := db.StartRun(ctx, KindPatrol, "demo", t0)
	if err != nil {
		t.Fatal(err)
	}
	var rs []ListingResult
	for i := range 50 {
		rs = append(rs, result(fmt.Sprint(10001+i)))
	}
	if err := db.SaveResults(ctx, run.ID, rs); err != nil {
		t.Fatal(err)
	}
	rules := []string{"price-guarantee-breach"}
	var seen []string
	err = db.EachPriceSeries(ctx, run.ID, time.Time{}, func(s Series) error {
		seen = append(seen, s.ListingID)
		return db.SaveRuleResults(ctx, run.ID, rules, []RuleResult{{ListingID: s.ListingID,
			Findings: []listing.Finding{finding(s.ListingID, "price-guarantee-breach", "¥99.00→¥89.00")},
			Outcomes: map[string]listing.Outcome{"price-guarantee-breach": listing.OutcomeFail}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 50 {
		t.Fatalf("read %d series while writing, want 50", len(seen))
	}
	out, err := db.Outcomes(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, o := range out {
		if o["price-guarantee-breach"] == listing.OutcomeFail {
			n++
		}
	}
	if fs, _ := db.Findings(ctx, run.ID); n != 50 || len(fs) != 50 {
		t.Errorf("%d verdicts and %d findings stored, want 50 each", n, len(fs))
	}
}

func TestCopyRun(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	ids := play(t, db, KindPatrol, runSpec{status: StatusComplete,
		checked: []ListingResult{result("10001", finding("10001", "price-mismatch", "¥59")), result("10002")}})
	run, err := db.StartRun(ctx, KindAudit, "demo", t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CopyRun(ctx, ids[0], run.ID); err != nil {
		t.Fatal(err)
	}
	fs, _ := db.Findings(ctx, run.ID)
	ls, err := db.RunListings(ctx, run.ID)
	if err != nil || len(fs) != 1 || !fs[0].Carried || len(ls) != 2 || ls[0].ID != "10001" {
		t.Errorf("copied findings %+v, listings %d, %v", fs, len(ls), err)
	}
	got, ok, err := db.LatestCompleteSince(ctx, KindPatrol, t0.Add(-time.Hour))
	if err != nil || !ok || got.ID != ids[0] {
		t.Errorf("LatestCompleteSince = %v, %v, %v", got.ID, ok, err)
	}
	if _, ok, _ := db.LatestCompleteSince(ctx, KindPatrol, t0.Add(48*time.Hour)); ok {
		t.Error("LatestCompleteSince(later): want none")
	}
}
