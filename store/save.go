package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	gojson "github.com/goccy/go-json"
	"github.com/xundian/xundian/listing"
)

// ListingResult is what one run learned about one listing: the listing as
// fetched, the findings of the checks and each rule's outcome (rule ID →
// outcome).
type ListingResult struct {
	Listing  listing.Listing
	Findings []listing.Finding
	Outcomes map[string]listing.Outcome
}

// FetchFailure is a page a run could not fetch or parse. ListingID is empty
// for pages that are not listings (index pages, sitemaps).
type FetchFailure struct {
	URL       string
	ListingID string
	Status    int // HTTP status, 0 when there was no response
	Err       string
}

// runForWrite returns the start time and kind of a run that may still be
// written to, inside tx.
func runForWrite(ctx context.Context, tx *sql.Tx, runID int64) (started time.Time, kind string, err error) {
	var s, status string
	err = tx.QueryRowContext(ctx, "SELECT started_at, kind, status FROM runs WHERE id = ?", runID).
		Scan(&s, &kind, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, "", fmt.Errorf("run %d: %w", runID, ErrNotFound)
	}
	if err != nil {
		return time.Time{}, "", fmt.Errorf("run %d: %w", runID, err)
	}
	if status != StatusRunning {
		return time.Time{}, "", fmt.Errorf("run %d is %s, not running", runID, status)
	}
	started, err = parseTime(s)
	return started, kind, err
}

// stmts prepares statements on a transaction and closes them together.
type stmts struct {
	tx   *sql.Tx
	list []*sql.Stmt
	err  error
}

func (s *stmts) prepare(ctx context.Context, query string) *sql.Stmt {
	if s.err != nil {
		return nil
	}
	st, err := s.tx.PrepareContext(ctx, query)
	if err != nil {
		s.err = err
		return nil
	}
	s.list = append(s.list, st)
	return st
}

func (s *stmts) close() {
	for _, st := range s.list {
		st.Close()
	}
}

const (
	sqlUpsertListing = `INSERT INTO listings (id, url, title, first_seen, last_seen)
		VALUES (?1, ?2, ?3, ?4, ?4)
		ON CONFLICT (id) DO UPDATE SET
			url = CASE WHEN excluded.last_seen >= last_seen THEN excluded.url ELSE url END,
			title = CASE WHEN excluded.last_seen >= last_seen THEN excluded.title ELSE title END,
			first_seen = min(first_seen, excluded.first_seen),
			last_seen = max(last_seen, excluded.last_seen)`
	sqlInsertSnapshot = `INSERT OR REPLACE INTO snapshots (run_id, listing_id, url, title,
		price, promo_price, original_price, sku_prices, freight, listing, content_hash, fetched_at, carried)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`
	sqlInsertFinding = `INSERT OR IGNORE INTO findings (run_id, listing_id, url, title, rule, source,
		evidence, evidence_start, image_url, detail, detail_en, points, severity, fingerprint, carried)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`
	sqlInsertFailure = `INSERT INTO fetch_failures (run_id, url, listing_id, status, error)
		VALUES (?, ?, ?, ?, ?)`
	sqlHasSnapshot = `SELECT count(*) FROM snapshots WHERE run_id = ? AND listing_id = ?`
	sqlLastChecked = `SELECT s.run_id FROM snapshots s JOIN runs r ON r.id = s.run_id
		WHERE s.listing_id = ? AND s.run_id < ? AND r.kind = ?
		ORDER BY s.run_id DESC LIMIT 1`
	sqlCopyFindings = `INSERT OR IGNORE INTO findings (run_id, listing_id, url, title, rule, source,
		evidence, evidence_start, image_url, detail, detail_en, points, severity, fingerprint, carried)
		SELECT ?1, listing_id, url, title, rule, source, evidence, evidence_start, image_url,
			detail, detail_en, points, severity, fingerprint, 1
		FROM findings WHERE run_id = ?2 AND listing_id = ?3`
)

// SaveResults stores a batch of checked listings for a running run in one
// transaction: it upserts each listing (first and last seen), and stores
// its snapshot, findings and outcomes. A listing saved again in the same
// run replaces what the run held for it before, carried findings included.
// Findings must carry a fingerprint; the same fingerprint twice in a run
// is stored once.
func (db *DB) SaveResults(ctx context.Context, runID int64, rs []ListingResult) error {
	if len(rs) == 0 {
		return nil
	}
	return db.SaveBatch(ctx, runID, Batch{Results: rs})
}

