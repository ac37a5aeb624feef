package main

import (
	"fmt"
	"io"
	"net/url"
	"sort"

	"github.com/spf13/cobra"

	"github.com/xundian/xundian/demoshop"
	"github.com/xundian/xundian/reports"
	"github.com/xundian/xundian/store"
)

func newDemoCmd(g *globalFlags) *cobra.Command {
	var (
		listings int
		seed     int64
		out      string
	)
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Start the demo shop on a free loopback port, patrol it and write the report",
		Long: `demo starts xundian's own demo storefront in-process on 127.0.0.1, patrols it
with the shipped configuration pointed at it, prints a summary (listings,
findings per rule, exposure, and how the findings compare with the demo's
planted ground truth) and writes the report. Unless --db is given it uses
demo.db, so demo runs never mix with a real shop's history.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(g.config, cmd.Flags())
			if err != nil {
				return withCode(exitError, err)
			}
			if !cmd.Flags().Changed("db") {
				cfg.Store.Path = "demo.db"
			}
			shop, err := demoshop.New(demoshop.Options{Listings: listings, Seed: seed, FontPath: demoshop.InstalledFont()})
			if err != nil {
				return withCode(exitError, err)
			}
			ctx, stop := notifyContext(cmd.Context())
			defer stop()
			srv, err := demoshop.Serve(ctx, "127.0.0.1:0", shop)
			if err != nil {
				return withCode(exitError, fmt.Errorf("start demo shop: %w", err))
			}
			base := srv.URL
			pointAtDemo(&cfg, base)
			if cfg.Reports.Lang == "en" {
				fmt.Fprintf(cmd.ErrOrStderr(), "demo shop: %s (%d listings, seed %d)\n", base, listings, seed)
			} else {
				fmt.Fprintf(cmd.ErrOrStderr(), "演示店：%s（%d 个商品，种子 %d）\n", base, listings, seed)
			}
			o, err := patrolJob{cfg: cfg, kind: store.KindPatrol, out: out, quiet: g.quiet, stderr: cmd.ErrOrStderr()}.run(ctx)
			if err != nil {
				return withCode(exitError, err)
			}
			printSummary(cmd.ErrOrStderr(), o, cfg.Reports.Lang)
			printTruthComparison(cmd.ErrOrStderr(), o.report, shop.Truth(), cfg.Reports.Lang)
			if out != "-" {
				fmt.Fprintln(cmd.OutOrStdout(), o.reportPath)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&listings, "listings", 500, "number of demo listings")
	cmd.Flags().Int64Var(&seed, "seed", 1, "demo shop seed")
	cmd.Flags().StringVarP(&out, "out", "o", "", "report path (\"-\" for stdout; default: a dated file in reports.dir)")
	return cmd
}

// pointAtDemo rewrites the shop URLs of cfg to the demo shop at base.
func pointAtDemo(cfg *Config, base string) {
	u, _ := url.Parse(base)
	cfg.Shop.Name = "demo"
	cfg.Shop.StartURLs = []string{base + "/list?page=1"}
	cfg.Shop.SitemapURL = base + "/sitemap.xml"
	cfg.Shop.ItemURLTemplate = base + "/item/{id}.html"
	cfg.Shop.URLListFile = ""
	cfg.Shop.AllowedDomains = []string{u.Hostname()}
}

// truthScore compares open findings with the demo's ground truth,
// listing path by rule.
type truthScore struct {
	planted, found, matched int
	missed, extra           []string
}

func scoreAgainstTruth(r *reports.Report, truth map[string][]string) truthScore {
	want := map[string]bool{}
	for path, rules := range truth {
		for _, rule := range rules {
			want[path+" "+rule] = true
		}
	}
	got := map[string]bool{}
	for _, it := range append(append([]reports.Item{}, r.Open...), r.Suppressed...) {
		u, err := url.Parse(it.URL)
		if err != nil {
			continue
		}
		path := u.EscapedPath()
		if u.RawQuery != "" {
			path += "?" + u.RawQuery
		}
		got[path+" "+it.Rule] = true
	}
	var s truthScore
	s.planted, s.found = len(want), len(got)
	for k := range got {
		if want[k] {
			s.matched++
		} else {
			s.extra = append(s.extra, k)
		}
	}
	for k := range want {
		if !got[k] {
			s.missed = append(s.missed, k)
		}
	}
	sort.Strings(s.missed)
	sort.Strings(s.extra)
	return s
}

func printTruthComparison(w io.Writer, r *reports.Report, truth map[string][]string, lang string) {
	s := scoreAgainstTruth(r, truth)
	if lang == "en" {
		fmt.Fprintf(w, "against the demo's ground truth: %d planted, %d found, %d matched (%d missed, %d unexpected)\n",
			s.planted, s.found, s.matched, len(s.missed), len(s.extra))
	} else {
		fmt.Fprintf(w, "与演示店真值对比：埋设 %d 个，发现 %d 个，吻合 %d 个（漏报 %d，误报 %d）\n",
			s.planted, s.found, s.matched, len(s.missed), len(s.extra))
	}
	for i, k := range s.missed {
		if i == 10 {
			break
		}
		fmt.Fprintf(w, "  missed: %s\n", k)
	}
	for i, k := range s.extra {
		if i == 10 {
			break
		}
		fmt.Fprintf(w, "  unexpected: %s\n", k)
	}
}
