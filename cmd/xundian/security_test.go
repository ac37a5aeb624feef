package main

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/xundian/xundian/demoshop"
)

// Marker secrets: none may appear in any output of a run.
const (
	markerHeader   = "XDSECRET-HEADER-7f3a91"
	markerCookie   = "XDSECRET-COOKIE-91bc20"
	markerEnvCook  = "XDSECRET-ENVCOOKIE-3e8d"
	markerURLToken = "XDSECRET-URLTOKEN-55d2c4"
	markerHMAC     = "XDSECRET-HMAC-0e44f1"
)

var markers = []string{markerHeader, markerCookie, markerEnvCook, markerURLToken, markerHMAC}

// zipText returns the uncompressed contents of every entry of an xlsx.
func zipText(t *testing.T, path string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer zr.Close()
	var out bytes.Buffer
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(&out, rc)
		rc.Close()
	}
	return out.Bytes()
}

// testSecretsNeverLeak (TestProcesses/SecretsNeverLeak) runs two patrols with marker secrets in
// crawl.headers, crawl.cookies (file) and XUNDIAN_CRAWL_COOKIES (env), and
// a webhook notify channel whose URL (with an access token) and signing
// secret come from env vars; the first webhook call succeeds, the second
// patrol's cannot connect (its error, which names the URL, is printed). The markers reach the shop and the
// webhook, and none appears in stdout, stderr, any report format (md, json,
// html, csv, xlsx unzipped) or the SQLite files (db, -wal, -shm).
func testSecretsNeverLeak(t *testing.T, bin string) {
	shop, err := demoshop.New(demoshop.Options{Listings: 30, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var sawHeader, sawCookie atomic.Bool
	h := shop.Handler()
	shopSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Shop-Token") == markerHeader {
			sawHeader.Store(true)
		}
		if c := r.Header.Get("Cookie"); strings.Contains(c, markerCookie) || strings.Contains(c, markerEnvCook) {
			sawCookie.Store(true)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(shopSrv.Close)
	var (
		hookMu    sync.Mutex
		hookCalls int
		hookOK    = true
		sawToken  bool
		sawSig    bool
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hookMu.Lock()
		defer hookMu.Unlock()
		hookCalls++
		sawToken = sawToken || r.URL.Query().Get("access_token") == markerURLToken
		sawSig = sawSig || strings.HasPrefix(r.Header.Get("X-Xundian-Signature"), "sha256=")
		if !hookOK {
			http.Error(w, "echo "+r.URL.String(), http.StatusInternalServerError)
		}
	}))
	t.Cleanup(hook.Close)

	cfg := writeShopConfig(t, shopSrv.URL,
		"  headers: {}\n", "  headers: {X-Shop-Token: "+markerHeader+"}\n",
		`  cookies: ""`, `  cookies: "sid=`+markerCookie+`"`,
		"  retries: 3\n  timeout: 10s\n", "  retries: 0\n  timeout: 2s\n",
		"  channels: []", "  channels:\n    - {name: ops, kind: webhook, url_env: XD_TEST_HOOK_URL, secret_env: XD_TEST_HOOK_SECRET}")
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "x.db")
	env := append(os.Environ(),
		"XD_TEST_HOOK_URL="+hook.URL+"/robot/send?access_token="+url.QueryEscape(markerURLToken),
		"XD_TEST_HOOK_SECRET="+markerHMAC,
	)
	var outputs []struct {
		name string
		data []byte
	}
	add := func(name string, data []byte) {
		outputs = append(outputs, struct {
			name string
			data []byte
		}{name, data})
	}
	run := func(extraEnv []string, args ...string) {
		t.Helper()
		p := startXundianEnv(t, bin, append(env, extraEnv...), args...)
		code := p.wait(t)
		add(strings.Join(args[:1], " ")+" stdout", p.stdout.Bytes())
		add(strings.Join(args[:1], " ")+" stderr", p.stderr.Bytes())
		if code != exitOK {
			t.Fatalf("xundian %v exited %d:\n%s", args, code, p.stderr.String())
		}
	}
	// Progress output on (no --quiet), so the progress lines are checked too.
	run(nil, "patrol", "--config", cfg, "--db", dbPath, "--full", "--out", filepath.Join(dir, "r1.md"))
	// The second patrol's webhook is down: net/http's error names the
	// whole URL, token included, and xundian prints that error.
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	hookMu.Lock()
	hookOK = false
	hookMu.Unlock()
	run([]string{"XUNDIAN_CRAWL_COOKIES=sid=" + markerEnvCook,
		"XD_TEST_HOOK_URL=" + closed.URL + "/robot/send?access_token=" + url.QueryEscape(markerURLToken)}, "patrol", "--config", cfg, "--db", dbPath, "--full", "--out", filepath.Join(dir, "r2.md"))
	for _, f := range []string{"json", "html", "csv", "xlsx", "md"} {
		run(nil, "report", "--config", cfg, "--db", dbPath, "--format", f, "--out", filepath.Join(dir, "report."+f))
	}

	hookMu.Lock()
	if hookCalls < 1 || !sawToken || !sawSig {
		t.Errorf("webhook: %d calls, token seen %v, signature seen %v; want the secrets in use", hookCalls, sawToken, sawSig)
	}
	hookMu.Unlock()
	if !sawHeader.Load() || !sawCookie.Load() {
		t.Errorf("shop saw header %v, cookie %v; want both secrets sent", sawHeader.Load(), sawCookie.Load())
	}
	if s := string(outputs[3].data); !strings.Contains(s, "notification") {
		t.Errorf("second patrol's stderr lacks the failed notification: %q", s)
	}

	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(files, dirFiles(t, readReportsDir(t, cfg))...) {
		if strings.HasSuffix(f, ".xlsx") {
			add(f+" (unzipped)", zipText(t, f))
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		add(f, data)
	}
	names := map[string]bool{}
	for _, o := range outputs {
		names[filepath.Base(o.name)] = true
		for _, m := range markers {
			if bytes.Contains(o.data, []byte(m)) {
				t.Errorf("%s contains secret %s", o.name, m)
			}
		}
	}
	for _, want := range []string{"x.db", "r1.md", "r2.md", "report.json", "report.html", "report.csv", "report.xlsx (unzipped)", "report.md"} {
		if !names[want] {
			t.Errorf("output %s was not checked (have %v)", want, names)
		}
	}
	t.Logf("checked %d outputs for %d marker secrets", len(outputs), len(markers))
}

