package crawler

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// testShop is a small storefront following DESIGN.md's two layouts.
// Listing IDs 10001…10000+n; odd IDs are layout A (/item/{id}.html), even
// IDs layout B (/detail.htm?id={id}) whose charset cycles through UTF-8
// header, GBK header, GBK meta only, GBK undeclared and Big5 header.
type testShop struct {
	srv     *httptest.Server
	n       int
	perPage int
	mu      sync.Mutex
	hits    map[string]int
	// hook, when set, may answer a request itself (returns true).
	hook func(w http.ResponseWriter, r *http.Request) bool
}

func newTestShop(t testing.TB, n int) *testShop {
	t.Helper()
	s := &testShop{n: n, perPage: 40, hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *testShop) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *testShop) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.RequestURI()]++
	if r.URL.RequestURI() != r.URL.Path {
		s.hits[r.URL.Path]++
	}
	s.mu.Unlock()
	if s.hook != nil && s.hook(w, r) {
		return
	}
	switch {
	case r.URL.Path == "/list":
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		s.list(w, page)
	case r.URL.Path == "/sitemap.xml":
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+
			`<sitemap><loc>`+s.srv.URL+`/sitemap-1.xml.gz</loc></sitemap><sitemap><loc>`+s.srv.URL+`/sitemap-2.xml</loc></sitemap></sitemapindex>`)
	case r.URL.Path == "/sitemap-1.xml.gz":
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(s.urlset(1, s.n/2))
		zw.Close()
		w.Header().Set("Content-Type", "application/gzip")
		w.Write(buf.Bytes())
	case r.URL.Path == "/sitemap-2.xml":
		w.Header().Set("Content-Type", "application/xml")
		w.Write(s.urlset(s.n/2+1, s.n))
	case strings.HasPrefix(r.URL.Path, "/item/"):
		id, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/item/"), ".html"))
		if id <= 10000 || id > 10000+s.n || id%2 == 0 {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, layoutA(s.srv.URL, id))
	case r.URL.Path == "/detail.htm":
		id, _ := strconv.Atoi(r.URL.Query().Get("id"))
		if id <= 10000 || id > 10000+s.n || id%2 == 1 {
			http.NotFound(w, r)
			return
		}
		ct, body := layoutBPage(id)
		w.Header().Set("Content-Type", ct)
		w.Write(body)
	case strings.HasPrefix(r.URL.Path, "/freight/"):
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, freightJSON(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/freight/"), ".json")))
	default:
		http.NotFound(w, r)
	}
}

func (s *testShop) listingPath(id int) string {
	if id%2 == 1 {
		return fmt.Sprintf("/item/%d.html", id)
	}
	return fmt.Sprintf("/detail.htm?id=%d", id)
}

func (s *testShop) urlset(from, to int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := from; i <= to; i++ {
		fmt.Fprintf(&b, "<url><loc>%s%s</loc></url>\n", s.srv.URL, strings.ReplaceAll(s.listingPath(10000+i), "&", "&amp;"))
	}
	b.WriteString(`</urlset>`)
	return []byte(b.String())
}

func (s *testShop) list(w http.ResponseWriter, page int) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	b.WriteString("<html><body><ul>")
	first := (page-1)*s.perPage + 1
	for i := first; i < first+s.perPage && i <= s.n; i++ {
		href := s.listingPath(10000 + i)
		if i%2 == 0 {
			href += "&spm=a1z10.3-c.w4002-1"
		}
		fmt.Fprintf(&b, `<li><a class="item-link" href="%s">item</a></li>`, strings.ReplaceAll(href, "&", "&amp;"))
	}
	b.WriteString(`</ul><a href="/about.html">about</a>`)
	if first+s.perPage <= s.n {
		fmt.Fprintf(&b, `<a class="next" href="/list?page=%d">下一页</a>`, page+1)
	}
	b.WriteString("</body></html>")
	fmt.Fprint(w, b.String())
}

