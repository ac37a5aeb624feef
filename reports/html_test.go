package reports

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

func renderHTML(t testing.TB, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := r.WriteHTML(&buf, nil); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func countRe(s, re string) int { return len(regexp.MustCompile(re).FindAllStringIndex(s, -1)) }

func TestHTMLStructure(t *testing.T) {
	page := renderHTML(t, fixtureReport(t, "zh"))
	counts := []struct {
		what, re string
		want     int
	}{
		{"finding rows", `<tr class="finding"`, 7},
		{"new rows", `<tr class="finding"[^>]*data-state="new"`, 3},
		{"open rows", `<tr class="finding"[^>]*data-state="open"`, 2},
		{"resolved rows", `<tr class="finding"[^>]*data-state="resolved"`, 1},
		{"removed rows", `<tr class="finding"[^>]*data-state="removed"`, 1},
		{"suppressed rows", `<tr class="suppressed-finding"`, 1},
		{"trend chart", `<svg id="trend-chart"[^>]*data-runs="2"`, 1},
		{"trend points", `<g class="run-point">`, 2},
		{"health banner", `id="health-banner" role="alert"`, 1},
		{"fetch failure rows", `<tr class="failure">`, 1},
		{"rule count rows", `<tr class="rule-count"`, 4},
		{"viewport", `<meta name="viewport" content="width=device-width, initial-scale=1">`, 1},
		{"zh", `<html lang="zh-CN">`, 1},
		{"summary new card", `data-metric="new"><span class="num">3</span>`, 1},
		{"exposure", `id="exposure-points">28<`, 1},
		{"highlighted title evidence", `<span class="ctx">夏季T恤 </span><mark>全国包邮</mark><span class="ctx"> 速干</span>`, 1},
		{"highlighted description evidence", `<mark>纯棉</mark>`, 1},
		{"fix hint", `<div class="fix">怎么改: `, 7},
		{"carried note", `class="carried"`, 1},
		{"escaped script title", regexp.QuoteMeta("&lt;script&gt;window.__pwned=1&lt;/script&gt;"), 3},
		// offline: nothing fetched from anywhere
		{"external resources", `<link |<script src|<img |@import|url\(|<iframe`, 0},
	}
	for _, c := range counts {
		if got := countRe(page, c.re); got != c.want {
			t.Errorf("%s: %d matches of %s, want %d", c.what, got, c.re, c.want)
		}
	}
	for _, raw := range []string{xssTitle, xssImg} {
		if strings.Contains(page, raw) {
			t.Errorf("page contains unescaped %q", raw)
		}
	}
	for _, word := range []string{"巡店日报", "扣分敞口", "问题明细", "已忽略", "抓取健康", "(日常巡店)"} {
		if !strings.Contains(page, word) {
			t.Errorf("zh page lacks %q", word)
		}
	}
	if strings.Contains(page, "(patrol)") || strings.Contains(page, "<strong>partial</strong>") || strings.Contains(page, "<strong>complete</strong>") {
		t.Errorf("zh page shows the run's kind or status as a code")
	}
}

// TestHTMLCSPMatchesInlineCode: the page's CSP allows its inline script and
// style by hash, so the hashes must be of exactly what is rendered.
func TestHTMLCSPMatchesInlineCode(t *testing.T) {
	page := renderHTML(t, fixtureReport(t, "en"))
	script := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindAllStringSubmatch(page, -1)
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(page, -1)
	if len(script) != 1 || len(style) != 1 {
		t.Fatalf("page has %d inline scripts and %d styles, want 1 and 1", len(script), len(style))
	}
	csp := regexp.MustCompile(`http-equiv="Content-Security-Policy" content="([^"]*)"`).FindStringSubmatch(page)
	if csp == nil {
		t.Fatal("no CSP meta")
	}
	policy := html.UnescapeString(csp[1])
	for _, want := range []string{"default-src 'none'", "script-src '" + cspHash(script[0][1]) + "'",
		"style-src '" + cspHash(style[0][1]) + "'"} {
		if !strings.Contains(policy, want) {
			t.Errorf("CSP %q lacks %q", policy, want)
		}
	}
}

func TestHTMLEnglish(t *testing.T) {
	page := renderHTML(t, fixtureReport(t, "en"))
	for _, want := range []string{`<html lang="en">`, "xundian patrol report", "Findings", "what to change:", "Crawl health", "Steering"} {
		if !strings.Contains(page, want) {
			t.Errorf("en page lacks %q", want)
		}
	}
	for _, zh := range []string{"巡店日报", "问题明细", "怎么改", "抓取健康", "已修复"} {
		if strings.Contains(page, zh) {
			t.Errorf("en page has the Chinese fixed word %q", zh)
		}
	}
}

func TestHTMLHostileURLsAndCleanRun(t *testing.T) {
	at := time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)
	r := &Report{
		Lang: "zh",
		Run:  store.Run{ID: 9, Kind: store.KindPatrol, Shop: `"><b>shop</b>`, Status: store.StatusComplete, StartedAt: at, FinishedAt: at},
		Resolved: []Item{{State: StateResolved, Finding: listing.Finding{
			Rule: "price-mismatch", ListingID: "1", URL: "javascript:window.__pwned=3", Title: "t",
			Source: listing.SourceImage, ImageURL: `javascript:alert(1)`, Evidence: "¥1", Fingerprint: "ab"}}},
		Health: Health{Discovered: 1, Checked: 1, CouldNotCheck: map[string]int{}},
		Trend:  []TrendPoint{{RunID: 9, StartedAt: at, Status: store.StatusComplete}},
	}
	page := renderHTML(t, r)
	if strings.Contains(page, "javascript:") {
		t.Errorf("a javascript: URL reached the page")
	}
	if strings.Contains(page, "<b>shop</b>") {
		t.Errorf("shop name not escaped")
	}
	if strings.Contains(page, `id="health-banner"`) {
		t.Errorf("healthy complete run shows the crawl-health banner")
	}
	if !strings.Contains(page, "所有发现的商品都已检查") {
		t.Errorf("healthy run lacks the all-checked note")
	}
	if got := countRe(page, `<tr class="finding"[^>]*data-state="resolved"`); got != 1 {
		t.Errorf("%d resolved rows, want 1", got)
	}
}

