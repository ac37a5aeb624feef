package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// The run lock keeps one patrol, demo, check or scheduled run at a time per
// database. It is a single row in run_lock, taken in an IMMEDIATE
// transaction (see dsn), so two processes racing for it queue on SQLite's
// write lock and exactly one wins.
const (
	// LockHeartbeat is how often a held lock's heartbeat is refreshed.
	LockHeartbeat = 15 * time.Second
	// LockStaleAfter is how old a heartbeat may get before the lock is
	// considered abandoned by a holder on another host (or a hung one).
	LockStaleAfter = 2 * time.Minute
)

// ErrLocked is returned (wrapped in a *LockedError) by AcquireLock when
// another process holds the run lock.
var ErrLocked = errors.New("run lock held")

// LockedError names the holder of the run lock.
type LockedError struct {
	Kind     string // run kind the holder acquired the lock for
	RunID    int64  // its running run, 0 when it has not started one yet
	PID      int
	Hostname string
	Since    time.Time // when the holder acquired the lock (UTC)
}

func (e *LockedError) Error() string {
	run := "a run"
	if e.RunID > 0 {
		run = fmt.Sprintf("run #%d", e.RunID)
	}
	return fmt.Sprintf("another patrol is running: %s (%s) started %s by pid %d on %s",
		run, e.Kind, e.Since.Local().Format("2006-01-02 15:04 MST"), e.PID, e.Hostname)
}

// Unwrap makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Unwrap() error { return ErrLocked }

// Lock is a held run lock. A goroutine refreshes its heartbeat until
// Release.
type Lock struct {
	db    *DB
	token string
	stop  chan struct{}
	done  chan struct{}
	once  sync.Once
	err   error
}

type lockHolder struct {
	kind, hostname string
	pid            int
	acquired, beat time.Time
}

// staleReason says why a holder is gone, "" when it may still be running.
func (h lockHolder) staleReason(host string, now time.Time) string {
	if h.hostname == host && !pidAlive(h.pid) {
		return fmt.Sprintf("pid %d on %s is gone", h.pid, h.hostname)
	}
	if age := now.Sub(h.beat); age > LockStaleAfter {
		return fmt.Sprintf("no heartbeat from pid %d on %s for %s", h.pid, h.hostname, age.Round(time.Second))
	}
	return ""
}

// AcquireLock takes the run lock for a run of the given kind at now. When
// another live process holds it, the error is a *LockedError naming that
// process and its run. A stale lock (its holder's pid is not alive on this
// host, or its heartbeat is older than LockStaleAfter) is cleared, and the
// runs its holder left running are marked failed, before taking it.
func (db *DB) AcquireLock(ctx context.Context, kind string, now time.Time) (*Lock, error) {
	if !validKind(kind) {
		return nil, fmt.Errorf("acquire run lock: unknown kind %q", kind)
	}
	host, _ := os.Hostname()
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("acquire run lock: %w", err)
	}
	token := hex.EncodeToString(b[:])
	if err := db.acquireLock(ctx, kind, token, host, now.UTC()); err != nil {
		var le *LockedError
		if errors.As(err, &le) {
			return nil, err
		}
		return nil, fmt.Errorf("acquire run lock: %w", err)
	}
	l := &Lock{db: db, token: token, stop: make(chan struct{}), done: make(chan struct{})}
	go l.heartbeat()
	return l, nil
}

func (db *DB) acquireLock(ctx context.Context, kind, token, host string, now time.Time) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var (
		h             lockHolder
		acq, beat     string
		holderPresent = true
	)
	err = tx.QueryRowContext(ctx, "SELECT kind, pid, hostname, acquired_at, heartbeat_at FROM run_lock WHERE id = 1").
		Scan(&h.kind, &h.pid, &h.hostname, &acq, &beat)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		holderPresent = false
	case err != nil:
		return err
	}
	if holderPresent {
		if h.acquired, err = parseTime(acq); err != nil {
			return err
		}
		if h.beat, err = parseTime(beat); err != nil {
			return err
		}
		reason := h.staleReason(host, now)
		if reason == "" {
			le := &LockedError{Kind: h.kind, PID: h.pid, Hostname: h.hostname, Since: h.acquired}
			// The lock is exclusive, so a run still running that started
			// after the holder took it is the holder's.
			err := tx.QueryRowContext(ctx, "SELECT id FROM runs WHERE status = ? AND started_at >= ? ORDER BY id DESC LIMIT 1",
				StatusRunning, acq).Scan(&le.RunID)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			return le
		}
		note := "abandoned: " + reason
		if _, err := tx.ExecContext(ctx, `UPDATE runs SET status = ?,
			note = CASE WHEN note = '' THEN ? ELSE note || '; ' || ? END
			WHERE status = ? AND started_at >= ?`,
			StatusFailed, note, note, StatusRunning, acq); err != nil {
			return fmt.Errorf("mark abandoned runs: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM run_lock WHERE id = 1"); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO run_lock (id, token, kind, pid, hostname, acquired_at, heartbeat_at)
		VALUES (1, ?, ?, ?, ?, ?, ?)`, token, kind, os.Getpid(), host, fmtTime(now), fmtTime(now)); err != nil {
		return err
	}
	return tx.Commit()
}

// heartbeat refreshes the lock until Release. A lost row (another process
// judged this one stale and took over) is remembered for Release.
func (l *Lock) heartbeat() {
	defer close(l.done)
	t := time.NewTicker(LockHeartbeat)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			res, err := l.db.sql.Exec("UPDATE run_lock SET heartbeat_at = ? WHERE token = ?", fmtTime(time.Now()), l.token)
			if err != nil {
				continue // transient (busy); the next beat retries
			}
			if n, _ := res.RowsAffected(); n == 0 {
				l.err = errors.New("run lock was taken over by another process")
				return
			}
		}
	}
}

// Release stops the heartbeat and deletes the lock row if this process
// still holds it. It is safe to call more than once; it runs even when ctx
// is already cancelled, so an interrupted patrol never leaves a lock.
func (l *Lock) Release(ctx context.Context) error {
	var err error
	l.once.Do(func() {
		close(l.stop)
		<-l.done
		_, err = l.db.sql.ExecContext(context.WithoutCancel(ctx), "DELETE FROM run_lock WHERE token = ?", l.token)
		if err != nil {
			err = fmt.Errorf("release run lock: %w", err)
		} else if l.err != nil {
			err = fmt.Errorf("release run lock: %w", l.err)
		}
	})
	return err
}
