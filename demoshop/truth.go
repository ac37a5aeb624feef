package demoshop

import (
	"encoding/json"
	"slices"
)

// Plant is one planted violation or decoy, as /_truth/detail.json lists it.
type Plant struct {
	// Path is the listing's path as the sitemap names it.
	Path string `json:"path"`
	// ID is the listing ID.
	ID string `json:"id"`
	// Layout is "jsonld" (layout A) or "legacy" (layout B).
	Layout string `json:"layout"`
	// Rule is the rule ID the plant violates, or for a decoy the rule it
	// must not trigger.
	Rule string `json:"rule"`
	// Source is where the text is: title, image, description or service.
	Source string `json:"source"`
	// Text is the planted text as the page writes it.
	Text string `json:"text"`
	// Decoy is true for text that must not be flagged.
	Decoy bool `json:"decoy"`
}

// rules returns the sorted rule IDs the listing violates (never nil).
func (it *item) rules() []string {
	out := []string{}
	for _, p := range it.plants {
		if !p.decoy && !slices.Contains(out, p.rule) {
			out = append(out, p.rule)
		}
	}
	slices.Sort(out)
	return out
}

// exported returns the listing's plants in the exported form.
func (it *item) exported() []Plant {
	out := make([]Plant, 0, len(it.plants))
	for _, p := range it.plants {
		out = append(out, Plant{
			Path: it.path(it.id), ID: itemID(it.id), Layout: it.layout.String(),
			Rule: p.rule, Source: string(p.source), Text: p.text, Decoy: p.decoy,
		})
	}
	return out
}

// Truth returns the ground truth: every listing's path mapped to the sorted
// IDs of the rules it violates ([] for a clean listing). It generates every
// listing, so it takes a while for a large shop.
func (s *Shop) Truth() map[string][]string {
	out := make(map[string][]string, s.n)
	for id := FirstID; id < FirstID+s.n; id++ {
		it := s.gen(id)
		out[it.path(id)] = it.rules()
	}
	return out
}

// Plants returns every planted violation and decoy, in listing ID order.
func (s *Shop) Plants() []Plant {
	var out []Plant
	for id := FirstID; id < FirstID+s.n; id++ {
		out = append(out, s.gen(id).exported()...)
	}
	return out
}

func (s *Shop) truthJSON() []byte {
	b, err := json.Marshal(s.Truth())
	if err != nil {
		panic(err) // strings only
	}
	return append(b, '\n')
}

func (s *Shop) detailJSON() []byte {
	plants := s.Plants()
	if plants == nil {
		plants = []Plant{}
	}
	b, err := json.Marshal(plants)
	if err != nil {
		panic(err) // strings only
	}
	return append(b, '\n')
}
