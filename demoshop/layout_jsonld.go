package demoshop

import (
	"bytes"
	"encoding/json"
	"html/template"

	"github.com/xundian/xundian/listing"
)

// JSON-LD document types (DESIGN.md "Layout A").
type (
	ldProduct struct {
		Context            string       `json:"@context"`
		Type               string       `json:"@type"`
		SKU                string       `json:"sku"`
		Name               string       `json:"name"`
		Brand              ldThing      `json:"brand"`
		Description        string       `json:"description"`
		Image              []ldImage    `json:"image"`
		AdditionalProperty []ldProperty `json:"additionalProperty"`
		ReturnPolicy       ldReturn     `json:"hasMerchantReturnPolicy"`
		Offers             any          `json:"offers"`
	}
	ldThing struct {
		Type string `json:"@type"`
		Name string `json:"name"`
	}
	ldImage struct {
		Type       string `json:"@type"`
		ContentURL string `json:"contentUrl"`
		Caption    string `json:"caption"`
	}
	ldProperty struct {
		Type  string `json:"@type"`
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	ldReturn struct {
		Type     string `json:"@type"`
		Category string `json:"returnPolicyCategory"`
		Days     int    `json:"merchantReturnDays,omitempty"`
	}
	ldAggregate struct {
		Type          string    `json:"@type"`
		LowPrice      string    `json:"lowPrice"`
		HighPrice     string    `json:"highPrice"`
		PriceCurrency string    `json:"priceCurrency"`
		Offers        []ldOffer `json:"offers"`
	}
	ldOffer struct {
		Type               string        `json:"@type"`
		SKU                string        `json:"sku"`
		Name               string        `json:"name"`
		Price              string        `json:"price"`
		PriceCurrency      string        `json:"priceCurrency"`
		AcceptedPayment    []string      `json:"acceptedPaymentMethod,omitempty"`
		PriceSpecification []ldPriceSpec `json:"priceSpecification,omitempty"`
		ShippingDetails    []ldShipping  `json:"shippingDetails"`
	}
	ldPriceSpec struct {
		Type      string `json:"@type"`
		PriceType string `json:"priceType"`
		Price     string `json:"price"`
	}
	ldShipping struct {
		Type        string      `json:"@type"`
		DoesNotShip bool        `json:"doesNotShip,omitempty"`
		Rate        *ldMoney    `json:"shippingRate,omitempty"`
		Threshold   *ldMoney    `json:"freeShippingThreshold,omitempty"`
		Destination ldRegion    `json:"shippingDestination"`
		Delivery    *ldDelivery `json:"deliveryTime,omitempty"`
	}
	ldMoney struct {
		Type     string `json:"@type"`
		Value    string `json:"value"`
		Currency string `json:"currency"`
	}
	ldRegion struct {
		Type    string   `json:"@type"`
		Country string   `json:"addressCountry"`
		Region  []string `json:"addressRegion,omitempty"`
	}
	ldDelivery struct {
		Type     string  `json:"@type"`
		Handling ldValue `json:"handlingTime"`
	}
	ldValue struct {
		Type     string `json:"@type"`
		MinValue int    `json:"minValue"`
		MaxValue int    `json:"maxValue"`
		UnitCode string `json:"unitCode"`
	}
)

func ldAmount(m listing.Money) *ldMoney {
	return &ldMoney{Type: "MonetaryAmount", Value: m.String(), Currency: "CNY"}
}

// shippingDetails states the freight template as OfferShippingDetails.
func (it *item) shippingDetails() []ldShipping {
	t := it.freight
	unit, max := "DAY", it.handling/24
	if it.hourUnit {
		unit, max = "HUR", it.handling
	}
	var threshold *ldMoney
	for _, f := range t.free {
		if len(f.areas) == 0 && f.minQty == 0 {
			threshold = ldAmount(f.minAmount)
		}
	}
	out := []ldShipping{{
		Type: "OfferShippingDetails", Rate: ldAmount(t.def.first), Threshold: threshold,
		Destination: ldRegion{Type: "DefinedRegion", Country: "CN"},
		Delivery: &ldDelivery{Type: "ShippingDeliveryTime", Handling: ldValue{
			Type: "QuantitativeValue", MinValue: 0, MaxValue: max, UnitCode: unit}},
	}}
	for _, rr := range t.regions {
		out = append(out, ldShipping{
			Type: "OfferShippingDetails", Rate: ldAmount(rr.fee.first),
			Destination: ldRegion{Type: "DefinedRegion", Country: "CN", Region: rr.areas},
		})
	}
	if len(t.undeliverable) > 0 {
		out = append(out, ldShipping{
			Type: "OfferShippingDetails", DoesNotShip: true,
			Destination: ldRegion{Type: "DefinedRegion", Country: "CN", Region: t.undeliverable},
		})
	}
	return out
}

// jsonLD builds the listing's JSON-LD Product.
func (it *item) jsonLD() []byte {
	doc := ldProduct{
		Context: "https://schema.org", Type: "Product", SKU: itemID(it.id),
		Name:        it.title.String(),
		Brand:       ldThing{Type: "Brand", Name: it.t(brandName)},
		Description: it.desc.String(),
		ReturnPolicy: ldReturn{Type: "MerchantReturnPolicy",
			Category: "https://schema.org/MerchantReturnFiniteReturnWindow", Days: 7},
	}
	if it.exempt {
		doc.ReturnPolicy = ldReturn{Type: "MerchantReturnPolicy", Category: "https://schema.org/MerchantReturnNotPermitted"}
	}
	for _, im := range it.images {
		if im.role == listing.ImageMain {
			doc.Image = append(doc.Image, ldImage{Type: "ImageObject", ContentURL: imageURL(it.id, im.n), Caption: im.alt.String()})
		}
	}
	for _, a := range it.attrs {
		doc.AdditionalProperty = append(doc.AdditionalProperty, ldProperty{Type: "PropertyValue", Name: a.Name, Value: a.Value})
	}
	ship := it.shippingDetails()
	var offers []ldOffer
	for _, s := range it.skus {
		o := ldOffer{
			Type: "Offer", SKU: s.ID, Name: s.Name, Price: s.Price.String(), PriceCurrency: "CNY",
			AcceptedPayment: it.paymentURIs(), ShippingDetails: ship,
		}
		if it.orig > 0 {
			o.PriceSpecification = []ldPriceSpec{{Type: "UnitPriceSpecification",
				PriceType: "https://schema.org/StrikethroughPrice", Price: it.orig.String()}}
		}
		offers = append(offers, o)
	}
	if it.singleOffer {
		doc.Offers = offers[0]
	} else {
		doc.Offers = ldAggregate{Type: "AggregateOffer", LowPrice: it.price().String(),
			HighPrice: it.highPrice().String(), PriceCurrency: "CNY", Offers: offers}
	}
	b, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		panic(err) // plain strings and numbers cannot fail
	}
	return b
}

