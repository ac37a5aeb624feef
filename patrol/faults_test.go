package patrol

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/demoshop"
	"github.com/xundian/xundian/store"
)

// swapServer serves whichever handler was set last, so one database can
// patrol the same shop with and without faults.
type swapServer struct {
	url string
	h   atomic.Pointer[http.Handler]
}

func newSwapServer(t *testing.T, h http.Handler) *swapServer {
	t.Helper()
	s := &swapServer{}
	s.set(h)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(*s.h.Load()).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

func (s *swapServer) set(h http.Handler) { s.h.Store(&h) }

// faultOptions are patrol options for a fault test: no delays, short
// timeouts and backoff, every page fetched (no conditional requests).
func faultOptions(t *testing.T, base string) Options {
	t.Helper()
	eng, err := checks.NewEngine(checks.Settings{AuthorizedBrands: []string{"巡店优选", "凯蒂猫", "Hello Kitty"}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := demoCrawlConfig(base)
	cfg.Parallelism = 8
	cfg.Timeout = 300 * time.Millisecond
	cfg.RetryBackoff = 5 * time.Millisecond
	cfg.Retries = 3
	return Options{Kind: store.KindPatrol, Shop: "demo", Crawl: cfg, Engine: eng, PartialRatio: 0.05}
}

func findingsByListing(t *testing.T, db *store.DB, runID int64) (map[string][]string, []store.StoredFinding) {
	t.Helper()
	fs, err := db.Findings(t.Context(), runID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, f := range fs {
		out[f.ListingID] = append(out[f.ListingID], f.Fingerprint)
	}
	return out, fs
}

// accounted checks the crawl's identity: every discovered listing ended
// checked or failed (with a reason), none twice, n in all.
func accounted(t *testing.T, db *store.DB, res Result, n int) (failed map[string]string) {
	t.Helper()
	s := res.Crawl.Stats
	if s.Discovered != n || s.Discovered != s.Listings+s.Unchanged+s.Failed+s.Duplicates {
		t.Errorf("run %d: stats %+v: want %d discovered = listings + unchanged + failed + duplicates", res.Run.ID, s, n)
	}
	fails, err := db.Failures(t.Context(), res.Run.ID)
	if err != nil {
		t.Fatal(err)
	}
	failed = map[string]string{}
	for _, f := range fails {
		if f.ListingID == "" {
			continue
		}
		if f.Err == "" {
			t.Errorf("run %d: failure of %s has no reason", res.Run.ID, f.URL)
		}
		failed[f.ListingID] = f.Err
	}
	checked := 0
	for id := demoshop.FirstID; id < demoshop.FirstID+n; id++ {
		lid := strconv.Itoa(id)
		_, ok, err := db.Snapshot(t.Context(), res.Run.ID, lid)
		if err != nil {
			t.Fatal(err)
		}
		_, bad := failed[lid]
		switch {
		case ok && bad:
			t.Errorf("run %d: listing %s both checked and failed", res.Run.ID, lid)
		case !ok && !bad:
			t.Errorf("run %d: listing %s neither checked nor failed", res.Run.ID, lid)
		case ok:
			checked++
		}
	}
	if checked+len(failed) != n || s.Failed != len(failed) {
		t.Errorf("run %d: %d checked + %d failed (crawler says %d), want %d in all", res.Run.ID, checked, len(failed), s.Failed, n)
	}
	t.Logf("run %d (%s): %d/%d listings accounted for: %d checked, %d fetch-failed; %d pages fetched",
		res.Run.ID, res.Run.Status, checked+len(failed), n, checked, len(failed), s.PagesFetched)
	return failed
}

// TestPatrolUnderFaults patrols a 2,000-listing shop three times into one
// database: clean; with 5% 5xx, 2% timeouts, 2% 429s, 1% slow bodies and
// 1% cut connections plus 120 listings with findings that always answer
// 500; clean again. The faulty run accounts for every listing, checks every
// transiently failing one after retries, loses no finding (the 120
// listings' findings are carried, open, none resolved) and is partial
// (120/2000 > crawl.partial_ratio 0.05); the third (incremental) run's diff
// baseline is the first run, not the partial one.
func TestPatrolUnderFaults(t *testing.T) {
	const n = 2000
	shop, err := demoshop.New(demoshop.Options{Listings: n, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	srv := newSwapServer(t, shop.Handler())
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "xundian.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	opts := faultOptions(t, srv.url)

	// Run 1: clean, the baseline.
	r1, err := Run(t.Context(), db, opts)
	if err != nil || r1.Run.Status != store.StatusComplete {
		t.Fatalf("clean run: %v, status %s (%s)", err, r1.Run.Status, r1.Run.Note)
	}
	accounted(t, db, r1, n)
	base, baseFindings := findingsByListing(t, db, r1.Run.ID)

	// 120 listings with findings fail permanently in run 2.
	var permanent []int
	for id := demoshop.FirstID; id < demoshop.FirstID+n && len(permanent) < 120; id += 3 {
		if len(base[strconv.Itoa(id)]) > 0 {
			permanent = append(permanent, id)
		}
	}
	if len(permanent) < 120 {
		t.Fatalf("only %d listings with findings", len(permanent))
	}
	faults, err := shop.WithFaults(demoshop.FaultSpec{
		Seed: 1, AlwaysFail: permanent,
		Rates: map[demoshop.Fault]float64{demoshop.Fault5xx: 0.05, demoshop.FaultTimeout: 0.02,
			demoshop.Fault429: 0.02, demoshop.FaultSlow: 0.01, demoshop.FaultTruncated: 0.01},
		Hang: 5 * time.Second, Slow: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.set(faults)
	r2, err := Run(t.Context(), db, opts)
	if err != nil {
		t.Fatalf("faulty run: %v", err)
	}
	failed := accounted(t, db, r2, n)
	injected := faults.Injected()
	t.Logf("faults injected: %v", injected)
	for _, f := range []demoshop.Fault{demoshop.Fault5xx, demoshop.FaultTimeout, demoshop.Fault429, demoshop.FaultSlow, demoshop.FaultTruncated} {
		if injected[f] == 0 {
			t.Errorf("no %s fault was injected", f)
		}
	}

	// Exactly the permanent listings failed, each with its reason; every
	// transiently failing listing was retried and checked.
	var wantFailed []string
	for _, id := range permanent {
		wantFailed = append(wantFailed, strconv.Itoa(id))
	}
	gotFailed := slices.Sorted(func(yield func(string) bool) {
		for id := range failed {
			if !yield(id) {
				return
			}
		}
	})
	slices.Sort(wantFailed)
	if !slices.Equal(gotFailed, wantFailed) {
		t.Errorf("failed listings %v, want the %d permanent ones %v", gotFailed, len(wantFailed), wantFailed)
	}
	for id, reason := range failed {
		if !strings.Contains(reason, "HTTP 500") {
			t.Errorf("listing %s failed with %q, want HTTP 500", id, reason)
		}
	}
	transient := 0
	for id := demoshop.FirstID; id < demoshop.FirstID+n; id++ {
		p, _ := shop.Path(id)
		if plan := faults.Plan(p); plan.Fault.Transient() && !slices.Contains(permanent, id) {
			transient++
			if _, bad := failed[strconv.Itoa(id)]; bad {
				t.Errorf("listing %d (%s, %d failures) was not retried into a check", id, plan.Fault, plan.Failures)
			}
		}
	}
	t.Logf("%d listings failed transiently and were checked on a retry", transient)
	if transient < 150 {
		t.Errorf("only %d listings had transient faults, want about 220", transient)
	}

	// No finding lost, none resolved: the failed listings' findings are
	// carried into run 2 and stay open.
	got, r2Findings := findingsByListing(t, db, r2.Run.ID)
	lost := 0
	for lid, fps := range base {
		if !slices.Equal(slices.Sorted(slices.Values(got[lid])), slices.Sorted(slices.Values(fps))) {
			lost++
			t.Errorf("listing %s: findings %v in the faulty run, %v in the clean one", lid, got[lid], fps)
		}
	}
	carried := 0
	for _, f := range r2Findings {
		_, bad := failed[f.ListingID]
		if f.Carried != bad {
			t.Errorf("finding %s on listing %s: carried=%v, want %v", f.Rule, f.ListingID, f.Carried, bad)
		}
		if f.Carried {
			carried++
		}
	}
	d2, err := db.Diff(t.Context(), r2.Run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d2.Base.ID != r1.Run.ID || len(d2.New) != 0 || len(d2.Resolved) != 0 || len(d2.Removed) != 0 || len(d2.Open) != len(baseFindings) {
		t.Errorf("faulty run's diff: base %d, %d new, %d open, %d resolved, %d removed; want base %d, 0, %d, 0, 0",
			d2.Base.ID, len(d2.New), len(d2.Open), len(d2.Resolved), len(d2.Removed), r1.Run.ID, len(baseFindings))
	}
	t.Logf("findings: %d in the clean run, %d in the faulty run (%d carried from failed listings), %d lost, %d resolved",
		len(baseFindings), len(r2Findings), carried, lost, len(d2.Resolved))

	// 120/2000 = 6% > partial_ratio 5%: partial.
	if r2.Run.Status != store.StatusPartial || !strings.Contains(r2.Run.Note, "120 of 2000 listings failed") {
		t.Errorf("faulty run: status %s (%q), want partial: 120 of 2000 listings failed", r2.Run.Status, r2.Run.Note)
	}

	// Run 3: clean again. Its baseline is run 1, the last complete run,
	// never the partial run 2.
	// Incremental (as a nightly patrol runs): unchanged pages answer 304
	// and are carried, which keeps this third pass over 2,000 pages cheap.
	srv.set(shop.Handler())
	opts.Incremental = true
	r3, err := Run(t.Context(), db, opts)
	if err != nil || r3.Run.Status != store.StatusComplete {
		t.Fatalf("third run: %v, status %s (%s)", err, r3.Run.Status, r3.Run.Note)
	}
	d3, err := db.Diff(t.Context(), r3.Run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !d3.HasBase || d3.Base.ID != r1.Run.ID {
		t.Errorf("third run's baseline is run %d (has %v), want run %d: a partial run is never a baseline", d3.Base.ID, d3.HasBase, r1.Run.ID)
	}
	if len(d3.New) != 0 || len(d3.Resolved) != 0 || len(d3.Open) != len(baseFindings) {
		t.Errorf("third run's diff: %d new, %d open, %d resolved; want 0, %d, 0", len(d3.New), len(d3.Open), len(d3.Resolved), len(baseFindings))
	}
}

// TestPatrolHostileContent patrols a shop serving broken HTML, oversized
// pages, redirect loops, missing or wrong charsets, and links on every
// HTML page to another server on loopback (listing links, next-page links,
// images, a freight template): every listing is accounted for, oversized
// pages and redirect loops fail with their reason, and the other server
// gets no request.
func TestPatrolHostileContent(t *testing.T) {
	const n = 300
	shop, err := demoshop.New(demoshop.Options{Listings: n, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	var foreignHits atomic.Int64
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreignHits.Add(1)
		shop.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(foreign.Close)
	fport := foreign.URL[strings.LastIndex(foreign.URL, ":")+1:]
	srv := newSwapServer(t, shop.Handler())
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "xundian.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	opts := faultOptions(t, srv.url)
	// Only the shop's own host:port: the other server shares its IP.
	opts.Crawl.AllowedDomains = []string{strings.TrimPrefix(srv.url, "http://")}
	opts.Crawl.MaxBodyBytes = 1 << 20
	opts.PartialRatio = 0.2

	r1, err := Run(t.Context(), db, opts)
	if err != nil || r1.Run.Status != store.StatusComplete {
		t.Fatalf("clean run: %v, status %s (%s)", err, r1.Run.Status, r1.Run.Note)
	}
	base, _ := findingsByListing(t, db, r1.Run.ID)

	faults, err := shop.WithFaults(demoshop.FaultSpec{
		Seed: 2, OversizedBytes: 2 << 20,
		ForeignURLs: []string{foreign.URL + "/item/10001.html", "http://localhost:" + fport + "/detail.htm?id=10002",
			foreign.URL + "/list?page=1", "http://127.0.0.2:" + fport + "/item/10003.html"},
		Rates: map[demoshop.Fault]float64{demoshop.FaultMalformed: 0.05, demoshop.FaultOversized: 0.03,
			demoshop.FaultRedirectLoop: 0.03, demoshop.FaultBadCharset: 0.1, demoshop.FaultForeignLinks: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.set(faults)
	r2, err := Run(t.Context(), db, opts)
	if err != nil {
		t.Fatalf("hostile run: %v", err)
	}
	failed := accounted(t, db, r2, n)
	got, _ := findingsByListing(t, db, r2.Run.ID)
	byFault := map[demoshop.Fault][3]int{} // listings, failed, findings differ
	for id := demoshop.FirstID; id < demoshop.FirstID+n; id++ {
		lid := strconv.Itoa(id)
		p, _ := shop.Path(id)
		plan := faults.Plan(p)
		c := byFault[plan.Fault]
		c[0]++
		reason, bad := failed[lid]
		if bad {
			c[1]++
		}
		if !slices.Equal(slices.Sorted(slices.Values(got[lid])), slices.Sorted(slices.Values(base[lid]))) {
			c[2]++
		}
		byFault[plan.Fault] = c
		switch plan.Fault {
		case demoshop.FaultOversized:
			if !strings.Contains(reason, "max_body_bytes") {
				t.Errorf("oversized listing %s: failure %q, want max_body_bytes", lid, reason)
			}
		case demoshop.FaultRedirectLoop:
			if !strings.Contains(reason, "redirects") {
				t.Errorf("redirect-loop listing %s: failure %q, want the redirect limit", lid, reason)
			}
		case "":
			if bad {
				t.Errorf("listing %s without a fault failed: %s", lid, reason)
			}
		}
	}
	for f, c := range byFault {
		name := string(f)
		if name == "" {
			name = "none (foreign links only)"
		}
		t.Logf("%-28s %3d listings, %3d fetch-failed, %3d with findings different from the clean run", name, c[0], c[1], c[2])
	}
	if byFault[demoshop.FaultOversized][0] == 0 || byFault[demoshop.FaultRedirectLoop][0] == 0 || byFault[demoshop.FaultMalformed][0] == 0 {
		t.Errorf("some hostile fault planned on no listing: %v", byFault)
	}
	// A failed page carries its findings; a page read despite a missing or
	// wrong charset or added links yields the clean page's findings.
	for f, c := range byFault {
		if c[2] != 0 {
			t.Errorf("%d listings with fault %q have findings different from the clean run", c[2], f)
		}
	}
	d, err := db.Diff(t.Context(), r2.Run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Resolved) != 0 || len(d.New) != 0 {
		t.Errorf("hostile run: %d findings resolved and %d new, want none: the shop did not change", len(d.Resolved), len(d.New))
	}
	t.Logf("hostile run: status %s, diff: %d new, %d open, %d resolved; foreign links injected into %d pages",
		r2.Run.Status, len(d.New), len(d.Open), len(d.Resolved), faults.Injected()[demoshop.FaultForeignLinks])
	if faults.Injected()[demoshop.FaultForeignLinks] < n {
		t.Errorf("foreign links injected into %d pages, want every HTML page", faults.Injected()[demoshop.FaultForeignLinks])
	}
	if hits := foreignHits.Load(); hits != 0 {
		t.Errorf("the server outside allowed_domains got %d requests, want 0", hits)
	}
}
