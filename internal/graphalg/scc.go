package graphalg

import "context"

// SCC returns the strongly connected components of g: comp[v] is the
// component of vertex v, in 0..n-1. It is Tarjan's algorithm, iterative, in
// O(N+E) time, started from the vertices in increasing order. Component ids
// are in reverse topological order, as Tarjan's algorithm finishes them: if
// an edge leads from component a to a different component b, then a > b. So
// component 0 has no edge to another component, and iterating ids from n-1
// down to 0 visits the condensation in topological order.
func SCC(ctx context.Context, g *Graph) (comp []int32, n int, err error) {
	if err := g.Check(); err != nil {
		return nil, 0, err
	}
	N := g.N
	index := make([]int32, N) // DFS number + 1; 0 means unvisited
	low := make([]int32, N)
	comp = make([]int32, N)
	for i := range comp {
		comp[i] = -1
	}
	stack := make([]int32, 0, 64) // Tarjan's stack of vertices
	call := make([]int32, 0, 64)  // DFS call stack: vertices
	edge := make([]int32, 0, 64)  // next edge to scan, per call frame
	var next int32 = 1
	var ncomp int32
	steps := 0
	for r := int32(0); int(r) < N; r++ {
		if index[r] != 0 {
			continue
		}
		index[r], low[r] = next, next
		next++
		stack = append(stack, r)
		call = append(call, r)
		edge = append(edge, g.Off[r])
		for len(call) > 0 {
			steps++
			if err := check(ctx, steps); err != nil {
				return nil, 0, err
			}
			top := len(call) - 1
			v := call[top]
			if e := edge[top]; e < g.Off[v+1] {
				edge[top] = e + 1
				w := g.Adj[e]
				if index[w] == 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					call = append(call, w)
					edge = append(edge, g.Off[w])
				} else if comp[w] < 0 && index[w] < low[v] {
					low[v] = index[w]
				}
				continue
			}
			// v is finished.
			call = call[:top]
			edge = edge[:top]
			if low[v] == index[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					comp[w] = ncomp
					if w == v {
						break
					}
				}
				ncomp++
			}
			if top > 0 {
				if u := call[top-1]; low[v] < low[u] {
					low[u] = low[v]
				}
			}
		}
	}
	return comp, int(ncomp), nil
}

// Cycles returns the cycles of g: every strongly connected component of two
// or more vertices, and every vertex with a self-loop that is alone in its
// component. Each cycle is sorted ascending and the list is sorted by first
// vertex (the components are disjoint, so that is a total order).
func Cycles(ctx context.Context, g *Graph) ([][]int32, error) {
	comp, n, err := SCC(ctx, g)
	if err != nil {
		return nil, err
	}
	size := make([]int32, n)
	for _, c := range comp {
		size[c]++
	}
	loop := make([]bool, n)
	for v := 0; v < g.N; v++ {
		if err := check(ctx, v); err != nil {
			return nil, err
		}
		for _, w := range g.Adj[g.Off[v]:g.Off[v+1]] {
			if int(w) == v {
				loop[comp[v]] = true
			}
		}
	}
	// Vertices in increasing order fill each cycle sorted; cycles are
	// created in order of their smallest vertex.
	slot := make([]int32, n)
	for i := range slot {
		slot[i] = -1
	}
	var out [][]int32
	for v := 0; v < g.N; v++ {
		c := comp[v]
		if size[c] < 2 && !loop[c] {
			continue
		}
		if slot[c] < 0 {
			slot[c] = int32(len(out))
			out = append(out, make([]int32, 0, size[c]))
		}
		out[slot[c]] = append(out[slot[c]], int32(v))
	}
	return out, nil
}
