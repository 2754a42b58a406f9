package report

import "strconv"

// Conformance is the conformance of an event log to the journey, as the
// report shows it. Its JSON keys are those of "journeymap conform --format
// json", so that the command's output (or eventlog's result encoded as
// JSON) decodes into it.
type Conformance struct {
	// Log names the event log, for the heading.
	Log string `json:"log,omitempty"`
	// Cases is the number of cases (customers) in the log.
	Cases int64 `json:"cases"`
	// FittingCases is the number of cases all of whose moves the journey allows.
	FittingCases int64 `json:"fitting_cases"`
	// Fitness is the share of all moves that the journey allows.
	Fitness float64 `json:"fitness"`
	// Moves is the number of moves of all cases (starts and
	// directly-follows pairs).
	Moves int64 `json:"moves"`
	// AllowedMoves is the number of those moves the journey allows.
	AllowedMoves int64 `json:"allowed_moves"`
	// UnmodelledTransitions are directly-follows pairs of the log the
	// journey does not have, most frequent first.
	UnmodelledTransitions []TransitionCount `json:"unmodelled_transitions"`
	// UnmodelledActivities are activities of the log that are no step.
	UnmodelledActivities []ActivityCount `json:"unmodelled_activities"`
	// UnvisitedSteps are steps no case visits.
	UnvisitedSteps []string `json:"unvisited_steps"`
	// WrongStarts are first activities that are not entries.
	WrongStarts []ActivityCount `json:"wrong_starts"`
	// Personas is the fitness of each persona's cases.
	Personas []PersonaFitness `json:"personas"`
}

// PersonaFitness is the conformance of one persona's cases.
type PersonaFitness struct {
	// Persona is the persona's ID.
	Persona string `json:"persona"`
	// Cases is the number of the persona's cases.
	Cases int64 `json:"cases"`
	// FittingCases is the number of them all of whose moves the
	// persona's journey allows.
	FittingCases int64 `json:"fitting_cases"`
	// Fitness is the share of their moves that the persona's journey
	// allows, 0..1.
	Fitness float64 `json:"fitness"`
}

// TransitionCount is a move of the log and how often it is made.
type TransitionCount struct {
	// From is the activity moved from.
	From string `json:"from"`
	// To is the activity of the event right after it.
	To string `json:"to"`
	// Count is the number of moves from From to To.
	Count int64 `json:"count"`
}

// ActivityCount is an activity of the log and how often it occurs.
type ActivityCount struct {
	// Activity is the activity's name as written in the log.
	Activity string `json:"activity"`
	// Count is the number of its events (cases, in WrongStarts: those
	// that start with it).
	Count int64 `json:"count"`
}

// conformanceView is the conformance section.
type conformanceView struct {
	Log                   string
	Fitness               bar
	Fitting, Moves        string
	Personas              []bar
	UnmodelledTransitions []TransitionCount
	UnmodelledActivities  []ActivityCount
	UnvisitedSteps        []stepRow
	WrongStarts           []ActivityCount
}

func conformanceOf(c *Conformance, n *names) *conformanceView {
	v := &conformanceView{
		Log:                   c.Log,
		Fitness:               newBar("Fitness (allowed moves)", c.Fitness, ""),
		UnmodelledTransitions: c.UnmodelledTransitions,
		UnmodelledActivities:  c.UnmodelledActivities,
		UnvisitedSteps:        n.stepRows(c.UnvisitedSteps),
		WrongStarts:           c.WrongStarts,
	}
	if c.Moves > 0 {
		v.Moves = strconv.FormatInt(c.AllowedMoves, 10) + " of " + strconv.FormatInt(c.Moves, 10)
	}
	for _, p := range c.Personas {
		v.Personas = append(v.Personas, newBar(n.persona(p.Persona), p.Fitness,
			strconv.FormatInt(p.FittingCases, 10)+" of "+strconv.FormatInt(p.Cases, 10)+" cases fit"))
	}
	v.Fitting = strconv.FormatInt(c.FittingCases, 10) + " of " + strconv.FormatInt(c.Cases, 10)
	if c.Cases > 0 {
		v.Fitting += " (" + pct(float64(c.FittingCases)/float64(c.Cases)) + ")"
	}
	return v
}
