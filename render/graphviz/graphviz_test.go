package graphviz

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/render"
	"github.com/journeymap/journeymap/touchpoint"
)

// sofa is a small journey: stages, online and offline touchpoints, a
// barrier, a loop back, an entry, a goal and an exit.
func sofa() *journey.Journey {
	return &journey.Journey{
		ID:      "sofa",
		Name:    "Buying a sofa",
		Purpose: "Raise conversion from the site to the store",
		Personas: []persona.Persona{
			{ID: "family", Name: "Family with children"},
			{ID: "corp", Name: "Corporate client"},
		},
		Touchpoints: []touchpoint.Touchpoint{
			{ID: "ads", Name: "Social ads", Channel: touchpoint.Ads, Mode: touchpoint.Online, Control: touchpoint.Direct},
			{ID: "reviews", Name: "Review site", Channel: touchpoint.Reviews, Mode: touchpoint.Online, Control: touchpoint.Indirect},
			{ID: "site", Name: "Website", Channel: touchpoint.Site, Mode: touchpoint.Online, Control: touchpoint.Direct},
			{ID: "store", Name: "Showroom", Channel: touchpoint.Store, Mode: touchpoint.Offline, Control: touchpoint.Direct},
		},
		Stages: []journey.Stage{
			{ID: "aware", Name: "Awareness", Phase: journey.Awareness},
			{ID: "consider", Name: "Choosing a company", Phase: journey.Consideration},
			{ID: "buy", Name: "Purchase", Phase: journey.Purchase},
		},
		Steps: []journey.Step{
			{ID: "see-ad", Stage: "aware", Touchpoint: "ads", Action: "Sees an ad", Emotion: 1},
			{ID: "reviews", Stage: "consider", Touchpoint: "reviews", Action: "Reads reviews", Emotion: -1},
			{ID: "browse", Stage: "consider", Touchpoint: "site", Action: "Compares fabrics", Emotion: 0,
				Barriers: []journey.Barrier{{Description: "Slow site", Severity: journey.Medium}}},
			{ID: "quote", Stage: "consider", Action: "Waits for a quote", Emotion: -2, Personas: []string{"corp"}},
			{ID: "visit", Stage: "buy", Touchpoint: "store", Action: "Visits the showroom", Emotion: 1,
				Barriers: []journey.Barrier{{Description: "Price too high", Severity: journey.Blocker}}},
			{ID: "order", Stage: "buy", Touchpoint: "store", Action: "Orders the sofa", Emotion: 2},
		},
		Transitions: []journey.Transition{
			{From: "see-ad", To: "browse", Label: "clicks", Probability: 0.3},
			{From: "see-ad", To: "reviews"},
			{From: "reviews", To: "browse"},
			{From: "browse", To: "visit", Probability: 0.25},
			{From: "browse", To: "quote", Personas: []string{"corp"}},
			{From: "visit", To: "order", Probability: 0.5},
			{From: "visit", To: "reviews", Label: "back"},
		},
		Entries: []string{"see-ad"},
		Goals:   []string{"order"},
	}
}

// chain is a journey of n steps in one stage, one after the other.
func chain(n int) *journey.Journey {
	j := &journey.Journey{ID: "chain", Stages: []journey.Stage{{ID: "s", Name: "Stage"}}}
	for i := 0; i < n; i++ {
		j.Steps = append(j.Steps, journey.Step{ID: fmt.Sprintf("s%d", i), Stage: "s", Action: fmt.Sprintf("step %d", i)})
		if i > 0 {
			j.Transitions = append(j.Transitions, journey.Transition{From: fmt.Sprintf("s%d", i-1), To: fmt.Sprintf("s%d", i)})
		}
	}
	j.Entries = []string{"s0"}
	j.Goals = []string{fmt.Sprintf("s%d", n-1)}
	return j
}

// svgText returns the text of every <text> element of an SVG, joined by
// spaces, and fails the test if the SVG is not well-formed XML.
func svgText(t *testing.T, svg []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	var texts []string
	inText := 0
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
			if tok.Name.Local == "text" {
				inText++
			}
		case xml.EndElement:
			if tok.Name.Local == "text" {
				inText--
			}
		case xml.CharData:
			if inText > 0 {
				texts = append(texts, string(tok))
			}
		}
	}
	if root != "svg" {
		t.Fatalf("root element is %q, want svg", root)
	}
	return strings.Join(strings.Fields(strings.Join(texts, " ")), " ")
}

