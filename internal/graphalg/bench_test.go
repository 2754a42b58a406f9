package graphalg

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// journeyLike is a seeded random graph shaped like a customer journey.
type journeyLike struct {
	g                     *Graph
	entries, goals, exits []int32
	cost                  []int64 // barrier weight per vertex
}

// journeyGraph returns a journey-like graph on n vertices with about 5
// out-edges each: the vertices are steps in order, grouped into 10 stages;
// most edges lead forwards, to a later step of the same or the next stage;
// about 1 in 20 leads back (a loop: retrying, comparing again, renewing);
// a few vertices have self-loops. The entries are 3 steps of the first
// stage, the goals 3 steps of the last stage, the exits 2 steps of the last
// stage and one in the middle. About 1 vertex in 10 carries a barrier
// cost of 1 to 8.
func journeyGraph(n int, seed uint64) *journeyLike {
	rng := rand.New(rand.NewPCG(seed, 0x6a6d))
	const stages = 10
	per := max(1, n/stages)
	stageOf := func(v int) int { return min(v/per, stages-1) }
	var from, to []int32
	for v := 0; v < n; v++ {
		s := stageOf(v)
		hi := min(n, (s+2)*per) // up to the end of the next stage
		deg := 3 + rng.IntN(5)  // 3..7, about 5
		for i := 0; i < deg; i++ {
			var w int
			switch r := rng.IntN(100); {
			case r < 5 && v > 0: // back edge within this and the previous stage
				lo := max(0, (s-1)*per)
				w = lo + rng.IntN(v-lo)
			case r < 6:
				w = v
			default:
				if v+1 >= hi {
					continue
				}
				// forward, mostly near
				span := hi - v - 1
				d := 1 + min(span-1, int(rng.ExpFloat64()*float64(per)/8))
				w = v + d
			}
			from = append(from, int32(v))
			to = append(to, int32(w))
		}
	}
	j := &journeyLike{g: New(n, from, to), cost: make([]int64, n)}
	pick := func(lo, hi, k int) []int32 {
		var out []int32
		for i := 0; i < k && lo < hi; i++ {
			v := int32(lo + rng.IntN(hi-lo))
			dup := false
			for _, x := range out {
				dup = dup || x == v
			}
			if !dup {
				out = append(out, v)
			}
		}
		return out
	}
	last := stageOf(n-1) * per
	j.entries = pick(0, min(n, per), 3)
	j.goals = pick(last, n, 3)
	j.exits = append(pick(last, n, 2), int32(n/2))
	for v := range j.cost {
		if rng.IntN(10) == 0 {
			j.cost[v] = int64(1 + rng.IntN(8))
		}
	}
	return j
}

// benchChain turns a journey-like graph into a Markov chain: random edge
// probabilities summing to 0.85..1 per step, goals and exits absorbing, the
// entries equally likely.
func benchChain(j *journeyLike, seed uint64) (g *Graph, prob []float64, absorbing []bool, start []float64) {
	rng := rand.New(rand.NewPCG(seed, 0xabc))
	g = j.g
	prob = make([]float64, len(g.Adj))
	for v := 0; v < g.N; v++ {
		lo, hi := g.Off[v], g.Off[v+1]
		var sum float64
		for e := lo; e < hi; e++ {
			prob[e] = 0.1 + rng.Float64()
			sum += prob[e]
		}
		total := 1.0
		if rng.IntN(2) == 0 {
			total = 0.85 + 0.15*rng.Float64()
		}
		for e := lo; e < hi; e++ {
			prob[e] *= total / sum
		}
	}
	absorbing = make([]bool, g.N)
	for _, v := range j.goals {
		absorbing[v] = true
	}
	for _, v := range j.exits {
		absorbing[v] = true
	}
	start = make([]float64, g.N)
	for _, v := range j.entries {
		start[v] += 1 / float64(len(j.entries))
	}
	return g, prob, absorbing, start
}

var benchSizes = []int{1000, 10000, 100000}

func benchEach(b *testing.B, f func(b *testing.B, j *journeyLike)) {
	for _, n := range benchSizes {
		j := journeyGraph(n, 1)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			f(b, j)
		})
	}
}

func BenchmarkReach(b *testing.B) {
	ctx := context.Background()
	benchEach(b, func(b *testing.B, j *journeyLike) {
		for b.Loop() {
			if _, err := Reach(ctx, j.g, j.entries); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSCC(b *testing.B) {
	ctx := context.Background()
	benchEach(b, func(b *testing.B, j *journeyLike) {
		for b.Loop() {
			if _, _, err := SCC(ctx, j.g); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkCycles(b *testing.B) {
	ctx := context.Background()
	benchEach(b, func(b *testing.B, j *journeyLike) {
		for b.Loop() {
			if _, err := Cycles(ctx, j.g); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDominators(b *testing.B) {
	ctx := context.Background()
	benchEach(b, func(b *testing.B, j *journeyLike) {
		for b.Loop() {
			if _, err := Dominators(ctx, j.g, j.entries[0]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkCritical(b *testing.B) {
	ctx := context.Background()
	benchEach(b, func(b *testing.B, j *journeyLike) {
		for b.Loop() {
			if _, err := Critical(ctx, j.g, j.entries, j.goals); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkKBest(b *testing.B) {
	ctx := context.Background()
	benchEach(b, func(b *testing.B, j *journeyLike) {
		for b.Loop() {
			if _, err := KBest(ctx, j.g, j.cost, j.entries, j.goals, 10); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkKBestLadder(b *testing.B) {
	ctx := context.Background()
	g, src, tgt := ladder(60)
	cost := make([]int64, g.N)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := KBest(ctx, g, cost, src, tgt, 10); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAbsorb(b *testing.B) {
	ctx := context.Background()
	benchEach(b, func(b *testing.B, j *journeyLike) {
		g, prob, absorbing, start := benchChain(j, 1)
		for b.Loop() {
			if _, _, err := Absorb(ctx, g, prob, absorbing, start); err != nil {
				b.Fatal(err)
			}
		}
	})
}
