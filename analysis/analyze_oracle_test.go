package analysis_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// randomJourney returns a small valid journey with personas, persona lists
// on steps, transitions and barriers, loops, several entries and goals and,
// depending on numbers (0 none, 1 probabilities, 2 counts), numbers on the
// transitions.
func randomJourney(rng *rand.Rand, numbers int) *journey.Journey {
	j := &journey.Journey{ID: "random"}
	np := rng.IntN(4)
	for i := 0; i < np; i++ {
		j.Personas = append(j.Personas, persona.Persona{ID: fmt.Sprintf("p%d", i)})
	}
	pick := func() []string {
		if np == 0 || rng.IntN(2) == 0 {
			return nil
		}
		var ids []string
		for i := 0; i < np; i++ {
			if rng.IntN(2) == 0 {
				ids = append(ids, j.Personas[i].ID)
			}
		}
		if len(ids) == 0 {
			ids = []string{j.Personas[rng.IntN(np)].ID}
		}
		return ids
	}
	for i, n := 0, rng.IntN(4); i < n; i++ {
		j.Touchpoints = append(j.Touchpoints, touchpoint.Touchpoint{ID: fmt.Sprintf("t%d", i)})
	}
	ns := 1 + rng.IntN(4)
	for i := 0; i < ns; i++ {
		j.Stages = append(j.Stages, journey.Stage{ID: fmt.Sprintf("s%d", i)})
	}
	n := 1 + rng.IntN(8)
	sevs := journey.Severities
	for i := 0; i < n; i++ {
		s := journey.Step{
			ID:       fmt.Sprintf("v%d", i),
			Stage:    j.Stages[rng.IntN(ns)].ID,
			Personas: pick(),
			Emotion:  rng.IntN(5) - 2,
		}
		if len(j.Touchpoints) > 0 && rng.IntN(3) > 0 {
			s.Touchpoint = j.Touchpoints[rng.IntN(len(j.Touchpoints))].ID
		}
		for b, nb := 0, rng.IntN(3); b < nb; b++ {
			s.Barriers = append(s.Barriers, journey.Barrier{
				Description: fmt.Sprintf("b%d.%d", i, b),
				Severity:    sevs[rng.IntN(len(sevs))],
				Personas:    pick(),
			})
		}
		j.Steps = append(j.Steps, s)
	}
	// Probabilities out of each step: tenths adding up to at most 0.9, so
	// that every persona's outgoing probabilities sum to at most 1 and
	// customers can always leave.
	left := make([]int, n)
	for i := range left {
		left[i] = 9
	}
	seen := map[[2]int]bool{}
	for i, m := 0, rng.IntN(3*n+1); i < m; i++ {
		a, b := rng.IntN(n), rng.IntN(n)
		if seen[[2]int{a, b}] {
			continue
		}
		seen[[2]int{a, b}] = true
		t := journey.Transition{From: j.Steps[a].ID, To: j.Steps[b].ID, Personas: pick()}
		switch {
		case numbers == 1 && left[a] > 0 && rng.IntN(4) > 0:
			d := 1 + rng.IntN(left[a])
			left[a] -= d
			t.Probability = float64(d) / 10
		case numbers == 2 && rng.IntN(4) > 0:
			t.Count = int64(1 + rng.IntN(20))
		}
		j.Transitions = append(j.Transitions, t)
	}
	perm := rng.Perm(n)
	ne := 1 + rng.IntN(min(2, n))
	for _, v := range perm[:ne] {
		j.Entries = append(j.Entries, j.Steps[v].ID)
	}
	rest := perm[ne:]
	if len(rest) == 0 {
		rest = perm
	}
	ng := 1 + rng.IntN(min(2, len(rest)))
	for _, v := range rest[:ng] {
		j.Goals = append(j.Goals, j.Steps[v].ID)
	}
	if len(rest) > ng && rng.IntN(2) == 0 {
		j.Exits = append(j.Exits, j.Steps[rest[ng]].ID)
	}
	return j
}

