package checks

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/width"
)

// Normalized is a text prepared for matching: full-width folded to
// half-width, traditional converted to simplified Chinese, Latin letters
// lower-cased, zero-width and look-alike characters replaced or removed,
// and separators inside a word dropped (包 邮, 包-邮 and 包·邮 all become
// 包邮). It remembers, for every byte of Text, where the character it came
// from starts in the original text, so evidence can be quoted as written.
type Normalized struct {
	// Text is the normalized text.
	Text string
	// bytes is Text as a byte slice, for the automaton.
	bytes []byte
	orig  string
	// starts[i] is the original byte offset of the rune that produced
	// Text[i].
	starts []int32
}

// Original returns the text as it was given.
func (n Normalized) Original() string { return n.orig }

// gapBefore reports whether the original text had separators, dropped by
// normalization, right before normalized byte k: the space in
// "活动价79 日常", which ends the amount (日常 is the next word of the
// title, not the unit 日), while "24 小时内发货" still reads 24小时内发货
// for the terms and the shipping check.
func (n Normalized) gapBefore(k int) bool { return n.droppedBefore(k) != "" }

// slashBefore reports whether the separators dropped right before
// normalized byte k held a slash: the one in 9.9元/斤, which reads 9.9元斤.
func (n Normalized) slashBefore(k int) bool {
	return strings.ContainsAny(n.droppedBefore(k), "/／")
}

// droppedBefore returns the original text that normalization dropped
// right before normalized byte k (separators, zero-width characters), or
// "".
func (n Normalized) droppedBefore(k int) string {
	if k <= 0 || k >= len(n.starts) || k >= len(n.Text) {
		return ""
	}
	prev := int(n.starts[k-1])
	if prev >= len(n.orig) {
		return ""
	}
	_, size := utf8.DecodeRuneInString(n.orig[prev:])
	next := int(n.starts[k])
	if next <= prev+size || next > len(n.orig) {
		return ""
	}
	return n.orig[prev+size : next]
}

// Span maps the normalized byte range [start, end) to the byte range of
// the original text it came from. An empty range maps to an empty range.
func (n Normalized) Span(start, end int) (origStart, origEnd int) {
	if start < 0 {
		start = 0
	}
	if end > len(n.Text) {
		end = len(n.Text)
	}
	if start >= end {
		if start < len(n.starts) {
			p := int(n.starts[start])
			return p, p
		}
		return len(n.orig), len(n.orig)
	}
	origStart = int(n.starts[start])
	last := int(n.starts[end-1])
	_, size := utf8.DecodeRuneInString(n.orig[last:])
	return origStart, last + size
}

// Quote returns the original text behind the normalized range
// [start, end) and its original byte offset.
func (n Normalized) Quote(start, end int) (string, int) {
	s, e := n.Span(start, end)
	return n.orig[s:e], s
}

// normalizer holds what normalization needs: a per-character
// traditional→simplified table for the fast path and the OpenCC converter
// for phrase-aware conversion of the rare segments that need it.
type normalizer struct {
	t2s map[rune]rune
	// tradBits has a bit set for every rune in t2s (cjkLo…cjkHi), so
	// the common case costs no map lookup.
	tradBits []uint64
	cc       *opencc.OpenCC
}

// The range of runes the t2s table covers.
const cjkLo, cjkHi = 0x3400, 0xFAFF

// newNormalizer builds the OpenCC t2s converter once and derives from it
// the table of characters that convert on their own. Converting every
// text through OpenCC costs about a microsecond a character; with the
// table, simplified text (nearly all of it) never reaches OpenCC.
func newNormalizer() (*normalizer, error) {
	cc, err := opencc.New("t2s")
	if err != nil {
		return nil, err
	}
	var sb strings.Builder
	var in []rune
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			in = append(in, r)
			sb.WriteRune(r)
			sb.WriteByte('\n')
		}
	}
	add(0x3400, 0x4DBF) // CJK extension A
	add(0x4E00, 0x9FFF) // CJK unified ideographs
	add(0xF900, 0xFAFF) // CJK compatibility ideographs
	out, err := cc.Convert(sb.String())
	if err != nil {
		return nil, err
	}
	lines := strings.Split(out, "\n")
	t2s := make(map[rune]rune, 4096)
	for i, r := range in {
		if i >= len(lines) {
			break
		}
		c, size := utf8.DecodeRuneInString(lines[i])
		if size == len(lines[i]) && c != r && c != utf8.RuneError {
			t2s[r] = c
		}
	}
	bits := make([]uint64, (cjkHi-cjkLo)/64+1)
	for r := range t2s {
		i := r - cjkLo
		bits[i>>6] |= 1 << (i & 63)
	}
	return &normalizer{t2s: t2s, tradBits: bits, cc: cc}, nil
}

