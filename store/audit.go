package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/xundian/xundian/listing"
)

// This file holds what the history rules and the pre-promotion audit need
// beyond a patrol: price series for every listing of a run, a run's
// listings, rule results added to a running run after its crawl, and an
// audit run built from an earlier patrol.

// ShopListingID is the listing ID of shop-level findings (the promotion
// rules that judge the shop, not a listing). SaveRuleResults creates the
// placeholder listings row it needs.
const ShopListingID = ""

// Series is one listing's price points as the history rules read them.
type Series struct {
	// ListingID, URL and Title are as the run's own snapshot has them.
	ListingID, URL, Title string
	// Points are oldest first; the last is the run's own. SKUPrices is
	// nil: the rules judge the headline prices.
	Points []PricePoint
}

// EachPriceSeries calls fn, in listing ID order, with the price series of
// every listing run runID holds a snapshot of: its points since the given
// time from complete and partial runs and from runID itself (usually
// still running). Unlike PriceHistory, a point is dated by its run's
// start, the time the run vouched for the price: the history rules count
// days in run time, so an injected patrol clock moves them too. One
// listing's series is in memory at a time. The series are read in one
// read transaction (WAL), so fn may write to the store (say, save
// verdicts in batches) without disturbing what it is yet to be given.
func (db *DB) EachPriceSeries(ctx context.Context, runID int64, since time.Time, fn func(Series) error) error {
	rows, err := db.sql.QueryContext(ctx, `SELECT s.listing_id, s.run_id, r.started_at,
			s.price, s.promo_price, s.original_price, s.carried, s.url, s.title
		FROM snapshots s JOIN runs r ON r.id = s.run_id
		WHERE s.listing_id IN (SELECT listing_id FROM snapshots WHERE run_id = ?1)
			AND (r.status IN (?2, ?3) OR r.id = ?1) AND r.id <= ?1 AND r.started_at >= ?4
		ORDER BY s.listing_id, r.started_at, s.run_id`,
		runID, StatusComplete, StatusPartial, fmtTime(since))
	if err != nil {
		return fmt.Errorf("price series of run %d: %w", runID, err)
	}
	defer rows.Close()
	var cur Series
	flush := func() error {
		if cur.ListingID == "" && len(cur.Points) == 0 {
			return nil
		}
		err := fn(cur)
		cur = Series{}
		return err
	}
	for rows.Next() {
		var (
			id, at, url, title string
			p                  PricePoint
		)
		if err := rows.Scan(&id, &p.RunID, &at, &p.Price, &p.PromoPrice, &p.OriginalPrice, &p.Carried, &url, &title); err != nil {
			return fmt.Errorf("price series of run %d: %w", runID, err)
		}
		if p.At, err = parseTime(at); err != nil {
			return fmt.Errorf("price series of run %d: %w", runID, err)
		}
		if id != cur.ListingID || len(cur.Points) == 0 {
			if err := flush(); err != nil {
				return err
			}
			cur.ListingID = id
		}
		if p.RunID == runID {
			cur.URL, cur.Title = url, title
		}
		cur.Points = append(cur.Points, p)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("price series of run %d: %w", runID, err)
	}
	return flush()
}

// PriceSeries returns the price series of the given listings, as
// EachPriceSeries reads them, by listing ID.
func (db *DB) PriceSeries(ctx context.Context, runID int64, since time.Time, ids []string) (map[string]Series, error) {
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	out := make(map[string]Series, len(ids))
	err := db.EachPriceSeries(ctx, runID, since, func(s Series) error {
		if want[s.ListingID] {
			out[s.ListingID] = s
		}
		return nil
	})
	return out, err
}

