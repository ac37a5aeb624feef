package main

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xundian/xundian/internal/testenv"
	"github.com/xundian/xundian/store"
)

// buildXundian builds the xundian binary into dir.
func buildXundian(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "xundian")
	out, err := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// proc is a running xundian process.
type proc struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
}

func startXundian(t *testing.T, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...)}
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	return p
}

// wait returns the process's exit code.
func (p *proc) wait(t *testing.T) int {
	t.Helper()
	err := p.cmd.Wait()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return p.cmd.ProcessState.ExitCode()
}

// runXundian runs one command line of the binary to its end.
func runXundian(t *testing.T, bin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	p := startXundian(t, bin, args...)
	code = p.wait(t)
	return code, p.stdout.String(), p.stderr.String()
}

// queryInt runs a one-number query against the database file (a separate
// connection, so it reads what other processes committed).
func queryInt(t *testing.T, dbPath, q string, args ...any) int {
	t.Helper()
	sdb, err := sql.Open("sqlite3", "file:"+dbPath+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var n int
	if err := sdb.QueryRow(q, args...).Scan(&n); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0
		}
		// The schema may not exist yet while the patrol starts.
		if strings.Contains(err.Error(), "no such table") {
			return 0
		}
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// waitFor polls cond until it holds or timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestProcesses runs the built xundian binary as separate processes (one
// build for all subtests) against a slow demo shop served from the test.
func TestProcesses(t *testing.T) {
	bin := buildXundian(t, t.TempDir())

	// SIGKILL a patrol mid-run, then patrol again: the database passes
	// integrity_check, the killed run is marked failed by the stale-lock
	// recovery, no finding is stored twice in a run, the new run completes.
	t.Run("SIGKILLMidRun", func(t *testing.T) {
		p, cfg, dir, dbPath := patrolMidRun(t, bin, "killed.md")
		if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		if code := p.wait(t); code != -1 {
			t.Fatalf("killed patrol exited %d, want killed by a signal", code)
		}
		killedFindings := queryInt(t, dbPath, "SELECT count(*) FROM findings WHERE run_id = 1")
		if s := queryInt(t, dbPath, "SELECT count(*) FROM runs WHERE id = 1 AND status = 'running'"); s != 1 {
			t.Fatalf("killed run is not left running (%d); the test did not kill mid-run", s)
		}
		if _, err := os.Stat(filepath.Join(dir, "killed.md")); err == nil {
			t.Error("the killed patrol wrote a report")
		}

		code, stdout, stderr := runXundian(t, bin, "patrol", "--quiet", "--config", cfg, "--db", dbPath, "--out", filepath.Join(dir, "next.md"))
		if code != exitOK {
			t.Fatalf("patrol after the kill exited %d:\n%s", code, stderr)
		}
		if !strings.Contains(stdout, "next.md") {
			t.Errorf("stdout %q does not name the report", stdout)
		}
		sdb, err := sql.Open("sqlite3", "file:"+dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer sdb.Close()
		var integrity string
		if err := sdb.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
			t.Errorf("integrity_check = %q, %v; want ok", integrity, err)
		}
		var status, note string
		if err := sdb.QueryRow("SELECT status, note FROM runs WHERE id = 1").Scan(&status, &note); err != nil {
			t.Fatal(err)
		}
		if status != store.StatusFailed || !strings.Contains(note, "abandoned: pid") || !strings.Contains(note, "is gone") {
			t.Errorf("killed run: %s (%q), want failed, abandoned: pid … is gone", status, note)
		}
		var status2 string
		if err := sdb.QueryRow("SELECT status FROM runs WHERE id = 2").Scan(&status2); err != nil || status2 != store.StatusComplete {
			t.Errorf("run after the kill: %q, %v; want complete", status2, err)
		}
		if dups := queryInt(t, dbPath, "SELECT count(*) FROM (SELECT 1 FROM findings GROUP BY run_id, fingerprint HAVING count(*) > 1)"); dups != 0 {
			t.Errorf("%d fingerprints stored twice in one run", dups)
		}
		if n := queryInt(t, dbPath, "SELECT count(*) FROM snapshots WHERE run_id = 2"); n != 300 {
			t.Errorf("run 2 holds %d snapshots, want 300", n)
		}
		if n := queryInt(t, dbPath, "SELECT count(*) FROM run_lock"); n != 0 {
			t.Errorf("run_lock holds %d rows after the patrol, want 0", n)
		}
		t.Logf("killed run 1 after %d findings were stored; run 1: %s (%s); run 2 complete with %d findings",
			killedFindings, status, note, queryInt(t, dbPath, "SELECT count(*) FROM findings WHERE run_id = 2"))
	})

	// A second process patrolling the same database is refused with exit
	// code 2 and a message naming the running run and its pid; it writes
	// no report. The first one completes.
	t.Run("SecondProcessRefused", func(t *testing.T) {
		shopURL := slowShop(t, 200, 20*time.Millisecond)
		cfg := writeShopConfig(t, shopURL)
		dir := t.TempDir()
		dbPath := filepath.Join(dir, "x.db")
		first := startXundian(t, bin, "patrol", "--quiet", "--config", cfg, "--db", dbPath, "--out", filepath.Join(dir, "first.md"))
		waitFor(t, 60*time.Second, "the first patrol's run", func() bool {
			return queryInt(t, dbPath, "SELECT count(*) FROM runs WHERE status = 'running'") == 1
		})
		code, _, stderr := runXundian(t, bin, "patrol", "--quiet", "--config", cfg, "--db", dbPath, "--out", filepath.Join(dir, "second.md"))
		want := regexp.MustCompile(`^xundian: another patrol is running: run #1 \(patrol\) started \d{4}-\d\d-\d\d \d\d:\d\d \S+ by pid ` +
			fmt.Sprint(first.cmd.Process.Pid) + ` on \S+\n$`)
		if code != exitError || !want.MatchString(stderr) {
			t.Errorf("second patrol: exit %d, stderr %q; want exit 2 and %s", code, stderr, want)
		}
		if _, err := os.Stat(filepath.Join(dir, "second.md")); err == nil {
			t.Error("the refused patrol wrote a report")
		}
		if code := first.wait(t); code != exitOK {
			t.Fatalf("first patrol exited %d:\n%s", code, first.stderr.String())
		}
		if n := queryInt(t, dbPath, "SELECT count(*) FROM runs"); n != 1 {
			t.Errorf("%d runs stored, want 1: the refused patrol must not start one", n)
		}
	})

	// SIGTERM during a patrol (systemd stopping the service, a terminal's
	// kill): the run ends partial — never complete, never a baseline — the
	// pages already checked are kept, the lock is released and the
	// database is consistent.
	t.Run("SIGTERMMidRun", func(t *testing.T) {
		p, _, _, dbPath := patrolMidRun(t, bin, "r.md")
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if code := p.wait(t); code != exitError {
			t.Errorf("terminated patrol exited %d, want 2 (the run did not complete)", code)
		}
		if !strings.Contains(p.stderr.String(), "interrupted and stored as partial") {
			t.Errorf("stderr does not say the run was stored as partial:\n%s", p.stderr.String())
		}
		if n := queryInt(t, dbPath, "SELECT count(*) FROM runs WHERE id = 1 AND status = 'partial' AND note LIKE 'interrupted%'"); n != 1 {
			t.Errorf("run 1 is not partial/interrupted")
		}
		// The signal may land during the crawl or during OCR after it;
		// either way what was checked is kept.
		if n := queryInt(t, dbPath, "SELECT count(*) FROM snapshots WHERE run_id = 1"); n == 0 {
			t.Errorf("run 1 kept no snapshots")
		}
		if n := queryInt(t, dbPath, "SELECT count(*) FROM run_lock"); n != 0 {
			t.Errorf("run_lock holds %d rows after the terminated patrol, want 0", n)
		}
		var integrity string
		sdb, err := sql.Open("sqlite3", "file:"+dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer sdb.Close()
		if err := sdb.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
			t.Errorf("integrity_check = %q, %v; want ok", integrity, err)
		}
	})

	t.Run("BadInput", func(t *testing.T) { testBadInput(t, bin) })
	t.Run("SecretsNeverLeak", func(t *testing.T) { testSecretsNeverLeak(t, bin) })
}

// patrolMidRun starts a patrol of a slow 300-listing shop and returns once
// it has stored some findings, still running: the moment to signal it.
func patrolMidRun(t *testing.T, bin, report string) (p *proc, cfg, dir, dbPath string) {
	t.Helper()
	cfg = writeShopConfig(t, slowShop(t, 300, 10*time.Millisecond))
	dir = t.TempDir()
	dbPath = filepath.Join(dir, "x.db")
	p = startXundian(t, bin, "patrol", "--quiet", "--config", cfg, "--db", dbPath, "--out", filepath.Join(dir, report))
	waitFor(t, 60*time.Second, "the patrol to store some findings", func() bool {
		if p.cmd.ProcessState != nil {
			t.Fatalf("patrol ended before the signal:\n%s", p.stderr.String())
		}
		return queryInt(t, dbPath, "SELECT count(*) FROM findings WHERE run_id = 1") >= 20
	})
	return p, cfg, dir, dbPath
}

func fileHash(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		return "absent"
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// dirFiles lists the files under dir ("" entries for none).
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// testBadInput: each bad input makes `xundian patrol` exit 2 with one line
// naming the problem, and nothing is written: no report, the database file
// unchanged byte for byte (or not created).
func testBadInput(t *testing.T, bin string) {
	const base = "http://127.0.0.1:9" // never contacted: all fail first
	notSQLite := []byte(strings.Repeat("这不是数据库 this is not SQLite\n", 100))
	tests := []struct {
		name    string
		replace []string // config.yaml edits
		rawCfg  string   // a config file body instead
		db      []byte   // an existing database file's content
		args    []string
		want    string
	}{
		{name: "malformed YAML", rawCfg: "shop: [\n  name: x\n", want: "config "},
		{name: "unknown key", replace: []string{"  parallelism: 4\n", "  paralelism: 4\n"}, want: "invalid keys: paralelism"},
		{name: "unknown rule ID", replace: []string{"  disabled: []\n", "  disabled: [no-such-rule]\n"}, want: `checks.disabled: unknown rule ID "no-such-rule"`},
		{name: "bad cron expression", replace: []string{`schedule: "0 2 * * *"`, `schedule: "0 25 * * *"`}, want: `serve.schedule: "0 25 * * *"`},
		{name: "missing config file", args: []string{"--config", "/nonexistent/config.yaml"}, want: "config: open /nonexistent/config.yaml: no such file or directory"},
		{name: "unknown report format", args: []string{"--format", "pdf"}, want: `reports.format: unknown format "pdf"`},
		{name: "DB file is not SQLite", db: notSQLite, want: "file is not a database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "config.yaml")
			if tt.rawCfg != "" {
				if err := os.WriteFile(cfg, []byte(tt.rawCfg), 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				cfg = writeShopConfig(t, base, tt.replace...)
			}
			dbPath := filepath.Join(dir, "x.db")
			if tt.db != nil {
				if err := os.WriteFile(dbPath, tt.db, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := fileHash(t, dbPath)
			args := append([]string{"patrol", "--quiet", "--config", cfg, "--db", dbPath}, tt.args...)
			code, stdout, stderr := runXundian(t, bin, args...)
			if code != exitError || !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want exit 2 and one line containing %q", code, stderr, tt.want)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing (no report path)", stdout)
			}
			if after := fileHash(t, dbPath); after != before {
				t.Errorf("database file changed: %s → %s", before, after)
			}
			for _, suffix := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(dbPath + suffix); err == nil && tt.db != nil {
					t.Errorf("%s%s was created", dbPath, suffix)
				}
			}
			files := dirFiles(t, readReportsDir(t, cfg))
			for _, f := range dirFiles(t, dir) {
				if f != cfg && (f != dbPath || tt.db == nil) {
					files = append(files, f)
				}
			}
			if len(files) != 0 {
				t.Errorf("files written: %v", files)
			}
		})
	}

	// A read-only database file: root ignores file modes, so the binary
	// runs as uid 65534 (setpriv) when the test runs as root.
	t.Run("read-only DB file", func(t *testing.T) {
		dir := t.TempDir()
		for d := dir; d != "/" && strings.HasPrefix(d, os.TempDir()); d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		dbPath := filepath.Join(dir, "ro.db")
		db, err := store.Open(t.Context(), dbPath)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		if err := os.Chmod(dbPath, 0o444); err != nil {
			t.Fatal(err)
		}
		cfg := writeShopConfig(t, base)
		if err := os.Chmod(cfg, 0o644); err != nil {
			t.Fatal(err)
		}
		for d := filepath.Dir(cfg); d != "/" && strings.HasPrefix(d, os.TempDir()); d = filepath.Dir(d) {
			_ = os.Chmod(d, 0o755)
		}
		runBin := []string{bin}
		if os.Getuid() == 0 {
			setpriv, err := exec.LookPath("setpriv")
			if err != nil {
				testenv.Skip(t, "running as root, where chmod 0444 does not block writes, and setpriv is not installed")
				return
			}
			// The binary must be reachable by uid 65534 too.
			for d := filepath.Dir(bin); d != "/" && strings.HasPrefix(d, os.TempDir()); d = filepath.Dir(d) {
				_ = os.Chmod(d, 0o755)
			}
			runBin = []string{setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", bin}
		}
		before := fileHash(t, dbPath)
		args := append(runBin[1:], "patrol", "--quiet", "--config", cfg, "--db", dbPath)
		code, stdout, stderr := runXundian(t, runBin[0], args...)
		want := "xundian: open store " + dbPath + ": not writable: permission denied\n"
		if code != exitError || stderr != want || stdout != "" {
			t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, stdout, stderr, want)
		}
		if after := fileHash(t, dbPath); after != before {
			t.Errorf("read-only database changed: %s → %s", before, after)
		}
		if files := dirFiles(t, readReportsDir(t, cfg)); len(files) != 0 {
			t.Errorf("files written: %v", files)
		}
	})
}

// readReportsDir returns reports.dir from a config file written by
// writeShopConfig ("" when absent).
func readReportsDir(t *testing.T, cfg string) string {
	t.Helper()
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^  dir: (.+)$`).FindSubmatch(b)
	if m == nil {
		return filepath.Join(t.TempDir(), "none")
	}
	return string(m[1])
}

// newCmd is exec.Command with an environment.
func newCmd(bin string, env []string, args ...string) *exec.Cmd {
	c := exec.Command(bin, args...)
	c.Env = env
	return c
}
