package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/compare"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/render"
	"github.com/journeymap/journeymap/render/graphviz"
)

// notDrawn holds the extensions of pictures and documents diff cannot
// write: a report in one of them would only be mistaken for the picture.
var notDrawn = map[string]bool{".gif": true, ".jpg": true, ".jpeg": true, ".pdf": true, ".webp": true, ".bmp": true,
	".tif": true, ".tiff": true, ".svgz": true, ".ps": true, ".eps": true, ".mmd": true, ".html": true}

// diffPictures maps the extensions of OUT that make diff draw the
// comparison instead of writing the report.
var diffPictures = map[string]func(ctx context.Context, w io.Writer, d *compare.Diff, opts render.Options) error{
	".dot": func(_ context.Context, w io.Writer, d *compare.Diff, opts render.Options) error {
		return render.DiffDOT(w, d, opts)
	},
	".svg": func(ctx context.Context, w io.Writer, d *compare.Diff, opts render.Options) error {
		return diffLayout(ctx, w, d, opts, graphviz.SVGFormat)
	},
	".png": func(ctx context.Context, w io.Writer, d *compare.Diff, opts render.Options) error {
		return diffLayout(ctx, w, d, opts, graphviz.PNGFormat)
	},
}

func diffLayout(ctx context.Context, w io.Writer, d *compare.Diff, opts render.Options, f graphviz.Format) error {
	if n := len(d.B.Steps) + len(d.Patch.Steps.Removed); n > graphviz.DefaultMaxSteps {
		return fmt.Errorf("the comparison has %d steps, more than %d to lay out: write .dot instead", n, graphviz.DefaultMaxSteps)
	}
	var dot bytes.Buffer
	if err := render.DiffDOT(&dot, d, opts); err != nil {
		return err
	}
	return graphviz.RenderDOT(ctx, w, dot.Bytes(), f)
}

