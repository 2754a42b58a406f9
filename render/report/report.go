package report

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strconv"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
	"github.com/journeymap/journeymap/render/graphviz"
)

// Options tunes Write. The zero value gives the defaults: the journey is
// analysed with analysis's default options, the flow graph is laid out
// with graphviz's default size limit, the map is laid out for
// render.DefaultMapWidth pixels, and there is no conformance section and
// no comparison.
type Options struct {
	// Report, if set, is the analysis of the journey the page shows;
	// otherwise Write analyses the journey with Analysis.
	Report *analysis.Report
	// Analysis are the options Write analyses the journey with when Report
	// is nil. Its Persona is ignored: the page shows every persona.
	Analysis analysis.Options
	// Conformance, if set, is the conformance of an event log to the
	// journey, shown in its own section.
	Conformance *Conformance
	// Before, if set, is the journey to compare the reported one with (A,
	// before: as-is, or ours; the reported journey is B, after: to-be, or
	// a competitor's). The page gets a section "Compared with" Before: the
	// conversion before and after, the regressions, the steps, transitions
	// and barriers added, removed and changed, reach and emotion by stage
	// before and after (all from compare.Compare), the map with both
	// emotion curves (render.MapOptions.Before) and the flow graph of the
	// comparison (render.DiffDOT). Before must be valid: Write returns
	// its problems (and the reported journey's) as journey.Problems.
	Before *journey.Journey
	// Graphviz lays out the flow graph (its MaxSteps is the size limit).
	Graphviz graphviz.Renderer
	// MapWidth is the width, in pixels, the map is laid out to fill; zero
	// means the map's default.
	MapWidth float64
	// MapFont, if set, is a TrueType font the map measures text with (for
	// scripts the Go fonts lack); see render.MapOptions.Font.
	MapFont []byte
}

// Write writes the report of j to w as one self-contained HTML page.
//
// A picture that cannot be drawn (a journey beyond the map's or the flow
// graph's size limit) is replaced by a note saying why, and the rest of the
// page is written. Write fails with journey.Problems on a nil or invalid
// journey (every problem of both, with Options.Before), with the context's error when ctx is done, and with the writer's
// error when writing fails. The output is deterministic.
func Write(ctx context.Context, w io.Writer, j *journey.Journey, opts Options) error {
	if j == nil {
		return journey.Problems{{Code: journey.CodeNilJourney, Message: "no journey to report on (nil)"}}
	}
	if opts.Before != nil {
		if err := validPair(opts.Before, j); err != nil {
			return err
		}
	}
	rep := opts.Report
	if rep == nil {
		aopts := opts.Analysis
		aopts.Persona = ""
		var err error
		if rep, err = analysis.Analyze(ctx, j, aopts); err != nil {
			return err
		}
	}
	p, err := newPage(ctx, j, rep, opts)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := pageTemplate.Execute(bw, p); err != nil {
		var te *template.Error
		if errors.As(err, &te) {
			// A bug of the template, not of the input.
			return fmt.Errorf("report: %w", err)
		}
		return err
	}
	return bw.Flush()
}

// validPair returns every problem of both journeys, before's first.
func validPair(before, j *journey.Journey) error {
	var all journey.Problems
	for _, x := range []*journey.Journey{before, j} {
		var ps journey.Problems
		if err := x.Validate(); errors.As(err, &ps) {
			all = append(all, ps...)
		} else if err != nil {
			return err
		}
	}
	return all.Err()
}

//go:embed report.html
var pageHTML string

//go:embed report.css
var pageCSS string

//go:embed report.js
var pageJS string

// pageTemplate is the page. Its CSS and JavaScript are constants of this
// package; every other value is escaped by html/template for its context.
var pageTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct":  pct,
	"inc":  func(i int) int { return i + 1 },
	"list": func(b bar) []bar { return []bar{b} },
}).Parse(pageHTML))

// pct formats a share (0..1) as a percentage.
func pct(v float64) string {
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

// drawing is a picture of the page, or why it is missing.
type drawing struct {
	SVG  template.HTML
	Note string
}

// newPage gathers what the page shows.
func newPage(ctx context.Context, j *journey.Journey, rep *analysis.Report, opts Options) (*page, error) {
	n := newNames(j)
	p := &page{
		CSS:      template.CSS(pageCSS),
		JS:       template.JS(pageJS),
		ID:       j.ID,
		Name:     j.Name,
		Purpose:  j.Purpose,
		Personas: personaViews(j),
		Findings: findingsOf(rep, n),
	}
	if p.Name == "" {
		p.Name = j.ID
	}
	p.Stats = stats(j, rep)
	p.Flow = flowOf(j, rep, n)
	p.Observed = observedOf(j.Observed, n)
	if opts.Conformance != nil {
		p.Conformance = conformanceOf(opts.Conformance, n)
	}
	if opts.Before != nil {
		var err error
		if p.Compare, err = compareOf(ctx, j, rep, opts); err != nil {
			return nil, err
		}
	}
	for i := range j.Personas {
		p.Switch = append(p.Switch, choice{ID: j.Personas[i].ID, Name: n.persona(j.Personas[i].ID)})
	}
	var err error
	if p.Map, err = mapDrawing(j, rep, opts); err != nil {
		return nil, err
	}
	if p.Graph, err = graphDrawing(ctx, j, rep, opts); err != nil {
		return nil, err
	}
	return p, nil
}

// graphDrawing draws the flow graph with the findings marked.
func graphDrawing(ctx context.Context, j *journey.Journey, rep *analysis.Report, opts Options) (drawing, error) {
	var b bytes.Buffer
	err := opts.Graphviz.SVG(ctx, &b, j, render.Options{Report: rep})
	if err != nil {
		if ctx.Err() != nil {
			return drawing{}, ctx.Err()
		}
		return drawing{Note: "The flow graph is not drawn: " + err.Error()}, nil
	}
	return drawing{SVG: inlineSVG(b.Bytes())}, nil
}

// mapDrawing draws the classic map.
func mapDrawing(j *journey.Journey, rep *analysis.Report, opts Options) (drawing, error) {
	var b bytes.Buffer
	if err := classicMap(&b, j, rep, opts); err != nil {
		var ps journey.Problems
		if errors.As(err, &ps) {
			return drawing{Note: "The journey map is not drawn: " + ps.Error()}, nil
		}
		return drawing{}, err
	}
	return drawing{SVG: inlineSVG(b.Bytes())}, nil
}

// inlineSVG returns an SVG document for inlining in HTML: from its <svg
// element on, without the XML declaration, the DOCTYPE and the comments
// before it. The SVG comes from this module's renderers, which escape every
// text they write, so it is trusted as HTML.
func inlineSVG(doc []byte) template.HTML {
	if i := bytes.Index(doc, []byte("<svg")); i >= 0 {
		doc = doc[i:]
	}
	return template.HTML(bytes.TrimSpace(doc))
}
