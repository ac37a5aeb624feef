package checks

import (
	"strings"
	"unicode/utf8"
)

// A refusal often names several things at once: 不支持花呗、信用卡付款
// refuses credit cards as surely as 不支持信用卡 does, and so do
// 不提供收据和发票 (invoices) and 信用卡、花呗都不支持. The term lists
// spell each refusal with its object next to the verb; listedMatches
// reads the list between them.

// leadNegators open a refusal that the items after them share, longest
// first at each position (不收取 is not 不收: 不收取任何费用和信用卡手续费
// refuses nothing). 不支援 is how Taiwan writes 不支持.
var leadNegators = []string{
	"不支持", "不支援", "不接受", "不能使用", "不能用", "不可使用", "不可用", "无法使用", "不能开具", "不开具",
	"不提供", "不开", "不收取", "不收", "拒绝", "拒收", "不办理", "不做",
}

// tailNegators close a refusal that the items before them share:
// 花呗、信用卡不支持; an adverb of scope may come first (都, 均, 一律).
var tailNegators = []string{
	"不支持", "不支援", "不接受", "不能用", "不能使用", "不可用", "无法使用", "不提供", "不开", "不收",
}

// scopeAdverbs stand between a list and its tail negator: 信用卡、花呗都不支持,
// 信用卡暂不支持.
var scopeAdverbs = []string{"一律", "全部", "统统", "暂时", "都", "均", "皆", "概", "暂"}

// listJoiners join the items of a list (a dropped separator such as the
// slash in 花呗/信用卡 joins them too).
var listJoiners = []string{"、", "以及", "或者", "和", "及", "与", "或", "跟"}

// listAffirmers start an item that is a predicate of its own, which ends
// the list: 不支持花呗、支持信用卡; after the last item they turn the
// clause around: 不支持花呗、信用卡可以.
var listAffirmers = []string{"支持", "接受", "可以", "可用", "可", "欢迎", "能用"}

// maxListItem caps an item's length in runes: longer runs are prose, not
// list items.
const maxListItem = 8

// negatorHeads start every lead and tail negator: the scan jumps from one
// to the next.
var negatorHeads = [...]string{"不", "无法", "拒"}

// negatorScan finds negator heads left to right, each head's next
// occurrence searched once.
type negatorScan struct {
	s    string
	next [len(negatorHeads)]int // offset of each head's next occurrence at or after the scan, -1 for none
}

func newNegatorScan(s string) negatorScan {
	sc := negatorScan{s: s}
	for h, head := range negatorHeads {
		sc.next[h] = strings.Index(s, head)
	}
	return sc
}

// from returns the offset of the first negator head at or after i, or -1.
func (sc *negatorScan) from(i int) int {
	first := -1
	for h, head := range negatorHeads {
		if k := sc.next[h]; k >= 0 && k < i {
			if k = strings.Index(sc.s[i:], head); k >= 0 {
				k += i
			}
			sc.next[h] = k
		}
		if k := sc.next[h]; k >= 0 && (first < 0 || k < first) {
			first = k
		}
	}
	return first
}

