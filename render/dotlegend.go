package render

import (
	"slices"
	"strings"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/touchpoint"
)

// legendSample is one node of the legend.
type legendSample struct {
	label string
	ns    nodeStyle
}

// legend writes the legend cluster, in columns: touchpoints, emotions,
// markers and, with a report, findings.
func (d *dotWriter) legend() {
	d.writeLegend(d.legendColumns())
}

// legendColumns returns the samples of the legend, column by column: the
// touchpoints, the emotions, the markers, then the overlay's, the report's
// and the comparison's when the picture has them.
func (d *dotWriter) legendColumns() [][]legendSample {
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
	return columns
}

// writeLegend writes the legend cluster with the samples of columns, each
// column a rank from top to bottom in its order, the columns left to right,
// and the cluster as the last link of the chain.
func (d *dotWriter) writeLegend(columns [][]legendSample) {
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
