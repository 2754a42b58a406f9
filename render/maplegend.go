package render

import "github.com/journeymap/journeymap/touchpoint"

// legendFlow places legend entries left to right, wrapping into rows.
type legendFlow struct {
	c    *canvas
	l    *mapLayout
	w    float64
	x, y float64
}

const legendRow = 20.0

// entry reserves width for an entry of a mark (markW wide, drawn by mark
// at its top left) and a label, and draws them.
func (f *legendFlow) entry(markW float64, mark func(x, y float64), label string, st fontStyle) {
	tw := f.l.m.width(st, smallSize, label)
	if room := f.w - markW - 4; tw > room {
		label = f.l.m.fit(st, smallSize, room, label)
		tw = f.l.m.width(st, smallSize, label)
	}
	need := markW + 4 + tw + 14
	if f.x > 0 && f.x+need > f.w {
		f.x = 0
		f.y += legendRow
	}
	if mark != nil {
		mark(f.x, f.y+3)
	}
	f.c.text(f.x+markW+4, f.y+3+smallSize, label, st, smallSize, colText)
	f.x += need
}

// heading starts a group of entries on a new row.
func (f *legendFlow) heading(label string) {
	if f.x > 0 {
		f.x = 0
		f.y += legendRow
	}
	f.entry(0, nil, label, bold)
}

// legend draws the legend in width w and returns its height.
func (l *mapLayout) legend(c *canvas, w float64) float64 {
	c.open("legend")
	defer c.close()
	f := &legendFlow{c: c, l: l, w: w}
	if l.diff != nil {
		l.diffLegend(f)
	} else {
		f.heading("Emotions, −2 … +2")
		for _, pl := range l.lines {
			label := pl.name
			if len(pl.steps) == 0 {
				label += " (no steps)"
			}
			f.entry(22, func(x, y float64) {
				c.line(pl.color, 3, x, y+6, x+22, y+6)
				c.circle(x+11, y+6, 4.5, colWhite, pl.color, 2)
			}, label, regular)
		}
	}
	f.entry(5*11, func(x, y float64) {
		for k, col := range emotionColors {
			c.circle(x+5+float64(k)*11, y+6, 4.5, col, colMuted, 1)
		}
	}, "points: −2 … +2", regular)
	f.heading("Touchpoints")
	glyph := func(mode touchpoint.Mode, ctl touchpoint.Control) func(x, y float64) {
		return func(x, y float64) { touchpointGlyph(c, x, y+1, &touchpoint.Touchpoint{Mode: mode, Control: ctl}) }
	}
	f.entry(10, glyph(touchpoint.Online, touchpoint.Direct), "online", regular)
	f.entry(10, glyph(touchpoint.Offline, touchpoint.Direct), "offline", regular)
	f.entry(10, glyph(touchpoint.Online, touchpoint.Direct), "filled: direct (the brand's own)", regular)
	f.entry(10, glyph(touchpoint.Online, touchpoint.Indirect), "hollow: indirect (reviews, word of mouth)", regular)
	f.entry(7*touchpoint.MaxImportance, func(x, y float64) {
		for p := range touchpoint.MaxImportance {
			fill := colWhite
			if p < 3 {
				fill = colTouchpoint
			}
			c.circle(x+3+float64(p)*7, y+6, 2.6, fill, colTouchpoint, 0.8)
		}
	}, "importance (3 of 5)", regular)
	f.heading("Barriers")
	for rank, name := range []string{"LOW", "MEDIUM", "HIGH", "BLOCKER"} {
		fill, color := severityFill(rank + 1)
		bw := l.m.width(bold, smallSize-1, name) + 8
		f.entry(bw, func(x, y float64) {
			c.rect(x, y, bw, smallSize+4, fill, "", 0).rx = 3
			c.text(x+4, y+smallSize+0.5, name, bold, smallSize-1, color)
		}, "", regular)
	}
	if l.opts.Findings != nil {
		f.heading("Findings")
		card := func(stroke string, dash bool, fill string) func(x, y float64) {
			return func(x, y float64) {
				r := c.rect(x, y, 18, 12, fill, stroke, 2)
				r.rx, r.dash = 2, dash
			}
		}
		f.entry(18, card(colCritical, false, colCard), "critical: on every path to the goal", regular)
		f.entry(18, card(colDeadEnd, false, colCard), "dead end: no way on to a goal", regular)
		f.entry(18, card(colUnreach, true, colUnreachBg), "unreachable: no entry leads here", regular)
		f.entry(0, nil, "BRAND SILENT: a stage without a touchpoint", regular)
	}
	return f.y + legendRow
}