func TestSVG(t *testing.T) {
	j := sofa()
	var buf bytes.Buffer
	if err := SVG(context.Background(), &buf, j, render.Options{}); err != nil {
		t.Fatal(err)
	}
	text := svgText(t, buf.Bytes())
	for _, s := range j.Steps {
		if !strings.Contains(text, s.Action) {
			t.Errorf("SVG text lacks step %q's action %q", s.ID, s.Action)
		}
	}
	for _, s := range j.Stages {
		if !strings.Contains(text, s.Name) {
			t.Errorf("SVG text lacks stage %q", s.Name)
		}
	}
}

func TestSVGEscapes(t *testing.T) {
	j := sofa()
	j.Steps[0].Action = `Says "<b>hi</b>" & leaves \ here`
	var buf bytes.Buffer
	if err := SVG(context.Background(), &buf, j, render.Options{}); err != nil {
		t.Fatal(err)
	}
	if text := svgText(t, buf.Bytes()); !strings.Contains(text, `Says "<b>hi</b>" & leaves \ here`) {
		t.Errorf("SVG text lacks the escaped action; text:\n%s", text)
	}
}

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	return img
}

func TestPNG(t *testing.T) {
	var buf bytes.Buffer
	if err := PNG(context.Background(), &buf, sofa(), render.Options{}); err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, buf.Bytes())
	b := img.Bounds()
	if b.Dx() < 200 || b.Dy() < 100 || b.Dx() > MaxPNGSide || b.Dy() > MaxPNGSide {
		t.Errorf("PNG is %v, want between 200×100 and %d on a side", b.Size(), MaxPNGSide)
	}
	// A journey map is mostly lines and text on white, but not empty.
	if n := inkedIn(img, b); n < b.Dx()*b.Dy()/50 {
		t.Errorf("only %d of %d pixels inked", n, b.Dx()*b.Dy())
	}
}

// A PNG wider than MaxPNGSide is scaled down to fit.
func TestPNGScaledDown(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out 300 steps")
	}
	var buf bytes.Buffer
	if err := PNG(context.Background(), &buf, chain(300), render.Options{NoLegend: true}); err != nil {
		t.Fatal(err)
	}
	b := decodePNG(t, buf.Bytes()).Bounds()
	if b.Dx() > MaxPNGSide || b.Dy() > MaxPNGSide || b.Dx() < MaxPNGSide/2 {
		t.Errorf("PNG is %v, want the longer side between %d and %d", b.Size(), MaxPNGSide/2, MaxPNGSide)
	}
}

// A DOT that forces a canvas larger than MaxPNGSide is refused.
func TestPNGImageTooLarge(t *testing.T) {
	dot := []byte(`digraph { size="200,200!"; dpi=96; a -> b }`)
	var buf bytes.Buffer
	err := RenderDOT(context.Background(), &buf, dot, PNGFormat)
	var e *ImageTooLargeError
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want *ImageTooLargeError", err)
	}
	if e.Width <= MaxPNGSide && e.Height <= MaxPNGSide || e.Max != MaxPNGSide || e.Code() != CodeImageTooLarge {
		t.Errorf("got %+v", e)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes", buf.Len())
	}
	// The runtime still works.
	if err := RenderDOT(context.Background(), &buf, []byte(`digraph{a->b}`), PNGFormat); err != nil {
		t.Fatal(err)
	}
}

func TestDeterministic(t *testing.T) {
	for _, f := range []func(context.Context, io.Writer, *journey.Journey, render.Options) error{SVG, PNG} {
		var a, b bytes.Buffer
		if err := f(context.Background(), &a, sofa(), render.Options{}); err != nil {
			t.Fatal(err)
		}
		if err := f(context.Background(), &b, sofa(), render.Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("two renders differ")
		}
	}
}

