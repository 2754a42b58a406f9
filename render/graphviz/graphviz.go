package graphviz

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	gv "github.com/journeymap/journeymap/internal/gographviz"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
)

// Format is an output format of RenderDOT.
type Format int

// The output formats.
const (
	SVGFormat Format = iota + 1 // SVG, Graphviz's own SVG renderer
	PNGFormat                   // PNG, drawn by this package's renderer
)

// String returns "svg" or "png", or "Format(N)" for an unknown format.
func (f Format) String() string {
	switch f {
	case SVGFormat:
		return "svg"
	case PNGFormat:
		return "png"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// MaxPNGSide is the largest PNG, in pixels on a side, that PNG and RenderDOT
// draw. A larger drawing is scaled down to fit (through the graph's size
// attribute, when the DOT does not set one); if the DOT forces a larger
// canvas, the render fails with an *ImageTooLargeError. The canvas takes
// width×height×4 bytes, at most 256 MB.
const MaxPNGSide = 8000

// DefaultMaxSteps is the largest journey, in steps, that SVG and PNG lay
// out when Renderer.MaxSteps is zero.
const DefaultMaxSteps = render.DefaultMaxSteps

// TransitionsPerStep bounds the transitions of a journey that SVG and PNG
// lay out: at most TransitionsPerStep times the step limit
// (Renderer.MaxSteps). The time Graphviz's dot layout takes grows with the
// number of edges much faster than with the number of nodes (BENCHMARKS.md,
// "Figures behind the doc comments").
const TransitionsPerStep = 2

// CodeTooLarge is the code of the problem SVG and PNG report for a journey
// with more steps, or transitions, than they lay out.
const CodeTooLarge journey.Code = "render-too-large"

// Renderer draws journeys as pictures, with limits of its own. The zero
// Renderer gives the defaults; the functions SVG and PNG use it.
type Renderer struct {
	// MaxSteps is the largest journey, in steps as drawn (the persona's
	// steps when render.Options.Persona is set), that SVG and PNG lay out;
	// a larger one, or one with more than TransitionsPerStep times as many
	// transitions, is refused before Graphviz is called, whose layout can
	// run for minutes and cannot be interrupted. Zero means
	// DefaultMaxSteps; negative means no limit.
	MaxSteps int
}

// pngDPI is the resolution of the PNG device, in pixels per inch.
const pngDPI = 96

// SVG writes the journey as an SVG picture with the zero Renderer: the DOT
// of render.DOT laid out by Graphviz's dot engine and drawn by Graphviz's
// SVG renderer. See Renderer.SVG.
func SVG(ctx context.Context, w io.Writer, j *journey.Journey, opts render.Options) error {
	return Renderer{}.SVG(ctx, w, j, opts)
}

// PNG writes the journey as a PNG picture with the zero Renderer. See
// Renderer.PNG.
func PNG(ctx context.Context, w io.Writer, j *journey.Journey, opts render.Options) error {
	return Renderer{}.PNG(ctx, w, j, opts)
}

// SVG writes the journey as an SVG picture: the DOT of render.DOT laid out
// by Graphviz's dot engine and drawn by Graphviz's SVG renderer.
//
// Problems with the input are reported as journey.Problems, one code each,
// before Graphviz is called: a nil journey (journey.CodeNilJourney), an
// unknown opts.Persona (journey.CodeUnknownPersona), and a journey larger
// than r.MaxSteps (CodeTooLarge). Graphviz does not see ctx: SVG returns
// ctx.Err() if ctx is done before the layout starts or when it ends, and
// writes nothing then. Nothing is written to w unless the whole picture was
// produced.
func (r Renderer) SVG(ctx context.Context, w io.Writer, j *journey.Journey, opts render.Options) error {
	return r.render(ctx, w, j, opts, SVGFormat)
}

// PNG writes the journey as a PNG picture at 96 dpi, scaled down to at most
// MaxPNGSide pixels on a side. Problems, limits and context are as for SVG;
// the picture is drawn by this package's own renderer, which draws the node
// outlines, cluster borders and edge lines that go-graphviz's stock PNG
// renderer leaves out.
func (r Renderer) PNG(ctx context.Context, w io.Writer, j *journey.Journey, opts render.Options) error {
	return r.render(ctx, w, j, opts, PNGFormat)
}

// RenderDOT lays out DOT text with Graphviz's dot engine and writes it in the
// format f. It is for callers who have DOT already, from render.DOT or
// elsewhere; it applies no step limit (check the graph's size yourself: the
// layout cannot be interrupted), but PNGs are bounded by MaxPNGSide.
// Text that Graphviz cannot parse gives a *SyntaxError; empty text, which
// holds no graph, gives a *SyntaxError too. Graphviz reads no files while
// RenderDOT runs: image and shapefile attributes that name files are ignored.
func RenderDOT(ctx context.Context, w io.Writer, dot []byte, f Format) error {
	if f != SVGFormat && f != PNGFormat {
		return &FormatError{Format: f}
	}
	return renderDOT(ctx, w, dot, f.String(), nil)
}

func (r Renderer) render(ctx context.Context, w io.Writer, j *journey.Journey, opts render.Options, f Format) error {
	if j == nil {
		return journey.Problems{{Code: journey.CodeNilJourney, Message: "no journey to render"}}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	steps, transitions := countDrawn(j, opts.Persona)
	if err := r.checkSize(steps, transitions); err != nil {
		return err
	}
	var dot bytes.Buffer
	if err := render.DOT(&dot, j, opts); err != nil {
		return err
	}
	return renderDOT(ctx, w, dot.Bytes(), f.String(), layoutTuning(steps, transitions))
}

// checkSize reports a journey of the given size that r does not lay out.
func (r Renderer) checkSize(steps, transitions int) error {
	max := r.MaxSteps
	switch {
	case max == 0:
		max = DefaultMaxSteps
	case max < 0:
		return nil
	}
	switch {
	case steps > max:
		return journey.Problems{{Code: CodeTooLarge, Path: "steps", Message: fmt.Sprintf(
			"the journey has %d steps, more than the %d the Graphviz renderer lays out", steps, max)}}
	case transitions > TransitionsPerStep*max:
		return journey.Problems{{Code: CodeTooLarge, Path: "transitions", Message: fmt.Sprintf(
			"the journey has %d transitions, more than the %d the Graphviz renderer lays out for at most %d steps",
			transitions, TransitionsPerStep*max, max)}}
	}
	return nil
}

// countDrawn counts the steps and transitions drawn for the persona (""
// for all).
func countDrawn(j *journey.Journey, persona string) (steps, transitions int) {
	if persona == "" {
		return len(j.Steps), len(j.Transitions)
	}
	for i := range j.Steps {
		if j.Steps[i].AppliesTo(persona) {
			steps++
		}
	}
	for i := range j.Transitions {
		if j.Transitions[i].AppliesTo(persona) {
			transitions++
		}
	}
	return steps, transitions
}

// The Graphviz runtime. go-graphviz runs one WebAssembly module per process
// and is not safe for concurrent use, even across instances: every call into
// it is made with mu held. inst is created on first use and reused; it is
// closed and dropped after any failure, because a failed render can leave
// the module's state broken.
var (
	mu        sync.Mutex
	inst      *gv.Graphviz
	pngEngine *pngRenderer // the PNG render engine registered in inst

	// graphvizCalls counts the calls into Graphviz, for tests.
	graphvizCalls atomic.Int64
	// renderHook, if set, is called after each render, with mu held; for tests.
	renderHook func()
)

// renderDOT renders dot in the Graphviz output format named by format.
func renderDOT(ctx context.Context, w io.Writer, dot []byte, format string, tuning map[string]string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// Graphviz's lexer, after parsing text that ends in a newline, counts
	// the lines of the next text from 2: parse none.
	dot = bytes.TrimRightFunc(dot, unicode.IsSpace)
	if len(dot) == 0 {
		return &SyntaxError{Message: "no graph in the DOT text"}
	}
	var out bytes.Buffer
	if err := withGraphviz(ctx, func(g *gv.Graphviz, pr *pngRenderer) error {
		return layoutAndRender(ctx, g, pr, dot, format, tuning, &out)
	}); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err := w.Write(out.Bytes())
	return err
}

// withGraphviz runs fn with the Graphviz runtime, under mu. If fn fails
// inside Graphviz (or panics inside go-graphviz), the runtime is closed and
// dropped so that the next call starts afresh.
func withGraphviz(ctx context.Context, fn func(*gv.Graphviz, *pngRenderer) error) (err error) {
	if err := checkCacheOnce(); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	graphvizCalls.Add(1)
	if inst == nil {
		if err := protect("start", func() error {
			pr := newPNGRenderer()
			g, err := newGraphviz(ctx, pr)
			if err != nil {
				return err
			}
			inst, pngEngine = g, pr
			return nil
		}); err != nil {
			return err
		}
	}
	// Graphviz may open files named in the DOT (image, shapefile). The
	// module's file system is the host's; hide it while we render.
	gv.SetFileSystem(noFiles{})
	defer gv.SetFileSystem(nil)
	err = protect("render", func() error { return fn(inst, pngEngine) })
	var (
		se *SyntaxError
		ie *ImageTooLargeError
	)
	if err != nil && !errors.As(err, &se) && !errors.As(err, &ie) {
		// Text Graphviz rejected, or a canvas we refused, leaves the
		// runtime as it was; anything else may have broken it.
		dropGraphviz()
	}
	return err
}

// dropGraphviz closes and forgets the runtime. mu must be held.
func dropGraphviz() {
	if inst != nil {
		_ = protect("close", inst.Close)
	}
	inst, pngEngine = nil, nil
}

// protect calls fn and turns a panic inside go-graphviz into a *GraphvizError.
func protect(op string, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &GraphvizError{Op: op, Err: fmt.Errorf("panic: %v", r)}
		}
	}()
	return fn()
}

func layoutAndRender(ctx context.Context, g *gv.Graphviz, pr *pngRenderer, dot []byte, format string, tuning map[string]string, out *bytes.Buffer) error {
	graph, err := gv.ParseBytes(dot)
	if err != nil {
		return syntaxError(err)
	}
	if graph == nil {
		return &SyntaxError{Message: "no graph in the DOT text"}
	}
	defer graph.Close()
	if err := flushLexer(); err != nil {
		return err
	}
	for _, k := range sortedKeys(tuning) {
		if err := graph.SafeSet(k, tuning[k], ""); err != nil {
			return &GraphvizError{Op: "set " + k, Err: err}
		}
	}
	if format == "png" {
		if err := fitPNG(graph); err != nil {
			return &GraphvizError{Op: "set size", Err: err}
		}
		pr.reset()
	}
	if err := g.Render(ctx, graph, gv.Format(format), out); err != nil {
		return &GraphvizError{Op: "layout and render " + format, Err: err}
	}
	if renderHook != nil {
		renderHook()
	}
	if format == "png" {
		if err := pr.err(); err != nil {
			return err
		}
		// The picture is in pr.out; Graphviz's own output is empty.
		out.Reset()
		out.Write(pr.out.Bytes())
		pr.out = bytes.Buffer{}
	}
	if !validOutput(format, out.Bytes()) {
		// go-graphviz ignores the status of Graphviz's render call: a
		// failed render "succeeds" with no output, or with stale bytes.
		return &GraphvizError{Op: "render " + format, Err: errors.New("no valid output")}
	}
	return nil
}

// validOutput reports whether b looks like a whole picture in format.
func validOutput(format string, b []byte) bool {
	switch format {
	case "svg":
		return bytes.Contains(b, []byte("<svg")) && bytes.HasSuffix(bytes.TrimSpace(b), []byte("</svg>"))
	case "png":
		return bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n"))
	case "pdf":
		return bytes.HasPrefix(b, []byte("%PDF-"))
	}
	return false
}

// layoutTuning returns graph attributes that keep dot's layout of a large
// journey within seconds, at some cost in looks: fewer crossing-minimisation
// and network-simplex passes, and straight edges when routing splines would
// take the time; nil for a small one. BENCHMARKS.md ("Figures behind the
// doc comments") has the times that set the thresholds.
func layoutTuning(steps, transitions int) map[string]string {
	t := map[string]string{}
	if steps > 100 || transitions > 150 {
		t["mclimit"] = "0.1" // crossing minimisation: a tenth of the passes
		t["nslimit"] = "1"   // network simplex for x coordinates: n passes
		t["nslimit1"] = "1"  // network simplex for ranks: n passes
		t["remincross"] = "false"
	}
	if transitions > 300 || transitions > 150 && transitions > 2*steps {
		t["splines"] = "line"
	}
	if len(t) == 0 {
		return nil
	}
	return t
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// flushLexer empties the DOT lexer's buffer after a successful parse.
//
// Graphviz's lexer is global and reads ahead; it is reset only when a parse
// fails, because Graphviz reads the graphs of one file one after the other.
// go-graphviz parses every text with it, so after a successful parse
// whatever the lexer read past the end of the graph (a second graph, a
// trailing newline, the tail of a long input) is read first by the next
// parse: the next render, maybe another caller's, would draw the wrong
// graph or fail. A parse that fails flushes the lexer, so parse text that
// cannot be a graph until one fails, closing any graph left over.
func flushLexer() error {
	for i := 0; i < 16; i++ {
		g, err := gv.ParseBytes([]byte("}"))
		if err != nil || g == nil {
			return nil
		}
		if err := g.Close(); err != nil {
			return &GraphvizError{Op: "close a leftover graph", Err: err}
		}
	}
	return &GraphvizError{Op: "parse", Err: errors.New("the DOT lexer still holds graphs after 16 flushes")}
}

// fitPNG asks Graphviz to scale the drawing down to MaxPNGSide pixels on a
// side, unless the DOT sets its own size.
func fitPNG(graph *gv.Graph) error {
	if strings.TrimSpace(graph.GetStr("size")) != "" {
		return nil
	}
	dpi := pngDPI
	if d, err := strconv.ParseFloat(strings.TrimSpace(graph.GetStr("dpi")), 64); err == nil && d >= 1 && d <= 10000 {
		dpi = int(d)
	}
	// Leave room for the pad Graphviz adds around the drawing.
	in := float64(MaxPNGSide-64) / float64(dpi)
	s := strconv.FormatFloat(in, 'f', 2, 64)
	return graph.SafeSet("size", s+","+s, "")
}

var syntaxLine = regexp.MustCompile(`\bline (\d+)`)

func syntaxError(err error) error {
	msg := strings.TrimSpace(err.Error())
	e := &SyntaxError{Message: msg}
	if m := syntaxLine.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
	}
	return e
}

// noFiles is a file system with no files.
type noFiles struct{}

func (noFiles) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
