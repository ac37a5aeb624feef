// Package crawler fetches a shop's listings and reads them into
// listing.Listing values: discovery (sitemaps, paginated index pages, URL
// lists), polite fetching with retries, charset decoding, and extraction
// from JSON-LD, microdata, embedded JSON and CSS selectors, plus freight
// templates served as JSON. colly is used for fetching and stays private
// to this package.
package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"

	"github.com/xundian/xundian/listing"
)

// Result is what a crawl produced besides the emitted listings.
type Result struct {
	// Failures are the URLs that could not be turned into what they were
	// fetched for, sorted by URL.
	Failures []Failure
	Stats    Stats
}

// Failure is one URL that ended in an error. ListingID is set for
// listing pages (as far as known from the URL) and empty for index pages,
// sitemaps and freight templates.
type Failure struct {
	URL       string
	ListingID string
	// Status is the last HTTP status, 0 when none was received.
	Status int
	Err    string
	// Discovery is true for a sitemap or index page: listings only it
	// links were never discovered, so the crawl cannot tell them gone.
	Discovery bool
}

// Stats are a crawl's running totals. Every discovered listing ends
// emitted, unchanged, failed or as a duplicate of an emitted or unchanged
// one: Discovered == Listings + Unchanged + Failed + Duplicates once Crawl
// returns.
type Stats struct {
	// Discovered counts listing URLs accepted for fetching (after dedupe
	// and the MaxPages cap).
	Discovered int
	// PagesFetched counts HTTP responses received, of every kind,
	// retries included.
	PagesFetched int
	// Listings counts emitted listings.
	Listings int
	// Unchanged counts listings reported to Config.Unchanged (not
	// modified since their validator, not parsed, not emitted).
	Unchanged int
	// NotRequested counts the Unchanged listings carried forward on their
	// sitemap lastmod alone (Config.TrustLastMod), without a request.
	NotRequested int
	// Failed counts listings that ended as a Failure.
	Failed int
	// Duplicates counts listing pages whose ID was already emitted.
	Duplicates int
	// Skipped counts listing URLs discovered past MaxPages.
	Skipped int
	// MissingFields maps a field name (title, price, skus, images,
	// attributes, description, service_text, handling_hours, freight) to
	// the number of emitted listings lacking it. It is nil in the Stats
	// passed to Config.Progress.
	MissingFields map[string]int
}

type kind uint8

const (
	kindSitemap kind = iota
	kindIndex
	kindListing
	kindFreight
)

func (k kind) String() string {
	return [...]string{"sitemap", "index page", "listing", "freight template"}[k]
}

type task struct {
	kind    kind
	url     string
	id      string // listing ID from the URL pattern, if any
	lastmod string // the sitemap's <lastmod> for a listing, if any
	attempt int
	val     *Validator // set before the first attempt of an incremental listing
	looked  bool       // val was looked up
}

type freightEntry struct {
	done    bool
	tpl     *listing.FreightTemplate
	waiters []listing.Listing
}

// inflightPerSlot bounds requests handed to colly at once: colly starts a
// goroutine per queued request, so the crawler keeps its own queue and
// only feeds Parallelism × inflightPerSlot requests at a time.
const inflightPerSlot = 2

type crawl struct {
	ctx  context.Context
	cfg  Config
	cc   *compiled
	x    *extractor
	col  *colly.Collector
	emit func(listing.Listing)

	mu          sync.Mutex
	high, low   []*task
	inflight    int
	maxInflight int
	pending     int // tasks queued, in flight or waiting to retry
	stopped     bool
	timers      map[*task]*time.Timer
	seen        map[string]bool // canonical URLs
	seenID      map[string]bool // listing IDs from URL patterns
	// lateLastMod holds the sitemap lastmod of listings an index page
	// queued first (by lateKey), for their tasks to pick up.
	lateLastMod map[string]string
	// sitemapsPending counts sitemap tasks not yet ended; while any is,
	// a crawl that trusts lastmod holds its listings back (pop), so none
	// starts before the sitemap could name its lastmod.
	sitemapsPending int
	emittedIDs      map[string]bool
	freight         map[string]*freightEntry
	res             Result
	wake            chan struct{}

	emitMu sync.Mutex
}

