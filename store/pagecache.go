package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// PageValidator is what the last successful check of one listing page
// left for incremental re-patrol: the response's validators and the hash
// of its body, and the check configuration the listing was checked under.
type PageValidator struct {
	// URL is the listing URL as the crawler queues it (canonical).
	URL       string
	ListingID string
	// ETag and LastModified are the response headers, "" when not sent.
	ETag         string
	LastModified string
	// ContentHash is the SHA-256 of the raw body, hex, as in the
	// listing's snapshot.
	ContentHash string
	// CheckKey names the check configuration (rule catalogue and
	// settings) the listing was checked under.
	CheckKey string
	// FetchedAt is when the page was last validated: fetched, or
	// answered 304 (zero: now).
	FetchedAt time.Time
	// SitemapLastMod is the sitemap <lastmod> the page had then ("":
	// none).
	SitemapLastMod string
}

// sqlLoadPageCache keeps only entries whose content hash is that of the
// listing's latest snapshot in a run of the kind: that is the snapshot
// CarryForward copies, so an entry left by a run of another kind, or one
// whose snapshot is gone, never carries a stale check forward.
const sqlLoadPageCache = `SELECT pc.url, pc.listing_id, pc.etag, pc.last_modified, pc.content_hash,
		pc.check_key, pc.fetched_at, pc.sitemap_lastmod
	FROM page_cache pc
	WHERE pc.check_key = ?1 AND pc.content_hash <> '' AND pc.content_hash = (
		SELECT s.content_hash FROM snapshots s JOIN runs r ON r.id = s.run_id
		WHERE s.listing_id = pc.listing_id AND r.kind = ?2
		ORDER BY s.run_id DESC LIMIT 1)`

// LoadPageCache returns, by URL, the validators of listing pages checked
// under checkKey whose content hash matches the listing's latest snapshot
// in a run of kind, i.e. the pages a run of kind may carry forward when
// they are unchanged.
func (db *DB) LoadPageCache(ctx context.Context, kind, checkKey string) (map[string]PageValidator, error) {
	rows, err := db.sql.QueryContext(ctx, sqlLoadPageCache, checkKey, kind)
	if err != nil {
		return nil, fmt.Errorf("load page cache: %w", err)
	}
	defer rows.Close()
	out := map[string]PageValidator{}
	for rows.Next() {
		var v PageValidator
		var at string
		if err := rows.Scan(&v.URL, &v.ListingID, &v.ETag, &v.LastModified, &v.ContentHash,
			&v.CheckKey, &at, &v.SitemapLastMod); err != nil {
			return nil, fmt.Errorf("load page cache: %w", err)
		}
		if v.FetchedAt, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("load page cache: %w", err)
		}
		out[v.URL] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load page cache: %w", err)
	}
	return out, nil
}

const sqlUpsertPageCache = `INSERT INTO page_cache
		(url, listing_id, etag, last_modified, content_hash, check_key, fetched_at, sitemap_lastmod)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (url) DO UPDATE SET
		listing_id = excluded.listing_id, etag = excluded.etag,
		last_modified = excluded.last_modified, content_hash = excluded.content_hash,
		check_key = excluded.check_key, fetched_at = excluded.fetched_at,
		sitemap_lastmod = excluded.sitemap_lastmod`

// savePageCacheTx stores validators in tx, replacing what was stored for
// the same URLs. Save only the pages of listings whose check was stored
// (SaveBatch does both in one transaction).
func savePageCacheTx(ctx context.Context, tx *sql.Tx, vs []PageValidator) error {
	st, err := tx.PrepareContext(ctx, sqlUpsertPageCache)
	if err != nil {
		return err
	}
	defer st.Close()
	now := time.Now()
	// As in SaveResults: no per-statement cancellation watcher.
	qctx := context.WithoutCancel(ctx)
	for _, v := range vs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if v.URL == "" || v.ListingID == "" {
			return fmt.Errorf("page %q of listing %q: empty URL or listing ID", v.URL, v.ListingID)
		}
		at := v.FetchedAt
		if at.IsZero() {
			at = now
		}
		if _, err := st.ExecContext(qctx, v.URL, v.ListingID, v.ETag, v.LastModified,
			v.ContentHash, v.CheckKey, fmtTime(at), v.SitemapLastMod); err != nil {
			return fmt.Errorf("page %s: %w", v.URL, err)
		}
	}
	return nil
}
