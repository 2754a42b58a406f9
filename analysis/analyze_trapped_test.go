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

// A loop that customers never leave keeps its share for ever: the flow
// reports it as Trapped; every customer who enters the loop reaches each of
// its steps, and the steps' visits are their long-run presence.
func TestAnalyzeFlowTrapped(t *testing.T) {
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
	c := r.Flow
	require.NotNil(t, c)
	const eps = 1e-12
	require.InDelta(t, 0.5, c.Conversion, eps)
	require.InDelta(t, 0.3, c.Trapped, eps)
	reach := map[string]float64{}
	visits := map[string]float64{}
	leave := map[string]float64{}
	total := 0.0
	for _, f := range c.Steps {
		reach[f.Step], visits[f.Step], leave[f.Step] = f.Reach, f.Visits, f.Leave
		total += f.Leave
	}
	require.InDelta(t, 0.3, reach["b"], eps)
	require.InDelta(t, 0.3, reach["c"], eps)
	require.InDelta(t, 0.15, visits["b"], eps)
	require.InDelta(t, 0.1, leave["a"], eps)
	require.InDelta(t, 0.1, leave["d"], eps)
	require.InDelta(t, 0.5, leave["g"], eps)
	require.InDelta(t, 1, total+c.Trapped, eps)
	// Removing b or c loses nobody who would convert.
	for _, sc := range r.Attribution.Steps {
		if sc.Step == "b" || sc.Step == "c" || sc.Step == "d" {
			require.InDelta(t, 0, sc.RemovalEffect, eps, sc.Step)
		}
	}
}

// Every entering customer ends at a goal or an exit, leaves at a step or is
// trapped: checked on thousands of random journeys, with and without
// trapping loops.
func TestAnalyzeFlowBalance(t *testing.T) {
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
			c := v.Flow
			if c == nil {
				continue
			}
			checked++
			if c.Trapped > 0 {
				trapped++
			}
			leave := 0.0
			for _, f := range c.Steps {
				leave += f.Leave
				require.False(t, math.IsNaN(f.Reach) || math.IsInf(f.Reach, 0))
				require.LessOrEqual(t, f.Reach, 1.0)
				if c.Trapped == 0 { // in a trap, visits are the long-run share
					require.GreaterOrEqual(t, f.Visits+1e-12, f.Reach, "iteration %d step %s", iter, f.Step)
				}
			}
			const eps = 1e-9
			require.GreaterOrEqual(t, c.Trapped, 0.0)
			if leave+c.Trapped > eps { // someone enters the view
				require.InDelta(t, 1, leave+c.Trapped, eps, "iteration %d", iter)
			}
		}
	}
	require.Greater(t, checked, 1000)
	require.Greater(t, trapped, 100)
	t.Logf("%d views with conversion, %d with customers trapped", checked, trapped)
}
