package render

import (
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/touchpoint"
)

// Colours of the drawing. Fills are light enough for black text.
var emotionFill = [5]string{"#f1948a", "#f8c9bd", "#f2f2f2", "#cde8c5", "#8fd18f"}

const (
	fontName        = "Helvetica,Arial,sans-serif"
	colorLine       = "#404040"
	colorEdge       = "#5a5a5a"
	colorBlocker    = "#c0392b"
	colorHigh       = "#e67e22"
	colorMedium     = "#b7950b"
	colorLow        = "#7f8c8d"
	colorGreyFill   = "#e6e6e6"
	colorGreyText   = "#8c8c8c"
	colorGreyLine   = "#a6a6a6"
	colorCritText   = "#a93226"
	colorBestPath   = "#1f5fbf"
	colorStageFill0 = "#f4f7fb"
	colorStageFill1 = "#fbfaf3"
	colorStageLine  = "#9aa7b8"
)

func severityColor(s journey.Severity) string {
	switch s {
	case journey.Blocker:
		return colorBlocker
	case journey.High:
		return colorHigh
	case journey.Medium:
		return colorMedium
	case journey.Low:
		return colorLow
	}
	return colorLine
}

// nodeStyle is how one step (or legend sample) is drawn.
type nodeStyle struct {
	shape       string
	style       []string
	fill        string
	color       string
	fontcolor   string
	penwidth    float64
	peripheries int
}

// touchpointLook returns the shape and line style for a step at tp (nil
// for none).
func touchpointLook(tp *touchpoint.Touchpoint) (shape string, style []string) {
	style = []string{"filled"}
	if tp == nil {
		return "ellipse", append(style, "dotted")
	}
	switch tp.Mode {
	case touchpoint.Online:
		shape = "box"
		style = append(style, "rounded")
	case touchpoint.Offline:
		shape = "hexagon"
	default:
		shape = "ellipse"
	}
	if tp.Control == touchpoint.Indirect {
		style = append(style, "dashed")
	}
	return shape, style
}

// node writes step i and returns its quoted ID.
func (d *dotWriter) node(i int) string {
	v := d.v
	s := &v.j.Steps[i]
	ns := nodeStyle{fill: emotionFill[emotion(s.Emotion)+2], color: colorLine, penwidth: 1, peripheries: 1}
	ns.shape, ns.style = touchpointLook(v.touchpoint(i))
	if worst := v.worstBarrier(i); worst != "" {
		ns.color = severityColor(worst)
		ns.penwidth = 1.5
		if worst == journey.Blocker {
			ns.penwidth = 2
		}
	}
	if v.entry[s.ID] {
		ns.penwidth = max(ns.penwidth, 2.5)
	}
	if v.goal[s.ID] {
		ns.peripheries = 2
	}
	if v.exit[s.ID] {
		ns.style = append(ns.style, "diagonals")
	}
	if d.overlay != nil {
		d.overlay.styleNode(s.ID, &ns)
	}
	switch {
	case v.unreachable[s.ID]:
		ns.fill, ns.fontcolor, ns.color = colorGreyFill, colorGreyText, colorGreyLine
		ns.style = replaceLine(ns.style, "dashed")
	case v.deadEnd[s.ID]:
		ns.color = colorBlocker
		ns.penwidth = max(ns.penwidth, 2.5)
	}
	if v.critical[s.ID] {
		ns.penwidth = 3.5
		if len(s.Barriers) > 0 {
			ns.color, ns.fontcolor = colorBlocker, colorCritText
		}
	}
	if d.diff != nil {
		d.diff.styleNode(s.ID, &ns)
	}

	var lines []string
	t := v.tags(i)
	if d.diff != nil {
		t = d.diff.tags(s.ID, t)
	}
	if len(t) > 0 {
		lines = append(lines, strings.Join(t, " · "))
	}
	lines = append(lines, wrap(v.action(i), labelWidth)...)
	if tp := v.touchpointText(i); tp != "" {
		lines = append(lines, wrap(tp, labelWidth+10)...)
	}
	if d.overlay != nil {
		if tag := d.overlay.tag(s.ID); tag != "" {
			lines = append(lines, tag)
		}
	}
	for _, b := range s.Barriers {
		lines = append(lines, wrap(barrierText(b), labelWidth+10)...)
	}
	if d.opts.Persona == "" && len(s.Personas) > 0 {
		lines = append(lines, wrap("for: "+strings.Join(v.personaNames(s.Personas), ", "), labelWidth+10)...)
	}
	id := dotID(s.ID)
	d.qid[i] = id
	d.w.WriteString("\t\t")
	d.w.WriteString(id)
	d.w.WriteString(" [label=")
	d.w.WriteString(dotLabel(lines...))
	d.attrs(ns)
	if tip := stepTooltip(s); len(tip) > 0 {
		d.printf(", tooltip=%s", dotLabel(tip...))
	}
	d.w.WriteString("];\n")
	return id
}

