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
	"gonum.org/v1/gonum/mat"

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
			requireSameConversion(t, want.Conversion, got.Conversion)
			want.Conversion, got.Conversion = nil, nil
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

func requireSameConversion(t *testing.T, want, got *analysis.Conversion) {
	t.Helper()
	if want == nil || got == nil {
		require.Equal(t, want == nil, got == nil)
		return
	}
	const eps = 1e-9
	require.InDelta(t, want.Rate, got.Rate, eps)
	require.InDelta(t, want.Left, got.Left, eps)
	require.Equal(t, len(want.Steps), len(got.Steps))
	for i := range want.Steps {
		require.Equal(t, want.Steps[i].Step, got.Steps[i].Step)
		require.InDelta(t, want.Steps[i].Reach, got.Steps[i].Reach, eps)
		require.InDelta(t, want.Steps[i].Leave, got.Steps[i].Leave, eps)
	}
	require.Equal(t, want.Assumed, got.Assumed)
}

// TestAnalyzeConversionOracle checks Conversion against a dense solve with
// gonum of the chain built straight from the journey's strings, on thousands
// of random journeys with probabilities or counts.
func TestAnalyzeConversionOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ctx := context.Background()
	checked := 0
	for iter := 0; iter < 3000; iter++ {
		j := randomJourney(rng, 1+iter%2)
		r, err := analysis.Analyze(ctx, j, analysis.Options{})
		require.NoError(t, err)
		visits, ok := oracleVisits(j)
		if !ok {
			continue // customers can be trapped in a loop forever
		}
		checked++
		c := r.Conversion
		if c == nil {
			require.False(t, hasNumbers(j), "iteration %d", iter)
			continue
		}
		const eps = 1e-9
		rate, exits := 0.0, 0.0
		for _, g := range distinct(j.Goals) {
			require.InDelta(t, visits[g], c.Goals[g], eps, "iteration %d goal %s", iter, g)
			rate += visits[g]
		}
		for _, x := range distinct(j.Exits) {
			require.InDelta(t, visits[x], c.Exits[x], eps)
			exits += visits[x]
		}
		require.InDelta(t, rate, c.Rate, eps, "iteration %d", iter)
		require.InDelta(t, max(0, 1-rate-exits), c.Left, eps, "iteration %d", iter)
		for _, f := range c.Steps {
			require.InDelta(t, visits[f.Step], f.Reach, eps, "iteration %d step %s", iter, f.Step)
		}
		leave := 0.0
		for _, f := range c.Steps {
			leave += f.Leave
		}
		require.InDelta(t, c.Left, leave, eps, "iteration %d", iter)
	}
	require.Greater(t, checked, 1000)
}

func hasNumbers(j *journey.Journey) bool {
	for _, t := range j.Transitions {
		if t.Probability > 0 || t.Count > 0 {
			return true
		}
	}
	return false
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

// oracleVisits solves for the expected visits to every step, straight from
// the rules in Analyze's doc comment, with a dense gonum solve. It reports
// false when the system is singular.
func oracleVisits(j *journey.Journey) (map[string]float64, bool) {
	n := len(j.Steps)
	at := map[string]int{}
	for i, s := range j.Steps {
		at[s.ID] = i
	}
	absorbing := func(id string) bool { return slices.Contains(j.Goals, id) || slices.Contains(j.Exits, id) }
	a := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		a.Set(i, i, 1)
	}
	for _, s := range j.Steps {
		if absorbing(s.ID) {
			continue
		}
		var out []journey.Transition
		for _, t := range j.Transitions {
			if t.From == s.ID {
				out = append(out, t)
			}
		}
		sumP, nP, sumC := 0.0, 0, 0.0
		for _, t := range out {
			if t.Probability > 0 {
				sumP += t.Probability
				nP++
			} else if t.Count > 0 {
				sumC += float64(t.Count)
			}
		}
		for _, t := range out {
			var p float64
			switch {
			case nP > 0 && t.Probability > 0:
				p = t.Probability / max(1, sumP)
			case nP > 0:
				p = max(0, 1-sumP) / float64(len(out)-nP)
			case sumC > 0:
				p = float64(t.Count) / sumC
			default:
				p = 1 / float64(len(out))
			}
			from, to := at[s.ID], at[t.To]
			a.Set(to, from, a.At(to, from)-p)
		}
	}
	b := mat.NewVecDense(n, nil)
	entries := distinct(j.Entries)
	for _, e := range entries {
		b.SetVec(at[e], 1/float64(len(entries)))
	}
	var x mat.VecDense
	if err := x.SolveVec(a, b); err != nil {
		var c mat.Condition
		if errors.As(err, &c) {
			return nil, false
		}
		panic(err)
	}
	if mat.Cond(a, 1) > 1e8 {
		return nil, false
	}
	out := map[string]float64{}
	for i, s := range j.Steps {
		out[s.ID] = x.AtVec(i)
		if math.IsNaN(out[s.ID]) {
			return nil, false
		}
	}
	return out, true
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
