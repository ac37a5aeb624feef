package checks

import "strings"

// Small helpers for reading words out of normalized text.

// span is a byte range [start, end) of a string.
type span struct{ start, end int }

// within reports whether o lies inside one of spans.
func (o span) within(spans []span) bool {
	for _, w := range spans {
		if w.start <= o.start && o.end <= w.end {
			return true
		}
	}
	return false
}

// occurrences returns every occurrence of every word of words in s,
// overlapping ones included.
func occurrences(s string, words []string) []span {
	var out []span
	for _, w := range words {
		for i := 0; ; {
			j := strings.Index(s[i:], w)
			if j < 0 {
				break
			}
			out = append(out, span{i + j, i + j + len(w)})
			i += j + len(w)
		}
	}
	return out
}

// containsAny reports whether s contains one of words.
func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// trimWords removes the words of words from the start of s as long as one
// is there.
func trimWords(s string, words []string) string {
	for w := prefixOf(s, words); w != ""; w = prefixOf(s, words) {
		s = s[len(w):]
	}
	return s
}

// trimWordsBefore returns the length of s without the words of ws it
// ends with, at most three of them.
func trimWordsBefore(s string, ws []string) int {
	p := len(s)
	for range 3 {
		trimmed := false
		for _, w := range ws {
			if strings.HasSuffix(s[:p], w) {
				p -= len(w)
				trimmed = true
				break
			}
		}
		if !trimmed {
			break
		}
	}
	return p
}

// prefixOf returns the first of words that s starts with, or "".
func prefixOf(s string, words []string) string {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return w
		}
	}
	return ""
}

// suffixOf returns the first of words that s ends with, or "".
func suffixOf(s string, words []string) string {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return w
		}
	}
	return ""
}
