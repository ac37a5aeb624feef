package listing

import (
	"reflect"
	"testing"
)

func TestFreightTemplateCharges(t *testing.T) {
	tmpl := &FreightTemplate{
		Default: Fee{First: 0},
		Regions: []RegionFee{
			{Regions: []Region{"新疆", "西藏"}, Fee: Fee{First: 1000, Additional: 500}},
			{Regions: []Region{"青海"}, Fee: Fee{First: 1}},
		},
		Undeliverable: []Region{"台湾", "西藏"},
	}
	got := tmpl.Charged(5900)
	want := []Charge{{Region: "青海", Fee: 1}, {Region: "新疆", Fee: 1000}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Charged = %v, want %v (西藏 is undeliverable, 0.01 counts)", got, want)
	}
	if fee := tmpl.ChargeFor("新疆", 5900, 3); fee != 2000 {
		t.Errorf("ChargeFor(新疆, 3 items) = %v, want 20.00", fee)
	}
}

func TestFreightFreeConditions(t *testing.T) {
	tmpl := &FreightTemplate{
		Default: Fee{First: 800, Additional: 200},
		Regions: []RegionFee{{Regions: []Region{"新疆"}, Fee: Fee{First: 2000}}},
		FreeConditions: []FreeCondition{
			{MinAmount: 9900, Regions: []Region{"江苏", "浙江", "上海"}},
			{MinQuantity: 2},
		},
	}
	tests := []struct {
		region   Region
		amount   Money
		quantity int
		want     Money
	}{
		{"江苏", 9900, 1, 0},
		{"江苏", 9899, 1, 800},
		{"新疆", 9900, 1, 2000},
		{"新疆", 1000, 2, 0},
		{"北京", 1000, 1, 800},
		{"北京", 1000, 0, 800},
	}
	for _, tt := range tests {
		if got := tmpl.ChargeFor(tt.region, tt.amount, tt.quantity); got != tt.want {
			t.Errorf("ChargeFor(%s, %v, %d) = %v, want %v", tt.region, tt.amount, tt.quantity, got, tt.want)
		}
	}
}

func TestPayablePrices(t *testing.T) {
	l := Listing{Price: 12900, PromoPrice: 9900, SKUs: []SKU{{Price: 12900}, {Price: 13900, PromoPrice: 9900}, {Price: 0}}}
	got := l.PayablePrices()
	want := []Money{12900, 9900, 13900}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PayablePrices = %v, want %v", got, want)
	}
	if low := l.LowestPayable(); low != 9900 {
		t.Errorf("LowestPayable = %v, want 99.00", low)
	}
	if low := (&Listing{}).LowestPayable(); low != 0 {
		t.Errorf("LowestPayable of no prices = %v, want 0", low)
	}
}
