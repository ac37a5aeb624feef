package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xundian/xundian/demoshop"
	"github.com/xundian/xundian/listing"
)

// benchBatch is how many listings patrol writes per transaction (its
// default Options.BatchSize).
const benchBatch = 200

// benchListings is the size of the demo shop the benchmarks patrol.
const benchListings = 10_000

// benchRules are the per-listing rules, each with an outcome per listing.
var benchRules = [...]string{"absolute-term", "cod-refusal", "credit-card-refusal",
	"free-shipping-mismatch", "invoice-refusal", "material-mismatch", "offplatform-payment",
	"price-mismatch", "return-policy", "shipping-promise", "trademark-term"}

// benchResults returns what a patrol of a demo shop of n listings hands
// the store: each listing as the crawler reads it (absolute URLs, OCR text,
// validators, the hash of its page), its page padded with shop chrome to
// the 10–20 KB of a real listing page, the ground truth's findings (about
// 0.6 a listing) and an outcome for each of the 11 rules.
func benchResults(tb testing.TB, n int) []ListingResult {
	tb.Helper()
	shop, err := demoshop.New(demoshop.Options{Listings: n, Seed: 1})
	if err != nil {
		tb.Fatal(err)
	}
	plants := map[string][]demoshop.Plant{}
	for _, p := range shop.Plants() {
		if !p.Decoy {
			plants[p.ID] = append(plants[p.ID], p)
		}
	}
	h := shop.Handler()
	const base = "http://127.0.0.1:8080"
	fetched := t0.Add(time.Minute)
	out := make([]ListingResult, n)
	for i := range out {
		id := demoshop.FirstID + i
		l, _ := shop.Listing(id)
		path, _ := shop.Path(id)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		l.Page = benchPage(rec.Body.String(), l, i)
		sum := sha256.Sum256(l.Page)
		l.ContentHash = hex.EncodeToString(sum[:])
		l.URL = base + l.URL
		for j := range l.Images {
			im := &l.Images[j]
			im.URL = base + im.URL
			im.Text = l.Title + " " + im.Alt
			if im.Role == listing.ImageDescription {
				im.Text += " " + l.Description
			}
		}
		l.ETag = `"` + l.ContentHash[:16] + `"`
		l.LastModified = "Thu, 01 Jan 2026 08:00:00 GMT"
		l.FetchedAt = fetched.Add(time.Duration(i) * 37 * time.Millisecond)

		r := ListingResult{Listing: l, Outcomes: make(map[string]listing.Outcome, len(benchRules))}
		for j, rule := range benchRules {
			switch {
			case l.Freight == nil && rule == "free-shipping-mismatch":
				r.Outcomes[rule] = listing.OutcomeNotApplicable
			case (i+j)%29 == 0:
				r.Outcomes[rule] = listing.OutcomeCouldNotCheck
			default:
				r.Outcomes[rule] = listing.OutcomePass
			}
		}
		for _, p := range plants[l.ID] {
			f := finding(l.ID, p.Rule, p.Text)
			f.URL, f.Title, f.Source = l.URL, l.Title, listing.Source(p.Source)
			f.Detail = "页面写“" + p.Text + "”，与平台规则不符"
			f.DetailEN = "the page says " + strconv.Quote(p.Text) + ", which breaks the platform rule"
			r.Findings = append(r.Findings, f)
			r.Outcomes[p.Rule] = listing.OutcomeFail
		}
		out[i] = r
	}
	return out
}

