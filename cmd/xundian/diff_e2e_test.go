package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/xundian/xundian/demoshop"
)

// TestSecondPatrolReportsTheChange patrols the demo shop twice. In
// between, one listing is edited (its title's planted violation fixed, an
// absolute term added) and another listing's page starts failing. The
// second report must show exactly 1 resolved and 1 new finding, keep the
// failing listing's findings open (carried, never resolved), and recompute
// the exposure.
func TestSecondPatrolReportsTheChange(t *testing.T) {
	shop, err := demoshop.New(demoshop.Options{Listings: 60, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ed := pickEditedListing(t, shop)
	// The failing listing: any other listing with findings.
	failID := 0
	truth := shop.Truth()
	for id := demoshop.FirstID; id < demoshop.FirstID+shop.Len(); id++ {
		p, _ := shop.Path(id)
		if id != ed.id && len(truth[p]) > 0 {
			failID = id
			break
		}
	}
	failPath, _ := shop.Path(failID)
	var changed atomic.Bool
	orig := shop.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if changed.Load() {
			if r.URL.RequestURI() == ed.path {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(ed.body)
				return
			}
			if r.URL.RequestURI() == failPath {
				http.Error(w, "boom", http.StatusInternalServerError)
				return
			}
			// The storefront's sitemap says both pages changed, as a real
			// one does when a listing is edited (crawl.trust_sitemap_lastmod
			// would otherwise carry them forward unrequested).
			if strings.HasPrefix(r.URL.Path, "/sitemap-") {
				rec := httptest.NewRecorder()
				orig.ServeHTTP(rec, r)
				body := moveLastMod(t, rec.Body.String(), ed.path, failPath)
				w.Header().Set("Content-Type", rec.Header().Get("Content-Type"))
				io.WriteString(w, body)
				return
			}
		}
		orig.ServeHTTP(w, r)
	}))
	defer srv.Close()
	cfg := writeShopConfig(t, srv.URL, "  retries: 3\n", "  retries: 1\n", "  partial_ratio: 0.05\n", "  partial_ratio: 0.5\n")
	dir := t.TempDir()
	common := []string{"--quiet", "--config", cfg, "--db", filepath.Join(dir, "x.db"), "--format", "json"}

	type finding struct {
		ListingID string `json:"listing_id"`
		Rule      string `json:"rule"`
		Points    int    `json:"points"`
		State     string `json:"state"`
		Carried   bool   `json:"carried"`
	}
	var first, second struct {
		Run struct {
			FetchErrors int `json:"fetch_errors"`
		} `json:"run"`
		Exposure struct {
			Points int `json:"points"`
		} `json:"exposure"`
		Findings []finding `json:"findings"`
		Resolved []finding `json:"resolved"`
	}
	patrol := func(name string, into any) {
		out := filepath.Join(dir, name)
		if _, stderr, err := runCLI(t, append([]string{"patrol", "--out", out}, common...)...); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, into); err != nil {
			t.Fatal(err)
		}
	}
	patrol("first.json", &first)
	changed.Store(true)
	patrol("second.json", &second)

	edID, failIDs := strconv.Itoa(ed.id), strconv.Itoa(failID)
	if second.Run.FetchErrors != 1 {
		t.Errorf("second run fetch_errors = %d, want 1", second.Run.FetchErrors)
	}
	if len(second.Resolved) != 1 || second.Resolved[0].ListingID != edID || second.Resolved[0].Rule != ed.fixed {
		t.Errorf("resolved = %+v, want exactly %s %s", second.Resolved, edID, ed.fixed)
	}
	var newOnes []finding
	failOpen := 0
	for _, f := range second.Findings {
		if f.State == "new" {
			newOnes = append(newOnes, f)
		}
		if f.ListingID == failIDs {
			failOpen++
			if f.State != "open" || !f.Carried {
				t.Errorf("failing listing's finding %+v: want open and carried", f)
			}
		}
	}
	if len(newOnes) != 1 || newOnes[0].ListingID != edID || newOnes[0].Rule != "absolute-term" {
		t.Errorf("new = %+v, want exactly %s absolute-term", newOnes, edID)
	}
	if failOpen != len(truth[failPath]) {
		t.Errorf("failing listing has %d open findings, want its %d", failOpen, len(truth[failPath]))
	}
	fixedPoints := 0
	for _, f := range first.Findings {
		if f.ListingID == edID && f.Rule == ed.fixed {
			fixedPoints = f.Points
		}
	}
	if want := first.Exposure.Points - fixedPoints + newOnes[0].Points; second.Exposure.Points != want {
		t.Errorf("exposure %d → %d, want %d (minus the fixed %d, plus the new %d)",
			first.Exposure.Points, second.Exposure.Points, want, fixedPoints, newOnes[0].Points)
	}
}

// moveLastMod returns the sitemap with the lastmod of the given paths moved
// to a later time.
func moveLastMod(t *testing.T, sitemap string, paths ...string) string {
	t.Helper()
	for _, p := range paths {
		i := strings.Index(sitemap, p+"</loc>")
		if i < 0 {
			t.Fatalf("sitemap does not list %s", p)
		}
		start := strings.Index(sitemap[i:], "<lastmod>")
		end := strings.Index(sitemap[i:], "</lastmod>")
		if start < 0 || end < start {
			t.Fatalf("sitemap gives %s no lastmod", p)
		}
		sitemap = sitemap[:i+start] + "<lastmod>2030-01-01T00:00:00Z" + sitemap[i+end:]
	}
	return sitemap
}
