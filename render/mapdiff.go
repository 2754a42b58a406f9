package render

// This file draws the map of a comparison (MapOptions.Before): the after
// journey's map with the before journey's emotion curves on the same axes.

import (
	"slices"
	"strconv"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
)

// Colours of the comparison.
const (
	colAdded   = "#1e8e3e"
	colRemoved = "#c0392b"
	colRemBg   = "#fdf0ef"
)

// diffPlan is what a map of a comparison adds to the layout of the after
// journey.
type diffPlan struct {
	b *view // the before journey, as the persona sees it
	// competitor: the journeys share no step ID, so the curves are drawn
	// per stage (the mean emotion of each side's steps there).
	competitor bool
	added      map[int]bool // after step indices not in before
	removedX   []float64    // per before step: its point's x, if removed
	removedNo  []int        // per before step: its r-number on the map, from 1; 0 if not removed
	// lines are the before curves, one per after line (same index); a
	// before line without steps is not drawn.
	lines []personaLine
}

// planDiff matches the before journey with the after journey of l: steps
// by ID, stages by ID then by phase, and places each removed step (and each
// stage only before has) in a column.
func (l *mapLayout) planDiff(before *journey.Journey) error {
	bv, err := newView(before, Options{Persona: l.opts.Persona})
	if err != nil {
		return err
	}
	if err := checkSize(before, l.opts); err != nil {
		return err
	}
	v := l.v
	p := &diffPlan{b: bv, added: map[int]bool{}, removedX: make([]float64, len(bv.j.Steps)), removedNo: make([]int, len(bv.j.Steps))}
	l.diff = p
	shared := false
	for id := range bv.index {
		if _, ok := v.index[id]; ok {
			shared = true
			break
		}
	}
	p.competitor = !shared && len(bv.index) > 0 && len(v.index) > 0
	if !p.competitor {
		for _, c := range l.cols {
			for _, s := range c.steps {
				if _, ok := bv.index[v.j.Steps[s].ID]; !ok {
					p.added[s] = true
				}
			}
		}
	}
	bl := &mapLayout{v: bv}
	rank := bl.meetOrder()
	l.placeBeforeStages(matchStageIndex(bv.j.Stages, v.j.Stages))
	for ci := range l.cols {
		c := &l.cols[ci]
		var members []int
		switch {
		case c.before >= 0:
			members = bv.members[c.before]
		case c.before == -2 || c.stage == -1:
			members = bv.members[len(bv.j.Stages)]
		}
		members = slices.Clone(members)
		slices.SortStableFunc(members, func(a, b int) int { return rank[a] - rank[b] })
		l.mergeSlots(c, members)
	}
	n := 0
	for _, c := range l.cols {
		for _, b := range c.removed {
			n++
			p.removedNo[b] = n
		}
	}
	l.beforeLines()
	return nil
}

// matchStageIndex matches before's stages with after's as compare does:
// by ID, then each unmatched stage of before with the first unmatched
// stage of after of the same phase. It returns, per before stage, the index
// of its after stage or -1.
func matchStageIndex(before, after []journey.Stage) []int {
	ai := make(map[string]int, len(after))
	for i, s := range after {
		if _, dup := ai[s.ID]; !dup {
			ai[s.ID] = i
		}
	}
	match := make([]int, len(before))
	taken := make([]bool, len(after))
	for i, s := range before {
		match[i] = -1
		if j, ok := ai[s.ID]; ok && !taken[j] {
			match[i], taken[j] = j, true
		}
	}
	byPhase := map[journey.Phase][]int{}
	for j, s := range after {
		if !taken[j] && s.Phase != "" {
			byPhase[s.Phase] = append(byPhase[s.Phase], j)
		}
	}
	for i, s := range before {
		if q := byPhase[s.Phase]; match[i] < 0 && s.Phase != "" && len(q) > 0 {
			match[i] = q[0]
			byPhase[s.Phase] = q[1:]
		}
	}
	return match
}

