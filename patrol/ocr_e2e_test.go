package patrol

import (
	"bytes"
	"encoding/json"
	"image"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/demoshop"
	"github.com/xundian/xundian/internal/testenv"
	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/ocr"
	"github.com/xundian/xundian/reports"
	"github.com/xundian/xundian/store"
)

// ocrFixture is a demo shop (with stamped image claims when font is set),
// a fresh store and patrol options with OCR.
type ocrFixture struct {
	shop *demoshop.Shop
	url  string
	db   *store.DB
	opts Options
}

func newOCRFixture(t *testing.T, listings int, font string, engine ocr.Engine) *ocrFixture {
	t.Helper()
	shop, err := demoshop.New(demoshop.Options{Listings: listings, Seed: 1, FontPath: font})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(shop.Handler())
	t.Cleanup(srv.Close)
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "xundian.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	eng, err := checks.NewEngine(checks.Settings{AuthorizedBrands: []string{"巡店优选", "凯蒂猫", "Hello Kitty"}})
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(srv.URL)
	allowed := func(u *url.URL) bool { return u.Host == base.Host }
	return &ocrFixture{shop: shop, url: srv.URL, db: db, opts: Options{
		Kind: store.KindPatrol, Shop: "demo", Crawl: demoCrawlConfig(srv.URL),
		Engine: eng, PartialRatio: 0.05, Incremental: true,
		OCR: OCROptions{
			Engine:    engine,
			Fetcher:   &ocr.Fetcher{Client: ocr.NewClient(15*time.Second, allowed), Allowed: allowed, UserAgent: "xundian-test"},
			MaxImages: 6,
		},
	}}
}

func (f *ocrFixture) patrol(t *testing.T) (Result, []store.StoredFinding) {
	t.Helper()
	res, err := Run(t.Context(), f.db, f.opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.Run.Status != store.StatusComplete {
		t.Fatalf("run status %s (%s), want complete", res.Run.Status, res.Run.Note)
	}
	fs, err := f.db.Findings(t.Context(), res.Run.ID)
	if err != nil {
		t.Fatal(err)
	}
	return res, fs
}

func findingPrints(fs []store.StoredFinding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Fingerprint)
	}
	slices.Sort(out)
	return out
}

// TestOCRDemoShop patrols the demo shop with its claims stamped into image
// pixels, through the real tesseract:
//   - violations that exist only in pixels are found (recall ≥ 0.9), each
//     as an image finding naming the stamped image;
//   - no decoy image (不包邮, 满99包邮 kept, 到手价 of a payable price,
//     满300减40, 第一次) carries a finding;
//   - a second, incremental patrol of the unchanged shop runs OCR zero
//     times, and so does a --full one (pages re-parsed, images from the
//     cache), with the same findings.
func TestOCRDemoShop(t *testing.T) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		testenv.Skip(t, "tesseract not installed (run scripts/install-ocr.sh)")
	}
	font := demoshop.InstalledFont()
	if font == "" {
		testenv.Skip(t, "CJK font "+demoshop.DefaultFontPath+" not installed (run scripts/install-ocr.sh)")
	}
	engine := ocr.NewTesseract(ocr.TesseractOptions{MinConfidence: 30})
	if err := engine.Check(t.Context()); err != nil {
		testenv.Skip(t, err.Error())
	}
	f := newOCRFixture(t, 300, font, engine)
	start := time.Now()
	res, fs := f.patrol(t)
	t.Logf("first patrol: %v, %+v", time.Since(start), res.OCR)

	stamps := f.shop.ImageStamps()
	var violations, decoys, found int
	for _, st := range stamps {
		var onImage []store.StoredFinding
		for _, fd := range fs {
			if fd.ListingID == st.ID && strings.HasSuffix(fd.ImageURL, st.ImageURL) {
				onImage = append(onImage, fd)
			}
		}
		if st.Decoy {
			decoys++
			for _, fd := range onImage {
				t.Errorf("decoy %s %q (%s): finding %s %q", st.ImageURL, st.Text, st.Rule, fd.Rule, fd.Evidence)
			}
			continue
		}
		violations++
		ok := false
		for _, fd := range onImage {
			if fd.Rule == st.Rule && fd.Source == listing.SourceImage {
				ok = true
			}
		}
		if ok {
			found++
		} else {
			t.Logf("missed %s %q (%s)", st.ImageURL, st.Text, st.Rule)
		}
	}
	if violations < 15 || decoys < 10 {
		t.Fatalf("%d image-only violations and %d decoys planted, want at least 15 and 10", violations, decoys)
	}
	recall := float64(found) / float64(violations)
	t.Logf("image-only violations: %d/%d found (recall %.2f); %d decoys", found, violations, recall, decoys)
	if recall < 0.9 {
		t.Errorf("recall on image-only violations = %.2f (%d/%d), want ≥ 0.9", recall, found, violations)
	}
	if res.OCR.Status != store.OCRStatusOK || res.OCR.OCRCalls == 0 || res.OCR.Failed != 0 {
		t.Errorf("first patrol OCR = %+v, want ok, calls > 0, none failed", res.OCR)
	}

	// Unchanged shop, incremental: pages are carried, no image is read.
	res2, fs2 := f.patrol(t)
	if res2.OCR.OCRCalls != 0 {
		t.Errorf("second patrol ran OCR %d times, want 0 (%+v)", res2.OCR.OCRCalls, res2.OCR)
	}
	// --full: every page parsed and checked again, every image from the
	// cache.
	f.opts.Incremental = false
	res3, fs3 := f.patrol(t)
	if res3.OCR.OCRCalls != 0 || res3.OCR.CacheHits != res.OCR.Images || res3.OCR.Images != res.OCR.Images {
		t.Errorf("full re-patrol OCR = %+v, want 0 calls and %d cache hits", res3.OCR, res.OCR.Images)
	}
	for i, got := range [][]store.StoredFinding{fs2, fs3} {
		if !slices.Equal(findingPrints(got), findingPrints(fs)) {
			t.Errorf("patrol %d: findings differ from the first patrol's", i+2)
		}
	}
	stored, ok, err := f.db.RunOCR(t.Context(), res3.Run.ID)
	if err != nil || !ok || stored != res3.OCR {
		t.Errorf("stored run OCR = %+v, %v, %v; want %+v", stored, ok, err, res3.OCR)
	}
}