// pageImage is an image as the templates show it.
type pageImage struct {
	Src, Alt string
}

func (it *item) pageImages(role listing.ImageRole) []pageImage {
	var out []pageImage
	for _, im := range it.images {
		if im.role == role {
			out = append(out, pageImage{imageURL(it.id, im.n), im.alt.String()})
		}
	}
	return out
}

var jsonLDPage = template.Must(template.New("jsonld").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8">
<title>{{.Title}} - 巡店优选</title>
<script type="application/ld+json">{{.JSONLD}}</script>
</head><body>
<main class="product" data-item-id="{{.ID}}">
<h1 class="product-title">{{.Title}}</h1>
<div class="gallery">{{range .Main}}<img src="{{.Src}}" alt="{{.Alt}}">{{end}}</div>
<div class="price">{{.Yen}}{{.Low}}{{if .Orig}} <del>{{.Yen}}{{.Orig}}</del>{{end}}</div>
<ul class="skus">{{range .SKUs}}<li data-sku-id="{{.ID}}">{{.Name}} {{$.Yen}}{{.Price}}</li>{{end}}</ul>
<section class="service-promise">{{.Service}}</section>
<div class="desc">{{.Description}}{{range .Desc}}<img class="desc-img" src="{{.Src}}" alt="{{.Alt}}">{{end}}</div>
</main>
</body></html>
`))

// renderJSONLD renders a layout A page (always UTF-8).
func (it *item) renderJSONLD() []byte {
	type sku struct{ ID, Name, Price string }
	data := struct {
		Lang, ID, Title, Yen, Low, Orig, Service, Description string
		JSONLD                                                template.JS
		Main, Desc                                            []pageImage
		SKUs                                                  []sku
	}{
		Lang: "zh-CN", ID: itemID(it.id), Title: it.title.String(), Yen: it.yen,
		Low: it.price().String(), Service: it.service.String(), Description: it.desc.String(),
		JSONLD: template.JS(it.jsonLD()),
		Main:   it.pageImages(listing.ImageMain), Desc: it.pageImages(listing.ImageDescription),
	}
	if it.trad {
		data.Lang = "zh-TW"
	}
	if it.orig > 0 {
		data.Orig = it.orig.String()
	}
	for _, s := range it.skus {
		data.SKUs = append(data.SKUs, sku{s.ID, s.Name, s.Price.String()})
	}
	var b bytes.Buffer
	if err := jsonLDPage.Execute(&b, data); err != nil {
		panic(err) // the template and its data are fixed
	}
	return b.Bytes()
}
