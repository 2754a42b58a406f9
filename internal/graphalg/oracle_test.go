package graphalg

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/flow"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// trials is how many small random graphs each oracle test checks.
const trials = 3000

// randGraph returns a random graph on 1..9 vertices with up to 3n edges,
// self-loops and parallel edges included, and its edge lists.
func randGraph(rng *rand.Rand) (g *Graph, from, to []int32) {
	return randGraphDensity(rng, 3)
}

// randGraphDensity is randGraph with up to density*n edges.
func randGraphDensity(rng *rand.Rand, density int) (g *Graph, from, to []int32) {
	n := 1 + rng.IntN(9)
	m := rng.IntN(density*n + 1)
	for i := 0; i < m; i++ {
		from = append(from, int32(rng.IntN(n)))
		to = append(to, int32(rng.IntN(n)))
	}
	return New(n, from, to), from, to
}

// randSet returns up to max distinct random vertices of 0..n-1, at least one.
func randSet(rng *rand.Rand, n, max int) []int32 {
	k := 1 + rng.IntN(max)
	var s []int32
	for i := 0; i < k; i++ {
		v := int32(rng.IntN(n))
		if !slices.Contains(s, v) {
			s = append(s, v)
		}
	}
	return s
}

// closure returns reach[u][v]: v is reachable from u (u reaches itself),
// in the graph without the vertex skip (-1 for none) and without the
// out-edges of the vertices marked in stop.
func closure(g *Graph, skip int32, stop []bool) [][]bool {
	n := g.N
	r := make([][]bool, n)
	for u := range r {
		r[u] = make([]bool, n)
		if int32(u) != skip {
			r[u][u] = true
		}
	}
	for u := 0; u < n; u++ {
		if int32(u) == skip || stop != nil && stop[u] {
			continue
		}
		for _, w := range g.Succ(int32(u)) {
			if w != skip {
				r[u][w] = true
			}
		}
	}
	for k := 0; k < n; k++ {
		for i := 0; i < n; i++ {
			if !r[i][k] {
				continue
			}
			for j := 0; j < n; j++ {
				if r[k][j] {
					r[i][j] = true
				}
			}
		}
	}
	return r
}

func TestNewStable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for trial := 0; trial < trials; trial++ {
		g, from, to := randGraph(rng)
		g2, id := NewIndexed(g.N, from, to)
		for i := range from {
			if g2.Adj[id[i]] != to[i] || id[i] < g2.Off[from[i]] || id[i] >= g2.Off[from[i]+1] {
				t.Fatalf("edge %d: id %d", i, id[i])
			}
			if i > 0 && from[i-1] == from[i] && id[i-1] > id[i] {
				t.Fatalf("not stable")
			}
		}
		for v := int32(0); int(v) < g.N; v++ {
			var want []int32
			for i := range from {
				if from[i] == v {
					want = append(want, to[i])
				}
			}
			if !slices.Equal(g.Succ(v), want) {
				t.Fatalf("Succ(%d) = %v, want %v", v, g.Succ(v), want)
			}
		}
		r := g.Reverse()
		rr := r.Reverse()
		if !slices.Equal(rr.Off, g.Off) {
			t.Fatalf("Reverse of Reverse differs")
		}
		for v := int32(0); int(v) < g.N; v++ {
			a := slices.Sorted(slices.Values(g.Succ(v)))
			if !slices.Equal(rr.Succ(v), a) {
				t.Fatalf("Reverse of Reverse: Succ(%d) = %v, want %v", v, rr.Succ(v), a)
			}
		}
		for w := int32(0); int(w) < g.N; w++ {
			var want []int32
			for u := int32(0); int(u) < g.N; u++ {
				for _, x := range g.Succ(u) {
					if x == w {
						want = append(want, u)
					}
				}
			}
			if !slices.Equal(r.Succ(w), want) {
				t.Fatalf("Reverse: Succ(%d) = %v, want %v", w, r.Succ(w), want)
			}
		}
	}
	// Bad edges are dropped, not a panic.
	g, id := NewIndexed(2, []int32{0, 5, -1, 1}, []int32{1, 0, 0})
	if g.Edges() != 1 || !slices.Equal(id, []int32{0, -1, -1}) || g.Succ(7) != nil {
		t.Fatalf("bad edges: %v %v", g, id)
	}
}

