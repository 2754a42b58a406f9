package report

// This file is the section "Compared with A" (Options.Before): the
// comparison of package compare laid out for the page, and its two
// pictures, the map with both emotion curves and the flow graph of the
// comparison.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/compare"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
	"github.com/journeymap/journeymap/render/graphviz"
)

// compareView is the section comparing the journey with Options.Before.
type compareView struct {
	Before, BeforeID string // the before journey's name and ID
	After            string
	Competitor       bool
	Conversion       []stat // before, after, change; empty without numbers
	Regressions      []regressionRow
	Counts           []countRow
	Changes          []changeList
	Findings         []changeList // new and resolved findings
	Stages           []stageDiffRow
	Personas         []personaDiffRow
	Map, Graph       drawing
}

type regressionRow struct{ Kind, Message, Personas string }

// countRow is one line of the counts: what, added, removed, changed.
type countRow struct {
	What                    string
	Added, Removed, Changed int
}

// changeList is a titled list of changes.
type changeList struct {
	Title string
	Items []changeItem
}

// changeItem is one change: a verb (added, removed, changed), the IDs or
// words it is about (Code shown as code), and a detail.
type changeItem struct{ Verb, Code, Text, Detail string }

type stageDiffRow struct {
	Stage, Name                                          string
	ReachBefore, ReachAfter, EmotionBefore, EmotionAfter string
	LeaveBefore, LeaveAfter, Note                        string
}

type personaDiffRow struct{ Persona, Before, After, Change string }

// compareOf compares opts.Before (A) with j (B) and lays the comparison out.
func compareOf(ctx context.Context, j *journey.Journey, rep *analysis.Report, opts Options) (*compareView, error) {
	d, err := compare.Compare(ctx, opts.Before, j, compare.Options{})
	if err != nil {
		return nil, err
	}
	na, nb := newNames(opts.Before), newNames(j)
	v := &compareView{
		Before: journeyName(opts.Before), BeforeID: opts.Before.ID, After: journeyName(j),
		Competitor: d.Competitor,
	}
	if c := d.Conversion; c.Before != nil || c.After != nil {
		v.Conversion = []stat{{"Conversion before", orNA(c.Before, pct)}, {"after", orNA(c.After, pct)}}
		if c.Before != nil && c.After != nil {
			v.Conversion = append(v.Conversion, stat{"change", points(*c.After - *c.Before)})
		}
	}
	for _, r := range d.Regressions {
		row := regressionRow{Kind: string(r.Kind), Message: r.Message}
		if len(r.Personas) > 0 {
			row.Personas = personaList(r.Personas, nb)
		}
		v.Regressions = append(v.Regressions, row)
	}
	if !d.Competitor {
		// A competitor's journey shares nothing: every part would count
		// as added and removed; the stage table compares them instead.
		v.Counts = []countRow{
			{"Steps", len(d.AddedSteps), len(d.RemovedSteps), len(d.ChangedSteps)},
			{"Transitions", len(d.AddedTransitions), len(d.RemovedTransitions), len(d.ChangedTransitions)},
			{"Barriers", len(d.AddedBarriers), len(d.RemovedBarriers), len(d.ChangedBarriers)},
		}
		v.Changes = changesOf(d, na, nb)
	}
	v.Findings = findingLists(d)
	for _, s := range d.Stages {
		name := nb.stage(s.Stage)
		if s.StageAfter != "" {
			name = na.stage(s.Stage) + " / " + nb.stage(s.StageAfter)
		} else if s.ReachAfter == nil && s.After == nil {
			name = na.stage(s.Stage)
		}
		v.Stages = append(v.Stages, stageDiffRow{
			Stage: s.Stage, Name: name,
			ReachBefore: orNA(s.ReachBefore, pct), ReachAfter: orNA(s.ReachAfter, pct),
			LeaveBefore: orNA(s.LeaveBefore, pct), LeaveAfter: orNA(s.LeaveAfter, pct),
			EmotionBefore: orNA(s.EmotionBefore, emotion), EmotionAfter: orNA(s.EmotionAfter, emotion),
			Note: s.Note,
		})
	}
	for _, p := range d.Personas {
		c := p.Conversion
		if c.Before == nil && c.After == nil {
			continue
		}
		row := personaDiffRow{Persona: nb.persona(p.Persona), Before: orNA(c.Before, pct), After: orNA(c.After, pct)}
		if c.Before != nil && c.After != nil {
			row.Change = points(*c.After - *c.Before)
		}
		v.Personas = append(v.Personas, row)
	}
	if v.Map, err = compareMap(j, rep, opts); err != nil {
		return nil, err
	}
	if v.Graph, err = compareGraph(ctx, d, opts); err != nil {
		return nil, err
	}
	return v, nil
}