// TestAnalyzePersonaMatchesForPersona checks the masked persona views of
// Analyze against analysing the journey ForPersona returns, on thousands of
// random journeys.
func TestAnalyzePersonaMatchesForPersona(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	checked := 0
	for iter := 0; iter < 3000; iter++ {
		j := randomJourney(rng, iter%3)
		all, err := analysis.Analyze(ctx, j, analysis.Options{})
		require.NoError(t, err)
		require.Len(t, all.Personas, len(j.Personas))
		for _, p := range j.Personas {
			got, err := analysis.Analyze(ctx, j, analysis.Options{Persona: p.ID})
			require.NoError(t, err)
			require.Equal(t, all.Personas[p.ID], got)

			fp := j.ForPersona(p.ID)
			for i := range fp.Steps {
				fp.Steps[i].Personas = nil
				for b := range fp.Steps[i].Barriers {
					fp.Steps[i].Barriers[b].Personas = nil
				}
			}
			for i := range fp.Transitions {
				fp.Transitions[i].Personas = nil
			}
			if len(fp.Entries) == 0 || len(fp.Goals) == 0 {
				continue // not a valid journey on its own
			}
			checked++
			want, err := analysis.Analyze(ctx, fp, analysis.Options{})
			require.NoError(t, err)
			want.Persona = p.ID
			want.Personas = nil
			requireSameFlow(t, want, got)
			want.Flow, got.Flow = nil, nil
			want.Attribution, got.Attribution = nil, nil
			for i := range want.Paths {
				// Every persona of fp walks every path of fp.
				want.Paths[i].Personas = []string{p.ID}
			}
			for i := range want.Barriers {
				// Analyze keeps a barrier's index in the journey's step,
				// which ForPersona renumbers; the description has it.
				var step int
				_, err := fmt.Sscanf(want.Barriers[i].Description, "b%d.%d", &step, &want.Barriers[i].Index)
				require.NoError(t, err)
			}
			require.Equal(t, len(want.Barriers), len(got.Barriers))
			for i := range want.Barriers {
				if want.Barriers[i].Reach != nil && got.Barriers[i].Reach != nil {
					require.InDelta(t, *want.Barriers[i].Reach, *got.Barriers[i].Reach, 1e-9)
				}
				want.Barriers[i].Reach, got.Barriers[i].Reach = nil, nil
			}
			require.Equal(t, want, got, "iteration %d, persona %s", iter, p.ID)
		}
	}
	require.Greater(t, checked, 1000)
}

func requireSameFlow(t *testing.T, want, got *analysis.Report) {
	t.Helper()
	if want.Flow == nil || got.Flow == nil {
		require.Equal(t, want.Flow == nil, got.Flow == nil)
		return
	}
	const eps = 1e-9
	w, g := want.Flow, got.Flow
	require.InDelta(t, w.Conversion, g.Conversion, eps)
	require.InDelta(t, w.Repeat, g.Repeat, eps)
	require.InDelta(t, w.Trapped, g.Trapped, eps)
	require.Equal(t, len(w.Steps), len(g.Steps))
	for i := range w.Steps {
		require.Equal(t, w.Steps[i].Step, g.Steps[i].Step)
		require.InDelta(t, w.Steps[i].Reach, g.Steps[i].Reach, eps)
		require.InDelta(t, w.Steps[i].Visits, g.Steps[i].Visits, eps)
		require.InDelta(t, w.Steps[i].Leave, g.Steps[i].Leave, eps)
	}
	require.Equal(t, w.Assumed, g.Assumed)
	require.Equal(t, len(want.Attribution.Steps), len(got.Attribution.Steps))
	for i := range want.Attribution.Steps {
		require.Equal(t, want.Attribution.Steps[i].Step, got.Attribution.Steps[i].Step)
		require.InDelta(t, want.Attribution.Steps[i].RemovalEffect, got.Attribution.Steps[i].RemovalEffect, eps)
	}
}

// TestAnalyzePathCostOracle checks the best paths of the report for all
// personas against every simple entry-to-goal path enumerated by brute
// force, each costing the least that a persona who can walk it pays
// (counting only the barriers that apply to that persona), on thousands of
// random journeys.
func TestAnalyzePathCostOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ctx := context.Background()
	checked := 0
	for iter := 0; iter < 3000; iter++ {
		j := randomJourney(rng, 0)
		r, err := analysis.Analyze(ctx, j, analysis.Options{})
		require.NoError(t, err)
		want := bruteForcePaths(j)
		if len(want) > analysis.DefaultK {
			want = want[:analysis.DefaultK]
		}
		require.Equal(t, len(want), len(r.Paths), "iteration %d", iter)
		for i := range want {
			require.Equal(t, want[i].Steps, r.Paths[i].Steps, "iteration %d path %d", iter, i)
			require.Equal(t, want[i].Cost, r.Paths[i].Cost, "iteration %d path %d", iter, i)
			require.Equal(t, want[i].Personas, r.Paths[i].Personas, "iteration %d path %d", iter, i)
		}
		if len(want) > 0 {
			checked++
		}
	}
	require.Greater(t, checked, 1000)
}

