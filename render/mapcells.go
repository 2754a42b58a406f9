package render

import (
	"slices"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/touchpoint"
)

// cellCursor writes text down a canvas, wrapping it, from y.
type cellCursor struct {
	*canvas
	m *measurer
	y float64
}

// para writes s wrapped to width w at x and moves down; it returns the
// number of lines written.
func (c *cellCursor) para(x, w float64, s string, st fontStyle, size float64, color string) int {
	lines := c.m.wrapPx(st, size, w, s)
	for _, ln := range lines {
		c.text(x, c.y+size, ln, st, size, color)
		c.y += size * lineFactor
	}
	return len(lines)
}

// paraIndent writes s wrapped with a first line at x0 of width w0 and the
// others at x of width w, and moves down.
func (c *cellCursor) paraIndent(x0, w0, x, w float64, s string, st fontStyle, size float64, color string) {
	for k, ln := range c.m.wrapIndent(st, size, w0, w, s) {
		lx := x
		if k == 0 {
			lx = x0
		}
		if ln != "" {
			c.text(lx, c.y+size, ln, st, size, color)
		}
		c.y += size * lineFactor
	}
}

// cell lays out the content of one lane in column ci at (0, 0) and returns
// it with its height.
func (l *mapLayout) cell(lane, ci int) (*canvas, float64) {
	c := &cellCursor{canvas: &canvas{}, m: l.m}
	w := l.cols[ci].w - 2*cellPad
	switch lane {
	case laneStage:
		l.stageCell(c, ci, w)
	case laneActions:
		l.actionsCell(c, ci, w)
	case laneTouchpoints:
		l.touchpointsCell(c, ci, w)
	case laneThoughts:
		l.thoughtsCell(c, ci, w)
	case laneBarriers:
		l.barriersCell(c, ci, w)
	case laneOpportunities:
		l.opportunitiesCell(c, ci, w)
	}
	return c.canvas, c.y
}

// stageCell is a column's header: title, phase, findings, reach, goal,
// expectations and questions.
func (l *mapLayout) stageCell(c *cellCursor, ci int, w float64) {
	col := l.cols[ci]
	if col.stage == -2 {
		l.removedStageCell(c, ci, w)
		return
	}
	if col.stage < 0 {
		c.para(0, w, "Steps of no known stage", bold, 12, colText)
		return
	}
	s := l.v.j.Stages[col.stage]
	c.para(0, w, strconv.Itoa(ci+1)+". "+l.v.stageTitle(col.stage), bold, 12, colText)
	if ph := oneLine(string(s.Phase)); ph != "" {
		c.para(0, w, ph, italic, smallSize, colMuted)
	}
	var marks []string
	if l.f.silentStage[s.ID] {
		marks = append(marks, "BRAND SILENT")
	}
	if l.f.unreachStage[s.ID] {
		marks = append(marks, "UNREACHABLE")
	}
	if l.f.emptyStage[s.ID] {
		marks = append(marks, "EMPTY")
	}
	for _, mk := range marks {
		c.y += 2
		l.badge(c, 0, mk, colCritical, colWhite)
	}
	if r, ok := l.f.reach[s.ID]; ok {
		c.y += 3
		c.para(0, w, "Reach "+formatShare(r), bold, smallSize, colReach)
		c.rect(0, c.y, w, 5, colWhite, colReach, 0.8)
		c.rect(0, c.y, w*max(0, min(1, r)), 5, colReach, "", 0).class = "reach"
		c.y += 8
	}
	section := func(label string, items []string, prefix string) {
		if !slices.ContainsFunc(items, func(s string) bool { return oneLine(s) != "" }) {
			return
		}
		c.y += 4
		c.para(0, w, label, bold, smallSize, colMuted)
		for _, it := range items {
			t := oneLine(it)
			if t == "" {
				continue
			}
			if prefix == "" {
				c.para(0, w, t, regular, bodySize, colText)
				continue
			}
			// A hanging indent: the mark, then the text beside it.
			c.text(0, c.y+bodySize, prefix, bold, bodySize, colMuted)
			c.para(9, w-9, t, regular, bodySize, colText)
		}
	}
	section("GOAL", []string{s.Goal}, "")
	section("EXPECTS", s.Expectations, "•")
	section("ASKS", s.Questions, "?")
}

