package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/xundian/xundian/history"
	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

// minHistoryHorizon is how far back the history rules read a run's price
// series at least: a strike-through shown unchanged for longer than this
// (less the 7-day window) counts as standing since the first point read.
const minHistoryHorizon = 90 * 24 * time.Hour

// historyHorizon is how far back before a run the history and promotion
// rules read prices.
func historyHorizon(cfg Config) time.Duration {
	h := minHistoryHorizon
	days := cfg.History.PriceGuaranteeDays
	for _, p := range cfg.Promotions {
		days = max(days, p.LookbackDays)
	}
	return max(h, time.Duration(days+1)*24*time.Hour)
}

// historySettings are the history rules' settings from cfg.
func historySettings(cfg Config) (history.Settings, error) {
	loc, err := time.LoadLocation(cfg.Reports.Timezone)
	if err != nil {
		return history.Settings{}, fmt.Errorf("reports.timezone: %w", err)
	}
	return history.Settings{PriceGuaranteeDays: cfg.History.PriceGuaranteeDays, Location: loc}, nil
}

// ruleEnabled reports whether checks.disabled leaves rule id on.
func ruleEnabled(cfg Config) func(id string) bool {
	return func(id string) bool { return !slices.Contains(cfg.Checks.Disabled, id) }
}

