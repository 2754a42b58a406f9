package gen_test

import (
	"fmt"
	"math"
	"math/big"
	"reflect"
	"testing"

	"github.com/journeymap/journeymap/internal/gen"
	"github.com/journeymap/journeymap/journey"
)

// indexOf maps step IDs to their positions, failing on duplicates.
func indexOf(t *testing.T, j *journey.Journey) map[string]int {
	t.Helper()
	idx := make(map[string]int, len(j.Steps))
	for i, s := range j.Steps {
		if _, dup := idx[s.ID]; dup {
			t.Fatalf("duplicate step id %q", s.ID)
		}
		idx[s.ID] = i
	}
	return idx
}

// checkStructure checks what Generate promises, independently of Validate.
func checkStructure(t *testing.T, j *journey.Journey) {
	t.Helper()
	idx := indexOf(t, j)
	stages := make(map[string]int)
	for i, s := range j.Stages {
		stages[s.ID] = i
	}
	tps := make(map[string]bool)
	for _, tp := range j.Touchpoints {
		tps[tp.ID] = true
	}
	personas := make(map[string]bool)
	for _, p := range j.Personas {
		personas[p.ID] = true
	}
	prevStage := 0
	for _, s := range j.Steps {
		st, ok := stages[s.Stage]
		if !ok {
			t.Fatalf("step %s: unknown stage %q", s.ID, s.Stage)
		}
		if st < prevStage {
			t.Fatalf("step %s: stage %q out of order", s.ID, s.Stage)
		}
		prevStage = st
		if s.Touchpoint != "" && !tps[s.Touchpoint] {
			t.Fatalf("step %s: unknown touchpoint %q", s.ID, s.Touchpoint)
		}
		if s.Emotion < journey.MinEmotion || s.Emotion > journey.MaxEmotion {
			t.Fatalf("step %s: emotion %d", s.ID, s.Emotion)
		}
		for _, p := range s.Personas {
			if !personas[p] {
				t.Fatalf("step %s: unknown persona %q", s.ID, p)
			}
		}
		for _, b := range s.Barriers {
			if !b.Severity.Valid() || b.Description == "" {
				t.Fatalf("step %s: bad barrier %+v", s.ID, b)
			}
		}
	}
	exits := make(map[string]bool)
	for _, e := range j.Exits {
		exits[e] = true
	}
	type pair struct{ from, to string }
	seen := make(map[pair]bool)
	// Outgoing probability per step and persona ("" for a transition that
	// names no persona, which counts for every persona).
	sums := make(map[string]map[string]float64)
	out := make([][]int, len(j.Steps))
	for _, tr := range j.Transitions {
		from, ok1 := idx[tr.From]
		to, ok2 := idx[tr.To]
		if !ok1 || !ok2 {
			t.Fatalf("transition %s -> %s: unknown step", tr.From, tr.To)
		}
		if exits[tr.From] {
			t.Fatalf("transition %s -> %s leaves an exit", tr.From, tr.To)
		}
		if seen[pair{tr.From, tr.To}] {
			t.Fatalf("duplicate transition %s -> %s", tr.From, tr.To)
		}
		seen[pair{tr.From, tr.To}] = true
		if tr.Probability < 0 || tr.Probability > 1 || math.IsNaN(tr.Probability) || tr.Count < 0 {
			t.Fatalf("transition %s -> %s: probability %v count %d", tr.From, tr.To, tr.Probability, tr.Count)
		}
		if tr.Probability > 0 && tr.Count > 0 {
			t.Fatalf("transition %s -> %s has both a probability and a count", tr.From, tr.To)
		}
		out[from] = append(out[from], to)
		if sums[tr.From] == nil {
			sums[tr.From] = make(map[string]float64)
		}
		for _, p := range j.Personas {
			if tr.AppliesTo(p.ID) {
				sums[tr.From][p.ID] += tr.Probability
			}
		}
		sums[tr.From][""] += tr.Probability
	}
	for from, m := range sums {
		for p, s := range m {
			if s > 1+1e-12 {
				t.Fatalf("step %s: outgoing probabilities for persona %q sum to %v", from, p, s)
			}
		}
	}
	// Ignoring personas, every step is reachable from the entries and
	// every step can reach a goal or is an exit.
	seenStep := make([]bool, len(j.Steps))
	var queue []int
	for _, e := range j.Entries {
		i, ok := idx[e]
		if !ok {
			t.Fatalf("unknown entry %q", e)
		}
		if i >= len(j.Entries) || stages[j.Steps[i].Stage] != 0 && len(j.Steps) >= len(j.Stages) {
			t.Fatalf("entry %s is not among the first steps, in the first stage", e)
		}
		if !seenStep[i] {
			seenStep[i] = true
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range out[v] {
			if !seenStep[w] {
				seenStep[w] = true
				queue = append(queue, w)
			}
		}
	}
	for i, ok := range seenStep {
		if !ok {
			t.Fatalf("step %s is unreachable", j.Steps[i].ID)
		}
	}
	in := make([][]int, len(j.Steps))
	for v, ws := range out {
		for _, w := range ws {
			in[w] = append(in[w], v)
		}
	}
	toGoal := make([]bool, len(j.Steps))
	queue = queue[:0]
	for _, g := range j.Goals {
		i, ok := idx[g]
		if !ok {
			t.Fatalf("unknown goal %q", g)
		}
		if i < len(j.Steps)-len(j.Goals) || stages[j.Steps[i].Stage] != len(j.Stages)-1 {
			t.Fatalf("goal %s is not among the last steps, in the last stage", g)
		}
		toGoal[i] = true
		queue = append(queue, i)
	}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range in[v] {
			if !toGoal[w] {
				toGoal[w] = true
				queue = append(queue, w)
			}
		}
	}
	for i, ok := range toGoal {
		if !ok && !exits[j.Steps[i].ID] {
			t.Fatalf("step %s cannot reach a goal", j.Steps[i].ID)
		}
	}
}

