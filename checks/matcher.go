package checks

import (
	ahocorasick "github.com/BobuSumisu/aho-corasick"
)

// matcher finds every term of every list in one pass over a text: all
// lists are compiled into a single Aho-Corasick automaton, so the cost of
// matching grows with the length of the text, not with the number of
// terms. The automaton reports overlapping matches (全国包邮 and 包邮 both),
// and filter then lets a covering allow-list entry or a longer term of the
// same list win.
type matcher struct {
	trie *ahocorasick.Trie
	pats []pattern
}

// pattern is one distinct normalized term string and every list entry
// that spells it.
type pattern struct {
	text string
	refs []termRef
	// wordStart and wordEnd require a word boundary before or after the
	// match, for terms that start or end with a Latin letter or digit
	// ("lv" must not match inside "silver").
	wordStart, wordEnd bool
}

type termRef struct {
	group group
	allow bool
	data  string
}

// termMatch is a match of a term in a normalized text; Start and End are
// byte offsets into the normalized text.
type termMatch struct {
	Start, End int
	Group      group
	Allow      bool
	Data       string
	Term       string
	drop       bool
}

// newMatcher normalizes the terms with nz and builds the automaton. An
// entry whose normalized form repeats an earlier entry of the same group
// and polarity is dropped.
func newMatcher(terms []term, nz *normalizer) *matcher {
	m := &matcher{}
	index := map[string]int{}
	b := ahocorasick.NewTrieBuilder()
	for _, t := range terms {
		text := nz.normalize(t.text).Text
		if text == "" {
			continue
		}
		i, ok := index[text]
		if !ok {
			i = len(m.pats)
			index[text] = i
			m.pats = append(m.pats, pattern{
				text:      text,
				wordStart: isWordByte(text[0]),
				wordEnd:   isWordByte(text[len(text)-1]),
			})
			b.AddString(text)
		}
		p := &m.pats[i]
		dup := false
		for _, r := range p.refs {
			if r.group == t.group && r.allow == t.allow {
				dup = true
				break
			}
		}
		if !dup {
			p.refs = append(p.refs, termRef{group: t.group, allow: t.allow, data: t.data})
		}
	}
	m.trie = b.Build()
	return m
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// match appends to dst every raw match in text (allow and deny, all
// groups), honouring word boundaries, and returns dst filtered: deny
// matches covered by an allow match or a longer deny match of the same
// group are removed, and allow matches are not returned.
func (m *matcher) match(text []byte, dst []termMatch) []termMatch {
	base := len(dst)
	m.trie.Walk(text, func(end, n, pat int64) bool {
		p := &m.pats[pat]
		start, stop := int(end-n+1), int(end+1)
		if p.wordStart && start > 0 && isWordByte(text[start-1]) {
			return true
		}
		if p.wordEnd && stop < len(text) && isWordByte(text[stop]) {
			return true
		}
		for _, r := range p.refs {
			dst = append(dst, termMatch{Start: start, End: stop, Group: r.group, Allow: r.allow, Data: r.data, Term: p.text})
		}
		return true
	})
	return filterMatches(dst, base)
}

// filterMatches applies the covering rules to dst[base:] in place.
func filterMatches(dst []termMatch, base int) []termMatch {
	raw := dst[base:]
	for i := range raw {
		raw[i].drop = raw[i].Allow || covered(raw, i)
	}
	keep := base
	for _, d := range raw {
		if !d.drop {
			dst[keep] = d
			keep++
		}
	}
	out := dst[:keep]
	sortMatches(out[base:])
	return out
}

// covered reports whether raw[i] lies inside another match of its group
// that wins over it: an allow entry at least as long, or a longer term.
func covered(raw []termMatch, i int) bool {
	d := raw[i]
	for j, o := range raw {
		if j == i || o.Group != d.Group || o.Start > d.Start || o.End < d.End {
			continue
		}
		if o.Allow || o.End-o.Start > d.End-d.Start {
			return true
		}
	}
	return false
}

// sortMatches orders by start, then longer first (insertion sort: the
// automaton already reports in end order, so lists are short and nearly
// sorted).
func sortMatches(ms []termMatch) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && less(ms[j], ms[j-1]); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

func less(a, b termMatch) bool {
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	if a.End != b.End {
		return a.End > b.End
	}
	return a.Group < b.Group
}
