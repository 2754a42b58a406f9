package bench_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/internal/gen"
	"github.com/journeymap/journeymap/journey"
)

// smallJourney returns a small generated journey with some transitions
// dropped, so that it has unreachable steps and dead ends as well as
// cycles.
func smallJourney(seed uint64) *journey.Journey {
	j := gen.Generate(gen.Options{
		Steps:              3 + int(seed%30),
		TransitionsPerStep: 1 + float64(seed%4),
		Stages:             1 + int(seed%5),
		Entries:            1 + int(seed%2),
		Goals:              1 + int(seed%3),
		BackEdges:          0.2,
		Seed:               seed,
	})
	kept := j.Transitions[:0]
	for i, t := range j.Transitions {
		if (uint64(i)*0x9e3779b97f4a7c15+seed)%5 != 0 {
			kept = append(kept, t)
		}
	}
	j.Transitions = kept
	return j
}

// TestBaselinesAgree checks the two baselines against each other on
// thousands of small journeys, so that the benchmarks compare like with
// like: dominikbraun/graph and gonum must find the same unreachable steps,
// dead ends, critical steps and cycles, and best paths of the same cost.
func TestBaselinesAgree(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 200
	}
	var found [5]int // journeys with unreachable steps, dead ends, critical steps, cycles, paths
	for seed := range uint64(n) {
		j := smallJourney(seed)
		f, err := newFixture(j)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		du, err := dominikUnreachable(f)
		if err != nil {
			t.Fatal(err)
		}
		if gu := gonumUnreachable(f); !reflect.DeepEqual(du, gu) {
			t.Fatalf("seed %d: unreachable: dominikbraun %v, gonum %v", seed, du, gu)
		}
		dd, err := dominikDeadEnds(f)
		if err != nil {
			t.Fatal(err)
		}
		if gd := gonumDeadEnds(f); !reflect.DeepEqual(dd, gd) {
			t.Fatalf("seed %d: dead ends: dominikbraun %v, gonum %v", seed, dd, gd)
		}
		dc, err := dominikCritical(f)
		if err != nil {
			t.Fatal(err)
		}
		if gc := gonumCritical(f); !reflect.DeepEqual(dc, gc) {
			t.Fatalf("seed %d: critical: dominikbraun %v, gonum %v", seed, dc, gc)
		}
		dy, err := dominikCycles(f)
		if err != nil {
			t.Fatal(err)
		}
		if gy := gonumCycles(f); !reflect.DeepEqual(dy, gy) {
			t.Fatalf("seed %d: cycles: dominikbraun %v, gonum %v", seed, dy, gy)
		}
		dp, err := dominikBestPath(f)
		if err != nil {
			t.Fatal(err)
		}
		gp := gonumBestPaths(f, 3)
		if (dp == nil) != (len(gp) == 0) {
			t.Fatalf("seed %d: best path: dominikbraun %v, gonum %v", seed, dp, gp)
		}
		if dp != nil {
			dcost, dsteps := f.pathCost(dp)
			gcost, gsteps := f.pathCost(gp[0])
			if dcost != gcost || dsteps != gsteps {
				t.Fatalf("seed %d: best path: dominikbraun %v (%d, %d), gonum %v (%d, %d)", seed, dp, dcost, dsteps, gp[0], gcost, gsteps)
			}
		}
		for k, ok := range []bool{len(du) > 0, len(dd) > 0, len(dc) > 0, len(dy) > 0, dp != nil} {
			if ok {
				found[k]++
			}
		}
		// The graph dominikCritical changes and restores is unchanged.
		if size, _ := f.dgw.Size(); size != weightedSize(j) {
			t.Fatalf("seed %d: dominikCritical left %d edges, want %d", seed, size, weightedSize(j))
		}
	}
	// Each finding shows up in some journeys and not in others.
	for k, c := range found {
		if c == 0 || c == n {
			t.Errorf("finding %d in %d journeys of %d", k, c, n)
		}
	}
}

