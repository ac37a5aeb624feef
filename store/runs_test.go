package store

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRunLifecycle(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()

	if _, ok, err := db.LatestRun(ctx, ""); err != nil || ok {
		t.Fatalf("LatestRun on empty store = %v, %v; want none", ok, err)
	}
	r, err := db.StartRun(ctx, KindPatrol, "demo", t0)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Run(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got != r || got.Status != StatusRunning || !got.FinishedAt.IsZero() {
		t.Errorf("Run(%d) = %+v, want %+v", r.ID, got, r)
	}

	end := t0.Add(3*time.Minute + 10*time.Second + 123456789)
	st := RunStats{Listings: 1500, PagesFetched: 1620, FetchErrors: 2, Findings: 26, Note: "2 页抓取失败"}
	if err := db.FinishRun(ctx, r.ID, StatusPartial, end, st); err != nil {
		t.Fatal(err)
	}
	got, err = db.Run(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := Run{ID: r.ID, Kind: KindPatrol, Shop: "demo", Status: StatusPartial, Note: st.Note,
		StartedAt: t0, FinishedAt: end, Listings: 1500, PagesFetched: 1620, FetchErrors: 2, Findings: 26}
	if got != want {
		t.Errorf("after FinishRun: Run = %+v, want %+v", got, want)
	}
	if err := db.FinishRun(ctx, r.ID, StatusComplete, end, st); err == nil ||
		!strings.Contains(err.Error(), "status is partial, not running") {
		t.Errorf("FinishRun twice: err = %v, want not running", err)
	}
	if err := db.FinishRun(ctx, r.ID, "done", end, st); err == nil {
		t.Error("FinishRun(status done): no error")
	}
	if err := db.FinishRun(ctx, 999, StatusComplete, end, st); !errors.Is(err, ErrNotFound) {
		t.Errorf("FinishRun(999) = %v, want ErrNotFound", err)
	}
	if _, err := db.Run(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("Run(999) = %v, want ErrNotFound", err)
	}
	if _, err := db.StartRun(ctx, "crawl", "demo", t0); err == nil {
		t.Error("StartRun(kind crawl): no error")
	}
}

func TestRunsListing(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	var ids []int64
	for i, k := range []string{KindPatrol, KindAudit, KindPatrol, KindPatrol} {
		r, err := db.StartRun(ctx, k, "demo", t0.Add(time.Duration(i)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	all, err := db.Runs(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 4 || all[0].ID != ids[3] || all[3].ID != ids[0] {
		t.Errorf("Runs(all) = %v, want 4 newest first", all)
	}
	pat, err := db.Runs(ctx, KindPatrol, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(pat) != 2 || pat[0].ID != ids[3] || pat[1].ID != ids[2] {
		t.Errorf("Runs(patrol, 2) = %v, want runs %d, %d", pat, ids[3], ids[2])
	}
	latest, ok, err := db.LatestRun(ctx, KindAudit)
	if err != nil || !ok || latest.ID != ids[1] {
		t.Errorf("LatestRun(audit) = %v, %v, %v; want run %d", latest, ok, err, ids[1])
	}
}

func TestCrashedRunIsNeverABaseline(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	start := func(h int) Run {
		r, err := db.StartRun(ctx, KindPatrol, "demo", t0.Add(time.Duration(h)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	finish := func(r Run, status string) {
		if err := db.FinishRun(ctx, r.ID, status, r.StartedAt.Add(time.Minute), RunStats{}); err != nil {
			t.Fatal(err)
		}
	}
	r1 := start(0)
	finish(r1, StatusComplete)
	r2 := start(1) // crashes: stays running
	r3 := start(2)
	finish(r3, StatusPartial)
	r4 := start(3)
	finish(r4, StatusFailed)
	// A complete audit is no baseline for patrols.
	a, err := db.StartRun(ctx, KindAudit, "demo", t0.Add(4*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	finish(a, StatusComplete)
	r5 := start(5)

	n, err := db.MarkAbandoned(ctx, r5.StartedAt)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("MarkAbandoned = %d, want 1 (run %d; run %d started at the cut-off)", n, r2.ID, r5.ID)
	}
	got, _ := db.Run(ctx, r2.ID)
	if got.Status != StatusFailed || !strings.Contains(got.Note, "abandoned") {
		t.Errorf("abandoned run = %+v, want failed with note", got)
	}
	if got, _ := db.Run(ctx, r5.ID); got.Status != StatusRunning {
		t.Errorf("run %d after MarkAbandoned: status %s, want running", r5.ID, got.Status)
	}
	if err := db.FinishRun(ctx, r2.ID, StatusComplete, t0, RunStats{}); err == nil {
		t.Errorf("FinishRun of abandoned run %d: no error", r2.ID)
	}

	for _, tc := range []struct {
		before int64
		want   int64 // 0: none
	}{
		{r5.ID, r1.ID}, {r4.ID, r1.ID}, {r2.ID, r1.ID}, {r1.ID, 0},
	} {
		base, ok, err := db.PreviousComplete(ctx, KindPatrol, tc.before)
		if err != nil {
			t.Fatal(err)
		}
		if tc.want == 0 && ok || tc.want != 0 && (!ok || base.ID != tc.want) {
			t.Errorf("PreviousComplete(patrol, %d) = %d, %v; want %d", tc.before, base.ID, ok, tc.want)
		}
	}
}
