package crawler

import (
	"fmt"
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

// TestExtractDescriptionMarkupImages: classic Taobao templates and many
// storefronts keep the product detail as markup, in a <textarea
// class="ks-datalazyload"> or a JSON-LD / embedded JSON description, and
// insert it into the page by script. Its text was read but its <img>
// elements were not, so the banners of the detail (全国包邮, 到手价) never
// reached OCR. Every row holds such an image; the decoys within rows (a
// form field's textarea, data: URIs, an image already listed) must stay
// out or be read as an ordinary <img> would be.
func TestExtractDescriptionMarkupImages(t *testing.T) {
	const (
		gallery   = `<div class="tb-gallery"><img class="main-img" src="/img/10001-1.png" alt="主图"></div>`
		mainImage = "main http://127.0.0.1:8080/img/10001-1.png 主图"
	)
	tests := []struct {
		name string
		head string  // inside <head>
		body string  // after the title and the gallery
		cfg  *Config // nil: the shipped selectors (demoConfig)
		// plain, when set, is the same <img> elements as ordinary page
		// markup: it must yield the same description images.
		plain string
		want  []string // role URL alt, after the gallery's main image (mainImage)
	}{
		{
			name: "ks-datalazyload textarea: lazy and plain src images",
			body: `<div class="tb-description"><textarea class="ks-datalazyload"><p><img data-ks-lazyload="//img.example/banner1.jpg" alt="全国包邮"></p>
<p><img src="/static/grey.gif" data-original="/img/10001-d2.jpg" alt="到手价49"></p><p><img src="detail/3.jpg"></p></textarea></div>`,
			want: []string{
				"description http://img.example/banner1.jpg 全国包邮",
				"description http://127.0.0.1:8080/img/10001-d2.jpg 到手价49",
				"description http://127.0.0.1:8080/detail/3.jpg ",
			},
		},
		{
			name: "entity-escaped markup in the textarea",
			body: `<div class="tb-description"><textarea class="ks-datalazyload invisible">&lt;div&gt;&lt;img src=&quot;https://img.alicdn.com/imgextra/i1/banner.jpg&quot; alt=&quot;全国包邮&quot;&gt;&lt;/div&gt;</textarea></div>`,
			want: []string{"description https://img.alicdn.com/imgextra/i1/banner.jpg 全国包邮"},
		},
		{
			name: "ordinary description images first, then the markup's in document order",
			body: `<div class="tb-description"><textarea class="ks-datalazyload"><img src="/img/t1.jpg" alt="t1"><img src="/img/t2.jpg" alt="t2"></textarea>
<img class="desc-img" src="/img/plain.jpg" alt="plain"><textarea><p><img src="/img/t3.jpg" alt="t3"></p></textarea></div>`,
			want: []string{
				"description http://127.0.0.1:8080/img/plain.jpg plain",
				"description http://127.0.0.1:8080/img/t1.jpg t1",
				"description http://127.0.0.1:8080/img/t2.jpg t2",
				"description http://127.0.0.1:8080/img/t3.jpg t3",
			},
		},
		{
			name: "decoy: images already listed (gallery, ordinary description image, repeats) are dropped",
			body: `<div class="tb-description"><img src="/img/plain.jpg" alt="plain"><textarea class="ks-datalazyload">
<img src="http://127.0.0.1:8080/img/10001-1.png" alt="主图again"><img data-original="/img/plain.jpg" alt="plain again">
<img src="/img/new.jpg" alt="新"><img src="/img/new.jpg" alt="again"><img data-src="//127.0.0.1:8080/img/new.jpg"></textarea></div>`,
			want: []string{
				"description http://127.0.0.1:8080/img/plain.jpg plain",
				"description http://127.0.0.1:8080/img/new.jpg 新",
			},
		},
		{
			name: "decoy: placeholders, data: URIs, tracking pixels read as for an ordinary <img>",
			body: `<div class="tb-description"><textarea class="ks-datalazyload">%s</textarea></div>`,
			plain: `<img src="/static/grey.gif" data-original="/img/o.jpg" alt="o">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/s.jpg">
<img src="data:image/png;base64,iVBORw0KGgo=" alt="内联">
<img data-lazy-src="javascript:void(0)" src="/img/js.jpg">
<img src="//log.mmstat.com/v.gif?t=1" width="1" height="1">
<img alt="无地址"><img src=" ">`,
			want: []string{
				"description http://127.0.0.1:8080/img/o.jpg o",
				"description http://127.0.0.1:8080/img/s.jpg ",
				"description http://127.0.0.1:8080/img/js.jpg ",
				"description http://log.mmstat.com/v.gif?t=1 ",
			},
		},
		{
			name: "decoy: a form field's textarea and one outside the description give no images",
			body: `<form class="feedback"><textarea name="msg"><p><img src="/img/form.jpg" alt="form"></p></textarea></form>
<div class="tb-description"><textarea class="ks-datalazyload"><img src="/img/d.jpg" alt="d"></textarea></div>
<div class="tb-service"><textarea><img src="/img/svc.jpg" alt="svc"></textarea></div>`,
			want: []string{"description http://127.0.0.1:8080/img/d.jpg d"},
		},
		{
			name: "JSON-LD description markup, then the visible description's",
			head: `<script type="application/ld+json">{"@type":"Product","name":"T恤","sku":"10001","image":"/img/10001-1.png",
"description":"\u003cp\u003e纯棉\u003cimg src=\"/img/ld.jpg\" alt=\"全国包邮\"\u003e\u003c/p\u003e\u003cimg src=\"/img/10001-1.png\"\u003e"}</script>`,
			body: `<div class="tb-description"><textarea class="ks-datalazyload"><img src="/img/ld.jpg"><img src="/img/d.jpg" alt="d"></textarea></div>`,
			want: []string{
				"description http://127.0.0.1:8080/img/ld.jpg 全国包邮",
				"description http://127.0.0.1:8080/img/d.jpg d",
			},
		},
		{
			name: "embedded JSON description markup",
			head: `<script>window.__DATA__ = {"desc":"&lt;p&gt;&lt;img data-ks-lazyload=\"//img.example/e.jpg\" alt=\"到手价\"&gt;&lt;/p&gt;"};</script>`,
			cfg: &Config{Selectors: Selectors{ID: "h1@data-item-id", Title: "h1", MainImages: ".tb-gallery img"},
				Embedded: []EmbeddedJSON{{Script: `window\.__DATA__ = (\{)`, Fields: EmbeddedFields{Description: "desc"}}}},
			want: []string{"description http://img.example/e.jpg 到手价"},
		},
		{
			name: "a description attribute holding markup",
			body: `<div id="desc" data-html="&lt;img src=&quot;/img/a.jpg&quot; alt=&quot;包邮&quot;&gt;全国包邮"></div>`,
			cfg:  &Config{Selectors: Selectors{ID: "h1@data-item-id", Title: "h1", MainImages: ".tb-gallery img", Description: "#desc@data-html"}},
			want: []string{"description http://127.0.0.1:8080/img/a.jpg 包邮"},
		},
	}
	images := func(t *testing.T, head, body string, cfg Config) []string {
		t.Helper()
		page := `<html><head>` + head + `</head><body><div class="tb-detail-hd"><h1 data-item-id="10001">T恤</h1></div>` + gallery + body + `</body></html>`
		u, _ := url.Parse("http://127.0.0.1:8080/detail.htm?id=10001")
		l, _, err := ExtractListing([]byte(page), "text/html; charset=utf-8", u, cfg)
		if err != nil {
			t.Fatalf("ExtractListing: %v", err)
		}
		var got []string
		for _, im := range l.Images {
			got = append(got, string(im.Role)+" "+im.URL+" "+im.Alt)
		}
		return got
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := demoConfig()
			if tt.cfg != nil {
				cfg = *tt.cfg
			}
			body := tt.body
			if tt.plain != "" {
				body = fmt.Sprintf(body, tt.plain)
			}
			got := images(t, tt.head, body, cfg)
			want := append([]string{mainImage}, tt.want...)
			if strings.Contains(tt.head, "ld+json") {
				want[0] = strings.TrimSuffix(mainImage, "主图") // the JSON-LD image, without alt
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("images:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if tt.plain != "" {
				plain := images(t, "", `<div class="tb-description">`+tt.plain+`</div>`, cfg)
				if strings.Join(plain, "\n") != strings.Join(want, "\n") {
					t.Errorf("the same images as ordinary <img>:\n%s\nwant:\n%s", strings.Join(plain, "\n"), strings.Join(want, "\n"))
				}
			}
		})
	}
}