// Crawl discovers and fetches the shop's listings and calls emit for each
// one extracted (one call at a time). A listing that cannot be fetched or
// read is a Failure in the Result instead. The error is for a crawl that
// could not run at all (invalid config, unreadable URL list) or, with the
// partial Result, for a canceled ctx.
func Crawl(ctx context.Context, cfg Config, emit func(listing.Listing)) (Result, error) {
	cc, err := compile(cfg)
	if err != nil {
		return Result{}, err
	}
	if emit == nil {
		return Result{}, errors.New("crawl: nil emit func")
	}
	if (cfg.Validators == nil) != (cfg.Unchanged == nil) {
		return Result{}, errors.New("crawl: Validators and Unchanged must be set together")
	}
	cfg = cfg.withDefaults()
	x, err := newExtractor(cfg)
	if err != nil {
		return Result{}, err
	}
	c := &crawl{
		ctx: ctx, cfg: cfg, cc: cc, x: x, emit: emit,
		maxInflight: cfg.Parallelism * inflightPerSlot,
		timers:      map[*task]*time.Timer{},
		seen:        map[string]bool{},
		seenID:      map[string]bool{},
		lateLastMod: map[string]string{},
		emittedIDs:  map[string]bool{},
		freight:     map[string]*freightEntry{},
		wake:        make(chan struct{}, 1),
	}
	c.res.Stats.MissingFields = map[string]int{}
	var listURLs []string
	if cfg.URLListFile != "" {
		if listURLs, err = readURLList(cfg.URLListFile, cfg.ItemURLTemplate); err != nil {
			return Result{}, err
		}
	}
	if c.col, err = c.newCollector(); err != nil {
		return Result{}, err
	}
	if cfg.SitemapURL != "" {
		c.addPage(kindSitemap, cfg.SitemapURL, nil)
	}
	for _, s := range cfg.StartURLs {
		c.addPage(kindIndex, s, nil)
	}
	for _, s := range listURLs {
		if u, err := url.Parse(s); err != nil || u.Host == "" {
			c.mu.Lock()
			c.res.Failures = append(c.res.Failures, Failure{URL: s, Err: "url_list_file: not an absolute URL"})
			c.mu.Unlock()
		} else {
			c.addListing(u, "")
		}
	}
	c.run()
	c.col.Wait()
	c.finishStats()
	if err := ctx.Err(); err != nil {
		return c.res, fmt.Errorf("crawl canceled: %w", err)
	}
	return c.res, nil
}

