package demoshop

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"image/png"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

func TestNewValidates(t *testing.T) {
	for _, n := range []int{-1, 0, MaxListings + 1} {
		if _, err := New(Options{Listings: n}); err == nil {
			t.Errorf("New(Listings: %d) = nil error, want an error", n)
		}
	}
	for _, n := range []int{1, MaxListings} {
		if _, err := New(Options{Listings: n}); err != nil {
			t.Errorf("New(Listings: %d): %v", n, err)
		}
	}
}

// samplePaths returns one path per layout and charset variant, plus the
// freight JSON and an image of the first listing.
func samplePaths(t *testing.T, s *Shop) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	for id := FirstID; id < FirstID+s.Len(); id++ {
		v := s.variant(id)
		key := fmt.Sprint(v.layout, v.cs, v.trad)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, v.path(id), imageURL(id, 1))
		if v.layout == layoutLegacy {
			out = append(out, "/freight/"+s.gen(id).freight.id+".json")
		}
	}
	return append(out, "/", "/list?page=1", "/sitemap.xml", "/sitemap-1.xml", "/_truth.json", "/_truth/detail.json")
}

func TestDeterministic(t *testing.T) {
	a := newServer(t, newShop(t, 300, 42))
	b := newServer(t, newShop(t, 300, 42))
	c := newServer(t, newShop(t, 300, 43))
	paths := samplePaths(t, newShop(t, 300, 42))
	for _, p := range paths {
		_, ba := get(t, a.URL+p)
		_, ba2 := get(t, a.URL+p)
		_, bb := get(t, b.URL+p)
		hostless := func(x []byte) []byte { return bytes.ReplaceAll(x, []byte(b.URL), []byte(a.URL)) }
		if !bytes.Equal(ba, ba2) || !bytes.Equal(ba, hostless(bb)) {
			t.Errorf("GET %s differs between requests or shops with the same seed", p)
		}
	}
	_, ta := get(t, a.URL+"/_truth/detail.json")
	_, tc := get(t, c.URL+"/_truth/detail.json")
	if bytes.Equal(ta, tc) {
		t.Error("seeds 42 and 43 give the same shop")
	}
}

var h1RE = regexp.MustCompile(`<h1[^>]*>([^<]*)</h1>`)

// decodePage decodes a legacy page body with the variant's encoding.
func decodePage(t *testing.T, cs charset, body []byte) string {
	t.Helper()
	var err error
	switch cs {
	case csGBKHeader, csGBKMeta, csGBKNone:
		body, err = simplifiedchinese.GBK.NewDecoder().Bytes(body)
	case csBig5:
		body, err = traditionalchinese.Big5.NewDecoder().Bytes(body)
	}
	if err != nil {
		t.Fatalf("decode %v: %v", cs, err)
	}
	return string(body)
}

func TestCharsets(t *testing.T) {
	s := newShop(t, 2000, 1)
	srv := newServer(t, s)
	counts := map[charset]int{}
	for id := FirstID; id < FirstID+s.Len(); id++ {
		it := s.gen(id)
		if it.layout != layoutLegacy {
			if it.cs != csUTF8 {
				t.Errorf("listing %d: layout A with charset %v", id, it.cs)
			}
			continue
		}
		if p := it.renderLegacy(); p.cs != it.cs {
			t.Errorf("listing %d: %v page fell back to %v", id, it.cs, p.cs)
		}
		if it.trad != (it.cs == csBig5) && it.cs != csUTF8 {
			t.Errorf("listing %d: traditional %v with charset %v", id, it.trad, it.cs)
		}
		counts[it.cs]++
		if counts[it.cs] > 3 {
			continue
		}
		resp, body := get(t, srv.URL+it.path(id))
		if got, want := resp.Header.Get("Content-Type"), it.cs.contentType(); got != want {
			t.Errorf("listing %d (%v): Content-Type %q, want %q", id, it.cs, got, want)
		}
		hasMeta := bytes.Contains(body, []byte(`<meta charset=`))
		if want := it.cs == csUTF8 || it.cs == csGBKMeta; hasMeta != want {
			t.Errorf("listing %d (%v): meta charset present %v, want %v", id, it.cs, hasMeta, want)
		}
		if it.cs != csUTF8 && bytes.Contains(body, []byte(it.t(brandName))) {
			t.Errorf("listing %d (%v): page holds UTF-8 text", id, it.cs)
		}
		m := h1RE.FindStringSubmatch(decodePage(t, it.cs, body))
		if m == nil {
			t.Fatalf("listing %d: no h1", id)
		}
		l, _ := s.Listing(id)
		if got := html.UnescapeString(m[1]); got != l.Title {
			t.Errorf("listing %d (%v): h1 decodes to %q, want %q", id, it.cs, got, l.Title)
		}
	}
	for _, cs := range []charset{csUTF8, csGBKHeader, csGBKMeta, csGBKNone, csBig5} {
		if counts[cs] == 0 {
			t.Errorf("no legacy page with charset %v", cs)
		}
	}
	t.Logf("legacy charsets at N=2000: %v", counts)
}

