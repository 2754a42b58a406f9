package graphalg

import (
	"context"
	"math"
)

// diagDenseMax is the largest strongly connected component whose return
// visits Returns finds by inverting the component's matrix densely; larger
// ones take one solve per vertex.
const diagDenseMax = 1000

// Chain is a Markov chain on a graph: Prob[e] is the probability of edge e
// (aligned with G.Adj; a vertex's out-probabilities sum to at most 1, the
// rest leaving the chain) and the vertices marked in Stop have no way on
// (their out-edges do not count). Stop may be nil.
type Chain struct {
	G    *Graph
	Prob []float64
	Stop []bool
}

func (c Chain) check() error {
	if err := c.G.Check(); err != nil {
		return err
	}
	if err := checkLen("prob", len(c.Prob), len(c.G.Adj)); err != nil {
		return err
	}
	for e, p := range c.Prob {
		if !(p >= 0 && p <= 1) {
			return &Error{Code: CodeProbability, Arg: "prob", Index: e, Msg: "probability not in [0, 1]"}
		}
	}
	if c.Stop != nil {
		return checkLen("stop", len(c.Stop), c.G.N)
	}
	return nil
}

func (c Chain) stopped(v int32) bool { return c.Stop != nil && c.Stop[v] }

// membersInto groups the vertices by component: those of component k are
// mem[off[k]:off[k+1]], in increasing order. It reuses the storage of off,
// mem and pos (its working array), which it returns.
func membersInto(comp []int32, nc int, off, mem, pos []int32) (_, _, _ []int32) {
	off = grow(off, nc+1)
	clear(off)
	for _, c := range comp {
		off[c+1]++
	}
	for c := 0; c < nc; c++ {
		off[c+1] += off[c]
	}
	mem = grow(mem, len(comp))
	pos = grow(pos, nc)
	copy(pos, off[:nc])
	for v, c := range comp {
		mem[pos[c]] = int32(v)
		pos[c]++
	}
	return off, mem, pos
}

// selfLoop is inside for a vertex that is a component of its own: the
// probability of its self-loops, without looking up components.
func (c Chain) selfLoop(v int32) float64 {
	if c.stopped(v) {
		return 0
	}
	var in float64
	for e := c.G.Off[v]; e < c.G.Off[v+1]; e++ {
		if c.G.Adj[e] == v {
			in += c.Prob[e]
		}
	}
	return in
}

// inside returns the probability that vertex v keeps inside its component.
func (c Chain) inside(comp []int32, v int32) float64 {
	if c.stopped(v) {
		return 0
	}
	var in float64
	for e := c.G.Off[v]; e < c.G.Off[v+1]; e++ {
		if comp[c.G.Adj[e]] == comp[v] {
			in += c.Prob[e]
		}
	}
	return in
}

// closed reports whether the component mem is a closed class: every
// member keeps all but leakTol of its probability inside it.
func (c Chain) closed(comp []int32, mem []int32) bool {
	for _, v := range mem {
		if c.stopped(v) || 1-c.inside(comp, v) > leakTol {
			return false
		}
	}
	return true
}

// Hit returns, for every vertex v, the probability that the chain started
// at v ever reaches a vertex marked in target (1 on the targets, whose
// out-edges do not count, and 0 on stopped vertices that are not targets
// and in closed classes from which no target can be reached). It solves
// h = Q h + r backwards over the strongly connected components, each by
// the solver of Absorb.
func Hit(ctx context.Context, c Chain, target []bool) ([]float64, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	if err := checkLen("target", len(target), c.G.N); err != nil {
		return nil, err
	}
	stop := make([]bool, c.G.N)
	for v := range stop {
		stop[v] = c.stopped(int32(v)) || target[v]
	}
	d, err := Condense(ctx, Chain{G: c.G, Prob: c.Prob, Stop: stop})
	if err != nil {
		return nil, err
	}
	return d.Hit(ctx, target)
}

