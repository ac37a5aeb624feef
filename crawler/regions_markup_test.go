package crawler

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/xundian/xundian/listing"
)

// TestResolveRegionName covers the region forms freight sources write,
// and names that must stay unresolved rather than be guessed.
func TestResolveRegionName(t *testing.T) {
	for _, tt := range []struct {
		name string
		want []listing.Region
	}{
		{"新疆维吾尔自治区", []listing.Region{"新疆"}},
		{"內蒙古自治區", []listing.Region{"内蒙古"}},
		{"西藏地区", []listing.Region{"西藏"}},
		{"新疆地区", []listing.Region{"新疆"}},
		{"新疆 地區", []listing.Region{"新疆"}},
		{"CN-XJ", []listing.Region{"新疆"}},
		{"XJ", []listing.Region{"新疆"}},
		{"xz", []listing.Region{"西藏"}},
		{"CN-65", []listing.Region{"新疆"}},
		{"CN-91", []listing.Region{"香港"}},
		{"650000", []listing.Region{"新疆"}},
		{"540000", []listing.Region{"西藏"}},
		{"150000", []listing.Region{"内蒙古"}},
		{"Xinjiang", []listing.Region{"新疆"}},
		{"Tibet", []listing.Region{"西藏"}},
		{"Inner Mongolia", []listing.Region{"内蒙古"}},
		{"Guangxi Zhuang Autonomous Region", []listing.Region{"广西"}},
		{"Shaanxi", []listing.Region{"陕西"}},
		{"Shanxi Province", []listing.Region{"山西"}},
		{"江浙沪", []listing.Region{"江苏", "浙江", "上海"}},
		{"港澳台", []listing.Region{"香港", "澳门", "台湾"}},
		{"海外", nil},
		{"海外地区", nil},
	} {
		got, ok := resolveRegionName(tt.name)
		if !ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("resolveRegionName(%q) = %v, %v; want %v, true", tt.name, got, ok, tt.want)
		}
	}
	// Decoys: part of a region (a city code, a prefecture), vague groups,
	// foreign names, malformed codes.
	for _, name := range []string{"", "地区", "650100", "659001", "65", "6500", "CN-", "CN-81", "CN-650000",
		"喀什地区", "乌鲁木齐市", "偏远地区", "其他", "Ohio", "CN", "ZZ", "Kashgar"} {
		if got, ok := resolveRegionName(name); ok {
			t.Errorf("resolveRegionName(%q) = %v, true; want unresolved", name, got)
		}
	}
	// Every mainland region has a GB/T 2260 code, an ISO code and a
	// latin name.
	for _, r := range listing.MainlandRegions() {
		gb, iso, latin := false, false, false
		for _, v := range provinceCodes {
			gb = gb || v == r
		}
		for _, v := range isoRegions {
			iso = iso || v == r
		}
		for _, v := range latinRegions {
			latin = latin || v == r
		}
		if !gb || !iso || !latin {
			t.Errorf("%s: GB/T code %v, ISO code %v, latin name %v; want all", r, gb, iso, latin)
		}
	}
}

