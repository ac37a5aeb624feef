package crawler

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/xundian/xundian/listing"
)

// collect runs Crawl and returns the emitted listings by ID.
func collect(t *testing.T, ctx context.Context, cfg Config) (map[string]listing.Listing, Result) {
	t.Helper()
	got := map[string]listing.Listing{}
	var inEmit atomic.Int32
	res, err := Crawl(ctx, cfg, func(l listing.Listing) {
		if inEmit.Add(1) != 1 {
			t.Error("emit called concurrently")
		}
		defer inEmit.Add(-1)
		if _, dup := got[l.ID]; dup {
			t.Errorf("listing %s emitted twice", l.ID)
		}
		got[l.ID] = l
	})
	if err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	s := res.Stats
	if s.Discovered != s.Listings+s.Unchanged+s.Failed+s.Duplicates {
		t.Errorf("stats %+v: Discovered != Listings + Unchanged + Failed + Duplicates", s)
	}
	return got, res
}

func wantLayoutA(base string, id int) listing.Listing {
	return listing.Listing{
		ID: fmt.Sprint(id), URL: fmt.Sprintf("%s/item/%d.html", base, id),
		Title: fmt.Sprintf("纯棉T恤 %d", id), Brand: "巡店优选",
		Price: 5900, OriginalPrice: 9900, Currency: "CNY",
		SKUs: []listing.SKU{
			{ID: fmt.Sprintf("%d-1", id), Name: "白色 M", Price: 5900},
			{ID: fmt.Sprintf("%d-2", id), Name: "黑色 L", Price: 7900},
		},
		Images: []listing.Image{
			{URL: fmt.Sprintf("%s/img/%d-1.png", base, id), Alt: "全国包邮", Role: listing.ImageMain},
			{URL: fmt.Sprintf("%s/img/%d-2.png", base, id), Alt: "细节图", Role: listing.ImageDescription},
		},
		Attributes:     []listing.Attribute{{Name: "面料成分", Value: "棉100%"}},
		Description:    "夏季新款 纯棉",
		ServiceText:    "7天无理由退换 全国包邮",
		PaymentMethods: []string{"http://purl.org/goodrelations/v1#COD"},
		OffersCOD:      true,
		HandlingHours:  48, HasHandling: true,
		Freight: &listing.FreightTemplate{
			Default:       listing.Fee{},
			Regions:       []listing.RegionFee{{Regions: []listing.Region{"新疆", "西藏"}, Fee: listing.Fee{First: 1000}}},
			Undeliverable: []listing.Region{"台湾"},
		},
	}
}

func wantLayoutB(base string, id int) listing.Listing {
	conv := func(s string) string { return s }
	if (id/2)%5 == 4 {
		conv = toBig5Text
	}
	return listing.Listing{
		ID: fmt.Sprint(id), URL: fmt.Sprintf("%s/detail.htm?id=%d", base, id),
		Title: conv(fmt.Sprintf("碎花连衣裙 %d", id)),
		Price: 12900, PromoPrice: 9900, OriginalPrice: 19900,
		SKUs: []listing.SKU{
			{ID: fmt.Sprintf("%d-1", id), Name: conv("红色 M"), Price: 12900},
			{ID: fmt.Sprintf("%d-2", id), Name: conv("蓝色 L"), Price: 13900},
		},
		Images: []listing.Image{
			{URL: fmt.Sprintf("%s/img/%d-1.png", base, id), Alt: conv("新疆西藏除外 包邮"), Role: listing.ImageMain},
			{URL: fmt.Sprintf("%s/img/%d-2.png", base, id), Alt: conv("尺码表"), Role: listing.ImageDescription},
		},
		Attributes: []listing.Attribute{
			{Name: "面料成分", Value: conv("聚酯纤维100%")},
			{Name: conv("颜色"), Value: conv("红色 蓝色")},
		},
		Description:    "春夏新款 碎花",
		ServiceText:    "正品保障 急速退款",
		PaymentMethods: splitPayment(conv("支付方式：货到付款 信用卡 支付宝")),
		OffersCOD:      true,
		HandlingHours:  48, HasHandling: true,
		Freight: &listing.FreightTemplate{
			ID: fmt.Sprintf("T%d", id%3), Name: "默认模板",
			Regions: []listing.RegionFee{
				{Regions: []listing.Region{"新疆", "西藏"}, Fee: listing.Fee{First: 1000, Additional: 500}},
				{Regions: []listing.Region{"内蒙古", "青海"}, Fee: listing.Fee{First: 800, Additional: 200}},
			},
			FreeConditions: []listing.FreeCondition{{MinAmount: 9900}},
			Undeliverable:  []listing.Region{"台湾"},
		},
	}
}

