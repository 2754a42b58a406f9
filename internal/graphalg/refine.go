package graphalg

import "context"

// refine makes d the condensation of c, which is like's chain with more
// vertices stopped, some of them with edges of probability above 0: each
// of like's components holding a vertex newly stopped is searched again
// on its own (c's components lie within like's, since c only lacks some
// of like's edges), the others are kept. The parts of a component take
// its place in like's order, sinks first, so that every edge between two
// components still goes to the lower one.
func (d *Condensed) refine(ctx context.Context, c Chain, like *Condensed) (*Condensed, error) {
	g := c.G
	n := g.N
	d.dirty = growBool(d.dirty, like.nc)
	dirty := d.dirty
	clear(dirty)
	for v := 0; v < n; v++ {
		if c.Stop[v] && (like.c.Stop == nil || !like.c.Stop[v]) {
			dirty[like.comp[v]] = true
		}
	}
	comp := grow(d.sc.rindex, n)
	d.sc.rindex = comp
	next := int32(0)
	steps := 0
	for k := 0; k < like.nc; k++ {
		ms := like.mem[like.off[k]:like.off[k+1]]
		if !dirty[k] {
			for _, v := range ms {
				comp[v] = next
			}
			next++
			continue
		}
		parts, err := d.sc.part(ctx, g, c.Stop, c.Prob, like.comp, int32(k), ms, comp, &steps)
		if err != nil {
			return nil, err
		}
		for _, v := range ms {
			comp[v] += next
		}
		next += parts
	}
	nc := int(next)
	d.c, d.comp, d.nc = c, comp, nc
	d.closed = growBool(d.closed, nc)
	d.loop = growF(d.loop, nc)
	d.off, d.mem, d.pos = membersInto(comp, nc, d.off, d.mem, d.pos)
	for k := 0; k < nc; k++ {
		ms := d.mem[d.off[k]:d.off[k+1]]
		lk := like.comp[ms[0]]
		if !dirty[lk] {
			d.loop[k], d.closed[k] = like.loop[lk], like.closed[lk]
			continue
		}
		d.loop[k] = 0
		if len(ms) == 1 {
			d.loop[k] = c.selfLoop(ms[0])
		}
		switch {
		case len(ms) > 1 || d.loop[k] > 0:
			d.closed[k] = c.closed(comp, ms)
		default:
			d.closed[k] = false
		}
	}
	d.reset()
	d.adopt(like)
	return d, nil
}

// adopt takes, for the components of d that are like's (with no member
// stopped in either chain), like's figures that depend on the component
// alone: its inverse (which are never written to once made) and Returns'
// diagonal, if found already. d.dirty marks the components of like that are not.
func (d *Condensed) adopt(like *Condensed) {
	d.likeOf = grow(d.likeOf, d.nc)
	for k := 0; k < d.nc; k++ {
		lk := like.comp[d.mem[d.off[k]]]
		if d.dirty[lk] {
			lk = -1
		}
		d.likeOf[k] = lk
	}
	d.likeDiag = like.returns
	if like.inv == nil {
		return
	}
	if d.inv == nil {
		d.inv = make([][]float64, d.nc)
	}
	for k, lk := range d.likeOf {
		if lk >= 0 {
			d.inv[k] = like.inv[lk]
		}
	}
}

// part is scc (Tarjan's search) on the vertices ms of component k of
// part, with the edges that leave it left out: it writes into comp[v], for
// v in ms, the number of v's component among those found, in finishing
// order (sinks first), and returns how many it found. steps counts the
// search's steps across calls, for check.
func (sc *sccScratch) part(ctx context.Context, g *Graph, stop []bool, prob []float64, part []int32, k int32, ms, comp []int32, steps *int) (int32, error) {
	M := int32(len(ms))
	for _, v := range ms {
		comp[v] = 0
	}
	end := func(v int32) int32 {
		if stop != nil && stop[v] {
			return g.Off[v]
		}
		return g.Off[v+1]
	}
	// As in scc, with M in place of N: comp[v] is 0 unvisited, the DFS
	// index or least index reached while open, M-1-component once done.
	stack, call, edge, root := sc.stack[:0], sc.call[:0], sc.edge[:0], sc.root[:0]
	defer func() {
		sc.stack, sc.call, sc.edge, sc.root = stack[:0], call[:0], edge[:0], root[:0]
	}()
	index := int32(1)
	c := M - 1
	for _, r := range ms {
		if comp[r] != 0 {
			continue
		}
		comp[r] = index
		index++
		call = append(call, r)
		edge = append(edge, g.Off[r])
		root = append(root, true)
		for len(call) > 0 {
			*steps++
			if err := check(ctx, *steps); err != nil {
				return 0, err
			}
			top := len(call) - 1
			v := call[top]
			if e := edge[top]; e < end(v) {
				edge[top] = e + 1
				w := g.Adj[e]
				if (prob != nil && !(prob[e] > 0)) || part[w] != k {
					continue
				}
				if comp[w] == 0 {
					comp[w] = index
					index++
					call = append(call, w)
					edge = append(edge, g.Off[w])
					root = append(root, true)
				} else if comp[w] < comp[v] {
					comp[v] = comp[w]
					root[top] = false
				}
				continue
			}
			isRoot := root[top]
			call, edge, root = call[:top], edge[:top], root[:top]
			if isRoot {
				index--
				for len(stack) > 0 && comp[v] <= comp[stack[len(stack)-1]] {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					comp[w] = c
					index--
				}
				comp[v] = c
				c--
			} else {
				stack = append(stack, v)
			}
			if top > 0 {
				if u := call[top-1]; comp[v] < comp[u] {
					comp[u] = comp[v]
					root[top-1] = false
				}
			}
		}
	}
	for _, v := range ms {
		comp[v] = M - 1 - comp[v]
	}
	return M - 1 - c, nil
}

// inverseOf returns the inverse of (I - Q_CC)^T for component k (members
// ms, at most invMax of them, none stopped), found once and kept.
func (d *Condensed) inverseOf(k int32, ms []int32) ([]float64, error) {
	if d.inv == nil {
		d.inv = make([][]float64, d.nc)
	}
	if inv := d.inv[k]; inv != nil {
		return inv, nil
	}
	inv, err := d.inverse(ms, d.stoppedProb())
	if err != nil {
		return nil, err
	}
	d.inv[k] = inv
	return inv, nil
}