func TestTooLarge(t *testing.T) {
	before := graphvizCalls.Load()
	tooLarge := func(t *testing.T, err error, path string) {
		t.Helper()
		var ps journey.Problems
		if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Code != CodeTooLarge || ps[0].Path != path {
			t.Fatalf("got %v, want one %s problem at %s", err, CodeTooLarge, path)
		}
	}
	for _, tc := range []struct {
		steps, max, wantMax int
	}{
		{5, 3, 3},
		{DefaultMaxSteps + 1, 0, DefaultMaxSteps},
	} {
		r := Renderer{MaxSteps: tc.max}
		for _, f := range []func(context.Context, io.Writer, *journey.Journey, render.Options) error{r.SVG, r.PNG} {
			var buf bytes.Buffer
			err := f(context.Background(), &buf, chain(tc.steps), render.Options{})
			tooLarge(t, err, "steps")
			if want := fmt.Sprintf("%d steps, more than the %d", tc.steps, tc.wantMax); !strings.Contains(err.Error(), want) {
				t.Errorf("%v: want %q", err, want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes", buf.Len())
			}
		}
	}
	// The zero Renderer, through the package's functions.
	tooLarge(t, SVG(context.Background(), io.Discard, chain(DefaultMaxSteps+1), render.Options{}), "steps")
	// Too many transitions for the steps.
	dense := chain(3)
	for i := 0; i < 10; i++ {
		dense.Transitions = append(dense.Transitions, journey.Transition{From: "s0", To: "s2", Label: fmt.Sprint(i)})
	}
	err := Renderer{MaxSteps: 5}.PNG(context.Background(), io.Discard, dense, render.Options{})
	tooLarge(t, err, "transitions")
	if !strings.Contains(err.Error(), "12 transitions, more than the 10") {
		t.Errorf("got %v", err)
	}
	if n := graphvizCalls.Load() - before; n != 0 {
		t.Errorf("Graphviz was called %d times for journeys over the limit", n)
	}
	// Only the persona's steps count.
	j := sofa()
	if err := (Renderer{MaxSteps: len(j.Steps) - 1}).SVG(context.Background(), io.Discard, j, render.Options{Persona: "family"}); err != nil {
		t.Errorf("family sees %d steps, under the limit: %v", len(j.Steps)-1, err)
	}
	// Negative: no limit.
	if err := (Renderer{MaxSteps: -1}).SVG(context.Background(), io.Discard, chain(5), render.Options{}); err != nil {
		t.Errorf("MaxSteps -1: %v", err)
	}
}

// TestInputProblems checks that a nil journey and an unknown persona are
// reported as journey.Problems with one code each, before Graphviz runs.
func TestInputProblems(t *testing.T) {
	before := graphvizCalls.Load()
	for _, tc := range []struct {
		name string
		j    *journey.Journey
		opts render.Options
		code journey.Code
	}{
		{"nil", nil, render.Options{}, journey.CodeNilJourney},
		{"persona", sofa(), render.Options{Persona: "nobody"}, journey.CodeUnknownPersona},
	} {
		for _, f := range []func(context.Context, io.Writer, *journey.Journey, render.Options) error{SVG, PNG} {
			var ps journey.Problems
			err := f(context.Background(), io.Discard, tc.j, tc.opts)
			if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Code != tc.code {
				t.Errorf("%s: got %v, want one %s problem", tc.name, err, tc.code)
			}
		}
	}
	if n := graphvizCalls.Load() - before; n != 0 {
		t.Errorf("Graphviz was called %d times for bad input", n)
	}
}

// An error of render.DOT (an unknown persona) comes back as it is.
func TestDOTError(t *testing.T) {
	err := SVG(context.Background(), io.Discard, sofa(), render.Options{Persona: "nobody"})
	var p journey.Problems
	if !errors.As(err, &p) {
		t.Errorf("got %v, want journey.Problems from render.DOT", err)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	before := graphvizCalls.Load()
	var buf bytes.Buffer
	if err := SVG(ctx, &buf, sofa(), render.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("SVG: got %v, want context.Canceled", err)
	}
	if err := PNG(ctx, &buf, sofa(), render.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("PNG: got %v, want context.Canceled", err)
	}
	if err := RenderDOT(ctx, &buf, []byte("digraph{a}"), SVGFormat); !errors.Is(err, context.Canceled) {
		t.Errorf("RenderDOT: got %v, want context.Canceled", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes", buf.Len())
	}
	if n := graphvizCalls.Load() - before; n != 0 {
		t.Errorf("Graphviz was called %d times with a cancelled context", n)
	}
}

// A context cancelled while Graphviz runs makes the render fail with
// ctx.Err(), and nothing is written.
func TestCancelledDuringLayout(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var buf bytes.Buffer
	err := withGraphvizHook(func() { cancel() }, func() error {
		return SVG(ctx, &buf, sofa(), render.Options{})
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes", buf.Len())
	}
}

// withGraphvizHook runs f with hook called inside each render, under mu.
func withGraphvizHook(hook func(), f func() error) error {
	renderHook = hook
	defer func() { renderHook = nil }()
	return f()
}

func TestRenderDOTErrors(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		dot  string
		line int
	}{
		{"digraph {\n a -> \n}", 3},
		{"digraph { a -> b", 1},
		{"graph { a -> b }", 1}, // -> in an undirected graph
		{"", 0},
		{"  \n\t", 0},
		{"not a graph", 1},
	} {
		// Graphviz's line numbers once depended on the text parsed before.
		if err := RenderDOT(ctx, io.Discard, []byte("digraph{a->b}\n\n"), SVGFormat); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		before := inst
		mu.Unlock()
		var buf bytes.Buffer
		err := RenderDOT(ctx, &buf, []byte(tc.dot), SVGFormat)
		mu.Lock()
		kept := inst == before
		mu.Unlock()
		if !kept {
			t.Errorf("%q: a syntax error replaced the runtime", tc.dot)
		}
		var e *SyntaxError
		if !errors.As(err, &e) {
			t.Errorf("%q: got %v, want *SyntaxError", tc.dot, err)
			continue
		}
		if e.Line != tc.line || e.Code() != CodeDOTSyntax || e.Message == "" {
			t.Errorf("%q: got %+v, want line %d", tc.dot, e, tc.line)
		}
		if buf.Len() != 0 {
			t.Errorf("%q: wrote %d bytes", tc.dot, buf.Len())
		}
	}
	var fe *FormatError
	if err := RenderDOT(ctx, io.Discard, []byte("digraph{a}"), Format(42)); !errors.As(err, &fe) || fe.Code() != CodeFormat {
		t.Errorf("Format(42): got %v, want *FormatError", err)
	}
	// After all that, rendering works.
	var buf bytes.Buffer
	if err := RenderDOT(ctx, &buf, []byte("digraph{a->b}"), SVGFormat); err != nil {
		t.Fatal(err)
	}
	svgText(t, buf.Bytes())
}

// A failed render closes the runtime; the next call makes a new one.
func TestRecreatedAfterRenderError(t *testing.T) {
	ctx := context.Background()
	if err := RenderDOT(ctx, io.Discard, []byte("digraph{a->b}"), SVGFormat); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	first := inst
	mu.Unlock()
	if first == nil {
		t.Fatal("no runtime after a successful render")
	}
	// go-graphviz has no PDF renderer: the render fails, and leaves the
	// runtime unusable.
	var e *GraphvizError
	if err := renderDOT(ctx, io.Discard, []byte("digraph{a->b}"), "pdf", nil); !errors.As(err, &e) || e.Code() != CodeGraphviz {
		t.Fatalf("pdf: got %v, want *GraphvizError", err)
	}
	mu.Lock()
	dropped := inst == nil
	mu.Unlock()
	if !dropped {
		t.Error("runtime kept after a failed render")
	}
	for _, f := range []Format{SVGFormat, PNGFormat} {
		var buf bytes.Buffer
		if err := RenderDOT(ctx, &buf, []byte("digraph{a->b}"), f); err != nil {
			t.Fatalf("%v after a failed render: %v", f, err)
		}
		if buf.Len() == 0 {
			t.Fatalf("%v after a failed render: no output", f)
		}
	}
	mu.Lock()
	again := inst
	mu.Unlock()
	if again == nil || again == first {
		t.Error("runtime not recreated")
	}
}

// DOT cannot make Graphviz read files.
func TestNoFiles(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/secret.png"
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 10, 10))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, img.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	dot := fmt.Sprintf(`digraph { a [image=%q, label=""] }`, path)
	var buf bytes.Buffer
	if err := RenderDOT(context.Background(), &buf, []byte(dot), SVGFormat); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("<image")) {
		t.Errorf("Graphviz read %s:\n%s", path, buf.Bytes())
	}
}

