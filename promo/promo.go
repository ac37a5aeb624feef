// Package promo is the pre-promotion audit (大促报名前自查): the promotion
// rules of rules.md judged against a promotion profile (双11, 618, …), the
// seller's event plan (a CSV of planned prices, volumes and stock per
// listing), the listings as just fetched and their price history; and the
// go/no-go verdict per listing and for the shop.
//
// Everything here is pure: no I/O but the io.Reader/io.Writer of the plan
// CSV, no clock (the audit's time is an input).
package promo

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/history"
	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

// WaveKind is the kind of an event wave.
type WaveKind string

// Wave kinds: 预售 (deposit now, pay the balance at the event) and 现货
// (buy at the event).
const (
	WavePresale WaveKind = "presale"
	WaveSpot    WaveKind = "spot"
)

// Wave is one selling period of the event, whole days in the audit's zone.
type Wave struct {
	Name string
	Kind WaveKind
	// Start and End are the first and last day (midnight of each).
	Start, End time.Time
}

// Profile is one promotion's entry requirements, from config.
type Profile struct {
	// Key is the profile's config key (double11), Title its display name.
	Key, Title string
	// LookbackDays is the window the event price is compared with.
	LookbackDays int
	// PricePermille: the planned event price must be at most this many
	// thousandths of the lowest price of the window (900 = 0.9 ×).
	PricePermille int
	Waves         []Wave
	// MaxHandlingHours is the longest handling time allowed; 0 = no limit.
	MaxHandlingHours int
	// SafetyStock is the least stock a listing must have; 0 = none.
	SafetyStock int
	// RequiredDiscount is the cross-store discount the shop must have set
	// (跨店满减); zero = none required.
	RequiredDiscount Discount
	// MaxShopPoints: the shop's deduction points plus the exposure of open
	// findings must stay below it; 0 = no limit.
	MaxShopPoints int
	// BlockSeverity: a failed rule of at least this severity blocks the
	// listing (or the shop) from the event.
	BlockSeverity listing.Severity
	// Location is where dates in details are written (nil: UTC).
	Location *time.Location
}

// loc returns where the profile writes dates.
func (p Profile) loc() *time.Location {
	if p.Location != nil {
		return p.Location
	}
	return time.UTC
}

// Wave returns the profile's first wave of kind k.
func (p Profile) Wave(k WaveKind) (Wave, bool) {
	for _, w := range p.Waves {
		if w.Kind == k {
			return w, true
		}
	}
	return Wave{}, false
}

// Validate reports the first problem of the profile, naming the field.
func (p Profile) Validate() error {
	switch {
	case p.LookbackDays < 1:
		return fmt.Errorf("lookback_days: must be at least 1, got %d", p.LookbackDays)
	case p.PricePermille < 1 || p.PricePermille > 1000:
		return fmt.Errorf("price_ratio: must be in (0, 1], got %g", float64(p.PricePermille)/1000)
	case p.MaxHandlingHours < 0:
		return fmt.Errorf("max_handling_hours: must not be negative, got %d", p.MaxHandlingHours)
	case p.SafetyStock < 0:
		return fmt.Errorf("safety_stock: must not be negative, got %d", p.SafetyStock)
	case p.MaxShopPoints < 0:
		return fmt.Errorf("max_shop_points: must not be negative, got %d", p.MaxShopPoints)
	case p.BlockSeverity.Rank() == 0:
		return fmt.Errorf("block_severity: unknown severity %q (want critical, high, medium or low)", p.BlockSeverity)
	case len(p.Waves) == 0:
		return fmt.Errorf("waves: at least one wave (presale or spot) needed")
	}
	seen := map[WaveKind]bool{}
	for i, w := range p.Waves {
		switch {
		case w.Kind != WavePresale && w.Kind != WaveSpot:
			return fmt.Errorf("waves[%d].kind: %q (want presale or spot)", i, w.Kind)
		case seen[w.Kind]:
			return fmt.Errorf("waves[%d].kind: a second %s wave", i, w.Kind)
		case w.Start.IsZero() || w.End.IsZero():
			return fmt.Errorf("waves[%d]: start and end dates needed", i)
		case w.End.Before(w.Start):
			return fmt.Errorf("waves[%d]: ends (%s) before it starts (%s)", i, w.End.Format(time.DateOnly), w.Start.Format(time.DateOnly))
		}
		seen[w.Kind] = true
	}
	if pre, ok := p.Wave(WavePresale); ok {
		if spot, ok := p.Wave(WaveSpot); ok && !pre.Start.Before(spot.Start) {
			return fmt.Errorf("waves: the presale wave must start before the spot wave")
		}
	}
	return nil
}

// Discount is a threshold discount, 满 Threshold 减 Off.
type Discount struct {
	Threshold, Off listing.Money
}

// IsZero reports whether no discount is set.
func (d Discount) IsZero() bool { return d.Threshold == 0 && d.Off == 0 }

