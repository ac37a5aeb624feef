// Command barecrawl is the baseline of the patrol benchmark (bench/run.sh):
// the least a crawler must do to read a shop's listings with colly. It
// discovers listing pages through the sitemap (index and child sitemaps),
// fetches each with the same parallelism as xundian, and parses it with
// goquery — no charset decoding, extraction, checks or store.
//
//	barecrawl --sitemap http://127.0.0.1:PORT/sitemap.xml --parallelism 4
//
// It prints one line: listings=N errors=E seconds=S pages_per_sec=R.
package main

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"
)

func main() {
	sitemap := flag.String("sitemap", "", "sitemap (index) URL")
	parallelism := flag.Int("parallelism", 4, "concurrent requests (crawl.parallelism)")
	flag.Parse()
	if *sitemap == "" {
		fmt.Fprintln(os.Stderr, "barecrawl: --sitemap is required")
		os.Exit(2)
	}
	start := time.Now()
	n, errs, err := crawl(*sitemap, *parallelism)
	elapsed := time.Since(start).Seconds()
	if err != nil {
		fmt.Fprintln(os.Stderr, "barecrawl:", err)
		os.Exit(2)
	}
	fmt.Printf("listings=%d errors=%d seconds=%.3f pages_per_sec=%.1f\n", n, errs, elapsed, float64(n)/elapsed)
}

// crawl fetches every page the sitemap names and returns how many were
// parsed and how many requests failed.
func crawl(sitemap string, parallelism int) (parsed, failed int64, err error) {
	col := colly.NewCollector(
		colly.Async(true),
		colly.UserAgent("xundian-bench/barecrawl"),
	)
	col.IgnoreRobotsTxt = true
	col.AllowURLRevisit = false
	col.DetectCharset = false
	col.SetRequestTimeout(15 * time.Second)
	// The same connection reuse the xundian crawler sets up: without it the
	// default two idle connections per host would slow the baseline down.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 2 * parallelism
	col.WithTransport(tr)
	if err := col.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: parallelism}); err != nil {
		return 0, 0, err
	}

	var nParsed, nFailed atomic.Int64
	// colly's OnXML would parse every HTML page a second time (htmlquery)
	// to look for sitemap elements, so sitemaps are decoded here instead.
	col.OnResponse(func(r *colly.Response) {
		if strings.HasSuffix(r.Request.URL.Path, ".xml") {
			// Sitemap index → child sitemaps → listing pages.
			var sm struct {
				Sitemaps []string `xml:"sitemap>loc"`
				URLs     []string `xml:"url>loc"`
			}
			if err := xml.Unmarshal(r.Body, &sm); err != nil {
				nFailed.Add(1)
				return
			}
			for _, u := range append(sm.Sitemaps, sm.URLs...) {
				_ = r.Request.Visit(strings.TrimSpace(u))
			}
			return
		}
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(r.Body))
		if err != nil {
			nFailed.Add(1)
			return
		}
		_ = doc.Find("title").Text()
		nParsed.Add(1)
	})
	col.OnError(func(_ *colly.Response, _ error) { nFailed.Add(1) })
	if err := col.Visit(sitemap); err != nil {
		return 0, 0, err
	}
	col.Wait()
	return nParsed.Load(), nFailed.Load(), nil
}