// layoutA is DESIGN.md's JSON-LD page, verbatim in shape.
func layoutA(base string, id int) string {
	return fmt.Sprintf(`<!doctype html><html><head><meta charset="utf-8"><title>T</title>
<script type="application/ld+json">{
 "@context":"https://schema.org","@type":"Product","sku":"%[1]d","name":"纯棉T恤 %[1]d",
 "brand":{"@type":"Brand","name":"巡店优选"},"description":"夏季新款 纯棉",
 "image":[{"@type":"ImageObject","contentUrl":"/img/%[1]d-1.png","caption":"全国包邮"}],
 "additionalProperty":[{"@type":"PropertyValue","name":"面料成分","value":"棉100%%"}],
 "hasMerchantReturnPolicy":{"@type":"MerchantReturnPolicy","returnPolicyCategory":"https://schema.org/MerchantReturnFiniteReturnWindow","merchantReturnDays":7},
 "offers":{"@type":"AggregateOffer","lowPrice":"59.00","highPrice":"79.00","priceCurrency":"CNY",
   "offers":[{"@type":"Offer","sku":"%[1]d-1","name":"白色 M","price":"59.00","priceCurrency":"CNY",
      "acceptedPaymentMethod":["http://purl.org/goodrelations/v1#COD"],
      "priceSpecification":[{"@type":"UnitPriceSpecification","priceType":"https://schema.org/StrikethroughPrice","price":"99.00"}],
      "shippingDetails":[
        {"@type":"OfferShippingDetails","shippingRate":{"@type":"MonetaryAmount","value":"0","currency":"CNY"},
         "shippingDestination":{"@type":"DefinedRegion","addressCountry":"CN"},
         "deliveryTime":{"@type":"ShippingDeliveryTime","handlingTime":{"@type":"QuantitativeValue","minValue":0,"maxValue":2,"unitCode":"DAY"}}},
        {"@type":"OfferShippingDetails","shippingRate":{"@type":"MonetaryAmount","value":"10.00","currency":"CNY"},
         "shippingDestination":{"@type":"DefinedRegion","addressCountry":"CN","addressRegion":["新疆","西藏"]}},
        {"@type":"OfferShippingDetails","doesNotShip":true,
         "shippingDestination":{"@type":"DefinedRegion","addressCountry":"CN","addressRegion":["台湾"]}}]},
     {"@type":"Offer","sku":"%[1]d-2","name":"黑色 L","price":79,"priceCurrency":"CNY"}]}}
</script></head><body>
<h1 class="product-title">纯棉T恤 %[1]d</h1>
<section class="service-promise">7天无理由退换 全国包邮</section>
<div class="gallery"><img src="/img/%[1]d-1.png" alt="全国包邮"></div>
<div class="desc">夏季新款 纯棉<img class="desc-img" src="/img/%[1]d-2.png" alt="细节图"></div>
</body></html>`, id)
}

// layoutB returns DESIGN.md's legacy page body (UTF-8 text) with meta in
// its <head>.
func layoutB(id int, meta string) string {
	return fmt.Sprintf(`<html><head>%[2]s<title>连衣裙-天猫</title></head><body>
<div class="tb-detail-hd"><h1 data-item-id="%[1]d">碎花连衣裙 %[1]d</h1></div>
<div class="tm-price-panel">
  <del class="tm-price-orig">￥<em>199.00</em></del>
  <span class="tm-price">￥<em>129.00</em></span>
  <span class="tm-promo-price">￥<em>99.00</em></span>
</div>
<ul class="tb-sku"><li data-sku-id="%[1]d-1" data-price="129.00">红色 M</li><li data-sku-id="%[1]d-2" data-price="１３９.００">蓝色 L</li></ul>
<div class="tb-gallery"><img class="main-img" src="/img/%[1]d-1.png" alt="新疆西藏除外 包邮"></div>
<ul class="attributes-list"><li><span class="attr-name">面料成分</span><span class="attr-value">聚酯纤维100%%</span></li><li><span class="attr-name">颜色</span><span class="attr-value">红色 蓝色</span></li></ul>
<div class="tb-service">正品保障 急速退款</div>
<div class="tb-payment" data-cod="true">支付方式：货到付款 信用卡 支付宝</div>
<div class="tb-delivery" data-handling-hours="48">付款后48小时内发货</div>
<div class="tb-return" data-exempt="false"></div>
<div id="J_Freight" data-freight-url="/freight/T%[3]d.json"></div>
<div class="tb-description">春夏新款 碎花<img class="desc-img" src="/img/%[1]d-2.png" alt="尺码表"></div>
</body></html>`, id, meta, id%3)
}

