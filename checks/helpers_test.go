package checks

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xundian/xundian/listing"
)

// testSettings mirror the demo shop: own brand 巡店优选, authorized for
// 凯蒂猫 / Hello Kitty.
func testSettings() Settings {
	return Settings{AuthorizedBrands: []string{"巡店优选", "凯蒂猫", "Hello Kitty"}}
}

var sharedEngine = sync.OnceValues(func() (*Engine, error) { return NewEngine(testSettings()) })

// testEngine returns an engine with testSettings, built once per test
// binary.
func testEngine(tb testing.TB) *Engine {
	tb.Helper()
	e, err := sharedEngine()
	if err != nil {
		tb.Fatalf("NewEngine: %v", err)
	}
	return e
}

// hit is what a rule test compares: rule, source and evidence.
type hit struct {
	Rule     string
	Source   listing.Source
	Evidence string
}

// hits returns the findings of r as hits, sorted.
func hits(r Result) []hit {
	out := []hit{}
	for _, f := range r.Findings {
		out = append(out, hit{f.Rule, f.Source, f.Evidence})
	}
	slices.SortFunc(out, func(a, b hit) int { return strings.Compare(a.Rule, b.Rule) })
	return out
}

// ruleCase is one listing and everything the engine must find in it.
type ruleCase struct {
	name string
	l    listing.Listing
	want []hit
	// outcomes, when set, are checked for the rules they name.
	outcomes map[string]listing.Outcome
}

// runCases checks every case's whole set of findings (an extra finding
// from any rule fails) and the outcomes it names.
func runCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	e := testEngine(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.l
			if l.ID == "" {
				l.ID = "1"
			}
			r := e.Check(&l)
			want := tc.want
			if want == nil {
				want = []hit{}
			}
			slices.SortFunc(want, func(a, b hit) int { return strings.Compare(a.Rule, b.Rule) })
			if diff := cmp.Diff(want, hits(r)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
				for _, f := range r.Findings {
					t.Logf("  %s: %s", f.Rule, f.Detail)
				}
			}
			for rule, o := range tc.outcomes {
				if got := r.Outcomes[rule]; got != o {
					t.Errorf("outcome %s = %q, want %q", rule, got, o)
				}
			}
		})
	}
}
