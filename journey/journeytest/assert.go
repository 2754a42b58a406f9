package journeytest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
)

// Reachable asserts that customers can reach each of the steps with the
// given IDs from an entry, following any transition (whatever personas it
// names), and reports each step they cannot reach or that the journey does
// not have.
func Reachable(t testing.TB, j *journey.Journey, stepIDs ...string) bool {
	t.Helper()
	r, n, ok := analyze(t, j)
	if !ok {
		return false
	}
	for _, id := range stepIDs {
		switch {
		case !hasStep(n, id):
			t.Errorf("not reachable: the journey has no step %q", id)
			ok = false
		case slices.Contains(r.UnreachableSteps, id):
			t.Errorf("not reachable: no path from an entry leads to %s", n.step(id))
			ok = false
		}
	}
	return ok
}

func hasStep(n *names, id string) bool {
	_, ok := n.steps[id]
	return ok
}

// NoUnreachableSteps asserts that every step can be reached from an entry,
// by all customers and by each persona the step applies to, and reports
// each step that cannot.
func NoUnreachableSteps(t testing.TB, j *journey.Journey) bool {
	t.Helper()
	r, n, ok := analyze(t, j)
	if !ok {
		return false
	}
	fs := collect(n.views(r), func(r *analysis.Report) []string { return r.UnreachableSteps }, n.compareSteps)
	for _, f := range fs {
		t.Errorf("unreachable step%s: no path from an entry leads to %s", n.forPersonas(f.personas), n.step(f.key))
	}
	return len(fs) == 0
}

// NoUnreachableStages asserts that customers reach every stage that has
// steps, all customers and each persona, and reports each stage none of
// whose steps can be reached.
func NoUnreachableStages(t testing.TB, j *journey.Journey) bool {
	t.Helper()
	r, n, ok := analyze(t, j)
	if !ok {
		return false
	}
	fs := collect(n.views(r), func(r *analysis.Report) []string { return r.UnreachableStages }, n.compareStages)
	for _, f := range fs {
		t.Errorf("unreachable stage%s: no customer reaches %s: none of its steps can be reached from an entry", n.forPersonas(f.personas), n.stage(f.key))
	}
	return len(fs) == 0
}

// NoDeadEnds asserts that from every step customers reach before the goal,
// other than the goals and exits, a goal or an exit can still be reached,
// for all customers and for each persona, and reports each step where
// customers get stuck. Steps after the goal (every path to them passes a
// goal) may end the journey: that is where it naturally ends.
func NoDeadEnds(t testing.TB, j *journey.Journey) bool {
	t.Helper()
	r, n, ok := analyze(t, j)
	if !ok {
		return false
	}
	fs := collect(n.views(r), func(r *analysis.Report) []string { return r.DeadEnds }, n.compareSteps)
	for _, f := range fs {
		t.Errorf("dead end%s: customers who reach %s before the goal cannot go on to any goal or exit", n.forPersonas(f.personas), n.step(f.key))
	}
	return len(fs) == 0
}

// barrierKey identifies a barrier: its step and its index among the step's
// barriers.
type barrierKey struct {
	step  string
	index int
}

// NoCriticalBarrier asserts that no barrier of severity sev or worse lies on
// a critical step — a step on every path from an entry to a goal, where the
// barrier can stop every customer — for all customers or for any persona.
// It reports each such barrier.
func NoCriticalBarrier(t testing.TB, j *journey.Journey, sev journey.Severity) bool {
	t.Helper()
	if !checkSeverity(t, "NoCriticalBarrier", sev) {
		return false
	}
	r, n, ok := analyze(t, j)
	if !ok {
		return false
	}
	found := map[barrierKey]analysis.BarrierFinding{}
	list := func(r *analysis.Report) []barrierKey {
		var ks []barrierKey
		for _, b := range r.Barriers {
			if b.Critical && b.Severity.Rank() >= sev.Rank() {
				k := barrierKey{b.Step, b.Index}
				found[k] = b
				ks = append(ks, k)
			}
		}
		return ks
	}
	fs := collect(n.views(r), list, n.compareBarriers)
	for _, f := range fs {
		b := found[f.key]
		t.Errorf("blocking barrier%s: %s at %s can stop every customer: every path from an entry to a goal passes through that step",
			n.forPersonas(f.personas), barrier(b.Severity, b.Description), n.step(b.Step))
	}
	return len(fs) == 0
}

