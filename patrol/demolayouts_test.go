package patrol

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/xundian/xundian/crawler"
	"github.com/xundian/xundian/demoshop"
	"github.com/xundian/xundian/listing"
)

// TestCrawlerReadsEveryDemoLayout crawls the demo shop (both layouts; UTF-8,
// GBK with the charset in the header, in <meta> only or nowhere; Big5) and
// compares what the crawler extracted for every listing with the demo
// generator's own model: title, prices, SKU prices, the fee every mainland
// region pays, handling time, attributes, COD and return exemption.
func TestCrawlerReadsEveryDemoLayout(t *testing.T) {
	const n = 300
	shop, err := demoshop.New(demoshop.Options{Listings: n, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	srv, err := demoshop.Serve(ctx, "127.0.0.1:0", shop)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[string]listing.Listing{}
	res, err := crawler.Crawl(ctx, demoCrawlConfig(srv.URL), func(l listing.Listing) {
		mu.Lock()
		got[l.ID] = l
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failures) > 0 || len(got) != n {
		t.Fatalf("extracted %d of %d listings, failures %v", len(got), n, res.Failures)
	}
	layouts := map[string]int{}
	for id := demoshop.FirstID; id < demoshop.FirstID+n; id++ {
		want, _ := shop.Listing(id)
		path, _ := shop.Path(id)
		l, ok := got[strconv.Itoa(id)]
		if !ok {
			t.Errorf("listing %d not extracted", id)
			continue
		}
		u, _ := url.Parse(l.URL)
		if u.RequestURI() != path {
			t.Errorf("%d: URL %s, want path %s", id, l.URL, path)
		}
		layouts[path[:5]]++
		check := func(field string, g, w any) {
			if fmt.Sprint(g) != fmt.Sprint(w) {
				t.Errorf("%d (%s): %s = %v, want %v", id, path, field, g, w)
			}
		}
		check("title", l.Title, want.Title)
		check("price", l.Price, want.Price)
		check("promo price", l.PromoPrice, want.PromoPrice)
		check("original price", l.OriginalPrice, want.OriginalPrice)
		if len(want.SKUs) > 1 {
			check("SKU prices", skuPrices(l), skuPrices(want))
		}
		// A lone JSON-LD Offer is the product itself, not a SKU: compare
		// what the buyer can pay.
		check("payable prices", sortedMoney(l.PayablePrices()), sortedMoney(want.PayablePrices()))
		check("handling hours", l.HandlingHours, want.HandlingHours)
		check("attributes", l.Attributes, want.Attributes)
		check("COD", l.OffersCOD, want.OffersCOD)
		check("return exempt", l.ReturnExempt, want.ReturnExempt)
		check("service text", l.ServiceText, want.ServiceText)
		if (l.Freight == nil) != (want.Freight == nil) {
			t.Errorf("%d: freight %v, want %v", id, l.Freight, want.Freight)
			continue
		}
		if want.Freight != nil {
			low := want.LowestPayable()
			for _, r := range listing.MainlandRegions() {
				for _, q := range []int{1, 2} {
					g, w := l.Freight.ChargeFor(r, low*listing.Money(q), q), want.Freight.ChargeFor(r, low*listing.Money(q), q)
					if g != w || l.Freight.Delivers(r) != want.Freight.Delivers(r) {
						t.Errorf("%d: %s × %d pays %v (delivers %v), want %v (%v)", id, r, q, g, l.Freight.Delivers(r), w, want.Freight.Delivers(r))
					}
				}
			}
		}
	}
	if layouts["/item"] == 0 || layouts["/deta"] == 0 {
		t.Errorf("layouts seen %v, want both", layouts)
	}
}

func skuPrices(l listing.Listing) []string {
	var out []string
	for _, s := range l.SKUs {
		out = append(out, s.Name+"="+s.Price.String()+"/"+s.PromoPrice.String())
	}
	sort.Strings(out)
	return out
}

func sortedMoney(ms []listing.Money) []listing.Money {
	sort.Slice(ms, func(i, j int) bool { return ms[i] < ms[j] })
	return ms
}
