package compare

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// The writers lay a Diff out as a document of sections (this file) that
// WriteText and WriteMarkdown then print, so that both say the same.

// span is a piece of text: an ID or value (code) or words.
type span struct {
	s    string
	code bool
}

type line []span

func words(s string) span { return span{s: s} }
func code(s string) span  { return span{s: s, code: true} }

// section is a heading with a paragraph, list items and a table.
type section struct {
	title string
	level int // 2 for top sections, 3 below
	para  line
	items []line
	head  []string
	rows  [][]line
}

// document lays d out.
func (d *Diff) document() []section {
	var out []section
	out = append(out, d.summarySection())
	out = append(out, d.regressionSection())
	out = append(out, consequenceSections(&d.Consequences, 2, d.Competitor)...)
	out = append(out, d.structureSections()...)
	all, _ := json.Marshal(d.Consequences)
	for i := range d.Personas {
		p := &d.Personas[i]
		s := section{title: "Persona " + p.Persona, level: 2, para: line{words("Conversion: "), words(conversionText(p.Conversion))}}
		if mine, _ := json.Marshal(p.Consequences); string(mine) == string(all) {
			s.para = append(s.para, words("; the rest as for all personas."))
			out = append(out, s)
			continue
		}
		out = append(out, s)
		out = append(out, consequenceSections(&p.Consequences, 3, d.Competitor)[1:]...)
	}
	var kept []section
	for _, s := range out {
		if s.title != "" {
			kept = append(kept, s)
		}
	}
	return kept
}

func (d *Diff) summarySection() section {
	p := line{words("Before "), code(d.Before), words(", after "), code(d.After)}
	if d.Persona != "" {
		p = append(p, words(", as persona "), code(d.Persona), words(" sees them"))
	}
	p = append(p, words(". "))
	if d.Competitor {
		p = append(p, words("The journeys share no step: they are compared stage by stage (stages matched by ID, then by phase)."))
	} else if d.Empty() {
		p = append(p, words("No change."))
	} else {
		p = append(p, words(fmt.Sprintf("Steps: %d added, %d removed, %d changed; transitions: %d added, %d removed, %d changed; barriers: %d added, %d removed, %d changed.",
			len(d.AddedSteps), len(d.RemovedSteps), len(d.ChangedSteps),
			len(d.AddedTransitions), len(d.RemovedTransitions), len(d.ChangedTransitions),
			len(d.AddedBarriers), len(d.RemovedBarriers), len(d.ChangedBarriers))))
	}
	return section{title: "Summary", level: 2, para: p}
}

func (d *Diff) regressionSection() section {
	s := section{title: "Regressions", level: 2}
	if len(d.Regressions) == 0 {
		s.para = line{words("None.")}
	}
	for _, r := range d.Regressions {
		l := line{code(string(r.Kind)), words(": " + r.Message)}
		if len(r.Personas) > 0 {
			l = append(l, words(" (also for each persona: "+strings.Join(r.Personas, ", ")+")"))
		}
		s.items = append(s.items, l)
	}
	return s
}

// consequenceSections lays out c; the first section is the conversion.
func consequenceSections(c *Consequences, level int, competitor bool) []section {
	out := []section{{title: "Conversion", level: level, para: line{words(conversionText(c.Conversion))}}}
	st := section{title: "Stages", level: level, head: []string{"Stage", "Reach", "Leave", "Emotion", "Steps", "Touchpoints (online/offline)", "Barriers (blocker/high/medium/low)", "Note"}}
	for _, s := range c.Stages {
		name := line{code(s.Stage)}
		if s.StageAfter != "" {
			name = append(name, words(" / "), code(s.StageAfter))
		}
		st.rows = append(st.rows, []line{
			name,
			{words(formatPair(s.ReachBefore, s.ReachAfter, formatShare))},
			{words(formatPair(s.LeaveBefore, s.LeaveAfter, formatShare))},
			{words(formatPair(s.EmotionBefore, s.EmotionAfter, formatEmotion))},
			{words(profilePair(s.Before, s.After, func(p *StageProfile) string { return strconv.Itoa(p.Steps) }))},
			{words(profilePair(s.Before, s.After, func(p *StageProfile) string {
				return fmt.Sprintf("%d (%d/%d)", p.Touchpoints, p.Online, p.Offline)
			}))},
			{words(profilePair(s.Before, s.After, func(p *StageProfile) string {
				b := p.Barriers
				return fmt.Sprintf("%d/%d/%d/%d", b.Blocker, b.High, b.Medium, b.Low)
			}))},
			{words(s.Note)},
		})
	}
	if len(st.rows) > 0 {
		out = append(out, st)
	}
	newTitle, goneTitle := "New findings", "Resolved findings"
	if competitor {
		newTitle, goneTitle = "Findings of the after journey only", "Findings of the before journey only"
	}
	out = append(out, findingSection(newTitle, level, c.NewFindings), findingSection(goneTitle, level, c.ResolvedFindings))
	return append(out, attributionSections(c.Attribution, level, competitor)...)
}

