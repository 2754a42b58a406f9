package journey

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/touchpoint"
)

// probabilityTolerance is how far above 1 a step's outgoing probabilities may
// sum before Validate reports probability-sum, to allow for rounding.
const probabilityTolerance = 1e-9

// Validate checks that the journey is consistent: every ID present and
// unique within its catalog, every reference to a stage, touchpoint, persona
// or step resolved, at least one entry and one goal, and every value within
// its range. It returns nil, or every problem found as a Problems error,
// sorted. The package documentation lists the problem codes.
//
// For a journey returned by Read or ReadFile, problems carry the file name,
// line and column of the offending value (or of the mapping that lacks it),
// as the file has it: a value changed after reading is placed where the file
// holds it. For a journey built in Go, a copy of a journey read (Clone,
// ForPersona), or a path the file does not have (a step appended after
// reading), Line and Column are 0.
func (j *Journey) Validate() error {
	if j == nil {
		return Problems{{Code: "nil-journey", Message: "the journey is nil"}}
	}
	v := &validator{j: j}
	v.run()
	if len(v.problems) == 0 {
		return nil
	}
	locate(j, v.problems)
	v.problems.Sort()
	return v.problems
}

type validator struct {
	j        *Journey
	problems Problems
	personas map[string]bool
	stages   map[string]bool
	touch    map[string]bool
	steps    map[string]int // ID -> index of the first step with it
}

func (v *validator) addf(code, path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Code: code, Path: path, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) run() {
	j := v.j
	if j.ID == "" {
		v.addf("missing-id", "id", "the journey has no id")
	}
	v.personas = v.catalog("personas", "persona", len(j.Personas), func(i int) string { return j.Personas[i].ID })
	v.touch = v.catalog("touchpoints", "touchpoint", len(j.Touchpoints), func(i int) string { return j.Touchpoints[i].ID })
	v.stages = v.catalog("stages", "stage", len(j.Stages), func(i int) string { return j.Stages[i].ID })
	stepIDs := v.catalog("steps", "step", len(j.Steps), func(i int) string { return j.Steps[i].ID })
	v.steps = make(map[string]int, len(stepIDs))
	for i := len(j.Steps) - 1; i >= 0; i-- {
		if j.Steps[i].ID != "" {
			v.steps[j.Steps[i].ID] = i
		}
	}
	v.checkPersonas()
	v.checkTouchpoints()
	v.checkSteps()
	v.checkTransitions()
	v.checkEnds("entries", "entry", j.Entries)
	v.checkEnds("goals", "goal", j.Goals)
	v.checkEnds("exits", "exit", j.Exits)
	if len(j.Entries) == 0 {
		v.addf("no-entry", "entries", "the journey has no entry: name the steps where customers start")
	}
	if len(j.Goals) == 0 {
		v.addf("no-goal", "goals", "the journey has no goal: name the steps that are the target action")
	}
}

// catalog checks the IDs of one catalog (personas, touchpoints, stages,
// steps) and returns the set of them.
func (v *validator) catalog(key, what string, n int, id func(int) string) map[string]bool {
	set := make(map[string]bool, n)
	first := make(map[string]int, n)
	for i := 0; i < n; i++ {
		s := id(i)
		p := key + "[" + strconv.Itoa(i) + "]"
		switch {
		case s == "":
			v.addf("missing-id", p+".id", "the %s has no id", what)
		case set[s]:
			v.addf("duplicate-id", p+".id", "the %s id %q is already used by %s[%d]", what, s, key, first[s])
		default:
			set[s] = true
			first[s] = i
		}
	}
	return set
}

func (v *validator) checkPersonaRefs(path string, ids []string) {
	seen := make(map[string]bool, len(ids))
	for k, id := range ids {
		p := path + "[" + strconv.Itoa(k) + "]"
		switch {
		case !v.personas[id]:
			v.addf("unknown-persona", p, "no persona has the id %q", id)
		case seen[id]:
			v.addf("duplicate-persona", p, "the persona %q is listed twice", id)
		}
		seen[id] = true
	}
}