// TestParseFreightJSONRegionForms: 西藏地区 and Taobao area IDs are fee
// rows; a fee row naming an area that cannot be resolved is an error (the
// crawl then reports the template and the listing has no freight) instead
// of reading as free.
func TestParseFreightJSONRegionForms(t *testing.T) {
	doc := func(areas string) []byte {
		return []byte(`{"default":{"first":"0.00"},"regions":[{"areas":` + areas + `,"first":"15.00"}]}`)
	}
	for _, tt := range []struct {
		areas string
		want  []listing.Region
	}{
		{`["西藏地区","新疆地区"]`, []listing.Region{"西藏", "新疆"}},
		{`[650000,540000]`, []listing.Region{"新疆", "西藏"}},
		{`["650000","540000"]`, []listing.Region{"新疆", "西藏"}},
		{`"新疆维吾尔自治区、内蒙古自治区"`, []listing.Region{"新疆", "内蒙古"}},
		{`["新疆","海外"]`, []listing.Region{"新疆"}},
	} {
		tpl, err := ParseFreightJSON(doc(tt.areas), FreightMapping{})
		if err != nil {
			t.Errorf("areas %s: %v", tt.areas, err)
			continue
		}
		if len(tpl.Regions) != 1 || !reflect.DeepEqual(tpl.Regions[0].Regions, tt.want) {
			t.Errorf("areas %s: regions %+v, want %v charged 15", tt.areas, tpl.Regions, tt.want)
		}
		var charged []listing.Region
		for _, c := range tpl.Charged(5900) {
			charged = append(charged, c.Region)
		}
		if len(charged) != len(tt.want) {
			t.Errorf("areas %s: charged %v, want %v", tt.areas, charged, tt.want)
		}
	}
	for _, areas := range []string{`["偏远地区"]`, `["新疆","偏远地区"]`, `["喀什地区"]`, `[650100]`, `["Kashgar"]`} {
		tpl, err := ParseFreightJSON(doc(areas), FreightMapping{})
		if err == nil || !strings.Contains(err.Error(), "unknown region") {
			t.Errorf("areas %s: template %+v, err %v; want an unknown-region error", areas, tpl, err)
		}
	}
	// Decoys: a row only for places abroad has nothing to model; unknown
	// areas of free conditions and the undeliverable list never make a
	// region free, so they stay skipped.
	tpl, err := ParseFreightJSON([]byte(`{"default":{"first":"8.00"},"regions":[{"areas":["海外"],"first":"99"}],
	 "free_conditions":[{"areas":["偏远地区"],"min_amount":"10"},{"areas":["海外"],"min_amount":"10"}],"undeliverable":["火星","台湾"]}`), FreightMapping{})
	if err != nil {
		t.Fatal(err)
	}
	want := &listing.FreightTemplate{Default: listing.Fee{First: 800}, Undeliverable: []listing.Region{"台湾"}}
	if !reflect.DeepEqual(tpl, want) {
		t.Errorf("template %+v, want %+v", tpl, want)
	}
}

// TestCrawlFreightUnknownRegion: a freight template with a fee row for an
// unresolvable area is a crawl failure, and its listing comes without
// freight (the free-shipping check reports could-not-check), not with the
// area free.
func TestCrawlFreightUnknownRegion(t *testing.T) {
	shop := newTestShop(t, 2)
	shop.hook = func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasPrefix(r.URL.Path, "/freight/") {
			return false
		}
		fmt.Fprint(w, `{"default":{"first":"0"},"regions":[{"areas":["偏远地区"],"first":"10"}]}`)
		return true
	}
	got, res := collect(t, t.Context(), shopConfig(shop))
	l, ok := got["10002"]
	if !ok {
		t.Fatalf("listing 10002 not emitted; got %v, failures %+v", keys(got), res.Failures)
	}
	if l.Freight != nil {
		t.Errorf("freight %+v, want none", l.Freight)
	}
	if len(res.Failures) != 1 || !strings.Contains(res.Failures[0].Err, `unknown region "偏远地区"`) {
		t.Errorf("failures %+v, want the freight template's unknown region", res.Failures)
	}
}

// ldShipping is a JSON-LD product page whose Offer has these
// shippingDetails.
func ldShipping(details string) string {
	return ldPage(`{"@type":"Product","name":"全国包邮 T恤","offers":{"@type":"Offer","price":"59","shippingDetails":[` + details + `]}}`)
}