func TestScriptsAndFullWidth(t *testing.T) {
	s := newShop(t, 1000, 1)
	trad, full := 0, 0
	for id := FirstID; id < FirstID+s.Len(); id++ {
		it := s.gen(id)
		if it.trad {
			trad++
		}
		l := it.listing()
		if strings.ContainsFunc(l.Title+l.Description, func(r rune) bool { return r >= '０' && r <= 'ｚ' }) {
			full++
		}
	}
	if trad < 100 || trad > 200 {
		t.Errorf("%d of 1000 listings traditional, want about 15%%", trad)
	}
	if full < 10 {
		t.Errorf("%d of 1000 listings with full-width digits or letters, want some", full)
	}
}

// ldRE extracts the JSON-LD document.
var ldRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// TestListingMatchesPage checks the model against what the pages say.
func TestListingMatchesPage(t *testing.T) {
	s := newShop(t, 200, 1)
	srv := newServer(t, s)
	for id := FirstID; id < FirstID+s.Len(); id++ {
		l, _ := s.Listing(id)
		it := s.gen(id)
		_, body := get(t, srv.URL+l.URL)
		page := decodePage(t, it.cs, body)
		if it.layout == layoutJSONLD {
			m := ldRE.FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("listing %d: no JSON-LD", id)
			}
			var doc struct {
				Name        string
				Description string
				Offers      json.RawMessage
			}
			if err := json.Unmarshal([]byte(m[1]), &doc); err != nil {
				t.Fatalf("listing %d: JSON-LD: %v", id, err)
			}
			if doc.Name != l.Title || doc.Description != l.Description {
				t.Errorf("listing %d: JSON-LD name/description %q/%q, want %q/%q", id, doc.Name, doc.Description, l.Title, l.Description)
			}
			var offers struct {
				Type     string `json:"@type"`
				LowPrice string
				Price    string
			}
			if err := json.Unmarshal(doc.Offers, &offers); err != nil {
				t.Fatal(err)
			}
			low := offers.LowPrice
			if offers.Type == "Offer" {
				low = offers.Price
			}
			if low != l.Price.String() {
				t.Errorf("listing %d: JSON-LD low price %s, want %s", id, low, l.Price)
			}
		} else {
			for _, want := range []string{
				`data-cod="` + strconv.FormatBool(l.OffersCOD) + `"`,
				`data-handling-hours="` + strconv.Itoa(l.HandlingHours) + `"`,
				`data-exempt="` + strconv.FormatBool(l.ReturnExempt) + `"`,
				`<span class="tm-price">` + it.yen + `<em>` + l.Price.String() + `</em>`,
				`<div class="tb-service">` + html.EscapeString(l.ServiceText) + `</div>`,
			} {
				if !strings.Contains(page, want) {
					t.Errorf("listing %d: page lacks %s", id, want)
				}
			}
			_, fj := get(t, srv.URL+"/freight/"+l.Freight.ID+".json")
			var doc struct {
				TemplateID string `json:"template_id"`
			}
			if err := json.Unmarshal(fj, &doc); err != nil || doc.TemplateID != l.Freight.ID {
				t.Errorf("listing %d: freight JSON %s: %v", id, fj, err)
			}
		}
		for _, im := range l.Images {
			if !strings.Contains(page, `src="`+im.URL+`" alt="`+html.EscapeString(im.Alt)+`"`) {
				t.Errorf("listing %d: page lacks image %s alt %q", id, im.URL, im.Alt)
			}
		}
	}
}

