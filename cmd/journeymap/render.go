package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
	"github.com/journeymap/journeymap/render/graphviz"
)

func init() {
	register("render", command{
		usage: "render FILE -o OUT [--persona P] [--highlight] [--mermaid journey|flowchart] [--no-legend] [--max-steps N]",
		run:   runRender,
	})
}

// renderValueFlags are the flags of render that take a value.
var renderValueFlags = map[string]bool{"o": true, "persona": true, "mermaid": true, "max-steps": true}

// renderHow holds what the renderers take besides render.Options.
type renderHow struct {
	mermaid string            // for .mmd: journey or flowchart
	gv      graphviz.Renderer // for .svg and .png
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

// runRender is "journeymap render". The format follows OUT's extension
// (case-insensitive): .dot (Graphviz DOT), .svg and .png (laid out by
// Graphviz), .mmd (Mermaid: the journey diagram, or with --mermaid
// flowchart the flowchart of the whole graph). --highlight analyses the
// journey and draws the findings. The picture is written to a temporary
// file next to OUT and renamed over it only when complete, so a failed
// render leaves OUT as it was.
func runRender(args []string, stdout, stderr io.Writer) int {
	set := flag.NewFlagSet("render", flag.ContinueOnError)
	set.SetOutput(stderr)
	out := set.String("o", "", "write the picture to `OUT`; its extension (.dot, .svg, .png, .mmd) chooses the format")
	persona := set.String("persona", "", "draw the journey as persona `P` sees it")
	highlight := set.Bool("highlight", false, "analyse the journey and highlight the findings (unreachable steps, dead ends, critical steps, best path)")
	mermaid := set.String("mermaid", "journey", "for .mmd: the Mermaid `diagram`, journey (sections and scored tasks) or flowchart (the whole graph)")
	noLegend := set.Bool("no-legend", false, "leave out the legend (.dot, .svg, .png)")
	maxSteps := set.Int("max-steps", graphviz.DefaultMaxSteps, "refuse to lay out (.svg, .png) a journey of more than `N` steps; 0 for the default, negative for no limit")
	set.Usage = func() {
		fmt.Fprintln(stderr, "usage: journeymap render FILE -o OUT [--persona P] [--highlight] [--mermaid journey|flowchart] [--no-legend] [--max-steps N]")
		fmt.Fprintln(stderr, "The format follows OUT's extension: .dot, .svg, .png or .mmd.")
		set.PrintDefaults()
	}
	usageError := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "journeymap render: "+format+"\n", a...)
		set.Usage()
		return exitInvalid
	}
	flags, files, err := splitArgs(args, renderValueFlags)
	if err != nil {
		return usageError("%v", err)
	}
	if err := set.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitInvalid
	}
	if len(files) != 1 {
		return usageError("want exactly one FILE, have %d", len(files))
	}
	if *out == "" {
		return usageError("-o OUT is required")
	}
	ext := strings.ToLower(filepath.Ext(*out))
	write, ok := renderFormats[ext]
	if !ok {
		return usageError("cannot tell the format of %q: want .dot, .svg, .png or .mmd", *out)
	}
	if *mermaid != "journey" && *mermaid != "flowchart" {
		return usageError("unknown --mermaid %q (want journey or flowchart)", *mermaid)
	}
	mermaidSet := false
	set.Visit(func(f *flag.Flag) { mermaidSet = mermaidSet || f.Name == "mermaid" })
	if mermaidSet && ext != ".mmd" {
		return usageError("--mermaid applies to .mmd output only, not %s", ext)
	}

	file := files[0]
	j, ok := loadJourney(file, stderr)
	if !ok {
		return exitInvalid
	}
	ctx := context.Background()
	opts := render.Options{Persona: *persona, NoLegend: *noLegend}
	if *highlight {
		report, err := analysis.Analyze(ctx, j, analysis.Options{Persona: *persona})
		if err != nil {
			printProblems(stderr, file, err)
			return exitInvalid
		}
		opts.Report = report
	}

	var buf bytes.Buffer
	how := renderHow{mermaid: *mermaid, gv: graphviz.Renderer{MaxSteps: *maxSteps}}
	if err := write(ctx, &buf, j, opts, how); err != nil {
		printRenderError(stderr, file, err)
		return exitInvalid
	}
	if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "journeymap render: %v\n", err)
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
			if ps[i].Code == graphviz.CodeTooLarge {
				ps[i].Message += " (raise --max-steps, or write .dot or .mmd instead)"
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

// writeFileAtomic writes data to a temporary file in path's directory and
// renames it to path, so that readers never see a half-written file and a
// failure leaves path as it was.
func writeFileAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}
