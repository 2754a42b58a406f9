package bench_test

// The journeymap side: each finding computed with internal/graphalg, the
// algorithms analysis.Analyze runs over its compact index, and the full
// analysis.Analyze.

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/internal/gen"
	"github.com/journeymap/journeymap/internal/graphalg"
)

// alg is a fixture's journey as internal/graphalg sees it: dense step
// numbers in journey order and the transitions as a graph over them.
type alg struct {
	g              *graphalg.Graph
	entries, goals []int32
	cost           []int64 // barrier cost of each step
}

// algOf returns the graphalg form of a fixture, building it on first use.
func algOf(f *fixture) *alg {
	if f.alg == nil {
		f.alg = newAlg(f)
	}
	return f.alg
}

// newAlg builds the graphalg graph of a fixture's journey, as
// analysis.Analyze does for the view of all personas.
func newAlg(f *fixture) *alg {
	j := f.j
	from := make([]int32, len(j.Transitions))
	to := make([]int32, len(j.Transitions))
	for i, t := range j.Transitions {
		from[i] = int32(f.index[t.From])
		to[i] = int32(f.index[t.To])
	}
	a := &alg{g: graphalg.New(len(j.Steps), from, to), cost: make([]int64, len(j.Steps))}
	for _, e := range j.Entries {
		a.entries = append(a.entries, int32(f.index[e]))
	}
	for _, g := range j.Goals {
		a.goals = append(a.goals, int32(f.index[g]))
	}
	for i := range j.Steps {
		a.cost[i] = stepCost(&j.Steps[i])
	}
	return a
}

func journeymapUnreachable(ctx context.Context, f *fixture) ([]string, error) {
	a := algOf(f)
	reach, err := graphalg.Reach(ctx, a.g, a.entries)
	if err != nil {
		return nil, err
	}
	un := make([]bool, len(reach))
	for i, ok := range reach {
		un[i] = !ok
	}
	return f.ids(un), nil
}

func journeymapDeadEnds(ctx context.Context, f *fixture) ([]string, error) {
	a := algOf(f)
	reach, err := graphalg.Reach(ctx, a.g, a.entries)
	if err != nil {
		return nil, err
	}
	toGoal, err := graphalg.Reach(ctx, a.g.Reverse(), a.goals)
	if err != nil {
		return nil, err
	}
	return f.deadEnds(reach, toGoal), nil
}

func journeymapCritical(ctx context.Context, f *fixture) ([]string, error) {
	a := algOf(f)
	critical, err := graphalg.Critical(ctx, a.g, a.entries, a.goals)
	if err != nil {
		return nil, err
	}
	return f.ids(critical), nil
}

func journeymapCycles(ctx context.Context, f *fixture) ([][]string, error) {
	a := algOf(f)
	comps, err := graphalg.Cycles(ctx, a.g)
	if err != nil {
		return nil, err
	}
	out := make([][]string, 0, len(comps))
	for _, c := range comps {
		c = slices.Clone(c)
		slices.Sort(c)
		ids := make([]string, len(c))
		for i, v := range c {
			ids[i] = f.j.Steps[v].ID
		}
		out = append(out, ids)
	}
	slices.SortFunc(out, func(a, b []string) int { return cmp.Compare(f.index[a[0]], f.index[b[0]]) })
	return out, nil
}

func journeymapBestPaths(ctx context.Context, f *fixture, k int) ([][]string, error) {
	a := algOf(f)
	paths, err := graphalg.KBest(ctx, a.g, a.cost, a.entries, a.goals, k)
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(paths))
	for i, p := range paths {
		ids := make([]string, len(p))
		for k, v := range p {
			ids[k] = f.j.Steps[v].ID
		}
		out[i] = ids
	}
	return out, nil
}

func init() {
	ctx := context.Background()
	add := func(name string, run func(f *fixture) (int, error)) {
		fd := findingByName(name)
		fd.impls = append([]impl{{name: "journeymap", run: run}}, fd.impls...)
	}
	add("unreachable", func(f *fixture) (int, error) {
		ids, err := journeymapUnreachable(ctx, f)
		return len(ids), err
	})
	add("deadends", func(f *fixture) (int, error) {
		ids, err := journeymapDeadEnds(ctx, f)
		return len(ids), err
	})
	add("critical", func(f *fixture) (int, error) {
		ids, err := journeymapCritical(ctx, f)
		return len(ids), err
	})
	add("cycles", func(f *fixture) (int, error) {
		cs, err := journeymapCycles(ctx, f)
		return len(cs), err
	})
	add("paths", func(f *fixture) (int, error) {
		ps, err := journeymapBestPaths(ctx, f, analysis.DefaultK)
		return len(ps), err
	})
	ladderImpls = append([]impl{{name: "journeymap", run: func(f *fixture) (int, error) {
		ps, err := journeymapBestPaths(ctx, f, analysis.DefaultK)
		return len(ps), err
	}}}, ladderImpls...)
}

