package compare

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
)

// Options tunes Compare. The zero value compares the journeys for all
// personas together and for every persona both have.
type Options struct {
	// Persona, if set, compares the journeys as that persona sees them
	// (journey.ForPersona): both must have the persona.
	Persona string
}

// Diff is the comparison of journey A (before: as-is, or ours) with journey
// B (after: to-be, or a competitor's). Its JSON keys are a contract (see the
// package documentation). Lists are never nil, so that JSON shows [] for
// "nothing", and every list is in journey order or sorted: the same pair
// always gives the same Diff.
type Diff struct {
	// Before is the ID of A.
	Before string `json:"before"`
	// After is the ID of B.
	After string `json:"after"`
	// Persona is the persona compared; empty for all.
	Persona string `json:"persona,omitempty"`
	// Competitor reports that A and B share no step ID, so that they are
	// compared stage by stage only (matched by stage ID, then by phase).
	Competitor bool `json:"competitor"`

	// AddedSteps are the IDs of B's steps that A lacks, in B's order.
	AddedSteps []string `json:"added_steps"`
	// RemovedSteps are the IDs of A's steps that B lacks, in A's order.
	RemovedSteps []string `json:"removed_steps"`
	// ChangedSteps are the steps of both whose fields differ, in B's order.
	ChangedSteps []StepChange `json:"changed_steps"`
	// AddedTransitions are B's transitions that A lacks (matched by From,
	// To and personas), in B's order.
	AddedTransitions []TransitionRef `json:"added_transitions"`
	// RemovedTransitions are A's transitions that B lacks, in A's order.
	RemovedTransitions []TransitionRef `json:"removed_transitions"`
	// ChangedTransitions are the transitions of both whose other fields
	// differ (probability, count, label, ...), in B's order.
	ChangedTransitions []TransitionChange `json:"changed_transitions"`
	// AddedBarriers are the barriers of B that A lacks (matched by step
	// and description), every barrier of an added step among them.
	AddedBarriers []BarrierRef `json:"added_barriers"`
	// RemovedBarriers are the barriers of A that B lacks, every barrier of
	// a removed step among them.
	RemovedBarriers []BarrierRef `json:"removed_barriers"`
	// ChangedBarriers are the barriers of both whose fields differ.
	ChangedBarriers []BarrierChange `json:"changed_barriers"`
	// AddedStages are the IDs of B's stages that A lacks, in B's order.
	AddedStages []string `json:"added_stages"`
	// RemovedStages are the IDs of A's stages that B lacks, in A's order.
	RemovedStages []string `json:"removed_stages"`
	// ChangedStages are the stages of both whose fields differ, in B's
	// order.
	ChangedStages []ItemChange `json:"changed_stages"`
	// AddedTouchpoints are the IDs of B's touchpoints that A lacks, in B's
	// order.
	AddedTouchpoints []string `json:"added_touchpoints"`
	// RemovedTouchpoints are the IDs of A's touchpoints that B lacks, in
	// A's order.
	RemovedTouchpoints []string `json:"removed_touchpoints"`
	// ChangedTouchpoints are the touchpoints of both whose fields differ,
	// in B's order.
	ChangedTouchpoints []ItemChange `json:"changed_touchpoints"`
	// AddedPersonas are the IDs of B's personas that A lacks, in B's order.
	AddedPersonas []string `json:"added_personas"`
	// RemovedPersonas are the IDs of A's personas that B lacks, in A's
	// order.
	RemovedPersonas []string `json:"removed_personas"`
	// ChangedPersonas are the personas of both whose fields differ, in B's
	// order.
	ChangedPersonas []ItemChange `json:"changed_personas"`
	// ChangedJourney lists the journey's own fields that changed (name,
	// purpose, entries, goals, exits).
	ChangedJourney []FieldChange `json:"changed_journey"`
	// Reordered names the lists whose order changed ("stages", "steps").
	Reordered []string `json:"reordered"`
	// Emotions are the steps of both whose emotion changed.
	Emotions []EmotionChange `json:"emotions"`

	// Consequences are what the analysis says for all personas together,
	// or for Persona where it is set.
	Consequences
	// Personas holds the consequences for each persona both journeys
	// have, by persona ID; only when Options.Persona is empty.
	Personas []PersonaDiff `json:"personas"`
	// Regressions are what makes B worse than A: for all personas
	// together and for each persona (Persona set).
	Regressions []Regression `json:"regressions"`

	// Patch is the full structural difference: Apply(A, Patch) gives B.
	Patch *Patch `json:"-"`
	// A and B are the journeys compared (as the persona sees them, with
	// Options.Persona).
	A, B *journey.Journey `json:"-"`
}

