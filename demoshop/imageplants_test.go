package demoshop

import (
	"bytes"
	"image/png"
	"slices"
	"testing"

	"github.com/xundian/xundian/internal/testenv"
)

// TestImageStamps: with a font, stamped claims are image plants in the
// truth (violations of rules whose sources include images, never of a
// rule the listing already violates), their images differ from the plain
// ones, and everything else is the shop without a font.
func TestImageStamps(t *testing.T) {
	font := InstalledFont()
	if font == "" {
		testenv.Skip(t, "CJK font "+DefaultFontPath+" not installed (run scripts/install-ocr.sh)")
	}
	plain, err := New(Options{Listings: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	stamped, err := New(Options{Listings: 200, Seed: 1, FontPath: font})
	if err != nil {
		t.Fatal(err)
	}
	if got := plain.ImageStamps(); len(got) != 0 {
		t.Errorf("shop without a font has %d stamps", len(got))
	}
	stamps := stamped.ImageStamps()
	if len(stamps) < 15 {
		t.Fatalf("%d stamps in 200 listings, want at least 15", len(stamps))
	}
	plainTruth, truth := plain.Truth(), stamped.Truth()
	imageRules := []string{ruleFreeShipping, rulePrice, ruleAbsolute}
	var violations, decoys int
	stampedImage := map[string]bool{}
	for _, st := range stamps {
		stampedImage[st.ImageURL] = true
		if !slices.Contains(imageRules, st.Rule) {
			t.Errorf("%s: stamp for %s, a rule that does not read images", st.ImageURL, st.Rule)
		}
		if slices.Contains(plainTruth[st.Path], st.Rule) {
			t.Errorf("%s: stamp for %s, which the listing already violates", st.ImageURL, st.Rule)
		}
		if st.Decoy {
			decoys++
		} else {
			violations++
			if !slices.Contains(truth[st.Path], st.Rule) {
				t.Errorf("%s: violation %s missing from the truth", st.Path, st.Rule)
			}
		}
	}
	if violations == 0 || decoys == 0 {
		t.Errorf("%d violations and %d decoys stamped, want both", violations, decoys)
	}
	for path, rules := range truth {
		want := slices.Clone(plainTruth[path])
		for _, st := range stamps {
			if st.Path == path && !st.Decoy {
				want = append(want, st.Rule)
			}
		}
		slices.Sort(want)
		if !slices.Equal(rules, want) {
			t.Errorf("truth[%s] = %v, want %v (the plain truth plus stamps)", path, rules, want)
		}
	}
	// Pages are the same; only stamped images change, and they decode.
	for id := FirstID; id < FirstID+40; id++ {
		a, b := plain.gen(id), stamped.gen(id)
		if a.title.String() != b.title.String() || len(a.images) != len(b.images) {
			t.Fatalf("listing %d differs beyond its images", id)
		}
		for _, im := range a.images {
			pa, pb := plain.renderImage(id, im.n), stamped.renderImage(id, im.n)
			if same := bytes.Equal(pa, pb); same == stampedImage[imageURL(id, im.n)] {
				t.Errorf("image %s: same bytes = %v, stamped = %v", imageURL(id, im.n), same, stampedImage[imageURL(id, im.n)])
			}
			if _, err := png.Decode(bytes.NewReader(pb)); err != nil {
				t.Errorf("image %s: %v", imageURL(id, im.n), err)
			}
		}
	}
	if !bytes.Equal(stamped.renderImage(stamps[0].idInt(t), 1), stamped.renderImage(stamps[0].idInt(t), 1)) {
		t.Error("stamped image rendering is not deterministic")
	}
	if _, err := New(Options{Listings: 1, FontPath: "/nonexistent/font.ttc"}); err == nil {
		t.Error("New with a missing font: no error")
	}
}

func (s ImageStamp) idInt(t *testing.T) int {
	id, ok := parsePositive(s.ID)
	if !ok {
		t.Fatalf("stamp ID %q", s.ID)
	}
	return id
}
