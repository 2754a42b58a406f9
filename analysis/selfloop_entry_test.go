package analysis_test

import (
	"context"
	"math"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
)

// TestSelfLoopEntryStartsOnce mines by hand two customers, a, a, b and c,
// d: entry a's count of 2 is its visits, one of them by its self-loop, so
// one customer starts at a and one at c, and one of the two converts.
func TestSelfLoopEntryStartsOnce(t *testing.T) {
	j := &journey.Journey{ID: "log",
		Stages: []journey.Stage{{ID: "s"}},
		Steps: []journey.Step{
			{ID: "a", Stage: "s", Count: 2}, {ID: "b", Stage: "s", Count: 1},
			{ID: "c", Stage: "s", Count: 1}, {ID: "d", Stage: "s", Count: 1},
		},
		Transitions: []journey.Transition{
			{From: "a", To: "a", Count: 1}, {From: "a", To: "b", Count: 1}, {From: "c", To: "d", Count: 1},
		},
		Entries: []string{"a", "c"}, Goals: []string{"b"}, Exits: []string{"d"},
	}
	r, err := analysis.Analyze(context.Background(), j, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Flow == nil || math.Abs(r.Flow.Conversion-0.5) > 1e-12 {
		t.Fatalf("flow %+v, want conversion 0.5", r.Flow)
	}
}
