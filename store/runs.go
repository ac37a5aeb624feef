package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Run kinds.
const (
	KindPatrol = "patrol"
	KindAudit  = "audit"
	KindCheck  = "check"
)

// Run statuses. A run is StatusRunning until FinishRun; only
// StatusComplete runs are diff baselines.
const (
	StatusRunning  = "running"
	StatusComplete = "complete"
	StatusPartial  = "partial"
	StatusFailed   = "failed"
)

// Run is one patrol, audit or check and its bookkeeping.
type Run struct {
	ID         int64
	Kind       string
	Shop       string
	Status     string
	Note       string
	StartedAt  time.Time
	FinishedAt time.Time // zero while running or when abandoned
	// Listings, PagesFetched, FetchErrors and Findings are the counts
	// FinishRun recorded.
	Listings     int
	PagesFetched int
	FetchErrors  int
	Findings     int
}

// RunStats are the counts and note FinishRun records on a run.
type RunStats struct {
	Listings     int
	PagesFetched int
	FetchErrors  int
	Findings     int
	Note         string
}

func validKind(kind string) bool {
	return kind == KindPatrol || kind == KindAudit || kind == KindCheck
}

// StartRun records a new run of the given kind, status running, started at.
func (db *DB) StartRun(ctx context.Context, kind, shop string, at time.Time) (Run, error) {
	if !validKind(kind) {
		return Run{}, fmt.Errorf("start run: unknown kind %q", kind)
	}
	if at.IsZero() {
		return Run{}, errors.New("start run: zero start time")
	}
	res, err := db.sql.ExecContext(ctx,
		"INSERT INTO runs (kind, shop, started_at, status) VALUES (?, ?, ?, ?)",
		kind, shop, fmtTime(at), StatusRunning)
	if err != nil {
		return Run{}, fmt.Errorf("start run: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return Run{}, fmt.Errorf("start run: %w", err)
	}
	return Run{ID: id, Kind: kind, Shop: shop, Status: StatusRunning, StartedAt: at.UTC()}, nil
}

// FinishRun ends a running run with status complete, partial or failed and
// records its counts. Finishing a run that is no longer running (already
// finished, or marked abandoned) is an error.
func (db *DB) FinishRun(ctx context.Context, id int64, status string, at time.Time, st RunStats) error {
	switch status {
	case StatusComplete, StatusPartial, StatusFailed:
	default:
		return fmt.Errorf("finish run %d: invalid status %q", id, status)
	}
	res, err := db.sql.ExecContext(ctx, `UPDATE runs SET status = ?, finished_at = ?,
		listings = ?, pages_fetched = ?, fetch_errors = ?, findings = ?, note = ?
		WHERE id = ? AND status = ?`,
		status, nullTime(at), st.Listings, st.PagesFetched, st.FetchErrors, st.Findings, st.Note,
		id, StatusRunning)
	if err != nil {
		return fmt.Errorf("finish run %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("finish run %d: %w", id, err)
	} else if n == 0 {
		r, err := db.Run(ctx, id)
		if err != nil {
			return fmt.Errorf("finish run %d: %w", id, err)
		}
		return fmt.Errorf("finish run %d: status is %s, not running", id, r.Status)
	}
	return nil
}

// MarkAbandoned marks every run still running that started before
// olderThan as failed, with a note, and returns how many it marked. It is
// crash recovery: call it while holding the patrol lock, when no run can
// really be in progress. An abandoned run keeps a zero FinishedAt.
func (db *DB) MarkAbandoned(ctx context.Context, olderThan time.Time) (int, error) {
	res, err := db.sql.ExecContext(ctx, `UPDATE runs SET status = ?,
		note = CASE WHEN note = '' THEN ? ELSE note || '; ' || ? END
		WHERE status = ? AND started_at < ?`,
		StatusFailed, "abandoned: still running at recovery", "abandoned: still running at recovery",
		StatusRunning, fmtTime(olderThan))
	if err != nil {
		return 0, fmt.Errorf("mark abandoned runs: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("mark abandoned runs: %w", err)
	}
	return int(n), nil
}

const runCols = `id, kind, shop, status, note, started_at, finished_at,
	listings, pages_fetched, fetch_errors, findings`

type scanner interface{ Scan(dest ...any) error }

func scanRun(s scanner) (Run, error) {
	var (
		r        Run
		started  string
		finished sql.NullString
	)
	err := s.Scan(&r.ID, &r.Kind, &r.Shop, &r.Status, &r.Note, &started, &finished,
		&r.Listings, &r.PagesFetched, &r.FetchErrors, &r.Findings)
	if err != nil {
		return Run{}, err
	}
	if r.StartedAt, err = parseTime(started); err != nil {
		return Run{}, err
	}
	if r.FinishedAt, err = parseNullTime(finished); err != nil {
		return Run{}, err
	}
	return r, nil
}

// Run returns the run with the given ID; the error wraps ErrNotFound when
// there is none.
func (db *DB) Run(ctx context.Context, id int64) (Run, error) {
	r, err := scanRun(db.sql.QueryRowContext(ctx, "SELECT "+runCols+" FROM runs WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Run{}, fmt.Errorf("run %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Run{}, fmt.Errorf("run %d: %w", id, err)
	}
	return r, nil
}

// Runs returns up to limit runs of the given kind ("" for every kind),
// newest first; limit <= 0 means all.
func (db *DB) Runs(ctx context.Context, kind string, limit int) ([]Run, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := db.sql.QueryContext(ctx, "SELECT "+runCols+
		" FROM runs WHERE (? = '' OR kind = ?) ORDER BY id DESC LIMIT ?", kind, kind, limit)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("list runs: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	return out, nil
}

// LatestRun returns the newest run of the given kind ("" for any kind),
// whatever its status, and false when there is none.
func (db *DB) LatestRun(ctx context.Context, kind string) (Run, bool, error) {
	rs, err := db.Runs(ctx, kind, 1)
	if err != nil {
		return Run{}, false, err
	}
	if len(rs) == 0 {
		return Run{}, false, nil
	}
	return rs[0], true, nil
}

// PreviousComplete returns the diff baseline for a run: the newest
// complete run of kind with an ID below beforeID, and false when there is
// none. Running, partial and failed (crashed) runs are never baselines.
func (db *DB) PreviousComplete(ctx context.Context, kind string, beforeID int64) (Run, bool, error) {
	r, err := scanRun(db.sql.QueryRowContext(ctx, "SELECT "+runCols+
		" FROM runs WHERE kind = ? AND status = ? AND id < ? ORDER BY id DESC LIMIT 1",
		kind, StatusComplete, beforeID))
	if errors.Is(err, sql.ErrNoRows) {
		return Run{}, false, nil
	}
	if err != nil {
		return Run{}, false, fmt.Errorf("previous complete run before %d: %w", beforeID, err)
	}
	return r, true, nil
}