// TestOCRTesseractAbsent: with the tesseract command missing, the patrol
// completes, warns once, records image checks as skipped, and every report
// format says so.
func TestOCRTesseractAbsent(t *testing.T) {
	f := newOCRFixture(t, 40, "", ocr.NewTesseract(ocr.TesseractOptions{Command: filepath.Join(t.TempDir(), "no-tesseract")}))
	var mu sync.Mutex
	var warnings []string
	f.opts.OCR.Warn = func(msg string) {
		mu.Lock()
		defer mu.Unlock()
		warnings = append(warnings, msg)
	}
	res, _ := f.patrol(t)
	if len(warnings) != 1 || !strings.Contains(warnings[0], "image checks skipped") {
		t.Errorf("warnings = %q, want one saying image checks were skipped", warnings)
	}
	if res.OCR.Status != store.OCRStatusSkipped || res.OCR.Images != 0 || res.Run.Listings != 40 {
		t.Errorf("OCR = %+v, listings %d; want skipped, no image read, 40 listings", res.OCR, res.Run.Listings)
	}
	rep, err := reports.Build(t.Context(), f.db, res.Run.ID, "en")
	if err != nil {
		t.Fatal(err)
	}
	var md, html, js bytes.Buffer
	loc := time.UTC
	if err := rep.WriteMarkdown(&md, loc); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteHTML(&html, loc); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"markdown": md.String(), "html": html.String()} {
		if !strings.Contains(out, "image checks were skipped") {
			t.Errorf("%s report does not say image checks were skipped", name)
		}
	}
	var doc struct {
		Health struct {
			ImageChecks struct{ Status, Note string } `json:"image_checks"`
		} `json:"health"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Health.ImageChecks.Status != "skipped" || !strings.Contains(doc.Health.ImageChecks.Note, "not found") {
		t.Errorf("JSON health.image_checks = %+v, want status skipped naming the missing command", doc.Health.ImageChecks)
	}

	// Once tesseract is back, the pages checked without it are checked
	// again: the check key includes the OCR state.
	f.opts.OCR.Engine = &ocr.Fake{}
	res2, _ := f.patrol(t)
	if res2.Crawl.Stats.Unchanged != 0 || res2.OCR.Status != store.OCRStatusOK {
		t.Errorf("patrol with OCR back: %d pages carried, OCR %+v; want every page checked again", res2.Crawl.Stats.Unchanged, res2.OCR)
	}
}

// TestOCRStageFake runs the OCR plumbing with a fake engine that reads
// 全国包邮 in every image: image text reaches the checks (findings with
// source image naming the image), at most MaxImages per listing are read,
// and a second full patrol reads every image from the cache.
func TestOCRStageFake(t *testing.T) {
	fake := &ocr.Fake{Read: func(image.Image) (ocr.Result, error) {
		return ocr.Result{Text: "全国包邮", Words: []ocr.Word{{Text: "全国包邮", Conf: 95}}}, nil
	}}
	f := newOCRFixture(t, 60, "", fake)
	f.opts.OCR.MaxImages = 2
	f.opts.OCR.Workers = 3
	res, fs := f.patrol(t)
	if res.OCR.Images == 0 || res.OCR.Images > 2*60 || int64(res.OCR.OCRCalls) != fake.Calls() {
		t.Errorf("OCR = %+v, fake calls %d; want 1…120 images, calls counted", res.OCR, fake.Calls())
	}
	var fromImage int
	for _, fd := range fs {
		if fd.Rule == "free-shipping-mismatch" && fd.Source == listing.SourceImage && fd.Evidence == "全国包邮" {
			if !strings.HasPrefix(fd.ImageURL, f.url+"/img/") {
				t.Errorf("finding on %s names image %q", fd.ListingID, fd.ImageURL)
			}
			fromImage++
		}
	}
	if fromImage == 0 {
		t.Error("no free-shipping finding from image text")
	}
	f.opts.Incremental = false
	res2, _ := f.patrol(t)
	if res2.OCR.OCRCalls != 0 || res2.OCR.CacheHits != res.OCR.Images {
		t.Errorf("full re-patrol OCR = %+v, want every image from the cache", res2.OCR)
	}
}