// badge draws a small filled label at x on the cursor's line.
func (l *mapLayout) badge(c *cellCursor, x float64, text, fill, color string) float64 {
	tw := l.m.width(bold, smallSize-1, text)
	c.rect(x, c.y, tw+8, smallSize+4, fill, "", 0).rx = 3
	c.text(x+4, c.y+smallSize+0.5, text, bold, smallSize-1, color)
	c.y += smallSize + 6
	return tw + 8
}

// numberBadge draws step number n in a circle whose top left is (x, y).
func (l *mapLayout) numberBadge(c *cellCursor, x, y float64, n int, fill string) {
	c.circle(x+8, y+8, 8, fill, "", 0)
	c.text(x+8, y+8+smallSize*0.35, strconv.Itoa(n), bold, smallSize, colWhite).anchor = anchorMiddle
}

// stepMarks are the tags above a step's action, with their colours.
func (l *mapLayout) stepMarks(i int) (marks, colors []string) {
	v := l.v
	id := v.j.Steps[i].ID
	add := func(ok bool, m, col string) {
		if ok {
			marks = append(marks, m)
			colors = append(colors, col)
		}
	}
	add(l.diff != nil && l.diff.added[i], "NEW", colAdded)
	add(v.entry[id], "ENTRY", colMuted)
	add(v.goal[id], "GOAL", colOpportune)
	add(v.exit[id], "EXIT", colMuted)
	add(l.f.critical[id], "CRITICAL", colCritical)
	add(l.f.deadEnd[id], "DEAD END", colDeadEnd)
	add(l.f.unreachable[id], "UNREACHABLE", colUnreach)
	return marks, colors
}

// actionsCell draws a card per step: its number, marks, action and the
// personas it is limited to.
func (l *mapLayout) actionsCell(c *cellCursor, ci int, w float64) {
	col := l.cols[ci]
	defer l.removedCell(c, ci, w)
	if len(col.steps) == 0 {
		if len(col.removed) == 0 {
			c.para(0, w, "no steps", italic, bodySize, colMuted)
		}
		return
	}
	for k, i := range col.steps {
		if k > 0 {
			c.y += itemGap
		}
		s := &l.v.j.Steps[i]
		class := "step"
		fill, line, lineW, text := colCard, colCardLine, 1.0, colText
		switch {
		case l.f.unreachable[s.ID]:
			class += " unreachable"
			fill, line, text = colUnreachBg, colUnreach, colMuted
		case l.f.critical[s.ID]:
			class += " critical"
			line, lineW = colCritical, 2.2
		case l.f.deadEnd[s.ID]:
			class += " dead-end"
			line, lineW = colDeadEnd, 2.2
		case l.diff != nil && l.diff.added[i]:
			line, lineW = colAdded, 2.2
		}
		if l.diff != nil && l.diff.added[i] {
			class += " added"
		}
		card := &cellCursor{canvas: &canvas{}, m: l.m, y: 5}
		badgeFill := colTouchpoint
		if l.f.critical[s.ID] {
			badgeFill = colCritical
		} else if l.diff != nil && l.diff.added[i] {
			badgeFill = colAdded
		}
		l.numberBadge(card, 4, 4, l.number[i], badgeFill)
		// The number sits in the top left corner; the marks, or else the
		// action, start beside it, and the rest runs the card's width.
		const bx = 24.0
		tx, tw := 6.0, w-12
		if marks, colors := l.stepMarks(i); len(marks) > 0 {
			joined := strings.Join(marks, "  ")
			if l.m.width(bold, smallSize, joined) <= w-bx-6 {
				x := bx
				for mi, mk := range marks {
					card.text(x, card.y+smallSize, mk, bold, smallSize, colors[mi])
					x += l.m.width(bold, smallSize, mk+"  ")
				}
				card.y += smallSize * lineFactor
			} else {
				card.paraIndent(bx, w-bx-6, tx, tw, joined, bold, smallSize, colors[0])
			}
			card.y += 2
			card.para(tx, tw, l.v.action(i), regular, bodySize, text)
		} else {
			card.y += 1
			card.paraIndent(bx, w-bx-6, tx, tw, l.v.action(i), regular, bodySize, text)
		}
		if l.v.persona == "" && len(s.Personas) > 0 {
			card.para(tx, tw, "for: "+strings.Join(l.v.personaNames(s.Personas), ", "), italic, smallSize, colMuted)
		}
		if n := l.stepCount(s); n > 0 {
			card.para(tx, tw, "observed: "+strconv.FormatInt(n, 10), regular, smallSize, colMuted)
		}
		h := max(card.y+5, 24)
		box := mapItem{kind: rectItem, x: 0, y: c.y, w: w, h: h, rx: 4, fill: fill, stroke: line, strokeW: lineW, dash: l.f.unreachable[s.ID]}
		c.open(class, "data-step", s.ID, "data-lines", l.linesOf(i))
		c.add(box)
		c.place(card.canvas, 0, c.y)
		c.close()
		c.y += h
	}
}

