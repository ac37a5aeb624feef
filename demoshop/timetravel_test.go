package demoshop

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xundian/xundian/checks"
)

func shopAt(t *testing.T, day int) *Shop {
	t.Helper()
	s, err := New(Options{Listings: 500, Seed: 1, Day: day})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTimeTravelDesignates(t *testing.T) {
	pt := shopAt(t, 0).PromoTruth()
	var roles []string
	for _, l := range pt.Listings {
		roles = append(roles, l.Role)
	}
	if !slices.Equal(roles, travelRoles) {
		t.Fatalf("roles = %v, want %v", roles, travelRoles)
	}
	if _, err := New(Options{Listings: 5, Day: -1}); err == nil {
		t.Error("a negative day must be an error")
	}
	if small := (&Shop{}); small.PromoTruth().Listings == nil {
		t.Error("PromoTruth of an empty shop: want an empty list, not nil")
	}
}

// TestTimeTravelChangesOnlyDesignated compares every listing with day 0 on
// each day: only designated listings change, and only as the table in
// timetravel.go says; the listing rules still find nothing on them.
func TestTimeTravelChangesOnlyDesignated(t *testing.T) {
	day0 := shopAt(t, 0)
	roles := map[string]string{}
	for _, l := range day0.PromoTruth().Listings {
		roles[l.ID] = l.Role
	}
	engine, err := checks.NewEngine(checks.Settings{AuthorizedBrands: []string{"巡店优选", "凯蒂猫", "Hello Kitty"}})
	if err != nil {
		t.Fatal(err)
	}
	for day := 1; day <= 11; day++ {
		s := shopAt(t, day)
		for id := FirstID; id < FirstID+500; id++ {
			a, _ := day0.Listing(id)
			b, _ := s.Listing(id)
			role, designated := roles[itemID(id)]
			if !designated {
				if !reflect.DeepEqual(a, b) {
					t.Fatalf("day %d: listing %d is not designated but changed", day, id)
				}
				continue
			}
			if res := engine.Check(&b); len(res.Findings) > 0 {
				t.Errorf("day %d: designated listing %d (%s) has listing findings %v", day, id, role, res.Findings)
			}
			fixed := day >= TravelFixedDay
			wantStock := travelStock
			if role == roleStock && !fixed {
				wantStock = travelLowStock
			}
			if !b.HasStock || b.Stock != wantStock {
				t.Errorf("day %d: %s stock %d/%v, want %d", day, role, b.Stock, b.HasStock, wantStock)
			}
			switch role {
			case roleFakeOriginal:
				if want := day >= TravelOriginalDay && !fixed; (b.OriginalPrice > 0) != want || b.Price != a.Price {
					t.Errorf("day %d: fake-original listing orig %v price %v", day, b.OriginalPrice, b.Price)
				}
			case roleGuarantee:
				dropped := day >= TravelDropDay && !fixed
				if dropped && (b.Price != a.Price-travelDrop || b.OriginalPrice != a.Price) || !dropped && (b.Price != a.Price || b.OriginalPrice != 0) {
					t.Errorf("day %d: guarantee listing price %v orig %v (day 0 %v)", day, b.Price, b.OriginalPrice, a.Price)
				}
			case roleHandling:
				if want := map[bool]int{false: 72, true: 48}[fixed]; b.HandlingHours != want {
					t.Errorf("day %d: handling %d, want %d", day, b.HandlingHours, want)
				}
			default:
				a.Stock, a.HasStock = b.Stock, b.HasStock
				if !reflect.DeepEqual(a, b) {
					t.Errorf("day %d: %s listing changed beyond its stock", day, role)
				}
			}
		}
	}
}

func TestTimeTravelServesStockAndPrices(t *testing.T) {
	s := shopAt(t, 8)
	var stock, guarantee PromoListing
	for _, l := range s.PromoTruth().Listings {
		switch l.Role {
		case roleStock:
			stock = l
		case roleGuarantee:
			guarantee = l
		}
	}
	get := func(path string) string {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		b, _ := io.ReadAll(rec.Body)
		return string(b)
	}
	if body := get(stock.Path); !strings.Contains(body, `<div class="tb-stock" data-stock="20"></div>`) {
		t.Errorf("stock listing page lacks data-stock=20")
	}
	l, _ := s.Listing(mustAtoi(t, guarantee.ID))
	if body := get(guarantee.Path); !strings.Contains(body, `class="tm-price-orig"`) || !strings.Contains(body, l.Price.String()) {
		t.Errorf("guarantee listing page lacks the markdown")
	}
	if body := get(guarantee.Path); strings.Contains(string(shopAt(t, 0).gen(mustAtoi(t, guarantee.ID)).renderLegacy().body), "tb-stock") || !strings.Contains(body, "tb-stock") {
		t.Errorf("stock is shown from day 1 only")
	}
}

func TestPromoTruth(t *testing.T) {
	want := map[int]map[string][]string{ // day → role → rules with the planted plan
		0: {roleHandling: {roleHandling}, roleUndercut: {roleUndercut}, roleNotLowest: {roleNotLowest}},
		9: {roleFakeOriginal: {roleFakeOriginal}, roleGuarantee: {roleGuarantee}, roleHandling: {roleHandling},
			roleStock: {roleStock}, roleUndercut: {roleUndercut}, roleNotLowest: {roleNotLowest}},
		10: {roleUndercut: {roleUndercut}, roleNotLowest: {roleNotLowest}},
	}
	for day, byRole := range want {
		pt := shopAt(t, day).PromoTruth()
		for _, l := range pt.Listings {
			w := byRole[l.Role]
			if w == nil {
				w = []string{}
			}
			if !slices.Equal(l.Rules, w) {
				t.Errorf("day %d %s: rules %v, want %v", day, l.Role, l.Rules, w)
			}
			if day >= TravelFixedDay && len(l.FixedRules) != 0 {
				t.Errorf("day %d %s: fixed rules %v, want none", day, l.Role, l.FixedRules)
			}
			if l.Fixed.SpotPrice < l.Fixed.PresalePrice || l.Fixed.PresalePrice <= 0 {
				t.Errorf("%s: fixed plan %+v undercuts or is empty", l.Role, l.Fixed)
			}
			if l.Role == roleGuarantee && day == 9 {
				day0, _ := shopAt(t, 0).Listing(mustAtoi(t, l.ID))
				if l.Plan.SpotPrice > (day0.Price-travelDrop)*85/100 {
					t.Errorf("guarantee plan %v not based on the dropped price", l.Plan)
				}
			}
		}
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	id, ok := parsePositive(s)
	if !ok {
		t.Fatalf("bad id %q", s)
	}
	return id
}

func TestTimeTravelETags(t *testing.T) {
	etag := func(s *Shop, path string) string {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Header().Get("ETag")
	}
	d0, d3, d4 := shopAt(t, 0), shopAt(t, 3), shopAt(t, 4)
	designated := d0.PromoTruth().Listings[0].Path
	other := d0.variant(FirstID).path(FirstID)
	if _, ok := d0.tt.roles[FirstID]; ok {
		t.Fatalf("listing %d is designated; pick another", FirstID)
	}
	if e0, e3, e4 := etag(d0, designated), etag(d3, designated), etag(d4, designated); e0 == e3 || e3 == e4 {
		t.Errorf("designated page ETags %s %s %s: want a new one every day", e0, e3, e4)
	}
	if e0, e3 := etag(d0, other), etag(d3, other); e0 != e3 || e0 == "" {
		t.Errorf("other page ETags %s %s: want unchanged across days", e0, e3)
	}
	if d0.travelTag(designated) != "" || d3.travelTag("/list?page=1") != "" {
		t.Error("day 0 and non-listing pages add nothing to the ETag")
	}
}

// The sitemap's lastmod is each listing page's Last-Modified: it moves
// with the day for a page time travel changes and stays put for the rest,
// so a crawler that trusts lastmod refetches exactly the changed pages.
func TestTimeTravelLastMod(t *testing.T) {
	lastmods := func(s *Shop) map[string]string {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "http://shop.test/sitemap-1.xml", nil))
		var doc struct {
			URLs []struct {
				Loc     string `xml:"loc"`
				LastMod string `xml:"lastmod"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, u := range doc.URLs {
			out[strings.TrimPrefix(u.Loc, "http://shop.test")] = u.LastMod
		}
		return out
	}
	d0, d3 := shopAt(t, 0), shopAt(t, 3)
	m0, m3 := lastmods(d0), lastmods(d3)
	if len(m0) != 500 || len(m3) != 500 {
		t.Fatalf("sitemap lists %d and %d URLs, want 500", len(m0), len(m3))
	}
	designated := map[string]bool{}
	for _, l := range d0.PromoTruth().Listings {
		designated[l.Path] = true
	}
	changed := 0
	for path, lm0 := range m0 {
		lm3 := m3[path]
		if lm0 == "" || lm3 == "" {
			t.Fatalf("%s: no lastmod", path)
		}
		if designated[path] != (lm0 != lm3) {
			t.Errorf("%s: lastmod %s on day 0, %s on day 3 (designated %t)", path, lm0, lm3, designated[path])
		}
		if lm0 != lm3 {
			changed++
		}
		rec := httptest.NewRecorder()
		d3.Handler().ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		lm, err := http.ParseTime(rec.Header().Get("Last-Modified"))
		if err != nil {
			t.Fatalf("%s: Last-Modified: %v", path, err)
		}
		if got := lm.UTC().Format(time.RFC3339); got != lm3 {
			t.Errorf("%s: Last-Modified %s, sitemap lastmod %s", path, got, lm3)
		}
	}
	if changed == 0 {
		t.Error("no lastmod moved between day 0 and day 3")
	}
}
