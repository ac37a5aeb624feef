package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xundian/xundian/listing"
)

func TestSaveResultsRoundTrip(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	run, err := db.StartRun(ctx, KindPatrol, "demo", t0)
	if err != nil {
		t.Fatal(err)
	}
	l := listing.Listing{
		ID: "10003", URL: "http://127.0.0.1/detail.htm?id=10003", Title: "夏季純棉T恤 全国包邮 ¥59",
		Brand: "巡店优选", Price: 12900, PromoPrice: 9901, OriginalPrice: 19900,
		SKUs: []listing.SKU{
			{ID: "10003-1", Name: "红色 M", Price: 12900, PromoPrice: 9901},
			{Name: "白色 L", Price: 1},
		},
		Attributes:  []listing.Attribute{{Name: "面料成分", Value: "聚酯纤维100%"}},
		Description: "不开发票，概不退换", OffersCOD: true, HandlingHours: 48, HasHandling: true,
		Freight: &listing.FreightTemplate{
			ID: "T10003", Name: "默认模板",
			Regions:       []listing.RegionFee{{Regions: []listing.Region{"新疆", "西藏"}, Fee: listing.Fee{First: 1000, Additional: 500}}},
			Undeliverable: []listing.Region{"台湾"},
		},
		ContentHash: "abc123", FetchedAt: t0.Add(90 * time.Second),
	}
	f1 := finding(l.ID, "free-shipping-mismatch", "全国包邮")
	f1.Detail = "标题写包邮，运费模板对新疆收取 ¥10.00"
	f2 := finding(l.ID, "material-mismatch", "純棉")
	f2.Source, f2.Severity, f2.Points, f2.EvidenceStart = listing.SourceTitle, listing.SeverityCritical, 12, 6
	f3 := finding(l.ID, "price-mismatch", "¥59")
	f3.Source, f3.ImageURL, f3.ListingID, f3.URL, f3.Title = listing.SourceImage, "/img/10003-1.png", "", "", ""
	dup := f1 // same fingerprint twice: kept once
	dup.Detail = "duplicate"
	outcomes := map[string]listing.Outcome{
		"free-shipping-mismatch": listing.OutcomeFail, "material-mismatch": listing.OutcomeFail,
		"price-mismatch": listing.OutcomeFail, "cod-refusal": listing.OutcomeNotApplicable,
		"shipping-promise": listing.OutcomeCouldNotCheck, "trademark-term": listing.OutcomePass,
	}
	clean := result("10002")
	clean.Listing.FetchedAt = time.Time{} // first seen at the run's start
	if err := db.SaveResults(ctx, run.ID, []ListingResult{
		{Listing: l, Findings: []listing.Finding{f3, f1, f2, dup}, Outcomes: outcomes}, clean,
	}); err != nil {
		t.Fatal(err)
	}

	got, err := db.Findings(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	f3.ListingID, f3.URL, f3.Title = l.ID, l.URL, l.Title // filled from the listing
	var want []StoredFinding
	for _, f := range []listing.Finding{f1, f2, f3} {
		want = append(want, StoredFinding{Finding: f, RunID: run.ID})
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Findings(%d) mismatch (-want +got):\n%s", run.ID, d)
	}

	gotOut, err := db.Outcomes(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantOut := map[string]map[string]listing.Outcome{l.ID: outcomes, "10002": clean.Outcomes}
	if d := cmp.Diff(wantOut, gotOut); d != "" {
		t.Errorf("Outcomes mismatch (-want +got):\n%s", d)
	}

	snap, ok, err := db.Snapshot(ctx, run.ID, l.ID)
	if err != nil || !ok {
		t.Fatalf("Snapshot = %v, %v", ok, err)
	}
	if d := cmp.Diff(l, snap); d != "" {
		t.Errorf("Snapshot mismatch (-want +got):\n%s", d)
	}
	var skus, freight string
	var price, promo, orig int64
	if err := db.sql.QueryRowContext(ctx, `SELECT price, promo_price, original_price, sku_prices, freight
		FROM snapshots WHERE run_id = ? AND listing_id = ?`, run.ID, l.ID).Scan(&price, &promo, &orig, &skus, &freight); err != nil {
		t.Fatal(err)
	}
	if price != 12900 || promo != 9901 || orig != 19900 {
		t.Errorf("snapshot prices = %d %d %d fen, want 12900 9901 19900", price, promo, orig)
	}
	if want := `{"10003-1":12900,"白色 L":1}`; skus != want {
		t.Errorf("sku_prices = %s, want %s", skus, want)
	}
	if want := `"charged":{"新疆":1000,"西藏":1000}`; !strings.Contains(freight, want) {
		t.Errorf("freight summary = %s, want it to contain %s", freight, want)
	}

	var first, last string
	if err := db.sql.QueryRowContext(ctx, "SELECT first_seen, last_seen FROM listings WHERE id = '10002'").Scan(&first, &last); err != nil {
		t.Fatal(err)
	}
	if first != fmtTime(t0) || last != fmtTime(t0) {
		t.Errorf("listing 10002 seen %s … %s, want the run start %s", first, last, fmtTime(t0))
	}
}

func TestSaveResultsListingSeenAndResave(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	r1, _ := db.StartRun(ctx, KindPatrol, "demo", t0)
	a := result("10001", finding("10001", "absolute-term", "最低价"))
	a.Listing.Title = "旧标题"
	if err := db.SaveResults(ctx, r1.ID, []ListingResult{a}); err != nil {
		t.Fatal(err)
	}
	db.FinishRun(ctx, r1.ID, StatusComplete, t0, RunStats{})
	r2, _ := db.StartRun(ctx, KindPatrol, "demo", t0.Add(24*time.Hour))
	b := result("10001", finding("10001", "absolute-term", "最低价"))
	b.Listing.Title = "新标题"
	b.Listing.FetchedAt = t0.Add(25 * time.Hour)
	if err := db.SaveResults(ctx, r2.ID, []ListingResult{b}); err != nil {
		t.Fatal(err)
	}
	// Saved again in the same run (a re-check): replaces findings.
	c := result("10001", finding("10001", "absolute-term", "第一"))
	c.Listing.Title = "新标题"
	c.Listing.FetchedAt = t0.Add(26 * time.Hour)
	if err := db.SaveResults(ctx, r2.ID, []ListingResult{c}); err != nil {
		t.Fatal(err)
	}
	var title, first, last string
	db.sql.QueryRowContext(ctx, "SELECT title, first_seen, last_seen FROM listings WHERE id = '10001'").Scan(&title, &first, &last)
	if title != "新标题" || first != fmtTime(a.Listing.FetchedAt) || last != fmtTime(c.Listing.FetchedAt) {
		t.Errorf("listing = %s %s %s, want 新标题 %s %s", title, first, last,
			fmtTime(a.Listing.FetchedAt), fmtTime(c.Listing.FetchedAt))
	}
	fs, _ := db.Findings(ctx, r2.ID)
	if len(fs) != 1 || fs[0].Evidence != "第一" {
		t.Errorf("findings after re-save = %v, want only 第一", fs)
	}
}

func TestSaveResultsRejectsBadBatchWhole(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	run, _ := db.StartRun(ctx, KindPatrol, "demo", t0)
	bad := finding("10002", "price-mismatch", "¥59")
	bad.Fingerprint = ""
	err := db.SaveResults(ctx, run.ID, []ListingResult{result("10001"), result("10002", bad)})
	if err == nil || !strings.HasPrefix(err.Error(), "save results: listing 10002") {
		t.Errorf("SaveResults(empty fingerprint) = %v, want save results: listing 10002 …", err)
	}
	out, _ := db.Outcomes(ctx, run.ID)
	if len(out) != 0 {
		t.Errorf("after failed batch, outcomes = %v, want none (one transaction)", out)
	}
	badOutcome := result("10003")
	badOutcome.Outcomes["x"] = "maybe"
	if err := db.SaveResults(ctx, run.ID, []ListingResult{badOutcome}); err == nil {
		t.Error("SaveResults(outcome maybe): no error")
	}
	db.FinishRun(ctx, run.ID, StatusComplete, t0, RunStats{})
	if err := db.SaveResults(ctx, run.ID, []ListingResult{result("10001")}); err == nil ||
		!strings.Contains(err.Error(), "not running") {
		t.Errorf("SaveResults into a complete run = %v, want not running", err)
	}
	if err := db.SaveResults(ctx, 42, []ListingResult{result("10001")}); err == nil {
		t.Error("SaveResults into run 42: no error")
	}
}

func TestSaveFailuresRoundTrip(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	run, _ := db.StartRun(ctx, KindPatrol, "demo", t0)
	fs := []FetchFailure{
		{URL: "http://127.0.0.1/list?page=3", Status: 503, Err: "服务不可用"},
		{URL: "http://127.0.0.1/item/10009.html", ListingID: "10009", Err: "context deadline exceeded"},
	}
	if err := db.SaveFailures(ctx, run.ID, fs); err != nil {
		t.Fatal(err)
	}
	got, err := db.Failures(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(fs, got); d != "" {
		t.Errorf("Failures mismatch (-want +got):\n%s", d)
	}
}

func TestCompareListingIDs(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"9999", "10000", -1}, {"100000", "10001", 1}, {"10001", "10001", 0},
		{"abc", "abd", -1}, {"10", "a", -1}, {"007", "10", -1}, {"007", "7", -1}, {"7", "007", 1},
	} {
		if got := CompareListingIDs(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareListingIDs(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestSaveResultsCanceled(t *testing.T) {
	db := openTest(t)
	run, _ := db.StartRun(t.Context(), KindPatrol, "demo", t0)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := db.SaveResults(ctx, run.ID, []ListingResult{result("10001")}); !errors.Is(err, context.Canceled) {
		t.Errorf("SaveResults(canceled) = %v, want context.Canceled", err)
	}
}

// TestConcurrentWriters checks that writers queue on the busy timeout
// instead of failing with "database is locked".
func TestConcurrentWriters(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	run, _ := db.StartRun(ctx, KindPatrol, "demo", t0)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := range 10 {
				id := fmt.Sprint(20000 + w*100 + i)
				if err := db.SaveResults(ctx, run.ID, []ListingResult{fnd(id, "最低价")}); err != nil {
					errs <- err
					return
				}
				if _, err := db.Findings(ctx, run.ID); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if fs, _ := db.Findings(ctx, run.ID); len(fs) != 80 {
		t.Errorf("%d findings, want 80", len(fs))
	}
}

// TestSaveResultsRepeatedInBatch saves a listing twice in one batch, and
// one the run already holds: the last result of each listing is what the
// run holds, findings and outcomes alike.
func TestSaveResultsRepeatedInBatch(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	run, _ := db.StartRun(ctx, KindPatrol, "demo", t0)
	held := fnd("10003", "旧")
	held.Outcomes["cod-refusal"] = listing.OutcomeFail
	if err := db.SaveResults(ctx, run.ID, []ListingResult{held}); err != nil {
		t.Fatal(err)
	}
	first := fnd("10001", "最低价", "第一")
	first.Outcomes["trademark-term"] = listing.OutcomeCouldNotCheck
	second := fnd("10001", "全网最低")
	again := fnd("10003")
	if err := db.SaveResults(ctx, run.ID, []ListingResult{first, fnd("10002", "顶级"), second, again}); err != nil {
		t.Fatal(err)
	}
	fs, err := db.Findings(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.ListingID+" "+f.Evidence)
	}
	if want := []string{"10001 全网最低", "10002 顶级"}; !cmp.Equal(want, got) {
		t.Errorf("findings = %q, want %q", got, want)
	}
	out, err := db.Outcomes(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]listing.Outcome{
		"10001": second.Outcomes, "10002": fnd("10002", "顶级").Outcomes, "10003": again.Outcomes,
	}
	if d := cmp.Diff(want, out); d != "" {
		t.Errorf("Outcomes (-want +got):\n%s", d)
	}
}