// benchPage wraps a demo page in the chrome of a real shop page: a style
// sheet and scripts shared by every page, navigation, and a
// "recommended" block that differs from page to page.
func benchPage(page string, l listing.Listing, i int) []byte {
	var b strings.Builder
	head := `<link rel="stylesheet" href="/static/shop.css">` + "\n<style>\n" + benchCSS + "</style>\n"
	b.WriteString(strings.Replace(page, "</head>", head+"</head>", 1))
	body := b.String()
	b.Reset()
	var extra strings.Builder
	extra.WriteString(`<nav class="top"><ul>`)
	for _, c := range []string{"首页", "全部宝贝", "新品上架", "热销榜单", "会员中心", "店铺动态", "联系客服"} {
		fmt.Fprintf(&extra, `<li><a href="/list?cat=%s">%s</a></li>`, c, c)
	}
	extra.WriteString("</ul></nav>\n<section class=\"recommend\"><h3>猜你喜欢</h3><ul>\n")
	for k := range 24 {
		rid := 10001 + (i*7+k*131)%benchListings
		price := 1900 + (i*13+k*317)%20000
		fmt.Fprintf(&extra, `<li class="item" data-id="%d"><a href="/item/%d.html"><img src="/img/%d-1.png" alt="%s 推荐 %d" loading="lazy"><span class="t">%s 同款推荐 %d</span><span class="p">¥%d.%02d</span><span class="s">月销 %d</span></a></li>`+"\n",
			rid, rid, rid, l.Title, k, l.Brand, rid, price/100, price%100, (i*k)%997)
	}
	extra.WriteString("</ul></section>\n<footer><p>巡店优选旗舰店 · 正品保障 · 七天无理由退换</p></footer>\n<script>\n" + benchJS + "</script>\n")
	fmt.Fprintf(&extra, `<script>window.__ITEM__={id:%q,price:%d,ts:%d};</script>`+"\n", l.ID, l.Price, 1767254400+i)
	body = strings.Replace(body, "</body>", extra.String()+"</body>", 1)
	return []byte(body)
}

var benchCSS = strings.Repeat(`.item{display:inline-block;width:23%;margin:0 1% 12px;vertical-align:top}
.item img{width:100%;border-radius:4px}.item .t{display:block;height:36px;overflow:hidden;color:#333;font-size:12px}
.item .p{color:#f40;font-weight:700}.item .s{float:right;color:#999;font-size:12px}
nav.top ul{list-style:none;margin:0;padding:0 12px;background:#f40}nav.top li{display:inline-block;padding:8px 12px}
nav.top a{color:#fff;text-decoration:none}footer{margin-top:24px;padding:16px;color:#999;border-top:1px solid #eee}
`, 4)

var benchJS = strings.Repeat(`(function(){var q=document.querySelectorAll('.recommend .item');for(var i=0;i<q.length;i++){q[i].addEventListener('click',function(e){var id=this.getAttribute('data-id');window.__track&&window.__track('rec',id)})}})();
window.__track=function(k,v){try{navigator.sendBeacon('/log?k='+encodeURIComponent(k)+'&v='+encodeURIComponent(v))}catch(e){}};
`, 5)