// defaultNormalizer serves ParsePriceClaims, which has no Engine. It is
// built on first use and never changes afterwards.
var defaultNormalizer = sync.OnceValues(newNormalizer)

// zeroWidth reports characters that are invisible and only ever inserted
// to defeat keyword filters (or left over from copy and paste).
func zeroWidth(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E,
		r >= 0x2060 && r <= 0x2069, r >= 0xFE00 && r <= 0xFE0F:
		return true
	}
	return r == 0xFEFF || r == 0x00AD || r == 0x180E || r == 0x034F
}

// lookAlikes maps Cyrillic and Greek letters that look like Latin ones
// (after lower-casing) to the Latin letter: "Nikе" with a Cyrillic е must
// still match "nike".
var lookAlikes = map[rune]rune{
	'а': 'a', 'в': 'b', 'е': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o',
	'р': 'p', 'с': 'c', 'т': 't', 'у': 'y', 'х': 'x', 'і': 'i', 'ј': 'j',
	'ѕ': 's', 'ԁ': 'd', 'ɡ': 'g', 'ӏ': 'l', 'ο': 'o', 'α': 'a', 'ν': 'v',
	'ι': 'i', 'κ': 'k', 'τ': 't', 'ρ': 'p', 'χ': 'x', 'υ': 'u', 'ε': 'e',
	'β': 'b', 'η': 'n', 'μ': 'u', 'ζ': 'z',
	'〇': '0',
}

// separator reports characters sellers put inside a word to break
// keyword filters or for decoration (包 邮, 包-邮, 包·邮, 包丨邮).
func separator(r rune) bool {
	switch r {
	case ' ', '\t', '\u00A0', '\u3000', '-', '_', '·', '・', '•', '‧', '∙', '*', '~',
		'|', '/', '\\', '.', '—', '–', '‐', '丨', '〜', '^', '`':
		return true
	}
	return false
}

// runeClass sorts characters for the separator rule.
type runeClass uint8

const (
	classOther runeClass = iota
	classCJK
	classWord
)

func classOf(r rune) runeClass {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF:
		return classCJK
	case r < utf8.RuneSelf:
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return classWord
		}
		return classOther
	case unicode.Is(unicode.Han, r), unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return classCJK
	case unicode.IsLetter(r), unicode.IsDigit(r):
		return classWord
	}
	return classOther
}

// nrune is one normalized character and the original offset it came from.
type nrune struct {
	r   rune
	off int32
}

// normalize implements Normalize. It makes few allocations: the rune
// buffer and the result.
func (nz *normalizer) normalize(s string) Normalized {
	if len(s) > 1<<30 {
		s = s[:1<<30] // offsets are int32
	}
	bp := nruneBufs.Get().(*[]nrune)
	defer nruneBufs.Put(bp)
	buf := (*bp)[:0]
	needCC := false
	for i, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
		case r >= 0x4E00 && r <= 0x9FFF:
			// CJK unified ideographs: nothing to fold, maybe traditional
			if nz != nil && nz.convertible(r) {
				needCC = true
			}
		default:
			if zeroWidth(r) {
				continue
			}
			if f := width.LookupRune(r).Folded(); f != 0 {
				r = f
			}
			if r == '\u3000' || r == '\u00A0' {
				r = ' '
			}
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			} else if r >= utf8.RuneSelf {
				r = unicode.ToLower(r)
				if la, ok := lookAlikes[r]; ok {
					r = la
				}
				if nz != nil && nz.convertible(r) {
					needCC = true
				}
			}
		}
		buf = append(buf, nrune{r: r, off: int32(i)})
	}
	if needCC {
		nz.simplify(buf)
	}
	buf = dropSeparators(buf)
	n := 0
	for _, c := range buf {
		n += utf8.RuneLen(c.r)
	}
	text := make([]byte, 0, n)
	starts := make([]int32, 0, n)
	for _, c := range buf {
		before := len(text)
		text = utf8.AppendRune(text, c.r)
		for range len(text) - before {
			starts = append(starts, c.off)
		}
	}
	*bp = buf
	return Normalized{Text: string(text), bytes: text, orig: s, starts: starts}
}

