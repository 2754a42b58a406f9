package bench_test

import (
	"io"
	"testing"

	"github.com/journeymap/journeymap/render"
)

// BenchmarkDOT times render.DOT of the benchmark journeys, with the default
// options, to io.Discard.
func BenchmarkDOT(b *testing.B) {
	for _, n := range sizes {
		b.Run(sizeName(n), func(b *testing.B) {
			dropFixture()
			j := generated(n)
			measure(b, len(j.Transitions), func() error {
				return render.DOT(io.Discard, j, render.Options{})
			})
		})
	}
}
