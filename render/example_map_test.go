package render_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"io"
	"strings"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/render"
)

// ExampleMap draws the classic journey map of a journey as SVG, with the
// findings of an analysis marked. Each stage is a column (a <g
// class="stage">) and each persona an emotion line (a <g class="emotion">),
// for style sheets and scripts to pick out.
func ExampleMap() {
	j := tiny()
	findings := &render.MapFindings{Critical: []string{"subscribe"}}
	var b bytes.Buffer
	if err := render.Map(&b, j, render.MapOptions{Findings: findings}); err != nil {
		fmt.Println(err)
		return
	}
	svg := b.String()
	fmt.Println("columns:", strings.Count(svg, `<g class="stage"`))
	fmt.Println("emotion lines:", strings.Count(svg, `<g class="emotion"`))
	fmt.Println("critical steps:", strings.Count(svg, `<g class="step critical"`))
	// Output:
	// columns: 1
	// emotion lines: 1
	// critical steps: 1
}

// ExampleMapPNG draws the same map as a PNG, twice the size, for slides.
func ExampleMapPNG() {
	var b bytes.Buffer
	if err := render.MapPNG(&b, tiny(), render.MapOptions{Scale: 2, Width: 600}); err != nil {
		fmt.Println(err)
		return
	}
	img, err := png.Decode(&b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("width:", img.Bounds().Dx())
	// Output:
	// width: 768
}

// ExampleNewMapFindings marks the findings of an analysis on the map.
func ExampleNewMapFindings() {
	j := tiny()
	report, err := analysis.Analyze(context.Background(), j, analysis.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	findings := render.NewMapFindings(report)
	fmt.Println("critical:", findings.Critical)
	fmt.Printf("reach of the sign-up stage: %.0f%%\n", findings.StageReach["s"]*100)
	if err := render.Map(io.Discard, j, render.MapOptions{Findings: findings}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// critical: [visit subscribe]
	// reach of the sign-up stage: 100%
}