func TestGenerateDefaults(t *testing.T) {
	j := gen.Generate(gen.Options{})
	checkStructure(t, j)
	if got, want := len(j.Steps), gen.DefaultSteps; got != want {
		t.Errorf("steps = %d, want %d", got, want)
	}
	if got, want := len(j.Stages), gen.DefaultStages; got != want {
		t.Errorf("stages = %d, want %d", got, want)
	}
	if got, want := len(j.Personas), gen.DefaultPersonas; got != want {
		t.Errorf("personas = %d, want %d", got, want)
	}
	if len(j.Entries) != gen.DefaultEntries || len(j.Goals) != gen.DefaultGoals || len(j.Exits) != gen.DefaultExits {
		t.Errorf("entries, goals, exits = %d, %d, %d", len(j.Entries), len(j.Goals), len(j.Exits))
	}
	want := gen.DefaultTransitionsPerStep * float64(len(j.Steps))
	if got := float64(len(j.Transitions)); math.Abs(got-want) > 0.01*want {
		t.Errorf("transitions = %v, want about %v", got, want)
	}

	// Every knob shows in the result.
	var barriers, blockers, personaSteps, personaTrans, probs, counts, back, self, silent int
	idx := indexOf(t, j)
	for _, s := range j.Steps {
		barriers += len(s.Barriers)
		for _, b := range s.Barriers {
			if b.Severity == journey.Blocker {
				blockers++
			}
		}
		if len(s.Personas) > 0 {
			personaSteps++
		}
		if s.Touchpoint == "" {
			silent++
		}
	}
	for _, tr := range j.Transitions {
		if len(tr.Personas) > 0 {
			personaTrans++
		}
		if tr.Probability > 0 {
			probs++
		}
		if tr.Count > 0 {
			counts++
		}
		if idx[tr.To] < idx[tr.From] {
			back++
		}
		if tr.To == tr.From {
			self++
		}
	}
	for name, n := range map[string]int{
		"barriers": barriers, "blockers": blockers, "persona steps": personaSteps,
		"persona transitions": personaTrans, "probabilities": probs, "counts": counts,
		"back edges": back + self, "silent steps": silent,
	} {
		if n == 0 {
			t.Errorf("no %s", name)
		}
	}
	if back+self > len(j.Transitions)/20 {
		t.Errorf("%d back edges out of %d transitions: not a few", back+self, len(j.Transitions))
	}
}

