package reports

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

// Shop text that would run script if any renderer failed to escape it.
const (
	xssTitle = `<script>window.__pwned=1</script>`
	xssImg   = `<img src=x onerror="window.__pwned=2">`
)

// t1 and t2 start the fixture's two patrols. t2 is 18:30 UTC, already
// the next day in Asia/Shanghai.
var (
	t1 = time.Date(2026, 11, 21, 2, 0, 0, 0, time.UTC)
	t2 = time.Date(2026, 11, 21, 18, 30, 0, 0, time.UTC)
)

// fixture is a store with two complete patrols and what the second one's
// diff must show.
type fixture struct {
	db     *store.DB
	run1   int64
	run2   int64
	failed int64 // a failed run between them, left out of the trend
}

func mkListing(id, title string) listing.Listing {
	return listing.Listing{ID: id, URL: "http://127.0.0.1:8080/item/" + id + ".html", Title: title,
		Price: 5900, FetchedAt: t1}
}

// mkFinding builds a finding of l like the checks would, evidence quoted
// from text at its byte offset.
func mkFinding(l listing.Listing, rule string, src listing.Source, text, evidence string) listing.Finding {
	c, ok := checks.Lookup(rule)
	if !ok {
		panic("unknown rule " + rule)
	}
	return listing.Finding{
		Rule: rule, ListingID: l.ID, URL: l.URL, Title: l.Title, Severity: c.Severity, Points: c.Points,
		Source: src, Evidence: evidence, EvidenceStart: strings.Index(text, evidence),
		Detail: "说明：" + evidence, DetailEN: "detail: " + evidence,
		Fingerprint: checks.Fingerprint(rule, l.ID, evidence),
	}
}

func result(l listing.Listing, fs ...listing.Finding) store.ListingResult {
	out := map[string]listing.Outcome{"free-shipping-mismatch": listing.OutcomePass}
	for _, f := range fs {
		out[f.Rule] = listing.OutcomeFail
	}
	return store.ListingResult{Listing: l, Findings: fs, Outcomes: out}
}

// newFixture builds, in a store in t.TempDir():
//
//	run 1 (complete): 10001 包邮 (title), 10002 纯棉 (description),
//	  10003 迪士尼 (title), 10004 最好 (title), 10006 银行转账 (service)
//	run 2 (failed, abandoned): 10001 only
//	run 3 (complete, partial fetch): 10001 unchanged (open), 10002 fixed
//	  (resolved), 10003 unchanged but suppressed, 10004 gone (removed),
//	  10005 new with hostile title and alt text (two new findings),
//	  10006 failed to fetch (its finding carried, open), 10007 a
//	  price-mismatch (new, 0 points) whose rule could not check
//	  free shipping.
func newFixture(t testing.TB) fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	l1 := mkListing("10001", "夏季T恤 全国包邮 速干")
	l2 := mkListing("10002", "纯色衬衫")
	l2.Description = "精选面料，纯棉亲肤，四季可穿。"
	l2.Attributes = []listing.Attribute{{Name: "面料成分", Value: "聚酯纤维100%"}}
	l3 := mkListing("10003", "迪士尼同款 卡通水杯")
	l4 := mkListing("10004", "最好的保温杯")
	l6 := mkListing("10006", "帆布包")
	l6.ServiceText = "支持银行转账，联系客服"

	f1 := mkFinding(l1, "free-shipping-mismatch", listing.SourceTitle, l1.Title, "全国包邮")
	f2 := mkFinding(l2, "material-mismatch", listing.SourceDescription, l2.Description, "纯棉")
	f3 := mkFinding(l3, "trademark-term", listing.SourceTitle, l3.Title, "迪士尼同款")
	f4 := mkFinding(l4, "absolute-term", listing.SourceTitle, l4.Title, "最好")
	f6 := mkFinding(l6, "offplatform-payment", listing.SourceService, l6.ServiceText, "银行转账")

	r1, err := db.StartRun(ctx, store.KindPatrol, "demo", t1)
	must(err)
	must(db.SaveResults(ctx, r1.ID, []store.ListingResult{
		result(l1, f1), result(l2, f2), result(l3, f3), result(l4, f4), result(l6, f6),
	}))
	must(db.FinishRun(ctx, r1.ID, store.StatusComplete, t1.Add(3*time.Minute),
		store.RunStats{Listings: 5, PagesFetched: 6, Findings: 5}))

	rf, err := db.StartRun(ctx, store.KindPatrol, "demo", t1.Add(time.Hour))
	must(err)
	must(db.SaveResults(ctx, rf.ID, []store.ListingResult{result(l1, f1)}))
	must(db.FinishRun(ctx, rf.ID, store.StatusFailed, t1.Add(2*time.Hour), store.RunStats{Note: "crashed"}))

	l2b := l2
	l2b.Description = "精选面料，亲肤透气。"
	l5 := mkListing("10005", xssTitle+" 加微信付款")
	l5.Description = "下单前请加微信付款 " + xssImg + " 谢谢"
	l5.Images = []listing.Image{{URL: "http://127.0.0.1:8080/img/10005-1.png", Alt: xssImg + "全网最低价", Role: listing.ImageMain}}
	f5 := mkFinding(l5, "offplatform-payment", listing.SourceDescription, l5.Description, "加微信付款 "+xssImg)
	f5b := mkFinding(l5, "absolute-term", listing.SourceImage, l5.Images[0].Alt, "全网最低")
	f5b.ImageURL = l5.Images[0].URL
	f5b.Detail = "图片文字含极限用语 " + xssImg
	l7 := mkListing("10007", "=HYPERLINK(\"http://evil\") 仅售49元")
	f7 := mkFinding(l7, "price-mismatch", listing.SourceTitle, l7.Title, "仅售49元")
	r7 := result(l7, f7)
	r7.Outcomes["free-shipping-mismatch"] = listing.OutcomeCouldNotCheck

	must(db.Suppress(ctx, f3.Fingerprint, "已获迪士尼授权", time.Time{}, t2))
	r3, err := db.StartRun(ctx, store.KindPatrol, "demo", t2)
	must(err)
	must(db.SaveResults(ctx, r3.ID, []store.ListingResult{
		result(l1, f1), result(l2b), result(l3, f3), result(l5, f5, f5b), r7,
	}))
	must(db.SaveFailures(ctx, r3.ID, []store.FetchFailure{
		{URL: l6.URL, ListingID: l6.ID, Status: 503, Err: "503 Service Unavailable"},
	}))
	must(db.FinishRun(ctx, r3.ID, store.StatusComplete, t2.Add(4*time.Minute),
		store.RunStats{Listings: 5, PagesFetched: 7, FetchErrors: 1, Findings: 6}))
	return fixture{db: db, run1: r1.ID, run2: r3.ID, failed: rf.ID}
}

// fixtureReport builds the report of the fixture's second patrol.
func fixtureReport(t testing.TB, lang string) *Report {
	t.Helper()
	fx := newFixture(t)
	r, err := Build(context.Background(), fx.db, fx.run2, lang)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
