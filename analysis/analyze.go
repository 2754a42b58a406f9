package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/journeymap/journeymap/internal/graphalg"
	"github.com/journeymap/journeymap/journey"
)

// Problem codes of Analyze, besides those of Validate.
const (
	// CodeUnknownPersona: Options.Persona names no persona of the journey
	// (the code Validate gives an unknown persona id).
	CodeUnknownPersona = journey.CodeUnknownPersona
	// CodeUnknownEntry: Options.EntryWeights names a step that is not an entry.
	CodeUnknownEntry journey.Code = "unknown-entry"
	// CodeInvalidEntryWeight: an entry weight is negative, infinite or NaN.
	CodeInvalidEntryWeight journey.Code = "invalid-entry-weight"
)

// Analyze analyses the journey j and returns what it finds. The zero
// Options give the defaults: every persona, DefaultK paths, entries
// equally likely.
//
// Analyze first validates j; if j is invalid it returns a nil report and the
// Problems of Validate. An unknown opts.Persona, or opts.EntryWeights naming
// a step that is not an entry or holding a negative, infinite or NaN weight,
// is reported the same way, with the codes CodeUnknownPersona,
// CodeUnknownEntry and CodeInvalidEntryWeight. If ctx is cancelled, Analyze
// stops and returns ctx's error.
//
// # Views
//
// Without opts.Persona the report is for all personas together: every step,
// transition and barrier counts, whatever personas they name. Its Personas
// map then holds one report per persona, for the journey as that persona sees
// it: the steps whose Personas are empty or name it, the transitions that
// apply to it and to both their steps, the barriers of those steps that apply
// to it, and the entries, goals and exits among those steps (this is the
// journey ForPersona returns). With opts.Persona set, Analyze returns only
// that persona's report.
//
// # Findings
//
// In each view, a step is reachable if a path of transitions leads to it
// from an entry. UnreachableSteps are the view's steps that are not;
// UnreachableStages the stages that have steps in the view, none reachable.
// A step is after the goal when every path to it from an entry passes
// through a goal. DeadEnds are the reachable steps, neither goals nor exits
// nor after the goal, from which no goal or exit can be reached: a step
// after the goal with no way on is where the journey naturally ends.
// CriticalSteps are the steps on every path from an entry to a goal, where a
// path ends at the first goal it meets: the entry itself when there is only
// one, the goal when only one can be reached, and every step in between
// that all customers must pass. Cycles are the strongly connected sets of
// two or more steps and the steps with a transition to themselves, each
// given as one loop through all its steps in the order customers go round
// (from its first step in journey order, along the shortest way to the
// nearest step not yet on the loop, and back; a set that no simple cycle
// covers repeats some steps), the loops in the journey order of their first
// steps.
//
// Gaps list, in this order: the stages (in journey order) that have no step in
// the view (GapEmptyStage) or whose steps name no touchpoint
// (GapSilentStage); the personas (in journey order) that cannot reach any goal
// (GapPersonaNoGoal), in the report for all personas and in the persona's own
// report; and the touchpoints (in journey order) that no step of the view
// uses (GapUnusedTouchpoint).
//
// Barriers lists every barrier of the view's steps, worst severity first, then
// those on critical steps, then by decreasing Reach when the journey carries
// numbers, then in step order and in order within the step.
//
// Paths are the opts.K best entry-to-goal paths (DefaultK if K is 0, at most
// MaxK, none if K is negative). Paths are simple (no step twice) and end at
// the first goal they reach. A path's cost is the sum of Severity.Weight
// (low 1, medium 10, high 100, blocker 1000) over the barriers of its steps
// that apply to the persona walking it; in the report for all personas of a
// journey with personas, a path is one that some persona can walk (each of
// its steps and a transition between each two apply to that persona), its
// Personas are those who can, and its cost the lowest any of them pays.
// Paths are ranked by cost, then by number of steps, then by their steps'
// positions in the journey, compared in order. The search takes time for
// the K paths found, not for the number of paths in the journey, which may
// be astronomical.
//
// # Flow
//
// Flow, Attribution and LikelyPaths are computed only when some transition
// of the view carries a Probability or a Count; otherwise Flow and
// Attribution are nil and LikelyPaths empty. Customers are a Markov chain on
// the steps of the view, and are conserved: each one who enters ends at
// some step or stays for ever in a loop. Goals do not end the journey:
// customers go on past them (delivery, service, the repeat purchase); exits
// do. At any other step, a customer moves along one outgoing transition or
// leaves the journey there. The share of the customers at a step who take a
// transition is:
//
//   - its Probability, if it has one;
//   - else its Count over the customers at the step: the step's Count (in a
//     persona's view, the persona's entry in Counts when the step has
//     counts per persona), else the counts of the transitions arriving
//     there, else (and at an entry, at least) the counts of those leaving;
//   - else, when no transition of the step carries a number, an equal share
//     (the step is listed in Assumed, because the figures rest on that
//     assumption); when the step's other transitions carry probabilities
//     only, an equal share of what they leave; else nothing.
//
// What no transition takes leaves the journey at the step; shares adding up
// to more than 1 (transitions of several personas mixed in the view for all
// personas, or counts above the step's) are scaled down to 1. Several
// transitions between the same two steps add up.
//
// Customers start at the entries: where every entry of the view states a
// count (in a persona's view, where the step has counts per persona, an
// entry of the persona's in Counts, 0 included: counted, nobody came; if
// every entry states 0, nobody enters and every figure is 0), in
// proportion to its count less the counts arriving at it, by a
// self-loop too, since a count is visits (and then Flow.Customers is their
// number); else by
// opts.EntryWeights (normalised; entries it does not name weigh 0; if every
// entry weighs 0, nobody enters and every figure is 0); else equally. In
// the report for all personas of a journey whose personas state a Share or
// whose steps have counts per persona, the flow is the personas' own flows
// weighed by their entering customers (where counts per persona give every
// persona a number) or else by their shares (personas without one sharing
// equally what the others leave): so the all-personas figures are not a
// flat average, and each persona's flow uses its own numbers. Otherwise it
// is the chain of the view for all personas, with the sums of the
// personas' numbers.
//
// The chain is solved exactly (per strongly connected set of steps, in
// order). Flow.Conversion is the chance of reaching at least one goal;
// Flow.Repeat the chance that a converted customer reaches a goal again
// after the first one. For each step of the view in journey order, Reach is
// the chance of ever reaching it (at most 1), Visits the expected number of
// visits, and Leave the share of entering customers whose journey ends
// there (at an exit, all who reach it). Flow.Trapped is the share caught in
// a loop that nobody leaves (a set of steps whose transitions, all taken
// with certainty, lead only among themselves); there, Visits is the
// long-run share of customers found at each step. The steps' Leave and
// Trapped add up to 1. For each stage in order, Reach is the chance of ever
// reaching one of its steps and Leave the sum of its steps' Leave. A
// barrier's Reach is the Reach of its step.
//
// Attribution gives each step of the view that is neither a goal nor an exit
// its removal effect, 1 - conversion without it / conversion, where the
// customers who would arrive at it (or start there) leave instead; and the
// same for each touchpoint of such steps, all its steps removed together.
// Share is the removal effect over the sum of the list's; Conversions,
// where Flow.Customers is known, the share of the converted customers. The
// steps' effects are exact and cost a few solves of the chain for all
// steps together (the conversion lost without a step is the chance of
// reaching it before any goal times the chance of reaching a goal from it);
// the touchpoints' cost one solve each, within a budget for the whole call
// (Attribution.TouchpointsCut reports a view past it).
//
// LikelyPaths are the opts.K most probable simple entry-to-goal paths (each
// ending at its first goal) with the chance that an entering customer walks
// exactly that path, by a best-first search with an exact bound; in a view
// mixing the personas' flows, the chain of the view for all personas gives
// them.
func Analyze(ctx context.Context, j *journey.Journey, opts Options) (*Report, error) {
	if j == nil {
		return nil, journey.Problems{{Code: journey.CodeNilJourney, Message: "no journey to analyse"}}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := j.Validate(); err != nil {
		return nil, err
	}
	if err := checkOptions(j, &opts); err != nil {
		return nil, err
	}
	ix, err := newIndex(ctx, j)
	if err != nil {
		return nil, err
	}
	k := opts.K
	switch {
	case k == 0:
		k = DefaultK
	case k > MaxK:
		k = MaxK
	case k < 0:
		k = 0
	}
	a := &analysis{ix: ix, k: k, weights: opts.EntryWeights, touchWork: touchWorkBudget}
	// One budget for the best-path searches of every view, so that a
	// journey with thousands of personas stays bounded too.
	a.scratch.LimitKBest(pathWorkBudget)

	if opts.Persona != "" {
		p := personaNumber(j, opts.Persona)
		r, reaches, err := a.report(ctx, p)
		if err != nil {
			return nil, err
		}
		if !reaches {
			r.insertPersonaGaps([]Gap{personaGap(opts.Persona)})
		}
		return r, nil
	}

	// The personas first: the report for all personas merges their best
	// paths and, where shares or counts per persona weigh them, their flows.
	personas := make(map[string]*Report, len(j.Personas))
	var gaps []Gap
	a.perPersona = make([]personaResult, len(j.Personas))
	for i := range j.Personas {
		id := j.Personas[i].ID
		if _, dup := personas[id]; dup {
			continue
		}
		r, reaches, err := a.report(ctx, int32(i))
		if err != nil {
			return nil, err
		}
		if !reaches {
			g := personaGap(id)
			r.insertPersonaGaps([]Gap{g})
			gaps = append(gaps, g)
		}
		personas[id] = r
	}
	all, _, err := a.report(ctx, -1)
	if err != nil {
		return nil, err
	}
	all.Personas = personas
	all.insertPersonaGaps(gaps)
	return all, nil
}

func checkOptions(j *journey.Journey, opts *Options) error {
	var ps journey.Problems
	if opts.Persona != "" && personaNumber(j, opts.Persona) < 0 {
		ps = append(ps, journey.Problem{
			Code:    CodeUnknownPersona,
			Message: fmt.Sprintf("the journey has no persona %q", opts.Persona),
		})
	}
	if opts.EntryWeights != nil {
		ids := make([]string, 0, len(opts.EntryWeights))
		for id := range opts.EntryWeights {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			w := opts.EntryWeights[id]
			if !slices.Contains(j.Entries, id) {
				ps = append(ps, journey.Problem{
					Code:    CodeUnknownEntry,
					Message: fmt.Sprintf("entry weight for %q, which is not an entry", id),
				})
			} else if w < 0 || math.IsInf(w, 0) || math.IsNaN(w) {
				ps = append(ps, journey.Problem{
					Code:    CodeInvalidEntryWeight,
					Message: fmt.Sprintf("entry %q has weight %v; weights must be finite and not negative", id, w),
				})
			}
		}
	}
	return ps.Err()
}

func personaNumber(j *journey.Journey, id string) int32 {
	for i := range j.Personas {
		if j.Personas[i].ID == id {
			return int32(i)
		}
	}
	return -1
}

func personaGap(id string) Gap {
	return Gap{
		Kind:    GapPersonaNoGoal,
		Persona: id,
		Message: fmt.Sprintf("persona %q cannot reach any goal", id),
	}
}

// insertPersonaGaps puts gs after the stage gaps and before the touchpoint
// gaps of r.
func (r *Report) insertPersonaGaps(gs []Gap) {
	at := len(r.Gaps)
	for i, g := range r.Gaps {
		if g.Kind == GapUnusedTouchpoint {
			at = i
			break
		}
	}
	r.Gaps = slices.Insert(r.Gaps, at, gs...)
}

// pathWorkBudget bounds the best-path searches of one Analyze call, all views
// together, in graphalg's units of work (about one to two seconds of search
// at 2^25 units).
var pathWorkBudget int64 = 1 << 26 // a variable so that tests can lower it

// analysis holds what every view of one Analyze call shares.
type analysis struct {
	ix        *index
	k         int
	weights   map[string]float64
	touchWork int64            // what remains of touchWorkBudget
	scratch   graphalg.Scratch // the algorithms' memory, reused from view to view
	// The two condensed chains of a view's flow and working arrays of its
	// solves, reused by the next view (see solveFlow).
	condA, condB     *graphalg.Condensed
	bufX, bufFirst   []float64
	bufIn, bufOut    []float64
	bufNone, bufGoal []bool
	// What each persona's view found, for the view of all personas.
	perPersona []personaResult
}

// personaResult is what the view of all personas takes from a persona's.
type personaResult struct {
	done  bool
	paths [][]int32 // the best paths, as step numbers
	cut   bool      // the path search stopped at its limit
	sol   *flowSol  // the flow; nil without numbers
}

// report analyses the view of persona p (all personas for p < 0). It reports
// whether any goal is reachable from an entry.
func (a *analysis) report(ctx context.Context, p int32) (*Report, bool, error) {
	ix := a.ix
	j := ix.j
	w, err := ix.newView(ctx, p)
	if err != nil {
		return nil, false, err
	}
	r := &Report{
		Journey:           j.ID,
		UnreachableSteps:  []string{},
		UnreachableStages: []string{},
		DeadEnds:          []string{},
		CriticalSteps:     []string{},
		Cycles:            [][]string{},
		Gaps:              []Gap{},
		Barriers:          []BarrierFinding{},
		Paths:             []Path{},
		LikelyPaths:       []LikelyPath{},
	}
	if p >= 0 {
		r.Persona = j.Personas[p].ID
	}
	reach, rev, reachesGoal, err := a.structure(ctx, w, r)
	if err != nil {
		return nil, false, err
	}
	var critical []bool
	if reachesGoal {
		critical, err = a.scratch.Critical(ctx, w.g, w.entries, w.goals)
		if err != nil {
			return nil, false, err
		}
		for v, c := range critical {
			if c {
				r.CriticalSteps = append(r.CriticalSteps, j.Steps[v].ID)
			}
		}
	}
	if err := a.cycles(ctx, w, r); err != nil {
		return nil, false, err
	}
	// The flow, before the barriers, whose ranking uses the reach.
	var sol *flowSol
	if w.numbered {
		if sol, err = a.flow(ctx, w, r, reach); err != nil {
			return nil, false, err
		}
	}
	cost, nbar, err := a.barriers(ctx, w, r, critical, reach, sol)
	if err != nil {
		return nil, false, err
	}
	if err := a.paths(ctx, w, r, rev, cost, nbar, reachesGoal); err != nil {
		return nil, false, err
	}
	return r, reachesGoal, nil
}

// structure finds the unreachable steps and stages, the dead ends and the
// stage and touchpoint gaps of view w. It returns which steps are
// reachable, the reverse graph, and whether a goal is reachable.
func (a *analysis) structure(ctx context.Context, w *view, r *Report) (reach []bool, rev *graphalg.Graph, reachesGoal bool, err error) {
	ix := a.ix
	j := ix.j
	reach, err = a.scratch.Reach(ctx, w.g, w.entries)
	if err != nil {
		return nil, nil, false, err
	}
	before, err := beforeGoal(ctx, w.g, w.entries, ix.role)
	if err != nil {
		return nil, nil, false, err
	}
	// The reverse graph, for the steps that reach a goal or an exit and for
	// the paths' search, built into the previous view's storage.
	rev = w.g.ReverseInto(ix.bufRev)
	ix.bufRev = rev
	ends := append(append([]int32{}, w.goals...), w.exits...)
	coreach, err := a.scratch.Reach(ctx, rev, ends)
	if err != nil {
		return nil, nil, false, err
	}
	for _, g := range w.goals {
		reachesGoal = reachesGoal || reach[g]
	}
	stageSteps := make([]int32, len(j.Stages))
	stageReached := make([]bool, len(j.Stages))
	stageTouch := make([]bool, len(j.Stages))
	touchUsed := make([]bool, len(j.Touchpoints))
	for v := int32(0); int(v) < ix.n; v++ {
		if !w.has(v) {
			continue
		}
		afterGoal := reach[v] && !before[v]
		if !reach[v] {
			r.UnreachableSteps = append(r.UnreachableSteps, j.Steps[v].ID)
		} else if ix.role[v]&(roleGoal|roleExit) == 0 && !afterGoal && !coreach[v] {
			r.DeadEnds = append(r.DeadEnds, j.Steps[v].ID)
		}
		tp := ix.stepTouch[v]
		if tp >= 0 {
			touchUsed[tp] = true
		}
		if st := ix.stepStage[v]; st >= 0 {
			stageSteps[st]++
			stageReached[st] = stageReached[st] || reach[v]
			stageTouch[st] = stageTouch[st] || tp != -1
		}
	}
	for i := range j.Stages {
		switch {
		case stageSteps[i] == 0:
			r.Gaps = append(r.Gaps, Gap{
				Kind:    GapEmptyStage,
				Stage:   j.Stages[i].ID,
				Message: fmt.Sprintf("stage %q has no steps", j.Stages[i].ID),
			})
			continue
		case !stageTouch[i]:
			r.Gaps = append(r.Gaps, Gap{
				Kind:    GapSilentStage,
				Stage:   j.Stages[i].ID,
				Message: fmt.Sprintf("no step of stage %q has a touchpoint: the brand is silent there", j.Stages[i].ID),
			})
		}
		if !stageReached[i] {
			r.UnreachableStages = append(r.UnreachableStages, j.Stages[i].ID)
		}
	}
	for i := range j.Touchpoints {
		if !touchUsed[i] {
			r.Gaps = append(r.Gaps, Gap{
				Kind:       GapUnusedTouchpoint,
				Touchpoint: j.Touchpoints[i].ID,
				Message:    fmt.Sprintf("touchpoint %q is used by no step", j.Touchpoints[i].ID),
			})
		}
	}
	return reach, rev, reachesGoal, nil
}

// cycles lists the view's loops, each in the order customers go round.
func (a *analysis) cycles(ctx context.Context, w *view, r *Report) error {
	j := a.ix.j
	cycles, err := a.scratch.Cycles(ctx, w.g)
	if err != nil {
		return err
	}
	if len(cycles) == 0 {
		return nil
	}
	mark := make([]int32, w.g.N)
	for i := range mark {
		mark[i] = -1
	}
	for _, c := range cycles { // each sorted, so by first step in journey order
		loop, err := loopWalk(ctx, w.g, c, mark)
		if err != nil {
			return err
		}
		ids := make([]string, len(loop))
		for i, v := range loop {
			ids[i] = j.Steps[v].ID
		}
		r.Cycles = append(r.Cycles, ids)
	}
	return nil
}

// paths finds the view's best paths: in a persona's view (or a journey
// without personas) by a search; in the view of all personas by merging
// the personas' own.
func (a *analysis) paths(ctx context.Context, w *view, r *Report, rev *graphalg.Graph, cost []int64, nbar []int32, reachesGoal bool) error {
	j := a.ix.j
	if w.persona < 0 && len(j.Personas) > 0 && a.perPersona != nil {
		var cands [][]int32
		for _, pr := range a.perPersona {
			cands = append(cands, pr.paths...)
			r.PathsCut = r.PathsCut || pr.cut
		}
		r.Paths = a.mergePaths(cands)
		return nil
	}
	if a.k <= 0 || !reachesGoal {
		return nil
	}
	// From the root rather than from the entries: the order is the same,
	// as every path gains the same first vertex of cost 0.
	paths, err := a.scratch.KBest(ctx, w.g, rev, cost, []int32{w.root}, w.goals, a.k)
	// At its work limit KBest returns the best paths it found, in order:
	// report those.
	if err != nil && !errors.Is(err, graphalg.ErrWorkLimit) {
		return err
	}
	r.PathsCut = err != nil
	var found [][]int32
	for _, pv := range paths {
		vs := slices.Clone(pv[1:])
		found = append(found, vs)
		path := makePath(j, vs)
		path.Personas = []string{}
		if w.persona >= 0 {
			path.Personas = []string{j.Personas[w.persona].ID}
		}
		for _, v := range vs {
			path.Cost += cost[v]
			path.Barriers += int(nbar[v])
		}
		r.Paths = append(r.Paths, path)
	}
	if w.persona >= 0 && a.perPersona != nil {
		a.perPersona[w.persona].paths = found
		a.perPersona[w.persona].cut = r.PathsCut
	}
	return nil
}

// makePath returns the path through the steps vs with its emotion curve;
// its cost and barriers are the caller's.
func makePath(j *journey.Journey, vs []int32) Path {
	p := Path{
		Steps:    make([]string, len(vs)),
		Emotions: make([]int, len(vs)),
	}
	for i, v := range vs {
		s := &j.Steps[v]
		p.Steps[i] = s.ID
		p.Emotions[i] = s.Emotion
		if i == 0 || s.Emotion < p.Lowest {
			p.Lowest = s.Emotion
			p.LowestStep = s.ID
		}
	}
	return p
}