// TestShippingDetailsRegionForms: Google's addressRegion form (XJ with
// addressCountry CN), country objects and Taobao codes are region rows;
// a destination in China that cannot be placed makes the template
// unreadable; destinations abroad do not change mainland fees.
func TestShippingDetailsRegionForms(t *testing.T) {
	const cnFree = `{"@type":"OfferShippingDetails","shippingRate":{"value":"0","currency":"CNY"},"shippingDestination":{"addressCountry":"CN"}}`
	charged := func(dest string) string {
		return cnFree + `,{"@type":"OfferShippingDetails","shippingRate":{"value":"10","currency":"CNY"},"shippingDestination":` + dest + `}`
	}
	xjxz := []listing.Region{"新疆", "西藏"}
	for _, tt := range []struct {
		name, details string
		want          *listing.FreightTemplate
	}{
		{"ISO without prefix", charged(`{"addressCountry":"CN","addressRegion":["XJ","XZ"]}`),
			&listing.FreightTemplate{Regions: []listing.RegionFee{{Regions: xjxz, Fee: listing.Fee{First: 1000}}}}},
		{"country object", charged(`{"@type":"DefinedRegion","addressCountry":{"@type":"Country","name":"CN"},"addressRegion":["XJ","XZ"]}`),
			&listing.FreightTemplate{Regions: []listing.RegionFee{{Regions: xjxz, Fee: listing.Fee{First: 1000}}}}},
		{"GB/T codes and 地区", charged(`{"addressCountry":"CN","addressRegion":["650000","西藏地区"]}`),
			&listing.FreightTemplate{Regions: []listing.RegionFee{{Regions: xjxz, Fee: listing.Fee{First: 1000}}}}},
		{"several destinations", charged(`[{"addressCountry":"CN","addressRegion":"XJ"},{"addressCountry":"CN","addressRegion":"CN-XZ"}]`),
			&listing.FreightTemplate{Regions: []listing.RegionFee{{Regions: xjxz, Fee: listing.Fee{First: 1000}}}}},
		{"unknown region", charged(`{"addressCountry":"CN","addressRegion":["XJ","Kashgar"]}`), nil},
		{"unknown region, no country", charged(`{"addressRegion":["Ohio"]}`), nil},
		{"postal codes in China", charged(`{"addressCountry":"CN","postalCode":["830000"]}`), nil},
		{"unknown country", charged(`{"addressCountry":"火星"}`), nil},
		{"unknown plain destination", charged(`"喀什地区"`), nil},
		{"unknown region in a threshold row", cnFree + `,{"@type":"OfferShippingDetails","shippingRate":{"value":"10"},
		  "freeShippingThreshold":{"value":"99"},"shippingDestination":{"addressCountry":"CN","addressRegion":"偏远地区"}}`, nil},
		// Decoys: Hawaii is not Hainan; Hong Kong's whole-territory rate
		// is not the mainland default; a US free-shipping threshold does
		// not make the mainland free; postal codes abroad are abroad.
		{"US state HI", charged(`{"addressCountry":"US","addressRegion":["HI","AK"]}`), &listing.FreightTemplate{}},
		{"Hong Kong first", `{"@type":"OfferShippingDetails","shippingRate":{"value":"50"},"shippingDestination":{"addressCountry":"HK"}},` + cnFree,
			&listing.FreightTemplate{}},
		{"US threshold", cnFree + `,{"@type":"OfferShippingDetails","shippingRate":{"value":"20"},"freeShippingThreshold":{"value":"35"},"shippingDestination":{"addressCountry":"US"}}`,
			&listing.FreightTemplate{}},
		{"postal codes abroad", charged(`{"addressCountry":"JP","postalCodeRange":{"postalCodeBegin":"100","postalCodeEnd":"200"}}`), &listing.FreightTemplate{}},
		{"only abroad", `{"@type":"OfferShippingDetails","shippingRate":{"value":"3.49"},"shippingDestination":{"addressCountry":"US"}}`,
			&listing.FreightTemplate{Default: listing.Fee{First: 349}}},
	} {
		l, _ := ExtractJSONLD(parseDoc(t, ldShipping(tt.details)), nil)
		if !reflect.DeepEqual(l.Freight, tt.want) {
			t.Errorf("%s: freight %+v, want %+v", tt.name, l.Freight, tt.want)
		}
	}
}

