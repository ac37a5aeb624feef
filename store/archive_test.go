package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"
)

func page(body string, at time.Time) Page {
	sum := sha256.Sum256([]byte(body))
	return Page{Hash: hex.EncodeToString(sum[:]), Body: []byte(body), FetchedAt: at}
}

func TestArchivePages(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	big := strings.Repeat("<p>全国包邮 新疆除外</p>", 500)
	a, b := page(big, t0), page("<h1>另一页</h1>", t0)
	if err := db.ArchivePages(ctx, []Page{a, b}); err != nil {
		t.Fatal(err)
	}
	// The same bytes again (next patrol): stored once, last_seen moves.
	if err := db.ArchivePages(ctx, []Page{page(big, t0.Add(48*time.Hour))}); err != nil {
		t.Fatal(err)
	}
	var n, stored int
	if err := db.sql.QueryRowContext(ctx, "SELECT count(*), sum(length(body)) FROM page_archive").Scan(&n, &stored); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d archived pages, want 2 (deduplicated by hash)", n)
	}
	if stored >= len(big) {
		t.Errorf("stored %d bytes for a %d-byte page: not compressed", stored, len(big))
	}
	got, err := db.ArchivedPage(ctx, a.Hash)
	if err != nil || string(got.Body) != big || !got.FetchedAt.Equal(t0) {
		t.Fatalf("ArchivedPage = %d bytes at %v, %v; want the page as first fetched at %v", len(got.Body), got.FetchedAt, err, t0)
	}
	bad := a
	bad.Body = []byte("tampered")
	if err := db.ArchivePages(ctx, []Page{bad}); err == nil {
		t.Error("a page whose bytes do not match its hash was archived")
	}
	// Retention: b was last seen at t0, a at t0+48h.
	if n, err := db.PruneArchive(ctx, t0.Add(24*time.Hour)); err != nil || n != 1 {
		t.Errorf("PruneArchive = %d, %v; want 1", n, err)
	}
	if _, err := db.ArchivedPage(ctx, b.Hash); !errors.Is(err, ErrNotFound) {
		t.Errorf("pruned page still readable: %v", err)
	}
	if _, err := db.ArchivedPage(ctx, a.Hash); err != nil {
		t.Errorf("recent page pruned: %v", err)
	}
}

// TestArchivePagesRepeatedInBatch archives a batch holding a page twice and
// a page archived before: stored once each, first_seen from the first
// fetch, last_seen from the latest.
func TestArchivePagesRepeatedInBatch(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	old := page("<h1>旧</h1>", t0)
	if err := db.ArchivePages(ctx, []Page{old}); err != nil {
		t.Fatal(err)
	}
	a := page("<h1>新</h1>", t0.Add(3*time.Hour))
	a2, a3 := a, a
	a2.FetchedAt, a3.FetchedAt = t0.Add(5*time.Hour), t0.Add(4*time.Hour)
	if err := db.ArchivePages(ctx, []Page{a, old, a2, a3, page("<h1>旧</h1>", t0.Add(time.Hour))}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		hash        string
		first, last time.Time
	}{{old.Hash, t0, t0.Add(time.Hour)}, {a.Hash, t0.Add(3 * time.Hour), t0.Add(5 * time.Hour)}} {
		var n int
		var first, last string
		if err := db.sql.QueryRowContext(ctx, `SELECT count(*), first_seen, last_seen FROM page_archive WHERE hash = ?`, tc.hash).
			Scan(&n, &first, &last); err != nil {
			t.Fatal(err)
		}
		if n != 1 || first != fmtTime(tc.first) || last != fmtTime(tc.last) {
			t.Errorf("page %s: %d rows seen %s … %s, want 1 row seen %s … %s", tc.hash[:8], n, first, last, fmtTime(tc.first), fmtTime(tc.last))
		}
	}
	got, err := db.ArchivedPage(ctx, a.Hash)
	if err != nil || string(got.Body) != "<h1>新</h1>" {
		t.Errorf("ArchivedPage = %q, %v", got.Body, err)
	}
	// Stored bytes that no longer match their hash are refused.
	if _, err := db.sql.ExecContext(ctx, `UPDATE page_archive SET body = ? WHERE hash = ?`, []byte("\x0bjunk"), a.Hash); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ArchivedPage(ctx, a.Hash); err == nil {
		t.Error("ArchivedPage(corrupted body): no error")
	}
}
