package journey_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
)

// TestConcurrentUse runs everything a server does with one journey and one
// report from many goroutines at once: Validate, ForPersona, Analyze (for
// all personas and for one), Write, the report's writers and the pure-Go
// renderers (DOT, Mermaid, Mermaid flowchart, with and without the report).
// Each goroutine must get the same bytes as a call alone. Run it with
// -race: the journey and the report are shared, read-only, by every call.
func TestConcurrentUse(t *testing.T) {
	j, err := journey.ReadFile(filepath.Join("testdata", "sofa.json"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r, err := analysis.Analyze(ctx, j, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	persona := j.Personas[0].ID
	calls := []struct {
		name string
		f    func() ([]byte, error)
	}{
		{"Validate", func() ([]byte, error) { return nil, j.Validate() }},
		{"ForPersona", func() ([]byte, error) { return json.Marshal(j.ForPersona(persona)) }},
		{"Analyze", func() ([]byte, error) {
			r, err := analysis.Analyze(ctx, j, analysis.Options{})
			if err != nil {
				return nil, err
			}
			return json.Marshal(r)
		}},
		{"AnalyzePersona", func() ([]byte, error) {
			r, err := analysis.Analyze(ctx, j, analysis.Options{Persona: persona, K: 50})
			if err != nil {
				return nil, err
			}
			return json.Marshal(r)
		}},
		{"WriteYAML", func() ([]byte, error) {
			var b bytes.Buffer
			err := journey.Write(&b, j, journey.YAML)
			return b.Bytes(), err
		}},
		{"WriteJSON", func() ([]byte, error) {
			var b bytes.Buffer
			err := journey.Write(&b, j, journey.JSON)
			return b.Bytes(), err
		}},
		{"ReportJSON", func() ([]byte, error) { return json.Marshal(r) }},
		{"DOT", func() ([]byte, error) { return render.DOTBytes(j, render.Options{}) }},
		{"DOTReport", func() ([]byte, error) { return render.DOTBytes(j, render.Options{Report: r}) }},
		{"DOTPersona", func() ([]byte, error) { return render.DOTBytes(j, render.Options{Report: r, Persona: persona}) }},
		{"Mermaid", func() ([]byte, error) {
			var b bytes.Buffer
			err := render.Mermaid(&b, j, render.Options{Report: r})
			return b.Bytes(), err
		}},
		{"MermaidFlowchart", func() ([]byte, error) {
			var b bytes.Buffer
			err := render.MermaidFlowchart(&b, j, render.Options{Report: r, Persona: persona})
			return b.Bytes(), err
		}},
	}
	want := make([][]byte, len(calls))
	for i, c := range calls {
		out, err := c.f()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want[i] = out
	}
	const goroutines = 8
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*len(calls))
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range calls {
				i := (k + g) % len(calls) // each goroutine in another order
				out, err := calls[i].f()
				switch {
				case err != nil:
					errs <- fmt.Errorf("goroutine %d: %s: %v", g, calls[i].name, err)
				case !bytes.Equal(out, want[i]):
					errs <- fmt.Errorf("goroutine %d: %s differs from a call alone", g, calls[i].name)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
