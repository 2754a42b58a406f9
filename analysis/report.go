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
	// DeadEnds are reachable steps before the goal (some path to them
	// avoids every goal), neither goals nor exits, from which no goal or
	// exit can be reached: where customers get stuck. A step after the goal
	// with no way on is where the journey ends, not a dead end.
	DeadEnds []string `json:"dead_ends"`
	// CriticalSteps lie on every entry-to-goal path. Empty when no goal is
	// reachable.
	CriticalSteps []string `json:"critical_steps"`
	// Cycles are the strongly connected sets of two or more steps and the
	// steps with a transition to themselves, each as one loop through all
	// its steps in the order customers go round ([a b c] for a -> b -> c ->
	// a), starting at its first step in journey order.
	Cycles [][]string `json:"cycles"`
	// Gaps are missing links: empty or silent stages, personas that cannot
	// reach a goal, unused touchpoints.
	Gaps []Gap `json:"gaps"`
	// Barriers are every barrier met on the journey, worst first.
	Barriers []BarrierFinding `json:"barriers"`
	// Paths are the best entry-to-goal paths, best first: lowest cost
	// (barriers weighted by severity, only those of the persona walking the
	// path), then fewest steps, then earliest steps.
	Paths []Path `json:"paths"`
	// PathsCut reports that the search for the best paths stopped at its
	// work limit (one budget shared by every report of an Analyze call):
	// Paths holds the best paths found before it, in order, possibly fewer
	// than asked for or none.
	PathsCut bool `json:"paths_cut,omitempty"`
	// LikelyPaths are the most probable entry-to-goal paths, most probable
	// first; empty where the journey has no numbers.
	LikelyPaths []LikelyPath `json:"likely_paths"`
	// Flow is non-nil only when transitions carry probabilities or counts;
	// its JSON key is always there, null without numbers.
	Flow *Flow `json:"flow"`
	// Attribution is non-nil with Flow, when some customer converts; its
	// JSON key is always there, null otherwise.
	Attribution *Attribution `json:"attribution"`

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
	// Stage is the ID of the stage the gap is about (an empty or silent
	// stage); empty for other kinds.
	Stage string `json:"stage,omitempty"`
	// Persona is the ID of the persona the gap is about (one that cannot
	// reach a goal); empty for other kinds.
	Persona string `json:"persona,omitempty"`
	// Touchpoint is the ID of the touchpoint the gap is about (an unused
	// touchpoint); empty for other kinds.
	Touchpoint string `json:"touchpoint,omitempty"`
	// Message says what is missing, in words.
	Message string `json:"message"`
}

// BarrierFinding is a barrier as the analysis sees it.
type BarrierFinding struct {
	// Step is the ID of the step the barrier is on.
	Step string `json:"step"`
	// Stage is the ID of that step's stage.
	Stage string `json:"stage"`
	// Index is the barrier's position in the step's Barriers, from 0.
	Index int `json:"index"`
	// Description is copied from the barrier.
	Description string `json:"description"`
	// Severity is copied from the barrier.
	Severity journey.Severity `json:"severity"`
	// Kind is copied from the barrier (price, usability, ...); empty if it
	// has none.
	Kind string `json:"kind,omitempty"`
	// Personas are the IDs of the personas who meet it (the barrier's own
	// personas that also take the step; every persona the step applies to if
	// the barrier names none).
	Personas []string `json:"personas"`
	// Critical reports whether the step lies on every entry-to-goal path: a
	// blocker there can stop every customer.
	Critical bool `json:"critical"`
	// Reachable reports whether any entry leads to the step.
	Reachable bool `json:"reachable"`
	// Reach is the chance that an entering customer reaches the step;
	// present only when the journey carries probabilities or counts.
	Reach *float64 `json:"reach,omitempty"`
}

// Path is one entry-to-goal path.
type Path struct {
	// Steps are the step IDs from the entry to the goal.
	Steps []string `json:"steps"`
	// Personas are the IDs of the personas who can walk the path (every
	// step and transition applies to them), in journey order; empty when
	// the journey has no personas.
	Personas []string `json:"personas"`
	// Cost is the barriers met along the path weighted by severity (low 1,
	// medium 10, high 100, blocker 1000; see journey.Severity.Weight),
	// counting only the barriers that apply to the persona walking it; in
	// the report for all personas, the lowest among the personas who can
	// walk it. Lower is better.
	Cost int64 `json:"cost"`
	// Barriers counts the barriers met along the path (by the persona
	// whose cost is Cost).
	Barriers int `json:"barriers"`
	// Emotions is the emotion curve: the emotion at each step.
	Emotions []int `json:"emotions"`
	// Lowest is the lowest emotion on the path.
	Lowest int `json:"lowest"`
	// LowestStep is the ID of the first step where Lowest is felt.
	LowestStep string `json:"lowest_step"`
}

