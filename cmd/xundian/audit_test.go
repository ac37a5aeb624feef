package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xundian/xundian/demoshop"
	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

// travelServer serves the demo shop on the day set with setDay.
type travelServer struct {
	t        *testing.T
	listings int
	mu       sync.Mutex
	shops    map[int]http.Handler
	cur      atomic.Pointer[http.Handler]
	shop     map[int]*demoshop.Shop
	URL      string
}

func newTravelServer(t *testing.T, listings int) *travelServer {
	ts := &travelServer{t: t, listings: listings, shops: map[int]http.Handler{}, shop: map[int]*demoshop.Shop{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(*ts.cur.Load()).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	ts.URL = srv.URL
	ts.setDay(0)
	return ts
}

func (ts *travelServer) setDay(day int) *demoshop.Shop {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if _, ok := ts.shops[day]; !ok {
		s, err := demoshop.New(demoshop.Options{Listings: ts.listings, Seed: 1, Day: day})
		if err != nil {
			ts.t.Fatal(err)
		}
		ts.shops[day], ts.shop[day] = s.Handler(), s
	}
	h := ts.shops[day]
	ts.cur.Store(&h)
	return ts.shop[day]
}

// auditConfig writes the shipped config.yaml pointed at base, with the
// shop facts an audit needs: the demo shop has set 满300减40, and the
// double11 points threshold is lifted because the demo plants hundreds of
// points of listing violations on purpose (promo-shop-points is tested in
// package promo).
func auditConfig(t *testing.T, dir, base string) string {
	t.Helper()
	shipped, err := os.ReadFile(filepath.Join("..", "..", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base)
	text := strings.ReplaceAll(string(shipped), "http://127.0.0.1:8080", base)
	text = strings.Replace(text, "    - 127.0.0.1\n", "    - "+u.Hostname()+"\n", 1)
	for old, repl := range map[string]string{
		`shop_discount: ""`:   "shop_discount: 满300减40",
		"max_shop_points: 12": "max_shop_points: 100000",
		"dir: reports":        "dir: " + filepath.Join(dir, "reports"),
	} {
		if !strings.Contains(text, old) {
			t.Fatalf("shipped config.yaml has no %q", old)
		}
		text = strings.Replace(text, old, repl, 1)
	}
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runAuditCLI runs xundian with args and returns stdout, stderr and the exit
// code main would use.
func runAuditCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	root := newRootCmd()
	var stdout, stderr bytes.Buffer
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(t.Context())
	code := exitOK
	var ce *codeError
	switch {
	case errors.As(err, &ce):
		code = ce.code
		if ce.err != nil {
			stderr.WriteString(ce.err.Error())
		}
	case err != nil:
		code = exitError
		stderr.WriteString(err.Error())
	}
	return stdout.String(), stderr.String(), code
}

// writePlan fills the template at tmpl with the designated listings' rows
// (fixed or planted) and writes it to path.
func writePlan(t *testing.T, tmpl, path string, truth demoshop.PromoTruth, fixed bool) {
	t.Helper()
	f, err := os.Open(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]demoshop.PlanRow{}
	for _, l := range truth.Listings {
		rows[l.ID] = l.Plan
		if fixed {
			rows[l.ID] = l.Fixed
		}
	}
	filled := 0
	for _, rec := range recs[1:] {
		if r, ok := rows[rec[0]]; ok {
			rec[3], rec[4], rec[5] = r.PresalePrice.String(), r.SpotPrice.String(), "100"
			filled++
		}
	}
	if filled != len(rows) {
		t.Fatalf("template lists %d of the %d designated listings", filled, len(rows))
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.WriteAll(recs)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// auditFindings returns the latest audit run and its history and
// promotion findings as "listing rule" keys, and the blocking ones
// (severity high or above) of any rule on the planned listings or the shop.
func auditFindings(t *testing.T, dbPath string, planned map[string]bool) (store.Run, []string, []string) {
	t.Helper()
	db, err := store.Open(t.Context(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	run, ok, err := db.LatestRun(t.Context(), store.KindAudit)
	if err != nil || !ok {
		t.Fatalf("no audit run: %v", err)
	}
	fs, err := db.Findings(t.Context(), run.ID)
	if err != nil {
		t.Fatal(err)
	}
	var hp, blocking []string
	for _, f := range fs {
		key := f.ListingID + " " + f.Rule
		if f.ListingID == "" {
			key = "shop " + f.Rule
		}
		if strings.HasPrefix(f.Rule, "promo-") || f.Rule == "fake-original-price" || f.Rule == "price-guarantee-breach" {
			hp = append(hp, key)
		}
		if (planned[f.ListingID] || f.ListingID == "") && f.Severity.Rank() >= listing.SeverityHigh.Rank() {
			blocking = append(blocking, key)
		}
	}
	slices.Sort(hp)
	slices.Sort(blocking)
	return run, hp, blocking
}

// TestAuditDemoShopOverTenDays is the "Done when": ten daily
// patrols of the time-travelling demo shop, then the double11 audit finds
// every planted history and promotion problem with the right rule ID,
// nothing else blocks, and it exits 1; with the plants fixed (the plan
// CSV corrected, the demo on its fixed day) it exits 0.
func TestAuditDemoShopOverTenDays(t *testing.T) {
	const listings = 400
	ts := newTravelServer(t, listings)
	dir := t.TempDir()
	cfgPath := auditConfig(t, dir, ts.URL)
	dbPath := filepath.Join(dir, "x.db")
	cfg, err := loadConfig(cfgPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Store.Path = dbPath
	loc, _ := time.LoadLocation("Asia/Shanghai")
	day0 := time.Date(2026, 10, 1, 2, 0, 0, 0, loc)
	at := func(day int, hour time.Duration) time.Time { return day0.AddDate(0, 0, day).Add(hour) }

	truth0 := ts.setDay(0).PromoTruth()
	if len(truth0.Listings) != 7 {
		t.Fatalf("demo designates %d listings, want 7", len(truth0.Listings))
	}
	roleID := map[string]string{}
	planned := map[string]bool{}
	for _, l := range truth0.Listings {
		roleID[l.Role] = l.ID
		planned[l.ID] = true
	}

	patrolDay := func(day int) {
		t.Helper()
		ts.setDay(day)
		j := patrolJob{cfg: cfg, kind: store.KindPatrol, quiet: true, stderr: io.Discard, noFile: true,
			now: func() time.Time { return at(day, 0) }}
		o, err := j.run(context.Background())
		if err != nil {
			t.Fatalf("patrol day %d: %v", day, err)
		}
		if o.result.Run.Listings != listings || o.result.Run.Status != store.StatusComplete {
			t.Fatalf("patrol day %d: %+v", day, o.result.Run)
		}
	}
	for day := 0; day <= 2; day++ {
		patrolDay(day)
	}
	// Three days of history: a strike-through price (standing since day
	// 0) is "insufficient history", never a finding.
	db, err := store.Open(t.Context(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	last, _, _ := db.LatestRun(t.Context(), store.KindPatrol)
	outcomes, _ := db.Outcomes(t.Context(), last.ID)
	fs, _ := db.Findings(t.Context(), last.ID)
	db.Close()
	var struck string
	for id := demoshop.FirstID; id < demoshop.FirstID+listings; id++ {
		l, _ := ts.shop[0].Listing(id)
		if l.OriginalPrice > 0 {
			struck = l.ID
			if o := outcomes[l.ID]["fake-original-price"]; o != listing.OutcomeCouldNotCheck {
				t.Errorf("day 2: listing %s with a strike-through: fake-original-price %s, want could-not-check", l.ID, o)
			}
		}
	}
	for _, f := range fs {
		if f.Rule == "fake-original-price" || f.Rule == "price-guarantee-breach" {
			t.Errorf("day 2: unexpected %s on %s", f.Rule, f.ListingID)
		}
	}
	stdout, stderr, code := runAuditCLI(t, "history", struck, "--config", cfgPath, "--db", dbPath, "--lang", "en")
	if code != exitOK || !strings.Contains(stdout, "fake-original-price      could-not-check — insufficient history: 2 days of patrols") {
		t.Errorf("history %s at day 2: exit %d\n%s%s", struck, code, stdout, stderr)
	}

	for day := 3; day <= 9; day++ {
		patrolDay(day)
	}

	// The plan: the template, filled in for the designated listings.
	tmpl := filepath.Join(dir, "template.csv")
	if _, stderr, code := runAuditCLI(t, "audit", "--promo", "double11", "--template", tmpl, "--config", cfgPath, "--db", dbPath); code != exitOK {
		t.Fatalf("audit --template: exit %d: %s", code, stderr)
	}
	tb, _ := os.ReadFile(tmpl)
	if n := strings.Count(string(tb), "\n"); n != listings+1 || !strings.HasPrefix(string(tb), "\ufefflisting_id,title,current_price,presale_price,spot_price,planned_volume,stock\n") {
		t.Fatalf("template has %d lines, want header + %d:\n%.300s", n, listings, tb)
	}
	truth9 := ts.setDay(9).PromoTruth()
	plan := filepath.Join(dir, "plan.csv")
	writePlan(t, tmpl, plan, truth9, false)

	// A bad plan is refused before anything is written.
	runsBefore := queryInt(t, dbPath, "SELECT count(*) FROM runs")
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("listing_id,spot_price\n10001,9.999\n"), 0o644)
	_, stderr, code = runAuditCLI(t, "audit", "--promo", "double11", "--plan", bad, "--config", cfgPath, "--db", dbPath)
	if code != exitError || !strings.Contains(stderr, bad+":2: column 2 (spot_price)") {
		t.Errorf("bad plan: exit %d, stderr %q; want 2 naming file, line and column", code, stderr)
	}
	// An unreadable plan (a directory, a missing file) likewise.
	for _, unreadable := range []string{dir, filepath.Join(dir, "missing.csv")} {
		_, stderr, code = runAuditCLI(t, "audit", "--promo", "double11", "--plan", unreadable, "--config", cfgPath, "--db", dbPath)
		if code != exitError || !strings.Contains(stderr, unreadable) {
			t.Errorf("unreadable plan %s: exit %d, stderr %q; want 2 naming the file", unreadable, code, stderr)
		}
	}
	if n := queryInt(t, dbPath, "SELECT count(*) FROM runs"); n != runsBefore {
		t.Errorf("refused audits stored %d runs", n-runsBefore)
	}

	// The audit on day 9, after the day's patrol.
	out := filepath.Join(dir, "audit.md")
	stdout, stderr, code = runAuditCLI(t, "audit", "--promo", "double11", "--plan", plan, "--config", cfgPath, "--db", dbPath,
		"--out", out, "--lang", "en", "--quiet", "--now", at(9, 6*time.Hour).Format(time.RFC3339))
	t.Logf("audit day 9:\n%s", stdout)
	if code != exitFindings {
		t.Fatalf("audit day 9: exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	run, got, blocking := auditFindings(t, dbPath, planned)
	if run.Status != store.StatusComplete || run.Listings != listings || run.StartedAt.Sub(at(9, 6*time.Hour)).Abs() > time.Minute {
		t.Errorf("audit run %+v", run)
	}
	var want, wantBlocking []string
	for _, l := range truth9.Listings {
		for _, r := range l.Rules {
			want = append(want, l.ID+" "+r)
			if r != "price-guarantee-breach" { // medium: a warning
				wantBlocking = append(wantBlocking, l.ID+" "+r)
			}
		}
	}
	slices.Sort(want)
	slices.Sort(wantBlocking)
	if len(want) != 6 {
		t.Fatalf("day 9 truth plants %v, want the six problems", want)
	}
	if !slices.Equal(got, want) {
		t.Errorf("audit history/promotion findings:\n got %v\nwant %v", got, want)
	}
	if !slices.Equal(blocking, wantBlocking) {
		t.Errorf("blocking findings:\n got %v\nwant %v", blocking, wantBlocking)
	}
	verdicts := map[string]string{}
	for _, line := range strings.Split(stdout, "\n") {
		if f := strings.Fields(line); len(f) >= 2 && (planned[f[0]] || f[0] == "shop") && verdicts[f[0]] == "" {
			verdicts[f[0]] = f[1]
		}
	}
	for _, l := range truth9.Listings {
		wantV := "GO"
		if l.Role != "clean" && l.Role != "price-guarantee-breach" {
			wantV = "NO-GO"
		}
		if verdicts[l.ID] != wantV {
			t.Errorf("%s (%s): verdict %q, want %s", l.ID, l.Role, verdicts[l.ID], wantV)
		}
	}
	if verdicts["shop"] != "GO" {
		t.Errorf("shop verdict %q, want GO", verdicts["shop"])
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("audit report: %v", err)
	}
	stdout, _, _ = runAuditCLI(t, "history", roleID["price-guarantee-breach"], "--config", cfgPath, "--db", dbPath, "--lang", "en", "--sparkline", "always")
	if !strings.Contains(stdout, "price-guarantee-breach   fail") || !strings.ContainsAny(stdout, "▁█") {
		t.Errorf("history of the guarantee listing:\n%s", stdout)
	}

	// Fixed: the demo on its fixed day, the plan corrected.
	ts.setDay(demoshop.TravelFixedDay)
	fixedPlan := filepath.Join(dir, "fixed.csv")
	writePlan(t, tmpl, fixedPlan, truth9, true)
	stdout, stderr, code = runAuditCLI(t, "audit", "--promo", "double11", "--plan", fixedPlan, "--config", cfgPath, "--db", dbPath,
		"--out", filepath.Join(dir, "audit2.md"), "--lang", "en", "--quiet", "--now", at(demoshop.TravelFixedDay, 0).Format(time.RFC3339))
	if code != exitOK {
		t.Fatalf("audit after fixing: exit %d, want 0\n%s%s", code, stdout, stderr)
	}
	if _, got, blocking := auditFindings(t, dbPath, planned); len(got) != 0 || len(blocking) != 0 {
		t.Errorf("after fixing: findings %v, blocking %v; want none", got, blocking)
	}

	// --max-age reuses the day-9 patrol instead of fetching.
	_, stderr, code = runAuditCLI(t, "audit", "--promo", "double11", "--plan", fixedPlan, "--config", cfgPath, "--db", dbPath,
		"--out", filepath.Join(dir, "audit3.md"), "--quiet", "--max-age", "12h", "--now", at(9, 3*time.Hour).Format(time.RFC3339))
	if run, _, _ := auditFindings(t, dbPath, planned); !strings.Contains(run.Note, "prices and pages of patrol #") || code == exitError {
		t.Errorf("--max-age: exit %d, run %+v, stderr %s", code, run, stderr)
	}
}