// newCollector sets every colly option explicitly and registers the
// callbacks before any visit.
func (c *crawl) newCollector() (*colly.Collector, error) {
	cfg := c.cfg
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "COLLY_") {
			name, _, _ := strings.Cut(kv, "=")
			env = append(env, name)
		}
	}
	if len(env) > 0 {
		cfg.Logger.Warn("crawler: ignoring COLLY_* environment variables; configure crawler.* instead", "vars", env)
	}
	var hostnames []string
	for h := range c.cc.allowed {
		if hn, _, err := net.SplitHostPort(h); err == nil {
			h = hn
		}
		hostnames = append(hostnames, h)
	}
	headers := map[string]string{}
	for k, v := range cfg.Headers {
		headers[k] = v
	}
	if cfg.Cookies != "" {
		headers["Cookie"] = cfg.Cookies
	}
	col := colly.NewCollector(
		colly.UserAgent(cfg.UserAgent),
		colly.Async(true),
		colly.StdlibContext(c.ctx),
		colly.Headers(headers),
	)
	// Set after NewCollector: colly applies COLLY_* variables last, and
	// none of them may change how xundian crawls.
	col.UserAgent = cfg.UserAgent
	col.AllowedDomains = hostnames
	col.DisallowedDomains = nil
	col.URLFilters, col.DisallowedURLFilters = nil, nil
	col.AllowURLRevisit = true // dedupe and retries are ours
	col.IgnoreRobotsTxt = !cfg.RespectRobotsTxt
	col.MaxBodySize = cfg.MaxBodyBytes + 1 // colly truncates silently; one more byte tells us
	col.MaxDepth, col.MaxRequests = 0, 0
	col.ParseHTTPErrorResponse = true // statuses are ours to judge
	col.DetectCharset = false         // charset is ours too: see DecodeBody
	col.CheckHead = false
	col.CacheDir = ""
	col.TraceHTTP = false
	col.Async = true
	col.Context = c.ctx
	col.SetRequestTimeout(cfg.Timeout)
	col.SetCookieJar(newJar())
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = c.maxInflight
	tr.ResponseHeaderTimeout = cfg.Timeout
	// The transport is handed to colly as is: net/http times a request
	// out through its context only for its own *http.Transport, and starts
	// a goroutine and a timer per request for any other RoundTripper.
	col.WithTransport(tr)
	col.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		if len(via) > cfg.MaxRedirects {
			return fmt.Errorf("stopped after %d redirects (crawler.max_redirects)", cfg.MaxRedirects)
		}
		if !hostAllowed(c.cc.allowed, strings.ToLower(req.URL.Host)) {
			return fmt.Errorf("redirect to %s outside crawler.allowed_domains", req.URL.Host)
		}
		return nil
	})
	if err := col.Limit(&colly.LimitRule{
		DomainGlob:  "*",
		Parallelism: cfg.Parallelism,
		Delay:       cfg.Delay,
		RandomDelay: cfg.RandomDelay,
	}); err != nil {
		return nil, fmt.Errorf("crawler: limit rule: %w", err)
	}
	col.OnResponseHeaders(func(r *colly.Response) {
		shieldCharset(*r.Headers)
		if n := r.Headers.Get("Content-Length"); n != "" {
			size, err := strconv.ParseInt(strings.TrimSpace(n), 10, 64)
			if err == nil && size > int64(cfg.MaxBodyBytes) {
				r.Ctx.Put("abort", fmt.Sprintf("body of %d bytes exceeds crawler.max_body_bytes (%d)", size, cfg.MaxBodyBytes))
				r.Request.Abort()
			}
		}
	})
	col.OnResponse(func(r *colly.Response) { c.done(r, nil) })
	col.OnError(func(r *colly.Response, err error) { c.done(r, err) })
	return col, nil
}

func newJar() http.CookieJar {
	jar, _ := cookiejar.New(nil) // never fails without options
	return jar
}

// shieldCharset moves the Content-Type header's charset out of colly's
// sight: colly re-decodes bodies whose Content-Type names a charset even
// with DetectCharset off, and DecodeBody must see the original bytes. It
// runs on the response headers before colly reads the body; h is the map
// the response colly hands on keeps.
func shieldCharset(h http.Header) {
	if ct := h.Get("Content-Type"); strings.Contains(strings.ToLower(ct), "charset") {
		h.Set(rawContentType, ct)
		media, _, _ := strings.Cut(ct, ";")
		if strings.Contains(strings.ToLower(media), "charset") {
			media = "application/octet-stream"
		}
		h.Set("Content-Type", strings.TrimSpace(media))
	}
}

const rawContentType = "X-Xundian-Content-Type"

func contentType(h *http.Header) string {
	if h == nil {
		return ""
	}
	if v := h.Get(rawContentType); v != "" {
		return v
	}
	return h.Get("Content-Type")
}

// run feeds queued tasks to colly, at most maxInflight at a time, until
// nothing is pending.
func (c *crawl) run() {
	done := c.ctx.Done()
	for {
		c.mu.Lock()
		for c.inflight < c.maxInflight && !c.stopped {
			t := c.pop()
			if t == nil {
				break
			}
			c.inflight++
			c.mu.Unlock()
			c.start(t)
			c.mu.Lock()
		}
		idle := c.pending == 0
		c.mu.Unlock()
		if idle {
			return
		}
		select {
		case <-c.wake:
		case <-done:
			done = nil
			c.stop()
		}
	}
}

