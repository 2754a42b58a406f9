package compare

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/journeymap/journeymap/internal/gen"
	"github.com/journeymap/journeymap/journey"
)

// benchPair returns a generated journey of n steps and an edited copy
// (about one step in a hundred changed, a few removed and added).
func benchPair(n int) (a, b *journey.Journey) {
	a = gen.Generate(gen.Options{Steps: n, Seed: 1})
	b = a.Clone()
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n/100; i++ {
		s := &b.Steps[r.IntN(len(b.Steps))]
		s.Emotion = r.IntN(5) - 2
		s.Action += " (revised)"
	}
	for i := 0; i < n/1000; i++ {
		b.Steps = append(b.Steps, journey.Step{ID: fmt.Sprintf("new-%d", i), Stage: b.Stages[0].ID})
		b.Transitions = append(b.Transitions, journey.Transition{From: b.Entries[0], To: fmt.Sprintf("new-%d", i)})
	}
	b.Transitions = b.Transitions[n/1000:]
	return a, b
}

// BenchmarkStructure measures the structural diff at 1k, 10k and 100k
// steps: the time per step stays flat (linear in the size). Compare with
//
//	GOMAXPROCS=1 go test ./compare/ -run '^$' -bench Structure -benchtime 3x
func BenchmarkStructure(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		x, y := benchPair(n)
		b.Run(fmt.Sprintf("steps=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if Structure(x, y).Empty() {
					b.Fatal("no difference")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/step")
		})
	}
}

// BenchmarkCompare measures Compare (both analyses included) at 10k and
// 100k steps.
func BenchmarkCompare(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		x, y := benchPair(n)
		b.Run(fmt.Sprintf("steps=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Compare(context.Background(), x, y, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/step")
		})
	}
}
