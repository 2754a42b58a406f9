package render

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/journey"
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
