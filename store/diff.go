package store

import (
	"context"
	"fmt"

	"github.com/xundian/xundian/listing"
)

// Diff compares a run's findings with its baseline, the previous complete
// run of the same kind. Each list is sorted like Findings.
type Diff struct {
	// Base is the baseline run; HasBase is false when there is none, and
	// then every finding of the run is New.
	Base    Run
	HasBase bool
	// New are the run's findings whose fingerprint the base lacks.
	New []StoredFinding
	// Open are the run's findings the base has too (carried ones
	// included, so a listing that failed to fetch keeps its findings open).
	Open []StoredFinding
	// Resolved are base findings the run lacks although it checked the
	// listing.
	Resolved []StoredFinding
	// Removed are base findings whose listing the run neither checked nor
	// failed to fetch: the listing is gone from the shop.
	Removed []StoredFinding
	// Unconfirmed are base findings the run lacks but did not disprove:
	// the listing failed to fetch and a run between the base and this one
	// no longer found them; or the page was read but the rule could not
	// check (input missing); or the run is partial and never discovered
	// the listing. Neither
	// resolved by this run's evidence nor open; reports may show them
	// with the resolved ones or leave them out.
	Unconfirmed []StoredFinding
}

// Diff compares run runID with its baseline (PreviousComplete).
func (db *DB) Diff(ctx context.Context, runID int64) (Diff, error) {
	d, err := db.diff(ctx, runID)
	if err != nil {
		return Diff{}, fmt.Errorf("diff run %d: %w", runID, err)
	}
	return d, nil
}

func (db *DB) diff(ctx context.Context, runID int64) (Diff, error) {
	run, err := db.Run(ctx, runID)
	if err != nil {
		return Diff{}, err
	}
	var d Diff
	d.Base, d.HasBase, err = db.PreviousComplete(ctx, run.Kind, runID)
	if err != nil {
		return Diff{}, err
	}
	cur, err := db.Findings(ctx, runID)
	if err != nil {
		return Diff{}, err
	}
	if !d.HasBase {
		d.New = cur
		return d, nil
	}
	base, err := db.Findings(ctx, d.Base.ID)
	if err != nil {
		return Diff{}, err
	}
	checked, err := db.listingSet(ctx, "SELECT listing_id FROM snapshots WHERE run_id = ?", runID)
	if err != nil {
		return Diff{}, err
	}
	failed, err := db.listingSet(ctx,
		"SELECT DISTINCT listing_id FROM fetch_failures WHERE run_id = ? AND listing_id <> ''", runID)
	if err != nil {
		return Diff{}, err
	}

	// Only could-not-check outcomes matter here: filtered in SQLite
	// instead of loading every outcome of the run.
	couldNot, err := db.outcomesIs(ctx, runID, listing.OutcomeCouldNotCheck)
	if err != nil {
		return Diff{}, err
	}

	inBase := make(map[string]bool, len(base))
	for _, f := range base {
		inBase[f.Fingerprint] = true
	}
	inCur := make(map[string]bool, len(cur))
	for _, f := range cur {
		inCur[f.Fingerprint] = true
		if inBase[f.Fingerprint] {
			d.Open = append(d.Open, f)
		} else {
			d.New = append(d.New, f)
		}
	}
	for _, f := range base {
		switch {
		case inCur[f.Fingerprint]:
		case checked[f.ListingID] && couldNot[f.ListingID][f.Rule]:
			// The page was read but the rule lacked its input (e.g. the
			// freight template failed to load): not looked at, not fixed.
			d.Unconfirmed = append(d.Unconfirmed, f)
		case checked[f.ListingID]:
			d.Resolved = append(d.Resolved, f)
		case failed[f.ListingID]:
			d.Unconfirmed = append(d.Unconfirmed, f)
		case run.Status != StatusComplete:
			// A partial run (e.g. an index page or sitemap failed) may not
			// have discovered the listing at all: not proof it is gone.
			d.Unconfirmed = append(d.Unconfirmed, f)
		default:
			d.Removed = append(d.Removed, f)
		}
	}
	return d, nil
}