// placeBeforeStages sets each column's before stage and adds a column for
// each stage only before has, after the column of the stage before it in
// the before journey (first when none), and one for before's steps of no
// known stage when after has none.
func (l *mapLayout) placeBeforeStages(match []int) {
	colOf := make(map[int]int, len(l.cols)) // after stage -> column
	for ci := range l.cols {
		l.cols[ci].before = -1
		if st := l.cols[ci].stage; st >= 0 {
			colOf[st] = ci
		}
	}
	extra := map[int][]column{} // by the column they follow; -1: first
	last := -1
	for bi, ai := range match {
		if ai >= 0 {
			last = colOf[ai]
			l.cols[last].before = bi
			continue
		}
		extra[last] = append(extra[last], column{stage: -2, before: bi})
	}
	hasUnknown := len(l.cols) > 0 && l.cols[len(l.cols)-1].stage == -1
	if len(l.diff.b.members[len(l.diff.b.j.Stages)]) > 0 && !hasUnknown {
		extra[len(l.cols)-1] = append(extra[len(l.cols)-1], column{stage: -2, before: -2})
	}
	cols := slices.Clone(extra[-1])
	for ci, c := range l.cols {
		cols = append(cols, c)
		cols = append(cols, extra[ci]...)
	}
	l.cols = cols
}

// mergeSlots lists the removed steps of a column (members: the before
// steps of its stage, in the order customers meet them) and, in step mode,
// orders the column's points: each removed step right after the step that
// came before it in the before journey.
func (l *mapLayout) mergeSlots(c *column, members []int) {
	v, p := l.v, l.diff
	pos := make(map[int]int, len(c.steps)) // after step -> position in column
	for k, s := range c.steps {
		pos[s] = k
	}
	after := map[int][]int{} // position -> removed steps after it; -1: first
	prev := -1
	for _, b := range members {
		if a, ok := v.index[p.b.j.Steps[b].ID]; ok && !p.competitor {
			if k, here := pos[a]; here {
				prev = k
			}
			continue
		}
		c.removed = append(c.removed, b)
		after[prev] = append(after[prev], b)
	}
	if p.competitor {
		return
	}
	c.slots = make([]int, 0, len(c.steps)+len(c.removed))
	for _, b := range after[-1] {
		c.slots = append(c.slots, -1-b)
	}
	for k, s := range c.steps {
		c.slots = append(c.slots, s)
		for _, b := range after[k] {
			c.slots = append(c.slots, -1-b)
		}
	}
}

// beforeLines lists the before curves, one per after line: the same
// persona's steps in the before journey (all its steps when after has no
// personas); none where before lacks the persona.
func (l *mapLayout) beforeLines() {
	b := l.diff.b
	var all []int
	for _, c := range b.members {
		all = append(all, c...)
	}
	slices.Sort(all)
	for _, pl := range l.lines {
		bl := personaLine{id: pl.id, name: pl.name, color: lighten(pl.color, 0.45)}
		switch {
		case pl.id == "":
			bl.steps = all
		case hasPersonaID(b.j, pl.id):
			for _, s := range all {
				if b.j.Steps[s].AppliesTo(pl.id) {
					bl.steps = append(bl.steps, s)
				}
			}
		}
		l.diff.lines = append(l.diff.lines, bl)
	}
}

func hasPersonaID(j *journey.Journey, id string) bool {
	return slices.ContainsFunc(j.Personas, func(p persona.Persona) bool { return p.ID == id })
}

// slotCount is the number of points a column holds on the emotion curve.
func (c *column) slotCount() int {
	if c.slots != nil {
		return len(c.slots)
	}
	return len(c.steps)
}

// placeSlots sets the x of each point of column c.
func (l *mapLayout) placeSlots(c *column) {
	if c.slots == nil {
		for k, s := range c.steps {
			l.stepX[s] = c.x + c.w*(float64(k)+0.5)/float64(len(c.steps))
		}
		return
	}
	for k, s := range c.slots {
		x := c.x + c.w*(float64(k)+0.5)/float64(len(c.slots))
		if s >= 0 {
			l.stepX[s] = x
		} else {
			l.diff.removedX[-1-s] = x
		}
	}
}

