package patrol

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/demoshop"
	"github.com/xundian/xundian/store"
)

// TestFailedIndexPageMakesThePatrolPartial: when an index page fails for
// good, the listings only it links are never discovered. The run must not
// be complete (it would become the baseline and report their findings as
// removed), and the report's diff must not call those findings removed.
func TestFailedIndexPageMakesThePatrolPartial(t *testing.T) {
	shop, err := demoshop.New(demoshop.Options{Listings: 120, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var broken bool
	inner := shop.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if broken && r.URL.Path == "/list" && r.URL.Query().Get("page") == "2" {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		inner.ServeHTTP(w, r)
	}))
	defer srv.Close()
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	eng, err := checks.NewEngine(checks.Settings{AuthorizedBrands: []string{"巡店优选", "凯蒂猫", "Hello Kitty"}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := demoCrawlConfig(srv.URL)
	cfg.SitemapURL = "" // discovery through the paginated index only
	cfg.Retries = 1
	opts := Options{Kind: store.KindPatrol, Shop: "demo", Crawl: cfg, Engine: eng, PartialRatio: 0.05}

	first, err := Run(t.Context(), db, opts)
	if err != nil || first.Run.Status != store.StatusComplete {
		t.Fatalf("first patrol: %v, status %s", err, first.Run.Status)
	}
	broken = true
	second, err := Run(t.Context(), db, opts)
	if err != nil {
		t.Fatal(err)
	}
	if second.Run.Status != store.StatusPartial {
		t.Errorf("status %s (%s), want partial: index page 2 failed", second.Run.Status, second.Run.Note)
	}
	if second.Crawl.Stats.Discovered >= 120 {
		t.Fatalf("discovered %d: the broken index page hid nothing", second.Crawl.Stats.Discovered)
	}
	d, err := db.Diff(t.Context(), second.Run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Removed) != 0 || len(d.Resolved) != 0 || len(d.Unconfirmed) == 0 {
		t.Errorf("diff: %d removed, %d resolved, %d unconfirmed; want 0, 0 and some", len(d.Removed), len(d.Resolved), len(d.Unconfirmed))
	}
}
