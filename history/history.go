// Package history holds the rules that judge a listing by its price history
// across patrols rather than by one page: fake-original-price (虚构原价) and
// price-guarantee-breach (价保期内降价), from rules.md "History rules".
//
// The rules are pure functions of a listing's price series (store.PricePoint,
// oldest first, the last point being the run under judgement) and Settings:
// no I/O, no clock. Days are calendar days in Settings.Location.
package history

import (
	"time"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

// Rule is one history rule: its identity and documentation from rules.md
// and the function that judges a listing's price series.
type Rule struct {
	// ID is the kebab-case rule ID from rules.md. An ID is forever.
	ID string
	// TitleZH and TitleEN are one-line titles.
	TitleZH, TitleEN string
	// Doc (Chinese) and DocEN (English) say what the rule catches, why it
	// costs the seller, how to fix it, with an example.
	Doc, DocEN string
	// Cites names the law or platform rule behind it.
	Cites string
	// Points is the platform's deduction; 0 where rules.md says "-".
	Points int
	// Severity ranks the findings.
	Severity listing.Severity
	// Judge concludes for one listing. It is pure.
	Judge func(in Input) Result
}

// Settings configure the history rules.
type Settings struct {
	// PriceGuaranteeDays is the price-guarantee window (价保天数); 0 means
	// the shop promises none and price-guarantee-breach does not apply.
	PriceGuaranteeDays int
	// Location is where days are counted (nil: Asia/Shanghai, else UTC
	// when the zone database is missing).
	Location *time.Location
}

// Input is one listing's price series and what a finding needs to name it.
type Input struct {
	ListingID, URL, Title string
	// Points is the price series, oldest first; the last point is the
	// run being judged. Points of one run per listing at most.
	Points   []store.PricePoint
	Settings Settings
}

// Result is what a rule concluded for one listing.
type Result struct {
	Outcome listing.Outcome
	// Reason says why, in Chinese and English, for outcomes other than
	// fail (e.g. "insufficient history"); for a pass it may carry a note.
	Reason, ReasonEN string
	// Finding is set when Outcome is fail.
	Finding *listing.Finding
}

// Retired rule IDs are listed here and never reused: none yet.

// All returns the history rules, sorted by ID. The slice and the rules are
// new on every call.
func All() []*Rule {
	return []*Rule{fakeOriginalPrice(), priceGuaranteeBreach()}
}

// Lookup returns the history rule with the given ID.
func Lookup(id string) (*Rule, bool) {
	for _, r := range All() {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}

// IDs returns the IDs of All.
func IDs() []string {
	var out []string
	for _, r := range All() {
		out = append(out, r.ID)
	}
	return out
}

// Charged is the price a buyer paid at a point: the promotional price when
// the page showed one, else the listed price (the headline price the
// strike-through price sits next to). 0 when the point has no price.
func Charged(p store.PricePoint) listing.Money {
	if p.PromoPrice > 0 {
		return p.PromoPrice
	}
	return p.Price
}

// finding builds a finding of rule r for the listing in.
func (r *Rule) finding(in Input, evidence, detail, detailEN string) *listing.Finding {
	return &listing.Finding{
		Rule: r.ID, ListingID: in.ListingID, URL: in.URL, Title: in.Title,
		Severity: r.Severity, Points: r.Points, Source: listing.SourceAttributes,
		Evidence: evidence, EvidenceStart: -1, Detail: detail, DetailEN: detailEN,
		Fingerprint: checks.Fingerprint(r.ID, in.ListingID, evidence),
	}
}

func outcome(o listing.Outcome, zh, en string) Result {
	return Result{Outcome: o, Reason: zh, ReasonEN: en}
}

// location returns where days are counted.
func (s Settings) location() *time.Location {
	if s.Location != nil {
		return s.Location
	}
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.UTC
}

// dayNumber counts calendar days in loc: consecutive days differ by one.
func dayNumber(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// dayText formats a time as a day in loc, e.g. 2026-11-03.
func dayText(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02") }