func (c *crawl) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *crawl) pop() *task {
	if len(c.high) > 0 {
		t := c.high[0]
		c.high[0] = nil
		c.high = c.high[1:]
		return t
	}
	if len(c.low) > 0 && !c.holdListings() {
		t := c.low[0]
		c.low[0] = nil
		c.low = c.low[1:]
		return t
	}
	return nil
}

// holdListings reports whether listing tasks wait for the sitemaps: only
// when the crawl trusts lastmod (a first, full crawl too: it records the
// lastmod the next one compares with); the caller holds mu.
func (c *crawl) holdListings() bool {
	return c.sitemapsPending > 0 && c.cfg.TrustLastMod
}

// push queues t; the caller holds mu and has counted t in pending.
func (c *crawl) push(t *task) {
	if t.kind == kindListing {
		c.low = append(c.low, t)
	} else {
		c.high = append(c.high, t)
	}
	c.signal()
}

// stop fails everything not yet started once ctx is canceled.
func (c *crawl) stop() {
	c.mu.Lock()
	c.stopped = true
	queued := append(c.high, c.low...)
	c.high, c.low = nil, nil
	for t, tm := range c.timers {
		if tm.Stop() {
			queued = append(queued, t)
		}
		delete(c.timers, t)
	}
	c.mu.Unlock()
	for _, t := range queued {
		c.fail(t, 0, "not fetched: "+context.Cause(c.ctx).Error())
		c.release(t, false)
	}
}

func (c *crawl) start(t *task) {
	if !t.looked {
		t.val, t.looked = c.validator(t), true
	}
	c.pickLastMod(t)
	if c.lastModFresh(t) {
		c.mu.Lock()
		c.res.Stats.NotRequested++
		c.mu.Unlock()
		c.unchanged(t, *t.val)
		c.release(t, true)
		return
	}
	cctx := colly.NewContext()
	cctx.Put("task", t)
	if err := c.col.Request(http.MethodGet, t.url, nil, cctx, c.requestHeader(t)); err != nil {
		msg := err.Error()
		if errors.Is(err, colly.ErrRobotsTxtBlocked) {
			msg = "blocked by robots.txt"
		} else if errors.Is(err, colly.ErrForbiddenDomain) {
			msg = "outside crawler.allowed_domains"
		}
		c.fail(t, 0, msg)
		c.release(t, true)
	}
}

// release ends a task's attempt: wasInflight frees its slot.
func (c *crawl) release(t *task, wasInflight bool) {
	c.mu.Lock()
	if wasInflight {
		c.inflight--
	}
	c.pending--
	if t.kind == kindSitemap {
		c.sitemapsPending--
	}
	c.mu.Unlock()
	c.signal()
}

// addPage queues a sitemap or index page (deduped, allowed hosts only).
func (c *crawl) addPage(k kind, raw string, base *url.URL) {
	u := resolve(base, raw)
	if u == nil {
		return
	}
	cu := canonicalURL(u, c.cc.strip)
	if !hostAllowed(c.cc.allowed, cu.Host) {
		return
	}
	key := cu.String()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[key] || c.stopped || c.budgetFull() {
		return
	}
	c.seen[key] = true
	c.pending++
	if k == kindSitemap {
		c.sitemapsPending++
	}
	c.push(&task{kind: k, url: key})
}

func (c *crawl) budgetFull() bool {
	return c.cfg.MaxPages > 0 && c.res.Stats.Discovered >= c.cfg.MaxPages
}

