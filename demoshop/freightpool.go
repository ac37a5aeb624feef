package demoshop

import (
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Freight templates (运费模板) belong to the shop, not to a listing: a
// seller keeps a handful and each listing picks one, so a crawler fetches
// each template once, not once per listing. The generator still builds a
// legacy listing's template from the listing's own random stream (what it
// charges is part of the plan); pool then swaps it for the shop's template
// with the same terms. Spelling, name and ID are a function of the terms
// and the seed, so listings with equal terms share one template and one
// freight URL, and the shop stays stateless: any process with the same
// seed serves the same templates under the same IDs.
type freightPool struct {
	mu sync.Mutex
	// byID holds the templates handed out so far; scanned is true once
	// every listing's template has been registered (see lookup).
	byID    map[string]freightTpl
	scanned bool
}

// freightSalt separates the pooled templates' random stream from the
// listings' streams.
const freightSalt uint64 = 0x2545f4914f6cdd1d

// pool returns the shop's template with t's terms, registering it.
func (s *Shop) pool(t freightTpl) freightTpl {
	key := t.terms()
	h := fnv.New64a()
	h.Write([]byte(key))
	sum := h.Sum64()
	r := rand.New(rand.NewPCG(uint64(s.seed)^freightSalt, sum))
	p := freightTpl{
		id:   "T" + letters(sum^uint64(s.seed)),
		name: pick(r, []string{"默认模板", "标准快递", "服饰家纺运费", "偏远加价模板", "全国包邮模板"}),
		def:  t.def,
	}
	for _, rr := range t.regions {
		p.regions = append(p.regions, regionRule{respell(r, canonical(rr.areas)), rr.fee})
	}
	for _, f := range t.free {
		p.free = append(p.free, freeRule{respell(r, canonical(f.areas)), f.minAmount, f.minQty})
	}
	p.undeliverable = respell(r, canonical(t.undeliverable))
	s.freight.mu.Lock()
	if s.freight.byID == nil {
		s.freight.byID = map[string]freightTpl{}
	}
	s.freight.byID[p.id] = p
	s.freight.mu.Unlock()
	return p
}

// lookup returns the template with the given ID. A template is known once
// a listing using it was generated; on a miss the shop generates every
// listing once to register all of them (a freight URL is normally fetched
// after its listing page, so this is rare).
func (s *Shop) lookup(id string) (freightTpl, bool) {
	s.freight.mu.Lock()
	t, ok := s.freight.byID[id]
	scanned := s.freight.scanned
	s.freight.mu.Unlock()
	if ok || scanned {
		return t, ok
	}
	for i := FirstID; i < FirstID+s.n; i++ {
		if s.variant(i).layout == layoutLegacy {
			s.gen(i)
		}
	}
	s.freight.mu.Lock()
	defer s.freight.mu.Unlock()
	s.freight.scanned = true
	t, ok = s.freight.byID[id]
	return t, ok
}

// terms is the canonical text of what the template charges, where and
// when, with region names reduced to regions: two templates with equal
// terms charge every buyer the same.
func (t freightTpl) terms() string {
	var b strings.Builder
	fee := func(f fee) {
		b.WriteString(strconv.FormatInt(int64(f.first), 10))
		b.WriteByte('+')
		b.WriteString(strconv.FormatInt(int64(f.add), 10))
	}
	areas := func(as []string) { b.WriteString(strings.Join(canonical(as), ",")) }
	b.WriteString("def ")
	fee(t.def)
	for _, rr := range t.regions {
		b.WriteString("; region ")
		areas(rr.areas)
		b.WriteByte(' ')
		fee(rr.fee)
	}
	for _, f := range t.free {
		b.WriteString("; free ")
		areas(f.areas)
		b.WriteString(" from " + strconv.FormatInt(int64(f.minAmount), 10) + " or " + strconv.Itoa(f.minQty))
	}
	b.WriteString("; none ")
	areas(t.undeliverable)
	return b.String()
}

// canonical returns the areas' short names (regionSpellings keys), sorted.
func canonical(areas []string) []string {
	if areas == nil {
		return nil
	}
	out := make([]string, len(areas))
	for i, a := range areas {
		out[i] = shortName(a)
	}
	sort.Strings(out)
	return out
}

// respell spells each area the way the pooled template does.
func respell(r *rand.Rand, areas []string) []string {
	if areas == nil {
		return nil
	}
	out := make([]string, len(areas))
	for i, a := range areas {
		out[i] = a
		if sp := regionSpellings[shortName(a)]; len(sp) > 0 {
			out[i] = pick(r, sp)
		}
	}
	return out
}

// shortName is the regionSpellings key spelled a, or a.
func shortName(a string) string {
	for short, sp := range regionSpellings {
		for _, s := range sp {
			if s == a {
				return short
			}
		}
	}
	return a
}

// letters writes v in lowercase letters (no digits: the shop's ETags read
// the first digits of a path as a listing ID).
func letters(v uint64) string {
	var b [14]byte
	for i := range b {
		b[i] = byte('a' + v%26)
		v /= 26
	}
	return string(b[:])
}
