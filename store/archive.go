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

	gojson "github.com/goccy/go-json"

	"github.com/klauspost/compress/s2"
)

// Page is one fetched listing page's bytes, for the evidence archive.
type Page struct {
	// Hash is the sha256 hex of Body (the listing's ContentHash).
	Hash      string
	Body      []byte
	FetchedAt time.Time
}

// Codecs of page_archive.body (its codec column, migration 0007).
const (
	// codecGzip is how pages were archived before migration 0007; they
	// are still read.
	codecGzip = "gzip"
	// codecS2 is the S2 block format of github.com/klauspost/compress/s2
	// (an extension of Snappy's). It compresses listing pages about 3.9×
	// where gzip at BestSpeed did 4.8×, for a sixth of gzip's CPU: on a
	// patrol, compression was most of what archiving cost.
	codecS2 = "s2"
)

// ArchivePages keeps the pages' bytes compressed, once per content hash:
// a page already archived only has its last_seen moved. One transaction
// for the batch. A page whose Hash does not match its bytes is refused, so
// the archive can be trusted as evidence.
func (db *DB) ArchivePages(ctx context.Context, pages []Page) error {
	if len(pages) == 0 {
		return nil
	}
	return db.SaveBatch(ctx, 0, Batch{Pages: pages})
}

// archivedPage is one distinct page of a batch: first is when its first
// occurrence in the batch was fetched, last the latest of them.
type archivedPage struct {
	page        *Page
	first, last string
}

// sqlArchiveSeen moves last_seen of the pages already archived; ?1 is a
// JSON object hash → fetch time. It returns the hashes it found.
const sqlArchiveSeen = `UPDATE page_archive SET last_seen = max(last_seen, j.value)
	FROM json_each(?1) j WHERE page_archive.hash = j.key
	RETURNING page_archive.hash`

// archiveBatch checks each page's hash and returns the distinct pages
// with their first and last fetch times, and the JSON object hash → last
// fetch time for sqlArchiveSeen.
func archiveBatch(pages []Page) ([]archivedPage, string, error) {
	index := make(map[string]int, len(pages))
	batch := make([]archivedPage, 0, len(pages))
	for i := range pages {
		p := &pages[i]
		if !hashMatches(p) {
			return nil, "", fmt.Errorf("hash %s does not match the page bytes", p.Hash)
		}
		at := fmtTime(p.FetchedAt)
		if j, ok := index[p.Hash]; ok {
			batch[j].last = max(batch[j].last, at)
			continue
		}
		index[p.Hash] = len(batch)
		batch = append(batch, archivedPage{page: p, first: at, last: at})
	}
	lastSeen := make(map[string]string, len(batch))
	for _, a := range batch {
		lastSeen[a.page.Hash] = a.last
	}
	seen, err := gojson.Marshal(lastSeen)
	if err != nil {
		return nil, "", err
	}
	return batch, string(seen), nil
}

// archivePagesTx archives the distinct pages of a batch in tx; seen is
// the JSON object hash → last fetch time for sqlArchiveSeen.
func archivePagesTx(ctx context.Context, tx *sql.Tx, batch []archivedPage, seen string) error {
	// One statement for the pages archived before (all of them on a full
	// re-patrol of an unchanged shop) instead of one each.
	rows, err := tx.QueryContext(ctx, sqlArchiveSeen, seen)
	if err != nil {
		return err
	}
	archived := make(map[string]bool)
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return err
		}
		archived[h] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(archived) == len(batch) {
		return nil
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO page_archive (hash, body, size, first_seen, last_seen, codec)
		VALUES (?, ?, ?, ?, ?, '`+codecS2+`')`)
	if err != nil {
		return err
	}
	defer ins.Close()
	var body []byte
	for _, a := range batch {
		if archived[a.page.Hash] {
			continue
		}
		p := a.page
		if n := s2.MaxEncodedLen(len(p.Body)); cap(body) < n {
			body = make([]byte, n)
		}
		body = s2.Encode(body[:cap(body)], p.Body)
		if _, err := ins.ExecContext(ctx, p.Hash, body, len(p.Body), a.first, a.last); err != nil {
			return err
		}
	}
	return nil
}

// hashMatches reports whether p.Hash is the sha256 hex (lowercase) of
// p.Body.
func hashMatches(p *Page) bool {
	sum := sha256.Sum256(p.Body)
	var h [2 * sha256.Size]byte
	hex.Encode(h[:], sum[:])
	return string(h[:]) == p.Hash
}

// ArchivedPage returns the page with the given content hash, decompressed
// and verified against its hash.
func (db *DB) ArchivedPage(ctx context.Context, hash string) (Page, error) {
	var (
		body             []byte
		firstSeen, codec string
	)
	err := db.sql.QueryRowContext(ctx, `SELECT body, first_seen, codec FROM page_archive WHERE hash = ?`, hash).
		Scan(&body, &firstSeen, &codec)
	if errors.Is(err, sql.ErrNoRows) {
		return Page{}, fmt.Errorf("archived page %s: %w", hash, ErrNotFound)
	}
	if err != nil {
		return Page{}, fmt.Errorf("archived page %s: %w", hash, err)
	}
	raw, err := decompress(codec, body)
	if err != nil {
		return Page{}, fmt.Errorf("archived page %s: %w", hash, err)
	}
	p := Page{Hash: hash, Body: raw}
	if !hashMatches(&p) {
		return Page{}, fmt.Errorf("archived page %s: stored bytes do not match the hash", hash)
	}
	if p.FetchedAt, err = parseTime(firstSeen); err != nil {
		return Page{}, err
	}
	return p, nil
}

// decompress returns the bytes an archived body of the given codec holds.
func decompress(codec string, body []byte) ([]byte, error) {
	switch codec {
	case codecS2:
		return s2.Decode(nil, body)
	case codecGzip:
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(zr)
	}
	return nil, fmt.Errorf("unknown codec %q", codec)
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
// read from (for a carried snapshot, the page it was carried from), for
// the given listings (nil: every listing of the run).
func (db *DB) PageRefs(ctx context.Context, runID int64, ids []string) (map[string]PageRef, error) {
	q := `SELECT listing_id, url, content_hash, fetched_at FROM snapshots WHERE run_id = ?1`
	args := []any{runID}
	if ids != nil {
		q += ` AND listing_id IN (SELECT value FROM json_each(?2))`
		args = append(args, jsonArray(ids))
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
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