// Hit is the package's Hit on d's chain, whose stopped vertices must
// include the targets.
func (d *Condensed) Hit(ctx context.Context, target []bool) ([]float64, error) {
	c := d.c
	g := c.G
	n := g.N
	if err := checkLen("target", len(target), n); err != nil {
		return nil, err
	}
	comp, nc, off, mem := d.comp, d.nc, d.off, d.mem
	stop := c.Stop
	if stop == nil {
		stop = make([]bool, n)
	}
	// The reverse chain, Q transposed, without stopped vertices' edges:
	// built for the first component too large for an inverse.
	var rev *Graph
	var rprob []float64
	h := make([]float64, n)
	d.hitB = growF(d.hitB, n)
	b := d.hitB
	clear(b)
	s := d.solver
	for k := 0; k < nc; k++ { // sinks first
		if err := check(ctx, k); err != nil {
			return nil, err
		}
		ms := mem[off[k]:off[k+1]]
		for _, v := range ms {
			if target[v] {
				h[v], b[v] = 1, 0
				continue
			}
			if stop[v] {
				continue
			}
			var r float64
			if len(ms) == 1 { // its only edges inside are self-loops
				for e := g.Off[v]; e < g.Off[v+1]; e++ {
					if w := g.Adj[e]; w != v {
						r += c.Prob[e] * h[w]
					}
				}
			} else {
				for e := g.Off[v]; e < g.Off[v+1]; e++ {
					if w := g.Adj[e]; comp[w] != int32(k) {
						r += c.Prob[e] * h[w]
					}
				}
			}
			b[v] = r
		}
		if len(ms) == 1 {
			v := ms[0]
			if stop[v] {
				continue
			}
			loop := d.loop[k]
			if loop > 0 && 1-loop <= leakTol {
				continue // a closed class: never a target
			}
			h[v] = b[v] / (1 - loop)
			continue
		}
		if d.closed[k] {
			continue
		}
		if len(ms) <= invMax {
			// h_C = (I - Q_CC)^-1 b, and the inverse kept (Forward's,
			// Returns') is its transpose.
			inv, err := d.inverseOf(int32(k), ms)
			if err != nil {
				return nil, err
			}
			m := len(ms)
			for i, v := range ms {
				var y float64
				for j, u := range ms {
					y += inv[j*m+i] * b[u]
				}
				h[v] = math.Min(math.Max(y, 0), 1)
			}
			continue
		}
		if rev == nil {
			rev, rprob = d.reverse(stop)
		}
		if err := s.solve(ctx, rev, rprob, comp, int32(k), ms, b, -1, h); err != nil {
			return nil, err
		}
		for _, v := range ms {
			h[v] = math.Min(math.Max(h[v], 0), 1)
		}
	}
	return h, nil
}

// reverse returns the reverse of d's chain and the probabilities of its
// edges, those leaving the vertices marked in stop set to 0, in d's
// memory: valid until the next call.
func (d *Condensed) reverse(stop []bool) (*Graph, []float64) {
	g := d.c.G
	n := g.N
	off := grow(d.rev.Off, n+1)
	clear(off)
	adj := growRoom(d.rev.Adj, len(g.Adj), d.mHint)
	d.revProb = growRoom(d.revProb, len(g.Adj), d.mHint)
	clear(d.revProb)
	d.revPos = grow(d.revPos, n)
	reverseInto(g, d.c.Prob, stop, off, adj, d.revProb, d.revPos)
	d.rev = Graph{N: n, Off: off, Adj: adj}
	return &d.rev, d.revProb
}

// reverseInto fills off (zeroed, n+1), adj and rp (zeroed) with the
// reverse chain; pos (n) is working memory.
func reverseInto(g *Graph, prob []float64, stop []bool, off, adj []int32, rp []float64, pos []int32) {
	n := g.N
	for _, w := range g.Adj {
		off[w+1]++
	}
	for v := 0; v < n; v++ {
		off[v+1] += off[v]
	}
	copy(pos, off[:n])
	for u := 0; u < n; u++ {
		for e := g.Off[u]; e < g.Off[u+1]; e++ {
			w := g.Adj[e]
			adj[pos[w]] = int32(u)
			if !stop[u] {
				rp[pos[w]] = prob[e]
			}
			pos[w]++
		}
	}
}

// Returns returns, for every vertex v, the expected number of visits to v
// of the chain started at v, the start counted: 1/(1 - the probability of
// coming back to v). It is 1 for stopped vertices and those on no loop, and
// +Inf in a closed class (customers there come back for ever). It also
// returns the strongly connected components of the chain (see SCC) and
// their number. A component of up to 1000 vertices is inverted densely;
// a larger one takes one solve per vertex.
func Returns(ctx context.Context, c Chain) (diag []float64, comp []int32, nc int, err error) {
	d, err := Condense(ctx, c)
	if err != nil {
		return nil, nil, 0, err
	}
	diag, err = d.Returns(ctx)
	return diag, d.comp, d.nc, err
}

// Components returns d's components: comp[v] is vertex v's, numbered in
// reverse topological order, and n their number.
func (d *Condensed) Components() (comp []int32, n int) { return d.comp, d.nc }