// Consequences are what the analysis of A and B says, side by side.
type Consequences struct {
	// Conversion is the chance of reaching a goal before and after.
	Conversion Conversion `json:"conversion"`
	// Stages compares the stages, matched by ID and then by phase.
	Stages []StageDiff `json:"stages"`
	// NewFindings are findings of B that A does not have.
	NewFindings []Finding `json:"new_findings"`
	// ResolvedFindings are findings of A that B no longer has.
	ResolvedFindings []Finding `json:"resolved_findings"`
	// Attribution compares the credit of each step and touchpoint; nil
	// where neither side has attribution (no probabilities or counts).
	Attribution *AttributionShift `json:"attribution"`
}

// PersonaDiff is the comparison for one persona.
type PersonaDiff struct {
	// Persona is the persona's ID.
	Persona string `json:"persona"`
	// Consequences are what the analysis says for the persona's own view
	// of A and B.
	Consequences
}

// Conversion holds a figure before and after; nil where a side has no
// numbers.
type Conversion struct {
	// Before is the figure for A; nil where A has no numbers.
	Before *float64 `json:"before"`
	// After is the figure for B; nil where B has no numbers.
	After *float64 `json:"after"`
}

// StepChange is a step of both journeys with the fields that differ (file
// key names: stage, touchpoint, action, emotion, barriers, ...), their
// values before and after.
type StepChange struct {
	// Step is the step's ID.
	Step string `json:"step"`
	// Fields are the fields that differ, in declaration order.
	Fields []FieldChange `json:"fields"`
}

// ItemChange is an item of both journeys (stage, touchpoint, persona)
// with the fields that differ.
type ItemChange struct {
	// ID is the item's ID.
	ID string `json:"id"`
	// Fields are the fields that differ, in declaration order.
	Fields []FieldChange `json:"fields"`
}

// TransitionRef names a transition.
type TransitionRef struct {
	// From is the ID of the step the transition leaves.
	From string `json:"from"`
	// To is the ID of the step the transition leads to.
	To string `json:"to"`
	// Personas are the IDs of the personas the transition names; empty
	// for all.
	Personas []string `json:"personas,omitempty"`
}

// TransitionChange is a transition of both with the fields that differ
// (probability, count, label).
type TransitionChange struct {
	// TransitionRef names the transition, as in B.
	TransitionRef
	// Fields are the fields that differ, in declaration order.
	Fields []FieldChange `json:"fields"`
}

// BarrierRef names a barrier at a step.
type BarrierRef struct {
	// Step is the ID of the step the barrier is on.
	Step string `json:"step"`
	// Description is the barrier's description.
	Description string `json:"description"`
	// Severity is the barrier's severity.
	Severity journey.Severity `json:"severity"`
	// Kind is the barrier's kind (price, usability, ...); empty if it has
	// none.
	Kind string `json:"kind,omitempty"`
}

// BarrierChange is a barrier of both (same step and description) whose
// severity, kind or personas changed.
type BarrierChange struct {
	// Step is the ID of the step the barrier is on.
	Step string `json:"step"`
	// Description is the barrier's description, the same in A and B.
	Description string `json:"description"`
	// SeverityBefore is the barrier's severity in A.
	SeverityBefore journey.Severity `json:"severity_before"`
	// SeverityAfter is the barrier's severity in B.
	SeverityAfter journey.Severity `json:"severity_after"`
	// Fields are the barrier's fields that differ, in declaration order.
	Fields []FieldChange `json:"fields"`
}

// EmotionChange is a step whose emotion changed.
type EmotionChange struct {
	// Step is the step's ID.
	Step string `json:"step"`
	// Before is the step's emotion in A, -2..+2.
	Before int `json:"before"`
	// After is the step's emotion in B, -2..+2.
	After int `json:"after"`
}

// FindingKind is the kind of a Finding.
type FindingKind string

// Finding kinds.
const (
	FindingDeadEnd          FindingKind = "dead-end"
	FindingUnreachableStage FindingKind = "unreachable-stage"
	FindingCriticalStep     FindingKind = "critical-step"
	FindingCriticalBarrier  FindingKind = "critical-barrier"
)

// Finding is one finding of the analysis that appears or goes away.
type Finding struct {
	// Kind is one of the Finding constants (FindingDeadEnd, ...).
	Kind FindingKind `json:"kind"`
	// Step is the ID of the step found (dead end, critical step, step of a
	// critical barrier); empty for an unreachable stage.
	Step string `json:"step,omitempty"`
	// Stage is the ID of the stage found (unreachable stage, stage of a
	// critical barrier's step); empty for other kinds.
	Stage string `json:"stage,omitempty"`
	// Barrier is the description of a critical barrier; empty for other
	// kinds.
	Barrier string `json:"barrier,omitempty"`
	// Severity is the severity of a critical barrier; empty for other
	// kinds.
	Severity journey.Severity `json:"severity,omitempty"`
}

