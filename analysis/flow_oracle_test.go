package analysis_test

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/touchpoint"
)

// randomJourney returns a small journey with random transitions carrying
// probabilities, counts or nothing, random step counts, two stages and two
// touchpoints.
func randomFlowJourney(rng *rand.Rand, n int) *journey.Journey {
	j := &journey.Journey{ID: "r", Name: "r",
		Stages:      []journey.Stage{{ID: "a", Name: "a"}, {ID: "b", Name: "b"}},
		Touchpoints: []touchpoint.Touchpoint{{ID: "t1", Name: "t1"}, {ID: "t2", Name: "t2"}},
	}
	for i := 0; i < n; i++ {
		s := journey.Step{ID: fmt.Sprintf("s%d", i), Stage: "a", Action: "x"}
		if i >= n/2 {
			s.Stage = "b"
		}
		switch rng.IntN(3) {
		case 0:
			s.Touchpoint = "t1"
		case 1:
			s.Touchpoint = "t2"
		}
		j.Steps = append(j.Steps, s)
	}
	counts := rng.IntN(2) == 0
	for i := 0; i < n; i++ {
		deg := rng.IntN(4)
		for k := 0; k < deg; k++ {
			t := journey.Transition{From: j.Steps[i].ID, To: j.Steps[rng.IntN(n)].ID}
			if t.From == t.To && rng.IntN(2) == 0 {
				continue
			}
			switch x := rng.IntN(5); {
			case x < 2 && !counts:
				t.Probability = 0.05 + 0.4*rng.Float64()
			case x < 4 && counts:
				t.Count = int64(1 + rng.IntN(20))
			case x == 4:
				t.Probability = 0.05 + 0.3*rng.Float64()
			}
			j.Transitions = append(j.Transitions, t)
		}
	}
	if counts {
		for i := range j.Steps {
			if rng.IntN(3) > 0 {
				j.Steps[i].Count = int64(rng.IntN(80))
			}
		}
	}
	perm := rng.Perm(n)
	ne := 1 + rng.IntN(2)
	ng := 1 + rng.IntN(2)
	for _, v := range perm[:ne] {
		j.Entries = append(j.Entries, j.Steps[v].ID)
	}
	for _, v := range perm[ne : ne+ng] {
		j.Goals = append(j.Goals, j.Steps[v].ID)
	}
	if rng.IntN(2) == 0 && ne+ng < n {
		j.Exits = []string{j.Steps[perm[ne+ng]].ID}
	}
	if rng.IntN(4) == 0 { // a goal that is also an entry
		j.Goals = append(j.Goals, j.Entries[0])
	}
	return j
}

// oracle is the chain of a journey as a dense matrix, built from the
// journey by the rules of the documentation.
type oracle struct {
	n            int
	id           map[string]int
	P            *mat.Dense
	start        []float64
	goal, exit   []bool
	volume       float64
	stage, touch []string
}

func newOracle(j *journey.Journey) *oracle {
	n := len(j.Steps)
	o := &oracle{n: n, id: map[string]int{}, P: mat.NewDense(n, n, nil), start: make([]float64, n),
		goal: make([]bool, n), exit: make([]bool, n)}
	for i, s := range j.Steps {
		o.id[s.ID] = i
		o.stage = append(o.stage, s.Stage)
		o.touch = append(o.touch, s.Touchpoint)
	}
	for _, g := range j.Goals {
		o.goal[o.id[g]] = true
	}
	for _, e := range j.Exits {
		o.exit[o.id[e]] = true
	}
	in, out := make([]float64, n), make([]float64, n)
	for _, t := range j.Transitions {
		if t.Count > 0 {
			a, b := o.id[t.From], o.id[t.To]
			in[b] += float64(t.Count)
			out[a] += float64(t.Count)
		}
	}
	isEntry := map[int]bool{}
	for _, e := range j.Entries {
		isEntry[o.id[e]] = true
	}
	for v := 0; v < n; v++ {
		if o.exit[v] {
			continue
		}
		var trs []journey.Transition
		for _, t := range j.Transitions {
			if o.id[t.From] == v {
				trs = append(trs, t)
			}
		}
		if len(trs) == 0 {
			continue
		}
		at := float64(j.Steps[v].Count)
		if at <= 0 {
			at = in[v]
			if isEntry[v] || at <= 0 {
				at = math.Max(at, out[v])
			}
		}
		p := make([]float64, len(trs))
		var sum float64
		nP, nC := 0, 0
		for i, t := range trs {
			if t.Probability > 0 {
				p[i] = t.Probability
				nP++
			} else if t.Count > 0 && at > 0 {
				p[i] = float64(t.Count) / at
				nC++
			}
			sum += p[i]
		}
		switch {
		case nP+nC == 0:
			for i := range p {
				p[i] = 1 / float64(len(p))
			}
		default:
			if sum > 1 {
				for i := range p {
					p[i] /= sum
				}
				sum = 1
			}
			if nC == 0 {
				for i, t := range trs {
					if t.Probability == 0 {
						p[i] = (1 - sum) / float64(len(trs)-nP)
					}
				}
			}
		}
		for i, t := range trs {
			w := o.id[t.To]
			o.P.Set(v, w, o.P.At(v, w)+p[i])
		}
	}
	counted := true
	for e := range isEntry {
		counted = counted && j.Steps[e].Count > 0
	}
	var total float64
	if counted {
		for e := range isEntry {
			// Every arrival, a self-loop's too: a step's count is its visits.
			o.start[e] = math.Max(0, float64(j.Steps[e].Count)-in[e])
			total += o.start[e]
		}
		o.volume = total
	}
	if total == 0 {
		o.volume = 0
		for e := range isEntry {
			o.start[e] = 1
			total++
		}
	}
	for e := range isEntry {
		o.start[e] /= total
	}
	return o
}

