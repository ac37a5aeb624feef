package checks

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xundian/xundian/internal/testenv"

	"github.com/xundian/xundian/listing"
)

// specRule is one row of a rules.md table.
type specRule struct {
	id, zh, section string
	points          int
}

// readRulesMD parses the rule tables of ../shared/spec/rules.md.
func readRulesMD(t *testing.T) []specRule {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "spec", "rules.md")
	b, err := os.ReadFile(path)
	if err != nil {
		testenv.Skip(t, fmt.Sprintf("rules.md not present at %s (the shared spec lives outside the module): %v", path, err))
	}
	row := regexp.MustCompile("^\\| `([^`]+)` \\| ([^|]+) \\|")
	var out []specRule
	section := ""
	for line := range strings.SplitSeq(string(b), "\n") {
		if strings.HasPrefix(line, "## ") {
			section = strings.TrimPrefix(line, "## ")
			continue
		}
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		r := specRule{id: m[1], zh: strings.TrimSpace(m[2]), section: section}
		if strings.HasPrefix(section, "Listing rules") {
			pts := strings.TrimSpace(cells[len(cells)-1])
			if n, err := strconv.Atoi(strings.Fields(pts)[0]); err == nil {
				r.points = n
			} else if !strings.HasPrefix(pts, "-") {
				t.Fatalf("rules.md: %s: unreadable points %q", r.id, pts)
			}
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		t.Fatal("rules.md: no rule rows found")
	}
	return out
}

func TestRegistry(t *testing.T) {
	spec := readRulesMD(t)
	bySpec := map[string]specRule{}
	var listingIDs []string
	for _, r := range spec {
		bySpec[r.id] = r
		if strings.HasPrefix(r.section, "Listing rules") {
			listingIDs = append(listingIDs, r.id)
		}
	}
	kebab := regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	all := All()
	var ids []string
	for _, c := range all {
		ids = append(ids, c.ID)
		if !kebab.MatchString(c.ID) {
			t.Errorf("%q: ID is not kebab-case", c.ID)
		}
		r, ok := bySpec[c.ID]
		if !ok {
			t.Errorf("%q: not in rules.md", c.ID)
			continue
		}
		if !strings.HasPrefix(r.section, "Listing rules") {
			t.Errorf("%q: rules.md lists it under %q, not listing rules", c.ID, r.section)
		}
		if c.Points != r.points {
			t.Errorf("%q: Points = %d, rules.md says %d", c.ID, c.Points, r.points)
		}
		if c.TitleZH != r.zh {
			t.Errorf("%q: TitleZH = %q, rules.md says %q", c.ID, c.TitleZH, r.zh)
		}
		for name, s := range map[string]string{"TitleEN": c.TitleEN, "Doc": c.Doc, "DocEN": c.DocEN, "Cites": c.Cites} {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%q: %s is empty", c.ID, name)
			}
			if strings.HasPrefix(name, "Title") && strings.Contains(s, "\n") {
				t.Errorf("%q: %s is not one line", c.ID, name)
			}
		}
		for _, part := range []string{"例", "改前", "改后"} {
			if !strings.Contains(c.Doc, part) {
				t.Errorf("%q: Doc lacks a before/after example (%q)", c.ID, part)
			}
		}
		if !strings.Contains(c.DocEN, "Example") || !strings.Contains(c.DocEN, "Fix") {
			t.Errorf("%q: DocEN lacks Fix or Example", c.ID)
		}
		if c.Severity.Rank() == 0 {
			t.Errorf("%q: Severity %q unknown", c.ID, c.Severity)
		}
		if c.Run == nil {
			t.Errorf("%q: Run is nil", c.ID)
		}
		if len(c.Sources) == 0 {
			t.Errorf("%q: no Sources", c.ID)
		}
	}
	if !slices.IsSorted(ids) {
		t.Errorf("All() is not sorted by ID: %v", ids)
	}
	if len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("All() has duplicate IDs: %v", ids)
	}
	slices.Sort(listingIDs)
	if !slices.Equal(ids, listingIDs) {
		t.Errorf("All() IDs = %v, rules.md listing rules = %v", ids, listingIDs)
	}
	var specIDs []string
	for _, r := range spec {
		specIDs = append(specIDs, r.id)
	}
	slices.Sort(specIDs)
	if got := KnownRuleIDs(); !slices.Equal(got, specIDs) {
		t.Errorf("KnownRuleIDs() = %v, rules.md = %v", got, specIDs)
	}
}

