package ocr

import (
	"io"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xundian/xundian/demoshop"
	"github.com/xundian/xundian/internal/testenv"
)

// requireTesseract skips (fails under XUNDIAN_NO_SKIP) without tesseract
// and its Chinese data, or without the demo shop's CJK font.
func requireTesseract(t *testing.T) *Tesseract {
	t.Helper()
	if _, err := exec.LookPath("tesseract"); err != nil {
		testenv.Skip(t, "tesseract not installed (run scripts/install-ocr.sh)")
	}
	e := NewTesseract(TesseractOptions{MinConfidence: 30})
	if err := e.Check(t.Context()); err != nil {
		testenv.Skip(t, err.Error()+" (run scripts/install-ocr.sh)")
	}
	if demoshop.InstalledFont() == "" {
		testenv.Skip(t, "CJK font "+demoshop.DefaultFontPath+" not installed (run scripts/install-ocr.sh)")
	}
	return e
}

// simplified maps the traditional characters of the demo's stamps.
var simplified = strings.NewReplacer("國", "国", "郵", "邮", "運", "运", "費", "费", "價", "价", "後", "后",
	"網", "网", "銷", "销", "質", "质", "級", "级", "頂", "顶", "請", "请", "滿", "满", "減", "减")

var digits = regexp.MustCompile(`[0-9]+(\.[0-9]+)?`)

// TestTesseractDemoStamps reads stamped demo images with the real
// tesseract: dark text on white, white text on red and white text on a
// light gradient over stripes and checkerboards. The characters and
// amounts of the stamps must come back (in either script, the ¥ sign
// aside: Tesseract reads it as #, Y, 半 or 了, which the price parser
// accepts after a price keyword).
func TestTesseractDemoStamps(t *testing.T) {
	e := requireTesseract(t)
	shop, err := demoshop.New(demoshop.Options{Listings: 120, Seed: 1, FontPath: demoshop.InstalledFont()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(shop.Handler())
	defer srv.Close()
	stamps := shop.ImageStamps()
	if len(stamps) < 12 {
		t.Fatalf("%d stamps in 120 listings, want at least 12", len(stamps))
	}
	stamps = stamps[:12]
	var chars, found, amounts, amountsFound int
	start := time.Now()
	for _, st := range stamps {
		resp, err := srv.Client().Get(srv.URL + st.ImageURL)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		img, _, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.Recognize(t.Context(), img)
		if err != nil {
			t.Fatal(err)
		}
		got := simplified.Replace(res.Text)
		for _, c := range simplified.Replace(st.Text) {
			if c < 0x3400 {
				continue // digits, ¥: checked below or not at all
			}
			chars++
			if strings.ContainsRune(got, c) {
				found++
			}
		}
		for _, a := range digits.FindAllString(st.Text, -1) {
			amounts++
			if strings.Contains(got, a) {
				amountsFound++
			}
		}
		for _, w := range res.Words {
			if w.Conf < 30 {
				t.Errorf("%s: word %q kept with confidence %g < 30", st.ImageURL, w.Text, w.Conf)
			}
		}
		t.Logf("%s %q -> %q", st.ImageURL, st.Text, res.Text)
	}
	t.Logf("%d images in %v; %d/%d characters, %d/%d amounts", len(stamps), time.Since(start), found, chars, amountsFound, amounts)
	if found*10 < chars*9 {
		t.Errorf("recognized %d of %d stamped characters, want ≥ 90%%", found, chars)
	}
	if amountsFound*10 < amounts*8 {
		t.Errorf("recognized %d of %d stamped amounts, want ≥ 80%%", amountsFound, amounts)
	}
}