// visits solves (I - P_stop)^T x = start, where the rows of the stopped
// vertices are zero; ok is false when the system is singular (a trapping
// loop).
func (o *oracle) visits(stop []bool) (x []float64, ok bool) {
	n := o.n
	A := mat.NewDense(n, n, nil)
	for v := 0; v < n; v++ {
		A.Set(v, v, 1)
	}
	for v := 0; v < n; v++ {
		if stop[v] {
			continue
		}
		for w := 0; w < n; w++ {
			A.Set(w, v, A.At(w, v)-o.P.At(v, w))
		}
	}
	var xs mat.VecDense
	if err := xs.SolveVec(A, mat.NewVecDense(n, append([]float64(nil), o.start...))); err != nil {
		return nil, false
	}
	if mat.Cond(A, 1) > 1e8 {
		return nil, false
	}
	x = make([]float64, n)
	for i := range x {
		x[i] = xs.AtVec(i)
	}
	return x, true
}

func (o *oracle) or(a []bool, f func(int) bool) []bool {
	out := make([]bool, o.n)
	for v := range out {
		out[v] = a[v] || f(v)
	}
	return out
}

// conversion is the chance of reaching a goal, with the steps in removed
// leaving instead.
func (o *oracle) conversion(removed func(int) bool) (float64, bool) {
	x, ok := o.visits(o.or(o.exit, func(v int) bool { return o.goal[v] || removed(v) }))
	if !ok {
		return 0, false
	}
	var c float64
	for v := range x {
		if o.goal[v] && !removed(v) {
			c += x[v]
		}
	}
	return c, true
}

// twice is the chance of reaching goals at least twice (a goal revisited
// counts), on the product of the chain with a counter of goals reached.
func (o *oracle) twice() (float64, bool) {
	n := o.n
	q := &oracle{n: 3 * n, P: mat.NewDense(3*n, 3*n, nil), start: make([]float64, 3*n)}
	state := func(v, k int) int { return k*n + v }
	next := func(w, k int) int {
		if o.goal[w] {
			return min(k+1, 2)
		}
		return k
	}
	for v := 0; v < n; v++ {
		k0 := next(v, 0)
		q.start[state(v, k0)] += o.start[v]
		for k := 0; k < 2; k++ {
			if o.exit[v] {
				continue
			}
			for w := 0; w < n; w++ {
				if p := o.P.At(v, w); p > 0 {
					a, b := state(v, k), state(w, next(w, k))
					q.P.Set(a, b, q.P.At(a, b)+p)
				}
			}
		}
	}
	stop := make([]bool, 3*n)
	for v := 0; v < n; v++ {
		stop[state(v, 2)] = true
		stop[v] = o.exit[v]
		stop[n+v] = o.exit[v]
	}
	x, ok := q.visits(stop)
	if !ok {
		return 0, false
	}
	var s float64
	for v := 0; v < n; v++ {
		s += x[state(v, 2)]
	}
	return s, true
}

func closeTo(a, b float64) bool { return math.Abs(a-b) < 1e-7 }

