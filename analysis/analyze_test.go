package analysis_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/internal/gen"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// furniture is a hand-solved journey: three personas (corp and family with
// steps and barriers of their own, student who cannot reach the goal), two
// entries, a renewal loop after the purchase, a dead end, an exit, a silent
// stage, an empty stage, an unreachable stage and an unused touchpoint.
func furniture() *journey.Journey {
	return &journey.Journey{
		ID:       "furniture",
		Personas: []persona.Persona{{ID: "corp"}, {ID: "family"}, {ID: "student"}},
		Touchpoints: []touchpoint.Touchpoint{
			{ID: "ads"}, {ID: "site"}, {ID: "store"}, {ID: "phone"},
		},
		Stages: []journey.Stage{
			{ID: "aware"}, {ID: "consider"}, {ID: "buy"}, {ID: "service"}, {ID: "loyalty"}, {ID: "lost"},
		},
		Steps: []journey.Step{
			{ID: "ad", Stage: "aware", Touchpoint: "ads"},
			{ID: "search", Stage: "aware", Touchpoint: "site", Emotion: 1, Personas: []string{"family"}},
			{ID: "compare", Stage: "consider", Touchpoint: "site", Emotion: -1, Barriers: []journey.Barrier{
				{Description: "price too high", Severity: journey.High, Kind: "price", Personas: []string{"corp"}},
				{Description: "too many options", Severity: journey.Low},
			}},
			{ID: "showroom", Stage: "consider", Touchpoint: "store", Emotion: 1, Personas: []string{"family"},
				Barriers: []journey.Barrier{{Description: "far away", Severity: journey.Medium}}},
			{ID: "quote", Stage: "consider", Touchpoint: "store", Personas: []string{"corp"}},
			{ID: "order", Stage: "buy", Touchpoint: "site", Emotion: 2,
				Barriers: []journey.Barrier{{Description: "slow checkout", Severity: journey.Low}}},
			{ID: "renew", Stage: "service", Emotion: 1},
			{ID: "install", Stage: "service"},
			{ID: "old", Stage: "lost", Touchpoint: "store",
				Barriers: []journey.Barrier{{Description: "broken page", Severity: journey.Blocker}}},
		},
		Transitions: []journey.Transition{
			{From: "ad", To: "compare"},
			{From: "search", To: "showroom", Personas: []string{"family"}},
			{From: "compare", To: "order", Personas: []string{"corp", "family"}},
			{From: "compare", To: "quote", Personas: []string{"corp"}},
			{From: "showroom", To: "order"},
			{From: "order", To: "renew"},
			{From: "renew", To: "order"},
			{From: "order", To: "install"},
			{From: "old", To: "ad"},
		},
		Entries: []string{"ad", "search"},
		Goals:   []string{"order"},
		Exits:   []string{"install"},
	}
}

func silent(stage string) analysis.Gap {
	return analysis.Gap{Kind: analysis.GapSilentStage, Stage: stage,
		Message: `no step of stage "` + stage + `" has a touchpoint: the brand is silent there`}
}

func empty(stage string) analysis.Gap {
	return analysis.Gap{Kind: analysis.GapEmptyStage, Stage: stage, Message: `stage "` + stage + `" has no steps`}
}

func unused(tp string) analysis.Gap {
	return analysis.Gap{Kind: analysis.GapUnusedTouchpoint, Touchpoint: tp, Message: `touchpoint "` + tp + `" is used by no step`}
}

func noGoal(p string) analysis.Gap {
	return analysis.Gap{Kind: analysis.GapPersonaNoGoal, Persona: p, Message: `persona "` + p + `" cannot reach any goal`}
}

func barrier(step, stage string, index int, desc string, sev journey.Severity, kind string, critical, reachable bool, personas ...string) analysis.BarrierFinding {
	return analysis.BarrierFinding{Step: step, Stage: stage, Index: index, Description: desc, Severity: sev,
		Kind: kind, Personas: personas, Critical: critical, Reachable: reachable}
}