// afterCrawl is patrol.Options.After for every run of the CLI: it judges
// the history rules on every listing the run holds and stores their
// findings and outcomes in the run, then runs j.after (the audit's part).
func (j patrolJob) afterCrawl(ctx context.Context, db *store.DB, runID int64) error {
	run, err := db.Run(ctx, runID)
	if err != nil {
		return err
	}
	settings, err := historySettings(j.cfg)
	if err != nil {
		return err
	}
	if rules := enabledHistoryRules(j.cfg); len(rules) > 0 {
		ids := make([]string, len(rules))
		for i, r := range rules {
			ids[i] = r.ID
		}
		// Results are written every historyBatch listings, so a shop of
		// any size holds one batch in memory (the series are read in a
		// snapshot the writes do not disturb).
		var results []store.RuleResult
		flush := func() error {
			err := db.SaveRuleResults(ctx, runID, ids, results)
			results = results[:0]
			return err
		}
		err := db.EachPriceSeries(ctx, runID, run.StartedAt.Add(-historyHorizon(j.cfg)), func(s store.Series) error {
			res := store.RuleResult{ListingID: s.ListingID, Outcomes: make(map[string]listing.Outcome, len(rules))}
			in := history.Input{ListingID: s.ListingID, URL: s.URL, Title: s.Title, Points: s.Points, Settings: settings}
			for _, r := range rules {
				out := r.Judge(in)
				res.Outcomes[r.ID] = out.Outcome
				if out.Finding != nil {
					res.Findings = append(res.Findings, *out.Finding)
				}
			}
			results = append(results, res)
			if len(results) >= historyBatch {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := flush(); err != nil {
			return err
		}
	}
	if j.after != nil {
		return j.after(ctx, db, runID)
	}
	return nil
}

// historyBatch is how many listings' history verdicts are written at a
// time.
const historyBatch = 2000

// enabledHistoryRules are the history rules checks.disabled leaves on.
func enabledHistoryRules(cfg Config) []*history.Rule {
	var out []*history.Rule
	on := ruleEnabled(cfg)
	for _, r := range history.All() {
		if on(r.ID) {
			out = append(out, r)
		}
	}
	return out
}

func newHistoryCmd(g *globalFlags) *cobra.Command {
	var spark string
	cmd := &cobra.Command{
		Use:   "history <listing-id>",
		Short: "Print a listing's price history (price, promo, original, SKU prices per run) and the history rules' verdict",
		Long: `history prints the prices every stored run saw for one listing, oldest first: the
list price, promotional price, original (strike-through) price and SKU prices, with the
run and its start time in reports.timezone; a sparkline of the price a buyer paid when
printing to a terminal (--sparkline always|never|auto); and what the history rules
(fake-original-price, price-guarantee-breach) conclude as of the latest run.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(g.config, cmd.Flags())
			if err != nil {
				return withCode(exitError, err)
			}
			switch spark {
			case "auto", "always", "never":
			default:
				return withCode(exitError, fmt.Errorf("--sparkline: %q (want auto, always or never)", spark))
			}
			settings, err := historySettings(cfg)
			if err != nil {
				return withCode(exitError, err)
			}
			db, err := store.Open(cmd.Context(), cfg.Store.Path)
			if err != nil {
				return withCode(exitError, err)
			}
			defer db.Close()
			pts, runs, err := listingHistory(cmd.Context(), db, args[0])
			if err != nil {
				return withCode(exitError, err)
			}
			if len(pts) == 0 {
				return withCode(exitError, fmt.Errorf("history: no stored price for listing %q", args[0]))
			}
			out := cmd.OutOrStdout()
			showSpark := spark == "always" || spark == "auto" && isTerminal(out)
			printHistory(out, args[0], pts, runs, settings, cfg.Reports.Lang, showSpark)
			return nil
		},
	}
	cmd.Flags().StringVar(&spark, "sparkline", "auto", "print a sparkline: auto (on a terminal), always or never")
	return cmd
}

// listingHistory returns a listing's stored prices (store.PriceHistory),
// each dated by its run's start like the history rules see them, and the
// runs by ID.
func listingHistory(ctx context.Context, db *store.DB, id string) ([]store.PricePoint, map[int64]store.Run, error) {
	pts, err := db.PriceHistory(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	rs, err := db.Runs(ctx, "", 0)
	if err != nil {
		return nil, nil, err
	}
	runs := make(map[int64]store.Run, len(rs))
	for _, r := range rs {
		runs[r.ID] = r
	}
	for i := range pts {
		if r, ok := runs[pts[i].RunID]; ok {
			pts[i].At = r.StartedAt
		}
	}
	slices.SortStableFunc(pts, func(a, b store.PricePoint) int { return a.At.Compare(b.At) })
	return pts, runs, nil
}

// printHistory writes the series as a table, the sparkline, and the
// history rules' outcomes as of the last point.
func printHistory(w io.Writer, id string, pts []store.PricePoint, runs map[int64]store.Run, s history.Settings, lang string, spark bool) {
	en := lang == "en"
	header := []string{"运行", "类型", "时间", "标价", "促销价", "划线价", "SKU 价格"}
	if en {
		header = []string{"run", "kind", "time", "price", "promo", "original", "SKU prices"}
	}
	rows := [][]string{header}
	money := func(m listing.Money) string {
		if m <= 0 {
			return "-"
		}
		return m.String()
	}
	for _, p := range pts {
		kind := runs[p.RunID].Kind
		if p.Carried {
			kind += "*"
		}
		rows = append(rows, []string{fmt.Sprintf("#%d", p.RunID), kind, p.At.In(s.Location).Format("2006-01-02 15:04"),
			money(p.Price), money(p.PromoPrice), money(p.OriginalPrice), skuText(p.SKUPrices)})
	}
	if en {
		fmt.Fprintf(w, "listing %s: %d prices (times in %s; * = page unchanged, carried)\n", id, len(pts), s.Location)
	} else {
		fmt.Fprintf(w, "商品 %s：%d 条价格记录（时间为 %s；* = 页面未变，沿用）\n", id, len(pts), s.Location)
	}
	writeTable(w, rows)
	if spark {
		vals := make([]listing.Money, len(pts))
		for i, p := range pts {
			vals[i] = history.Charged(p)
		}
		var lo, hi listing.Money
		for _, v := range vals {
			if v > 0 && (lo == 0 || v < lo) {
				lo = v
			}
			hi = max(hi, v)
		}
		label := "到手价"
		if en {
			label = "paid"
		}
		fmt.Fprintf(w, "%s %s  %s … %s\n", label, sparkline(vals), lo.Yuan(), hi.Yuan())
	}
	in := history.Input{ListingID: id, Points: pts, Settings: s}
	for _, r := range history.All() {
		res := r.Judge(in)
		text := res.Reason
		if en {
			text = res.ReasonEN
		}
		if res.Finding != nil {
			text = res.Finding.Detail
			if en {
				text = res.Finding.DetailEN
			}
		}
		if text != "" {
			text = " — " + text
		}
		fmt.Fprintf(w, "%-24s %s%s\n", r.ID, res.Outcome, text)
	}
}

// skuText lists SKU prices sorted by SKU: "10001-1 129.00, 10001-2 139.00".
func skuText(m map[string]listing.Money) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+" "+m[k].String())
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

// sparkBars are the eight levels of a sparkline, lowest first.
var sparkBars = []rune("▁▂▃▄▅▆▇█")

// sparkline draws vals as one bar per value, scaled from the lowest (▁)
// to the highest (█); a flat series is all ▄, a missing price (0) a space.
func sparkline(vals []listing.Money) string {
	var lo, hi listing.Money
	for _, v := range vals {
		if v <= 0 {
			continue
		}
		if lo == 0 || v < lo {
			lo = v
		}
		hi = max(hi, v)
	}
	var b strings.Builder
	for _, v := range vals {
		switch {
		case v <= 0:
			b.WriteRune(' ')
		case hi == lo:
			b.WriteRune(sparkBars[3])
		default:
			b.WriteRune(sparkBars[int((v-lo)*listing.Money(len(sparkBars)-1)/(hi-lo))])
		}
	}
	return b.String()
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
