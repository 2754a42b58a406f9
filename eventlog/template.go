package eventlog

import (
	"cmp"
	"slices"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
)

// Unmatched is what a log shows that a template journey does not have, and
// what the template has that the log never shows.
type Unmatched struct {
	// Activities are observed activities that are no step of the template.
	Activities []ActivityCount `json:"activities,omitempty"`
	// Transitions are observed moves along pairs the template has no
	// transition for (for the case's persona), with how many moves.
	Transitions []PairCount `json:"transitions,omitempty"`
	// Starts are cases that start at a step that is no entry.
	Starts []ActivityCount `json:"starts,omitempty"`
	// Segments are segments of the log that are no persona of the template;
	// they were added as personas.
	Segments []string `json:"segments,omitempty"`
	// UnvisitedSteps are template steps with no event.
	UnvisitedSteps []string `json:"unvisited_steps,omitempty"`
	// UnobservedTransitions are template transitions no case moved along.
	UnobservedTransitions []Pair `json:"unobserved_transitions,omitempty"`
	// Goals are goals asked for that are no step of the template: they are
	// left out, of the journey and of the conversion figures.
	Goals []string `json:"goals,omitempty"`
	// Exits are exits asked for that are no step of the template: they are
	// left out.
	Exits []string `json:"exits,omitempty"`
	// OffPersona are the events of a persona at a step of the template that
	// does not apply to that persona: they are left out of the step's
	// counts, and the moves to and from them out of its transitions.
	OffPersona []PersonaActivityCount `json:"off_persona,omitempty"`
}

// PersonaActivityCount is a number of events of one persona at one
// activity.
type PersonaActivityCount struct {
	// Persona is the persona's ID.
	Persona string `json:"persona"`
	// Activity is the activity's name as written in the log.
	Activity string `json:"activity"`
	// Count is the number of the persona's events at the activity.
	Count int64 `json:"count"`
}

// Empty reports whether everything matched.
func (u *Unmatched) Empty() bool {
	return u == nil || (len(u.Activities) == 0 && len(u.Transitions) == 0 && len(u.Starts) == 0 &&
		len(u.Segments) == 0 && len(u.UnvisitedSteps) == 0 && len(u.UnobservedTransitions) == 0 &&
		len(u.Goals) == 0 && len(u.Exits) == 0 && len(u.OffPersona) == 0)
}

// onTemplate lays the observed counts on a copy of the template.
func (b *builder) onTemplate(tmpl *journey.Journey) *journey.Journey {
	j := tmpl.Clone()
	if b.opts.ID != "" {
		j.ID = b.opts.ID
	}
	if b.opts.Name != "" {
		j.Name = b.opts.Name
	}
	u := &Unmatched{}
	b.sum.Unmatched = u
	b.stepPersonas = map[string][]string{}
	for _, s := range j.Steps {
		b.stepPersonas[s.ID] = s.Personas
	}
	b.templatePersonas(j, u)
	isStep := map[string]bool{}
	for i := range j.Steps {
		s := &j.Steps[i]
		isStep[s.ID] = true
		s.Count, s.Counts = b.templateCounts(s.ID, s.Personas, u)
		if s.Count == 0 {
			u.UnvisitedSteps = append(u.UnvisitedSteps, s.ID)
		}
	}
	slices.SortFunc(u.OffPersona, func(x, y PersonaActivityCount) int {
		return cmp.Or(cmp.Compare(y.Count, x.Count), cmp.Compare(x.Activity, y.Activity), cmp.Compare(x.Persona, y.Persona))
	})
	for act, n := range b.total.Events {
		if !isStep[act] {
			u.Activities = append(u.Activities, ActivityCount{act, n})
		}
	}
	sortActivityCounts(u.Activities)
	j.Transitions = b.templateTransitions(j.Transitions, u)
	entry := map[string]bool{}
	for _, e := range j.Entries {
		entry[e] = true
	}
	for act, n := range b.total.Starts {
		if !entry[act] {
			u.Starts = append(u.Starts, ActivityCount{act, n})
		}
	}
	sortActivityCounts(u.Starts)
	j.Goals = addMarks(j.Goals, b.a.Goals, isStep)
	j.Exits = addMarks(j.Exits, b.opts.Exits, isStep)
	u.Goals, u.Exits = notSteps(b.opts.Goals, isStep), notSteps(b.opts.Exits, isStep)
	for _, g := range u.Goals {
		delete(b.goal, g)
	}
	for _, e := range u.Exits {
		delete(b.exit, e)
	}
	b.missingMarks(isStep)
	return j
}