// addListing queues a listing URL unless its canonical URL or pattern ID
// was seen, its host is not allowed, or the MaxPages budget is spent.
func (c *crawl) addListing(u *url.URL, lastmod string) {
	cu := canonicalURL(u, c.cc.strip)
	if !hostAllowed(c.cc.allowed, cu.Host) {
		return
	}
	key := cu.String()
	id := ""
	if c.cc.pattern != nil {
		id = patternID(c.cc.pattern, key)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[key] || (id != "" && c.seenID[id]) {
		if lastmod != "" {
			c.lateLastMod[lateKey(key, id)] = lastmod
		}
		return
	}
	c.seen[key] = true
	if id != "" {
		c.seenID[id] = true
	}
	if c.budgetFull() {
		c.res.Stats.Skipped++
		return
	}
	c.res.Stats.Discovered++
	if c.stopped {
		c.res.Stats.Failed++
		c.res.Failures = append(c.res.Failures, Failure{URL: key, ListingID: id, Err: "not fetched: crawl canceled"})
		return
	}
	c.pending++
	c.push(&task{kind: kindListing, url: key, id: id, lastmod: lastmod})
}

// isListing reports whether u is a listing URL per ItemURLPattern (every
// URL is, without one).
func (c *crawl) isListing(u *url.URL) bool {
	if c.cc.pattern == nil {
		return true
	}
	return c.cc.pattern.MatchString(canonicalURL(u, c.cc.strip).String())
}

// done handles a finished request: success, retry or failure.
func (c *crawl) done(r *colly.Response, err error) {
	t, _ := r.Ctx.GetAny("task").(*task)
	if t == nil {
		return
	}
	c.mu.Lock()
	c.res.Stats.PagesFetched++
	c.mu.Unlock()
	status := r.StatusCode
	if reason, ok := r.Ctx.GetAny("abort").(string); ok {
		c.fail(t, status, reason)
		c.release(t, true)
		return
	}
	switch {
	case err != nil && c.ctx.Err() != nil:
		c.fail(t, status, "canceled: "+err.Error())
	case err != nil && retryableErr(err):
		if c.retry(t, backoff(c.cfg.RetryBackoff, t.attempt+1)) {
			return
		}
		c.fail(t, status, fmt.Sprintf("gave up after %d retries: %v", t.attempt, err))
	case err != nil:
		c.fail(t, status, err.Error())
	case status == http.StatusNotModified && t.val != nil:
		c.unchanged(t, c.validated(t, refreshed(*t.val, r.Headers, true)))
	case retryableStatus(status):
		wait := backoff(c.cfg.RetryBackoff, t.attempt+1)
		if status == http.StatusTooManyRequests {
			if d, ok := parseRetryAfter(r.Headers.Get("Retry-After"), time.Now()); ok {
				wait = min(d, maxRetryAfter)
			}
		}
		if c.retry(t, wait) {
			return
		}
		c.fail(t, status, fmt.Sprintf("HTTP %d %s (gave up after %d retries)", status, http.StatusText(status), t.attempt))
	case status < 200 || status > 299:
		c.fail(t, status, fmt.Sprintf("HTTP %d %s", status, http.StatusText(status)))
	case len(r.Body) > c.cfg.MaxBodyBytes:
		c.fail(t, status, fmt.Sprintf("body exceeds crawler.max_body_bytes (%d)", c.cfg.MaxBodyBytes))
	default:
		c.process(t, r)
	}
	c.release(t, true)
}

// retry schedules another attempt after wait; false when the retries are
// spent or the crawl is stopping.
func (c *crawl) retry(t *task, wait time.Duration) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.attempt >= c.cfg.Retries || c.stopped {
		return false
	}
	t.attempt++
	c.inflight--
	c.timers[t] = time.AfterFunc(wait, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if _, ok := c.timers[t]; !ok {
			return // stop() took it
		}
		delete(c.timers, t)
		c.push(t)
	})
	c.signal()
	return true
}

// fail records a Failure for t; listings count as failed, a freight
// template's waiting listings are emitted without it.
func (c *crawl) fail(t *task, status int, msg string) {
	c.mu.Lock()
	f := Failure{URL: t.url, Status: status, Err: msg, Discovery: t.kind == kindSitemap || t.kind == kindIndex}
	if t.kind == kindListing {
		f.ListingID = t.id
		c.res.Stats.Failed++
	} else {
		f.Err = t.kind.String() + ": " + msg
	}
	c.res.Failures = append(c.res.Failures, f)
	c.mu.Unlock()
	if t.kind == kindFreight {
		c.resolveFreight(t.url, nil)
	}
	c.progress()
}