// stepCount is the number of customers observed at step s: the drawn
// persona's own count where the step has one, else the step's count.
func (l *mapLayout) stepCount(s *journey.Step) int64 {
	if n, ok := s.Counts[l.v.persona]; ok && l.v.persona != "" {
		return n
	}
	return s.Count
}

// linesOf lists the IDs of the emotion lines step i is on, space-separated,
// so that a script showing one persona can hide the other personas' steps.
func (l *mapLayout) linesOf(i int) string {
	var ids []string
	for k, pl := range l.lines {
		if slices.Contains(pl.steps, i) {
			ids = append(ids, l.idPrefix()+"emotion-"+strconv.Itoa(k+1))
		}
	}
	return strings.Join(ids, " ")
}

// touchpointsCell lists the stage's touchpoints in the order its steps use
// them: a glyph for mode and control, the name, channel, importance and the
// steps there.
func (l *mapLayout) touchpointsCell(c *cellCursor, ci int, w float64) {
	col := l.cols[ci]
	var order []string
	uses := map[string][]int{}
	for _, i := range col.steps {
		id := l.v.j.Steps[i].Touchpoint
		if id == "" {
			continue
		}
		if _, ok := uses[id]; !ok {
			order = append(order, id)
		}
		uses[id] = append(uses[id], l.number[i])
	}
	if len(order) == 0 {
		if len(col.steps) > 0 {
			color := colMuted
			msg := "no touchpoint"
			if col.stage >= 0 && l.f.silentStage[l.v.j.Stages[col.stage].ID] {
				color, msg = colCritical, "no touchpoint: the brand is silent here"
			}
			c.para(0, w, msg, italic, bodySize, color)
		}
		return
	}
	for k, id := range order {
		if k > 0 {
			c.y += itemGap
		}
		tp := l.v.touchpoint(l.v.index[stepUsing(l.v, col.steps, id)])
		c.open("touchpoint", "data-touchpoint", id)
		touchpointGlyph(c.canvas, 0, c.y+2, tp)
		name := oneLine(tp.Name)
		if name == "" {
			name = oneLine(tp.ID)
		}
		c.para(16, w-16, name, regular, bodySize, colText)
		var facts []string
		for _, f := range []string{string(tp.Channel), string(tp.Mode), string(tp.Control)} {
			if f = oneLine(f); f != "" {
				facts = append(facts, f)
			}
		}
		if len(facts) > 0 {
			c.para(16, w-16, strings.Join(facts, " · "), regular, smallSize, colMuted)
		}
		nums := make([]string, len(uses[id]))
		for n, u := range uses[id] {
			nums[n] = strconv.Itoa(u)
		}
		x := 16.0
		if imp := tp.Importance; imp > 0 {
			for p := range touchpoint.MaxImportance {
				fill := colWhite
				if p < imp {
					fill = colTouchpoint
				}
				c.circle(x+3+float64(p)*7, c.y+smallSize*0.7, 2.6, fill, colTouchpoint, 0.8)
			}
			x += 7*touchpoint.MaxImportance + 4
		}
		label := "step " + strings.Join(nums, ", ")
		if len(nums) > 1 {
			label = "steps " + strings.Join(nums, ", ")
		}
		if x > 16 && l.m.width(regular, smallSize, label) > w-x {
			c.y += smallSize * lineFactor
			x = 16
		}
		c.para(x, w-x, label, regular, smallSize, colMuted)
		c.close()
	}
}

// stepUsing returns the ID of the first of steps at touchpoint id.
func stepUsing(v *view, steps []int, id string) string {
	for _, i := range steps {
		if v.j.Steps[i].Touchpoint == id {
			return v.j.Steps[i].ID
		}
	}
	return ""
}

