package history

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	_ "time/tzdata"

	"github.com/xundian/xundian/checks"
	"github.com/xundian/xundian/listing"
	"github.com/xundian/xundian/store"
)

// shanghai is where the tests count days.
var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// day0 is 02:00 in Shanghai, when a daily patrol starts.
var day0 = time.Date(2026, 10, 1, 2, 0, 0, 0, shanghai)

// pt is one daily point: day d, headline price, promo price and
// strike-through price in yuan.
type pt struct {
	day                int
	price, promo, orig int
}

// series builds a price series from daily points.
func series(ps ...pt) []store.PricePoint {
	out := make([]store.PricePoint, 0, len(ps))
	for i, p := range ps {
		out = append(out, store.PricePoint{
			RunID: int64(i + 1), At: day0.AddDate(0, 0, p.day).UTC(),
			Price: listing.Money(p.price * 100), PromoPrice: listing.Money(p.promo * 100),
			OriginalPrice: listing.Money(p.orig * 100),
		})
	}
	return out
}

// daily repeats price/promo/orig for days from … to (inclusive).
func daily(from, to, price, promo, orig int) []pt {
	var out []pt
	for d := from; d <= to; d++ {
		out = append(out, pt{d, price, promo, orig})
	}
	return out
}

func concat(parts ...[]pt) []pt { return slices.Concat(parts...) }

type ruleCase struct {
	name     string
	points   []pt
	settings Settings
	want     listing.Outcome
	// evidence is the finding's evidence for a fail.
	evidence string
	// reason is a substring the reason must contain.
	reason string
}

func runCases(t *testing.T, id string, cases []ruleCase) {
	t.Helper()
	r, ok := Lookup(id)
	if !ok {
		t.Fatalf("Lookup(%q) found nothing", id)
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.settings
			if s.Location == nil {
				s.Location = shanghai
			}
			in := Input{ListingID: "10001", URL: "http://shop/item/10001.html", Title: "T恤", Points: series(tt.points...), Settings: s}
			got := r.Judge(in)
			if got.Outcome != tt.want {
				t.Fatalf("%s: outcome = %s (%s), want %s", id, got.Outcome, got.ReasonEN, tt.want)
			}
			if (got.Finding != nil) != (tt.want == listing.OutcomeFail) {
				t.Fatalf("%s: finding = %v with outcome %s", id, got.Finding, got.Outcome)
			}
			if tt.reason != "" && !strings.Contains(got.Reason+" | "+got.ReasonEN, tt.reason) {
				t.Errorf("%s: reason %q / %q, want it to contain %q", id, got.Reason, got.ReasonEN, tt.reason)
			}
			if f := got.Finding; f != nil {
				if f.Evidence != tt.evidence {
					t.Errorf("%s: evidence = %q, want %q", id, f.Evidence, tt.evidence)
				}
				if f.Rule != id || f.ListingID != "10001" || f.URL == "" || f.Detail == "" || f.DetailEN == "" ||
					f.Severity != r.Severity || f.Points != r.Points || f.EvidenceStart != -1 ||
					f.Fingerprint != checks.Fingerprint(id, "10001", f.Evidence) {
					t.Errorf("%s: malformed finding %+v", id, *f)
				}
			}
		})
	}
}