// TestCrawlShop crawls both layouts through paginated index pages and
// compares every field of every listing; layout B pages cover UTF-8, GBK
// (header, meta, undeclared) and Big5.
func TestCrawlShop(t *testing.T) {
	shop := newTestShop(t, 10)
	shop.perPage = 4
	got, res := collect(t, t.Context(), shopConfig(shop))
	if len(res.Failures) != 0 {
		t.Errorf("failures: %+v", res.Failures)
	}
	if res.Stats.Discovered != 10 || res.Stats.Listings != 10 {
		t.Errorf("stats = %+v, want 10 discovered and emitted", res.Stats)
	}
	for id := 10001; id <= 10010; id++ {
		var want listing.Listing
		if id%2 == 1 {
			want = wantLayoutA(shop.srv.URL, id)
		} else {
			want = wantLayoutB(shop.srv.URL, id)
		}
		l, ok := got[fmt.Sprint(id)]
		if !ok {
			t.Errorf("listing %d not emitted", id)
			continue
		}
		if l.FetchedAt.IsZero() || len(l.ContentHash) != 64 {
			t.Errorf("listing %d: FetchedAt %v, ContentHash %q", id, l.FetchedAt, l.ContentHash)
		}
		l.FetchedAt, l.ContentHash, l.ETag, l.LastModified = time.Time{}, "", "", ""
		if diff := cmp.Diff(want, l); diff != "" {
			t.Errorf("listing %d (-want +got):\n%s", id, diff)
		}
	}
	for k := range 3 {
		if n := shop.count(fmt.Sprintf("/freight/T%d.json", k)); n != 1 {
			t.Errorf("freight template T%d fetched %d times, want once (cached per run)", k, n)
		}
	}
	if n := shop.count("/about.html"); n != 0 {
		t.Errorf("/about.html fetched %d times: only listings and next pages are followed", n)
	}
	if n := shop.count("/list"); n != 3 {
		t.Errorf("index pages fetched %d times, want 3 (pagination)", n)
	}
	if res.Stats.MissingFields["title"] != 0 || res.Stats.MissingFields["freight"] != 0 {
		t.Errorf("MissingFields = %v", res.Stats.MissingFields)
	}
}

// TestCrawlSitemap discovers listings through a sitemap index pointing to a
// gzipped and a plain sitemap.
func TestCrawlSitemap(t *testing.T) {
	shop := newTestShop(t, 20)
	cfg := shopConfig(shop)
	cfg.StartURLs = nil
	cfg.SitemapURL = shop.srv.URL + "/sitemap.xml"
	got, res := collect(t, t.Context(), cfg)
	if len(got) != 20 || len(res.Failures) != 0 {
		t.Fatalf("got %d listings, failures %+v; want 20, none", len(got), res.Failures)
	}
	if shop.count("/sitemap-1.xml.gz") != 1 || shop.count("/sitemap-2.xml") != 1 {
		t.Errorf("sitemaps fetched %d and %d times, want once each", shop.count("/sitemap-1.xml.gz"), shop.count("/sitemap-2.xml"))
	}
	if shop.count("/list") != 0 {
		t.Error("index pages fetched without start_urls")
	}
}

// TestCrawlDedupe finds every listing through both the sitemap and the
// index pages (whose layout-B links carry spm=…): each is fetched once, at
// its canonical URL.
func TestCrawlDedupe(t *testing.T) {
	shop := newTestShop(t, 100)
	cfg := shopConfig(shop)
	cfg.SitemapURL = shop.srv.URL + "/sitemap.xml"
	cfg.StartURLs = append(cfg.StartURLs, shop.srv.URL+"/list?page=1#top", shop.srv.URL+"/list?utm_source=x&page=1")
	got, res := collect(t, t.Context(), cfg)
	if len(got) != 100 || res.Stats.Discovered != 100 {
		t.Fatalf("got %d listings, %d discovered; want 100", len(got), res.Stats.Discovered)
	}
	for id := 10001; id <= 10100; id++ {
		if n := shop.count(shop.listingPath(id)); n != 1 {
			t.Errorf("%s fetched %d times, want 1", shop.listingPath(id), n)
		}
	}
	if n := shop.count("/detail.htm?id=10002&spm=a1z10.3-c.w4002-1"); n != 0 {
		t.Errorf("tracking URL fetched %d times", n)
	}
	if n := shop.count("/list"); n != 3 {
		t.Errorf("index pages fetched %d times, want 3", n)
	}
}