func (v *validator) checkPersonas() {
	for i, pe := range v.j.Personas {
		for k, c := range pe.Criteria {
			p := fmt.Sprintf("personas[%d].criteria[%d]", i, k)
			if c.Name == "" {
				v.addf("missing-name", p+".name", "the criterion has no name")
			}
			if c.Weight < 0 || math.IsNaN(c.Weight) || math.IsInf(c.Weight, 0) {
				v.addf("negative-weight", p+".weight", "the weight %v must be a finite number, zero or more", c.Weight)
			}
		}
	}
}

func (v *validator) checkTouchpoints() {
	for i, t := range v.j.Touchpoints {
		p := fmt.Sprintf("touchpoints[%d]", i)
		if !t.Mode.Valid() {
			v.addf("unknown-mode", p+".mode", "the mode %q is neither %q nor %q%s", t.Mode, touchpoint.Online, touchpoint.Offline, didYouMean(string(t.Mode), "online", "offline"))
		}
		if !t.Control.Valid() {
			v.addf("unknown-control", p+".control", "the control %q is neither %q nor %q%s", t.Control, touchpoint.Direct, touchpoint.Indirect, didYouMean(string(t.Control), "direct", "indirect"))
		}
		if t.Importance < 0 || t.Importance > touchpoint.MaxImportance {
			v.addf("importance-out-of-range", p+".importance", "the importance %d is outside 0..%d", t.Importance, touchpoint.MaxImportance)
		}
	}
}

func (v *validator) checkSteps() {
	for i := range v.j.Steps {
		s := &v.j.Steps[i]
		p := fmt.Sprintf("steps[%d]", i)
		switch {
		case s.Stage == "":
			v.addf("missing-stage", p+".stage", "the step %s belongs to no stage", quoteID(s.ID))
		case !v.stages[s.Stage]:
			v.addf("unknown-stage", p+".stage", "no stage has the id %q", s.Stage)
		}
		if s.Touchpoint != "" && !v.touch[s.Touchpoint] {
			v.addf("unknown-touchpoint", p+".touchpoint", "no touchpoint has the id %q", s.Touchpoint)
		}
		v.checkPersonaRefs(p+".personas", s.Personas)
		if s.Emotion < MinEmotion || s.Emotion > MaxEmotion {
			v.addf("emotion-out-of-range", p+".emotion", "the emotion %d is outside %d..+%d", s.Emotion, MinEmotion, MaxEmotion)
		}
		for k, b := range s.Barriers {
			bp := fmt.Sprintf("%s.barriers[%d]", p, k)
			if b.Description == "" {
				v.addf("missing-description", bp+".description", "the barrier has no description")
			}
			if !b.Severity.Valid() {
				if b.Severity == "" {
					v.addf("unknown-severity", bp+".severity", "the barrier has no severity: say low, medium, high or blocker")
				} else {
					v.addf("unknown-severity", bp+".severity", "the severity %q is not one of low, medium, high, blocker%s", b.Severity, didYouMean(string(b.Severity), "low", "medium", "high", "blocker"))
				}
			}
			v.checkPersonaRefs(bp+".personas", b.Personas)
		}
	}
}

func (v *validator) checkStepRef(path, id, what string) {
	if id == "" {
		v.addf("unknown-step", path, "the %s names no step", what)
		return
	}
	if _, ok := v.steps[id]; !ok {
		v.addf("unknown-step", path, "no step has the id %q", id)
	}
}

