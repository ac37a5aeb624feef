package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/notify"
	"github.com/xundian/xundian/patrol"
	"github.com/xundian/xundian/reports"
	"github.com/xundian/xundian/store"
)

// patrolJob is one patrol from the CLI: config in, stored run and a
// written report out.
type patrolJob struct {
	cfg    Config
	kind   string
	out    string // report path; "" = dated file in reports.dir
	quiet  bool
	stderr io.Writer
	// noFile builds the report without writing it (check prints its own).
	noFile bool
	// full re-fetches and re-checks every page instead of sending
	// conditional requests (patrol --full; check always sets it).
	full bool
	// notify sends the configured robot notifications after the run.
	notify bool
	// now is the run's clock (nil: time.Now); audit --now and tests set it.
	now func() time.Time
	// after runs inside the run once the history rules are stored (the
	// audit's promotion rules); see afterCrawl.
	after func(ctx context.Context, db *store.DB, runID int64) error
}

// patrolOutcome is what a finished patrol left behind.
type patrolOutcome struct {
	result     patrol.Result
	report     *reports.Report
	reportPath string
}

// run opens the store, patrols, and writes the report.
func (j patrolJob) run(ctx context.Context) (patrolOutcome, error) {
	db, err := store.Open(ctx, j.cfg.Store.Path)
	if err != nil {
		return patrolOutcome{}, err
	}
	defer db.Close()
	// One run at a time per database; a second patrol is refused with a
	// *store.LockedError naming the running one.
	lock, err := db.AcquireLock(ctx, j.kind, time.Now())
	if err != nil {
		return patrolOutcome{}, err
	}
	defer lock.Release(ctx)
	engine, err := checks.NewEngine(j.cfg.checkSettings())
	if err != nil {
		return patrolOutcome{}, fmt.Errorf("checks: %w", err)
	}
	setMemoryLimit(j.cfg.Runtime.MemoryHeadroomMB)
	opts := patrol.Options{
		Kind:             j.kind,
		Shop:             j.cfg.Shop.Name,
		Crawl:            j.cfg.crawlerConfig(),
		Engine:           engine,
		PartialRatio:     j.cfg.Crawl.PartialRatio,
		Incremental:      !j.full,
		CheckKey:         checkKey(j.cfg),
		Archive:          j.cfg.Store.Archive,
		ArchiveRetention: time.Duration(j.cfg.Store.ArchiveDays) * 24 * time.Hour,
		Now:              j.now,
		After:            j.afterCrawl,
		OCR:              j.cfg.ocrOptions(j.stderr),
	}
	if !j.quiet {
		p := newProgress(j.stderr, j.cfg.Reports.Lang)
		opts.Progress = p.update
		defer p.finish()
	}
	res, err := patrol.Run(ctx, db, opts)
	if err != nil {
		return patrolOutcome{result: res}, err
	}
	rep, err := reports.Build(ctx, db, res.Run.ID, j.cfg.Reports.Lang)
	if err != nil {
		return patrolOutcome{result: res}, err
	}
	if j.noFile {
		return patrolOutcome{result: res, report: rep}, nil
	}
	loc, err := time.LoadLocation(j.cfg.Reports.Timezone)
	if err != nil {
		return patrolOutcome{}, fmt.Errorf("reports.timezone: %w", err)
	}
	path := j.out
	if path == "" {
		day := res.Run.StartedAt.In(loc).Format("2006-01-02")
		path = filepath.Join(j.cfg.Reports.Dir, fmt.Sprintf("%s-%s-%d.%s", day, j.kind, res.Run.ID, j.cfg.Reports.Format))
	}
	if err := writeReport(rep, path, j.cfg.Reports.Format, loc); err != nil {
		return patrolOutcome{result: res, report: rep}, err
	}
	if j.notify && len(j.cfg.Notify.Channels) > 0 {
		// A failed notification is logged, never fails the run.
		d := notify.NewDigest(rep, loc, j.cfg.Notify.Top, notify.ReportLink(j.cfg.Notify.ReportURL, path))
		client := &http.Client{Timeout: j.cfg.Notify.Timeout}
		if err := notify.SendAll(ctx, client, j.cfg.Notify, d, notify.Options{}); err != nil {
			fmt.Fprintln(j.stderr, "xundian: notification:", err)
		}
	}
	return patrolOutcome{result: res, report: rep, reportPath: path}, nil
}

