package store

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// batchOf returns a batch of checked listings with their archived pages
// and page-cache entries, as the patrol writer builds it.
func batchOf(ids ...string) Batch {
	var b Batch
	for _, id := range ids {
		r := result(id)
		p := page("<h1>"+id+"</h1>", r.Listing.FetchedAt)
		r.Listing.ContentHash = p.Hash
		b.Results = append(b.Results, r)
		b.Pages = append(b.Pages, p)
		b.Cache = append(b.Cache, PageValidator{URL: r.Listing.URL, ListingID: id,
			ContentHash: p.Hash, CheckKey: "k", FetchedAt: r.Listing.FetchedAt})
	}
	return b
}

func TestSaveBatch(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	first, _ := db.StartRun(ctx, KindPatrol, "demo", t0)
	b := batchOf("10001", "10002")
	b.Results[1] = result("10002", finding("10002", "price-mismatch", "¥59"))
	b.Results[1].Listing.ContentHash = b.Pages[1].Hash
	if err := db.SaveBatch(ctx, first.ID, b); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishRun(ctx, first.ID, StatusComplete, t0, RunStats{}); err != nil {
		t.Fatal(err)
	}
	for _, p := range b.Pages {
		if got, err := db.ArchivedPage(ctx, p.Hash); err != nil || string(got.Body) != string(p.Body) {
			t.Errorf("ArchivedPage(%s) = %q, %v; want the page", p.Hash[:8], got.Body, err)
		}
	}
	cache, err := db.LoadPageCache(ctx, KindPatrol, "k")
	if err != nil || len(cache) != 2 {
		t.Fatalf("LoadPageCache = %v, %v; want both listings", cache, err)
	}
	fs, err := db.Findings(ctx, first.ID)
	if err != nil || len(fs) != 1 || fs[0].ListingID != "10002" {
		t.Fatalf("Findings = %v, %v; want the one of 10002", fs, err)
	}

	// The next run carries 10002 forward and checks 10001 again.
	next, _ := db.StartRun(ctx, KindPatrol, "demo", t0.Add(24*time.Hour))
	again := batchOf("10001")
	again.Carried = []string{"10002"}
	if err := db.SaveBatch(ctx, next.ID, again); err != nil {
		t.Fatal(err)
	}
	fs, err = db.Findings(ctx, next.ID)
	if err != nil || len(fs) != 1 || !fs[0].Carried {
		t.Errorf("Findings of the carrying run = %v, %v; want 10002's, carried", fs, err)
	}
	out, err := db.Outcomes(ctx, next.ID)
	if err != nil || len(out) != 2 {
		t.Errorf("Outcomes of the carrying run = %v, %v; want both listings'", out, err)
	}
}

// TestSaveBatchAllOrNothing refuses a batch for each part that can be
// refused and checks nothing of it was written: no page, no result, no
// cache entry.
func TestSaveBatchAllOrNothing(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	run, _ := db.StartRun(ctx, KindPatrol, "demo", t0)
	cases := map[string]struct {
		spoil func(*Batch)
		want  string
	}{
		"tampered page": {func(b *Batch) { b.Pages[1].Body = []byte("tampered") }, "archive pages: hash"},
		"finding without fingerprint": {func(b *Batch) {
			b.Results[1] = result("10002", finding("10002", "price-mismatch", "¥59"))
			b.Results[1].Findings[0].Fingerprint = ""
		},
			"save results: listing 10002"},
		"never checked carried":   {func(b *Batch) { b.Carried = []string{"99999"} }, "carry forward: listing 99999"},
		"cache entry without URL": {func(b *Batch) { b.Cache[1].URL = "" }, "save page cache: page"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			b := batchOf("10001", "10002")
			c.spoil(&b)
			err := db.SaveBatch(ctx, run.ID, b)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("SaveBatch = %v, want %s…", err, c.want)
			}
			if _, err := db.ArchivedPage(ctx, b.Pages[0].Hash); !errors.Is(err, ErrNotFound) {
				t.Errorf("page of a refused batch archived (%v)", err)
			}
			if out, _ := db.Outcomes(ctx, run.ID); len(out) != 0 {
				t.Errorf("outcomes of a refused batch saved: %v", out)
			}
			var n int
			if err := db.sql.QueryRowContext(ctx, "SELECT count(*) FROM page_cache").Scan(&n); err != nil || n != 0 {
				t.Errorf("%d page-cache entries of a refused batch saved (%v)", n, err)
			}
		})
	}
}