func furnitureWant() *analysis.Report {
	all := []string{"corp", "family", "student"}
	corp := &analysis.Report{
		Journey:           "furniture",
		Persona:           "corp",
		UnreachableSteps:  []string{"old"},
		UnreachableStages: []string{"lost"},
		DeadEnds:          []string{"quote"},
		CriticalSteps:     []string{"ad", "compare", "order"},
		Cycles:            [][]string{{"order", "renew"}},
		Gaps:              []analysis.Gap{silent("service"), empty("loyalty"), unused("phone")},
		Barriers: []analysis.BarrierFinding{
			barrier("old", "lost", 0, "broken page", journey.Blocker, "", false, false, "corp"),
			barrier("compare", "consider", 0, "price too high", journey.High, "price", true, true, "corp"),
			barrier("compare", "consider", 1, "too many options", journey.Low, "", true, true, "corp"),
			barrier("order", "buy", 0, "slow checkout", journey.Low, "", true, true, "corp"),
		},
		Paths: []analysis.Path{
			{Steps: []string{"ad", "compare", "order"}, Personas: []string{"corp"}, Cost: 102, Barriers: 3, Emotions: []int{0, -1, 2}, Lowest: -1, LowestStep: "compare"},
		},
		LikelyPaths: []analysis.LikelyPath{},
	}
	family := &analysis.Report{
		Journey:           "furniture",
		Persona:           "family",
		UnreachableSteps:  []string{"old"},
		UnreachableStages: []string{"lost"},
		DeadEnds:          []string{},
		CriticalSteps:     []string{"order"},
		Cycles:            [][]string{{"order", "renew"}},
		Gaps:              []analysis.Gap{silent("service"), empty("loyalty"), unused("phone")},
		Barriers: []analysis.BarrierFinding{
			barrier("old", "lost", 0, "broken page", journey.Blocker, "", false, false, "family"),
			barrier("showroom", "consider", 0, "far away", journey.Medium, "", false, true, "family"),
			barrier("order", "buy", 0, "slow checkout", journey.Low, "", true, true, "family"),
			barrier("compare", "consider", 1, "too many options", journey.Low, "", false, true, "family"),
		},
		Paths: []analysis.Path{
			{Steps: []string{"ad", "compare", "order"}, Personas: []string{"family"}, Cost: 2, Barriers: 2, Emotions: []int{0, -1, 2}, Lowest: -1, LowestStep: "compare"},
			{Steps: []string{"search", "showroom", "order"}, Personas: []string{"family"}, Cost: 11, Barriers: 2, Emotions: []int{1, 1, 2}, Lowest: 1, LowestStep: "search"},
		},
		LikelyPaths: []analysis.LikelyPath{},
	}
	student := &analysis.Report{
		Journey:           "furniture",
		Persona:           "student",
		UnreachableSteps:  []string{"order", "renew", "install", "old"},
		UnreachableStages: []string{"buy", "service", "lost"},
		DeadEnds:          []string{"ad", "compare"},
		CriticalSteps:     []string{},
		Cycles:            [][]string{{"order", "renew"}},
		Gaps:              []analysis.Gap{silent("service"), empty("loyalty"), noGoal("student"), unused("phone")},
		Barriers: []analysis.BarrierFinding{
			barrier("old", "lost", 0, "broken page", journey.Blocker, "", false, false, "student"),
			barrier("compare", "consider", 1, "too many options", journey.Low, "", false, true, "student"),
			barrier("order", "buy", 0, "slow checkout", journey.Low, "", false, false, "student"),
		},
		Paths:       []analysis.Path{},
		LikelyPaths: []analysis.LikelyPath{},
	}
	// For all personas, a path costs what the persona who pays least for
	// it pays: ad, compare, order is corp's at 102 but family's at 2.
	return &analysis.Report{
		Journey:           "furniture",
		UnreachableSteps:  []string{"old"},
		UnreachableStages: []string{"lost"},
		DeadEnds:          []string{"quote"},
		CriticalSteps:     []string{"order"},
		Cycles:            [][]string{{"order", "renew"}},
		Gaps:              []analysis.Gap{silent("service"), empty("loyalty"), noGoal("student"), unused("phone")},
		Barriers: []analysis.BarrierFinding{
			barrier("old", "lost", 0, "broken page", journey.Blocker, "", false, false, all...),
			barrier("compare", "consider", 0, "price too high", journey.High, "price", false, true, "corp"),
			barrier("showroom", "consider", 0, "far away", journey.Medium, "", false, true, "family"),
			barrier("order", "buy", 0, "slow checkout", journey.Low, "", true, true, all...),
			barrier("compare", "consider", 1, "too many options", journey.Low, "", false, true, all...),
		},
		Paths: []analysis.Path{
			{Steps: []string{"ad", "compare", "order"}, Personas: []string{"corp", "family"}, Cost: 2, Barriers: 2, Emotions: []int{0, -1, 2}, Lowest: -1, LowestStep: "compare"},
			{Steps: []string{"search", "showroom", "order"}, Personas: []string{"family"}, Cost: 11, Barriers: 2, Emotions: []int{1, 1, 2}, Lowest: 1, LowestStep: "search"},
		},
		LikelyPaths: []analysis.LikelyPath{},
		Personas:    map[string]*analysis.Report{"corp": corp, "family": family, "student": student},
	}
}

