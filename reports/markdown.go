package reports

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// text holds the report's fixed words in one language.
type text struct {
	title, run, status, started, finished, baseline, noBaseline                 string
	summary, listings, checked, failed, pages, newF, openF, resolvedF, removedF string
	exposure, points, node, fewest, byRule, rule, count, sev, perFinding        string
	secNew, secOpen, secResolved, secRemoved, secSuppressed, secHealth          string
	colListing, colSource, colEvidence, colDetail, colReason, carried, none     string
	healthBad, couldNotCheck, failures, colURL, colStatus, colError             string
}

func words(lang string) text {
	if lang == "en" {
		return text{
			title: "xundian patrol report", run: "Run", status: "status", started: "started", finished: "finished",
			baseline: "compared with run", noBaseline: "first run of this kind: every finding is new",
			summary: "Summary", listings: "listings discovered", checked: "checked", failed: "fetch failed",
			pages: "pages fetched", newF: "new", openF: "still open", resolvedF: "resolved", removedF: "removed from shop",
			exposure: "Exposure", points: "points at risk", node: "penalty node", fewest: "Fewest fixes to drop below the node",
			byRule: "Open findings by rule", rule: "rule", count: "open", sev: "severity", perFinding: "points each",
			secNew: "New findings", secOpen: "Still open", secResolved: "Resolved", secRemoved: "Listings removed from the shop",
			secSuppressed: "Suppressed (accepted) findings", secHealth: "Crawl health",
			colListing: "listing", colSource: "source", colEvidence: "evidence", colDetail: "detail", colReason: "reason",
			carried: "(not checked this run: page failed or input missing; kept from the last check)", none: "none",
			healthBad:     "**Warning: part of the shop was not checked. Findings on unchecked listings are kept open, never reported as fixed.**",
			couldNotCheck: "Rules that could not be checked (input missing)", failures: "Fetch failures",
			colURL: "URL", colStatus: "status", colError: "error",
		}
	}
	return text{
		title: "巡店日报", run: "运行", status: "状态", started: "开始", finished: "结束",
		baseline: "对比运行", noBaseline: "同类首次运行：所有问题均为新增",
		summary: "概要", listings: "发现商品", checked: "已检查", failed: "抓取失败",
		pages: "抓取页面", newF: "新增", openF: "仍未解决", resolvedF: "已修复", removedF: "已下架",
		exposure: "扣分敞口", points: "可能被扣分数", node: "处罚节点", fewest: "降到节点以下最少需修复",
		byRule: "按规则统计（未解决）", rule: "规则", count: "数量", sev: "严重度", perFinding: "每条扣分",
		secNew: "新增问题", secOpen: "仍未解决", secResolved: "已修复", secRemoved: "已从店铺下架的商品",
		secSuppressed: "已忽略的问题", secHealth: "抓取健康",
		colListing: "商品", colSource: "来源", colEvidence: "证据", colDetail: "说明", colReason: "原因",
		carried: "（本次未能检查：页面抓取失败或缺少输入，沿用上次结果）", none: "无",
		healthBad:     "**警告：部分商品本次未能检查。未检查商品的问题保持未解决，不会被当作已修复。**",
		couldNotCheck: "无法检查的规则（缺少输入）", failures: "抓取失败",
		colURL: "链接", colStatus: "状态码", colError: "错误",
	}
}

// maxListedFixes caps the fewest-fixes list; the rest are counted.
const maxListedFixes = 20

// mdEscape keeps shop text from breaking the Markdown table or injecting
// markup: pipes, backticks, angle brackets and line breaks are neutralized.
// Backslashes are doubled first, so a shop's own "\|" cannot cancel the
// escape of its pipe and split the cell.
func mdEscape(s string) string {
	return mdEscaper.Replace(s)
}

