package graphalg

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// ladder returns a ladder of r rungs: vertices 2i and 2i+1 (rung i) both
// lead to both vertices of rung i+1, so there are 2^(r+1) paths from the
// first rung to the last. The sources are rung 0, the targets rung r.
func ladder(r int) (g *Graph, sources, targets []int32) {
	var from, to []int32
	for i := int32(0); i < int32(r); i++ {
		for _, a := range []int32{2 * i, 2*i + 1} {
			from = append(from, a, a)
			to = append(to, 2*i+2, 2*i+3)
		}
	}
	return New(2*r+2, from, to), []int32{0, 1}, []int32{int32(2 * r), int32(2*r + 1)}
}

func TestKBestLadder(t *testing.T) {
	ctx := context.Background()
	g, src, tgt := ladder(60)
	cost := make([]int64, g.N)
	got, err := KBest(ctx, g, cost, src, tgt, 10)
	if err != nil {
		t.Fatal(err)
	}
	// All paths cost 0 and have 61 vertices, so the order is
	// lexicographic: path number b (counting from 0) takes, at rung i, the
	// vertex 2i + (bit 60-i of b).
	if len(got) != 10 {
		t.Fatalf("%d paths", len(got))
	}
	for b, p := range got {
		want := make([]int32, 61)
		for i := range want {
			want[i] = int32(2*i) + int32(b>>(60-i)&1)
		}
		if !slices.Equal(p, want) {
			t.Fatalf("path %d = %v, want %v", b, p, want)
		}
	}

	// With a cost on the even side of every rung, the best path runs
	// along the odd side, and the next ones switch to the even side at one
	// rung each, in lexicographic order: rung 0 first.
	for v := 0; v < g.N; v += 2 {
		cost[v] = 1
	}
	got, err = KBest(ctx, g, cost, src, tgt, 4)
	if err != nil {
		t.Fatal(err)
	}
	odd := make([]int32, 61)
	for i := range odd {
		odd[i] = int32(2*i + 1)
	}
	if !slices.Equal(got[0], odd) {
		t.Fatalf("best = %v", got[0])
	}
	for n, p := range got[1:] {
		var c int64
		for _, v := range p {
			c += cost[v]
		}
		if c != 1 {
			t.Fatalf("path %d costs %d: %v", n+1, c, p)
		}
	}
	for n, p := range got[1:] {
		want := slices.Clone(odd)
		want[n] = int32(2 * n)
		if !slices.Equal(p, want) {
			t.Fatalf("path %d = %v, want %v", n+1, p, want)
		}
	}
}

// TestKBestWorkLimit checks that a search cut short by the work limit
// returns the best paths found so far, in order, with ErrWorkLimit.
func TestKBestWorkLimit(t *testing.T) {
	ctx := context.Background()
	g, src, tgt := ladder(12)
	cost := make([]int64, g.N)
	for v := range cost {
		cost[v] = int64(v % 3)
	}
	all, err := KBest(ctx, g, cost, src, tgt, 200)
	if err != nil || len(all) != 200 {
		t.Fatalf("%d paths, %v", len(all), err)
	}
	cut := 0
	for limit := int64(1); limit < 100000; limit = limit*3/2 + 1 {
		got, err := kBest(ctx, g, nil, nil, cost, src, tgt, 200, limit)
		if err == nil {
			if len(got) != 200 {
				t.Fatalf("limit %d: %d paths without error", limit, len(got))
			}
			continue
		}
		cut++
		if !errors.Is(err, ErrWorkLimit) {
			t.Fatalf("limit %d: %v", limit, err)
		}
		if len(got) >= 200 || !slices.EqualFunc(got, all[:len(got)], slices.Equal) {
			t.Fatalf("limit %d: %d paths, not the first ones", limit, len(got))
		}
	}
	if cut < 5 {
		t.Fatalf("the limit cut only %d searches", cut)
	}
}
