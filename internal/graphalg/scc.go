package graphalg

import "context"

// SCC returns the strongly connected components of g: comp[v] is the
// component of vertex v, in 0..n-1. It is Tarjan's algorithm in Pearce's
// space-saving form (one array serves as DFS index, low link and component
// id), iterative, in O(N+E) time, started from the vertices in increasing
// order. Component ids are in reverse topological order, as Tarjan's
// algorithm finishes them: if an edge leads from component a to a different
// component b, then a > b. So component 0 has no edge to another component,
// and iterating ids from n-1 down to 0 visits the condensation in
// topological order.
func SCC(ctx context.Context, g *Graph) (comp []int32, n int, err error) {
	if err := g.Check(); err != nil {
		return nil, 0, err
	}
	return scc(ctx, g, nil, nil, nil)
}

// sccScratch holds scc's buffers.
type sccScratch struct {
	rindex, stack, call, edge []int32
	root                      []bool
}

// scc is SCC on g without the out-edges of the vertices marked in stop and
// without the edges e with prob[e] <= 0 (stop and prob may be nil), with
// its buffers kept in sc (nil: none); then comp is sc's, valid until the
// next call with sc.
func scc(ctx context.Context, g *Graph, stop []bool, prob []float64, sc *sccScratch) (comp []int32, n int, err error) {
	if sc == nil {
		sc = new(sccScratch)
	}
	N := int32(g.N)
	// end returns the end of v's edges to scan: none when v is stopped.
	end := func(v int32) int32 {
		if stop != nil && stop[v] {
			return g.Off[v]
		}
		return g.Off[v+1]
	}
	// rindex[v]: 0 unvisited; while v is open, its DFS index or the least
	// index it reaches (1..); once its component is done, N-1-component,
	// which no live index reaches.
	rindex := grow(sc.rindex, int(N))
	clear(rindex)
	stack := sc.stack[:0] // Tarjan's stack of vertices
	call := sc.call[:0]   // DFS call stack: vertices
	edge := sc.edge[:0]   // next edge to scan, per call frame
	root := sc.root[:0]   // whether the frame's vertex is a root so far
	defer func() {
		sc.rindex, sc.stack, sc.call, sc.edge, sc.root = rindex, stack[:0], call[:0], edge[:0], root[:0]
	}()
	index := int32(1)
	c := N - 1
	steps := 0
	for r := int32(0); r < N; r++ {
		if rindex[r] != 0 {
			continue
		}
		rindex[r] = index
		index++
		call = append(call, r)
		edge = append(edge, g.Off[r])
		root = append(root, true)
		for len(call) > 0 {
			steps++
			if err := check(ctx, steps); err != nil {
				return nil, 0, err
			}
			top := len(call) - 1
			v := call[top]
			if e := edge[top]; e < end(v) {
				edge[top] = e + 1
				if prob != nil && !(prob[e] > 0) {
					continue
				}
				w := g.Adj[e]
				if rindex[w] == 0 {
					rindex[w] = index
					index++
					call = append(call, w)
					edge = append(edge, g.Off[w])
					root = append(root, true)
				} else if rindex[w] < rindex[v] {
					rindex[v] = rindex[w]
					root[top] = false
				}
				continue
			}
			// v is finished.
			isRoot := root[top]
			call, edge, root = call[:top], edge[:top], root[:top]
			if isRoot {
				index--
				for len(stack) > 0 && rindex[v] <= rindex[stack[len(stack)-1]] {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					rindex[w] = c
					index--
				}
				rindex[v] = c
				c--
			} else {
				stack = append(stack, v)
			}
			if top > 0 {
				if u := call[top-1]; rindex[v] < rindex[u] {
					rindex[u] = rindex[v]
					root[top-1] = false
				}
			}
		}
	}
	// Component ids in finishing order: the first done is 0.
	for v, x := range rindex {
		rindex[v] = N - 1 - x
	}
	return rindex, int(N - 1 - c), nil
}

// Cycles returns the cycles of g: every strongly connected component of two
// or more vertices, and every vertex with a self-loop that is alone in its
// component. Each cycle is sorted ascending and the list is sorted by first
// vertex (the components are disjoint, so that is a total order).
func Cycles(ctx context.Context, g *Graph) ([][]int32, error) {
	return cycles(ctx, g, nil)
}

// cycles is Cycles with its buffers kept in sc (nil: none).
func cycles(ctx context.Context, g *Graph, sc *Scratch) ([][]int32, error) {
	if sc == nil {
		sc = new(Scratch)
	}
	if err := g.Check(); err != nil {
		return nil, err
	}
	comp, n, err := scc(ctx, g, nil, nil, &sc.scc)
	if err != nil {
		return nil, err
	}
	size := grow(sc.size, n)
	clear(size)
	sc.size = size
	for _, c := range comp {
		size[c]++
	}
	loop := growBool(sc.loop, n)
	clear(loop)
	sc.loop = loop
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
	slot := grow(sc.slot, n)
	sc.slot = slot
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