// layoutBPage encodes layout B by id: id/2 mod 5 picks the charset case.
func layoutBPage(id int) (contentType string, body []byte) {
	ct, _, body := layoutBVariant(id)
	return ct, body
}

// layoutBVariant also returns the page as UTF-8 text, for expectations.
func layoutBVariant(id int) (contentType, text string, body []byte) {
	enc := func(e encoding.Encoding, s string) []byte {
		b, err := e.NewEncoder().Bytes([]byte(s))
		if err != nil {
			panic(err)
		}
		return b
	}
	switch (id / 2) % 5 {
	case 0:
		t := layoutB(id, `<meta charset="utf-8">`)
		return "text/html; charset=utf-8", t, []byte(t)
	case 1:
		t := layoutB(id, "")
		return "text/html; charset=gbk", t, enc(simplifiedchinese.GBK, t)
	case 2:
		t := layoutB(id, `<meta charset="gbk">`)
		return "text/html", t, enc(simplifiedchinese.GBK, t)
	case 3:
		t := layoutB(id, "")
		return "text/html", t, enc(simplifiedchinese.GBK, t)
	default:
		t := toBig5Text(layoutB(id, ""))
		return "text/html; charset=big5", t, enc(traditionalchinese.Big5, t)
	}
}

// toBig5Text swaps the few simplified characters of layoutB that Big5
// cannot encode for their traditional forms.
func toBig5Text(s string) string {
	return strings.NewReplacer("连衣裙", "連衣裙", "猫", "貓", "红色", "紅色", "蓝色", "藍色", "聚酯纤维", "聚酯纖維", "颜色",
		"顏色", "正品保障 急速退款", "正品保障 急速退款", "支付方式：货到付款 信用卡 支付宝", "支付方式：貨到付款 信用卡 支付寶",
		"付款后48小时内发货", "付款後48小時內發貨", "码表", "碼表", "疆西藏除外 包邮", "疆西藏除外 包郵", "春夏新款 碎花", "春夏新款 碎花",
		"尺码", "尺碼").Replace(s)
}

func freightJSON(tid string) string {
	return `{"template_id":"` + tid + `","name":"默认模板",
 "default":{"first":"0.00","additional":"0.00"},
 "regions":[{"areas":["新疆維吾爾自治區","西藏"],"first":"10.00","additional":"5.00"},{"areas":"內蒙古,青海省","first":8,"additional":"2"}],
 "free_conditions":[{"areas":[],"min_amount":"99.00","min_quantity":0}],
 "undeliverable":["臺灣"]}`
}

// shopConfig reads both layouts of testShop.
func shopConfig(s *testShop) Config {
	return Config{
		StartURLs:        []string{s.srv.URL + "/list?page=1"},
		ItemURLPattern:   `/item/(?P<id>\d+)\.html$|/detail\.htm\?id=(?P<id>\d+)$`,
		NextPageSelector: "a.next@href",
		Selectors: Selectors{
			ID:                ".tb-detail-hd h1@data-item-id",
			Title:             ".tb-detail-hd h1, h1.product-title",
			Price:             ".tm-price-panel .tm-price",
			PromoPrice:        ".tm-promo-price",
			OriginalPrice:     ".tm-price-orig",
			SKU:               "ul.tb-sku li",
			SKUID:             "@data-sku-id",
			SKUPrice:          "@data-price",
			MainImages:        ".tb-gallery img.main-img, .gallery img",
			DescriptionImages: "img.desc-img",
			AttributeRow:      "ul.attributes-list li",
			AttributeName:     ".attr-name",
			AttributeValue:    ".attr-value",
			Description:       ".tb-description, .desc",
			ServiceText:       ".tb-service, section.service-promise",
			Payment:           ".tb-payment",
			COD:               ".tb-payment@data-cod",
			HandlingTime:      ".tb-delivery@data-handling-hours, .tb-delivery",
			ReturnExempt:      ".tb-return@data-exempt",
			FreightURL:        "#J_Freight@data-freight-url",
		},
		Parallelism:  4,
		Timeout:      5 * time.Second,
		Retries:      2,
		RetryBackoff: 5 * time.Millisecond,
	}
}
