package graphalg

import (
	"context"
	"errors"
	"math"
	"testing"
)

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	g := New(3, []int32{0, 1}, []int32{1, 2})
	cost := []int64{0, 0, 0}
	code := func(err error) Code {
		var e *Error
		if errors.As(err, &e) {
			return e.Code
		}
		return ""
	}
	checks := []struct {
		name string
		err  error
		want Code
	}{
		{"Reach source", func() error { _, err := Reach(ctx, g, []int32{3}); return err }(), CodeVertex},
		{"Reach negative", func() error { _, err := Reach(ctx, g, []int32{-1}); return err }(), CodeVertex},
		{"Dominators root", func() error { _, err := Dominators(ctx, g, 5); return err }(), CodeVertex},
		{"Critical source", func() error { _, err := Critical(ctx, g, []int32{9}, []int32{2}); return err }(), CodeVertex},
		{"Critical target", func() error { _, err := Critical(ctx, g, []int32{0}, []int32{-2}); return err }(), CodeVertex},
		{"KBest k", func() error { _, err := KBest(ctx, g, cost, []int32{0}, []int32{2}, MaxK+1); return err }(), CodeK},
		{"KBest negative k", func() error { _, err := KBest(ctx, g, cost, []int32{0}, []int32{2}, -1); return err }(), CodeK},
		{"KBest cost length", func() error { _, err := KBest(ctx, g, cost[:2], []int32{0}, []int32{2}, 1); return err }(), CodeLength},
		{"KBest negative cost", func() error { _, err := KBest(ctx, g, []int64{0, -1, 0}, []int32{0}, []int32{2}, 1); return err }(), CodeCost},
		{"KBest huge cost", func() error {
			_, err := KBest(ctx, g, []int64{math.MaxInt64, 0, 0}, []int32{0}, []int32{2}, 1)
			return err
		}(), CodeCost},
		{"KBest target", func() error { _, err := KBest(ctx, g, cost, []int32{0}, []int32{3}, 1); return err }(), CodeVertex},
	}
	for _, c := range checks {
		if got := code(c.err); got != c.want {
			t.Errorf("%s: %v, want code %s", c.name, c.err, c.want)
		}
	}

	// Empty graphs and empty sets are fine.
	empty := New(0, nil, nil)
	if r, err := Reach(ctx, empty, nil); err != nil || len(r) != 0 {
		t.Errorf("Reach on empty graph: %v %v", r, err)
	}
	if _, n, err := SCC(ctx, empty); err != nil || n != 0 {
		t.Errorf("SCC on empty graph: %v %v", n, err)
	}
	if c, err := Critical(ctx, g, nil, []int32{2}); err != nil || c[0] || c[1] || c[2] {
		t.Errorf("Critical without sources: %v %v", c, err)
	}
	if p, err := KBest(ctx, g, cost, []int32{0}, []int32{2}, 0); err != nil || p != nil {
		t.Errorf("KBest k=0: %v %v", p, err)
	}
	if p, err := KBest(ctx, g, cost, []int32{2}, []int32{0}, 3); err != nil || p != nil {
		t.Errorf("KBest, no path: %v %v", p, err)
	}
}

// TestCancel checks that every algorithm gives up on a cancelled context.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	j := journeyGraph(20000, 3)
	gc, prob, absorbing, start := benchChain(j, 3)
	errs := map[string]error{}
	_, errs["Reach"] = Reach(ctx, j.g, j.entries)
	_, _, errs["SCC"] = SCC(ctx, j.g)
	_, errs["Cycles"] = Cycles(ctx, j.g)
	_, errs["Dominators"] = Dominators(ctx, j.g, j.entries[0])
	_, errs["Critical"] = Critical(ctx, j.g, j.entries, j.goals)
	_, errs["KBest"] = KBest(ctx, j.g, j.cost, j.entries, j.goals, 10)
	_, _, errs["Absorb"] = Absorb(ctx, gc, prob, absorbing, start)
	for name, err := range errs {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v, want context.Canceled", name, err)
		}
	}
}

// TestLongChain checks that nothing recurses: a chain of 200k vertices,
// closed into one big cycle, through every algorithm.
func TestLongChain(t *testing.T) {
	ctx := context.Background()
	const n = 200000
	from := make([]int32, n)
	to := make([]int32, n)
	for i := range from {
		from[i], to[i] = int32(i), int32((i+1)%n)
	}
	g := New(n, from, to)
	if _, nc, err := SCC(ctx, g); err != nil || nc != 1 {
		t.Fatalf("SCC: %d %v", nc, err)
	}
	idom, err := Dominators(ctx, g, 0)
	if err != nil || idom[n-1] != n-2 {
		t.Fatalf("Dominators: %v", err)
	}
	crit, err := Critical(ctx, g, []int32{0}, []int32{n - 1})
	if err != nil || !crit[n/2] {
		t.Fatalf("Critical: %v", err)
	}
	p, err := KBest(ctx, g, make([]int64, n), []int32{0}, []int32{n - 1}, 3)
	if err != nil || len(p) != 1 || len(p[0]) != n {
		t.Fatalf("KBest: %d paths, %v", len(p), err)
	}
	prob := make([]float64, n)
	for i := range prob {
		prob[i] = 0.99999
	}
	start := make([]float64, n)
	start[0] = 1
	v, _, err := Absorb(ctx, g, prob, make([]bool, n), start)
	if err != nil || math.IsNaN(v[0]) || v[0] < 1 {
		t.Fatalf("Absorb: %v %v", v[0], err)
	}
}

func TestMalformedGraph(t *testing.T) {
	ctx := context.Background()
	graphs := map[string]*Graph{
		"nil":        nil,
		"short Off":  {N: 2, Off: []int32{0, 1}, Adj: []int32{1}},
		"Off span":   {N: 2, Off: []int32{0, 1, 3}, Adj: []int32{1}},
		"decreasing": {N: 2, Off: []int32{0, 2, 1}, Adj: []int32{1}},
		"bad edge":   {N: 2, Off: []int32{0, 1, 1}, Adj: []int32{7}},
		"negative N": {N: -1, Off: []int32{0}},
	}
	for name, g := range graphs {
		errs := []error{}
		_, err := Reach(ctx, g, nil)
		errs = append(errs, err)
		_, _, err = SCC(ctx, g)
		errs = append(errs, err)
		_, err = Cycles(ctx, g)
		errs = append(errs, err)
		_, err = Dominators(ctx, g, 0)
		errs = append(errs, err)
		_, err = Critical(ctx, g, nil, nil)
		errs = append(errs, err)
		_, err = KBest(ctx, g, nil, nil, nil, 1)
		errs = append(errs, err)
		_, _, err = Absorb(ctx, g, nil, nil, nil)
		errs = append(errs, err)
		for i, err := range errs {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeGraph {
				t.Errorf("%s: function %d: %v, want %s", name, i, err, CodeGraph)
			}
		}
	}
}
