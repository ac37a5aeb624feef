package notify

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNewDigest(t *testing.T) {
	d := NewDigest(testReport(12), nil, 5, "r.html")
	if d.New != 12 || d.Open != 1 || d.MoreNew != 7 || len(d.Top) != 5 {
		t.Errorf("digest counts new %d open %d more %d top %d, want 12 1 7 5", d.New, d.Open, d.MoreNew, len(d.Top))
	}
	for _, it := range d.Top[:3] { // 3 critical findings among 12 (i = 0, 5, 10)
		if it.Severity != "critical" || it.Points != 12 {
			t.Errorf("top = %+v, want the critical findings first", it)
		}
	}
	if d.Day != "2026-11-22" || d.CouldNotCheck != 2 || !d.HealthWarning() {
		t.Errorf("day %s could-not-check %d warning %v", d.Day, d.CouldNotCheck, d.HealthWarning())
	}
	for _, it := range d.Top {
		if it.RuleTitle != "材质不符" {
			t.Errorf("rule title = %q, want 材质不符", it.RuleTitle)
		}
	}
}

func TestMarkdownEscapesShopText(t *testing.T) {
	d := NewDigest(testReport(3), nil, 10, "")
	md := strings.Join(d.Markdown(WeComMaxBytes, 3), "\n")
	for _, bad := range []string{"<script>", "[x]", "(javascript", "**粗体**"} {
		if strings.Contains(md, bad) {
			t.Errorf("markdown carries shop markup %q:\n%s", bad, md)
		}
	}
	if !strings.Contains(md, "＜script＞") {
		t.Errorf("hostile title not shown as text:\n%s", md)
	}
}

func TestMarkdownSplitting(t *testing.T) {
	d := NewDigest(testReport(60), nil, 50, "https://r.example/x.html")
	for _, tt := range []struct{ limit, max int }{{WeComMaxBytes, 1}, {WeComMaxBytes, 3}, {2000, 2}, {DingTalkMaxBytes, 3}} {
		parts := d.Markdown(tt.limit, tt.max)
		if len(parts) == 0 || len(parts) > tt.max {
			t.Errorf("Markdown(%d, %d) = %d parts", tt.limit, tt.max, len(parts))
		}
		for _, p := range parts {
			if len(p) > tt.limit || !utf8.ValidString(p) {
				t.Errorf("Markdown(%d, %d): part of %d bytes", tt.limit, tt.max, len(p))
			}
		}
		last := parts[len(parts)-1]
		if !strings.Contains(last, "](https://r.example/x.html)") {
			t.Errorf("Markdown(%d, %d): last part lacks the report link", tt.limit, tt.max)
		}
		if !strings.Contains(last, "另有 ") {
			t.Errorf("Markdown(%d, %d): last part does not count what was left out", tt.limit, tt.max)
		}
	}
	// A small digest is one message without part marks.
	small := NewDigest(testReport(2), nil, 10, "")
	if parts := small.Markdown(WeComMaxBytes, 3); len(parts) != 1 || strings.Contains(parts[0], "(1/") {
		t.Errorf("small digest = %q", parts)
	}
}

func TestReportLink(t *testing.T) {
	for _, tt := range []struct{ base, path, want string }{
		{"", "reports/2026-11-22.html", "reports/2026-11-22.html"},
		{"https://intra/xundian/", "reports/2026-11-22 巡店.html", "https://intra/xundian/2026-11-22%20%E5%B7%A1%E5%BA%97.html"},
		{"https://intra/x", `C:\r\a.html`, "https://intra/x/a.html"},
	} {
		if got := ReportLink(tt.base, tt.path); got != tt.want {
			t.Errorf("ReportLink(%q, %q) = %q, want %q", tt.base, tt.path, got, tt.want)
		}
	}
}
