package bench_test

import (
	"runtime"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey/graphadapter"
)

// impl is one way of computing a finding on a fixture.
type impl struct {
	// name names the implementation in the benchmark: journeymap,
	// dominikbraun or gonum.
	name string
	// run computes the finding, returning how many items it found.
	run func(f *fixture) (int, error)
	// maxSteps is the largest journey the implementation is run on, where
	// a larger one would take more than about 30 s per iteration; 0 means
	// no limit.
	maxSteps int
	// note says why maxSteps is set.
	note string
}

// finding is one analysis finding and its implementations, benchmarked side
// by side as BenchmarkFinding/<finding>/impl=<name>/steps=<n>.
type finding struct {
	name  string
	impls []impl
}

// findings lists the benchmarked findings. The journeymap implementations
// are added by journeymap_test.go.
var findings = []*finding{
	{name: "unreachable", impls: []impl{
		{name: "dominikbraun", run: func(f *fixture) (int, error) {
			ids, err := dominikUnreachable(f)
			return len(ids), err
		}},
		{name: "gonum", run: func(f *fixture) (int, error) { return len(gonumUnreachable(f)), nil }},
	}},
	{name: "deadends", impls: []impl{
		{name: "dominikbraun", run: func(f *fixture) (int, error) {
			ids, err := dominikDeadEnds(f)
			return len(ids), err
		}},
		{name: "gonum", run: func(f *fixture) (int, error) { return len(gonumDeadEnds(f)), nil }},
	}},
	{name: "critical", impls: []impl{
		{name: "dominikbraun", run: func(f *fixture) (int, error) {
			ids, err := dominikCritical(f)
			return len(ids), err
		}, maxSteps: 10000, note: "81 s per iteration at 100,000 steps (GOMAXPROCS=1): a ShortestPath per step of the best path, each rebuilding AdjacencyMap"},
		{name: "gonum", run: func(f *fixture) (int, error) { return len(gonumCritical(f)), nil }},
	}},
	{name: "cycles", impls: []impl{
		{name: "dominikbraun", run: func(f *fixture) (int, error) {
			cs, err := dominikCycles(f)
			return len(cs), err
		}},
		{name: "gonum", run: func(f *fixture) (int, error) { return len(gonumCycles(f)), nil }},
	}},
	{name: "paths", impls: []impl{
		// dominikbraun/graph has no k-shortest paths: its ShortestPath
		// gives the best path only, and AllPathsBetween never ends on
		// these journeys.
		{name: "dominikbraun", run: func(f *fixture) (int, error) {
			p, err := dominikBestPath(f)
			return len(p), err
		}},
		{name: "gonum", run: func(f *fixture) (int, error) { return len(gonumBestPaths(f, analysis.DefaultK)), nil }},
	}},
}

func findingByName(name string) *finding {
	for _, fd := range findings {
		if fd.name == name {
			return fd
		}
	}
	panic("bench: no finding " + name)
}

// BenchmarkFinding times each finding on its own, for each implementation
// and size, as BenchmarkFinding/impl=<name>/steps=<n>/<finding>. Graph
// construction is not timed here (see BenchmarkGraph): every
// implementation starts from its own graph of the journey, and only that
// graph is in memory while it runs.
func BenchmarkFinding(b *testing.B) {
	for _, lib := range []string{libJourneymap, libDominikbraun, libGonum} {
		b.Run("impl="+lib, func(b *testing.B) {
			for _, n := range sizes {
				b.Run(sizeName(n), func(b *testing.B) {
					for _, fd := range findings {
						for _, im := range fd.impls {
							if im.name != lib {
								continue
							}
							b.Run(fd.name, func(b *testing.B) {
								if im.maxSteps > 0 && n > im.maxSteps {
									b.Skipf("skipped above %d steps: %s", im.maxSteps, im.note)
								}
								f := getFixture(b, n, lib)
								measure(b, len(f.j.Transitions), func() error {
									_, err := im.run(f)
									return err
								})
							})
						}
					}
				})
			}
		})
	}
}

// BenchmarkGraph times building each implementation's graph of the journey:
// the internal/graphalg graph for journeymap (step numbering included, as
// analysis.Analyze builds it), graphadapter.Graph for dominikbraun/graph and
// the simple.WeightedDirectedGraph of the findings for gonum.
func BenchmarkGraph(b *testing.B) {
	for _, lib := range []string{libJourneymap, libDominikbraun, libGonum} {
		b.Run("impl="+lib, func(b *testing.B) {
			for _, n := range sizes {
				b.Run(sizeName(n), func(b *testing.B) {
					f := getFixture(b, n, libModel)
					measure(b, len(f.j.Transitions), func() error {
						switch lib {
						case libJourneymap:
							g := &fixture{j: f.j, index: make(map[string]int, len(f.j.Steps))}
							for i, s := range f.j.Steps {
								g.index[s.ID] = i
							}
							newAlg(g)
						case libGonum:
							gonumWeighted(f.j, f.index, true)
						default:
							_, err := graphadapter.Graph(f.j)
							return err
						}
						return nil
					})
				})
			}
		})
	}
}

// measure runs body b.N times and reports, besides time and allocations,
// the time and the bytes allocated per transition of the journey.
func measure(b *testing.B, transitions int, body func() error) {
	b.Helper()
	b.ReportAllocs()
	runtime.GC() // start clean, not in the middle of the setup's collection
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		if err := body(); err != nil {
			b.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	per := float64(b.N) * float64(max(transitions, 1))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/transition")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/per, "B/transition")
}
