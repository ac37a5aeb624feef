// Package reports turns a stored run into the patrol report: it builds a
// view model (run, diff against the previous complete run of the same kind,
// exposure, crawl health, a 30-run trend) from the store and renders it as
// Markdown, findings JSON, a self-contained HTML page, CSV or an Excel
// workbook.
package reports

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

// Finding states in a report.
const (
	StateNew      = "new"
	StateOpen     = "open"
	StateResolved = "resolved"
	StateRemoved  = "removed"
	// StateSuppressed labels suppressed findings in flat outputs (CSV,
	// xlsx, HTML); their Item.State stays new or open.
	StateSuppressed = "suppressed"
)

// stateUnconfirmed marks, inside Build only, a base finding this run did
// not disprove; it is reported as open and carried.
const stateUnconfirmed = "unconfirmed"

// Item is one finding as the report shows it.
type Item struct {
	listing.Finding
	// State is new, open, resolved or removed.
	State string
	// Carried is true when this run could not check the finding (the page
	// failed, the rule lacked its input, or a partial run never reached the
	// listing) and it was kept open from the last time it was checked.
	Carried bool
	// SuppressReason is set for findings the seller accepted.
	SuppressReason string
	// Context is the evidence within the text it was quoted from, when
	// that text is known (the title, or the run's snapshot of the listing).
	Context Snippet
	// Page is the page the finding was read from, as fetched and archived
	// (`xundian evidence` writes its bytes); zero when unknown.
	Page store.PageRef

	runID int64 // the run that stored the finding, for its snapshot
}

// RuleCount is how many open findings one rule has.
type RuleCount struct {
	Rule     string
	Title    string
	Severity listing.Severity
	Points   int
	Count    int
}

// Health summarises how well the crawl and the checks saw the shop.
type Health struct {
	Discovered    int
	Checked       int
	FetchFailed   int
	Failures      []store.FetchFailure
	CouldNotCheck map[string]int // rule -> listings it could not check
	NotApplicable map[string]int
	Checks        int // rule evaluations recorded
	// Images is how the run read image pixels; HasImages is false for a
	// run that recorded nothing about it.
	Images    store.RunOCR
	HasImages bool
}

// Report is the view model of one run's report.
type Report struct {
	Lang string
	Run  store.Run
	// Base is the previous complete run of the same kind; HasBase is false
	// for the first run.
	Base    store.Run
	HasBase bool
	// Open holds the run's open findings (state new or open), sorted.
	Open       []Item
	Resolved   []Item
	Removed    []Item
	Suppressed []Item
	Exposure   Exposure
	Rules      []RuleCount
	Health     Health
	// Trend holds up to TrendRuns runs of the same kind, oldest first,
	// ending with this run.
	Trend []TrendPoint
}

// Build reads run runID and its diff from db. lang is "zh" or "en".
func Build(ctx context.Context, db *store.DB, runID int64, lang string) (*Report, error) {
	run, err := db.Run(ctx, runID)
	if err != nil {
		return nil, fmt.Errorf("build report: %w", err)
	}
	// The reads are independent and SQLite (WAL) serves them on separate
	// connections at once: a report of a large shop waits for the slowest,
	// not for their sum.
	var (
		diff      store.Diff
		outcomes  store.OutcomeTally
		failures  []store.FetchFailure
		images    store.RunOCR
		hasImages bool
	)
	err = parallel(
		func() (err error) { diff, err = db.Diff(ctx, runID); return },
		func() (err error) { outcomes, err = db.TallyOutcomes(ctx, runID); return },
		func() (err error) { failures, err = db.Failures(ctx, runID); return },
		func() (err error) { images, hasImages, err = db.RunOCR(ctx, runID); return },
	)
	if err != nil {
		return nil, fmt.Errorf("build report: %w", err)
	}
	r := &Report{Lang: lang, Run: run, Base: diff.Base, HasBase: diff.HasBase}

	// The store also carries the findings of pages that answered 304
	// (incremental re-patrol); those were checked, only a failed page's
	// findings are "carried over" for the reader.
	failed := map[string]bool{}
	for _, f := range failures {
		if f.ListingID != "" {
			failed[f.ListingID] = true
		}
	}
	add := func(sf store.StoredFinding, state string) {
		it := Item{Finding: sf.Finding, State: state, Carried: sf.Carried && failed[sf.ListingID], runID: sf.RunID}
		if state == stateUnconfirmed {
			it.State, it.Carried = StateOpen, true
			state = StateOpen
		}
		if sf.Suppressed {
			it.SuppressReason = sf.SuppressReason
			if state == StateNew || state == StateOpen {
				r.Suppressed = append(r.Suppressed, it)
			}
			return
		}
		switch state {
		case StateNew, StateOpen:
			r.Open = append(r.Open, it)
		case StateResolved:
			r.Resolved = append(r.Resolved, it)
		case StateRemoved:
			r.Removed = append(r.Removed, it)
		}
	}
	for _, f := range diff.New {
		add(f, StateNew)
	}
	for _, f := range diff.Open {
		add(f, StateOpen)
	}
	for _, f := range diff.Resolved {
		add(f, StateResolved)
	}
	for _, f := range diff.Removed {
		add(f, StateRemoved)
	}
	// Findings this run did not disprove (page failed, rule could not
	// check, listing not discovered by a partial run) stay open: a problem
	// is never reported fixed because xundian failed to look.
	for _, f := range diff.Unconfirmed {
		add(f, stateUnconfirmed)
	}
	for _, s := range [][]Item{r.Open, r.Resolved, r.Removed, r.Suppressed} {
		sortItems(s)
	}
	r.Exposure = ComputeExposure(r.Open)
	r.Rules = ruleCounts(r.Open, lang)
	r.Health = health(run, outcomes, failures)
	r.Health.Images, r.Health.HasImages = images, hasImages
	// Page references and snippets fill different fields of the items;
	// the trend only reads the report.
	err = parallel(
		func() error { return addPageRefs(ctx, db, r.Open, r.Resolved, r.Removed, r.Suppressed) },
		func() error { return addSnippets(ctx, db, r.Open, r.Resolved, r.Removed, r.Suppressed) },
		func() (err error) { r.Trend, err = buildTrend(ctx, db, r); return },
	)
	if err != nil {
		return nil, fmt.Errorf("build report: %w", err)
	}
	return r, nil
}

