package demoshop

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault is a kind of misbehaviour the demo shop can inject (xundian
// demoshop --faults). Transient faults fail a path's first one or two
// requests and then serve it normally; the others hold for every request.
type Fault string

// The faults, as the --faults spec names them.
const (
	// Transient: fail the first 1–2 requests of a path, then succeed.
	Fault5xx       Fault = "5xx"       // 500, 502 or 503
	FaultTimeout   Fault = "timeout"   // hang until the client gives up (FaultSpec.Hang)
	FaultSlow      Fault = "slow"      // the body trickles out over FaultSpec.Slow
	Fault429       Fault = "429"       // 429 Too Many Requests, Retry-After: 1
	FaultTruncated Fault = "truncated" // the connection is cut halfway through the body

	// Permanent, listing pages only.
	FaultPermanent    Fault = "permanent"    // always 500
	FaultMalformed    Fault = "malformed"    // broken HTML and JSON-LD
	FaultOversized    Fault = "oversized"    // padded past FaultSpec.OversizedBytes
	FaultRedirectLoop Fault = "redirectloop" // 302 to itself, forever
	FaultBadCharset   Fault = "badcharset"   // charset missing, or GBK bytes labelled UTF-8

	// Independent of the others.
	FaultForeignLinks Fault = "foreignlinks" // HTML pages link to other hosts (FaultSpec.ForeignURLs)
	FaultNotImage     Fault = "notimage"     // /img/ answers HTML labelled image/png
)

// exclusive are the faults of which a path gets at most one, in the order
// their rates are stacked on the path's draw.
var exclusive = []Fault{Fault5xx, FaultTimeout, FaultSlow, Fault429, FaultTruncated,
	FaultPermanent, FaultMalformed, FaultOversized, FaultRedirectLoop, FaultBadCharset}

var allFaults = append(slices.Clone(exclusive), FaultForeignLinks, FaultNotImage)

// Transient reports whether f heals after a path's first one or two
// requests.
func (f Fault) Transient() bool {
	switch f {
	case Fault5xx, FaultTimeout, FaultSlow, Fault429, FaultTruncated:
		return true
	}
	return false
}

// DefaultForeignURLs are the links FaultForeignLinks adds when
// FaultSpec.ForeignURLs is empty: another shop, cloud metadata, private and
// loopback addresses. None is in a demo shop's allowed_domains.
var DefaultForeignURLs = []string{
	"http://mirror-shop.example.com/item/10001.html",
	"https://cdn.example.net/detail.htm?id=10002",
	"http://169.254.169.254/latest/meta-data/item/10003.html",
	"http://10.0.0.1/item/10004.html",
	"http://192.168.1.1/detail.htm?id=10005",
	"http://localhost:9/item/10006.html",
	"http://127.0.0.2/item/10007.html",
	"http://[::1]:9/item/10008.html",
}

// FaultSpec says which faults the shop injects and how often.
type FaultSpec struct {
	// Rates maps a fault to the share of paths (0…1) it hits. The
	// exclusive faults' rates must sum to at most 1.
	Rates map[Fault]float64
	// Seed selects which paths are hit; the same seed, path and request
	// number always get the same answer.
	Seed int64
	// AlwaysFail lists listing IDs whose pages answer 500 to every request,
	// on top of FaultPermanent's share.
	AlwaysFail []int
	// ForeignURLs are the links FaultForeignLinks adds (default
	// DefaultForeignURLs).
	ForeignURLs []string
	// Hang bounds how long a timeout fault holds a request (default 2m;
	// it ends earlier when the client goes away).
	Hang time.Duration
	// Slow is how long a slow body takes to arrive (default 2s).
	Slow time.Duration
	// OversizedBytes is the size of an oversized page (default 12 MiB).
	OversizedBytes int
}

// ParseFaultSpec reads a --faults value: comma-separated fault=rate pairs,
// e.g. "5xx=0.05,timeout=0.02,foreignlinks=1". An unknown fault, a rate
// outside 0…1 or exclusive rates summing past 1 is an error naming it.
func ParseFaultSpec(s string) (FaultSpec, error) {
	spec := FaultSpec{Rates: map[Fault]float64{}}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok {
			return FaultSpec{}, fmt.Errorf("faults: %q: want fault=rate", part)
		}
		f := Fault(k)
		if !slices.Contains(allFaults, f) {
			names := make([]string, len(allFaults))
			for i, a := range allFaults {
				names[i] = string(a)
			}
			return FaultSpec{}, fmt.Errorf("faults: unknown fault %q (want one of %s)", k, strings.Join(names, ", "))
		}
		rate, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(rate) || rate < 0 || rate > 1 {
			return FaultSpec{}, fmt.Errorf("faults: %s: rate %q is not a number between 0 and 1", k, v)
		}
		spec.Rates[f] = rate
	}
	return spec, spec.validate()
}

