package render

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/journeymap/journeymap/journey"
)

// Overlay is what customers were observed doing, to draw on the designed
// journey (Options.Overlay). It is plain figures, so that this package needs
// no event log: a program reads the log (package eventlog's Conform) and
// fills it in.
//
// DOT draws it this way: a designed transition customers moved along
// carries their number of moves ("seen n") and a pen as wide as its share of
// the busiest move; a designed transition no one moved along is drawn thin,
// dotted and grey ("seen 0"); a move the journey has no transition for
// (unmodelled) is an extra dashed edge in a warning colour, to a dashed
// warning node when its activity is no step; steps in Unvisited are greyed.
// Only the MaxUnmodelled most frequent unmodelled moves are drawn, the
// others counted in the title. Where the journey has several transitions
// for one pair (one per persona), the first drawn carries the pair's moves.
// The Mermaid renderers ignore the overlay.
type Overlay struct {
	// Moves are the observed moves between activities (directly-follows
	// pairs), one per pair, with their counts. Moves with a count of zero or
	// less are ignored.
	Moves []OverlayMove
	// Unvisited are the IDs of the steps no customer visited.
	Unvisited []string
	// MaxUnmodelled caps the unmodelled moves drawn; 0 means
	// DefaultMaxUnmodelled, a negative value draws none.
	MaxUnmodelled int
}

// OverlayMove is a number of observed moves from one activity to another.
type OverlayMove struct {
	// From is the activity moved from and To the activity moved to; each
	// is matched with the step of that ID.
	From, To string
	// Count is the number of moves observed; a move counted 0 or less is
	// ignored.
	Count int64
}

// DefaultMaxUnmodelled is how many unmodelled moves an overlay draws by
// default: the most frequent.
const DefaultMaxUnmodelled = 20

// Colours and pens of the overlay.
const (
	colorWarn       = "#d35400"
	colorWarnFill   = "#fdebd0"
	overlayMinPen   = 1.0
	overlayMaxPen   = 8.0
	overlayGhostTag = "NOT IN THE JOURNEY"
)

// overlayMarks is an Overlay prepared for one view.
type overlayMarks struct {
	moves     map[[2]string]int64 // designed pairs' moves
	used      map[[2]string]bool  // designed pairs already drawn with their moves
	unvisited map[string]bool
	extra     []OverlayMove // unmodelled moves drawn, most frequent first
	ghosts    []string      // activities of extra that are no drawn step, in order of appearance
	hidden    int           // unmodelled moves not drawn
	hiddenN   int64         // and their count
	max       int64         // the busiest drawn move
}

