package store

import (
	"testing"
	"time"
)

// RunExposure counts unsuppressed findings and sums points once per
// listing and rule, as reports.ComputeExposure does over the findings.
func TestRunExposure(t *testing.T) {
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
	open, points, err := db.RunExposure(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if open != 4 || points != 16 {
		t.Errorf("RunExposure = %d open, %d points; want 4 open (one suppressed), 16 points", open, points)
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