func TestReachOracle(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(2, 2))
	var sc Scratch
	for trial := 0; trial < trials; trial++ {
		g, _, _ := randGraph(rng)
		src := randSet(rng, g.N, 3)
		got, err := Reach(ctx, g, src)
		if err != nil {
			t.Fatal(err)
		}
		// With the queue of earlier trials reused, the same.
		got2, err := sc.Reach(ctx, g, src)
		if err != nil || !slices.Equal(got2, got) {
			t.Fatalf("trial %d: Scratch.Reach %v, %v; Reach %v", trial, got2, err, got)
		}
		r := closure(g, -1, nil)
		for v := 0; v < g.N; v++ {
			want := false
			for _, s := range src {
				want = want || r[s][v]
			}
			if got[v] != want {
				t.Fatalf("trial %d: reach[%d] = %v, want %v", trial, v, got[v], want)
			}
		}
	}
}

// gonumGraph returns g as a gonum simple graph, without self-loops and
// parallel edges (which it does not allow).
func gonumGraph(g *Graph) *simple.DirectedGraph {
	d := simple.NewDirectedGraph()
	for v := 0; v < g.N; v++ {
		d.AddNode(simple.Node(v))
	}
	for u := int32(0); int(u) < g.N; u++ {
		for _, w := range g.Succ(u) {
			if w != u {
				d.SetEdge(d.NewEdge(simple.Node(u), simple.Node(w)))
			}
		}
	}
	return d
}

func TestSCCOracle(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 3))
	var sc Scratch
	for trial := 0; trial < trials; trial++ {
		g, _, _ := randGraph(rng)
		comp, n, err := SCC(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		want := topo.TarjanSCC(gonumGraph(g))
		if n != len(want) {
			t.Fatalf("trial %d: %d components, gonum %d", trial, n, len(want))
		}
		for _, c := range want {
			id := comp[c[0].ID()]
			for _, x := range c {
				if comp[x.ID()] != id {
					t.Fatalf("trial %d: %v split", trial, c)
				}
			}
		}
		// Reverse topological order of the ids.
		for u := int32(0); int(u) < g.N; u++ {
			for _, w := range g.Succ(u) {
				if comp[u] < comp[w] {
					t.Fatalf("trial %d: edge %d->%d from component %d to %d", trial, u, w, comp[u], comp[w])
				}
			}
		}

		cycles, err := Cycles(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		var wantCycles [][]int32
		for _, c := range want {
			var vs []int32
			for _, x := range c {
				vs = append(vs, int32(x.ID()))
			}
			slices.Sort(vs)
			if len(vs) == 1 && !slices.Contains(g.Succ(vs[0]), vs[0]) {
				continue
			}
			wantCycles = append(wantCycles, vs)
		}
		slices.SortFunc(wantCycles, func(a, b []int32) int { return int(a[0] - b[0]) })
		if !slices.EqualFunc(cycles, wantCycles, slices.Equal) {
			t.Fatalf("trial %d: cycles %v, want %v", trial, cycles, wantCycles)
		}
		// With the buffers of earlier trials reused, the same.
		cycles, err = sc.Cycles(ctx, g)
		if err != nil || !slices.EqualFunc(cycles, wantCycles, slices.Equal) {
			t.Fatalf("trial %d: Scratch.Cycles %v, %v; want %v", trial, cycles, err, wantCycles)
		}
	}
}

// bruteIdom returns the immediate dominators from root by the definition: d
// dominates w when removing d cuts root from w.
func bruteIdom(g *Graph, root int32) []int32 {
	n := g.N
	base := closure(g, -1, nil)
	dom := make([][]bool, n) // dom[w][d]: d strictly dominates w
	for d := int32(0); int(d) < n; d++ {
		cut := closure(g, d, nil)
		for w := 0; w < n; w++ {
			if dom[w] == nil {
				dom[w] = make([]bool, n)
			}
			if int32(w) != d && base[root][w] && (d == root || !cut[root][w]) {
				dom[w][d] = true
			}
		}
	}
	idom := make([]int32, n)
	for w := int32(0); int(w) < n; w++ {
		idom[w] = -1
		if !base[root][w] {
			continue
		}
		if w == root {
			idom[w] = root
			continue
		}
		// The strict dominator that every other strict dominator dominates.
		for d := int32(0); int(d) < n; d++ {
			if !dom[w][d] {
				continue
			}
			ok := true
			for e := int32(0); int(e) < n; e++ {
				if e != d && dom[w][e] && !dom[d][e] {
					ok = false
				}
			}
			if ok {
				idom[w] = d
			}
		}
	}
	return idom
}

func TestDominatorsOracle(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(4, 4))
	for trial := 0; trial < trials; trial++ {
		g, _, _ := randGraph(rng)
		root := int32(rng.IntN(g.N))
		got, err := Dominators(ctx, g, root)
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteIdom(g, root); !slices.Equal(got, want) {
			t.Fatalf("trial %d: idom %v, brute force %v", trial, got, want)
		}
		dt := flow.Dominators(simple.Node(root), gonumGraph(g))
		for v := int32(0); int(v) < g.N; v++ {
			d := dt.DominatorOf(int64(v))
			switch {
			case v == root || got[v] < 0:
				if d != nil {
					t.Fatalf("trial %d: gonum dominator of %d is %v, ours %d", trial, v, d, got[v])
				}
			case d == nil || d.ID() != int64(got[v]):
				t.Fatalf("trial %d: idom[%d] = %d, gonum %v", trial, v, got[v], d)
			}
		}
	}
}

