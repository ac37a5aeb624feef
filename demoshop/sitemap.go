package demoshop

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"
)

// PageSize is the number of listings on one /list page.
const PageSize = 40

// SitemapSize is the number of URLs in one /sitemap-K.xml.
const SitemapSize = 5000

// spmParam is the tracking parameter index links to layout B carry.
const spmParam = "&spm=a1z10.3-c.w4002-1"

// Pages returns the number of /list pages.
func (s *Shop) Pages() int { return (s.n + PageSize - 1) / PageSize }

// Sitemaps returns the number of /sitemap-K.xml files.
func (s *Shop) Sitemaps() int { return (s.n + SitemapSize - 1) / SitemapSize }

var homePage = template.Must(template.New("home").Parse(`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>巡店优选 官方店</title></head><body>
<h1>巡店优选</h1>
<p>共 {{.N}} 件商品</p>
<a class="list" href="/list?page=1">全部商品</a>
<a class="sitemap" href="/sitemap.xml">网站地图</a>
</body></html>
`))

var listPage = template.Must(template.New("list").Parse(`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>全部商品 第{{.Page}}页 - 巡店优选</title></head><body>
<ul class="item-list">
{{- range .Items}}
<li><a class="item-link" href="{{.Href}}">{{.Title}}</a></li>
{{- end}}
</ul>
<div class="pagination">第{{.Page}}/{{.Pages}}页{{if .Next}} <a class="next" href="/list?page={{.Next}}">下一页</a>{{end}}</div>
</body></html>
`))

// renderHome renders /.
func (s *Shop) renderHome() []byte {
	var b bytes.Buffer
	if err := homePage.Execute(&b, struct{ N int }{s.n}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// renderList renders /list?page=k, or reports false when k is out of range.
func (s *Shop) renderList(k int) ([]byte, bool) {
	if k < 1 || k > s.Pages() {
		return nil, false
	}
	type entry struct{ Href, Title string }
	data := struct {
		Page, Pages, Next int
		Items             []entry
	}{Page: k, Pages: s.Pages()}
	if k < s.Pages() {
		data.Next = k + 1
	}
	first := FirstID + (k-1)*PageSize
	for id := first; id < first+PageSize && s.valid(id); id++ {
		it := s.gen(id)
		href := it.path(id)
		if it.layout == layoutLegacy {
			href += spmParam
		}
		data.Items = append(data.Items, entry{href, it.title.String()})
	}
	var b bytes.Buffer
	if err := listPage.Execute(&b, data); err != nil {
		panic(err)
	}
	return b.Bytes(), true
}

// Sitemap documents (sitemaps.org).
type (
	xmlIndex struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []xmlLoc `xml:"sitemap"`
	}
	xmlURLSet struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []xmlURL `xml:"url"`
	}
	xmlLoc struct {
		Loc string `xml:"loc"`
	}
	// xmlURL is a listing page and when it last changed (W3C datetime).
	xmlURL struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	}
)

// baseURL is the absolute origin a request reached the shop at.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// renderSitemapIndex renders /sitemap.xml for origin base.
func (s *Shop) renderSitemapIndex(base string) []byte {
	doc := xmlIndex{}
	for k := 1; k <= s.Sitemaps(); k++ {
		doc.Sitemaps = append(doc.Sitemaps, xmlLoc{fmt.Sprintf("%s/sitemap-%d.xml", base, k)})
	}
	return marshalXML(doc)
}

// renderSitemap renders /sitemap-k.xml, or reports false when k is out of
// range.
func (s *Shop) renderSitemap(base string, k int) ([]byte, bool) {
	if k < 1 || k > s.Sitemaps() {
		return nil, false
	}
	doc := xmlURLSet{}
	first := FirstID + (k-1)*SitemapSize
	for id := first; id < first+SitemapSize && s.valid(id); id++ {
		p := s.variant(id).path(id)
		doc.URLs = append(doc.URLs, xmlURL{Loc: base + p, LastMod: s.lastModified(p).Format(time.RFC3339)})
	}
	return marshalXML(doc), true
}

func marshalXML(v any) []byte {
	b, err := xml.MarshalIndent(v, "", " ")
	if err != nil {
		panic(err) // fixed types of strings cannot fail
	}
	return append([]byte(xml.Header), append(b, '\n')...)
}

// parsePositive parses a decimal page or file number.
func parsePositive(s string) (int, bool) {
	k, err := strconv.Atoi(s)
	if err != nil || k < 1 || strconv.Itoa(k) != s {
		return 0, false
	}
	return k, true
}