func TestSitemap(t *testing.T) {
	s := newShop(t, 12345, 2)
	srv := newServer(t, s)
	_, body := get(t, srv.URL+"/sitemap.xml")
	var index struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(body, &index); err != nil {
		t.Fatal(err)
	}
	if len(index.Sitemaps) != 3 {
		t.Fatalf("sitemap index lists %d sitemaps, want 3", len(index.Sitemaps))
	}
	seen := map[string]bool{}
	for _, sm := range index.Sitemaps {
		if !strings.HasPrefix(sm.Loc, srv.URL+"/sitemap-") {
			t.Errorf("sitemap loc %q not absolute on %s", sm.Loc, srv.URL)
		}
		_, body := get(t, sm.Loc)
		var set struct {
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(body, &set); err != nil {
			t.Fatal(err)
		}
		if len(set.URLs) > SitemapSize {
			t.Errorf("%s has %d URLs, want ≤ %d", sm.Loc, len(set.URLs), SitemapSize)
		}
		for _, u := range set.URLs {
			if !strings.HasPrefix(u.Loc, srv.URL+"/") || seen[u.Loc] {
				t.Errorf("bad or repeated loc %q", u.Loc)
			}
			seen[u.Loc] = true
		}
	}
	if len(seen) != s.Len() {
		t.Errorf("sitemaps list %d URLs, want %d", len(seen), s.Len())
	}
	truth := s.Truth()
	for loc := range seen {
		if _, ok := truth[strings.TrimPrefix(loc, srv.URL)]; !ok {
			t.Errorf("sitemap loc %s not in truth", loc)
		}
	}
	for _, p := range []string{"/sitemap-0.xml", "/sitemap-4.xml", "/sitemap-x.xml", "/sitemap-01.xml"} {
		if resp, _ := get(t, srv.URL+p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, resp.StatusCode)
		}
	}
}

var (
	itemLinkRE = regexp.MustCompile(`<a class="item-link" href="([^"]+)"`)
	nextRE     = regexp.MustCompile(`<a class="next" href="([^"]+)"`)
)

func TestPagination(t *testing.T) {
	s := newShop(t, 1001, 3)
	srv := newServer(t, s)
	seen := map[string]bool{}
	pages := 0
	for next := "/list?page=1"; next != ""; pages++ {
		_, body := get(t, srv.URL+next)
		links := itemLinkRE.FindAllSubmatch(body, -1)
		if len(links) > PageSize {
			t.Errorf("%s has %d links", next, len(links))
		}
		for _, m := range links {
			href := html.UnescapeString(string(m[1]))
			if strings.HasPrefix(href, "/detail.htm") {
				if !strings.HasSuffix(href, spmParam) {
					t.Errorf("legacy link %q lacks the spm parameter", href)
				}
				href = strings.TrimSuffix(href, spmParam)
			}
			if seen[href] {
				t.Errorf("link %s repeated", href)
			}
			seen[href] = true
		}
		next = ""
		if m := nextRE.FindSubmatch(body); m != nil {
			next = html.UnescapeString(string(m[1]))
		}
	}
	if pages != 26 || len(seen) != s.Len() {
		t.Errorf("pagination: %d pages, %d listings; want 26, %d", pages, len(seen), s.Len())
	}
	for p := range seen {
		if strings.HasPrefix(p, "/detail.htm") {
			p += spmParam
		}
		if resp, _ := get(t, srv.URL+p); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", p, resp.StatusCode)
			break
		}
	}
	for _, p := range []string{"/list?page=0", "/list?page=27", "/list?page=x"} {
		if resp, _ := get(t, srv.URL+p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, resp.StatusCode)
		}
	}
}

