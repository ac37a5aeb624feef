package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xundian/xundian/listing"
)

// Engine runs the enabled checks over listings. It is built once per run
// (it compiles every term list into one automaton and loads the OpenCC
// converter) and is then read-only: Check is safe for concurrent use by
// many goroutines.
type Engine struct {
	settings Settings
	norm     *normalizer
	match    *matcher
	checks   []*Check
	// regionNames maps normalized region and region-group names to their
	// regions, longest name first.
	regionNames []regionName
	// fibres is the composition vocabulary, longest name first.
	fibres []fibreName
}

// regionName is a name a claim or exception may use for regions.
type regionName struct {
	name    string
	regions []listing.Region
}

// Result is what the enabled checks concluded for one listing.
type Result struct {
	// Findings holds at most one finding per rule, in rule ID order.
	Findings []listing.Finding
	// Outcomes maps every enabled listing rule to its outcome.
	Outcomes map[string]listing.Outcome
}

// NewEngine validates s and builds an engine for it.
func NewEngine(s Settings) (*Engine, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	nz, err := newNormalizer()
	if err != nil {
		return nil, fmt.Errorf("load t2s converter: %w", err)
	}
	e := &Engine{settings: s, norm: nz}
	for _, c := range All() {
		if s.enabled(c.ID) {
			e.checks = append(e.checks, c)
		}
	}
	terms, err := embeddedTerms()
	if err != nil {
		return nil, err
	}
	aliases, err := embeddedAliases()
	if err != nil {
		return nil, err
	}
	terms = withSettings(terms, s, nz, aliases)
	e.match = newMatcher(terms, nz)
	e.regionNames = buildRegionNames(s, nz)
	if e.fibres, err = loadFibres(nz); err != nil {
		return nil, err
	}
	return e, nil
}

// withSettings adds the configured trademarks and authorized brands to
// the term lists. An authorized brand authorizes every spelling of its
// mark (aliases: Nike and 耐克); each removes an equal trademark entry and
// becomes an allow entry, so a trademark inside it is not flagged either.
func withSettings(terms []term, s Settings, nz *normalizer, aliases [][]string) []term {
	for _, t := range s.ExtraTrademarks {
		terms = append(terms, term{text: strings.TrimSpace(t), group: groupTrademark})
	}
	authorized := map[string]bool{}
	for _, b := range s.AuthorizedBrands {
		for _, v := range spellings(b, nz) {
			authorized[v] = true
		}
	}
	for _, mark := range aliases {
		if !slices.ContainsFunc(mark, func(a string) bool { return authorized[nz.normalize(a).Text] }) {
			continue
		}
		for _, a := range mark {
			for _, v := range spellings(a, nz) {
				authorized[v] = true
			}
		}
	}
	out := terms[:0:0]
	for _, t := range terms {
		if t.group == groupTrademark && !t.allow && authorized[nz.normalize(t.text).Text] {
			continue
		}
		out = append(out, t)
		if t.group == groupTrademark && !t.allow {
			// A multi-word Latin mark is also written joined: hellokitty.
			if j := joinedLatin(nz.normalize(t.text).Text); j != "" && !authorized[j] {
				out = append(out, term{text: j, group: groupTrademark})
			}
		}
	}
	for b := range authorized {
		out = append(out, term{text: b, group: groupTrademark, allow: true})
	}
	return out
}

// spellings returns the normalized forms of a brand name: as written and,
// for multi-word Latin names, joined.
func spellings(s string, nz *normalizer) []string {
	n := nz.normalize(strings.TrimSpace(s)).Text
	if n == "" {
		return nil
	}
	out := []string{n}
	if j := joinedLatin(n); j != "" {
		out = append(out, j)
	}
	return out
}

// joinedLatin returns a normalized multi-word Latin term without its
// spaces, or "" when the term has no space.
func joinedLatin(n string) string {
	if !strings.Contains(n, " ") {
		return ""
	}
	return strings.ReplaceAll(n, " ", "")
}

// buildRegionNames indexes province names (short, and aliases) and the
// region groups, configured ones replacing defaults of the same name.
func buildRegionNames(s Settings, nz *normalizer) []regionName {
	groups := DefaultRegionGroups()
	for name, rs := range s.RegionGroups {
		groups[name] = rs
	}
	seen := map[string]bool{}
	var out []regionName
	add := func(name string, rs []listing.Region) {
		n := nz.normalize(name).Text
		if n == "" || seen[n] {
			return
		}
		seen[n] = true
		out = append(out, regionName{name: n, regions: rs})
	}
	names := make([]string, 0, len(groups))
	for name := range groups {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		var rs []listing.Region
		for _, r := range groups[name] {
			if reg, ok := listing.ParseRegion(r); ok {
				rs = append(rs, reg)
			}
		}
		add(name, rs)
	}
	for _, r := range append(listing.MainlandRegions(), listing.OtherRegions()...) {
		add(string(r), []listing.Region{r})
	}
	add("内蒙", []listing.Region{"内蒙古"})
	add("港澳", []listing.Region{"香港", "澳门"})
	slices.SortStableFunc(out, func(a, b regionName) int { return len(b.name) - len(a.name) })
	return out
}

// Check runs every enabled check on l. It does not modify l.
func (e *Engine) Check(l *listing.Listing) Result {
	p := newPass(e, l)
	res := Result{Outcomes: make(map[string]listing.Outcome, len(e.checks))}
	for _, c := range e.checks {
		f, o := p.run(c)
		if f != nil {
			res.Findings = append(res.Findings, *f)
		}
		res.Outcomes[c.ID] = o
	}
	return res
}

// loadFibres reads the composition vocabulary (terms/fibres.txt).
func loadFibres(nz *normalizer) ([]fibreName, error) {
	const name = "terms/fibres.txt"
	body, err := termFiles.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read fibres: %w", err)
	}
	ts, err := parseTerms(name, string(body), 0)
	if err != nil {
		return nil, fmt.Errorf("parse fibres: %w", err)
	}
	out := make([]fibreName, 0, len(ts))
	for _, t := range ts {
		f := fibreName{name: nz.normalize(t.text).Text, fibre: t.data}
		if t.allow {
			f.fibre = "" // a word that holds a fibre name but is none (洗涤)
		}
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b fibreName) int { return len(b.name) - len(a.name) })
	return out, nil
}
