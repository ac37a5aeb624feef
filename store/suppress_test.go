package store

import (
	"errors"
	"testing"
	"time"
)

func TestSuppressions(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	ids := play(t, db, KindPatrol,
		runSpec{status: StatusComplete, checked: []ListingResult{fnd("10001", "最低价", "第一"), fnd("10002", "顶级")}},
	)
	byEvidence := func(runID int64) map[string]StoredFinding {
		t.Helper()
		fs, err := db.Findings(ctx, runID)
		if err != nil {
			t.Fatal(err)
		}
		m := make(map[string]StoredFinding)
		for _, f := range fs {
			m[f.Evidence] = f
		}
		return m
	}
	fs := byEvidence(ids[0])
	low, first, top := fs["最低价"].Fingerprint, fs["第一"].Fingerprint, fs["顶级"].Fingerprint

	now := t0.Add(time.Hour)
	if err := db.Suppress(ctx, low, "平台已确认", time.Time{}, now); err != nil {
		t.Fatal(err)
	}
	// Expires a day and a half after t0: covers run 0 (t0) and run 1
	// (t0+24h) but not run 2 (t0+48h).
	if err := db.Suppress(ctx, first, "临时", t0.Add(36*time.Hour), now); err != nil {
		t.Fatal(err)
	}
	if err := db.Suppress(ctx, top, "expired already", t0, now); err != nil {
		t.Fatal(err)
	}
	if err := db.Suppress(ctx, "not-hex", "", time.Time{}, now); err == nil {
		t.Error("Suppress(not-hex): no error")
	}

	ids = append(ids, play(t, db, KindPatrol,
		runSpec{status: StatusComplete, checked: []ListingResult{fnd("10001", "最低价", "第一"), fnd("10002", "顶级")}},
		runSpec{status: StatusComplete, checked: []ListingResult{fnd("10001", "最低价", "第一"), fnd("10002", "顶级")}},
	)...)
	// play starts run i at t0 + i days, counting from its own first spec.
	type state struct {
		suppressed bool
		reason     string
	}
	for _, tc := range []struct {
		run  int64
		want []state // 最低价, 第一, 顶级
	}{
		{ids[0], []state{{true, "平台已确认"}, {true, "临时"}, {false, ""}}},
		{ids[2], []state{{true, "平台已确认"}, {true, "临时"}, {false, ""}}}, // started t0+24h
	} {
		fs := byEvidence(tc.run)
		for i, e := range []string{"最低价", "第一", "顶级"} {
			f := fs[e]
			if got := (state{f.Suppressed, f.SuppressReason}); got != tc.want[i] {
				t.Errorf("run %d %s: suppressed %v, want %v", tc.run, e, got, tc.want[i])
			}
		}
	}
	r3, _ := db.StartRun(ctx, KindPatrol, "demo", t0.Add(48*time.Hour))
	db.SaveResults(ctx, r3.ID, []ListingResult{fnd("10001", "最低价", "第一")})
	fs = byEvidence(r3.ID)
	if !fs["最低价"].Suppressed || fs["第一"].Suppressed {
		t.Errorf("run at t0+48h: 最低价 suppressed %v, 第一 %v; want true, false (expired)",
			fs["最低价"].Suppressed, fs["第一"].Suppressed)
	}

	// Diff passes the flags through.
	d, _ := db.Diff(ctx, ids[2])
	suppressed := 0
	for _, f := range d.Open {
		if f.Suppressed {
			suppressed++
		}
	}
	if len(d.Open) != 3 || suppressed != 2 {
		t.Errorf("Diff open = %+v, want 3, 2 of them suppressed", d.Open)
	}

	list, err := db.Suppressions(ctx)
	if err != nil || len(list) != 3 {
		t.Fatalf("Suppressions = %v, %v; want 3", list, err)
	}
	if err := db.Unsuppress(ctx, low); err != nil {
		t.Fatal(err)
	}
	if err := db.Unsuppress(ctx, low); !errors.Is(err, ErrNotFound) {
		t.Errorf("Unsuppress twice = %v, want ErrNotFound", err)
	}
	if byEvidence(ids[0])["最低价"].Suppressed {
		t.Error("最低价 still suppressed after Unsuppress")
	}
}

func TestFindFingerprint(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	r, _ := db.StartRun(ctx, KindPatrol, "demo", t0)
	a := finding("10001", "absolute-term", "最低价")
	a.Fingerprint = "abcdef0123456789abcdef0123456789"
	b := finding("10001", "absolute-term", "第一")
	b.Fingerprint = "abcdef9999999999abcdef0123456789"
	if err := db.SaveResults(ctx, r.ID, []ListingResult{result("10001", a, b)}); err != nil {
		t.Fatal(err)
	}
	r2 := mustStart(t, db, KindPatrol)
	if err := db.SaveResults(ctx, r2, []ListingResult{result("10001", a)}); err != nil {
		t.Fatal(err)
	}
	if err := db.Suppress(ctx, a.Fingerprint, "ok", time.Time{}, t0); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindFingerprint(ctx, "ABCDEF0")
	if err != nil {
		t.Fatal(err)
	}
	if got.Fingerprint != a.Fingerprint || got.RunID != r2 || !got.Suppressed {
		t.Errorf("FindFingerprint(ABCDEF0) = %+v, want %s in run %d, suppressed", got, a.Fingerprint, r2)
	}
	for _, tc := range []struct {
		prefix string
		want   error // nil: any error
	}{
		{"abcdef", ErrAmbiguous}, {"abcdee", ErrNotFound}, {"abcde", nil}, {"abcdeg", nil},
	} {
		_, err := db.FindFingerprint(ctx, tc.prefix)
		if err == nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("FindFingerprint(%q) = %v, want %v", tc.prefix, err, tc.want)
		}
	}
}