// TestCrawlAllowedDomains: links and redirects to another host are never
// requested.
func TestCrawlAllowedDomains(t *testing.T) {
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		fmt.Fprint(w, layoutA("", 10001))
	}))
	defer other.Close()
	shop := newTestShop(t, 4)
	shop.hook = func(w http.ResponseWriter, r *http.Request) bool {
		switch r.URL.Path {
		case "/list":
			fmt.Fprintf(w, `<a href="%s/item/10001.html">x</a><a href="http://evil.example/item/10003.html">y</a><a href="/item/10003.html">z</a>`+
				`<a href="/item/10005.html">r</a><a class="next" href="%s/list?page=2">next</a>`, other.URL, other.URL)
			return true
		case "/item/10005.html":
			http.Redirect(w, r, other.URL+"/item/10005.html", http.StatusFound)
			return true
		}
		return false
	}
	cfg := shopConfig(shop)
	cfg.AllowedDomains = []string{strings.TrimPrefix(shop.srv.URL, "http://")}
	got, res := collect(t, t.Context(), cfg)
	if otherHits.Load() != 0 {
		t.Errorf("other host requested %d times", otherHits.Load())
	}
	if _, ok := got["10003"]; !ok || len(got) != 1 {
		t.Errorf("got listings %v, want only 10003", keys(got))
	}
	if len(res.Failures) != 1 || !strings.Contains(res.Failures[0].Err, "outside crawler.allowed_domains") || res.Failures[0].ListingID != "10005" {
		t.Errorf("failures = %+v, want the off-domain redirect of 10005", res.Failures)
	}
}

