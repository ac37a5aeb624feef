package crawler

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/xundian/xundian/listing"
)

// TestCrawlConditional: a listing with a matching ETag gets a 304, one
// whose body hash matches gets a 200 it does not parse, and one without a
// validator is parsed and emitted with its validators.
func TestCrawlConditional(t *testing.T) {
	page := func(id int) string {
		return fmt.Sprintf(`<html><head><meta charset="utf-8"></head><body><h1>商品%d</h1></body></html>`, id)
	}
	var mu sync.Mutex
	ifNoneMatch := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			fmt.Fprint(w, `<a href="/item/1.html">1</a><a href="/item/2.html">2</a><a href="/item/3.html">3</a>`)
			return
		}
		var id int
		if _, err := fmt.Sscanf(r.URL.Path, "/item/%d.html", &id); err != nil {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		ifNoneMatch[r.URL.Path] = r.Header.Get("If-None-Match")
		mu.Unlock()
		etag := fmt.Sprintf(`"v%d"`, id)
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, page(id))
	}))
	defer srv.Close()

	cache := map[string]Validator{
		srv.URL + "/item/1.html": {ListingID: "1", ETag: `"v1"`, ContentHash: "stale"},
		srv.URL + "/item/2.html": {ListingID: "2", ETag: `"old"`, ContentHash: hashBody([]byte(page(2)))},
	}
	var unchanged []Validator
	cfg := Config{
		StartURLs:      []string{srv.URL + "/"},
		ItemURLPattern: `/item/(?P<id>\d+)\.html`,
		Selectors:      Selectors{Title: "h1"},
		Logger:         slog.New(slog.DiscardHandler),
		Validators: func(u string) (Validator, bool) {
			v, ok := cache[u]
			return v, ok
		},
		Unchanged: func(_ string, v Validator) { unchanged = append(unchanged, v) },
	}
	got, res := collect(t, t.Context(), cfg)
	if s := res.Stats; s.Listings != 1 || s.Unchanged != 2 || len(res.Failures) != 0 {
		t.Fatalf("stats %+v, failures %+v: want 1 listing, 2 unchanged", s, res.Failures)
	}
	l, ok := got["3"]
	if !ok || l.ETag != `"v3"` || l.ContentHash != hashBody([]byte(page(3))) {
		t.Errorf("emitted listing 3 = %+v (ok %v), want ETag \"v3\" and the body hash", l, ok)
	}
	want := map[string]string{"/item/1.html": `"v1"`, "/item/2.html": `"old"`, "/item/3.html": ""}
	mu.Lock()
	defer mu.Unlock()
	for p, v := range want {
		if ifNoneMatch[p] != v {
			t.Errorf("%s sent If-None-Match %q, want %q", p, ifNoneMatch[p], v)
		}
	}
	byID := map[string]Validator{}
	for _, v := range unchanged {
		byID[v.ListingID] = v
	}
	if v := byID["1"]; v.ETag != `"v1"` || v.ContentHash != "stale" {
		t.Errorf("unchanged 1 = %+v, want the cached validator", v)
	}
	if v := byID["2"]; v.ETag != `"v2"` {
		t.Errorf("unchanged 2 = %+v, want the refreshed ETag \"v2\"", v)
	}

	cfg.Unchanged = nil
	if _, err := Crawl(t.Context(), cfg, func(listing.Listing) {}); err == nil {
		t.Error("Crawl with Validators but no Unchanged: no error")
	}
}
