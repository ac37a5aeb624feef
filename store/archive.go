package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"
)

// Page is one fetched listing page's bytes, for the evidence archive.
type Page struct {
	// Hash is the sha256 hex of Body (the listing's ContentHash).
	Hash      string
	Body      []byte
	FetchedAt time.Time
}

// ArchivePages keeps the pages' bytes gzip-compressed, once per content
// hash: a page already archived only has its last_seen moved. One
// transaction for the batch. A page whose Hash does not match its bytes is
// refused, so the archive can be trusted as evidence.
func (db *DB) ArchivePages(ctx context.Context, pages []Page) error {
	if len(pages) == 0 {
		return nil
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("archive pages: %w", err)
	}
	defer tx.Rollback()
	seen, err := tx.PrepareContext(ctx, `UPDATE page_archive SET last_seen = max(last_seen, ?) WHERE hash = ?`)
	if err != nil {
		return fmt.Errorf("archive pages: %w", err)
	}
	defer seen.Close()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO page_archive (hash, body, size, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("archive pages: %w", err)
	}
	defer ins.Close()
	var buf bytes.Buffer
	// BestSpeed: HTML still shrinks about 4×, and a patrol of thousands of
	// pages should not wait on compression.
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	for _, p := range pages {
		sum := sha256.Sum256(p.Body)
		if hex.EncodeToString(sum[:]) != p.Hash {
			return fmt.Errorf("archive pages: hash %s does not match the page bytes", p.Hash)
		}
		at := fmtTime(p.FetchedAt)
		res, err := seen.ExecContext(ctx, at, p.Hash)
		if err != nil {
			return fmt.Errorf("archive pages: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			continue
		}
		buf.Reset()
		zw.Reset(&buf)
		if _, err := zw.Write(p.Body); err != nil {
			return fmt.Errorf("archive pages: %w", err)
		}
		if err := zw.Close(); err != nil {
			return fmt.Errorf("archive pages: %w", err)
		}
		if _, err := ins.ExecContext(ctx, p.Hash, buf.Bytes(), len(p.Body), at, at); err != nil {
			return fmt.Errorf("archive pages: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("archive pages: %w", err)
	}
	return nil
}

// ArchivedPage returns the page with the given content hash, decompressed
// and verified against its hash.
func (db *DB) ArchivedPage(ctx context.Context, hash string) (Page, error) {
	var (
		body      []byte
		firstSeen string
	)
	err := db.sql.QueryRowContext(ctx, `SELECT body, first_seen FROM page_archive WHERE hash = ?`, hash).Scan(&body, &firstSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return Page{}, fmt.Errorf("archived page %s: %w", hash, ErrNotFound)
	}
	if err != nil {
		return Page{}, fmt.Errorf("archived page %s: %w", hash, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return Page{}, fmt.Errorf("archived page %s: %w", hash, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return Page{}, fmt.Errorf("archived page %s: %w", hash, err)
	}
	sum := sha256.Sum256(raw)
	if hex.EncodeToString(sum[:]) != hash {
		return Page{}, fmt.Errorf("archived page %s: stored bytes do not match the hash", hash)
	}
	at, err := parseTime(firstSeen)
	if err != nil {
		return Page{}, err
	}
	return Page{Hash: hash, Body: raw, FetchedAt: at}, nil
}

// PruneArchive deletes archived pages last seen before cutoff (the
// retention setting) and returns how many went.
func (db *DB) PruneArchive(ctx context.Context, cutoff time.Time) (int, error) {
	res, err := db.sql.ExecContext(ctx, `DELETE FROM page_archive WHERE last_seen < ?`, fmtTime(cutoff))
	if err != nil {
		return 0, fmt.Errorf("prune archive: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// PageRef names the page a run's snapshot of a listing was read from: the
// evidence behind its findings.
type PageRef struct {
	URL       string
	Hash      string
	FetchedAt time.Time
}

// PageRefs returns, per listing, the page each snapshot of run runID was
// read from (for a carried snapshot, the page it was carried from).
func (db *DB) PageRefs(ctx context.Context, runID int64) (map[string]PageRef, error) {
	rows, err := db.sql.QueryContext(ctx,
		`SELECT listing_id, url, content_hash, fetched_at FROM snapshots WHERE run_id = ?`, runID)
	if err != nil {
		return nil, fmt.Errorf("page refs: %w", err)
	}
	defer rows.Close()
	out := map[string]PageRef{}
	for rows.Next() {
		var id, u, h, at string
		if err := rows.Scan(&id, &u, &h, &at); err != nil {
			return nil, fmt.Errorf("page refs: %w", err)
		}
		t, err := parseTime(at)
		if err != nil {
			return nil, fmt.Errorf("page refs: %w", err)
		}
		out[id] = PageRef{URL: u, Hash: h, FetchedAt: t}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("page refs: %w", err)
	}
	return out, nil
}