// bruteForcePaths lists every simple path from an entry to its first goal,
// walkable by some persona (by anyone, without personas), best first.
func bruteForcePaths(j *journey.Journey) []analysis.Path {
	pos := map[string]int{}
	for i, s := range j.Steps {
		pos[s.ID] = i
	}
	isGoal := map[string]bool{}
	for _, g := range j.Goals {
		isGoal[g] = true
	}
	applies := func(ps []string, p string) bool { return len(ps) == 0 || slices.Contains(ps, p) }
	var out []analysis.Path
	var walk func(path []string)
	walk = func(path []string) {
		last := path[len(path)-1]
		if isGoal[last] {
			p := analysis.Path{Steps: slices.Clone(path), Personas: []string{}, Cost: -1}
			who := []string{""}
			if len(j.Personas) > 0 {
				who = nil
				for _, q := range j.Personas {
					if !slices.Contains(who, q.ID) {
						who = append(who, q.ID)
					}
				}
			}
			for _, q := range who {
				ok, cost := true, int64(0)
				for k, id := range path {
					s := j.Steps[pos[id]]
					if q != "" && !applies(s.Personas, q) {
						ok = false
					}
					if k > 0 && q != "" {
						found := false
						for _, t := range j.Transitions {
							if t.From == path[k-1] && t.To == id && applies(t.Personas, q) {
								found = true
							}
						}
						ok = ok && found
					}
					for _, b := range s.Barriers {
						if q == "" || applies(b.Personas, q) {
							cost += b.Severity.Weight()
						}
					}
				}
				if !ok {
					continue
				}
				if q != "" {
					p.Personas = append(p.Personas, q)
				}
				if p.Cost < 0 || cost < p.Cost {
					p.Cost = cost
				}
			}
			if p.Cost >= 0 {
				out = append(out, p)
			}
			return
		}
		seen := map[string]bool{}
		for _, t := range j.Transitions {
			if t.From != last || slices.Contains(path, t.To) || seen[t.To] {
				continue
			}
			seen[t.To] = true
			walk(append(path, t.To))
		}
	}
	for _, e := range distinct(j.Entries) {
		walk([]string{e})
	}
	slices.SortStableFunc(out, func(a, b analysis.Path) int {
		if a.Cost != b.Cost {
			return int(a.Cost - b.Cost)
		}
		if len(a.Steps) != len(b.Steps) {
			return len(a.Steps) - len(b.Steps)
		}
		for k := range a.Steps {
			if d := pos[a.Steps[k]] - pos[b.Steps[k]]; d != 0 {
				return d
			}
		}
		return 0
	})
	return out
}

func distinct(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// TestAnalyzeBrokenJourneys breaks random journeys in the ways a user can
// (dangling references, duplicate IDs, numbers out of range) and checks that
// Analyze answers with problems or a report, never a panic.
func TestAnalyzeBrokenJourneys(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ctx := context.Background()
	for iter := 0; iter < 2000; iter++ {
		j := randomJourney(rng, iter%3)
		for k, n := 0, 1+rng.IntN(3); k < n; k++ {
			switch rng.IntN(9) {
			case 0:
				if len(j.Transitions) > 0 {
					j.Transitions[rng.IntN(len(j.Transitions))].To = "nowhere"
				}
			case 1:
				j.Steps = append(j.Steps, j.Steps[rng.IntN(len(j.Steps))])
			case 2:
				j.Steps[rng.IntN(len(j.Steps))].Stage = ""
			case 3:
				if len(j.Transitions) > 0 {
					j.Transitions[rng.IntN(len(j.Transitions))].Probability = []float64{math.NaN(), -1, 2, math.Inf(1)}[rng.IntN(4)]
				}
			case 4:
				j.Entries = append(j.Entries, "ghost")
			case 5:
				j.Goals = nil
			case 6:
				j.Steps[rng.IntN(len(j.Steps))].Personas = []string{"stranger"}
			case 7:
				j.Personas = append(j.Personas, j.Personas...)
			case 8:
				j.Steps[rng.IntN(len(j.Steps))].Barriers = []journey.Barrier{{Description: "x", Severity: "dire"}}
			}
		}
		opts := analysis.Options{K: rng.IntN(2*analysis.MaxK) - analysis.MaxK}
		if rng.IntN(3) == 0 {
			opts.EntryWeights = map[string]float64{j.Steps[0].ID: []float64{0, 1, math.NaN(), -2}[rng.IntN(4)]}
		}
		if len(j.Personas) > 0 && rng.IntN(2) == 0 {
			opts.Persona = j.Personas[rng.IntN(len(j.Personas))].ID
		}
		r, err := analysis.Analyze(ctx, j, opts)
		require.True(t, (r == nil) != (err == nil), "iteration %d: report %v, error %v", iter, r != nil, err)
		if err != nil {
			var ps journey.Problems
			require.True(t, errors.As(err, &ps), "iteration %d: %v", iter, err)
			require.NotEmpty(t, ps)
		}
	}
}
