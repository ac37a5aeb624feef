package patrol

import (
	"fmt"
	"slices"
	"testing"

	"github.com/xundian/xundian/listing"
)

// TestSelectImages: main images first, then description images, a third
// of the slots kept for description images when there are any.
func TestSelectImages(t *testing.T) {
	imgs := func(roles string) []listing.Image {
		var out []listing.Image
		for i, r := range roles {
			im := listing.Image{URL: fmt.Sprintf("/img/%d.png", i), Role: listing.ImageMain}
			switch r {
			case 'd':
				im.Role = listing.ImageDescription
			case '-':
				im.URL = "" // no URL: never read
			case '?':
				im.Role = "" // no role: a main image
			}
			out = append(out, im)
		}
		return out
	}
	tests := []struct {
		roles string
		max   int
		want  []int
	}{
		{"mmmmmddddd", 6, []int{0, 1, 2, 3, 5, 6}}, // five gallery images leave two slots to the detail
		{"mmmmm", 6, []int{0, 1, 2, 3, 4}},         // no description images: all mains
		{"mmmmmmmd", 6, []int{0, 1, 2, 3, 4, 7}},   // fewer description images than kept slots
		{"ddddddd", 6, []int{0, 1, 2, 3, 4, 5}},    // no mains: description images fill up
		{"mdmd", 6, []int{0, 2, 1, 3}},             // room for all, mains first
		{"mm?-dd", 3, []int{0, 1, 4}},              // max 3 keeps one; no role is main, no URL is skipped
		{"mmmmdd", 2, []int{0, 1}},                 // max 2 keeps none
	}
	for _, tt := range tests {
		s := &ocrStage{opts: OCROptions{MaxImages: tt.max}}
		l := listing.Listing{Images: imgs(tt.roles)}
		if got := s.selectImages(&l); !slices.Equal(got, tt.want) {
			t.Errorf("selectImages(%s, max %d) = %v, want %v", tt.roles, tt.max, got, tt.want)
		}
	}
}
