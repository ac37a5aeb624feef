package listing

import "testing"

func TestParseRegion(t *testing.T) {
	tests := []struct {
		in   string
		want Region
		ok   bool
	}{
		{"新疆", "新疆", true},
		{"新疆维吾尔自治区", "新疆", true},
		{"內蒙古", "内蒙古", true},
		{"内蒙古自治区", "内蒙古", true},
		{"廣東省", "广东", true},
		{"广西壮族自治区", "广西", true},
		{"北京市", "北京", true},
		{" 西藏 ", "西藏", true},
		{"台灣", "台湾", true},
		{"香港特别行政区", "香港", true},
		{"江浙沪", "", false},
		{"省", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseRegion(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseRegion(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if n := len(MainlandRegions()); n != 31 {
		t.Errorf("MainlandRegions has %d regions, want 31", n)
	}
	for _, r := range MainlandRegions() {
		if got, ok := ParseRegion(string(r)); !ok || got != r {
			t.Errorf("ParseRegion(%q) = %q, %v", r, got, ok)
		}
	}
	if Region("台湾").IsMainland() {
		t.Error("台湾 counted as mainland: a fee there must not break a mainland 包邮 claim")
	}
}
