package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvidenceIsThePageAsFetched patrols the demo shop, then asks for the
// evidence of a finding: the bytes written are exactly the page the shop
// served (same SHA-256), and stderr names the URL, the time and the hash.
func TestEvidenceIsThePageAsFetched(t *testing.T) {
	_, base := startDemo(t, 30, 1)
	cfg := writeShopConfig(t, base)
	dir := t.TempDir()
	common := []string{"--quiet", "--config", cfg, "--db", filepath.Join(dir, "x.db")}
	out := filepath.Join(dir, "f.json")
	if _, stderr, err := runCLI(t, append([]string{"patrol", "--format", "json", "--out", out}, common...)...); err != nil {
		t.Fatalf("patrol: %v\n%s", err, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []struct {
			URL         string `json:"url"`
			Fingerprint string `json:"fingerprint"`
			Page        struct {
				SHA256    string `json:"sha256"`
				FetchedAt string `json:"fetched_at"`
			} `json:"page"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || len(doc.Findings) == 0 {
		t.Fatalf("no findings to take evidence of: %v", err)
	}
	f := doc.Findings[0]
	resp, err := http.Get(f.URL)
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(resp.Body)
	resp.Body.Close()

	pagePath := filepath.Join(dir, "page.html")
	_, stderr, err := runCLI(t, append([]string{"evidence", f.Fingerprint[:10], "--out", pagePath}, common...)...)
	if err != nil {
		t.Fatalf("evidence: %v\n%s", err, stderr)
	}
	got, err := os.ReadFile(pagePath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, served) {
		t.Errorf("evidence page (%d bytes) differs from the page the shop serves (%d bytes)", len(got), len(served))
	}
	sum := sha256.Sum256(got)
	if f.Page.SHA256 != hex.EncodeToString(sum[:]) || f.Page.FetchedAt == "" {
		t.Errorf("the report's page reference %+v does not name the archived page %x", f.Page, sum)
	}
	for _, want := range []string{f.URL, hex.EncodeToString(sum[:]), "fetched: "} {
		if !strings.Contains(stderr, want) {
			t.Errorf("evidence output lacks %q:\n%s", want, stderr)
		}
	}
	if _, _, err := runCLI(t, append([]string{"evidence", "ffffffffff"}, common...)...); err == nil {
		t.Error("evidence of an unknown fingerprint succeeded")
	}
}
