package reports

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

//go:embed html_template.html
var htmlTemplateText string

//go:embed html_script.js
var htmlScript string

//go:embed html_style.css
var htmlStyle string

// htmlTemplate is parsed once. Shop content only ever reaches it as
// strings, so html/template escapes it for the context it lands in;
// template.JS and template.CSS wrap only the embedded script and style.
var htmlTemplate = template.Must(template.New("report").Parse(htmlTemplateText))

// htmlCSP allows exactly the embedded script and style (by hash) and
// nothing else: no network, no other script, even if escaping failed.
var htmlCSP = fmt.Sprintf("default-src 'none'; script-src '%s'; style-src '%s'; img-src data:; base-uri 'none'; form-action 'none'",
	cspHash(htmlScript), cspHash(htmlStyle))

func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// maxFailureRows caps the fetch failures listed in the HTML; the rest
// are counted (JSON has them all).
const maxFailureRows = 200

// htmlView is what the template renders.
type htmlView struct {
	Lang, HTMLLang, CSP string
	Script              template.JS
	Style               template.CSS
	W                   htmlWords

	Shop, Day, Started, Finished string
	Run                          store.Run
	KindLabel, StatusLabel       string // the run's kind and status, for people
	HasBase                      bool
	BaseID                       int64
	BaseStarted                  string

	Cards      []htmlCard
	Severities []htmlCount
	Rules      []htmlRule

	Exposure htmlExposure
	Chart    svgChart

	Rows        []htmlRow
	Suppressed  []htmlRow
	RuleOptions []htmlOption
	SevOptions  []htmlOption
	StateOpts   []htmlOption

	Health htmlHealth
}

type htmlCard struct {
	Metric, Label string
	Value         int
	Alert         bool
}

type htmlCount struct {
	Key, Label string
	Count      int
}

type htmlRule struct {
	Rule, Title, Severity, SeverityLabel string
	Points, Open, New                    int
}

type htmlExposure struct {
	Points, Node, ToNext int
	Consequence          string
	Fixes                []htmlRow
	// FixCount is the number of fewest fixes; only the first
	// maxListedFixes are listed.
	FixCount, FixesMore int
}

type htmlOption struct {
	Value, Label string
}

type htmlHealth struct {
	Bad                 bool
	Reasons             []string
	Discovered, Checked int
	Failures            []store.FetchFailure
	MoreFailures        string
	CouldNotCheck       []htmlCount
	OKWords             string
}

// htmlRow is one finding as a table row.
type htmlRow struct {
	State, StateLabel                    string
	StateRank                            int
	Rule, RuleTitle                      string
	Severity, SeverityLabel              string
	SeverityRank, Points                 int
	ListingID, Title, URL                string
	Source, SourceLabel, ImageURL        string
	Evidence                             string
	Context                              Snippet
	HasContext                           bool
	Detail, Fix, Fingerprint, ShortPrint string
	Carried                              bool
	Reason                               string
	// PageHash/PageShort/PageAt name the archived page the finding was
	// read from (xundian evidence writes it).
	PageHash, PageShort, PageAt string
}

var stateRank = map[string]int{StateNew: 4, StateOpen: 3, StateResolved: 2, StateRemoved: 1}

