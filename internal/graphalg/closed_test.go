package graphalg

import (
	"context"
	"math/rand/v2"
	"testing"
)

// TestCondensedClosed checks Closed, for lone vertices and larger
// components alike, against its definition on random chains some of
// whose vertices lose nothing: a class is closed when none of its members
// is stopped and each keeps all its probability (to within leakTol)
// inside the class.
func TestCondensedClosed(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 12))
	ctx := context.Background()
	closedSeen := 0
	for it := 0; it < 300; it++ {
		n := 1 + rng.IntN(40)
		var from, to []int32
		var probs []float64
		for v := 0; v < n; v++ {
			full := rng.IntN(3) == 0 // all its mass on its edges
			k := 1 + rng.IntN(3)
			for i := 0; i < k; i++ {
				w := rng.IntN(n)
				if rng.IntN(3) == 0 {
					w = v
				}
				from, to = append(from, int32(v)), append(to, int32(w))
				p := 0.9 / float64(k)
				if full {
					p = 1 / float64(k)
				}
				probs = append(probs, p)
			}
		}
		g, id := NewIndexed(n, from, to)
		prob := make([]float64, len(id))
		for e, i := range id {
			prob[e] += probs[i]
		}
		stop := make([]bool, n)
		for v := range stop {
			stop[v] = rng.IntN(10) == 0
		}
		c := Chain{G: g, Prob: prob, Stop: stop}
		d, err := Condense(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		comp, nc := d.Components()
		want := make([]bool, nc)
		for k := range want {
			want[k] = true
		}
		for v := 0; v < n; v++ {
			inside := 0.0
			for e := g.Off[v]; e < g.Off[v+1]; e++ {
				if comp[g.Adj[e]] == comp[v] {
					inside += prob[e]
				}
			}
			if stop[v] || 1-inside > leakTol {
				want[comp[v]] = false
			}
		}
		for k := 0; k < nc; k++ {
			if d.Closed(int32(k)) != want[k] {
				t.Fatalf("chain %d: component %d closed %v, want %v", it, k, d.Closed(int32(k)), want[k])
			}
			if want[k] {
				closedSeen++
			}
		}
	}
	if closedSeen == 0 {
		t.Fatal("no closed class drawn")
	}
}
