package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/xundian/xundian/reports"
	"github.com/xundian/xundian/store"
)

func newCheckCmd(g *globalFlags) *cobra.Command {
	var failOn string
	cmd := &cobra.Command{
		Use:   "check <url|item-id>...",
		Short: "Check only the given listings now (after an edit) and print their findings",
		Long: `check fetches only the listings named (full URLs, or bare item IDs expanded
through shop.item_url_template; no index, sitemap or URL-list discovery), runs
every rule, stores a run of kind "check" and prints the findings as a table
(--lang en for English) or as findings JSON (--format json).

A check run is never the daily patrol's diff baseline: baselines are per run
kind. Findings of the latest complete patrol on these listings that the check
no longer sees are listed as fixed; the next patrol re-fetches the listing
and reports them as resolved.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(g.config, cmd.Flags())
			if err != nil {
				return withCode(exitError, err)
			}
			if _, err := parseFailOn(failOn); err != nil {
				return withCode(exitError, err)
			}
			dir, err := os.MkdirTemp("", "xundian-check-")
			if err != nil {
				return withCode(exitError, err)
			}
			defer os.RemoveAll(dir)
			if err := checkOnly(&cfg, args, filepath.Join(dir, "urls.txt")); err != nil {
				return withCode(exitError, err)
			}
			ctx, stop := notifyContext(cmd.Context())
			defer stop()
			o, err := patrolJob{cfg: cfg, kind: store.KindCheck, quiet: true, stderr: cmd.ErrOrStderr(), noFile: true, full: true}.run(ctx)
			if err != nil {
				return withCode(exitError, err)
			}
			rep := o.report
			// Findings on listings this check did not fetch are not its news.
			rep.Removed = nil
			out := cmd.OutOrStdout()
			if cfg.Reports.Format == "json" {
				if err := rep.WriteJSON(out); err != nil {
					return withCode(exitError, err)
				}
			} else {
				fixed, base, err := fixedSincePatrol(ctx, cfg.Store.Path, rep)
				if err != nil {
					return withCode(exitError, err)
				}
				printCheck(out, rep, fixed, base, cfg.Reports.Lang)
			}
			code, err := failOnCode(rep, failOn)
			if err != nil {
				return withCode(code, err)
			}
			// No message for findings: the table said it.
			return exitWith(code)
		},
	}
	cmd.Flags().StringVar(&failOn, "fail-on", "none", "exit 1 when an open finding has at least this severity (critical, high, medium, low, none)")
	return cmd
}

// checkOnly points cfg at exactly the listings in args, through a URL list
// file at path: no index pages, no sitemap. The crawler's allowed hosts stay
// the shop's, so a URL on another host is a fetch failure, never a request.
func checkOnly(cfg *Config, args []string, path string) error {
	var b strings.Builder
	for _, a := range args {
		a = strings.TrimSpace(a)
		if a == "" || strings.ContainsAny(a, "\r\n") {
			return fmt.Errorf("check: bad listing argument %q", a)
		}
		if !strings.HasPrefix(a, "http://") && !strings.HasPrefix(a, "https://") && cfg.Shop.ItemURLTemplate == "" {
			return fmt.Errorf("check: %q is an item ID, but shop.item_url_template is not set", a)
		}
		b.WriteString(a + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("check: %w", err)
	}
	if len(cfg.Shop.AllowedDomains) == 0 {
		// The crawler would only derive them from the URLs cleared below.
		for _, s := range append(slices.Clone(cfg.Shop.StartURLs), cfg.Shop.SitemapURL) {
			if u, err := url.Parse(s); err == nil && u.Host != "" && !slices.Contains(cfg.Shop.AllowedDomains, u.Host) {
				cfg.Shop.AllowedDomains = append(cfg.Shop.AllowedDomains, u.Host)
			}
		}
	}
	cfg.Shop.StartURLs = nil
	cfg.Shop.SitemapURL = ""
	cfg.Shop.URLListFile = path
	return nil
}

// fixedSincePatrol returns the findings of the latest complete patrol on
// the listings rep's run checked that the check no longer has.
func fixedSincePatrol(ctx context.Context, path string, rep *reports.Report) ([]store.StoredFinding, store.Run, error) {
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, store.Run{}, err
	}
	defer db.Close()
	base, ok, err := db.PreviousComplete(ctx, store.KindPatrol, rep.Run.ID)
	if err != nil || !ok {
		return nil, store.Run{}, err
	}
	checked, err := db.Outcomes(ctx, rep.Run.ID)
	if err != nil {
		return nil, store.Run{}, err
	}
	now := map[string]bool{}
	for _, it := range append(slices.Clone(rep.Open), rep.Suppressed...) {
		now[it.Fingerprint] = true
	}
	prev, err := db.Findings(ctx, base.ID)
	if err != nil {
		return nil, store.Run{}, err
	}
	var fixed []store.StoredFinding
	for _, f := range prev {
		if _, ok := checked[f.ListingID]; ok && !now[f.Fingerprint] && !f.Suppressed {
			fixed = append(fixed, f)
		}
	}
	return fixed, base, nil
}

var sourceZH = map[string]string{
	"title": "标题", "image": "图片", "description": "详情", "attributes": "属性", "service": "服务", "shop": "店铺",
}

// printCheck writes the check's findings as a table, then what it found
// fixed and the pages it could not fetch.
func printCheck(w io.Writer, rep *reports.Report, fixed []store.StoredFinding, base store.Run, lang string) {
	en := lang == "en"
	run := rep.Run
	if en {
		fmt.Fprintf(w, "check #%d %s: %d listings checked, %d fetch failures, %d open findings\n",
			run.ID, run.Status, rep.Health.Checked, rep.Health.FetchFailed, len(rep.Open))
	} else {
		fmt.Fprintf(w, "检查 #%d %s：检查商品 %d 个，抓取失败 %d 个，未解决问题 %d 个\n",
			run.ID, reports.RunStatusLabel(run.Status, lang), rep.Health.Checked, rep.Health.FetchFailed, len(rep.Open))
	}
	src := func(s string) string {
		if en || sourceZH[s] == "" {
			return s
		}
		return sourceZH[s]
	}
	header := []string{"商品", "规则", "来源", "证据", "说明"}
	if en {
		header = []string{"listing", "rule", "source", "evidence", "detail"}
	}
	if len(rep.Open) > 0 {
		rows := [][]string{header}
		for _, it := range rep.Open {
			rows = append(rows, []string{it.ListingID, it.Rule, src(string(it.Source)), "「" + it.Evidence + "」", it.Detail(lang)})
		}
		writeTable(w, rows)
	} else if rep.Health.Checked > 0 {
		if en {
			fmt.Fprintln(w, "no open findings")
		} else {
			fmt.Fprintln(w, "没有未解决的问题")
		}
	}
	if len(fixed) > 0 {
		if en {
			fmt.Fprintf(w, "fixed since patrol #%d (the next patrol marks them resolved):\n", base.ID)
		} else {
			fmt.Fprintf(w, "相比巡店 #%d 已修复（下次巡店将标记为已修复）：\n", base.ID)
		}
		rows := [][]string{header}
		for _, f := range fixed {
			detail := f.Detail
			if en && f.DetailEN != "" {
				detail = f.DetailEN
			}
			rows = append(rows, []string{f.ListingID, f.Rule, src(string(f.Source)), "「" + f.Evidence + "」", detail})
		}
		writeTable(w, rows)
	}
	for _, f := range rep.Health.Failures {
		if en {
			fmt.Fprintf(w, "not checked: %s (%d %s)\n", f.URL, f.Status, f.Err)
		} else {
			fmt.Fprintf(w, "未能检查：%s（%d %s）\n", f.URL, f.Status, f.Err)
		}
	}
}

// writeTable pads every column but the last to its widest cell, counting
// East Asian wide characters as two columns.
func writeTable(w io.Writer, rows [][]string) {
	widths := map[int]int{}
	for _, r := range rows {
		for i, c := range r[:len(r)-1] {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r) || r == '\u200b':
		case wide(r):
			n += 2
		default:
			n++
		}
	}
	return n
}

// wide reports East Asian wide and full-width runes (CJK, kana, hangul,
// full-width forms, CJK punctuation).
func wide(r rune) bool {
	return r >= 0x1100 && r <= 0x115f ||
		r >= 0x2e80 && r <= 0xa4cf ||
		r >= 0xac00 && r <= 0xd7a3 ||
		r >= 0xf900 && r <= 0xfaff ||
		r >= 0xfe30 && r <= 0xfe4f ||
		r >= 0xff00 && r <= 0xff60 ||
		r >= 0xffe0 && r <= 0xffe6 ||
		r >= 0x20000 && r <= 0x3fffd
}