// TestFreightTableRegionForms: a fee-table row in 西藏地区 form is a
// region row; a row naming a region that cannot be resolved leaves the
// listing without a template instead of making it free.
func TestFreightTableRegionForms(t *testing.T) {
	page := func(regions string) string {
		return `<html><body><h1>全国包邮 T恤</h1><b class="p">59</b><table class="ship">
<tr><td class="a">` + regions + `</td><td class="f">¥10.00</td></tr>
<tr><td class="a">其他地区</td><td class="f">0</td></tr></table></body></html>`
	}
	cfg := Config{Selectors: Selectors{ID: "h1", Title: "h1", Price: "b.p",
		FreightRow: "table.ship tr", FreightRegions: "td.a", FreightFirst: "td.f"}}
	u, _ := url.Parse("http://127.0.0.1/p/1")
	extract := func(regions string) *listing.FreightTemplate {
		l, _, err := ExtractListing([]byte(page(regions)), "text/html; charset=utf-8", u, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return l.Freight
	}
	want := &listing.FreightTemplate{Regions: []listing.RegionFee{{Regions: []listing.Region{"西藏", "新疆"}, Fee: listing.Fee{First: 1000}}}}
	if got := extract("西藏地区、新疆地区"); !reflect.DeepEqual(got, want) {
		t.Errorf("西藏地区、新疆地区: freight %+v, want %+v", got, want)
	}
	for _, regions := range []string{"偏远地区", "新疆、偏远地区"} {
		if got := extract(regions); got != nil {
			t.Errorf("%s: freight %+v, want none (could not read)", regions, got)
		}
	}
	if got := extract("海外"); !reflect.DeepEqual(got, &listing.FreightTemplate{}) {
		t.Errorf("海外: freight %+v, want the default only", got)
	}
}

// TestParseFreightCSVRegionForms: the CSV reads the same forms; a row for
// places abroad is skipped and never widens a free condition.
func TestParseFreightCSVRegionForms(t *testing.T) {
	got, err := ParseFreightCSV(strings.NewReader(`template_id,kind,regions,first,additional,min_amount,min_quantity
T1,default,,0,0,,
T1,fee,西藏地区|650000,10,0,,
T1,fee,海外,50,0,,
T1,free,海外,,,10,
`))
	if err != nil {
		t.Fatal(err)
	}
	want := &listing.FreightTemplate{ID: "T1", Regions: []listing.RegionFee{{Regions: []listing.Region{"西藏", "新疆"}, Fee: listing.Fee{First: 1000}}}}
	if !reflect.DeepEqual(got["T1"], want) {
		t.Errorf("T1 = %+v, want %+v", got["T1"], want)
	}
}

// TestDescriptionTextMarkup: description HTML in a string, raw or
// escaped, reads as its text; text that only contains "<" is kept.
func TestDescriptionTextMarkup(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`<p>全国包<b>邮</b></p><p>不<span>开</span>发票</p>`, "全国包邮 不开发票"},
		{`&lt;p&gt;全国包&lt;b&gt;邮&lt;/b&gt;&lt;/p&gt;`, "全国包邮"},
		{`<div class="desc">满99<br/>包<strong style="color:red">邮</strong></div>`, "满99 包邮"},
		{`全国<!-- x -->包邮`, "全国包邮"},
		{`<P>全国</P><DIV>包<FONT color=red>邮</FONT></DIV>`, "全国 包邮"},
		{`<p>尺码<170cm 适用</p>`, "尺码<170cm 适用"},
		{`<p>A &amp; B</p>`, "A & B"},
		{`<p>x</p><script>包邮()</script>`, "x"},
		// Decoys: no markup, kept as it is (entities decoded).
		{`尺码<170cm 全国包邮`, "尺码<170cm 全国包邮"},
		{`尺码<S> <M> <L>`, "尺码<S> <M> <L>"},
		{`<<限时>> 满100&lt;减10`, "<<限时>> 满100<减10"},
		{`a<b`, "a<b"},
		{`身高<br`, "身高<br"},
		{`<p 全国包邮`, "<p 全国包邮"},
		{`  多余   空白 `, "多余 空白"},
	} {
		if got, _ := descriptionText(tt.in); got != tt.want {
			t.Errorf("descriptionText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestJSONLDDescriptionMarkup: the three ways CMS plugins put description
// HTML into JSON-LD all read as text; the markup's <img> elements (its
// banners) follow the Product's images as description images.
func TestJSONLDDescriptionMarkup(t *testing.T) {
	for _, tt := range []struct {
		desc, want string
		images     string // the listing's images (role URL alt, joined by "|"); "": the Product's image alone
	}{
		{`<p>全国包<b>邮</b></p><p>不<span>开</span>发票</p>`, "全国包邮 不开发票", ""},
		{`\u003cp\u003e全国包\u003cb\u003e邮\u003c/b\u003e\u003c/p\u003e`, "全国包邮", ""},
		{`&lt;p&gt;全国包&lt;b&gt;邮&lt;/b&gt;&lt;/p&gt;`, "全国包邮", ""},
		{`尺码<170cm，全国包邮`, "尺码<170cm，全国包邮", ""},
		{`夏季新款 纯棉`, "夏季新款 纯棉", ""},
		{`&lt;p&gt;纯棉&lt;img src=\"/img/b.jpg\" alt=\"全国包邮\"&gt;&lt;img data-src=\"/img/c.jpg\" src=\"data:image/gif;base64,R0lGOD\"&gt;&lt;img src=\"/img/m.jpg\"&gt;&lt;/p&gt;`,
			"纯棉", "main /img/m.jpg |description /img/b.jpg 全国包邮|description /img/c.jpg "},
	} {
		l, _ := ExtractJSONLD(parseDoc(t, ldPage(`{"@type":"Product","name":"T恤","image":"/img/m.jpg","description":"`+tt.desc+`"}`)), nil)
		if l.Description != tt.want {
			t.Errorf("description %q: got %q, want %q", tt.desc, l.Description, tt.want)
		}
		var images []string
		for _, im := range l.Images {
			images = append(images, string(im.Role)+" "+im.URL+" "+im.Alt)
		}
		want := tt.images
		if want == "" {
			want = "main /img/m.jpg " // the Product's image alone
		}
		if got := strings.Join(images, "|"); got != want {
			t.Errorf("description %q: images %q, want %q", tt.desc, got, want)
		}
	}
}

// TestTextareaDescription: description HTML kept in a textarea for lazy
// rendering reads as its text; other textareas and other fields are not
// touched.
func TestTextareaDescription(t *testing.T) {
	page := func(desc, service string) string {
		return `<html><body><div class="tb-detail-hd"><h1 data-item-id="10001">T恤</h1></div>
<div class="tm-price-panel"><span class="tm-price">¥<em>59.00</em></span></div>
<div class="tb-service">` + service + `</div>
<div class="tb-description">` + desc + `</div></body></html>`
	}
	for _, tt := range []struct{ desc, want string }{
		{`<textarea class="ks-datalazyload"><p>全国包<b>邮</b></p></textarea>`, "全国包邮"},
		{`<textarea class="ks-datalazyload invisible">&lt;p&gt;不&lt;span&gt;开&lt;/span&gt;发票&lt;/p&gt;</textarea>`, "不开发票"},
		{`夏季新款<textarea><div>全国包<i>邮</i></div></textarea>纯棉`, "夏季新款 全国包邮 纯棉"},
		{`<textarea>尺码<170cm</textarea>`, "尺码<170cm"},
		{`<textarea>尺码<M></textarea>`, "尺码<M>"},
	} {
		l := extractShipped(t, page(tt.desc, "正品保障"))
		if l.Description != tt.want {
			t.Errorf("description %s: got %q, want %q", tt.desc, l.Description, tt.want)
		}
	}
	// Only description selectors read a textarea's markup.
	l := extractShipped(t, page("纯棉", `<textarea><b>x</b></textarea>`))
	if l.ServiceText != "<b>x</b>" {
		t.Errorf("service text %q, want the textarea's text as it is", l.ServiceText)
	}
}