func findingSection(title string, level int, fs []Finding) section {
	if len(fs) == 0 {
		return section{}
	}
	s := section{title: title, level: level}
	for _, f := range fs {
		l := line{words(string(f.Kind) + ": ")}
		switch f.Kind {
		case FindingUnreachableStage:
			l = append(l, words("stage "), code(f.Stage))
		case FindingCriticalBarrier:
			l = append(l, words(string(f.Severity)+" barrier “"+f.Barrier+"” at step "), code(f.Step))
		default:
			l = append(l, words("step "), code(f.Step))
		}
		s.items = append(s.items, l)
	}
	return s
}

func (d *Diff) structureSections() []section {
	var out []section
	if d.Competitor {
		// Nothing is shared: listing every step and transition as added
		// and removed says nothing the stage table does not.
		s := section{title: "Size", level: 2, para: line{words(fmt.Sprintf(
			"Steps: %d before, %d after; transitions: %d before, %d after; touchpoints: %d before, %d after.",
			len(d.A.Steps), len(d.B.Steps), len(d.A.Transitions), len(d.B.Transitions), len(d.A.Touchpoints), len(d.B.Touchpoints)))}}
		out = append(out, s)
		sec := section{title: "Personas", level: 2}
		for _, id := range d.AddedPersonas {
			sec.items = append(sec.items, line{words("only after: "), code(id)})
		}
		for _, id := range d.RemovedPersonas {
			sec.items = append(sec.items, line{words("only before: "), code(id)})
		}
		if len(sec.items) > 0 {
			out = append(out, sec)
		}
		return out
	}
	list := func(title string, added, removed []string, changed []ItemChange) {
		s := section{title: title, level: 2}
		for _, id := range added {
			s.items = append(s.items, line{words("added "), code(id)})
		}
		for _, id := range removed {
			s.items = append(s.items, line{words("removed "), code(id)})
		}
		for _, c := range changed {
			s.items = append(s.items, append(line{words("changed "), code(c.ID), words(": ")}, fieldLine(c.Fields)...))
		}
		if len(s.items) > 0 {
			out = append(out, s)
		}
	}
	steps := make([]ItemChange, len(d.ChangedSteps))
	for i, c := range d.ChangedSteps {
		steps[i] = ItemChange{ID: c.Step, Fields: c.Fields}
	}
	list("Steps", d.AddedSteps, d.RemovedSteps, steps)
	tr := section{title: "Transitions", level: 2}
	for _, t := range d.AddedTransitions {
		tr.items = append(tr.items, append(line{words("added ")}, transitionLine(t)...))
	}
	for _, t := range d.RemovedTransitions {
		tr.items = append(tr.items, append(line{words("removed ")}, transitionLine(t)...))
	}
	for _, t := range d.ChangedTransitions {
		l := append(line{words("changed ")}, transitionLine(t.TransitionRef)...)
		tr.items = append(tr.items, append(append(l, words(": ")), fieldLine(t.Fields)...))
	}
	if len(tr.items) > 0 {
		out = append(out, tr)
	}
	br := section{title: "Barriers", level: 2}
	for _, b := range d.AddedBarriers {
		br.items = append(br.items, line{words("added " + string(b.Severity) + " “" + b.Description + "” at step "), code(b.Step)})
	}
	for _, b := range d.RemovedBarriers {
		br.items = append(br.items, line{words("removed " + string(b.Severity) + " “" + b.Description + "” at step "), code(b.Step)})
	}
	for _, b := range d.ChangedBarriers {
		br.items = append(br.items, append(line{words("changed “" + b.Description + "” at step "), code(b.Step), words(": ")}, fieldLine(b.Fields)...))
	}
	if len(br.items) > 0 {
		out = append(out, br)
	}
	list("Stage definitions", d.AddedStages, d.RemovedStages, d.ChangedStages)
	list("Touchpoints", d.AddedTouchpoints, d.RemovedTouchpoints, d.ChangedTouchpoints)
	list("Personas", d.AddedPersonas, d.RemovedPersonas, d.ChangedPersonas)
	js := section{title: "Journey", level: 2}
	if len(d.ChangedJourney) > 0 {
		js.items = append(js.items, append(line{words("changed: ")}, fieldLine(d.ChangedJourney)...))
	}
	for _, r := range d.Reordered {
		js.items = append(js.items, line{words(r + " reordered")})
	}
	if len(js.items) > 0 {
		out = append(out, js)
	}
	return out
}

