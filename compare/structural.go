package compare

import (
	"reflect"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// structural returns a Diff with the structural part filled in, from the
// Patch of a and b.
func structural(a, b *journey.Journey) *Diff {
	p := Structure(a, b)
	d := &Diff{
		Before: a.ID, After: b.ID, Patch: p, A: a, B: b,
		AddedSteps: ids(p.Steps.Added, stepID), RemovedSteps: ids(p.Steps.Removed, stepID),
		ChangedSteps:     stepChanges(p.Steps.Changed),
		AddedStages:      ids(p.Stages.Added, func(s *journey.Stage) string { return s.ID }),
		RemovedStages:    ids(p.Stages.Removed, func(s *journey.Stage) string { return s.ID }),
		ChangedStages:    itemChanges(p.Stages.Changed, func(s *journey.Stage) string { return s.ID }),
		AddedTouchpoints: ids(p.Touchpoints.Added, touchpointID), RemovedTouchpoints: ids(p.Touchpoints.Removed, touchpointID),
		ChangedTouchpoints: itemChanges(p.Touchpoints.Changed, touchpointID),
		AddedPersonas:      ids(p.Personas.Added, personaID), RemovedPersonas: ids(p.Personas.Removed, personaID),
		ChangedPersonas:    itemChanges(p.Personas.Changed, personaID),
		AddedTransitions:   transitionRefs(p.Transitions.Added),
		RemovedTransitions: transitionRefs(p.Transitions.Removed),
		ChangedTransitions: []TransitionChange{},
		AddedBarriers:      []BarrierRef{}, RemovedBarriers: []BarrierRef{}, ChangedBarriers: []BarrierChange{},
		ChangedJourney: append([]FieldChange{}, p.Journey...),
		Reordered:      []string{},
		Emotions:       []EmotionChange{},
		Personas:       []PersonaDiff{},
		Regressions:    []Regression{},
	}
	for _, c := range p.Transitions.Changed {
		d.ChangedTransitions = append(d.ChangedTransitions, TransitionChange{transitionRef(&c.After), c.Fields})
	}
	for _, l := range []struct {
		name  string
		moved bool
	}{{"personas", p.Personas.Moved}, {"touchpoints", p.Touchpoints.Moved}, {"stages", p.Stages.Moved}, {"steps", p.Steps.Moved}, {"transitions", p.Transitions.Moved}} {
		if l.moved {
			d.Reordered = append(d.Reordered, l.name)
		}
	}
	for i := range p.Steps.Removed {
		d.RemovedBarriers = appendBarriers(d.RemovedBarriers, &p.Steps.Removed[i], p.Steps.Removed[i].Barriers)
	}
	for _, c := range p.Steps.Changed {
		if c.Before.Emotion != c.After.Emotion {
			d.Emotions = append(d.Emotions, EmotionChange{c.After.ID, c.Before.Emotion, c.After.Emotion})
		}
		d.diffBarriers(&c.After, c.Before.Barriers, c.After.Barriers)
	}
	for i := range p.Steps.Added {
		d.AddedBarriers = appendBarriers(d.AddedBarriers, &p.Steps.Added[i], p.Steps.Added[i].Barriers)
	}
	d.Competitor = len(a.Steps) > 0 && len(b.Steps) > 0 && len(p.Steps.Removed) == len(a.Steps) && len(p.Steps.Added) == len(b.Steps)
	return d
}

func stepID(s *journey.Step) string                { return s.ID }
func touchpointID(t *touchpoint.Touchpoint) string { return t.ID }
func personaID(p *persona.Persona) string          { return p.ID }

func ids[T any](items []T, id func(*T) string) []string {
	out := make([]string, len(items))
	for i := range items {
		out[i] = id(&items[i])
	}
	return out
}

func itemChanges[T any](cs []Change[T], id func(*T) string) []ItemChange {
	out := make([]ItemChange, len(cs))
	for i := range cs {
		out[i] = ItemChange{ID: id(&cs[i].After), Fields: cs[i].Fields}
	}
	return out
}

func stepChanges(cs []Change[journey.Step]) []StepChange {
	out := make([]StepChange, len(cs))
	for i := range cs {
		out[i] = StepChange{Step: cs[i].After.ID, Fields: cs[i].Fields}
	}
	return out
}

func transitionRef(t *journey.Transition) TransitionRef {
	return TransitionRef{From: t.From, To: t.To, Personas: t.Personas}
}

func transitionRefs(ts []journey.Transition) []TransitionRef {
	out := make([]TransitionRef, len(ts))
	for i := range ts {
		out[i] = transitionRef(&ts[i])
	}
	return out
}

func appendBarriers(dst []BarrierRef, s *journey.Step, bs []journey.Barrier) []BarrierRef {
	for _, b := range bs {
		dst = append(dst, BarrierRef{Step: s.ID, Description: b.Description, Severity: b.Severity, Kind: b.Kind})
	}
	return dst
}

// barrierKeys keys the barriers of one step by description, with the
// occurrence number for repeated descriptions.
func barrierKeys(bs []journey.Barrier) ([]string, map[string]int) {
	return keyed(bs, func(b *journey.Barrier) string { return b.Description })
}

// diffBarriers adds the barriers of step s that were added, removed or
// changed from before to after.
func (d *Diff) diffBarriers(s *journey.Step, before, after []journey.Barrier) {
	if equalValues(reflect.ValueOf(before), reflect.ValueOf(after)) {
		return
	}
	kb, ib := barrierKeys(before)
	ka, ia := barrierKeys(after)
	for i, k := range kb {
		if _, ok := ia[k]; !ok {
			d.RemovedBarriers = appendBarriers(d.RemovedBarriers, s, before[i:i+1])
		}
	}
	for i, k := range ka {
		j, ok := ib[k]
		if !ok {
			d.AddedBarriers = appendBarriers(d.AddedBarriers, s, after[i:i+1])
			continue
		}
		fs := fieldChanges(reflect.ValueOf(&before[j]).Elem(), reflect.ValueOf(&after[i]).Elem())
		if len(fs) > 0 {
			d.ChangedBarriers = append(d.ChangedBarriers, BarrierChange{Step: s.ID, Description: after[i].Description,
				SeverityBefore: before[j].Severity, SeverityAfter: after[i].Severity, Fields: fs})
		}
	}
}

// Empty reports whether the journeys compared are the same, structure and
// all (their analysis is then the same too).
func (d *Diff) Empty() bool { return d == nil || d.Patch == nil || d.Patch.Empty() }
