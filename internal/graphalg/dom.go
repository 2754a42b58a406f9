package graphalg

import "context"

// Dominators returns the immediate dominators of the vertices of g reachable
// from root: idom[root] == root, idom[v] is the immediate dominator of every
// other reachable v, and idom[v] == -1 for v not reachable from root. A
// vertex d dominates v when every path from root to v passes through d.
//
// It is the Lengauer-Tarjan algorithm with path compression, iterative, in
// O(E log N) time.
func Dominators(ctx context.Context, g *Graph, root int32) (idom []int32, err error) {
	if !g.valid(root) {
		return nil, &Error{Code: CodeVertex, Arg: "root", Index: -1, Msg: "root not a vertex"}
	}
	var d domState
	idom, err = d.runSink(ctx, g, nil, nil, root, nil)
	if err != nil {
		return nil, err
	}
	return idom[:g.N], nil
}

// domState holds the work arrays of the Lengauer-Tarjan algorithm.
type domState struct {
	num      []int32 // preorder number of each vertex, -1 if unreached
	vertex   []int32 // vertex of each preorder number
	parent   []int32 // DFS tree parent
	semi     []int32 // semidominator, as a preorder number
	ancestor []int32 // forest of the link-eval structure, -1 for roots
	label    []int32
	idom     []int32
	bhead    []int32 // buckets as linked lists: head per vertex
	bnext    []int32 // next in bucket, per vertex
	stack    []int32
}

// runSink computes the immediate dominators from root in an extended graph:
// g without the out-edges of the vertices marked in stop (stop may be nil);
// when root == g.N, a virtual root g.N with an edge to each vertex of
// starts; and when sinkFrom is not nil, a virtual sink (numbered after the
// other vertices) with an in-edge from every v marked in sinkFrom. The
// result is indexed by the vertices of the extended graph and aliases d.
func (d *domState) runSink(ctx context.Context, g *Graph, stop []bool, starts []int32, root int32, sinkFrom []bool) ([]int32, error) {
	n := g.N
	total := n
	virtRoot := int(root) == n
	if virtRoot {
		total = n + 1
	}
	sink := int32(-1)
	if sinkFrom != nil {
		sink = int32(total)
		total++
	}
	d.num = fill(d.num, total, -1)
	d.vertex = grow(d.vertex, total)
	d.parent = fill(d.parent, total, -1)
	d.semi = grow(d.semi, total)
	d.ancestor = fill(d.ancestor, total, -1)
	d.label = grow(d.label, total)
	d.idom = fill(d.idom, total, -1)
	d.bhead = fill(d.bhead, total, -1)
	d.bnext = grow(d.bnext, total)

	// succ enumerates the out-neighbours of v in the extended graph
	// through index i; it returns -1 when done.
	succ := func(v int32, i int32) int32 {
		switch {
		case int(v) == n && virtRoot:
			if int(i) < len(starts) {
				return starts[i]
			}
			return -1
		case v == sink:
			return -1
		}
		deg := int32(0)
		if stop == nil || !stop[v] {
			deg = g.Off[v+1] - g.Off[v]
		}
		if i < deg {
			return g.Adj[g.Off[v]+i]
		}
		if i == deg && sinkFrom != nil && sinkFrom[v] {
			return sink
		}
		return -1
	}

	// Iterative DFS numbering vertices in preorder.
	call := d.stack[:0]
	pos := make([]int32, 0, 64)
	var cnt int32
	d.num[root] = 0
	d.vertex[0] = root
	d.semi[root] = 0
	d.label[root] = root
	cnt = 1
	call = append(call, root)
	pos = append(pos, 0)
	steps := 0
	for len(call) > 0 {
		steps++
		if err := check(ctx, steps); err != nil {
			return nil, err
		}
		top := len(call) - 1
		v := call[top]
		w := succ(v, pos[top])
		if w < 0 {
			call = call[:top]
			pos = pos[:top]
			continue
		}
		pos[top]++
		if d.num[w] >= 0 {
			continue
		}
		d.num[w] = cnt
		d.vertex[cnt] = w
		d.semi[w] = cnt
		d.label[w] = w
		d.parent[w] = v
		cnt++
		call = append(call, w)
		pos = append(pos, 0)
	}
	d.stack = call

	// Predecessors of w in the extended graph: the in-edges of g (from
	// vertices whose out-edges are kept), the virtual root for starts, and
	// for the sink the marked vertices. rev and the start mark are built
	// once here.
	rev := g.Reverse()
	isStart := []bool(nil)
	if virtRoot {
		isStart = make([]bool, n)
		for _, s := range starts {
			isStart[s] = true
		}
	}

	eval := func(v int32) int32 {
		if d.ancestor[v] < 0 {
			return v
		}
		// compress, iteratively.
		st := d.stack[:0]
		x := v
		for d.ancestor[d.ancestor[x]] >= 0 {
			st = append(st, x)
			x = d.ancestor[x]
		}
		for i := len(st) - 1; i >= 0; i-- {
			y := st[i]
			a := d.ancestor[y]
			if d.semi[d.label[a]] < d.semi[d.label[y]] {
				d.label[y] = d.label[a]
			}
			d.ancestor[y] = d.ancestor[a]
		}
		d.stack = st
		return d.label[v]
	}
	relax := func(w, u int32) {
		if d.num[u] < 0 {
			return
		}
		if x := eval(u); d.semi[x] < d.semi[w] {
			d.semi[w] = d.semi[x]
		}
	}

	for i := cnt - 1; i >= 1; i-- {
		if err := check(ctx, int(i)); err != nil {
			return nil, err
		}
		w := d.vertex[i]
		switch {
		case w == sink:
			for u := int32(0); int(u) < n; u++ {
				if sinkFrom[u] {
					relax(w, u)
				}
			}
		case virtRoot && int(w) == n:
			// the root is number 0; not reached here
		default:
			for _, u := range rev.Adj[rev.Off[w]:rev.Off[w+1]] {
				if stop == nil || !stop[u] {
					relax(w, u)
				}
			}
			if isStart != nil && isStart[w] {
				relax(w, root)
			}
		}
		sv := d.vertex[d.semi[w]]
		d.bnext[w] = d.bhead[sv]
		d.bhead[sv] = w
		p := d.parent[w]
		d.ancestor[w] = p
		for v := d.bhead[p]; v >= 0; v = d.bnext[v] {
			if u := eval(v); d.semi[u] < d.semi[v] {
				d.idom[v] = u
			} else {
				d.idom[v] = p
			}
		}
		d.bhead[p] = -1
	}
	for i := int32(1); i < cnt; i++ {
		w := d.vertex[i]
		if d.idom[w] != d.vertex[d.semi[w]] {
			d.idom[w] = d.idom[d.idom[w]]
		}
	}
	d.idom[root] = root
	return d.idom, nil
}

// fill returns s resized to n with every element set to x.
func fill(s []int32, n int, x int32) []int32 {
	s = grow(s, n)
	for i := range s {
		s[i] = x
	}
	return s
}

// grow returns s with length n, reusing its storage when it can.
func grow(s []int32, n int) []int32 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]int32, n)
}
