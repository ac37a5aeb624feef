package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/spf13/cobra"

	"github.com/xundian/xundian/reports"
	"github.com/xundian/xundian/store"
)

func newServeCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Patrol on the serve.schedule cron spec and serve a read-only web view of the runs",
		Long: `serve runs the daily patrol on serve.schedule (cron, read in reports.timezone)
and serves a read-only web view on serve.listen: / lists the runs,
/runs/{id} shows a run's report, /listings/{id} a listing's price history.
Only one run at a time per database: a scheduled patrol that finds another
patrol, demo or check running is skipped and logged. On SIGINT or SIGTERM a
running patrol gets serve.grace to finish, then it is cancelled and stored
as partial.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(g.config, cmd.Flags())
			if err != nil {
				return withCode(exitError, err)
			}
			ctx, stop := notifyContext(cmd.Context())
			defer stop()
			return withCode(exitError, serve(ctx, cfg, cmd.OutOrStdout(), &syncWriter{w: cmd.ErrOrStderr()}, g.quiet))
		},
	}
}

// syncWriter serializes the log lines of concurrent jobs and the server.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// serve runs the scheduler and the web view until ctx is done, then stops
// the scheduler, gives a running patrol serve.grace to finish, cancels it
// (patrol.Run stores it as partial) and shuts the web view down.
func serve(ctx context.Context, cfg Config, stdout, logw io.Writer, quiet bool) error {
	loc, err := time.LoadLocation(cfg.Reports.Timezone)
	if err != nil {
		return fmt.Errorf("reports.timezone: %w", err)
	}
	db, err := store.Open(ctx, cfg.Store.Path)
	if err != nil {
		return err
	}
	defer db.Close()

	// Patrols run on a context that outlives ctx by the grace period.
	runCtx, cancelRuns := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRuns()
	logger := log.New(logw, "xundian serve: ", log.LstdFlags)
	c := cron.New(cron.WithLocation(loc), cron.WithChain(
		cron.Recover(cron.PrintfLogger(logger)),
		cron.SkipIfStillRunning(cron.PrintfLogger(logger)),
	))
	if _, err := c.AddFunc(cfg.Serve.Schedule, func() { scheduledPatrol(runCtx, cfg, logger, logw, quiet) }); err != nil {
		return fmt.Errorf("serve.schedule: %w", err)
	}

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.Serve.Listen)
	if err != nil {
		return fmt.Errorf("serve.listen: %w", err)
	}
	srv := &http.Server{
		Handler:           webView{db: db, lang: cfg.Reports.Lang, loc: loc}.handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          logger,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	c.Start()
	fmt.Fprintf(stdout, "xundian serve: web view on http://%s, patrol schedule %q (%s)\n", ln.Addr(), cfg.Serve.Schedule, loc)

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-served:
	}
	jobs := c.Stop()
	select {
	case <-jobs.Done():
	case <-time.After(cfg.Serve.Grace):
		logger.Printf("grace period %s over: cancelling the running patrol", cfg.Serve.Grace)
		cancelRuns()
		<-jobs.Done()
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && serveErr == nil {
		serveErr = err
	}
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", serveErr)
	}
	return nil
}

// scheduledPatrol is one cron firing: a patrol under the run lock.
func scheduledPatrol(ctx context.Context, cfg Config, logger *log.Logger, logw io.Writer, quiet bool) {
	if ctx.Err() != nil {
		return
	}
	o, err := patrolJob{cfg: cfg, kind: store.KindPatrol, quiet: quiet, stderr: logw, notify: true}.run(ctx)
	switch {
	case errors.Is(err, store.ErrLocked):
		logger.Printf("scheduled patrol skipped: %v", err)
	case err != nil:
		logger.Printf("scheduled patrol: %v", err)
	default:
		var b bytes.Buffer
		printSummary(&b, o, cfg.Reports.Lang)
		logger.Printf("scheduled patrol done, report %s\n%s", o.reportPath, b.String())
	}
}

// webView is the read-only HTTP view of the store. Its links are relative,
// so it works behind a reverse proxy under any path prefix.
type webView struct {
	db   *store.DB
	lang string
	loc  *time.Location
}

func (v webView) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", v.runs)
	mux.HandleFunc("GET /runs/{id}", v.run)
	mux.HandleFunc("GET /listings", func(w http.ResponseWriter, r *http.Request) {
		// The lookup form; a relative Location keeps a proxy's prefix.
		w.Header().Set("Location", "listings/"+url.PathEscape(r.URL.Query().Get("id")))
		w.WriteHeader(http.StatusSeeOther)
	})
	mux.HandleFunc("GET /listings/{id}", v.listing)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		mux.ServeHTTP(w, r)
	})
}

// writePage renders into a buffer first so a failed render is a clean 500.
func writePage(w http.ResponseWriter, render func(io.Writer) error) {
	var b bytes.Buffer
	if err := render(&b); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(b.Bytes())
}

var pageTmpl = template.Must(template.New("page").Funcs(template.FuncMap{
	"when": func(t time.Time, loc *time.Location) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(loc).Format("2006-01-02 15:04:05")
	},
}).Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{.Title}}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}td.n{text-align:right}</style>
</head><body>
<h1>{{.Title}}</h1>
{{if .Runs}}<p><form action="{{.Up}}listings" method="get"><label>{{.Words.Listing}} <input name="id" size="12"></label> <button>{{.Words.History}}</button></form></p>
<table><tr><th>#</th><th>{{.Words.Kind}}</th><th>{{.Words.Status}}</th><th>{{.Words.Started}}</th><th>{{.Words.Finished}}</th><th>{{.Words.Listings}}</th><th>{{.Words.Findings}}</th><th>{{.Words.Note}}</th><th></th></tr>
{{range .Runs}}<tr><td class="n">{{.ID}}</td><td>{{.Kind}}</td><td>{{.Status}}</td><td>{{when .StartedAt $.Loc}}</td><td>{{when .FinishedAt $.Loc}}</td><td class="n">{{.Listings}}</td><td class="n">{{.Findings}}</td><td>{{.Note}}</td><td><a href="{{$.Up}}runs/{{.ID}}">{{$.Words.Report}}</a></td></tr>
{{end}}</table>{{else if .Prices}}<p><a href="{{.Up}}">← {{.Words.Back}}</a></p>
<table><tr><th>{{.Words.Run}}</th><th>{{.Words.Fetched}}</th><th>{{.Words.Price}}</th><th>{{.Words.Promo}}</th><th>{{.Words.Original}}</th><th>SKU</th></tr>
{{range .Prices}}<tr><td><a href="{{$.Up}}runs/{{.RunID}}">#{{.RunID}}</a></td><td>{{when .At $.Loc}}{{if .Carried}} *{{end}}</td><td class="n">{{.Price.Yuan}}</td><td class="n">{{if .PromoPrice}}{{.PromoPrice.Yuan}}{{end}}</td><td class="n">{{if .OriginalPrice}}{{.OriginalPrice.Yuan}}{{end}}</td><td>{{range $k, $v := .SKUPrices}}{{$k}} {{$v.Yuan}}; {{end}}</td></tr>
{{end}}</table>{{else}}<p>{{.Words.Empty}}</p>{{end}}
</body></html>
`))

