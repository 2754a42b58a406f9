package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/touchpoint"
)

// Problem codes of the renderers' errors. The renderers report a problem
// with their input as a journey.Problems, like Validate and Analyze do,
// with the same codes.
const (
	// CodeNilJourney: the journey to render is nil.
	CodeNilJourney = journey.CodeNilJourney
	// CodeUnknownPersona: Options.Persona names no persona of the journey.
	CodeUnknownPersona = journey.CodeUnknownPersona
)

// view is a journey prepared for drawing: the journey (as the persona sees
// it), lookups by ID and the findings of the report that applies. It is
// shared by every renderer so that they all draw the same thing.
type view struct {
	j      *journey.Journey
	report *analysis.Report
	// persona is the ID of the persona the journey is drawn for, or "".
	persona string

	// stageOf maps each drawn step (by index in j.Steps) to the index of its
	// stage in j.Stages, or -1 when the stage is unknown.
	stageOf []int
	// drawn tells which steps are drawn: the first step with each non-empty ID.
	drawn []bool
	// members lists, per stage, the indices of its drawn steps in order;
	// members[len(j.Stages)] holds the steps of unknown stages.
	members [][]int
	// index maps a step ID to the index of the drawn step with that ID.
	index map[string]int

	touchpoints map[string]*touchpoint.Touchpoint
	personaName map[string]string

	entry, goal, exit map[string]bool

	unreachable, deadEnd, critical map[string]bool
	unreachableStage               map[string]bool
	emptyStage, silentStage        map[string]bool
	// bestEdge holds "from\x00to" for each consecutive pair on the best path.
	bestEdge map[string]bool
}

// newView prepares j for drawing with opts. It fails only on a nil journey
// or an unknown persona.
func newView(j *journey.Journey, opts Options) (*view, error) {
	if j == nil {
		return nil, journey.Problems{{Code: CodeNilJourney, Message: "no journey to render"}}
	}
	report := opts.Report
	if opts.Persona != "" {
		var err error
		if j, report, err = forPersona(j, report, opts.Persona); err != nil {
			return nil, err
		}
	}
	v := &view{
		j:           j,
		report:      report,
		persona:     opts.Persona,
		stageOf:     make([]int, len(j.Steps)),
		drawn:       make([]bool, len(j.Steps)),
		members:     make([][]int, len(j.Stages)+1),
		index:       make(map[string]int, len(j.Steps)),
		touchpoints: make(map[string]*touchpoint.Touchpoint, len(j.Touchpoints)),
		personaName: make(map[string]string, len(j.Personas)),
		entry:       set(j.Entries),
		goal:        set(j.Goals),
		exit:        set(j.Exits),
	}
	v.indexNames()
	v.indexSteps()
	if report != nil {
		v.markFindings(report)
	}
	return v, nil
}

// forPersona returns j as persona sees it and the report's part for that
// persona (the whole report when it has none), or a CodeUnknownPersona
// problem when j has no such persona.
func forPersona(j *journey.Journey, report *analysis.Report, persona string) (*journey.Journey, *analysis.Report, error) {
	known := false
	for _, p := range j.Personas {
		if p.ID == persona {
			known = true
			break
		}
	}
	if !known {
		return nil, nil, journey.Problems{{
			Code:    CodeUnknownPersona,
			Message: fmt.Sprintf("the journey has no persona %q", persona),
		}}
	}
	if report != nil {
		if r := report.Personas[persona]; r != nil {
			report = r
		}
	}
	return j.ForPersona(persona), report, nil
}

// indexNames fills v.touchpoints and v.personaName, the first of each
// repeated ID winning.
func (v *view) indexNames() {
	j := v.j
	for i := range j.Touchpoints {
		tp := &j.Touchpoints[i]
		if _, dup := v.touchpoints[tp.ID]; !dup {
			v.touchpoints[tp.ID] = tp
		}
	}
	for _, p := range j.Personas {
		if _, dup := v.personaName[p.ID]; !dup {
			name := oneLine(p.Name)
			if name == "" {
				name = oneLine(p.ID)
			}
			v.personaName[p.ID] = name
		}
	}
}

