package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func states(items []Item) map[string]string {
	m := map[string]string{}
	for _, it := range items {
		m[it.ListingID+" "+it.Rule] = it.State
	}
	return m
}

func TestBuildFromStore(t *testing.T) {
	fx := newFixture(t)
	r, err := Build(t.Context(), fx.db, fx.run2, "zh")
	if err != nil {
		t.Fatal(err)
	}
	if !r.HasBase || r.Base.ID != fx.run1 {
		t.Errorf("baseline = %d (has %v), want run %d: the failed run is no baseline", r.Base.ID, r.HasBase, fx.run1)
	}
	wantOpen := map[string]string{
		"10001 free-shipping-mismatch": StateOpen,
		"10005 offplatform-payment":    StateNew,
		"10005 absolute-term":          StateNew,
		"10006 offplatform-payment":    StateOpen,
		"10007 price-mismatch":         StateNew,
	}
	for name, tt := range map[string]struct {
		got  []Item
		want map[string]string
	}{
		"open":       {r.Open, wantOpen},
		"resolved":   {r.Resolved, map[string]string{"10002 material-mismatch": StateResolved}},
		"removed":    {r.Removed, map[string]string{"10004 absolute-term": StateRemoved}},
		"suppressed": {r.Suppressed, map[string]string{"10003 trademark-term": StateOpen}},
	} {
		got := states(tt.got)
		if len(got) != len(tt.want) {
			t.Errorf("%s = %v, want %v", name, got, tt.want)
			continue
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("%s[%s] = %q, want %q", name, k, got[k], v)
			}
		}
	}
	if got := r.Suppressed[0].SuppressReason; got != "已获迪士尼授权" {
		t.Errorf("suppress reason = %q", got)
	}
	// 4 (包邮) + 12 (加微信付款) + 12 (银行转账, carried) = 28: node 24.
	if r.Exposure.Points != 28 || r.Exposure.Node != 24 {
		t.Errorf("exposure = %d points node %d, want 28 node 24", r.Exposure.Points, r.Exposure.Node)
	}
	if r.Health.FetchFailed != 1 || r.Health.CouldNotCheck["free-shipping-mismatch"] != 1 {
		t.Errorf("health = %+v, want 1 fetch failure and 1 could-not-check", r.Health)
	}
	for _, it := range r.Open {
		if it.ListingID == "10006" && !it.Carried {
			t.Errorf("10006's finding not marked carried")
		}
	}
}

func TestBuildEvidenceContext(t *testing.T) {
	r := fixtureReport(t, "zh")
	all := append(append(append([]Item{}, r.Open...), r.Resolved...), r.Suppressed...)
	want := map[string]Snippet{
		"10001 free-shipping-mismatch": {Before: "夏季T恤 ", Match: "全国包邮", After: " 速干"},
		// resolved: quoted from the baseline run's snapshot
		"10002 material-mismatch": {Before: "精选面料，", Match: "纯棉", After: "亲肤，四季可穿。"},
		"10005 absolute-term":     {Before: xssImg, Match: "全网最低", After: "价"},
		"10003 trademark-term":    {Before: "", Match: "迪士尼同款", After: " 卡通水杯"},
	}
	for _, it := range all {
		k := it.ListingID + " " + it.Rule
		if w, ok := want[k]; ok {
			if it.Context != w {
				t.Errorf("%s context = %+v, want %+v", k, it.Context, w)
			}
			delete(want, k)
		}
	}
	for k := range want {
		t.Errorf("no item %s", k)
	}
}

