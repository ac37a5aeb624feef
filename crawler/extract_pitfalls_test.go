package crawler

import (
	"net/url"
	"strings"
	"testing"

	"github.com/xundian/xundian/listing"
)

// extractShipped extracts a legacy page with the shipped config.yaml's
// selectors (demoConfig).
func extractShipped(t *testing.T, page string) listing.Listing {
	t.Helper()
	u, _ := url.Parse("http://127.0.0.1:8080/detail.htm?id=10001")
	l, _, err := ExtractListing([]byte(page), "text/html; charset=utf-8", u, demoConfig())
	if err != nil {
		t.Fatalf("ExtractListing: %v", err)
	}
	return l
}

// TestExtractLazyImages: lazy-loading pages keep the real URL in
// data-original / data-src / data-ks-lazyload and a placeholder every
// image shares (or a data: URI) in src. Reading src collapsed the
// description images into one placeholder (deduplicated by URL) and lost
// their stamped claims and alt texts.
func TestExtractLazyImages(t *testing.T) {
	l := extractShipped(t, `<html><body><div class="tb-detail-hd"><h1 data-item-id="10001">T恤</h1></div>
<div class="tb-gallery"><img class="main-img" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/10001-1.png" alt="主图"></div>
<div class="tb-description">
 <img src="/static/grey.gif" data-original="/img/10001-2.png" alt="全国包邮">
 <img src="/static/grey.gif" data-original="/img/10001-3.png" alt="到手价49">
 <img src="https://g.alicdn.com/s.gif" data-ks-lazyload="/img/10001-4.png">
 <img src="/img/10001-5.png" alt="细节">
 <img src="data:image/png;base64,iVBORw0KGgo=" alt="内联">
</div></body></html>`)
	var got []string
	for _, im := range l.Images {
		got = append(got, string(im.Role)+" "+im.URL+" "+im.Alt)
	}
	want := []string{
		"main http://127.0.0.1:8080/img/10001-1.png 主图",
		"description http://127.0.0.1:8080/img/10001-2.png 全国包邮",
		"description http://127.0.0.1:8080/img/10001-3.png 到手价49",
		"description http://127.0.0.1:8080/img/10001-4.png ",
		"description http://127.0.0.1:8080/img/10001-5.png 细节",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("images:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestExtractAttributeLabelColon: a name cell that keeps its label colon
// (面料成分：) must still name the attribute, or the material check cannot
// find the composition (12 points).
func TestExtractAttributeLabelColon(t *testing.T) {
	l := extractShipped(t, `<html><body><div class="tb-detail-hd"><h1 data-item-id="10001">纯棉T恤</h1></div>
<ul class="attributes-list"><li><span class="attr-name">面料成分：</span><span class="attr-value">聚酯纤维100%</span></li>
<li><span class="attr-name">材质:</span><span class="attr-value">：涤纶</span></li>
<li><span class="attr-name">适用季节</span><span class="attr-value">四季</span></li></ul></body></html>`)
	want := []listing.Attribute{{Name: "面料成分", Value: "聚酯纤维100%"}, {Name: "材质", Value: "涤纶"}, {Name: "适用季节", Value: "四季"}}
	if len(l.Attributes) != len(want) {
		t.Fatalf("attributes %+v, want %+v", l.Attributes, want)
	}
	for i, a := range want {
		if l.Attributes[i] != a {
			t.Errorf("attribute %d = %+v, want %+v", i, l.Attributes[i], a)
		}
	}
}

// TestExtractPriceSkipsPlaceholders: a price selector's first match that
// is no amount ("--", 暂无活动) must not hide the price in the next; the
// price stayed 0 and the price check could not run.
func TestExtractPriceSkipsPlaceholders(t *testing.T) {
	tests := []struct {
		name, prices string
		want         listing.Money
	}{
		{"dashes first", `<span class="tm-price">¥<em>--</em></span><span class="tm-price">¥<em>59.00</em></span>`, 5900},
		{"no promotion text first", `<span class="tm-price"><em>暂无活动</em></span><span class="tm-price"><em>¥59.00</em></span>`, 5900},
		{"amount first", `<span class="tm-price">¥<em>59.00</em></span><span class="tm-price">¥<em>69.00</em></span>`, 5900},
		{"no amount at all", `<span class="tm-price">¥<em>--</em></span>`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := extractShipped(t, `<html><body><div class="tb-detail-hd"><h1 data-item-id="10001">T恤</h1></div>`+tt.prices+`</body></html>`)
			if l.Price != tt.want {
				t.Errorf("price = %v, want %v", l.Price, tt.want)
			}
		})
	}
}