// Many goroutines render at once; each gets the same bytes as a render
// alone. Run with -race.
func TestConcurrent(t *testing.T) {
	ctx := context.Background()
	var wantSVG, wantPNG bytes.Buffer
	if err := SVG(ctx, &wantSVG, sofa(), render.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := PNG(ctx, &wantPNG, sofa(), render.Options{}); err != nil {
		t.Fatal(err)
	}
	j := sofa() // shared by every goroutine
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 3; i++ {
				var buf bytes.Buffer
				want := &wantSVG
				f := SVG
				if (g+i)%2 == 1 {
					want, f = &wantPNG, PNG
				}
				if err := f(ctx, &buf, j, render.Options{}); err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(buf.Bytes(), want.Bytes()) {
					errs <- fmt.Errorf("goroutine %d render %d differs from a render alone", g, i)
					return
				}
			}
		}()
	}
	// And some renders that fail, mixed in.
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := renderDOT(ctx, io.Discard, []byte("digraph{a}"), "pdf", nil); err == nil {
				errs <- errors.New("pdf render did not fail")
			}
			if err := RenderDOT(ctx, io.Discard, []byte("digraph{"), SVGFormat); err == nil {
				errs <- errors.New("bad DOT did not fail")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// nativeDot returns the path of Graphviz's dot command, or skips the test.
func nativeDot(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("native Graphviz (dot) not installed")
	}
	return path
}

