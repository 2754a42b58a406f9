package analysis_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/internal/gen"
)

// BenchmarkAnalyze runs the full Analyze (every persona) on synthetic
// journeys of 1k, 10k and 100k steps with about 5 transitions per step.
func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		j := gen.Generate(gen.Options{Steps: n, Seed: 1})
		b.Run(fmt.Sprintf("steps=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := analysis.Analyze(context.Background(), j, analysis.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