// weightedSize is the number of edges of the weighted baseline graphs.
func weightedSize(j *journey.Journey) int {
	type pair struct{ a, b string }
	seen := make(map[pair]bool)
	for _, t := range j.Transitions {
		seen[pair{t.From, t.To}] = true
	}
	for _, e := range j.Entries {
		seen[pair{rootID, e}] = true
	}
	for _, g := range j.Goals {
		seen[pair{g, sinkID}] = true
	}
	return len(seen)
}

// TestJourneymapAgrees checks internal/graphalg, as the benchmarks call it,
// and the report of analysis.Analyze for all personas against the gonum
// baseline on the same small journeys, so that the benchmarks compare
// equal results.
func TestJourneymapAgrees(t *testing.T) {
	ctx := context.Background()
	n := 500
	if testing.Short() {
		n = 200
	}
	for seed := range uint64(n) {
		j := smallJourney(seed)
		f, err := newFixture(j)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		gu, gd, gc, gy := gonumUnreachable(f), gonumDeadEnds(f), gonumCritical(f), gonumCycles(f)
		gp := gonumBestPaths(f, analysis.DefaultK)
		ju, err := journeymapUnreachable(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		jd, err := journeymapDeadEnds(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		jc, err := journeymapCritical(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		jy, err := journeymapCycles(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		jp, err := journeymapBestPaths(ctx, f, analysis.DefaultK)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			what      string
			got, want any
		}{
			{"unreachable", ju, gu}, {"dead ends", jd, gd}, {"critical", jc, gc}, {"cycles", jy, gy},
			{"path costs", pathCosts(f, jp), pathCosts(f, gp)},
		} {
			if !reflect.DeepEqual(c.got, c.want) {
				t.Fatalf("seed %d: %s: graphalg %v, gonum %v", seed, c.what, c.got, c.want)
			}
		}
		r, err := analysis.Analyze(ctx, j, analysis.Options{})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		// The report gives each cycle as a loop in the order customers go
		// round (repeating steps where no simple cycle covers the set):
		// compared as sets. Its dead ends leave out the steps after the
		// goal and those that reach an exit: a subset of the graph's.
		var loops [][]string
		for _, c := range r.Cycles {
			loops = append(loops, slices.Compact(f.inOrder(slices.Clone(c))))
		}
		if loops == nil {
			loops = [][]string{}
		}
		for _, d := range r.DeadEnds {
			if !slices.Contains(gd, d) {
				t.Fatalf("seed %d: dead end %s of Analyze is none of gonum's %v", seed, d, gd)
			}
		}
		for _, c := range []struct {
			what      string
			got, want any
		}{
			{"unreachable", r.UnreachableSteps, gu},
			{"critical", r.CriticalSteps, gc}, {"cycles", loops, gy},
		} {
			if !reflect.DeepEqual(c.got, c.want) {
				t.Fatalf("seed %d: %s: Analyze %v, gonum %v", seed, c.what, c.got, c.want)
			}
		}
		// With personas, the report's paths are those one persona can walk,
		// at that persona's cost (checked against brute force in package
		// analysis); gonum's graph knows no personas, so the paths are
		// compared on the journey without them.
		np := *j
		np.Personas = nil
		np.Steps = slices.Clone(j.Steps)
		for i := range np.Steps {
			np.Steps[i].Personas = nil
			np.Steps[i].Counts = nil
			np.Steps[i].Barriers = slices.Clone(np.Steps[i].Barriers)
			for b := range np.Steps[i].Barriers {
				np.Steps[i].Barriers[b].Personas = nil
			}
		}
		np.Transitions = slices.Clone(j.Transitions)
		for i := range np.Transitions {
			np.Transitions[i].Personas = nil
		}
		r, err = analysis.Analyze(ctx, &np, analysis.Options{})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		var rp [][]string
		for _, p := range r.Paths {
			rp = append(rp, p.Steps)
		}
		if got, want := pathCosts(f, rp), pathCosts(f, gp); !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: path costs: Analyze %v, gonum %v", seed, got, want)
		}
	}
}

// pathCosts returns the (cost, steps) of each path, in order.
func pathCosts(f *fixture, ps [][]string) [][2]int64 {
	out := [][2]int64{}
	for _, p := range ps {
		c, s := f.pathCost(p)
		out = append(out, [2]int64{c, int64(s)})
	}
	return out
}