// The SVG's text is the same as native Graphviz's for the same DOT.
func TestSVGMatchesNative(t *testing.T) {
	dotCmd := nativeDot(t)
	dot, err := render.DOTBytes(sofa(), render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ours bytes.Buffer
	if err := RenderDOT(context.Background(), &ours, dot, SVGFormat); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(dotCmd, "-Tsvg")
	cmd.Stdin = bytes.NewReader(dot)
	native, err := cmd.Output()
	if err != nil {
		t.Fatalf("native dot: %v", err)
	}
	if got, want := svgText(t, ours.Bytes()), svgText(t, native); got != want {
		t.Errorf("SVG text differs from native Graphviz's:\n got %s\nwant %s", got, want)
	}
}

func TestLayoutTuning(t *testing.T) {
	for _, tc := range []struct {
		steps, transitions int
		fast, straight     bool
	}{
		{7, 7, false, false},
		{100, 150, false, false},
		{101, 100, true, false},
		{100, 151, true, false},
		{100, 201, true, true}, // dense
		{200, 301, true, true},
		{400, 800, true, true},
		{400, 300, true, false},
	} {
		got := layoutTuning(tc.steps, tc.transitions)
		if fast := got["mclimit"] != ""; fast != tc.fast {
			t.Errorf("%d steps, %d transitions: mclimit set %v, want %v", tc.steps, tc.transitions, fast, tc.fast)
		}
		if straight := got["splines"] == "line"; straight != tc.straight {
			t.Errorf("%d steps, %d transitions: straight edges %v, want %v", tc.steps, tc.transitions, straight, tc.straight)
		}
	}
}

// The largest journey the default limits let through, with random
// transitions, is laid out (in seconds; without layoutTuning it took
// minutes, which the test's deadline would catch).
func TestLargestDefaultJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out 400 steps")
	}
	max := DefaultMaxSteps
	j := &journey.Journey{ID: "big"}
	for s := 0; s < 10; s++ {
		j.Stages = append(j.Stages, journey.Stage{ID: fmt.Sprint("st", s), Name: fmt.Sprint("Stage ", s)})
	}
	for i := 0; i < max; i++ {
		j.Steps = append(j.Steps, journey.Step{ID: fmt.Sprint("s", i), Stage: fmt.Sprint("st", i*10/max), Action: fmt.Sprint("does ", i)})
	}
	// A fixed pseudo-random sequence of distinct pairs (a linear
	// congruential generator), so the test is the same every run.
	seen := map[[2]int]bool{}
	x := uint32(1)
	for len(j.Transitions) < TransitionsPerStep*max {
		x = x*1664525 + 1013904223
		a := int(x>>8) % max
		x = x*1664525 + 1013904223
		b := int(x>>8) % max
		if a == b || seen[[2]int{a, b}] {
			continue
		}
		seen[[2]int{a, b}] = true
		j.Transitions = append(j.Transitions, journey.Transition{From: fmt.Sprint("s", a), To: fmt.Sprint("s", b)})
	}
	j.Entries, j.Goals = []string{"s0"}, []string{fmt.Sprint("s", max-1)}
	var buf bytes.Buffer
	if err := SVG(context.Background(), &buf, j, render.Options{}); err != nil {
		t.Fatal(err)
	}
	svgText(t, buf.Bytes())
}
