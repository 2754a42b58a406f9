package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/journeymap/journeymap/render/graphviz"
	"github.com/journeymap/journeymap/render/report"
)

// reportArgs are the settings of one report.
type reportArgs struct {
	log    string    // an event log, for the conformance section
	logHow *logFlags // how to read it
	font   string    // a TrueType font for the map
	before string    // a journey to compare with (--compare)
	opts   report.Options
}

// newReportCmd returns "journeymap report FILE -o OUT.html [--log LOG]": one
// self-contained HTML page with the journey's personas, the classic map
// with a persona switcher, the flow graph with the findings, the findings
// as tables, the flow by stage and, with --log, the log's conformance.
// Nothing is written unless the whole page was, and a file OUT is replaced
// only then.
func newReportCmd(a *app) *cobra.Command {
	var (
		r   reportArgs
		out string
	)
	cmd := &cobra.Command{
		Use:   "report FILE -o OUT.html [--log LOG] [--compare A]",
		Short: "Write a self-contained HTML report of a journey",
		Long: `Write the report of the journey in FILE ("-" for standard input) to OUT ("-"
for standard output): one HTML page, with everything inline, that a browser
opens offline. It holds the personas, the journey map with a persona
switcher, the flow graph with the findings, the findings as tables, the flow
by stage where the journey has numbers, with --log the conformance of an
event log to the journey, and with --compare A a section comparing the journey
with A (A before, FILE after, as "journeymap diff A FILE" compares them): the
conversion before and after, the regressions, what was added, removed and
changed, reach and emotion by stage before and after, the map with both
emotion curves and the flow graph of the comparison. Problems of both
journeys are printed at once, exit 2.`,
		Args:              onlyOneFile,
		ValidArgsFunction: journeyFiles,
	}
	addOutputFlag(cmd, &out, "", "write the report to `OUT.html` (\"-\" for standard output)")
	cmd.Flags().StringVar(&r.log, "log", "", "an event `LOG` whose conformance to the journey the report shows (\"-\" for standard input); read as conform reads it")
	cmd.Flags().StringVar(&r.before, "compare", "", "a journey `A` to compare FILE with (A before, FILE after), in a section of its own (\"-\" for standard input)")
	r.logHow = addLogFlags(cmd, "log-format", true)
	cmd.Flags().Float64Var(&r.opts.MapWidth, "width", 0, "the width in `PX` the map is laid out for (default 1280; a long journey is wider)")
	cmd.Flags().StringVar(&r.font, "font", "", "a TrueType `FILE` (.ttf) the map measures the characters the Go fonts lack with (CJK, Arabic, Hebrew)")
	cmd.Flags().IntVar(&r.opts.Graphviz.MaxSteps, "max-steps", graphviz.DefaultMaxSteps, "lay out the flow graph of a journey of at most `N` steps (a larger one gets a note instead); negative for no limit")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if out == "" {
			return errors.New("-o OUT.html is required")
		}
		if r.opts.MapWidth < 0 {
			return errors.New("--width must be positive")
		}
		if r.log == stdinName && args[0] == stdinName {
			return errors.New("only one of FILE and --log can be standard input (-)")
		}
		if r.before == stdinName && (args[0] == stdinName || r.log == stdinName) {
			return errors.New("only one of FILE, --log and --compare can be standard input (-)")
		}
		if err := r.logHow.check(); err != nil {
			return err
		}
		return status(a.report(args[0], out, r))
	}
	return cmd
}

// report writes the report of the journey in FILE to OUT and returns the
// exit status.
func (a *app) report(file, out string, r reportArgs) int {
	if r.font != "" {
		b, err := os.ReadFile(r.font)
		if err != nil {
			fmt.Fprintf(a.stderr, "journeymap report: cannot read the font: %v\n", err)
			return exitInvalid
		}
		r.opts.MapFont = b
	}
	// With --compare, both journeys are read and validated before either
	// is given up on, so that every problem of both is printed.
	okBefore := true
	if r.before != "" {
		r.opts.Before, okBefore = a.loadJourney(r.before)
	}
	j, ok := a.loadJourney(file)
	if !ok || !okBefore {
		return exitInvalid
	}
	ctx := context.Background()
	if r.log != "" {
		c, code := a.conformance(j, r.log, r.logHow)
		if code != exitOK {
			return code
		}
		r.opts.Conformance = c
	}
	f, err := a.create(out)
	if err != nil {
		fmt.Fprintf(a.stderr, "journeymap report: %v\n", err)
		return exitInvalid
	}
	if err := report.Write(ctx, f, j, r.opts); err != nil {
		f.abort()
		printRenderError(a.stderr, label(file), err)
		return exitInvalid
	}
	if err := f.commit(); err != nil {
		fmt.Fprintf(a.stderr, "journeymap report: %v\n", err)
		return exitInvalid
	}
	return exitOK
}