func (v *validator) checkTransitions() {
	type key struct{ from, to, personas string }
	seen := make(map[key]int, len(v.j.Transitions))
	path := func(i int, field string) string { return "transitions[" + strconv.Itoa(i) + "]" + field }
	for i := range v.j.Transitions {
		t := &v.j.Transitions[i]
		if _, ok := v.steps[t.From]; !ok {
			v.checkStepRef(path(i, ".from"), t.From, "transition's from")
		}
		if _, ok := v.steps[t.To]; !ok {
			v.checkStepRef(path(i, ".to"), t.To, "transition's to")
		}
		if len(t.Personas) > 0 {
			v.checkPersonaRefs(path(i, ".personas"), t.Personas)
		}
		if t.Probability != 0 && !(t.Probability > 0 && t.Probability <= 1) {
			v.addf("probability-out-of-range", path(i, ".probability"), "the probability %v is outside (0, 1]", t.Probability)
		}
		if t.Count < 0 {
			v.addf("negative-count", path(i, ".count"), "the count %d is negative", t.Count)
		}
		k := key{from: t.From, to: t.To}
		switch len(t.Personas) {
		case 0:
		case 1:
			k.personas = t.Personas[0]
		default:
			ps := slices.Clone(t.Personas)
			slices.Sort(ps)
			k.personas = strings.Join(slices.Compact(ps), "\x00")
		}
		if first, ok := seen[k]; ok {
			v.addf("duplicate-transition", path(i, ""), "the transition from %q to %q repeats transitions[%d]", t.From, t.To, first)
		} else {
			seen[k] = i
		}
	}
	v.checkProbabilitySums()
}

// checkProbabilitySums reports the steps whose outgoing probabilities sum
// above 1 for some persona (or, in a journey without personas, at all).
func (v *validator) checkProbabilitySums() {
	j := v.j
	out := make([][]int, len(j.Steps)) // step index -> transitions with a probability
	found := false
	for i, t := range j.Transitions {
		if !(t.Probability > 0 && t.Probability <= 1) {
			continue
		}
		from, ok := v.steps[t.From]
		if !ok {
			continue
		}
		if _, ok := v.steps[t.To]; !ok {
			continue
		}
		out[from] = append(out[from], i)
		found = true
	}
	if !found {
		return
	}
	personas := []string{""}
	if len(j.Personas) > 0 {
		personas = personas[:0]
		for _, pe := range j.Personas {
			if pe.ID != "" && !slices.Contains(personas, pe.ID) {
				personas = append(personas, pe.ID)
			}
		}
	}
	for si, ts := range out {
		if len(ts) < 2 {
			continue
		}
		for _, pid := range personas {
			sum := 0.0
			for _, ti := range ts {
				t := &j.Transitions[ti]
				if pid != "" && !(t.AppliesTo(pid) && j.Steps[si].AppliesTo(pid) && j.Steps[v.steps[t.To]].AppliesTo(pid)) {
					continue
				}
				sum += t.Probability
			}
			if sum > 1+probabilityTolerance {
				p := fmt.Sprintf("steps[%d]", si)
				if pid == "" {
					v.addf("probability-sum", p, "the outgoing probabilities of step %s sum to %s, more than 1", quoteID(j.Steps[si].ID), fmtSum(sum))
				} else {
					v.addf("probability-sum", p, "for persona %q the outgoing probabilities of step %s sum to %s, more than 1", pid, quoteID(j.Steps[si].ID), fmtSum(sum))
				}
			}
		}
	}
}

func fmtSum(f float64) string { return strconv.FormatFloat(f, 'g', 6, 64) }

func quoteID(id string) string {
	if id == "" {
		return "without id"
	}
	return strconv.Quote(id)
}

func (v *validator) checkEnds(key, what string, ids []string) {
	seen := make(map[string]bool, len(ids))
	for i, id := range ids {
		p := key + "[" + strconv.Itoa(i) + "]"
		v.checkStepRef(p, id, what)
		if id != "" && seen[id] {
			v.addf("duplicate-"+what, p, "the step %q is listed twice", id)
		}
		seen[id] = true
	}
}

// didYouMean returns "; did you mean %q?" naming the choice s was probably
// meant to be (the same but for case and spaces, or a typo away), or "".
func didYouMean(s string, choices ...string) string {
	t := strings.ToLower(strings.TrimSpace(s))
	near := ""
	for _, c := range choices {
		switch {
		case t == c:
			return fmt.Sprintf("; did you mean %q?", c)
		case len(c) > 3 && editDistance(t, c) == 1:
			if near != "" {
				return "" // "ofline" is as near "online" as "offline"
			}
			near = c
		}
	}
	if near == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", near)
}
