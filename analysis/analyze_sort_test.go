package analysis

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/journeymap/journeymap/journey"
)

// TestSortBarrierFindings checks sortBarrierFindings against a stable sort
// of the findings themselves, on random findings with many ties.
func TestSortBarrierFindings(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	for trial := 0; trial < 3000; trial++ {
		n := rng.IntN(40)
		bs := make([]BarrierFinding, n)
		numbers := rng.IntN(2) == 0 // Reach is set on all or none
		for i := range bs {
			bs[i] = BarrierFinding{
				Step:     "s" + strconv.Itoa(i),
				Severity: journey.Severities[rng.IntN(len(journey.Severities))],
				Critical: rng.IntN(3) == 0,
			}
			if numbers {
				x := float64(rng.IntN(3)) / 2
				bs[i].Reach = &x
			}
		}
		want := slices.Clone(bs)
		slices.SortStableFunc(want, compareBarrierFindings)
		sortBarrierFindings(bs)
		same := func(a, b BarrierFinding) bool { return a.Step == b.Step && a.Reach == b.Reach }
		if !slices.EqualFunc(bs, want, same) {
			t.Fatalf("trial %d:\ngot  %v\nwant %v", trial, bs, want)
		}
	}
}