// TestExtractDescriptionMarkupImagesDedupLong: past 16 images the
// duplicate check switches to a map; an image already listed is still
// dropped there.
func TestExtractDescriptionMarkupImagesDedupLong(t *testing.T) {
	var gallery, want strings.Builder
	for i := range 20 {
		fmt.Fprintf(&gallery, `<img src="/img/g%d.jpg">`, i)
		fmt.Fprintf(&want, "main http://127.0.0.1:8080/img/g%d.jpg \n", i)
	}
	want.WriteString("description http://127.0.0.1:8080/img/new.jpg 新")
	l := extractShipped(t, `<html><body><div class="tb-detail-hd"><h1 data-item-id="10001">T恤</h1></div>
<div class="tb-gallery">`+gallery.String()+`</div><div class="tb-description"><textarea class="ks-datalazyload">
<img src="/img/g5.jpg"><img src="/img/new.jpg" alt="新"><img src="/img/g17.jpg"><img data-src="/img/new.jpg"><img src="/img/g0.jpg"></textarea></div></body></html>`)
	var got []string
	for _, im := range l.Images {
		got = append(got, string(im.Role)+" "+im.URL+" "+im.Alt)
	}
	if strings.Join(got, "\n") != want.String() {
		t.Errorf("images:\n%s\nwant:\n%s", strings.Join(got, "\n"), want.String())
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

// TestExtractVisibleTextReachesChecks: structured data (JSON-LD,
// microdata, embedded JSON) is often a short summary of what the page
// shows. When it won outright, a visible 【全国包邮】 or 阿迪同款 in the
// displayed title, or 本店不开发票 in the visible detail, never reached the
// checks. Every row has something only the visible page says; the decoys
// within rows (a visible title the structured name already holds, text
// equal up to white space, no selector match at all) must not double text
// or lose the structured value.
func TestExtractVisibleTextReachesChecks(t *testing.T) {
	const (
		ldScript    = `<script type="application/ld+json">%s</script>`
		embedScript = `<script>window.__DATA__ = %s;</script>`
	)
	tests := []struct {
		name       string
		ld, embed  string // JSON-LD and embedded JSON, when not empty
		body       string
		title      string
		desc, serv string
	}{
		{
			name:  "short JSON-LD name, displayed title adds 包邮 and another brand",
			ld:    `{"@type":"Product","name":"保温杯 500ml","description":"316不锈钢，长效保温。","offers":{"price":"59"}}`,
			body:  `<h1>【全国包邮】保温杯 500ml 阿迪同款</h1><div class="desc">316不锈钢，长效保温。</div>`,
			title: "【全国包邮】保温杯 500ml 阿迪同款",
			desc:  "316不锈钢，长效保温。",
		},
		{
			name:  "displayed title differs from the JSON-LD name",
			ld:    `{"@type":"Product","name":"保温杯 500ml","offers":{"price":"59"}}`,
			body:  `<h1>不锈钢真空杯 耐克联名</h1>`,
			title: "不锈钢真空杯 耐克联名",
		},
		{
			name:  "JSON-LD SEO summary, visible detail adds a refusal (no doubling of the summary)",
			ld:    `{"@type":"Product","name":"保温杯 500ml","description":"316不锈钢，长效保温。","offers":{"price":"59"}}`,
			body:  `<h1>保温杯 500ml</h1><div class="desc"><p>316不锈钢，长效保温。</p><p>本店不开发票，不支持信用卡。</p></div>`,
			title: "保温杯 500ml",
			desc:  "316不锈钢，长效保温。 本店不开发票，不支持信用卡。",
		},
		{
			name:  "visible description unrelated to the JSON-LD summary: both kept",
			ld:    `{"@type":"Product","name":"保温杯 500ml","description":"精选好物，品质保障。","offers":{"price":"59"}}`,
			body:  `<h1>保温杯 500ml</h1><div class="desc">本店不开发票</div>`,
			title: "保温杯 500ml",
			desc:  "精选好物，品质保障。\n本店不开发票",
		},
		{
			name:  "decoy: displayed title truncates the JSON-LD name, which is kept; description adds",
			ld:    `{"@type":"Product","name":"保温杯 500ml 316不锈钢 保温24小时","description":"长效保温。","offers":{"price":"59"}}`,
			body:  `<h1>保温杯 500ml</h1><div class="desc">长效保温。纯棉杯套</div>`,
			title: "保温杯 500ml 316不锈钢 保温24小时",
			desc:  "长效保温。纯棉杯套",
		},
		{
			name:  "decoy: description equal up to white space is not doubled; title adds",
			ld:    `{"@type":"Product","name":"纯棉T恤","description":"纯棉T恤\n  夏季新款","offers":{"price":"59"}}`,
			body:  `<h1>纯棉T恤 包邮</h1><div class="desc"><p>纯棉T恤</p><p>夏季 新款</p></div>`,
			title: "纯棉T恤 包邮",
			desc:  "纯棉T恤 夏季新款",
		},
		{
			name:  "microdata name and description shorter than the visible page",
			body:  `<div itemscope itemtype="https://schema.org/Product"><meta itemprop="name" content="保温杯"><meta itemprop="description" content="长效保温"><meta itemprop="price" content="59"></div><h1>保温杯 阿迪同款</h1><div class="desc">长效保温 假一赔十</div>`,
			title: "保温杯 阿迪同款",
			desc:  "长效保温 假一赔十",
		},
		{
			name:  "decoy: no visible title or description, structured data alone; visible service text adds to the embedded one",
			ld:    `{"@type":"Product","name":"保温杯 500ml","description":"长效保温。","offers":{"price":"59"}}`,
			embed: `{"service":"7天无理由退货"}`,
			body:  `<div class="svc">7天无理由退货 不支持信用卡</div>`,
			title: "保温杯 500ml",
			desc:  "长效保温。",
			serv:  "7天无理由退货 不支持信用卡",
		},
		{
			name:  "embedded freight text and an unrelated visible service text: both kept",
			embed: `{"title":"保温杯","freight":"快递: 免运费"}`,
			body:  `<h1>保温杯</h1><span class="p">59</span><div class="svc">本店不开发票</div>`,
			title: "保温杯",
			serv:  "快递: 免运费\n本店不开发票",
		},
		{
			name:  "decoy: embedded service text equal to the visible one is not doubled; embedded title shorter than the displayed one",
			embed: `{"title":"保温杯","service":"48小时发货  7天无理由"}`,
			body:  `<h1>保温杯 官方正品 假一赔十</h1><span class="p">59</span><div class="svc">48小时发货<br>7天无理由</div>`,
			title: "保温杯 官方正品 假一赔十",
			serv:  "48小时发货 7天无理由",
		},
	}
	cfg := Config{
		ItemURLPattern: `/item/(?P<id>\d+)\.html`,
		Selectors:      Selectors{Title: "h1", Price: ".p", Description: ".desc", ServiceText: ".svc"},
		Embedded: []EmbeddedJSON{{Script: `window\.__DATA__ = (\{)`, Fields: EmbeddedFields{
			Title: "title", ServiceText: "service", FreightText: "freight"}}},
	}
	u, _ := url.Parse("http://shop.example/item/7.html")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := ""
			if tt.ld != "" {
				head += fmt.Sprintf(ldScript, tt.ld)
			}
			if tt.embed != "" {
				head += fmt.Sprintf(embedScript, tt.embed)
			}
			page := "<html><head>" + head + "</head><body>" + tt.body + "</body></html>"
			l, _, err := ExtractListing([]byte(page), "text/html; charset=utf-8", u, cfg)
			if err != nil {
				t.Fatalf("ExtractListing: %v", err)
			}
			if l.Title != tt.title {
				t.Errorf("title = %q, want %q", l.Title, tt.title)
			}
			if l.Description != tt.desc {
				t.Errorf("description = %q, want %q", l.Description, tt.desc)
			}
			if l.ServiceText != tt.serv {
				t.Errorf("service text = %q, want %q", l.ServiceText, tt.serv)
			}
		})
	}
}

// TestExtractDemoVisibleEqualsStructured guards the common case behind
// TestExtractVisibleTextReachesChecks: on the demo shop's JSON-LD pages
// the displayed title and description say what the JSON-LD says, so the
// listing keeps the JSON-LD's text, not doubled.
func TestExtractDemoVisibleEqualsStructured(t *testing.T) {
	jsonld, _ := demoPages(t)
	cfg := demoConfig()
	for _, p := range jsonld {
		l, _, err := ExtractListing(p.body, p.contentType, p.url, cfg)
		if err != nil {
			t.Fatalf("ExtractListing(%s): %v", p.url, err)
		}
		doc, err := parsePage(p.body, p.contentType, "")
		if err != nil {
			t.Fatal(err)
		}
		ld, _ := ExtractJSONLD(doc, p.url)
		if l.Title != ld.Title || l.Description != ld.Description {
			t.Errorf("%s: title %q, description %q; want the JSON-LD's %q, %q", p.url, l.Title, l.Description, ld.Title, ld.Description)
		}
	}
}