func TestGenerateDeterministic(t *testing.T) {
	opts := gen.Options{Steps: 500, Seed: 42}
	a := gen.Generate(opts)
	b := gen.Generate(opts)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same options, different journeys")
	}
	opts.Seed = 43
	c := gen.Generate(opts)
	if reflect.DeepEqual(a.Transitions, c.Transitions) {
		t.Fatal("different seeds, same transitions")
	}
	// The seed names one journey on every platform and Go version.
	var got string
	for _, tr := range a.Transitions[:3] {
		got += fmt.Sprintf("{%s %s %v %v %d} ", tr.From, tr.To, tr.Personas, tr.Probability, tr.Count)
	}
	if got != goldenSeed42 {
		t.Errorf("first transitions of seed 42 = %s, want %s", got, goldenSeed42)
	}
}

const goldenSeed42 = "{s000 s002 [] 0.15 0} {s000 s003 [] 0.126 0} {s000 s004 [] 0.149 0} "

func TestGenerateNone(t *testing.T) {
	j := gen.Generate(gen.Options{
		Steps: 300, Personas: -1, Touchpoints: -1, Exits: -1,
		Barriers: -1, Probabilities: -1, Counts: -1, BackEdges: -1,
		PersonaSteps: -1, PersonaTransitions: -1,
	})
	checkStructure(t, j)
	if len(j.Personas) != 0 || len(j.Touchpoints) != 0 || len(j.Exits) != 0 {
		t.Errorf("personas, touchpoints, exits = %d, %d, %d", len(j.Personas), len(j.Touchpoints), len(j.Exits))
	}
	idx := indexOf(t, j)
	for _, s := range j.Steps {
		if len(s.Barriers) > 0 || len(s.Personas) > 0 || s.Touchpoint != "" {
			t.Fatalf("step %s: %+v", s.ID, s)
		}
	}
	for _, tr := range j.Transitions {
		if tr.Probability != 0 || tr.Count != 0 || len(tr.Personas) > 0 || idx[tr.To] <= idx[tr.From] {
			t.Fatalf("transition %+v", tr)
		}
	}
}

func TestGenerateOptionsRange(t *testing.T) {
	for _, opts := range []gen.Options{
		{Steps: 1},
		{Steps: 2, Entries: 5, Goals: 5, Exits: 5},
		{Steps: 3, Stages: 10},
		{Steps: 10, TransitionsPerStep: 100},
		{Steps: 10, TransitionsPerStep: -3},
		{Steps: 10, TransitionsPerStep: math.NaN(), Barriers: math.NaN(), Probabilities: 2, Counts: 2},
		{Steps: 50, Stages: -1, Personas: 1, PersonaSteps: 1, PersonaTransitions: 1},
		{Steps: 50, Probabilities: 1, Barriers: 1, BackEdges: 1, Silent: 1},
		{Steps: 300, TransitionsPerStep: 120, Probabilities: 1},
	} {
		t.Run(fmt.Sprintf("%+v", opts), func(t *testing.T) {
			j := gen.Generate(opts)
			checkStructure(t, j)
		})
	}
}

// TestGenerateRandom checks the promises on many small journeys.
func TestGenerateRandom(t *testing.T) {
	for seed := range uint64(300) {
		opts := gen.Options{
			Steps:              2 + int(seed%40),
			TransitionsPerStep: 1 + float64(seed%7),
			Stages:             1 + int(seed%9),
			Personas:           int(seed%4) - 1,
			Entries:            1 + int(seed%3),
			Goals:              1 + int(seed%2),
			Exits:              int(seed%3) - 1,
			BackEdges:          float64(seed%5) / 10,
			Seed:               seed,
		}
		j := gen.Generate(opts)
		checkStructure(t, j)
		if t.Failed() {
			t.Fatalf("options %+v", opts)
		}
	}
}

