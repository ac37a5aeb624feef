package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Suppression hides one finding, by fingerprint, from reports.
type Suppression struct {
	Fingerprint string
	Reason      string
	Until       time.Time // zero: never expires
	CreatedAt   time.Time
}

// Suppress hides the finding with the given fingerprint from runs starting
// before until (zero: forever), for reason. Suppressing again replaces the
// reason and expiry. now is the creation time.
func (db *DB) Suppress(ctx context.Context, fingerprint, reason string, until, now time.Time) error {
	if !isHex(fingerprint) {
		return fmt.Errorf("suppress %q: fingerprint must be hex", fingerprint)
	}
	_, err := db.sql.ExecContext(ctx, `INSERT INTO suppressions (fingerprint, reason, until, created_at)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (fingerprint) DO UPDATE SET reason = excluded.reason, until = excluded.until,
			created_at = excluded.created_at`,
		strings.ToLower(fingerprint), reason, nullTime(until), fmtTime(now))
	if err != nil {
		return fmt.Errorf("suppress %s: %w", fingerprint, err)
	}
	return nil
}

// Unsuppress removes the suppression of a fingerprint; the error wraps
// ErrNotFound when there is none.
func (db *DB) Unsuppress(ctx context.Context, fingerprint string) error {
	res, err := db.sql.ExecContext(ctx, "DELETE FROM suppressions WHERE fingerprint = ?",
		strings.ToLower(fingerprint))
	if err != nil {
		return fmt.Errorf("unsuppress %s: %w", fingerprint, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("unsuppress %s: %w", fingerprint, err)
	}
	if n == 0 {
		return fmt.Errorf("unsuppress %s: %w", fingerprint, ErrNotFound)
	}
	return nil
}

// Suppressions returns every suppression, expired ones included, by
// fingerprint.
func (db *DB) Suppressions(ctx context.Context) ([]Suppression, error) {
	rows, err := db.sql.QueryContext(ctx,
		"SELECT fingerprint, reason, until, created_at FROM suppressions ORDER BY fingerprint")
	if err != nil {
		return nil, fmt.Errorf("list suppressions: %w", err)
	}
	defer rows.Close()
	var out []Suppression
	for rows.Next() {
		var (
			s       Suppression
			until   sql.NullString
			created string
		)
		if err := rows.Scan(&s.Fingerprint, &s.Reason, &until, &created); err != nil {
			return nil, fmt.Errorf("list suppressions: %w", err)
		}
		if s.Until, err = parseNullTime(until); err != nil {
			return nil, fmt.Errorf("list suppressions: %w", err)
		}
		if s.CreatedAt, err = parseTime(created); err != nil {
			return nil, fmt.Errorf("list suppressions: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list suppressions: %w", err)
	}
	return out, nil
}

// MinPrefix is the shortest fingerprint prefix FindFingerprint accepts.
const MinPrefix = 6

// ErrAmbiguous is returned (wrapped) by FindFingerprint when a prefix
// matches more than one fingerprint.
var ErrAmbiguous = errors.New("ambiguous")

// FindFingerprint resolves a fingerprint prefix of at least MinPrefix hex
// digits (as a user types it from a report) to the newest stored finding
// with that fingerprint. The error wraps ErrNotFound when no fingerprint
// matches and ErrAmbiguous when several do.
func (db *DB) FindFingerprint(ctx context.Context, prefix string) (StoredFinding, error) {
	p := strings.ToLower(strings.TrimSpace(prefix))
	if len(p) < MinPrefix || !isHex(p) {
		return StoredFinding{}, fmt.Errorf("find fingerprint %q: want at least %d hex digits", prefix, MinPrefix)
	}
	// Hex digits all sort below "g", so this range is exactly the prefix
	// and uses the fingerprint index.
	rows, err := db.sql.QueryContext(ctx,
		"SELECT DISTINCT fingerprint FROM findings WHERE fingerprint >= ? AND fingerprint < ? LIMIT 3",
		p, p+"g")
	if err != nil {
		return StoredFinding{}, fmt.Errorf("find fingerprint %s: %w", p, err)
	}
	var fps []string
	for rows.Next() {
		var fp string
		if err := rows.Scan(&fp); err != nil {
			rows.Close()
			return StoredFinding{}, fmt.Errorf("find fingerprint %s: %w", p, err)
		}
		fps = append(fps, fp)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return StoredFinding{}, fmt.Errorf("find fingerprint %s: %w", p, err)
	}
	switch {
	case len(fps) == 0:
		return StoredFinding{}, fmt.Errorf("find fingerprint %s: %w", p, ErrNotFound)
	case len(fps) > 1:
		return StoredFinding{}, fmt.Errorf("find fingerprint %s: %w: matches %s, %s…",
			p, ErrAmbiguous, fps[0], fps[1])
	}
	fs, err := db.queryFindings(ctx, "f.fingerprint = ? ORDER BY f.run_id DESC LIMIT 1", fps[0])
	if err != nil {
		return StoredFinding{}, fmt.Errorf("find fingerprint %s: %w", p, err)
	}
	if len(fs) == 0 { // deleted in between
		return StoredFinding{}, fmt.Errorf("find fingerprint %s: %w", p, ErrNotFound)
	}
	return fs[0], nil
}

func isHex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