// RunListings returns the listings a run holds snapshots of (carried ones
// as the earlier run fetched them), sorted by listing ID.
func (db *DB) RunListings(ctx context.Context, runID int64) ([]listing.Listing, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+listingJSON+" FROM snapshots s WHERE s.run_id = ?", runID)
	if err != nil {
		return nil, fmt.Errorf("listings of run %d: %w", runID, err)
	}
	defer rows.Close()
	var out []listing.Listing
	for rows.Next() {
		var js string
		if err := rows.Scan(&js); err != nil {
			return nil, fmt.Errorf("listings of run %d: %w", runID, err)
		}
		var l listing.Listing
		if err := json.Unmarshal([]byte(js), &l); err != nil {
			return nil, fmt.Errorf("listings of run %d: %w", runID, err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listings of run %d: %w", runID, err)
	}
	slices.SortFunc(out, func(a, b listing.Listing) int { return CompareListingIDs(a.ID, b.ID) })
	return out, nil
}

// RuleResult is what rules judged after the crawl (history and promotion
// rules) concluded for one listing, or for the shop (ListingID
// ShopListingID, no outcomes).
type RuleResult struct {
	ListingID string
	Findings  []listing.Finding
	// Outcomes maps rule ID to outcome; ignored for the shop.
	Outcomes map[string]listing.Outcome
}

// SaveRuleResults stores, in one transaction, the results of the given
// rules for a running run: for each result's listing it first deletes the
// run's findings and outcomes of those rules (so a result replaces what an
// incremental carry-forward copied from an earlier run), then inserts the
// new ones; a listing given twice keeps its last result. A listing must
// exist in the store; the shop's placeholder row is created when needed.
// Findings must carry a fingerprint. The deletes and the outcomes are one
// statement each for the whole batch.
func (db *DB) SaveRuleResults(ctx context.Context, runID int64, rules []string, rs []RuleResult) error {
	if len(rs) == 0 {
		return nil
	}
	if err := db.saveRuleResults(ctx, runID, rules, rs); err != nil {
		return fmt.Errorf("save rule results: %w", err)
	}
	return nil
}

const (
	sqlDeleteRuleFindings = `DELETE FROM findings WHERE run_id = ?1
		AND rule IN (SELECT value FROM json_each(?2)) AND listing_id IN (SELECT value FROM json_each(?3))`
	sqlDeleteRuleOutcomes = `DELETE FROM outcomes WHERE run_id = ?1
		AND rule IN (SELECT value FROM json_each(?2)) AND listing_id IN (SELECT value FROM json_each(?3))`
)

func (db *DB) saveRuleResults(ctx context.Context, runID int64, rules []string, rs []RuleResult) error {
	// The last result of each listing wins; bad input is refused before
	// anything is written.
	last := make(map[string]int, len(rs))
	for i, r := range rs {
		for _, f := range r.Findings {
			if f.ListingID != r.ListingID {
				return fmt.Errorf("listing %s: finding %s names listing %s", r.ListingID, f.Rule, f.ListingID)
			}
			if f.Fingerprint == "" {
				return fmt.Errorf("listing %s: finding %s: empty fingerprint", r.ListingID, f.Rule)
			}
		}
		last[r.ListingID] = i
	}
	ids := make([]string, 0, len(last))
	for i, r := range rs {
		if last[r.ListingID] == i {
			ids = append(ids, r.ListingID)
		}
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	started, _, err := runForWrite(ctx, tx, runID)
	if err != nil {
		return err
	}
	if _, shop := last[ShopListingID]; shop {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO listings (id, url, title, first_seen, last_seen)
			VALUES ('', '', '', ?1, ?1)`, fmtTime(started)); err != nil {
			return fmt.Errorf("shop placeholder: %w", err)
		}
	}
	ruleSet, idSet := jsonArray(rules), jsonArray(ids)
	if _, err := tx.ExecContext(ctx, sqlDeleteRuleFindings, runID, ruleSet, idSet); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, sqlDeleteRuleOutcomes, runID, ruleSet, idSet); err != nil {
		return err
	}
	find, err := tx.PrepareContext(ctx, sqlInsertFinding)
	if err != nil {
		return err
	}
	defer find.Close()
	outcomes := outcomeBatch{runID: runID}
	for i, r := range rs {
		if last[r.ListingID] != i {
			continue
		}
		for _, f := range r.Findings {
			if err := insertFinding(ctx, find, runID, r.ListingID, f); err != nil {
				return err
			}
		}
		if r.ListingID == ShopListingID {
			continue
		}
		if err := outcomes.add(r.ListingID, r.Outcomes); err != nil {
			return err
		}
	}
	if err := outcomes.flush(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// CopyRun copies into the running run toID everything the finished run
// fromID holds: snapshots, findings and outcomes, marked carried. It is
// how an audit reuses a recent patrol instead of fetching the shop again;
// the listings' last-seen times do not move.
func (db *DB) CopyRun(ctx context.Context, fromID, toID int64) error {
	if err := db.copyRun(ctx, fromID, toID); err != nil {
		return fmt.Errorf("copy run %d into %d: %w", fromID, toID, err)
	}
	return nil
}

func (db *DB) copyRun(ctx context.Context, fromID, toID int64) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, _, err := runForWrite(ctx, tx, toID); err != nil {
		return err
	}
	for _, q := range []string{
		`INSERT OR REPLACE INTO snapshots (run_id, listing_id, url, title, price, promo_price,
			original_price, sku_prices, freight, listing, listing_run, content_hash, fetched_at, carried)
		SELECT ?1, listing_id, url, title, price, promo_price, original_price, sku_prices, freight,
			'', coalesce(listing_run, run_id), content_hash, fetched_at, 1 FROM snapshots WHERE run_id = ?2`,
		`INSERT OR IGNORE INTO findings (run_id, listing_id, url, title, rule, source, evidence,
			evidence_start, image_url, detail, detail_en, points, severity, fingerprint, carried)
		SELECT ?1, listing_id, url, title, rule, source, evidence, evidence_start, image_url,
			detail, detail_en, points, severity, fingerprint, 1 FROM findings WHERE run_id = ?2`,
		`INSERT OR IGNORE INTO outcomes (run_id, listing_id, rule, outcome)
		SELECT ?1, listing_id, rule, outcome FROM (` + runOutcomesSQL("?2") + `)`,
	} {
		if _, err := tx.ExecContext(ctx, q, toID, fromID); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// LatestCompleteSince returns the newest complete run of kind that started
// at or after since, and false when there is none.
func (db *DB) LatestCompleteSince(ctx context.Context, kind string, since time.Time) (Run, bool, error) {
	rs, err := db.Runs(ctx, kind, 0)
	if err != nil {
		return Run{}, false, err
	}
	var best Run
	found := false
	for _, r := range rs {
		if r.Status != StatusComplete || r.StartedAt.Before(since) {
			continue
		}
		if !found || cmp.Compare(r.ID, best.ID) > 0 {
			best, found = r, true
		}
	}
	return best, found, nil
}
