package render_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
	"github.com/journeymap/journeymap/render"
)

// renderer is one of the package's output functions.
type renderer struct {
	ext string
	fn  func(w *bytes.Buffer, j *journey.Journey, opts render.Options) error
}

var renderers = []renderer{
	{".dot", func(w *bytes.Buffer, j *journey.Journey, o render.Options) error { return render.DOT(w, j, o) }},
	{".journey.mmd", func(w *bytes.Buffer, j *journey.Journey, o render.Options) error { return render.Mermaid(w, j, o) }},
	{".flowchart.mmd", func(w *bytes.Buffer, j *journey.Journey, o render.Options) error {
		return render.MermaidFlowchart(w, j, o)
	}},
}

// goldenCase is a journey with options, rendered to testdata/<name><ext>.golden.
type goldenCase struct {
	name string
	j    *journey.Journey
	opts render.Options
}

func goldenCases() []goldenCase {
	perPersona := sofaReport()
	family := sofaReport()
	family.Persona = "family"
	family.DeadEnds = []string{}
	family.UnreachableSteps = []string{}
	perPersona.Personas = map[string]*analysis.Report{"family": family}
	return []goldenCase{
		{"sofa", sofa(), render.Options{}},
		{"sofa-report", sofa(), render.Options{Report: sofaReport()}},
		{"sofa-family", sofa(), render.Options{Persona: "family", Report: perPersona}},
		{"sofa-nolegend", sofa(), render.Options{NoLegend: true}},
		{"nasty", nasty(), render.Options{}},
		{"nasty-report", nasty(), render.Options{Report: nastyReport()}},
		{"empty", &journey.Journey{ID: "empty"}, render.Options{}},
	}
}

// TestGolden compares every renderer's output on every case with its golden
// file; JOURNEYTEST_UPDATE=1 go test ./render rewrites them.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases() {
		for _, r := range renderers {
			t.Run(c.name+r.ext, func(t *testing.T) {
				var b bytes.Buffer
				require.NoError(t, r.fn(&b, c.j, c.opts))
				journeytest.Golden(t, filepath.Join("testdata", c.name+r.ext+".golden"), b.Bytes())
			})
		}
	}
}

// TestDeterministic renders each case many times: the bytes never change.
func TestDeterministic(t *testing.T) {
	for _, c := range goldenCases() {
		for _, r := range renderers {
			var first bytes.Buffer
			require.NoError(t, r.fn(&first, c.j, c.opts))
			for range 20 {
				var b bytes.Buffer
				require.NoError(t, r.fn(&b, c.j, c.opts))
				require.Equal(t, first.String(), b.String(), "%s%s", c.name, r.ext)
			}
		}
	}
}

// TestDoesNotChangeJourney checks that rendering leaves the journey and the
// report as they were.
func TestDoesNotChangeJourney(t *testing.T) {
	j, rep := nasty(), nastyReport()
	for _, r := range renderers {
		var b bytes.Buffer
		require.NoError(t, r.fn(&b, j, render.Options{Report: rep, Persona: "p2"}))
	}
	assert.Equal(t, nasty(), j)
	assert.Equal(t, nastyReport(), rep)
}

func TestErrors(t *testing.T) {
	for _, r := range renderers {
		var b bytes.Buffer
		err := r.fn(&b, nil, render.Options{})
		var ps journey.Problems
		require.True(t, errors.As(err, &ps), "%s: %v", r.ext, err)
		assert.Equal(t, render.CodeNilJourney, ps[0].Code)

		err = r.fn(&b, sofa(), render.Options{Persona: "nobody"})
		require.True(t, errors.As(err, &ps), "%s: %v", r.ext, err)
		assert.Equal(t, render.CodeUnknownPersona, ps[0].Code)
		assert.Contains(t, ps[0].Message, `"nobody"`)
		assert.Zero(t, b.Len(), "nothing is written on a bad input")
	}
}

type failWriter struct{ after int }

var errWrite = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if w.after <= 0 {
		return 0, errWrite
	}
	n := min(len(p), w.after)
	w.after -= n
	if n < len(p) {
		return n, errWrite
	}
	return n, nil
}

// TestWriteErrors checks that a failing writer's error is returned, never
// dropped.
func TestWriteErrors(t *testing.T) {
	fns := map[string]func(*failWriter) error{
		"dot":       func(w *failWriter) error { return render.DOT(w, sofa(), render.Options{}) },
		"mermaid":   func(w *failWriter) error { return render.Mermaid(w, sofa(), render.Options{}) },
		"flowchart": func(w *failWriter) error { return render.MermaidFlowchart(w, sofa(), render.Options{}) },
	}
	for _, name := range []string{"dot", "mermaid", "flowchart"} {
		for _, after := range []int{0, 10, 100} {
			err := fns[name](&failWriter{after: after})
			assert.ErrorIs(t, err, errWrite, "%s after %d bytes", name, after)
		}
	}
}
