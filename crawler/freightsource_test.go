package crawler

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/xundian/xundian/listing"
)

func TestParseFreightCSV(t *testing.T) {
	good := "\ufefftemplate_id,kind,regions,first,additional,min_amount,min_quantity,note\n" +
		"T1,default,,8,2,,,\n" +
		"T1,fee,新疆维吾尔自治区|西藏,¥10.00,5,,,偏远\n" +
		"T1,free,江苏、浙江、上海,,,99,,\n" +
		"T1,free,,,,,2,\n" +
		"T1,undeliverable,台灣,,,,,\n" +
		"T2,default,,0,0,,,\n"
	got, err := ParseFreightCSV(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	want := &listing.FreightTemplate{
		ID:      "T1",
		Default: listing.Fee{First: 800, Additional: 200},
		Regions: []listing.RegionFee{{Regions: []listing.Region{"新疆", "西藏"}, Fee: listing.Fee{First: 1000, Additional: 500}}},
		FreeConditions: []listing.FreeCondition{
			{Regions: []listing.Region{"江苏", "浙江", "上海"}, MinAmount: 9900},
			{MinQuantity: 2},
		},
		Undeliverable: []listing.Region{"台湾"},
	}
	if !reflect.DeepEqual(got["T1"], want) {
		t.Errorf("T1 = %+v\nwant %+v", got["T1"], want)
	}
	if got["T2"] == nil || len(got) != 2 {
		t.Errorf("templates = %v, want T1 and T2", got)
	}

	bad := []struct{ name, csv, wantErr string }{
		{"missing column", "template_id,first\nT1,0\n", `lacks column "kind"`},
		{"unknown region", "template_id,kind,regions,first\nT1,default,,0\nT1,fee,火星,3\n", `line 3, column regions: unknown region "火星"`},
		{"bad amount", "template_id,kind,regions,first\nT1,default,,abc\n", `line 2, column first`},
		{"bad kind", "template_id,kind,regions,first\nT1,cheap,,0\n", `line 2, column kind`},
		{"no default", "template_id,kind,regions,first\nT1,fee,新疆,10\n", `template "T1" has no default row`},
		{"fee without regions", "template_id,kind,regions,first\nT1,default,,0\nT1,fee,,10\n", "a fee row needs regions"},
	}
	for _, tt := range bad {
		_, err := ParseFreightCSV(strings.NewReader(tt.csv))
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: error %v, want it to contain %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestFreightFromFeeTable(t *testing.T) {
	page := `<html><body><h1>全国包邮 T恤</h1><b class="p">59</b>
<table class="ship">
<tr><th>地区</th><th>首件</th><th>续件</th></tr>
<tr><td class="a">新疆、西藏</td><td class="f">¥10.00</td><td class="x">5</td></tr>
<tr><td class="a">其他地区</td><td class="f">0</td><td class="x">0</td></tr>
</table></body></html>`
	cfg := Config{Selectors: Selectors{ID: "h1", Title: "h1", Price: "b.p",
		FreightRow: "table.ship tr", FreightRegions: "td.a", FreightFirst: "td.f", FreightAdditional: "td.x"}}
	u, _ := url.Parse("http://127.0.0.1/p/1")
	l, _, err := ExtractListing([]byte(page), "text/html; charset=utf-8", u, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := &listing.FreightTemplate{
		Regions: []listing.RegionFee{{Regions: []listing.Region{"新疆", "西藏"}, Fee: listing.Fee{First: 1000, Additional: 500}}},
	}
	if !reflect.DeepEqual(l.Freight, want) {
		t.Errorf("freight = %+v, want %+v", l.Freight, want)
	}
	// Without a default row other regions' fees are unknown: no template.
	noDefault := strings.Replace(page, "其他地区", "青海", 1)
	l, _, err = ExtractListing([]byte(noDefault), "text/html; charset=utf-8", u, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if l.Freight != nil {
		t.Errorf("a table without a default row gave %+v, want no template", l.Freight)
	}
}
