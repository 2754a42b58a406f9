package render

import (
	"slices"
	"strconv"

	"github.com/journeymap/journeymap/journey"
)

// Sizes of the map, in pixels.
const (
	mapMargin   = 16.0
	labelColW   = 92.0 // the lane names' column
	cellPad     = 8.0
	itemGap     = 6.0
	bodySize    = 11.0
	smallSize   = 9.5
	lineFactor  = 1.3 // line height over font size
	stepSlot    = 16.0
	emotionUnit = 22.0 // pixels per emotion level
	minLaneH    = 28.0
)

// Lanes of the map, top to bottom.
const (
	laneStage = iota
	laneActions
	laneTouchpoints
	laneThoughts
	laneEmotions
	laneBarriers
	laneOpportunities
	laneCount
)

var laneNames = [laneCount]string{"Stage", "Actions", "Touchpoints", "Thoughts", "Emotions", "Barriers", "Opportunities"}
var laneClasses = [laneCount]string{"lane-stage", "lane-actions", "lane-touchpoints", "lane-thoughts", "lane-emotions", "lane-barriers", "lane-opportunities"}

// column is one stage of the map.
type column struct {
	stage int   // index in the journey's stages; -1 for steps of no known stage
	steps []int // the stage's steps in the order customers meet them
	x, w  float64
	// Of a comparison (MapOptions.Before): before is the index of the
	// before journey's stage drawn in this column (-1 none, -2 before's
	// steps of no known stage); a column only before has has stage -2.
	// removed are the before steps only before has, listed here; slots
	// orders the points of the curves in step mode: after step i as i,
	// removed step b as -1-b (nil: the steps).
	before  int
	removed []int
	slots   []int
}

// personaLine is one persona's emotion line.
type personaLine struct {
	id, name, color string
	steps           []int // in map order
}

// findingSets are MapFindings as lookups.
type findingSets struct {
	critical, deadEnd, unreachable        map[string]bool
	unreachStage, silentStage, emptyStage map[string]bool
	reach                                 map[string]float64
	conversion                            *float64
}

// mapLayout lays one map out.
type mapLayout struct {
	v      *view
	m      *measurer
	opts   MapOptions
	f      findingSets
	cols   []column
	number []int // per step index: its number on the map, from 1; 0 if not drawn
	lines  []personaLine
	// stepX is the x of each drawn step's point on the emotion curve.
	stepX []float64
	top   [laneCount + 1]float64 // each lane's top; top[laneCount] is the grid's bottom
	width float64
	// diff is the comparison with MapOptions.Before, or nil.
	diff *diffPlan
}

// layoutMap lays j out as a map and draws it.
func layoutMap(j *journey.Journey, opts MapOptions) (*mapDrawing, error) {
	l, err := planMap(j, opts)
	if err != nil {
		return nil, err
	}
	return l.draw(), nil
}

// planMap orders j's steps into columns and sizes them.
func planMap(j *journey.Journey, opts MapOptions) (*mapLayout, error) {
	v, err := newView(j, Options{Persona: opts.Persona})
	if err != nil {
		return nil, err
	}
	if err := checkSize(j, opts); err != nil {
		return nil, err
	}
	fonts, err := fontsFor(opts)
	if err != nil {
		return nil, journey.Problems{{Code: CodeMapFont, Message: "MapOptions.Font is not a TrueType font: " + err.Error()}}
	}
	l := &mapLayout{v: v, m: newMeasurer(fonts), opts: opts, f: findingsOf(opts.Findings)}
	l.columns()
	l.personaLines()
	if opts.Before != nil {
		if err := l.planDiff(opts.Before); err != nil {
			return nil, err
		}
	}
	l.widths()
	return l, nil
}

func findingsOf(mf *MapFindings) findingSets {
	if mf == nil {
		return findingSets{}
	}
	return findingSets{
		critical: set(mf.Critical), deadEnd: set(mf.DeadEnds), unreachable: set(mf.Unreachable),
		unreachStage: set(mf.UnreachableStages), silentStage: set(mf.SilentStages), emptyStage: set(mf.EmptyStages),
		reach: mf.StageReach, conversion: mf.Conversion,
	}
}