func sortItems(items []Item) {
	sort.Slice(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() > b.Severity.Rank()
		}
		if a.ListingID != b.ListingID {
			return a.ListingID < b.ListingID
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Fingerprint < b.Fingerprint
	})
}

func ruleCounts(open []Item, lang string) []RuleCount {
	byRule := map[string]*RuleCount{}
	for _, it := range open {
		rc, ok := byRule[it.Rule]
		if !ok {
			rc = &RuleCount{Rule: it.Rule, Title: RuleTitle(it.Rule, lang), Severity: it.Severity, Points: it.Points}
			byRule[it.Rule] = rc
		}
		rc.Count++
	}
	out := make([]RuleCount, 0, len(byRule))
	for _, rc := range byRule {
		out = append(out, *rc)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}

// RuleTitle is the rule's one-line title in lang, or the ID when unknown.
func RuleTitle(id, lang string) string {
	c, ok := LookupRule(id)
	if !ok {
		return id
	}
	if lang == "en" {
		return c.TitleEN
	}
	return c.TitleZH
}

func health(run store.Run, outcomes store.OutcomeTally, failures []store.FetchFailure) Health {
	h := Health{
		Checked:       outcomes.Listings,
		FetchFailed:   len(failures),
		Failures:      failures,
		CouldNotCheck: map[string]int{},
		NotApplicable: map[string]int{},
		Checks:        outcomes.Checks,
	}
	h.Discovered = h.Checked + h.FetchFailed
	if run.Listings > h.Checked {
		h.Checked = run.Listings
	}
	for rule, byOutcome := range outcomes.ByRule {
		if n := byOutcome[listing.OutcomeCouldNotCheck]; n > 0 {
			h.CouldNotCheck[rule] = n
		}
		if n := byOutcome[listing.OutcomeNotApplicable]; n > 0 {
			h.NotApplicable[rule] = n
		}
	}
	return h
}

// Detail returns the finding's detail sentence in lang.
func (it Item) Detail(lang string) string {
	if lang == "en" && it.DetailEN != "" {
		return it.DetailEN
	}
	return it.Finding.Detail
}

// addPageRefs fills in Item.Page from the snapshots of the runs that
// stored the findings (one query per run).
func addPageRefs(ctx context.Context, db *store.DB, lists ...[]Item) error {
	ids := map[int64][]string{}
	seen := map[int64]map[string]bool{}
	for _, items := range lists {
		for i := range items {
			it := &items[i] // fields, not a copy: addSnippets writes Context meanwhile
			if seen[it.runID] == nil {
				seen[it.runID] = map[string]bool{}
			}
			if !seen[it.runID][it.ListingID] {
				seen[it.runID][it.ListingID] = true
				ids[it.runID] = append(ids[it.runID], it.ListingID)
			}
		}
	}
	byRun := make(map[int64]map[string]store.PageRef, len(ids))
	for run, list := range ids {
		refs, err := db.PageRefs(ctx, run, list)
		if err != nil {
			return err
		}
		byRun[run] = refs
	}
	for _, items := range lists {
		for i := range items {
			items[i].Page = byRun[items[i].runID][items[i].ListingID]
		}
	}
	return nil
}

// parallel runs fns at once and returns the first of their errors, in
// argument order.
func parallel(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Go(func() { errs[i] = fn() })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