func startXundianEnv(t *testing.T, bin string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{}
	p.cmd = newCmd(bin, env, args...)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	return p
}

// TestNoRequestOutsideAllowedDomains patrols a demo shop whose every HTML
// page links (as listings, next pages, images and a freight template) to a
// second server on the same IP and to it by other names (localhost,
// 127.0.0.2), with allowed_domains naming only the shop's host:port: the
// second server gets no request and every listing is checked.
func TestNoRequestOutsideAllowedDomains(t *testing.T) {
	shop, err := demoshop.New(demoshop.Options{Listings: 60, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		shop.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(other.Close)
	port := other.URL[strings.LastIndex(other.URL, ":")+1:]
	faults, err := shop.WithFaults(demoshop.FaultSpec{
		Rates: map[demoshop.Fault]float64{demoshop.FaultForeignLinks: 1},
		ForeignURLs: append([]string{other.URL + "/item/10001.html", other.URL + "/list?page=1",
			"http://localhost:" + port + "/detail.htm?id=10002", "http://127.0.0.2:" + port + "/item/10003.html"},
			demoshop.DefaultForeignURLs...),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(faults)
	t.Cleanup(srv.Close)
	hostPort := strings.TrimPrefix(srv.URL, "http://")
	cfg := writeShopConfig(t, srv.URL, "    - 127.0.0.1\n", "    - "+hostPort+"\n")
	dir := t.TempDir()
	_, stderr, err := runCLI(t, "patrol", "--quiet", "--config", cfg, "--db", filepath.Join(dir, "x.db"), "--format", "json", "--out", filepath.Join(dir, "r.json"))
	if err != nil {
		t.Fatalf("patrol: %v\n%s", err, stderr)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server outside allowed_domains got %d requests, want 0", n)
	}
	if n := faults.Injected()[demoshop.FaultForeignLinks]; n < 60 {
		t.Errorf("foreign links were added to %d pages, want every page", n)
	}
	if !strings.Contains(stderr, "检查商品 60 个，抓取失败 0 个") {
		t.Errorf("summary %q, want 60 listings checked and no failure", stderr)
	}
}
