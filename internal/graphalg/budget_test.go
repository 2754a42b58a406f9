package graphalg

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// TestLimitKBest checks that KBest calls through one Scratch share its
// budget: a generous budget changes nothing, a spent one cuts the next call
// short at once, and the paths returned before the cut are the best ones.
func TestLimitKBest(t *testing.T) {
	ctx := context.Background()
	g, src, tgt := ladder(200)
	rev := g.Reverse()
	cost := make([]int64, g.N)
	want, err := KBest(ctx, g, cost, src, tgt, 50)
	if err != nil {
		t.Fatal(err)
	}

	var s Scratch
	s.LimitKBest(1 << 30)
	got, err := s.KBest(ctx, g, rev, cost, src, tgt, 50)
	if err != nil || !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("generous budget: %d paths, err %v; want the %d paths of KBest", len(got), err, len(want))
	}

	s.LimitKBest(20000) // less than 50 paths of 201 steps need
	got, err = s.KBest(ctx, g, rev, cost, src, tgt, 50)
	if !errors.Is(err, ErrWorkLimit) {
		t.Fatalf("small budget: err %v, want ErrWorkLimit", err)
	}
	if len(got) == 0 || len(got) >= 50 || !slices.EqualFunc(got, want[:len(got)], slices.Equal) {
		t.Fatalf("small budget: %d paths, want a non-empty prefix of the best 50", len(got))
	}
	got, err = s.KBest(ctx, g, rev, cost, src, tgt, 50)
	if !errors.Is(err, ErrWorkLimit) || len(got) != 0 {
		t.Fatalf("spent budget: %d paths, err %v; want none and ErrWorkLimit", len(got), err)
	}

	s.LimitKBest(0) // no budget again
	got, err = s.KBest(ctx, g, rev, cost, src, tgt, 50)
	if err != nil || len(got) != 50 {
		t.Fatalf("budget removed: %d paths, err %v", len(got), err)
	}
}
