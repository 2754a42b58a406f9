package graphalg

import "context"

// Scratch is working memory that successive calls of its methods reuse, for
// a caller that runs the same algorithms on many graphs of similar size in
// turn (the persona views of one journey): after the first call, the next
// ones allocate little beyond their results. The zero value is ready to use.
// A Scratch must not be used by two calls at once.
type Scratch struct {
	ks *kSearch
	ab absorbScratch

	// KBest's shared budget of work; see LimitKBest.
	budgeted bool
	budget   int64

	// Reach's and Critical's.
	queue, parent  []int32
	isTarget, seen []bool

	// Cycles'.
	scc        sccScratch
	size, slot []int32
	loop       []bool
}

// absorbScratch holds Absorb's buffers.
type absorbScratch struct {
	coff, members, fillPos []int32
	b                      []float64
	solver                 *compSolver
	scc                    sccScratch
	// With reuse set, the results are kept here too.
	reuse                  bool
	visits, leave, trapped []float64
}

// KBest is KBest with rev, the reverse of g (from g.Reverse or
// g.ReverseInto), given, so that it is not built again, and with its search
// state kept in s for the next call. A rev that is not g's reverse gives
// wrong paths or an Error, never a panic.
func (s *Scratch) KBest(ctx context.Context, g, rev *Graph, cost []int64, sources, targets []int32, k int) ([][]int32, error) {
	if err := g.Check(); err != nil {
		return nil, err
	}
	if err := rev.Check(); err != nil {
		return nil, err
	}
	if rev.N != g.N || len(rev.Adj) != len(g.Adj) {
		return nil, &Error{Code: CodeGraph, Arg: "rev", Index: -1, Msg: "not the reverse of g"}
	}
	limit := int64(kbestWork)
	if s.budgeted {
		if s.budget <= 0 {
			return nil, &Error{Code: CodeWorkLimit, Arg: "k", Index: -1, Msg: "search skipped: the shared work budget is spent"}
		}
		limit = min(limit, s.budget)
	}
	if s.ks != nil {
		s.ks.work = 0 // a call that returns before searching used none
	}
	paths, err := kBest(ctx, g, rev, s, cost, sources, targets, k, limit)
	if s.budgeted && s.ks != nil {
		s.budget -= s.ks.work
	}
	return paths, err
}

// LimitKBest makes the KBest calls through s share one budget of n units of
// work (the units of KBest's own per-call limit, heap operations and edge
// relaxations): each call may use at most what earlier calls left, and once
// the budget is spent a call returns at once with an Error for which
// errors.Is(err, ErrWorkLimit) holds. It bounds a caller that searches many
// graphs in turn, such as the persona views of a journey with thousands of
// personas. n <= 0 removes the budget.
func (s *Scratch) LimitKBest(n int64) {
	s.budgeted, s.budget = n > 0, n
}

// Reach is Reach with its queue kept in s. The result is new: it remains
// the caller's.
func (s *Scratch) Reach(ctx context.Context, g *Graph, sources []int32) ([]bool, error) {
	return reach(ctx, g, sources, s)
}

// Critical is Critical with its buffers kept in s. The result is new: it
// remains the caller's.
func (s *Scratch) Critical(ctx context.Context, g *Graph, sources, targets []int32) ([]bool, error) {
	return critical(ctx, g, sources, targets, s)
}

// Cycles is Cycles with its buffers kept in s. The result is new: it
// remains the caller's.
func (s *Scratch) Cycles(ctx context.Context, g *Graph) ([][]int32, error) {
	return cycles(ctx, g, s)
}

// AbsorbTrapped is AbsorbTrapped with its buffers kept in s. The slices of
// the Absorption returned are s's too: they are valid until the next call
// of s.AbsorbTrapped.
func (s *Scratch) AbsorbTrapped(ctx context.Context, g *Graph, prob []float64, absorbing []bool, start []float64) (*Absorption, error) {
	s.ab.reuse = true
	return absorb(ctx, g, prob, absorbing, start, denseMax, &s.ab)
}

// growU32 returns s with length n, reusing its storage when it can; the
// contents are not cleared.
func growU32(s []uint32, n int) []uint32 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]uint32, n)
}

// growDist is growU32 for distances.
func growDist(s []dist, n int) []dist {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]dist, n)
}

// growBool is growU32 for booleans.
func growBool(s []bool, n int) []bool {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]bool, n)
}
