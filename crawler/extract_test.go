package crawler

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/xundian/xundian/listing"
)

func parseDoc(t testing.TB, html string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func ldPage(js string) string {
	return `<html><head><script type="application/ld+json">` + js + `</script></head><body></body></html>`
}

func TestExtractJSONLDVariants(t *testing.T) {
	base, _ := url.Parse("https://shop.example/item/1.html")
	tests := []struct {
		name string
		js   string
		want listing.Listing
	}{
		{
			name: "graph with references, numbers as numbers",
			js: `{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"page"},
			  {"@type":"Product","@id":"#p","name":"A","productID":"P1","offers":{"@id":"#o"}},
			  {"@type":"Offer","@id":"#o","price":12.5,"priceCurrency":"CNY","acceptedPaymentMethod":"COD"}]}`,
			want: listing.Listing{Title: "A", Price: 1250, Currency: "CNY", PaymentMethods: []string{"COD"}, OffersCOD: true},
		},
		{
			name: "array of scripts values, product second",
			js:   `[{"@type":"BreadcrumbList"},{"@type":"http://schema.org/Product","name":"B","offers":[{"@type":"Offer","sku":"b1","name":"红","price":"１９.９０"},{"@type":"Offer","sku":"b2","name":"蓝","price":"9.90"}]}]`,
			want: listing.Listing{Title: "B", Price: 990, SKUs: []listing.SKU{{ID: "b1", Name: "红", Price: 1990}, {ID: "b2", Name: "蓝", Price: 990}}},
		},
		{
			name: "ProductGroup with hasVariant",
			js: `{"@type":"ProductGroup","name":"G","hasMerchantReturnPolicy":{"returnPolicyCategory":"https://schema.org/MerchantReturnNotPermitted"},
			  "hasVariant":[{"@type":"Product","sku":"g-s","name":"G S","offers":{"@type":"Offer","price":"30"}},{"@type":"Product","sku":"g-m","name":"G M","offers":{"@type":"Offer","price":"25"}}]}`,
			want: listing.Listing{Title: "G", Price: 2500, ReturnExempt: true, SKUs: []listing.SKU{{ID: "g-s", Name: "G S", Price: 3000}, {ID: "g-m", Name: "G M", Price: 2500}}},
		},
		{
			name: "aggregate without offers, trailing comma, raw newline in string",
			js: `{"@type":"Product","name":"C
			  line","offers":{"@type":"AggregateOffer","lowPrice":"5","highPrice":"9",},}`,
			want: listing.Listing{Title: "C line", Price: 500},
		},
		{
			name: "free shipping threshold, hours, ISO regions",
			js: `{"@type":"Product","name":"D","offers":{"@type":"Offer","price":"50","shippingDetails":[
			  {"@type":"OfferShippingDetails","shippingRate":{"value":6},"freeShippingThreshold":{"@type":"MonetaryAmount","value":"99"},
			   "deliveryTime":{"handlingTime":{"maxValue":"36","unitCode":"HUR"}}},
			  {"@type":"OfferShippingDetails","shippingRate":{"value":"15.5"},"shippingDestination":[{"addressRegion":["CN-XJ","內蒙古自治區"]},{"addressCountry":"US","addressRegion":"Ohio"}]}]}}`,
			want: listing.Listing{Title: "D", Price: 5000, HandlingHours: 36, HasHandling: true, Freight: &listing.FreightTemplate{
				Default:        listing.Fee{First: 600},
				Regions:        []listing.RegionFee{{Regions: []listing.Region{"新疆", "内蒙古"}, Fee: listing.Fee{First: 1550}}},
				FreeConditions: []listing.FreeCondition{{MinAmount: 9900}},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ExtractJSONLD(parseDoc(t, ldPage(tt.js)), base)
			if !ok {
				t.Fatal("no product found")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ExtractJSONLD (-want +got):\n%s", diff)
			}
		})
	}
	if _, ok := ExtractJSONLD(parseDoc(t, ldPage(`{"@type":"Organization","name":"x"}`)), base); ok {
		t.Error("ExtractJSONLD found a product in an Organization")
	}
	if _, ok := ExtractJSONLD(parseDoc(t, ldPage(`{not json`)), base); ok {
		t.Error("ExtractJSONLD found a product in broken JSON")
	}
}

// TestExtractListingPrecedence: JSON-LD wins over selectors, which fill
// only what it lacks, except for the displayed title (see visibleTitle);
// Selectors.ID beats the URL pattern, which beats the JSON-LD sku.
func TestExtractListingPrecedence(t *testing.T) {
	page := `<html><head><script type="application/ld+json">{"@type":"Product","sku":"LD-1","name":"结构化标题","offers":{"@type":"Offer","price":"10"}}</script></head>
	<body><h1>选择器标题</h1><span class="p">￥20</span><span class="promo">￥８起</span><div class="svc">不支持货到付款</div>
	<div class="ship">2天内发货</div><div id="f" data-u="/freight/T9.json"></div></body></html>`
	cfg := Config{
		ItemURLPattern: `/item/(?P<id>\d+)\.html`,
		Selectors: Selectors{Title: "h1", Price: ".p", PromoPrice: ".promo", ServiceText: ".svc", COD: ".svc",
			HandlingTime: ".ship", FreightURL: "#f@data-u"},
	}
	u, _ := url.Parse("http://shop.example/item/77.html?spm=x#top")
	l, freight, err := ExtractListing([]byte(page), "text/html", u, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if l.ID != "77" || l.Title != "选择器标题" || l.Price != 1000 || l.PromoPrice != 800 || l.OffersCOD || !l.HasHandling || l.HandlingHours != 48 {
		t.Errorf("got %+v", l)
	}
	if l.URL != "http://shop.example/item/77.html" {
		t.Errorf("URL = %q", l.URL)
	}
	if want := []string{"http://shop.example/freight/T9.json"}; !cmp.Equal(freight, want) {
		t.Errorf("freight URLs = %v, want %v", freight, want)
	}
	cfg.Selectors.ID = "h1"
	if l, _, _ := ExtractListing([]byte(page), "", u, cfg); l.ID != "选择器标题" {
		t.Errorf("ID with Selectors.ID = %q", l.ID)
	}
	cfg.Selectors.ID, cfg.ItemURLPattern = "", ""
	if l, _, _ := ExtractListing([]byte(page), "", u, cfg); l.ID != "LD-1" {
		t.Errorf("ID from JSON-LD sku = %q", l.ID)
	}
	if _, _, err := ExtractListing([]byte("<html><body>404</body></html>"), "", u, cfg); err == nil {
		t.Error("ExtractListing of an empty page: nil error")
	}
}

func TestParseFreightJSON(t *testing.T) {
	got, err := ParseFreightJSON([]byte(freightJSON("T1")), FreightMapping{})
	if err != nil {
		t.Fatal(err)
	}
	want := &listing.FreightTemplate{
		ID: "T1", Name: "默认模板",
		Regions: []listing.RegionFee{
			{Regions: []listing.Region{"新疆", "西藏"}, Fee: listing.Fee{First: 1000, Additional: 500}},
			{Regions: []listing.Region{"内蒙古", "青海"}, Fee: listing.Fee{First: 800, Additional: 200}},
		},
		FreeConditions: []listing.FreeCondition{{MinAmount: 9900}},
		Undeliverable:  []listing.Region{"台湾"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseFreightJSON (-want +got):\n%s", diff)
	}
	if got.ChargeFor("新疆", 5000, 1) != 1000 || got.ChargeFor("新疆", 9900, 1) != 0 {
		t.Error("template charges wrong")
	}
	custom := `{"data":{"tpl":{"id":"X","base":{"start":"5"},"rules":[{"provinces":"广东省、廣西","start":"0"}],"free":[{"p":["新疆"],"n":2}]}}}`
	m := FreightMapping{ID: "data.tpl.id", DefaultFirst: "data.tpl.base.start", Regions: "data.tpl.rules", RegionAreas: "provinces",
		RegionFirst: "start", FreeConditions: "data.tpl.free", FreeAreas: "p", FreeMinQuantity: "n"}
	got, err = ParseFreightJSON([]byte(custom), m)
	if err != nil {
		t.Fatal(err)
	}
	want = &listing.FreightTemplate{ID: "X", Default: listing.Fee{First: 500},
		Regions:        []listing.RegionFee{{Regions: []listing.Region{"广东", "广西"}}},
		FreeConditions: []listing.FreeCondition{{Regions: []listing.Region{"新疆"}, MinQuantity: 2}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseFreightJSON custom mapping (-want +got):\n%s", diff)
	}
	for _, bad := range []string{`{`, `{"name":"no default"}`, `{"default":{"first":"free"}}`, `{"default":{"first":"0"},"regions":[{"areas":["西藏"],"first":"x"}]}`} {
		if _, err := ParseFreightJSON([]byte(bad), FreightMapping{}); err == nil {
			t.Errorf("ParseFreightJSON(%s): nil error", bad)
		}
	}
}

func TestParseHandlingHours(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"48", 48, true}, {"付款后48小时内发货", 48, true}, {"2天内发货", 48, true}, {"付款後７２小時內發貨", 72, true},
		{"预售，付款后10天内发货", 240, true}, {"当天发货", 24, true}, {"次日发货", 48, true}, {"三天内发货", 72, true},
		{"3日内发货", 72, true}, {"ships in 36 hours", 36, true}, {"尽快发货", 0, false}, {"", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseHandlingHours(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseHandlingHours(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParsePrice(t *testing.T) {
	tests := []struct {
		in   string
		want listing.Money
		ok   bool
	}{
		{"¥129.00", 12900, true}, {"￥３８２起", 38200, true}, {"382-420", 38200, true}, {"59元", 5900, true},
		{"1,299.00", 129900, true}, {"48,00", 4800, true}, {"0.01", 1, true}, {"3.499", 350, true}, {"免费", 0, false}, {"", 0, false},
	}
	for _, tt := range tests {
		got, ok := parsePrice(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parsePrice(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCanonicalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTP://Shop.Example:80/detail.htm?spm=a1z10.3-c&id=10003#desc", "http://shop.example/detail.htm?id=10003"},
		{"https://shop.example:443?b=2&a=1&utm_source=x&utm_medium=y", "https://shop.example/?a=1&b=2"},
		{"http://127.0.0.1:8080/item/1.html?scm=1&", "http://127.0.0.1:8080/item/1.html"},
		{"http://shop.example/s?q=%E5%8C%85%E9%82%AE&page=2", "http://shop.example/s?page=2&q=%E5%8C%85%E9%82%AE"},
	}
	for _, tt := range tests {
		got, err := Canonicalize(tt.in, DefaultStripParams)
		if err != nil || got != tt.want {
			t.Errorf("Canonicalize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestSelectorSyntax(t *testing.T) {
	doc := parseDoc(t, `<div><h1 data-id="7" title="a@b">标题</h1><p class="x, y">段落</p><ul><li>一</li><li>二</li></ul></div>`)
	tests := []struct{ sel, want string }{
		{"h1", "标题"}, {"h1@data-id", "7"}, {"h2, h1@title", "a@b"}, {`[class="x, y"]`, "段落"}, {"ul", "一 二"},
	}
	for _, tt := range tests {
		s, err := parseSelector(tt.sel)
		if err != nil {
			t.Fatalf("parseSelector(%q): %v", tt.sel, err)
		}
		if got, _ := s.first(pageScope(doc)); got != tt.want {
			t.Errorf("selector %q = %q, want %q", tt.sel, got, tt.want)
		}
		if got, _ := s.first(scope{roots: doc.Nodes}); got != tt.want {
			t.Errorf("selector %q without the page's node list = %q, want %q", tt.sel, got, tt.want)
		}
	}
}

func FuzzResolvePlainPath(f *testing.F) {
	for _, s := range [][2]string{
		{"http://127.0.0.1:8080/item/1.html", "/img/10002-1.png"}, {"https://shop.example/a/b", "/x/./y"}, {"http://h/", "/a/../b"},
		{"http://h/", "/a//b"}, {"http://u@h/", "/a"}, {"HTTP://H.example/", "/A_b~c.d"}, {"http://[::1]:80/", "/a"}, {"http://h/", "/.."},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, rawBase, ref string) {
		base, err := url.Parse(rawBase)
		if err != nil {
			return
		}
		got, ok := resolvePlainPath(base, ref)
		if !ok {
			return
		}
		u, err := url.Parse(ref)
		if err != nil {
			t.Fatalf("resolvePlainPath(%q, %q) = %q, but url.Parse fails: %v", rawBase, ref, got, err)
		}
		if want := base.ResolveReference(u).String(); got != want {
			t.Errorf("resolvePlainPath(%q, %q) = %q, want %q", rawBase, ref, got, want)
		}
	})
}