// NoBarrierAtOrAbove asserts that the journey has no barrier of severity sev
// or worse anywhere, critical or not, and reports each one, saying whom it
// affects and whether any customer reaches its step. Use NoCriticalBarrier
// to allow such barriers off the critical steps.
func NoBarrierAtOrAbove(t testing.TB, j *journey.Journey, sev journey.Severity) bool {
	t.Helper()
	if !checkSeverity(t, "NoBarrierAtOrAbove", sev) {
		return false
	}
	r, n, ok := analyze(t, j)
	if !ok {
		return false
	}
	bs := slices.Clone(r.Barriers)
	slices.SortStableFunc(bs, func(a, b analysis.BarrierFinding) int {
		return n.compareBarriers(barrierKey{a.Step, a.Index}, barrierKey{b.Step, b.Index})
	})
	held := true
	for _, b := range bs {
		if b.Severity.Rank() < sev.Rank() {
			continue
		}
		held = false
		msg := fmt.Sprintf("barrier at or above %s: %s at %s", sev, barrier(b.Severity, b.Description), n.step(b.Step))
		if i, ok := n.steps[b.Step]; ok && b.Index < len(j.Steps[i].Barriers) {
			if ps := j.Steps[i].Barriers[b.Index].Personas; len(ps) > 0 {
				msg += ", affecting" + strings.TrimPrefix(n.forPersonas(ps), " for")
			}
		}
		if !b.Reachable {
			msg += " (no customer reaches that step)"
		}
		t.Errorf("%s", msg)
	}
	return held
}

func checkSeverity(t testing.TB, fn string, sev journey.Severity) bool {
	t.Helper()
	if !sev.Valid() {
		t.Errorf("%s: %q is not a severity: use journey.Low, journey.Medium, journey.High or journey.Blocker", fn, sev)
		return false
	}
	return true
}

// PersonaReachesGoal asserts that the persona with the given ID can reach a
// goal, following only the steps and transitions that apply to it. On
// failure it says why: no entry or no goal applies to the persona, or where
// its customers get stuck.
func PersonaReachesGoal(t testing.TB, j *journey.Journey, personaID string) bool {
	t.Helper()
	r, n, ok := analyze(t, j)
	if !ok {
		return false
	}
	pr := r.Personas[personaID]
	if pr == nil {
		ids := make([]string, 0, len(j.Personas))
		for _, p := range j.Personas {
			ids = append(ids, p.ID)
		}
		if len(ids) == 0 {
			t.Errorf("persona cannot reach a goal: the journey has no persona %q; it has no personas at all", personaID)
		} else {
			t.Errorf("persona cannot reach a goal: the journey has no persona %q; its personas are %s", personaID, strings.Join(ids, ", "))
		}
		return false
	}
	if !slices.ContainsFunc(pr.Gaps, func(g analysis.Gap) bool { return g.Kind == analysis.GapPersonaNoGoal }) {
		return true
	}
	v := j.ForPersona(personaID)
	why := ""
	switch {
	case len(v.Entries) == 0:
		why = "no entry applies to them"
	case len(v.Goals) == 0:
		why = "no goal applies to them"
	case len(pr.DeadEnds) > 0:
		ws := make([]string, len(pr.DeadEnds))
		for i, id := range pr.DeadEnds {
			ws[i] = n.step(id)
		}
		why = "they get stuck at " + andList(ws)
	default:
		why = "no path of theirs leads from an entry to a goal"
	}
	t.Errorf("persona cannot reach a goal: %s cannot reach any goal: %s", n.persona(personaID), why)
	return false
}

// conversionTolerance is how far below the required share a conversion
// rate may be before ConversionAtLeast fails, to allow for rounding.
const conversionTolerance = 1e-9

// ConversionAtLeast asserts that at least the share min (between 0 and 1)
// of the customers who enter reach a goal, as computed by analysis.Analyze
// from the probabilities and counts on the transitions. It fails, saying so,
// if no transition carries a number. On failure it names the step where
// most customers leave.
func ConversionAtLeast(t testing.TB, j *journey.Journey, min float64) bool {
	t.Helper()
	if !(min >= 0 && min <= 1) {
		hint := ""
		if min > 1 && min <= 100 {
			hint = fmt.Sprintf(" (for %g%% write %g)", min, min/100)
		}
		t.Errorf("ConversionAtLeast: the required conversion %g is not a share between 0 and 1%s", min, hint)
		return false
	}
	r, n, ok := analyze(t, j)
	if !ok {
		return false
	}
	c := r.Flow
	if c == nil {
		t.Errorf("conversion unknown: no transition of the journey carries a probability or a count, so its conversion cannot be computed")
		return false
	}
	if c.Conversion >= min-conversionTolerance {
		return true
	}
	msg := fmt.Sprintf("conversion too low: %s of the customers who enter reach a goal, less than the %s required",
		percent(c.Conversion), percent(min))
	worst := -1
	for i, s := range c.Steps {
		if slices.Contains(j.Goals, s.Step) {
			continue // leaving after the goal is no loss to conversion
		}
		if s.Leave > 0 && (worst < 0 || s.Leave > c.Steps[worst].Leave) {
			worst = i
		}
	}
	if worst >= 0 {
		msg += fmt.Sprintf("; the most leave at %s: %s of all who enter", n.step(c.Steps[worst].Step), percent(c.Steps[worst].Leave))
	}
	t.Errorf("%s", msg)
	return false
}

