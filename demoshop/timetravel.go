package demoshop

import (
	"strconv"
	"strings"
	"sync"

	"github.com/xundian/xundian/listing"
)

// Time travel: Options.Day D serves the shop D days after day 0, so that
// daily patrols over simulated days build a price history with planted
// history and promotion problems, and an audit plan can plant the rest.
//
// A few designated listings (the first listings, in ID order, that are
// layout B, simplified Chinese, and carry no plant, decoy, promotional or
// strike-through price, so that changing a price or handling time can
// trigger no listing rule) get one role each:
//
//	role                     day 0 … 9                          day 10 on (fixed)
//	fake-original-price      strike-through 原价 from day 7      no strike-through
//	                         (¥X charged all week before)
//	price-guarantee-breach   every price ¥20 lower on days 8–9, back to day-0 prices
//	                         strike-through = the old price
//	                         (a genuine markdown: a decoy for
//	                         fake-original-price)
//	promo-handling-time      handling 72 h (as on day 0)        48 h
//	promo-stock-risk         stock 20 shown from day 1          stock 800
//	promo-presale-undercut   the plan's spot price is below its presale price (Plan),
//	                         not in Fixed
//	promo-price-not-lowest   the plan's prices are the lowest price itself (Plan),
//	                         0.85 × in Fixed
//	clean                    a planned listing with nothing wrong
//
// Every designated listing shows stock 800 from day 1 (the stock role
// 20). Nothing else changes, on any day: day 0 is byte-identical to a shop
// without time travel.
//
// The truth (PromoTruth) assumes a patrol on every day from 0 through D,
// price-guarantee days ≥ 2, and a profile like config.yaml's double11
// (price ratio ≥ 0.85, safety stock 21 … 800, handling limit 48…71 h).

// Days of the time-travel story.
const (
	// TravelOriginalDay is when the fake strike-through price appears.
	TravelOriginalDay = 7
	// TravelDropDay is when the price-guarantee listing's price drops.
	TravelDropDay = 8
	// TravelFixedDay is the first day every planted problem is fixed.
	TravelFixedDay = 10
)

// Roles of designated listings, named by the rule they plant.
const (
	roleFakeOriginal = "fake-original-price"
	roleGuarantee    = "price-guarantee-breach"
	roleHandling     = "promo-handling-time"
	roleStock        = "promo-stock-risk"
	roleUndercut     = "promo-presale-undercut"
	roleNotLowest    = "promo-price-not-lowest"
	roleClean        = "clean"
)

// travelRoles in designation order.
var travelRoles = []string{roleFakeOriginal, roleGuarantee, roleHandling, roleStock, roleUndercut, roleNotLowest, roleClean}

// Stock the designated listings show from day 1.
const (
	travelStock    = 800
	travelLowStock = 20
	// travelDrop is the price-guarantee listing's price cut.
	travelDrop listing.Money = 2000
)

// travel is a shop's time-travel state: its day and, computed once, the
// designated listings.
type travel struct {
	day   int
	once  sync.Once
	roles map[int]string // listing ID → role
	ids   []int          // designated listings in role order
}

// designate finds the designated listings on the shop without time travel.
func (t *travel) designate(s *Shop) {
	t.once.Do(func() {
		base := *s
		base.tt = nil // generate day-0 listings: no recursion into travel
		t.roles = map[int]string{}
		taken := map[string]int{}
		for id := FirstID; id < FirstID+s.n && len(taken) < len(travelRoles); id++ {
			it := base.gen(id)
			if it.layout != layoutLegacy || it.trad || len(it.plants) > 0 || it.promo != 0 || it.orig != 0 {
				continue
			}
			for _, role := range travelRoles {
				if _, ok := taken[role]; ok || (role == roleHandling) != (it.handling == 72) {
					continue
				}
				taken[role] = id
				t.roles[id] = role
				break
			}
		}
		for _, role := range travelRoles {
			if id, ok := taken[role]; ok {
				t.ids = append(t.ids, id)
			}
		}
	})
}

// travelTag is what a page's ETag adds for time travel: "" on day 0 and
// for pages of listings that are not designated, else the day, so a
// designated listing's page gets a new ETag every day. key is the page's
// path and query; its first run of digits is the listing ID.
func (s *Shop) travelTag(key string) string {
	t := s.tt
	if t == nil || t.day == 0 {
		return ""
	}
	start := strings.IndexAny(key, "0123456789")
	if start < 0 {
		return ""
	}
	end := start
	for end < len(key) && key[end] >= '0' && key[end] <= '9' {
		end++
	}
	id, ok := parsePositive(key[start:end])
	if !ok {
		return ""
	}
	t.designate(s)
	if _, designated := t.roles[id]; !designated {
		return ""
	}
	return "|day" + strconv.Itoa(t.day)
}

