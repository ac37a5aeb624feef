package checks

import (
	"strings"
	"unicode/utf8"

	"github.com/xundian/xundian/listing"
)

// regionsIn returns the regions named in the normalized text s (province
// names and region groups, longest name first at each position), without
// duplicates, in order of appearance.
func (e *Engine) regionsIn(s string) []listing.Region {
	var out []listing.Region
	for i := 0; i < len(s); {
		n, rs := e.regionNameAt(s[i:])
		if n == 0 {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		for _, r := range rs {
			if !containsRegion(out, r) {
				out = append(out, r)
			}
		}
		i += n
	}
	return out
}

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

// clauseAfter returns the part of s from p up to the end of its sentence
// (。 ! ? ; or a line break), at most max bytes, cut on a rune boundary.
func clauseAfter(s string, p, max int) string {
	w := s[p:]
	if i := strings.IndexAny(w, "。!?;\n"); i >= 0 {
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
	if i := strings.LastIndexAny(w, "。!?;\n"); i >= 0 {
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
