package graphviz_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
	"github.com/journeymap/journeymap/render/graphviz"
)

// TestConcurrentWithReport renders one journey with one shared report, as
// SVG and PNG, from several goroutines while others analyse the same
// journey again and write its DOT: what a server does when requests for
// the same map arrive together. Every render must equal a render alone.
// Run it with -race. (TestConcurrent covers renders without a report and
// failing renders mixed in.)
func TestConcurrentWithReport(t *testing.T) {
	// A small journey with a blocker on the critical path and a dead end, so
	// that -race stays fast (under the race detector a PNG of the sofa
	// journey takes seconds).
	j, err := journey.ReadBytes([]byte(`
id: small
personas: [{id: p, name: Families}]
touchpoints: [{id: site, mode: online, control: direct}]
stages: [{id: look, name: Looking}, {id: buy, name: Buying}]
steps:
  - {id: ad, stage: look, touchpoint: site, action: sees an ad, emotion: 1}
  - id: cart
    stage: buy
    touchpoint: site
    action: fills the cart
    emotion: -1
    barriers: [{description: card only, severity: blocker}]
  - {id: paid, stage: buy, action: pays}
  - {id: lost, stage: look, action: wanders off, personas: [p]}
transitions:
  - {from: ad, to: cart, probability: 0.4}
  - {from: ad, to: lost, probability: 0.1}
  - {from: cart, to: paid, count: 30}
entries: [ad]
goals: [paid]
`))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r, err := analysis.Analyze(ctx, j, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	opts := render.Options{Report: r, Persona: j.Personas[0].ID}
	renders := []struct {
		name string
		f    func(context.Context, *bytes.Buffer) error
	}{
		{"SVG", func(ctx context.Context, b *bytes.Buffer) error { return graphviz.SVG(ctx, b, j, opts) }},
		{"PNG", func(ctx context.Context, b *bytes.Buffer) error { return graphviz.PNG(ctx, b, j, opts) }},
		{"DOT", func(ctx context.Context, b *bytes.Buffer) error { return render.DOT(b, j, opts) }},
		{"Analyze", func(ctx context.Context, b *bytes.Buffer) error {
			_, err := analysis.Analyze(ctx, j, analysis.Options{})
			return err
		}},
	}
	want := make([][]byte, len(renders))
	for i, rd := range renders {
		var b bytes.Buffer
		if err := rd.f(ctx, &b); err != nil {
			t.Fatalf("%s: %v", rd.name, err)
		}
		want[i] = b.Bytes()
	}
	var wg sync.WaitGroup
	errs := make(chan error, 3*len(renders))
	for g := 0; g < 3; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range renders {
				i := (k + g) % len(renders)
				var b bytes.Buffer
				if err := renders[i].f(ctx, &b); err != nil {
					errs <- fmt.Errorf("goroutine %d: %s: %v", g, renders[i].name, err)
					continue
				}
				if !bytes.Equal(b.Bytes(), want[i]) {
					errs <- fmt.Errorf("goroutine %d: %s differs from a render alone", g, renders[i].name)
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
