package graphalg

import (
	"context"
	"fmt"
	"math"
)

const (
	// leakTol is the out-probability deficit below which a vertex counts as
	// not leaking when deciding whether a class of vertices is closed.
	leakTol = 1e-12
	// sumTol is how far a vertex's out-probabilities may exceed 1 (rounding
	// in normalised counts) before Absorb rejects them.
	sumTol = 1e-9
	// denseMax is the largest strongly connected component Absorb solves by
	// dense Gaussian elimination; larger ones are solved iteratively.
	denseMax = 384
	// denseFallback is the largest component solved densely when the
	// iterative solver does not converge.
	denseFallback = 3000
	// iterTol is the relative residual the iterative solver reaches.
	iterTol = 1e-12
)

// Absorption is the full solution of an absorbing Markov chain, as returned
// by AbsorbTrapped.
type Absorption struct {
	// Visits is, for a transient vertex, the expected number of visits; for
	// an absorbing vertex, the probability of being absorbed there; for a
	// vertex of a closed class, the probability of being there in the long
	// run (the same as Trapped).
	Visits []float64
	// Leave is, for a transient vertex v, Visits[v] times the part of its
	// out-probability that leaves the chain; 0 for the others.
	Leave []float64
	// Trapped is, for a vertex of a closed class (a strongly connected set
	// of transient vertices that the chain, once there, never leaves), the
	// long-run probability of being at that vertex: the probability of
	// entering the class, spread over it by the class's stationary
	// distribution (for a periodic class, the time-average one). It is 0
	// for every other vertex. Every unit of start mass ends absorbed, left
	// or trapped: the sum of the absorbing Visits, of Leave and of Trapped
	// is 1 up to rounding.
	Trapped []float64
}

// Absorb solves the absorbing Markov chain: prob[e] is the probability of
// edge e (aligned with g.Adj); a vertex's outgoing probabilities sum to at
// most 1, and the rest leaves the chain. Absorbing vertices (goals and exits)
// ignore their out-edges. start is the initial distribution over vertices
// (it sums to 1). Absorb returns visits[v], the expected number of visits to
// v (for absorbing v: the probability of being absorbed there), and
// leave[v] = visits[v]*(1 - sum of out prob) for transient v (0 for
// absorbing).
//
// A closed class, a set of transient vertices that the chain never leaves
// once in it, would be visited infinitely often. Absorb treats its mass as
// trapped: each of its vertices gets, as visits, the long-run probability
// of being there, and leave 0; AbsorbTrapped tells those vertices apart. A
// strongly connected set of transient vertices counts as closed when each
// of its vertices keeps all but at most 1e-12 of its probability inside the
// set (so that rounding in probabilities normalised from counts does not
// turn a closed loop into an astronomically long one).
//
// The solution is exact up to rounding: the chain is condensed into its
// strongly connected components, which are solved in topological order;
// each component C solves (I-Q_CC)^T x = b by Gaussian elimination with
// partial pivoting when it has at most 384 vertices, and by BiCGSTAB with a
// Gauss-Seidel preconditioner to a relative residual of 1e-12 when larger
// (falling back to Gaussian elimination, up to 3000 vertices, should it not
// converge). A component too large for that which does not converge gives
// an Error with CodeNoConvergence.
//
// An Error with CodeLength or CodeProbability reports input of the wrong
// length, a probability or start weight that is negative, NaN or infinite,
// a probability above 1, or out-probabilities summing to more than 1+1e-9.
func Absorb(ctx context.Context, g *Graph, prob []float64, absorbing []bool, start []float64) (visits, leave []float64, err error) {
	a, err := AbsorbTrapped(ctx, g, prob, absorbing, start)
	if err != nil {
		return nil, nil, err
	}
	return a.Visits, a.Leave, nil
}

// AbsorbTrapped is Absorb, and also reports the mass trapped in closed
// classes.
func AbsorbTrapped(ctx context.Context, g *Graph, prob []float64, absorbing []bool, start []float64) (*Absorption, error) {
	return absorb(ctx, g, prob, absorbing, start, denseMax, nil)
}