func (r *Report) htmlRow(it Item, state string) htmlRow {
	fp := it.Fingerprint
	short := fp
	if len(short) > 8 {
		short = short[:8]
	}
	return htmlRow{
		State: state, StateLabel: stateLabel(state, r.Lang), StateRank: stateRank[state],
		Rule: it.Rule, RuleTitle: RuleTitle(it.Rule, r.Lang),
		Severity: string(it.Severity), SeverityLabel: SeverityLabel(it.Severity, r.Lang),
		SeverityRank: it.Severity.Rank(), Points: it.Points,
		ListingID: it.ListingID, Title: it.Title, URL: it.URL,
		Source: string(it.Source), SourceLabel: sourceLabel(it.Source, r.Lang), ImageURL: it.ImageURL,
		Evidence: it.Evidence, Context: it.Context, HasContext: it.Context.Match != "",
		Detail: it.Detail(r.Lang), Fix: FixHint(it.Rule, r.Lang),
		Fingerprint: fp, ShortPrint: short, Carried: it.Carried, Reason: it.SuppressReason,
		PageHash: it.Page.Hash, PageShort: shortHash(it.Page.Hash), PageAt: pageTime(it.Page),
	}
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func pageTime(p store.PageRef) string {
	if p.FetchedAt.IsZero() {
		return ""
	}
	return p.FetchedAt.In(orShanghai(nil)).Format("2006-01-02 15:04")
}

// WriteHTML writes the report as one self-contained HTML page: no network
// access, no external fonts or scripts; a small inline script adds
// filtering and sorting. Days and times are shown in loc (nil:
// DefaultZone).
func (r *Report) WriteHTML(w io.Writer, loc *time.Location) error {
	if err := htmlTemplate.Execute(w, r.htmlView(orShanghai(loc))); err != nil {
		return fmt.Errorf("write html report: %w", err)
	}
	return nil
}

func (r *Report) htmlView(loc *time.Location) htmlView {
	wd := wordsHTML(r.Lang)
	v := htmlView{
		Lang: r.Lang, HTMLLang: "zh-CN", CSP: htmlCSP, W: wd,
		Script: template.JS(htmlScript), Style: template.CSS(htmlStyle),
		Shop: r.Run.Shop, Day: r.Run.StartedAt.In(loc).Format("2006-01-02"),
		Started: fmtClock(r.Run.StartedAt, loc), Finished: fmtClock(r.Run.FinishedAt, loc),
		Run: r.Run, HasBase: r.HasBase, BaseID: r.Base.ID, BaseStarted: fmtClock(r.Base.StartedAt, loc),
		KindLabel: runKindLabel(r.Run.Kind, r.Lang), StatusLabel: RunStatusLabel(r.Run.Status, r.Lang),
	}
	if r.Lang == "en" {
		v.HTMLLang = "en"
	}

	newN := 0
	newByRule := map[string]int{}
	for _, it := range r.Open {
		if it.State == StateNew {
			newN++
			newByRule[it.Rule]++
		}
	}
	h := r.Health
	v.Cards = []htmlCard{
		{Metric: "discovered", Label: wd.Discovered, Value: h.Discovered},
		{Metric: "checked", Label: wd.Checked, Value: h.Checked},
		{Metric: "fetch-failed", Label: wd.FetchFailed, Value: h.FetchFailed, Alert: h.FetchFailed > 0},
		{Metric: "new", Label: wd.New, Value: newN, Alert: newN > 0},
		{Metric: "open", Label: wd.Open, Value: len(r.Open) - newN},
		{Metric: "resolved", Label: wd.Resolved, Value: len(r.Resolved)},
		{Metric: "removed", Label: wd.Removed, Value: len(r.Removed)},
		{Metric: "suppressed", Label: wd.Suppressed, Value: len(r.Suppressed)},
	}

	sevs := []listing.Severity{listing.SeverityCritical, listing.SeverityHigh, listing.SeverityMedium, listing.SeverityLow}
	bySev := map[listing.Severity]int{}
	for _, it := range r.Open {
		bySev[it.Severity]++
	}
	for _, s := range sevs {
		v.Severities = append(v.Severities, htmlCount{Key: string(s), Label: SeverityLabel(s, r.Lang), Count: bySev[s]})
	}
	for _, rc := range r.Rules {
		v.Rules = append(v.Rules, htmlRule{Rule: rc.Rule, Title: rc.Title, Severity: string(rc.Severity),
			SeverityLabel: SeverityLabel(rc.Severity, r.Lang), Points: rc.Points, Open: rc.Count, New: newByRule[rc.Rule]})
	}

	v.Exposure = htmlExposure{Points: r.Exposure.Points, Node: r.Exposure.Node, Consequence: Consequence(r.Exposure.Node, r.Lang)}
	if r.Exposure.Node < TopNode {
		v.Exposure.ToNext = r.Exposure.Node + NodeStep - r.Exposure.Points
	}
	v.Exposure.FixCount = r.Exposure.FixCount
	for _, it := range r.Exposure.FewestFixes {
		v.Exposure.Fixes = append(v.Exposure.Fixes, r.htmlRow(it, it.State))
	}
	v.Exposure.FixesMore = r.Exposure.FixCount - len(r.Exposure.FewestFixes)
	v.Chart = trendChart(r.Trend, loc, wd)

	for _, it := range r.Open {
		v.Rows = append(v.Rows, r.htmlRow(it, it.State))
	}
	for _, it := range r.Resolved {
		v.Rows = append(v.Rows, r.htmlRow(it, StateResolved))
	}
	for _, it := range r.Removed {
		v.Rows = append(v.Rows, r.htmlRow(it, StateRemoved))
	}
	for _, it := range r.Suppressed {
		v.Suppressed = append(v.Suppressed, r.htmlRow(it, StateSuppressed))
	}
	v.RuleOptions, v.SevOptions, v.StateOpts = r.filterOptions(v.Rows)
	v.Health = r.htmlHealth(wd)
	return v
}

// filterOptions lists the rules, severities and states the rows have.
func (r *Report) filterOptions(rows []htmlRow) (rules, sevs, states []htmlOption) {
	seenRule, seenSev, seenState := map[string]bool{}, map[string]int{}, map[string]int{}
	for _, row := range rows {
		if !seenRule[row.Rule] {
			seenRule[row.Rule] = true
			rules = append(rules, htmlOption{Value: row.Rule, Label: row.RuleTitle})
		}
		seenSev[row.Severity] = row.SeverityRank
		seenState[row.State] = row.StateRank
	}
	slices.SortFunc(rules, func(a, b htmlOption) int { return strings.Compare(a.Value, b.Value) })
	for s := range seenSev {
		sevs = append(sevs, htmlOption{Value: s, Label: SeverityLabel(listing.Severity(s), r.Lang)})
	}
	slices.SortFunc(sevs, func(a, b htmlOption) int { return seenSev[b.Value] - seenSev[a.Value] })
	for s := range seenState {
		states = append(states, htmlOption{Value: s, Label: stateLabel(s, r.Lang)})
	}
	slices.SortFunc(states, func(a, b htmlOption) int { return seenState[b.Value] - seenState[a.Value] })
	return rules, sevs, states
}

func (r *Report) htmlHealth(wd htmlWords) htmlHealth {
	h := r.Health
	out := htmlHealth{Discovered: h.Discovered, Checked: h.Checked, OKWords: wd.HealthOK}
	if h.FetchFailed > 0 {
		out.Reasons = append(out.Reasons, fmt.Sprintf("%s: %d", wd.FailedPages, h.FetchFailed))
	}
	cnc := 0
	for rule, n := range h.CouldNotCheck {
		cnc += n
		out.CouldNotCheck = append(out.CouldNotCheck, htmlCount{Key: rule, Label: RuleTitle(rule, r.Lang), Count: n})
	}
	slices.SortFunc(out.CouldNotCheck, func(a, b htmlCount) int { return strings.Compare(a.Key, b.Key) })
	if cnc > 0 {
		out.Reasons = append(out.Reasons, fmt.Sprintf("%s: %d", wd.CouldNotCheck, cnc))
	}
	if r.Run.Status != store.StatusComplete {
		out.Reasons = append(out.Reasons, wd.RunStatusNot+RunStatusLabel(r.Run.Status, r.Lang))
	}
	if w := r.imageWarning(); w != "" {
		out.Reasons = append(out.Reasons, strings.Trim(w, "*"))
	}
	out.Bad = len(out.Reasons) > 0
	out.Failures = h.Failures
	if len(out.Failures) > maxFailureRows {
		out.MoreFailures = fmt.Sprintf(wd.More, len(out.Failures)-maxFailureRows)
		out.Failures = out.Failures[:maxFailureRows]
	}
	return out
}

func fmtClock(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(loc).Format("2006-01-02 15:04 MST")
}