// meetOrder ranks the drawn steps in the order customers meet them: a
// breadth-first search from the entries, in the order of the entries and
// of the transitions; steps no entry leads to come last, in journey order.
func (l *mapLayout) meetOrder() []int {
	v := l.v
	n := len(v.j.Steps)
	rank := make([]int, n)
	for i := range rank {
		rank[i] = -1
	}
	out := make([][]int, n)
	for _, t := range v.j.Transitions {
		if from, to, ok := v.edge(t); ok {
			out[from] = append(out[from], to)
		}
	}
	next := 0
	queue := make([]int, 0, n)
	for _, e := range v.j.Entries {
		if i, ok := v.index[e]; ok && rank[i] < 0 {
			rank[i] = next
			next++
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, k := range out[i] {
			if rank[k] < 0 {
				rank[k] = next
				next++
				queue = append(queue, k)
			}
		}
	}
	for i := range rank {
		if rank[i] < 0 {
			rank[i] = next + i
		}
	}
	return rank
}

// columns orders the stages' steps and numbers them.
func (l *mapLayout) columns() {
	v := l.v
	rank := l.meetOrder()
	byRank := func(a, b int) int { return rank[a] - rank[b] }
	for i := range v.j.Stages {
		steps := slices.Clone(v.members[i])
		slices.SortStableFunc(steps, byRank)
		l.cols = append(l.cols, column{stage: i, steps: steps})
	}
	if extra := v.members[len(v.j.Stages)]; len(extra) > 0 {
		steps := slices.Clone(extra)
		slices.SortStableFunc(steps, byRank)
		l.cols = append(l.cols, column{stage: -1, steps: steps})
	}
	l.number = make([]int, len(v.j.Steps))
	n := 0
	for _, c := range l.cols {
		for _, s := range c.steps {
			n++
			l.number[s] = n
		}
	}
}

// personaLines lists the emotion lines: one per persona (only the drawn
// persona's with MapOptions.Persona), or one for all customers when the
// journey has no personas.
func (l *mapLayout) personaLines() {
	v := l.v
	var order []int
	for _, c := range l.cols {
		order = append(order, c.steps...)
	}
	seen := map[string]bool{}
	for _, p := range v.j.Personas {
		if seen[p.ID] || v.persona != "" && p.ID != v.persona {
			continue
		}
		seen[p.ID] = true
		pl := personaLine{id: p.ID, name: v.personaName[p.ID], color: personaColor(len(l.lines))}
		if pl.name == "" {
			pl.name = "persona " + strconv.Itoa(len(l.lines)+1)
		}
		for _, s := range order {
			if v.j.Steps[s].AppliesTo(p.ID) {
				pl.steps = append(pl.steps, s)
			}
		}
		l.lines = append(l.lines, pl)
	}
	if len(l.lines) == 0 {
		l.lines = []personaLine{{name: "All customers", color: personaColor(0), steps: order}}
	}
}

// widths sizes the columns: the width is shared out among the stages, no
// column narrower than MinMapColumn, and a stage with many steps gets room
// for a point per step on the emotion curve.
func (l *mapLayout) widths() {
	target := l.opts.Width
	if target <= 0 {
		target = DefaultMapWidth
	}
	// Room for each step's point and its number under the curve.
	label := strconv.Itoa(len(l.v.j.Steps))
	if l.diff != nil {
		label = max(label, "r"+strconv.Itoa(len(l.diff.b.j.Steps)))
	}
	slot := max(stepSlot, l.m.width(regular, smallSize, label)+6)
	need := make([]float64, len(l.cols))
	for i, c := range l.cols {
		need[i] = max(MinMapColumn, float64(c.slotCount())*slot+2*cellPad)
	}
	base := shareWidth(target-2*mapMargin-labelColW, need)
	x := mapMargin + labelColW
	l.stepX = make([]float64, len(l.v.j.Steps))
	for i := range l.cols {
		c := &l.cols[i]
		c.w = max(base, need[i])
		c.x = x
		l.placeSlots(c)
		x += c.w
	}
	l.width = max(x+mapMargin, min(target, 2*mapMargin+labelColW+float64(MinMapColumn)))
}

// shareWidth returns the width of the columns that need no more than
// their share, when avail is shared among columns that need at least need:
// the largest base, at most MaxMapColumn, with the sum of max(base, need[i])
// no more than avail (but never below MinMapColumn).
func shareWidth(avail float64, need []float64) float64 {
	if len(need) == 0 {
		return MinMapColumn
	}
	base := avail / float64(len(need))
	for range need {
		rest, n := avail, 0
		for _, w := range need {
			if w > base {
				rest -= w
			} else {
				n++
			}
		}
		if n == 0 {
			break
		}
		next := rest / float64(n)
		if next >= base {
			break
		}
		base = next
	}
	return max(MinMapColumn, min(MaxMapColumn, base))
}

// idPrefix starts every id of the map: MapOptions.IDPrefix, else "map-".
func (l *mapLayout) idPrefix() string {
	if l.opts.IDPrefix != "" {
		return l.opts.IDPrefix
	}
	return "map-"
}

// emotionY is the height of emotion e on the curve, in the emotion lane.
func (l *mapLayout) emotionY(e int) float64 {
	return l.top[laneEmotions] + cellPad + float64(journey.MaxEmotion-emotion(e))*emotionUnit
}

// draw lays out the lanes and draws everything.
func (l *mapLayout) draw() *mapDrawing {
	var title canvas
	titleH := l.titleBlock(&title, l.width-2*mapMargin)

	// Every cell, laid out at (0, 0) in its column's width.
	cells := make([][]*canvas, laneCount)
	y := mapMargin + titleH + itemGap*2
	for lane := range laneCount {
		h := minLaneH
		if lane == laneEmotions {
			h = 2*cellPad + float64(journey.MaxEmotion-journey.MinEmotion)*emotionUnit + smallSize*2
		} else {
			cells[lane] = make([]*canvas, len(l.cols))
			for ci := range l.cols {
				c, ch := l.cell(lane, ci)
				cells[lane][ci] = c
				h = max(h, ch+2*cellPad)
			}
		}
		l.top[lane] = y
		y += h
	}
	l.top[laneCount] = y

	var d canvas
	d.rect(0, 0, l.width, 0, colWhite, "", 0) // height set below
	d.place(&title, mapMargin, mapMargin)
	l.drawLanes(&d)
	for ci := range l.cols {
		l.drawColumn(&d, ci, cells)
	}
	l.drawEmotions(&d)
	h := y
	if !l.opts.NoLegend {
		var legend canvas
		lh := l.legend(&legend, l.width-2*mapMargin)
		d.place(&legend, mapMargin, y+itemGap*2)
		h = y + itemGap*2 + lh
	}
	h += mapMargin
	d.items[0].h = h
	for i := range d.items {
		if it := &d.items[i]; it.kind == textItem {
			it.w = l.m.width(it.style, it.size, it.text)
		}
	}
	return &mapDrawing{w: l.width, h: h, items: d.items, title: l.v.title()}
}

// titleBlock draws the journey's name, purpose and the persona it is drawn
// for, and returns its height.
func (l *mapLayout) titleBlock(c *canvas, w float64) float64 {
	cc := cellCursor{canvas: c, m: l.m}
	cc.para(0, w, l.v.title(), bold, 18, colText)
	if p := l.v.j.Purpose; p != "" {
		cc.y += 2
		cc.para(0, w, "Purpose: "+oneLine(p), regular, 12, colMuted)
	}
	if l.diff != nil {
		cc.y += 2
		cc.para(0, w, "Before (dashed): "+journeyName(l.diff.b.j)+" · after (solid): "+journeyName(l.v.j), bold, 12, colMuted)
	}
	if conv := l.f.conversion; conv != nil {
		cc.y += 2
		cc.para(0, w, "Conversion from entry to goal: "+formatShare(*conv), bold, 12, colText)
	}
	return cc.y
}

// drawLanes draws the lanes' backgrounds, names and the grid lines.
func (l *mapLayout) drawLanes(d *canvas) {
	right := l.width - mapMargin
	d.open("lanes")
	for lane := range laneCount {
		top, bottom := l.top[lane], l.top[lane+1]
		fill := colWhite
		switch {
		case lane == laneStage:
			fill = colHeader
		case lane%2 == 0:
			fill = colLaneAlt
		}
		d.rect(mapMargin, top, right-mapMargin, bottom-top, fill, "", 0).class = "lane " + laneClasses[lane]
		cc := cellCursor{canvas: d, m: l.m, y: top + cellPad}
		cc.para(mapMargin+cellPad/2, labelColW-cellPad, laneNames[lane], bold, bodySize, colText)
		d.line(colGrid, 1, mapMargin, top, right, top)
	}
	d.line(colGrid, 1, mapMargin, l.top[laneCount], right, l.top[laneCount])
	d.close()
}

// drawColumn draws one stage's cells in a group.
func (l *mapLayout) drawColumn(d *canvas, ci int, cells [][]*canvas) {
	c := l.cols[ci]
	id := l.colStageID(ci)
	class := "stage"
	if l.f.silentStage[id] && c.stage >= 0 {
		class += " silent"
	}
	if c.stage == -2 {
		class += " removed"
	}
	d.open(class, "id", l.idPrefix()+"stage-"+strconv.Itoa(ci+1), "data-stage", id)
	d.line(colGrid, 1, c.x, l.top[0], c.x, l.top[laneCount])
	for lane := range laneCount {
		if cells[lane] != nil {
			d.place(cells[lane][ci], c.x+cellPad, l.top[lane]+cellPad)
		}
	}
	d.close()
}

// drawEmotions draws the emotion lane's scale, the step numbers and one
// line per persona with a point at each of its steps.
func (l *mapLayout) drawEmotions(d *canvas) {
	right := l.width - mapMargin
	d.open("emotion-scale")
	for e := journey.MinEmotion; e <= journey.MaxEmotion; e++ {
		y := l.emotionY(e)
		w := 0.5
		if e == 0 {
			w = 1.2
		}
		d.line(colGrid, w, mapMargin+labelColW, y, right, y)
		label := strconv.Itoa(e)
		if e > 0 {
			label = "+" + label
		} else if e < 0 {
			label = "−" + strconv.Itoa(-e)
		}
		d.text(mapMargin+labelColW-cellPad, y+smallSize*0.35, label, regular, smallSize, colMuted).anchor = anchorEnd
	}
	base := l.emotionY(journey.MinEmotion) + smallSize*1.6
	for _, c := range l.cols {
		if l.diff != nil && l.diff.competitor {
			break
		}
		for _, s := range c.steps {
			d.text(l.stepX[s], base, strconv.Itoa(l.number[s]), regular, smallSize, colMuted).anchor = anchorMiddle
		}
		if l.diff != nil {
			for _, b := range c.removed {
				d.text(l.diff.removedX[b], base, "r"+strconv.Itoa(l.diff.removedNo[b]), regular, smallSize, colRemoved).anchor = anchorMiddle
			}
		}
	}
	d.close()
	if l.diff != nil {
		l.drawDiffEmotions(d)
		return
	}

	d.open("emotions")
	n := len(l.lines)
	for k, pl := range l.lines {
		d.open("emotion", "id", l.idPrefix()+"emotion-"+strconv.Itoa(k+1), "data-persona", pl.id)
		width := 2 + 1.5*float64(min(n-1-k, 4))
		pts := make([]float64, 0, 2*len(pl.steps))
		for _, s := range pl.steps {
			pts = append(pts, l.stepX[s], l.emotionY(l.v.j.Steps[s].Emotion))
		}
		if len(pts) >= 4 {
			d.line(pl.color, width, pts...).class = "emotion-line"
		}
		for _, s := range pl.steps {
			e := emotion(l.v.j.Steps[s].Emotion)
			p := d.circle(l.stepX[s], l.emotionY(e), 4.5, emotionColors[e-journey.MinEmotion], pl.color, 2)
			p.class = "emotion-point"
			p.attrs = []string{"data-step", l.v.j.Steps[s].ID, "data-emotion", strconv.Itoa(emotion(l.v.j.Steps[s].Emotion))}
		}
		d.close()
	}
	d.close()
}

// emotionColors fill the emotion points, from −2 to +2.
var emotionColors = [journey.MaxEmotion - journey.MinEmotion + 1]string{"#d64545", "#f08c4a", "#c3cad2", "#8fd18f", "#2e9e4f"}

// formatShare writes a share in [0, 1] as a percentage.
func formatShare(p float64) string {
	if p != p || p < 0 {
		p = 0
	}
	return strconv.FormatFloat(p*100, 'f', 1, 64) + "%"
}