// Flow is the flow of customers through the journey, where transitions
// carry probabilities or counts: customers are conserved, every one who
// enters ends at some step (Leave) or is trapped in a loop.
type Flow struct {
	// Conversion is the chance that an entering customer reaches at least
	// one goal.
	Conversion float64 `json:"conversion"`
	// Repeat is the chance that a converted customer reaches a goal again
	// after the first (a repeat purchase).
	Repeat float64 `json:"repeat"`
	// Trapped is the share of entering customers caught for ever in a loop
	// that nobody leaves: a set of steps, none a goal or an exit, whose
	// transitions, all taken with certainty, lead only among themselves.
	// The steps' Leave plus Trapped is 1.
	Trapped float64 `json:"trapped"`
	// Customers is the number of customers entering, where the entries'
	// counts give it (0 otherwise).
	Customers float64 `json:"customers,omitempty"`
	// Converted is the number of those customers who reach a goal:
	// Customers times Conversion (0 where Customers is 0).
	Converted float64 `json:"converted,omitempty"`
	// Steps gives the flow at each step of the view, in journey order
	// (reach 0 where no entry leads).
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
	// Reach is the chance that an entering customer ever reaches the step
	// (at most 1).
	Reach float64 `json:"reach"`
	// Visits is the expected number of visits to the step per entering
	// customer: more than Reach where a loop brings customers back. In a
	// loop that traps customers, the long-run share of customers found at
	// the step.
	Visits float64 `json:"visits"`
	// Leave is the share of entering customers whose journey ends at this
	// step: at an exit, everyone who reaches it; elsewhere, those no
	// transition takes on.
	Leave float64 `json:"leave"`
}

// StageFlow is the flow of customers at one stage.
type StageFlow struct {
	// Stage is the stage's ID.
	Stage string `json:"stage"`
	// Reach is the chance that an entering customer ever reaches one of
	// the stage's steps.
	Reach float64 `json:"reach"`
	// Leave is the share of entering customers whose journey ends at one
	// of the stage's steps.
	Leave float64 `json:"leave"`
}

// Attribution credits the steps and touchpoints with the conversion by
// their removal effect on the journey's own chain of customers.
type Attribution struct {
	// Steps has an entry per step of the view that is neither a goal nor
	// an exit, in journey order.
	Steps []StepCredit `json:"steps"`
	// Touchpoints has an entry per touchpoint of such steps, in journey
	// order.
	Touchpoints []TouchpointCredit `json:"touchpoints"`
	// TouchpointsCut reports that the touchpoints' attribution stopped at
	// its work limit (one solve of the chain per touchpoint): Touchpoints is
	// then empty.
	TouchpointsCut bool `json:"touchpoints_cut,omitempty"`
}

// Credit is what one step or touchpoint is credited with.
type Credit struct {
	// RemovalEffect is 1 - conversion without it / conversion, where
	// customers who would arrive at it leave instead.
	RemovalEffect float64 `json:"removal_effect"`
	// Share is RemovalEffect over the sum of the removal effects of the
	// list.
	Share float64 `json:"share"`
	// Conversions is Share times the converted customers, where the
	// entries' counts give their number; nil otherwise.
	Conversions *float64 `json:"conversions,omitempty"`
}

// StepCredit is the attribution of one step.
type StepCredit struct {
	// Step is the step's ID.
	Step string `json:"step"`
	// Credit is what the step is credited with.
	Credit
}

// TouchpointCredit is the attribution of one touchpoint: all its steps
// removed together.
type TouchpointCredit struct {
	// Touchpoint is the touchpoint's ID.
	Touchpoint string `json:"touchpoint"`
	// Credit is what the touchpoint is credited with.
	Credit
}

// LikelyPath is one entry-to-goal path with the chance that an entering
// customer walks exactly it, up to its first goal.
type LikelyPath struct {
	// Steps are the step IDs from the entry to the first goal.
	Steps []string `json:"steps"`
	// Probability is the chance that an entering customer walks exactly
	// Steps, 0..1.
	Probability float64 `json:"probability"`
}