func TestAnalyzeHandSolved(t *testing.T) {
	got, err := analysis.Analyze(context.Background(), furniture(), analysis.Options{})
	require.NoError(t, err)
	want := furnitureWant()
	for _, id := range []string{"corp", "family", "student"} {
		assert.Equal(t, want.Personas[id], got.Personas[id], "persona %s", id)
	}
	assert.Equal(t, want, got)
}

func TestAnalyzePersonaOption(t *testing.T) {
	want := furnitureWant()
	for _, id := range []string{"corp", "family", "student"} {
		got, err := analysis.Analyze(context.Background(), furniture(), analysis.Options{Persona: id})
		require.NoError(t, err)
		assert.Equal(t, want.Personas[id], got, "persona %s", id)
	}
}

func TestAnalyzeUnknownPersona(t *testing.T) {
	r, err := analysis.Analyze(context.Background(), furniture(), analysis.Options{Persona: "pirate"})
	require.Nil(t, r)
	var ps journey.Problems
	require.True(t, errors.As(err, &ps), "%v", err)
	assert.Equal(t, []string{string(analysis.CodeUnknownPersona)}, ps.Codes())
}

func TestAnalyzeK(t *testing.T) {
	for _, c := range []struct{ k, want int }{{-1, 0}, {1, 1}, {0, 2}, {5000, 2}} {
		r, err := analysis.Analyze(context.Background(), furniture(), analysis.Options{K: c.k})
		require.NoError(t, err)
		assert.Len(t, r.Paths, c.want, "K=%d", c.k)
		assert.NotNil(t, r.Paths)
	}
}

func TestAnalyzeCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := analysis.Analyze(ctx, furniture(), analysis.Options{})
	assert.Nil(t, r)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestAnalyzeDeterministicJSON(t *testing.T) {
	var prev []byte
	for i := 0; i < 5; i++ {
		for _, j := range []*journey.Journey{furniture(), loop(), counted()} {
			r, err := analysis.Analyze(context.Background(), j, analysis.Options{})
			require.NoError(t, err)
			b, err := json.MarshalIndent(r, "", "  ")
			require.NoError(t, err)
			if i > 0 && j.ID == "furniture" {
				require.Equal(t, string(prev), string(b))
			}
			if j.ID == "furniture" {
				prev = b
			}
		}
	}
}