func (c *crawl) process(t *task, r *colly.Response) {
	final := r.Request.URL
	ct := contentType(r.Headers)
	switch t.kind {
	case kindSitemap:
		maps, pages, err := parseSitemap(r.Body, c.cfg.MaxBodyBytes)
		if err != nil && len(maps) == 0 && len(pages) == 0 {
			c.fail(t, r.StatusCode, err.Error())
			return
		}
		for _, m := range maps {
			c.addPage(kindSitemap, m, final)
		}
		for _, p := range pages {
			if u := resolve(final, p.loc); u != nil && c.isListing(u) {
				c.addListing(u, p.lastmod)
			}
		}
	case kindIndex:
		doc, err := parsePage(r.Body, ct, c.cfg.Encoding)
		if err != nil {
			c.fail(t, r.StatusCode, err.Error())
			return
		}
		doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
			if u := resolve(final, s.AttrOr("href", "")); u != nil && c.isListing(u) {
				c.addListing(u, "")
			}
		})
		for _, next := range c.cc.next.all(scope{roots: doc.Nodes}) {
			c.addPage(kindIndex, next, final)
		}
	case kindListing:
		hash := ""
		if t.val != nil && t.val.ContentHash != "" {
			if hash = hashBody(r.Body); hash == t.val.ContentHash {
				c.unchanged(t, c.validated(t, refreshed(*t.val, r.Headers, false)))
				return
			}
		}
		var l listing.Listing
		var freightURLs []string
		doc, err := parsePage(r.Body, ct, c.cfg.Encoding)
		if err == nil {
			l, freightURLs, err = c.x.extract(doc, r.Body, final, hash)
		}
		if errors.Is(err, errNoID) && t.id != "" {
			l.ID, err = t.id, nil
		}
		if err != nil {
			c.fail(t, r.StatusCode, "extract: "+err.Error())
			return
		}
		l.FetchedAt = time.Now().UTC()
		c.pickLastMod(t)
		l.SitemapLastMod = t.lastmod
		if c.cfg.KeepPages {
			l.Page = r.Body
		}
		if r.Headers != nil {
			l.ETag, l.LastModified = r.Headers.Get("ETag"), r.Headers.Get("Last-Modified")
		}
		if l.Freight == nil && len(freightURLs) > 0 {
			c.awaitFreight(l, freightURLs[0], final)
			return
		}
		c.emitListing(l)
	case kindFreight:
		tpl, err := ParseFreightJSON(r.Body, c.cfg.Freight)
		if err != nil {
			c.fail(t, r.StatusCode, err.Error())
			return
		}
		c.resolveFreight(t.url, tpl)
	}
}

// awaitFreight attaches the (cached) template at raw to l and emits it,
// fetching the template first when this run has not yet.
func (c *crawl) awaitFreight(l listing.Listing, raw string, base *url.URL) {
	u := resolve(base, raw)
	if u == nil {
		c.emitListing(l)
		return
	}
	cu := canonicalURL(u, c.cc.strip)
	key := cu.String()
	if !hostAllowed(c.cc.allowed, cu.Host) {
		c.mu.Lock()
		c.res.Failures = append(c.res.Failures, Failure{URL: key, Err: "freight template: outside crawler.allowed_domains (listing " + l.ID + " emitted without freight)"})
		c.mu.Unlock()
		c.emitListing(l)
		return
	}
	c.mu.Lock()
	e := c.freight[key]
	if e == nil {
		e = &freightEntry{}
		c.freight[key] = e
		if c.stopped {
			e.done = true
			c.res.Failures = append(c.res.Failures, Failure{URL: key, Err: "freight template: not fetched: crawl canceled"})
		} else {
			c.pending++
			c.push(&task{kind: kindFreight, url: key})
		}
	}
	if e.done {
		tpl := e.tpl
		c.mu.Unlock()
		l.Freight = cloneTemplate(tpl)
		c.emitListing(l)
		return
	}
	e.waiters = append(e.waiters, l)
	c.mu.Unlock()
}

// resolveFreight caches tpl (nil after a failure) for key and emits the
// listings waiting for it.
func (c *crawl) resolveFreight(key string, tpl *listing.FreightTemplate) {
	c.mu.Lock()
	e := c.freight[key]
	if e == nil {
		e = &freightEntry{}
		c.freight[key] = e
	}
	e.done, e.tpl = true, tpl
	waiters := e.waiters
	e.waiters = nil
	c.mu.Unlock()
	for _, l := range waiters {
		l.Freight = cloneTemplate(tpl)
		c.emitListing(l)
	}
}