// indexSteps fills v.index, v.drawn, v.stageOf and v.members: the steps
// drawn (those with a non-empty ID not seen before) and their stages, the
// steps of unknown stages in the last group of members.
func (v *view) indexSteps() {
	j := v.j
	stageIndex := make(map[string]int, len(j.Stages))
	for i, s := range j.Stages {
		if _, dup := stageIndex[s.ID]; !dup {
			stageIndex[s.ID] = i
		}
	}
	for i, s := range j.Steps {
		if s.ID == "" {
			continue
		}
		if _, dup := v.index[s.ID]; dup {
			continue
		}
		v.index[s.ID] = i
		v.drawn[i] = true
		si, ok := stageIndex[s.Stage]
		if !ok {
			si = -1
			v.members[len(j.Stages)] = append(v.members[len(j.Stages)], i)
		} else {
			v.members[si] = append(v.members[si], i)
		}
		v.stageOf[i] = si
	}
}

// markFindings fills the sets of steps, stages and edges that report
// marks.
func (v *view) markFindings(report *analysis.Report) {
	v.unreachable = set(report.UnreachableSteps)
	v.deadEnd = set(report.DeadEnds)
	v.critical = set(report.CriticalSteps)
	v.unreachableStage = set(report.UnreachableStages)
	v.emptyStage = map[string]bool{}
	v.silentStage = map[string]bool{}
	for _, g := range report.Gaps {
		switch g.Kind {
		case analysis.GapEmptyStage:
			v.emptyStage[g.Stage] = true
		case analysis.GapSilentStage:
			v.silentStage[g.Stage] = true
		}
	}
	v.bestEdge = map[string]bool{}
	if len(report.Paths) > 0 {
		p := report.Paths[0].Steps
		for i := 1; i < len(p); i++ {
			v.bestEdge[p[i-1]+"\x00"+p[i]] = true
		}
	}
}

func set(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// edge reports whether transition t is drawn, with the indices of its ends.
func (v *view) edge(t journey.Transition) (from, to int, ok bool) {
	from, ok1 := v.index[t.From]
	to, ok2 := v.index[t.To]
	return from, to, ok1 && ok2
}

// stageTitle is the display name of stage i: its name, or its ID.
func (v *view) stageTitle(i int) string {
	s := v.j.Stages[i]
	if name := oneLine(s.Name); name != "" {
		return name
	}
	if id := oneLine(s.ID); id != "" {
		return id
	}
	return "stage " + strconv.Itoa(i+1)
}

// stagePhase is stage i's phase when it says more than its title, or "".
func (v *view) stagePhase(i int) string {
	ph := oneLine(string(v.j.Stages[i].Phase))
	if ph == "" || strings.EqualFold(ph, v.stageTitle(i)) {
		return ""
	}
	return ph
}

// stageNotes are the findings of the report about stage i, or "".
func (v *view) stageNotes(i int) string {
	id := v.j.Stages[i].ID
	var notes []string
	if v.unreachableStage[id] {
		notes = append(notes, "UNREACHABLE")
	}
	if v.silentStage[id] {
		notes = append(notes, "BRAND SILENT")
	}
	if v.emptyStage[id] {
		notes = append(notes, "EMPTY")
	}
	return strings.Join(notes, " · ")
}

// title is the journey's display name, with the persona it is drawn for.
func (v *view) title() string {
	t := oneLine(v.j.Name)
	if t == "" {
		t = oneLine(v.j.ID)
	}
	if t == "" {
		t = "Customer journey"
	}
	if v.persona != "" {
		t += " (as seen by " + v.personaName[v.persona] + ")"
	}
	return t
}

// action is what step i shows as its main text: its action, or its ID.
func (v *view) action(i int) string {
	s := &v.j.Steps[i]
	if strings.TrimSpace(clean(s.Action)) != "" {
		return s.Action
	}
	return s.ID
}

// touchpoint returns step i's touchpoint, or nil if it names none; a
// touchpoint the journey does not declare is returned with only its ID.
func (v *view) touchpoint(i int) *touchpoint.Touchpoint {
	id := v.j.Steps[i].Touchpoint
	if id == "" {
		return nil
	}
	if tp := v.touchpoints[id]; tp != nil {
		return tp
	}
	return &touchpoint.Touchpoint{ID: id}
}

// touchpointText is the line naming step i's touchpoint and channel, or "".
func (v *view) touchpointText(i int) string {
	tp := v.touchpoint(i)
	if tp == nil {
		return ""
	}
	name := oneLine(tp.Name)
	if name == "" {
		name = oneLine(tp.ID)
	}
	if ch := oneLine(string(tp.Channel)); ch != "" && !strings.EqualFold(ch, name) {
		return "@ " + name + " (" + ch + ")"
	}
	return "@ " + name
}

// personaNames returns the display names of the personas ids names, in that
// order; an unknown ID stands for itself.
func (v *view) personaNames(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if n, ok := v.personaName[id]; ok {
			out = append(out, n)
		} else {
			out = append(out, oneLine(id))
		}
	}
	return out
}