func (spec FaultSpec) validate() error {
	sum := 0.0
	for f, r := range spec.Rates {
		if !slices.Contains(allFaults, f) {
			return fmt.Errorf("faults: unknown fault %q", f)
		}
		if math.IsNaN(r) || r < 0 || r > 1 {
			return fmt.Errorf("faults: %s: rate %g is not between 0 and 1", f, r)
		}
		if slices.Contains(exclusive, f) {
			sum += r
		}
	}
	if sum > 1+1e-9 {
		return fmt.Errorf("faults: the rates of %v sum to %g, more than 1", exclusive, sum)
	}
	return nil
}

// Faults is a demo shop behind fault injection: an http.Handler. It counts
// requests per path (its only state) so that a transient fault heals.
type Faults struct {
	shop   *Shop
	inner  http.Handler
	spec   FaultSpec
	always map[int]bool

	mu       sync.Mutex
	attempts map[string]int
	injected map[Fault]int
}

// WithFaults returns the shop's handler with spec's faults injected. Ground
// truth (/_truth.json, /_truth/detail.json) is never faulted, and faults
// that would hide listings (permanent ones) hit only listing pages.
func (s *Shop) WithFaults(spec FaultSpec) (*Faults, error) {
	if err := spec.validate(); err != nil {
		return nil, err
	}
	if len(spec.ForeignURLs) == 0 {
		spec.ForeignURLs = DefaultForeignURLs
	}
	if spec.Hang <= 0 {
		spec.Hang = 2 * time.Minute
	}
	if spec.Slow <= 0 {
		spec.Slow = 2 * time.Second
	}
	if spec.OversizedBytes <= 0 {
		spec.OversizedBytes = 12 << 20
	}
	f := &Faults{shop: s, inner: s.Handler(), spec: spec, always: map[int]bool{},
		attempts: map[string]int{}, injected: map[Fault]int{}}
	for _, id := range spec.AlwaysFail {
		f.always[id] = true
	}
	return f, nil
}

// Plan is what a path gets: its fault ("" for none) and, for a transient
// fault, how many requests fail before it is served normally.
type Plan struct {
	Fault    Fault
	Failures int
}

// Plan returns the fault planned for a request URI (path and query as the
// shop's links write them, e.g. /detail.htm?id=10003).
func (f *Faults) Plan(uri string) Plan {
	path, query, _ := strings.Cut(uri, "?")
	return f.plan(path, query)
}

// Injected returns how many responses each fault has spoiled so far.
func (f *Faults) Injected() map[Fault]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[Fault]int, len(f.injected))
	for k, v := range f.injected {
		out[k] = v
	}
	return out
}

// listingID returns the listing ID of a listing page's path and query.
func (f *Faults) listingID(path, query string) (int, bool) {
	switch {
	case strings.HasPrefix(path, "/item/") && strings.HasSuffix(path, ".html"):
		return f.shop.idParam(strings.TrimSuffix(strings.TrimPrefix(path, "/item/"), ".html"))
	case path == "/detail.htm":
		for kv := range strings.SplitSeq(query, "&") {
			if v, ok := strings.CutPrefix(kv, "id="); ok {
				return f.shop.idParam(v)
			}
		}
	}
	return 0, false
}

// key is the identity of a path for fault planning: tracking parameters
// (spm, …) and the redirect loop's counter do not make a new path.
func key(path, query string) string {
	var keep []string
	for kv := range strings.SplitSeq(query, "&") {
		if kv != "" && !strings.HasPrefix(kv, "spm=") && !strings.HasPrefix(kv, loopParam+"=") {
			keep = append(keep, kv)
		}
	}
	if len(keep) == 0 {
		return path
	}
	return path + "?" + strings.Join(keep, "&")
}

// unit is a deterministic draw in [0, 1) for (seed, path, salt).
func (f *Faults) unit(k, salt string) float64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(f.spec.Seed))
	h.Write(b[:])
	h.Write([]byte(k))
	h.Write([]byte{0})
	h.Write([]byte(salt))
	return float64(h.Sum64()>>11) / (1 << 53)
}

func (f *Faults) plan(path, query string) Plan {
	k := key(path, query)
	id, isListing := f.listingID(path, query)
	switch {
	case path == "/_truth.json" || strings.HasPrefix(path, "/_truth/"):
		return Plan{}
	case isListing && f.always[id]:
		return Plan{Fault: FaultPermanent}
	case strings.HasPrefix(path, "/img/") && f.unit(k, "notimage") < f.spec.Rates[FaultNotImage]:
		return Plan{Fault: FaultNotImage}
	}
	u := f.unit(k, "fault")
	acc := 0.0
	for _, fault := range exclusive {
		acc += f.spec.Rates[fault]
		if u >= acc {
			continue
		}
		if !fault.Transient() && !isListing {
			return Plan{} // permanent faults would hide listings
		}
		p := Plan{Fault: fault}
		if fault.Transient() {
			p.Failures = 1 + int(f.unit(k, "failures")*2)
		}
		return p
	}
	return Plan{}
}

