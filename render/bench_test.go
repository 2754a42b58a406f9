package render_test

import (
	"io"
	"testing"

	"github.com/journeymap/journeymap/render"
)

// The emitters are linear: go test ./render -run - -bench . shows the time
// per step staying flat from 1k to 100k steps.

func benchmarkDOT(b *testing.B, n int) {
	j := layered(n, 8, 0.01, 1)
	b.ReportAllocs()
	for b.Loop() {
		if err := render.DOT(io.Discard, j, render.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDOT1k(b *testing.B)   { benchmarkDOT(b, 1000) }
func BenchmarkDOT100k(b *testing.B) { benchmarkDOT(b, 100000) }

func BenchmarkMermaidFlowchart100k(b *testing.B) {
	j := layered(100000, 8, 0.01, 1)
	for b.Loop() {
		if err := render.MermaidFlowchart(io.Discard, j, render.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMermaid100k(b *testing.B) {
	j := layered(100000, 8, 0.01, 1)
	for b.Loop() {
		if err := render.Mermaid(io.Discard, j, render.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMap60 times the map SVG of a 60-step journey of eight stages
// (the target: under 20 ms).
func BenchmarkMap60(b *testing.B) {
	j := layered(60, 8, 0.05, 1)
	for i := range j.Steps {
		j.Steps[i].Thoughts = []string{"I wonder whether this is the right thing to do now"}
		j.Steps[i].Opportunities = []string{"Explain the next step in plain words"}
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := render.Map(io.Discard, j, render.MapOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMapPNG60 times the PNG of the same map.
func BenchmarkMapPNG60(b *testing.B) {
	j := layered(60, 8, 0.05, 1)
	for b.Loop() {
		if err := render.MapPNG(io.Discard, j, render.MapOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