// worstBarrier is the worst severity among step i's barriers, or "".
func (v *view) worstBarrier(i int) journey.Severity {
	var worst journey.Severity
	for _, b := range v.j.Steps[i].Barriers {
		if b.Severity.Rank() > worst.Rank() {
			worst = b.Severity
		}
	}
	return worst
}

// barrierText is the line showing barrier b.
func barrierText(b journey.Barrier) string {
	sev := oneLine(string(b.Severity))
	if sev == "" {
		sev = "barrier"
	}
	d := oneLine(b.Description)
	if d == "" {
		d = oneLine(b.Kind)
	}
	return "[" + sev + "] " + d
}

// tags are the markers shown above step i's action: entry, goal, exit and,
// with a report, the findings.
func (v *view) tags(i int) []string {
	id := v.j.Steps[i].ID
	var t []string
	if v.entry[id] {
		t = append(t, "ENTRY")
	}
	if v.goal[id] {
		t = append(t, "GOAL")
	}
	if v.exit[id] {
		t = append(t, "EXIT")
	}
	if v.unreachable[id] {
		t = append(t, "UNREACHABLE")
	}
	if v.deadEnd[id] {
		t = append(t, "DEAD END")
	}
	if v.critical[id] {
		t = append(t, "CRITICAL")
	}
	return t
}

// emotion clamps e to the emotion scale.
func emotion(e int) int {
	return max(journey.MinEmotion, min(journey.MaxEmotion, e))
}

// transitionText is the text of transition t: its label, then its
// probability and count, then the personas it is limited to (unless the
// view is for one persona).
func (v *view) transitionText(t journey.Transition, perPersona bool) []string {
	lines := wrap(t.Label, labelWidth)
	var nums []string
	if t.Probability > 0 && t.Probability <= 1 {
		nums = append(nums, formatPercent(t.Probability))
	}
	if t.Count > 0 {
		nums = append(nums, "n="+strconv.FormatInt(t.Count, 10))
	}
	if len(nums) > 0 {
		lines = append(lines, strings.Join(nums, " · "))
	}
	if !perPersona && len(t.Personas) > 0 {
		lines = append(lines, wrap("for: "+strings.Join(v.personaNames(t.Personas), ", "), labelWidth)...)
	}
	return lines
}

// formatPercent writes p in (0, 1] as a percentage with at most one decimal.
func formatPercent(p float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(p*100, 'f', 1, 64), ".0") + "%"
}

// labelWidth is the width, in runes, at which labels wrap.
const labelWidth = 30
