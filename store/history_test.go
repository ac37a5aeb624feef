package store

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xundian/xundian/listing"
)

func TestPriceHistory(t *testing.T) {
	db := openTest(t)
	priced := func(price, promo listing.Money) ListingResult {
		r := result("10001")
		r.Listing.Price, r.Listing.PromoPrice, r.Listing.OriginalPrice = price, promo, 19900
		r.Listing.SKUs = []listing.SKU{{ID: "10001-1", Name: "红色", Price: price}}
		r.Listing.FetchedAt = time.Time{} // stored as the run start
		return r
	}
	ids := play(t, db, KindPatrol,
		runSpec{status: StatusComplete, checked: []ListingResult{priced(12900, 0)}},
		runSpec{status: StatusFailed, checked: []ListingResult{priced(1, 0)}}, // left out
		runSpec{status: StatusPartial, checked: []ListingResult{priced(12900, 9900)}},
		runSpec{status: StatusComplete, carried: []string{"10001"}},
		runSpec{checked: []ListingResult{priced(2, 0)}}, // still running: left out
	)
	day := func(i int) time.Time { return t0.Add(time.Duration(i) * 24 * time.Hour) }
	sku := func(m listing.Money) map[string]listing.Money { return map[string]listing.Money{"10001-1": m} }
	want := []PricePoint{
		{RunID: ids[0], At: day(0), Price: 12900, OriginalPrice: 19900, SKUPrices: sku(12900)},
		{RunID: ids[2], At: day(2), Price: 12900, PromoPrice: 9900, OriginalPrice: 19900, SKUPrices: sku(12900)},
		{RunID: ids[3], At: day(3), Price: 12900, PromoPrice: 9900, OriginalPrice: 19900, SKUPrices: sku(12900), Carried: true},
	}
	got, err := db.PriceHistory(t.Context(), "10001")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("PriceHistory mismatch (-want +got):\n%s", d)
	}
	if got, err := db.PriceHistory(t.Context(), "nope"); err != nil || len(got) != 0 {
		t.Errorf("PriceHistory(unknown) = %v, %v; want empty", got, err)
	}
}
