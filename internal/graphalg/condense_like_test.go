package graphalg

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCondenseLike checks that CondenseLike, on a chain that stops more
// vertices than the one it is like, gives what Condense gives on that
// chain (components, closed classes, Returns, Hit, Forward), whether it
// copies the components (the vertices stopped have no edge of probability
// above 0) or must find some again (some have: it then
// searches again only the components holding such a vertex, numbered
// perhaps otherwise than Condense's, but the same sets in an order the
// edges respect, taking over like's Returns and inverses for the
// components that are like's). The figures of Condense are held to gonum in
// TestCondensedOracle.
func TestCondenseLike(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 34))
	ctx := context.Background()
	d := NewCondensed(10, 10)
	for it := 0; it < 400; it++ {
		n := 2 + rng.IntN(120)
		c := randomChain(rng, n)
		prob := slices.Clone(c.Prob)
		extra := make([]bool, n)
		for v := range extra {
			if !c.Stop[v] && rng.IntN(6) == 0 {
				extra[v] = true
				if it%4 != 0 { // else some keep their edges: no copy
					clear(prob[c.G.Off[v]:c.G.Off[v+1]])
				}
			}
		}
		a, err := Condense(ctx, Chain{G: c.G, Prob: prob, Stop: c.Stop})
		if err != nil {
			t.Fatal(err)
		}
		if it%8 < 4 { // like's Returns and inverses found: taken over
			if _, err := a.Returns(ctx); err != nil {
				t.Fatal(err)
			}
		}
		stop := slices.Clone(c.Stop)
		for v := range stop {
			stop[v] = stop[v] || extra[v]
		}
		cb := Chain{G: c.G, Prob: prob, Stop: stop}
		if d, err = CondenseLike(ctx, cb, a, d); err != nil {
			t.Fatal(err)
		}
		want, err := Condense(ctx, cb)
		if err != nil {
			t.Fatal(err)
		}
		comp, nc := d.Components()
		wcomp, wnc := want.Components()
		copied := it%4 != 0
		if nc != wnc || (copied && !slices.Equal(comp, wcomp)) {
			t.Fatalf("chain %d: components %v (%d), want %v (%d)", it, comp, nc, wcomp, wnc)
		}
		samePartition(t, it, cb, comp, wcomp)
		for v := range comp {
			if d.Closed(comp[v]) != want.Closed(wcomp[v]) {
				t.Fatalf("chain %d: vertex %d's component closed %v, want %v", it, v, d.Closed(comp[v]), want.Closed(wcomp[v]))
			}
		}
		same := func(what string, x, y []float64) {
			for v := range x {
				if x[v] != y[v] && !(math.IsNaN(x[v]) && math.IsNaN(y[v])) && math.Abs(x[v]-y[v]) > 1e-12 {
					t.Fatalf("chain %d: %s at %d %v, want %v", it, what, v, x[v], y[v])
				}
			}
		}
		r1, err1 := d.Returns(ctx)
		r2, err2 := want.Returns(ctx)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("chain %d: Returns errors %v, %v", it, err1, err2)
		}
		same("Returns", r1, r2)
		h1, err1 := d.Hit(ctx, stop)
		h2, err2 := want.Hit(ctx, stop)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("chain %d: Hit errors %v, %v", it, err1, err2)
		}
		same("Hit", h1, h2)
		start := make([]float64, n)
		for v := range start {
			start[v] = 1 / float64(n)
		}
		x1, x2 := make([]float64, n), make([]float64, n)
		if err := d.Forward(ctx, make([]bool, n), start, x1); err != nil {
			t.Fatal(err)
		}
		if err := want.Forward(ctx, make([]bool, n), start, x2); err != nil {
			t.Fatal(err)
		}
		same("Forward", x1, x2)
	}
}

// samePartition fails unless comp and want put the same vertices
// together, and every edge of c between two of comp's components goes to
// the lower one (the order Forward and Hit rely on).
func samePartition(t *testing.T, it int, c Chain, comp, want []int32) {
	t.Helper()
	to := map[int32]int32{}
	from := map[int32]int32{}
	for v := range comp {
		if w, ok := to[comp[v]]; ok && w != want[v] {
			t.Fatalf("chain %d: vertex %d in component %d with another's vertices", it, v, comp[v])
		}
		if k, ok := from[want[v]]; ok && k != comp[v] {
			t.Fatalf("chain %d: vertex %d split from its component %d", it, v, want[v])
		}
		to[comp[v]], from[want[v]] = want[v], comp[v]
	}
	g := c.G
	for v := 0; v < g.N; v++ {
		if c.Stop[v] {
			continue
		}
		for e := g.Off[v]; e < g.Off[v+1]; e++ {
			if w := g.Adj[e]; c.Prob[e] > 0 && comp[w] > comp[v] {
				t.Fatalf("chain %d: edge %d->%d from component %d up to %d", it, v, w, comp[v], comp[w])
			}
		}
	}
}