// absorb is AbsorbTrapped with components of more than dense vertices
// solved iteratively (tests lower dense to check the iterative solver), and
// its buffers kept in sc (nil: none).
func absorb(ctx context.Context, g *Graph, prob []float64, absorbing []bool, start []float64, dense int, sc *absorbScratch) (*Absorption, error) {
	if sc == nil {
		sc = new(absorbScratch)
	}
	if err := checkAbsorb(ctx, g, prob, absorbing, start); err != nil {
		return nil, err
	}
	n := g.N
	h, hp := g, prob
	comp, nc, err := scc(ctx, g, absorbing, prob, &sc.scc)
	if err != nil {
		return nil, err
	}
	// Members of each component, contiguous, in increasing vertex order.
	coff := grow(sc.coff, nc+1)
	clear(coff)
	for _, c := range comp {
		coff[c+1]++
	}
	for c := 0; c < nc; c++ {
		coff[c+1] += coff[c]
	}
	members := grow(sc.members, n)
	fillPos := grow(sc.fillPos, nc)
	copy(fillPos, coff[:nc])
	sc.coff, sc.members, sc.fillPos = coff, members, fillPos
	for v := 0; v < n; v++ {
		c := comp[v]
		members[fillPos[c]] = int32(v)
		fillPos[c]++
	}

	var res *Absorption
	if sc.reuse {
		res = &Absorption{Visits: growF(sc.visits, n), Leave: growF(sc.leave, n), Trapped: growF(sc.trapped, n)}
		clear(res.Visits)
		clear(res.Leave)
		clear(res.Trapped)
		sc.visits, sc.leave, sc.trapped = res.Visits, res.Leave, res.Trapped
	} else {
		res = &Absorption{
			Visits:  make([]float64, n),
			Leave:   make([]float64, n),
			Trapped: make([]float64, n),
		}
	}
	b := growF(sc.b, n) // inflow: start mass plus mass from earlier components
	copy(b, start)
	sc.b = b
	x := res.Visits
	s := sc.solver
	if s == nil || len(s.pos) < n || s.denseMax != dense {
		s = newCompSolver(n, dense)
		sc.solver = s
	}
	for c := nc - 1; c >= 0; c-- { // topological order
		if err := check(ctx, c); err != nil {
			return nil, err
		}
		mem := members[coff[c]:coff[c+1]]
		if len(mem) == 1 {
			v := mem[0]
			if absorbing[v] {
				x[v] = b[v] // absorbed there; its out-edges do not count
				continue
			}
			var loop float64
			for e := h.Off[v]; e < h.Off[v+1]; e++ {
				if h.Adj[e] == v {
					loop += hp[e]
				}
			}
			if loop > 0 && 1-loop <= leakTol {
				// A closed class of one vertex.
				x[v] = b[v]
				res.Trapped[v] = b[v]
				continue
			}
			x[v] = b[v] / (1 - loop)
		} else {
			closed := true
			for _, v := range mem {
				var in float64
				for e := h.Off[v]; e < h.Off[v+1]; e++ {
					if comp[h.Adj[e]] == int32(c) {
						in += hp[e]
					}
				}
				if 1-in > leakTol {
					closed = false
					break
				}
			}
			if closed {
				var mass float64
				for _, v := range mem {
					mass += b[v]
				}
				if err := s.stationary(ctx, h, hp, comp, int32(c), mem, x); err != nil {
					return nil, err
				}
				for _, v := range mem {
					x[v] *= mass
					res.Trapped[v] = x[v]
				}
				continue
			}
			if err := s.solve(ctx, h, hp, comp, int32(c), mem, b, -1, x); err != nil {
				return nil, err
			}
		}
		passOn(h, hp, comp, int32(c), mem, absorbing, x, b, res.Leave)
	}
	return res, nil
}

// checkAbsorb checks Absorb's input: lengths, probabilities in [0, 1]
// summing to at most 1+sumTol at each vertex that is not absorbing, start
// weights finite and not negative.
func checkAbsorb(ctx context.Context, g *Graph, prob []float64, absorbing []bool, start []float64) error {
	if err := g.Check(); err != nil {
		return err
	}
	n := g.N
	if err := checkLen("prob", len(prob), len(g.Adj)); err != nil {
		return err
	}
	if err := checkLen("absorbing", len(absorbing), n); err != nil {
		return err
	}
	if err := checkLen("start", len(start), n); err != nil {
		return err
	}
	for i, x := range start {
		if !(x >= 0) || math.IsInf(x, 0) {
			return &Error{Code: CodeProbability, Arg: "start", Index: i, Msg: fmt.Sprintf("weight %v not finite and >= 0", x)}
		}
	}
	// The chain's graph H is g without the edges of probability 0 and the
	// out-edges of absorbing vertices. It is not built: SCC skips those
	// edges, absorbing vertices are components of their own whose edges
	// the loops below skip, and edges of probability 0 add nothing.
	for v := 0; v < n; v++ {
		if err := check(ctx, v); err != nil {
			return err
		}
		var sum float64
		for e := g.Off[v]; e < g.Off[v+1]; e++ {
			p := prob[e]
			if !(p >= 0 && p <= 1) {
				return &Error{Code: CodeProbability, Arg: "prob", Index: int(e), Msg: fmt.Sprintf("probability %v not in [0, 1]", p)}
			}
			sum += p
		}
		if sum > 1+sumTol && !absorbing[v] {
			return &Error{Code: CodeProbability, Arg: "prob", Index: int(g.Off[v]), Msg: fmt.Sprintf("out-probabilities of vertex %d sum to %v > 1", v, sum)}
		}
	}
	return nil
}

// passOn passes the mass x of the members mem of component c on to later
// components (into b) and out of the chain (into leave).
func passOn(h *Graph, hp []float64, comp []int32, c int32, mem []int32, absorbing []bool, x, b, leave []float64) {
	for _, v := range mem {
		if absorbing[v] {
			continue
		}
		sum := 0.0
		for e := h.Off[v]; e < h.Off[v+1]; e++ {
			w := h.Adj[e]
			sum += hp[e]
			if comp[w] != c {
				b[w] += x[v] * hp[e]
			}
		}
		if l := 1 - sum; l > 0 {
			leave[v] = x[v] * l
		}
	}
}
