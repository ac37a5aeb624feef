package main

import (
	"strings"
	"testing"
	"time"

	"github.com/xundian/xundian/crawler"
)

// The log form logs at most every few seconds, and always the last totals
// when the crawl ends.
func TestLogProgressEndsWithTheLastTotals(t *testing.T) {
	var b strings.Builder
	p := logProgress(&b, time.Hour)
	for i := 1; i <= 3; i++ {
		p.update(crawler.Stats{Discovered: 3, Listings: i})
	}
	if n := strings.Count(b.String(), "\n"); n != 1 {
		t.Fatalf("logged %d lines during the crawl, want 1:\n%s", n, b.String())
	}
	p.finish()
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], "3 listings checked") {
		t.Errorf("log = %q, want a last line with 3 listings checked", lines)
	}
}
