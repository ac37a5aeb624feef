package reports

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

// hostileTitle is shop text aimed at every report format at once: a
// spreadsheet formula, Markdown table pipes (one already "escaped"), code,
// emphasis, links, images, raw HTML, headings on a new line, JSON quoting
// and a Unicode line separator.
const hostileTitle = "=cmd|' /C calc'!A0 a\\|b `x` *b* _i_ [click](javascript:alert(1)) ![i](http://evil/x.png) <b>hi</b> \"q\" \\\n# h1\r\n| fake | row |\u2028end"

// hostileReport builds a one-run report whose listing, finding and fetch
// failure all carry hostile text.
func hostileReport(t *testing.T) *Report {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	l := mkListing("10001", hostileTitle+" 全网最低")
	f := mkFinding(l, "absolute-term", listing.SourceTitle, l.Title, "全网最低")
	f.Evidence = "全网最低 " + hostileTitle
	f.Detail, f.DetailEN = "说明 "+hostileTitle, "detail "+hostileTitle
	run, err := db.StartRun(ctx, store.KindPatrol, hostileTitle, t1)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveResults(ctx, run.ID, []store.ListingResult{result(l, f)}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveFailures(ctx, run.ID, []store.FetchFailure{{URL: "http://127.0.0.1:8080/item/10002.html?q=|x|", ListingID: "10002", Status: 500, Err: hostileTitle}}); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishRun(ctx, run.ID, store.StatusComplete, t1.Add(time.Minute), store.RunStats{Listings: 1, FetchErrors: 1, Findings: 1}); err != nil {
		t.Fatal(err)
	}
	r, err := Build(ctx, db, run.ID, "zh")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// mdCells counts the cells of a Markdown table row: pipes not escaped by
// a backslash, minus one.
func mdCells(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++ // the next byte is escaped
		case '|':
			n++
		}
	}
	return n - 1
}

// TestMarkdownEscapesShopContent: hostile shop text stays inside its table
// cell (no extra cells, no extra lines), and forms no HTML, link or image.
func TestMarkdownEscapesShopContent(t *testing.T) {
	var buf bytes.Buffer
	if err := hostileReport(t).WriteMarkdown(&buf, nil); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	var tables int
	header := 0
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			header = 0
			continue
		}
		if header == 0 {
			header = mdCells(line)
			tables++
			continue
		}
		if got := mdCells(line); got != header {
			t.Errorf("table row has %d cells, header %d: %q", got, header, line)
		}
	}
	if tables < 3 {
		t.Errorf("found %d tables, want the summary, findings and failures tables", tables)
	}
	for _, bad := range []string{"<b>", "[click](", "![i](", "\n# h1", "\n| fake"} {
		if strings.Contains(md, bad) {
			t.Errorf("markdown contains %q from shop text", bad)
		}
	}
	if !strings.Contains(md, "全网最低") {
		t.Error("markdown lost the evidence")
	}
}

// TestJSONEscapesShopContent: hostile shop text round-trips exactly through
// the JSON report, and the document stays valid JSON.
func TestJSONEscapesShopContent(t *testing.T) {
	var buf bytes.Buffer
	if err := hostileReport(t).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Run      struct{ Shop string }
		Findings []struct{ Title, Evidence, Detail string }
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("JSON report does not parse: %v", err)
	}
	if doc.Run.Shop != hostileTitle {
		t.Errorf("run.shop = %q, want %q", doc.Run.Shop, hostileTitle)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].Title != hostileTitle+" 全网最低" || doc.Findings[0].Evidence != "全网最低 "+hostileTitle {
		t.Errorf("findings = %+v, want the hostile title and evidence verbatim", doc.Findings)
	}
	if bytes.Contains(buf.Bytes(), []byte("\n# h1")) {
		t.Error("a raw newline from shop text reached the JSON")
	}
}

// TestCSVNeutralizesHostileCells: every cell starting with a formula
// character is neutralized and nothing leaks into other cells.
func TestCSVNeutralizesHostileCells(t *testing.T) {
	var buf bytes.Buffer
	if err := hostileReport(t).WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows, want header and one finding", len(rows))
	}
	for i, cell := range rows[1] {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("cell %d = %q starts a formula", i, cell)
		}
	}
	// encoding/csv reads a quoted \r\n as \n.
	if want := "'" + strings.ReplaceAll(hostileTitle, "\r\n", "\n") + " 全网最低"; rows[1][6] != want {
		t.Errorf("title cell = %q, want the neutralized title", rows[1][6])
	}
}
