package journey

import (
	"github.com/journeymap/journeymap/position"

	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// Journey is a customer journey map: the steps customers take (the vertices of
// a directed graph), the transitions between them (its edges), the ordered
// stages the steps belong to, the touchpoints where they happen and the
// personas they apply to.
//
// A Journey is plain data: build it with a struct literal, with New, or read
// it with Read or ReadFile; check it with Validate.
type Journey struct {
	// ID identifies the journey.
	ID string `json:"id" yaml:"id"`
	// Name is the journey's display name.
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	// Purpose says what the map is for: raise conversion, cut churn, ...
	Purpose string `json:"purpose,omitempty" yaml:"purpose,omitempty"`
	// Personas are the key segments the journey is drawn for.
	Personas []persona.Persona `json:"personas,omitempty" yaml:"personas,omitempty"`
	// Touchpoints are where customer and brand meet.
	Touchpoints []touchpoint.Touchpoint `json:"touchpoints,omitempty" yaml:"touchpoints,omitempty"`
	// Stages are the phases of the journey, in order.
	Stages []Stage `json:"stages,omitempty" yaml:"stages,omitempty"`
	// Steps are what customers do; each belongs to one stage.
	Steps []Step `json:"steps,omitempty" yaml:"steps,omitempty"`
	// Transitions are the moves from one step to the next.
	Transitions []Transition `json:"transitions,omitempty" yaml:"transitions,omitempty"`
	// Entries are the IDs of the steps where customers start.
	Entries []string `json:"entries,omitempty" yaml:"entries,omitempty"`
	// Goals are the IDs of the steps that are the target action (buy, subscribe).
	Goals []string `json:"goals,omitempty" yaml:"goals,omitempty"`
	// Exits are the IDs of intended ends that are not the goal (unsubscribe).
	Exits []string `json:"exits,omitempty" yaml:"exits,omitempty"`
	// Observed holds what an event log says of the journey as a whole (how
	// many cases, how many converted, how fast); nil when not stated.
	Observed *Observed `json:"observed,omitempty" yaml:"observed,omitempty"`
	// Position is where the journey was read from, and its fields; the zero
	// Record for one built in Go. It follows the value when copied.
	Position position.Record `json:"-" yaml:"-"`
}

// Timing summarises how long something takes, in seconds. Both figures are
// always written: zero is zero seconds (events logged at the same time); a
// time not known is a nil *Timing.
type Timing struct {
	// Median is the median time in seconds.
	Median float64 `json:"median" yaml:"median"`
	// P90 is the 90th percentile of the time in seconds.
	P90 float64 `json:"p90" yaml:"p90"`
}

// Observed is what an event log says of a journey as a whole: how many
// cases (customers) it holds, how many of them reached a goal, and how long
// converting took, in all and per segment.
type Observed struct {
	// Cases is the number of cases (customers) observed.
	Cases int64 `json:"cases,omitempty" yaml:"cases,omitempty"`
	// Converted is the number of cases that reached a goal.
	Converted int64 `json:"converted,omitempty" yaml:"converted,omitempty"`
	// ConvertTime is the time from a case's start to its first goal.
	ConvertTime *Timing `json:"convert_time,omitempty" yaml:"convert_time,omitempty"`
	// Segments are the same figures per persona.
	Segments []ObservedSegment `json:"segments,omitempty" yaml:"segments,omitempty"`
}

// ObservedSegment is what an event log says of the cases of one persona.
type ObservedSegment struct {
	// Persona is the ID of the persona the segment's cases belong to.
	Persona string `json:"persona" yaml:"persona"`
	// Cases is the number of the persona's cases observed.
	Cases int64 `json:"cases,omitempty" yaml:"cases,omitempty"`
	// Converted is the number of them that reached a goal.
	Converted int64 `json:"converted,omitempty" yaml:"converted,omitempty"`
	// ConvertTime is the time from a case's start to its first goal.
	ConvertTime *Timing `json:"convert_time,omitempty" yaml:"convert_time,omitempty"`
	// Position is where the segment was read from, and its fields; the zero
	// Record for one built in Go. It follows the value when copied.
	Position position.Record `json:"-" yaml:"-"`
}

// Phase names the kind of a stage. The constants name the common phases of
// the methodology; any other text is accepted too.
type Phase string

// Common phases, minimal (awareness, consideration, decision) and detailed.
const (
	Awareness     Phase = "awareness"
	Consideration Phase = "consideration"
	Decision      Phase = "decision"
	Purchase      Phase = "purchase"
	Delivery      Phase = "delivery"
	Service       Phase = "service"
	Loyalty       Phase = "loyalty"
	Advocacy      Phase = "advocacy"
)

// Stage is one phase of a journey. Stages run in the order they are listed.
type Stage struct {
	// ID identifies the stage; steps refer to it.
	ID string `json:"id" yaml:"id"`
	// Name is the stage's display name ("Choosing a company").
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	// Phase is the kind of stage (see the Phase constants).
	Phase Phase `json:"phase,omitempty" yaml:"phase,omitempty"`
	// Goal is what the customer wants from this stage.
	Goal string `json:"goal,omitempty" yaml:"goal,omitempty"`
	// Expectations are what the customer expects here.
	Expectations []string `json:"expectations,omitempty" yaml:"expectations,omitempty"`
	// Questions are what the customer asks here.
	Questions []string `json:"questions,omitempty" yaml:"questions,omitempty"`
	// Position is where the stage was read from, and its fields; the zero
	// Record for one built in Go. It follows the value when copied.
	Position position.Record `json:"-" yaml:"-"`
}

// Emotion bounds: an Emotion runs from MinEmotion (very negative) through 0
// (neutral) to MaxEmotion (very positive).
const (
	MinEmotion = -2
	MaxEmotion = 2
)

// Step is one thing a customer does at one stage, at most one touchpoint. Steps
// are the vertices of the journey graph.
type Step struct {
	// ID identifies the step; transitions, entries, goals and exits refer to it.
	ID string `json:"id" yaml:"id"`
	// Stage is the ID of the stage the step belongs to.
	Stage string `json:"stage" yaml:"stage"`
	// Touchpoint is the ID of the touchpoint where the step happens; empty if none.
	Touchpoint string `json:"touchpoint,omitempty" yaml:"touchpoint,omitempty"`
	// Action is what the customer does ("compares fabrics").
	Action string `json:"action,omitempty" yaml:"action,omitempty"`
	// Personas are the IDs of the personas who take the step; empty means all.
	Personas []string `json:"personas,omitempty" yaml:"personas,omitempty"`
	// Emotion is how the customer feels, from -2 (very negative) to +2.
	Emotion int `json:"emotion,omitempty" yaml:"emotion,omitempty"`
	// Thoughts are what the customer thinks or asks here.
	Thoughts []string `json:"thoughts,omitempty" yaml:"thoughts,omitempty"`
	// Barriers are the pain points that hold customers back here.
	Barriers []Barrier `json:"barriers,omitempty" yaml:"barriers,omitempty"`
	// Opportunities are ways the brand could do better here.
	Opportunities []string `json:"opportunities,omitempty" yaml:"opportunities,omitempty"`
	// Count is the number of customers (or events) observed at the step, from
	// a CRM or analytics export; zero means not stated.
	Count int64 `json:"count,omitempty" yaml:"count,omitempty"`
	// Counts is the same per persona ID, where the numbers differ per
	// persona; each persona's flow uses its own number.
	Counts map[string]int64 `json:"counts,omitempty" yaml:"counts,omitempty"`
	// Position is where the step was read from, and its fields; the zero
	// Record for one built in Go. It follows the value when copied.
	Position position.Record `json:"-" yaml:"-"`
}

// AppliesTo reports whether the step applies to the persona with the given ID:
// its Personas list is empty or names it.
func (s *Step) AppliesTo(personaID string) bool { return appliesTo(s.Personas, personaID) }

// Severity says how badly a barrier holds customers back.
type Severity string

// The severities, from mild to stopping.
const (
	Low    Severity = "low"
	Medium Severity = "medium"
	High   Severity = "high"
	// Blocker can stop the customer. The analysis ranks it worst; the flow
	// of customers takes its figures from the numbers alone.
	Blocker Severity = "blocker"
)

// Severities lists the valid severities from mildest to worst.
var Severities = []Severity{Low, Medium, High, Blocker}

// Rank orders severities: 1 for Low up to 4 for Blocker, 0 for anything else.
func (s Severity) Rank() int {
	switch s {
	case Low:
		return 1
	case Medium:
		return 2
	case High:
		return 3
	case Blocker:
		return 4
	}
	return 0
}

// Valid reports whether s is one of Low, Medium, High, Blocker. To read a
// severity from text, convert and check: journey.Severity(name).Valid().
func (s Severity) Valid() bool { return s.Rank() > 0 }

// Weight is the cost of one barrier of severity s on a path, by which the
// analysis ranks paths: 1 for Low, 10 for Medium, 100 for High and 1000 for
// Blocker, so that a path with a blocker is worse than one with up to nine
// high barriers; 0 for anything else.
func (s Severity) Weight() int64 {
	switch s {
	case Low:
		return 1
	case Medium:
		return 10
	case High:
		return 100
	case Blocker:
		return 1000
	}
	return 0
}

// Barrier is a pain point at a step: a price too high, a slow site, a
// confusing policy.
type Barrier struct {
	// Description says what the barrier is.
	Description string `json:"description" yaml:"description"`
	// Severity says how badly it holds customers back.
	Severity Severity `json:"severity" yaml:"severity"`
	// Kind classifies it (price, usability, trust, ...); free text.
	Kind string `json:"kind,omitempty" yaml:"kind,omitempty"`
	// Personas are the IDs of the personas it affects; empty means all who take the step.
	Personas []string `json:"personas,omitempty" yaml:"personas,omitempty"`
	// Position is where the barrier was read from, and its fields; the zero
	// Record for one built in Go. It follows the value when copied.
	Position position.Record `json:"-" yaml:"-"`
}

// AppliesTo reports whether the barrier affects the persona with the given ID.
func (b *Barrier) AppliesTo(personaID string) bool { return appliesTo(b.Personas, personaID) }

// Transition is a move of customers from one step to another: an edge of the
// journey graph.
type Transition struct {
	// From is the ID of the source step.
	From string `json:"from" yaml:"from"`
	// To is the ID of the target step.
	To string `json:"to" yaml:"to"`
	// Personas are the IDs of the personas who move this way; empty means all.
	// A transition applies to a persona when it and both its steps do.
	Personas []string `json:"personas,omitempty" yaml:"personas,omitempty"`
	// Probability is the share of customers at From who move to To, in (0, 1];
	// zero means not stated.
	Probability float64 `json:"probability,omitempty" yaml:"probability,omitempty"`
	// Count is the number of customers observed moving; zero means not stated.
	Count int64 `json:"count,omitempty" yaml:"count,omitempty"`
	// Time is how long the move takes; nil when not stated.
	Time *Timing `json:"time,omitempty" yaml:"time,omitempty"`
	// Label describes the move ("clicks the ad").
	Label string `json:"label,omitempty" yaml:"label,omitempty"`
	// Position is where the transition was read from, and its fields; the zero
	// Record for one built in Go. It follows the value when copied.
	Position position.Record `json:"-" yaml:"-"`
}

// AppliesTo reports whether the transition itself names the persona (or names
// none). Whether its steps apply too is checked by ForPersona.
func (t *Transition) AppliesTo(personaID string) bool { return appliesTo(t.Personas, personaID) }

func appliesTo(ids []string, id string) bool {
	if len(ids) == 0 {
		return true
	}
	for _, p := range ids {
		if p == id {
			return true
		}
	}
	return false
}