// newDiffCmd returns "journeymap diff A B": A before (as-is, or ours), B
// after (to-be, or a competitor's).
func newDiffCmd(a *app) *cobra.Command {
	var (
		args diffArgs
		out  string
	)
	cmd := &cobra.Command{
		Use:   "diff A B",
		Short: "Compare two journeys: as-is with to-be, ours with a competitor's",
		Long: `Compare journey A (before: as-is, or ours) with journey B (after: to-be, or a
competitor's): steps, stages, touchpoints, transitions and barriers added,
removed and changed; conversion, reach, leave and emotion per stage before
and after; findings that appear or go away; and regressions (a new dead end
or unreachable stage, a new high or blocker barrier on a critical step, lower
conversion), for all personas and for each persona both have. Journeys that
share no step are compared stage by stage.

With -o OUT.dot, .svg or .png, draw the flow graph of the comparison instead:
added parts green, removed red and dashed, changed amber. With --view map and
-o OUT.svg or .png, draw B's classic journey map with A's emotion curves on
the same axes (A dashed and lighter, B solid): steps B adds marked NEW in
green, steps only A has listed per stage in red; journeys that share no step
are drawn as one point per stage, at the mean emotion of its steps.

Problems of either file are printed as FILE:LINE:COL: code: message, exit 2.
With --fail-on-regression, exit 1 when there is any regression, and say
which on standard error.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 2 {
				return fmt.Errorf("want two files, A and B, have %d", len(args))
			}
			return nil
		},
		ValidArgsFunction: journeyFiles,
	}
	cmd.Flags().StringVar(&args.opts.Persona, "persona", "", "compare the journeys as persona `P` sees them")
	cmd.RegisterFlagCompletionFunc("persona", a.completePersonas)
	cmd.Flags().BoolVar(&args.failOnRegression, "fail-on-regression", false, "exit 1 when B regresses from A")
	format := addFormatFlag(cmd, "text", "text", "json", "markdown")
	var view string
	cmd.Flags().StringVar(&view, "view", "flow", "the picture to draw with -o OUT.svg or .png: `flow` (the flow graph) or map (the journey map with both emotion curves)")
	cmd.RegisterFlagCompletionFunc("view", cobra.FixedCompletions([]string{"flow", "map"}, cobra.ShellCompDirectiveNoFileComp))
	addOutputFlag(cmd, &out, "-", "write the comparison to `OUT` (\"-\" for standard output); .dot, .svg or .png draws it")
	cmd.RunE = func(cmd *cobra.Command, files []string) error {
		args.format = format.value
		ext := strings.ToLower(filepath.Ext(out))
		if out != stdinName && notDrawn[ext] {
			return fmt.Errorf("cannot draw the comparison as %s: -o OUT.dot, .svg or .png draws it, and other names get the %s report", ext, format.value)
		}
		if out != stdinName && diffPictures[ext] != nil {
			if cmd.Flags().Changed("format") {
				return fmt.Errorf("--format applies to the report, not to a picture %s", ext)
			}
			args.picture = diffPictures[ext]
		}
		switch view {
		case "flow":
		case "map":
			if out == stdinName || ext != ".svg" && ext != ".png" {
				return fmt.Errorf("--view map draws the map to -o OUT.svg or OUT.png, not to %q", out)
			}
			args.mapPNG = ext == ".png"
			args.picture = nil
			args.mapView = true
		default:
			return fmt.Errorf("--view %q: want flow or map", view)
		}
		return status(a.diff(files[0], files[1], out, args))
	}
	return cmd
}

// diffArgs are the settings of one diff.
type diffArgs struct {
	opts             compare.Options
	format           string
	failOnRegression bool
	picture          func(ctx context.Context, w io.Writer, d *compare.Diff, opts render.Options) error
	// mapView draws B's journey map with A's emotion curves (--view map),
	// as PNG with mapPNG, else SVG.
	mapView, mapPNG bool
}

// diff compares the journeys in files A and B, writes the comparison to OUT
// and returns the exit status.
func (a *app) diff(fileA, fileB, out string, args diffArgs) int {
	// Both files are read and validated before either is given up on, so
	// that every problem of both is printed.
	ja, okA := a.loadJourney(fileA)
	jb, okB := a.loadJourney(fileB)
	if !okA || !okB {
		return exitInvalid
	}
	if !a.checkPersona(args.opts.Persona, []string{fileA, fileB}, []*journey.Journey{ja, jb}) {
		return exitInvalid
	}
	ctx := context.Background()
	d, err := compare.Compare(ctx, ja, jb, args.opts)
	if err != nil {
		printProblems(a.stderr, label(fileB), err)
		return exitInvalid
	}
	var buf bytes.Buffer
	switch {
	case args.mapView:
		err = diffMap(ctx, &buf, ja, jb, args)
	case args.picture != nil:
		err = args.picture(ctx, &buf, d, render.Options{Persona: args.opts.Persona})
	case args.format == "json":
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		err = enc.Encode(d)
	case args.format == "markdown":
		err = d.WriteMarkdown(&buf)
	default:
		err = d.WriteText(&buf)
	}
	if err != nil {
		printRenderError(a.stderr, label(fileB), err)
		return exitInvalid
	}
	if err := a.writeOutput(out, buf.Bytes()); err != nil {
		fmt.Fprintf(a.stderr, "journeymap diff: %v\n", err)
		return exitInvalid
	}
	if args.failOnRegression && len(d.Regressions) > 0 {
		for _, r := range d.Regressions {
			fmt.Fprintf(a.stderr, "%s: regression: %s: %s\n", label(fileB), r.Kind, r.Message)
		}
		return exitFindings
	}
	return exitOK
}

// checkPersona prints a problem for each of the journeys that lacks
// persona p and reports whether both have it.
func (a *app) checkPersona(p string, files []string, js []*journey.Journey) bool {
	ok := true
	for i, j := range js {
		if p == "" || slices.ContainsFunc(j.Personas, func(q persona.Persona) bool { return q.ID == p }) {
			continue
		}
		ok = false
		printProblems(a.stderr, label(files[i]), journey.Problems{{Code: journey.CodeUnknownPersona,
			Message: fmt.Sprintf("the journey has no persona %q (--persona)", p)}})
	}
	return ok
}

// diffMap draws B's classic journey map with A's emotion curves on the same
// axes, B's findings (reach per stage, critical steps, ...) marked.
func diffMap(ctx context.Context, w io.Writer, ja, jb *journey.Journey, args diffArgs) error {
	report, err := analysis.Analyze(ctx, jb, analysis.Options{Persona: args.opts.Persona})
	if err != nil {
		return err
	}
	opts := render.MapOptions{Before: ja, Persona: args.opts.Persona, Findings: render.NewMapFindings(report)}
	if args.mapPNG {
		return render.MapPNG(w, jb, opts)
	}
	return render.Map(w, jb, opts)
}
