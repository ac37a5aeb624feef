package patrol

import (
	"context"
	"sync"
	"time"

	"github.com/xundian/xundian/crawler"
	"github.com/xundian/xundian/store"
)

// batch is one write: checked listings, then listings carried forward and
// the page-cache entries of those whose validators changed.
type batch struct {
	results []store.ListingResult
	carried []store.PageValidator
	recache []store.PageValidator
}

// len weighs a batch for flushing: carrying a listing forward is a few
// set-based copies, so carried listings count a tenth of a checked one
// (fewer, larger carry transactions: the re-patrol of an unchanged shop
// is mostly carrying).
func (b *batch) len() int { return len(b.results) + len(b.carried)/10 }

// empty reports whether the batch holds nothing to write.
func (b *batch) empty() bool { return len(b.results) == 0 && len(b.carried) == 0 }

// writer batches listing results and unchanged listings and writes them
// from one goroutine, so the crawl never waits on SQLite and each batch is
// one transaction per kind. After each batch it stores the page-cache
// entries of the listings it stored (except those keep refuses), so no
// per-listing state piles up in memory over a large shop.
type writer struct {
	// mu serializes add and carry: the crawler calls them, and so do the
	// OCR workers once a listing's images are read.
	mu       sync.Mutex
	ch       chan batch
	done     chan error
	buf      batch
	size     int
	checkKey string
	now      func() time.Time
}

// newWriter starts the writer goroutine. keep reports whether a stored
// listing may be entered in the page cache (false: its next patrol must
// check it again, e.g. an image could not be read).
func newWriter(ctx context.Context, db *store.DB, runID int64, size int, checkKey string, now func() time.Time, keep func(listingID string) bool) *writer {
	w := &writer{ch: make(chan batch, 4), done: make(chan error, 1), size: size, checkKey: checkKey, now: now}
	go func() {
		var firstErr error
		// The results of pages already fetched are kept even when the
		// run is being cancelled.
		wctx := context.WithoutCancel(ctx)
		for b := range w.ch {
			if firstErr != nil {
				continue // drain so the crawl never blocks
			}
			firstErr = w.write(wctx, db, runID, b, keep)
		}
		w.done <- firstErr
	}()
	return w
}

// write stores one batch in one transaction: archived pages, checked
// listings, carried listings, then their page-cache entries.
func (w *writer) write(ctx context.Context, db *store.DB, runID int64, b batch, keep func(string) bool) error {
	sb := store.Batch{Pages: archivable(b.results), Results: b.results}
	sb.Cache = make([]store.PageValidator, 0, len(b.results)+len(b.recache))
	for _, r := range b.results {
		if v, ok := w.validator(r); ok && keep(v.ListingID) {
			sb.Cache = append(sb.Cache, v)
		}
	}
	if len(b.carried) > 0 {
		sb.Carried = make([]string, len(b.carried))
		for i, v := range b.carried {
			sb.Carried[i] = v.ListingID
		}
		sb.Cache = append(sb.Cache, b.recache...)
	}
	return db.SaveBatch(ctx, runID, sb)
}

// archivable takes the fetched page bytes out of the results (they are
// archived once per content hash and not kept in memory after).
func archivable(rs []store.ListingResult) []store.Page {
	var pages []store.Page
	for i := range rs {
		l := &rs[i].Listing
		if len(l.Page) > 0 && l.ContentHash != "" {
			pages = append(pages, store.Page{Hash: l.ContentHash, Body: l.Page, FetchedAt: l.FetchedAt})
		}
		l.Page = nil
	}
	return pages
}

// validator is the page-cache entry of a checked listing; false when the
// crawler left no content hash to compare the next fetch with.
func (w *writer) validator(r store.ListingResult) (store.PageValidator, bool) {
	l := &r.Listing
	if l.URL == "" || l.ContentHash == "" {
		return store.PageValidator{}, false
	}
	return store.PageValidator{
		URL: l.URL, ListingID: l.ID, ETag: l.ETag, LastModified: l.LastModified,
		ContentHash: l.ContentHash, CheckKey: w.checkKey, FetchedAt: l.FetchedAt,
		SitemapLastMod: l.SitemapLastMod,
	}, true
}

// add queues one result; it is called from the crawler's emit and the OCR
// workers.
func (w *writer) add(r store.ListingResult) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.results = append(w.buf.results, r)
	w.flushIfFull()
}

// carry queues an unchanged listing to be carried forward, and its
// page-cache entry to be stored again when resave (its validators or
// validation time changed); it is called from the crawler's serialized
// Unchanged.
func (w *writer) carry(url string, v crawler.Validator, resave bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	at := v.ValidatedAt
	if at.IsZero() {
		at = w.now().UTC()
	}
	pv := store.PageValidator{
		URL: url, ListingID: v.ListingID, ETag: v.ETag, LastModified: v.LastModified,
		ContentHash: v.ContentHash, CheckKey: w.checkKey, FetchedAt: at, SitemapLastMod: v.LastMod,
	}
	w.buf.carried = append(w.buf.carried, pv)
	if resave {
		w.buf.recache = append(w.buf.recache, pv)
	}
	w.flushIfFull()
}

func (w *writer) flushIfFull() {
	if w.buf.len() >= w.size {
		w.ch <- w.buf
		w.buf = batch{}
	}
}

// close flushes what is left and returns the first write error.
func (w *writer) close() error {
	if !w.buf.empty() {
		w.ch <- w.buf
		w.buf = batch{}
	}
	close(w.ch)
	return <-w.done
}
