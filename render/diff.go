package render

import (
	"bufio"
	"fmt"
	"io"

	"github.com/journeymap/journeymap/compare"
	"github.com/journeymap/journeymap/journey"
)

// Colours of a diff picture.
const (
	colorAdded   = "#1e8449"
	colorRemoved = "#cb2027"
	colorChanged = "#e69500"
)

// change is how a step or transition fares in a diff.
type change uint8

const (
	unchanged change = iota
	added
	removed
	changed
)

// diffMarks holds the change of each step and transition of a diff picture.
type diffMarks struct {
	steps map[string]change
	edges map[string]change // by compare.TransitionKey
}

// DiffDOT writes the flow graph of a comparison to w as DOT: the after
// journey with the steps and transitions the before journey had and the
// after one lacks, added parts in green, removed parts in red and dashed,
// changed parts (any field, barriers and emotion included) in amber.
// Removed steps keep their stage; a stage only the before journey has is
// drawn after the others. opts apply as for DOT (opts.Report is ignored:
// the findings of which journey would it show?).
func DiffDOT(w io.Writer, d *compare.Diff, opts Options) error {
	if d == nil || d.A == nil || d.B == nil {
		return journey.Problems{{Code: CodeNilJourney, Message: "no comparison to render"}}
	}
	opts.Report = nil
	merged, marks := mergeDiff(d)
	v, err := newView(merged, opts)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	dw := &dotWriter{w: bw, v: v, opts: opts, diff: marks}
	dw.write()
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("render: writing DOT: %w", err)
	}
	return nil
}

// mergeDiff returns the after journey with what the before journey had on
// top, and the marks.
func mergeDiff(d *compare.Diff) (*journey.Journey, *diffMarks) {
	p := d.Patch
	m := d.B.Clone()
	marks := &diffMarks{steps: map[string]change{}, edges: map[string]change{}}
	have := map[string]bool{}
	for _, s := range m.Stages {
		have[s.ID] = true
	}
	for _, s := range d.A.Stages {
		if !have[s.ID] {
			m.Stages = append(m.Stages, s)
			have[s.ID] = true
		}
	}
	tps := map[string]bool{}
	for _, t := range m.Touchpoints {
		tps[t.ID] = true
	}
	for _, t := range d.A.Touchpoints {
		if !tps[t.ID] {
			m.Touchpoints = append(m.Touchpoints, t)
			tps[t.ID] = true
		}
	}
	for _, s := range p.Steps.Added {
		marks.steps[s.ID] = added
	}
	for _, c := range p.Steps.Changed {
		marks.steps[c.After.ID] = changed
	}
	for _, s := range p.Steps.Removed {
		marks.steps[s.ID] = removed
		m.Steps = append(m.Steps, s)
	}
	for i := range p.Transitions.Added {
		marks.edges[compare.TransitionKey(&p.Transitions.Added[i])] = added
	}
	for i := range p.Transitions.Changed {
		marks.edges[compare.TransitionKey(&p.Transitions.Changed[i].After)] = changed
	}
	for i, t := range p.Transitions.Removed {
		marks.edges[compare.TransitionKey(&p.Transitions.Removed[i])] = removed
		m.Transitions = append(m.Transitions, t)
	}
	// Entries, goals and exits of the before journey stay marked on its
	// removed steps.
	for _, ids := range []struct {
		from []string
		to   *[]string
	}{{d.A.Entries, &m.Entries}, {d.A.Goals, &m.Goals}, {d.A.Exits, &m.Exits}} {
		for _, id := range ids.from {
			if marks.steps[id] == removed {
				*ids.to = append(*ids.to, id)
			}
		}
	}
	return m, marks
}

// styleNode marks step id's style with its change.
func (dm *diffMarks) styleNode(id string, ns *nodeStyle) {
	switch dm.steps[id] {
	case added:
		ns.color, ns.penwidth = colorAdded, max(ns.penwidth, 3)
	case removed:
		ns.color, ns.fontcolor, ns.penwidth = colorRemoved, colorRemoved, max(ns.penwidth, 2)
		ns.style = replaceLine(ns.style, "dashed")
	case changed:
		ns.color, ns.penwidth = colorChanged, max(ns.penwidth, 3)
	}
}

// edgeAttr returns the attributes that mark transition t, or "".
func (dm *diffMarks) edgeAttr(t *journey.Transition) string {
	switch dm.edges[compare.TransitionKey(t)] {
	case added:
		return "penwidth=2.5, color=" + dotID(colorAdded) + ", fontcolor=" + dotID(colorAdded)
	case removed:
		return "style=dashed, penwidth=2, color=" + dotID(colorRemoved) + ", fontcolor=" + dotID(colorRemoved)
	case changed:
		return "penwidth=2.5, color=" + dotID(colorChanged) + ", fontcolor=" + dotID(colorChanged)
	}
	return ""
}

// legendSamples are the legend's column for a diff picture.
func (dm *diffMarks) legendSamples(box func(style ...string) nodeStyle) []legendSample {
	a, r, c := box(), box(), box()
	dm2 := &diffMarks{steps: map[string]change{"a": added, "r": removed, "c": changed}}
	dm2.styleNode("a", &a)
	dm2.styleNode("r", &r)
	dm2.styleNode("c", &c)
	return []legendSample{{"ADDED in the after journey", a}, {"REMOVED: only in the before journey", r}, {"CHANGED", c}}
}

// tags adds the step's change to the tags of its label.
func (dm *diffMarks) tags(id string, tags []string) []string {
	switch dm.steps[id] {
	case added:
		return append(tags, "ADDED")
	case removed:
		return append(tags, "REMOVED")
	case changed:
		return append(tags, "CHANGED")
	}
	return tags
}
