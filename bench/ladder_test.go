package bench_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/internal/gen"
)

// rungs are the ladder sizes: a ladder of r rungs has 2^r entry-to-goal
// paths (see gen.Ladder).
var rungs = []int{10, 16, 60}

// ladderImpls computes the best analysis.DefaultK paths of a ladder. The
// journeymap implementation is added by journeymap_test.go.
var ladderImpls = []impl{
	{name: "dominikbraun", run: func(f *fixture) (int, error) {
		ps, err := dominikAllPaths(f, analysis.DefaultK)
		return len(ps), err
	}, maxSteps: 2*16 + 2, note: "AllPathsBetween lists all 2^rungs paths"},
	{name: "dominikbraun-best1", run: func(f *fixture) (int, error) {
		p, err := dominikBestPath(f)
		return len(p), err
	}},
	{name: "gonum", run: func(f *fixture) (int, error) {
		return len(gonumBestPaths(f, analysis.DefaultK)), nil
	}},
}

var (
	laddersMu sync.Mutex
	ladders   = map[int]*fixture{}
)

func getLadder(tb testing.TB, r int) *fixture {
	laddersMu.Lock()
	defer laddersMu.Unlock()
	if f, ok := ladders[r]; ok {
		return f
	}
	f, err := newFixture(gen.Ladder(r))
	if err != nil {
		tb.Fatal(err)
	}
	ladders[r] = f
	return f
}

// BenchmarkLadder times the best analysis.DefaultK paths on ladders, up to
// 2^60 paths. dominikbraun/graph has no k-shortest paths: "dominikbraun"
// lists every path with AllPathsBetween and sorts them (small ladders
// only), "dominikbraun-best1" finds the best path alone with ShortestPath.
func BenchmarkLadder(b *testing.B) {
	for _, im := range ladderImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			for _, r := range rungs {
				b.Run(fmt.Sprintf("rungs=%d", r), func(b *testing.B) {
					f := getLadder(b, r)
					if im.maxSteps > 0 && len(f.j.Steps) > im.maxSteps {
						b.Skipf("skipped above %d steps: %s", im.maxSteps, im.note)
					}
					measure(b, len(f.j.Transitions), func() error {
						_, err := im.run(f)
						return err
					})
				})
			}
		})
	}
}

// TestLadderBaselines checks that the baselines find the best paths of
// small ladders: the cheapest costs nothing and is unique, and the next
// ones cost one low barrier each.
func TestLadderBaselines(t *testing.T) {
	f := getLadder(t, 10)
	dp, err := dominikAllPaths(f, analysis.DefaultK)
	if err != nil {
		t.Fatal(err)
	}
	gp := gonumBestPaths(f, analysis.DefaultK)
	if len(dp) != analysis.DefaultK || len(gp) != analysis.DefaultK {
		t.Fatalf("got %d and %d paths, want %d", len(dp), len(gp), analysis.DefaultK)
	}
	for i := range dp {
		dc, ds := f.pathCost(dp[i])
		gc, gs := f.pathCost(gp[i])
		want := int64(min(i, 1))
		if dc != want || gc != want || ds != 12 || gs != 12 {
			t.Errorf("path %d: dominikbraun cost %d steps %d, gonum cost %d steps %d; want cost %d steps 12", i, dc, ds, gc, gs, want)
		}
	}
}