// TestFlowOracle checks the flow and the attribution of thousands of random
// journeys against dense solves with gonum: the visits directly, the reach
// of each step with that step absorbing, the stages likewise, the repeat on
// the product chain counting goals reached, and each removal effect by a
// full re-solve without the step (or the touchpoint's steps).
func TestFlowOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for it := 0; it < 6000; it++ {
		j := randomFlowJourney(rng, 4+rng.IntN(6))
		if j.Validate() != nil {
			continue
		}
		r, err := analysis.Analyze(context.Background(), j, analysis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Flow == nil {
			continue
		}
		o := newOracle(j)
		x, ok := o.visits(o.exit)
		if !ok {
			continue
		}
		checked++
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("journey %d: %s\n%+v", it, fmt.Sprintf(format, args...), j)
		}
		conv, _ := o.conversion(func(int) bool { return false })
		if !closeTo(r.Flow.Conversion, conv) {
			fail("conversion %v, want %v", r.Flow.Conversion, conv)
		}
		if !closeTo(r.Flow.Customers, o.volume) {
			fail("customers %v, want %v", r.Flow.Customers, o.volume)
		}
		if tw, ok := o.twice(); ok && conv > 1e-9 && !closeTo(r.Flow.Repeat, tw/conv) {
			fail("repeat %v, want %v", r.Flow.Repeat, tw/conv)
		}
		var leaves float64
		for _, s := range r.Flow.Steps {
			v := o.id[s.Step]
			if !closeTo(s.Visits, x[v]) {
				fail("visits of %s %v, want %v", s.Step, s.Visits, x[v])
			}
			y, _ := o.visits(o.or(o.exit, func(w int) bool { return w == v }))
			if !closeTo(s.Reach, y[v]) {
				fail("reach of %s %v, want %v", s.Step, s.Reach, y[v])
			}
			leave := x[v]
			if !o.exit[v] {
				var out float64
				for w := 0; w < o.n; w++ {
					out += o.P.At(v, w)
				}
				leave = x[v] * (1 - out)
			}
			if !closeTo(s.Leave, leave) {
				fail("leave of %s %v, want %v", s.Step, s.Leave, leave)
			}
			leaves += s.Leave
		}
		if !closeTo(leaves, 1) {
			fail("leave sums to %v", leaves)
		}
		for _, st := range r.Flow.Stages {
			y, _ := o.visits(o.or(o.exit, func(w int) bool { return o.stage[w] == st.Stage }))
			var want float64
			for w := range y {
				if o.stage[w] == st.Stage {
					want += y[w]
				}
			}
			if !closeTo(st.Reach, want) {
				fail("reach of stage %s %v, want %v", st.Stage, st.Reach, want)
			}
		}
		for _, c := range r.Attribution.Steps {
			v := o.id[c.Step]
			without, _ := o.conversion(func(w int) bool { return w == v })
			want := 0.0
			if conv > 0 {
				want = 1 - without/conv
			}
			if !closeTo(c.RemovalEffect, want) {
				fail("removal effect of %s %v, want %v", c.Step, c.RemovalEffect, want)
			}
		}
		want := o.likely()
		if len(want) > analysis.DefaultK {
			want = want[:analysis.DefaultK]
		}
		if len(want) != len(r.LikelyPaths) {
			fail("%d likely paths, want %d", len(r.LikelyPaths), len(want))
		}
		for i := range want {
			if !closeTo(r.LikelyPaths[i].Probability, want[i]) {
				fail("likely path %d: %v, want %v", i, r.LikelyPaths[i].Probability, want[i])
			}
		}
		for _, c := range r.Attribution.Touchpoints {
			without, _ := o.conversion(func(w int) bool { return o.touch[w] == c.Touchpoint && !o.goal[w] && !o.exit[w] })
			want := 0.0
			if conv > 0 {
				want = 1 - without/conv
			}
			if !closeTo(c.RemovalEffect, want) {
				fail("removal effect of touchpoint %s %v, want %v", c.Touchpoint, c.RemovalEffect, want)
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d journeys checked", checked)
	}
}

// likely lists the probability of every simple path from an entry to its
// first goal, most probable first, by brute force.
func (o *oracle) likely() []float64 {
	var out []float64
	on := make([]bool, o.n)
	var walk func(v int, p float64)
	walk = func(v int, p float64) {
		if o.goal[v] {
			out = append(out, p)
			return
		}
		if o.exit[v] {
			return
		}
		on[v] = true
		for w := 0; w < o.n; w++ {
			if q := o.P.At(v, w); q > 0 && !on[w] {
				walk(w, p*q)
			}
		}
		on[v] = false
	}
	for v := 0; v < o.n; v++ {
		if o.start[v] > 0 {
			walk(v, o.start[v])
		}
	}
	slices.SortFunc(out, func(a, b float64) int { return cmp.Compare(b, a) })
	return out
}