// BenchmarkAnalyze times the full analysis.Analyze with the default options:
// validation, the report for all personas and one per persona (the
// benchmark journeys have three), each with every finding, the best 10
// paths and the conversion. Besides time and allocations it reports the
// bytes allocated per transition and, from a separate sampled run, the
// peak live heap beyond the model per transition (the report included).
func BenchmarkAnalyze(b *testing.B) {
	ctx := context.Background()
	for _, n := range sizes {
		b.Run(sizeName(n), func(b *testing.B) {
			dropFixture()
			j := generated(n)
			analyze := func() error {
				_, err := analysis.Analyze(ctx, j, analysis.Options{})
				return err
			}
			measure(b, len(j.Transitions), analyze)
			b.StopTimer()
			var err error
			peak := peakHeap(func() { err = analyze() })
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(peak)/float64(len(j.Transitions)), "peak-B/transition")
		})
	}
}

// BenchmarkFull compares the full analysis with the baselines' nearest
// equivalent: for dominikbraun/graph and gonum, building their graphs of
// the journey and computing the five graph findings (unreachable steps,
// dead ends, critical steps, cycles and the best paths) once, for all
// personas together. analysis.Analyze does more: it validates the journey,
// computes those findings for all personas and again for each of the three
// personas, and adds gaps, barriers and the conversion.
func BenchmarkFull(b *testing.B) {
	ctx := context.Background()
	type full struct {
		name     string
		run      func(f *fixture) error
		maxSteps int
	}
	for _, im := range []full{
		{name: "journeymap", run: func(f *fixture) error {
			_, err := analysis.Analyze(ctx, f.j, analysis.Options{})
			return err
		}},
		{name: "dominikbraun", maxSteps: 10000, run: func(f *fixture) error {
			g := &fixture{j: f.j, index: f.index}
			if err := g.buildDominik(); err != nil {
				return err
			}
			if _, err := dominikUnreachable(g); err != nil {
				return err
			}
			if _, err := dominikDeadEnds(g); err != nil {
				return err
			}
			if _, err := dominikCritical(g); err != nil {
				return err
			}
			if _, err := dominikCycles(g); err != nil {
				return err
			}
			_, err := dominikBestPath(g)
			return err
		}},
		{name: "gonum", run: func(f *fixture) error {
			g := &fixture{j: f.j, index: f.index}
			g.buildGonum()
			gonumUnreachable(g)
			gonumDeadEnds(g)
			gonumCritical(g)
			gonumCycles(g)
			gonumBestPaths(g, analysis.DefaultK)
			return nil
		}},
	} {
		b.Run("impl="+im.name, func(b *testing.B) {
			for _, n := range sizes {
				b.Run(sizeName(n), func(b *testing.B) {
					if im.maxSteps > 0 && n > im.maxSteps {
						b.Skipf("skipped above %d steps: its critical steps alone take 81 s at 100,000 steps", im.maxSteps)
					}
					f := getFixture(b, n, libModel)
					measure(b, len(f.j.Transitions), func() error { return im.run(f) })
				})
			}
		})
	}
}

// BenchmarkAnalyzeLadder times the full analysis.Analyze, default options,
// on ladders of up to 60 rungs: 2^60 entry-to-goal paths, of which the
// report lists the best 10.
func BenchmarkAnalyzeLadder(b *testing.B) {
	ctx := context.Background()
	for _, r := range rungs {
		b.Run(fmt.Sprintf("rungs=%d", r), func(b *testing.B) {
			j := gen.Ladder(r)
			measure(b, len(j.Transitions), func() error {
				rep, err := analysis.Analyze(ctx, j, analysis.Options{})
				if err == nil && len(rep.Paths) != analysis.DefaultK {
					err = fmt.Errorf("%d paths, want %d", len(rep.Paths), analysis.DefaultK)
				}
				return err
			})
		})
	}
}
