package checks

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xundian/xundian/listing"
)

// everything breaks every listing rule once, mostly in traditional or
// full-width script.
func everything() listing.Listing {
	return listing.Listing{
		ID: "10009", URL: "http://127.0.0.1/detail.htm?id=10009",
		Title:       "全國包郵 迪士尼同款 純棉T卹 到手價５９ 全網最低價 當天發貨",
		Price:       6900,
		Attributes:  attrs("面料成分", "聚酯纖維100%"),
		Description: "請勿私下轉賬。加微信付款。概不退換。",
		ServiceText: "不開發票，本店不支持貨到付款，信用卡加收３％手續費",
		OffersCOD:   true, HasHandling: true, HandlingHours: 48,
		Freight: tplRemote,
	}
}

func TestEngineEverything(t *testing.T) {
	runCases(t, []ruleCase{{
		name: "every rule", l: everything(),
		want: []hit{
			{"absolute-term", listing.SourceTitle, "全網最低價"},
			{"cod-refusal", listing.SourceService, "不支持貨到付款"},
			{"credit-card-refusal", listing.SourceService, "信用卡加收３％手續費"},
			{"free-shipping-mismatch", listing.SourceTitle, "全國包郵"},
			{"invoice-refusal", listing.SourceService, "不開發票"},
			{"material-mismatch", listing.SourceTitle, "純棉"},
			{"offplatform-payment", listing.SourceDescription, "加微信付款"},
			{"price-mismatch", listing.SourceTitle, "到手價５９"},
			{"return-policy", listing.SourceDescription, "概不退換"},
			{"shipping-promise", listing.SourceTitle, "當天發貨"},
			{"trademark-term", listing.SourceTitle, "迪士尼同款"},
		},
	}})
}

func TestEngineFindingFields(t *testing.T) {
	e := testEngine(t)
	l := everything()
	r := e.Check(&l)
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	for _, f := range r.Findings {
		c, _ := Lookup(f.Rule)
		if f.ListingID != l.ID || f.URL != l.URL || f.Title != l.Title || f.Points != c.Points || f.Severity != c.Severity {
			t.Errorf("%s: listing fields wrong: %+v", f.Rule, f)
		}
		var src string
		switch f.Source {
		case listing.SourceTitle:
			src = l.Title
		case listing.SourceDescription:
			src = l.Description
		case listing.SourceService:
			src = l.ServiceText
		}
		if f.EvidenceStart < 0 || f.EvidenceStart+len(f.Evidence) > len(src) || src[f.EvidenceStart:f.EvidenceStart+len(f.Evidence)] != f.Evidence {
			t.Errorf("%s: evidence %q at %d is not in the %s text %q", f.Rule, f.Evidence, f.EvidenceStart, f.Source, src)
		}
		if f.Detail == "" || f.DetailEN == "" {
			t.Errorf("%s: empty detail", f.Rule)
		}
		if !hex32.MatchString(f.Fingerprint) || f.Fingerprint != Fingerprint(f.Rule, l.ID, e.Normalize(f.Evidence).Text) {
			t.Errorf("%s: fingerprint %q", f.Rule, f.Fingerprint)
		}
	}
}

func TestFingerprint(t *testing.T) {
	e := testEngine(t)
	// the same claim in traditional and simplified script is the same
	// problem across runs
	a := e.Check(&listing.Listing{ID: "7", Title: "全國包郵", Freight: tplRemote, Price: 100})
	b := e.Check(&listing.Listing{ID: "7", Title: "全国包邮", Freight: tplRemote, Price: 100})
	c := e.Check(&listing.Listing{ID: "8", Title: "全国包邮", Freight: tplRemote, Price: 100})
	if len(a.Findings) != 1 || len(b.Findings) != 1 || len(c.Findings) != 1 {
		t.Fatalf("findings: %v %v %v", a.Findings, b.Findings, c.Findings)
	}
	if a.Findings[0].Fingerprint != b.Findings[0].Fingerprint {
		t.Errorf("fingerprint differs between scripts: %s %s", a.Findings[0].Fingerprint, b.Findings[0].Fingerprint)
	}
	if b.Findings[0].Fingerprint == c.Findings[0].Fingerprint {
		t.Error("fingerprint ignores the listing ID")
	}
	sum := sha256.Sum256([]byte("free-shipping-mismatch|7|全国包邮"))
	if got, want := Fingerprint("free-shipping-mismatch", "7", "全国包邮"), hex.EncodeToString(sum[:16]); got != want {
		t.Errorf("Fingerprint = %s, want %s", got, want)
	}
}

func TestEngineOutcomesAndDisabled(t *testing.T) {
	e, err := NewEngine(Settings{Disabled: []string{"absolute-term", "fake-original-price"}})
	if err != nil {
		t.Fatal(err)
	}
	l := everything()
	r := e.Check(&l)
	var ids []string
	for id := range r.Outcomes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var want []string
	for _, c := range All() {
		if c.ID != "absolute-term" {
			want = append(want, c.ID)
		}
	}
	if !slices.Equal(ids, want) {
		t.Errorf("outcome rules = %v, want %v", ids, want)
	}
	for _, f := range r.Findings {
		if f.Rule == "absolute-term" {
			t.Error("disabled rule reported a finding")
		}
	}
	clean := listing.Listing{ID: "1", Title: "巡店优选 纯色短袖T恤", Price: 5900, Attributes: attrs("面料成分", "棉100%"),
		ServiceText: "支持七天无理由退换，可开发票", HasHandling: true, HandlingHours: 48, Freight: tplAllPaid}
	r = e.Check(&clean)
	wantOutcomes := map[string]listing.Outcome{
		"cod-refusal": listing.OutcomeNotApplicable, "credit-card-refusal": listing.OutcomePass,
		"free-shipping-mismatch": listing.OutcomePass, "invoice-refusal": listing.OutcomePass,
		"material-mismatch": listing.OutcomePass, "offplatform-payment": listing.OutcomePass,
		"price-mismatch": listing.OutcomePass, "return-policy": listing.OutcomePass,
		"shipping-promise": listing.OutcomePass, "trademark-term": listing.OutcomePass,
	}
	if diff := cmp.Diff(wantOutcomes, r.Outcomes); diff != "" || len(r.Findings) != 0 {
		t.Errorf("clean listing: findings %v, outcomes (-want +got):\n%s", r.Findings, diff)
	}
}

// TestEngineConcurrent runs many goroutines on one engine (run with
// -race) and checks they agree with a sequential run, and that Check
// leaves the listing alone.
func TestEngineConcurrent(t *testing.T) {
	e := testEngine(t)
	ls := []listing.Listing{everything(), *benchListing(), {ID: "3", Title: "小猪佩奇 满99包邮", Price: 3900, Freight: tplThreshold}}
	want := make([]Result, len(ls))
	for i := range ls {
		want[i] = e.Check(&ls[i])
	}
	before, _ := json.Marshal(ls)
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Go(func() {
			for k := range 50 {
				i := (g + k) % len(ls)
				if got := e.Check(&ls[i]); !reflect.DeepEqual(got, want[i]) {
					errs <- ls[i].ID
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for id := range errs {
		t.Errorf("listing %s: concurrent result differs from sequential", id)
	}
	if after, _ := json.Marshal(ls); string(after) != string(before) {
		t.Error("Check modified a listing")
	}
}
