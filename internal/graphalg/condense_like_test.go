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
// above 0) or must find them again (some have: a fallback to
// CondenseInto). The figures of Condense are held to gonum in
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
		if nc != wnc || !slices.Equal(comp, wcomp) {
			t.Fatalf("chain %d: components %v (%d), want %v (%d)", it, comp, nc, wcomp, wnc)
		}
		for k := 0; k < nc; k++ {
			if d.Closed(int32(k)) != want.Closed(int32(k)) {
				t.Fatalf("chain %d: component %d closed %v, want %v", it, k, d.Closed(int32(k)), want.Closed(int32(k)))
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