// notSteps returns the IDs of marks that are no step, sorted, once each.
func notSteps(marks []string, isStep map[string]bool) []string {
	var out []string
	for _, m := range marks {
		if !isStep[m] {
			out = append(out, m)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// templateCounts returns the events at a template step: in all, and per
// persona where the log has segments, for each persona the step applies to
// (personas; all when empty), 0 included, so that a persona's view of the
// journey says it was counted there and nobody came. The events of the
// personas the step does not apply to are left out and reported in u.
func (b *builder) templateCounts(act string, personas []string, u *Unmatched) (int64, map[string]int64) {
	ids := b.personaIDs()
	if len(ids) == 0 {
		return b.total.Events[act], nil
	}
	var total int64
	counts := map[string]int64{}
	for _, s := range b.segs {
		id, n := b.persona[s], b.a.Segments[s].Events[act]
		if !appliesTo(personas, id) {
			if n > 0 {
				u.OffPersona = append(u.OffPersona, PersonaActivityCount{Persona: id, Activity: act, Count: n})
			}
			continue
		}
		counts[id] += n
		total += n
	}
	return total, counts
}

// addMarks appends the IDs of extra that are steps and not in have yet.
func addMarks(have, extra []string, isStep map[string]bool) []string {
	for _, id := range extra {
		if isStep[id] && !slices.Contains(have, id) {
			have = append(have, id)
		}
	}
	return have
}

// templatePersonas matches segments to the template's personas by ID,
// adding a persona for each segment the template lacks, and sets the
// shares of those observed; where the log has segments, the personas it
// does not show lose their designed shares.
func (b *builder) templatePersonas(j *journey.Journey, u *Unmatched) {
	index := map[string]int{}
	for i, p := range j.Personas {
		index[p.ID] = i
	}
	if len(b.personaIDs()) > 0 {
		// The log's segments give the shares: a designed share left on a
		// persona the log does not show would add up with them past 1.
		for i := range j.Personas {
			j.Personas[i].Share = 0
		}
	}
	for _, s := range b.segs {
		id := b.persona[s]
		if id == "" {
			continue
		}
		share := float64(b.a.Segments[s].Cases) / float64(b.total.Cases)
		if i, ok := index[id]; ok {
			j.Personas[i].Share = share
			continue
		}
		u.Segments = append(u.Segments, s)
		j.Personas = append(j.Personas, persona.Persona{ID: id, Name: s, Share: share})
		index[id] = len(j.Personas) - 1
	}
}

// templateTransitions lays the observed moves on the designed transitions,
// one per persona where the log has segments, and reports the moves no
// transition takes and the transitions no move takes.
func (b *builder) templateTransitions(designed []journey.Transition, u *Unmatched) []journey.Transition {
	type key struct {
		p       Pair
		persona string
	}
	laid := map[key]bool{}
	var out []journey.Transition
	for _, t := range designed {
		p := Pair{t.From, t.To}
		var fresh []journey.Transition
		for _, nt := range b.pairTransitions(p, t) {
			k := key{p, firstOr(nt.Personas)}
			if !laid[k] {
				laid[k] = true
				fresh = append(fresh, nt)
			}
		}
		if len(fresh) == 0 {
			if !slices.Contains(u.UnobservedTransitions, p) {
				u.UnobservedTransitions = append(u.UnobservedTransitions, p)
			}
			t.Probability, t.Count, t.Time = 0, 0, nil
			fresh = []journey.Transition{t}
		}
		out = append(out, fresh...)
	}
	missed := map[Pair]int64{}
	for _, s := range b.segs {
		for p, n := range b.a.Segments[s].Pairs {
			if !laid[key{p, b.persona[s]}] {
				missed[p] += n
			}
		}
	}
	for p, n := range missed {
		u.Transitions = append(u.Transitions, PairCount{p, n})
	}
	sortPairCounts(u.Transitions)
	return out
}

func firstOr(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}