// bruteCritical applies Critical's definition: v is critical when some
// source→target path exists and none is left once v is removed.
func bruteCritical(g *Graph, sources, targets []int32) []bool {
	n := g.N
	stop := make([]bool, n)
	for _, t := range targets {
		stop[t] = true
	}
	connected := func(r [][]bool, skip int32) bool {
		for _, s := range sources {
			for _, t := range targets {
				if s != skip && t != skip && r[s][t] {
					return true
				}
			}
		}
		return false
	}
	crit := make([]bool, n)
	if !connected(closure(g, -1, stop), -1) {
		return crit
	}
	for v := int32(0); int(v) < n; v++ {
		crit[v] = !connected(closure(g, v, stop), v)
	}
	return crit
}

func TestCriticalOracle(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 5))
	mixed := 0 // trials with both critical and non-critical vertices
	var sc Scratch
	defer func() {
		if mixed < trials/2 {
			t.Errorf("only %d of %d trials have critical and other vertices", mixed, 3*trials)
		}
		t.Logf("%d of %d trials have critical and other vertices", mixed, 3*trials)
	}()
	for trial := 0; trial < 3*trials; trial++ {
		g, _, _ := randGraphDensity(rng, 1+trial%4)
		src := randSet(rng, g.N, 3)
		tgt := randSet(rng, g.N, 3)
		got, err := Critical(ctx, g, src, tgt)
		if err != nil {
			t.Fatal(err)
		}
		want := bruteCritical(g, src, tgt)
		if slices.Contains(want, true) && slices.Contains(want, false) {
			mixed++
		}
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: sources %v targets %v adj %v %v:\ncritical %v\nbrute    %v", trial, src, tgt, g.Off, g.Adj, got, want)
		}
		// With the buffers of earlier trials reused, the same.
		got2, err := sc.Critical(ctx, g, src, tgt)
		if err != nil || !slices.Equal(got2, want) {
			t.Fatalf("trial %d: Scratch.Critical %v, %v; want %v", trial, got2, err, want)
		}
	}
}

// brutePaths lists every simple source→target path (ending at the first
// target), sorted by KBest's order.
func brutePaths(g *Graph, cost []int64, sources, targets []int32) [][]int32 {
	isT := make([]bool, g.N)
	for _, t := range targets {
		isT[t] = true
	}
	var out [][]int32
	var path []int32
	var walk func(v int32)
	walk = func(v int32) {
		if slices.Contains(path, v) {
			return
		}
		path = append(path, v)
		if isT[v] {
			out = append(out, slices.Clone(path))
		} else {
			for _, w := range g.Succ(v) {
				walk(w)
			}
		}
		path = path[:len(path)-1]
	}
	for _, s := range sources {
		walk(s)
	}
	key := func(p []int32) (c int64) {
		for _, v := range p {
			c += cost[v]
		}
		return c
	}
	slices.SortFunc(out, func(a, b []int32) int {
		if ca, cb := key(a), key(b); ca != cb {
			return int(ca - cb)
		}
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return slices.Compare(a, b)
	})
	return slices.CompactFunc(out, slices.Equal)
}