func TestAnalyzeJSONKeys(t *testing.T) {
	r, err := analysis.Analyze(context.Background(), loop(), analysis.Options{})
	require.NoError(t, err)
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &m))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	assert.Equal(t, []string{"attribution", "barriers", "critical_steps", "cycles", "dead_ends", "flow", "gaps",
		"journey", "likely_paths", "paths", "personas", "unreachable_stages", "unreachable_steps"}, keys)

	// Empty lists are [] and an absent flow and attribution are null.
	r, err = analysis.Analyze(context.Background(), &journey.Journey{ID: "x",
		Stages: []journey.Stage{{ID: "s"}}, Steps: []journey.Step{{ID: "a", Stage: "s"}},
		Entries: []string{"a"}, Goals: []string{"a"}}, analysis.Options{})
	require.NoError(t, err)
	b, err = json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"journey":"x","unreachable_steps":[],"unreachable_stages":[],"dead_ends":[],
		"critical_steps":["a"],"cycles":[],"gaps":[{"kind":"silent-stage","stage":"s",
		"message":"no step of stage \"s\" has a touchpoint: the brand is silent there"}],"barriers":[],
		"paths":[{"steps":["a"],"personas":[],"cost":0,"barriers":0,"emotions":[0],"lowest":0,"lowest_step":"a"}],
		"flow":null,"attribution":null,
		"likely_paths":[]}`, string(b))
}

// loop is hand-solved with probabilities: a loop between b and c, an exit,
// customers leaving at a and b, and a transition without a number sharing
// what its step's numbered transition leaves.
func loop() *journey.Journey {
	return &journey.Journey{
		ID:       "loop",
		Personas: []persona.Persona{{ID: "p"}},
		Stages:   []journey.Stage{{ID: "s1"}, {ID: "s2"}, {ID: "s3"}},
		Touchpoints: []touchpoint.Touchpoint{
			{ID: "web"},
		},
		Steps: []journey.Step{
			{ID: "a", Stage: "s1", Touchpoint: "web"},
			{ID: "x", Stage: "s3", Touchpoint: "web", Barriers: []journey.Barrier{{Description: "x1", Severity: journey.Low}}},
			{ID: "c", Stage: "s2", Touchpoint: "web"},
			{ID: "b", Stage: "s1", Touchpoint: "web", Barriers: []journey.Barrier{{Description: "b1", Severity: journey.Low}}},
			{ID: "g", Stage: "s3", Touchpoint: "web"},
		},
		Transitions: []journey.Transition{
			{From: "a", To: "b", Probability: 0.5},
			{From: "a", To: "c", Probability: 0.3},
			{From: "b", To: "c", Probability: 0.6},
			{From: "b", To: "x", Probability: 0.2},
			{From: "c", To: "g", Probability: 0.5},
			{From: "c", To: "b"},
		},
		Entries: []string{"a"},
		Goals:   []string{"g"},
		Exits:   []string{"x"},
	}
}

func TestAnalyzeFlowProbabilities(t *testing.T) {
	r, err := analysis.Analyze(context.Background(), loop(), analysis.Options{})
	require.NoError(t, err)
	c := r.Flow
	require.NotNil(t, c)
	// Visits: a = 1, b = 0.5 + 0.5c, c = 0.3 + 0.6b, so b = 13/14, c = 6/7.
	// b and c come back to themselves with chance 0.6*0.5 = 0.3, so they
	// are reached with chance 0.7 times their visits: 0.65 and 0.6.
	const eps = 1e-12
	assert.InDelta(t, 3.0/7, c.Conversion, eps)
	assert.InDelta(t, 0, c.Repeat, eps)
	assert.Empty(t, c.Assumed)
	wantSteps := []analysis.StepFlow{
		{Step: "a", Reach: 1, Visits: 1, Leave: 0.2},
		{Step: "x", Reach: 13.0 / 70, Visits: 13.0 / 70, Leave: 13.0 / 70},
		{Step: "c", Reach: 0.6, Visits: 6.0 / 7},
		{Step: "b", Reach: 0.65, Visits: 13.0 / 14, Leave: 0.2 * 13 / 14},
		{Step: "g", Reach: 3.0 / 7, Visits: 3.0 / 7, Leave: 3.0 / 7},
	}
	require.Len(t, c.Steps, len(wantSteps))
	for i, w := range wantSteps {
		assert.Equal(t, w.Step, c.Steps[i].Step)
		assert.InDelta(t, w.Reach, c.Steps[i].Reach, eps, w.Step)
		assert.InDelta(t, w.Visits, c.Steps[i].Visits, eps, w.Step)
		assert.InDelta(t, w.Leave, c.Steps[i].Leave, eps, w.Step)
	}
	wantStages := []analysis.StageFlow{
		{Stage: "s1", Reach: 1, Leave: 27.0 / 70},
		{Stage: "s2", Reach: 0.6},
		{Stage: "s3", Reach: 43.0 / 70, Leave: 43.0 / 70},
	}
	require.Len(t, c.Stages, len(wantStages))
	for i, w := range wantStages {
		assert.Equal(t, w.Stage, c.Stages[i].Stage)
		assert.InDelta(t, w.Reach, c.Stages[i].Reach, eps, w.Stage)
		assert.InDelta(t, w.Leave, c.Stages[i].Leave, eps, w.Stage)
	}
	// Without b, only a -> c -> g converts: 0.15 of 3/7. Without a or c,
	// nobody.
	require.NotNil(t, r.Attribution)
	wantCredit := map[string]float64{"a": 1, "c": 1, "b": 0.65}
	require.Len(t, r.Attribution.Steps, 3)
	for _, sc := range r.Attribution.Steps {
		assert.InDelta(t, wantCredit[sc.Step], sc.RemovalEffect, eps, sc.Step)
		assert.InDelta(t, wantCredit[sc.Step]/2.65, sc.Share, eps, sc.Step)
		assert.Nil(t, sc.Conversions, "no counts, no volume")
	}
	require.Len(t, r.Attribution.Touchpoints, 1)
	assert.InDelta(t, 1, r.Attribution.Touchpoints[0].RemovalEffect, eps)
	// Barriers of equal severity, neither critical: higher reach first
	// though x is declared before b.
	require.Len(t, r.Barriers, 2)
	assert.Equal(t, "b", r.Barriers[0].Step)
	assert.Equal(t, "x", r.Barriers[1].Step)
	require.NotNil(t, r.Barriers[0].Reach)
	assert.InDelta(t, 0.65, *r.Barriers[0].Reach, eps)
	assert.Equal(t, []string{"a", "c", "g"}, r.CriticalSteps)
	assert.Equal(t, [][]string{{"c", "b"}}, r.Cycles)
	// The likely paths: a c g 0.15, a b c g 0.5*0.6*0.5 = 0.15, then
	// nothing else without going round.
	require.Len(t, r.LikelyPaths, 2)
	assert.InDelta(t, 0.15, r.LikelyPaths[0].Probability, eps)
	assert.InDelta(t, 0.15, r.LikelyPaths[1].Probability, eps)

	// The persona sees the same journey.
	assert.Equal(t, c, r.Personas["p"].Flow)
}

// counted is hand-solved with counts: a splits 30:10 between b and c, its
// transition to d without a count gets nothing; b has no numbers and splits
// equally.
func counted() *journey.Journey {
	return &journey.Journey{
		ID:     "counted",
		Stages: []journey.Stage{{ID: "s"}, {ID: "t"}},
		Steps: []journey.Step{
			{ID: "a", Stage: "s"}, {ID: "b", Stage: "s"}, {ID: "c", Stage: "t"}, {ID: "d", Stage: "t"}, {ID: "g", Stage: "t"},
		},
		Transitions: []journey.Transition{
			{From: "a", To: "b", Count: 30},
			{From: "a", To: "c", Count: 10},
			{From: "a", To: "d"},
			{From: "b", To: "g"},
			{From: "b", To: "c"},
			{From: "c", To: "g", Count: 5},
			{From: "d", To: "g"},
		},
		Entries: []string{"a"},
		Goals:   []string{"g"},
	}
}

// TestAnalyzeFlowCounts: a has no count of its own, so its customers are
// those its transitions take out (40): b 0.75, c 0.25, d nothing. c is
// reached by the 10 from a and passes 5 on: half leave there.
func TestAnalyzeFlowCounts(t *testing.T) {
	r, err := analysis.Analyze(context.Background(), counted(), analysis.Options{})
	require.NoError(t, err)
	c := r.Flow
	require.NotNil(t, c)
	const eps = 1e-12
	assert.InDelta(t, 0.6875, c.Conversion, eps)
	assert.Equal(t, []string{"b", "d"}, c.Assumed)
	want := map[string][2]float64{"a": {1, 0}, "b": {0.75, 0}, "c": {0.625, 0.3125}, "d": {0, 0}, "g": {0.6875, 0.6875}}
	for _, f := range c.Steps {
		assert.InDelta(t, want[f.Step][0], f.Reach, eps, f.Step)
		assert.InDelta(t, want[f.Step][1], f.Leave, eps, f.Step)
	}
	assert.InDelta(t, 1, c.Stages[0].Reach, eps)
	assert.InDelta(t, 0.25+0.75, c.Stages[1].Reach, eps)
}

func TestAnalyzeFlowEntryWeightsAndPersonas(t *testing.T) {
	j := &journey.Journey{
		ID:       "w",
		Personas: []persona.Persona{{ID: "A"}, {ID: "B"}},
		Stages:   []journey.Stage{{ID: "s"}},
		Steps: []journey.Step{
			{ID: "e1", Stage: "s"}, {ID: "e2", Stage: "s"}, {ID: "t1", Stage: "s"}, {ID: "t2", Stage: "s"},
		},
		Transitions: []journey.Transition{
			{From: "e1", To: "t1", Probability: 0.8, Personas: []string{"A"}},
			{From: "e1", To: "t2", Probability: 0.6, Personas: []string{"B"}},
			{From: "e2", To: "t2", Probability: 0.5},
		},
		Entries: []string{"e1", "e2"},
		Goals:   []string{"t1", "t2"},
	}
	const eps = 1e-12
	r, err := analysis.Analyze(context.Background(), j, analysis.Options{EntryWeights: map[string]float64{"e1": 3, "e2": 1}})
	require.NoError(t, err)
	// All personas, without shares: one chain; e1's probabilities add up to
	// 1.4 and are scaled to 4/7 and 3/7.
	assert.InDelta(t, 0.75+0.25*0.5, r.Flow.Conversion, eps)
	assert.InDelta(t, 0.125, stepFlow(t, r.Flow, "e2").Leave, eps)
	a := r.Personas["A"].Flow
	assert.InDelta(t, 0.75*0.8+0.25*0.5, a.Conversion, eps)
	b := r.Personas["B"].Flow
	assert.InDelta(t, 0.75*0.6+0.25*0.5, b.Conversion, eps)
	assert.InDelta(t, 0, stepFlow(t, b, "t1").Reach, eps, "B cannot reach t1")

	// With shares, the personas' flows weighed by them.
	j.Personas[0].Share, j.Personas[1].Share = 0.7, 0.3
	r, err = analysis.Analyze(context.Background(), j, analysis.Options{EntryWeights: map[string]float64{"e1": 3, "e2": 1}})
	require.NoError(t, err)
	assert.InDelta(t, 0.7*(0.75*0.8+0.25*0.5)+0.3*(0.75*0.6+0.25*0.5), r.Flow.Conversion, eps)
	assert.InDelta(t, 0.7*0.75*0.8, stepFlow(t, r.Flow, "t1").Reach, eps)

	// Only e2.
	j.Personas[0].Share, j.Personas[1].Share = 0, 0
	r, err = analysis.Analyze(context.Background(), j, analysis.Options{EntryWeights: map[string]float64{"e2": 2}})
	require.NoError(t, err)
	assert.InDelta(t, 0.5, r.Flow.Conversion, eps)
	assert.Len(t, r.Flow.Steps, 4) // weight 0 still leaves e1 reachable

	_, err = analysis.Analyze(context.Background(), j, analysis.Options{EntryWeights: map[string]float64{"t1": 1, "e1": -1}})
	var ps journey.Problems
	require.True(t, errors.As(err, &ps), "%v", err)
	assert.Equal(t, []string{string(analysis.CodeInvalidEntryWeight), string(analysis.CodeUnknownEntry)}, ps.Codes())
}

func TestAnalyzeNoNumbers(t *testing.T) {
	r, err := analysis.Analyze(context.Background(), furniture(), analysis.Options{})
	require.NoError(t, err)
	assert.Nil(t, r.Flow)
	assert.Nil(t, r.Attribution)
	assert.Empty(t, r.LikelyPaths)
	for _, b := range r.Barriers {
		assert.Nil(t, b.Reach)
	}
}

func TestWriteTextAndMarkdown(t *testing.T) {
	for _, j := range []*journey.Journey{furniture(), loop(), counted()} {
		r, err := analysis.Analyze(context.Background(), j, analysis.Options{})
		require.NoError(t, err)
		var a, b bytes.Buffer
		require.NoError(t, r.WriteText(&a))
		require.NoError(t, r.WriteMarkdown(&b))
		assert.Contains(t, a.String(), "journey "+j.ID)
		assert.Contains(t, b.String(), "# Journey analysis: `"+j.ID+"`")
		// A failing writer's error comes back.
		assert.ErrorIs(t, r.WriteText(failWriter{}), errWrite)
		assert.ErrorIs(t, r.WriteMarkdown(failWriter{}), errWrite)
	}
}

func TestWriteNilReport(t *testing.T) {
	var r *analysis.Report
	var b bytes.Buffer
	assert.Error(t, r.WriteText(&b))
	assert.Error(t, r.WriteMarkdown(&b))
	assert.Zero(t, b.Len())
	// A zero report, as a user may build one, writes without trouble.
	assert.NoError(t, (&analysis.Report{}).WriteText(&b))
	assert.NoError(t, (&analysis.Report{}).WriteMarkdown(&b))
}

var errWrite = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestAnalyzeInvalid(t *testing.T) {
	j := furniture()
	j.Transitions = append(j.Transitions, journey.Transition{From: "order", To: "nowhere"})
	j.Steps[0].Stage = "nostage"
	r, err := analysis.Analyze(context.Background(), j, analysis.Options{})
	assert.Nil(t, r)
	var ps journey.Problems
	require.True(t, errors.As(err, &ps), "%v", err)
	assert.Equal(t, []string{"unknown-stage", "unknown-step"}, ps.Codes())

	r, err = analysis.Analyze(context.Background(), nil, analysis.Options{})
	assert.Nil(t, r)
	require.True(t, errors.As(err, &ps), "%v", err)
}

// TestAnalyzeLadder analyses a ladder of 60 rungs, 2^60 entry-to-goal paths:
// the best paths come at once, cheapest first.
func TestAnalyzeLadder(t *testing.T) {
	r, err := analysis.Analyze(context.Background(), gen.Ladder(60), analysis.Options{})
	require.NoError(t, err)
	require.Len(t, r.Paths, analysis.DefaultK)
	assert.Equal(t, int64(0), r.Paths[0].Cost)
	assert.Len(t, r.Paths[0].Steps, 62)
	for i := 1; i < len(r.Paths); i++ {
		assert.LessOrEqual(t, r.Paths[i-1].Cost, r.Paths[i].Cost)
		assert.NotEqual(t, r.Paths[i-1].Steps, r.Paths[i].Steps)
	}
	assert.Equal(t, []string{"entry", "goal"}, r.CriticalSteps)
}

// cancelAfter is a context whose Err reports cancellation from its n-th call
// on, so that a test can stop Analyze deep inside its loops without timing.
type cancelAfter struct {
	context.Context
	calls, n int
}

func (c *cancelAfter) Err() error {
	c.calls++
	if c.calls >= c.n {
		return context.Canceled
	}
	return nil
}

func TestAnalyzeCancelledMidway(t *testing.T) {
	j := gen.Generate(gen.Options{Steps: 3000, Seed: 7})
	full := &cancelAfter{Context: context.Background(), n: math.MaxInt}
	_, err := analysis.Analyze(full, j, analysis.Options{})
	require.NoError(t, err)
	require.Greater(t, full.calls, 20, "Analyze checks its context in its long loops")
	for n := 1; n <= full.calls; n += max(1, full.calls/40) {
		r, err := analysis.Analyze(&cancelAfter{Context: context.Background(), n: n}, j, analysis.Options{})
		require.ErrorIs(t, err, context.Canceled, "cancelled at call %d of %d", n, full.calls)
		require.Nil(t, r)
	}
}
