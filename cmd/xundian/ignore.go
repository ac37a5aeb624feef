package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/xundian/xundian/store"
)

func newIgnoreCmd(g *globalFlags) *cobra.Command {
	var (
		reason string
		until  string
		undo   bool
	)
	cmd := &cobra.Command{
		Use:   "ignore FINGERPRINT",
		Short: "Accept a finding (by its fingerprint or a unique prefix) so it leaves the totals",
		Long: `ignore records a suppression for a finding. Suppressed findings leave the
totals and the exposure but stay listed in the report's suppressed section.
With --until the suppression expires on that day and the finding reopens.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(g.config, cmd.Flags())
			if err != nil {
				return withCode(exitError, err)
			}
			loc, _ := time.LoadLocation(cfg.Reports.Timezone)
			var untilT time.Time
			if until != "" {
				untilT, err = time.ParseInLocation("2006-01-02", until, loc)
				if err != nil {
					return withCode(exitError, fmt.Errorf("--until: want a date like 2026-12-31: %w", err))
				}
			}
			if !undo && reason == "" {
				return withCode(exitError, fmt.Errorf("--reason: say why the finding is accepted"))
			}
			ctx := cmd.Context()
			db, err := store.Open(ctx, cfg.Store.Path)
			if err != nil {
				return withCode(exitError, err)
			}
			defer db.Close()
			f, err := db.FindFingerprint(ctx, args[0])
			if err != nil {
				return withCode(exitError, err)
			}
			if undo {
				if err := db.Unsuppress(ctx, f.Fingerprint); err != nil {
					return withCode(exitError, err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "unsuppressed %s (%s on %s)\n", f.Fingerprint, f.Rule, f.ListingID)
				return nil
			}
			if err := db.Suppress(ctx, f.Fingerprint, reason, untilT, time.Now()); err != nil {
				return withCode(exitError, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "suppressed %s (%s on %s)\n", f.Fingerprint, f.Rule, f.ListingID)
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the finding is accepted (required)")
	cmd.Flags().StringVar(&until, "until", "", "expiry day, e.g. 2026-12-31 (default: never)")
	cmd.Flags().BoolVar(&undo, "undo", false, "remove the suppression instead")
	return cmd
}
