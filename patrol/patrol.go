// Package patrol runs one patrol of a shop: it crawls the listings, runs
// the rule catalogue on each, and stores listings, findings, outcomes and
// fetch failures in the store, with the run's bookkeeping around them.
package patrol

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/crawler"
	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

// Options configure one run.
type Options struct {
	// Kind is store.KindPatrol, store.KindAudit or store.KindCheck.
	Kind string
	// Shop names the shop in the stored run.
	Shop  string
	Crawl crawler.Config
	// Engine runs the checks; build it once with checks.NewEngine.
	Engine *checks.Engine
	// PartialRatio: a run whose failed/discovered ratio exceeds it is
	// stored as partial rather than complete.
	PartialRatio float64
	// BatchSize is how many listings are written per transaction
	// (default 200).
	BatchSize int
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Progress, when set, receives crawl statistics as the crawl goes.
	Progress func(crawler.Stats)
	// Incremental makes the crawl conditional: a listing page unchanged
	// since its last check in a run of the same kind (HTTP 304, or the
	// same body hash) is neither parsed nor checked; its last snapshot,
	// findings and outcomes are carried forward into this run. False
	// fetches and checks every listing (xundian patrol --full). Page
	// validators are saved either way.
	Incremental bool
	// After, when set, runs once the crawl has finished without error and
	// every listing is stored, before the run is finished and its
	// findings counted: the rules that judge the stored run as a whole
	// (price history, the pre-promotion audit) add their findings and
	// outcomes to it there. An error fails the run like a store error.
	After func(ctx context.Context, db *store.DB, runID int64) error
	// OCR configures reading the text stamped on listing images
	// (patrol/ocr.go); the zero value reads none.
	OCR OCROptions
	// CheckKey identifies the check configuration beyond the rule
	// catalogue (which patrol adds itself), e.g. a hash of the
	// checks.Settings and the build version. A page checked under another
	// key is fetched and checked again, so a configuration change never
	// carries stale findings forward.
	CheckKey string
	// Archive keeps every fetched listing page, compressed and once per
	// content hash, as evidence for appeals; pages last seen longer than
	// ArchiveRetention ago are pruned after the run (0 keeps them all).
	Archive          bool
	ArchiveRetention time.Duration
}

// Result is a finished run and what the crawl reported.
type Result struct {
	Run   store.Run
	Crawl crawler.Result
	// OCR is what reading image text did (OCRCalls: images the engine
	// read, not found in the cache).
	OCR OCRStats
}

