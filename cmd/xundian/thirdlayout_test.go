package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// A third storefront layout that no code in xundian knows: an independent
// shop with product articles, a <dl> spec list, a freight fee table on the
// page and, for one listing, a template ID looked up in a freight CSV
// exported from the seller's backend. Only YAML tells xundian how to read it.
const thirdLayoutPage = `<!doctype html><html><head><meta charset="utf-8"><title>%[2]s</title></head><body>
<article class="product" data-pid="%[1]d">
<h2 class="name">%[2]s</h2>
<p class="cost">现价 <b class="now">%[3]s</b></p>
<dl class="spec"><div class="kv"><dt>面料成分</dt><dd>%[4]s</dd></div><div class="kv"><dt>产地</dt><dd>浙江</dd></div></dl>
<div class="promise">%[5]s</div>
%[6]s
<section class="story">%[7]s</section>
</article></body></html>`

type thirdListing struct {
	id                                   int
	title, price, fabric, promise, story string
	freight                              string
	want                                 []string // rule IDs
}

func thirdLayoutShop() []thirdListing {
	table := func(rows ...[3]string) string {
		var b strings.Builder
		b.WriteString(`<table class="ship">`)
		for _, r := range rows {
			fmt.Fprintf(&b, `<tr><td class="area">%s</td><td class="fee">%s</td><td class="add">%s</td></tr>`, r[0], r[1], r[2])
		}
		b.WriteString(`</table>`)
		return b.String()
	}
	freeButXinjiang := table([3]string{"其他地区", "0.00", "0.00"}, [3]string{"新疆、西藏", "10.00", "5.00"})
	allFree := table([3]string{"全国", "0", "0"})
	return []thirdListing{
		{1, "夏季 全国包邮 速干T恤", "59.00", "聚酯纤维100%", "48小时内发货", "轻薄透气", freeButXinjiang, []string{"free-shipping-mismatch"}},
		{2, "纯棉 圆领T恤", "69.00", "聚酯纤维100%", "", "亲肤舒适", allFree, []string{"material-mismatch"}},
		{3, "包邮（新疆西藏除外） 纯棉短袖", "79.00", "棉100%", "", "日常百搭", freeButXinjiang, nil},
		{4, "全国包邮 亚麻衬衫", "99.00", "亚麻100%", "", "透气", `<span class="tpl" data-tpl="T9">运费模板</span>`, []string{"free-shipping-mismatch"}},
		{5, "休闲 短裤 到手价39", "49.00", "棉100%", "", "舒适", allFree, []string{"price-mismatch"}},
	}
}

const thirdLayoutYAML = `
shop:
  name: third
  start_urls:
    - %[1]s/catalog
  sitemap_url: ""
  item_url_template: ""
  item_url_pattern: '/p/(?P<id>\d+)$'
  next_page: ""
  allowed_domains: [127.0.0.1]
  freight_csv: %[2]s
selectors:
  id: article.product@data-pid
  title: article.product h2.name
  price: .cost b.now
  promo_price: ""
  original_price: ""
  sku: ""
  main_images: ""
  description_images: ""
  attribute_row: dl.spec div.kv
  attribute_name: dt
  attribute_value: dd
  description: section.story
  service_text: div.promise
  payment: ""
  cod: ""
  handling_time: ""
  return_exempt: ""
  stock: ""
  freight_url: ""
  freight_row: table.ship tr
  freight_regions: td.area
  freight_first: td.fee
  freight_additional: td.add
  freight_id: span.tpl@data-tpl
checks:
  authorized_brands: []
`

// TestThirdLayoutConfiguredInYAML patrols a shop whose HTML layout
// xundian has never seen, configured purely in YAML, and expects exactly
// the planted findings (the fee table, the CSV template and the spec list
// all have to be read for them to appear).
func TestThirdLayoutConfiguredInYAML(t *testing.T) {
	shop := thirdLayoutShop()
	mux := http.NewServeMux()
	mux.HandleFunc("/catalog", func(w http.ResponseWriter, r *http.Request) {
		for _, l := range shop {
			fmt.Fprintf(w, `<a href="/p/%d">%s</a>`, l.id, l.title)
		}
	})
	for _, l := range shop {
		page := fmt.Sprintf(thirdLayoutPage, l.id, l.title, l.price, l.fabric, l.promise, l.freight, l.story)
		mux.HandleFunc(fmt.Sprintf("/p/%d", l.id), func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page)
		})
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()

	dir := t.TempDir()
	csvPath := filepath.Join(dir, "freight.csv")
	csvText := "template_id,kind,regions,first,additional,min_amount,min_quantity\n" +
		"T9,default,,0,0,,\n" +
		"T9,fee,内蒙古自治区|青海,0.01,0,,\n"
	if err := os.WriteFile(csvPath, []byte(csvText), 0o644); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(fmt.Sprintf(thirdLayoutYAML, srv.URL, csvPath)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "f.json")
	if _, _, err := runCLI(t, "patrol", "--quiet", "--config", cfgPath, "--db", filepath.Join(dir, "x.db"), "--format", "json", "--out", out); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Run struct {
			Listings    int `json:"listings"`
			FetchErrors int `json:"fetch_errors"`
		} `json:"run"`
		Findings []struct {
			ListingID string `json:"listing_id"`
			Rule      string `json:"rule"`
			Detail    string `json:"detail"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Run.Listings != len(shop) || doc.Run.FetchErrors != 0 {
		t.Fatalf("listings %d, fetch errors %d; want %d, 0", doc.Run.Listings, doc.Run.FetchErrors, len(shop))
	}
	var got, want []string
	for _, f := range doc.Findings {
		got = append(got, f.ListingID+" "+f.Rule)
		if f.ListingID == "4" && !strings.Contains(f.Detail, "0.01") {
			t.Errorf("listing 4's detail %q does not name the CSV template's ¥0.01 fee", f.Detail)
		}
	}
	for _, l := range shop {
		for _, r := range l.want {
			want = append(want, fmt.Sprintf("%d %s", l.id, r))
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
