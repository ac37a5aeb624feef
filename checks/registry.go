package checks

import (
	"slices"

	"github.com/xundian/xundian/listing"
)

// Check is one listing rule: its identity and documentation from
// rules.md, and the function that judges a listing.
type Check struct {
	// ID is the kebab-case rule ID from rules.md. An ID is forever.
	ID string
	// TitleZH and TitleEN are one-line titles.
	TitleZH, TitleEN string
	// Doc (Chinese) and DocEN (English) say what the check catches, why
	// it costs the seller, how to fix it, with a before/after example.
	Doc, DocEN string
	// Cites names the platform rule behind the points.
	Cites string
	// Points is the platform's deduction; 0 where rules.md says "-".
	Points int
	// Severity ranks the findings.
	Severity listing.Severity
	// Sources are the texts the check reads, in search order.
	Sources []listing.Source
	// Run judges the listing in p. It is pure: no I/O, no clock, no
	// globals; it reports through p.
	Run func(p *Pass)
}

func (c *Check) hasSource(s listing.Source) bool {
	return slices.Contains(c.Sources, s)
}

// Retired rule IDs are listed here and never reused: none yet.

// All returns the registry of listing checks, sorted by ID. The slice and
// the checks are new on every call.
func All() []*Check {
	return []*Check{
		absoluteTerm(),
		codRefusal(),
		creditCardRefusal(),
		freeShippingMismatch(),
		invoiceRefusal(),
		materialMismatch(),
		offplatformPayment(),
		priceMismatch(),
		returnPolicy(),
		shippingPromise(),
		trademarkTerm(),
	}
}

// Lookup returns the listing check with the given ID.
func Lookup(id string) (*Check, bool) {
	for _, c := range All() {
		if c.ID == id {
			return c, true
		}
	}
	return nil, false
}

// historyRuleIDs and promotionRuleIDs are the rules.md rules judged
// elsewhere (from the store's history, or by the pre-promotion audit).
// They are known here so that config can name them.
var (
	historyRuleIDs   = []string{"fake-original-price", "price-guarantee-breach"}
	promotionRuleIDs = []string{
		"promo-handling-time", "promo-presale-undercut", "promo-price-not-lowest",
		"promo-shop-discount-missing", "promo-shop-points", "promo-stock-risk",
	}
)

// KnownRuleIDs returns every rule ID of rules.md (listing, history and
// promotion rules), sorted.
func KnownRuleIDs() []string {
	var ids []string
	for _, c := range All() {
		ids = append(ids, c.ID)
	}
	ids = append(ids, historyRuleIDs...)
	ids = append(ids, promotionRuleIDs...)
	slices.Sort(ids)
	return ids
}
