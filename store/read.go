package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/xundian/xundian/listing"
)

// StoredFinding is a finding as a run stored it.
type StoredFinding struct {
	listing.Finding
	RunID int64
	// Carried is true when the finding was copied from an earlier run
	// because the listing failed to fetch or its page was unchanged.
	Carried bool
	// Suppressed is true when a suppression for the fingerprint was active
	// at the run's start; SuppressReason is its reason.
	Suppressed     bool
	SuppressReason string
}

// findingQuery selects StoredFinding columns; a suppression applies when
// it had not expired by the run's start. When it was created does not
// matter: `xundian ignore` followed by `xundian report` must hide the
// finding in the report of the run it was ignored from.
const findingQuery = `SELECT f.run_id, f.listing_id, f.url, f.title, f.rule, f.source, f.evidence,
	f.evidence_start, f.image_url, f.detail, f.detail_en, f.points, f.severity, f.fingerprint,
	f.carried, s.fingerprint IS NOT NULL, coalesce(s.reason, '')` + findingsWithSuppressions

// findingsWithSuppressions joins each finding f with its run r and the
// suppression s that applies to it, if any.
const findingsWithSuppressions = `
	FROM findings f
	JOIN runs r ON r.id = f.run_id
	LEFT JOIN suppressions s ON s.fingerprint = f.fingerprint
		AND (s.until IS NULL OR s.until > r.started_at)`

func scanFinding(s scanner) (StoredFinding, error) {
	var (
		f                StoredFinding
		source, severity string
	)
	err := s.Scan(&f.RunID, &f.ListingID, &f.URL, &f.Title, &f.Rule, &source, &f.Evidence,
		&f.EvidenceStart, &f.ImageURL, &f.Detail, &f.DetailEN, &f.Points, &severity,
		&f.Fingerprint, &f.Carried, &f.Suppressed, &f.SuppressReason)
	f.Source = listing.Source(source)
	f.Severity = listing.Severity(severity)
	return f, err
}

