package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xundian/xundian/reports"
)

func newRulesCmd(g *globalFlags) *cobra.Command {
	var lang string
	cmd := &cobra.Command{
		Use:   "rules [RULE-ID]",
		Short: "Print the rule catalogue, or explain one rule",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w := cmd.OutOrStdout()
			en := lang == "en"
			if len(args) == 0 {
				var rows [][]string
				for _, c := range reports.Catalogue() {
					title := c.TitleZH
					if en {
						title = c.TitleEN
					}
					rows = append(rows, []string{c.ID, reports.SeverityLabel(c.Severity, lang), pointsText(c.Points), title})
				}
				writeTable(w, rows)
				return nil
			}
			c, ok := reports.LookupRule(args[0])
			if !ok {
				return withCode(exitError, fmt.Errorf("rules: unknown rule ID %q (run `xundian rules` for the list)", args[0]))
			}
			title, doc := c.TitleZH, c.Doc
			if en {
				title, doc = c.TitleEN, c.DocEN
			}
			fmt.Fprintf(w, "%s — %s\n", c.ID, title)
			if en {
				fmt.Fprintf(w, "points: %s · severity: %s · cites: %s\n\n", pointsText(c.Points), c.Severity, c.Cites)
			} else {
				fmt.Fprintf(w, "扣分：%s · 严重度：%s · 依据：%s\n\n", pointsText(c.Points), reports.SeverityLabel(c.Severity, lang), c.Cites)
			}
			fmt.Fprintln(w, strings.TrimSpace(doc))
			return nil
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "zh", "zh or en")
	return cmd
}

// pointsText shows a rule's points, "-" for risks the platform does not
// score directly (rules.md).
func pointsText(points int) string {
	if points <= 0 {
		return "-"
	}
	return fmt.Sprint(points)
}
