package crawler

import (
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// TestCrawlTrustsSitemapLastMod: with TrustLastMod, a listing whose
// sitemap lastmod is the one it was validated with is carried forward
// without a request; a moved lastmod, a page with none, a validation older
// than RevalidateAfter, or a crawl that does not trust lastmod all request
// the page (conditionally), and the validator comes back with the lastmod
// and a new validation time.
func TestCrawlTrustsSitemapLastMod(t *testing.T) {
	now := time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)
	lastmods := map[int]string{1: "2026-11-01T00:00:00Z", 2: "2026-11-21T00:00:00Z", 3: "", 4: "2026-10-01T00:00:00Z"}
	var mu sync.Mutex
	requested := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sitemap.xml" {
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for id := 1; id <= 4; id++ {
				fmt.Fprintf(w, `<url><loc>http://%s/item/%d.html</loc>`, r.Host, id)
				if lm := lastmods[id]; lm != "" {
					fmt.Fprintf(w, `<lastmod> %s </lastmod>`, lm)
				}
				fmt.Fprint(w, `</url>`)
			}
			fmt.Fprint(w, `</urlset>`)
			return
		}
		mu.Lock()
		requested[r.URL.Path]++
		mu.Unlock()
		etag := `"same"`
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, `<html><body><h1>商品</h1></body></html>`)
	}))
	defer srv.Close()

	validatedAt := now.Add(-24 * time.Hour)
	cache := map[string]Validator{
		// lastmod as validated: no request
		srv.URL + "/item/1.html": {ListingID: "1", ETag: `"same"`, LastMod: "2026-11-01T00:00:00Z", ValidatedAt: validatedAt},
		// lastmod moved since: requested
		srv.URL + "/item/2.html": {ListingID: "2", ETag: `"same"`, LastMod: "2026-11-01T00:00:00Z", ValidatedAt: validatedAt},
		// the sitemap gives no lastmod: requested
		srv.URL + "/item/3.html": {ListingID: "3", ETag: `"same"`, LastMod: "", ValidatedAt: validatedAt},
		// lastmod as validated, but validated too long ago: requested
		srv.URL + "/item/4.html": {ListingID: "4", ETag: `"same"`, LastMod: "2026-10-01T00:00:00Z", ValidatedAt: now.Add(-5 * 24 * time.Hour)},
	}
	run := func(trust bool) (map[string]Validator, Stats, map[string]int) {
		t.Helper()
		mu.Lock()
		clear(requested)
		mu.Unlock()
		unchanged := map[string]Validator{}
		cfg := Config{
			SitemapURL:      srv.URL + "/sitemap.xml",
			ItemURLPattern:  `/item/(?P<id>\d+)\.html`,
			Selectors:       Selectors{Title: "h1"},
			Logger:          slog.New(slog.DiscardHandler),
			Validators:      func(u string) (Validator, bool) { v, ok := cache[u]; return v, ok },
			Unchanged:       func(_ string, v Validator) { unchanged[v.ListingID] = v },
			TrustLastMod:    trust,
			RevalidateAfter: 72 * time.Hour,
			Now:             func() time.Time { return now },
		}
		_, res := collect(t, t.Context(), cfg)
		if len(res.Failures) != 0 || res.Stats.Unchanged != 4 {
			t.Fatalf("trust %t: stats %+v, failures %+v: want 4 unchanged", trust, res.Stats, res.Failures)
		}
		mu.Lock()
		defer mu.Unlock()
		return unchanged, res.Stats, maps.Clone(requested)
	}

	unchanged, stats, req := run(true)
	if stats.NotRequested != 1 || req["/item/1.html"] != 0 {
		t.Errorf("trusting lastmod: %d not requested, /item/1.html requested %d times; want 1 and 0", stats.NotRequested, req["/item/1.html"])
	}
	for _, p := range []string{"/item/2.html", "/item/3.html", "/item/4.html"} {
		if req[p] != 1 {
			t.Errorf("trusting lastmod: %s requested %d times, want 1", p, req[p])
		}
	}
	if v := unchanged["1"]; !v.ValidatedAt.Equal(validatedAt) || v.LastMod != "2026-11-01T00:00:00Z" {
		t.Errorf("carried on lastmod alone: %+v, want the old validation kept", v)
	}
	if v := unchanged["2"]; !v.ValidatedAt.Equal(now) || v.LastMod != "2026-11-21T00:00:00Z" {
		t.Errorf("revalidated by a 304: %+v, want validated now with the new lastmod", v)
	}
	if v := unchanged["3"]; !v.ValidatedAt.Equal(now) || v.LastMod != "" {
		t.Errorf("no lastmod: %+v, want validated now, no lastmod", v)
	}

	_, stats, req = run(false)
	if stats.NotRequested != 0 || len(req) != 4 {
		t.Errorf("not trusting lastmod: %d not requested, %d pages requested; want 0 and 4", stats.NotRequested, len(req))
	}
}
