package eventlog

import (
	"context"
	"fmt"
	"github.com/journeymap/journeymap/internal/graphalg"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The oracles of this file are written from ChannelAttribution's definitions,
// independently of attribute_chain.go: states are strings, the chain a map of
// maps, the solve a dense one by gonum, the heuristics exact rationals, and
// the Monte Carlo a walk of the chain as ChannelAttribution's markov_model
// runs it.

const (
	bStart = "(start)"
	bConv  = "(conversion)"
	bNull  = "(null)"
)

// bruteStates returns the states of a path in a chain of the given order: the
// windows of order consecutive channels joined by "|" (the whole path when it
// is shorter), consecutive equal windows once.
func bruteStates(channels []string, order int) []string {
	var out []string
	if len(channels) <= order {
		return []string{strings.Join(channels, "|")}
	}
	for i := 0; i+order <= len(channels); i++ {
		s := strings.Join(channels[i:i+order], "|")
		if len(out) == 0 || out[len(out)-1] != s {
			out = append(out, s)
		}
	}
	return out
}

// bruteTransitions returns the chain's transition weights, from → to → weight.
func bruteTransitions(paths []Path, order int) map[string]map[string]float64 {
	tr := map[string]map[string]float64{}
	add := func(a, b string, w float64) {
		if w <= 0 {
			return
		}
		if tr[a] == nil {
			tr[a] = map[string]float64{}
		}
		tr[a][b] += w
	}
	for _, p := range paths {
		w := p.Conversions + p.Nulls
		prev := bStart
		for _, s := range bruteStates(p.Channels, order) {
			add(prev, s, w)
			prev = s
		}
		add(prev, bConv, p.Conversions)
		add(prev, bNull, p.Nulls)
	}
	return tr
}

// stateHolds reports whether the window state s holds channel c.
func stateHolds(s, c string) bool {
	return slices.Contains(strings.Split(s, "|"), c)
}

// bruteConversion solves P(conversion) of the chain by a dense solve of
// (I - Q) x = r over its transient states, the states holding removed (if
// not "") sending their customers to null.
func bruteConversion(_ []string, tr map[string]map[string]float64, removed string) float64 {
	var states []string
	for s := range tr {
		states = append(states, s)
	}
	slices.Sort(states)
	idx := map[string]int{}
	for i, s := range states {
		idx[s] = i
	}
	n := len(states)
	if n == 0 {
		return 0
	}
	a := mat.NewDense(n, n, nil)
	r := mat.NewVecDense(n, nil)
	for i, s := range states {
		a.Set(i, i, 1)
		if removed != "" && s != bStart && stateHolds(s, removed) {
			continue
		}
		var out float64
		for _, w := range tr[s] {
			out += w
		}
		for to, w := range tr[s] {
			if to == bConv {
				r.SetVec(i, r.AtVec(i)+w/out)
			} else if j, ok := idx[to]; ok {
				a.Set(i, j, a.At(i, j)-w/out)
			}
		}
	}
	var x mat.VecDense
	if err := x.SolveVec(a, r); err != nil {
		panic(err)
	}
	return x.AtVec(idx[bStart])
}

// naiveHeuristics computes first touch, last touch and linear with exact
// rationals (counts must be integers), one unit of conversion at a time.
func naiveHeuristics(paths []Path) (first, last, linear map[string]*big.Rat) {
	first, last, linear = map[string]*big.Rat{}, map[string]*big.Rat{}, map[string]*big.Rat{}
	inc := func(m map[string]*big.Rat, k string, x *big.Rat) {
		if m[k] == nil {
			m[k] = new(big.Rat)
		}
		m[k].Add(m[k], x)
	}
	one := big.NewRat(1, 1)
	for _, p := range paths {
		for range int(p.Conversions) {
			inc(first, p.Channels[0], one)
			inc(last, p.Channels[len(p.Channels)-1], one)
			for _, c := range p.Channels {
				inc(linear, c, big.NewRat(1, int64(len(p.Channels))))
			}
		}
	}
	return first, last, linear
}

func ratFloat(r *big.Rat) float64 {
	if r == nil {
		return 0
	}
	f, _ := r.Float64()
	return f
}

// randomPaths returns a random path table over up to nch channels; some
// channels differ only in case, some paths repeat channels or have no
// customers.
func randomPathTable(rng *rand.Rand, nch, npaths, maxLen int) []Path {
	names := strings.Split("abcdefghijklmnop", "")[:nch]
	paths := make([]Path, npaths)
	for i := range paths {
		n := 1 + rng.IntN(maxLen)
		p := Path{Channels: make([]string, n)}
		for j := range p.Channels {
			if j > 0 && rng.IntN(4) == 0 {
				p.Channels[j] = p.Channels[j-1] // a repeat
			} else {
				p.Channels[j] = names[rng.IntN(nch)]
			}
		}
		p.Conversions = float64(rng.IntN(4))
		p.Nulls = float64(rng.IntN(5))
		p.Value = p.Conversions * float64(rng.IntN(100))
		paths[i] = p
	}
	return paths
}

// bruteAttribution computes the Markov figures and the heuristics with the
// oracles above.
func bruteAttribution(paths []Path, order int) map[string]ChannelCredit {
	tr := bruteTransitions(paths, order)
	var conv, value float64
	names := map[string]bool{}
	for _, p := range paths {
		conv += p.Conversions
		value += p.Value
		for _, c := range p.Channels {
			names[c] = true
		}
	}
	out := map[string]ChannelCredit{}
	p := bruteConversion(nil, tr, "")
	var sum float64
	for c := range names {
		cr := ChannelCredit{Channel: c}
		if conv > 0 && p > 0 {
			cr.RemovalEffect = 1 - bruteConversion(nil, tr, c)/p
		}
		sum += cr.RemovalEffect
		out[c] = cr
	}
	first, last, linear := naiveHeuristics(paths)
	for c, cr := range out {
		if sum > 0 {
			cr.Markov = cr.RemovalEffect / sum * conv
			cr.MarkovValue = cr.RemovalEffect / sum * value
		}
		cr.FirstTouch, cr.LastTouch, cr.Linear = ratFloat(first[c]), ratFloat(last[c]), ratFloat(linear[c])
		out[c] = cr
	}
	return out
}

// TestAttributeBruteForce checks Attribute of orders 1 to 4 against the chain
// built from strings and solved densely, and the heuristics against exact
// rationals, on random tables.
func TestAttributeBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	trials := 300
	if testing.Short() {
		trials = 60
	}
	for trial := range trials {
		paths := randomPathTable(rng, 2+rng.IntN(5), 1+rng.IntN(12), 6)
		order := 1 + trial%4
		a, err := Attribute(paths, AttributionOptions{Order: order})
		if err != nil {
			t.Fatal(err)
		}
		want := bruteAttribution(paths, order)
		if len(a.Channels) != len(want) {
			t.Fatalf("trial %d: %d channels, want %d", trial, len(a.Channels), len(want))
		}
		for i, c := range a.Channels {
			if i > 0 && a.Channels[i-1].Channel >= c.Channel {
				t.Errorf("trial %d: channels not sorted: %q before %q", trial, a.Channels[i-1].Channel, c.Channel)
			}
			w := want[c.Channel]
			if !attrClose(c.RemovalEffect, w.RemovalEffect) || !attrClose(c.Markov, w.Markov) || !attrClose(c.MarkovValue, w.MarkovValue) {
				t.Errorf("trial %d order %d %s: markov %+v, want %+v\npaths %v", trial, order, c.Channel, c, w, paths)
			}
			if c.FirstTouch != w.FirstTouch || c.LastTouch != w.LastTouch || !attrClose(c.Linear, w.Linear) {
				t.Errorf("trial %d %s: heuristics %+v, want %+v", trial, c.Channel, c, w)
			}
		}
	}
}

