package journey

import (
	"cmp"
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
// its range. It returns nil, or the problems found as a Problems error,
// sorted: every problem, or when there are more than 1000, the first 1000
// found and a too-many-problems that counts the rest. The package
// documentation lists the problem codes.
//
// For a journey returned by Read or ReadFile, problems carry the file name,
// line and column of the offending value (or of the mapping that lacks it).
// Positions travel with the values (see the position package): delete,
// reorder or copy steps, copy the journey by value or with Clone, and each
// problem still points at the line its value was read from, in the file it
// was read from. A value changed after reading is placed where the file
// holds it. A value built in Go has no position: its problems carry Line and
// Column 0 (and the journey's file, if it was read from one). An element of
// a list of plain values (entries, a step's personas) is placed by its index
// only while the list keeps the length it was read with.
func (j *Journey) Validate() error {
	_, err := j.validate()
	return err
}

// validate is Validate, and also returns the validator with its catalogs
// and the transitions' resolved ends.
func (j *Journey) validate() (*validator, error) {
	if j == nil {
		return nil, Problems{{Code: "nil-journey", Message: "the journey is nil"}}
	}
	v := &validator{j: j}
	v.run()
	if len(v.problems) == 0 {
		return v, nil
	}
	if v.dropped > 0 {
		v.problems = append(v.problems, Problem{
			Code:    "too-many-problems",
			Message: fmt.Sprintf("more than %d problems; %d more are not reported", maxProblems, v.dropped),
		})
	}
	locate(j, v.problems)
	v.problems.Sort()
	return v, v.problems
}

// validator checks one journey. Its catalogs map each ID to the index of the
// first item that has it (empty IDs are left out).
type validator struct {
	j        *Journey
	problems Problems // the first maxProblems found
	dropped  int      // how many more were found
	personas map[string]int32
	stages   map[string]int32
	touch    map[string]int32
	steps    map[string]int32

	// from and to hold the step index of each transition's ends, -1 for an
	// end that names no step.
	from, to []int32
	// The transitions grouped by their from step: those leaving step s are
	// outTr[outOff[s]:outOff[s+1]], in increasing order. Transitions whose
	// from names no step come after those of the last step.
	outOff []int32
	outTr  []int32

	// suggestWork is the work spent suggesting IDs (see suggestBudget).
	suggestWork int
}

// addf adds a problem, or once maxProblems are held only counts it, so
// that a journey with millions of problems costs no message for each.
func (v *validator) addf(code Code, path, format string, args ...any) {
	if len(v.problems) >= maxProblems {
		v.dropped++
		return
	}
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
	v.steps = v.catalog("steps", "step", len(j.Steps), func(i int) string { return j.Steps[i].ID })
	v.checkPersonas()
	v.checkTouchpoints()
	v.checkSteps()
	v.checkTransitions()
	v.checkStepCounts()
	v.checkObserved()
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
// steps) and returns each ID's first index.
func (v *validator) catalog(key, what string, n int, id func(int) string) map[string]int32 {
	first := make(map[string]int32, n)
	for i := 0; i < n; i++ {
		s := id(i)
		if s == "" {
			v.addf("missing-id", itemPath(key, i, ".id"), "the %s has no id", what)
			continue
		}
		if f, dup := first[s]; dup {
			v.addf("duplicate-id", itemPath(key, i, ".id"), "the %s id %q is already used by %s[%d]", what, s, key, f)
			continue
		}
		first[s] = int32(i)
	}
	return first
}

// itemPath returns key[i]field, as "steps[3].stage".
func itemPath(key string, i int, field string) string {
	return key + "[" + strconv.Itoa(i) + "]" + field
}

// checkPersonaRefs checks a list of persona IDs at path.
func (v *validator) checkPersonaRefs(path string, ids []string) {
	// Lists are short: look for repeats among the earlier IDs, with a map
	// only for a long list.
	var seen map[string]bool
	if len(ids) > 16 {
		seen = make(map[string]bool, len(ids))
	}
	for k, id := range ids {
		var dup bool
		if seen != nil {
			dup = seen[id]
			seen[id] = true
		} else {
			dup = slices.Contains(ids[:k], id)
		}
		if _, ok := v.personas[id]; !ok {
			v.addf("unknown-persona", path+"["+strconv.Itoa(k)+"]", "no persona has the id %q%s", id, v.nearestPersona(id))
		} else if dup {
			v.addf("duplicate-persona", path+"["+strconv.Itoa(k)+"]", "the persona %q is listed twice", id)
		}
	}
}

func (v *validator) checkPersonas() {
	shares := 0.0
	for i := range v.j.Personas {
		pe := &v.j.Personas[i]
		switch {
		case pe.Share == 0:
		case !(pe.Share > 0 && pe.Share <= 1):
			v.addf(CodeShareOutOfRange, itemPath("personas", i, ".share"), "the share %v is outside (0, 1]", pe.Share)
		default:
			shares += pe.Share
		}
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
	if shares > 1+probabilityTolerance {
		v.addf(CodeShareSum, "personas", "the personas' shares sum to %s, more than 1", fmtSum(shares))
	}
}

func (v *validator) checkTouchpoints() {
	for i := range v.j.Touchpoints {
		t := &v.j.Touchpoints[i]
		if !t.Mode.Valid() {
			v.addf("unknown-mode", itemPath("touchpoints", i, ".mode"), "the mode %q is neither %q nor %q%s", t.Mode, touchpoint.Online, touchpoint.Offline, didYouMean(string(t.Mode), "online", "offline"))
		}
		if !t.Control.Valid() {
			v.addf("unknown-control", itemPath("touchpoints", i, ".control"), "the control %q is neither %q nor %q%s", t.Control, touchpoint.Direct, touchpoint.Indirect, didYouMean(string(t.Control), "direct", "indirect"))
		}
		if t.Importance < 0 || t.Importance > touchpoint.MaxImportance {
			v.addf("importance-out-of-range", itemPath("touchpoints", i, ".importance"), "the importance %d is outside 0..%d", t.Importance, touchpoint.MaxImportance)
		}
	}
}

// checkSteps checks every step. Paths are built only for the problems
// found, so that a valid journey costs no string per step.
func (v *validator) checkSteps() {
	for i := range v.j.Steps {
		s := &v.j.Steps[i]
		switch _, ok := v.stages[s.Stage]; {
		case s.Stage == "":
			v.addf("missing-stage", itemPath("steps", i, ".stage"), "the step %s belongs to no stage", quoteID(s.ID))
		case !ok:
			v.addf("unknown-stage", itemPath("steps", i, ".stage"), "no stage has the id %q%s", s.Stage, v.nearestStage(s.Stage))
		}
		if s.Touchpoint != "" {
			if _, ok := v.touch[s.Touchpoint]; !ok {
				v.addf("unknown-touchpoint", itemPath("steps", i, ".touchpoint"), "no touchpoint has the id %q%s", s.Touchpoint, v.nearestTouchpoint(s.Touchpoint))
			}
		}
		if len(s.Personas) > 0 {
			v.checkPersonaRefs(itemPath("steps", i, ".personas"), s.Personas)
		}
		if s.Count < 0 {
			v.addf(CodeNegativeCount, itemPath("steps", i, ".count"), "the count %d is negative", s.Count)
		}
		if len(s.Counts) > 0 {
			v.checkCounts(i, s)
		}
		if s.Emotion < MinEmotion || s.Emotion > MaxEmotion {
			v.addf("emotion-out-of-range", itemPath("steps", i, ".emotion"), "the emotion %d is outside %d..+%d", s.Emotion, MinEmotion, MaxEmotion)
		}
		for k := range s.Barriers {
			b := &s.Barriers[k]
			bp := func(field string) string { return fmt.Sprintf("steps[%d].barriers[%d]%s", i, k, field) }
			if b.Description == "" {
				v.addf("missing-description", bp(".description"), "the barrier has no description")
			}
			if !b.Severity.Valid() {
				if b.Severity == "" {
					v.addf("unknown-severity", bp(".severity"), "the barrier has no severity: say low, medium, high or blocker")
				} else {
					v.addf("unknown-severity", bp(".severity"), "the severity %q is not one of low, medium, high, blocker%s", b.Severity, didYouMean(string(b.Severity), "low", "medium", "high", "blocker"))
				}
			}
			if len(b.Personas) > 0 {
				v.checkPersonaRefs(bp(".personas"), b.Personas)
			}
		}
	}
}

func (v *validator) checkStepRef(path, id, what string) {
	if id == "" {
		v.addf("unknown-step", path, "the %s names no step", what)
		return
	}
	if _, ok := v.steps[id]; !ok {
		v.addf("unknown-step", path, "no step has the id %q%s", id, v.nearestStep(id))
	}
}

// checkTransitions checks every transition, resolves its ends into v.from
// and v.to, groups the transitions by their from step into v.outOff and
// v.outTr, and reports repeated transitions.
func (v *validator) checkTransitions() {
	unknownEnds := v.resolveTransitions()
	kf, kt, nk := v.endKeys(unknownEnds)
	v.outOff, v.outTr = groupByFrom(kf, nk)
	v.checkDuplicateTransitions(kt, nk)
	v.checkProbabilitySums()
}

// resolveTransitions checks each transition's fields and resolves its ends
// into v.from and v.to (-1 for an end that names no step). It reports
// whether any end names no step.
func (v *validator) resolveTransitions() (unknownEnds bool) {
	trs := v.j.Transitions
	m := len(trs)
	v.from = make([]int32, m)
	v.to = make([]int32, m)
	// Files list a step's transitions together: the last from step found
	// saves most lookups of from.
	lastFrom, lastF := "", int32(-1)
	for i := range trs {
		t := &trs[i]
		f, ok := lastF, lastF >= 0 && t.From == lastFrom
		if !ok {
			f, ok = v.steps[t.From]
		}
		if ok {
			lastFrom, lastF = t.From, f
		} else {
			f = -1
			unknownEnds = true
			v.checkStepRef(itemPath("transitions", i, ".from"), t.From, "transition's from")
		}
		to, ok := v.steps[t.To]
		if !ok {
			to = -1
			unknownEnds = true
			v.checkStepRef(itemPath("transitions", i, ".to"), t.To, "transition's to")
		}
		v.from[i], v.to[i] = f, to
		v.checkTransitionFields(i, t)
	}
	return unknownEnds
}

// checkTransitionFields checks transition i's personas, probability, count
// and time.
func (v *validator) checkTransitionFields(i int, t *Transition) {
	if len(t.Personas) > 0 {
		v.checkPersonaRefs(itemPath("transitions", i, ".personas"), t.Personas)
	}
	if t.Probability != 0 && !(t.Probability > 0 && t.Probability <= 1) {
		v.addf("probability-out-of-range", itemPath("transitions", i, ".probability"), "the probability %v is outside (0, 1]", t.Probability)
	}
	if t.Count < 0 {
		v.addf("negative-count", itemPath("transitions", i, ".count"), "the count %d is negative", t.Count)
	}
	if t.Time != nil {
		v.checkTiming(itemPath("transitions", i, ".time"), t.Time)
	}
}

// endKeys returns the transitions' ends as keys for finding repeats: a
// step's index, or for an end that names no step, a number from the step
// count up, one per distinct name; nk is the number of keys.
func (v *validator) endKeys(unknownEnds bool) (kf, kt []int32, nk int) {
	kf, kt, nk = v.from, v.to, len(v.j.Steps)
	if !unknownEnds {
		return kf, kt, nk
	}
	trs := v.j.Transitions
	kf, kt = slices.Clone(v.from), slices.Clone(v.to)
	unknown := make(map[string]int32)
	key := func(k []int32, i int, id string) {
		if k[i] >= 0 {
			return
		}
		u, ok := unknown[id]
		if !ok {
			u = int32(nk)
			nk++
			unknown[id] = u
		}
		k[i] = u
	}
	for i := range trs {
		key(kf, i, trs[i].From)
		key(kt, i, trs[i].To)
	}
	return kf, kt, nk
}

// groupByFrom groups transition indexes by their from key (a counting
// sort, keeping the transitions' order within a group): the group of key k
// is order[off[k]:off[k+1]].
func groupByFrom(kf []int32, nk int) (off, order []int32) {
	off = make([]int32, nk+1)
	for _, f := range kf {
		off[f+1]++
	}
	for k := 0; k < nk; k++ {
		off[k+1] += off[k]
	}
	order = make([]int32, len(kf))
	pos := slices.Clone(off[:nk])
	for i, f := range kf {
		order[pos[f]] = int32(i)
		pos[f]++
	}
	return off, order
}

// checkDuplicateTransitions reports each transition that repeats an
// earlier one (the same from, to and set of personas), given the to keys
// kt and the groups by from key in v.outOff and v.outTr.
//
// Repeats are found within each from step's group, which is short, rather
// than through a map keyed by strings: that map was most of the time and
// memory of validating a large journey.
func (v *validator) checkDuplicateTransitions(kt []int32, nk int) {
	trs := v.j.Transitions
	off, order := v.outOff, v.outTr
	for k := 0; k < nk; k++ {
		grp := order[off[k]:off[k+1]]
		switch {
		case len(grp) < 2:
		case len(grp) <= 32:
			for a := 1; a < len(grp); a++ {
				i := grp[a]
				for _, j := range grp[:a] {
					if kt[j] == kt[i] && personaKey(trs[j].Personas) == personaKey(trs[i].Personas) {
						v.duplicateTransition(i, j)
						break
					}
				}
			}
		default:
			v.checkDuplicatesSorted(grp, kt)
		}
	}
}

// checkDuplicatesSorted reports the repeats within one large group of
// transitions from the same step: it sorts them by (to, personas, index),
// so that each transition follows the first it repeats.
func (v *validator) checkDuplicatesSorted(grp, kt []int32) {
	trs := v.j.Transitions
	type item struct {
		to       int32
		i        int32
		personas string
	}
	items := make([]item, len(grp))
	for a, i := range grp {
		items[a] = item{to: kt[i], i: i, personas: personaKey(trs[i].Personas)}
	}
	slices.SortFunc(items, func(x, y item) int {
		if c := cmp.Compare(x.to, y.to); c != 0 {
			return c
		}
		if c := strings.Compare(x.personas, y.personas); c != 0 {
			return c
		}
		return cmp.Compare(x.i, y.i)
	})
	for a := 1; a < len(items); {
		first := items[a-1]
		for a < len(items) && items[a].to == first.to && items[a].personas == first.personas {
			v.duplicateTransition(items[a].i, first.i)
			a++
		}
		a++
	}
}

// duplicateTransition reports that transition i repeats transition first.
func (v *validator) duplicateTransition(i, first int32) {
	t := &v.j.Transitions[i]
	v.addf("duplicate-transition", itemPath("transitions", int(i), ""), "the transition from %q to %q repeats transitions[%d]", t.From, t.To, first)
}

// personaKey returns a string that is the same for two persona lists
// exactly when they name the same set of IDs.
func personaKey(ps []string) string {
	switch len(ps) {
	case 0:
		return ""
	case 1:
		return ps[0]
	}
	s := slices.Clone(ps)
	slices.Sort(s)
	return strings.Join(slices.Compact(s), "\x00")
}

// checkProbabilitySums reports the steps whose outgoing probabilities sum
// above 1 for some persona (or, in a journey without personas, at all).
func (v *validator) checkProbabilitySums() {
	j := v.j
	var personas []string
	for si := range j.Steps {
		// The transitions of the step with a valid probability to a step.
		nt := 0
		for _, ti := range v.outTr[v.outOff[si]:v.outOff[si+1]] {
			if p := j.Transitions[ti].Probability; p > 0 && p <= 1 && v.to[ti] >= 0 {
				nt++
			}
		}
		if nt < 2 {
			continue
		}
		if personas == nil {
			personas = []string{""}
			if len(j.Personas) > 0 {
				personas = personas[:0]
				for _, pe := range j.Personas {
					if pe.ID != "" && !slices.Contains(personas, pe.ID) {
						personas = append(personas, pe.ID)
					}
				}
			}
		}
		// Where neither the step nor its transitions nor their targets
		// name personas, every persona sees the same sum: add it up once.
		uniform := len(j.Steps[si].Personas) == 0
		for _, ti := range v.outTr[v.outOff[si]:v.outOff[si+1]] {
			if !uniform {
				break
			}
			uniform = len(j.Transitions[ti].Personas) == 0 && (v.to[ti] < 0 || len(j.Steps[v.to[ti]].Personas) == 0)
		}
		var uniformSum float64
		for pi, pid := range personas {
			if uniform && pi > 0 {
				if uniformSum > 1+probabilityTolerance {
					v.addf("probability-sum", itemPath("steps", si, ""), "for persona %q the outgoing probabilities of step %s sum to %s, more than 1", pid, quoteID(j.Steps[si].ID), fmtSum(uniformSum))
				}
				continue
			}
			sum := 0.0
			for _, ti := range v.outTr[v.outOff[si]:v.outOff[si+1]] {
				t := &j.Transitions[ti]
				if !(t.Probability > 0 && t.Probability <= 1) || v.to[ti] < 0 {
					continue
				}
				if pid != "" && !(t.AppliesTo(pid) && j.Steps[si].AppliesTo(pid) && j.Steps[v.to[ti]].AppliesTo(pid)) {
					continue
				}
				sum += t.Probability
			}
			uniformSum = sum
			if sum > 1+probabilityTolerance {
				p := itemPath("steps", si, "")
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
	dup := map[string]Code{"entry": CodeDuplicateEntry, "goal": CodeDuplicateGoal, "exit": CodeDuplicateExit}[what]
	seen := make(map[string]bool, len(ids))
	for i, id := range ids {
		p := key + "[" + strconv.Itoa(i) + "]"
		v.checkStepRef(p, id, what)
		if id != "" && seen[id] {
			v.addf(dup, p, "the step %q is listed twice", id)
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
