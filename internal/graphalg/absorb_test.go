package graphalg

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// randChain returns a random substochastic chain on a random graph: edge
// probabilities, absorbing vertices and a start distribution. About a third
// of the vertices have out-probabilities summing to exactly 1, which makes
// closed classes common.
func randChain(rng *rand.Rand) (g *Graph, prob []float64, absorbing []bool, start []float64) {
	g, _, _ = randGraph(rng)
	n := g.N
	prob = make([]float64, len(g.Adj))
	absorbing = make([]bool, n)
	for v := 0; v < n; v++ {
		absorbing[v] = rng.IntN(4) == 0
		lo, hi := g.Off[v], g.Off[v+1]
		var sum float64
		for e := lo; e < hi; e++ {
			if rng.IntN(8) == 0 {
				prob[e] = 0
				continue
			}
			prob[e] = rng.Float64()
			sum += prob[e]
		}
		total := 1.0
		if rng.IntN(3) != 0 {
			total = 0.2 + 0.8*rng.Float64()
		}
		if sum > 0 {
			for e := lo; e < hi; e++ {
				prob[e] *= total / sum
			}
		}
	}
	start = make([]float64, n)
	var sum float64
	for _, v := range randSet(rng, n, 3) {
		start[v] = rng.Float64() + 0.01
		sum += start[v]
	}
	for v := range start {
		start[v] /= sum
	}
	return g, prob, absorbing, start
}

// oracleAbsorb solves the chain with gonum's dense solver: the vertices of
// closed classes (found by brute force) are taken out, the fundamental
// system (I-Q)^T x = start is solved over the other transient vertices, and
// the mass that reaches a closed class is spread by its stationary
// distribution, solved with gonum too.
func oracleAbsorb(t *testing.T, g *Graph, prob []float64, absorbing []bool, start []float64) (visits, leave, trapped []float64) {
	n := g.N
	p := mat.NewDense(n, n, nil) // chain matrix, positive edges out of transient vertices
	out := make([]float64, n)
	for v := int32(0); int(v) < n; v++ {
		if absorbing[v] {
			continue
		}
		for e := g.Off[v]; e < g.Off[v+1]; e++ {
			if prob[e] > 0 {
				w := g.Adj[e]
				p.Set(int(v), int(w), p.At(int(v), int(w))+prob[e])
				out[v] += prob[e]
			}
		}
	}
	// reach[u][w] over positive edges.
	reach := make([][]bool, n)
	for u := range reach {
		reach[u] = make([]bool, n)
		reach[u][u] = true
		for w := 0; w < n; w++ {
			if p.At(u, w) > 0 {
				reach[u][w] = true
			}
		}
	}
	for k := 0; k < n; k++ {
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if reach[i][k] && reach[k][j] {
					reach[i][j] = true
				}
			}
		}
	}
	// v is in a closed class when it has a loop through itself, and
	// everything it reaches reaches it back, is transient and loses nothing.
	closed := make([]bool, n)
	for v := 0; v < n; v++ {
		if absorbing[v] {
			continue
		}
		ok := false
		for w := 0; w < n; w++ {
			if p.At(v, w) > 0 && reach[w][v] {
				ok = true
			}
		}
		for w := 0; w < n && ok; w++ {
			if reach[v][w] && (!reach[w][v] || absorbing[w] || 1-out[w] > 1e-12) {
				ok = false
			}
		}
		closed[v] = ok
	}
	var tr []int
	for v := 0; v < n; v++ {
		if !absorbing[v] && !closed[v] {
			tr = append(tr, v)
		}
	}
	visits = make([]float64, n)
	leave = make([]float64, n)
	trapped = make([]float64, n)
	inflow := make([]float64, n)
	copy(inflow, start)
	if len(tr) > 0 {
		a := mat.NewDense(len(tr), len(tr), nil)
		b := mat.NewVecDense(len(tr), nil)
		for i, v := range tr {
			b.SetVec(i, start[v])
			for j, w := range tr {
				x := -p.At(w, v)
				if i == j {
					x++
				}
				a.Set(i, j, x)
			}
		}
		var x mat.VecDense
		if err := x.SolveVec(a, b); err != nil {
			t.Fatalf("gonum: %v", err)
		}
		for i, v := range tr {
			visits[v] = x.AtVec(i)
			leave[v] = visits[v] * (1 - out[v])
			if leave[v] < 0 {
				leave[v] = 0
			}
			for w := 0; w < n; w++ {
				if absorbing[w] || closed[w] {
					inflow[w] += visits[v] * p.At(v, w)
				}
			}
		}
	}
	for v := 0; v < n; v++ {
		if absorbing[v] {
			visits[v] = inflow[v]
		}
	}
	// Closed classes: stationary distribution by a dense solve of
	// pi (I-P) = 0 with the first equation replaced by sum(pi) = 1.
	done := make([]bool, n)
	for v := 0; v < n; v++ {
		if !closed[v] || done[v] {
			continue
		}
		var cls []int
		for w := 0; w < n; w++ {
			if closed[w] && reach[v][w] && reach[w][v] {
				cls = append(cls, w)
				done[w] = true
			}
		}
		k := len(cls)
		a := mat.NewDense(k, k, nil)
		b := mat.NewVecDense(k, nil)
		var mass float64
		for i, w := range cls {
			mass += inflow[w]
			for j, u := range cls {
				x := -p.At(u, w)
				if i == j {
					x++
				}
				a.Set(i, j, x)
			}
		}
		for j := 0; j < k; j++ {
			a.Set(0, j, 1)
		}
		b.SetVec(0, 1)
		var pi mat.VecDense
		if err := pi.SolveVec(a, b); err != nil {
			t.Fatalf("gonum: %v", err)
		}
		for i, w := range cls {
			visits[w] = mass * pi.AtVec(i)
			trapped[w] = visits[w]
		}
	}
	return visits, leave, trapped
}

