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
	p := logProgress(&b, time.Hour, "en")
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

// In Chinese (the default) the log line is Chinese.
func TestLogProgressChinese(t *testing.T) {
	var b strings.Builder
	p := logProgress(&b, 0, "zh")
	p.update(crawler.Stats{Discovered: 3, Listings: 2, PagesFetched: 4})
	if got := b.String(); !strings.Contains(got, "发现商品 3 个") || !strings.Contains(got, "已检查 2 个") || strings.Contains(got, "listings") {
		t.Errorf("zh log = %q", got)
	}
}
