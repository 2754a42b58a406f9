package compare

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/journeymap/journeymap/internal/gen"
	"github.com/journeymap/journeymap/journey"
)

// mutate returns a copy of j with random edits: steps removed (with their
// transitions and their places among entries, goals and exits), added and
// changed; transitions added, removed and re-weighted; barriers added,
// removed and made worse; stages and steps reordered; a stage added. The
// result is usually valid; tests that need validity check it.
func mutate(j *journey.Journey, r *rand.Rand) *journey.Journey {
	b := j.Clone()
	edits := 1 + r.IntN(8)
	for range edits {
		if len(b.Steps) < 3 {
			break
		}
		i := r.IntN(len(b.Steps))
		s := &b.Steps[i]
		switch r.IntN(10) {
		case 0: // remove a step that is no entry or goal
			if slices.Contains(b.Entries, s.ID) || slices.Contains(b.Goals, s.ID) {
				continue
			}
			removeStep(b, s.ID)
		case 1: // add a step after step i
			id := fmt.Sprintf("new-%d", r.IntN(1_000_000))
			if slices.ContainsFunc(b.Steps, func(x journey.Step) bool { return x.ID == id }) {
				continue
			}
			from := s.ID
			b.Steps = append(b.Steps, journey.Step{ID: id, Stage: s.Stage, Touchpoint: s.Touchpoint, Action: "new step", Emotion: r.IntN(5) - 2})
			b.Transitions = append(b.Transitions, journey.Transition{From: from, To: id}, journey.Transition{From: id, To: b.Goals[0]})
		case 2:
			s.Emotion = r.IntN(5) - 2
		case 3:
			s.Action += " (revised)"
		case 4:
			s.Barriers = append(s.Barriers, journey.Barrier{Description: fmt.Sprintf("barrier %d", r.IntN(100)), Severity: journey.Severities[r.IntN(4)]})
		case 5:
			if len(s.Barriers) > 0 {
				k := r.IntN(len(s.Barriers))
				if r.IntN(2) == 0 {
					s.Barriers = slices.Delete(slices.Clone(s.Barriers), k, k+1)
				} else {
					s.Barriers = slices.Clone(s.Barriers)
					s.Barriers[k].Severity = journey.Blocker
				}
			}
		case 6:
			if len(b.Transitions) > 1 {
				k := r.IntN(len(b.Transitions))
				b.Transitions = slices.Delete(b.Transitions, k, k+1)
			}
		case 7:
			if len(b.Transitions) > 0 {
				t := &b.Transitions[r.IntN(len(b.Transitions))]
				t.Label = "relabelled"
				if t.Probability > 0 {
					t.Probability /= 2
				}
			}
		case 8:
			k := r.IntN(len(b.Steps))
			b.Steps[i], b.Steps[k] = b.Steps[k], b.Steps[i]
		case 9:
			if r.IntN(2) == 0 && len(b.Stages) > 1 {
				b.Stages[0], b.Stages[1] = b.Stages[1], b.Stages[0]
			} else {
				b.Stages = append(b.Stages, journey.Stage{ID: fmt.Sprintf("stage-%d", r.IntN(1000)), Name: "added"})
			}
		}
	}
	return b
}

func removeStep(j *journey.Journey, id string) {
	j.Steps = slices.DeleteFunc(j.Steps, func(s journey.Step) bool { return s.ID == id })
	j.Transitions = slices.DeleteFunc(j.Transitions, func(t journey.Transition) bool { return t.From == id || t.To == id })
	drop := func(ids []string) []string { return slices.DeleteFunc(ids, func(s string) bool { return s == id }) }
	j.Entries, j.Goals, j.Exits = drop(j.Entries), drop(j.Goals), drop(j.Exits)
}

func randomPair(seed uint64) (a, b *journey.Journey) {
	r := rand.New(rand.NewPCG(seed, 7))
	a = gen.Generate(gen.Options{Seed: seed, Steps: 4 + r.IntN(30), Stages: 1 + r.IntN(5), Personas: r.IntN(3) - 1})
	return a, mutate(a, r)
}

func sameJourney(t *testing.T, got, want *journey.Journey) bool {
	t.Helper()
	g, err1 := json.Marshal(got)
	w, err2 := json.Marshal(want)
	if err1 != nil || err2 != nil {
		t.Fatalf("marshal: %v %v", err1, err2)
	}
	return string(g) == string(w)
}

