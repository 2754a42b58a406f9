package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
)

func init() {
	register("analyze", command{
		usage: "analyze FILE [--persona P] [--format text|json|markdown] [--fail-on SEVERITY] [-k N] [--entry-weight STEP=W]...",
		run:   runAnalyze,
	})
}

// analyzeValueFlags are the flags of analyze that take a value, so that the
// value is not mistaken for FILE when flags follow it.
var analyzeValueFlags = map[string]bool{"persona": true, "format": true, "fail-on": true, "k": true, "entry-weight": true}

// entryWeights is the repeatable flag --entry-weight STEP=W.
type entryWeights map[string]float64

func (e entryWeights) String() string { return "" }

func (e entryWeights) Set(v string) error {
	step, w, ok := strings.Cut(v, "=")
	if !ok || step == "" {
		return fmt.Errorf("want STEP=WEIGHT, have %q", v)
	}
	x, err := strconv.ParseFloat(w, 64)
	if err != nil {
		return fmt.Errorf("weight of %q: %v", step, err)
	}
	e[step] = x
	return nil
}

// runAnalyze is "journeymap analyze". With --fail-on SEVERITY it exits with
// exitFindings when the report shown (the journey's or, without --persona,
// any persona's) has a barrier at or above SEVERITY on a critical step, a
// dead end or an unreachable stage, and says why on stderr.
func runAnalyze(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(stderr)
	persona := fs.String("persona", "", "analyse the journey as persona `P` sees it")
	format := fs.String("format", "text", "output `format`: text, json or markdown")
	failOn := fs.String("fail-on", "", "exit 1 when a barrier at or above `SEVERITY` (low, medium, high, blocker) is on a critical step, or a dead end or unreachable stage exists")
	k := fs.Int("k", analysis.DefaultK, "report the `N` best entry-to-goal paths (at most 1000; 0 for none)")
	weights := entryWeights{}
	fs.Var(weights, "entry-weight", "weigh entry `STEP=W` in the flow where the file gives no entry counts (repeatable; entries not named weigh 0)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: journeymap analyze FILE [--persona P] [--format text|json|markdown] [--fail-on SEVERITY] [-k N] [--entry-weight STEP=W]...")
		fs.PrintDefaults()
	}
	flags, files, err := splitArgs(args, analyzeValueFlags)
	if err != nil {
		fmt.Fprintf(stderr, "journeymap analyze: %v\n", err)
		fs.Usage()
		return exitInvalid
	}
	if err := fs.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitInvalid
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "journeymap analyze: want exactly one FILE, have %d\n", len(files))
		fs.Usage()
		return exitInvalid
	}
	switch *format {
	case "text", "json", "markdown":
	default:
		fmt.Fprintf(stderr, "journeymap analyze: unknown format %q (want text, json or markdown)\n", *format)
		return exitInvalid
	}
	var threshold journey.Severity
	if *failOn != "" {
		s := journey.Severity(*failOn)
		if !s.Valid() {
			fmt.Fprintf(stderr, "journeymap analyze: unknown severity %q (want low, medium, high or blocker)\n", *failOn)
			return exitInvalid
		}
		threshold = s
	}
	if *k < 0 {
		fmt.Fprintf(stderr, "journeymap analyze: -k %d: want 0 or more\n", *k)
		return exitInvalid
	}
	opts := analysis.Options{Persona: *persona, K: *k}
	if len(weights) > 0 {
		opts.EntryWeights = weights
	}
	if *k == 0 {
		opts.K = -1
	}

	file := files[0]
	j, ok := loadJourney(file, stderr)
	if !ok {
		return exitInvalid
	}
	report, err := analysis.Analyze(context.Background(), j, opts)
	if err != nil {
		var ps journey.Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				if p.File == "" {
					p.File = file
				}
				fmt.Fprintln(stderr, p.Error())
			}
		} else {
			fmt.Fprintf(stderr, "%s: %v\n", file, err)
		}
		return exitInvalid
	}

	switch *format {
	case "json":
		var b []byte
		b, err = json.MarshalIndent(report, "", "  ")
		if err == nil {
			b = append(b, '\n')
			_, err = stdout.Write(b)
		}
	case "markdown":
		err = report.WriteMarkdown(stdout)
	default:
		err = report.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "journeymap analyze: %v\n", err)
		return exitInvalid
	}

	if threshold != "" {
		if reasons := failReasons(report, threshold); len(reasons) > 0 {
			for _, reason := range reasons {
				fmt.Fprintf(stderr, "%s: %s\n", file, reason)
			}
			return exitFindings
		}
	}
	return exitOK
}

// failReasons says every reason why the report fails --fail-on threshold:
// barriers at or above it on critical steps, dead ends (whatever the
// threshold) and unreachable stages, in the report and then in its persona
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

// splitArgs separates flags from positional arguments so that flags may
// follow FILE. valueFlags names the flags that take a value; "--" ends the
// flags. It returns the flags in order, then the positional arguments.
func splitArgs(args []string, valueFlags map[string]bool) (flags, positional []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if valueFlags[name] {
			if i+1 >= len(args) {
				return nil, nil, fmt.Errorf("flag %s needs a value", a)
			}
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, positional, nil
}
