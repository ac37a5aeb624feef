package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
)

func newEvidenceCmd(g *globalFlags) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "evidence FINGERPRINT",
		Short: "Write the listing page exactly as fetched when a finding was seen (for appeals, 申诉)",
		Long: `evidence looks up a finding (by its fingerprint or a unique prefix), prints the
listing URL, when the page was fetched and the SHA-256 of its bytes, and writes
those bytes, verified against the hash, to --out (default: stdout). With
store.archive on, every patrol keeps each fetched page once per content hash,
so a seller can show what the listing said when a complaint claims otherwise.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, db, err := openStore(cmd, g)
			if err != nil {
				return err
			}
			defer db.Close()
			ctx := cmd.Context()
			f, err := db.FindFingerprint(ctx, args[0])
			if err != nil {
				return withCode(exitError, err)
			}
			snap, ok, err := db.Snapshot(ctx, f.RunID, f.ListingID)
			if err != nil {
				return withCode(exitError, err)
			}
			if !ok || snap.ContentHash == "" {
				return withCode(exitError, fmt.Errorf("evidence: run %d holds no page of listing %s", f.RunID, f.ListingID))
			}
			page, err := db.ArchivedPage(ctx, snap.ContentHash)
			if err != nil {
				return withCode(exitError, fmt.Errorf("evidence: %w (was store.archive off, or the page pruned by store.archive_days?)", err))
			}
			loc, _ := time.LoadLocation(cfg.Reports.Timezone)
			fmt.Fprintf(cmd.ErrOrStderr(), "finding %s: %s on listing %s\nurl: %s\nfetched: %s\nsha256: %s (%d bytes, verified)\n",
				f.Fingerprint, f.Rule, f.ListingID, snap.URL, snap.FetchedAt.In(loc).Format(time.RFC3339), page.Hash, len(page.Body))
			if out == "" || out == "-" {
				_, err = cmd.OutOrStdout().Write(page.Body)
				return withCode(exitError, err)
			}
			if err := os.WriteFile(out, page.Body, 0o644); err != nil {
				return withCode(exitError, fmt.Errorf("evidence: %w", err))
			}
			fmt.Fprintln(cmd.OutOrStdout(), out)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "file for the page bytes (default: stdout)")
	return cmd
}