// stepTooltip is the hover text of step s in SVG: its ID, thoughts and
// opportunities.
func stepTooltip(s *journey.Step) []string {
	if len(s.Thoughts) == 0 && len(s.Opportunities) == 0 {
		return nil
	}
	tip := []string{oneLine(s.ID)}
	for _, t := range s.Thoughts {
		tip = append(tip, "thinks: "+oneLine(t))
	}
	for _, o := range s.Opportunities {
		tip = append(tip, "opportunity: "+oneLine(o))
	}
	return tip
}

// replaceLine returns style with its line style (dashed, dotted) replaced
// by line.
func replaceLine(style []string, line string) []string {
	out := style[:0:0]
	for _, s := range style {
		if s != "dashed" && s != "dotted" {
			out = append(out, s)
		}
	}
	return append(out, line)
}

func (d *dotWriter) attrs(ns nodeStyle) {
	w := d.w
	w.WriteString(", shape=")
	w.WriteString(ns.shape)
	w.WriteString(`, style="`)
	for i, st := range ns.style {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString(st)
	}
	w.WriteString(`", fillcolor=`)
	d.quoted(ns.fill)
	if ns.color != colorLine {
		w.WriteString(", color=")
		d.quoted(ns.color)
	}
	if ns.fontcolor != "" {
		w.WriteString(", fontcolor=")
		d.quoted(ns.fontcolor)
	}
	if ns.penwidth != 1 {
		w.WriteString(", penwidth=")
		w.WriteString(strconv.FormatFloat(ns.penwidth, 'f', -1, 64))
	}
	if ns.peripheries > 1 {
		w.WriteString(", peripheries=")
		w.WriteString(strconv.Itoa(ns.peripheries))
	}
}

// quoted writes s, one of the renderer's own attribute values (a colour, a
// style), in quotes; it needs no escaping.
func (d *dotWriter) quoted(s string) {
	d.w.WriteByte('"')
	d.w.WriteString(s)
	d.w.WriteByte('"')
}

// transition writes transition t, if both its steps are drawn.
func (d *dotWriter) transition(t journey.Transition) {
	v := d.v
	from, to, ok := v.edge(t)
	if !ok {
		return
	}
	w := d.w
	w.WriteByte('\t')
	w.WriteString(d.qid[from])
	w.WriteString(" -> ")
	w.WriteString(d.qid[to])
	sep := " ["
	attr := func(s string) {
		w.WriteString(sep)
		w.WriteString(s)
		sep = ", "
	}
	lines := v.transitionText(t, d.opts.Persona != "")
	var overlayAttrs string
	if d.overlay != nil {
		var seen string
		if seen, overlayAttrs = d.overlay.edge(&t); seen != "" {
			lines = append(lines, seen)
		}
	}
	if len(lines) > 0 {
		attr("label=")
		w.WriteString(dotLabel(lines...))
	}
	// A transition back to an earlier stage, or to a step listed before its
	// source in the same stage, or to or from a step of an unknown stage,
	// must not pull on the ranks: the stage order rules them.
	if fs, ts := v.stageOf[from], v.stageOf[to]; fs < 0 || ts < 0 || ts < fs || ts == fs && to < from {
		attr("constraint=false")
	}
	if v.report != nil {
		switch {
		case v.unreachable[t.From] || v.unreachable[t.To]:
			attr("style=dashed, color=" + dotID(colorGreyLine) + ", fontcolor=" + dotID(colorGreyText))
		case v.bestEdge[t.From+"\x00"+t.To]:
			attr("penwidth=3, color=" + dotID(colorBestPath) + ", fontcolor=" + dotID(colorBestPath))
		}
	}
	if overlayAttrs != "" {
		// After the findings: the observed volume sets the pen (the
		// best path keeps its colour), and a transition no one took is
		// dotted grey whatever the analysis says of it.
		attr(overlayAttrs)
	}
	if d.diff != nil {
		if a := d.diff.edgeAttr(&t); a != "" {
			attr(a)
		}
	}
	if sep == ", " {
		w.WriteByte(']')
	}
	w.WriteString(";\n")
}
