package analysis_test

import (
	"context"
	"math"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
)

const eps = 1e-9

func near(a, b float64) bool { return math.Abs(a-b) < eps }

func analyze(t *testing.T, j *journey.Journey, opts analysis.Options) *analysis.Report {
	t.Helper()
	r, err := analysis.Analyze(context.Background(), j, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func stepFlow(t *testing.T, f *analysis.Flow, id string) analysis.StepFlow {
	t.Helper()
	for _, s := range f.Steps {
		if s.Step == id {
			return s
		}
	}
	t.Fatalf("no flow for step %s", id)
	return analysis.StepFlow{}
}

func credit(t *testing.T, a *analysis.Attribution, id string) analysis.Credit {
	t.Helper()
	for _, s := range a.Steps {
		if s.Step == id {
			return s.Credit
		}
	}
	t.Fatalf("no credit for step %s", id)
	return analysis.Credit{}
}

// plain builds a journey of one stage from steps and transitions.
func plain(steps []journey.Step, trs []journey.Transition, entries, goals, exits []string) *journey.Journey {
	j := &journey.Journey{ID: "j", Name: "j", Stages: []journey.Stage{{ID: "s", Name: "s"}},
		Entries: entries, Goals: goals, Exits: exits, Transitions: trs}
	for _, s := range steps {
		if s.Stage == "" {
			s.Stage = "s"
		}
		if s.Action == "" {
			s.Action = s.ID
		}
		j.Steps = append(j.Steps, s)
	}
	return j
}

// TestBryl checks the published example of Bryl (2016), "Marketing
// Multi-Channel Attribution model with R": three paths, C1 > C2 > C3
// converted, C1 not, C2 > C3 not. As a journey with counts: conversion 1/3,
// removal effects C1 0.5, C2 1, C3 1, shares 0.2, 0.4, 0.4.
func TestBryl(t *testing.T) {
	j := plain([]journey.Step{{ID: "C1", Count: 2}, {ID: "C2", Count: 2}, {ID: "C3", Count: 2}, {ID: "conv", Count: 1}},
		[]journey.Transition{{From: "C1", To: "C2", Count: 1}, {From: "C2", To: "C3", Count: 2}, {From: "C3", To: "conv", Count: 1}},
		[]string{"C1", "C2"}, []string{"conv"}, nil)
	r := analyze(t, j, analysis.Options{})
	if r.Flow == nil {
		t.Fatal("no flow")
	}
	if !near(r.Flow.Conversion, 1.0/3) {
		t.Errorf("conversion %v, want 1/3", r.Flow.Conversion)
	}
	if !near(r.Flow.Customers, 3) || !near(r.Flow.Converted, 1) {
		t.Errorf("customers %v converted %v, want 3 and 1", r.Flow.Customers, r.Flow.Converted)
	}
	for _, c := range []struct {
		id            string
		effect, share float64
	}{{"C1", 0.5, 0.2}, {"C2", 1, 0.4}, {"C3", 1, 0.4}} {
		got := credit(t, r.Attribution, c.id)
		if !near(got.RemovalEffect, c.effect) || !near(got.Share, c.share) || got.Conversions == nil || !near(*got.Conversions, c.share) {
			t.Errorf("%s: %+v, want removal effect %v share %v", c.id, got, c.effect, c.share)
		}
	}
	var sum float64
	for _, s := range r.Flow.Steps {
		sum += s.Leave
	}
	if !near(sum, 1) {
		t.Errorf("leave sums to %v, want 1", sum)
	}
}

// TestFlowPastTheGoal: a bank journey with counts that goes on past the
// goal (first use, recommendation) and loses customers at every step.
func TestFlowPastTheGoal(t *testing.T) {
	j := &journey.Journey{ID: "bank", Name: "bank",
		Stages: []journey.Stage{{ID: "aware", Name: "a"}, {ID: "open", Name: "o"}, {ID: "use", Name: "u"}},
		Steps: []journey.Step{
			{ID: "ad", Stage: "aware", Action: "x", Count: 100},
			{ID: "site", Stage: "aware", Action: "x", Count: 80},
			{ID: "apply", Stage: "open", Action: "x", Count: 40},
			{ID: "opened", Stage: "open", Action: "x", Count: 20},
			{ID: "first-use", Stage: "use", Action: "x", Count: 15},
			{ID: "recommends", Stage: "use", Action: "x"},
		},
		Transitions: []journey.Transition{
			{From: "ad", To: "site", Count: 80},
			{From: "site", To: "apply", Count: 40},
			{From: "apply", To: "opened", Count: 20},
			{From: "opened", To: "first-use", Count: 15},
			{From: "first-use", To: "recommends", Count: 5},
		},
		Entries: []string{"ad"}, Goals: []string{"opened"},
	}
	r := analyze(t, j, analysis.Options{})
	if len(r.DeadEnds) != 0 {
		t.Errorf("dead ends %v, want none: first-use and recommends come after the goal", r.DeadEnds)
	}
	f := r.Flow
	if !near(f.Conversion, 0.2) || !near(f.Customers, 100) || !near(f.Converted, 20) || f.Repeat != 0 {
		t.Errorf("flow %+v", f)
	}
	want := map[string][3]float64{ // reach, visits, leave
		"ad": {1, 1, 0.2}, "site": {0.8, 0.8, 0.4}, "apply": {0.4, 0.4, 0.2},
		"opened": {0.2, 0.2, 0.05}, "first-use": {0.15, 0.15, 0.1}, "recommends": {0.05, 0.05, 0.05},
	}
	for id, w := range want {
		s := stepFlow(t, f, id)
		if !near(s.Reach, w[0]) || !near(s.Visits, w[1]) || !near(s.Leave, w[2]) {
			t.Errorf("%s: %+v, want reach %v visits %v leave %v", id, s, w[0], w[1], w[2])
		}
	}
	if st := f.Stages[2]; st.Stage != "use" || !near(st.Reach, 0.15) || !near(st.Leave, 0.15) {
		t.Errorf("stage use %+v, want reach 0.15 leave 0.15", st)
	}
	for id, re := range map[string]float64{"ad": 1, "site": 1, "apply": 1, "first-use": 0, "recommends": 0} {
		c := credit(t, r.Attribution, id)
		if !near(c.RemovalEffect, re) || c.Conversions == nil || !near(*c.Conversions, re*20/3) {
			t.Errorf("%s: %+v, want removal effect %v", id, c, re)
		}
	}
}

// TestFlowRepeatPurchase: a loop through the goal. Half the customers buy;
// 0.8 of buyers use the product and 0.25 of users buy again: repeat 0.2.
func TestFlowRepeatPurchase(t *testing.T) {
	j := plain([]journey.Step{{ID: "e"}, {ID: "buy"}, {ID: "use"}},
		[]journey.Transition{{From: "e", To: "buy", Probability: 0.5}, {From: "buy", To: "use", Probability: 0.8}, {From: "use", To: "buy", Probability: 0.25}},
		[]string{"e"}, []string{"buy"}, nil)
	r := analyze(t, j, analysis.Options{})
	f := r.Flow
	if !near(f.Conversion, 0.5) || !near(f.Repeat, 0.2) {
		t.Errorf("conversion %v repeat %v, want 0.5 and 0.2", f.Conversion, f.Repeat)
	}
	// buy: visits 0.5 + 0.25*0.8*visits = 0.625; comes back with chance 0.2.
	for id, w := range map[string][3]float64{"e": {1, 1, 0.5}, "buy": {0.5, 0.625, 0.125}, "use": {0.4, 0.5, 0.375}} {
		s := stepFlow(t, f, id)
		if !near(s.Reach, w[0]) || !near(s.Visits, w[1]) || !near(s.Leave, w[2]) {
			t.Errorf("%s: %+v, want %v", id, s, w)
		}
	}
	if len(r.Cycles) != 1 || len(r.Cycles[0]) != 2 || r.Cycles[0][0] != "buy" || r.Cycles[0][1] != "use" {
		t.Errorf("cycles %v, want [[buy use]]", r.Cycles)
	}
	if len(r.DeadEnds) != 0 {
		t.Errorf("dead ends %v", r.DeadEnds)
	}
	if c := credit(t, r.Attribution, "use"); c.RemovalEffect != 0 {
		t.Errorf("use: %+v: removing it loses no first conversion", c)
	}
}

// TestFlowMixedNumbers: a step with one transition given a probability and
// one given a count: both count; the rest leave.
func TestFlowMixedNumbers(t *testing.T) {
	j := plain([]journey.Step{{ID: "a", Count: 100}, {ID: "b"}, {ID: "c"}, {ID: "g"}},
		[]journey.Transition{{From: "a", To: "b", Probability: 0.3}, {From: "a", To: "c", Count: 50},
			{From: "b", To: "g", Probability: 1}, {From: "c", To: "g", Count: 25}},
		[]string{"a"}, []string{"g"}, nil)
	r := analyze(t, j, analysis.Options{})
	if !near(r.Flow.Conversion, 0.3+0.5*0.5) {
		t.Errorf("conversion %v, want 0.55", r.Flow.Conversion)
	}
	if s := stepFlow(t, r.Flow, "a"); !near(s.Leave, 0.2) {
		t.Errorf("a leaves %v, want 0.2", s.Leave)
	}
	if len(r.LikelyPaths) != 2 || !near(r.LikelyPaths[0].Probability, 0.3) || !near(r.LikelyPaths[1].Probability, 0.25) {
		t.Errorf("likely paths %+v", r.LikelyPaths)
	}
}

// TestDeadEndsAndLoops: a step after the goal with no way on is where the
// journey ends; a step reached before the goal from which no goal or exit
// can be reached is a dead end, even if customers also reach it after the
// goal. Loops come in the order customers go round.
func TestDeadEndsAndLoops(t *testing.T) {
	j := plain([]journey.Step{{ID: "e"}, {ID: "g"}, {ID: "after"}, {ID: "m"}, {ID: "x"}, {ID: "stuck"}, {ID: "l1"}, {ID: "l3"}, {ID: "l2"}},
		[]journey.Transition{{From: "e", To: "g"}, {From: "g", To: "after"}, {From: "e", To: "m"}, {From: "g", To: "m"},
			{From: "e", To: "x"}, {From: "x", To: "stuck"},
			{From: "e", To: "l1"}, {From: "l1", To: "l2"}, {From: "l2", To: "l3"}, {From: "l3", To: "l1"}, {From: "l3", To: "g"}},
		[]string{"e"}, []string{"g"}, nil)
	r := analyze(t, j, analysis.Options{})
	want := []string{"m", "x", "stuck"}
	if len(r.DeadEnds) != len(want) {
		t.Fatalf("dead ends %v, want %v", r.DeadEnds, want)
	}
	for i := range want {
		if r.DeadEnds[i] != want[i] {
			t.Fatalf("dead ends %v, want %v", r.DeadEnds, want)
		}
	}
	if len(r.Cycles) != 1 || len(r.Cycles[0]) != 3 || r.Cycles[0][0] != "l1" || r.Cycles[0][1] != "l2" || r.Cycles[0][2] != "l3" {
		t.Errorf("cycles %v, want [[l1 l2 l3]]", r.Cycles)
	}
	if r.Flow != nil {
		t.Errorf("flow without numbers: %+v", r.Flow)
	}
}

// TestFlowCountsPerPersona: a journey mined with segments. Each persona's
// flow uses its own counts; the all-personas flow weighs the personas by
// their entering customers, so that customers are conserved in every view:
// 100 young (80 go on, 40 convert) and 300 retired (60 go on, 30 convert)
// make 400 customers of whom 70 convert.
func TestFlowCountsPerPersona(t *testing.T) {
	j := plain([]journey.Step{
		{ID: "ad", Count: 400, Counts: map[string]int64{"young": 100, "retired": 300}},
		{ID: "form", Count: 140, Counts: map[string]int64{"young": 80, "retired": 60}},
		{ID: "open", Count: 70, Counts: map[string]int64{"young": 40, "retired": 30}},
	}, []journey.Transition{
		{From: "ad", To: "form", Count: 80, Personas: []string{"young"}},
		{From: "ad", To: "form", Count: 60, Personas: []string{"retired"}},
		{From: "form", To: "open", Count: 40, Personas: []string{"young"}},
		{From: "form", To: "open", Count: 30, Personas: []string{"retired"}},
	}, []string{"ad"}, []string{"open"}, nil)
	j.Personas = []persona.Persona{{ID: "young", Name: "young"}, {ID: "retired", Name: "retired"}}
	r := analyze(t, j, analysis.Options{})
	for _, c := range []struct {
		f                    *analysis.Flow
		conv, customers, got float64
	}{
		{r.Flow, 70.0 / 400, 400, 70},
		{r.Personas["young"].Flow, 0.4, 100, 40},
		{r.Personas["retired"].Flow, 0.1, 300, 30},
	} {
		if !near(c.f.Conversion, c.conv) || !near(c.f.Customers, c.customers) || !near(c.f.Converted, c.got) {
			t.Errorf("flow %+v, want conversion %v of %v customers", c.f, c.conv, c.customers)
		}
	}
	if s := stepFlow(t, r.Flow, "form"); !near(s.Reach, 140.0/400) || !near(s.Leave, 70.0/400) {
		t.Errorf("form: %+v", s)
	}
}

// TestPathCostPerPersona: the bank. A blocker that applies to
// retirees only, at video identification, is not charged to the Instagram
// path only young professionals take: that path costs 110, the young
// professional's barriers, in their report and in the overview.
func TestPathCostPerPersona(t *testing.T) {
	j := plain([]journey.Step{
		{ID: "instagram", Personas: []string{"young"}, Barriers: []journey.Barrier{{Description: "ad too loud", Severity: journey.Medium}}},
		{ID: "branch", Personas: []string{"retired"}},
		{ID: "video-ident", Barriers: []journey.Barrier{
			{Description: "cannot use the camera", Severity: journey.Blocker, Personas: []string{"retired"}},
			{Description: "slow", Severity: journey.High},
		}},
		{ID: "opened"},
	}, []journey.Transition{
		{From: "instagram", To: "video-ident"}, {From: "branch", To: "video-ident"}, {From: "video-ident", To: "opened"},
	}, []string{"instagram", "branch"}, []string{"opened"}, nil)
	j.Personas = []persona.Persona{{ID: "young", Name: "young"}, {ID: "retired", Name: "retired"}}
	r := analyze(t, j, analysis.Options{})
	if len(r.Paths) != 2 {
		t.Fatalf("paths %+v", r.Paths)
	}
	if p := r.Paths[0]; p.Steps[0] != "instagram" || p.Cost != 110 || len(p.Personas) != 1 || p.Personas[0] != "young" {
		t.Errorf("best path %+v, want instagram at 110 for young", p)
	}
	if p := r.Paths[1]; p.Steps[0] != "branch" || p.Cost != 1100 || len(p.Personas) != 1 || p.Personas[0] != "retired" {
		t.Errorf("second path %+v, want branch at 1100 for retired", p)
	}
	if p := r.Personas["young"].Paths[0]; p.Cost != 110 {
		t.Errorf("young's path %+v", p)
	}
}

// TestFlowStatedZeroAtEntry: a designed journey with two entries for every
// persona, laid with the counts of a log where the young always start at
// the ad and the retired at the branch. A persona's 0 in an entry's Counts
// is a count (counted, nobody came), so each persona starts where it did,
// and nothing rests on an equal split: 100 young, 40 of whom convert, and
// 300 retired, 30 of whom do.
func TestFlowStatedZeroAtEntry(t *testing.T) {
	j := plain([]journey.Step{
		{ID: "ad", Count: 100, Counts: map[string]int64{"young": 100, "retired": 0}},
		{ID: "branch", Count: 300, Counts: map[string]int64{"young": 0, "retired": 300}},
		{ID: "open", Count: 70, Counts: map[string]int64{"young": 40, "retired": 30}},
	}, []journey.Transition{
		{From: "ad", To: "open", Count: 40, Personas: []string{"young"}},
		{From: "branch", To: "open", Count: 30, Personas: []string{"retired"}},
	}, []string{"ad", "branch"}, []string{"open"}, nil)
	j.Personas = []persona.Persona{{ID: "young", Name: "young"}, {ID: "retired", Name: "retired"}}
	r := analyze(t, j, analysis.Options{})
	for _, c := range []struct {
		name                 string
		f                    *analysis.Flow
		conv, customers, got float64
	}{
		{"all", r.Flow, 70.0 / 400, 400, 70},
		{"young", r.Personas["young"].Flow, 0.4, 100, 40},
		{"retired", r.Personas["retired"].Flow, 0.1, 300, 30},
	} {
		if !near(c.f.Conversion, c.conv) || !near(c.f.Customers, c.customers) || !near(c.f.Converted, c.got) {
			t.Errorf("%s: flow %+v, want conversion %v of %v customers", c.name, c.f, c.conv, c.customers)
		}
	}
	if s := stepFlow(t, r.Personas["young"].Flow, "branch"); s.Reach != 0 {
		t.Errorf("the young reach the branch: %+v", s)
	}
	if a := r.Personas["young"].Flow.Assumed; len(a) != 0 {
		t.Errorf("the young's flow rests on an equal split at %v, where they were counted 0", a)
	}
	// Left out of Counts, a persona's number is not stated: the entries
	// share equally.
	delete(j.Steps[1].Counts, "young")
	r = analyze(t, j, analysis.Options{})
	if s := stepFlow(t, r.Personas["young"].Flow, "branch"); !near(s.Reach, 0.5) {
		t.Errorf("young at the branch with its count not stated: %+v, want an equal split", s)
	}
}

// TestFlowStatedZeroEverywhere: a persona counted 0 at every entry has
// nobody entering: its flow is all 0, not an equal split, and it does not
// weigh in the figures for all personas.
func TestFlowStatedZeroEverywhere(t *testing.T) {
	j := plain([]journey.Step{
		{ID: "e1", Count: 10, Counts: map[string]int64{"a": 10, "b": 0}},
		{ID: "e2", Counts: map[string]int64{"a": 0, "b": 0}},
		{ID: "buy", Count: 3, Counts: map[string]int64{"a": 3, "b": 0}},
	}, []journey.Transition{
		{From: "e1", To: "buy", Count: 3, Personas: []string{"a"}},
		{From: "e2", To: "buy"},
	}, []string{"e1", "e2"}, []string{"buy"}, nil)
	j.Personas = []persona.Persona{{ID: "a", Name: "a"}, {ID: "b", Name: "b"}}
	r := analyze(t, j, analysis.Options{})
	if f := r.Personas["b"].Flow; f != nil && (f.Conversion != 0 || f.Customers != 0) {
		t.Errorf("b: %+v, want nobody", f)
	}
	if f := r.Flow; !near(f.Conversion, 0.3) || !near(f.Customers, 10) {
		t.Errorf("all: %+v, want a's 3 of 10", f)
	}
}
