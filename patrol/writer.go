package patrol

import (
	"context"

	"github.com/xundian/xundian/store"
)

// writer batches listing results and writes them from one goroutine, so
// the crawl never waits on SQLite and each batch is one transaction.
type writer struct {
	ch   chan []store.ListingResult
	done chan error
	buf  []store.ListingResult
	size int
}

func newWriter(ctx context.Context, db *store.DB, runID int64, size int) *writer {
	w := &writer{ch: make(chan []store.ListingResult, 4), done: make(chan error, 1), size: size}
	go func() {
		var firstErr error
		for batch := range w.ch {
			if firstErr != nil {
				continue // drain so the crawl never blocks
			}
			// The results of pages already fetched are kept even when the
			// run is being cancelled.
			if err := db.SaveResults(context.WithoutCancel(ctx), runID, batch); err != nil {
				firstErr = err
			}
		}
		w.done <- firstErr
	}()
	return w
}

// add queues one result; it is called from the crawler's serialized emit.
func (w *writer) add(r store.ListingResult) {
	w.buf = append(w.buf, r)
	if len(w.buf) >= w.size {
		w.ch <- w.buf
		w.buf = make([]store.ListingResult, 0, w.size)
	}
}

// close flushes what is left and returns the first write error.
func (w *writer) close() error {
	if len(w.buf) > 0 {
		w.ch <- w.buf
		w.buf = nil
	}
	close(w.ch)
	return <-w.done
}
