package graphalg

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestInto checks that NewIndexedInto and ReverseInto, reusing the storage
// of the graphs built before (larger or smaller, never cleared), give the
// same graphs and edge ids as NewIndexed and Reverse into fresh storage.
func TestInto(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	var g, r *Graph
	var id []int32
	for trial := 0; trial < trials; trial++ {
		_, from, to := randGraphDensity(rng, 1+trial%5)
		n := 1 + rng.IntN(9)
		if trial%10 == 0 {
			from = append(from, -1, int32(n)) // dropped edges
			to = append(to, 0, 0)
		}
		want, wantID := NewIndexed(n, from, to)
		g, id = NewIndexedInto(g, id, n, from, to)
		if g.N != want.N || !slices.Equal(g.Off, want.Off) || !slices.Equal(g.Adj, want.Adj) || !slices.Equal(id, wantID) {
			t.Fatalf("trial %d: NewIndexedInto %v %v %v, want %v %v %v", trial, g.Off, g.Adj, id, want.Off, want.Adj, wantID)
		}
		if err := g.Check(); err != nil {
			t.Fatal(err)
		}
		wantR := want.Reverse()
		r = g.ReverseInto(r)
		if r.N != wantR.N || !slices.Equal(r.Off, wantR.Off) || !slices.Equal(r.Adj, wantR.Adj) {
			t.Fatalf("trial %d: ReverseInto %v %v, want %v %v", trial, r.Off, r.Adj, wantR.Off, wantR.Adj)
		}
	}
	// No vertices.
	g, id = NewIndexedInto(g, id, 0, []int32{0}, []int32{0})
	if g.N != 0 || !slices.Equal(g.Off, []int32{0}) || len(g.Adj) != 0 || !slices.Equal(id, []int32{-1}) {
		t.Fatalf("empty: %+v %v", g, id)
	}
	if r = g.ReverseInto(r); r.N != 0 || !slices.Equal(r.Off, []int32{0}) || len(r.Adj) != 0 {
		t.Fatalf("empty reverse: %+v", r)
	}
}

// TestScratchKBestMismatch checks that a reverse graph that does not fit g
// is an Error, not a panic.
func TestScratchKBestMismatch(t *testing.T) {
	ctx := context.Background()
	g := New(3, []int32{0, 1}, []int32{1, 2})
	cost := make([]int64, 3)
	var sc Scratch
	for _, rev := range []*Graph{nil, New(2, []int32{1}, []int32{0}), New(3, []int32{1}, []int32{0}), {N: 3, Off: []int32{0, 1}}} {
		_, err := sc.KBest(ctx, g, rev, cost, []int32{0}, []int32{2}, 3)
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeGraph {
			t.Errorf("rev %+v: err %v, want a CodeGraph Error", rev, err)
		}
	}
	got, err := sc.KBest(ctx, g, g.Reverse(), cost, []int32{0}, []int32{2}, 3)
	if err != nil || !slices.EqualFunc(got, [][]int32{{0, 1, 2}}, slices.Equal) {
		t.Errorf("Scratch.KBest = %v, %v", got, err)
	}
}
