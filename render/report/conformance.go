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
	// UnmodelledTransitions are directly-follows pairs of the log the
	// journey does not have, most frequent first.
	UnmodelledTransitions []TransitionCount `json:"unmodelled_transitions"`
	// UnmodelledActivities are activities of the log that are no step.
	UnmodelledActivities []ActivityCount `json:"unmodelled_activities"`
	// UnvisitedSteps are steps no case visits.
	UnvisitedSteps []string `json:"unvisited_steps"`
	// WrongStarts are first activities that are not entries.
	WrongStarts []ActivityCount `json:"wrong_starts"`
}

// TransitionCount is a move of the log and how often it is made.
type TransitionCount struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int64  `json:"count"`
}

// ActivityCount is an activity of the log and how often it occurs.
type ActivityCount struct {
	Activity string `json:"activity"`
	Count    int64  `json:"count"`
}

// conformanceView is the conformance section.
type conformanceView struct {
	Log                   string
	Fitness               bar
	Fitting               string
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
	v.Fitting = strconv.FormatInt(c.FittingCases, 10) + " of " + strconv.FormatInt(c.Cases, 10)
	if c.Cases > 0 {
		v.Fitting += " (" + pct(float64(c.FittingCases)/float64(c.Cases)) + ")"
	}
	return v
}