// mdEscaper and mdURLEscaper are built once: a strings.Replacer is
// immutable and safe for concurrent use, and building one per cell cost
// more than the replacing.
var (
	mdEscaper    = strings.NewReplacer("\\", "\\\\", "|", "\\|", "`", "\\`", "<", "&lt;", ">", "&gt;", "\r", " ", "\n", " ", "[", "\\[", "]", "\\]", "*", "\\*", "_", "\\_")
	mdURLEscaper = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E")
)

// WriteMarkdown writes the report as Markdown; days are shown in loc
// (nil: DefaultZone).
func (r *Report) WriteMarkdown(w io.Writer, loc *time.Location) error {
	loc = orShanghai(loc)
	t := words(r.Lang)
	// Streamed through a buffer: a report of a large shop runs to tens of
	// MB, which need not sit in memory.
	b := bufio.NewWriterSize(w, 64<<10)
	day := r.Run.StartedAt.In(loc).Format("2006-01-02")
	fmt.Fprintf(b, "# %s · %s · %s\n\n", t.title, mdEscape(r.Run.Shop), day)
	fmt.Fprintf(b, "%s #%d (%s) · %s: **%s** · %s %s · %s %s\n\n", t.run, r.Run.ID, runKindLabel(r.Run.Kind, r.Lang), t.status, RunStatusLabel(r.Run.Status, r.Lang),
		t.started, r.Run.StartedAt.In(loc).Format("15:04:05"), t.finished, r.Run.FinishedAt.In(loc).Format("15:04:05"))
	if r.HasBase {
		fmt.Fprintf(b, "%s #%d (%s)\n\n", t.baseline, r.Base.ID, r.Base.StartedAt.In(loc).Format("2006-01-02 15:04"))
	} else {
		fmt.Fprintf(b, "%s\n\n", t.noBaseline)
	}

	newN, openN := 0, 0
	for _, it := range r.Open {
		if it.State == StateNew {
			newN++
		} else {
			openN++
		}
	}
	fmt.Fprintf(b, "## %s\n\n", t.summary)
	fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|---|---|\n",
		t.listings, t.checked, t.failed, t.pages, t.newF, t.openF, t.resolvedF, t.removedF)
	fmt.Fprintf(b, "| %d | %d | %d | %d | %d | %d | %d | %d |\n\n", r.Health.Discovered, r.Health.Checked,
		r.Health.FetchFailed, r.Run.PagesFetched, newN, openN, len(r.Resolved), len(r.Removed))
	if r.Health.FetchFailed > 0 || r.Run.Status != "complete" {
		fmt.Fprintf(b, "%s\n\n", t.healthBad)
	}
	if w := r.imageWarning(); w != "" {
		fmt.Fprintf(b, "%s\n\n", w)
	}

	fmt.Fprintf(b, "## %s\n\n", t.exposure)
	fmt.Fprintf(b, "- %s: **%d**\n- %s: **%d** — %s\n", t.points, r.Exposure.Points, t.node, r.Exposure.Node,
		Consequence(r.Exposure.Node, r.Lang))
	if r.Exposure.FixCount > 0 {
		fmt.Fprintf(b, "- %s (%d):\n", t.fewest, r.Exposure.FixCount)
		for _, it := range r.Exposure.FewestFixes {
			fmt.Fprintf(b, "  - %s %s (%d) — %s\n", mdEscape(it.ListingID), it.Rule, it.Points, mdEscape(it.Detail(r.Lang)))
		}
		if more := r.Exposure.FixCount - len(r.Exposure.FewestFixes); more > 0 {
			fmt.Fprintf(b, "  - … +%d\n", more)
		}
	}
	b.WriteString("\n")

	if len(r.Rules) > 0 {
		fmt.Fprintf(b, "## %s\n\n| %s | ID | %s | %s | %s |\n|---|---|---|---|---|\n", t.byRule, t.rule, t.sev, t.perFinding, t.count)
		for _, rc := range r.Rules {
			fmt.Fprintf(b, "| %s | `%s` | %s | %d | %d |\n", rc.Title, rc.Rule, SeverityLabel(rc.Severity, r.Lang), rc.Points, rc.Count)
		}
		b.WriteString("\n")
	}

	isNew := func(it *Item) bool { return it.State == StateNew }
	r.writeSection(b, t, t.secNew, r.Open, false, isNew)
	r.writeSection(b, t, t.secOpen, r.Open, false, func(it *Item) bool { return !isNew(it) })
	r.writeSection(b, t, t.secResolved, r.Resolved, false, nil)
	r.writeSection(b, t, t.secRemoved, r.Removed, false, nil)
	r.writeSection(b, t, t.secSuppressed, r.Suppressed, true, nil)

	fmt.Fprintf(b, "## %s\n\n", t.secHealth)
	for _, line := range []string{r.imageWarning(), r.imageSummary()} {
		if line != "" {
			fmt.Fprintf(b, "%s\n\n", line)
		}
	}
	if len(r.Health.CouldNotCheck) > 0 {
		fmt.Fprintf(b, "%s:\n\n", t.couldNotCheck)
		rules := make([]string, 0, len(r.Health.CouldNotCheck))
		for rule := range r.Health.CouldNotCheck {
			rules = append(rules, rule)
		}
		sort.Strings(rules)
		for _, rule := range rules {
			fmt.Fprintf(b, "- `%s`: %d\n", rule, r.Health.CouldNotCheck[rule])
		}
		b.WriteString("\n")
	}
	if len(r.Health.Failures) > 0 {
		fmt.Fprintf(b, "%s:\n\n| %s | %s | %s |\n|---|---|---|\n", t.failures, t.colURL, t.colStatus, t.colError)
		for _, f := range r.Health.Failures {
			fmt.Fprintf(b, "| %s | %d | %s |\n", mdEscape(f.URL), f.Status, mdEscape(f.Err))
		}
		b.WriteString("\n")
	}
	if len(r.Health.CouldNotCheck) == 0 && len(r.Health.Failures) == 0 {
		fmt.Fprintf(b, "%s: %d / %d\n", t.checked, r.Health.Checked, r.Health.Discovered)
	}
	err := b.Flush()
	return err
}

