package demoshop

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/xundian/xundian/listing"
)

var legacyPage = template.Must(template.New("legacy").Parse(`<html><head>{{if .Meta}}<meta charset="{{.Meta}}">{{end}}<title>{{.Title}}-{{.Mall}}</title></head><body>
<div class="tb-detail-hd"><h1 data-item-id="{{.ID}}">{{.Title}}</h1></div>
<div class="tm-price-panel">
{{- if .Orig}}
  <del class="tm-price-orig">{{.Yen}}<em>{{.Orig}}</em></del>
{{- end}}
  <span class="tm-price">{{.Yen}}<em>{{.Price}}</em></span>
{{- if .Promo}}
  <span class="tm-promo-price">{{.Yen}}<em>{{.Promo}}</em></span>
{{- end}}
</div>
<ul class="tb-sku">{{range .SKUs}}<li data-sku-id="{{.ID}}" data-price="{{.Price}}">{{.Name}}</li>{{end}}</ul>
<div class="tb-gallery">{{range .Main}}<img class="main-img" src="{{.Src}}" alt="{{.Alt}}">{{end}}</div>
<ul class="attributes-list">{{range .Attrs}}<li><span class="attr-name">{{.Name}}</span><span class="attr-value">{{.Value}}</span></li>{{end}}</ul>
<div class="tb-service">{{.Service}}</div>
<div class="tb-payment" data-cod="{{.COD}}">{{.Payment}}</div>
<div class="tb-delivery" data-handling-hours="{{.Handling}}">{{.Delivery}}</div>
{{- if .Stock}}
<div class="tb-stock" data-stock="{{.Stock}}"></div>
{{- end}}
<div class="tb-return" data-exempt="{{.Exempt}}"></div>
<div id="J_Freight" data-freight-url="/freight/{{.FreightID}}.json"></div>
<div class="tb-description">{{.Description}}{{range .Desc}} <img class="desc-img" src="{{.Src}}" alt="{{.Alt}}">{{end}}</div>
</body></html>
`))

// Legacy page fixed words.
var (
	legacyPayLabel = phrase{"支付方式：", "支付方式："}
	legacyDelivery = phrase{"付款后%d小时内发货", "付款後%d小時內發貨"}
	mallName       = phrase{"天猫", "天貓"}
)

// page is a rendered page and how to serve it.
type page struct {
	body        []byte
	contentType string
	cs          charset // the charset actually used (after any fallback)
}

// encoder returns the byte encoding of a charset variant, nil for UTF-8.
func (c charset) encoder() encoding.Encoding {
	switch c {
	case csGBKHeader, csGBKMeta, csGBKNone:
		return simplifiedchinese.GBK
	case csBig5:
		return traditionalchinese.Big5
	}
	return nil
}

// contentType is the Content-Type header of a charset variant.
func (c charset) contentType() string {
	switch c {
	case csUTF8:
		return "text/html; charset=utf-8"
	case csGBKHeader:
		return "text/html; charset=gbk"
	case csBig5:
		return "text/html; charset=big5"
	}
	return "text/html"
}

// meta is the <meta charset> a variant writes, "" for none.
func (c charset) meta() string {
	switch c {
	case csUTF8:
		return "utf-8"
	case csGBKMeta:
		return "gbk"
	}
	return ""
}

// renderLegacy renders a layout B page in the listing's charset, falling
// back to UTF-8 if some text cannot be encoded (the vocabulary is chosen so
// that this does not happen; a test checks).
func (it *item) renderLegacy() page {
	if enc := it.cs.encoder(); enc != nil {
		utf := it.renderLegacyUTF8(it.cs)
		if b, err := enc.NewEncoder().Bytes(utf); err == nil {
			return page{body: b, contentType: it.cs.contentType(), cs: it.cs}
		}
	}
	return page{body: it.renderLegacyUTF8(csUTF8), contentType: csUTF8.contentType(), cs: csUTF8}
}

// renderLegacyUTF8 renders the page as UTF-8 text for charset cs.
func (it *item) renderLegacyUTF8(cs charset) []byte {
	type sku struct{ ID, Name, Price string }
	data := struct {
		Meta, ID, Title, Mall, Yen, Orig, Price, Promo     string
		Service, Payment, Delivery, FreightID, Description string
		COD, Exempt                                        bool
		Handling, Stock                                    int
		SKUs                                               []sku
		Attrs                                              []listing.Attribute
		Main, Desc                                         []pageImage
	}{
		Meta: cs.meta(), ID: itemID(it.id), Title: it.title.String(), Mall: it.t(mallName), Yen: it.yen,
		Price: it.price().String(), Service: it.service.String(),
		Payment:   it.t(legacyPayLabel) + strings.Join(it.paymentWords(), " "),
		Delivery:  fmt.Sprintf(it.t(legacyDelivery), it.handling),
		FreightID: it.freight.id, Description: it.desc.String(),
		COD: it.cod, Exempt: it.exempt, Handling: it.handling, Stock: it.stock,
		Attrs: it.attrs,
		Main:  it.pageImages(listing.ImageMain), Desc: it.pageImages(listing.ImageDescription),
	}
	if it.orig > 0 {
		data.Orig = it.orig.String()
	}
	if it.promo > 0 {
		data.Promo = it.promo.String()
	}
	for _, s := range it.skus {
		data.SKUs = append(data.SKUs, sku{s.ID, s.Name, s.Price.String()})
	}
	var b bytes.Buffer
	if err := legacyPage.Execute(&b, data); err != nil {
		panic(err) // the template and its data are fixed
	}
	return b.Bytes()
}