// TestApplyStructure: applying the structural diff of (A, B) to A gives B,
// and the diff of a journey with itself is empty.
func TestApplyStructure(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	for seed := range uint64(n) {
		a, b := randomPair(seed)
		if p := Structure(a, a); !p.Empty() {
			t.Fatalf("seed %d: Structure(A, A) not empty: %+v", seed, p)
		}
		p := Structure(a, b)
		got, err := Apply(a, p)
		if err != nil {
			t.Fatalf("seed %d: Apply: %v", seed, err)
		}
		if !sameJourney(t, got, b) {
			t.Fatalf("seed %d: Apply(A, Structure(A, B)) != B", seed)
		}
		if !Structure(got, b).Empty() {
			t.Fatalf("seed %d: Structure(Apply(A, p), B) not empty", seed)
		}
		back, err := Apply(b, Structure(b, a))
		if err != nil || !sameJourney(t, back, a) {
			t.Fatalf("seed %d: Apply(B, Structure(B, A)) != A (%v)", seed, err)
		}
	}
}

// TestCompareProperties: on random valid pairs, Compare(A, A) is empty and
// Compare(B, A) mirrors Compare(A, B).
func TestCompareProperties(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 150
	}
	ctx := context.Background()
	compared := 0
	for seed := range uint64(n) {
		a, b := randomPair(seed)
		if b.Validate() != nil {
			continue
		}
		compared++
		same, err := Compare(ctx, a, a, Options{})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if !same.Empty() || len(same.NewFindings)+len(same.ResolvedFindings)+len(same.Regressions)+len(same.Emotions)+len(same.AddedBarriers) > 0 {
			t.Fatalf("seed %d: Compare(A, A) not empty", seed)
		}
		for _, p := range same.Personas {
			if len(p.NewFindings)+len(p.ResolvedFindings) > 0 {
				t.Fatalf("seed %d: Compare(A, A) persona %s has findings", seed, p.Persona)
			}
		}
		ab, err1 := Compare(ctx, a, b, Options{})
		ba, err2 := Compare(ctx, b, a, Options{})
		if err1 != nil || err2 != nil {
			t.Fatalf("seed %d: %v %v", seed, err1, err2)
		}
		checkMirror(t, seed, ab, ba)
	}
	if compared < n/2 {
		t.Fatalf("only %d of %d random pairs were valid", compared, n)
	}
}

func checkMirror(t *testing.T, seed uint64, ab, ba *Diff) {
	t.Helper()
	eq := func(what string, x, y any) {
		t.Helper()
		jx, _ := json.Marshal(x)
		jy, _ := json.Marshal(y)
		if string(jx) != string(jy) {
			t.Fatalf("seed %d: %s does not mirror:\n%s\n%s", seed, what, jx, jy)
		}
	}
	eq("steps", ab.AddedSteps, ba.RemovedSteps)
	eq("steps", ab.RemovedSteps, ba.AddedSteps)
	eq("transitions", ab.AddedTransitions, ba.RemovedTransitions)
	eq("transitions", ab.RemovedTransitions, ba.AddedTransitions)
	eq("stages", ab.AddedStages, ba.RemovedStages)
	eq("conversion", ab.Conversion, Conversion{ba.Conversion.After, ba.Conversion.Before})
	eq("findings", ab.NewFindings, ba.ResolvedFindings)
	eq("findings", ab.ResolvedFindings, ba.NewFindings)
	eq("reordered", ab.Reordered, ba.Reordered)
	eq("barriers", sortedBarriers(ab.AddedBarriers), sortedBarriers(ba.RemovedBarriers))
	eq("barriers", sortedBarriers(ab.RemovedBarriers), sortedBarriers(ba.AddedBarriers))
	eq("emotions", len(ab.Emotions), len(ba.Emotions))
	eq("changed transitions", len(ab.ChangedTransitions), len(ba.ChangedTransitions))
	back := map[string]BarrierChange{}
	for _, c := range ba.ChangedBarriers {
		back[c.Step+"\x00"+c.Description] = c
	}
	for _, c := range ab.ChangedBarriers {
		m := back[c.Step+"\x00"+c.Description]
		eq("changed barrier "+c.Description, []journey.Severity{c.SeverityBefore, c.SeverityAfter}, []journey.Severity{m.SeverityAfter, m.SeverityBefore})
	}
	eq("changed barriers", len(ab.ChangedBarriers), len(ba.ChangedBarriers))
	eq("personas", len(ab.Personas), len(ba.Personas))
	eq("attribution", ab.Attribution, swapAttribution(ba.Attribution))
	for i := range ab.Personas {
		eq("persona findings", ab.Personas[i].NewFindings, ba.Personas[i].ResolvedFindings)
		eq("persona conversion", ab.Personas[i].Conversion, Conversion{ba.Personas[i].Conversion.After, ba.Personas[i].Conversion.Before})
		eq("persona attribution", ab.Personas[i].Attribution, swapAttribution(ba.Personas[i].Attribution))
	}
	swapped := map[string][]FieldChange{}
	for _, c := range ba.ChangedSteps {
		var fs []FieldChange
		for _, f := range c.Fields {
			fs = append(fs, FieldChange{f.Field, f.After, f.Before})
		}
		swapped[c.Step] = fs
	}
	if len(swapped) != len(ab.ChangedSteps) {
		t.Fatalf("seed %d: %d changed steps one way, %d the other", seed, len(ab.ChangedSteps), len(swapped))
	}
	for _, c := range ab.ChangedSteps {
		eq("changed step "+c.Step, c.Fields, swapped[c.Step])
	}
	stages := map[string]StageDiff{}
	for _, s := range ba.Stages {
		stages[s.Stage] = s
	}
	for _, s := range ab.Stages {
		m, ok := stages[s.Stage]
		if !ok {
			t.Fatalf("seed %d: stage %s missing the other way", seed, s.Stage)
		}
		eq("stage "+s.Stage, []any{s.ReachBefore, s.ReachAfter, s.LeaveBefore, s.LeaveAfter, s.EmotionBefore, s.EmotionAfter, s.Before, s.After},
			[]any{m.ReachAfter, m.ReachBefore, m.LeaveAfter, m.LeaveBefore, m.EmotionAfter, m.EmotionBefore, m.After, m.Before})
	}
	if len(ab.Stages) != len(ba.Stages) {
		t.Fatalf("seed %d: %d stages one way, %d the other", seed, len(ab.Stages), len(ba.Stages))
	}
}

