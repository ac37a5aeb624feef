package patrol

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/crawler"
	"github.com/xundian/xundian/demoshop"
	"github.com/xundian/xundian/store"
)

const demoListings = 200

// demoServer is the demo shop behind a handler that counts listing-page
// requests and, for paths in rewrite, serves a rewritten page instead.
type demoServer struct {
	shop *demoshop.Shop
	url  string

	mu          sync.Mutex
	listingReqs int
	conditional int // listing requests with If-None-Match
	notModified int // listing responses 304
	freightReqs int
	// rewrite maps a listing path to a function of the page body; the
	// request is answered unconditionally, without validators.
	rewrite map[string]func([]byte) []byte
}

func startDemo(t testing.TB) *demoServer {
	t.Helper()
	shop, err := demoshop.New(demoshop.Options{Listings: demoListings, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	d := &demoServer{shop: shop, rewrite: map[string]func([]byte) []byte{}}
	inner := shop.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.Path
		if r.URL.RawQuery != "" {
			path += "?" + r.URL.RawQuery
		}
		if strings.HasPrefix(path, "/freight/") {
			d.mu.Lock()
			d.freightReqs++
			d.mu.Unlock()
		}
		if !strings.HasPrefix(path, "/item/") && !strings.HasPrefix(path, "/detail.htm") {
			inner.ServeHTTP(w, r)
			return
		}
		d.mu.Lock()
		d.listingReqs++
		if r.Header.Get("If-None-Match") != "" {
			d.conditional++
		}
		rw := d.rewrite[strings.SplitN(path, "&", 2)[0]]
		d.mu.Unlock()
		if rw != nil {
			r = r.Clone(r.Context())
			r.Header.Del("If-None-Match")
			r.Header.Del("If-Modified-Since")
			rec := httptest.NewRecorder()
			inner.ServeHTTP(rec, r)
			body := rw(rec.Body.Bytes())
			w.Header().Set("Content-Type", rec.Header().Get("Content-Type"))
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(rec.Code)
			_, _ = w.Write(body)
			return
		}
		sw := &statusWriter{ResponseWriter: w}
		inner.ServeHTTP(sw, r)
		if sw.status == http.StatusNotModified {
			d.mu.Lock()
			d.notModified++
			d.mu.Unlock()
		}
	}))
	t.Cleanup(srv.Close)
	d.url = srv.URL
	return d
}

// counts returns the counters under the lock (handlers may still run).
func (d *demoServer) counts() (listingReqs, conditional, notModified, freightReqs int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.listingReqs, d.conditional, d.notModified, d.freightReqs
}

func (d *demoServer) setRewrite(path string, fn func([]byte) []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.rewrite[path] = fn
}

func (d *demoServer) reset() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.listingReqs, d.conditional, d.notModified, d.freightReqs = 0, 0, 0, 0
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// demoCrawlConfig is the crawler section of the shipped config.yaml,
// pointed at base.
func demoCrawlConfig(base string) crawler.Config {
	return crawler.Config{
		StartURLs:        []string{base + "/list?page=1"},
		SitemapURL:       base + "/sitemap.xml",
		ItemURLTemplate:  base + "/item/{id}.html",
		ItemURLPattern:   `/(?:item/(?P<id>\d+)\.html|detail\.htm\?id=(?P<id>\d+))`,
		NextPageSelector: "a.next@href",
		AllowedDomains:   []string{"127.0.0.1"},
		Parallelism:      4,
		Timeout:          15 * time.Second,
		Retries:          3,
		UserAgent:        "xundian/0.1 (own-shop patrol)",
		MaxBodyBytes:     5242880,
		MaxRedirects:     5,
		StripParams:      []string{"spm", "scm", "utm_*", "pvid", "trackInfo", "abbucket", "ali_refid", "ali_trackid"},
		Selectors: crawler.Selectors{
			ID:                "h1[data-item-id]@data-item-id",
			Title:             ".tb-detail-hd h1, h1.product-title",
			Price:             ".tm-price em",
			PromoPrice:        ".tm-promo-price em",
			OriginalPrice:     ".tm-price-orig em",
			SKU:               "ul.tb-sku li",
			SKUID:             "@data-sku-id",
			SKUPrice:          "@data-price",
			SKUStock:          "@data-stock",
			MainImages:        ".tb-gallery img, .gallery img",
			DescriptionImages: ".tb-description img, .desc img",
			AttributeRow:      "ul.attributes-list li",
			AttributeName:     ".attr-name",
			AttributeValue:    ".attr-value",
			Description:       ".tb-description, .desc",
			ServiceText:       ".tb-service, .service-promise",
			Payment:           ".tb-payment",
			COD:               ".tb-payment@data-cod",
			HandlingTime:      ".tb-delivery@data-handling-hours",
			ReturnExempt:      ".tb-return@data-exempt",
			Stock:             ".tb-stock@data-stock",
			FreightURL:        "#J_Freight@data-freight-url",
		},
		Freight: crawler.DefaultFreightMapping,
	}
}