// TestGenerateValid checks that generated journeys and ladders pass
// Validate, whatever the options.
func TestGenerateValid(t *testing.T) {
	for seed := range uint64(300) {
		opts := gen.Options{
			Steps:              2 + int(seed%60),
			TransitionsPerStep: float64(seed % 9),
			Stages:             int(seed%10) - 1,
			Personas:           int(seed%5) - 1,
			Touchpoints:        int(seed%4) - 1,
			Exits:              int(seed%4) - 1,
			Barriers:           float64(seed%3) / 2,
			Probabilities:      float64(seed%4) / 3,
			PersonaSteps:       float64(seed%3) / 4,
			PersonaTransitions: float64(seed%3) / 4,
			Seed:               seed,
		}
		if err := gen.Generate(opts).Validate(); err != nil {
			t.Fatalf("options %+v: %v", opts, err)
		}
	}
	if err := gen.Generate(gen.Options{Steps: 20000}).Validate(); err != nil {
		t.Fatal(err)
	}
	for r := range 61 {
		if err := gen.Ladder(r).Validate(); err != nil {
			t.Fatalf("Ladder(%d): %v", r, err)
		}
	}
}

// countPaths counts entry-to-goal paths of an acyclic journey by dynamic
// programming over the steps in reverse order of a DFS.
func countPaths(j *journey.Journey) *big.Int {
	out := make(map[string][]string)
	for _, tr := range j.Transitions {
		out[tr.From] = append(out[tr.From], tr.To)
	}
	goal := make(map[string]bool)
	for _, g := range j.Goals {
		goal[g] = true
	}
	memo := make(map[string]*big.Int)
	var paths func(string) *big.Int
	paths = func(v string) *big.Int {
		if n, ok := memo[v]; ok {
			return n
		}
		n := new(big.Int)
		if goal[v] {
			n.SetInt64(1)
		}
		for _, w := range out[v] {
			n.Add(n, paths(w))
		}
		memo[v] = n
		return n
	}
	total := new(big.Int)
	for _, e := range j.Entries {
		total.Add(total, paths(e))
	}
	return total
}

// enumeratePaths lists every entry-to-goal path by brute force.
func enumeratePaths(j *journey.Journey) int {
	out := make(map[string][]string)
	for _, tr := range j.Transitions {
		out[tr.From] = append(out[tr.From], tr.To)
	}
	n := 0
	var walk func(string)
	walk = func(v string) {
		if v == "goal" {
			n++
		}
		for _, w := range out[v] {
			walk(w)
		}
	}
	walk("entry")
	return n
}

func TestLadder(t *testing.T) {
	for rungs := -1; rungs <= 12; rungs++ {
		j := gen.Ladder(rungs)
		checkStructure(t, j)
		r := max(rungs, 0)
		if got, want := enumeratePaths(j), 1<<r; got != want {
			t.Errorf("Ladder(%d): %d paths, want %d", rungs, got, want)
		}
		if got, want := len(j.Steps), 2*r+2; got != want {
			t.Errorf("Ladder(%d): %d steps, want %d", rungs, got, want)
		}
	}
	j := gen.Ladder(60)
	checkStructure(t, j)
	want := new(big.Int).Lsh(big.NewInt(1), 60)
	if got := countPaths(j); got.Cmp(want) != 0 {
		t.Errorf("Ladder(60): %v paths, want %v", got, want)
	}
}

func ExampleGenerate() {
	j := gen.Generate(gen.Options{Steps: 10000, Seed: 1})
	fmt.Println(len(j.Steps), "steps in", len(j.Stages), "stages,", len(j.Transitions), "transitions")
	fmt.Println("entries:", j.Entries)
	fmt.Println("goals:", j.Goals)
	// Output:
	// 10000 steps in 8 stages, 50000 transitions
	// entries: [s0000 s0001 s0002]
	// goals: [s9998 s9999]
}

func ExampleLadder() {
	j := gen.Ladder(60) // 2^60 entry-to-goal paths
	fmt.Println(len(j.Steps), "steps,", len(j.Transitions), "transitions")
	fmt.Println(j.Steps[1].ID, j.Steps[2].ID, "...", j.Steps[len(j.Steps)-1].ID)
	// Output:
	// 122 steps, 240 transitions
	// r01a r01b ... goal
}
