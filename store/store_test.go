package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xundian/xundian/internal/testenv"
	"github.com/xundian/xundian/listing"
)

// t0 is the test clock's start.
var t0 = time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)

func openTest(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(tb.Context(), filepath.Join(tb.TempDir(), "xundian.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func fingerprint(rule, id, evidence string) string {
	h := sha256.Sum256([]byte(rule + "\x00" + id + "\x00" + evidence))
	return hex.EncodeToString(h[:16])
}

func finding(id, rule, evidence string) listing.Finding {
	return listing.Finding{
		Rule: rule, ListingID: id, URL: "http://127.0.0.1/item/" + id + ".html",
		Title: "标题 " + id, Severity: listing.SeverityHigh, Points: 4,
		Source: listing.SourceTitle, Evidence: evidence, EvidenceStart: 3,
		Detail: "标题写包邮", DetailEN: "title claims free shipping",
		Fingerprint: fingerprint(rule, id, evidence),
	}
}

func result(id string, fs ...listing.Finding) ListingResult {
	out := map[string]listing.Outcome{"free-shipping-mismatch": listing.OutcomePass, "price-mismatch": listing.OutcomePass}
	for _, f := range fs {
		out[f.Rule] = listing.OutcomeFail
	}
	return ListingResult{
		Listing: listing.Listing{
			ID: id, URL: "http://127.0.0.1/item/" + id + ".html", Title: "标题 " + id,
			Price: 5900, FetchedAt: t0.Add(time.Minute),
		},
		Findings: fs,
		Outcomes: out,
	}
}

func TestOpenTwiceIsIdempotent(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "x.db")
	for i := range 3 {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		v, err := db.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ms, _ := migrations()
		if v != len(ms) {
			t.Errorf("open #%d: schema version %d, want %d", i+1, v, len(ms))
		}
		var uv int
		if err := db.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&uv); err != nil || uv != v {
			t.Errorf("user_version = %d (%v), want %d", uv, err, v)
		}
		if i == 0 {
			if _, err := db.StartRun(ctx, KindPatrol, "demo", t0); err != nil {
				t.Fatal(err)
			}
		}
		if rs, err := db.Runs(ctx, "", 0); err != nil || len(rs) != 1 {
			t.Errorf("open #%d: %d runs (%v), want the 1 kept", i+1, len(rs), err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenPragmasPerConnection(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	// Hold several connections at once so the pool must open new ones.
	var conns []interface{ Close() error }
	for i := range 3 {
		c, err := db.sql.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var fk int
		var jm string
		if err := c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&jm); err != nil {
			t.Fatal(err)
		}
		if fk != 1 || jm != "wal" {
			t.Errorf("conn %d: foreign_keys=%d journal_mode=%s, want 1 wal", i, fk, jm)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

func TestOpenNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("这不是数据库 this is not SQLite\n", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := Open(t.Context(), path)
	if err == nil {
		db.Close()
		t.Fatal("Open(text file) succeeded, want error")
	}
	want := "open store " + path + ": file is not a database"
	if err.Error() != want {
		t.Errorf("Open(text file) error = %q, want %q", err, want)
	}
}

func TestOpenReadOnlyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ro.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if f, err := os.OpenFile(path, os.O_RDWR, 0); err == nil {
		f.Close()
		// Root ignores file modes: run this test again as an unprivileged
		// user, where the read-only file really is read-only.
		rerunUnprivileged(t)
		return
	}
	db, err = Open(t.Context(), path)
	if err == nil {
		db.Close()
		t.Fatal("Open(read-only file) succeeded, want error")
	}
	want := "open store " + path + ": not writable: permission denied"
	if err.Error() != want {
		t.Errorf("Open(read-only file) error = %q, want %q", err, want)
	}
}

func TestOpenPathNeedingEscape(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a b#c?d%20")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "巡店.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("store not created at %s: %v", path, err)
	}
}

func TestStoredTimesSortAsText(t *testing.T) {
	a := fmtTime(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	b := fmtTime(time.Date(2026, 1, 2, 3, 4, 5, 100, time.FixedZone("CST", 0)))
	if !(a < b) || len(a) != len(b) {
		t.Errorf("fmtTime: %q, %q: want fixed width and text order = time order", a, b)
	}
	got, err := parseTime(fmtTime(t0.In(time.FixedZone("CST", 8*3600))))
	if err != nil || !got.Equal(t0) || got.Location() != time.UTC {
		t.Errorf("parseTime(fmtTime(t0 in CST)) = %v, %v; want %v UTC", got, err, t0)
	}
}

// rerunUnprivileged runs the calling test again in a copy of the test
// binary as uid/gid 65534 (setpriv from util-linux), failing t when the
// child fails. It is for tests about file permissions, which root ignores.
func rerunUnprivileged(t *testing.T) {
	t.Helper()
	if os.Getenv("XUNDIAN_UNPRIVILEGED_CHILD") != "" {
		t.Fatal("still privileged in the unprivileged child")
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		testenv.Skip(t, fmt.Sprintf("running as uid %d, where chmod 0444 does not block writes, and setpriv is not installed: %v", os.Getuid(), err))
		return
	}
	dir := t.TempDir()
	for d := dir; d != os.TempDir() && d != "/" && strings.HasPrefix(d, os.TempDir()); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "store.test")
	data, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
		bin, "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	childTmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(childTmp, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(childTmp, 0o777); err != nil { // past the umask
		t.Fatal(err)
	}
	cmd.Env = append(os.Environ(), "XUNDIAN_UNPRIVILEGED_CHILD=1", "TMPDIR="+childTmp)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("unprivileged rerun of %s failed: %v\n%s", t.Name(), err, out)
	}
	t.Logf("passed as uid 65534:\n%s", out)
}
