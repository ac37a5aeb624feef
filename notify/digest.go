package notify

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xundian/xundian/reports"
)

// Digest is what a notification says about one run: counts, exposure,
// the most serious new findings and where the full report is.
type Digest struct {
	Lang      string
	Shop      string
	RunID     int64
	Kind      string
	Status    string
	StartedAt time.Time
	// Day is the run's day in the report's zone.
	Day string

	Discovered, Checked, FetchFailed, CouldNotCheck int
	New, Open, Resolved, Removed, Suppressed        int

	Points, Node int
	Consequence  string

	// Top are the most serious new findings, at most the top asked for;
	// MoreNew counts the new findings left out.
	Top     []DigestItem
	MoreNew int

	// ReportLink is the full report's URL or path.
	ReportLink string
}

// DigestItem is one new finding in a digest.
type DigestItem struct {
	ListingID string `json:"listing_id"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Rule      string `json:"rule"`
	RuleTitle string `json:"rule_title"`
	Severity  string `json:"severity"`
	Points    int    `json:"points"`
	Evidence  string `json:"evidence"`
	Detail    string `json:"detail"`
}

// HealthWarning is true when the run did not check the whole shop.
func (d Digest) HealthWarning() bool {
	return d.FetchFailed > 0 || d.CouldNotCheck > 0 || d.Status != "complete"
}

// NewDigest summarizes a report. top caps the new findings listed (most
// severe, then most points, first); reportLink is the full report's URL
// or path; days are computed in loc (nil: reports.DefaultZone).
func NewDigest(r *reports.Report, loc *time.Location, top int, reportLink string) Digest {
	if loc == nil {
		loc = reports.DefaultZone
	}
	d := Digest{
		Lang: r.Lang, Shop: r.Run.Shop, RunID: r.Run.ID, Kind: r.Run.Kind, Status: r.Run.Status,
		StartedAt: r.Run.StartedAt, Day: r.Run.StartedAt.In(loc).Format("2006-01-02"),
		Discovered: r.Health.Discovered, Checked: r.Health.Checked, FetchFailed: r.Health.FetchFailed,
		Resolved: len(r.Resolved), Removed: len(r.Removed), Suppressed: len(r.Suppressed),
		Points: r.Exposure.Points, Node: r.Exposure.Node, Consequence: reports.Consequence(r.Exposure.Node, r.Lang),
		ReportLink: reportLink,
	}
	for _, n := range r.Health.CouldNotCheck {
		d.CouldNotCheck += n
	}
	var fresh []reports.Item
	for _, it := range r.Open {
		if it.State == reports.StateNew {
			fresh = append(fresh, it)
		} else {
			d.Open++
		}
	}
	d.New = len(fresh)
	slices.SortStableFunc(fresh, func(a, b reports.Item) int {
		return cmp.Or(b.Severity.Rank()-a.Severity.Rank(), b.Points-a.Points)
	})
	if top < 0 {
		top = 0
	}
	if len(fresh) > top {
		d.MoreNew = len(fresh) - top
		fresh = fresh[:top]
	}
	for _, it := range fresh {
		d.Top = append(d.Top, DigestItem{
			ListingID: it.ListingID, Title: it.Title, URL: it.URL, Rule: it.Rule,
			RuleTitle: reports.RuleTitle(it.Rule, r.Lang), Severity: string(it.Severity), Points: it.Points,
			Evidence: it.Evidence, Detail: it.Detail(r.Lang),
		})
	}
	return d
}

// ReportLink joins the published report base URL and the report file's
// name; with no base it returns path itself.
func ReportLink(base, path string) string {
	if base == "" {
		return path
	}
	name := path[strings.LastIndexAny(path, `/\`)+1:]
	return strings.TrimRight(base, "/") + "/" + url.PathEscape(name)
}

// digestWords are a digest's fixed words.
type digestWords struct {
	title, newF, open, resolved, removed, suppressed, exposure, points, node string
	checked, health, failed, cnc, top, more, report, part                    string
}

func wordsFor(lang string) digestWords {
	if lang == "en" {
		return digestWords{
			title: "xundian patrol", newF: "new", open: "still open", resolved: "resolved", removed: "removed",
			suppressed: "suppressed", exposure: "Exposure", points: "points", node: "node",
			checked: "Checked", health: "Incomplete patrol", failed: "pages failed", cnc: "checks could not run",
			top: "New findings", more: "%d more new findings in the full report", report: "Full report", part: "part",
		}
	}
	return digestWords{
		title: "巡店日报", newF: "新增", open: "仍未解决", resolved: "已修复", removed: "已下架",
		suppressed: "已忽略", exposure: "扣分敞口", points: "分", node: "节点",
		checked: "已检查", health: "巡店不完整", failed: "个页面抓取失败", cnc: "项检查无法完成",
		top: "新增问题", more: "另有 %d 条新增问题，见完整报告", report: "完整报告", part: "第",
	}
}

// Title is the one-line title robots show in the chat list.
func (d Digest) Title() string {
	w := wordsFor(d.Lang)
	return fmt.Sprintf("%s %s %s: %s %d, %s %d", w.title, plain(d.Shop, 20), d.Day, w.newF, d.New, w.exposure, d.Points)
}

func (d Digest) headerLines() []string {
	w := wordsFor(d.Lang)
	lines := []string{fmt.Sprintf("### %s · %s · %s", w.title, plain(d.Shop, 30), d.Day)}
	if d.HealthWarning() {
		s := fmt.Sprintf("**⚠ %s：%d %s，%d %s（运行状态 %s）**", w.health, d.FetchFailed, w.failed, d.CouldNotCheck, w.cnc, d.Status)
		if d.Lang == "en" {
			s = fmt.Sprintf("**⚠ %s: %d %s, %d %s (run %s)**", w.health, d.FetchFailed, w.failed, d.CouldNotCheck, w.cnc, d.Status)
		}
		lines = append(lines, s)
	}
	lines = append(lines,
		fmt.Sprintf("- %s **%d** · %s %d · %s %d · %s %d · %s %d", w.newF, d.New, w.open, d.Open,
			w.resolved, d.Resolved, w.removed, d.Removed, w.suppressed, d.Suppressed),
		fmt.Sprintf("- %s **%d** %s · %s %d: %s", w.exposure, d.Points, w.points, w.node, d.Node, plain(d.Consequence, 200)),
		fmt.Sprintf("- %s %d / %d · run #%d", w.checked, d.Checked, d.Discovered, d.RunID),
	)
	return lines
}

func (d Digest) itemLines() []string {
	var out []string
	for i, it := range d.Top {
		id := plain(it.ListingID, 20)
		if u := linkURL(it.URL); u != "" {
			id = "[" + id + "](" + u + ")"
		}
		out = append(out, fmt.Sprintf("%d. %s %s — %s (%d) “%s”", i+1, id, plain(it.Title, 40),
			plain(it.RuleTitle, 30), it.Points, plain(it.Evidence, 40)))
	}
	return out
}

func (d Digest) footerLines(more int) []string {
	w := wordsFor(d.Lang)
	var out []string
	if more > 0 {
		out = append(out, fmt.Sprintf(w.more, more))
	}
	if d.ReportLink != "" {
		if u := linkURL(d.ReportLink); u != "" {
			out = append(out, fmt.Sprintf("[%s](%s)", w.report, u))
		} else {
			out = append(out, w.report+": "+plain(d.ReportLink, 200))
		}
	}
	return out
}

// Markdown renders the digest as at most maxParts messages of at most
// limit bytes each. Normally that is one message; when the new findings
// do not fit, they go on in further parts, and when even maxParts parts
// cannot hold them the last ones are left out and counted instead.
func (d Digest) Markdown(limit, maxParts int) []string {
	if maxParts < 1 {
		maxParts = 1
	}
	w := wordsFor(d.Lang)
	items := d.itemLines()
	topHead := fmt.Sprintf("#### %s", w.top)
	// Room for the "(part 2/3)" line added to every part after the split.
	const partReserve = 64
	for n := len(items); n >= 0; n-- {
		more := d.MoreNew + len(items) - n
		head := d.headerLines()
		if n > 0 {
			head = append(head, "", topHead)
		}
		parts := pack(head, items[:n], d.footerLines(more), limit-partReserve)
		if len(parts) > maxParts && n > 0 {
			continue
		}
		if len(parts) > 1 {
			for i := range parts {
				mark := fmt.Sprintf("(%d/%d)", i+1, len(parts))
				if i == 0 {
					parts[i] = parts[i] + "\n\n" + mark
				} else {
					parts[i] = fmt.Sprintf("### %s · %s %s", w.title, d.Day, mark) + "\n\n" + parts[i]
				}
			}
		}
		for i := range parts {
			parts[i] = truncBytes(parts[i], limit)
		}
		return parts
	}
	return nil // unreachable: n == 0 always returns
}

// pack fills parts of at most limit bytes: head starts the first, lines
// follow one by one, tail ends the last.
func pack(head, lines, tail []string, limit int) []string {
	var parts []string
	cur := strings.Join(head, "\n")
	add := func(line string) {
		if cur != "" && len(cur)+1+len(line) > limit {
			parts = append(parts, cur)
			cur = ""
		}
		if cur == "" {
			cur = line
		} else {
			cur += "\n" + line
		}
	}
	for _, l := range lines {
		add(l)
	}
	if len(tail) > 0 {
		add("")
		for _, l := range tail {
			add(l)
		}
	}
	return append(parts, cur)
}

// plain makes shop text safe inside a robot's Markdown: the characters
// that would start markup (links, emphasis, headings, HTML, tables) are
// replaced by their full-width look-alikes, which every robot renders as
// text (their escape support differs), line breaks become spaces, and
// the text is cut to max runes.
func plain(s string, max int) string {
	s = mdSafe.Replace(s)
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return s
}

var mdSafe = strings.NewReplacer(
	"<", "＜", ">", "＞", "[", "［", "]", "］", "(", "（", ")", "）", "*", "＊", "_", "＿",
	"`", "｀", "#", "＃", "|", "｜", "~", "～", "!", "！", "\\", "＼",
	"\r\n", " ", "\n", " ", "\r", " ", "\t", " ",
)

// linkURL returns u fit for a Markdown link target, or "" when it is not
// an absolute http(s) URL.
func linkURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E").Replace(p.String())
}

// truncBytes cuts s to at most n bytes on a rune boundary.
func truncBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