func (f Finding) key() string {
	return string(f.Kind) + "\x00" + f.Step + "\x00" + f.Stage + "\x00" + f.Barrier + "\x00" + string(f.Severity)
}

// RegressionKind is the kind of a Regression.
type RegressionKind string

// Regression kinds.
const (
	// RegressionDeadEnd: B has a dead end A does not have.
	RegressionDeadEnd RegressionKind = "new-dead-end"
	// RegressionUnreachableStage: B has an unreachable stage A does not have.
	RegressionUnreachableStage RegressionKind = "new-unreachable-stage"
	// RegressionCriticalBarrier: B has a barrier of high or blocker
	// severity on a critical step where A had none as severe (a new
	// barrier, a worse one, or a step that became critical).
	RegressionCriticalBarrier RegressionKind = "new-critical-barrier"
	// RegressionConversion: B converts less than A.
	RegressionConversion RegressionKind = "lower-conversion"
)

// Regression is one way B is worse than A.
type Regression struct {
	// Kind is one of the Regression constants (RegressionDeadEnd, ...).
	Kind RegressionKind `json:"kind"`
	// Persona is the persona whose own view regressed where the view of
	// all personas together did not; empty for the view of all.
	Persona string `json:"persona,omitempty"`
	// Personas, on a regression of the view of all, are the personas
	// whose own views have it too.
	Personas []string `json:"personas,omitempty"`
	// Step is the ID of the new dead end or of the critical barrier's
	// step; empty for other kinds.
	Step string `json:"step,omitempty"`
	// Stage is the ID of the stage no longer reachable or of the critical
	// barrier's stage; empty for other kinds.
	Stage string `json:"stage,omitempty"`
	// Barrier is the description of the critical barrier; empty for other
	// kinds.
	Barrier string `json:"barrier,omitempty"`
	// Severity is the critical barrier's severity in B (high or blocker);
	// empty for other kinds.
	Severity journey.Severity `json:"severity,omitempty"`
	// Before is A's conversion, a chance 0..1, on a lower conversion; nil
	// for other kinds.
	Before *float64 `json:"before,omitempty"`
	// After is B's conversion, a chance 0..1, on a lower conversion; nil
	// for other kinds.
	After *float64 `json:"after,omitempty"`
	// Message says what regressed, in words.
	Message string `json:"message"`
}

// Compare compares journey a (before) with journey b (after). Both must be
// valid: otherwise Compare returns every problem of both as
// journey.Problems, each with its File where the journey was read from one.
// With opts.Persona, both must have that persona.
//
// Compare costs one analysis of each journey (see analysis.Analyze) and
// otherwise time linear in their sizes.
func Compare(ctx context.Context, a, b *journey.Journey, opts Options) (*Diff, error) {
	if err := checkPair(a, b, opts.Persona); err != nil {
		return nil, err
	}
	ra, err := analyze(ctx, a, opts.Persona)
	if err != nil {
		return nil, err
	}
	rb, err := analyze(ctx, b, opts.Persona)
	if err != nil {
		return nil, err
	}
	va, vb := a, b
	if opts.Persona != "" {
		va, vb = a.ForPersona(opts.Persona), b.ForPersona(opts.Persona)
	}
	d := structural(va, vb)
	d.Persona = opts.Persona
	d.Consequences = consequences(va, vb, outcomeOf(ra), outcomeOf(rb))
	d.Regressions = append(d.Regressions, regressions(outcomeOf(ra), outcomeOf(rb), opts.Persona)...)
	if opts.Persona == "" {
		d.comparePersonas(ra, rb)
	}
	return d, nil
}

// checkPair validates a and b and returns the problems of both.
func checkPair(a, b *journey.Journey, pid string) error {
	var all journey.Problems
	for _, j := range []*journey.Journey{a, b} {
		err := j.Validate()
		if err == nil && pid != "" && !hasPersona(j, pid) {
			err = journey.Problems{{Code: journey.CodeUnknownPersona, Message: fmt.Sprintf("the journey %q has no persona %q", j.ID, pid)}}
		}
		var ps journey.Problems
		if errors.As(err, &ps) {
			all = append(all, ps...)
		} else if err != nil {
			return err
		}
	}
	return all.Err()
}

func hasPersona(j *journey.Journey, id string) bool {
	return slices.ContainsFunc(j.Personas, func(p persona.Persona) bool { return p.ID == id })
}