// emotionYf is the height of a (mean) emotion on the curve.
func (l *mapLayout) emotionYf(e float64) float64 {
	e = max(journey.MinEmotion, min(journey.MaxEmotion, e))
	return l.top[laneEmotions] + cellPad + (journey.MaxEmotion-e)*emotionUnit
}

// curvePoint is one point of an emotion curve.
type curvePoint struct {
	x, e  float64
	attrs []string
}

// drawCurve draws a curve through pts (sorted by x) with a point at each:
// solid for after, dashed and lighter for before.
func (l *mapLayout) drawCurve(d *canvas, pl personaLine, width float64, before bool, pts []curvePoint) {
	xy := make([]float64, 0, 2*len(pts))
	for _, p := range pts {
		xy = append(xy, p.x, l.emotionYf(p.e))
	}
	if len(xy) >= 4 {
		ln := d.line(pl.color, width, xy...)
		ln.class, ln.dash = "emotion-line", before
		if before {
			ln.class = "emotion-line before"
		}
	}
	for _, p := range pts {
		k := int(p.e+2.5) - 2 // nearest emotion, halves up
		fill := emotionColors[max(0, min(len(emotionColors)-1, k-journey.MinEmotion))]
		r, stroke := 4.5, pl.color
		class := "emotion-point"
		if before {
			fill, r, class = lighten(fill, 0.5), 4, "emotion-point before"
		}
		c := d.circle(p.x, l.emotionYf(p.e), r, fill, stroke, 2)
		c.class, c.attrs = class, p.attrs
		if before {
			c.strokeW = 1.5
		}
	}
}

// drawDiffEmotions draws the before and after curves of a comparison:
// every before curve first, lighter and dashed, so that the after curves
// lie on top.
func (l *mapLayout) drawDiffEmotions(d *canvas) {
	p := l.diff
	n := len(l.lines)
	d.open("emotions")
	for k, bl := range p.lines {
		if len(bl.steps) == 0 {
			continue
		}
		d.open("emotion before", "id", l.idPrefix()+"before-emotion-"+strconv.Itoa(k+1), "data-persona", bl.id)
		l.drawCurve(d, bl, 2, true, l.curve(p.b, bl, true))
		d.close()
	}
	for k, pl := range l.lines {
		d.open("emotion", "id", l.idPrefix()+"emotion-"+strconv.Itoa(k+1), "data-persona", pl.id)
		l.drawCurve(d, pl, 2+1.5*float64(min(n-1-k, 4)), false, l.curve(l.v, pl, false))
		d.close()
	}
	d.close()
	if p.competitor && n == 1 {
		l.stageMeans(d)
	}
}

// stageMeans writes, under each column of a competitor's map of one
// curve, the mean emotion after and before ("+1.00 / −0.50").
func (l *mapLayout) stageMeans(d *canvas) {
	after := map[float64]float64{}
	for _, p := range l.curve(l.v, l.lines[0], false) {
		after[p.x] = p.e
	}
	before := map[float64]float64{}
	for _, p := range l.curve(l.diff.b, l.diff.lines[0], true) {
		before[p.x] = p.e
	}
	mean := func(m map[float64]float64, x float64) string {
		e, ok := m[x]
		if !ok {
			return "–"
		}
		s := strconv.FormatFloat(e, 'f', 2, 64)
		switch {
		case s == "0.00" || s == "-0.00":
			return "0.00"
		case e > 0:
			return "+" + s
		}
		return "−" + s[1:]
	}
	y := l.emotionY(journey.MinEmotion) + smallSize*1.6
	d.open("stage-means")
	for _, c := range l.cols {
		x := c.x + c.w/2
		_, a := after[x]
		_, b := before[x]
		if a || b {
			d.text(x, y, mean(after, x)+" / "+mean(before, x), regular, smallSize, colMuted).anchor = anchorMiddle
		}
	}
	d.close()
}

