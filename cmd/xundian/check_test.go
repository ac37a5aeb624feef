package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/xundian/xundian/demoshop"
	"github.com/xundian/xundian/store"
)

// writeShopConfig writes the shipped config.yaml pointed at the shop at
// base, with the "key: value" lines in replace swapped in.
func writeShopConfig(t testing.TB, base string, replace ...string) string {
	t.Helper()
	shipped, err := os.ReadFile(filepath.Join("..", "..", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base)
	text := strings.ReplaceAll(string(shipped), "http://127.0.0.1:8080", base)
	text = strings.Replace(text, "    - 127.0.0.1\n", "    - "+u.Hostname()+"\n", 1)
	// Reports written by scheduled patrols stay in the test's directory.
	text = strings.Replace(text, "  dir: reports\n", "  dir: "+filepath.Join(t.TempDir(), "reports")+"\n", 1)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(text, replace[i]) {
			t.Fatalf("config.yaml has no line %q", replace[i])
		}
		text = strings.Replace(text, replace[i], replace[i+1], 1)
	}
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// runCLI runs one xundian command line in-process.
func runCLI(t testing.TB, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	root := newRootCmd()
	var o, e bytes.Buffer
	root.SetOut(&o)
	root.SetErr(&e)
	root.SetArgs(args)
	err = root.ExecuteContext(t.Context())
	return o.String(), e.String(), err
}

// editedListing is a layout-B (legacy, UTF-8) listing whose title carries
// a planted violation that no other source repeats, and no absolute-term
// anywhere: replacing its title fixes rule fixed and adds absolute-term.
type editedListing struct {
	id          int
	path        string
	body        []byte // the page with the new title
	fixed       string
	wantRules   []string // its rules after the edit
	oldTitleEsc string
}

const newTitle = "巡店优选 纯色短袖T恤 全网最低"

func pickEditedListing(t *testing.T, shop *demoshop.Shop) editedListing {
	t.Helper()
	bySource := map[int]map[string][]string{} // id → source → rules
	for _, p := range shop.Plants() {
		if p.Decoy {
			continue
		}
		id, _ := strconv.Atoi(p.ID)
		if bySource[id] == nil {
			bySource[id] = map[string][]string{}
		}
		bySource[id][p.Source] = append(bySource[id][p.Source], p.Rule)
	}
	h := shop.Handler()
	for id := demoshop.FirstID; id < demoshop.FirstID+shop.Len(); id++ {
		path, _ := shop.Path(id)
		if !strings.HasPrefix(path, "/detail.htm") || len(bySource[id]["title"]) == 0 {
			continue
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if !strings.Contains(strings.ToLower(rec.Header().Get("Content-Type")), "utf-8") {
			continue
		}
		other := map[string]bool{}
		for src, rules := range bySource[id] {
			if src == "title" {
				continue
			}
			for _, r := range rules {
				other[r] = true
			}
		}
		fixed := ""
		for _, r := range bySource[id]["title"] {
			if !other[r] && r != "absolute-term" {
				fixed = r
			}
		}
		if fixed == "" || other["absolute-term"] || strings.Contains(strings.Join(bySource[id]["title"], " "), "absolute-term") {
			continue
		}
		l, _ := shop.Listing(id)
		esc := html.EscapeString(l.Title)
		if !strings.Contains(rec.Body.String(), "<h1") || strings.Count(rec.Body.String(), esc) == 0 {
			continue
		}
		want := []string{"absolute-term"}
		for r := range other {
			want = append(want, r)
		}
		sort.Strings(want)
		body := strings.ReplaceAll(rec.Body.String(), esc, newTitle)
		return editedListing{id: id, path: path, body: []byte(body), fixed: fixed, wantRules: want, oldTitleEsc: esc}
	}
	t.Fatal("demo shop has no UTF-8 layout-B listing with a title-only violation")
	return editedListing{}
}

// TestCheckShowsTheEditedListing patrols the shop, then "edits" one listing
// (its title now says 全网最低 instead of the planted violation) and checks
// it by URL, plus a layout-A listing by bare ID: the check shows exactly the
// listings' new findings, lists the fixed one, is not the next patrol's
// baseline, and the next patrol marks the fixed finding resolved.
func TestCheckShowsTheEditedListing(t *testing.T) {
	shop, err := demoshop.New(demoshop.Options{Listings: 40, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ed := pickEditedListing(t, shop)
	var edited atomic.Bool
	orig := shop.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if edited.Load() && r.URL.Path == "/detail.htm" && r.URL.Query().Get("id") == strconv.Itoa(ed.id) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(ed.body)
			return
		}
		orig.ServeHTTP(w, r)
	}))
	defer srv.Close()
	cfg := writeShopConfig(t, srv.URL)
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	common := []string{"--quiet", "--config", cfg, "--db", db}

	if _, stderr, err := runCLI(t, append([]string{"patrol", "--out", filepath.Join(dir, "p1.md")}, common...)...); err != nil {
		t.Fatalf("first patrol: %v\n%s", err, stderr)
	}
	edited.Store(true)

	// A layout-A listing, named by bare ID through item_url_template.
	var aID int
	for id := demoshop.FirstID; ; id++ {
		if p, _ := shop.Path(id); strings.HasPrefix(p, "/item/") {
			aID = id
			break
		}
	}
	aPath, _ := shop.Path(aID)
	want := map[string]bool{}
	for _, r := range ed.wantRules {
		want[fmt.Sprintf("%d %s", ed.id, r)] = true
	}
	for _, r := range shop.Truth()[aPath] {
		want[fmt.Sprintf("%d %s", aID, r)] = true
	}
	editedURL := srv.URL + ed.path

	stdout, stderr, err := runCLI(t, append([]string{"check", "--format", "json", editedURL, strconv.Itoa(aID)}, common...)...)
	if err != nil {
		t.Fatalf("check --format json: %v\n%s", err, stderr)
	}
	var doc findingsDoc
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("check JSON: %v\n%s", err, stdout)
	}
	if doc.Run.Kind == nil || *doc.Run.Kind != store.KindCheck || doc.Run.Listings == nil || *doc.Run.Listings != 2 {
		t.Fatalf("check run = %+v, want kind check with 2 listings", doc.Run)
	}
	got := map[string]bool{}
	for _, f := range doc.Findings {
		got[*f.ListingID+" "+*f.Rule] = true
		if *f.ListingID == strconv.Itoa(ed.id) && *f.Rule == "absolute-term" && (*f.Source != "title" || *f.Evidence != "全网最低") {
			t.Errorf("absolute-term finding: source %q evidence %q, want title 全网最低", *f.Source, *f.Evidence)
		}
	}
	if fmt.Sprint(sortedKeys(got)) != fmt.Sprint(sortedKeys(want)) {
		t.Errorf("check findings = %v\nwant %v", sortedKeys(got), sortedKeys(want))
	}

	// The default table, in Chinese, with the fixed finding; --fail-on.
	stdout, stderr, err = runCLI(t, append([]string{"check", "--fail-on", "medium", editedURL}, common...)...)
	var ce *codeError
	if !errors.As(err, &ce) || ce.code != exitFindings {
		t.Fatalf("check --fail-on medium = %v, want exit %d\n%s\n%s", err, exitFindings, stderr, stdout)
	}
	id := strconv.Itoa(ed.id)
	for _, s := range []string{"检查 #", " 完成：", "商品", "规则", "来源", "证据", "说明", id + "  ", "absolute-term", "标题", "「全网最低」", "已修复", ed.fixed} {
		if !strings.Contains(stdout, s) {
			t.Errorf("check table lacks %q:\n%s", s, stdout)
		}
	}
	open, fixedPart, _ := strings.Cut(stdout, "已修复")
	if strings.Contains(open, " "+ed.fixed+" ") || !strings.Contains(fixedPart, ed.fixed) {
		t.Errorf("the fixed %s finding is shown open, or not shown fixed:\n%s", ed.fixed, stdout)
	}
	stdout, _, err = runCLI(t, append([]string{"check", "--lang", "en", editedURL}, common...)...)
	if err != nil || !strings.Contains(stdout, "evidence") || !strings.Contains(stdout, "fixed since patrol #1") {
		t.Errorf("check --lang en = %v:\n%s", err, stdout)
	}

	// The next patrol compares with patrol #1, not the checks, and shows
	// the edit: the fixed finding resolved, absolute-term new.
	out := filepath.Join(dir, "p2.json")
	if _, stderr, err := runCLI(t, append([]string{"patrol", "--format", "json", "--out", out}, common...)...); err != nil {
		t.Fatalf("second patrol: %v\n%s", err, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var p2 struct {
		Run struct {
			Baseline *int64 `json:"baseline_run"`
		} `json:"run"`
		Findings []struct {
			ListingID string `json:"listing_id"`
			Rule      string `json:"rule"`
			State     string `json:"state"`
		} `json:"findings"`
		Resolved []struct {
			ListingID string `json:"listing_id"`
			Rule      string `json:"rule"`
		} `json:"resolved"`
	}
	if err := json.Unmarshal(data, &p2); err != nil {
		t.Fatal(err)
	}
	if p2.Run.Baseline == nil || *p2.Run.Baseline != 1 {
		t.Errorf("second patrol baseline = %v, want run 1 (check runs are never patrol baselines)", p2.Run.Baseline)
	}
	resolved := false
	for _, f := range p2.Resolved {
		resolved = resolved || f.ListingID == id && f.Rule == ed.fixed
	}
	added := false
	for _, f := range p2.Findings {
		added = added || f.ListingID == id && f.Rule == "absolute-term" && f.State == "new"
	}
	if !resolved || !added {
		t.Errorf("second patrol: %s resolved = %v, absolute-term new = %v; want both", ed.fixed, resolved, added)
	}
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