func (db *DB) queryFindings(ctx context.Context, where string, args ...any) ([]StoredFinding, error) {
	rows, err := db.sql.QueryContext(ctx, findingQuery+" WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoredFinding
	for rows.Next() {
		f, err := scanFinding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Findings returns the findings of a run, carried ones included, sorted by
// listing ID (numerically when both IDs are digits), rule, source and
// fingerprint.
func (db *DB) Findings(ctx context.Context, runID int64) ([]StoredFinding, error) {
	fs, err := db.queryFindings(ctx, "f.run_id = ?", runID)
	if err != nil {
		return nil, fmt.Errorf("findings of run %d: %w", runID, err)
	}
	sortFindings(fs)
	return fs, nil
}

// CountFindings returns how many findings run runID holds, carried ones
// included, without reading them.
func (db *DB) CountFindings(ctx context.Context, runID int64) (int, error) {
	var n int
	if err := db.sql.QueryRowContext(ctx, "SELECT count(*) FROM findings WHERE run_id = ?", runID).Scan(&n); err != nil {
		return 0, fmt.Errorf("findings of run %d: %w", runID, err)
	}
	return n, nil
}

// FindingPoints is what a finding weighs in a shop's exposure.
type FindingPoints struct {
	ListingID, Rule string
	Points          int
}

// OpenFindingPoints returns the listing, rule and points of run runID's
// findings that are not suppressed (as Findings applies suppressions),
// without the rest of each finding: a report's trend weighs earlier runs
// with them.
func (db *DB) OpenFindingPoints(ctx context.Context, runID int64) ([]FindingPoints, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT f.listing_id, f.rule, f.points"+findingsWithSuppressions+
		" WHERE f.run_id = ? AND s.fingerprint IS NULL", runID)
	if err != nil {
		return nil, fmt.Errorf("findings of run %d: %w", runID, err)
	}
	defer rows.Close()
	var out []FindingPoints
	for rows.Next() {
		var p FindingPoints
		if err := rows.Scan(&p.ListingID, &p.Rule, &p.Points); err != nil {
			return nil, fmt.Errorf("findings of run %d: %w", runID, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("findings of run %d: %w", runID, err)
	}
	return out, nil
}

func sortFindings(fs []StoredFinding) {
	slices.SortFunc(fs, func(a, b StoredFinding) int {
		return cmp.Or(
			CompareListingIDs(a.ListingID, b.ListingID),
			strings.Compare(a.Rule, b.Rule),
			strings.Compare(string(a.Source), string(b.Source)),
			strings.Compare(a.Fingerprint, b.Fingerprint),
		)
	})
}

// CompareListingIDs orders listing IDs: numerically when both are
// all digits (so "9999" < "10000"), else as text.
func CompareListingIDs(a, b string) int {
	if isDigits(a) && isDigits(b) {
		ta, tb := strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		if c := cmp.Or(cmp.Compare(len(ta), len(tb)), strings.Compare(ta, tb)); c != 0 {
			return c
		}
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// runOutcomesSQL selects (listing_id, rule, outcome) of the run the named
// parameter holds, as readers see them: the run's own rows, and for a
// listing carried by reference (outcome_refs, migration 0011) the rows of
// the run it refers to, for the rules the run has no row of its own for.
func runOutcomesSQL(run string) string {
	return `SELECT listing_id, rule, outcome FROM outcomes WHERE run_id = ` + run + `
	UNION ALL
	SELECT o.listing_id, o.rule, o.outcome FROM outcome_refs f
	JOIN outcomes o ON o.run_id = f.from_run AND o.listing_id = f.listing_id
	WHERE f.run_id = ` + run + ` AND NOT EXISTS (SELECT 1 FROM outcomes x
		WHERE x.run_id = ` + run + ` AND x.listing_id = f.listing_id AND x.rule = o.rule)`
}

// Outcomes returns each rule's outcome for each listing of a run:
// listing ID → rule ID → outcome.
func (db *DB) Outcomes(ctx context.Context, runID int64) (map[string]map[string]listing.Outcome, error) {
	rows, err := db.sql.QueryContext(ctx,
		runOutcomesSQL("?1"), runID)
	if err != nil {
		return nil, fmt.Errorf("outcomes of run %d: %w", runID, err)
	}
	defer rows.Close()
	out := make(map[string]map[string]listing.Outcome)
	for rows.Next() {
		var id, rule, o string
		if err := rows.Scan(&id, &rule, &o); err != nil {
			return nil, fmt.Errorf("outcomes of run %d: %w", runID, err)
		}
		m := out[id]
		if m == nil {
			m = make(map[string]listing.Outcome)
			out[id] = m
		}
		m[rule] = listing.Outcome(o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("outcomes of run %d: %w", runID, err)
	}
	return out, nil
}

// OutcomeTally counts a run's rule outcomes without loading them: how
// many listings have any, how many evaluations there were, and per rule
// how many listings had each outcome.
type OutcomeTally struct {
	Listings int
	Checks   int
	ByRule   map[string]map[listing.Outcome]int
}

// TallyOutcomes counts run runID's outcomes in SQLite.
func (db *DB) TallyOutcomes(ctx context.Context, runID int64) (OutcomeTally, error) {
	t := OutcomeTally{ByRule: map[string]map[listing.Outcome]int{}}
	err := db.sql.QueryRowContext(ctx,
		"SELECT count(DISTINCT listing_id), count(*) FROM ("+runOutcomesSQL("?1")+")", runID).
		Scan(&t.Listings, &t.Checks)
	if err != nil {
		return OutcomeTally{}, fmt.Errorf("outcomes of run %d: %w", runID, err)
	}
	rows, err := db.sql.QueryContext(ctx,
		"SELECT rule, outcome, count(*) FROM ("+runOutcomesSQL("?1")+") GROUP BY rule, outcome", runID)
	if err != nil {
		return OutcomeTally{}, fmt.Errorf("outcomes of run %d: %w", runID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var rule, o string
		var n int
		if err := rows.Scan(&rule, &o, &n); err != nil {
			return OutcomeTally{}, fmt.Errorf("outcomes of run %d: %w", runID, err)
		}
		m := t.ByRule[rule]
		if m == nil {
			m = map[listing.Outcome]int{}
			t.ByRule[rule] = m
		}
		m[listing.Outcome(o)] = n
	}
	if err := rows.Err(); err != nil {
		return OutcomeTally{}, fmt.Errorf("outcomes of run %d: %w", runID, err)
	}
	return t, nil
}

// outcomesIs returns the listing ID → rule IDs of run runID's outcomes
// equal to o (a small set: the rows are filtered in SQLite).
func (db *DB) outcomesIs(ctx context.Context, runID int64, o listing.Outcome) (map[string]map[string]bool, error) {
	rows, err := db.sql.QueryContext(ctx,
		"SELECT listing_id, rule FROM ("+runOutcomesSQL("?1")+") WHERE outcome = ?2", runID, string(o))
	if err != nil {
		return nil, fmt.Errorf("outcomes of run %d: %w", runID, err)
	}
	defer rows.Close()
	out := map[string]map[string]bool{}
	for rows.Next() {
		var id, rule string
		if err := rows.Scan(&id, &rule); err != nil {
			return nil, fmt.Errorf("outcomes of run %d: %w", runID, err)
		}
		if out[id] == nil {
			out[id] = map[string]bool{}
		}
		out[id][rule] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("outcomes of run %d: %w", runID, err)
	}
	return out, nil
}

// SnapshotTexts returns, by listing ID, the texts a finding may quote from
// run runID's snapshots of the given listings: title, description,
// service text, images and attributes; every other field is zero. SQLite
// picks the fields out of the stored JSON, so a report does not decode
// whole listings; images and attributes, whose decoding is most of the
// cost, are decoded only for the listings need says need them.
func (db *DB) SnapshotTexts(ctx context.Context, runID int64, ids []string, need func(listingID string) (images, attributes bool)) (map[string]listing.Listing, error) {
	out := make(map[string]listing.Listing, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	set, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT listing_id, title,
			coalesce(json_extract(doc, '$.description'), ''),
			coalesce(json_extract(doc, '$.service_text'), ''),
			coalesce(json(json_extract(doc, '$.images')), ''),
			coalesce(json(json_extract(doc, '$.attributes')), '')
		FROM (SELECT s.listing_id, s.title, `+listingJSON+` AS doc FROM snapshots s
			WHERE s.run_id = ?1 AND s.listing_id IN (SELECT value FROM json_each(?2)))`,
		runID, string(set))
	if err != nil {
		return nil, fmt.Errorf("snapshot texts of run %d: %w", runID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			l            listing.Listing
			images, attr string
		)
		if err := rows.Scan(&l.ID, &l.Title, &l.Description, &l.ServiceText, &images, &attr); err != nil {
			return nil, fmt.Errorf("snapshot texts of run %d: %w", runID, err)
		}
		wantImages, wantAttr := need(l.ID)
		if images != "" && wantImages {
			if err := json.Unmarshal([]byte(images), &l.Images); err != nil {
				return nil, fmt.Errorf("snapshot %s in run %d: images: %w", l.ID, runID, err)
			}
		}
		if attr != "" && wantAttr {
			if err := json.Unmarshal([]byte(attr), &l.Attributes); err != nil {
				return nil, fmt.Errorf("snapshot %s in run %d: attributes: %w", l.ID, runID, err)
			}
		}
		out[l.ID] = l
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("snapshot texts of run %d: %w", runID, err)
	}
	return out, nil
}

// Failures returns the pages a run failed to fetch, in the order saved.
func (db *DB) Failures(ctx context.Context, runID int64) ([]FetchFailure, error) {
	rows, err := db.sql.QueryContext(ctx,
		"SELECT url, listing_id, status, error FROM fetch_failures WHERE run_id = ? ORDER BY id", runID)
	if err != nil {
		return nil, fmt.Errorf("failures of run %d: %w", runID, err)
	}
	defer rows.Close()
	var out []FetchFailure
	for rows.Next() {
		var f FetchFailure
		if err := rows.Scan(&f.URL, &f.ListingID, &f.Status, &f.Err); err != nil {
			return nil, fmt.Errorf("failures of run %d: %w", runID, err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("failures of run %d: %w", runID, err)
	}
	return out, nil
}

// listingJSON is the listing JSON of snapshot row s: its own, or for a
// carried row (migration 0010) that of the row listing_run names.
const listingJSON = `coalesce(nullif(s.listing, ''), (SELECT o.listing FROM snapshots o
	WHERE o.run_id = s.listing_run AND o.listing_id = s.listing_id))`

// Snapshot returns the listing as a run stored it (for a carried snapshot,
// as the earlier run fetched it), and false when the run holds none.
func (db *DB) Snapshot(ctx context.Context, runID int64, listingID string) (listing.Listing, bool, error) {
	var js string
	err := db.sql.QueryRowContext(ctx,
		"SELECT "+listingJSON+" FROM snapshots s WHERE s.run_id = ? AND s.listing_id = ?", runID, listingID).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return listing.Listing{}, false, nil
	}
	if err != nil {
		return listing.Listing{}, false, fmt.Errorf("snapshot %s in run %d: %w", listingID, runID, err)
	}
	var l listing.Listing
	if err := json.Unmarshal([]byte(js), &l); err != nil {
		return listing.Listing{}, false, fmt.Errorf("snapshot %s in run %d: %w", listingID, runID, err)
	}
	return l, true, nil
}

// listingSet returns the listing IDs a one-parameter (run ID) query
// selects.
func (db *DB) listingSet(ctx context.Context, query string, runID int64) (map[string]bool, error) {
	rows, err := db.sql.QueryContext(ctx, query, runID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	set := make(map[string]bool)
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		set[id] = true
	}
	return set, rows.Err()
}
