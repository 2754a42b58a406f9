package graphalg

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// randomChain returns a chain on n vertices with loops of every size: each
// vertex has up to four edges of random probability, leaking the rest; a
// few vertices are stopped.
func randomChain(rng *rand.Rand, n int) Chain {
	var from, to []int32
	var probs [][3]float64
	for v := 0; v < n; v++ {
		left := 0.98
		for k := rng.IntN(5); k > 0; k-- {
			p := left * rng.Float64() * 0.8
			left -= p
			from = append(from, int32(v))
			to = append(to, int32(rng.IntN(n)))
			probs = append(probs, [3]float64{p})
		}
	}
	g, id := NewIndexed(n, from, to)
	prob := make([]float64, len(id))
	for e, i := range id {
		prob[e] = probs[i][0]
	}
	stop := make([]bool, n)
	for v := range stop {
		stop[v] = rng.IntN(8) == 0
	}
	return Chain{G: g, Prob: prob, Stop: stop}
}

// fundamental returns (I - Q)^-1 of the chain, dense, by gonum.
func fundamental(t *testing.T, c Chain) *mat.Dense {
	n := c.G.N
	a := mat.NewDense(n, n, nil)
	for v := 0; v < n; v++ {
		a.Set(v, v, 1)
		if c.Stop[v] {
			continue
		}
		for e := c.G.Off[v]; e < c.G.Off[v+1]; e++ {
			w := int(c.G.Adj[e])
			a.Set(v, w, a.At(v, w)-c.Prob[e])
		}
	}
	var inv mat.Dense
	if err := inv.Inverse(a); err != nil {
		t.Fatal(err)
	}
	return &inv
}

// TestCondensedOracle checks Returns, Hit, HitSets and Forward against
// the fundamental matrix from gonum on random chains of up to 150
// vertices (components above HitSets's 64, below and above nothing).
// Every other chain is condensed into the memory of the previous ones
// (CondenseInto, from NewCondensed), so that reuse is held to the oracle
// too.
func TestCondensedOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ctx := context.Background()
	reused := NewCondensed(40, 200) // smaller than some chains: grown then
	for it := 0; it < 300; it++ {
		n := 2 + rng.IntN(150)
		c := randomChain(rng, n)
		G := fundamental(t, c)
		d, err := Condense(ctx, c)
		if it%2 == 1 {
			reused, err = CondenseInto(ctx, c, reused)
			d = reused
		}
		if err != nil {
			t.Fatal(err)
		}
		diag, err := d.Returns(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for v := 0; v < n; v++ {
			if math.Abs(diag[v]-G.At(v, v)) > 1e-7*G.At(v, v) {
				t.Fatalf("chain %d: return visits of %d %v, want %v", it, v, diag[v], G.At(v, v))
			}
		}
		// Sets: three labels at random; set s reached from v with chance
		// G[v][u] / G[u][u] summed over first hits: solve by stopping the
		// set and reading absorbed mass.
		label := make([]int32, n)
		for v := range label {
			label[v] = int32(rng.IntN(4)) - 1
		}
		hs, ok, err := d.HitSets(ctx, label, 3)
		if err != nil {
			t.Fatal(err)
		}
		x := make([]float64, n)
		start := make([]float64, n)
		for s := 0; s < 3; s++ {
			stop := make([]bool, n)
			target := make([]bool, n)
			for v := range stop {
				stop[v] = label[v] == int32(s)
				target[v] = stop[v]
			}
			h, err := Hit(ctx, c, target)
			if err != nil {
				t.Fatal(err)
			}
			for v := 0; v < n; v++ {
				clear(start)
				start[v] = 1
				if err := d.Forward(ctx, stop, start, x); err != nil {
					t.Fatal(err)
				}
				var want float64
				for u := range x {
					if stop[u] {
						want += x[u]
					}
				}
				if math.Abs(h[v]-want) > 1e-7 {
					t.Fatalf("chain %d set %d: Hit from %d %v, Forward %v", it, s, v, h[v], want)
				}
				if ok && math.Abs(hs[v*3+s]-want) > 1e-7 {
					t.Fatalf("chain %d set %d: HitSets from %d %v, Forward %v", it, s, v, hs[v*3+s], want)
				}
				// Forward's visits without the set stopped are G's row.
				if s == 0 {
					if err := d.Forward(ctx, make([]bool, n), start, x); err != nil {
						t.Fatal(err)
					}
					for u := range x {
						if math.Abs(x[u]-G.At(v, u)) > 1e-7*math.Max(1, G.At(v, u)) {
							t.Fatalf("chain %d: visits to %d from %d %v, want %v", it, u, v, x[u], G.At(v, u))
						}
					}
				}
			}
		}
	}
}