// saveResultsTx is SaveResults in tx, for results checkResult accepted.
func saveResultsTx(ctx context.Context, tx *sql.Tx, runID int64, rs []ListingResult) error {
	started, _, err := runForWrite(ctx, tx, runID)
	if err != nil {
		return err
	}
	ss := &stmts{tx: tx}
	defer ss.close()
	upsert := ss.prepare(ctx, sqlUpsertListing)
	snap := ss.prepare(ctx, sqlInsertSnapshot)
	delFindings := ss.prepare(ctx, "DELETE FROM findings WHERE run_id = ? AND listing_id = ?")
	delOutcomes := ss.prepare(ctx, "DELETE FROM outcomes WHERE run_id = ? AND listing_id = ?")
	delOutcomeRef := ss.prepare(ctx, "DELETE FROM outcome_refs WHERE run_id = ? AND listing_id = ?")
	find := ss.prepare(ctx, sqlInsertFinding)
	if ss.err != nil {
		return ss.err
	}

	// Statements run with qctx, without the caller's cancellation: with a
	// cancellable context the driver starts a watcher goroutine for every
	// statement, which costs more than the statement (SaveResults ~25%
	// slower). Cancellation is checked once a listing instead, and
	// database/sql rolls the transaction back when ctx ends.
	qctx := context.WithoutCancel(ctx)

	// A listing saved again replaces what the run held for it. Most
	// listings of a batch are new to the run, so instead of two DELETEs
	// per listing one query finds the few the run already holds rows of;
	// only those (and a listing repeated in the batch) are deleted.
	held, err := heldListings(qctx, tx, runID, rs)
	if err != nil {
		return err
	}
	// The batch's outcomes go in with one statement (sqlInsertBatchOutcomes)
	// when the batch ends, or before a repeated listing's are deleted.
	outcomes := outcomeBatch{runID: runID}
	inBatch := make(map[string]bool, len(rs))
	var enc snapshotEncoder
	for i := range rs {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := &rs[i]
		l := &r.Listing
		seen := l.FetchedAt
		if seen.IsZero() {
			seen = started
		}
		at := fmtTime(seen)
		if _, err := upsert.ExecContext(qctx, l.ID, l.URL, l.Title, at); err != nil {
			return fmt.Errorf("listing %s: %w", l.ID, err)
		}
		var sn snapshotRow
		sn, err = newSnapshotRow(&enc, l, seen)
		if err != nil {
			return fmt.Errorf("listing %s: %w", l.ID, err)
		}
		if _, err := snap.ExecContext(qctx, runID, l.ID, l.URL, l.Title,
			int64(l.Price), int64(l.PromoPrice), int64(l.OriginalPrice),
			sn.skuPrices, sn.freight, sn.listing, l.ContentHash, at); err != nil {
			return fmt.Errorf("listing %s: save snapshot: %w", l.ID, err)
		}
		if inBatch[l.ID] {
			if err := outcomes.flush(qctx, tx); err != nil {
				return err
			}
		}
		if held[l.ID] || inBatch[l.ID] {
			if _, err := delFindings.ExecContext(qctx, runID, l.ID); err != nil {
				return fmt.Errorf("listing %s: %w", l.ID, err)
			}
			if _, err := delOutcomes.ExecContext(qctx, runID, l.ID); err != nil {
				return fmt.Errorf("listing %s: %w", l.ID, err)
			}
			if _, err := delOutcomeRef.ExecContext(qctx, runID, l.ID); err != nil {
				return fmt.Errorf("listing %s: %w", l.ID, err)
			}
		}
		inBatch[l.ID] = true
		for _, f := range r.Findings {
			if f.URL == "" {
				f.URL = l.URL
			}
			if f.Title == "" {
				f.Title = l.Title
			}
			if err := insertFinding(qctx, find, runID, l.ID, f); err != nil {
				return err
			}
		}
		if err := outcomes.add(l.ID, r.Outcomes); err != nil {
			return err
		}
	}
	return outcomes.flush(qctx, tx)
}

// checkResult refuses a result SaveResults cannot store, before anything
// is written.
func checkResult(r *ListingResult) error {
	l := &r.Listing
	if l.ID == "" {
		return fmt.Errorf("listing %q: empty ID", l.URL)
	}
	for _, f := range r.Findings {
		if f.ListingID != "" && f.ListingID != l.ID {
			return fmt.Errorf("listing %s: finding %s names listing %s", l.ID, f.Rule, f.ListingID)
		}
		if f.Fingerprint == "" {
			return fmt.Errorf("listing %s: finding %s: empty fingerprint", l.ID, f.Rule)
		}
	}
	return nil
}

