package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/xundian/xundian/store"
)

func newPatrolCmd(g *globalFlags) *cobra.Command {
	var (
		out, failOn    string
		full, noNotify bool
	)
	cmd := &cobra.Command{
		Use:   "patrol",
		Short: "Crawl the configured shop, run every rule, store the run and write the report",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(g.config, cmd.Flags())
			if err != nil {
				return withCode(exitError, err)
			}
			if _, err := parseFailOn(failOn); err != nil {
				return withCode(exitError, err)
			}
			ctx, stop := notifyContext(cmd.Context())
			defer stop()
			o, err := patrolJob{cfg: cfg, kind: store.KindPatrol, out: out, quiet: g.quiet, stderr: cmd.ErrOrStderr(), full: full, notify: !noNotify}.run(ctx)
			if err != nil {
				return withCode(exitError, err)
			}
			printSummary(cmd.ErrOrStderr(), o, cfg.Reports.Lang)
			if out != "-" {
				fmt.Fprintln(cmd.OutOrStdout(), o.reportPath)
			}
			code, err := failOnCode(o.report, failOn)
			if err != nil {
				return withCode(code, err)
			}
			return exitWith(code)
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "report path (\"-\" for stdout; default: a dated file in reports.dir)")
	cmd.Flags().BoolVar(&full, "full", false, "fetch and check every page again instead of sending conditional requests")
	cmd.Flags().BoolVar(&noNotify, "no-notify", false, "do not send the configured notifications")
	cmd.Flags().StringVar(&failOn, "fail-on", "none", "exit 1 when an open finding has at least this severity (critical, high, medium, low, none)")
	return cmd
}

// notifyContext is the signal context the long-running commands share.
func notifyContext(parent context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
}
