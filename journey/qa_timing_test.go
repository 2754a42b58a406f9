package journey

import (
	"errors"
	"math"
	"slices"
	"testing"
)

// TestTimingBothFiguresBad: a timing whose median and 90th percentile are
// both wrong reports both, every problem at once (the p90 went unsaid).
func TestTimingBothFiguresBad(t *testing.T) {
	j := &Journey{ID: "x", Stages: []Stage{{ID: "s"}},
		Steps:       []Step{{ID: "a", Stage: "s"}, {ID: "b", Stage: "s"}},
		Transitions: []Transition{{From: "a", To: "b", Time: &Timing{Median: math.Inf(1), P90: math.NaN()}}},
		Entries:     []string{"a"}, Goals: []string{"b"}}
	var ps Problems
	if err := j.Validate(); !errors.As(err, &ps) {
		t.Fatalf("%v", err)
	}
	var paths []string
	for _, p := range ps {
		if p.Code == CodeInvalidTiming {
			paths = append(paths, p.Path)
		}
	}
	if want := []string{"transitions[0].time.median", "transitions[0].time.p90"}; !slices.Equal(paths, want) {
		t.Errorf("paths %v, want %v", paths, want)
	}
}
