package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/history"
	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/promo"
	"github.com/xundian/xundian/reports"
	"github.com/xundian/xundian/store"
)

func newAuditCmd(g *globalFlags) *cobra.Command {
	var (
		promoName, templatePath, planPath, out, nowText string
		maxAge                                          time.Duration
	)
	cmd := &cobra.Command{
		Use:   "audit --promo NAME (--template OUT.csv | --plan PLAN.csv)",
		Short: "Pre-promotion audit: go/no-go per planned listing and for the shop against a promotion profile",
		Long: `audit checks a shop against a promotion profile of config.yaml (promotions.NAME,
e.g. double11 or 618) before signing up for the event.

  xundian audit --promo double11 --template plan.csv
      writes the plan template: one row per listing of the latest complete patrol
      (listing_id, title, current_price, presale_price, spot_price, planned_volume,
      stock). Fill in presale_price and/or spot_price for the listings you sign up
      (rows without either are not audited), planned_volume, and stock where the
      page shows none (the page's stock wins where it shows one).

  xundian audit --promo double11 --plan plan.csv
      fetches the whole shop again (or, with --max-age 12h, reuses a complete patrol
      that started within 12 hours), runs every listing rule, the history rules and
      the promotion rules, stores a run of kind "audit", writes its report, and prints
      a go/no-go per planned listing and for the shop with the blocking reasons.

A failed rule of at least the profile's block_severity blocks (every promotion rule
is high or critical; fake-original-price high; price-guarantee-breach medium);
lower failures and rules that could not check are printed as warnings. The shop's
cross-store discount and current deduction points come from audit.shop_discount and
audit.shop_points, which the seller fills in.

Exit codes: 0 every planned listing and the shop are go; 1 something blocks; 2 the
audit could not run (bad config or plan CSV — nothing is written —, crawl or store
error).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(g.config, cmd.Flags())
			if err != nil {
				return withCode(exitError, err)
			}
			if promoName == "" {
				return withCode(exitError, errors.New("audit: --promo NAME is required (a key of promotions in config.yaml)"))
			}
			prof, err := cfg.promoProfile(promoName)
			if err != nil {
				return withCode(exitError, err)
			}
			clock, err := auditClock(nowText)
			if err != nil {
				return withCode(exitError, err)
			}
			ctx, stop := notifyContext(cmd.Context())
			defer stop()
			if templatePath != "" {
				if planPath != "" {
					return withCode(exitError, errors.New("audit: --template and --plan do not go together"))
				}
				return withCode(exitError, writePlanTemplate(ctx, cfg, templatePath, cmd.ErrOrStderr()))
			}
			if planPath == "" {
				return withCode(exitError, errors.New("audit: --plan PLAN.csv is required (write one with --template)"))
			}
			plans, err := readPlanFile(planPath)
			if err != nil {
				return withCode(exitError, err)
			}
			shopDiscount, _ := promo.ParseDiscount(cfg.Audit.ShopDiscount) // validated with the config
			a := &auditor{cfg: cfg, prof: prof, plans: plans, shopDiscount: shopDiscount}
			j := patrolJob{cfg: cfg, kind: store.KindAudit, out: out, quiet: g.quiet, stderr: cmd.ErrOrStderr(),
				full: true, now: clock, after: a.after}
			o, err := a.run(ctx, j, maxAge)
			if err != nil {
				return withCode(exitError, err)
			}
			vs, err := a.verdicts(ctx, o.result.Run.ID)
			if err != nil {
				return withCode(exitError, err)
			}
			printVerdicts(cmd.OutOrStdout(), o.result.Run, prof, vs, a.shop, a.exposure, cfg.Reports.Lang)
			if o.reportPath != "" && out != "-" {
				fmt.Fprintln(cmd.ErrOrStderr(), "report:", o.reportPath)
			}
			for _, v := range vs {
				if !v.Go {
					return exitWith(exitFindings)
				}
			}
			if !a.shop.Go {
				return exitWith(exitFindings)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&promoName, "promo", "", "promotion profile (a key of promotions in config.yaml, e.g. double11, 618)")
	cmd.Flags().StringVar(&templatePath, "template", "", "write the plan CSV template for the latest patrol's listings to this file (\"-\" for stdout)")
	cmd.Flags().StringVar(&planPath, "plan", "", "the filled-in plan CSV")
	cmd.Flags().DurationVar(&maxAge, "max-age", 0, "reuse the latest complete patrol if it started within this long (e.g. 12h) instead of fetching the shop again; 0: always fetch")
	cmd.Flags().StringVarP(&out, "out", "o", "", "report path (\"-\" for stdout; default: a dated file in reports.dir)")
	cmd.Flags().StringVar(&nowText, "now", "", "run the audit as of this time (RFC 3339), for demos and tests")
	_ = cmd.Flags().MarkHidden("now")
	return cmd
}

// auditClock is the audit's clock: the real one, or one starting at the
// RFC 3339 time given and running on from there.
func auditClock(text string) (func() time.Time, error) {
	if text == "" {
		return time.Now, nil
	}
	t0, err := time.Parse(time.RFC3339, text)
	if err != nil {
		return nil, fmt.Errorf("--now: want RFC 3339 (2026-10-15T02:00:00+08:00): %w", err)
	}
	start := time.Now()
	return func() time.Time { return t0.Add(time.Since(start)) }, nil
}

// readPlanFile reads the seller's plan CSV.
func readPlanFile(path string) ([]promo.Plan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	defer f.Close()
	return promo.ReadPlan(f, path)
}

// writePlanTemplate writes the plan template for the listings of the
// latest complete patrol.
func writePlanTemplate(ctx context.Context, cfg Config, path string, stderr io.Writer) error {
	db, err := store.Open(ctx, cfg.Store.Path)
	if err != nil {
		return err
	}
	defer db.Close()
	run, ok, err := db.LatestCompleteSince(ctx, store.KindPatrol, time.Time{})
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("audit --template: no complete patrol in %s yet: run xundian patrol first", cfg.Store.Path)
	}
	ls, err := db.RunListings(ctx, run.ID)
	if err != nil {
		return err
	}
	if path == "-" {
		return promo.WriteTemplate(os.Stdout, ls)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".xundian-plan-*")
	if err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := promo.WriteTemplate(tmp, ls); err != nil {
		tmp.Close()
		return fmt.Errorf("write template %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write template %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	fmt.Fprintf(stderr, "%s: %d listings of patrol #%d\n", path, len(ls), run.ID)
	return nil
}

// auditor holds one audit's inputs and, once its run has judged them,
// what the history and promotion rules concluded for the planned listings
// and the shop.
type auditor struct {
	cfg          Config
	prof         promo.Profile
	plans        []promo.Plan
	shopDiscount promo.Discount

	// Filled in by after.
	results  map[string][]promo.RuleResult // listing ID → history and promotion results
	found    map[string]bool
	titles   map[string]string
	shop     promo.Verdict
	exposure int
}

// run stores the audit run: a fresh fetch of the shop through the patrol
// job, or with maxAge a copy of a recent complete patrol judged again.
func (a *auditor) run(ctx context.Context, j patrolJob, maxAge time.Duration) (patrolOutcome, error) {
	if maxAge > 0 {
		o, ok, err := a.reuse(ctx, j, maxAge)
		if err != nil || ok {
			return o, err
		}
		fmt.Fprintf(j.stderr, "xundian: no complete patrol within %s: fetching the shop\n", maxAge)
	}
	return j.run(ctx)
}

// reuse builds the audit run from the latest complete patrol that started
// within maxAge, and reports false when there is none.
func (a *auditor) reuse(ctx context.Context, j patrolJob, maxAge time.Duration) (patrolOutcome, bool, error) {
	db, err := store.Open(ctx, j.cfg.Store.Path)
	if err != nil {
		return patrolOutcome{}, false, err
	}
	defer db.Close()
	now := j.now()
	from, ok, err := db.LatestCompleteSince(ctx, store.KindPatrol, now.Add(-maxAge))
	if err != nil || !ok {
		return patrolOutcome{}, false, err
	}
	lock, err := db.AcquireLock(ctx, store.KindAudit, time.Now())
	if err != nil {
		return patrolOutcome{}, false, err
	}
	defer lock.Release(ctx)
	run, err := db.StartRun(ctx, store.KindAudit, j.cfg.Shop.Name, now.UTC())
	if err != nil {
		return patrolOutcome{}, false, err
	}
	stats := store.RunStats{Listings: from.Listings, Note: fmt.Sprintf("prices and pages of patrol #%d", from.ID)}
	status := store.StatusComplete
	werr := db.CopyRun(ctx, from.ID, run.ID)
	if werr == nil {
		werr = j.afterCrawl(ctx, db, run.ID)
	}
	if werr == nil {
		var fs []store.StoredFinding
		fs, werr = db.Findings(ctx, run.ID)
		stats.Findings = len(fs)
	}
	if werr != nil {
		status, stats.Note = store.StatusFailed, "store: "+werr.Error()
	}
	if err := db.FinishRun(context.WithoutCancel(ctx), run.ID, status, j.now().UTC(), stats); err != nil {
		return patrolOutcome{}, false, err
	}
	if werr != nil {
		return patrolOutcome{}, false, werr
	}
	final, err := db.Run(ctx, run.ID)
	if err != nil {
		return patrolOutcome{}, false, err
	}
	o := patrolOutcome{}
	o.result.Run = final
	if o.report, err = reports.Build(ctx, db, run.ID, j.cfg.Reports.Lang); err != nil {
		return o, false, err
	}
	loc, err := time.LoadLocation(j.cfg.Reports.Timezone)
	if err != nil {
		return o, false, err
	}
	o.reportPath = j.out
	if o.reportPath == "" {
		day := final.StartedAt.In(loc).Format("2006-01-02")
		o.reportPath = filepath.Join(j.cfg.Reports.Dir, fmt.Sprintf("%s-%s-%d.%s", day, j.kind, final.ID, j.cfg.Reports.Format))
	}
	return o, true, writeReport(o.report, o.reportPath, j.cfg.Reports.Format, loc)
}

// after is the audit's part of the run (patrolJob.after): it judges the
// promotion rules on the planned listings and the shop, stores their
// findings and outcomes in the run, and keeps the history and promotion
// results for the verdicts.
func (a *auditor) after(ctx context.Context, db *store.DB, runID int64) error {
	run, err := db.Run(ctx, runID)
	if err != nil {
		return err
	}
	ids := make([]string, len(a.plans))
	for i, p := range a.plans {
		ids[i] = p.ListingID
	}
	series, err := db.PriceSeries(ctx, runID, run.StartedAt.Add(-historyHorizon(a.cfg)), ids)
	if err != nil {
		return err
	}
	byID := make(map[string]*listing.Listing, len(ids))
	for _, id := range ids {
		l, ok, err := db.Snapshot(ctx, runID, id)
		if err != nil {
			return err
		}
		if ok {
			byID[id] = &l
		}
	}
	settings, err := historySettings(a.cfg)
	if err != nil {
		return err
	}
	on := ruleEnabled(a.cfg)
	a.results, a.found, a.titles = map[string][]promo.RuleResult{}, map[string]bool{}, map[string]string{}
	var save []store.RuleResult
	for _, p := range a.plans {
		l := byID[p.ListingID]
		a.found[p.ListingID] = l != nil
		a.titles[p.ListingID] = p.Title
		if l == nil {
			continue // nothing to store it under; the verdict says why
		}
		a.titles[p.ListingID] = l.Title
		pts := series[p.ListingID].Points
		var rs []promo.RuleResult
		hin := history.Input{ListingID: l.ID, URL: l.URL, Title: l.Title, Points: pts, Settings: settings}
		for _, r := range enabledHistoryRules(a.cfg) {
			rs = append(rs, promo.RuleResult{Rule: r.ID, Severity: r.Severity, Result: r.Judge(hin)})
		}
		prs := promo.JudgeListing(promo.ListingInput{Plan: p, Listing: l, Points: pts, Now: run.StartedAt, Profile: a.prof}, on)
		res := store.RuleResult{ListingID: l.ID, Outcomes: map[string]listing.Outcome{}}
		for _, r := range prs {
			res.Outcomes[r.Rule] = r.Outcome
			if r.Finding != nil {
				res.Findings = append(res.Findings, *r.Finding)
			}
		}
		save = append(save, res)
		a.results[p.ListingID] = append(rs, prs...)
	}
	// The exposure of every open finding of the run so far (listing and
	// history rules; promotion rules score no points).
	fs, err := db.Findings(ctx, runID)
	if err != nil {
		return err
	}
	var open []reports.Item
	for _, f := range fs {
		if !f.Suppressed {
			open = append(open, reports.Item{Finding: f.Finding})
		}
	}
	a.exposure = reports.ComputeExposure(open).Points
	shopRs := promo.JudgeShop(promo.ShopInput{Points: a.cfg.Audit.ShopPoints, Exposure: a.exposure,
		Discount: a.shopDiscount, Profile: a.prof}, on)
	shop := store.RuleResult{ListingID: store.ShopListingID}
	for _, r := range shopRs {
		if r.Finding != nil {
			shop.Findings = append(shop.Findings, *r.Finding)
		}
	}
	save = append(save, shop)
	a.shop = promo.Decide(store.ShopListingID, "", true, shopRs, a.prof.BlockSeverity)
	return db.SaveRuleResults(ctx, runID, promo.IDs(), save)
}

// verdicts decides go/no-go for every planned listing, adding the listing
// rules' open findings on it (suppressed ones excepted) to the history and
// promotion results after kept.
func (a *auditor) verdicts(ctx context.Context, runID int64) ([]promo.Verdict, error) {
	if a.results == nil {
		return nil, errors.New("audit: the run stored no listing to judge")
	}
	db, err := store.Open(ctx, a.cfg.Store.Path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	fs, err := db.Findings(ctx, runID)
	if err != nil {
		return nil, err
	}
	listingRule := map[string]bool{}
	for _, c := range checks.All() {
		listingRule[c.ID] = true
	}
	extra := map[string][]promo.RuleResult{}
	for _, f := range fs {
		if !listingRule[f.Rule] || f.Suppressed {
			continue
		}
		fc := f.Finding
		extra[f.ListingID] = append(extra[f.ListingID], promo.RuleResult{Rule: f.Rule, Severity: f.Severity,
			Result: history.Result{Outcome: listing.OutcomeFail, Finding: &fc}})
	}
	var out []promo.Verdict
	for _, p := range a.plans {
		rs := append(slices.Clone(a.results[p.ListingID]), extra[p.ListingID]...)
		out = append(out, promo.Decide(p.ListingID, a.titles[p.ListingID], a.found[p.ListingID], rs, a.prof.BlockSeverity))
	}
	return out, nil
}

// printVerdicts writes the go/no-go table: one row per blocking reason
// and warning, then the shop.
func printVerdicts(w io.Writer, run store.Run, prof promo.Profile, vs []promo.Verdict, shop promo.Verdict, exposure int, lang string) {
	en := lang == "en"
	nogo := 0
	for _, v := range vs {
		if !v.Go {
			nogo++
		}
	}
	verdict := func(g bool) string {
		switch {
		case g && en:
			return "GO"
		case en:
			return "NO-GO"
		case g:
			return "可报名"
		}
		return "不可报名"
	}
	if en {
		fmt.Fprintf(w, "audit #%d %s for %s (%s): %d planned listings, %d go, %d no-go; shop %s\n",
			run.ID, run.Status, prof.Title, prof.Key, len(vs), len(vs)-nogo, nogo, verdict(shop.Go))
	} else {
		fmt.Fprintf(w, "自查 #%d %s，活动 %s（%s）：计划报名 %d 个商品，可报名 %d 个，不可报名 %d 个；店铺：%s\n",
			run.ID, run.Status, prof.Title, prof.Key, len(vs), len(vs)-nogo, nogo, verdict(shop.Go))
	}
	header := []string{"商品", "结论", "类别", "规则", "原因"}
	if en {
		header = []string{"listing", "verdict", "kind", "rule", "reason"}
	}
	rows := [][]string{header}
	kindWord := func(blocking bool) string {
		switch {
		case blocking && en:
			return "blocking"
		case en:
			return "warning"
		case blocking:
			return "阻止报名"
		}
		return "提示"
	}
	reason := func(r promo.RuleResult) string {
		if f := r.Finding; f != nil {
			if en && f.DetailEN != "" {
				return f.DetailEN
			}
			return f.Detail
		}
		text := r.Reason
		if en {
			text = r.ReasonEN
		}
		if r.Outcome == listing.OutcomeCouldNotCheck {
			if en {
				return "could not check: " + text
			}
			return "无法检查：" + text
		}
		return text
	}
	add := func(id string, v promo.Verdict) {
		first := true
		row := func(blocking bool, r promo.RuleResult) {
			cells := []string{"", "", kindWord(blocking), r.Rule, reason(r)}
			if r.Rule == "" {
				cells[3] = "-"
			}
			if first {
				cells[0], cells[1] = id, verdict(v.Go)
				first = false
			}
			rows = append(rows, cells)
		}
		for _, r := range v.Blocking {
			row(true, r)
		}
		for _, r := range v.Warnings {
			row(false, r)
		}
		if first {
			rows = append(rows, []string{id, verdict(v.Go), "", "", ""})
		}
	}
	for _, v := range vs {
		add(v.ListingID, v)
	}
	shopName := "店铺"
	if en {
		shopName = "shop"
	}
	add(shopName, shop)
	writeTable(w, rows)
	if en {
		fmt.Fprintf(w, "exposure of open findings: %d points; shop points (audit.shop_points) added for promo-shop-points\n", exposure)
	} else {
		fmt.Fprintf(w, "未处理问题扣分敞口：%d 分（promo-shop-points 另加 audit.shop_points）\n", exposure)
	}
	for _, v := range vs {
		for _, n := range v.Notes {
			text := n.Reason
			if en {
				text = n.ReasonEN
			}
			fmt.Fprintf(w, "  %s %s: %s\n", v.ListingID, n.Rule, text)
		}
	}
}
