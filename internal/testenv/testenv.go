// Package testenv decides whether a test that lacks something it needs
// (the shared real-world test data, a browser, Tesseract) may skip. In CI
// (XUNDIAN_NO_SKIP=1, set by .ci/run) a skip is a failure, so a missing
// install step cannot hide behind a green run.
package testenv

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// NoSkipEnv is the variable that turns skips into failures.
const NoSkipEnv = "XUNDIAN_NO_SKIP"

// Skip skips t with reason, or fails it when NoSkipEnv is set.
func Skip(t testing.TB, reason string) {
	t.Helper()
	if os.Getenv(NoSkipEnv) != "" {
		t.Fatalf("%s (and %s is set, so this cannot be skipped)", reason, NoSkipEnv)
	}
	t.Skip(reason)
}

// RepoRoot returns the module root, found from this file's location.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// RealData returns ../shared/testdata/real beside the checkout, skipping
// (or failing under NoSkipEnv) when it is absent.
func RealData(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(RepoRoot(), "..", "shared", "testdata", "real")
	if _, err := os.Stat(dir); err != nil {
		Skip(t, "shared real-world test data not found at "+dir+": "+err.Error())
	}
	return dir
}