func close9(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func TestAbsorbOracle(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 7))
	closedSeen := 0
	// Buffers reused from trial to trial, as Scratch.AbsorbTrapped does.
	scs := [2]absorbScratch{{reuse: true}, {reuse: true}}
	for trial := 0; trial < trials; trial++ {
		g, prob, absorbing, start := randChain(rng)
		wv, wl, wt := oracleAbsorb(t, g, prob, absorbing, start)
		for i, dense := range []int{denseMax, 0} { // dense, then all iterative
			a, err := absorb(ctx, g, prob, absorbing, start, dense, &scs[i])
			if err != nil {
				t.Fatalf("trial %d: %v", trial, err)
			}
			total := 0.0
			for v := 0; v < g.N; v++ {
				if !close9(a.Visits[v], wv[v]) || !close9(a.Leave[v], wl[v]) || !close9(a.Trapped[v], wt[v]) {
					t.Fatalf("trial %d dense=%d vertex %d: visits %v leave %v trapped %v; gonum %v %v %v\nadj %v %v prob %v abs %v start %v",
						trial, dense, v, a.Visits[v], a.Leave[v], a.Trapped[v], wv[v], wl[v], wt[v], g.Off, g.Adj, prob, absorbing, start)
				}
				total += a.Leave[v] + a.Trapped[v]
				if absorbing[v] {
					total += a.Visits[v]
				}
				if wt[v] > 0 && dense > 0 {
					closedSeen++
				}
			}
			if !close9(total, 1) {
				t.Fatalf("trial %d: absorbed+left+trapped = %v", trial, total)
			}
		}
		v2, l2, err := Absorb(ctx, g, prob, absorbing, start)
		if err != nil {
			t.Fatal(err)
		}
		for v := range v2 {
			if !close9(v2[v], wv[v]) || !close9(l2[v], wl[v]) {
				t.Fatalf("trial %d: Absorb differs from AbsorbTrapped", trial)
			}
		}
	}
	if closedSeen < trials/20 {
		t.Errorf("only %d trapped vertices in %d chains: the generator should make more closed classes", closedSeen, trials)
	}
}

