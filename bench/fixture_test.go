package bench_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/dominikbraun/graph"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/journeymap/journeymap/internal/gen"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/graphadapter"
)

// sizes are the journey sizes, in steps, of every benchmark; each journey
// has about gen.DefaultTransitionsPerStep transitions per step.
var sizes = []int{1000, 10000, 100000}

// seed is the generator seed of every benchmark journey.
const seed = 1

// fixture is one benchmark journey and the graphs of it that the
// implementations work on.
type fixture struct {
	j     *journey.Journey
	index map[string]int // step ID to position

	// dg is the journey's own dominikbraun/graph view, (*Journey).Graph.
	dg graph.Graph[string, journey.Step]
	// dgRev is dg with every edge reversed, for searches towards the goals.
	dgRev graph.Graph[string, string]
	// dgw is a weighted dominikbraun graph with a virtual root joined to
	// every entry and every goal joined to a virtual sink; edge weights
	// are pathWeight of the target step.
	dgw graph.Graph[string, string]

	// gg is the same weighted graph in gonum: node i is step i, node n the
	// root and node n+1 the sink.
	gg *simple.WeightedDirectedGraph
	// ggPaths is gg without the transitions leaving goals: a path ends at
	// the first goal it reaches, as analysis.Report.Paths counts them.
	ggPaths *simple.WeightedDirectedGraph

	// alg is the journey as internal/graphalg sees it.
	alg *alg
}

var (
	fixturesMu sync.Mutex
	journeys   = map[int]*journey.Journey{}
	// current is the one fixture kept between benchmarks: each holds only
	// the graphs of the library it measures, so that no library's
	// benchmark pays for collecting another's heap.
	current struct {
		n   int
		lib string
		f   *fixture
	}
)

// The libraries a fixture can hold graphs for.
const (
	libModel        = "model" // the journey alone
	libJourneymap   = "journeymap"
	libDominikbraun = "dominikbraun"
	libGonum        = "gonum"
)

// Virtual vertices of the weighted baseline graphs.
const (
	rootID = "\x00root"
	sinkID = "\x00sink"
)

// generated returns the benchmark journey of n steps, generating it on
// first use. Callers must not change it.
func generated(n int) *journey.Journey {
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	return generatedLocked(n)
}

func generatedLocked(n int) *journey.Journey {
	j, ok := journeys[n]
	if !ok {
		j = gen.Generate(gen.Options{Steps: n, Seed: seed})
		journeys[n] = j
	}
	return j
}

// getFixture returns the fixture of the journey of n steps with the graphs
// of lib, building it unless it is the current one and dropping the
// previous one. Benchmarks call it before their timer starts.
func getFixture(tb testing.TB, n int, lib string) *fixture {
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	if current.f != nil && current.n == n && current.lib == lib {
		return current.f
	}
	current.f = nil
	runtime.GC()
	f := &fixture{j: generatedLocked(n)}
	f.index = make(map[string]int, len(f.j.Steps))
	for i, s := range f.j.Steps {
		f.index[s.ID] = i
	}
	switch lib {
	case libJourneymap:
		f.alg = newAlg(f)
	case libDominikbraun:
		if err := f.buildDominik(); err != nil {
			tb.Fatal(err)
		}
	case libGonum:
		f.buildGonum()
	}
	current.n, current.lib, current.f = n, lib, f
	runtime.GC()
	return f
}

// dropFixture drops the current fixture, for benchmarks that need the
// journeys only.
func dropFixture() {
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	current.f = nil
	runtime.GC()
}

// stepCost is the cost of the barriers at a step, as analysis.Path.Cost
// counts them.
func stepCost(s *journey.Step) int64 {
	var c int64
	for _, b := range s.Barriers {
		c += b.Severity.Weight()
	}
	return c
}

// pathWeight is the weight of an edge into step s in the weighted baseline
// graphs: the barrier cost first, then one per step, so that the lightest
// root-to-sink path is the best path of analysis.Report.Paths (fewest
// barriers by severity, then fewest steps). n bounds the steps on a path.
func pathWeight(s *journey.Step, n int) int64 {
	return stepCost(s)*int64(n+1) + 1
}