func transitionLine(t TransitionRef) line {
	l := line{code(t.From), words(" → "), code(t.To)}
	if len(t.Personas) > 0 {
		l = append(l, words(" for "), code(strings.Join(t.Personas, ", ")))
	}
	return l
}

// fieldLine shows field changes as "field old → new; ...".
func fieldLine(fs []FieldChange) line {
	var l line
	for i, f := range fs {
		if i > 0 {
			l = append(l, words("; "))
		}
		if n, ok := listLen(f.Before); ok {
			m, _ := listLen(f.After)
			l = append(l, words(fmt.Sprintf("%s %d → %d", f.Field, n, m)))
			continue
		}
		l = append(l, words(f.Field+" "), code(formatValue(f.Before)), words(" → "), code(formatValue(f.After)))
	}
	return l
}

// listLen returns the length of v when it is a list of records (barriers,
// criteria), which are shown by their number.
func listLen(v any) (int, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice || rv.Type().Elem().Kind() != reflect.Struct {
		return 0, false
	}
	return rv.Len(), true
}

// maxValueLen is the longest value shown in a field change.
const maxValueLen = 60

// formatValue shows a field's value compactly: text as is, the rest as JSON.
func formatValue(v any) string {
	var s string
	switch v := v.(type) {
	case string:
		s = v
		if s == "" {
			s = `""`
		}
	default:
		b, err := json.Marshal(v)
		if err != nil {
			s = fmt.Sprint(v)
		} else {
			s = string(b)
		}
	}
	if r := []rune(s); len(r) > maxValueLen {
		s = string(r[:maxValueLen-1]) + "…"
	}
	return s
}

// conversionText shows conversion before and after with the change in
// percentage points.
func conversionText(c Conversion) string {
	s := formatPair(c.Before, c.After, formatShare)
	if c.Before == nil && c.After == nil {
		return s + " (neither journey carries probabilities or counts)"
	}
	if c.Before != nil && c.After != nil && formatShare(*c.Before) != formatShare(*c.After) {
		pts := strconv.FormatFloat(100*(*c.After-*c.Before), 'f', 1, 64)
		if *c.After > *c.Before {
			pts = "+" + pts
		}
		s += " (" + pts + " points)"
	}
	return s
}

// formatPair shows a figure before and after: "a → b", "a" when equal,
// "n/a" for a missing side.
func formatPair(a, b *float64, f func(float64) string) string {
	fa, fb := "n/a", "n/a"
	if a != nil {
		fa = f(*a)
	}
	if b != nil {
		fb = f(*b)
	}
	if fa == fb {
		return fa
	}
	return fa + " → " + fb
}

func profilePair(a, b *StageProfile, f func(*StageProfile) string) string {
	fa, fb := "—", "—"
	if a != nil {
		fa = f(a)
	}
	if b != nil {
		fb = f(b)
	}
	if fa == fb {
		return fa
	}
	return fa + " → " + fb
}

func formatShare(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }

func formatEmotion(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	if x > 0 {
		s = "+" + s
	}
	return s
}