func TestConditional(t *testing.T) {
	s := newShop(t, 50, 1)
	srv := newServer(t, s)
	var paths []string
	for _, p := range samplePaths(t, s) {
		if strings.HasPrefix(p, "/item/") || strings.HasPrefix(p, "/detail.htm") || strings.HasPrefix(p, "/freight/") || strings.HasPrefix(p, "/img/") {
			paths = append(paths, p)
		}
	}
	for _, p := range paths {
		resp, body := get(t, srv.URL+p)
		etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		if resp.StatusCode != http.StatusOK || etag == "" || lm == "" {
			t.Fatalf("GET %s = %d, ETag %q, Last-Modified %q", p, resp.StatusCode, etag, lm)
		}
		if want := s.modTime.Format(http.TimeFormat); lm != want {
			t.Errorf("GET %s: Last-Modified %q, want %q", p, lm, want)
		}
		if resp, _ := get(t, srv.URL+p); resp.Header.Get("ETag") != etag {
			t.Errorf("GET %s: ETag changed between requests", p)
		}
		if resp, b := get(t, srv.URL+p, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified || len(b) != 0 {
			t.Errorf("GET %s If-None-Match = %d with %d bytes, want 304", p, resp.StatusCode, len(b))
		}
		if resp, _ := get(t, srv.URL+p, "If-None-Match", `"other"`); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s If-None-Match other = %d, want 200", p, resp.StatusCode)
		}
		if resp, _ := get(t, srv.URL+p, "If-Modified-Since", lm); resp.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s If-Modified-Since = %d, want 304", p, resp.StatusCode)
		}
		earlier := s.modTime.Add(-time.Hour).Format(http.TimeFormat)
		if resp, b := get(t, srv.URL+p, "If-Modified-Since", earlier); resp.StatusCode != http.StatusOK || !bytes.Equal(b, body) {
			t.Errorf("GET %s If-Modified-Since earlier = %d, want 200 and the page", p, resp.StatusCode)
		}
	}
}

func TestNotFound(t *testing.T) {
	s := newShop(t, 100, 1)
	srv := newServer(t, s)
	var jsonldID, legacyID int
	for id := FirstID; id < FirstID+s.Len(); id++ {
		if s.variant(id).layout == layoutJSONLD {
			jsonldID = id
		} else {
			legacyID = id
		}
	}
	n := len(s.gen(jsonldID).images)
	for _, p := range []string{
		"/item/10000.html", "/item/10101.html", "/item/abc.html", "/item/" + itemID(legacyID) + ".html",
		"/item/" + itemID(jsonldID), "/detail.htm?id=" + itemID(jsonldID), "/detail.htm?id=99999999",
		"/detail.htm", "/freight/T" + itemID(jsonldID) + ".json", "/freight/" + itemID(legacyID) + ".json",
		"/img/" + itemID(jsonldID) + "-0.png", "/img/" + itemID(jsonldID) + "-" + strconv.Itoa(n+1) + ".png",
		"/img/10000-1.png", "/nothing", "/a/b/c", "/item/010001.html",
	} {
		if resp, _ := get(t, srv.URL+p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, resp.StatusCode)
		}
	}
}

func TestImages(t *testing.T) {
	s := newShop(t, 20, 1)
	srv := newServer(t, s)
	l, _ := s.Listing(FirstID)
	for _, im := range l.Images {
		resp, body := get(t, srv.URL+im.URL)
		if ct := resp.Header.Get("Content-Type"); ct != "image/png" {
			t.Errorf("%s: Content-Type %q", im.URL, ct)
		}
		img, err := png.Decode(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", im.URL, err)
		}
		if b := img.Bounds(); b.Dx() != imageSize || b.Dy() != imageSize {
			t.Errorf("%s: %v, want %dx%d", im.URL, b, imageSize, imageSize)
		}
	}
}

