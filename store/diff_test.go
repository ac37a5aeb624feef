package store

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xundian/xundian/listing"
)

// runSpec is one run of a diff scenario.
type runSpec struct {
	status  string // "" leaves the run running (crashed)
	checked []ListingResult
	failed  []string // listing IDs that fail to fetch
	carried []string // listing IDs whose page is unchanged
}

// play records the runs in order and returns their IDs.
func play(tb testing.TB, db *DB, kind string, specs ...runSpec) []int64 {
	tb.Helper()
	ctx := tb.Context()
	var ids []int64
	for i, s := range specs {
		r, err := db.StartRun(ctx, kind, "demo", t0.Add(time.Duration(i)*24*time.Hour))
		if err != nil {
			tb.Fatal(err)
		}
		ids = append(ids, r.ID)
		if err := db.SaveResults(ctx, r.ID, s.checked); err != nil {
			tb.Fatal(err)
		}
		var fs []FetchFailure
		for _, id := range s.failed {
			fs = append(fs, FetchFailure{URL: "http://127.0.0.1/item/" + id + ".html", ListingID: id, Status: 500, Err: "500 Internal Server Error"})
		}
		if err := db.SaveFailures(ctx, r.ID, fs); err != nil {
			tb.Fatal(err)
		}
		if err := db.CarryForward(ctx, r.ID, s.carried); err != nil {
			tb.Fatal(err)
		}
		if s.status != "" {
			if err := db.FinishRun(ctx, r.ID, s.status, r.StartedAt.Add(time.Minute), RunStats{}); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return ids
}

// diffSummary names each finding of a diff by listing and evidence, with
// "*" for carried ones.
type diffSummary struct {
	Base                                      int64
	New, Open, Resolved, Removed, Unconfirmed []string
}

func summarize(d Diff) diffSummary {
	names := func(fs []StoredFinding) []string {
		var out []string
		for _, f := range fs {
			n := f.ListingID + ":" + f.Evidence
			if f.Carried {
				n += "*"
			}
			out = append(out, n)
		}
		return out
	}
	return diffSummary{Base: d.Base.ID, New: names(d.New), Open: names(d.Open),
		Resolved: names(d.Resolved), Removed: names(d.Removed), Unconfirmed: names(d.Unconfirmed)}
}

func mustDiff(tb testing.TB, db *DB, runID int64) diffSummary {
	tb.Helper()
	d, err := db.Diff(tb.Context(), runID)
	if err != nil {
		tb.Fatal(err)
	}
	return summarize(d)
}

func fnd(id string, evidence ...string) ListingResult {
	var fs []listing.Finding
	for _, e := range evidence {
		fs = append(fs, finding(id, "absolute-term", e))
	}
	return result(id, fs...)
}

func TestDiffNewOpenResolvedRemoved(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	ids := play(t, db, KindPatrol,
		runSpec{status: StatusComplete, checked: []ListingResult{
			fnd("10001", "最低价", "第一"), // 最低价 stays, 第一 is fixed
			fnd("10002", "顶级"),        // page fails next run: carried, open
			fnd("10003", "极品"),        // delisted next run: removed
			fnd("10004"),              // clean, gets a new finding
			fnd("10005", "唯一"),        // unchanged page next run: carried, open
		}},
		runSpec{status: StatusComplete,
			checked: []ListingResult{fnd("10001", "最低价"), fnd("10004", "国家级")},
			failed:  []string{"10002"},
			carried: []string{"10005"},
		},
	)
	got := mustDiff(t, db, ids[1])
	want := diffSummary{Base: ids[0],
		New:      []string{"10004:国家级"},
		Open:     []string{"10001:最低价", "10002:顶级*", "10005:唯一*"},
		Resolved: []string{"10001:第一"},
		Removed:  []string{"10003:极品"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Diff(run %d) mismatch (-want +got):\n%s", ids[1], d)
	}

	// The unchanged page's snapshot and outcomes came along; the failed
	// page got neither.
	if _, ok, _ := db.Snapshot(ctx, ids[1], "10005"); !ok {
		t.Error("CarryForward did not copy the snapshot of 10005")
	}
	if _, ok, _ := db.Snapshot(ctx, ids[1], "10002"); ok {
		t.Error("SaveFailures copied a snapshot of 10002")
	}
	out, _ := db.Outcomes(ctx, ids[1])
	if out["10005"]["absolute-term"] != listing.OutcomeFail || out["10002"] != nil {
		t.Errorf("outcomes 10005 = %v, 10002 = %v; want carried fail, none", out["10005"], out["10002"])
	}

	// With no baseline everything is new.
	if got := mustDiff(t, db, ids[0]); got.Base != 0 || len(got.New) != 5 || got.Open != nil {
		t.Errorf("Diff(first run) = %+v, want 5 new, no base", got)
	}
}

func TestDiffFailedListingStaysOpenAcrossFailures(t *testing.T) {
	db := openTest(t)
	ids := play(t, db, KindPatrol,
		runSpec{status: StatusComplete, checked: []ListingResult{fnd("10001", "最低价"), fnd("10002")}},
		runSpec{status: StatusPartial, checked: []ListingResult{fnd("10002")}, failed: []string{"10001"}},
		// Fails again: carried from run 1, the last run that checked it.
		runSpec{status: StatusComplete, checked: []ListingResult{fnd("10002")}, failed: []string{"10001"}},
		runSpec{status: StatusComplete, checked: []ListingResult{fnd("10001"), fnd("10002")}},
	)
	for i, want := range []diffSummary{
		{Base: ids[0], Open: []string{"10001:最低价*"}},
		{Base: ids[0], Open: []string{"10001:最低价*"}},
		{Base: ids[2], Resolved: []string{"10001:最低价*"}},
	} {
		if d := cmp.Diff(want, mustDiff(t, db, ids[i+1])); d != "" {
			t.Errorf("Diff(run %d) mismatch (-want +got):\n%s", ids[i+1], d)
		}
	}
}

func TestDiffCrashedRunIsNeverABaseline(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	ids := play(t, db, KindPatrol,
		runSpec{status: StatusComplete, checked: []ListingResult{fnd("10001", "最低价"), fnd("10002", "顶级")}},
		// Crashes halfway: saw 10001 fixed and 10002 with a new finding.
		runSpec{checked: []ListingResult{fnd("10001"), fnd("10002", "顶级", "极品")}},
	)
	if n, err := db.MarkAbandoned(ctx, t0.Add(100*24*time.Hour)); err != nil || n != 1 {
		t.Fatalf("MarkAbandoned = %d, %v; want 1", n, err)
	}
	ids = append(ids, play(t, db, KindPatrol,
		runSpec{status: StatusComplete, checked: []ListingResult{fnd("10001"), fnd("10002", "顶级", "极品")}},
	)...)
	// A crashed run (running or failed) is a source for carrying findings
	// (it did see the page) but never the diff baseline.
	ids = append(ids, play(t, db, KindPatrol, runSpec{status: StatusPartial})...)

	want := diffSummary{Base: ids[0], New: []string{"10002:极品"}, Open: []string{"10002:顶级"}, Resolved: []string{"10001:最低价"}}
	if d := cmp.Diff(want, mustDiff(t, db, ids[2])); d != "" {
		t.Errorf("Diff(run %d after crashed run %d) mismatch (-want +got):\n%s", ids[2], ids[1], d)
	}
	// A crashed run's own diff still works, against the run before it.
	want = diffSummary{Base: ids[0], New: []string{"10002:极品"}, Open: []string{"10002:顶级"}, Resolved: []string{"10001:最低价"}}
	if d := cmp.Diff(want, mustDiff(t, db, ids[1])); d != "" {
		t.Errorf("Diff(crashed run %d) mismatch (-want +got):\n%s", ids[1], d)
	}
}

func TestDiffCarriesFromCrashedRunAndUnconfirmed(t *testing.T) {
	db := openTest(t)
	ids := play(t, db, KindPatrol,
		runSpec{status: StatusComplete, checked: []ListingResult{fnd("10001", "最低价", "第一")}},
		runSpec{status: StatusFailed, checked: []ListingResult{fnd("10001", "最低价")}}, // saw 第一 fixed, then failed
		runSpec{status: StatusPartial, failed: []string{"10001"}},
	)
	want := diffSummary{Base: ids[0], Open: []string{"10001:最低价*"}, Unconfirmed: []string{"10001:第一"}}
	if d := cmp.Diff(want, mustDiff(t, db, ids[2])); d != "" {
		t.Errorf("Diff(run %d) mismatch (-want +got):\n%s", ids[2], d)
	}
}

func TestCarryRules(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	ids := play(t, db, KindPatrol, runSpec{status: StatusComplete, checked: []ListingResult{fnd("10001", "最低价")}})
	// Other kinds never feed a patrol.
	audit := play(t, db, KindAudit, runSpec{status: StatusComplete, failed: []string{"10001"}})
	if fs, _ := db.Findings(ctx, audit[0]); len(fs) != 0 {
		t.Errorf("audit run carried %v from a patrol", fs)
	}
	if err := db.CarryForward(ctx, mustStart(t, db, KindAudit), []string{"10001"}); err == nil {
		t.Error("CarryForward into an audit from a patrol: no error")
	}

	// A listing failed and then checked on a retry in the same run: the
	// fresh result wins whichever order they are saved in.
	r, _ := db.StartRun(ctx, KindPatrol, "demo", t0.Add(48*time.Hour))
	fail := []FetchFailure{{URL: "u", ListingID: "10001", Err: "timeout"}}
	if err := db.SaveFailures(ctx, r.ID, fail); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveResults(ctx, r.ID, []ListingResult{fnd("10001")}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveFailures(ctx, r.ID, fail); err != nil {
		t.Fatal(err)
	}
	if err := db.CarryForward(ctx, r.ID, []string{"10001"}); err != nil {
		t.Fatal(err)
	}
	if fs, _ := db.Findings(ctx, r.ID); len(fs) != 0 {
		t.Errorf("findings after fail+retry = %v, want none", fs)
	}
	// A never-seen listing cannot be carried; nothing of the batch is kept.
	r2 := mustStart(t, db, KindPatrol)
	if err := db.CarryForward(ctx, r2, []string{"10001", "99999"}); err == nil {
		t.Error("CarryForward(never-seen listing): no error")
	}
	if fs, _ := db.Findings(ctx, r2); len(fs) != 0 {
		t.Errorf("failed CarryForward kept %v", fs)
	}
	_ = ids
}

func mustStart(tb testing.TB, db *DB, kind string) int64 {
	tb.Helper()
	r, err := db.StartRun(tb.Context(), kind, "demo", t0.Add(72*time.Hour))
	if err != nil {
		tb.Fatal(err)
	}
	return r.ID
}

// TestDiffNeverResolvesWhatItDidNotLookAt: a finding whose rule could not
// check this run (e.g. the freight template failed to load), and a listing
// a partial run never reached, are unconfirmed, never resolved or removed.
func TestDiffNeverResolvesWhatItDidNotLookAt(t *testing.T) {
	db := openTest(t)
	noFreight := result("10002")
	noFreight.Outcomes["absolute-term"] = listing.OutcomeCouldNotCheck
	ids := play(t, db, KindPatrol,
		runSpec{status: StatusComplete, checked: []ListingResult{fnd("10001", "第一"), fnd("10002", "顶级"), fnd("10003", "极品")}},
		runSpec{status: StatusPartial, checked: []ListingResult{fnd("10001"), noFreight}},
	)
	got := mustDiff(t, db, ids[1])
	want := diffSummary{Base: ids[0],
		Resolved:    []string{"10001:第一"},
		Unconfirmed: []string{"10002:顶级", "10003:极品"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Diff(run %d) mismatch (-want +got):\n%s", ids[1], d)
	}
}
