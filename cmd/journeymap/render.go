package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
	"github.com/journeymap/journeymap/render/graphviz"
)

// renderHow holds what the renderers take besides render.Options.
type renderHow struct {
	mermaid string            // for .mmd: journey or flowchart
	gv      graphviz.Renderer // for .svg and .png
	mapOpts render.MapOptions // for --view map
}

// renderFormats maps the extensions of OUT to the renderers.
var renderFormats = map[string]func(ctx context.Context, w io.Writer, j *journey.Journey, opts render.Options, how renderHow) error{
	".dot": func(_ context.Context, w io.Writer, j *journey.Journey, opts render.Options, _ renderHow) error {
		return render.DOT(w, j, opts)
	},
	".mmd": func(_ context.Context, w io.Writer, j *journey.Journey, opts render.Options, how renderHow) error {
		if how.mermaid == "flowchart" {
			return render.MermaidFlowchart(w, j, opts)
		}
		return render.Mermaid(w, j, opts)
	},
	".svg": func(ctx context.Context, w io.Writer, j *journey.Journey, opts render.Options, how renderHow) error {
		return how.gv.SVG(ctx, w, j, opts)
	},
	".png": func(ctx context.Context, w io.Writer, j *journey.Journey, opts render.Options, how renderHow) error {
		return how.gv.PNG(ctx, w, j, opts)
	},
}

// newRenderCmd returns "journeymap render FILE -o OUT". The format follows
// OUT's extension (case-insensitive), or --format: dot (Graphviz DOT), svg
// and png (laid out by Graphviz), mmd (Mermaid: the journey diagram, or with
// --mermaid flowchart the flowchart of the whole graph). --highlight
// analyses the journey and draws the findings. Nothing is written unless
// the whole picture was drawn, and a file OUT is replaced only then.
func newRenderCmd(a *app) *cobra.Command {
	var (
		r   renderArgs
		out string
	)
	cmd := &cobra.Command{
		Use:   "render FILE -o OUT",
		Short: "Draw a journey as DOT, SVG, PNG or Mermaid, or as the classic journey map",
		Long: `Draw the journey in FILE ("-" for standard input) to OUT ("-" for standard
output). The format follows OUT's extension: .dot, .svg, .png or .mmd, or
--format, which -o - needs. --view map draws the classic journey map (.svg
or .png) instead of the flow graph, with the analysis findings marked.`,
		Args:              onlyOneFile,
		ValidArgsFunction: journeyFiles,
	}
	addOutputFlag(cmd, &out, "", "write the picture to `OUT` (\"-\" for standard output); its extension (.dot, .svg, .png, .mmd) chooses the format")
	format := addFormatFlag(cmd, "", "dot", "svg", "png", "mmd")
	cmd.Flags().StringVar(&r.opts.Persona, "persona", "", "draw the journey as persona `P` sees it")
	cmd.RegisterFlagCompletionFunc("persona", a.completePersonas)
	cmd.Flags().BoolVar(&r.highlight, "highlight", false, "analyse the journey and highlight the findings (unreachable steps, dead ends, critical steps, best path); on by default for --view map")
	mermaid := addChoiceFlag(cmd, "mermaid", "journey", "for .mmd: the Mermaid `diagram`, journey (sections and scored tasks) or flowchart (the whole graph)", "journey", "flowchart")
	cmd.Flags().BoolVar(&r.opts.NoLegend, "no-legend", false, "leave out the legend (.dot, .svg, .png)")
	cmd.Flags().IntVar(&r.how.gv.MaxSteps, "max-steps", graphviz.DefaultMaxSteps, "refuse to lay out (.svg, .png) a journey of more than `N` steps; 0 for the default, negative for no limit")
	mapF := addMapFlags(cmd)
	r.overlay = addOverlayFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if out == "" {
			return errors.New("-o OUT is required")
		}
		ext := "." + format.value
		if format.value == "" {
			if out == stdinName {
				return errors.New("-o - needs --format dot, svg, png or mmd")
			}
			ext = strings.ToLower(filepath.Ext(out))
		}
		var ok bool
		if r.write, ok = renderFormats[ext]; !ok {
			return fmt.Errorf("cannot tell the format of %q: want .dot, .svg, .png or .mmd, or --format", out)
		}
		if cmd.Flags().Changed("mermaid") && ext != ".mmd" {
			return fmt.Errorf("--mermaid applies to .mmd output only, not %s", ext)
		}
		r.how.mermaid = mermaid.value
		if err := mapF.apply(cmd, ext, &r); err != nil {
			return err
		}
		if err := r.overlay.check(cmd, ext, mapF.view.value); err != nil {
			return err
		}
		return status(a.render(args[0], out, r))
	}
	return cmd
}

// renderArgs are the settings of one render.
type renderArgs struct {
	write     func(ctx context.Context, w io.Writer, j *journey.Journey, opts render.Options, how renderHow) error
	opts      render.Options
	how       renderHow
	highlight bool
	overlay   *overlayFlags // --log
}

// render draws the journey in FILE to OUT and returns the exit status.
func (a *app) render(file, out string, r renderArgs) int {
	j, ok := a.loadJourney(file)
	if !ok {
		return exitInvalid
	}
	ctx := context.Background()
	if r.highlight {
		report, err := analysis.Analyze(ctx, j, analysis.Options{Persona: r.opts.Persona})
		if err != nil {
			printProblems(a.stderr, label(file), err)
			return exitInvalid
		}
		r.opts.Report = report
	}
	if r.overlay != nil && r.overlay.log != "" {
		if r.opts.Overlay, ok = a.overlay(j, r.overlay, r.opts.Persona); !ok {
			return exitInvalid
		}
	}
	var buf bytes.Buffer
	if err := r.write(ctx, &buf, j, r.opts, r.how); err != nil {
		printRenderError(a.stderr, label(file), err)
		return exitInvalid
	}
	if err := a.writeOutput(out, buf.Bytes()); err != nil {
		fmt.Fprintf(a.stderr, "journeymap render: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

// printRenderError prints an error of a renderer: journey problems one a
// line, other errors as FILE: code: message.
func printRenderError(w io.Writer, file string, err error) {
	var ps journey.Problems
	if errors.As(err, &ps) {
		// The library's message speaks of its own limit; here the user
		// sets it with a flag.
		ps = slices.Clone(ps)
		for i := range ps {
			switch {
			case ps[i].Code == graphviz.CodeTooLarge:
				ps[i].Message += " (raise --max-steps, or write .dot or .mmd instead)"
			case ps[i].Code == render.CodeMapTooLarge && ps[i].Path == "steps":
				ps[i].Message += " (raise --max-steps)"
			}
		}
		printProblems(w, file, ps)
		return
	}
	var coded interface{ Code() string }
	if errors.As(err, &coded) {
		fmt.Fprintf(w, "%s: %s: %v\n", file, coded.Code(), err)
		return
	}
	fmt.Fprintf(w, "%s: %v\n", file, err)
}