// touchpointGlyph draws a touchpoint's mark in a 10×10 box at (x, y): a
// circle online, a square offline, a diamond when the mode is not given;
// filled when the brand controls it (direct), hollow when not (indirect).
func touchpointGlyph(c *canvas, x, y float64, tp *touchpoint.Touchpoint) {
	fill := colTouchpoint
	switch tp.Control {
	case touchpoint.Indirect:
		fill = colWhite
	case touchpoint.Direct:
	default:
		fill = colUnreach
	}
	switch tp.Mode {
	case touchpoint.Online:
		c.circle(x+5, y+5, 4.5, fill, colTouchpoint, 1.5)
	case touchpoint.Offline:
		c.rect(x+0.75, y+0.75, 8.5, 8.5, fill, colTouchpoint, 1.5)
	default:
		c.line(colTouchpoint, 1.5, x+5, y, x+10, y+5, x+5, y+10, x, y+5, x+5, y).fill = fill
	}
}

// thoughtsCell writes each step's thoughts, quoted, with the step's number.
func (l *mapLayout) thoughtsCell(c *cellCursor, ci int, w float64) {
	first := true
	for _, i := range l.cols[ci].steps {
		for _, t := range l.v.j.Steps[i].Thoughts {
			if strings.TrimSpace(clean(t)) == "" {
				continue
			}
			if !first {
				c.y += itemGap
			}
			first = false
			num := strconv.Itoa(l.number[i])
			ind := max(16, l.m.width(bold, smallSize, num)+5)
			c.text(0, c.y+bodySize, num, bold, smallSize, colMuted)
			c.para(ind, w-ind, "“"+oneLine(t)+"”", italic, bodySize, colText)
		}
	}
}

// barriersCell lists the stage's barriers, worst first, each with its
// severity, description, step and personas.
func (l *mapLayout) barriersCell(c *cellCursor, ci int, w float64) {
	type item struct {
		step int
		b    journey.Barrier
	}
	var items []item
	for _, i := range l.cols[ci].steps {
		for _, b := range l.v.j.Steps[i].Barriers {
			items = append(items, item{i, b})
		}
	}
	slices.SortStableFunc(items, func(a, b item) int { return b.b.Severity.Rank() - a.b.Severity.Rank() })
	for k, it := range items {
		if k > 0 {
			c.y += itemGap
		}
		rank := it.b.Severity.Rank()
		sev := "BARRIER"
		if rank > 0 {
			sev = strings.ToUpper(string(it.b.Severity))
		}
		class := "barrier"
		if rank > 0 {
			class += " severity-" + string(it.b.Severity)
		}
		c.open(class, "data-step", l.v.j.Steps[it.step].ID)
		fill, color := severityFill(rank)
		top := c.y
		bw := l.badge(c, 0, sev, fill, color)
		stepLabel := "step " + strconv.Itoa(l.number[it.step])
		if bw+4+l.m.width(regular, smallSize, stepLabel) <= w {
			c.y = top
			c.text(bw+4, c.y+smallSize+0.5, stepLabel, regular, smallSize, colMuted)
			c.y += smallSize + 6
		} else {
			c.para(0, w, stepLabel, regular, smallSize, colMuted)
		}
		d := oneLine(it.b.Description)
		if d == "" {
			d = oneLine(it.b.Kind)
		}
		c.para(0, w, d, regular, bodySize, colText)
		if len(it.b.Personas) > 0 && l.v.persona == "" {
			c.para(0, w, "for: "+strings.Join(l.v.personaNames(it.b.Personas), ", "), italic, smallSize, colMuted)
		}
		c.close()
	}
}

// opportunitiesCell lists the stage's opportunities with their steps.
func (l *mapLayout) opportunitiesCell(c *cellCursor, ci int, w float64) {
	first := true
	for _, i := range l.cols[ci].steps {
		for _, o := range l.v.j.Steps[i].Opportunities {
			if strings.TrimSpace(clean(o)) == "" {
				continue
			}
			if !first {
				c.y += itemGap
			}
			first = false
			c.circle(5, c.y+bodySize*0.6, 5, colOpportune, "", 0)
			c.text(5, c.y+bodySize*0.6+3.5, "+", bold, bodySize, colWhite).anchor = anchorMiddle
			c.para(16, w-16, oneLine(o), regular, bodySize, colText)
			c.para(16, w-16, "step "+strconv.Itoa(l.number[i]), regular, smallSize, colMuted)
		}
	}
}