// loopParam carries the redirect loop's hop count.
const loopParam = "_loop"

// ServeHTTP answers r as the shop would, or spoils the answer.
func (f *Faults) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path, query := r.URL.Path, r.URL.RawQuery
	p := f.plan(path, query)
	if p.Fault == FaultRedirectLoop {
		f.count(FaultRedirectLoop)
		n, _ := strconv.Atoi(r.URL.Query().Get(loopParam))
		q := r.URL.Query()
		q.Set(loopParam, strconv.Itoa(n%2+1)) // …1 → 2 → 1 → 2…: a loop
		http.Redirect(w, r, path+"?"+q.Encode(), http.StatusFound)
		return
	}
	f.mu.Lock()
	k := key(path, query)
	attempt := f.attempts[k]
	f.attempts[k]++
	f.mu.Unlock()
	if p.Fault.Transient() && attempt < p.Failures {
		f.count(p.Fault)
		f.transient(w, r, p.Fault, attempt)
		return
	}
	switch p.Fault {
	case FaultPermanent:
		f.count(p.Fault)
		http.Error(w, "500 internal server error (injected)", http.StatusInternalServerError)
		return
	case FaultNotImage:
		f.count(p.Fault)
		writeBody(w, "image/png", []byte("<!DOCTYPE html><html><body>这不是图片 not an image</body></html>"))
		return
	}
	foreign := (path == "/" || path == "/list" || p.Fault != "" || f.isListing(path, query)) &&
		f.unit(k, "foreign") < f.spec.Rates[FaultForeignLinks]
	switch {
	case p.Fault == FaultMalformed, p.Fault == FaultOversized, p.Fault == FaultBadCharset:
		f.count(p.Fault)
	case foreign:
	default:
		f.inner.ServeHTTP(w, r)
		return
	}
	// Rewrite the page: render it unconditionally, then spoil it.
	r2 := r.Clone(r.Context())
	r2.Header.Del("If-None-Match")
	r2.Header.Del("If-Modified-Since")
	rec := httptest.NewRecorder()
	f.inner.ServeHTTP(rec, r2)
	body, ct := rec.Body.Bytes(), rec.Header().Get("Content-Type")
	if rec.Code != http.StatusOK {
		copyResponse(w, rec)
		return
	}
	if foreign {
		f.count(FaultForeignLinks)
		body = f.addForeignLinks(body)
	}
	switch p.Fault {
	case FaultMalformed:
		body = malform(body)
	case FaultBadCharset:
		body, ct = f.badCharset(k, body, ct)
	case FaultOversized:
		f.oversized(w, k, body, ct)
		return
	}
	writeBody(w, ct, body)
}

func (f *Faults) isListing(path, query string) bool {
	_, ok := f.listingID(path, query)
	return ok
}

func (f *Faults) count(fault Fault) {
	f.mu.Lock()
	f.injected[fault]++
	f.mu.Unlock()
}

