package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
)

// newAnalyzeCmd returns "journeymap analyze FILE". With --fail-on SEVERITY
// it exits with exitFindings when the report shown (the journey's or,
// without --persona, any persona's) has a barrier at or above SEVERITY on a
// critical step, a dead end or an unreachable stage, and says why on stderr.
func newAnalyzeCmd(a *app) *cobra.Command {
	var (
		persona, out string
		k            int
	)
	cmd := &cobra.Command{
		Use:   "analyze FILE",
		Short: "Analyse a journey: paths, barriers, dead ends, drop-off",
		Long: `Analyse the journey in FILE ("-" for standard input) and write the report
to standard output, or to OUT with -o. With --fail-on SEVERITY, exit 1 when
a barrier at or above SEVERITY is on a critical step, or a dead end or an
unreachable stage exists, and say why on standard error.`,
		Args:              onlyOneFile,
		ValidArgsFunction: journeyFiles,
	}
	cmd.Flags().StringVar(&persona, "persona", "", "analyse the journey as persona `P` sees it")
	cmd.RegisterFlagCompletionFunc("persona", a.completePersonas)
	format := addFormatFlag(cmd, "text", "text", "json", "markdown")
	failOn := addChoiceFlag(cmd, "fail-on", "", "exit 1 when a barrier at or above `SEVERITY` (low, medium, high, blocker) is on a critical step, or a dead end or unreachable stage exists",
		"low", "medium", "high", "blocker")
	cmd.Flags().IntVarP(&k, "k", "k", analysis.DefaultK, "report the `N` best entry-to-goal paths (at most 1000; 0 for none)")
	addOutputFlag(cmd, &out, "-", "write the report to `OUT` (\"-\" for standard output)")
	var weights []string
	cmd.Flags().StringArrayVar(&weights, "entry-weight", nil, "weigh entry `STEP=W` in the flow where the file gives no entry counts (repeatable; entries not named weigh 0)")
	cmd.RunE = func(_ *cobra.Command, args []string) error {
		if k < 0 {
			return fmt.Errorf("-k %d: want 0 or more", k)
		}
		opts := analysis.Options{Persona: persona, K: k}
		if len(weights) > 0 {
			opts.EntryWeights = make(map[string]float64, len(weights))
			for _, v := range weights {
				step, w, ok := strings.Cut(v, "=")
				x, err := strconv.ParseFloat(w, 64)
				if !ok || step == "" || err != nil {
					return fmt.Errorf("--entry-weight %q: want STEP=WEIGHT, a number", v)
				}
				opts.EntryWeights[step] = x
			}
		}
		if k == 0 {
			opts.K = -1
		}
		threshold := journey.Severity(failOn.value) // "" without --fail-on; the flag checks the rest
		return status(a.analyze(args[0], opts, format.value, threshold, out))
	}
	return cmd
}

// analyze analyses FILE, writes the report in format to OUT, and returns the
// exit status.
func (a *app) analyze(file string, opts analysis.Options, format string, threshold journey.Severity, out string) int {
	j, ok := a.loadJourney(file)
	if !ok {
		return exitInvalid
	}
	report, err := analysis.Analyze(context.Background(), j, opts)
	if err != nil {
		var ps journey.Problems
		if errors.As(err, &ps) {
			printProblems(a.stderr, label(file), err)
		} else {
			fmt.Fprintf(a.stderr, "%s: %v\n", label(file), err)
		}
		return exitInvalid
	}

	w, err := a.create(out)
	if err != nil {
		fmt.Fprintf(a.stderr, "journeymap analyze: %v\n", err)
		return exitInvalid
	}
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(report)
	case "markdown":
		err = report.WriteMarkdown(w)
	default:
		err = report.WriteText(w)
	}
	if err == nil {
		err = w.commit()
	} else {
		w.abort()
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "journeymap analyze: %v\n", err)
		return exitInvalid
	}

	if threshold != "" {
		if reasons := failReasons(report, threshold); len(reasons) > 0 {
			for _, reason := range reasons {
				fmt.Fprintf(a.stderr, "%s: %s\n", label(file), reason)
			}
			return exitFindings
		}
	}
	return exitOK
}

// failReasons says every reason why the report fails --fail-on threshold:
// barriers at or above it on critical steps, dead ends and unreachable
// stages (whatever the threshold), in the report and then in its persona
// reports in ID order. It returns nil when there is none.
func failReasons(r *analysis.Report, threshold journey.Severity) []string {
	var out []string
	add := func(r *analysis.Report) {
		who := ""
		if r.Persona != "" {
			who = fmt.Sprintf(" for persona %q", r.Persona)
		}
		for _, b := range r.Barriers {
			if b.Critical && b.Severity.Rank() >= threshold.Rank() {
				out = append(out, fmt.Sprintf("%s barrier %q on critical step %q%s", b.Severity, b.Description, b.Step, who))
			}
		}
		for _, d := range r.DeadEnds {
			out = append(out, fmt.Sprintf("dead end at step %q%s", d, who))
		}
		for _, s := range r.UnreachableStages {
			out = append(out, fmt.Sprintf("unreachable stage %q%s", s, who))
		}
	}
	add(r)
	keys := make([]string, 0, len(r.Personas))
	for k := range r.Personas {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if p := r.Personas[k]; p != nil {
			add(p)
		}
	}
	return out
}
