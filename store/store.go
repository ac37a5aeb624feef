// Package store keeps xundian's history in SQLite: runs, the listings they
// saw (snapshots), the findings and per-rule outcomes of the checks, the
// pages that failed to fetch, and suppressions. It also computes the
// run-to-run diff (new, open, resolved, removed findings) that reports are
// built from.
//
// Money is stored as INTEGER fen, timestamps as UTC text in a fixed-width
// RFC 3339 form (so text order is time order), booleans as 0/1.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// ErrNotFound is returned (wrapped) when a run, finding or suppression
// asked for does not exist.
var ErrNotFound = errors.New("not found")

// DB is an open xundian store. It is safe for concurrent use.
type DB struct {
	sql  *sql.DB
	path string
}

// Open opens (creating if needed) the store at path and applies any
// pending migrations in one transaction.
//
// Every pooled connection gets the same pragmas from the DSN: foreign keys
// on, a 5 s busy timeout, WAL, synchronous=NORMAL. Transactions begin
// IMMEDIATE, so two writers queue on the busy timeout instead of failing
// with SQLITE_BUSY when a deferred read lock cannot be upgraded. A new
// store gets pageSize pages.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open store: empty path")
	}
	if err := checkWritable(path); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := setPageSize(ctx, path); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	sdb, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	// Reading the schema is what fails on a file that is not SQLite when
	// the connection pragmas did not already.
	var n int
	if err := sdb.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db := &DB{sql: sdb, path: path}
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return db, nil
}

// Close closes the store.
func (db *DB) Close() error {
	if err := db.sql.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", db.path, err)
	}
	return nil
}

// Path returns the file the store was opened from.
func (db *DB) Path() string { return db.path }

// dsn builds the connection string.
func dsn(path string) string {
	return fileURI(path) + "?_foreign_keys=on&_busy_timeout=5000&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate"
}

// fileURI names path for SQLite. SQLite reads "file:" names as URIs, so
// the characters that end or escape a URI path are percent-encoded.
func fileURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// pageSize is the page size of a new store. With SQLite's default, 4 KiB,
// a page holds about one snapshot (a few KB of listing JSON) or one
// archived page, and most of a page is wasted; 8 KiB pages make saving a
// patrol ~15% cheaper (fewer pages to write to the WAL and checkpoint).
const pageSize = 8192

// setPageSize gives a store that does not exist yet (or is empty) its
// page size. The page size is fixed by the first write, and the DSN's
// journal_mode=WAL is one, so a connection of its own sets it first. An
// existing store keeps its page size.
func setPageSize(ctx context.Context, path string) error {
	fi, err := os.Stat(path)
	if err == nil && fi.Size() > 0 || err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	sdb, err := sql.Open("sqlite3", fileURI(path)+"?_busy_timeout=5000")
	if err != nil {
		return err
	}
	defer sdb.Close()
	conn, err := sdb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// A second process creating the store at the same time only finds
	// the page size already fixed: the pragma is then a no-op.
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d", pageSize)); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "PRAGMA journal_mode = WAL")
	return err
}

// checkWritable reports a clear error for an existing store file the
// process may not write. SQLite would silently open it read-only and fail
// later with "attempt to write a readonly database".
func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err == nil {
		return f.Close()
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("not writable: %w", err)
}

// timeLayout is fixed-width (nine fraction digits, always "Z" after UTC),
// so stored timestamps sort as text. time.RFC3339Nano parses it.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: fmtTime(t), Valid: true}
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

func parseNullTime(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	return parseTime(s.String)
}