// comparePersonas adds the comparison of each persona both journeys have.
func (d *Diff) comparePersonas(ra, rb *analysis.Report) {
	ids := map[string]bool{}
	var perPersona []Regression
	for _, p := range d.A.Personas {
		ids[p.ID] = true
	}
	for _, p := range d.B.Personas {
		if !ids[p.ID] {
			continue
		}
		va, vb := d.A.ForPersona(p.ID), d.B.ForPersona(p.ID)
		oa, ob := outcomeOf(personaReport(ra, p.ID)), outcomeOf(personaReport(rb, p.ID))
		d.Personas = append(d.Personas, PersonaDiff{Persona: p.ID, Consequences: consequences(va, vb, oa, ob)})
		perPersona = append(perPersona, regressions(oa, ob, p.ID)...)
	}
	slices.SortFunc(d.Personas, func(x, y PersonaDiff) int { return compareStrings(x.Persona, y.Persona) })
	slices.SortStableFunc(perPersona, func(x, y Regression) int { return compareStrings(x.Persona, y.Persona) })
	d.mergeRegressions(perPersona)
}

// mergeRegressions adds the regressions of the persona views: one that the
// view of all personas has too is noted in its Personas; the others are
// listed with their Persona.
func (d *Diff) mergeRegressions(perPersona []Regression) {
	all := make(map[string]int, len(d.Regressions))
	for i, r := range d.Regressions {
		all[r.key()] = i
	}
	for _, r := range perPersona {
		if i, ok := all[r.key()]; ok {
			d.Regressions[i].Personas = append(d.Regressions[i].Personas, r.Persona)
			continue
		}
		d.Regressions = append(d.Regressions, r)
	}
}

func (r Regression) key() string {
	return string(r.Kind) + "\x00" + r.Step + "\x00" + r.Stage + "\x00" + r.Barrier
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// consequences compares the outcomes of the analysis of a and b.
func consequences(a, b *journey.Journey, oa, ob outcome) Consequences {
	c := Consequences{
		Conversion:       Conversion{Before: oa.conversion, After: ob.conversion},
		Stages:           compareStages(a, b, oa, ob),
		NewFindings:      []Finding{},
		ResolvedFindings: []Finding{},
		Attribution:      compareAttribution(oa.credits, ob.credits),
	}
	c.NewFindings = appendMissing(c.NewFindings, ob.findings, oa.findings)
	c.ResolvedFindings = appendMissing(c.ResolvedFindings, oa.findings, ob.findings)
	return c
}

// appendMissing appends the findings of from that other does not have.
func appendMissing(dst, from, other []Finding) []Finding {
	have := make(map[string]bool, len(other))
	for _, f := range other {
		have[f.key()] = true
	}
	for _, f := range from {
		if !have[f.key()] {
			dst = append(dst, f)
		}
	}
	return dst
}

// conversionTolerance is how much lower a conversion must be to count as a
// regression, so that rounding in the solver is not taken for one.
const conversionTolerance = 1e-9

// regressions lists what is worse in ob than in oa, for persona p.
func regressions(oa, ob outcome, p string) []Regression {
	var out []Regression
	who := ""
	if p != "" {
		who = fmt.Sprintf(" for persona %q", p)
	}
	had := map[string]bool{}
	seen := map[string]bool{}
	for _, f := range oa.findings {
		had[f.key()] = true
	}
	for _, f := range ob.findings {
		switch f.Kind {
		case FindingDeadEnd:
			if !had[f.key()] {
				out = append(out, Regression{Kind: RegressionDeadEnd, Persona: p, Step: f.Step,
					Message: fmt.Sprintf("new dead end at step %q%s", f.Step, who)})
			}
		case FindingUnreachableStage:
			if !had[f.key()] {
				out = append(out, Regression{Kind: RegressionUnreachableStage, Persona: p, Stage: f.Stage,
					Message: fmt.Sprintf("stage %q is no longer reachable%s", f.Stage, who)})
			}
		case FindingCriticalBarrier:
			k := f.Step + "\x00" + f.Barrier
			if f.Severity.Rank() >= journey.High.Rank() && ob.barriers[k] == f.Severity && oa.barriers[k].Rank() < f.Severity.Rank() && !seen[k] {
				seen[k] = true
				out = append(out, Regression{Kind: RegressionCriticalBarrier, Persona: p, Step: f.Step, Stage: f.Stage,
					Barrier: f.Barrier, Severity: f.Severity,
					Message: fmt.Sprintf("%s barrier %q on critical step %q%s", f.Severity, f.Barrier, f.Step, who)})
			}
		}
	}
	if oa.conversion != nil && ob.conversion != nil && *ob.conversion < *oa.conversion-conversionTolerance {
		out = append(out, Regression{Kind: RegressionConversion, Persona: p, Before: oa.conversion, After: ob.conversion,
			Message: fmt.Sprintf("conversion falls from %.4g to %.4g%s", *oa.conversion, *ob.conversion, who)})
	}
	return out
}
