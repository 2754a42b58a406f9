package bench_test

// The baselines: the analysis findings computed with dominikbraun/graph's
// own algorithms and with gonum's, as a user of either library would. Each
// returns its findings as step IDs in journey order, as analysis.Report
// lists them, so that the work compared is the same.

import (
	"cmp"
	"errors"
	"math"
	"slices"

	"github.com/dominikbraun/graph"
	gonumgraph "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/flow"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
	"gonum.org/v1/gonum/graph/traverse"
)

// ids returns the IDs of the steps whose flag is set, in journey order.
func (f *fixture) ids(set []bool) []string {
	out := []string{}
	for i, ok := range set {
		if ok {
			out = append(out, f.j.Steps[i].ID)
		}
	}
	return out
}

// inOrder sorts step IDs into journey order.
func (f *fixture) inOrder(ids []string) []string {
	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(f.index[a], f.index[b]) })
	return ids
}

// cycles sorts components (each into journey order, then by first step)
// and adds the self-loops, as analysis.Report.Cycles lists them.
func (f *fixture) cycles(comps [][]string) [][]string {
	out := [][]string{}
	inComp := make(map[string]bool)
	for _, c := range comps {
		if len(c) < 2 {
			continue
		}
		for _, id := range c {
			inComp[id] = true
		}
		out = append(out, f.inOrder(c))
	}
	for _, t := range f.j.Transitions {
		if t.From == t.To && !inComp[t.From] {
			inComp[t.From] = true
			out = append(out, []string{t.From})
		}
	}
	slices.SortFunc(out, func(a, b []string) int { return cmp.Compare(f.index[a[0]], f.index[b[0]]) })
	return out
}

// deadEnds returns the dead ends given what is reachable from the entries
// and what reaches a goal.
func (f *fixture) deadEnds(reach, toGoal []bool) []string {
	end := make(map[string]bool)
	for _, id := range f.j.Goals {
		end[id] = true
	}
	for _, id := range f.j.Exits {
		end[id] = true
	}
	dead := make([]bool, len(reach))
	for i, ok := range reach {
		dead[i] = ok && !toGoal[i] && !end[f.j.Steps[i].ID]
	}
	return f.ids(dead)
}

// ---- dominikbraun/graph ----

// dominikReach marks the steps reachable from the entries: one BFS per entry.
func dominikReach(f *fixture) ([]bool, error) {
	reach := make([]bool, len(f.j.Steps))
	for _, e := range f.j.Entries {
		err := graph.BFS(f.dg, e, func(id string) bool {
			reach[f.index[id]] = true
			return false
		})
		if err != nil {
			return nil, err
		}
	}
	return reach, nil
}

// dominikUnreachable lists the unreachable steps.
func dominikUnreachable(f *fixture) ([]string, error) {
	reach, err := dominikReach(f)
	if err != nil {
		return nil, err
	}
	for i := range reach {
		reach[i] = !reach[i]
	}
	return f.ids(reach), nil
}

// dominikDeadEnds lists the dead ends: a BFS per entry, then one per goal
// on the reversed graph.
func dominikDeadEnds(f *fixture) ([]string, error) {
	reach, err := dominikReach(f)
	if err != nil {
		return nil, err
	}
	toGoal := make([]bool, len(f.j.Steps))
	for _, g := range f.j.Goals {
		err := graph.BFS(f.dgRev, g, func(id string) bool {
			toGoal[f.index[id]] = true
			return false
		})
		if err != nil {
			return nil, err
		}
	}
	return f.deadEnds(reach, toGoal), nil
}

// dominikCycles lists the cycles with StronglyConnectedComponents.
func dominikCycles(f *fixture) ([][]string, error) {
	comps, err := graph.StronglyConnectedComponents(f.dg)
	if err != nil {
		return nil, err
	}
	return f.cycles(comps), nil
}

// dominikBestPath returns the best entry-to-goal path with ShortestPath on
// the weighted graph; dominikbraun/graph has no k-shortest paths.
func dominikBestPath(f *fixture) ([]string, error) {
	p, err := graph.ShortestPath(f.dgw, rootID, sinkID)
	if errors.Is(err, graph.ErrTargetNotReachable) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return p[1 : len(p)-1], nil
}

// dominikCritical lists the critical steps. dominikbraun/graph has no
// dominators, so it does what a user of it would: every critical step lies
// on any one entry-to-goal path, so take the shortest and, for each step on
// it, remove the step and ask ShortestPath whether a goal is still
// reachable. The graph is restored before returning.
func dominikCritical(f *fixture) ([]string, error) {
	p, err := graph.ShortestPath(f.dgw, rootID, sinkID)
	if errors.Is(err, graph.ErrTargetNotReachable) {
		return []string{}, nil
	}
	if err != nil {
		return nil, err
	}
	succ, err := f.dgw.AdjacencyMap()
	if err != nil {
		return nil, err
	}
	pred, err := f.dgw.PredecessorMap()
	if err != nil {
		return nil, err
	}
	critical := []string{}
	for _, v := range p[1 : len(p)-1] {
		var edges []graph.Edge[string]
		for _, e := range succ[v] {
			edges = append(edges, e)
		}
		for _, e := range pred[v] {
			if e.Source != v { // a self-loop is already in
				edges = append(edges, e)
			}
		}
		for _, e := range edges {
			if err := f.dgw.RemoveEdge(e.Source, e.Target); err != nil {
				return nil, err
			}
		}
		vertex, props, err := f.dgw.VertexWithProperties(v)
		if err != nil {
			return nil, err
		}
		if err := f.dgw.RemoveVertex(v); err != nil {
			return nil, err
		}
		_, err = graph.ShortestPath(f.dgw, rootID, sinkID)
		if errors.Is(err, graph.ErrTargetNotReachable) {
			critical = append(critical, v)
		} else if err != nil {
			return nil, err
		}
		if err := f.dgw.AddVertex(vertex, graph.VertexAttributes(props.Attributes), graph.VertexWeight(props.Weight)); err != nil {
			return nil, err
		}
		for _, e := range edges {
			if err := f.dgw.AddEdge(e.Source, e.Target, graph.EdgeWeight(e.Properties.Weight)); err != nil {
				return nil, err
			}
		}
	}
	return f.inOrder(critical), nil
}