// TestSeverities pins DESIGN.md's severity table.
func TestSeverities(t *testing.T) {
	want := map[string]listing.Severity{
		"material-mismatch": listing.SeverityCritical, "offplatform-payment": listing.SeverityCritical,
		"free-shipping-mismatch": listing.SeverityHigh, "invoice-refusal": listing.SeverityHigh,
		"credit-card-refusal": listing.SeverityHigh, "cod-refusal": listing.SeverityHigh,
		"shipping-promise": listing.SeverityHigh, "trademark-term": listing.SeverityHigh,
		"price-mismatch": listing.SeverityMedium, "absolute-term": listing.SeverityMedium,
		"return-policy": listing.SeverityMedium,
	}
	for _, c := range All() {
		if c.Severity != want[c.ID] {
			t.Errorf("%s: Severity = %q, want %q", c.ID, c.Severity, want[c.ID])
		}
	}
}

// TestSources pins DESIGN.md's sources per rule.
func TestSources(t *testing.T) {
	const (
		ti = listing.SourceTitle
		im = listing.SourceImage
		de = listing.SourceDescription
		se = listing.SourceService
	)
	want := map[string][]listing.Source{
		"free-shipping-mismatch": {ti, im, de, se}, "price-mismatch": {ti, im}, "trademark-term": {ti},
		"material-mismatch": {ti, de}, "invoice-refusal": {de, se}, "credit-card-refusal": {de, se},
		"cod-refusal": {de, se}, "offplatform-payment": {ti, de, se}, "shipping-promise": {ti, de, se},
		"absolute-term": {ti, im, de, se}, "return-policy": {de, se},
	}
	for _, c := range All() {
		if !slices.Equal(c.Sources, want[c.ID]) {
			t.Errorf("%s: Sources = %v, want %v", c.ID, c.Sources, want[c.ID])
		}
	}
}

func TestLookup(t *testing.T) {
	c, ok := Lookup("trademark-term")
	if !ok || c.ID != "trademark-term" {
		t.Errorf("Lookup(trademark-term) = %v, %v", c, ok)
	}
	if _, ok := Lookup("fake-original-price"); ok {
		t.Error("Lookup found a history rule; it is not a listing check")
	}
	a, b := All(), All()
	a[0].Points = 99
	if b[0].Points == 99 {
		t.Error("All() shares check values between calls")
	}
}

func TestSettingsValidate(t *testing.T) {
	tests := []struct {
		s    Settings
		want string // error substring, "" for valid
	}{
		{Settings{}, ""},
		{Settings{Disabled: []string{"absolute-term", "fake-original-price", "promo-stock-risk"}}, ""},
		{Settings{Disabled: []string{"foo"}}, `checks.disabled: unknown rule ID "foo"`},
		{Settings{ExtraTrademarks: []string{" "}}, "extra_trademarks"},
		{Settings{AuthorizedBrands: []string{""}}, "authorized_brands"},
		{Settings{RegionGroups: map[string][]string{"偏远地区": {"新疆", "火星"}}}, `unknown region "火星"`},
		{Settings{RegionGroups: map[string][]string{"偏远地区": {"新疆维吾尔自治区", "西藏"}}}, ""},
	}
	for _, tt := range tests {
		err := tt.s.Validate()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("Validate(%+v) = %v, want nil", tt.s, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("Validate(%+v) = %v, want error containing %q", tt.s, err, tt.want)
		}
		if _, err2 := NewEngine(tt.s); (err2 == nil) != (err == nil) {
			t.Errorf("NewEngine(%+v) error = %v, Validate = %v", tt.s, err2, err)
		}
	}
}
