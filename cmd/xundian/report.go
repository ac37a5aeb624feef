package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/xundian/xundian/reports"
)

func newReportCmd(g *globalFlags) *cobra.Command {
	var (
		runID int64
		out   string
	)
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Render a stored run's report (default: the latest run)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, db, err := openStore(cmd, g)
			if err != nil {
				return err
			}
			defer db.Close()
			ctx := cmd.Context()
			if runID == 0 {
				run, ok, err := db.LatestRun(ctx, "")
				if err != nil {
					return withCode(exitError, err)
				}
				if !ok {
					return withCode(exitError, fmt.Errorf("report: no runs in %s", cfg.Store.Path))
				}
				runID = run.ID
			}
			rep, err := reports.Build(ctx, db, runID, cfg.Reports.Lang)
			if err != nil {
				return withCode(exitError, err)
			}
			loc, _ := time.LoadLocation(cfg.Reports.Timezone)
			path := out
			if path == "" {
				path = "-"
			}
			if err := writeReport(rep, path, cfg.Reports.Format, loc); err != nil {
				return withCode(exitError, err)
			}
			if path != "-" {
				fmt.Fprintln(cmd.OutOrStdout(), path)
			}
			return nil
		},
	}
	cmd.Flags().Int64Var(&runID, "run", 0, "run ID (default: the latest run)")
	cmd.Flags().StringVarP(&out, "out", "o", "", "report path (default: stdout)")
	return cmd
}