// listedMatches returns the refusals in t that a list shares between its
// items, as matches of the term the refusal would be written as with its
// object next to the verb: Start and End span the shared negator and the
// refused item (from the item to the negator, for a tail negator).
// Refusals whose object stands next to the verb are in t.matches already;
// these are the ones the list hides. They are found once per text.
func (p *Pass) listedMatches(t *Text) []termMatch {
	if t.listedDone {
		return t.listed
	}
	t.listedDone = true
	s := t.N.Text
	var (
		text  []byte // a negator and one item, rebuilt without the rest of the list
		buf   []termMatch
		spans [8]span
	)
	heads := newNegatorScan(s)
	for i := 0; i < len(s); {
		if i = heads.from(i); i < 0 {
			break
		}
		if neg := prefixOf(s[i:], leadNegators); neg != "" {
			items := listItems(t.N, i+len(neg), spans[:0])
			for k := 1; k < len(items); k++ {
				it := items[k]
				if k == len(items)-1 && prefixOf(s[it.end:], listAffirmers) != "" {
					break
				}
				text = append(append(text[:0], neg...), s[it.start:it.end]...)
				buf = p.engine.match.match(text, buf[:0])
				for _, m := range buf {
					if m.Start == 0 && m.End > len(neg) {
						m.Start, m.End = i, it.start+m.End-len(neg)
						t.listed = append(t.listed, m)
					}
				}
			}
		}
		if neg := prefixOf(s[i:], tailNegators); neg != "" {
			before := i
			for a := suffixOf(s[:before], scopeAdverbs); a != ""; a = suffixOf(s[:before], scopeAdverbs) {
				before -= len(a)
			}
			items := listItemsBefore(t.N, before, spans[:0])
			if before == i && len(items) < 2 {
				items = nil // one item next to the negator: the term lists read it
			}
			// The clause after the negator goes along, for the allow
			// entries that read past it (退货不支持到付 is no refusal).
			rest := s[i:clauseEnd(s, i+len(neg), maxListItem)]
			for _, it := range items {
				n := it.end - it.start
				text = append(append(text[:0], s[it.start:it.end]...), rest...)
				buf = p.engine.match.match(text, buf[:0])
				for _, m := range buf {
					if m.Start < n && m.End > n {
						m.Start, m.End = it.start+m.Start, i+len(neg)
						t.listed = append(t.listed, m)
					}
				}
			}
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	sortMatches(t.listed)
	return t.listed
}

// listItems appends to items those of the list that starts at byte k of n:
// runs of letters, digits and ideographs of at most maxListItem runes,
// joined by listJoiners or dropped separators (花呗/信用卡). The list ends
// at punctuation, at an item too long to be one, at an affirmer after an
// item (不支持花呗、信用卡可以) and before an item that affirms or refuses
// on its own (不支持花呗、支持信用卡).
func listItems(n Normalized, k int, items []span) []span {
	s := n.Text
	for i := k; ; {
		start, runes := i, 0
		for i < len(s) && runes < maxListItem {
			if runes > 0 && (prefixOf(s[i:], listJoiners) != "" || prefixOf(s[i:], listAffirmers) != "" || n.gapBefore(i)) {
				break
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if !listRune(r) {
				break
			}
			runes++
			i += size
		}
		if runes == 0 {
			return items
		}
		items = append(items, span{start, i})
		if i == len(s) {
			return items
		}
		joiner := prefixOf(s[i:], listJoiners)
		if joiner == "" && !n.gapBefore(i) {
			return items
		}
		i += len(joiner)
		if prefixOf(s[i:], listAffirmers) != "" || prefixOf(s[i:], leadNegators) != "" {
			return items
		}
	}
}

// listItemsBefore appends to items those of the list that ends at byte k of n,
// nearest first, read the way listItems reads them forwards; an item that
// affirms (支持信用卡、花呗不支持) ends the list before it.
func listItemsBefore(n Normalized, k int, items []span) []span {
	s := n.Text
	for i := k; ; {
		end, runes := i, 0
		for i > 0 && runes < maxListItem {
			if runes > 0 && (suffixOf(s[:i], listJoiners) != "" || n.gapBefore(i)) {
				break
			}
			r, size := utf8.DecodeLastRuneInString(s[:i])
			if !listRune(r) {
				break
			}
			runes++
			i -= size
		}
		if runes == 0 || prefixOf(s[i:end], listAffirmers) != "" {
			return items
		}
		items = append(items, span{i, end})
		if i == 0 {
			return items
		}
		joiner := suffixOf(s[:i], listJoiners)
		if joiner == "" && !n.gapBefore(i) {
			return items
		}
		i -= len(joiner)
	}
}

// clauseEnd returns the end of the clause that goes on at byte k of s,
// after at most max more runes.
func clauseEnd(s string, k, max int) int {
	for n := 0; k < len(s) && n < max; n++ {
		r, size := utf8.DecodeRuneInString(s[k:])
		if !listRune(r) {
			break
		}
		k += size
	}
	return k
}

// listRune reports whether r can be part of a list item: a letter, digit
// or ideograph.
func listRune(r rune) bool { return classOf(r) != classOther }