// nruneBufs recycles normalization buffers across calls and goroutines.
var nruneBufs = sync.Pool{New: func() any { b := make([]nrune, 0, 512); return &b }}

// convertible reports whether r changes under t2s on its own.
func (nz *normalizer) convertible(r rune) bool {
	if r < cjkLo || r > cjkHi {
		return false
	}
	i := r - cjkLo
	return nz.tradBits[i>>6]&(1<<(i&63)) != 0
}

// simplify converts traditional characters to simplified in place. Each
// run of CJK characters that holds a convertible character goes through
// OpenCC, which knows phrases; when OpenCC changes the length of a run (a
// phrase mapped to a shorter or longer one) the positions could no longer
// be kept, so that run falls back to the per-character table.
func (nz *normalizer) simplify(buf []nrune) {
	for i := 0; i < len(buf); {
		if classOf(buf[i].r) != classCJK {
			i++
			continue
		}
		j, convertible := i, false
		for j < len(buf) && classOf(buf[j].r) == classCJK {
			if nz.convertible(buf[j].r) {
				convertible = true
			}
			j++
		}
		if convertible {
			nz.simplifyRun(buf[i:j])
		}
		i = j
	}
}

func (nz *normalizer) simplifyRun(run []nrune) {
	rs := make([]rune, len(run))
	for k, c := range run {
		rs[k] = c.r
	}
	if nz.cc != nil {
		if out, err := nz.cc.Convert(string(rs)); err == nil && utf8.RuneCountInString(out) == len(run) {
			k := 0
			for _, r := range out {
				run[k].r = r
				k++
			}
			return
		}
	}
	for k := range run {
		if s, ok := nz.t2s[run[k].r]; ok {
			run[k].r = s
		}
	}
}

// dropSeparators removes separator runs next to a CJK character and
// collapses separator runs between two word characters into one space;
// other separators (between digits and punctuation, say) stay.
func dropSeparators(buf []nrune) []nrune {
	out := buf[:0]
	for i := 0; i < len(buf); {
		if !separator(buf[i].r) {
			out = append(out, buf[i])
			i++
			continue
		}
		j := i
		for j < len(buf) && separator(buf[j].r) {
			j++
		}
		prev, next := classOther, classOther
		if len(out) > 0 {
			prev = classOf(out[len(out)-1].r)
		}
		if j < len(buf) {
			next = classOf(buf[j].r)
		}
		switch {
		case len(out) > 0 && j < len(buf) && (prev == classCJK || next == classCJK):
			// dropped: 包 邮 → 包邮, 哆啦 A 梦 → 哆啦a梦
		case prev == classWord && next == classWord && onlySpaceLike(buf[i:j]):
			c := buf[i]
			c.r = ' '
			out = append(out, c)
		case prev == classWord && next == classWord && letterBoth(out[len(out)-1].r, buf[j].r):
			c := buf[i]
			c.r = ' '
			out = append(out, c) // hello-kitty → hello kitty
		default:
			out = append(out, buf[i:j]...)
		}
		i = j
	}
	return out
}

func onlySpaceLike(run []nrune) bool {
	for _, c := range run {
		if c.r != ' ' && c.r != '\t' {
			return false
		}
	}
	return true
}

func letterBoth(a, b rune) bool {
	return unicode.IsLetter(a) && unicode.IsLetter(b)
}

// Normalize prepares s for matching the way every check sees it; see
// Normalized.
func (e *Engine) Normalize(s string) Normalized { return e.norm.normalize(s) }