// writeSection writes the items keep accepts (all when keep is nil) under
// title; filtering here spares a copy of a large shop's items.
func (r *Report) writeSection(b *bufio.Writer, t text, title string, items []Item, withReason bool, keep func(*Item) bool) {
	n := 0
	for i := range items {
		if keep == nil || keep(&items[i]) {
			n++
		}
	}
	fmt.Fprintf(b, "## %s (%d)\n\n", title, n)
	if n == 0 {
		fmt.Fprintf(b, "%s\n\n", t.none)
		return
	}
	if withReason {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|\n", t.colListing, t.rule, t.colSource, t.colEvidence, t.colDetail, t.colReason)
	} else {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n", t.colListing, t.rule, t.colSource, t.colEvidence, t.colDetail)
	}
	for i := range items {
		it := &items[i]
		if keep != nil && !keep(it) {
			continue
		}
		detail := mdEscape(it.Detail(r.Lang))
		if it.Carried {
			detail += " " + t.carried
		}
		row := fmt.Sprintf("| [%s](%s) %s | %s (%d) | %s | **%s** | %s |", mdEscape(it.ListingID), mdURL(it.URL), mdEscape(it.Title),
			RuleTitle(it.Rule, r.Lang), it.Points, sourceLabel(it.Source, r.Lang), mdEscape(it.Evidence), detail)
		if withReason {
			row += " " + mdEscape(it.SuppressReason) + " |"
		}
		b.WriteString(row + "\n")
	}
	b.WriteString("\n")
}

// mdURL keeps a link target from closing the Markdown link.
func mdURL(u string) string {
	return mdURLEscaper.Replace(u)
}
