// Package graphalg holds the graph algorithms under journey analysis:
// reachability, strongly connected components, cycles, dominators, critical
// vertices, the k best simple paths and the solution of absorbing Markov
// chains.
//
// Every algorithm works on a Graph in compressed sparse row form over dense
// vertex ids 0..N-1, is iterative (no recursion, so long chains cannot
// exhaust the stack), produces deterministic output that never depends on
// map iteration order, and checks its context every few thousand steps.
package graphalg // import "github.com/journeymap/journeymap/internal/graphalg"

import "context"

// ctxEvery is how many iterations of a long loop run between two checks of
// the context.
const ctxEvery = 4096

// Graph is a directed graph over vertices 0..N-1 in compressed sparse row form.
// Out-edges of v are Adj[Off[v]:Off[v+1]], edge ids are those positions (so
// per-edge data like probabilities is a []float64 aligned with Adj). Parallel
// edges and self-loops are allowed. Vertex and edge counts must fit in an
// int32.
type Graph struct {
	N   int
	Off []int32 // len N+1
	Adj []int32 // len Off[N]
}

// New returns the graph on n vertices with the edges from[i]→to[i]. It is
// stable: the out-edges of each vertex keep their input order. Edges with an
// end outside 0..n-1 are dropped; from and to are read up to the shorter of
// the two.
func New(n int, from, to []int32) *Graph {
	g, _ := NewIndexed(n, from, to)
	return g
}

// NewIndexed is like New and also returns, for each input edge i, its edge id
// edgeID[i] (its position in Adj), or -1 for an edge that was dropped.
func NewIndexed(n int, from, to []int32) (g *Graph, edgeID []int32) {
	return NewIndexedInto(nil, nil, n, from, to)
}

// NewIndexedInto is NewIndexed storing the graph in dst and the edge ids in
// edgeID, reusing their storage where it is large enough, so that a caller
// building many graphs in turn allocates once. dst may be nil (a new Graph
// is returned) and edgeID may be nil or short. dst must not be a graph
// that from or to alias, and must not be in use: its old contents are lost.
func NewIndexedInto(dst *Graph, edgeID []int32, n int, from, to []int32) (*Graph, []int32) {
	if n < 0 {
		n = 0
	}
	if dst == nil {
		dst = new(Graph)
	}
	m := min(len(from), len(to))
	valid := func(i int) bool {
		a, b := from[i], to[i]
		return a >= 0 && int(a) < n && b >= 0 && int(b) < n
	}
	// off[v] counts v's edges, then (summed) ends them; filling the edges
	// backwards moves it to their start, and keeps them in input order.
	off := grow(dst.Off, n+1)
	clear(off)
	for i := 0; i < m; i++ {
		if valid(i) {
			off[from[i]]++
		}
	}
	for v := 1; v < n; v++ {
		off[v] += off[v-1]
	}
	if n > 0 {
		off[n] = off[n-1]
	}
	adj := grow(dst.Adj, int(off[n]))
	edgeID = grow(edgeID, m)
	for i := m - 1; i >= 0; i-- {
		if !valid(i) {
			edgeID[i] = -1
			continue
		}
		a := from[i]
		off[a]--
		p := off[a]
		adj[p] = to[i]
		edgeID[i] = p
	}
	*dst = Graph{N: n, Off: off, Adj: adj}
	return dst, edgeID
}

// Succ returns the out-neighbours of v, in edge order, or nil when v is not
// a vertex of g. The slice aliases g.Adj and must not be modified.
func (g *Graph) Succ(v int32) []int32 {
	if v < 0 || int(v) >= g.N {
		return nil
	}
	return g.Adj[g.Off[v]:g.Off[v+1]]
}

// Edges returns the number of edges of g.
func (g *Graph) Edges() int { return len(g.Adj) }

// Reverse returns the graph with every edge turned around. It is stable: the
// edges of each vertex of the reverse graph appear in increasing order of
// the vertex they lead to, and for one such vertex in the order of g's
// edges.
func (g *Graph) Reverse() *Graph { return g.ReverseInto(nil) }

// ReverseInto is Reverse storing the reverse graph in dst, reusing its
// storage where it is large enough, and returns it; for a nil dst it
// returns a new Graph. dst must not be g and must not be in use: its old
// contents are lost. g must be well formed (see Check).
func (g *Graph) ReverseInto(dst *Graph) *Graph {
	if dst == nil {
		dst = new(Graph)
	}
	n := g.N
	// As in NewIndexedInto: count, sum, then fill backwards.
	off := grow(dst.Off, n+1)
	clear(off)
	for _, w := range g.Adj {
		off[w]++
	}
	for v := 1; v < n; v++ {
		off[v] += off[v-1]
	}
	if n > 0 {
		off[n] = off[n-1]
	}
	adj := grow(dst.Adj, len(g.Adj))
	for u := n - 1; u >= 0; u-- {
		for e := g.Off[u+1] - 1; e >= g.Off[u]; e-- {
			w := g.Adj[e]
			off[w]--
			adj[off[w]] = int32(u)
		}
	}
	*dst = Graph{N: n, Off: off, Adj: adj}
	return dst
}

// Check reports whether g is well formed: len(Off) == N+1, Off starts at 0,
// never decreases and ends at len(Adj), and every Adj entry is a vertex.
// Graphs from New, NewIndexed and Reverse always are; every algorithm of
// the package checks its graph first and returns an Error with CodeGraph
// for a malformed one rather than panicking.
func (g *Graph) Check() error {
	bad := func(i int, msg string) error {
		return &Error{Code: CodeGraph, Arg: "g", Index: i, Msg: msg}
	}
	if g == nil {
		return bad(-1, "nil graph")
	}
	if g.N < 0 || len(g.Off) != g.N+1 {
		return bad(-1, "len(Off) != N+1")
	}
	if g.Off[0] != 0 || int(g.Off[g.N]) != len(g.Adj) {
		return bad(-1, "Off does not span Adj")
	}
	for v := 0; v < g.N; v++ {
		if g.Off[v] > g.Off[v+1] {
			return bad(v, "Off decreases")
		}
	}
	for e, w := range g.Adj {
		if w < 0 || int(w) >= g.N {
			return bad(e, "edge to a vertex out of range")
		}
	}
	return nil
}

// valid reports whether v is a vertex of g.
func (g *Graph) valid(v int32) bool { return v >= 0 && int(v) < g.N }

// check returns ctx.Err() when i is a multiple of ctxEvery, else nil.
func check(ctx context.Context, i int) error {
	if i%ctxEvery == 0 {
		return ctx.Err()
	}
	return nil
}
