package listing

import "testing"

// benchTemplate is a typical template: free by default, two remote
// groups charged, one region free above an amount, one not delivered.
func benchTemplate() *FreightTemplate {
	return &FreightTemplate{
		ID: "T10003", Name: "默认模板",
		Regions: []RegionFee{
			{Regions: []Region{"新疆", "西藏"}, Fee: Fee{First: 1000, Additional: 500}},
			{Regions: []Region{"内蒙古", "青海", "宁夏", "甘肃"}, Fee: Fee{First: 800, Additional: 400}},
		},
		FreeConditions: []FreeCondition{{Regions: []Region{"甘肃"}, MinAmount: 9900}},
		Undeliverable:  []Region{"台湾"},
	}
}

// BenchmarkCharged is the freight evaluation behind free-shipping-mismatch
// and every snapshot's freight summary: which mainland regions a template
// charges for one item.
func BenchmarkCharged(b *testing.B) {
	t := benchTemplate()
	b.ReportAllocs()
	for b.Loop() {
		if len(t.Charged(5900)) != 6 {
			b.Fatal("want 6 charged regions")
		}
	}
}

// BenchmarkChargeFor is one region's fee for an order of an amount and a
// quantity (满99包邮, 满2件包邮).
func BenchmarkChargeFor(b *testing.B) {
	t := benchTemplate()
	b.ReportAllocs()
	for b.Loop() {
		if t.ChargeFor("甘肃", 12900, 2) != 0 {
			b.Fatal("甘肃 over 99 should ship free")
		}
	}
}
