package graphalg

import (
	"context"
	"math"
)

// Condensed is a chain's strongly connected components in topological
// order, found once for many solves of the chain with more vertices
// stopped (Forward). Stopping vertices only removes edges, so the
// components stay a valid order of the solves, and each component's system
// stays solvable: a component that loses edges leaks.
type Condensed struct {
	c       Chain
	comp    []int32
	nc      int
	off     []int32
	mem     []int32
	closed  []bool
	solver  *compSolver
	masked  []float64 // the rows of stoppedProb Forward zeroes, kept
	b       []float64
	touched []bool
	// inv holds, for a component of at most invMax vertices, the inverse of
	// (I - Q_CC)^T with none of its vertices stopped by Forward, row-major
	// over its members: found once, reused by every Forward that leaves the
	// component alone.
	inv  [][]float64
	base []float64 // see stoppedProb

	// Memory kept for CondenseInto and for the next solve on d: the
	// components' search, a copy of the probabilities (stoppedProb),
	// the reverse chain and right-hand side of Hit, HitSets' result.
	sc      sccScratch
	pos     []int32
	baseBuf []float64
	rev     Graph
	revPos  []int32
	revProb []float64
	hitB    []float64
	hitSets []float64
	mHint   int    // NewCondensed's m
	dirty   []bool // refine's: like's components searched again
	// loop[k] is, for a component of one vertex, the probability of its
	// self-loops (0 when the chain stops it): Chain.selfLoop, found once.
	loop []float64

	// returns is Returns' last result for this chain (nil: none yet);
	// after refine, likeOf[k] is the component of like that component k
	// is (-1: one searched again) and likeDiag like's returns, from which
	// Returns copies those components' figures.
	returns, likeDiag []float64
	likeOf            []int32
}

// invMax is the largest component whose inverse Forward keeps.
const invMax = 64

// Condense finds the components of chain c for Forward.
func Condense(ctx context.Context, c Chain) (*Condensed, error) {
	return CondenseInto(ctx, c, nil)
}

// CondenseInto is Condense reusing the memory of d (nil: none), which is
// then the condensation of c: d must no longer be used for its old chain,
// and what its methods returned before (but Returns' and Hit's results)
// may be overwritten. It is for a caller that condenses many chains of
// similar size in turn.
func CondenseInto(ctx context.Context, c Chain, d *Condensed) (*Condensed, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	if d == nil {
		d = new(Condensed)
	}
	comp, nc, err := scc(ctx, c.G, c.Stop, c.Prob, &d.sc)
	if err != nil {
		return nil, err
	}
	d.c, d.comp, d.nc = c, comp, nc
	d.closed = growBool(d.closed, nc)
	clear(d.closed)
	d.off, d.mem, d.pos = membersInto(comp, nc, d.off, d.mem, d.pos)
	d.loop = growF(d.loop, nc)
	for k := 0; k < nc; k++ {
		ms := d.mem[d.off[k]:d.off[k+1]]
		d.loop[k] = 0
		if len(ms) == 1 {
			d.loop[k] = c.selfLoop(ms[0])
		}
		if len(ms) > 1 || d.loop[k] > 0 {
			d.closed[k] = c.closed(comp, ms)
		}
	}
	d.reset()
	return d, nil
}