func journeyName(j *journey.Journey) string {
	if j.Name != "" {
		return j.Name
	}
	return j.ID
}

// orNA formats a figure, or "n/a" where it is missing.
func orNA(x *float64, f func(float64) string) string {
	if x == nil {
		return "n/a"
	}
	return f(*x)
}

// emotion formats a mean emotion (−2..+2) with its sign.
func emotion(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	if x > 0 {
		s = "+" + s
	}
	return s
}

// points formats a change of a share in percentage points.
func points(x float64) string {
	s := strconv.FormatFloat(100*x, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	if x > 0 && s != "0.0" {
		s = "+" + s
	}
	return s + " points"
}

// changesOf lists the structural changes of steps, transitions and
// barriers: the steps by ID with their action (the before journey's for a
// removed step).
func changesOf(d *compare.Diff, na, nb *names) []changeList {
	steps := changeList{Title: "Steps"}
	for _, id := range d.AddedSteps {
		steps.Items = append(steps.Items, changeItem{Verb: "added", Code: id, Text: nb.steps[id]})
	}
	for _, id := range d.RemovedSteps {
		steps.Items = append(steps.Items, changeItem{Verb: "removed", Code: id, Text: na.steps[id]})
	}
	for _, c := range d.ChangedSteps {
		steps.Items = append(steps.Items, changeItem{Verb: "changed", Code: c.Step, Text: nb.steps[c.Step], Detail: fieldsText(c.Fields)})
	}
	tr := changeList{Title: "Transitions"}
	for _, t := range d.AddedTransitions {
		tr.Items = append(tr.Items, changeItem{Verb: "added", Code: transitionText(t)})
	}
	for _, t := range d.RemovedTransitions {
		tr.Items = append(tr.Items, changeItem{Verb: "removed", Code: transitionText(t)})
	}
	for _, t := range d.ChangedTransitions {
		tr.Items = append(tr.Items, changeItem{Verb: "changed", Code: transitionText(t.TransitionRef), Detail: fieldsText(t.Fields)})
	}
	br := changeList{Title: "Barriers"}
	for _, b := range d.AddedBarriers {
		br.Items = append(br.Items, changeItem{Verb: "added", Code: b.Step, Text: string(b.Severity) + " “" + b.Description + "”"})
	}
	for _, b := range d.RemovedBarriers {
		br.Items = append(br.Items, changeItem{Verb: "removed", Code: b.Step, Text: string(b.Severity) + " “" + b.Description + "”"})
	}
	for _, b := range d.ChangedBarriers {
		br.Items = append(br.Items, changeItem{Verb: "changed", Code: b.Step, Text: "“" + b.Description + "”", Detail: fieldsText(b.Fields)})
	}
	var out []changeList
	for _, l := range []changeList{steps, tr, br} {
		if len(l.Items) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// findingLists are the findings that appear and those that go away.
func findingLists(d *compare.Diff) []changeList {
	newTitle, goneTitle := "New findings", "Resolved findings"
	if d.Competitor {
		newTitle, goneTitle = "Findings of this journey only", "Findings of the compared journey only"
	}
	var out []changeList
	for _, l := range []struct {
		title string
		fs    []compare.Finding
	}{{newTitle, d.NewFindings}, {goneTitle, d.ResolvedFindings}} {
		cl := changeList{Title: l.title}
		for _, f := range l.fs {
			it := changeItem{Verb: string(f.Kind), Code: f.Step}
			switch f.Kind {
			case compare.FindingUnreachableStage:
				it.Code = f.Stage
			case compare.FindingCriticalBarrier:
				it.Text = string(f.Severity) + " “" + f.Barrier + "”"
			}
			cl.Items = append(cl.Items, it)
		}
		if len(cl.Items) > 0 {
			out = append(out, cl)
		}
	}
	return out
}

func transitionText(t compare.TransitionRef) string {
	s := t.From + " → " + t.To
	if len(t.Personas) > 0 {
		s += " (for " + strings.Join(t.Personas, ", ") + ")"
	}
	return s
}

// maxValueLen is the longest value shown of a field change.
const maxValueLen = 60

// fieldsText shows field changes as "field old → new; ...", lists of
// records (barriers, criteria) by their number.
func fieldsText(fs []compare.FieldChange) string {
	parts := make([]string, 0, len(fs))
	for _, f := range fs {
		if n, ok := recordsLen(f.Before); ok {
			m, _ := recordsLen(f.After)
			parts = append(parts, fmt.Sprintf("%s %d → %d", f.Field, n, m))
			continue
		}
		parts = append(parts, f.Field+" "+valueText(f.Before)+" → "+valueText(f.After))
	}
	return strings.Join(parts, "; ")
}

func recordsLen(v any) (int, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice || rv.Type().Elem().Kind() != reflect.Struct {
		return 0, false
	}
	return rv.Len(), true
}

// valueText shows a field's value compactly: text as is (quoted when
// empty), the rest as JSON, cut at maxValueLen characters.
func valueText(v any) string {
	var s string
	if t, ok := v.(string); ok {
		s = t
		if s == "" {
			s = `""`
		}
	} else if b, err := json.Marshal(v); err == nil {
		s = string(b)
	} else {
		s = fmt.Sprint(v)
	}
	if r := []rune(s); len(r) > maxValueLen {
		s = string(r[:maxValueLen-1]) + "…"
	}
	return s
}

// compareMap draws the journey's map with the before journey's emotion
// curves on the same axes.
func compareMap(j *journey.Journey, rep *analysis.Report, opts Options) (drawing, error) {
	var b bytes.Buffer
	err := render.Map(&b, j, render.MapOptions{
		Findings: render.NewMapFindings(rep),
		Width:    opts.MapWidth,
		Font:     opts.MapFont,
		IDPrefix: "cmp-",
		Before:   opts.Before,
	})
	if err != nil {
		var ps journey.Problems
		if errors.As(err, &ps) {
			return drawing{Note: "The map of the comparison is not drawn: " + ps.Error()}, nil
		}
		return drawing{}, err
	}
	return drawing{SVG: inlineSVG(b.Bytes())}, nil
}

// compareGraph draws the flow graph of the comparison, within the size
// limit of opts.Graphviz (steps and transitions of both journeys drawn).
func compareGraph(ctx context.Context, d *compare.Diff, opts Options) (drawing, error) {
	steps := len(d.B.Steps) + len(d.Patch.Steps.Removed)
	transitions := len(d.B.Transitions) + len(d.Patch.Transitions.Removed)
	if limit := opts.Graphviz.MaxSteps; limit >= 0 {
		if limit == 0 {
			limit = graphviz.DefaultMaxSteps
		}
		if steps > limit || transitions > graphviz.TransitionsPerStep*limit {
			return drawing{Note: fmt.Sprintf("The flow graph of the comparison is not drawn: it has %d steps and %d transitions, more than the %d steps and %d transitions laid out.",
				steps, transitions, limit, graphviz.TransitionsPerStep*limit)}, nil
		}
	}
	var dot bytes.Buffer
	if err := render.DiffDOT(&dot, d, render.Options{}); err != nil {
		return drawing{Note: "The flow graph of the comparison is not drawn: " + err.Error()}, nil
	}
	var b bytes.Buffer
	if err := graphviz.RenderDOT(ctx, &b, dot.Bytes(), graphviz.SVGFormat); err != nil {
		if ctx.Err() != nil {
			return drawing{}, ctx.Err()
		}
		return drawing{Note: "The flow graph of the comparison is not drawn: " + err.Error()}, nil
	}
	// Graphviz numbers its elements (graph0, node1, clust1, edge1) as it
	// does in the page's other flow graph: prefix them, so that every id
	// of the page is its own. Texts are escaped in the SVG, so ` id="`
	// is only ever an attribute.
	svg := bytes.ReplaceAll(b.Bytes(), []byte(` id="`), []byte(` id="cmp-`))
	return drawing{SVG: inlineSVG(svg)}, nil
}
