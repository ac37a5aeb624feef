package main

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xundian/xundian/demoshop"
	"github.com/xundian/xundian/store"
)

// slowShop serves a demo shop whose listing pages each take delay, so a
// patrol stays running long enough to be interrupted or collided with.
func slowShop(t *testing.T, listings int, delay time.Duration) string {
	t.Helper()
	shop, err := demoshop.New(demoshop.Options{Listings: listings, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	h := shop.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/item/") || r.URL.Path == "/detail.htm" {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// lockedBuffer is a bytes.Buffer safe for the server goroutine and the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe runs `xundian serve` in-process until the returned cancel,
// and returns the web view's base URL and a channel with RunE's result.
func startServe(t *testing.T, args ...string) (base string, stderr *lockedBuffer, cancel context.CancelFunc, done chan error) {
	// Whoever receives from done puts the result back for the cleanup.
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	root := newRootCmd()
	var stdout lockedBuffer
	stderr = &lockedBuffer{}
	root.SetOut(&stdout)
	root.SetErr(stderr)
	root.SetArgs(append([]string{"serve"}, args...))
	ch := make(chan error, 1)
	go func() { ch <- root.ExecuteContext(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-ch:
			ch <- err
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop after cancel")
		}
	})
	addr := regexp.MustCompile(`web view on (http://\S+),`)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if m := addr.FindStringSubmatch(stdout.String()); m != nil {
			return m[1], stderr, cancel, ch
		}
		select {
		case err := <-ch:
			ch <- err
			t.Fatalf("serve ended early: %v\n%s", err, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not print its address:\n%s", stderr.String())
	return
}

// waitRuns polls the store until cond holds for its patrol runs.
func waitRuns(t *testing.T, dbPath string, timeout time.Duration, what string, cond func([]store.Run) bool) []store.Run {
	t.Helper()
	db, err := store.Open(t.Context(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(timeout)
	for {
		runs, err := db.Runs(t.Context(), "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if cond(runs) {
			return runs
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; runs: %+v", what, runs)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func countStatus(runs []store.Run, status string) int {
	n := 0
	for _, r := range runs {
		if r.Status == status {
			n++
		}
	}
	return n
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServeRunsScheduledPatrols runs serve on "@every 2s" against a slow
// shop: while a scheduled patrol runs, a `patrol` command on the same
// database is refused (exit 2, naming the running run); two scheduled
// patrols complete; the web view lists them and serves a report and a
// price history; cancelling the context ends serve cleanly.
func TestServeRunsScheduledPatrols(t *testing.T) {
	shopURL := slowShop(t, 40, 15*time.Millisecond)
	cfg := writeShopConfig(t, shopURL,
		`schedule: "0 2 * * *"`, `schedule: "@every 2s"`,
		"listen: 127.0.0.1:8765", "listen: 127.0.0.1:0")
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "x.db")
	base, stderr, cancel, done := startServe(t, "--quiet", "--config", cfg, "--db", dbPath)

	waitRuns(t, dbPath, 20*time.Second, "a running patrol", func(rs []store.Run) bool {
		return countStatus(rs, store.StatusRunning) == 1
	})
	_, _, err := runCLI(t, "patrol", "--quiet", "--config", cfg, "--db", dbPath, "--out", filepath.Join(dir, "r.md"))
	var ce *codeError
	if !errors.As(err, &ce) || ce.code != exitError || !errors.Is(err, store.ErrLocked) ||
		!strings.Contains(err.Error(), "another patrol is running: run #1 (patrol) started ") {
		t.Fatalf("concurrent patrol = %v, want exit 2 naming run #1", err)
	}

	runs := waitRuns(t, dbPath, 40*time.Second, "two complete patrols", func(rs []store.Run) bool {
		return countStatus(rs, store.StatusComplete) >= 2
	})
	for _, r := range runs[len(runs)-2:] { // oldest two (newest first)
		if r.Kind != store.KindPatrol || r.Status != store.StatusComplete || r.Listings != 40 {
			t.Errorf("scheduled run %+v, want a complete patrol of 40 listings", r)
		}
	}

	code, body := get(t, base+"/")
	if code != 200 || !strings.Contains(body, `href="runs/1"`) || !strings.Contains(body, `href="runs/2"`) || !strings.Contains(body, "complete") {
		t.Errorf("GET / = %d, want the runs list linking runs/1 and runs/2:\n%s", code, body)
	}
	if code, body := get(t, base+"/runs/1"); code != 200 || !strings.Contains(body, "<html") {
		t.Errorf("GET /runs/1 = %d, want the HTML report", code)
	}
	if code, _ := get(t, base+"/runs/999"); code != 404 {
		t.Errorf("GET /runs/999 = %d, want 404", code)
	}
	if code, body := get(t, base+"/listings/10001"); code != 200 || !strings.Contains(body, "¥") || !strings.Contains(body, `href="../runs/1"`) {
		t.Errorf("GET /listings/10001 = %d, want its price history:\n%s", code, body)
	}
	if resp, err := http.Post(base+"/", "text/plain", nil); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST / = %v %v, want 405: the view is read-only", resp.StatusCode, err)
	}

	cancel()
	select {
	case err := <-done:
		done <- err
		if err != nil {
			t.Errorf("serve returned %v after cancel", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
	if !strings.Contains(stderr.String(), "scheduled patrol done") {
		t.Errorf("serve log lacks the patrol summaries:\n%s", stderr.String())
	}
}

// TestServeShutdownStoresPartial cancels serve (as SIGTERM does) while a
// scheduled patrol is running: after serve.grace the patrol is cancelled,
// stored as partial, the lock is released and the database is intact.
func TestServeShutdownStoresPartial(t *testing.T) {
	shopURL := slowShop(t, 40, 200*time.Millisecond)
	cfg := writeShopConfig(t, shopURL,
		`schedule: "0 2 * * *"`, `schedule: "@every 1s"`,
		"listen: 127.0.0.1:8765", "listen: 127.0.0.1:0",
		"grace: 30s", "grace: 300ms")
	dbPath := filepath.Join(t.TempDir(), "x.db")
	_, stderr, cancel, done := startServe(t, "--quiet", "--config", cfg, "--db", dbPath)
	waitRuns(t, dbPath, 20*time.Second, "a running patrol", func(rs []store.Run) bool {
		return countStatus(rs, store.StatusRunning) == 1
	})
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		done <- err
		if err != nil {
			t.Errorf("serve returned %v after cancel", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("serve stopped after %s, before the 300ms grace", took)
	}
	runs := waitRuns(t, dbPath, time.Second, "the run to end", func([]store.Run) bool { return true })
	if len(runs) != 1 || runs[0].Status != store.StatusPartial || !strings.Contains(runs[0].Note, "interrupted") {
		t.Fatalf("runs after shutdown = %+v, want one partial run noted interrupted\n%s", runs, stderr.String())
	}

	sdb, err := sql.Open("sqlite3", "file:"+dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var ok string
	if err := sdb.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check = %q, %v; want ok", ok, err)
	}
	db, err := store.Open(t.Context(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	l, err := db.AcquireLock(t.Context(), store.KindPatrol, time.Now())
	if err != nil {
		t.Fatalf("lock still held after shutdown: %v", err)
	}
	l.Release(t.Context())
}