func TestSnippetOf(t *testing.T) {
	long := strings.Repeat("甲", 50) + "包邮" + strings.Repeat("乙", 50)
	tests := []struct {
		text, ev string
		start    int
		want     Snippet
		ok       bool
	}{
		{"a 包邮 b", "包邮", 2, Snippet{"a ", "包邮", " b"}, true},
		{"a 包邮 b 包邮", "包邮", 11, Snippet{"a 包邮 b ", "包邮", ""}, true},
		{"a 包邮 b", "包邮", 99, Snippet{"a ", "包邮", " b"}, true}, // stale offset: search
		{"a 包邮 b", "免邮", 2, Snippet{}, false},
		{"", "x", 0, Snippet{}, false},
		{long, "包邮", 150, Snippet{"…" + strings.Repeat("甲", 40), "包邮", strings.Repeat("乙", 40) + "…"}, true},
	}
	for _, tt := range tests {
		got, ok := snippetOf(tt.text, tt.ev, tt.start)
		if got != tt.want || ok != tt.ok {
			t.Errorf("snippetOf(%q, %q, %d) = %+v, %v, want %+v, %v", tt.text, tt.ev, tt.start, got, ok, tt.want, tt.ok)
		}
	}
}

func TestTrend(t *testing.T) {
	fx := newFixture(t)
	r, err := Build(t.Context(), fx.db, fx.run2, "zh")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Trend) != 2 {
		t.Fatalf("trend has %d points, want 2 (the failed run left out): %+v", len(r.Trend), r.Trend)
	}
	first, last := r.Trend[0], r.Trend[1]
	// run 1: 4 + 12 + 0 + 12 = 28 points over 4 findings; the 迪士尼
	// suppression (created later, never expiring) hides it in run 1 too,
	// as the store applies suppressions.
	if first.RunID != fx.run1 || first.Open != 4 || first.Points != 28 || first.Node != 24 {
		t.Errorf("trend[0] = %+v, want run %d, 4 open, 28 points, node 24", first, fx.run1)
	}
	// run 3: the suppressed finding is not counted.
	if last.RunID != fx.run2 || last.Open != 5 || last.Points != 28 {
		t.Errorf("trend[1] = %+v, want run %d, 5 open, 28 points", last, fx.run2)
	}
	if got := first.Day(nil); got != "2026-11-21" {
		t.Errorf("run 1 day = %s, want 2026-11-21", got)
	}
	if got := last.Day(nil); got != "2026-11-22" {
		t.Errorf("run 3 day = %s, want 2026-11-22 (18:30 UTC is the next day in Shanghai)", got)
	}

	// The report of run 1 sees no later run.
	r1, err := Build(t.Context(), fx.db, fx.run1, "zh")
	if err != nil {
		t.Fatal(err)
	}
	if len(r1.Trend) != 1 || r1.Trend[0].RunID != fx.run1 {
		t.Errorf("run 1 trend = %+v, want only run 1", r1.Trend)
	}
}

func TestJSONAndMarkdownStillWork(t *testing.T) {
	r := fixtureReport(t, "zh")
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Run      struct{ ID int64 }
		Exposure struct {
			Points int
			Node   string
		}
		Findings, Resolved, Removed, Suppressed []struct{ State, Rule string }
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Findings) != 5 || len(got.Resolved) != 1 || len(got.Removed) != 1 || len(got.Suppressed) != 1 {
		t.Errorf("json sections = %d/%d/%d/%d, want 5/1/1/1", len(got.Findings), len(got.Resolved), len(got.Removed), len(got.Suppressed))
	}
	if got.Exposure.Points != 28 || got.Exposure.Node != "24" {
		t.Errorf("json exposure = %+v", got.Exposure)
	}
	buf.Reset()
	if err := r.WriteMarkdown(&buf, nil); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	// The by-rule table gives each finding's points; the exposure total
	// is "可能被扣分数".
	for _, want := range []string{"# 巡店日报 · demo · 2026-11-22", "## 新增问题 (3)", "## 仍未解决 (2)", "## 已修复 (1)", "**警告",
		"| 规则 | ID | 严重度 | 每条扣分 | 数量 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(md, xssTitle) {
		t.Errorf("markdown carries the raw script tag")
	}
	// Run kind, status, severities and sources are Chinese too.
	for _, want := range []string{"(日常巡店)", "| 高 |", "| 标题 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	for _, leak := range []string{"(patrol)", "**complete**", "**partial**", "| high |", "| title |", "| service |"} {
		if strings.Contains(md, leak) {
			t.Errorf("Chinese markdown shows the code %q", leak)
		}
	}
}