// travel applies the shop's day to listing it.
func (s *Shop) travel(it *item) {
	t := s.tt
	if t == nil || t.day == 0 {
		return
	}
	t.designate(s)
	role, ok := t.roles[it.id]
	if !ok {
		return
	}
	d := t.day
	fixed := d >= TravelFixedDay
	it.stock = travelStock
	switch role {
	case roleFakeOriginal:
		if d >= TravelOriginalDay && !fixed {
			it.orig = fakeOriginal(it)
		}
	case roleGuarantee:
		if d >= TravelDropDay && !fixed {
			it.orig = it.price()
			for i := range it.skus {
				it.skus[i].Price -= travelDrop
			}
		}
	case roleHandling:
		if fixed {
			it.handling = 48
		}
	case roleStock:
		if !fixed {
			it.stock = travelLowStock
		}
	}
}

// fakeOriginal is the strike-through price the fake-original-price
// listing shows: above every SKU price, never charged.
func fakeOriginal(it *item) listing.Money {
	o := (it.highPrice()+6000)/1000*1000 + 900
	for o <= it.highPrice() {
		o += 1000
	}
	return o
}

// PromoTruth is the time-travel ground truth for the shop's day.
type PromoTruth struct {
	Day int `json:"day"`
	// FixedDay is the first day with every page-side plant fixed.
	FixedDay int `json:"fixed_day"`
	// Listings are the designated listings in role order.
	Listings []PromoListing `json:"listings"`
}

// PromoListing is one designated listing.
type PromoListing struct {
	ID   string `json:"id"`
	Path string `json:"path"`
	// Role names the rule the listing plants (or "clean").
	Role string `json:"role"`
	// Plan is the audit plan row that plants the listing's promotion
	// problem (the seller's CSV); Fixed is the corrected row.
	Plan  PlanRow `json:"plan"`
	Fixed PlanRow `json:"fixed"`
	// Rules are the history and promotion rules the listing violates on
	// the shop's day with Plan, FixedRules those with Fixed (sorted).
	Rules      []string `json:"rules"`
	FixedRules []string `json:"fixed_rules"`
}

// PlanRow is one row of an audit plan.
type PlanRow struct {
	PresalePrice listing.Money `json:"presale_price"`
	SpotPrice    listing.Money `json:"spot_price"`
	Volume       int           `json:"planned_volume"`
}

// PromoTruth returns the designated listings, their audit plans and the
// rules they violate on the shop's day (see the table at the top of
// timetravel.go). It is empty when the shop is too small to hold them.
func (s *Shop) PromoTruth() PromoTruth {
	t := s.tt
	if t == nil {
		t = &travel{}
	}
	t.designate(s)
	d := t.day
	out := PromoTruth{Day: d, FixedDay: TravelFixedDay, Listings: []PromoListing{}}
	for _, id := range t.ids {
		role := t.roles[id]
		// The lowest price a buyer paid on days 0 … d.
		low := s.headline(t, id, 0)
		for day := 1; day <= d; day++ {
			low = min(low, s.headline(t, id, day))
		}
		good := low * 85 / 100 / 100 * 100 // 0.85 × lowest, whole yuan down
		pl := PromoListing{ID: itemID(id), Path: s.variant(id).path(id), Role: role,
			Plan:  PlanRow{PresalePrice: good, SpotPrice: good, Volume: 100},
			Fixed: PlanRow{PresalePrice: good, SpotPrice: good, Volume: 100},
			Rules: []string{}, FixedRules: []string{}}
		fixed := d >= TravelFixedDay
		var page []string // problems the pages and history plant on day d
		switch role {
		case roleFakeOriginal:
			if d >= TravelOriginalDay && !fixed {
				page = append(page, roleFakeOriginal)
			}
		case roleGuarantee:
			if d >= TravelDropDay && !fixed {
				page = append(page, roleGuarantee)
			}
		case roleHandling:
			if !fixed {
				page = append(page, roleHandling)
			}
		case roleStock:
			if d >= 1 && !fixed {
				page = append(page, roleStock)
			}
		case roleUndercut:
			pl.Plan.SpotPrice = good - 500
			pl.Rules = append(pl.Rules, roleUndercut)
		case roleNotLowest:
			pl.Plan.PresalePrice, pl.Plan.SpotPrice = low, low
			pl.Rules = append(pl.Rules, roleNotLowest)
		}
		pl.Rules = append(pl.Rules, page...)
		pl.FixedRules = append(pl.FixedRules, page...)
		out.Listings = append(out.Listings, pl)
	}
	return out
}

// headline is the price a buyer pays for listing id on a day as time
// travel serves it: the lowest payable price.
func (s *Shop) headline(t *travel, id, day int) listing.Money {
	base := *s
	base.tt = &travel{day: day, roles: t.roles, ids: t.ids}
	base.tt.once.Do(func() {}) // designated already
	return base.gen(id).lowestPayable()
}