func TestAbsorbBadInput(t *testing.T) {
	ctx := context.Background()
	g := New(3, []int32{0, 0, 1, 2}, []int32{1, 2, 2, 2})
	ok := []float64{0.5, 0.5, 1, 1}
	abs := []bool{false, false, true}
	st := []float64{1, 0, 0}
	cases := []struct {
		name  string
		prob  []float64
		abs   []bool
		start []float64
		code  Code
	}{
		{"short prob", ok[:3], abs, st, CodeLength},
		{"short absorbing", ok, abs[:2], st, CodeLength},
		{"short start", ok, abs, st[:1], CodeLength},
		{"NaN prob", []float64{math.NaN(), 0.5, 1, 1}, abs, st, CodeProbability},
		{"negative prob", []float64{-0.1, 0.5, 1, 1}, abs, st, CodeProbability},
		{"prob above 1", []float64{0.5, 0.5, 1.5, 1}, abs, st, CodeProbability},
		{"sum above 1", []float64{0.7, 0.5, 1, 1}, abs, st, CodeProbability},
		{"NaN start", ok, abs, []float64{math.NaN(), 0, 0}, CodeProbability},
		{"Inf start", ok, abs, []float64{math.Inf(1), 0, 0}, CodeProbability},
	}
	for _, c := range cases {
		_, _, err := Absorb(ctx, g, c.prob, c.abs, c.start)
		var e *Error
		if !errors.As(err, &e) || e.Code != c.code {
			t.Errorf("%s: error %v, want code %s", c.name, err, c.code)
		}
	}
	// An absorbing vertex ignores its out-edges, even a sum above 1.
	if _, _, err := Absorb(ctx, g, []float64{0.5, 0.5, 1, 1}, abs, st); err != nil {
		t.Errorf("valid chain: %v", err)
	}
}

// TestAbsorbLarge checks the iterative solver on components larger than
// the dense limit against the dense solver: journey-like chains of a few
// thousand vertices with back edges.
func TestAbsorbLarge(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 4; seed++ {
		g, prob, absorbing, start := benchChain(journeyGraph(800, seed), seed)
		want, err := absorb(ctx, g, prob, absorbing, start, 1<<30, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := absorb(ctx, g, prob, absorbing, start, 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		for v := range want.Visits {
			if math.Abs(got.Visits[v]-want.Visits[v]) > 1e-9*math.Max(1, want.Visits[v]) {
				t.Fatalf("seed %d vertex %d: iterative %v, dense %v", seed, v, got.Visits[v], want.Visits[v])
			}
		}
	}
}

// TestAbsorbNearlyClosed checks the iterative solver on an ill-conditioned
// component: a cycle of 1000 vertices that keeps all but 1e-10 of the mass
// at each step, where x_i = q^i / (1 - q^n) in closed form.
func TestAbsorbNearlyClosed(t *testing.T) {
	const n = 1000
	q := 1 - 1e-10
	from := make([]int32, n)
	to := make([]int32, n)
	prob := make([]float64, n)
	for i := range from {
		from[i], to[i], prob[i] = int32(i), int32((i+1)%n), q
	}
	g := New(n, from, to)
	start := make([]float64, n)
	start[0] = 1
	a, err := AbsorbTrapped(context.Background(), g, prob, make([]bool, n), start)
	if err != nil {
		t.Fatal(err)
	}
	x0 := 1 / -math.Expm1(n*math.Log1p(-1e-10))
	for i := 0; i < n; i += 99 {
		want := math.Pow(q, float64(i)) * x0
		if math.Abs(a.Visits[i]-want) > 1e-6*want {
			t.Fatalf("visits[%d] = %v, want %v", i, a.Visits[i], want)
		}
		if a.Trapped[i] != 0 {
			t.Fatalf("trapped[%d] = %v", i, a.Trapped[i])
		}
	}
	var left float64
	for _, l := range a.Leave {
		left += l
	}
	if math.Abs(left-1) > 1e-6 {
		t.Fatalf("left %v, want 1", left)
	}
}
