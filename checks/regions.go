package checks

import (
	"strings"
	"unicode/utf8"

	"github.com/xundian/xundian/listing"
)

// regionNameAt returns the length of the longest region name s starts
// with and its regions.
func (e *Engine) regionNameAt(s string) (int, []listing.Region) {
	for _, rn := range e.regionNames {
		if strings.HasPrefix(s, rn.name) {
			return len(rn.name), rn.regions
		}
	}
	return 0, nil
}

// regionNameBefore returns the length of the longest region name s ends
// with and its regions.
func (e *Engine) regionNameBefore(s string) (int, []listing.Region) {
	for _, rn := range e.regionNames {
		if strings.HasSuffix(s, rn.name) {
			return len(rn.name), rn.regions
		}
	}
	return 0, nil
}

func containsRegion(rs []listing.Region, r listing.Region) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// listGlue may stand between and around the names of one region list:
// 新疆、西藏, 新疆和西藏地区, 偏远地区（新疆西藏）, 偏远地区如新疆, 新疆西藏等
// 偏远地区, 新疆西藏偏远, 港澳台海外, 除部分偏远地区外, 不包括以下地区：新疆.
var listGlue = []string{
	"、", ",", ":", "/", "和", "及", "与", "或", "以及", "如", "(", ")", "[", "]", "【", "】",
	"等", "地区", "区域", "省份", "省", "市", "偏远", "海外", "国外", "境外", "部分", "个别", "以下",
}

// markerGlue may also stand between a region list and the exception
// marker after it: 新疆西藏的运费另计, 新疆西藏均需补运费, 新疆西藏顺丰到付.
var markerGlue = []string{
	"的", "均", "都", "一律", "需要", "需", "要", "请", "则", "运费", "邮费", "快递", "顺丰", "邮政", "物流",
}

// regionListBefore returns the regions of the list s ends with, glue
// included (新疆、西藏地区 before 除外); none when s ends with anything
// else (新疆棉 before 不发黄).
func (e *Engine) regionListBefore(s string) []listing.Region {
	var out []listing.Region
	p := len(s)
	for steps := 0; p > 0 && steps < 32; steps++ {
		if n, rs := e.regionNameBefore(s[:p]); n > 0 {
			out = append(out, rs...)
			p -= n
			continue
		}
		if n := len(suffixOf(s[:p], listGlue)); n > 0 {
			p -= n
			continue
		}
		if n := len(suffixOf(s[:p], markerGlue)); n > 0 {
			p -= n
			continue
		}
		break
	}
	return out
}

// regionListAfter returns the regions of the list s starts with and the
// length of the list up to its last name (新疆、西藏 after 不含).
func (e *Engine) regionListAfter(s string) ([]listing.Region, int) {
	var out []listing.Region
	p, end := 0, 0
	for steps := 0; p < len(s) && steps < 32; steps++ {
		if n, rs := e.regionNameAt(s[p:]); n > 0 {
			out = append(out, rs...)
			p += n
			end = p
			continue
		}
		if n := len(prefixOf(s[p:], listGlue)); n > 0 {
			p += n
			continue
		}
		break
	}
	return out, end
}

// clauseEnds end a sentence for clauseAfter and clauseBefore.
const clauseEnds = "。!?;\n"

// nextClause returns where the sentence after the one ending at p starts:
// past the sentence ends and spaces at p; p when there are none (the
// sentence was cut short or the text ends).
func nextClause(s string, p int) int {
	q := p
	for q < len(s) {
		r, size := utf8.DecodeRuneInString(s[q:])
		if !strings.ContainsRune(clauseEnds, r) && r != ' ' {
			break
		}
		q += size
	}
	if q == len(s) || !strings.ContainsAny(s[p:q], clauseEnds) {
		return p
	}
	return q
}

// prevClause returns where the sentence before the one starting at p
// ends: before the sentence ends and spaces before p; p when there are
// none.
func prevClause(s string, p int) int {
	q := p
	for q > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:q])
		if !strings.ContainsRune(clauseEnds, r) && r != ' ' {
			break
		}
		q -= size
	}
	if q == 0 || !strings.ContainsAny(s[q:p], clauseEnds) {
		return p
	}
	return q
}

// clauseAfter returns the part of s from p up to the end of its sentence
// (。 ! ? ; or a line break), at most max bytes, cut on a rune boundary.
func clauseAfter(s string, p, max int) string {
	w := s[p:]
	if i := strings.IndexAny(w, clauseEnds); i >= 0 {
		w = w[:i]
	}
	if len(w) > max {
		w = w[:max]
		for len(w) > 0 && !utf8.ValidString(w) {
			w = w[:len(w)-1]
		}
	}
	return w
}

// clauseBefore returns the part of s before p back to the start of its
// sentence, at most max bytes, cut on a rune boundary.
func clauseBefore(s string, p, max int) string {
	w := s[:p]
	if i := strings.LastIndexAny(w, clauseEnds); i >= 0 {
		_, size := utf8.DecodeRuneInString(w[i:])
		w = w[i+size:]
	}
	if len(w) > max {
		w = w[len(w)-max:]
		for len(w) > 0 && !utf8.ValidString(w) {
			w = w[1:]
		}
	}
	return w
}
