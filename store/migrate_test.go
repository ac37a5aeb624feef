package store

import (
	"bytes"
	"compress/gzip"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xundian/xundian/listing"
)

// openAtVersion creates a store at path with only the first n migrations
// applied, the way an older xundian left it (4 KiB pages).
func openAtVersion(tb testing.TB, path string, n int) *sql.DB {
	tb.Helper()
	ms, err := migrations()
	if err != nil {
		tb.Fatal(err)
	}
	sdb, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { sdb.Close() })
	mustExec(tb, sdb, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
	for _, m := range ms[:n] {
		mustExec(tb, sdb, m.sql)
		mustExec(tb, sdb, "INSERT INTO schema_migrations VALUES (?, ?, ?)", m.version, m.name, fmtTime(t0))
	}
	return sdb
}

func mustExec(tb testing.TB, db *sql.DB, q string, args ...any) {
	tb.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
}

// dumpSnapshots returns every snapshot column of every row, with SQLite's
// type of each value.
func dumpSnapshots(tb testing.TB, db *sql.DB) []string {
	tb.Helper()
	cols := []string{"run_id", "listing_id", "url", "title", "price", "promo_price", "original_price",
		"sku_prices", "freight", "listing", "content_hash", "fetched_at", "carried"}
	var sel []string
	for _, c := range cols {
		sel = append(sel, fmt.Sprintf("typeof(%s) || ':' || coalesce(%s, 'NULL')", c, c))
	}
	rows, err := db.Query("SELECT " + strings.Join(sel, " || ' | ' || ") + " FROM snapshots ORDER BY run_id, listing_id")
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			tb.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestMigrateKeepsData upgrades a version-5 store holding snapshots (a
// WITHOUT ROWID table then) and gzip-archived pages, and checks that every
// row is still there, unchanged, and that the store reads and writes them
// as before.
func TestMigrateKeepsData(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	old := openAtVersion(t, path, 5)

	l := result("10001").Listing
	l.SKUs = []listing.SKU{{ID: "10001-1", Name: "红色", Price: 5900}}
	js, err := json.Marshal(&l) // what the snapshot encoder writes (snapshotjson_test.go)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, old, `INSERT INTO runs (id, kind, started_at, status) VALUES (1, 'patrol', ?1, 'complete'), (2, 'patrol', ?2, 'running')`,
		fmtTime(t0), fmtTime(t0.Add(24*time.Hour)))
	for _, id := range []string{"10001", "10002", "9"} {
		mustExec(t, old, `INSERT INTO listings (id, first_seen, last_seen) VALUES (?, ?, ?)`, id, fmtTime(t0), fmtTime(t0))
	}
	for _, s := range []struct {
		run     int
		id      string
		freight any
		carried int
	}{{1, "10001", `{"default":{"first":0,"additional":0}}`, 0}, {1, "10002", nil, 0}, {1, "9", nil, 0}, {2, "10001", nil, 1}} {
		mustExec(t, old, `INSERT INTO snapshots (run_id, listing_id, url, title, price, sku_prices, freight, listing, content_hash, fetched_at, carried)
			VALUES (?, ?, 'http://127.0.0.1/item/'||?2||'.html', '标题', 5900, '{"10001-1":5900}', ?, ?, 'abc', ?, ?)`,
			s.run, s.id, s.freight, string(js), fmtTime(t0.Add(time.Minute)), s.carried)
	}
	mustExec(t, old, `INSERT INTO outcomes VALUES (1, '10001', 'price-mismatch', 'pass')`)
	mustExec(t, old, `INSERT INTO findings (run_id, listing_id, rule, fingerprint) VALUES (1, '10002', 'absolute-term', 'f1')`)
	body := []byte(strings.Repeat("<p>旧页面 old page</p>\n", 300))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(body)
	zw.Close()
	oldPage := page(string(body), t0)
	mustExec(t, old, `INSERT INTO page_archive VALUES (?, ?, ?, ?, ?)`, oldPage.Hash, gz.Bytes(), len(body), fmtTime(t0), fmtTime(t0))
	want := dumpSnapshots(t, old)
	old.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, _ := migrations()
	if v, err := db.SchemaVersion(ctx); err != nil || v != len(ms) {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, len(ms))
	}
	if d := cmp.Diff(want, dumpSnapshots(t, db.sql)); d != "" {
		t.Errorf("snapshots changed by the migration (-before +after):\n%s", d)
	}
	var schema string
	if err := db.sql.QueryRow(`SELECT sql FROM sqlite_master WHERE name = 'snapshots'`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(schema, "WITHOUT ROWID") {
		t.Errorf("snapshots is still WITHOUT ROWID:\n%s", schema)
	}
	var integrity string
	if err := db.sql.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("integrity_check = %q, %v", integrity, err)
	}
	if err := db.sql.QueryRow("PRAGMA foreign_key_check").Scan(new(any), new(any), new(any), new(any)); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("foreign_key_check found a violation (%v)", err)
	}
	var ps int
	db.sql.QueryRow("PRAGMA page_size").Scan(&ps)
	if ps != 4096 {
		t.Errorf("page_size of the old store = %d, want its own 4096 kept", ps)
	}

	snap, ok, err := db.Snapshot(ctx, 1, "10001")
	if err != nil || !ok {
		t.Fatalf("Snapshot(1, 10001) = %v, %v", ok, err)
	}
	if d := cmp.Diff(l, snap); d != "" {
		t.Errorf("Snapshot(1, 10001) (-want +got):\n%s", d)
	}
	refs, err := db.PageRefs(ctx, 1, nil)
	if err != nil || len(refs) != 3 {
		t.Errorf("PageRefs(1) = %v, %v; want 3", refs, err)
	}
	got, err := db.ArchivedPage(ctx, oldPage.Hash)
	if err != nil || !bytes.Equal(got.Body, body) {
		t.Errorf("ArchivedPage(gzip row) = %d bytes, %v; want the %d bytes archived", len(got.Body), err, len(body))
	}

	// The unique key still replaces a run's snapshot of a listing.
	r := result("10001")
	r.Listing.Title = "新标题"
	if err := db.SaveResults(ctx, 2, []ListingResult{r}); err != nil {
		t.Fatal(err)
	}
	var n int
	var title string
	var carried bool
	db.sql.QueryRow(`SELECT count(*), max(title), max(carried) FROM snapshots WHERE run_id = 2 AND listing_id = '10001'`).Scan(&n, &title, &carried)
	if n != 1 || title != "新标题" || carried {
		t.Errorf("run 2 holds %d snapshots of 10001 (title %s, carried %v), want 1: 新标题, not carried", n, title, carried)
	}
	p := page("<h1>新页面</h1>", t0.Add(time.Hour))
	if err := db.ArchivePages(ctx, []Page{p}); err != nil {
		t.Fatal(err)
	}
	var codec string
	db.sql.QueryRow(`SELECT codec FROM page_archive WHERE hash = ?`, p.Hash).Scan(&codec)
	if codec != codecS2 {
		t.Errorf("new page archived with codec %q, want %q", codec, codecS2)
	}
}

func TestOpenNewStorePageSize(t *testing.T) {
	db := openTest(t)
	var ps int
	var jm string
	if err := db.sql.QueryRow("PRAGMA page_size").Scan(&ps); err != nil {
		t.Fatal(err)
	}
	if err := db.sql.QueryRow("PRAGMA journal_mode").Scan(&jm); err != nil {
		t.Fatal(err)
	}
	if ps != pageSize || jm != "wal" {
		t.Errorf("new store: page_size %d, journal_mode %s; want %d, wal", ps, jm, pageSize)
	}
}