func TestFakeOriginalPrice(t *testing.T) {
	runCases(t, "fake-original-price", []ruleCase{
		{name: "no strike-through", points: daily(0, 9, 129, 0, 0), want: listing.OutcomeNotApplicable},
		// The "Done when": 3 days of history is not enough to judge,
		// even where the strike-through is plainly higher than every price.
		{name: "3 days of history, strike-through since the start", points: daily(0, 2, 129, 0, 199),
			want: listing.OutcomeCouldNotCheck, reason: "insufficient history"},
		{name: "3 days of history, strike-through appears on day 2",
			points: concat(daily(0, 1, 129, 0, 0), daily(2, 2, 129, 0, 199)),
			want:   listing.OutcomeCouldNotCheck, reason: "insufficient history"},
		{name: "6 days of history is still not 7", points: daily(0, 6, 129, 0, 199),
			want: listing.OutcomeCouldNotCheck, reason: "insufficient history"},
		{name: "appears after 5 days of history (10 days in all)",
			points: concat(daily(0, 4, 129, 0, 0), daily(5, 9, 129, 0, 199)),
			want:   listing.OutcomeCouldNotCheck, reason: "5 days recorded before it"},
		// 先标原价再打折: ¥129 every day, then "原价199" from day 7.
		{name: "strike-through appears above the 7-day price",
			points:   concat(daily(0, 6, 129, 0, 0), daily(7, 9, 129, 0, 199)),
			want:     listing.OutcomeFail,
			evidence: "划线价¥199.00 > 前7日最低价¥129.00"},
		{name: "one day at the high price does not make it the original",
			points:   concat(daily(0, 5, 129, 0, 0), daily(6, 6, 199, 0, 0), daily(7, 9, 129, 0, 199)),
			want:     listing.OutcomeFail,
			evidence: "划线价¥199.00 > 前7日最低价¥129.00"},
		{name: "a promotional price in the window is what was charged",
			points:   concat(daily(0, 6, 199, 159, 0), daily(7, 9, 159, 0, 199)),
			want:     listing.OutcomeFail,
			evidence: "划线价¥199.00 > 前7日最低价¥159.00"},
		{name: "raising the strike-through starts a new promotion",
			points:   concat(daily(0, 8, 129, 0, 199), daily(9, 9, 129, 0, 259)),
			want:     listing.OutcomeFail,
			evidence: "划线价¥259.00 > 前7日最低价¥129.00"},
		{name: "price in effect when the window opened counts (sparse patrols)",
			points:   []pt{{0, 99, 0, 0}, {5, 199, 0, 0}, {9, 159, 0, 199}},
			want:     listing.OutcomeFail,
			evidence: "划线价¥199.00 > 前7日最低价¥99.00"},
		// Decoys: a genuine markdown from a price charged all week.
		{name: "genuine markdown from the 7-day price",
			points: concat(daily(0, 7, 199, 0, 0), daily(8, 9, 159, 0, 199)), want: listing.OutcomePass},
		{name: "genuine markdown, strike-through below the 7-day price",
			points: concat(daily(0, 7, 209, 0, 0), daily(8, 9, 159, 0, 199)), want: listing.OutcomePass},
		{name: "a low price more than 7 days before the start does not count",
			points: concat(daily(0, 0, 99, 0, 0), daily(1, 8, 199, 0, 0), daily(9, 9, 159, 0, 199)), want: listing.OutcomePass},
		{name: "standing strike-through since the first patrol",
			points: daily(0, 9, 129, 0, 199), want: listing.OutcomeNotApplicable, reason: "standing reference price"},
		{name: "standing strike-through, price changes under it",
			points: concat(daily(0, 4, 129, 0, 199), daily(5, 9, 99, 0, 199)), want: listing.OutcomeNotApplicable},
		{name: "no points", points: nil, want: listing.OutcomeCouldNotCheck},
	})
}

func TestFakeOriginalPriceCountsShanghaiDays(t *testing.T) {
	// Patrols at 23:30 and 00:30 Shanghai time an hour apart are two
	// calendar days; 7 days are counted in the configured zone.
	r, _ := Lookup("fake-original-price")
	base := time.Date(2026, 10, 1, 23, 30, 0, 0, shanghai)
	var pts []store.PricePoint
	for d := 0; d <= 7; d++ {
		p := store.PricePoint{RunID: int64(d + 1), At: base.AddDate(0, 0, d).UTC(), Price: 12900}
		if d == 7 {
			p.At = base.AddDate(0, 0, 6).Add(time.Hour).UTC() // 00:30 the next day
			p.OriginalPrice = 19900
		}
		pts = append(pts, p)
	}
	if got := r.Judge(Input{ListingID: "1", Points: pts, Settings: Settings{Location: shanghai}}); got.Outcome != listing.OutcomeFail {
		t.Errorf("Shanghai days: outcome %s (%s), want fail", got.Outcome, got.ReasonEN)
	}
	ny, _ := time.LoadLocation("America/New_York")
	if got := r.Judge(Input{ListingID: "1", Points: pts, Settings: Settings{Location: ny}}); got.Outcome != listing.OutcomeCouldNotCheck {
		t.Errorf("New York days: outcome %s, want could-not-check (the last two patrols are one day there)", got.Outcome)
	}
}