type fixture struct {
	demo *demoServer
	db   *store.DB
	opts Options
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	demo := startDemo(t)
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "xundian.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	eng, err := checks.NewEngine(checks.Settings{AuthorizedBrands: []string{"巡店优选", "凯蒂猫", "Hello Kitty"}})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{demo: demo, db: db, opts: Options{
		Kind: store.KindPatrol, Shop: "demo", Crawl: demoCrawlConfig(demo.url),
		Engine: eng, PartialRatio: 0.05, Incremental: true,
	}}
}

func (f *fixture) patrol(t *testing.T) Result {
	t.Helper()
	f.demo.reset()
	res, err := Run(t.Context(), f.db, f.opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.Run.Status != store.StatusComplete {
		t.Fatalf("run %d status %s (%s), want complete", res.Run.ID, res.Run.Status, res.Run.Note)
	}
	s := res.Crawl.Stats
	if s.Discovered != demoListings || s.Discovered != s.Listings+s.Unchanged+s.Failed+s.Duplicates {
		t.Errorf("run %d stats %+v: want %d discovered, each accounted for", res.Run.ID, s, demoListings)
	}
	if res.Run.Listings != demoListings {
		t.Errorf("run %d stored %d listings, want %d", res.Run.ID, res.Run.Listings, demoListings)
	}
	return res
}

func fingerprints(t *testing.T, db *store.DB, runID int64) []string {
	t.Helper()
	fs, err := db.Findings(t.Context(), runID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		out = append(out, f.Fingerprint)
	}
	slices.Sort(out)
	return out
}

// TestIncrementalRepatrol patrols an unchanged shop twice: the second run
// asks for every listing conditionally, parses and checks none, and holds
// the first run's findings, all open.
func TestIncrementalRepatrol(t *testing.T) {
	f := newFixture(t)
	start := time.Now()
	first := f.patrol(t)
	firstTook := time.Since(start)
	if s := first.Crawl.Stats; s.Listings != demoListings || s.Unchanged != 0 {
		t.Fatalf("first run stats %+v: want every listing parsed", s)
	}
	if _, cond, _, _ := f.demo.counts(); cond != 0 {
		t.Errorf("first run sent %d conditional requests, want 0", cond)
	}
	want := fingerprints(t, f.db, first.Run.ID)
	if len(want) == 0 {
		t.Fatal("first run found nothing; the demo shop plants violations")
	}

	start = time.Now()
	second := f.patrol(t)
	t.Logf("first patrol %v, incremental re-patrol %v", firstTook, time.Since(start))
	s := second.Crawl.Stats
	if s.Listings != 0 || s.Unchanged != demoListings {
		t.Errorf("second run stats %+v: want 0 listings parsed, %d unchanged", s, demoListings)
	}
	reqs, cond, notMod, freight := f.demo.counts()
	if reqs != demoListings || cond != reqs || notMod != reqs {
		t.Errorf("second run: %d listing requests, %d with If-None-Match, %d answered 304; want %d of each",
			reqs, cond, notMod, demoListings)
	}
	if freight != 0 {
		t.Errorf("second run fetched %d freight templates, want 0", freight)
	}
	if diff := cmp.Diff(want, fingerprints(t, f.db, second.Run.ID)); diff != "" {
		t.Errorf("second run findings (-first +second):\n%s", diff)
	}
	diff, err := f.db.Diff(t.Context(), second.Run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !diff.HasBase || diff.Base.ID != first.Run.ID {
		t.Errorf("diff base %+v (has %v), want run %d", diff.Base, diff.HasBase, first.Run.ID)
	}
	if len(diff.New) != 0 || len(diff.Resolved) != 0 || len(diff.Removed) != 0 || len(diff.Unconfirmed) != 0 ||
		len(diff.Open) != len(want) {
		t.Errorf("diff: %d new, %d open, %d resolved, %d removed, %d unconfirmed; want %d open only",
			len(diff.New), len(diff.Open), len(diff.Resolved), len(diff.Removed), len(diff.Unconfirmed), len(want))
	}
	for _, fd := range diff.Open {
		if !fd.Carried {
			t.Errorf("finding %s of listing %s not marked carried", fd.Rule, fd.ListingID)
			break
		}
	}
	outcomes, err := f.db.Outcomes(t.Context(), second.Run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(outcomes) != demoListings {
		t.Errorf("second run holds outcomes of %d listings, want %d", len(outcomes), demoListings)
	}

	// A third incremental run carries from the carried snapshots.
	third := f.patrol(t)
	if s := third.Crawl.Stats; s.Unchanged != demoListings {
		t.Errorf("third run stats %+v: want %d unchanged", s, demoListings)
	}
	if diff := cmp.Diff(want, fingerprints(t, f.db, third.Run.ID)); diff != "" {
		t.Errorf("third run findings (-first +third):\n%s", diff)
	}
}

// TestFullRepatrol: without Incremental every listing is fetched
// unconditionally and checked again, and a later incremental run still
// finds the validators.
func TestFullRepatrol(t *testing.T) {
	f := newFixture(t)
	f.opts.Incremental = false
	f.patrol(t)
	full := f.patrol(t)
	if s := full.Crawl.Stats; s.Listings != demoListings || s.Unchanged != 0 {
		t.Errorf("full run stats %+v: want every listing parsed", s)
	}
	if _, cond, _, _ := f.demo.counts(); cond != 0 {
		t.Errorf("full run sent %d conditional requests, want 0", cond)
	}
	f.opts.Incremental = true
	if s := f.patrol(t).Crawl.Stats; s.Unchanged != demoListings {
		t.Errorf("incremental run after full runs: stats %+v, want %d unchanged", s, demoListings)
	}

	// Another check configuration invalidates every validator.
	f.opts.CheckKey = "settings v2"
	if s := f.patrol(t).Crawl.Stats; s.Listings != demoListings {
		t.Errorf("run under a new check key: stats %+v, want every listing parsed", s)
	}
}

// TestIncrementalDetectsChange: a listing whose page changed is parsed and
// checked again; one answered 200 with the same body is not.
func TestIncrementalDetectsChange(t *testing.T) {
	f := newFixture(t)
	first := f.patrol(t)
	stored, err := f.db.Findings(t.Context(), first.Run.ID)
	if err != nil || len(stored) == 0 {
		t.Fatalf("first run findings: %v, %d", err, len(stored))
	}
	changedID := stored[0].ListingID
	var sameID string
	for id := demoshop.FirstID; id < demoshop.FirstID+demoListings; id++ {
		if s := strconv.Itoa(id); s != changedID {
			sameID = s
			break
		}
	}
	pathOf := func(id string) string {
		n, _ := strconv.Atoi(id)
		p, ok := f.demo.shop.Path(n)
		if !ok {
			t.Fatalf("no path for listing %s", id)
		}
		return p
	}
	f.demo.setRewrite(pathOf(changedID), func(b []byte) []byte {
		return append(slices.Clip(b), "\n<!-- revised -->\n"...)
	})
	f.demo.setRewrite(pathOf(sameID), func(b []byte) []byte { return b })

	second := f.patrol(t)
	s := second.Crawl.Stats
	if s.Listings != 1 || s.Unchanged != demoListings-1 {
		t.Errorf("stats %+v: want 1 listing parsed, %d unchanged", s, demoListings-1)
	}
	if _, _, notMod, _ := f.demo.counts(); notMod != demoListings-2 {
		t.Errorf("%d listing requests answered 304, want %d", notMod, demoListings-2)
	}
	before, _, err := f.db.Snapshot(t.Context(), first.Run.ID, changedID)
	if err != nil {
		t.Fatal(err)
	}
	after, ok, err := f.db.Snapshot(t.Context(), second.Run.ID, changedID)
	if err != nil || !ok {
		t.Fatalf("snapshot of %s in run %d: %v, %v", changedID, second.Run.ID, ok, err)
	}
	if after.ContentHash == before.ContentHash {
		t.Errorf("changed listing %s kept content hash %s", changedID, after.ContentHash)
	}
	after2, ok, err := f.db.Snapshot(t.Context(), second.Run.ID, sameID)
	if err != nil || !ok {
		t.Fatalf("snapshot of %s in run %d: %v, %v", sameID, second.Run.ID, ok, err)
	}
	before2, _, _ := f.db.Snapshot(t.Context(), first.Run.ID, sameID)
	if after2.ContentHash != before2.ContentHash {
		t.Errorf("same-body listing %s: content hash %s, want %s", sameID, after2.ContentHash, before2.ContentHash)
	}
	cur, err := f.db.Findings(t.Context(), second.Run.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range cur {
		if fd.Carried != (fd.ListingID != changedID) {
			t.Errorf("finding %s of listing %s: carried %v", fd.Rule, fd.ListingID, fd.Carried)
		}
	}
	diff, err := f.db.Diff(t.Context(), second.Run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(diff.New) != 0 || len(diff.Resolved) != 0 || len(diff.Removed) != 0 {
		t.Errorf("diff: %d new, %d resolved, %d removed; want none (the change is cosmetic)",
			len(diff.New), len(diff.Resolved), len(diff.Removed))
	}

	// The rewritten page's new hash is cached: next time the same
	// rewritten body is unchanged too.
	third := f.patrol(t)
	if s := third.Crawl.Stats; s.Listings != 0 || s.Unchanged != demoListings {
		t.Errorf("third run stats %+v: want every listing unchanged", s)
	}
}

// TestIncrementalTrustsSitemapLastMod: with crawl.trust_sitemap_lastmod an
// unchanged shop whose sitemap states lastmod is re-patrolled without a
// single listing request (index pages list the same listings first; the
// sitemap's lastmod still applies), with the first run's findings; once
// the last validation is older than RevalidateAfter every page is asked
// for again, conditionally, and validated anew.
func TestIncrementalTrustsSitemapLastMod(t *testing.T) {
	f := newFixture(t)
	f.opts.Crawl.TrustLastMod = true
	f.opts.Crawl.RevalidateAfter = 72 * time.Hour
	clock := time.Now()
	f.opts.Now = func() time.Time { return clock }
	first := f.patrol(t)
	want := fingerprints(t, f.db, first.Run.ID)

	clock = clock.Add(24 * time.Hour)
	second := f.patrol(t)
	if s := second.Crawl.Stats; s.Unchanged != demoListings || s.NotRequested != demoListings {
		t.Errorf("second run stats %+v: want %d unchanged, none requested", s, demoListings)
	}
	if reqs, _, _, freight := f.demo.counts(); reqs != 0 || freight != 0 {
		t.Errorf("second run: %d listing and %d freight requests, want none", reqs, freight)
	}
	if diff := cmp.Diff(want, fingerprints(t, f.db, second.Run.ID)); diff != "" {
		t.Errorf("second run findings (-first +second):\n%s", diff)
	}

	clock = clock.Add(72 * time.Hour)
	third := f.patrol(t)
	if s := third.Crawl.Stats; s.Unchanged != demoListings || s.NotRequested != 0 {
		t.Errorf("third run (validation 4 days old) stats %+v: want every listing requested", s)
	}
	if reqs, cond, notMod, _ := f.demo.counts(); reqs != demoListings || cond != reqs || notMod != reqs {
		t.Errorf("third run: %d listing requests, %d conditional, %d answered 304; want %d of each", reqs, cond, notMod, demoListings)
	}
	// Validated on day 4: trusted again the day after.
	clock = clock.Add(24 * time.Hour)
	if s := f.patrol(t).Crawl.Stats; s.NotRequested != demoListings {
		t.Errorf("fourth run stats %+v: want %d carried on lastmod", s, demoListings)
	}
	if diff := cmp.Diff(want, fingerprints(t, f.db, f.patrol(t).Run.ID)); diff != "" {
		t.Errorf("fifth run findings (-first +fifth):\n%s", diff)
	}
}