// curve returns the points of line pl of view v: a point per step, at the
// step's x (the after step of the same ID, or the removed step's slot), in
// step mode; a point per column, at the mean emotion of the line's steps
// there, in stage mode.
func (l *mapLayout) curve(v *view, pl personaLine, before bool) []curvePoint {
	p := l.diff
	var pts []curvePoint
	if p.competitor {
		col := make(map[int]int) // step -> column
		for ci, c := range l.cols {
			for _, s := range c.steps {
				if !before {
					col[s] = ci
				}
			}
			for _, s := range c.removed {
				if before {
					col[s] = ci
				}
			}
		}
		sum := make([]float64, len(l.cols))
		cnt := make([]int, len(l.cols))
		for _, s := range pl.steps {
			if ci, ok := col[s]; ok {
				sum[ci] += float64(emotion(v.j.Steps[s].Emotion))
				cnt[ci]++
			}
		}
		for ci, c := range l.cols {
			if cnt[ci] == 0 {
				continue
			}
			m := sum[ci] / float64(cnt[ci])
			pts = append(pts, curvePoint{x: c.x + c.w/2, e: m, attrs: []string{
				"data-stage", l.colStageID(ci), "data-emotion", strconv.FormatFloat(m, 'f', 2, 64), "data-steps", strconv.Itoa(cnt[ci])}})
		}
		return pts
	}
	for _, s := range pl.steps {
		st := &v.j.Steps[s]
		var x float64
		if before {
			a, ok := l.v.index[st.ID]
			switch {
			case ok:
				x = l.stepX[a]
			case p.removedNo[s] > 0:
				x = p.removedX[s]
			default:
				continue
			}
		} else {
			x = l.stepX[s]
		}
		e := emotion(st.Emotion)
		pts = append(pts, curvePoint{x: x, e: float64(e), attrs: []string{"data-step", st.ID, "data-emotion", strconv.Itoa(e)}})
	}
	slices.SortStableFunc(pts, func(a, b curvePoint) int {
		switch {
		case a.x < b.x:
			return -1
		case a.x > b.x:
			return 1
		}
		return 0
	})
	return pts
}

// colStageID is the ID of column ci's stage: after's, else before's.
func (l *mapLayout) colStageID(ci int) string {
	c := l.cols[ci]
	switch {
	case c.stage >= 0:
		return l.v.j.Stages[c.stage].ID
	case c.before >= 0 && l.diff != nil:
		return l.diff.b.j.Stages[c.before].ID
	}
	return ""
}

// removedCell lists the steps of column ci only the before journey has, in
// a red card: their r-number, action and emotion before.
func (l *mapLayout) removedCell(c *cellCursor, ci int, w float64) {
	col := l.cols[ci]
	p := l.diff
	if p == nil || len(col.removed) == 0 {
		return
	}
	if len(col.steps) > 0 {
		c.y += itemGap
	}
	head := "REMOVED"
	if p.competitor {
		head = "IN " + journeyName(p.b.j)
	}
	card := &cellCursor{canvas: &canvas{}, m: l.m, y: 4}
	card.para(6, w-12, head, bold, smallSize, colRemoved)
	for _, b := range col.removed {
		st := &p.b.j.Steps[b]
		label := "r" + strconv.Itoa(p.removedNo[b])
		if p.competitor {
			label = "•"
		}
		ind := max(18, l.m.width(bold, smallSize, label)+10)
		card.y += 2
		card.text(6, card.y+bodySize, label, bold, smallSize, colRemoved)
		card.para(ind, w-ind-6, p.b.action(b)+" ("+signed(emotion(st.Emotion))+")", regular, bodySize, colRemoved)
	}
	box := mapItem{kind: rectItem, y: c.y, w: w, h: card.y + 5, rx: 4, fill: colRemBg, stroke: colRemoved, strokeW: 1.2, dash: true}
	c.open("removed")
	c.add(box)
	for _, b := range col.removed {
		c.open("removed-step", "data-step", p.b.j.Steps[b].ID)
		c.close()
	}
	c.place(card.canvas, 0, c.y)
	c.close()
	c.y += box.h
}