type pageWords struct {
	Kind, Status, Started, Finished, Listings, Findings, Note, Report, Empty string
	Listing, History, Back, Run, Fetched, Price, Promo, Original             string
}

func webWords(lang string) pageWords {
	if lang == "en" {
		return pageWords{"kind", "status", "started", "finished", "listings", "findings", "note", "report", "No runs yet.",
			"listing", "price history", "runs", "run", "fetched", "price", "promo price", "original price"}
	}
	return pageWords{"类型", "状态", "开始", "结束", "商品", "问题", "备注", "报告", "还没有运行记录。",
		"商品", "价格历史", "运行列表", "运行", "抓取时间", "价格", "促销价", "原价"}
}

type page struct {
	Lang, Title, Up string
	Loc             *time.Location
	Words           pageWords
	Runs            []store.Run
	Prices          []store.PricePoint
}

func (v webView) runs(w http.ResponseWriter, r *http.Request) {
	runs, err := v.db.Runs(r.Context(), "", 500)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	title := "巡店 · 运行记录"
	if v.lang == "en" {
		title = "xundian · runs"
	}
	writePage(w, func(b io.Writer) error {
		return pageTmpl.Execute(b, page{Lang: v.lang, Title: title, Up: "", Loc: v.loc, Words: webWords(v.lang), Runs: runs})
	})
}

func (v webView) run(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		http.NotFound(w, r)
		return
	}
	rep, err := reports.Build(r.Context(), v.db, id, v.lang)
	if errors.Is(err, store.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writePage(w, func(b io.Writer) error { return rep.WriteHTML(b, v.loc) })
}

func (v webView) listing(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	prices, err := v.db.PriceHistory(r.Context(), id)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if len(prices) == 0 {
		http.NotFound(w, r)
		return
	}
	title := "商品 " + id + " 价格历史"
	if v.lang == "en" {
		title = "listing " + id + " price history"
	}
	writePage(w, func(b io.Writer) error {
		return pageTmpl.Execute(b, page{Lang: v.lang, Title: title, Up: "../", Loc: v.loc, Words: webWords(v.lang), Prices: prices})
	})
}
