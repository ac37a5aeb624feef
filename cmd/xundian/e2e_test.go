package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/demoshop"
)

// startDemo serves a demo shop on loopback for the test's lifetime.
func startDemo(t *testing.T, listings int, seed int64) (*demoshop.Shop, string) {
	t.Helper()
	shop, err := demoshop.New(demoshop.Options{Listings: listings, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	srv, err := demoshop.Serve(ctx, "127.0.0.1:0", shop)
	if err != nil {
		t.Fatal(err)
	}
	return shop, srv.URL
}

// findingsDoc is findings-json.md, decoded strictly enough to notice a
// missing or renamed field.
type findingsDoc struct {
	Run struct {
		ID           *int64  `json:"id"`
		Kind         *string `json:"kind"`
		StartedAt    *string `json:"started_at"`
		FinishedAt   *string `json:"finished_at"`
		Shop         *string `json:"shop"`
		Listings     *int    `json:"listings"`
		PagesFetched *int    `json:"pages_fetched"`
		FetchErrors  *int    `json:"fetch_errors"`
	} `json:"run"`
	Exposure *struct {
		Points *int    `json:"points"`
		Node   *string `json:"node"`
	} `json:"exposure"`
	Findings []struct {
		ListingID *string `json:"listing_id"`
		URL       *string `json:"url"`
		Title     *string `json:"title"`
		Rule      *string `json:"rule"`
		Severity  *string `json:"severity"`
		Points    *int    `json:"points"`
		Source    *string `json:"source"`
		Evidence  *string `json:"evidence"`
		Detail    *string `json:"detail"`
		State     *string `json:"state"`
	} `json:"findings"`
	Resolved []json.RawMessage `json:"resolved"`
}

func pathOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("finding URL %q: %v", raw, err)
	}
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// TestPatrolDemoShopMatchesTruth patrols a 500-listing demo shop through the
// CLI, checks the JSON against findings-json.md, and scores every rule
// against the shop's ground truth.
func TestPatrolDemoShopMatchesTruth(t *testing.T) {
	shop, base := startDemo(t, 500, 1)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	shipped, err := os.ReadFile(filepath.Join("..", "..", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base)
	cfgText := strings.ReplaceAll(string(shipped), "http://127.0.0.1:8080", base)
	cfgText = strings.Replace(cfgText, "    - 127.0.0.1\n", "    - "+u.Hostname()+"\n", 1)
	if err := os.WriteFile(cfgPath, []byte(cfgText), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "f.json")
	root := newRootCmd()
	var stdout, stderr bytes.Buffer
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	root.SetArgs([]string{"patrol", "--quiet", "--config", cfgPath, "--db", filepath.Join(dir, "x.db"), "--format", "json", "--out", out})
	if err := root.ExecuteContext(t.Context()); err != nil {
		t.Fatalf("patrol: %v\n%s", err, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc findingsDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("findings JSON does not parse: %v", err)
	}
	r := doc.Run
	if r.ID == nil || r.Kind == nil || *r.Kind != "patrol" || r.StartedAt == nil || r.FinishedAt == nil || r.Shop == nil ||
		r.Listings == nil || r.PagesFetched == nil || r.FetchErrors == nil {
		t.Fatalf("run object misses fields of findings-json.md: %s", data[:min(len(data), 400)])
	}
	if *r.Listings != 500 || *r.FetchErrors != 0 {
		t.Errorf("run.listings = %d, fetch_errors = %d; want 500, 0", *r.Listings, *r.FetchErrors)
	}
	if doc.Exposure == nil || doc.Exposure.Points == nil || doc.Exposure.Node == nil {
		t.Fatal("exposure object misses points or node")
	}
	if doc.Resolved == nil {
		t.Error("resolved array missing")
	}

	got := map[string]bool{}
	points := 0
	for i, f := range doc.Findings {
		if f.ListingID == nil || f.URL == nil || f.Title == nil || f.Rule == nil || f.Severity == nil || f.Points == nil ||
			f.Source == nil || f.Evidence == nil || f.Detail == nil || f.State == nil {
			t.Fatalf("finding %d misses a field of findings-json.md", i)
		}
		if _, ok := checks.Lookup(*f.Rule); !ok {
			t.Errorf("finding %d has unknown rule %q", i, *f.Rule)
		}
		switch *f.Source {
		case "title", "image", "description", "attributes", "shop", "service":
		default:
			t.Errorf("finding %d has source %q", i, *f.Source)
		}
		if *f.State != "new" {
			t.Errorf("first run: finding %d state %q, want new", i, *f.State)
		}
		key := pathOf(t, *f.URL) + " " + *f.Rule
		if got[key] {
			t.Errorf("two findings for %s: one per listing and rule", key)
		}
		got[key] = true
		points += *f.Points
	}
	if points != *doc.Exposure.Points {
		t.Errorf("exposure.points = %d, findings add up to %d", *doc.Exposure.Points, points)
	}
	// The foundation's two rules must be exact; every other listing rule
	// must reach 0.98.
	scoreRules(t, shop.Truth(), got, map[string]float64{"free-shipping-mismatch": 1, "price-mismatch": 1}, 0.98)
}

// scoreRules asserts per-rule precision and recall against the truth.
func scoreRules(t *testing.T, truth map[string][]string, got map[string]bool, strict map[string]float64, defaultBar float64) {
	t.Helper()
	want := map[string]bool{}
	for path, rules := range truth {
		for _, rule := range rules {
			want[path+" "+rule] = true
		}
	}
	type score struct{ tp, fp, fn int }
	per := map[string]*score{}
	at := func(rule string) *score {
		if per[rule] == nil {
			per[rule] = &score{}
		}
		return per[rule]
	}
	var misses []string
	for k := range want {
		rule := k[strings.LastIndex(k, " ")+1:]
		if got[k] {
			at(rule).tp++
		} else {
			at(rule).fn++
			misses = append(misses, "missed "+k)
		}
	}
	for k := range got {
		if !want[k] {
			at(k[strings.LastIndex(k, " ")+1:]).fp++
			misses = append(misses, "unexpected "+k)
		}
	}
	sort.Strings(misses)
	for _, c := range checks.All() {
		s := at(c.ID)
		if s.tp+s.fn == 0 {
			t.Errorf("%s: the demo shop plants no violation of this rule", c.ID)
			continue
		}
		bar := defaultBar
		if b, ok := strict[c.ID]; ok {
			bar = b
		}
		precision := float64(s.tp) / float64(max(1, s.tp+s.fp))
		recall := float64(s.tp) / float64(s.tp+s.fn)
		t.Logf("%-24s tp=%3d fp=%2d fn=%2d precision=%.3f recall=%.3f", c.ID, s.tp, s.fp, s.fn, precision, recall)
		if precision < bar || recall < bar {
			t.Errorf("%s: precision %.3f recall %.3f, want ≥ %.2f", c.ID, precision, recall, bar)
		}
	}
	for i, m := range misses {
		if i == 30 {
			break
		}
		t.Log(m)
	}
}