func attrClose(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// simulate walks the chain n times from start as ChannelAttribution's
// markov_model does (a state's next state drawn by its cumulative transition
// counts), marking the channels of every state visited, and returns the
// conversions and, per channel, the converting walks that visited it.
func simulateChain(rng *rand.Rand, tr map[string]map[string]float64, n int) (conv int, visited map[string]int) {
	type next struct {
		to  []string
		cum []float64
	}
	nexts := map[string]next{}
	for s, m := range tr {
		var nx next
		for to := range m {
			nx.to = append(nx.to, to)
		}
		slices.Sort(nx.to)
		var c float64
		for _, to := range nx.to {
			c += m[to]
			nx.cum = append(nx.cum, c)
		}
		nexts[s] = nx
	}
	visited = map[string]int{}
	seen := map[string]bool{}
	for range n {
		clear(seen)
		s := bStart
		for step := 0; step < 100000; step++ {
			nx := nexts[s]
			u := rng.Float64() * nx.cum[len(nx.cum)-1]
			k, _ := slices.BinarySearch(nx.cum, u)
			for k < len(nx.cum)-1 && nx.cum[k] <= u {
				k++
			}
			s = nx.to[k]
			if s == bConv || s == bNull {
				break
			}
			for c := range strings.SplitSeq(s, "|") {
				seen[c] = true
			}
		}
		if s == bConv {
			conv++
			for c := range seen {
				visited[c]++
			}
		}
	}
	return conv, visited
}

// TestAttributeMonteCarlo: ChannelAttribution estimates a channel's removal
// effect as the share of simulated converting walks that visited it, and
// P(conversion) as the share of walks that convert. On hundreds of random
// tables both agree with the exact figures within 5 standard errors.
func TestAttributeMonteCarlo(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tables, walks := 300, 20000
	if testing.Short() {
		tables, walks = 40, 5000
	}
	checked := 0
	for trial := range tables {
		order := 1 + trial%3
		paths := randomPathTable(rng, 2+rng.IntN(5), 1+rng.IntN(10), 5)
		a, err := Attribute(paths, AttributionOptions{Order: order})
		if err != nil {
			t.Fatal(err)
		}
		tr := bruteTransitions(paths, order)
		if len(tr) == 0 {
			continue
		}
		conv, visited := simulateChain(rng, tr, walks)
		p := bruteConversion(nil, tr, "")
		if se := math.Sqrt(p * (1 - p) / float64(walks)); math.Abs(float64(conv)/float64(walks)-p) > 5*se+1e-12 {
			t.Errorf("trial %d: simulated P(conversion) %v, exact %v (se %v)", trial, float64(conv)/float64(walks), p, se)
		}
		if conv == 0 {
			continue
		}
		for _, c := range a.Channels {
			est := float64(visited[c.Channel]) / float64(conv)
			r := c.RemovalEffect
			se := math.Sqrt(r * (1 - r) / float64(conv))
			if math.Abs(est-r) > 5*se+1e-12 {
				t.Errorf("trial %d order %d %s: simulated removal effect %v, exact %v (se %v)", trial, order, c.Channel, est, r, se)
			}
			checked++
		}
	}
	t.Logf("%d removal effects checked against the simulation", checked)
}

func ExampleAttribute() {
	paths := []Path{
		{Channels: []string{"C1", "C2", "C3"}, Conversions: 1, Value: 1000},
		{Channels: []string{"C1"}, Nulls: 1},
		{Channels: []string{"C2", "C3"}, Nulls: 1},
	}
	a, err := Attribute(paths, AttributionOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("conversion rate %.3f\n", a.ConversionRate)
	for _, c := range a.Channels {
		fmt.Printf("%s: removal effect %.2f, markov %.2f, value %.0f, linear %.3f\n", c.Channel, c.RemovalEffect, c.Markov, c.MarkovValue, c.Linear)
	}
	// Output:
	// conversion rate 0.333
	// C1: removal effect 0.50, markov 0.20, value 200, linear 0.333
	// C2: removal effect 1.00, markov 0.40, value 400, linear 0.333
	// C3: removal effect 1.00, markov 0.40, value 400, linear 0.333
}

// TestAttributeBruteForceLarge: a chain of over a thousand states, with
// components large enough for graphalg's iterative solver, against the
// dense solve.
func TestAttributeBruteForceLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("dense solves of 1,000+ states take seconds")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	paths := randomPathTable(rng, 14, 1500, 8)
	a, err := Attribute(paths, AttributionOptions{Order: 3})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := buildChain(paths, 3)

	g := graphalg.New(c.states, c.from, c.to)
	comp, _, err := graphalg.SCC(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	size := map[int32]int{}
	biggest := 0
	for _, x := range comp {
		size[x]++
		biggest = max(biggest, size[x])
	}
	t.Logf("%d states, largest strongly connected component %d", c.states, biggest)
	if biggest <= 384 {
		t.Fatalf("largest component %d: the iterative solver is not used", biggest)
	}
	want := bruteAttribution(paths, 3)
	for _, c := range a.Channels {
		w := want[c.Channel]
		if !attrClose(c.RemovalEffect, w.RemovalEffect) || !attrClose(c.Markov, w.Markov) {
			t.Errorf("%s: %+v, want %+v", c.Channel, c, w)
		}
	}
}