// Returns is the package's Returns on d's chain.
func (d *Condensed) Returns(ctx context.Context) ([]float64, error) {
	c := d.c
	g := c.G
	n := g.N
	comp, nc, off, mem := d.comp, d.nc, d.off, d.mem
	diag := make([]float64, n)
	var x, b []float64
	for k := 0; k < nc; k++ {
		if err := check(ctx, k); err != nil {
			return nil, err
		}
		ms := mem[off[k]:off[k+1]]
		if d.likeDiag != nil && d.likeOf[k] >= 0 {
			for _, v := range ms {
				diag[v] = d.likeDiag[v]
			}
			continue
		}
		if len(ms) == 1 {
			v := ms[0]
			loop := d.loop[k]
			switch {
			case loop > 0 && 1-loop <= leakTol:
				diag[v] = math.Inf(1)
			default:
				diag[v] = 1 / (1 - loop)
			}
			continue
		}
		if d.closed[k] {
			for _, v := range ms {
				diag[v] = math.Inf(1)
			}
			continue
		}
		if len(ms) <= invMax {
			// The diagonal of the inverse of (I - Q_CC)^T is that of
			// (I - Q_CC)'s: keep the inverse for Forward and HitSets.
			inv, err := d.inverseOf(int32(k), ms)
			if err != nil {
				return nil, err
			}
			for i, v := range ms {
				diag[v] = inv[i*len(ms)+i]
			}
			continue
		}
		if len(ms) <= diagDenseMax {
			if err := denseDiag(ctx, c, comp, ms, diag); err != nil {
				return nil, err
			}
			continue
		}
		if x == nil {
			x, b = make([]float64, n), make([]float64, n)
		}
		for _, v := range ms {
			b[v] = 1
			if err := d.solver.solve(ctx, g, c.Prob, comp, int32(k), ms, b, -1, x); err != nil {
				return nil, err
			}
			b[v] = 0
			diag[v] = x[v]
		}
	}
	d.returns = diag
	return diag, nil
}

// denseDiag writes the diagonal of (I - Q_CC)^-1 for the component ms into
// diag, by Gauss-Jordan elimination with partial pivoting.
func denseDiag(ctx context.Context, c Chain, comp []int32, ms []int32, diag []float64) error {
	k := len(ms)
	pos := make(map[int32]int, k)
	for i, v := range ms {
		pos[v] = i
	}
	w := 2 * k
	a := make([]float64, k*w)
	for i, v := range ms {
		a[i*w+i] += 1
		a[i*w+k+i] = 1
		if c.stopped(v) {
			continue
		}
		for e := c.G.Off[v]; e < c.G.Off[v+1]; e++ {
			if j, ok := pos[c.G.Adj[e]]; ok && comp[c.G.Adj[e]] == comp[v] {
				a[i*w+j] -= c.Prob[e]
			}
		}
	}
	for col := 0; col < k; col++ {
		if err := check(ctx, col+1); err != nil {
			return err
		}
		piv, best := col, math.Abs(a[col*w+col])
		for r := col + 1; r < k; r++ {
			if m := math.Abs(a[r*w+col]); m > best {
				piv, best = r, m
			}
		}
		if best == 0 {
			return &Error{Code: CodeNoConvergence, Arg: "prob", Index: int(ms[col]), Msg: "singular system"}
		}
		if piv != col {
			rp, rc := a[piv*w:piv*w+w], a[col*w:col*w+w]
			for j := range rp {
				rp[j], rc[j] = rc[j], rp[j]
			}
		}
		rc := a[col*w : col*w+w]
		d := rc[col]
		for j := range rc {
			rc[j] /= d
		}
		for r := 0; r < k; r++ {
			if r == col {
				continue
			}
			rr := a[r*w : r*w+w]
			f := rr[col]
			if f == 0 {
				continue
			}
			for j := col; j < w; j++ {
				rr[j] -= f * rc[j]
			}
		}
	}
	for i, v := range ms {
		diag[v] = a[i*w+k+i]
	}
	return nil
}

// Components returns the strongly connected components of chain c (its
// edges of probability 0 and the out-edges of its stopped vertices left
// out), numbered as SCC numbers them: in reverse topological order.
func Components(ctx context.Context, c Chain) (comp []int32, n int, err error) {
	if err := c.check(); err != nil {
		return nil, 0, err
	}
	return scc(ctx, c.G, c.Stop, c.Prob, nil)
}
