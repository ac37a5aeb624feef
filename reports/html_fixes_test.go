package reports

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xundian/xundian/listing"
)

// TestHTMLCapsFewestFixes: a shop far past node 48 lists the first 20
// fixes and counts the rest, instead of a list hundreds long.
func TestHTMLCapsFewestFixes(t *testing.T) {
	var open []Item
	for i := range 30 {
		open = append(open, Item{State: StateNew, Finding: listing.Finding{
			ListingID: fmt.Sprint(10001 + i), Rule: "material-mismatch", Points: 12,
			Severity: listing.SeverityCritical, Fingerprint: fmt.Sprintf("fp%02d", i)}})
	}
	r := &Report{Lang: "zh", Open: open, Exposure: ComputeExposure(open)}
	if got := r.Exposure.FixCount; got != 27 {
		t.Fatalf("fewest fixes = %d, want 27 (360 points down to 36)", got)
	}
	var b bytes.Buffer
	if err := r.WriteHTML(&b, nil); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if n := strings.Count(html, `class="fix-item"`); n != maxListedFixes {
		t.Errorf("listed %d fixes, want %d", n, maxListedFixes)
	}
	if !strings.Contains(html, `<span id="fix-count">27</span>`) || !strings.Contains(html, "… +7") {
		t.Error("the fix count or the '… +7' remainder is missing")
	}
}
