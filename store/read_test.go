package store

import (
	"testing"
	"time"

	"github.com/xundian/xundian/listing"
)

// OpenFindingPoints gives the points of the findings a report counts:
// suppressed ones are left out, the rest as stored.
func TestOpenFindingPoints(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := finding("10001", "material-mismatch", "纯棉")
	a.Points = 12
	a2 := finding("10001", "material-mismatch", "全棉") // same listing and rule: counted once
	a2.Points = 12
	b := finding("10002", "free-shipping-mismatch", "包邮")
	b.Points = 4
	z := finding("10003", "fake-original-price", "¥199")
	z.Points = 0
	gone := finding("10004", "trademark-term", "阿童木")
	gone.Points = 2
	ids := play(t, db, KindPatrol, runSpec{status: StatusComplete, checked: []ListingResult{
		result("10001", a, a2), result("10002", b), result("10003", z), result("10004", gone)}})
	if err := db.Suppress(ctx, gone.Fingerprint, "authorized", time.Time{}, t0); err != nil {
		t.Fatal(err)
	}
	got, err := db.OpenFindingPoints(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	points := 0
	for _, p := range got {
		points += p.Points
		if p.ListingID == "10004" {
			t.Errorf("suppressed finding %+v returned", p)
		}
	}
	if len(got) != 4 || points != 28 {
		t.Errorf("OpenFindingPoints = %+v: want 4 findings (one suppressed), 28 points as stored", got)
	}
}

// A carried snapshot refers to the row holding the listing's JSON instead
// of copying it, also when carried from a carried one, and every reader
// still gets the listing as it was fetched.
func TestCarriedSnapshotReadsThroughReference(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	r := result("10001", finding("10001", "free-shipping-mismatch", "包邮"))
	r.Listing.Description = "全国包邮 新疆除外"
	ids := play(t, db, KindPatrol, runSpec{status: StatusComplete, checked: []ListingResult{r}})
	want, ok, err := db.Snapshot(ctx, ids[0], "10001")
	if err != nil || !ok {
		t.Fatalf("Snapshot of the fetched run: %v %v", ok, err)
	}
	from := ids[0]
	for i := range 2 {
		run, err := db.StartRun(ctx, KindPatrol, "demo", t0.Add(time.Duration(i+1)*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CarryForward(ctx, run.ID, []string{"10001"}); err != nil {
			t.Fatal(err)
		}
		var own string
		var ref int64
		if err := db.sql.QueryRowContext(ctx, "SELECT listing, listing_run FROM snapshots WHERE run_id = ? AND listing_id = '10001'", run.ID).Scan(&own, &ref); err != nil {
			t.Fatal(err)
		}
		if own != "" || ref != ids[0] {
			t.Errorf("carry %d: listing column %d bytes, listing_run %d; want a reference to run %d", i+1, len(own), ref, ids[0])
		}
		got, ok, err := db.Snapshot(ctx, run.ID, "10001")
		if err != nil || !ok || !got.FetchedAt.Equal(want.FetchedAt) || got.Description != want.Description || got.Title != want.Title {
			t.Errorf("carry %d: Snapshot = %+v, %v, %v; want the fetched listing", i+1, got, ok, err)
		}
		texts, err := db.SnapshotTexts(ctx, run.ID, []string{"10001"}, func(string) (bool, bool) { return true, true })
		if err != nil || texts["10001"].Description != want.Description {
			t.Errorf("carry %d: SnapshotTexts = %+v, %v", i+1, texts, err)
		}
		ls, err := db.RunListings(ctx, run.ID)
		if err != nil || len(ls) != 1 || ls[0].Description != want.Description {
			t.Errorf("carry %d: RunListings = %+v, %v", i+1, ls, err)
		}
		if err := db.FinishRun(ctx, run.ID, StatusComplete, t0.Add(time.Duration(i+1)*25*time.Hour), RunStats{Listings: 1}); err != nil {
			t.Fatal(err)
		}
		from = run.ID
	}
	audit, err := db.StartRun(ctx, KindAudit, "demo", t0.Add(72*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CopyRun(ctx, from, audit.ID); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := db.Snapshot(ctx, audit.ID, "10001"); err != nil || !ok || got.Description != want.Description {
		t.Errorf("audit copy: Snapshot = %+v, %v, %v", got, ok, err)
	}
}

// A carried listing's outcomes are a reference to the run that checked
// it, with the carrying run's own rows (the history rules' verdicts) on
// top, rule by rule; a carry of a carry keeps both; saving the listing
// again drops the reference; an audit copy materializes them.
func TestCarriedOutcomesByReference(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	r := result("10001")
	r.Outcomes["fake-original-price"] = listing.OutcomeFail
	ids := play(t, db, KindPatrol, runSpec{status: StatusComplete, checked: []ListingResult{r}})
	want := func(runID int64, free, fake listing.Outcome) {
		t.Helper()
		out, err := db.Outcomes(ctx, runID)
		if err != nil {
			t.Fatal(err)
		}
		if got := out["10001"]; len(got) != 3 || got["free-shipping-mismatch"] != free || got["fake-original-price"] != fake {
			t.Errorf("run %d outcomes %v, want free-shipping %s, fake-original-price %s, 3 rules", runID, got, free, fake)
		}
		tally, err := db.TallyOutcomes(ctx, runID)
		if err != nil || tally.Listings != 1 || tally.Checks != 3 {
			t.Errorf("run %d tally %+v, %v: want 1 listing, 3 checks", runID, tally, err)
		}
	}
	carry := func(day int) int64 {
		t.Helper()
		run, err := db.StartRun(ctx, KindPatrol, "demo", t0.Add(time.Duration(day)*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CarryForward(ctx, run.ID, []string{"10001"}); err != nil {
			t.Fatal(err)
		}
		return run.ID
	}
	finish := func(runID int64, day int) {
		t.Helper()
		if err := db.FinishRun(ctx, runID, StatusComplete, t0.Add(time.Duration(day)*25*time.Hour), RunStats{Listings: 1}); err != nil {
			t.Fatal(err)
		}
	}

	run2 := carry(1)
	want(run2, listing.OutcomePass, listing.OutcomeFail)
	if n := countRows(t, db, "SELECT count(*) FROM outcomes WHERE run_id = ?", run2); n != 0 {
		t.Errorf("carry copied %d outcome rows, want none (a reference)", n)
	}
	// The history pass judges again: its verdict wins over the reference.
	if err := db.SaveRuleResults(ctx, run2, []string{"fake-original-price"}, []RuleResult{{ListingID: "10001",
		Outcomes: map[string]listing.Outcome{"fake-original-price": listing.OutcomePass}}}); err != nil {
		t.Fatal(err)
	}
	want(run2, listing.OutcomePass, listing.OutcomePass)
	finish(run2, 1)

	run3 := carry(2) // from run 2: the reference to run 1 plus run 2's own verdict
	want(run3, listing.OutcomePass, listing.OutcomePass)
	if ref := countRows(t, db, "SELECT from_run FROM outcome_refs WHERE run_id = ?", run3); int64(ref) != ids[0] {
		t.Errorf("run %d refers to run %d, want %d (the run that checked it)", run3, ref, ids[0])
	}
	// Checked again in the same run: its own rows replace the reference.
	again := result("10001")
	again.Outcomes["free-shipping-mismatch"] = listing.OutcomeFail
	if err := db.SaveResults(ctx, run3, []ListingResult{again}); err != nil {
		t.Fatal(err)
	}
	out, _ := db.Outcomes(ctx, run3)
	if got := out["10001"]; len(got) != 2 || got["free-shipping-mismatch"] != listing.OutcomeFail {
		t.Errorf("after saving again, run %d outcomes %v: want only the new ones", run3, got)
	}
	finish(run3, 2)

	run4 := carry(3)
	finish(run4, 3)
	audit, err := db.StartRun(ctx, KindAudit, "demo", t0.Add(96*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CopyRun(ctx, run4, audit.ID); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, db, "SELECT count(*) FROM outcomes WHERE run_id = ?", audit.ID); n != 2 {
		t.Errorf("audit copy holds %d outcome rows, want the 2 the patrol saw", n)
	}
}

func countRows(t *testing.T, db *DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.sql.QueryRowContext(t.Context(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
