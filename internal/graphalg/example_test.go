package graphalg_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/journeymap/journeymap/internal/graphalg"
)

// A small journey: 0 ad → 1 site → 2 cart → 3 paid (goal); the site can
// also lead to 4 reviews, which loops back to the site; 5 is an orphan.
func journey() *graphalg.Graph {
	from := []int32{0, 1, 1, 4, 2}
	to := []int32{1, 2, 4, 1, 3}
	return graphalg.New(6, from, to)
}

func ExampleNew() {
	g := journey()
	for v := int32(0); int(v) < g.N; v++ {
		fmt.Println(v, "→", g.Succ(v))
	}
	// Output:
	// 0 → [1]
	// 1 → [2 4]
	// 2 → [3]
	// 3 → []
	// 4 → [1]
	// 5 → []
}

func ExampleReach() {
	seen, _ := graphalg.Reach(context.Background(), journey(), []int32{0})
	fmt.Println(seen)
	// Output: [true true true true true false]
}

func ExampleSCC() {
	comp, n, _ := graphalg.SCC(context.Background(), journey())
	fmt.Println(n, comp)
	// Output: 5 [3 2 1 0 2 4]
}

func ExampleCycles() {
	cycles, _ := graphalg.Cycles(context.Background(), journey())
	fmt.Println(cycles)
	// Output: [[1 4]]
}

func ExampleDominators() {
	idom, _ := graphalg.Dominators(context.Background(), journey(), 0)
	fmt.Println(idom)
	// Output: [0 0 1 2 1 -1]
}

func ExampleCritical() {
	crit, _ := graphalg.Critical(context.Background(), journey(), []int32{0}, []int32{3})
	fmt.Println(crit)
	// Output: [true true true true false false]
}

func ExampleKBest() {
	g := graphalg.New(5,
		[]int32{0, 0, 1, 2, 1, 3},
		[]int32{1, 2, 4, 4, 3, 4})
	cost := []int64{0, 2, 1, 0, 0} // say, barrier weights
	paths, err := graphalg.KBest(context.Background(), g, cost, []int32{0}, []int32{4}, 10)
	fmt.Println(paths, err)
	// Output: [[0 2 4] [0 1 4] [0 1 3 4]] <nil>
}

func ExampleAbsorb() {
	// 0 → 1 with 0.8 (0.2 leave at once); 1 → 2 (goal) with 0.5, back to
	// 0 with 0.25, the rest leaves.
	g := graphalg.New(3, []int32{0, 1, 1}, []int32{1, 2, 0})
	prob := []float64{0.8, 0.5, 0.25}
	absorbing := []bool{false, false, true}
	start := []float64{1, 0, 0}
	visits, leave, _ := graphalg.Absorb(context.Background(), g, prob, absorbing, start)
	fmt.Printf("visits %.4f\nleave  %.4f\n", visits, leave)
	// Output:
	// visits [1.2500 1.0000 0.5000]
	// leave  [0.2500 0.2500 0.0000]
}

func ExampleAbsorbTrapped() {
	// 0 → 1 or 2 (goal) evenly; 1 and 3 pass the customer back and forth
	// for ever.
	g := graphalg.New(4, []int32{0, 0, 1, 3}, []int32{1, 2, 3, 1})
	prob := []float64{0.5, 0.5, 1, 1}
	a, _ := graphalg.AbsorbTrapped(context.Background(), g, prob, []bool{false, false, true, false}, []float64{1, 0, 0, 0})
	fmt.Println(a.Visits[2], a.Trapped)
	// Output: 0.5 [0 0.25 0 0.25]
}

func ExampleError() {
	g := journey()
	_, err := graphalg.Reach(context.Background(), g, []int32{0, 9})
	var e *graphalg.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code, e.Arg, e.Index)
	}
	fmt.Println(err)
	// Output:
	// bad-vertex sources 1
	// graphalg: bad-vertex: sources[1]: vertex 9 not in 0..5
}
