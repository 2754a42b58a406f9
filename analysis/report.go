package analysis

import "github.com/journeymap/journeymap/journey"

// Report is what Analyze finds in a journey, for all personas together and,
// under Personas, for each persona on its own. Every list is sorted so that
// the same journey always gives the same report; steps and stages are listed
// in the order the journey declares them.
//
// Lists are never nil in a report returned by Analyze, so that its JSON shows
// [] rather than null for "nothing found".
type Report struct {
	// Journey is the ID of the analysed journey.
	Journey string `json:"journey"`
	// Persona is the ID of the persona this report is for; empty for all.
	Persona string `json:"persona,omitempty"`

	// UnreachableSteps are the IDs of steps no entry leads to.
	UnreachableSteps []string `json:"unreachable_steps"`
	// UnreachableStages are the IDs of stages that have steps, none reachable.
	UnreachableStages []string `json:"unreachable_stages"`
	// DeadEnds are reachable steps, neither goals nor exits, from which no
	// goal can be reached: where customers get stuck.
	DeadEnds []string `json:"dead_ends"`
	// CriticalSteps lie on every entry-to-goal path. Empty when no goal is
	// reachable.
	CriticalSteps []string `json:"critical_steps"`
	// Cycles are the strongly connected sets of two or more steps and the
	// steps with a transition to themselves, each in journey order.
	Cycles [][]string `json:"cycles"`
	// Gaps are missing links: empty or silent stages, personas that cannot
	// reach a goal, unused touchpoints.
	Gaps []Gap `json:"gaps"`
	// Barriers are every barrier met on the journey, worst first.
	Barriers []BarrierFinding `json:"barriers"`
	// Paths are the best entry-to-goal paths, best first: fewest barriers
	// weighted by severity, then fewest steps, then earliest steps.
	Paths []Path `json:"paths"`
	// PathsCut reports that the search for the best paths stopped at its
	// work limit (one budget shared by every report of an Analyze call):
	// Paths holds the best paths found before it, in order, possibly fewer
	// than asked for or none.
	PathsCut bool `json:"paths_cut,omitempty"`
	// Conversion is present only when transitions carry probabilities or counts.
	Conversion *Conversion `json:"conversion,omitempty"`

	// Personas holds one report per persona, by persona ID; only in the
	// report for all personas.
	Personas map[string]*Report `json:"personas,omitempty"`
}

// GapKind is the kind of a Gap: a stable kebab-case string, one of the Gap
// constants.
type GapKind string

// Gap kinds.
const (
	// GapEmptyStage: a stage with no steps.
	GapEmptyStage GapKind = "empty-stage"
	// GapSilentStage: a stage whose steps have no touchpoint; the brand is silent there.
	GapSilentStage GapKind = "silent-stage"
	// GapPersonaNoGoal: a persona that cannot reach any goal.
	GapPersonaNoGoal GapKind = "persona-cannot-reach-goal"
	// GapUnusedTouchpoint: a touchpoint no step uses.
	GapUnusedTouchpoint GapKind = "unused-touchpoint"
)

// Gap is a missing link in a journey.
type Gap struct {
	// Kind is one of the Gap constants (GapEmptyStage, ...).
	Kind GapKind `json:"kind"`
	// Stage, Persona or Touchpoint name what the gap is about, by ID.
	Stage      string `json:"stage,omitempty"`
	Persona    string `json:"persona,omitempty"`
	Touchpoint string `json:"touchpoint,omitempty"`
	// Message says what is missing, in words.
	Message string `json:"message"`
}

// BarrierFinding is a barrier as the analysis sees it.
type BarrierFinding struct {
	// Step and Stage locate the barrier by ID; Index is its position in the
	// step's Barriers.
	Step  string `json:"step"`
	Stage string `json:"stage"`
	Index int    `json:"index"`
	// Description, Severity and Kind are copied from the barrier.
	Description string           `json:"description"`
	Severity    journey.Severity `json:"severity"`
	Kind        string           `json:"kind,omitempty"`
	// Personas are the IDs of the personas who meet it (the barrier's own
	// personas that also take the step; every persona the step applies to if
	// the barrier names none).
	Personas []string `json:"personas"`
	// Critical reports whether the step lies on every entry-to-goal path: a
	// blocker there can stop every customer.
	Critical bool `json:"critical"`
	// Reachable reports whether any entry leads to the step.
	Reachable bool `json:"reachable"`
	// Reach is the expected share of entering customers who reach the step;
	// present only when the journey carries probabilities or counts.
	Reach *float64 `json:"reach,omitempty"`
}

// Path is one entry-to-goal path.
type Path struct {
	// Steps are the step IDs from the entry to the goal.
	Steps []string `json:"steps"`
	// Cost is the barriers met along the path weighted by severity
	// (see journey.Severity.Weight); lower is better.
	Cost int64 `json:"cost"`
	// Barriers counts the barriers met along the path.
	Barriers int `json:"barriers"`
	// Emotions is the emotion curve: the emotion at each step.
	Emotions []int `json:"emotions"`
	// Lowest is the lowest emotion on the path and LowestStep the first step
	// where it is felt.
	Lowest     int    `json:"lowest"`
	LowestStep string `json:"lowest_step"`
}

// Conversion is the flow of customers through the journey, computed from
// transition probabilities or counts as an absorbing Markov chain.
type Conversion struct {
	// Rate is the probability that a customer who enters reaches a goal.
	Rate float64 `json:"rate"`
	// Goals is the probability of ending at each goal, by step ID.
	Goals map[string]float64 `json:"goals"`
	// Exits is the probability of ending at each exit, by step ID.
	Exits map[string]float64 `json:"exits"`
	// Left is the probability of leaving the journey at some other step,
	// or of never leaving it: Left includes Trapped.
	Left float64 `json:"left"`
	// Trapped is the part of Left caught for ever in a loop that nobody
	// leaves: a set of steps, none a goal or an exit, whose transitions,
	// all taken with certainty, lead only among themselves. At such steps
	// Reach is the long-run share of customers found there. Left is the
	// sum of the steps' Leave plus Trapped.
	Trapped float64 `json:"trapped,omitempty"`
	// Steps gives the flow at each reachable step, in journey order.
	Steps []StepFlow `json:"steps"`
	// Stages gives the flow at each stage, in order.
	Stages []StageFlow `json:"stages"`
	// Assumed lists the steps whose outgoing transitions carry no numbers;
	// customers there were taken to split equally among them.
	Assumed []string `json:"assumed,omitempty"`
}

// StepFlow is the flow of customers at one step.
type StepFlow struct {
	// Step is the step's ID.
	Step string `json:"step"`
	// Reach is the expected number of visits to the step per entering
	// customer: the share of customers who reach it, where the journey has no
	// loop through it.
	Reach float64 `json:"reach"`
	// Leave is the share of entering customers who leave the journey at this
	// step (not at a goal or an exit).
	Leave float64 `json:"leave"`
}

// StageFlow is the flow of customers at one stage.
type StageFlow struct {
	// Stage is the stage's ID.
	Stage string `json:"stage"`
	// Reach is the share of entering customers who reach the stage's steps
	// (expected visits from outside the stage).
	Reach float64 `json:"reach"`
	// Leave is the share of entering customers who leave the journey at one
	// of the stage's steps.
	Leave float64 `json:"leave"`
}
