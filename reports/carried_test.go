package reports

import (
	"path/filepath"
	"testing"

	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

// TestUnchangedPageIsNotCarriedOver: an incremental re-patrol carries the
// findings of pages that answered 304; they were checked, so the report
// must not say the page failed. A page that did fail still says so.
func TestUnchangedPageIsNotCarriedOver(t *testing.T) {
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, b := mkListing("10001", "全国包邮 T恤"), mkListing("10002", "全国包邮 短裤")
	fa := mkFinding(a, "free-shipping-mismatch", listing.SourceTitle, a.Title, "全国包邮")
	fb := mkFinding(b, "free-shipping-mismatch", listing.SourceTitle, b.Title, "全国包邮")

	r1, _ := db.StartRun(ctx, store.KindPatrol, "demo", t1)
	if err := db.SaveResults(ctx, r1.ID, []store.ListingResult{result(a, fa), result(b, fb)}); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishRun(ctx, r1.ID, store.StatusComplete, t1, store.RunStats{Listings: 2}); err != nil {
		t.Fatal(err)
	}
	r2, _ := db.StartRun(ctx, store.KindPatrol, "demo", t1.Add(24*3600e9))
	if err := db.CarryForward(ctx, r2.ID, []string{"10001"}); err != nil { // 304
		t.Fatal(err)
	}
	if err := db.SaveFailures(ctx, r2.ID, []store.FetchFailure{{URL: b.URL, ListingID: "10002", Status: 503, Err: "HTTP 503"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishRun(ctx, r2.ID, store.StatusComplete, t1.Add(24*3600e9), store.RunStats{Listings: 1}); err != nil {
		t.Fatal(err)
	}
	rep, err := Build(ctx, db, r2.ID, "zh")
	if err != nil {
		t.Fatal(err)
	}
	carried := map[string]bool{}
	for _, it := range rep.Open {
		if it.State != StateOpen {
			t.Errorf("%s is %s, want open", it.ListingID, it.State)
		}
		carried[it.ListingID] = it.Carried
	}
	if len(carried) != 2 || carried["10001"] || !carried["10002"] {
		t.Errorf("carried = %v, want 10001 (unchanged page) false and 10002 (failed page) true", carried)
	}
}