// sqlHeldListings selects the listings of the JSON array ?2 that run ?1
// holds findings, outcomes or outcome references of.
const sqlHeldListings = `SELECT listing_id FROM findings
		WHERE run_id = ?1 AND listing_id IN (SELECT value FROM json_each(?2))
	UNION SELECT listing_id FROM outcomes
		WHERE run_id = ?1 AND listing_id IN (SELECT value FROM json_each(?2))
	UNION SELECT listing_id FROM outcome_refs
		WHERE run_id = ?1 AND listing_id IN (SELECT value FROM json_each(?2))`

// heldListings returns the listings of rs that run runID holds findings
// or outcomes of.
func heldListings(ctx context.Context, tx *sql.Tx, runID int64, rs []ListingResult) (map[string]bool, error) {
	ids := make([]string, len(rs))
	for i := range rs {
		ids[i] = rs[i].Listing.ID
	}
	rows, err := tx.QueryContext(ctx, sqlHeldListings, runID, jsonArray(ids))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	held := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		held[id] = true
	}
	return held, rows.Err()
}

// sqlInsertBatchOutcomes stores the outcomes of several listings: ?2 is a
// JSON object listing ID → rule ID → outcome.
const sqlInsertBatchOutcomes = `INSERT OR REPLACE INTO outcomes (run_id, listing_id, rule, outcome)
	SELECT ?1, l.key, o.key, o.value FROM json_each(?2) l, json_each(l.value) o`

// outcomeBatch collects the outcomes of distinct listings for one
// sqlInsertBatchOutcomes statement: 11 rows a listing are most of what
// saving a result costs, and one statement a batch instead of one a
// listing saves the per-statement cost of the driver.
type outcomeBatch struct {
	runID     int64
	byListing map[string]map[string]listing.Outcome // the outcomes added, not copied
}

func (o *outcomeBatch) add(listingID string, outcomes map[string]listing.Outcome) error {
	if len(outcomes) == 0 {
		return nil
	}
	if err := checkOutcomes(outcomes); err != nil {
		return fmt.Errorf("listing %s: %w", listingID, err)
	}
	if o.byListing == nil {
		o.byListing = make(map[string]map[string]listing.Outcome)
	}
	o.byListing[listingID] = outcomes
	return nil
}

func (o *outcomeBatch) flush(ctx context.Context, tx *sql.Tx) error {
	if len(o.byListing) == 0 {
		return nil
	}
	js, err := gojson.Marshal(o.byListing)
	clear(o.byListing)
	if err != nil {
		return fmt.Errorf("save outcomes: %w", err)
	}
	if _, err := tx.ExecContext(ctx, sqlInsertBatchOutcomes, o.runID, string(js)); err != nil {
		return fmt.Errorf("save outcomes: %w", err)
	}
	return nil
}

// insertFinding stores one finding of listingID with the prepared
// sqlInsertFinding statement.
func insertFinding(ctx context.Context, stmt *sql.Stmt, runID int64, listingID string, f listing.Finding) error {
	if f.Fingerprint == "" {
		return fmt.Errorf("listing %s: finding %s: empty fingerprint", listingID, f.Rule)
	}
	if _, err := stmt.ExecContext(ctx, runID, listingID, f.URL, f.Title, f.Rule, string(f.Source),
		f.Evidence, f.EvidenceStart, f.ImageURL, f.Detail, f.DetailEN, f.Points,
		string(f.Severity), strings.ToLower(f.Fingerprint)); err != nil {
		return fmt.Errorf("listing %s: save finding %s: %w", listingID, f.Rule, err)
	}
	return nil
}

// snapshotRow holds the JSON columns of a snapshot.
type snapshotRow struct {
	skuPrices string
	freight   sql.NullString
	listing   string
}

// newSnapshotRow encodes a snapshot's JSON columns with enc, reused from
// listing to listing.
func newSnapshotRow(enc *snapshotEncoder, l *listing.Listing, fetched time.Time) (snapshotRow, error) {
	var row snapshotRow
	var err error
	if row.skuPrices, err = enc.skuPricesJSON(l.SKUs); err != nil {
		return row, fmt.Errorf("encode SKU prices: %w", err)
	}
	if t := l.Freight; t != nil {
		if row.freight.String, err = enc.freightJSON(t, t.Charged(l.LowestPayable())); err != nil {
			return row, fmt.Errorf("encode freight: %w", err)
		}
		row.freight.Valid = true
	}
	at := l.FetchedAt
	if at.IsZero() {
		at = fetched
	}
	if row.listing, err = enc.listing(l, at); err != nil {
		return row, fmt.Errorf("encode listing: %w", err)
	}
	return row, nil
}