// newFixture returns the fixture of j with the graphs of every library.
func newFixture(j *journey.Journey) (*fixture, error) {
	f := &fixture{j: j, index: make(map[string]int, len(j.Steps))}
	for i, s := range j.Steps {
		f.index[s.ID] = i
	}
	if err := f.buildDominik(); err != nil {
		return nil, err
	}
	f.buildGonum()
	f.alg = newAlg(f)
	return f, nil
}

// buildDominik builds the dominikbraun/graph graphs of the fixture.
func (f *fixture) buildDominik() error {
	var err error
	if f.dg, err = graphadapter.Graph(f.j); err != nil {
		return err
	}
	if f.dgRev, err = dominikReverse(f.j); err != nil {
		return err
	}
	f.dgw, err = dominikWeighted(f.j)
	return err
}

// buildGonum builds the gonum graphs of the fixture.
func (f *fixture) buildGonum() {
	f.gg = gonumWeighted(f.j, f.index, true)
	f.ggPaths = gonumWeighted(f.j, f.index, false)
}

// dominikReverse builds the reversed graph of j with dominikbraun/graph,
// as a user would to search backwards from the goals.
func dominikReverse(j *journey.Journey) (graph.Graph[string, string], error) {
	g := graph.New(graph.StringHash, graph.Directed())
	for _, s := range j.Steps {
		if err := g.AddVertex(s.ID); err != nil {
			return nil, err
		}
	}
	for _, t := range j.Transitions {
		if err := g.AddEdge(t.To, t.From); err != nil && err != graph.ErrEdgeAlreadyExists {
			return nil, err
		}
	}
	return g, nil
}

// dominikWeighted builds the weighted graph with a virtual root and sink.
func dominikWeighted(j *journey.Journey) (graph.Graph[string, string], error) {
	n := len(j.Steps)
	g := graph.New(graph.StringHash, graph.Directed(), graph.Weighted())
	weight := make(map[string]int64, n)
	for i := range j.Steps {
		s := &j.Steps[i]
		if err := g.AddVertex(s.ID); err != nil {
			return nil, err
		}
		weight[s.ID] = pathWeight(s, n)
	}
	for _, v := range []string{rootID, sinkID} {
		if err := g.AddVertex(v); err != nil {
			return nil, err
		}
	}
	add := func(from, to string, w int64) error {
		err := g.AddEdge(from, to, graph.EdgeWeight(int(w)))
		if err == graph.ErrEdgeAlreadyExists {
			return nil
		}
		return err
	}
	for _, t := range j.Transitions {
		if err := add(t.From, t.To, weight[t.To]); err != nil {
			return nil, err
		}
	}
	for _, e := range j.Entries {
		if err := add(rootID, e, weight[e]); err != nil {
			return nil, err
		}
	}
	for _, e := range j.Goals {
		if err := add(e, sinkID, 0); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// gonumWeighted builds the same weighted graph with gonum: node i is step
// i, node n the root and node n+1 the sink. Unless fromGoals is set, it
// leaves out the transitions that leave goals.
func gonumWeighted(j *journey.Journey, index map[string]int, fromGoals bool) *simple.WeightedDirectedGraph {
	n := len(j.Steps)
	goal := make([]bool, n)
	for _, e := range j.Goals {
		goal[index[e]] = true
	}
	g := simple.NewWeightedDirectedGraph(0, 0)
	for i := range n + 2 {
		g.AddNode(simple.Node(i))
	}
	set := func(from, to int, w int64) {
		if from == to {
			// simple graphs have no self-loops; the cycle baselines
			// account for them separately.
			return
		}
		g.SetWeightedEdge(simple.WeightedEdge{F: simple.Node(from), T: simple.Node(to), W: float64(w)})
	}
	for _, t := range j.Transitions {
		from, to := index[t.From], index[t.To]
		if goal[from] && !fromGoals {
			continue
		}
		set(from, to, pathWeight(&j.Steps[to], n))
	}
	for _, e := range j.Entries {
		i := index[e]
		set(n, i, pathWeight(&j.Steps[i], n))
	}
	for _, e := range j.Goals {
		set(index[e], n+1, 0)
	}
	return g
}

// sizeName names a sub-benchmark by journey size.
func sizeName(n int) string { return fmt.Sprintf("steps=%d", n) }