func cloneTemplate(t *listing.FreightTemplate) *listing.FreightTemplate {
	if t == nil {
		return nil
	}
	out := *t
	// Every region list is cut from one array, capacity-limited so that
	// appending to one cannot overwrite the next.
	n := len(t.Undeliverable)
	for _, r := range t.Regions {
		n += len(r.Regions)
	}
	for _, f := range t.FreeConditions {
		n += len(f.Regions)
	}
	all := make([]listing.Region, 0, n)
	clone := func(rs []listing.Region) []listing.Region {
		if rs == nil {
			return nil
		}
		start := len(all)
		all = append(all, rs...)
		return all[start:len(all):len(all)]
	}
	out.Regions = make([]listing.RegionFee, len(t.Regions))
	for i, r := range t.Regions {
		out.Regions[i] = listing.RegionFee{Regions: clone(r.Regions), Fee: r.Fee}
	}
	out.FreeConditions = make([]listing.FreeCondition, len(t.FreeConditions))
	for i, f := range t.FreeConditions {
		f.Regions = clone(f.Regions)
		out.FreeConditions[i] = f
	}
	out.Undeliverable = clone(t.Undeliverable)
	return &out
}

// emitListing hands l to emit unless a listing with its ID was emitted.
func (c *crawl) emitListing(l listing.Listing) {
	c.mu.Lock()
	if c.emittedIDs[l.ID] {
		c.res.Stats.Duplicates++
		c.mu.Unlock()
		c.progress()
		return
	}
	c.emittedIDs[l.ID] = true
	c.res.Stats.Listings++
	var buf [9]string
	for _, f := range missingFields(&l, buf[:0]) {
		c.res.Stats.MissingFields[f]++
	}
	c.mu.Unlock()
	c.emitMu.Lock()
	c.emit(l)
	c.emitMu.Unlock()
	c.progress()
}

func (c *crawl) progress() {
	if c.cfg.Progress == nil {
		return
	}
	c.emitMu.Lock()
	defer c.emitMu.Unlock()
	c.mu.Lock()
	s := c.res.Stats
	c.mu.Unlock()
	s.MissingFields = nil
	c.cfg.Progress(s)
}

// missingFields appends to out the names of what a listing lacks, for
// parse-health stats.
func missingFields(l *listing.Listing, out []string) []string {
	for _, f := range [...]struct {
		missing bool
		name    string
	}{
		{l.Title == "", "title"},
		{l.Price == 0 && l.PromoPrice == 0 && len(l.SKUs) == 0, "price"},
		{len(l.SKUs) == 0, "skus"},
		{len(l.Images) == 0, "images"},
		{len(l.Attributes) == 0, "attributes"},
		{l.Description == "", "description"},
		{l.ServiceText == "", "service_text"},
		{!l.HasHandling, "handling_hours"},
		{l.Freight == nil, "freight"},
	} {
		if f.missing {
			out = append(out, f.name)
		}
	}
	return out
}

// finishStats sorts failures and warns about fields no listing had: a
// clean report from a broken extractor is the worst outcome.
func (c *crawl) finishStats() {
	c.mu.Lock()
	defer c.mu.Unlock()
	slices.SortStableFunc(c.res.Failures, func(a, b Failure) int { return strings.Compare(a.URL, b.URL) })
	n := c.res.Stats.Listings
	if n == 0 {
		if c.res.Stats.Discovered == 0 {
			c.cfg.Logger.Warn("crawler: no listings discovered; check start_urls, sitemap_url and item_url_pattern")
		}
		return
	}
	for _, f := range []string{"title", "price", "images", "description", "freight", "handling_hours"} {
		if c.res.Stats.MissingFields[f] == n {
			c.cfg.Logger.Warn("crawler: every listing lacks a field; check the selectors", "field", f, "listings", n)
		}
	}
}
