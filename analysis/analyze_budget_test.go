package analysis

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
)

// TestAnalyzePathBudgetShared checks that the best-path searches of all the
// persona views of one Analyze share one budget: with many personas and a
// small budget, later views are cut (and say so) instead of each running to
// its own limit, and a view that was not cut has the paths an analysis of
// that persona alone finds.
func TestAnalyzePathBudgetShared(t *testing.T) {
	defer func(b int64) { pathWorkBudget = b }(pathWorkBudget)
	pathWorkBudget = 10000000

	const steps, personas = 120, 40
	j := &journey.Journey{ID: "many", Stages: []journey.Stage{{ID: "s"}}}
	for i := range personas {
		j.Personas = append(j.Personas, persona.Persona{ID: fmt.Sprintf("p%02d", i)})
	}
	for i := range steps {
		j.Steps = append(j.Steps, journey.Step{ID: fmt.Sprintf("v%03d", i), Stage: "s"})
		if i > 0 {
			j.Transitions = append(j.Transitions, journey.Transition{From: fmt.Sprintf("v%03d", i-1), To: fmt.Sprintf("v%03d", i)})
		}
		if i > 1 {
			j.Transitions = append(j.Transitions, journey.Transition{From: fmt.Sprintf("v%03d", i-2), To: fmt.Sprintf("v%03d", i)})
		}
	}
	j.Entries, j.Goals = []string{"v000"}, []string{fmt.Sprintf("v%03d", steps-1)}

	r, err := Analyze(context.Background(), j, Options{K: 200})
	if err != nil {
		t.Fatal(err)
	}
	cut, whole := 0, ""
	for _, p := range j.Personas {
		pr := r.Personas[p.ID]
		if pr.PathsCut {
			cut++
		} else if whole == "" {
			whole = p.ID
		}
	}
	t.Logf("%d of %d persona reports cut; first whole: %q", cut, personas, whole)
	if cut == 0 {
		t.Fatalf("no persona report was cut with a budget of %d", pathWorkBudget)
	}
	if whole == "" {
		t.Fatalf("every persona report was cut with a budget of %d", pathWorkBudget)
	}
	{
		pathWorkBudget = 1 << 26
		alone, err := Analyze(context.Background(), j, Options{K: 200, Persona: whole})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(r.Personas[whole].Paths, alone.Paths, func(a, b Path) bool { return slices.Equal(a.Steps, b.Steps) }) {
			t.Errorf("persona %s: paths differ from its analysis alone", whole)
		}
	}
}
