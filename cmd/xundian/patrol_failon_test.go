package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestPatrolFailOnExitCode: open findings at or above --fail-on make the
// command exit 1; none (or --fail-on none) exit 0.
func TestPatrolFailOnExitCode(t *testing.T) {
	_, base := startDemo(t, 40, 1)
	dir := t.TempDir()
	cfg := writeShopConfig(t, base)
	for _, tt := range []struct {
		failOn string
		want   int
	}{{"none", exitOK}, {"medium", exitFindings}, {"critical", exitFindings}} {
		root := newRootCmd()
		root.SetArgs([]string{"patrol", "--quiet", "--config", cfg, "--db", filepath.Join(dir, "x.db"),
			"--out", filepath.Join(dir, "r.md"), "--fail-on", tt.failOn})
		err := root.ExecuteContext(t.Context())
		got := exitOK
		var ce *codeError
		if errors.As(err, &ce) {
			got = ce.code
		} else if err != nil {
			t.Fatalf("--fail-on %s: %v", tt.failOn, err)
		}
		if got != tt.want {
			t.Errorf("patrol --fail-on %s exits %d, want %d", tt.failOn, got, tt.want)
		}
	}
	root := newRootCmd()
	root.SetArgs([]string{"patrol", "--quiet", "--config", cfg, "--fail-on", "severe"})
	if err := root.ExecuteContext(t.Context()); err == nil || !strings.Contains(err.Error(), "--fail-on") {
		t.Errorf("bad --fail-on accepted: %v", err)
	}
}
