package main

import (
	"strings"
	"testing"
)

// TestRulesCatalogueLanguage: the catalogue and a rule's explanation name
// severities in the chosen language.
func TestRulesCatalogueLanguage(t *testing.T) {
	tests := []struct {
		args       []string
		want, leak []string
	}{
		{[]string{"rules"}, []string{"material-mismatch", "严重", "材质不符"}, []string{"critical", "medium"}},
		{[]string{"rules", "--lang", "en"}, []string{"material-mismatch", "critical", "Material claim"}, []string{"严重"}},
		{[]string{"rules", "cod-refusal"}, []string{"严重度：高"}, []string{"high"}},
		{[]string{"rules", "cod-refusal", "--lang", "en"}, []string{"severity: high"}, nil},
	}
	for _, tt := range tests {
		out, _, err := runCLI(t, tt.args...)
		if err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v lacks %q:\n%s", tt.args, w, out)
			}
		}
		for _, l := range tt.leak {
			if strings.Contains(out, l) {
				t.Errorf("%v shows %q:\n%s", tt.args, l, out)
			}
		}
	}
}
