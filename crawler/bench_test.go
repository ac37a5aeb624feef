package crawler

import (
	"net/url"
	"testing"
)

func BenchmarkExtractJSONLD(b *testing.B) {
	doc := parseDoc(b, layoutA("", 10001))
	base, _ := url.Parse("http://shop.example/item/10001.html")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := ExtractJSONLD(doc, base); !ok {
			b.Fatal("no product")
		}
	}
}

func BenchmarkExtractListingLayoutB(b *testing.B) {
	ct, _, body := layoutBVariant(10002) // GBK, header-declared
	cfg := Config{ItemURLPattern: `/detail\.htm\?id=(?P<id>\d+)`, Selectors: Selectors{
		ID: ".tb-detail-hd h1@data-item-id", Title: ".tb-detail-hd h1", Price: ".tm-price-panel .tm-price",
		PromoPrice: ".tm-promo-price", OriginalPrice: ".tm-price-orig", SKU: "ul.tb-sku li", SKUID: "@data-sku-id",
		SKUPrice: "@data-price", MainImages: ".tb-gallery img.main-img", DescriptionImages: "img.desc-img",
		AttributeRow: "ul.attributes-list li", AttributeName: ".attr-name", AttributeValue: ".attr-value",
		Description: ".tb-description", ServiceText: ".tb-service", Payment: ".tb-payment", COD: ".tb-payment@data-cod",
		HandlingTime: ".tb-delivery@data-handling-hours", ReturnExempt: ".tb-return@data-exempt", FreightURL: "#J_Freight@data-freight-url",
	}}
	u, _ := url.Parse("http://shop.example/detail.htm?id=10002")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ExtractListing(body, ct, u, cfg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseFreightJSON(b *testing.B) {
	data := []byte(freightJSON("T1"))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFreightJSON(data, FreightMapping{}); err != nil {
			b.Fatal(err)
		}
	}
}