// percent writes a share as a percentage with one decimal: 23.5%.
func percent(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Sprint(x)
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}

// gapKinds are the kinds of gap NoGaps knows.
var gapKinds = []analysis.GapKind{analysis.GapEmptyStage, analysis.GapSilentStage, analysis.GapPersonaNoGoal, analysis.GapUnusedTouchpoint}

// NoGaps asserts that the journey has no gaps of the given kinds
// (analysis.GapEmptyStage, analysis.GapSilentStage, analysis.GapPersonaNoGoal,
// analysis.GapUnusedTouchpoint), or of any kind if none is given, and reports
// each one. It looks at the journey as a whole: a stage that has steps only
// for some personas is not a gap, and a persona that cannot reach a goal is.
func NoGaps(t testing.TB, j *journey.Journey, kinds ...analysis.GapKind) bool {
	t.Helper()
	for _, k := range kinds {
		if !slices.Contains(gapKinds, k) {
			names := make([]string, len(gapKinds))
			for i, g := range gapKinds {
				names[i] = string(g)
			}
			t.Errorf("NoGaps: %q is not a kind of gap: use %s", k, strings.Join(names, ", "))
			return false
		}
	}
	r, n, ok := analyze(t, j)
	if !ok {
		return false
	}
	held := true
	for _, g := range r.Gaps {
		if len(kinds) > 0 && !slices.Contains(kinds, g.Kind) {
			continue
		}
		held = false
		switch g.Kind {
		case analysis.GapEmptyStage:
			t.Errorf("gap: %s has no steps", n.stage(g.Stage))
		case analysis.GapSilentStage:
			t.Errorf("gap: the brand is silent in %s: none of its steps has a touchpoint", n.stage(g.Stage))
		case analysis.GapPersonaNoGoal:
			t.Errorf("gap: %s cannot reach any goal", n.persona(g.Persona))
		case analysis.GapUnusedTouchpoint:
			t.Errorf("gap: %s is used by no step", n.touchpoint(g.Touchpoint))
		default:
			t.Errorf("gap: %s", g.Message)
		}
	}
	return held
}

// compareSteps orders step IDs as the journey lists the steps.
func (n *names) compareSteps(a, b string) int { return cmp.Compare(n.stepOrder(a), n.stepOrder(b)) }

// compareStages orders stage IDs as the journey lists the stages.
func (n *names) compareStages(a, b string) int {
	return cmp.Compare(n.stageOrder(a), n.stageOrder(b))
}

// compareBarriers orders barriers by step, then by their index in the step.
func (n *names) compareBarriers(a, b barrierKey) int {
	if c := n.compareSteps(a.step, b.step); c != 0 {
		return c
	}
	return cmp.Compare(a.index, b.index)
}

func (n *names) stepOrder(id string) int {
	if i, ok := n.steps[id]; ok {
		return i
	}
	return len(n.j.Steps)
}

func (n *names) stageOrder(id string) int {
	if i, ok := n.stages[id]; ok {
		return i
	}
	return len(n.j.Stages)
}

// Analyze analyses j with the default options and returns the report. If j
// is not valid, or the analysis fails, Analyze stops the test with t.Fatalf,
// listing every problem.
func Analyze(t testing.TB, j *journey.Journey) *analysis.Report {
	t.Helper()
	r, err := analysis.Analyze(context.Background(), j, analysis.Options{})
	if err != nil {
		t.Fatalf("%s", analyzeError(j, err))
		return nil
	}
	return r
}

// analyze analyses j for an assertion, reporting a failure with t.Errorf.
func analyze(t testing.TB, j *journey.Journey) (*analysis.Report, *names, bool) {
	t.Helper()
	r, err := analysis.Analyze(context.Background(), j, analysis.Options{})
	if err != nil {
		t.Errorf("%s", analyzeError(j, err))
		return nil, nil, false
	}
	return r, newNames(j), true
}

func analyzeError(j *journey.Journey, err error) string {
	if j == nil {
		return "there is no journey to analyse (nil)"
	}
	var ps journey.Problems
	if errors.As(err, &ps) {
		return fmt.Sprintf("the journey %s is not valid, so it cannot be analysed: %s", journeyName(j), listProblems("", ps))
	}
	return fmt.Sprintf("analysing the journey %s: %v", journeyName(j), err)
}

func journeyName(j *journey.Journey) string {
	if j == nil {
		return "(nil)"
	}
	if j.Name != "" {
		return fmt.Sprintf("%q (%s)", j.Name, j.ID)
	}
	return j.ID
}
