package store

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLockRefusesSecondHolder(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "xundian.db")
	db1, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db1.Close()
	db2, err := Open(ctx, path) // a second process's handle
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()

	now := time.Now()
	l, err := db1.AcquireLock(ctx, KindPatrol, now)
	if err != nil {
		t.Fatal(err)
	}
	run, err := db1.StartRun(ctx, KindPatrol, "demo", now.Add(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	_, err = db2.AcquireLock(ctx, KindCheck, now.Add(time.Second))
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second AcquireLock = %v, want ErrLocked", err)
	}
	var le *LockedError
	if !errors.As(err, &le) || le.RunID != run.ID || le.PID != os.Getpid() || le.Kind != KindPatrol {
		t.Fatalf("LockedError = %+v, want run %d, pid %d, kind patrol", le, run.ID, os.Getpid())
	}
	want := fmt.Sprintf("another patrol is running: run #%d (patrol) started ", run.ID)
	if msg := err.Error(); !strings.HasPrefix(msg, want) || !strings.Contains(msg, fmt.Sprintf("by pid %d", os.Getpid())) {
		t.Errorf("error = %q, want it to start %q and name the pid", msg, want)
	}
	if got, _ := db1.Run(ctx, run.ID); got.Status != StatusRunning {
		t.Errorf("refused acquire changed the holder's run to %s", got.Status)
	}

	if err := l.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if err := l.Release(ctx); err != nil {
		t.Errorf("second Release = %v, want nil", err)
	}
	l2, err := db2.AcquireLock(ctx, KindCheck, time.Now())
	if err != nil {
		t.Fatalf("AcquireLock after Release = %v", err)
	}
	if err := l2.Release(ctx); err != nil {
		t.Fatal(err)
	}
}

// insertLock plants a lock row as another process would have left it.
func insertLock(t *testing.T, db *DB, pid int, host string, acquired, beat time.Time) {
	t.Helper()
	_, err := db.sql.ExecContext(t.Context(), `INSERT INTO run_lock (id, token, kind, pid, hostname, acquired_at, heartbeat_at)
		VALUES (1, 'planted', 'patrol', ?, ?, ?, ?)`, pid, host, fmtTime(acquired), fmtTime(beat))
	if err != nil {
		t.Fatal(err)
	}
}

// deadPID returns the pid of a process that has exited and been reaped.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func TestLockStaleDeadPIDIsCleared(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	host, _ := os.Hostname()
	now := time.Now()
	before, err := db.StartRun(ctx, KindPatrol, "demo", now.Add(-time.Hour)) // not the holder's
	if err != nil {
		t.Fatal(err)
	}
	insertLock(t, db, deadPID(t), host, now.Add(-time.Minute), now)
	crashed, err := db.StartRun(ctx, KindPatrol, "demo", now.Add(-59*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	l, err := db.AcquireLock(ctx, KindPatrol, now)
	if err != nil {
		t.Fatalf("AcquireLock over a dead holder = %v", err)
	}
	defer l.Release(ctx)
	got, err := db.Run(ctx, crashed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusFailed || !strings.Contains(got.Note, "abandoned: pid ") || !strings.Contains(got.Note, "is gone") {
		t.Errorf("crashed run = %s %q, want failed with an abandoned note", got.Status, got.Note)
	}
	if got, _ := db.Run(ctx, before.ID); got.Status != StatusRunning {
		t.Errorf("run started before the stale lock = %s, want it left running", got.Status)
	}
}

func TestLockStaleHeartbeat(t *testing.T) {
	ctx := t.Context()
	now := time.Now()
	t.Run("fresh foreign holder is respected", func(t *testing.T) {
		db := openTest(t)
		insertLock(t, db, 4711, "other-host", now.Add(-time.Minute), now.Add(-10*time.Second))
		_, err := db.AcquireLock(ctx, KindPatrol, now)
		if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "a run (patrol)") || !strings.Contains(err.Error(), "pid 4711 on other-host") {
			t.Fatalf("AcquireLock = %v, want refusal naming pid 4711 on other-host", err)
		}
	})
	t.Run("old heartbeat is stale", func(t *testing.T) {
		db := openTest(t)
		insertLock(t, db, 4711, "other-host", now.Add(-time.Hour), now.Add(-LockStaleAfter-time.Second))
		run, err := db.StartRun(ctx, KindPatrol, "demo", now.Add(-50*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		l, err := db.AcquireLock(ctx, KindCheck, now)
		if err != nil {
			t.Fatalf("AcquireLock over a stale heartbeat = %v", err)
		}
		defer l.Release(ctx)
		if got, _ := db.Run(ctx, run.ID); got.Status != StatusFailed || !strings.Contains(got.Note, "no heartbeat from pid 4711") {
			t.Errorf("run = %s %q, want failed, abandoned for no heartbeat", got.Status, got.Note)
		}
	})
}

func TestLockOneWinnerAmongRacers(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "xundian.db")
	const n = 6
	dbs := make([]*DB, n)
	for i := range dbs {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		won   []*Lock
		other []error
	)
	for _, db := range dbs {
		wg.Go(func() {
			l, err := db.AcquireLock(ctx, KindPatrol, time.Now())
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won = append(won, l)
			case !errors.Is(err, ErrLocked):
				other = append(other, err)
			}
		})
	}
	wg.Wait()
	if len(won) != 1 || len(other) > 0 {
		t.Fatalf("%d winners, unexpected errors %v; want exactly one winner", len(won), other)
	}
	if err := won[0].Release(ctx); err != nil {
		t.Fatal(err)
	}
}