func TestTrendChartLayout(t *testing.T) {
	base := time.Date(2026, 10, 1, 2, 0, 0, 0, time.UTC)
	var pts []TrendPoint
	for i := range TrendRuns {
		pts = append(pts, TrendPoint{RunID: int64(i + 1), StartedAt: base.AddDate(0, 0, i), Open: i * 3, Points: i * 2})
	}
	c := trendChart(pts, nil, htmlZH)
	if len(c.Dots) != TrendRuns || c.Runs != TrendRuns {
		t.Fatalf("%d dots, want %d", len(c.Dots), TrendRuns)
	}
	if len(c.XLabels) > chartMaxXLabels+1 || c.XLabels[len(c.XLabels)-1].Text != "10-30" {
		t.Errorf("x labels = %+v, want at most %d ending with the last day", c.XLabels, chartMaxXLabels+1)
	}
	for _, d := range c.Dots {
		for _, y := range []float64{d.YFindings, d.YPoints} {
			if y < chartTop || y > chartBottom {
				t.Errorf("dot %+v outside the plot", d)
			}
		}
	}
	if top := c.YLeft[len(c.YLeft)-1].Text; top != "100" { // max 87 → 100
		t.Errorf("left axis top = %s, want 100", top)
	}
	if empty := trendChart(nil, nil, htmlZH); empty.Findings != "" || len(empty.Dots) != 0 {
		t.Errorf("empty trend drew %+v", empty)
	}
}

func TestNiceCeil(t *testing.T) {
	for _, tt := range []struct{ in, want int }{{0, 4}, {4, 4}, {5, 8}, {9, 20}, {21, 40}, {87, 100}, {101, 200}, {1234, 2000}} {
		if got := niceCeil(tt.in); got != tt.want {
			t.Errorf("niceCeil(%d) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