func TestKBestOracle(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(6, 6))
	rich := 0 // trials with more paths than the largest small k
	var rev *Graph
	var sc Scratch
	for trial := 0; trial < 2*trials; trial++ {
		g, _, _ := randGraphDensity(rng, 2+trial%6)
		src := randSet(rng, g.N, 3)
		tgt := randSet(rng, g.N, 3)
		cost := make([]int64, g.N)
		maxc := rng.IntN(4) // 0: all ties
		scale := int64(1)
		if trial%7 == 0 {
			scale = 1 << 40 // too large to pack: the general heap
		}
		for v := range cost {
			cost[v] = int64(rng.IntN(maxc+1)) * scale
		}
		all := brutePaths(g, cost, src, tgt)
		if len(all) >= 6 {
			rich++
		}
		for _, k := range []int{1, 2, 3, 4, 5, 1000} {
			got, err := KBest(ctx, g, cost, src, tgt, k)
			if err != nil {
				t.Fatal(err)
			}
			want := all[:min(k, len(all))]
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("trial %d k=%d: sources %v targets %v cost %v adj %v %v:\ngot  %v\nwant %v", trial, k, src, tgt, cost, g.Off, g.Adj, got, want)
			}
			// The same with the reverse graph given, built into storage
			// that earlier trials used, and the search state of earlier
			// trials reused.
			rev = g.ReverseInto(rev)
			got, err = sc.KBest(ctx, g, rev, cost, src, tgt, k)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("trial %d k=%d, Scratch.KBest:\ngot  %v\nwant %v", trial, k, got, want)
			}
		}
	}
	if rich < trials/5 {
		t.Errorf("only %d of %d trials have 6 paths or more", rich, 2*trials)
	}
	t.Logf("%d of %d trials have 6 paths or more", rich, 2*trials)
}

// TestHeuristicRadix checks KBest's radix-heap distances against its
// binary-heap ones (forced by a large cost) on journey-like graphs.
func TestHeuristicRadix(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 20; seed++ {
		j := journeyGraph(300+int(seed)*50, seed)
		s := newKSearch(nil, j.g, j.g.Reverse(), j.cost, j.entries, j.goals)
		if err := s.heuristicRadix(ctx); err != nil {
			t.Fatal(err)
		}
		radix := slices.Clone(s.h)
		// The general path: the same costs plus one huge cost on a
		// vertex that reaches nothing, which no distance involves.
		n := j.g.N
		var from, to []int32
		for u := int32(0); int(u) < n; u++ {
			for _, w := range j.g.Succ(u) {
				from, to = append(from, u), append(to, w)
			}
		}
		g2 := New(n+1, from, to)
		cost2 := append(slices.Clone(j.cost), 1<<40)
		s2 := newKSearch(nil, g2, g2.Reverse(), cost2, j.entries, j.goals)
		if err := s2.heuristic(ctx); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(radix, s2.h[:n]) {
			for v := range radix {
				if radix[v] != s2.h[v] {
					t.Fatalf("seed %d: vertex %d: radix %v, heap %v", seed, v, radix[v], s2.h[v])
				}
			}
		}
	}
}

// TestCriticalDominators checks Critical against the dominator tree on
// journey-like graphs: with a single source and target, the critical
// vertices are the target's dominators.
func TestCriticalDominators(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 30; seed++ {
		j := journeyGraph(200+int(seed)*37, seed)
		// Targets keep no out-edges, as Critical treats them.
		src, tgt := j.entries[0], j.goals[0]
		var from, to []int32
		for u := int32(0); int(u) < j.g.N; u++ {
			if u == tgt {
				continue
			}
			for _, w := range j.g.Succ(u) {
				from, to = append(from, u), append(to, w)
			}
		}
		g := New(j.g.N, from, to)
		idom, err := Dominators(ctx, g, src)
		if err != nil {
			t.Fatal(err)
		}
		want := make([]bool, g.N)
		if idom[tgt] >= 0 {
			for x := tgt; ; x = idom[x] {
				want[x] = true
				if x == src {
					break
				}
			}
		}
		got, err := Critical(ctx, j.g, []int32{src}, []int32{tgt})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("seed %d: Critical differs from the dominators of the target", seed)
		}
	}
}
