// Command sofa analyses and draws the sofa maker's journey (sofa.yaml): one
// map for each of its three segments and one for all of them. It prints a
// short summary of each map and writes each as Graphviz DOT and SVG, with the
// analysis findings highlighted.
//
// Usage:
//
//	go run ./examples/sofa [-f FILE] [-o DIR]
//
// Without -f it reads the sofa.yaml built into it; without -o it writes into
// a new temporary directory, whose name it prints.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
	"github.com/journeymap/journeymap/render/graphviz"
)

//go:embed sofa.yaml
var sofaYAML []byte

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "sofa:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("sofa", flag.ContinueOnError)
	fs.SetOutput(w)
	file := fs.String("f", "", "the journey to read (default: the bundled sofa.yaml)")
	dir := fs.String("o", "", "the directory to write the pictures to (default: a new temporary one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	j, err := load(*file)
	if err != nil {
		return err
	}
	if *dir == "" {
		if *dir, err = os.MkdirTemp("", "sofa-"); err != nil {
			return err
		}
	} else if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}

	ctx := context.Background()
	r, err := analysis.Analyze(ctx, j, analysis.Options{})
	if err != nil {
		return err
	}
	summary(w, "all segments", j, r)
	if err := draw(ctx, w, *dir, j.ID, j, render.Options{Report: r}); err != nil {
		return err
	}
	for _, p := range j.Personas {
		// One map per segment: the journey as that persona sees it, and the
		// persona's own report (Analyze with analysis.Options{Persona: p.ID}
		// gives the same one).
		summary(w, p.Name, j.ForPersona(p.ID), r.Personas[p.ID])
		opts := render.Options{Report: r, Persona: p.ID}
		if err := draw(ctx, w, *dir, j.ID+"-"+p.ID, j, opts); err != nil {
			return err
		}
	}
	return nil
}

// load reads and validates the journey in file, or the bundled one.
func load(file string) (*journey.Journey, error) {
	var j *journey.Journey
	var err error
	if file == "" {
		j, err = journey.ReadBytes(sofaYAML)
	} else {
		j, err = journey.ReadFile(file)
	}
	if err != nil {
		return nil, err
	}
	return j, j.Validate()
}

// summary prints the conversion, the worst barrier, the gaps and the best
// path of one map. Touchpoints a segment does not use are only counted.
func summary(w io.Writer, title string, j *journey.Journey, r *analysis.Report) {
	fmt.Fprintf(w, "\n%s: %d steps", title, len(j.Steps))
	if r.Flow != nil {
		fmt.Fprintf(w, ", conversion %.1f%%, repeat purchase %.1f%% of buyers", 100*r.Flow.Conversion, 100*r.Flow.Repeat)
	}
	fmt.Fprintln(w)
	if r.Flow != nil {
		// After the purchase the journey goes on: delivery, warranty, events.
		var after []string
		for _, s := range r.Flow.Stages[len(r.Flow.Stages)-3:] {
			after = append(after, fmt.Sprintf("%s %.1f%%", s.Stage, 100*s.Reach))
		}
		fmt.Fprintf(w, "  reached after the purchase: %s\n", strings.Join(after, ", "))
	}
	if r.Attribution != nil && len(r.Attribution.Steps) > 0 {
		best := r.Attribution.Steps[0]
		for _, c := range r.Attribution.Steps {
			if c.Share > best.Share {
				best = c
			}
		}
		fmt.Fprintf(w, "  most credited step: %s, %.0f%% of conversions lost without it\n", best.Step, 100*best.RemovalEffect)
	}
	if len(r.Barriers) > 0 {
		b := r.Barriers[0]
		fmt.Fprintf(w, "  worst barrier: %s at %s: %s\n", b.Severity, b.Step, b.Description)
	}
	if len(r.DeadEnds) > 0 {
		fmt.Fprintf(w, "  dead ends: %s\n", strings.Join(r.DeadEnds, ", "))
	}
	unused := 0
	for _, g := range r.Gaps {
		if g.Kind == analysis.GapUnusedTouchpoint {
			unused++
			continue
		}
		fmt.Fprintf(w, "  gap: %s\n", g.Message)
	}
	if unused > 0 {
		fmt.Fprintf(w, "  touchpoints unused here: %d\n", unused)
	}
	if len(r.Paths) > 0 {
		fmt.Fprintf(w, "  best path: %s\n", strings.Join(r.Paths[0].Steps, " -> "))
	}
}

// draw writes the map as DIR/NAME.dot and DIR/NAME.svg.
func draw(ctx context.Context, w io.Writer, dir, name string, j *journey.Journey, opts render.Options) error {
	dot, err := render.DOTBytes(j, opts)
	if err != nil {
		return err
	}
	var svg bytes.Buffer
	if err := graphviz.SVG(ctx, &svg, j, opts); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, name+".dot"), dot, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, name+".svg"), svg.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(w, "  wrote %s.{dot,svg}\n", filepath.Join(dir, name))
	return nil
}

// picture writes the SVG of the whole journey with its findings, the one
// shown in the README (docs/sofa.svg).
func picture(ctx context.Context, w io.Writer, j *journey.Journey) error {
	r, err := analysis.Analyze(ctx, j, analysis.Options{})
	if err != nil {
		return err
	}
	return graphviz.SVG(ctx, w, j, render.Options{Report: r})
}