func keys(m map[string]listing.Listing) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestCrawlRetries: 500 twice then success is emitted; 429 with
// Retry-After: 2 is retried after two seconds; a permanent 503 and a 404
// become Failures with their status (404 is not retried). Listings come
// from a URL list file of IDs.
func TestCrawlRetries(t *testing.T) {
	shop := newTestShop(t, 10)
	var mu sync.Mutex
	calls := map[string]int{}
	var retryAt time.Time
	first429 := time.Time{}
	shop.hook = func(w http.ResponseWriter, r *http.Request) bool {
		mu.Lock()
		calls[r.URL.Path]++
		n := calls[r.URL.Path]
		mu.Unlock()
		switch r.URL.Path {
		case "/item/10001.html":
			if n <= 2 {
				http.Error(w, "boom", http.StatusInternalServerError)
				return true
			}
		case "/item/10003.html":
			if n == 1 {
				first429 = time.Now()
				w.Header().Set("Retry-After", "2")
				http.Error(w, "slow down", http.StatusTooManyRequests)
				return true
			}
			retryAt = time.Now()
		case "/item/10005.html":
			http.Error(w, "down", http.StatusServiceUnavailable)
			return true
		}
		return false
	}
	list := filepath.Join(t.TempDir(), "ids.txt")
	if err := os.WriteFile(list, []byte("# ids\n10001\n10003\n\n10005\n10007\n"+shop.srv.URL+"/item/10009.html\n10011\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := shopConfig(shop)
	cfg.StartURLs = nil
	cfg.URLListFile = list
	cfg.ItemURLTemplate = shop.srv.URL + "/item/{id}.html"
	got, res := collect(t, t.Context(), cfg)
	for _, id := range []string{"10001", "10003", "10007", "10009"} {
		if _, ok := got[id]; !ok {
			t.Errorf("listing %s not emitted", id)
		}
	}
	if d := retryAt.Sub(first429); d < 1900*time.Millisecond {
		t.Errorf("429 retried after %v, want ≥ 2s (Retry-After: 2)", d)
	}
	want := []Failure{
		{URL: shop.srv.URL + "/item/10005.html", ListingID: "10005", Status: 503, Err: "HTTP 503 Service Unavailable (gave up after 2 retries)"},
		{URL: shop.srv.URL + "/item/10011.html", ListingID: "10011", Status: 404, Err: "HTTP 404 Not Found"},
	}
	if diff := cmp.Diff(want, res.Failures); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
	if calls["/item/10005.html"] != 3 || calls["/item/10001.html"] != 3 || shop.count("/item/10011.html") != 1 {
		t.Errorf("calls = %v, 10011: %d; want 3 tries for 503/500 and 1 for 404", calls, shop.count("/item/10011.html"))
	}
}

// TestCrawlLimits: an oversized body (with and without Content-Length) and
// a redirect loop end as Failures naming the limit.
func TestCrawlLimits(t *testing.T) {
	shop := newTestShop(t, 8)
	big := strings.Repeat("x", 64<<10)
	shop.hook = func(w http.ResponseWriter, r *http.Request) bool {
		switch r.URL.Path {
		case "/item/10001.html": // chunked: no Content-Length
			w.Write([]byte(layoutA("", 10001)))
			w.(http.Flusher).Flush()
			w.Write([]byte(big))
			return true
		case "/item/10003.html":
			w.Header().Set("Content-Length", fmt.Sprint(len(big)))
			w.Write([]byte(big))
			return true
		case "/item/10005.html":
			n := len(r.URL.Query().Get("r"))
			http.Redirect(w, r, fmt.Sprintf("/item/10005.html?r=%s", strings.Repeat("a", n+1)), http.StatusFound)
			return true
		}
		return false
	}
	cfg := shopConfig(shop)
	cfg.MaxBodyBytes = 32 << 10
	cfg.MaxRedirects = 3
	got, res := collect(t, t.Context(), cfg)
	if len(got) != 5 {
		t.Errorf("got %d listings, want 5", len(got))
	}
	byID := map[string]Failure{}
	for _, f := range res.Failures {
		byID[f.ListingID] = f
	}
	for id, want := range map[string]string{"10001": "max_body_bytes", "10003": "max_body_bytes", "10005": "stopped after 3 redirects"} {
		if f, ok := byID[id]; !ok || !strings.Contains(f.Err, want) {
			t.Errorf("failure for %s = %+v, want %q", id, f, want)
		}
	}
}

// TestCrawlMany crawls 1,000 listings (run with -race) and checks that
// colly never gets more than Parallelism×2 requests (and goroutines) at
// once: the crawler's own queue bounds them.
func TestCrawlMany(t *testing.T) {
	shop := newTestShop(t, 1000)
	var cur, peak atomic.Int32
	shop.hook = func(w http.ResponseWriter, r *http.Request) bool {
		n := cur.Add(1)
		defer cur.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(time.Millisecond)
		return false
	}
	cfg := shopConfig(shop)
	cfg.StartURLs = nil
	cfg.SitemapURL = shop.srv.URL + "/sitemap.xml"
	cfg.Parallelism = 6
	base := runtime.NumGoroutine()
	var maxG atomic.Int32
	cfg.Progress = func(s Stats) {
		if g := int32(runtime.NumGoroutine()); g > maxG.Load() {
			maxG.Store(g)
		}
	}
	got, res := collect(t, t.Context(), cfg)
	if len(got) != 1000 || res.Stats.Listings != 1000 || len(res.Failures) != 0 {
		t.Fatalf("got %d listings, stats %+v, failures %d", len(got), res.Stats, len(res.Failures))
	}
	if p := peak.Load(); p > 6 {
		t.Errorf("peak concurrent requests %d > parallelism 6", p)
	}
	// About six net/http goroutines per active request (client read/write
	// loops, cancel watchers, server conn) plus colly's one per request:
	// bounded by the in-flight cap (12), ~120, not by the 1,000 listings
	// (an unbounded queue would start a goroutine per listing). The bound
	// leaves room for scheduling noise on a loaded machine.
	if g := int(maxG.Load()) - base; g > 250 {
		t.Errorf("goroutines grew by %d during the crawl", g)
	}
}

// TestCrawlMaxPages stops fetching listings at the budget.
func TestCrawlMaxPages(t *testing.T) {
	shop := newTestShop(t, 100)
	cfg := shopConfig(shop)
	cfg.MaxPages = 5
	got, res := collect(t, t.Context(), cfg)
	if len(got) != 5 || res.Stats.Discovered != 5 || res.Stats.Skipped == 0 {
		t.Errorf("got %d listings, stats %+v; want 5 and some skipped", len(got), res.Stats)
	}
	if n := shop.count("/list"); n != 1 {
		t.Errorf("index pages fetched %d times after the budget was spent, want 1", n)
	}
}

// TestCrawlHeadersSecrets: configured headers and cookies reach every
// request, COLLY_* variables are warned about and cannot change the user
// agent, and no secret appears in the log.
func TestCrawlHeadersSecrets(t *testing.T) {
	t.Setenv("COLLY_USER_AGENT", "evil-agent")
	shop := newTestShop(t, 4)
	var bad atomic.Int32
	shop.hook = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Header.Get("X-Shop-Token") != "s3cret-token" || !strings.Contains(r.Header.Get("Cookie"), "sess=s3cret-cookie") || r.UserAgent() != "xundian-test" {
			bad.Add(1)
		}
		return false
	}
	var logs bytes.Buffer
	cfg := shopConfig(shop)
	cfg.Headers = map[string]string{"X-Shop-Token": "s3cret-token"}
	cfg.Cookies = "sess=s3cret-cookie"
	cfg.UserAgent = "xundian-test"
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	got, _ := collect(t, t.Context(), cfg)
	if len(got) != 4 || bad.Load() != 0 {
		t.Errorf("got %d listings, %d requests without the configured headers", len(got), bad.Load())
	}
	if !strings.Contains(logs.String(), "COLLY_USER_AGENT") {
		t.Errorf("no warning about COLLY_USER_AGENT in log:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "s3cret") {
		t.Errorf("secret logged:\n%s", logs.String())
	}
}

// TestCrawlCancel: a canceled crawl returns the context error and accounts
// for every discovered listing.
func TestCrawlCancel(t *testing.T) {
	shop := newTestShop(t, 60)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cfg := shopConfig(shop)
	cfg.Parallelism = 1
	n := 0
	res, err := Crawl(ctx, cfg, func(listing.Listing) {
		if n++; n == 3 {
			cancel()
		}
	})
	if err == nil {
		t.Fatal("Crawl after cancel: nil error")
	}
	s := res.Stats
	if s.Discovered != s.Listings+s.Unchanged+s.Failed+s.Duplicates || s.Failed == 0 {
		t.Errorf("stats %+v: want every discovered listing emitted or failed, some failed", s)
	}
}

func TestValidate(t *testing.T) {
	ok := Config{StartURLs: []string{"http://127.0.0.1:1/list"}, ItemURLPattern: `/item/(?P<id>\d+)`}
	if err := ok.Validate(); err != nil {
		t.Fatalf("Validate(valid) = %v", err)
	}
	tests := []struct {
		name string
		mod  func(*Config)
		want string
	}{
		{"no source", func(c *Config) { c.StartURLs = nil }, "crawler.start_urls: "},
		{"bad pattern", func(c *Config) { c.ItemURLPattern = "(" }, "crawler.item_url_pattern: error parsing regexp: "},
		{"bad selector", func(c *Config) { c.Selectors.Title = "h1[" }, "crawler.selectors.title: "},
		{"empty attr", func(c *Config) { c.Selectors.Price = ".p@" }, "crawler.selectors.price: "},
		{"bad next", func(c *Config) { c.NextPageSelector = "a..next@href" }, "crawler.next_page_selector: "},
		{"relative start", func(c *Config) { c.StartURLs = []string{"/list"} }, "crawler.start_urls[0]: "},
		{"template without id", func(c *Config) { c.ItemURLTemplate = "http://127.0.0.1:1/item" }, "crawler.item_url_template: "},
		{"host not allowed", func(c *Config) { c.AllowedDomains = []string{"shop.example"} }, "crawler.allowed_domains: "},
		{"encoding", func(c *Config) { c.Encoding = "klingon" }, "crawler.encoding: "},
		{"embedded", func(c *Config) { c.Embedded = []EmbeddedJSON{{Script: "("}} }, "crawler.embedded[0].script: "},
		{"negative", func(c *Config) { c.Retries = -1 }, "crawler.retries: "},
		{"header", func(c *Config) { c.Headers = map[string]string{"Bad Header": "x"} }, "crawler.headers: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.mod(&c)
			err := c.Validate()
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want prefix %q", err, tt.want)
			}
		})
	}
}
