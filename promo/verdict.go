package promo

import (
	"slices"

	"github.com/xundian/xundian/history"
	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

// RuleResult is one rule's conclusion in a verdict.
type RuleResult struct {
	Rule     string
	Severity listing.Severity
	history.Result
}

// Verdict is the go/no-go for one planned listing (ListingID set) or for
// the shop (ListingID store.ShopListingID).
type Verdict struct {
	ListingID, Title string
	// Go is false when a blocking reason exists.
	Go bool
	// Blocking are the failed rules of at least the profile's block
	// severity (and, for a listing the audit could not fetch, a
	// not-fetched reason with an empty Rule).
	Blocking []RuleResult
	// Warnings are failed rules below the block severity and rules that
	// could not check, with their reasons.
	Warnings []RuleResult
	// Notes are passes that carry a note (e.g. partial history).
	Notes []RuleResult
}

// Decide sorts a listing's or the shop's rule results into a verdict:
// fails at or above block severity block, other fails and could-not-check
// outcomes warn. A listing the audit did not fetch (found false) is a
// no-go: it cannot be signed up as planned.
func Decide(listingID, title string, found bool, rs []RuleResult, block listing.Severity) Verdict {
	v := Verdict{ListingID: listingID, Title: title}
	if !found {
		v.Blocking = append(v.Blocking, RuleResult{Severity: listing.SeverityCritical, Result: history.Result{
			Outcome: listing.OutcomeCouldNotCheck, Reason: "本次自查未能抓取该商品（不在店铺中或抓取失败）",
			ReasonEN: "the audit could not fetch this listing (not in the shop, or the fetch failed)"}})
	}
	for _, r := range rs {
		switch {
		case r.Outcome == listing.OutcomeFail && r.Severity.Rank() >= block.Rank():
			v.Blocking = append(v.Blocking, r)
		case r.Outcome == listing.OutcomeFail || r.Outcome == listing.OutcomeCouldNotCheck:
			v.Warnings = append(v.Warnings, r)
		case r.Outcome == listing.OutcomePass && r.Reason != "":
			v.Notes = append(v.Notes, r)
		}
	}
	byRule := func(a, b RuleResult) int {
		if a.Rule < b.Rule {
			return -1
		}
		if a.Rule > b.Rule {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(v.Blocking, byRule)
	slices.SortStableFunc(v.Warnings, byRule)
	slices.SortStableFunc(v.Notes, byRule)
	v.Go = len(v.Blocking) == 0
	return v
}

// JudgeListing runs the enabled listing rules of the audit on one planned
// listing (enabled nil: all).
func JudgeListing(in ListingInput, enabled func(id string) bool) []RuleResult {
	var out []RuleResult
	for _, r := range All() {
		if r.JudgeListing == nil || (enabled != nil && !enabled(r.ID)) {
			continue
		}
		out = append(out, RuleResult{Rule: r.ID, Severity: r.Severity, Result: r.JudgeListing(in)})
	}
	return out
}

// JudgeShop runs the enabled shop rules of the audit (enabled nil: all).
func JudgeShop(in ShopInput, enabled func(id string) bool) []RuleResult {
	var out []RuleResult
	for _, r := range All() {
		if r.JudgeShop == nil || (enabled != nil && !enabled(r.ID)) {
			continue
		}
		out = append(out, RuleResult{Rule: r.ID, Severity: r.Severity, Result: r.JudgeShop(in)})
	}
	return out
}

// pricePoint is the price point of a listing as fetched.
func pricePoint(l listing.Listing) store.PricePoint {
	return store.PricePoint{Price: l.Price, PromoPrice: l.PromoPrice, OriginalPrice: l.OriginalPrice}
}
