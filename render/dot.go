package render

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/touchpoint"
)

// DOT writes j to w as a Graphviz DOT digraph.
//
// Stages are clusters laid out left to right in their order, each labelled
// with its name and phase; invisible edges of weight 0 through an invisible
// anchor node per stage keep every step of a stage to the right of every
// step of the stages before it, and transitions back to an earlier stage (or
// to or from a step of an unknown stage) carry constraint=false, so the order
// holds and dot stays fast. A step shows
// its action, its touchpoint and channel, and its barriers with their
// severity; its shape tells the touchpoint's mode (online: rounded box,
// offline: hexagon, not given: ellipse, no touchpoint: dotted ellipse), its
// line the control (indirect: dashed), its fill the emotion (red for -2
// through grey for 0 to green for +2) and its border the worst barrier.
// Entries have a thick border, goals a double one, exits diagonals. A legend
// cluster explains it all unless opts.NoLegend is set. Transitions show their
// label, probability and count.
//
// With opts.Report, the findings are drawn: unreachable steps greyed and
// dashed, dead ends with a red border, critical steps with a thick border
// (red, with red text, where they have barriers), and the best path's
// transitions thick and blue.
//
// With opts.Overlay, observed traffic is drawn on the journey: moves on
// its transitions (pen width by volume), unmodelled moves dashed in orange,
// unvisited steps greyed (see Overlay).
//
// Every ID and label is quoted and escaped, and the output depends only on
// j and opts: the same input gives the same bytes. DOT does not validate j:
// an invalid journey is drawn as far as it can be, steps with an empty or
// repeated ID and transitions to unknown steps left out, steps of unknown
// stages gathered in a last cluster. It fails only when j is nil, when
// opts.Persona names no persona of j, both reported as journey.Problems, or
// when w fails.
func DOT(w io.Writer, j *journey.Journey, opts Options) error {
	v, err := newView(j, opts)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	d := &dotWriter{w: bw, v: v, opts: opts}
	if opts.Overlay != nil {
		d.overlay = newOverlayMarks(opts.Overlay, v)
	}
	d.write()
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("render: writing DOT: %w", err)
	}
	return nil
}