// CondenseLike is CondenseInto, but when c is like's chain (the same graph
// and probabilities) with more vertices stopped, none of which has an edge
// of probability above 0, the components are like's (stopping such a
// vertex removes no edge), copied instead of found again. like is left
// alone and must not be d.
//
// When some of the vertices c stops more have such edges, only like's
// components holding one of them are searched again, each on its own (a
// component of c lies within one of like's: c only has fewer edges), and
// their parts take the component's place in like's order. The components
// are then c's, but their numbering may differ from CondenseInto's.
func CondenseLike(ctx context.Context, c Chain, like, d *Condensed) (*Condensed, error) {
	if like == nil || like == d {
		return CondenseInto(ctx, c, d)
	}
	switch like.sameBut(c) {
	case likeOther:
		return CondenseInto(ctx, c, d)
	case likeRefine:
		if err := c.check(); err != nil {
			return nil, err
		}
		if d == nil {
			d = new(Condensed)
		}
		return d.refine(ctx, c, like)
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	if d == nil {
		d = new(Condensed)
	}
	n, nc := c.G.N, like.nc
	d.sc.rindex = grow(d.sc.rindex, n)
	copy(d.sc.rindex, like.comp)
	d.c, d.comp, d.nc = c, d.sc.rindex, nc
	d.closed = append(d.closed[:0], like.closed...)
	d.off = append(d.off[:0], like.off...)
	d.mem = append(d.mem[:0], like.mem...)
	d.loop = append(d.loop[:0], like.loop...) // the vertices stopped here have none
	d.reset()
	d.dirty = growBool(d.dirty, nc)
	clear(d.dirty) // a vertex stopped here has no edge: no figure changes
	d.adopt(like)
	return d, nil
}

// How chain c is like d's chain (sameBut).
const (
	likeOther  = iota // not d's chain with more vertices stopped
	likeCopy          // the components are d's
	likeRefine        // d's components holding a dirty vertex split
)

// sameBut reports whether c is d's chain with more vertices stopped
// (else likeOther), and whether none of them has an edge of probability
// above 0 (likeCopy) or some do (likeRefine).
func (d *Condensed) sameBut(c Chain) int {
	a := d.c
	if a.G != c.G || len(a.Prob) != len(c.Prob) || len(c.Stop) != c.G.N {
		return likeOther
	}
	if len(c.Prob) > 0 && &a.Prob[0] != &c.Prob[0] {
		return likeOther
	}
	g := c.G
	how := likeCopy
	for v := 0; v < g.N; v++ {
		was := a.Stop != nil && a.Stop[v]
		if was && !c.Stop[v] {
			return likeOther
		}
		if how == likeCopy && c.Stop[v] && !was {
			for _, x := range c.Prob[g.Off[v]:g.Off[v+1]] {
				if x > 0 {
					how = likeRefine
					break
				}
			}
		}
	}
	return how
}

// reset forgets what d found for its previous chain, its memory kept.
func (d *Condensed) reset() {
	d.masked = d.masked[:0]
	if d.inv != nil {
		if cap(d.inv) >= d.nc {
			d.inv = d.inv[:d.nc]
			clear(d.inv)
		} else {
			d.inv = nil
		}
	}
	d.base = nil
	d.returns, d.likeDiag, d.likeOf = nil, nil, d.likeOf[:0]
	if s := d.solver; s == nil || len(s.pos) < d.c.G.N || s.denseMax != denseMax {
		d.solver = newCompSolver(d.c.G.N, denseMax)
	}
}

// Forward writes into x, for the chain started from start with the
// vertices marked in stop stopped too, the mass that ends at each stopped
// vertex (the chance of reaching it first among the stopped ones) and the
// expected visits to the others. Mass caught in a closed class stays there
// (x is then the mass that entered it, at each member); stop must not be
// nil.
//
// Forward zeroes the out-edges of the vertices it stops in the chain's
// probabilities (c.Prob itself, when the chain stops no vertex with an
// edge of positive probability) while it runs, and puts them back: d and
// its chain must not be used by two calls at once.
func (d *Condensed) Forward(ctx context.Context, stop []bool, start, x []float64) error {
	c := d.c
	g := c.G
	if err := checkLen("start", len(start), g.N); err != nil {
		return err
	}
	if err := checkLen("stop", len(stop), g.N); err != nil {
		return err
	}
	d.b = growF(d.b, g.N)
	d.touched = growBool(d.touched, d.nc)
	// The chain's probabilities with the out-edges of the vertices stopped
	// here at 0 too: those rows saved in d.masked and put back after.
	p := d.stoppedProb()
	d.masked = d.masked[:0]
	clear(d.touched)
	for v := 0; v < g.N; v++ {
		if stop[v] {
			d.touched[d.comp[v]] = true
			d.masked = append(d.masked, p[g.Off[v]:g.Off[v+1]]...)
			clear(p[g.Off[v]:g.Off[v+1]])
		}
	}
	defer func() {
		i := 0
		for v := 0; v < g.N; v++ {
			if stop[v] {
				i += copy(p[g.Off[v]:g.Off[v+1]], d.masked[i:])
			}
		}
	}()
	b := d.b
	copy(b, start)
	for k := d.nc - 1; k >= 0; k-- {
		if err := check(ctx, k); err != nil {
			return err
		}
		ms := d.mem[d.off[k]:d.off[k+1]]
		switch {
		case len(ms) == 1:
			v := ms[0]
			var loop float64
			if !stop[v] { // else its row of p is 0 here
				loop = d.loop[k]
			}
			if loop > 0 && 1-loop <= leakTol {
				x[v] = b[v]
				continue
			}
			xv := b[v] / (1 - loop)
			x[v] = xv
			if xv == 0 {
				continue
			}
			for e := g.Off[v]; e < g.Off[v+1]; e++ {
				if w := g.Adj[e]; w != v {
					b[w] += xv * p[e]
				}
			}
			continue
		case d.closed[k] && !d.touched[k]:
			for _, v := range ms {
				x[v] = b[v]
			}
			continue
		case !d.touched[k] && len(ms) <= invMax:
			if d.inv == nil {
				d.inv = make([][]float64, d.nc)
			}
			inv := d.inv[k]
			if inv == nil {
				var err error
				if inv, err = d.inverse(ms, p); err != nil {
					return err
				}
				d.inv[k] = inv
			}
			m := len(ms)
			for i, v := range ms {
				var y float64
				row := inv[i*m : i*m+m]
				for j, u := range ms {
					y += row[j] * b[u]
				}
				x[v] = y
			}
		default:
			if err := d.solver.solve(ctx, g, p, d.comp, int32(k), ms, b, -1, x); err != nil {
				return err
			}
		}
		for _, v := range ms {
			if x[v] == 0 {
				continue
			}
			for e := g.Off[v]; e < g.Off[v+1]; e++ {
				if w := g.Adj[e]; d.comp[w] != int32(k) {
					b[w] += x[v] * p[e]
				}
			}
		}
	}
	return nil
}

// inverse returns the inverse of (I - Q_CC)^T for the component ms under
// the probabilities p, row-major over ms.
func (d *Condensed) inverse(ms []int32, p []float64) ([]float64, error) {
	g := d.c.G
	k := len(ms)
	// The members' places, in the solver's array: ms is a whole
	// component, so an edge stays inside when its head's component is.
	c := d.comp[ms[0]]
	pos := d.solver.pos
	for i, v := range ms {
		pos[v] = int32(i)
	}
	a := make([]float64, k*k)
	for i := range k {
		a[i*k+i] = 1
	}
	for i, v := range ms {
		for e := g.Off[v]; e < g.Off[v+1]; e++ {
			if w := g.Adj[e]; d.comp[w] == c {
				a[int(pos[w])*k+i] -= p[e] // transposed
			}
		}
	}
	return invert(a, k, ms)
}

// invert returns the inverse of the k-by-k row-major matrix a (which it
// overwrites) by Gauss-Jordan elimination with partial pivoting.
func invert(a []float64, k int, ms []int32) ([]float64, error) {
	inv := make([]float64, k*k)
	for i := range k {
		inv[i*k+i] = 1
	}
	for col := 0; col < k; col++ {
		piv, best := col, math.Abs(a[col*k+col])
		for r := col + 1; r < k; r++ {
			if m := math.Abs(a[r*k+col]); m > best {
				piv, best = r, m
			}
		}
		if best == 0 {
			return nil, &Error{Code: CodeNoConvergence, Arg: "prob", Index: int(ms[col]), Msg: "singular system"}
		}
		if piv != col {
			for j := 0; j < k; j++ {
				a[piv*k+j], a[col*k+j] = a[col*k+j], a[piv*k+j]
				inv[piv*k+j], inv[col*k+j] = inv[col*k+j], inv[piv*k+j]
			}
		}
		dv := a[col*k+col]
		for j := 0; j < k; j++ {
			a[col*k+j] /= dv
			inv[col*k+j] /= dv
		}
		for r := 0; r < k; r++ {
			if r == col {
				continue
			}
			f := a[r*k+col]
			if f == 0 {
				continue
			}
			for j := 0; j < k; j++ {
				a[r*k+j] -= f * a[col*k+j]
				inv[r*k+j] -= f * inv[col*k+j]
			}
		}
	}
	return inv, nil
}

// HitSets returns, for each of nsets disjoint sets of vertices (label[v]
// is the set of vertex v, or -1) and each vertex v, the chance that the
// chain started at v reaches a vertex of the set: h[v*nsets+s]
// (vertex-major, so that a vertex's sets are read together). The
// vertices of a set count as reached when the chain stops there. All sets are
// solved in one pass over the components, sinks first, each component by
// its inverse (found once; see Forward). ok is false, with nothing solved,
// when a component that is not closed has more than 64 vertices: the
// caller then solves each set on its own. h is d's memory, valid until
// the next call of HitSets or CondenseInto with d.
func (d *Condensed) HitSets(ctx context.Context, label []int32, nsets int) (h []float64, ok bool, err error) {
	c := d.c
	g := c.G
	n := g.N
	if err := checkLen("label", len(label), n); err != nil {
		return nil, false, err
	}
	for k := 0; k < d.nc; k++ {
		if m := d.off[k+1] - d.off[k]; m > invMax && !d.closed[k] {
			return nil, false, nil
		}
	}
	p := d.stoppedProb()
	if d.inv == nil {
		d.inv = make([][]float64, d.nc)
	}
	d.hitSets = growF(d.hitSets, nsets*n)
	h = d.hitSets
	clear(h)
	acc := make([]float64, nsets)
	var rhs []float64
	var has []bool
	for k := 0; k < d.nc; k++ { // sinks first
		if err := check(ctx, k); err != nil {
			return nil, false, err
		}
		ms := d.mem[d.off[k]:d.off[k+1]]
		if len(ms) == 1 {
			v := ms[0]
			clear(acc)
			var loop float64
			for e := g.Off[v]; e < g.Off[v+1]; e++ {
				w := g.Adj[e]
				if w == v {
					loop += p[e]
					continue
				}
				if p[e] == 0 {
					continue
				}
				for s := range acc {
					acc[s] += p[e] * h[int(w)*nsets+s]
				}
			}
			trapped := loop > 0 && 1-loop <= leakTol
			for s := range acc {
				switch {
				case label[v] == int32(s):
					h[int(v)*nsets+s] = 1
				case !trapped:
					h[int(v)*nsets+s] = acc[s] / (1 - loop)
				}
			}
			continue
		}
		if d.closed[k] {
			// Customers there reach every member, and nothing else.
			for _, v := range ms {
				if s := label[v]; s >= 0 {
					for _, u := range ms {
						h[int(u)*nsets+int(s)] = 1
					}
				}
			}
			continue
		}
		var err error
		if rhs, has, err = d.hitComponent(int32(k), ms, label, nsets, p, h, rhs, has); err != nil {
			return nil, false, err
		}
	}
	return h, true, nil
}

// stoppedProb returns the chain's probabilities with the out-edges of its
// stopped vertices at 0, made once.
func (d *Condensed) stoppedProb() []float64 {
	if d.base != nil {
		return d.base
	}
	c := d.c
	g := c.G
	none := true // no stopped vertex has an edge of probability above 0
	for v := 0; v < g.N && none; v++ {
		if c.stopped(int32(v)) {
			for _, x := range c.Prob[g.Off[v]:g.Off[v+1]] {
				none = none && x == 0
			}
		}
	}
	if none {
		d.base = c.Prob // Forward changes it only for the time of a call
		return d.base
	}
	p := growRoom(d.baseBuf, len(c.Prob), d.mHint)
	d.baseBuf = p
	copy(p, c.Prob)
	for v := 0; v < g.N; v++ {
		if c.stopped(int32(v)) {
			clear(p[g.Off[v]:g.Off[v+1]])
		}
	}
	d.base = p
	return p
}

// Closed reports whether component k (see Components) is a closed class:
// customers who enter it never leave.
// A lone vertex's is found with the components, from its self-loops.
func (d *Condensed) Closed(k int32) bool {
	return d.closed[k]
}

// Spread replaces, in each closed class of two or more vertices, the mass x
// holds at its members (as Forward leaves it: what entered at each) by the
// class's total mass spread by its stationary distribution (the long-run
// share of time at each member), as Absorb reports trapped mass.
func (d *Condensed) Spread(ctx context.Context, x []float64) error {
	for k := 0; k < d.nc; k++ {
		ms := d.mem[d.off[k]:d.off[k+1]]
		if len(ms) == 1 || !d.closed[k] {
			continue
		}
		var mass float64
		for _, v := range ms {
			mass += x[v]
		}
		if err := d.solver.stationary(ctx, d.c.G, d.stoppedProb(), d.comp, int32(k), ms, x); err != nil {
			return err
		}
		for _, v := range ms {
			x[v] *= mass
		}
	}
	return nil
}

// hitComponent solves HitSets for the members ms of component k, which is
// neither a single vertex nor closed, every set at once; rhs and has are
// scratch, returned for reuse.
func (d *Condensed) hitComponent(k int32, ms []int32, label []int32, nsets int, p, h, rhs []float64, has []bool) ([]float64, []bool, error) {
	g := d.c.G
	var err error
	m := len(ms)
	rhs = growF(rhs, m*nsets)
	clear(rhs)
	has = growBool(has, nsets)
	clear(has)
	for i, v := range ms {
		if s := label[v]; s >= 0 {
			has[s] = true
		}
		for e := g.Off[v]; e < g.Off[v+1]; e++ {
			w := g.Adj[e]
			if d.comp[w] == k || p[e] == 0 {
				continue
			}
			for s := 0; s < nsets; s++ {
				rhs[s*m+i] += p[e] * h[int(w)*nsets+s]
			}
		}
	}
	inv := d.inv[k]
	if inv == nil {
		if inv, err = d.inverse(ms, p); err != nil {
			return nil, nil, err
		}
		d.inv[k] = inv
	}
	for s := 0; s < nsets; s++ {
		b := rhs[s*m : s*m+m]
		if !has[s] {
			// h_C = (I - Q_CC)^-1 b, and inv is the inverse's transpose.
			for i, v := range ms {
				var y float64
				for j := range ms {
					y += inv[j*m+i] * b[j]
				}
				h[int(v)*nsets+s] = y
			}
			continue
		}
		// The set's members are reached: their rows fixed at 1.
		a := make([]float64, m*m)
		pos := d.solver.pos
		for i, v := range ms {
			pos[v] = int32(i)
		}
		for i, v := range ms {
			a[i*m+i] = 1
			if label[v] == int32(s) {
				b[i] = 1
				continue
			}
			for e := g.Off[v]; e < g.Off[v+1]; e++ {
				if w := g.Adj[e]; d.comp[w] == k {
					a[i*m+int(pos[w])] -= p[e]
				}
			}
		}
		ai, err := invert(a, m, ms)
		if err != nil {
			return nil, nil, err
		}
		for i, v := range ms {
			var y float64
			for j := range ms {
				y += ai[i*m+j] * b[j]
			}
			h[int(v)*nsets+s] = y
		}
	}
	return rhs, has, nil
}

// NewCondensed returns an empty Condensed, for CondenseInto, with memory
// for chains of up to n vertices and m edges, so that condensing and
// solving a series of chains of varying size up to those does not grow it
// again.
// The memory of the edges (a copy of the probabilities, Hit's reverse
// chain) is made with room for m when first needed.
func NewCondensed(n, m int) *Condensed {
	n, m = max(n, 0), max(m, 0)
	return &Condensed{
		off: make([]int32, 0, n+1), mem: make([]int32, 0, n), pos: make([]int32, 0, n),
		closed: make([]bool, 0, n), touched: make([]bool, 0, n),
		b: make([]float64, 0, n), solver: newCompSolver(n, denseMax), mHint: m,
	}
}

// growRoom returns s with length n, reusing its storage when it can, else
// made with room for max(n, room); the contents are not cleared.
func growRoom[T any](s []T, n, room int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n, max(n, room))
}
