package crawler

import (
	"encoding/json"
	"fmt"
	"github.com/xundian/xundian/internal/testenv"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xundian/xundian/listing"
)

// realDir holds third-party pages and payloads (see its SOURCES.md).
var realDir = filepath.Join("..", "..", "shared", "testdata", "real")

func readReal(t testing.TB, rel string) []byte {
	t.Helper()
	if _, err := os.Stat(realDir); err != nil {
		testenv.Skip(t, fmt.Sprintf("real test data folder %s absent: %v", realDir, err))
	}
	b, err := os.ReadFile(filepath.Join(realDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// TestRealMicrodata reads extruct's schema.org Product samples: microdata
// only, relative image joined with the base URL.
func TestRealMicrodata(t *testing.T) {
	body := readReal(t, "structured-data/extruct/schema.org__product.html")
	cfg := Config{Selectors: Selectors{ID: `[itemprop="mpn"]`}}
	l, _, err := ExtractListing(body, "text/html", mustURL("http://some-example.com"), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if l.Title != "Executive Anvil" || l.Brand != "ACME" || l.Price != 11999 || l.Currency != "USD" || l.ID != "925872" {
		t.Errorf("got title %q brand %q price %v currency %q id %q; want Executive Anvil, ACME, 119.99 (not the 179.99 in the text), USD, 925872",
			l.Title, l.Brand, l.Price, l.Currency, l.ID)
	}
	if want := []listing.Image{{URL: "http://some-example.com/anvil_executive.jpg", Alt: "Executive Anvil logo", Role: listing.ImageMain}}; !cmp.Equal(l.Images, want) {
		t.Errorf("images = %+v, want %+v", l.Images, want)
	}
	if !strings.HasPrefix(l.Description, "Sleeker than ACME's Classic Anvil, the Executive Anvil is perfect") {
		t.Errorf("description = %q", l.Description)
	}

	body = readReal(t, "structured-data/extruct/websites__microdata-with-description.html")
	l, _, err = ExtractListing(body, "text/html", mustURL("https://www.monsterpetsupplies.co.uk/cats/1"), Config{Selectors: Selectors{ID: "title"}})
	if err != nil {
		t.Fatal(err)
	}
	wantSKUs := []listing.SKU{
		{ID: "CS20858_1", Name: "Johnsons 4 Fleas Cats & Kittens Tablets 6 Treatment Pack", Price: 956},
		{ID: "CS20858_2", Name: "Johnsons 4 Fleas Cats & Kittens Tablets 3 Treatment Pack", Price: 529},
	}
	if l.Title != "Johnsons 4 Fleas Cats & Kittens Tablets" || l.Price != 529 || l.Currency != "GBP" || !cmp.Equal(l.SKUs, wantSKUs) {
		t.Errorf("got %q %v %q SKUs %+v; want lowest price 5.29 GBP and the two offers as SKUs", l.Title, l.Price, l.Currency, l.SKUs)
	}
}

// TestRealJSONLD reads real shop pages saved by metascraper-shopping.
func TestRealJSONLD(t *testing.T) {
	tests := []struct {
		file, title, currency string
		price                 listing.Money
	}{
		// JSON-LD AggregateOffer 43.90 EUR; the OpenGraph "48,00" USD is not used.
		{"etsy.html", "EL original he y hay calabaza / decoración de otoño", "EUR", 4390},
		// JSON-LD regular price 150.00 (the OG sale price 120.00 is not structured data).
		{"rejuvenation.html", "Keystick Wall Sconce", "USD", 15000},
		{"jossandmain.html", "Duprey 4-Light Lantern Pendant", "USD", 9899},
		// "price": {} — no price, no crash.
		{"potterybarn.html", "Tully Sconce", "USD", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body := readReal(t, "structured-data/metascraper-shopping/"+tt.file)
			l, ok := ExtractJSONLD(parseDoc(t, string(body)), mustURL("https://example.com/"))
			if !ok {
				t.Fatal("no Product found")
			}
			if !strings.HasPrefix(l.Title, tt.title) || l.Price != tt.price || (tt.price > 0 && l.Currency != tt.currency) {
				t.Errorf("got %q %v %q; want %q… %v %s", l.Title, l.Price, l.Currency, tt.title, tt.price, tt.currency)
			}
			if len(l.Images) == 0 {
				t.Error("no images")
			}
		})
	}
	body := readReal(t, "structured-data/metascraper-shopping/rejuvenation.html")
	l, _ := ExtractJSONLD(parseDoc(t, string(body)), nil)
	if l.Brand != "Rejuvenation" {
		t.Errorf("rejuvenation brand = %q", l.Brand)
	}
}

// TestRealShippingDetails reads schema.org's OfferShippingDetails example
// (eg-0392) inside an Offer and Google's merchant-listing examples from
// the Adobe gallery.
func TestRealShippingDetails(t *testing.T) {
	frag := readReal(t, "structured-data/schemaorg-examples/eg-0392.jsonld.html")
	m := regexp.MustCompile(`(?s)<script[^>]*>(.*)</script>`).FindSubmatch(frag)
	if m == nil {
		t.Fatal("no script in eg-0392")
	}
	page := ldPage(`{"@type":"Product","name":"x","offers":{"@type":"Offer","price":"1","shippingDetails":` + string(m[1]) + `}}`)
	l, _ := ExtractJSONLD(parseDoc(t, page), nil)
	if l.Freight == nil || l.Freight.Default.First != 495 || l.HandlingHours != 48 || !l.HasHandling {
		t.Errorf("eg-0392: freight %+v handling %d; want default 4.95, handling max 2 d = 48 h", l.Freight, l.HandlingHours)
	}

	body := readReal(t, "structured-data/adobe-sdv-gallery/ProductMerchant__valid2.json")
	l, _ = ExtractJSONLD(parseDoc(t, ldPage(string(body))), nil)
	want := listing.Listing{
		Title: "Nice trinket", Brand: "MyBrand", Description: "Trinket with clean lines", Price: 3999, Currency: "USD",
		Images: []listing.Image{
			{URL: "https://example.com/photos/16x9/trinket.jpg", Role: listing.ImageMain},
			{URL: "https://example.com/photos/4x3/trinket.jpg", Role: listing.ImageMain},
			{URL: "https://example.com/photos/1x1/trinket.jpg", Role: listing.ImageMain},
		},
		HandlingHours: 24, HasHandling: true, // handling 0–1 d
		Freight: &listing.FreightTemplate{Default: listing.Fee{First: 349}},
	}
	if diff := cmp.Diff(want, l); diff != "" {
		t.Errorf("ProductMerchant__valid2 (-want +got):\n%s", diff)
	}

	body = readReal(t, "structured-data/adobe-sdv-gallery/ProductMerchant__valid4.json")
	l, _ = ExtractJSONLD(parseDoc(t, ldPage(string(body))), nil)
	wantSKUs := []listing.SKU{{ID: "trinket-12345-0001", Price: 3999}, {ID: "trinket-12345-0002", Price: 3999}}
	if !cmp.Equal(l.SKUs, wantSKUs) || l.Price != 3999 || l.Currency != "CHF" {
		t.Errorf("ProductMerchant__valid4: SKUs %+v price %v %q; want two offers at 39.99 CHF", l.SKUs, l.Price, l.Currency)
	}
}

// taobaoEmbedded maps Taobao's PC item page SSR payload
// (window.__ICE_APP_CONTEXT__ → loaderData.home.data.res) purely as config.
var taobaoEmbedded = EmbeddedJSON{
	Script: `window\.__ICE_APP_CONTEXT__\s*=\s*(\{)`,
	Root:   "loaderData.home.data.res",
	Fields: EmbeddedFields{
		ID:             "item.itemId",
		Title:          "item.title",
		Price:          "componentsVO.priceVO.price.priceText",
		PromoPrice:     "componentsVO.priceVO.extraPrice.priceText",
		Images:         "item.images",
		SKUs:           "skuBase.skus",
		SKUID:          "skuId",
		SKUPropPath:    "propPath",
		SKUProps:       "skuBase.props",
		SKUPrice:       "$.skuCore.sku2info.{id}.price.priceText",
		SKUPromoPrice:  "$.skuCore.sku2info.{id}.subPrice.priceText",
		SKUStock:       "$.skuCore.sku2info.{id}.quantity",
		Attributes:     `componentsVO.extensionInfoVO.infos.#(type=="BASE_PROPS").items`,
		AttributeName:  "title",
		AttributeValue: "text",
		FreightText:    "componentsVO.deliveryVO.freight",
		HandlingTime:   "componentsVO.deliveryVO.agingDesc",
		Stock:          "skuCore.sku2info.0.quantity",
	},
}

// TestRealTaobaoEmbedded serves the real Taobao SSR payload inside a page
// and reads it through the EmbeddedJSON mapping above; expectations come
// from detail_ssr_real.expected.json.
func TestRealTaobaoEmbedded(t *testing.T) {
	payload := readReal(t, "cn-item-pages/taobao-pc-ssr/detail_ssr_real.json")
	var exp struct {
		ItemID string `json:"item_id"`
		Title  string `json:"title"`
		Images int    `json:"image_count"`
		Price  struct {
			Current, Original string
		} `json:"price"`
		Stock int `json:"stock_total"`
		SKUs  struct {
			Count  int      `json:"count"`
			Values []string `json:"values"`
			Ivory  struct {
				SKUID         string `json:"sku_id"`
				Price         string `json:"price"`
				OriginalPrice string `json:"original_price"`
				Stock         int    `json:"stock"`
			} `json:"ivory"`
		} `json:"skus"`
		URL     string            `json:"url"`
		Attrs   map[string]string `json:"attributes_subset"`
		Freight map[string]string `json:"freight_observed_not_asserted_upstream"`
	}
	if err := json.Unmarshal(readReal(t, "cn-item-pages/taobao-pc-ssr/detail_ssr_real.expected.json"), &exp); err != nil {
		t.Fatal(err)
	}
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>淘宝</title></head><body><div id="ice-container"></div>
<script>window.__ICE_APP_CONTEXT__ = {"appData":null,"loaderData":{"home":{"data":{"res":` + string(payload) + `}}},"routePath":"/"};</script>
</body></html>`
	cfg := Config{Embedded: []EmbeddedJSON{taobaoEmbedded}}
	l, _, err := ExtractListing([]byte(page), "text/html; charset=utf-8", mustURL(exp.URL), cfg)
	if err != nil {
		t.Fatal(err)
	}
	money := func(s string) listing.Money {
		m, err := listing.ParseMoney(s)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	if l.ID != exp.ItemID || l.Title != exp.Title || len(l.Images) != exp.Images {
		t.Errorf("id %q title %q images %d; want %q %q %d", l.ID, l.Title, len(l.Images), exp.ItemID, exp.Title, exp.Images)
	}
	// Paid (店铺优惠后) 382 is the promo price, list (优惠前) 522 the price.
	if l.PromoPrice != money(exp.Price.Current) || l.Price != money(exp.Price.Original) {
		t.Errorf("price %v promo %v; want %s list, %s paid", l.Price, l.PromoPrice, exp.Price.Original, exp.Price.Current)
	}
	if len(l.SKUs) != exp.SKUs.Count {
		t.Fatalf("SKUs = %+v, want %d", l.SKUs, exp.SKUs.Count)
	}
	var names []string
	for _, s := range l.SKUs {
		names = append(names, s.Name)
	}
	if !cmp.Equal(names, exp.SKUs.Values) {
		t.Errorf("SKU names = %q, want %q (no -1 placeholder)", names, exp.SKUs.Values)
	}
	ivory := l.SKUs[0]
	if ivory.ID != exp.SKUs.Ivory.SKUID || ivory.PromoPrice != money(exp.SKUs.Ivory.Price) || ivory.Price != money(exp.SKUs.Ivory.OriginalPrice) ||
		ivory.Stock != exp.SKUs.Ivory.Stock || !ivory.HasStock {
		t.Errorf("ivory SKU = %+v, want %+v", ivory, exp.SKUs.Ivory)
	}
	if !l.HasStock || l.Stock != exp.Stock {
		t.Errorf("stock = %d (%v), want %d", l.Stock, l.HasStock, exp.Stock)
	}
	for k, v := range exp.Attrs {
		if got, ok := l.Attribute(k); !ok || got != v {
			t.Errorf("attribute %s = %q, want %q", k, got, v)
		}
	}
	if got, _ := l.Attribute("优惠"); got != "" {
		t.Errorf("coupon block read as attribute: %q", got)
	}
	if freight := exp.Freight["componentsVO.deliveryVO.freight"]; !strings.Contains(l.ServiceText, freight) {
		t.Errorf("service text %q lacks the verbatim freight text %q", l.ServiceText, freight)
	}
	if l.HandlingHours != 240 || !l.HasHandling {
		t.Errorf("handling = %d, want 240 (%s)", l.HandlingHours, exp.Freight["componentsVO.deliveryVO.agingDesc"])
	}
}