// swapAttribution swaps before and after in a, keeping the order: the
// order by absolute shift, then ID, does not depend on the direction.
func swapAttribution(a *AttributionShift) *AttributionShift {
	if a == nil {
		return nil
	}
	sw := func(c CreditShift) CreditShift {
		return CreditShift{c.ShareAfter, c.ShareBefore, c.RemovalEffectAfter, c.RemovalEffectBefore}
	}
	out := &AttributionShift{Steps: []StepShift{}, Touchpoints: []TouchpointShift{}, TouchpointsCut: a.TouchpointsCut}
	for _, s := range a.Steps {
		out.Steps = append(out.Steps, StepShift{s.Step, sw(s.CreditShift)})
	}
	for _, s := range a.Touchpoints {
		out.Touchpoints = append(out.Touchpoints, TouchpointShift{s.Touchpoint, sw(s.CreditShift)})
	}
	return out
}

func sortedBarriers(bs []BarrierRef) []BarrierRef {
	out := slices.Clone(bs)
	slices.SortFunc(out, func(x, y BarrierRef) int {
		return compareStrings(x.Step+"\x00"+x.Description, y.Step+"\x00"+y.Description)
	})
	return out
}

// Keys repeated within a list (invalid journeys) are matched occurrence by
// occurrence, and Apply still gives B.
func TestRepeatedKeys(t *testing.T) {
	tr := func(label string) journey.Transition { return journey.Transition{From: "x", To: "y", Label: label} }
	st := func(id, action string) journey.Step { return journey.Step{ID: id, Action: action} }
	cases := []struct{ a, b *journey.Journey }{
		{&journey.Journey{Steps: []journey.Step{st("x", "1"), st("x", "2")}, Transitions: []journey.Transition{tr("a")}},
			&journey.Journey{Steps: []journey.Step{st("x", "1"), st("x", "3"), st("x", "4"), st("y", "")}, Transitions: []journey.Transition{tr("a"), tr("b"), tr("c")}}},
		{&journey.Journey{Steps: []journey.Step{st("y", ""), st("y", "2"), st("y", "3")}},
			&journey.Journey{Steps: []journey.Step{st("y", "3"), st("z", ""), st("z", "")}}},
	}
	for i, c := range cases {
		for _, pair := range [][2]*journey.Journey{{c.a, c.b}, {c.b, c.a}} {
			got, err := Apply(pair[0], Structure(pair[0], pair[1]))
			if err != nil || !sameJourney(t, got, pair[1]) {
				t.Errorf("case %d: Apply gives %+v (%v), want %+v", i, got, err, pair[1])
			}
		}
		if !Structure(c.b, c.b).Empty() {
			t.Errorf("case %d: Structure(B, B) not empty", i)
		}
	}
}