// newOverlayMarks sorts o's moves into those along drawn transitions and the
// unmodelled ones, for view v.
func newOverlayMarks(o *Overlay, v *view) *overlayMarks {
	m := &overlayMarks{moves: map[[2]string]int64{}, used: map[[2]string]bool{}, unvisited: set(o.Unvisited)}
	designed := map[[2]string]bool{}
	for _, t := range v.j.Transitions {
		if _, _, ok := v.edge(t); ok {
			designed[[2]string{t.From, t.To}] = true
		}
	}
	var un []OverlayMove
	for _, mv := range o.Moves {
		if mv.Count <= 0 {
			continue
		}
		k := [2]string{mv.From, mv.To}
		if designed[k] {
			m.moves[k] += mv.Count
			m.max = max(m.max, m.moves[k])
		} else {
			un = append(un, mv)
		}
	}
	slices.SortStableFunc(un, func(x, y OverlayMove) int {
		if c := cmp.Compare(y.Count, x.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(x.From, y.From); c != 0 {
			return c
		}
		return cmp.Compare(x.To, y.To)
	})
	limit := o.MaxUnmodelled
	if limit == 0 {
		limit = DefaultMaxUnmodelled
	}
	limit = max(limit, 0)
	ghost := map[string]bool{}
	for i, mv := range un {
		if i >= limit {
			m.hidden++
			m.hiddenN += mv.Count
			continue
		}
		m.extra = append(m.extra, mv)
		m.max = max(m.max, mv.Count)
		for _, a := range [2]string{mv.From, mv.To} {
			if _, ok := v.index[a]; !ok && !ghost[a] {
				ghost[a] = true
				m.ghosts = append(m.ghosts, a)
			}
		}
	}
	return m
}

// pen is the pen width for n moves: from overlayMinPen for none to
// overlayMaxPen for the busiest, by the square root of the share, so that
// small flows stay visible next to large ones.
func (m *overlayMarks) pen(n int64) float64 {
	if m.max <= 0 || n <= 0 {
		return overlayMinPen
	}
	p := overlayMinPen + (overlayMaxPen-overlayMinPen)*math.Sqrt(float64(n)/float64(m.max))
	return math.Round(p*10) / 10
}

func formatPen(p float64) string { return strconv.FormatFloat(p, 'f', -1, 64) }

// styleNode greys an unvisited step.
func (m *overlayMarks) styleNode(id string, ns *nodeStyle) {
	if m.unvisited[id] {
		ns.fill, ns.fontcolor, ns.color = colorGreyFill, colorGreyText, colorGreyLine
	}
}

// tag is the extra tag of an unvisited step.
func (m *overlayMarks) tag(id string) string {
	if m.unvisited[id] {
		return "UNVISITED"
	}
	return ""
}

// edge returns the label line and the attributes of designed transition t.
func (m *overlayMarks) edge(t *journey.Transition) (line, attrs string) {
	k := [2]string{t.From, t.To}
	if m.used[k] {
		return "", ""
	}
	m.used[k] = true
	n := m.moves[k]
	if n == 0 {
		return "seen 0", "style=dotted, color=" + dotID(colorGreyLine) + ", fontcolor=" + dotID(colorGreyText)
	}
	return "seen " + strconv.FormatInt(n, 10), "penwidth=" + formatPen(m.pen(n))
}

// writeOverlayExtra writes the ghost nodes and the unmodelled moves.
func (d *dotWriter) writeOverlayExtra() {
	m := d.overlay
	if m == nil || len(m.extra) == 0 {
		return
	}
	d.w.WriteString("\n")
	ghostID := map[string]string{}
	for i, a := range m.ghosts {
		id := d.synth("observed", i)
		ghostID[a] = id
		ns := nodeStyle{shape: "box", style: []string{"filled", "dashed"}, fill: colorWarnFill, color: colorWarn, fontcolor: colorWarn, penwidth: 1.5, peripheries: 1}
		d.printf("\t%s [label=%s", id, dotLabel(append([]string{overlayGhostTag}, wrap(a, labelWidth)...)...))
		d.attrs(ns)
		d.w.WriteString("];\n")
	}
	end := func(a string) (string, bool) {
		if i, ok := d.v.index[a]; ok {
			return d.qid[i], false
		}
		return ghostID[a], true
	}
	for _, mv := range m.extra {
		from, gf := end(mv.From)
		to, gt := end(mv.To)
		d.printf("\t%s -> %s [label=%s, style=dashed, color=%s, fontcolor=%s, penwidth=%s", from, to,
			dotLabel("unmodelled", "seen "+strconv.FormatInt(mv.Count, 10)), dotID(colorWarn), dotID(colorWarn), formatPen(m.pen(mv.Count)))
		if !gf && !gt {
			// Between steps the stage order rules the ranks.
			d.w.WriteString(", constraint=false")
		}
		d.w.WriteString("];\n")
	}
}

// titleLine is the title line that says what the overlay left out.
func (m *overlayMarks) titleLine() string {
	if m == nil || m.hidden == 0 {
		return ""
	}
	return strconv.Itoa(m.hidden) + " less frequent unmodelled transitions (" + strconv.FormatInt(m.hiddenN, 10) + " moves) not drawn"
}

// legendSamples returns the overlay's column of the legend.
func (m *overlayMarks) legendSamples(box func(style ...string) nodeStyle) []legendSample {
	unvisited := box()
	unvisited.fill, unvisited.fontcolor, unvisited.color = colorGreyFill, colorGreyText, colorGreyLine
	ghost := box("dashed")
	ghost.fill, ghost.color, ghost.fontcolor, ghost.penwidth = colorWarnFill, colorWarn, colorWarn, 1.5
	plain := box()
	plain.shape, plain.style = "plaintext", nil
	return []legendSample{
		{"UNVISITED: no customer\nwas seen here", unvisited},
		{overlayGhostTag + ":\nan activity seen in the log", ghost},
		{overlayLegendSeen, plain},
		{overlayLegendUnmodelled, plain},
		{overlayLegendNever, plain},
	}
}

// Labels of the overlay's legend samples that draw an edge.
const (
	overlayLegendSeen       = "seen n: moves observed\n(pen width by volume)"
	overlayLegendUnmodelled = "unmodelled move"
	overlayLegendNever      = "designed, never taken"
)

// legendEdge returns the attributes of the edge drawn out of the legend
// sample with the given label, "" for none.
func (m *overlayMarks) legendEdge(label string) string {
	if m == nil {
		return ""
	}
	switch label {
	case overlayLegendSeen:
		return "penwidth=5"
	case overlayLegendUnmodelled:
		return "style=dashed, penwidth=2, color=" + dotID(colorWarn)
	case overlayLegendNever:
		return "style=dotted, color=" + dotID(colorGreyLine)
	}
	return ""
}
