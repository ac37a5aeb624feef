package crawler

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// demoPage is one listing page as the demo shop serves it.
type demoPage struct {
	url         *url.URL
	contentType string
	body        []byte
}

// demoPages reads the demo shop pages in testdata/demo (listed in
// pages.tsv: file, path, Content-Type; 12 JSON-LD pages and 20 legacy ones
// in every charset variant, as the demo shop served them with seed 3) and
// splits them by layout.
func demoPages(tb testing.TB) (jsonld, legacy []demoPage) {
	tb.Helper()
	index, err := os.ReadFile(filepath.Join("testdata", "demo", "pages.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	for line := range strings.Lines(string(index)) {
		f := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
		if len(f) != 3 {
			tb.Fatalf("pages.tsv: bad line %q", line)
		}
		body, err := os.ReadFile(filepath.Join("testdata", "demo", f[0]))
		if err != nil {
			tb.Fatal(err)
		}
		u, _ := url.Parse("http://127.0.0.1:8080" + f[1])
		p := demoPage{url: u, contentType: f[2], body: body}
		if strings.HasPrefix(f[1], "/item/") {
			jsonld = append(jsonld, p)
		} else {
			legacy = append(legacy, p)
		}
	}
	return jsonld, legacy
}

// demoConfig is the crawler section of the shipped config.yaml, as far as
// extraction reads it.
func demoConfig() Config {
	return Config{
		ItemURLPattern: `/(?:item/(?P<id>\d+)\.html|detail\.htm\?id=(?P<id>\d+))`,
		StripParams:    []string{"spm", "scm", "utm_*", "pvid", "trackInfo", "abbucket", "ali_refid", "ali_trackid"},
		Selectors: Selectors{
			ID:                "h1[data-item-id]@data-item-id",
			Title:             ".tb-detail-hd h1, h1.product-title",
			Price:             ".tm-price em",
			PromoPrice:        ".tm-promo-price em",
			OriginalPrice:     ".tm-price-orig em",
			SKU:               "ul.tb-sku li",
			SKUID:             "@data-sku-id",
			SKUPrice:          "@data-price",
			SKUStock:          "@data-stock",
			MainImages:        ".tb-gallery img, .gallery img",
			DescriptionImages: ".tb-description img, .desc img",
			AttributeRow:      "ul.attributes-list li",
			AttributeName:     ".attr-name",
			AttributeValue:    ".attr-value",
			Description:       ".tb-description, .desc",
			ServiceText:       ".tb-service, .service-promise",
			Payment:           ".tb-payment",
			COD:               ".tb-payment@data-cod",
			HandlingTime:      ".tb-delivery@data-handling-hours",
			ReturnExempt:      ".tb-return@data-exempt",
			Stock:             ".tb-stock@data-stock",
			FreightURL:        "#J_Freight@data-freight-url",
		},
		Freight: DefaultFreightMapping,
	}
}

// BenchmarkDemoExtract runs ExtractListing over demo pages of each layout;
// BenchmarkDemoParse is the goquery parse alone on the same pages, so
// ExtractListing's own cost is the difference.
func BenchmarkDemoExtract(b *testing.B) {
	cfg := demoConfig()
	benchDemoLayouts(b, func(p demoPage) error {
		_, _, err := ExtractListing(p.body, p.contentType, p.url, cfg)
		return err
	})
}

func BenchmarkDemoParse(b *testing.B) {
	benchDemoLayouts(b, func(p demoPage) error {
		_, err := goquery.NewDocumentFromReader(bytes.NewReader(p.body))
		return err
	})
}

// benchDemoLayouts runs one sub-benchmark per demo layout, calling work
// on its pages in turn.
func benchDemoLayouts(b *testing.B, work func(demoPage) error) {
	jsonld, legacy := demoPages(b)
	for _, layout := range []struct {
		name  string
		pages []demoPage
	}{{"jsonld", jsonld}, {"legacy", legacy}} {
		b.Run(layout.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				p := layout.pages[i%len(layout.pages)]
				i++
				if err := work(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestDemoPagesExtract guards the benchmarks' inputs: every demo page
// yields its listing.
func TestDemoPagesExtract(t *testing.T) {
	jsonld, legacy := demoPages(t)
	if len(jsonld) == 0 || len(legacy) == 0 {
		t.Fatalf("pages: %d JSON-LD, %d legacy; want both layouts", len(jsonld), len(legacy))
	}
	cfg := demoConfig()
	for _, p := range append(jsonld, legacy...) {
		l, _, err := ExtractListing(p.body, p.contentType, p.url, cfg)
		if err != nil || l.ID == "" || l.Title == "" || l.Price == 0 || l.Freight == nil && p.url.Path == "/item/"+l.ID+".html" {
			t.Errorf("ExtractListing(%s) = ID %q title %q price %v freight %v, %v", p.url, l.ID, l.Title, l.Price, l.Freight, err)
		}
	}
}
