package journey

import (
	"maps"

	"github.com/journeymap/journeymap/persona"
)

// ForPersona returns the journey as the persona with the given ID sees it:
// only that persona, the steps that apply to it, the transitions that apply to
// it and to both their steps, and on each step only the barriers that affect
// it. Entries, goals and exits are kept where their steps are. Where a step
// gives Counts per persona, the persona's own number becomes its Count (zero,
// not stated, if Counts leaves the persona out); Observed becomes the
// persona's segment of it, or nil. Stages and
// touchpoints are all kept, so that the stage order and the catalog stay
// the same. The result shares no slices with j.
//
// ForPersona does not check that the persona exists; an unknown ID gives the
// steps and transitions that apply to every persona.
func (j *Journey) ForPersona(id string) *Journey {
	out := &Journey{
		ID:          j.ID,
		Name:        j.Name,
		Purpose:     j.Purpose,
		Touchpoints: cloneSlice(j.Touchpoints),
		Stages:      cloneStages(j.Stages),
	}
	for _, p := range j.Personas {
		if p.ID == id {
			out.Personas = []persona.Persona{clonePersona(p)}
		}
	}
	keep := make(map[string]bool, len(j.Steps))
	for _, s := range j.Steps {
		if !s.AppliesTo(id) {
			continue
		}
		keep[s.ID] = true
		c := cloneStep(s)
		c.Barriers = c.Barriers[:0]
		for _, b := range s.Barriers {
			if b.AppliesTo(id) {
				c.Barriers = append(c.Barriers, cloneBarrier(b))
			}
		}
		if len(c.Barriers) == 0 {
			c.Barriers = nil
		}
		if s.Counts != nil {
			// The persona's own number stands for the step's count.
			n, ok := s.Counts[id]
			c.Count, c.Counts = n, nil
			if ok {
				c.Counts = map[string]int64{id: n}
			}
		}
		out.Steps = append(out.Steps, c)
	}
	for _, t := range j.Transitions {
		if t.AppliesTo(id) && keep[t.From] && keep[t.To] {
			out.Transitions = append(out.Transitions, cloneTransition(t))
		}
	}
	filter := func(ids []string) []string {
		var r []string
		for _, s := range ids {
			if keep[s] {
				r = append(r, s)
			}
		}
		return r
	}
	out.Entries = filter(j.Entries)
	out.Goals = filter(j.Goals)
	out.Exits = filter(j.Exits)
	if j.Observed != nil {
		for _, seg := range j.Observed.Segments {
			if seg.Persona == id {
				out.Observed = &Observed{Cases: seg.Cases, Converted: seg.Converted, ConvertTime: clonePtr(seg.ConvertTime),
					Segments: []ObservedSegment{{Persona: id, Cases: seg.Cases, Converted: seg.Converted, ConvertTime: clonePtr(seg.ConvertTime)}}}
				break
			}
		}
	}
	return out
}

// Clone returns a deep copy of j.
func (j *Journey) Clone() *Journey {
	out := *j
	out.Personas = nil
	for _, p := range j.Personas {
		out.Personas = append(out.Personas, clonePersona(p))
	}
	out.Touchpoints = cloneSlice(j.Touchpoints)
	out.Stages = cloneStages(j.Stages)
	out.Steps = nil
	for _, s := range j.Steps {
		out.Steps = append(out.Steps, cloneStep(s))
	}
	out.Transitions = nil
	for _, t := range j.Transitions {
		out.Transitions = append(out.Transitions, cloneTransition(t))
	}
	out.Entries = cloneSlice(j.Entries)
	out.Goals = cloneSlice(j.Goals)
	out.Exits = cloneSlice(j.Exits)
	out.Observed = cloneObserved(j.Observed)
	return &out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

func cloneTransition(t Transition) Transition {
	t.Personas = cloneSlice(t.Personas)
	t.Time = clonePtr(t.Time)
	return t
}

func cloneObserved(o *Observed) *Observed {
	if o == nil {
		return nil
	}
	c := *o
	c.ConvertTime = clonePtr(o.ConvertTime)
	c.Segments = cloneSlice(o.Segments)
	for i := range c.Segments {
		c.Segments[i].ConvertTime = clonePtr(c.Segments[i].ConvertTime)
	}
	return &c
}

func cloneSlice[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

func clonePersona(p persona.Persona) persona.Persona {
	p.Goals = cloneSlice(p.Goals)
	p.Needs = cloneSlice(p.Needs)
	p.Motives = cloneSlice(p.Motives)
	p.Criteria = cloneSlice(p.Criteria)
	return p
}

func cloneStages(ss []Stage) []Stage {
	if ss == nil {
		return nil
	}
	out := make([]Stage, len(ss))
	for i, s := range ss {
		s.Expectations = cloneSlice(s.Expectations)
		s.Questions = cloneSlice(s.Questions)
		out[i] = s
	}
	return out
}

func cloneStep(s Step) Step {
	s.Personas = cloneSlice(s.Personas)
	s.Thoughts = cloneSlice(s.Thoughts)
	s.Opportunities = cloneSlice(s.Opportunities)
	s.Counts = maps.Clone(s.Counts)
	if s.Barriers != nil {
		bs := make([]Barrier, len(s.Barriers))
		for i, b := range s.Barriers {
			bs[i] = cloneBarrier(b)
		}
		s.Barriers = bs
	}
	return s
}

func cloneBarrier(b Barrier) Barrier {
	b.Personas = cloneSlice(b.Personas)
	return b
}
