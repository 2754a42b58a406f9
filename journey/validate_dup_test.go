package journey_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
)

// TestValidateDuplicateTransitionsOracle checks the duplicate-transition
// problems of Validate against a map keyed by the transitions' strings, on
// thousands of random journeys: steps with a few transitions and steps with
// many (which Validate sorts), ends that name no step or are empty, and
// persona lists repeated, reordered or naming "".
func TestValidateDuplicateTransitionsOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	found := 0
	for iter := 0; iter < 3000; iter++ {
		j := &journey.Journey{ID: "dups", Stages: []journey.Stage{{ID: "s"}}}
		pids := []string{"p", "q", "r"}
		for _, p := range pids {
			j.Personas = append(j.Personas, persona.Persona{ID: p})
		}
		n := 1 + rng.IntN(6)
		for i := 0; i < n; i++ {
			j.Steps = append(j.Steps, journey.Step{ID: fmt.Sprintf("v%d", i), Stage: "s"})
		}
		j.Entries, j.Goals = []string{"v0"}, []string{"v0"}
		end := func() string {
			switch x := rng.IntN(20); {
			case x == 0:
				return ""
			case x == 1:
				return "nowhere"
			case iter%4 == 0: // crowd one step
				return "v0"
			default:
				return fmt.Sprintf("v%d", rng.IntN(n))
			}
		}
		m := rng.IntN(12)
		if iter%4 == 0 {
			m = 30 + rng.IntN(60) // more than Validate compares pairwise
		}
		for i := 0; i < m; i++ {
			tr := journey.Transition{From: end(), To: end()}
			for k, np := 0, rng.IntN(4); k < np; k++ {
				p := pids[rng.IntN(len(pids))]
				if rng.IntN(10) == 0 {
					p = ""
				}
				tr.Personas = append(tr.Personas, p)
			}
			j.Transitions = append(j.Transitions, tr)
		}

		var want []string
		type key struct{ from, to, personas string }
		seen := map[key]int{}
		for i, tr := range j.Transitions {
			ps := slices.Clone(tr.Personas)
			slices.Sort(ps)
			k := key{tr.From, tr.To, strings.Join(slices.Compact(ps), "\x00")}
			if len(tr.Personas) == 1 {
				k.personas = tr.Personas[0]
			}
			if first, ok := seen[k]; ok {
				want = append(want, fmt.Sprintf("transitions[%d]: the transition from %q to %q repeats transitions[%d]", i, tr.From, tr.To, first))
			} else {
				seen[k] = i
			}
		}

		var got []string
		var ps journey.Problems
		if err := j.Validate(); err != nil && !errors.As(err, &ps) {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.Code == "duplicate-transition" {
				got = append(got, p.Path+": "+p.Message)
			}
		}
		slices.SortFunc(want, func(a, b string) int {
			return journey.ComparePaths(a[:strings.Index(a, ":")], b[:strings.Index(b, ":")])
		})
		if !slices.Equal(got, want) {
			t.Fatalf("iteration %d: %v\ngot  %q\nwant %q", iter, j.Transitions, got, want)
		}
		found += len(want)
	}
	if found < 1000 {
		t.Errorf("only %d repeats in all", found)
	}
}

// TestValidateProbabilitySumOracle checks the probability-sum problems of
// Validate against the rule applied straight to the journey's strings, on
// thousands of random journeys: personas on some steps and transitions or
// on none, and probabilities that often add up to more than 1.
func TestValidateProbabilitySumOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	found := 0
	for iter := 0; iter < 3000; iter++ {
		j := &journey.Journey{ID: "sums", Stages: []journey.Stage{{ID: "s"}}}
		np := rng.IntN(3)
		var pids []string
		for i := 0; i < np; i++ {
			pids = append(pids, fmt.Sprintf("p%d", i))
			j.Personas = append(j.Personas, persona.Persona{ID: pids[i]})
		}
		pick := func() []string {
			if np == 0 || rng.IntN(3) > 0 || iter%2 == 0 {
				return nil
			}
			return []string{pids[rng.IntN(np)]}
		}
		n := 1 + rng.IntN(5)
		for i := 0; i < n; i++ {
			j.Steps = append(j.Steps, journey.Step{ID: fmt.Sprintf("v%d", i), Stage: "s", Personas: pick()})
		}
		j.Entries, j.Goals = []string{"v0"}, []string{"v0"}
		for i, m := 0, rng.IntN(10); i < m; i++ {
			to := fmt.Sprintf("v%d", rng.IntN(n))
			if rng.IntN(15) == 0 {
				to = "nowhere"
			}
			j.Transitions = append(j.Transitions, journey.Transition{
				From: fmt.Sprintf("v%d", rng.IntN(n)), To: to, Personas: pick(),
				Probability: float64(1+rng.IntN(6)) / 10,
			})
		}

		step := map[string]int{}
		for i, s := range j.Steps {
			step[s.ID] = i
		}
		views := []string{""}
		if np > 0 {
			views = pids
		}
		var want []string
		for si, s := range j.Steps {
			for _, pid := range views {
				sum, count := 0.0, 0
				for _, tr := range j.Transitions {
					ti, ok := step[tr.To]
					if tr.From != s.ID || !ok {
						continue
					}
					count++
					if pid != "" && !(tr.AppliesTo(pid) && s.AppliesTo(pid) && j.Steps[ti].AppliesTo(pid)) {
						continue
					}
					sum += tr.Probability
				}
				if count < 2 || sum <= 1+1e-9 {
					continue
				}
				msg := fmt.Sprintf("the outgoing probabilities of step %q sum to %s, more than 1", s.ID, strconv.FormatFloat(sum, 'g', 6, 64))
				if pid != "" {
					msg = fmt.Sprintf("for persona %q %s", pid, msg)
				}
				want = append(want, fmt.Sprintf("steps[%d]: %s", si, msg))
			}
		}

		var got []string
		var ps journey.Problems
		if err := j.Validate(); err != nil && !errors.As(err, &ps) {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.Code == "probability-sum" {
				got = append(got, p.Path+": "+p.Message)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("iteration %d: %v\ngot  %q\nwant %q", iter, j.Transitions, got, want)
		}
		found += len(want)
	}
	if found < 500 {
		t.Errorf("only %d sums above 1 in all", found)
	}
}
