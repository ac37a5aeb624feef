package main

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/xundian/xundian/demoshop"
)

// BenchmarkAdHocCheck measures one `xundian check <url>` against the local
// 500-listing demo shop, worst case: a fresh database each time, so
// nothing is cached and the listing's stamped image really goes through
// Tesseract (when the CJK font is installed the demo stamps text; the
// listing checked is one with a stamp). It covers config load, store
// open and lock, fetching the page and its freight template, OCR, every
// rule, the history rules, storing the check run and its findings. The
// target is under 2 s per check:
//
//	go test -run '^$' -bench AdHocCheck ./cmd/xundian
func BenchmarkAdHocCheck(b *testing.B) {
	shop, err := demoshop.New(demoshop.Options{Listings: 500, Seed: 1, FontPath: demoshop.InstalledFont()})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, err := demoshop.Serve(ctx, "127.0.0.1:0", shop)
	if err != nil {
		b.Fatal(err)
	}
	path, _ := shop.Path(demoshop.FirstID + 7)
	if stamps := shop.ImageStamps(); len(stamps) > 0 {
		path = stamps[0].Path
	} else {
		b.Log("no CJK font installed: the checked listing has no stamped image, OCR finds no text")
	}
	cfg := writeShopConfig(b, srv.URL)
	dir := b.TempDir()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		db := filepath.Join(dir, fmt.Sprintf("x%d.db", i))
		if _, stderr, err := runCLI(b, "check", "--quiet", "--config", cfg, "--db", db, srv.URL+path); err != nil {
			b.Fatalf("check: %v\n%s", err, stderr)
		}
	}
}