func TestTruthEndpoints(t *testing.T) {
	s := newShop(t, 300, 1)
	srv := newServer(t, s)
	resp, body := get(t, srv.URL+"/_truth.json")
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var truth map[string][]string
	if err := json.Unmarshal(body, &truth); err != nil {
		t.Fatal(err)
	}
	want := s.Truth()
	if len(truth) != len(want) {
		t.Fatalf("/_truth.json has %d paths, want %d", len(truth), len(want))
	}
	for p, rules := range want {
		if strings.Join(truth[p], ",") != strings.Join(rules, ",") || truth[p] == nil {
			t.Errorf("/_truth.json[%s] = %v, want %v", p, truth[p], rules)
		}
	}
	_, body = get(t, srv.URL+"/_truth/detail.json")
	var plants []Plant
	if err := json.Unmarshal(body, &plants); err != nil {
		t.Fatal(err)
	}
	if len(plants) != len(s.Plants()) || len(plants) == 0 {
		t.Errorf("/_truth/detail.json has %d plants, want %d", len(plants), len(s.Plants()))
	}
	if !bytes.Contains(body, []byte(`"decoy":true`)) || !bytes.Contains(body, []byte(`"layout":"legacy"`)) {
		t.Error("/_truth/detail.json lacks decoy or layout fields")
	}
}

func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	srv, err := Serve(ctx, "127.0.0.1:0", newShop(t, 10, 1))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Errorf("URL %q", srv.URL)
	}
	if resp, body := get(t, srv.URL+"/"); resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("/list?page=1")) {
		t.Errorf("GET / = %d %q", resp.StatusCode, body)
	}
	cancel()
	if err := srv.Wait(); err != nil {
		t.Errorf("Wait = %v, want nil", err)
	}
	if _, err := http.Get(srv.URL + "/"); err == nil {
		t.Error("server still answers after ctx is done")
	}
}

// TestLargeShopCheap checks that a shop of 100,000 listings costs nothing
// to construct and serves its last listing at once.
func TestLargeShopCheap(t *testing.T) {
	allocs := testing.AllocsPerRun(10, func() {
		if _, err := New(Options{Listings: 100_000, Seed: 1}); err != nil {
			t.Fatal(err)
		}
	})
	// The shop, its time-travel state and its freight-template pool: no
	// per-listing work up front.
	if allocs > 3 {
		t.Errorf("New(100,000) allocates %v times, want ≤ 3", allocs)
	}
	s := newShop(t, 100_000, 1)
	srv := newServer(t, s)
	last := FirstID + s.Len() - 1
	p, _ := s.Path(last)
	if resp, _ := get(t, srv.URL+p); resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s = %d", p, resp.StatusCode)
	}
	if resp, _ := get(t, srv.URL+"/sitemap-20.xml"); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /sitemap-20.xml = %d", resp.StatusCode)
	}
	if testing.Short() {
		return
	}
	start := time.Now()
	if n := len(s.Truth()); n != s.Len() {
		t.Errorf("Truth has %d paths, want %d", n, s.Len())
	}
	t.Logf("Truth at N=100,000 took %v", time.Since(start))
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(Options{Listings: 100_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	s := newShop(b, 100_000, 1)
	b.ReportAllocs()
	id := FirstID
	for b.Loop() {
		s.gen(id)
		id = FirstID + (id-FirstID+1)%s.Len()
	}
}

func BenchmarkRenderPage(b *testing.B) {
	s := newShop(b, 1000, 1)
	h := s.Handler()
	b.ReportAllocs()
	id := FirstID
	for b.Loop() {
		p, _ := s.Path(id)
		req, _ := http.NewRequest(http.MethodGet, p, nil)
		h.ServeHTTP(discard{}, req)
		id = FirstID + (id-FirstID+1)%s.Len()
	}
}

// discard is a ResponseWriter that drops everything.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}