// String writes the discount the way sellers do: 满300减40.
func (d Discount) String() string {
	if d.IsZero() {
		return ""
	}
	return "满" + yuan(d.Threshold) + "减" + yuan(d.Off)
}

// Satisfies reports whether a shop discount d gives a buyer at least what
// the required one does at its threshold: d applies from an order of
// req.Threshold (d.Threshold ≤ req.Threshold) and takes off at least
// req.Off. Tiers (每满) are not modelled: one tier, at the threshold.
func (d Discount) Satisfies(req Discount) bool {
	if req.IsZero() {
		return true
	}
	return !d.IsZero() && d.Threshold <= req.Threshold && d.Off >= req.Off
}

var discountRE = regexp.MustCompile(`^\s*(?:每)?满\s*(\d+(?:\.\d{1,2})?)\s*(?:元)?\s*减\s*(\d+(?:\.\d{1,2})?)\s*(?:元)?\s*$`)

// ParseDiscount reads 满300减40 (also 每满300减40, 满300元减40元); "" is
// the zero discount.
func ParseDiscount(s string) (Discount, error) {
	if s == "" {
		return Discount{}, nil
	}
	m := discountRE.FindStringSubmatch(s)
	if m == nil {
		return Discount{}, fmt.Errorf("discount %q: want 满<amount>减<amount>, e.g. 满300减40", s)
	}
	th, err1 := listing.ParseMoney(m[1])
	off, err2 := listing.ParseMoney(m[2])
	if err1 != nil || err2 != nil || th <= 0 || off <= 0 || off >= th {
		return Discount{}, fmt.Errorf("discount %q: want a positive threshold above a positive amount off", s)
	}
	return Discount{Threshold: th, Off: off}, nil
}

// yuan formats an amount without trailing zeros: 300, 39.9.
func yuan(m listing.Money) string {
	if m%100 == 0 {
		return strconv.FormatInt(int64(m/100), 10)
	}
	s := m.String()
	if s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	return s
}

// ListingInput is what the listing rules of the audit judge.
type ListingInput struct {
	Plan Plan
	// Listing is the listing as this audit fetched it; nil when it was
	// not fetched (not in the shop, or the fetch failed).
	Listing *listing.Listing
	// Points is the listing's price history, oldest first, ending with
	// this audit's point.
	Points  []store.PricePoint
	Now     time.Time
	Profile Profile
}

// ShopInput is what the shop rules of the audit judge.
type ShopInput struct {
	// Points are the shop's current deduction points (the seller's
	// 体检中心), Exposure the points of the open findings of this audit.
	Points, Exposure int
	// Discount is the cross-store discount the shop has set; zero: none.
	Discount Discount
	Profile  Profile
}

// Rule is one promotion rule of rules.md. Exactly one of JudgeListing and
// JudgeShop is set.
type Rule struct {
	ID               string
	TitleZH, TitleEN string
	Doc, DocEN       string
	// Points is 0: rules.md scores no promotion rule.
	Points       int
	Severity     listing.Severity
	JudgeListing func(in ListingInput) history.Result
	JudgeShop    func(in ShopInput) history.Result
}

// Retired rule IDs are listed here and never reused: none yet.

// All returns the promotion rules sorted by ID, new on every call.
func All() []*Rule {
	return []*Rule{
		handlingTime(),
		presaleUndercut(),
		priceNotLowest(),
		shopDiscountMissing(),
		shopPoints(),
		stockRisk(),
	}
}

// IDs returns the IDs of All.
func IDs() []string {
	var out []string
	for _, r := range All() {
		out = append(out, r.ID)
	}
	return out
}

// Lookup returns the promotion rule with the given ID.
func Lookup(id string) (*Rule, bool) {
	for _, r := range All() {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}

// finding builds a finding of rule r; listingID is store.ShopListingID for
// the shop.
func (r *Rule) finding(listingID, url, title string, source listing.Source, evidence, detail, detailEN string) *listing.Finding {
	return &listing.Finding{
		Rule: r.ID, ListingID: listingID, URL: url, Title: title,
		Severity: r.Severity, Points: r.Points, Source: source,
		Evidence: evidence, EvidenceStart: -1, Detail: detail, DetailEN: detailEN,
		Fingerprint: checks.Fingerprint(r.ID, listingID, evidence),
	}
}

// listingFinding builds a finding about the listing of in.
func (r *Rule) listingFinding(in ListingInput, evidence, detail, detailEN string) history.Result {
	url, title := "", in.Plan.Title
	if in.Listing != nil {
		url, title = in.Listing.URL, in.Listing.Title
	}
	return history.Result{Outcome: listing.OutcomeFail,
		Finding: r.finding(in.Plan.ListingID, url, title, listing.SourceAttributes, evidence, detail, detailEN)}
}

func result(o listing.Outcome, zh, en string) history.Result {
	return history.Result{Outcome: o, Reason: zh, ReasonEN: en}
}