// Run crawls, checks and stores one run. The run is recorded before the
// crawl starts and finished as complete, partial (too many fetch failures,
// or the context was cancelled) or failed (the crawl could not run, or a
// store write failed); a failed or partial run is never a diff baseline.
//
// With Options.Incremental, listings unchanged since their last check are
// carried forward (batched, from the writer goroutine) instead of parsed
// and checked; the run's Listings count includes them. The page cache is
// updated for every listing the run stored, carried ones included.
func Run(ctx context.Context, db *store.DB, opts Options) (Result, error) {
	if opts.Engine == nil {
		return Result{}, errors.New("patrol: no check engine")
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	batchSize := opts.BatchSize
	if batchSize <= 0 {
		batchSize = 200
	}
	stage := newOCRStage(ctx, db, opts.OCR)
	key := checkKey(opts.CheckKey + "\x00" + stage.checkKeyPart())
	var cache map[string]store.PageValidator
	if opts.Incremental {
		var err error
		if cache, err = db.LoadPageCache(ctx, opts.Kind, key); err != nil {
			return Result{}, err
		}
	}
	run, err := db.StartRun(ctx, opts.Kind, opts.Shop, now().UTC())
	if err != nil {
		return Result{}, fmt.Errorf("start run: %w", err)
	}

	w := newWriter(ctx, db, run.ID, batchSize, key, now, stage.complete)
	ccfg := opts.Crawl
	ccfg.KeepPages = opts.Archive
	if opts.Progress != nil {
		ccfg.Progress = opts.Progress
	}
	ccfg.Validators, ccfg.Unchanged = nil, nil
	if ccfg.Now == nil {
		ccfg.Now = now
	}
	if len(cache) > 0 {
		ccfg.Validators = func(url string) (crawler.Validator, bool) {
			v, ok := cache[url]
			return crawler.Validator{ListingID: v.ListingID, ETag: v.ETag,
				LastModified: v.LastModified, ContentHash: v.ContentHash,
				LastMod: v.SitemapLastMod, ValidatedAt: v.FetchedAt}, ok
		}
		// A listing carried on its lastmod alone leaves its page-cache
		// entry as it was: nothing to write.
		ccfg.Unchanged = func(url string, v crawler.Validator) {
			old := cache[url]
			same := old.ETag == v.ETag && old.LastModified == v.LastModified &&
				old.ContentHash == v.ContentHash && old.SitemapLastMod == v.LastMod &&
				old.FetchedAt.Equal(v.ValidatedAt)
			w.carry(url, v, !same)
		}
	}
	stage.start(ctx)
	cres, crawlErr := crawler.Crawl(ctx, ccfg, func(l listing.Listing) {
		// Listings with images to read wait for the OCR workers; the
		// crawl goes on.
		stage.submit(l, func(l listing.Listing) {
			res := opts.Engine.Check(&l)
			w.add(store.ListingResult{Listing: l, Findings: res.Findings, Outcomes: res.Outcomes})
		})
	})
	stage.close(ctx)
	writeErr := w.close()

	failures := make([]store.FetchFailure, 0, len(cres.Failures))
	for _, f := range cres.Failures {
		failures = append(failures, store.FetchFailure{URL: f.URL, ListingID: f.ListingID, Status: f.Status, Err: f.Err})
	}
	// Failures are saved even when the crawl was cut short: they carry the
	// failed listings' open findings into this run.
	finishCtx := context.WithoutCancel(ctx)
	if writeErr == nil && len(failures) > 0 {
		writeErr = db.SaveFailures(finishCtx, run.ID, failures)
	}
	// An interrupted run is partial whatever stage the signal reached (the
	// crawl, OCR, or the rules after it); the After rules are skipped.
	interrupted := ctx.Err() != nil && (crawlErr == nil || errors.Is(crawlErr, ctx.Err()))
	if writeErr == nil && crawlErr == nil && !interrupted && opts.After != nil {
		if err := opts.After(ctx, db, run.ID); err != nil {
			writeErr = fmt.Errorf("after crawl: %w", err)
		}
	}

	// Listings counts every listing the run holds a snapshot of, carried
	// ones included.
	stats := store.RunStats{
		Listings:     cres.Stats.Listings + cres.Stats.Unchanged,
		PagesFetched: cres.Stats.PagesFetched,
		FetchErrors:  len(cres.Failures),
	}
	if n, err := db.CountFindings(finishCtx, run.ID); err == nil {
		stats.Findings = n // carried findings included
	} else if writeErr == nil {
		writeErr = err
	}
	status := store.StatusComplete
	switch {
	case interrupted:
		status = store.StatusPartial
		stats.Note = "interrupted: " + ctx.Err().Error()
	case crawlErr != nil:
		status = store.StatusFailed
		stats.Note = "crawl: " + crawlErr.Error()
	case writeErr != nil:
		status = store.StatusFailed
		stats.Note = "store: " + writeErr.Error()
	case cres.Stats.Discovered == 0:
		status = store.StatusFailed
		stats.Note = "no listings discovered"
	case failureRatio(cres) > opts.PartialRatio:
		status = store.StatusPartial
		stats.Note = fmt.Sprintf("%d of %d listings failed to fetch", cres.Stats.Failed, cres.Stats.Discovered)
	case discoveryFailures(cres) > 0:
		// A failed sitemap or index page may hide listings: the run cannot
		// say which listings are gone, so it is no baseline.
		status = store.StatusPartial
		stats.Note = fmt.Sprintf("discovery incomplete: %d sitemap or index pages failed", discoveryFailures(cres))
	}
	ocrStats := stage.stats()
	if err := db.SaveRunOCR(finishCtx, run.ID, ocrStats); err != nil && writeErr == nil {
		writeErr = err
		status, stats.Note = store.StatusFailed, "store: "+err.Error()
	}
	if opts.Archive && opts.ArchiveRetention > 0 && writeErr == nil {
		if _, err := db.PruneArchive(finishCtx, now().Add(-opts.ArchiveRetention)); err != nil {
			writeErr = err
			status, stats.Note = store.StatusFailed, "store: "+err.Error()
		}
	}
	if err := db.FinishRun(finishCtx, run.ID, status, now().UTC(), stats); err != nil {
		return Result{}, fmt.Errorf("finish run %d: %w", run.ID, err)
	}
	final, err := db.Run(finishCtx, run.ID)
	if err != nil {
		return Result{}, fmt.Errorf("read run %d: %w", run.ID, err)
	}
	res := Result{Run: final, Crawl: cres, OCR: ocrStats}
	switch {
	case interrupted:
		return res, fmt.Errorf("run %d interrupted and stored as partial: %w", run.ID, ctx.Err())
	case crawlErr != nil:
		return res, fmt.Errorf("crawl: %w", crawlErr)
	case writeErr != nil:
		return res, fmt.Errorf("store: %w", writeErr)
	}
	return res, nil
}

// discoveryFailures counts failed sitemaps and index pages.
func discoveryFailures(r crawler.Result) int {
	n := 0
	for _, f := range r.Failures {
		if f.Discovery {
			n++
		}
	}
	return n
}

func failureRatio(r crawler.Result) float64 {
	if r.Stats.Discovered == 0 {
		return 0
	}
	return float64(r.Stats.Failed) / float64(r.Stats.Discovered)
}

// checkKey is the page-cache key of a check configuration: the caller's
// key and the rule catalogue's IDs, so a new or retired rule makes every
// page be checked again.
func checkKey(extra string) string {
	h := sha256.New()
	h.Write([]byte(extra))
	// Points and severity are stored with each finding, so a change to
	// them must re-check too, not just a new or retired rule.
	for _, c := range checks.All() {
		fmt.Fprintf(h, "\x00%s %d %s", c.ID, c.Points, c.Severity)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
