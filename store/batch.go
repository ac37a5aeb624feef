package store

import (
	"context"
	"fmt"
)

// Batch is one write of a patrol in progress: the pages to archive, the
// listings checked, the listings carried forward unchanged (IDs) and the
// page-cache entries to store.
type Batch struct {
	Pages   []Page
	Results []ListingResult
	Carried []string
	Cache   []PageValidator
}

// SaveBatch writes b for the running run runID in one transaction, in
// the order ArchivePages, SaveResults, CarryForward, then the page cache
// (replacing what was stored for the same URLs): a listing's page-cache entry is never stored without its results,
// nor its results without the archived page they were read from, and one
// commit a batch instead of four writes the WAL's shared pages once.
// Nothing is written when any part is refused.
func (db *DB) SaveBatch(ctx context.Context, runID int64, b Batch) error {
	for i := range b.Results {
		if err := checkResult(&b.Results[i]); err != nil {
			return fmt.Errorf("save results: %w", err)
		}
	}
	var pages []archivedPage
	var seen string
	if len(b.Pages) > 0 {
		var err error
		if pages, seen, err = archiveBatch(b.Pages); err != nil {
			return fmt.Errorf("archive pages: %w", err)
		}
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save batch: %w", err)
	}
	defer tx.Rollback()
	if len(pages) > 0 {
		if err := archivePagesTx(ctx, tx, pages, seen); err != nil {
			return fmt.Errorf("archive pages: %w", err)
		}
	}
	if len(b.Results) > 0 {
		if err := saveResultsTx(ctx, tx, runID, b.Results); err != nil {
			return fmt.Errorf("save results: %w", err)
		}
	}
	if len(b.Carried) > 0 {
		if err := carryForwardTx(ctx, tx, runID, b.Carried); err != nil {
			return fmt.Errorf("carry forward: %w", err)
		}
	}
	if len(b.Cache) > 0 {
		if err := savePageCacheTx(ctx, tx, b.Cache); err != nil {
			return fmt.Errorf("save page cache: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save batch: %w", err)
	}
	return nil
}