// BenchmarkSaveResults saves a 10,000-listing demo patrol one batch (200
// listings) per op, a new run every 50 batches.
func BenchmarkSaveResults(b *testing.B) {
	db := openTest(b)
	ctx := b.Context()
	rs := benchResults(b, benchListings)
	for i := range rs {
		rs[i].Listing.Page = nil // archived before saving
	}
	b.ReportAllocs()
	var runID int64
	i := 0
	for b.Loop() {
		off := (i * benchBatch) % len(rs)
		if off == 0 {
			run, err := db.StartRun(ctx, KindPatrol, "demo", t0.Add(time.Duration(i)*time.Hour))
			if err != nil {
				b.Fatal(err)
			}
			runID = run.ID
		}
		if err := db.SaveResults(ctx, runID, rs[off:off+benchBatch]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkArchivePages archives one batch (200) of ~15 KB listing pages
// per op: new pages (a first patrol), and pages already archived (a full
// re-patrol of an unchanged shop).
func BenchmarkArchivePages(b *testing.B) {
	rs := benchResults(b, benchListings)
	pages := make([]Page, len(rs))
	size := 0
	for i, r := range rs {
		pages[i] = Page{Hash: r.Listing.ContentHash, Body: r.Listing.Page, FetchedAt: r.Listing.FetchedAt}
		size += len(r.Listing.Page)
	}
	b.Logf("%d pages, %d bytes on average", len(pages), size/len(pages))
	b.Run("new", func(b *testing.B) {
		db := openTest(b)
		ctx := b.Context()
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			off := (i * benchBatch) % len(pages)
			if i > 0 && off == 0 {
				// Every page archived: make them new again, as the
				// next patrol of a changed shop would.
				b.StopTimer()
				for j := range pages {
					p := &pages[j]
					p.Body = append(p.Body[:len(p.Body):len(p.Body)], fmt.Sprintf("<!-- %d -->", i)...)
					sum := sha256.Sum256(p.Body)
					p.Hash = hex.EncodeToString(sum[:])
				}
				b.StartTimer()
			}
			if err := db.ArchivePages(ctx, pages[off:off+benchBatch]); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.SetBytes(int64(size / len(pages) * benchBatch))
	})
	b.Run("seen", func(b *testing.B) {
		db := openTest(b)
		ctx := b.Context()
		if err := db.ArchivePages(ctx, pages); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			off := (i * benchBatch) % len(pages)
			if err := db.ArchivePages(ctx, pages[off:off+benchBatch]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchmarkCarryForward carries a whole unchanged 10,000-listing shop
// forward (an incremental re-patrol: batches of 200 IDs, as patrol writes
// them) into a new run per op, each run carrying from the one before.
// The history grows by a run per op: compare with a fixed -benchtime=Nx.
func BenchmarkCarryForward(b *testing.B) {
	db := openTest(b)
	ctx := b.Context()
	rs := benchResults(b, benchListings)
	ids := make([]string, len(rs))
	for i := range rs {
		rs[i].Listing.Page = nil
		ids[i] = rs[i].Listing.ID
	}
	start := t0
	run, err := db.StartRun(ctx, KindPatrol, "demo", start)
	if err != nil {
		b.Fatal(err)
	}
	for off := 0; off < len(rs); off += benchBatch {
		if err := db.SaveResults(ctx, run.ID, rs[off:off+benchBatch]); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.FinishRun(ctx, run.ID, StatusComplete, start, RunStats{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		start = start.Add(24 * time.Hour)
		run, err := db.StartRun(ctx, KindPatrol, "demo", start)
		if err != nil {
			b.Fatal(err)
		}
		for off := 0; off < len(ids); off += benchBatch {
			if err := db.CarryForward(ctx, run.ID, ids[off:off+benchBatch]); err != nil {
				b.Fatal(err)
			}
		}
		if err := db.FinishRun(ctx, run.ID, StatusComplete, start, RunStats{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadRun reads back what a 10,000-listing patrol stored, after
// ten such patrols: the reads the snapshot table's layout affects.
func BenchmarkReadRun(b *testing.B) {
	db := openTest(b)
	ctx := b.Context()
	rs := benchResults(b, benchListings)
	for i := range rs {
		rs[i].Listing.Page = nil
	}
	var last int64
	for day := range 10 {
		start := t0.Add(time.Duration(day) * 24 * time.Hour)
		run, err := db.StartRun(ctx, KindPatrol, "demo", start)
		if err != nil {
			b.Fatal(err)
		}
		for off := 0; off < len(rs); off += benchBatch {
			if err := db.SaveResults(ctx, run.ID, rs[off:off+benchBatch]); err != nil {
				b.Fatal(err)
			}
		}
		if err := db.FinishRun(ctx, run.ID, StatusComplete, start, RunStats{}); err != nil {
			b.Fatal(err)
		}
		last = run.ID
	}
	b.Run("RunListings", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if ls, err := db.RunListings(ctx, last); err != nil || len(ls) != len(rs) {
				b.Fatal(len(ls), err)
			}
		}
	})
	b.Run("EachPriceSeries", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			if err := db.EachPriceSeries(ctx, last, t0, func(Series) error { n++; return nil }); err != nil || n != len(rs) {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("Snapshot", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, ok, err := db.Snapshot(ctx, last-int64(i%3), rs[(i*7919)%len(rs)].Listing.ID); err != nil || !ok {
				b.Fatal(ok, err)
			}
			i++
		}
	})
}
