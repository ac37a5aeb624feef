package crawler

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"
)

// Validator is what a previous fetch of a listing page left for the next
// one to tell whether the page changed: the listing it was read as, the
// response's ETag and Last-Modified (either may be empty) and the SHA-256
// of the raw body, hex (listing.Listing.ContentHash).
type Validator struct {
	ListingID    string
	ETag         string
	LastModified string
	ContentHash  string
	// LastMod is the sitemap <lastmod> the listing had when its page was
	// last validated ("": none); ValidatedAt is when that was (a 304, an
	// unchanged body or a parsed page). A listing carried forward on its
	// lastmod alone keeps both as they were.
	LastMod     string
	ValidatedAt time.Time
}

// conditional reports whether v can make a request conditional or a
// response comparable.
func (v Validator) conditional() bool {
	return v.ETag != "" || v.LastModified != "" || v.ContentHash != ""
}

// hashBody is the content hash of a raw response body.
func hashBody(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// validator looks up t's validator once, before its first attempt; nil
// when the crawl is not incremental, there is none, or no listing ID is
// known to carry the listing forward under.
func (c *crawl) validator(t *task) *Validator {
	if c.cfg.Validators == nil || t.kind != kindListing {
		return nil
	}
	v, ok := c.cfg.Validators(t.url)
	if !ok || !v.conditional() {
		return nil
	}
	if v.ListingID == "" {
		v.ListingID = t.id
	}
	if v.ListingID == "" {
		return nil
	}
	return &v
}

// requestHeader returns the headers for t's request: nil (the collector's
// headers) for an unconditional one, else those headers plus
// If-None-Match and If-Modified-Since. colly only adds its own headers to
// a request given none, so they are copied here.
func (c *crawl) requestHeader(t *task) http.Header {
	v := t.val
	if v == nil || (v.ETag == "" && v.LastModified == "") {
		return nil
	}
	h := http.Header{}
	for k, val := range c.cfg.Headers {
		h.Set(k, val)
	}
	if c.cfg.Cookies != "" {
		h.Set("Cookie", c.cfg.Cookies)
	}
	h.Set("User-Agent", c.cfg.UserAgent)
	if v.ETag != "" {
		h.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		h.Set("If-Modified-Since", v.LastModified)
	}
	return h
}

// refreshed returns v updated from a response's headers. A 304 may
// repeat or update the validators (kept when it omits them); a 200 whose
// body is unchanged replaces them with what it sent.
func refreshed(v Validator, h *http.Header, notModified bool) Validator {
	var etag, lm string
	if h != nil {
		etag, lm = h.Get("ETag"), h.Get("Last-Modified")
	}
	if !notModified || etag != "" {
		v.ETag = etag
	}
	if !notModified || lm != "" {
		v.LastModified = lm
	}
	return v
}

// lastModFresh reports whether t may be carried forward without a
// request: the crawl trusts lastmod, the sitemap gave t the lastmod its
// page had when last validated, and that validation is recent enough.
func (c *crawl) lastModFresh(t *task) bool {
	v := t.val
	if !c.cfg.TrustLastMod || v == nil || t.lastmod == "" || v.LastMod != t.lastmod || v.ValidatedAt.IsZero() {
		return false
	}
	return c.cfg.RevalidateAfter <= 0 || c.now().Sub(v.ValidatedAt) < c.cfg.RevalidateAfter
}

// validated returns v as validated now by a response for t.
func (c *crawl) validated(t *task, v Validator) Validator {
	c.pickLastMod(t)
	v.LastMod, v.ValidatedAt = t.lastmod, c.now().UTC()
	return v
}

// pickLastMod gives a listing task the sitemap lastmod that arrived after
// an index page queued it, if any (it may arrive while the page is being
// fetched: the validator stored at the end still records it).
func (c *crawl) pickLastMod(t *task) {
	if t.kind != kindListing || t.lastmod != "" {
		return
	}
	k := lateKey(t.url, t.id)
	c.mu.Lock()
	if lm, ok := c.lateLastMod[k]; ok {
		t.lastmod = lm
		delete(c.lateLastMod, k)
	}
	c.mu.Unlock()
}

// lateKey names a listing in crawl.lateLastMod: its pattern ID when it
// has one (an index page and the sitemap may link it by different URLs),
// else its canonical URL.
func lateKey(url, id string) string {
	if id != "" {
		return "id:" + id
	}
	return url
}

func (c *crawl) now() time.Time {
	if c.cfg.Now != nil {
		return c.cfg.Now()
	}
	return time.Now()
}

// unchanged ends t as an unchanged listing: it is reported to
// Config.Unchanged unless a listing with its ID was already emitted or
// reported (then it is a duplicate).
func (c *crawl) unchanged(t *task, v Validator) {
	c.mu.Lock()
	if c.emittedIDs[v.ListingID] {
		c.res.Stats.Duplicates++
		c.mu.Unlock()
		c.progress()
		return
	}
	c.emittedIDs[v.ListingID] = true
	c.res.Stats.Unchanged++
	c.mu.Unlock()
	c.emitMu.Lock()
	c.cfg.Unchanged(t.url, v)
	c.emitMu.Unlock()
	c.progress()
}
