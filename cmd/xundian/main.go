// Command xundian (巡店) patrols an online shop's own product listings and
// reports the claims that get sellers punished: 包邮 contradicted by the
// freight template, advertised prices nobody can pay, other brands'
// trademarks, material claims the attributes contradict, and service text
// that refuses invoices, cards or COD.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"
)

// Exit codes for scripts: 0 no open finding at or above --fail-on, 1 there
// are, 2 the command itself failed (bad config, crawl or store error).
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

// exitError carries a non-default exit code out of a command.
type codeError struct {
	code int
	err  error
}

func (e *codeError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}
func (e *codeError) Unwrap() error { return e.err }

// withCode wraps err so main exits with code; a nil err stays nil.
func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	return &codeError{code: code, err: err}
}

// exitWith makes main exit with code without printing anything (the
// command already said why, e.g. findings at or above --fail-on).
func exitWith(code int) error {
	if code == exitOK {
		return nil
	}
	return &codeError{code: code}
}

// globalFlags are the flags every command shares.
type globalFlags struct {
	config string
	quiet  bool
}

func newRootCmd() *cobra.Command {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:           "xundian",
		Short:         "巡店: patrol your shop's listings for claims that cost deduction points",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&g.config, "config", "", "config file (default ./config.yaml when present)")
	root.PersistentFlags().String("db", "", "SQLite database path (store.path)")
	root.PersistentFlags().String("format", "", "report format (reports.format): md, json, html, csv or xlsx")
	root.PersistentFlags().String("lang", "", "report language (reports.lang): zh or en")
	root.PersistentFlags().BoolVarP(&g.quiet, "quiet", "q", false, "no progress output")
	// --cpuprofile is for bench/ (pprof): hidden, not a user feature.
	var stopProfile func()
	root.PersistentFlags().String("cpuprofile", "", "write a CPU profile to this file")
	_ = root.PersistentFlags().MarkHidden("cpuprofile")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		path, _ := cmd.Flags().GetString("cpuprofile")
		var err error
		stopProfile, err = startCPUProfile(path)
		return err
	}
	root.PersistentPostRun = func(*cobra.Command, []string) { stopProfile() }
	root.AddCommand(
		newPatrolCmd(g),
		newDemoCmd(g),
		newDemoshopCmd(),
		newCheckCmd(g),
		newServeCmd(g),
		newReportCmd(g),
		newRulesCmd(g),
		newIgnoreCmd(g),
		newEvidenceCmd(g),
		newHistoryCmd(g),
		newAuditCmd(g),
	)
	return root
}

// startCPUProfile profiles the process into path until the returned stop
// is called; an empty path profiles nothing.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, withCode(exitError, fmt.Errorf("cpuprofile: %w", err))
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, withCode(exitError, fmt.Errorf("cpuprofile: %w", err))
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func main() {
	err := newRootCmd().Execute()
	if err == nil {
		os.Exit(exitOK)
	}
	var ce *codeError
	if errors.As(err, &ce) {
		if ce.err != nil {
			fmt.Fprintln(os.Stderr, "xundian:", ce.err)
		}
		os.Exit(ce.code)
	}
	fmt.Fprintln(os.Stderr, "xundian:", err)
	os.Exit(exitError)
}
