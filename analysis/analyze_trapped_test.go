package analysis_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
)

// A loop that customers never leave keeps its share for ever: Conversion
// reports it as Trapped, within Left, and the loop's steps share it by
// their long-run presence.
func TestAnalyzeConversionTrapped(t *testing.T) {
	j := &journey.Journey{
		ID:     "trap",
		Stages: []journey.Stage{{ID: "s"}},
		Steps: []journey.Step{
			{ID: "a", Stage: "s"}, {ID: "b", Stage: "s"}, {ID: "c", Stage: "s"},
			{ID: "d", Stage: "s"}, {ID: "g", Stage: "s"},
		},
		Transitions: []journey.Transition{
			{From: "a", To: "g", Probability: 0.5},
			{From: "a", To: "b", Probability: 0.3},
			{From: "b", To: "c", Probability: 1},
			{From: "c", To: "b", Probability: 1},
			{From: "a", To: "d", Probability: 0.1},
		},
		Entries: []string{"a"},
		Goals:   []string{"g"},
	}
	r, err := analysis.Analyze(context.Background(), j, analysis.Options{})
	require.NoError(t, err)
	c := r.Conversion
	require.NotNil(t, c)
	const eps = 1e-12
	require.InDelta(t, 0.5, c.Rate, eps)
	require.InDelta(t, 0.3, c.Trapped, eps)
	require.InDelta(t, 0.5, c.Left, eps) // 0.1 at a, 0.1 at d, 0.3 trapped
	reach := map[string]float64{}
	leave := 0.0
	for _, f := range c.Steps {
		reach[f.Step] = f.Reach
		leave += f.Leave
	}
	require.InDelta(t, 0.15, reach["b"], eps)
	require.InDelta(t, 0.15, reach["c"], eps)
	require.InDelta(t, c.Left, leave+c.Trapped, eps)
}

// Every entering customer ends at a goal or an exit, leaves at a step or is
// trapped: checked on thousands of random journeys, with and without
// trapping loops.
func TestAnalyzeConversionBalance(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	ctx := context.Background()
	trapped, checked := 0, 0
	for iter := 0; iter < 3000; iter++ {
		j := randomJourney(rng, 1+iter%2)
		// Close some loops: a step's transitions all of probability 1
		// between two steps.
		if iter%3 == 0 && len(j.Steps) >= 2 {
			a, b := j.Steps[rng.IntN(len(j.Steps))].ID, j.Steps[rng.IntN(len(j.Steps))].ID
			var kept []journey.Transition
			for _, tr := range j.Transitions {
				if tr.From != a && tr.From != b {
					kept = append(kept, tr)
				}
			}
			j.Transitions = append(kept,
				journey.Transition{From: a, To: b, Probability: 1},
				journey.Transition{From: b, To: a, Probability: 1})
			if a == b {
				j.Transitions = j.Transitions[:len(j.Transitions)-1]
			}
		}
		if j.Validate() != nil {
			continue
		}
		r, err := analysis.Analyze(ctx, j, analysis.Options{})
		require.NoError(t, err)
		views := []*analysis.Report{r}
		for _, p := range r.Personas {
			views = append(views, p)
		}
		for _, v := range views {
			c := v.Conversion
			if c == nil {
				continue
			}
			checked++
			if c.Trapped > 0 {
				trapped++
			}
			exits := 0.0
			for _, x := range c.Exits {
				exits += x
			}
			leave := 0.0
			for _, f := range c.Steps {
				leave += f.Leave
				require.False(t, math.IsNaN(f.Reach) || math.IsInf(f.Reach, 0))
			}
			const eps = 1e-9
			require.GreaterOrEqual(t, c.Trapped, 0.0)
			require.InDelta(t, c.Left, leave+c.Trapped, eps, "iteration %d", iter)
			if c.Rate+exits+c.Left > eps { // someone enters
				require.InDelta(t, 1, c.Rate+exits+c.Left, eps, "iteration %d", iter)
			}
		}
	}
	require.Greater(t, checked, 1000)
	require.Greater(t, trapped, 100)
	t.Logf("%d views with conversion, %d with customers trapped", checked, trapped)
}