func copyResponse(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// transient spoils one request with a transient fault.
func (f *Faults) transient(w http.ResponseWriter, r *http.Request, fault Fault, attempt int) {
	switch fault {
	case Fault5xx:
		code := []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable}[attempt%3]
		http.Error(w, http.StatusText(code)+" (injected)", code)
	case Fault429:
		w.Header().Set("Retry-After", "1")
		http.Error(w, "too many requests (injected)", http.StatusTooManyRequests)
	case FaultTimeout:
		t := time.NewTimer(f.spec.Hang)
		defer t.Stop()
		select {
		case <-r.Context().Done():
		case <-t.C:
			http.Error(w, "gateway timeout (injected)", http.StatusGatewayTimeout)
		}
	case FaultSlow:
		rec := httptest.NewRecorder()
		f.inner.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		body := rec.Body.Bytes()
		const chunks = 10
		step := (len(body) + chunks - 1) / chunks
		for i := 0; i < len(body); i += max(step, 1) {
			if !sleepCtx(r.Context(), f.spec.Slow/chunks) {
				return
			}
			_, _ = w.Write(body[i:min(i+step, len(body))])
			if fl, ok := w.(http.Flusher); ok {
				fl.Flush()
			}
		}
	case FaultTruncated:
		rec := httptest.NewRecorder()
		r2 := r.Clone(r.Context())
		r2.Header.Del("If-None-Match")
		r2.Header.Del("If-Modified-Since")
		f.inner.ServeHTTP(rec, r2)
		body := rec.Body.Bytes()
		w.Header().Set("Content-Type", rec.Header().Get("Content-Type"))
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body[:len(body)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		// Abort: the server closes the connection mid-body, and the client
		// sees an unexpected EOF.
		panic(http.ErrAbortHandler)
	}
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// addForeignLinks adds links to the foreign URLs before </body>: as
// listing links, a next-page link, an image and a freight URL.
func (f *Faults) addForeignLinks(body []byte) []byte {
	var b bytes.Buffer
	b.WriteString(`<div class="partners">`)
	for _, u := range f.spec.ForeignURLs {
		fmt.Fprintf(&b, `<a class="item-link" href="%[1]s">友情链接</a><a class="next" href="%[1]s">下一页</a><img class="desc-img" src="%[1]s" alt="">`, htmlAttr(u))
	}
	if len(f.spec.ForeignURLs) > 0 {
		fmt.Fprintf(&b, `<div id="J_Freight" data-freight-url="%s"></div>`, htmlAttr(f.spec.ForeignURLs[0]))
	}
	b.WriteString(`</div>`)
	return insertBeforeBodyEnd(body, b.Bytes())
}

func htmlAttr(s string) string {
	return strings.NewReplacer(`&`, "&amp;", `"`, "&quot;", `<`, "&lt;", `>`, "&gt;").Replace(s)
}

func insertBeforeBodyEnd(body, add []byte) []byte {
	i := bytes.LastIndex(body, []byte("</body>"))
	if i < 0 {
		return append(slices.Clip(body), add...)
	}
	out := make([]byte, 0, len(body)+len(add))
	out = append(out, body[:i]...)
	out = append(out, add...)
	return append(out, body[i:]...)
}

var closingTag = regexp.MustCompile(`</[a-zA-Z]+>`)

// malform breaks a page the way hand-edited templates and bad proxies do:
// the JSON-LD loses its closing braces, every closing tag in the second half
// goes, and stray markup and bytes appear.
func malform(body []byte) []byte {
	out := bytes.Replace(body, []byte("}</script>"), []byte("</script>"), 1)
	out = bytes.Replace(out, []byte(`"offers":`), []byte(`"offers":,{`), 1)
	half := len(out) / 2
	out = append(slices.Clip(out[:half]), closingTag.ReplaceAll(out[half:], nil)...)
	junk := []byte("<div <<>> <p class=\"x\"y\"> &#xZZZZ; &bogus <!-- \x00\xff\xfe <td></tr></table>")
	if i := bytes.Index(out, []byte("<body>")); i >= 0 {
		i += len("<body>")
		out = append(slices.Clip(out[:i]), append(junk, out[i:]...)...)
	}
	return out
}

// badCharset removes the page's charset from the header and <meta> (about
// half the pages), or labels the bytes with a charset they are not in.
func (f *Faults) badCharset(k string, body []byte, ct string) ([]byte, string) {
	media, _, _ := strings.Cut(ct, ";")
	if f.unit(k, "charset") < 0.5 {
		body = regexp.MustCompile(`(?i)<meta[^>]*charset[^>]*>`).ReplaceAll(body, nil)
		return body, media
	}
	if strings.Contains(strings.ToLower(ct), "utf-8") {
		return body, media + "; charset=big5"
	}
	return body, media + "; charset=utf-8"
}

// oversized serves the page padded past OversizedBytes, with a
// Content-Length (half the paths) or chunked without one.
func (f *Faults) oversized(w http.ResponseWriter, k string, body []byte, ct string) {
	w.Header().Set("Content-Type", ct)
	pad := padding()
	n := f.spec.OversizedBytes - len(body)
	withLength := f.unit(k, "length") < 0.5
	if withLength {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)+max(n, 0)))
	}
	i := bytes.LastIndex(body, []byte("</body>"))
	if i < 0 {
		i = len(body)
	}
	if _, err := w.Write(body[:i]); err != nil {
		return
	}
	for n > 0 {
		c := min(n, len(pad))
		if _, err := w.Write(pad[:c]); err != nil {
			return // the client gave up, as it should
		}
		n -= c
	}
	_, _ = w.Write(body[i:])
}

var padding = sync.OnceValue(func() []byte {
	return bytes.Repeat([]byte("<!-- 填充 padding padding padding padding padding padding -->\n"), 1<<10)
})

// ServeFaults is Serve with faults injected (see Shop.WithFaults).
func ServeFaults(ctx context.Context, addr string, shop *Shop, spec FaultSpec) (*Server, *Faults, error) {
	h, err := shop.WithFaults(spec)
	if err != nil {
		return nil, nil, err
	}
	srv, err := serve(ctx, addr, h)
	if err != nil {
		return nil, nil, err
	}
	return srv, h, nil
}
