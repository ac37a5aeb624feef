package reports

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xundian/xundian/internal/testenv"
)

// chromiumPath is where scripts/install-browser.sh puts Debian's chromium.
const chromiumPath = "/usr/bin/chromium"

// chromium returns the browser, skipping (failing under XUNDIAN_NO_SKIP)
// when it is not installed.
func chromium(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err == nil {
		return chromiumPath
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	testenv.Skip(t, "chromium not installed: run scripts/install-browser.sh")
	return ""
}

// headless runs chromium on a file with the given extra flags and
// returns its standard output. No network: the page is a file and every
// background service is off.
func headless(t *testing.T, bin, page string, extra ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir=" + t.TempDir(), "--virtual-time-budget=2000"}
	args = append(append(args, extra...), "file://"+page)
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", extra, err, stderr.String())
	}
	return string(out)
}

// TestHTMLInBrowser renders the report of a run whose shop text tries to
// inject script, and checks the DOM after the page's own script ran.
func TestHTMLInBrowser(t *testing.T) {
	bin := chromium(t)
	page := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	if err := fixtureReport(t, "zh").WriteHTML(&buf, nil); err != nil {
		t.Fatal(err)
	}

	// As shipped, CSP on: the page's own script is allowed by its hash.
	intact := filepath.Join(t.TempDir(), "intact.html")
	if err := os.WriteFile(intact, []byte(buf.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if dom := headless(t, bin, intact, "--dump-dom"); !strings.Contains(dom, `data-script="ready"`) ||
		!strings.Contains(dom, `data-visible="7"`) {
		t.Errorf("with its CSP on, the page's own script did not run")
	}

	// The payloads only set window.__pwned. To see it in the DOM, the
	// test adds a probe that copies it into data-pwned after the page
	// settled, and drops the page's CSP (which would block the probe, and
	// the payloads too): escaping alone must keep them inert.
	html := probe(t, buf.String())
	if _, err := f.WriteString(html); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	dom := headless(t, bin, page, "--dump-dom")

	if !strings.Contains(dom, `data-script="ready"`) {
		t.Fatalf("the page's filter script did not run (no data-script=ready on <html>)")
	}
	if got := countRe(dom, `<tr class="finding"`); got != 7 {
		t.Errorf("%d finding rows in the DOM, want 7", got)
	}
	if got := countRe(dom, `<tr class="finding"[^>]*data-state="new"`); got != 3 {
		t.Errorf("%d new finding rows in the DOM, want 3", got)
	}
	// The script counted the visible rows once it ran.
	if !strings.Contains(dom, `<strong id="visible-count">7</strong>`) || !strings.Contains(dom, `data-visible="7"`) {
		t.Errorf("visible-count not set by the script")
	}
	if !strings.Contains(dom, `id="trend-chart"`) || countRe(dom, `<circle class="df"`) != 2 {
		t.Errorf("trend chart missing or without its 2 runs")
	}
	row := regexp.MustCompile(`(?s)<tr class="finding"[^>]*data-listing="10001"[^>]*>(.*?)</tr>`).FindStringSubmatch(dom)
	if row == nil {
		t.Fatalf("no row for listing 10001")
	}
	text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(row[1], "")
	for _, want := range []string{"未解决", "包邮宣传与运费模板不符", "夏季T恤 全国包邮 速干", "全国包邮", "怎么改"} {
		if !strings.Contains(text, want) {
			t.Errorf("row 10001 text %q lacks %q", text, want)
		}
	}

	// Injection: neither payload ran, both are shown as text.
	if strings.Contains(dom, "<script>window.__pwned") || strings.Contains(dom, `<img src="x"`) ||
		strings.Contains(dom, "<img src=x") {
		t.Errorf("hostile markup became DOM elements")
	}
	if !strings.Contains(dom, "&lt;script&gt;window.__pwned=1&lt;/script&gt;") {
		t.Errorf("the hostile title is not shown as text")
	}
	if !strings.Contains(dom, `&lt;img src=x onerror="window.__pwned=2"&gt;`) {
		t.Errorf("the hostile alt text is not shown as text")
	}
	if !strings.Contains(dom, `data-pwned="0"`) {
		t.Errorf("an injected script ran (or the probe did not): %s", regexp.MustCompile(`data-pwned="[^"]*"`).FindString(dom))
	}
}

// probeScript records window.__pwned on <html> once the page settled.
const probeScript = `<script>setTimeout(function () {
  document.documentElement.setAttribute("data-pwned", String(window.__pwned || 0));
}, 500);</script>`

var cspMeta = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy"[^>]*>`)

// probe removes the CSP from page and appends probeScript.
func probe(t *testing.T, page string) string {
	t.Helper()
	if !cspMeta.MatchString(page) {
		t.Fatal("page has no CSP meta")
	}
	page = cspMeta.ReplaceAllString(page, "")
	return strings.Replace(page, "</body>", probeScript+"</body>", 1)
}

// TestBrowserProbeDetectsInjection shows the probe works: the same
// payload left unescaped is caught.
func TestBrowserProbeDetectsInjection(t *testing.T) {
	bin := chromium(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	bad := "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"x\"></head><body>" +
		xssTitle + xssImg + "</body></html>"
	if err := os.WriteFile(page, []byte(probe(t, bad)), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := headless(t, bin, page, "--dump-dom")
	if !strings.Contains(dom, `data-pwned="2"`) && !strings.Contains(dom, `data-pwned="1"`) {
		t.Errorf("the probe missed a live payload: %s", dom)
	}
}

// TestHTMLScreenshot writes a phone-sized screenshot of the fixture
// report to $XUNDIAN_REPORT_SCREENSHOT, for a person to look at (Chinese
// fonts, layout). It does nothing unless that variable names a file.
func TestHTMLScreenshot(t *testing.T) {
	out := os.Getenv("XUNDIAN_REPORT_SCREENSHOT")
	if out == "" {
		t.Skip("set XUNDIAN_REPORT_SCREENSHOT=/path/shot.png to take a screenshot")
	}
	bin := chromium(t)
	page := filepath.Join(t.TempDir(), "report.html")
	var buf strings.Builder
	if err := fixtureReport(t, "zh").WriteHTML(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, []byte(buf.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	headless(t, bin, page, "--hide-scrollbars", "--window-size=390,844", "--screenshot="+out)
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Fatalf("no screenshot at %s: %v", out, err)
	}
}
