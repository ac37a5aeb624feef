package main

import (
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/xundian/xundian/demoshop"
)

func newDemoshopCmd() *cobra.Command {
	var (
		port     int
		listings int
		seed     int64
		day      int
		faults   string
		latency  time.Duration
	)
	cmd := &cobra.Command{
		Use:   "demoshop",
		Short: "Serve the deterministic demo storefront on 127.0.0.1 until interrupted",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if port < 0 || port > 65535 {
				return withCode(exitError, fmt.Errorf("--port: %d is not a TCP port", port))
			}
			shop, err := demoshop.New(demoshop.Options{Listings: listings, Seed: seed, Day: day, FontPath: demoshop.InstalledFont()})
			if err != nil {
				return withCode(exitError, err)
			}
			spec, err := demoshop.ParseFaultSpec(faults)
			if err != nil {
				return withCode(exitError, fmt.Errorf("--faults: %w", err))
			}
			spec.Seed = seed
			ctx, stop := notifyContext(cmd.Context())
			defer stop()
			addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
			if latency < 0 {
				return withCode(exitError, fmt.Errorf("--latency: %v is negative", latency))
			}
			h := shop.Handler()
			if faults != "" {
				if h, err = shop.WithFaults(spec); err != nil {
					return withCode(exitError, fmt.Errorf("--faults: %w", err))
				}
			}
			srv, err := demoshop.ServeHandler(ctx, addr, demoshop.WithLatency(h, latency))
			if err != nil {
				return withCode(exitError, fmt.Errorf("demoshop: %w", err))
			}
			fmt.Fprintf(cmd.OutOrStdout(), "demo shop serving %d listings at %s (truth: %s/_truth.json)\n", listings, srv.URL, srv.URL)
			if err := srv.Wait(); err != nil {
				return withCode(exitError, fmt.Errorf("demoshop: %w", err))
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&port, "port", 8080, "port on 127.0.0.1 (0 = any free port)")
	cmd.Flags().IntVar(&listings, "listings", 500, "number of listings")
	cmd.Flags().Int64Var(&seed, "seed", 1, "seed: the same seed serves the same shop")
	cmd.Flags().IntVar(&day, "day", 0, "serve the shop D days later: price, handling and stock changes on a few listings plant history and promotion problems (fixed from day 10); 0 = today")
	cmd.Flags().DurationVar(&latency, "latency", 0, "delay every response this long, as a shop across a network would (e.g. 20ms; benchmarks)")
	cmd.Flags().StringVar(&faults, "faults", "", `inject faults at these rates, e.g. "5xx=0.05,timeout=0.02,429=0.02,foreignlinks=1" (see RELIABILITY.md)`)
	return cmd
}
