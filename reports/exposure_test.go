package reports

import (
	"strings"
	"testing"

	"github.com/xundian/xundian/listing"
)

func item(id, rule string, points int) Item {
	return Item{Finding: listing.Finding{ListingID: id, Rule: rule, Points: points, Fingerprint: id + rule}}
}

func TestComputeExposure(t *testing.T) {
	tests := []struct {
		name       string
		open       []Item
		wantPoints int
		wantNode   int
		wantFixes  int
	}{
		{"nothing open", nil, 0, 0, 0},
		{"under the first node", []Item{item("1", "free-shipping-mismatch", 4), item("2", "trademark-term", 2)}, 6, 0, 0},
		{"exactly 12 needs one fix", []Item{item("1", "material-mismatch", 12)}, 12, 12, 1},
		{"26 crosses 24", []Item{
			item("1", "material-mismatch", 12), item("2", "invoice-refusal", 6), item("3", "free-shipping-mismatch", 4),
			item("4", "free-shipping-mismatch", 4)}, 26, 24, 1},
		{"unscored rules add nothing", []Item{item("1", "price-mismatch", 0), item("2", "absolute-term", 0)}, 0, 0, 0},
		{"one finding per listing and rule", []Item{item("1", "free-shipping-mismatch", 4), item("1", "free-shipping-mismatch", 4)}, 4, 0, 0},
		{"far past 48 still reports node 48", []Item{
			item("1", "material-mismatch", 12), item("2", "material-mismatch", 12), item("3", "offplatform-payment", 12),
			item("4", "offplatform-payment", 12), item("5", "material-mismatch", 12), item("6", "invoice-refusal", 6)}, 66, 48, 2},
		{"48 needs fixes down to 47", []Item{
			item("1", "material-mismatch", 12), item("2", "material-mismatch", 12), item("3", "offplatform-payment", 12),
			item("4", "offplatform-payment", 12)}, 48, 48, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ComputeExposure(tt.open)
			if got.Points != tt.wantPoints || got.Node != tt.wantNode || got.FixCount != tt.wantFixes {
				t.Errorf("ComputeExposure = points %d node %d fixes %d, want %d %d %d",
					got.Points, got.Node, got.FixCount, tt.wantPoints, tt.wantNode, tt.wantFixes)
			}
			left := got.Points
			for _, f := range got.FewestFixes {
				left -= f.Points
			}
			if got.Node > 0 && left >= got.Node {
				t.Errorf("after the fewest fixes %d points remain, still at node %d", left, got.Node)
			}
		})
	}
}

func TestConsequenceNamesTheNode(t *testing.T) {
	for _, tt := range []struct {
		node int
		want string
	}{{0, "12"}, {12, "营销活动"}, {24, "店铺监管 7 天"}, {48, "28 天"}} {
		if got := Consequence(tt.node, "zh"); !strings.Contains(got, tt.want) {
			t.Errorf("Consequence(%d) = %q, want it to mention %q", tt.node, got, tt.want)
		}
	}
}

func TestMarkdownEscapesShopText(t *testing.T) {
	got := mdEscape("<script>alert(1)</script> | `x` [a](b)\nnext")
	for _, bad := range []string{"<script>", "|", "`x`", "\n", "[a]"} {
		if strings.Contains(got, bad) && bad != "|" {
			t.Errorf("mdEscape left %q in %q", bad, got)
		}
	}
	if !strings.Contains(got, "\\|") {
		t.Errorf("mdEscape did not escape the pipe: %q", got)
	}
}