// dominikAllPaths returns the k best paths by listing every root-to-sink
// path with AllPathsBetween and sorting them: exponential, for small
// ladders only.
func dominikAllPaths(f *fixture, k int) ([][]string, error) {
	all, err := graph.AllPathsBetween(f.dgw, rootID, sinkID)
	if err != nil {
		return nil, err
	}
	weight := func(p []string) int64 {
		var w int64
		for _, id := range p[1 : len(p)-1] {
			w += pathWeight(&f.j.Steps[f.index[id]], len(f.j.Steps))
		}
		return w
	}
	type weighted struct {
		p []string
		w int64
	}
	ws := make([]weighted, len(all))
	for i, p := range all {
		ws[i] = weighted{p[1 : len(p)-1], weight(p)}
	}
	slices.SortFunc(ws, func(a, b weighted) int {
		if c := cmp.Compare(a.w, b.w); c != 0 {
			return c
		}
		return slices.CompareFunc(a.p, b.p, func(x, y string) int { return cmp.Compare(f.index[x], f.index[y]) })
	})
	out := [][]string{}
	for _, w := range ws[:min(k, len(ws))] {
		out = append(out, w.p)
	}
	return out, nil
}

// ---- gonum ----

// reversed is a gonum graph with its edges turned around.
type reversed struct{ g *simple.WeightedDirectedGraph }

func (r reversed) From(id int64) gonumgraph.Nodes { return r.g.To(id) }
func (r reversed) Edge(uid, vid int64) gonumgraph.Edge {
	e := r.g.Edge(vid, uid)
	if e == nil {
		return nil
	}
	return e.ReversedEdge()
}

// gonumReach marks the steps reachable from the entries with one
// traverse.BreadthFirst walk per entry (sharing its visited set).
func gonumReach(f *fixture) []bool {
	reach := make([]bool, len(f.j.Steps))
	bf := traverse.BreadthFirst{Visit: func(n gonumgraph.Node) {
		if id := n.ID(); id < int64(len(reach)) {
			reach[id] = true
		}
	}}
	for _, e := range f.j.Entries {
		bf.Walk(f.gg, simple.Node(f.index[e]), nil)
	}
	return reach
}

// gonumUnreachable lists the unreachable steps.
func gonumUnreachable(f *fixture) []string {
	reach := gonumReach(f)
	for i := range reach {
		reach[i] = !reach[i]
	}
	return f.ids(reach)
}

// gonumDeadEnds lists the dead ends: the forward walks, then one walk back
// from the sink.
func gonumDeadEnds(f *fixture) []string {
	reach := gonumReach(f)
	n := len(f.j.Steps)
	toGoal := make([]bool, n)
	bf := traverse.BreadthFirst{Visit: func(v gonumgraph.Node) {
		if id := v.ID(); id < int64(n) {
			toGoal[id] = true
		}
	}}
	bf.Walk(reversed{f.gg}, simple.Node(n+1), nil)
	return f.deadEnds(reach, toGoal)
}

// gonumCritical lists the critical steps: the dominators of the sink from
// the root, with flow.Dominators (Lengauer-Tarjan).
func gonumCritical(f *fixture) []string {
	n := int64(len(f.j.Steps))
	dt := flow.Dominators(simple.Node(n), f.gg)
	critical := []string{}
	if dt.DominatorOf(n+1) == nil {
		return critical // no goal is reachable
	}
	for d := dt.DominatorOf(n + 1); d != nil && d.ID() != n; d = dt.DominatorOf(d.ID()) {
		critical = append(critical, f.j.Steps[d.ID()].ID)
	}
	return f.inOrder(critical)
}

// gonumCycles lists the cycles with topo.TarjanSCC.
func gonumCycles(f *fixture) [][]string {
	n := int64(len(f.j.Steps))
	var comps [][]string
	for _, c := range topo.TarjanSCC(f.gg) {
		if len(c) < 2 {
			continue
		}
		ids := make([]string, 0, len(c))
		for _, v := range c {
			if v.ID() < n {
				ids = append(ids, f.j.Steps[v.ID()].ID)
			}
		}
		comps = append(comps, ids)
	}
	return f.cycles(comps)
}

// gonumBestPaths returns the k best entry-to-goal paths with
// path.YenKShortestPaths (loopless paths ending at the first goal; ties in
// any order).
func gonumBestPaths(f *fixture, k int) [][]string {
	n := int64(len(f.j.Steps))
	out := [][]string{}
	for _, p := range path.YenKShortestPaths(f.ggPaths, k, math.Inf(1), simple.Node(n), simple.Node(n+1)) {
		ids := make([]string, 0, len(p)-2)
		for _, v := range p[1 : len(p)-1] {
			ids = append(ids, f.j.Steps[v.ID()].ID)
		}
		out = append(out, ids)
	}
	return out
}

// pathCost returns the barrier cost and the number of steps of a path.
func (f *fixture) pathCost(p []string) (cost int64, steps int) {
	for _, id := range p {
		cost += stepCost(&f.j.Steps[f.index[id]])
	}
	return cost, len(p)
}