// DOTBytes returns the DOT of j, as DOT writes it.
func DOTBytes(j *journey.Journey, opts Options) ([]byte, error) {
	var b bytes.Buffer
	if err := DOT(&b, j, opts); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

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

// dotWriter writes one journey. Write errors stick in the bufio.Writer and
// are returned by its Flush.
type dotWriter struct {
	w    *bufio.Writer
	v    *view
	opts Options
	// overlay holds the observed moves to draw (Options.Overlay).
	overlay *overlayMarks
	// prefix starts every node ID the renderer makes up (anchors, legend),
	// chosen so that no step ID starts with it.
	prefix string
	// inStagePred and inStageSucc are set by stageLinks.
	inStagePred, inStageSucc []bool
	// qid holds the quoted ID of each drawn step, by index.
	qid []string
	// chain lists the clusters in order, each with the IDs of its members
	// (already quoted), for the invisible ordering edges.
	chain []chainLink
	// diff marks what changed, in a picture of a comparison (DiffDOT).
	diff *diffMarks
}

// chainLink is one cluster in the chain: its anchor, the members that must
// follow the anchor (heads) and those that must precede the next cluster's
// anchor (tails). A member needs neither where a constraining transition
// within its stage already puts it after a head or before a tail.
type chainLink struct {
	anchor       string
	heads, tails []string
}

func (d *dotWriter) write() {
	v := d.v
	d.prefix = syntheticPrefix(v)
	d.qid = make([]string, len(v.j.Steps))
	d.stageLinks()
	d.printf("digraph %s {\n", dotID(v.j.ID))
	title := wrap(v.title(), 80)
	if p := strings.TrimSpace(clean(v.j.Purpose)); p != "" {
		title = append(title, wrap(p, 100)...)
	}
	if l := d.overlay.titleLine(); l != "" {
		title = append(title, l)
	}
	d.printf("\tgraph [label=%s, labelloc=t, labeljust=l, fontname=%s, fontsize=16, rankdir=LR, newrank=true, nodesep=0.25, ranksep=0.45];\n",
		dotLabelLeft(title...), dotID(fontName))
	d.printf("\tnode [fontname=%s, fontsize=10, margin=\"0.12,0.06\", color=%s, penwidth=1];\n", dotID(fontName), dotID(colorLine))
	d.printf("\tedge [fontname=%s, fontsize=9, color=%s, fontcolor=%s, arrowsize=0.7];\n", dotID(fontName), dotID(colorEdge), dotID(colorEdge))

	for i := range v.j.Stages {
		d.stage(i)
	}
	if n := len(v.j.Stages); len(v.members[n]) > 0 {
		d.unstaged(n)
	}
	if !d.opts.NoLegend {
		d.legend()
	}
	d.w.WriteString("\n")
	for _, t := range v.j.Transitions {
		d.transition(t)
	}
	d.writeOverlayExtra()
	d.order()
	d.w.WriteString("}\n")
}

func (d *dotWriter) printf(format string, args ...any) { fmt.Fprintf(d.w, format, args...) }

// syntheticPrefix returns "jm:", or "jm_:", "jm__:", ...: the shortest such
// prefix that starts no drawn step's ID, so made-up node IDs never clash
// with steps.
func syntheticPrefix(v *view) string {
	taken := map[int]bool{}
	for i, s := range v.j.Steps {
		if !v.drawn[i] || !strings.HasPrefix(s.ID, "jm") {
			continue
		}
		rest := s.ID[2:]
		k := 0
		for k < len(rest) && rest[k] == '_' {
			k++
		}
		if k < len(rest) && rest[k] == ':' {
			taken[k] = true
		}
	}
	k := 0
	for taken[k] {
		k++
	}
	return "jm" + strings.Repeat("_", k) + ":"
}

func (d *dotWriter) synth(kind string, n int) string {
	return dotID(d.prefix + kind + strconv.Itoa(n))
}

// stage writes the cluster of stage i.
func (d *dotWriter) stage(i int) {
	v := d.v
	s := v.j.Stages[i]
	label := wrap(strconv.Itoa(i+1)+". "+v.stageTitle(i), 40)
	if ph := v.stagePhase(i); ph != "" {
		label = append(label, "("+ph+")")
	}
	if notes := v.stageNotes(i); notes != "" {
		label = append(label, notes)
	}
	fill := colorStageFill0
	if i%2 == 1 {
		fill = colorStageFill1
	}
	style, fontcolor := "rounded,filled", "#1a1a1a"
	if v.unreachableStage[s.ID] {
		style, fill, fontcolor = "rounded,filled,dashed", colorGreyFill, colorGreyText
	}
	d.printf("\n\tsubgraph %s {\n", dotID("cluster_"+strconv.Itoa(i)))
	d.printf("\t\tgraph [label=%s, style=%s, fillcolor=%s, color=%s, fontcolor=%s, fontsize=13, labeljust=l, margin=12];\n",
		dotLabelLeft(label...), dotID(style), dotID(fill), dotID(colorStageLine), dotID(fontcolor))
	link := d.anchor(len(d.chain))
	if len(v.members[i]) == 0 {
		id := d.synth("empty", i)
		d.printf("\t\t%s [label=\"no steps\", shape=plaintext, fontcolor=%s];\n", id, dotID(colorGreyText))
		link.heads = append(link.heads, id)
		link.tails = append(link.tails, id)
	}
	for _, m := range v.members[i] {
		id := d.node(m)
		if !d.inStagePred[m] {
			link.heads = append(link.heads, id)
		}
		if !d.inStageSucc[m] {
			link.tails = append(link.tails, id)
		}
	}
	d.chain = append(d.chain, link)
	d.w.WriteString("\t}\n")
}

// unstaged writes the cluster of the steps whose stage is unknown.
func (d *dotWriter) unstaged(n int) {
	d.printf("\n\tsubgraph %s {\n", dotID("cluster_"+strconv.Itoa(n)))
	d.printf("\t\tgraph [label=\"(unknown stage)\", style=\"rounded,dashed\", color=%s, fontcolor=%s, fontsize=13, labeljust=l, margin=12];\n",
		dotID(colorGreyLine), dotID(colorGreyText))
	link := d.anchor(len(d.chain))
	for _, m := range d.v.members[n] {
		id := d.node(m)
		link.heads = append(link.heads, id)
		link.tails = append(link.tails, id)
	}
	d.chain = append(d.chain, link)
	d.w.WriteString("\t}\n")
}

// anchor writes the invisible anchor node of the n-th cluster.
func (d *dotWriter) anchor(n int) chainLink {
	id := d.synth("anchor", n)
	d.printf("\t\t%s [shape=point, style=invis, width=0, height=0, label=\"\"];\n", id)
	return chainLink{anchor: id}
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

// order writes the invisible edges that keep the clusters in order: each
// cluster's anchor precedes its heads (minlen=0: it may share their rank)
// and its tails precede the next cluster's anchor. Weight 0 makes them
// constraints only, with no pull on the layout. Only the heads and tails
// get them: every other step is tied to one through the constraining
// transitions of its stage, and fewer edges keep dot's crossing
// minimisation fast.
func (d *dotWriter) order() {
	if len(d.chain) == 0 {
		return
	}
	d.w.WriteString("\n\tedge [style=invis, weight=0, arrowhead=none];\n")
	w := d.w
	for c, link := range d.chain {
		for _, m := range link.heads {
			w.WriteByte('\t')
			w.WriteString(link.anchor)
			w.WriteString(" -> ")
			w.WriteString(m)
			w.WriteString(" [minlen=0];\n")
		}
		if c+1 < len(d.chain) {
			next := d.chain[c+1].anchor
			for _, m := range link.tails {
				w.WriteByte('\t')
				w.WriteString(m)
				w.WriteString(" -> ")
				w.WriteString(next)
				w.WriteString(";\n")
			}
		}
	}
}

// stageLinks finds, for each drawn step, whether a constraining transition
// within its stage comes in from a step listed before it (inStagePred) or
// goes out to a step listed after it (inStageSucc). Transitions within a
// stage to a step listed before (or at) their source do not constrain the
// ranks, so the constraining ones form no cycle.
func (d *dotWriter) stageLinks() {
	v := d.v
	d.inStagePred = make([]bool, len(v.j.Steps))
	d.inStageSucc = make([]bool, len(v.j.Steps))
	for _, t := range v.j.Transitions {
		from, to, ok := v.edge(t)
		if !ok || v.stageOf[from] < 0 || v.stageOf[from] != v.stageOf[to] || to <= from {
			continue
		}
		d.inStagePred[to] = true
		d.inStageSucc[from] = true
	}
}

// legendSample is one node of the legend.
type legendSample struct {
	label string
	ns    nodeStyle
}

// legend writes the legend cluster, in columns: touchpoints, emotions,
// markers and, with a report, findings.
func (d *dotWriter) legend() {
	base := func(shape string, style ...string) nodeStyle {
		return nodeStyle{shape: shape, style: append([]string{"filled"}, style...), fill: emotionFill[2], color: colorLine, penwidth: 1, peripheries: 1}
	}
	box := func(style ...string) nodeStyle { return base("box", append([]string{"rounded"}, style...)...) }
	online, _ := touchpointLook(&touchpoint.Touchpoint{Mode: touchpoint.Online})
	offline, _ := touchpointLook(&touchpoint.Touchpoint{Mode: touchpoint.Offline})
	columns := [][]legendSample{
		{
			{"online touchpoint", base(online, "rounded")},
			{"offline touchpoint", base(offline)},
			{"touchpoint, mode not given", base("ellipse")},
			{"no touchpoint\n(the brand is silent)", base("ellipse", "dotted")},
			{"dashed: indirect touchpoint\n(the brand does not control it)", box("dashed")},
		},
		nil,
		{
			{"ENTRY", func() nodeStyle { n := box(); n.penwidth = 2.5; return n }()},
			{"GOAL", func() nodeStyle { n := box(); n.peripheries = 2; return n }()},
			{"EXIT", box("diagonals")},
		},
	}
	names := []string{"very negative (-2)", "negative (-1)", "neutral (0)", "positive (+1)", "very positive (+2)"}
	for e, name := range names {
		n := box()
		n.fill = emotionFill[e]
		columns[1] = append(columns[1], legendSample{"emotion: " + name, n})
	}
	for k := len(journey.Severities) - 1; k >= 0; k-- {
		sev := journey.Severities[k]
		n := box()
		n.color = severityColor(sev)
		n.penwidth = 1.5
		if sev == journey.Blocker {
			n.penwidth = 2
		}
		columns[2] = append(columns[2], legendSample{"[" + string(sev) + "] barrier", n})
	}
	if d.overlay != nil {
		columns = append(columns, d.overlay.legendSamples(box))
	}
	if d.v.report != nil {
		unreachable := box("dashed")
		unreachable.fill, unreachable.fontcolor, unreachable.color = colorGreyFill, colorGreyText, colorGreyLine
		deadEnd := box()
		deadEnd.color, deadEnd.penwidth = colorBlocker, 2.5
		critical := box()
		critical.penwidth = 3.5
		critBarrier := critical
		critBarrier.color, critBarrier.fontcolor = colorBlocker, colorCritText
		columns = append(columns, []legendSample{
			{"UNREACHABLE", unreachable},
			{"DEAD END", deadEnd},
			{"CRITICAL: on every\nentry-to-goal path", critical},
			{"CRITICAL with barriers", critBarrier},
			{"best path", base("plaintext")},
		})
	}

	if d.diff != nil {
		columns = append(columns, d.diff.legendSamples(box))
	}

	d.w.WriteString("\n\tsubgraph \"cluster_legend\" {\n")
	d.printf("\t\tgraph [label=\"Legend\", style=\"rounded,filled\", fillcolor=\"#ffffff\", color=%s, fontsize=12, labeljust=l, margin=10];\n", dotID(colorStageLine))
	link := d.anchor(len(d.chain))
	n := 0
	var firsts []string
	var bestFrom string
	var edges [][2]string
	for _, col := range columns {
		var ids []string
		for _, s := range col {
			id := d.synth("legend", n)
			n++
			ids = append(ids, id)
			d.printf("\t\t%s [label=%s", id, dotLabel(strings.Split(s.label, "\n")...))
			d.attrs(s.ns)
			d.w.WriteString(", fontsize=9];\n")
			if s.label == "best path" {
				bestFrom = id
			}
			if e := d.overlay.legendEdge(s.label); e != "" {
				edges = append(edges, [2]string{id, e})
			}
		}
		d.printf("\t\t{rank=same; %s;}\n", strings.Join(ids, "; "))
		if len(ids) > 1 {
			// Flat invisible edges keep the column in the order listed,
			// top to bottom: with rankdir=LR, a flat edge's head is drawn
			// above its tail.
			rev := slices.Clone(ids)
			slices.Reverse(rev)
			d.printf("\t\t%s [style=invis];\n", strings.Join(rev, " -> "))
		}
		firsts = append(firsts, ids[0])
		if len(link.heads) == 0 {
			link.heads = ids
		}
	}
	if bestFrom != "" {
		to := d.synth("legend", n)
		d.printf("\t\t%s [shape=point, width=0.06, color=%s, label=\"\"];\n", to, dotID(colorBestPath))
		d.printf("\t\t%s -> %s [penwidth=3, color=%s, minlen=1];\n", bestFrom, to, dotID(colorBestPath))
	}
	for _, e := range edges {
		to := d.synth("legend", n)
		n++
		d.printf("\t\t%s [shape=point, width=0.06, label=\"\"];\n", to)
		d.printf("\t\t%s -> %s [%s, minlen=1];\n", e[0], to, e[1])
	}
	for c := 1; c < len(firsts); c++ {
		d.printf("\t\t%s -> %s [style=invis, weight=0];\n", firsts[c-1], firsts[c])
	}
	d.chain = append(d.chain, link)
	d.w.WriteString("\t}\n")
}
