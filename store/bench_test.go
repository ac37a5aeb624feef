package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/xundian/xundian/listing"
)

// BenchmarkSaveResults saves one patrol batch: 500 listings × 3 findings,
// with snapshots and 11 outcomes each.
func BenchmarkSaveResults(b *testing.B) {
	db := openTest(b)
	ctx := b.Context()
	rules := []string{"absolute-term", "cod-refusal", "credit-card-refusal", "free-shipping-mismatch",
		"invoice-refusal", "material-mismatch", "offplatform-payment", "price-mismatch",
		"return-policy", "shipping-promise", "trademark-term"}
	batch := make([]ListingResult, 500)
	for i := range batch {
		id := fmt.Sprint(10001 + i)
		r := result(id,
			finding(id, "absolute-term", "全网最低价"),
			finding(id, "free-shipping-mismatch", "全国包邮"),
			finding(id, "trademark-term", "迪士尼同款"))
		for _, rule := range rules {
			if _, ok := r.Outcomes[rule]; !ok {
				r.Outcomes[rule] = listing.OutcomePass
			}
		}
		r.Listing.Description = "夏季新款纯棉T恤，宽松百搭，支持七天无理由退换。"
		r.Listing.SKUs = []listing.SKU{{ID: id + "-1", Name: "白色 M", Price: 5900}, {ID: id + "-2", Name: "黑色 L", Price: 6900}}
		r.Listing.Freight = &listing.FreightTemplate{ID: "T" + id,
			Regions: []listing.RegionFee{{Regions: []listing.Region{"新疆", "西藏"}, Fee: listing.Fee{First: 1000}}}}
		batch[i] = r
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		run, err := db.StartRun(ctx, KindPatrol, "demo", t0.Add(time.Duration(i)*time.Hour))
		if err != nil {
			b.Fatal(err)
		}
		if err := db.SaveResults(ctx, run.ID, batch); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