// signed writes an emotion with its sign: −2, −1, 0, +1, +2.
func signed(e int) string {
	switch {
	case e > 0:
		return "+" + strconv.Itoa(e)
	case e < 0:
		return "−" + strconv.Itoa(-e)
	}
	return "0"
}

// lighten mixes colour hex ("#rrggbb") with white: t = 0 keeps it, 1 is white.
func lighten(hex string, t float64) string {
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil || len(hex) != 7 {
		return hex
	}
	mix := func(c uint64) uint64 { return uint64(float64(c) + (255-float64(c))*t + 0.5) }
	out := mix(v>>16)<<16 | mix(v>>8&0xff)<<8 | mix(v&0xff)
	s := strconv.FormatUint(out, 16)
	for len(s) < 6 {
		s = "0" + s
	}
	return "#" + s
}

// removedStageCell heads a column of a stage only the before journey has.
func (l *mapLayout) removedStageCell(c *cellCursor, ci int, w float64) {
	col := l.cols[ci]
	p := l.diff
	title := "Steps of no known stage"
	if col.before >= 0 {
		title = p.b.stageTitle(col.before)
	}
	c.para(0, w, strconv.Itoa(ci+1)+". "+title, bold, 12, colRemoved)
	if col.before >= 0 {
		if ph := oneLine(string(p.b.j.Stages[col.before].Phase)); ph != "" {
			c.para(0, w, ph, italic, smallSize, colMuted)
		}
	}
	c.y += 2
	mark := "REMOVED STAGE"
	if p.competitor {
		mark = "ONLY IN " + journeyName(p.b.j)
	}
	l.badge(c, 0, l.m.fit(bold, smallSize-1, w-8, mark), colRemoved, colWhite)
}

// diffLegend adds the comparison's entries to the legend: each persona's
// curve after (solid) and before (dashed), new and removed steps.
func (l *mapLayout) diffLegend(f *legendFlow) {
	c, p := f.c, l.diff
	how := "per step"
	if p.competitor {
		how = "mean per stage"
		if len(l.lines) == 1 {
			how += ", written under each stage: after / before"
		}
	}
	f.heading("Emotions, −2 … +2, " + how)
	for k, pl := range l.lines {
		f.entry(22, func(x, y float64) {
			c.line(pl.color, 3, x, y+6, x+22, y+6)
			c.circle(x+11, y+6, 4.5, colWhite, pl.color, 2)
		}, pl.name+": after", regular)
		bl := p.lines[k]
		label := bl.name + ": before"
		switch {
		case bl.id != "" && !hasPersonaID(p.b.j, bl.id):
			label += " (not in that journey)"
		case len(bl.steps) == 0:
			label += " (no steps)"
		}
		f.entry(22, func(x, y float64) {
			c.line(bl.color, 2, x, y+6, x+22, y+6).dash = true
			c.circle(x+11, y+6, 4, colWhite, bl.color, 1.5)
		}, label, regular)
	}
	if !p.competitor {
		f.entry(18, func(x, y float64) {
			r := c.rect(x, y, 18, 12, colCard, colAdded, 2)
			r.rx = 2
		}, "NEW: a step only after has", regular)
		f.entry(18, func(x, y float64) {
			r := c.rect(x, y, 18, 12, colRemBg, colRemoved, 1.2)
			r.rx, r.dash = 2, true
		}, "REMOVED r1, r2, …: a step only before has", regular)
	}
}

// journeyName is j's name on one line, else its ID.
func journeyName(j *journey.Journey) string {
	if n := oneLine(j.Name); n != "" {
		return n
	}
	return oneLine(j.ID)
}