// SaveFailures stores the pages a running run failed to fetch, in one
// transaction, and carries each failed listing's findings forward: the
// findings of the most recent earlier run of the same kind (any status)
// that checked the listing are copied into runID marked carried, so a page
// that failed never makes a finding look fixed. A listing this run did
// check (say, on a retry) is not carried.
func (db *DB) SaveFailures(ctx context.Context, runID int64, fs []FetchFailure) error {
	if len(fs) == 0 {
		return nil
	}
	if err := db.saveFailures(ctx, runID, fs); err != nil {
		return fmt.Errorf("save failures: %w", err)
	}
	return nil
}

func (db *DB) saveFailures(ctx context.Context, runID int64, fs []FetchFailure) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, kind, err := runForWrite(ctx, tx, runID)
	if err != nil {
		return err
	}
	ss := &stmts{tx: tx}
	defer ss.close()
	ins := ss.prepare(ctx, sqlInsertFailure)
	c := newCarrier(ctx, ss)
	if ss.err != nil {
		return ss.err
	}
	done := make(map[string]bool)
	for _, f := range fs {
		if _, err := ins.ExecContext(ctx, runID, f.URL, f.ListingID, f.Status, f.Err); err != nil {
			return fmt.Errorf("%s: %w", f.URL, err)
		}
		if f.ListingID == "" || done[f.ListingID] {
			continue
		}
		done[f.ListingID] = true
		checked, err := c.hasSnapshot(ctx, runID, f.ListingID)
		if err != nil {
			return fmt.Errorf("listing %s: %w", f.ListingID, err)
		}
		if checked {
			continue
		}
		from, ok, err := c.lastChecked(ctx, runID, kind, f.ListingID)
		if err != nil {
			return fmt.Errorf("listing %s: %w", f.ListingID, err)
		}
		if !ok {
			continue // never checked before: nothing to carry
		}
		if _, err := c.findings.ExecContext(ctx, runID, from, f.ListingID); err != nil {
			return fmt.Errorf("listing %s: carry findings from run %d: %w", f.ListingID, from, err)
		}
	}
	return tx.Commit()
}

// CarryForward copies into runID, for listings whose pages were unchanged
// since they were last checked (incremental re-patrol), the last snapshot,
// findings and outcomes of the most recent earlier run of the same kind
// that checked each listing, all marked carried (the snapshot's listing
// JSON and the outcomes by reference, migrations 0010 and 0011), and updates the listing's
// last-seen time to the run's start. A listing the run already holds a
// snapshot for is left alone. A listing never checked before is an error,
// and nothing is saved.
func (db *DB) CarryForward(ctx context.Context, runID int64, listingIDs []string) error {
	if len(listingIDs) == 0 {
		return nil
	}
	if err := db.carryForward(ctx, runID, listingIDs); err != nil {
		return fmt.Errorf("carry forward: %w", err)
	}
	return nil
}

// sqlCarrySources names, for each listing ID in the JSON array ?1, the
// most recent run of kind ?3 before run ?2 that holds a snapshot of it
// (NULL: none) and whether run ?2 already holds one. ORDER BY … LIMIT 1
// walks the listing's snapshots newest first and stops at the first run of
// the kind; max() would read every snapshot the listing ever had.
const sqlCarrySources = `SELECT ids.value,
		(SELECT s.run_id FROM snapshots s JOIN runs r ON r.id = s.run_id
		 WHERE s.listing_id = ids.value AND s.run_id < ?2 AND r.kind = ?3
		 ORDER BY s.run_id DESC LIMIT 1),
		EXISTS (SELECT 1 FROM snapshots WHERE run_id = ?2 AND listing_id = ids.value)
	FROM (SELECT DISTINCT value FROM json_each(?1)) ids`