func TestPriceGuaranteeBreach(t *testing.T) {
	g30 := Settings{PriceGuaranteeDays: 30}
	runCases(t, "price-guarantee-breach", []ruleCase{
		{name: "no guarantee configured", points: concat(daily(0, 7, 129, 0, 0), daily(8, 9, 99, 0, 0)),
			want: listing.OutcomeNotApplicable, reason: "no price guarantee"},
		{name: "first patrol", points: daily(0, 0, 129, 0, 0), settings: g30, want: listing.OutcomeNotApplicable},
		{name: "steady price", points: daily(0, 9, 129, 0, 0), settings: g30, want: listing.OutcomePass},
		{name: "price dropped", points: concat(daily(0, 7, 129, 0, 0), daily(8, 9, 99, 0, 0)), settings: g30,
			want: listing.OutcomeFail, evidence: "¥129.00→¥99.00"},
		{name: "a promotional price is a drop", points: concat(daily(0, 7, 129, 0, 0), daily(8, 9, 129, 109, 0)), settings: g30,
			want: listing.OutcomeFail, evidence: "¥129.00→¥109.00"},
		{name: "highest price in the window is the reference",
			points: concat(daily(0, 3, 129, 0, 0), daily(4, 5, 149, 0, 0), daily(6, 9, 139, 0, 0)), settings: g30,
			want: listing.OutcomeFail, evidence: "¥149.00→¥139.00"},
		// Decoys.
		{name: "price went up", points: concat(daily(0, 7, 99, 0, 0), daily(8, 9, 129, 0, 0)), settings: g30, want: listing.OutcomePass},
		{name: "price restored after a drop", points: concat(daily(0, 7, 129, 0, 0), daily(8, 8, 99, 0, 0), daily(9, 9, 129, 0, 0)),
			settings: g30, want: listing.OutcomePass},
		{name: "drop older than the window", points: concat(daily(0, 0, 129, 0, 0), daily(5, 9, 99, 0, 0)),
			settings: Settings{PriceGuaranteeDays: 3}, want: listing.OutcomePass},
		{name: "price in effect when the window opened counts",
			points: []pt{{0, 129, 0, 0}, {9, 99, 0, 0}}, settings: Settings{PriceGuaranteeDays: 3},
			want: listing.OutcomeFail, evidence: "¥129.00→¥99.00"},
		{name: "strike-through changes are not price changes",
			points: concat(daily(0, 7, 129, 0, 0), daily(8, 9, 129, 0, 199)), settings: g30, want: listing.OutcomePass},
	})
}

var kebab = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)

func TestRegistry(t *testing.T) {
	known := checks.KnownRuleIDs()
	var ids []string
	for _, r := range All() {
		ids = append(ids, r.ID)
		if !kebab.MatchString(r.ID) || !slices.Contains(known, r.ID) {
			t.Errorf("rule %q: not a kebab-case rules.md ID", r.ID)
		}
		if r.TitleZH == "" || r.TitleEN == "" || strings.Contains(r.TitleZH+r.TitleEN, "\n") {
			t.Errorf("%s: titles must be one line each", r.ID)
		}
		if len(r.Doc) < 100 || len(r.DocEN) < 100 || r.Cites == "" {
			t.Errorf("%s: doc, doc_en and cites must be written", r.ID)
		}
		if r.Points != 0 {
			t.Errorf("%s: rules.md gives \"-\" points, got %d", r.ID, r.Points)
		}
		if r.Severity.Rank() == 0 || r.Judge == nil {
			t.Errorf("%s: severity %q, judge set %v", r.ID, r.Severity, r.Judge != nil)
		}
		if _, ok := checks.Lookup(r.ID); ok {
			t.Errorf("%s: also a listing check", r.ID)
		}
	}
	if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("IDs %v: want sorted and unique", ids)
	}
	if want := []string{"fake-original-price", "price-guarantee-breach"}; !slices.Equal(ids, want) || !slices.Equal(IDs(), want) {
		t.Errorf("IDs = %v, want %v", ids, want)
	}
}
