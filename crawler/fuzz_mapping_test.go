package crawler

import (
	"testing"

	"github.com/xundian/xundian/listing"
)

// FuzzFreightMapping is the freight mapping with fuzzed gjson paths (a
// shop's config.yaml freight_json section) over a fuzzed document: it
// never panics, and a template without error has no negative fee.
func FuzzFreightMapping(f *testing.F) {
	f.Add([]byte(freightJSON("T1")), "default.first", "regions", "areas", "first", "free_conditions", "min_amount", "undeliverable")
	f.Add([]byte(`{"data":{"tpl":{"fee":[{"p":"新疆|西藏","f":"12.5"}],"base":0}}}`), "data.tpl.base", "data.tpl.fee", "p", "f", "data.tpl.free", "min", "data.tpl.no")
	f.Add([]byte(`[{"a":1},{"a":"2"}]`), "#.a", "#", "@this", "@reverse", "..", "#(a>1)", "@pretty")
	f.Add([]byte(`{"default":{"first":"1e400"},"regions":[{"areas":[1,null,{}],"first":"-0"}]}`), "default.first", "regions", "areas", "first", "x", "y", "z")
	f.Fuzz(func(t *testing.T, data []byte, defFirst, regions, areas, first, free, minAmount, undeliverable string) {
		m := FreightMapping{DefaultFirst: defFirst, Regions: regions, RegionAreas: areas, RegionFirst: first,
			FreeConditions: free, FreeMinAmount: minAmount, Undeliverable: undeliverable}
		tpl, err := ParseFreightJSON(data, m)
		if err != nil {
			return
		}
		if tpl == nil {
			t.Fatal("nil template without error")
		}
		fees := []listing.Fee{tpl.Default}
		for _, r := range tpl.Regions {
			fees = append(fees, r.Fee)
		}
		for _, fee := range fees {
			if fee.First < 0 || fee.Additional < 0 {
				t.Fatalf("negative fee %+v from %q", fee, data)
			}
		}
		_ = tpl.Charged(listing.Money(5900))
	})
}