// The set-based copies of CarryForward: ?1 the run, ?2 the run copied
// from, ?3 a JSON array of listing IDs.
const (
	sqlCarrySnapshots = `INSERT OR REPLACE INTO snapshots (run_id, listing_id, url, title,
		price, promo_price, original_price, sku_prices, freight, listing, listing_run,
		content_hash, fetched_at, carried)
		SELECT ?1, listing_id, url, title, price, promo_price, original_price, sku_prices, freight,
			'', coalesce(listing_run, run_id), content_hash, fetched_at, 1
		FROM snapshots WHERE run_id = ?2 AND listing_id IN (SELECT value FROM json_each(?3))`
	sqlCarryFindings = `INSERT OR IGNORE INTO findings (run_id, listing_id, url, title, rule, source,
		evidence, evidence_start, image_url, detail, detail_en, points, severity, fingerprint, carried)
		SELECT ?1, listing_id, url, title, rule, source, evidence, evidence_start, image_url,
			detail, detail_en, points, severity, fingerprint, 1
		FROM findings WHERE run_id = ?2 AND listing_id IN (SELECT value FROM json_each(?3))`
	// A carried listing's outcomes are a reference to the run whose rows
	// hold them (migration 0011): the source run, or what the source itself
	// referred to, plus a copy of the source's own rows in that case (its
	// history verdicts).
	sqlCarryOutcomeRefs = `INSERT OR REPLACE INTO outcome_refs (run_id, listing_id, from_run)
		SELECT ?1, ids.value, coalesce(r.from_run, ?2)
		FROM (SELECT DISTINCT value FROM json_each(?3)) ids
		LEFT JOIN outcome_refs r ON r.run_id = ?2 AND r.listing_id = ids.value`
	sqlCarryOutcomes = `INSERT OR IGNORE INTO outcomes (run_id, listing_id, rule, outcome)
		SELECT ?1, o.listing_id, o.rule, o.outcome FROM outcomes o
		JOIN outcome_refs r ON r.run_id = ?2 AND r.listing_id = o.listing_id
		WHERE o.run_id = ?2 AND o.listing_id IN (SELECT value FROM json_each(?3))`
	sqlCarryTouch = `UPDATE listings SET last_seen = max(last_seen, ?1)
		WHERE id IN (SELECT value FROM json_each(?2))`
)

// carryForward works on sets, not rows: a few statements per source run
// (usually one) instead of six per listing, so carrying a whole unchanged
// shop stays cheap.
func (db *DB) carryForward(ctx context.Context, runID int64, ids []string) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := carryForwardTx(ctx, tx, runID, ids); err != nil {
		return err
	}
	return tx.Commit()
}

// carryForwardTx is CarryForward in tx.
func carryForwardTx(ctx context.Context, tx *sql.Tx, runID int64, ids []string) error {
	started, kind, err := runForWrite(ctx, tx, runID)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, sqlCarrySources, jsonArray(ids), runID, kind)
	if err != nil {
		return err
	}
	bySource := map[int64][]string{}
	var sources []int64
	var carried []string
	for rows.Next() {
		var id string
		var from sql.NullInt64
		var has bool
		if err := rows.Scan(&id, &from, &has); err != nil {
			rows.Close()
			return err
		}
		switch {
		case has:
			continue
		case !from.Valid:
			rows.Close()
			return fmt.Errorf("listing %s: no earlier %s run checked it", id, kind)
		}
		if bySource[from.Int64] == nil {
			sources = append(sources, from.Int64)
		}
		bySource[from.Int64] = append(bySource[from.Int64], id)
		carried = append(carried, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, from := range sources {
		set := jsonArray(bySource[from])
		for _, q := range []string{sqlCarrySnapshots, sqlCarryFindings, sqlCarryOutcomeRefs, sqlCarryOutcomes} {
			if _, err := tx.ExecContext(ctx, q, runID, from, set); err != nil {
				return fmt.Errorf("copy from run %d: %w", from, err)
			}
		}
	}
	if len(carried) > 0 {
		if _, err := tx.ExecContext(ctx, sqlCarryTouch, fmtTime(started), jsonArray(carried)); err != nil {
			return err
		}
	}
	return nil
}

// carrier holds the statements shared by SaveFailures and CarryForward.
type carrier struct {
	has, last, findings *sql.Stmt
}

func newCarrier(ctx context.Context, ss *stmts) carrier {
	return carrier{
		has:      ss.prepare(ctx, sqlHasSnapshot),
		last:     ss.prepare(ctx, sqlLastChecked),
		findings: ss.prepare(ctx, sqlCopyFindings),
	}
}

func (c carrier) hasSnapshot(ctx context.Context, runID int64, listingID string) (bool, error) {
	var n int
	err := c.has.QueryRowContext(ctx, runID, listingID).Scan(&n)
	return n > 0, err
}

// lastChecked returns the most recent run of kind before runID holding a
// snapshot of the listing.
func (c carrier) lastChecked(ctx context.Context, runID int64, kind, listingID string) (int64, bool, error) {
	var from int64
	err := c.last.QueryRowContext(ctx, listingID, runID, kind).Scan(&from)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return from, true, nil
}