// checkKey identifies the check settings and build an incremental
// patrol's page validators were made with (patrol adds the rule
// catalogue): when it changes, every page is fetched and checked again.
func checkKey(cfg Config) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	_ = enc.Encode(cfg.checkSettings())
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintln(h, bi.Main.Version, bi.Main.Sum)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// writeReport renders rep to path atomically: a temp file renamed into
// place, so a failed render never leaves a half-written report.
func writeReport(rep *reports.Report, path, format string, loc *time.Location) error {
	if path == "-" {
		return renderReport(rep, os.Stdout, format, loc)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".xundian-report-*")
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := renderReport(rep, tmp, format, loc); err != nil {
		tmp.Close()
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	// CreateTemp makes the file 0600; a report is for the whole team.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func renderReport(rep *reports.Report, w io.Writer, format string, loc *time.Location) error {
	switch format {
	case "html":
		return rep.WriteHTML(w, loc)
	case "csv":
		return rep.WriteCSV(w)
	case "xlsx":
		return rep.WriteXLSX(w, loc)
	case "json":
		return rep.WriteJSON(w)
	case "md":
		return rep.WriteMarkdown(w, loc)
	}
	return fmt.Errorf("unknown report format %q (want md, json, html, csv or xlsx)", format)
}

// printSummary writes the short terminal summary of a finished run.
func printSummary(w io.Writer, o patrolOutcome, lang string) {
	r := o.report
	run := o.result.Run
	byRule := map[string]int{}
	for _, it := range r.Open {
		byRule[it.Rule]++
	}
	if lang == "en" {
		fmt.Fprintf(w, "run #%d %s: %d listings checked, %d fetch failures, %d open findings (%d new, %d resolved)\n",
			run.ID, run.Status, r.Health.Checked, r.Health.FetchFailed, len(r.Open), countState(r.Open, reports.StateNew), len(r.Resolved))
	} else {
		fmt.Fprintf(w, "运行 #%d %s：检查商品 %d 个，抓取失败 %d 个，未解决问题 %d 个（新增 %d，已修复 %d）\n",
			run.ID, reports.RunStatusLabel(run.Status, lang), r.Health.Checked, r.Health.FetchFailed, len(r.Open), countState(r.Open, reports.StateNew), len(r.Resolved))
	}
	for _, rc := range r.Rules {
		fmt.Fprintf(w, "  %-24s %4d  %s\n", rc.Rule, rc.Count, rc.Title)
	}
	if lang == "en" {
		fmt.Fprintf(w, "exposure: %d points, node %d — %s\n", r.Exposure.Points, r.Exposure.Node, reports.Consequence(r.Exposure.Node, lang))
	} else {
		fmt.Fprintf(w, "扣分敞口：%d 分，节点 %d — %s\n", r.Exposure.Points, r.Exposure.Node, reports.Consequence(r.Exposure.Node, lang))
	}
}

func countState(items []reports.Item, state string) int {
	n := 0
	for _, it := range items {
		if it.State == state {
			n++
		}
	}
	return n
}

// parseFailOn returns the minimum severity rank --fail-on names, 0 for none.
func parseFailOn(failOn string) (int, error) {
	if failOn == "" || failOn == "none" {
		return 0, nil
	}
	min := listing.Severity(strings.ToLower(failOn)).Rank()
	if min == 0 {
		return 0, fmt.Errorf("--fail-on: unknown severity %q (want critical, high, medium, low or none)", failOn)
	}
	return min, nil
}

// failOnCode maps the open findings to the exit code for --fail-on.
func failOnCode(r *reports.Report, failOn string) (int, error) {
	min, err := parseFailOn(failOn)
	if err != nil {
		return exitError, err
	}
	if min == 0 {
		return exitOK, nil
	}
	for _, it := range r.Open {
		if it.Severity.Rank() >= min {
			return exitFindings, nil
		}
	}
	return exitOK, nil
}

// openStore loads the config and opens its store: the start of the
// commands that read stored runs. Errors carry exit code 2.
func openStore(cmd *cobra.Command, g *globalFlags) (Config, *store.DB, error) {
	cfg, err := loadConfig(g.config, cmd.Flags())
	if err != nil {
		return Config{}, nil, withCode(exitError, err)
	}
	db, err := store.Open(cmd.Context(), cfg.Store.Path)
	if err != nil {
		return Config{}, nil, withCode(exitError, err)
	}
	return cfg, db, nil
}

// setMemoryLimit sets the runtime's soft memory limit to the heap the
// process holds now (the rule engine built) plus headroomMB MiB, unless
// GOMEMLIMIT is set or headroomMB is 0 (runtime.memory_headroom_mb).
func setMemoryLimit(headroomMB int) {
	if headroomMB <= 0 || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	debug.SetMemoryLimit(int64(ms.HeapAlloc) + int64(headroomMB)<<20)
}
