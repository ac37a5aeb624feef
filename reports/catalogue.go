package reports

import (
	"sort"
	"sync"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/history"
	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/promo"
)

// RuleDoc is one rule of rules.md as people read it, whichever package
// implements it (listing rules in checks, history rules in history,
// promotion rules in promo).
type RuleDoc struct {
	ID               string
	Kind             string // "listing", "history" or "promotion"
	TitleZH, TitleEN string
	Doc, DocEN       string
	Cites            string
	Points           int
	Severity         listing.Severity
}

// Catalogue returns every implemented rule, sorted by kind then ID.
func Catalogue() []RuleDoc {
	var out []RuleDoc
	for _, c := range checks.All() {
		out = append(out, RuleDoc{ID: c.ID, Kind: "listing", TitleZH: c.TitleZH, TitleEN: c.TitleEN,
			Doc: c.Doc, DocEN: c.DocEN, Cites: c.Cites, Points: c.Points, Severity: c.Severity})
	}
	for _, r := range history.All() {
		out = append(out, RuleDoc{ID: r.ID, Kind: "history", TitleZH: r.TitleZH, TitleEN: r.TitleEN,
			Doc: r.Doc, DocEN: r.DocEN, Cites: r.Cites, Points: r.Points, Severity: r.Severity})
	}
	for _, r := range promo.All() {
		out = append(out, RuleDoc{ID: r.ID, Kind: "promotion", TitleZH: r.TitleZH, TitleEN: r.TitleEN,
			Doc: r.Doc, DocEN: r.DocEN, Points: r.Points, Severity: r.Severity})
	}
	kind := map[string]int{"listing": 0, "history": 1, "promotion": 2}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return kind[out[i].Kind] < kind[out[j].Kind]
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// ruleIndex is the catalogue by ID, built once: every finding row of
// every report looks its rule up, and the catalogue never changes while
// the process runs.
var ruleIndex = sync.OnceValue(func() map[string]RuleDoc {
	m := map[string]RuleDoc{}
	for _, r := range Catalogue() {
		m[r.ID] = r
	}
	return m
})

// LookupRule finds a rule of any kind by ID.
func LookupRule(id string) (RuleDoc, bool) {
	r, ok := ruleIndex()[id]
	return r, ok
}
