package graphalg

import "context"

// Critical returns the vertices that lie on every path from some source to
// some target, where paths end at the first target they reach (targets are
// not expanded) and may pass through other sources. The result is all false
// when no target is reachable from the sources. Sources and targets
// themselves count: a single source that reaches a target is critical, and
// so is a single reachable target.
//
// These are the dominators of a virtual sink, fed by every target, from a
// virtual root that leads to every source, in the graph without the
// targets' out-edges. Critical finds them in O(N+E) time without building
// the dominator tree: it takes one path P from the root to the sink (by
// breadth-first search), then walks P from the root, exploring the vertices
// off P from each vertex of P in turn (each vertex once) and recording the
// farthest vertex of P that each such detour rejoins. A vertex of P is
// critical when no detour that leaves P before it rejoins P after it.
func Critical(ctx context.Context, g *Graph, sources, targets []int32) ([]bool, error) {
	return critical(ctx, g, sources, targets, nil)
}

// critical is Critical with its buffers kept in sc (nil: none).
func critical(ctx context.Context, g *Graph, sources, targets []int32, sc *Scratch) ([]bool, error) {
	if sc == nil {
		sc = new(Scratch)
	}
	if err := checkVertices(g, "sources", sources); err != nil {
		return nil, err
	}
	if err := checkVertices(g, "targets", targets); err != nil {
		return nil, err
	}
	n := g.N
	crit := make([]bool, n)
	if len(sources) == 0 || len(targets) == 0 {
		return crit, nil
	}
	isTarget := growBool(sc.isTarget, n)
	clear(isTarget)
	sc.isTarget = isTarget
	for _, t := range targets {
		isTarget[t] = true
	}
	path, err := shortestPath(ctx, g, sources, isTarget, sc)
	if err != nil {
		return nil, err
	}
	if path == nil {
		return crit, nil
	}
	if err := walkPath(ctx, g, sources, isTarget, path, sc, crit); err != nil {
		return nil, err
	}
	return crit, nil
}

// shortestPath returns a shortest path from the sources to the first
// target reached, by breadth-first search, from the target back to its
// source; nil when no target is reachable. It leaves the BFS parents in
// sc.parent.
func shortestPath(ctx context.Context, g *Graph, sources []int32, isTarget []bool, sc *Scratch) ([]int32, error) {
	parent := grow(sc.parent, g.N) // BFS parent + 1; 0 unvisited; -1 a source
	clear(parent)
	sc.parent = parent
	queue := sc.queue[:0]
	defer func() { sc.queue = queue[:0] }()
	for _, s := range sources {
		if parent[s] == 0 {
			parent[s] = -1
			queue = append(queue, s)
		}
	}
	end := int32(-1)
	for i := 0; i < len(queue) && end < 0; i++ {
		if err := check(ctx, i); err != nil {
			return nil, err
		}
		v := queue[i]
		if isTarget[v] {
			end = v
			break
		}
		for _, w := range g.Adj[g.Off[v]:g.Off[v+1]] {
			if parent[w] == 0 {
				parent[w] = v + 1
				queue = append(queue, w)
			}
		}
	}
	if end < 0 {
		return nil, nil
	}
	var path []int32
	for v := end; ; v = parent[v] - 1 {
		path = append(path, v)
		if parent[v] == -1 {
			break
		}
	}
	return path, nil
}

// walkPath marks in crit the vertices of P = root, sources..., target,
// sink (path holds its vertices of g from the target back) that no detour
// bypasses: it walks P from the root, exploring the vertices off P from
// each vertex of P in turn (each vertex once), and keeps the farthest
// index of P that a detour from an earlier index rejoins.
func walkPath(ctx context.Context, g *Graph, sources []int32, isTarget []bool, path []int32, sc *Scratch, crit []bool) error {
	n := g.N
	// pos[v]: the index of v on P, or 0 for a vertex off P (the root is
	// index 0 but is not a vertex of g).
	L := int32(len(path) + 1) // index of the sink
	pos := sc.parent[:n]      // reuse: the BFS parents are no longer needed
	clear(pos)
	for i, v := range path {
		pos[v] = L - 1 - int32(i)
	}

	// seen marks off-P vertices already explored; far is the farthest
	// index of P rejoined by a detour from an earlier index.
	seen := growBool(sc.seen, n)
	clear(seen)
	sc.seen = seen
	stack := sc.queue[:0]
	far := int32(0)
	steps := 0
	// explore returns the farther of best and the index of P that an edge
	// into w reaches, when w is on P; when w is off P it pushes it for
	// exploration if new and returns best.
	explore := func(w int32, best int32) int32 {
		if p := pos[w]; p > 0 {
			return max(best, p)
		}
		if !seen[w] {
			seen[w] = true
			stack = append(stack, w)
		}
		return best
	}
	for k := int32(0); k < L; k++ {
		if k > 0 && far <= k {
			crit[path[L-1-k]] = true
		}
		best := k + 1 // the edge along P
		switch {
		case k == 0: // the root: its edges lead to the sources
			for _, s := range sources {
				best = explore(s, best)
			}
		case k == L-1: // the target: its only edge leads to the sink
		default:
			v := path[L-1-k]
			for _, w := range g.Adj[g.Off[v]:g.Off[v+1]] {
				best = explore(w, best)
			}
		}
		for len(stack) > 0 {
			steps++
			if err := check(ctx, steps); err != nil {
				return err
			}
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if isTarget[x] {
				best = L // an off-P target leads straight to the sink
				continue
			}
			for _, w := range g.Adj[g.Off[x]:g.Off[x+1]] {
				best = explore(w, best)
			}
		}
		far = max(far, best)
	}
	return nil
}
