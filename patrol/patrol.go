// Package patrol runs one patrol of a shop: it crawls the listings, runs
// the rule catalogue on each, and stores listings, findings, outcomes and
// fetch failures in the store, with the run's bookkeeping around them.
package patrol

import (
	"context"
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
}

// Result is a finished run and what the crawl reported.
type Result struct {
	Run   store.Run
	Crawl crawler.Result
}

// Run crawls, checks and stores one run. The run is recorded before the
// crawl starts and finished as complete, partial (too many fetch failures,
// or the context was cancelled) or failed (the crawl could not run, or a
// store write failed); a failed or partial run is never a diff baseline.
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
	run, err := db.StartRun(ctx, opts.Kind, opts.Shop, now().UTC())
	if err != nil {
		return Result{}, fmt.Errorf("start run: %w", err)
	}

	w := newWriter(ctx, db, run.ID, batchSize)
	ccfg := opts.Crawl
	if opts.Progress != nil {
		ccfg.Progress = opts.Progress
	}
	cres, crawlErr := crawler.Crawl(ctx, ccfg, func(l listing.Listing) {
		res := opts.Engine.Check(&l)
		w.add(store.ListingResult{Listing: l, Findings: res.Findings, Outcomes: res.Outcomes})
	})
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

	stats := store.RunStats{
		Listings:     cres.Stats.Listings,
		PagesFetched: cres.Stats.PagesFetched,
		FetchErrors:  len(cres.Failures),
	}
	if stored, err := db.Findings(finishCtx, run.ID); err == nil {
		stats.Findings = len(stored) // carried findings included
	} else if writeErr == nil {
		writeErr = err
	}
	status := store.StatusComplete
	interrupted := ctx.Err() != nil && errors.Is(crawlErr, ctx.Err())
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
	}
	if err := db.FinishRun(finishCtx, run.ID, status, now().UTC(), stats); err != nil {
		return Result{}, fmt.Errorf("finish run %d: %w", run.ID, err)
	}
	final, err := db.Run(finishCtx, run.ID)
	if err != nil {
		return Result{}, fmt.Errorf("read run %d: %w", run.ID, err)
	}
	res := Result{Run: final, Crawl: cres}
	switch {
	case interrupted:
		return res, fmt.Errorf("run %d interrupted and stored as partial: %w", run.ID, crawlErr)
	case crawlErr != nil:
		return res, fmt.Errorf("crawl: %w", crawlErr)
	case writeErr != nil:
		return res, fmt.Errorf("store: %w", writeErr)
	}
	return res, nil
}

func failureRatio(r crawler.Result) float64 {
	if r.Stats.Discovered == 0 {
		return 0
	}
	return float64(r.Stats.Failed) / float64(r.Stats.Discovered)
}
