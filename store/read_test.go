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
