package render

// This file holds the map's drawing: a list of plain shapes in map pixels,
// which the SVG and the PNG writers both draw, so that they agree.

// itemKind is the kind of a mapItem.
type itemKind uint8

const (
	groupOpen itemKind = iota
	groupClose
	rectItem
	circleItem
	lineItem // a polyline through pts
	textItem
)

// anchor is where a text item's x lies on its line.
type anchor uint8

const (
	anchorStart anchor = iota
	anchorMiddle
	anchorEnd
)

// mapItem is one shape. Coordinates are map pixels, y downwards; a text's y
// is its baseline.
type mapItem struct {
	kind       itemKind
	x, y, w, h float64 // rect; circle: centre (x, y), radius w; text: its width
	rx         float64 // rect corner radius
	pts        []float64
	fill       string // "#rrggbb", or "" for none
	stroke     string
	strokeW    float64
	dash       bool
	text       string // clean text of one line
	style      fontStyle
	size       float64
	anchor     anchor
	// class and attrs are written to the SVG element (attrs as name, value
	// pairs, values unescaped); the PNG ignores them.
	class string
	attrs []string
}

// mapDrawing is the whole map.
type mapDrawing struct {
	w, h  float64
	items []mapItem
	// title is the journey's title, for the SVG's <title>.
	title string
}

// canvas collects items, shifted by an offset, so that a cell can be laid
// out at (0, 0) and placed later.
type canvas struct {
	items []mapItem
}

func (c *canvas) add(it mapItem) { c.items = append(c.items, it) }

func (c *canvas) rect(x, y, w, h float64, fill, stroke string, strokeW float64) *mapItem {
	c.add(mapItem{kind: rectItem, x: x, y: y, w: w, h: h, fill: fill, stroke: stroke, strokeW: strokeW})
	return &c.items[len(c.items)-1]
}

func (c *canvas) circle(x, y, r float64, fill, stroke string, strokeW float64) *mapItem {
	c.add(mapItem{kind: circleItem, x: x, y: y, w: r, fill: fill, stroke: stroke, strokeW: strokeW})
	return &c.items[len(c.items)-1]
}

func (c *canvas) line(stroke string, strokeW float64, pts ...float64) *mapItem {
	c.add(mapItem{kind: lineItem, pts: pts, stroke: stroke, strokeW: strokeW})
	return &c.items[len(c.items)-1]
}

func (c *canvas) text(x, y float64, s string, st fontStyle, size float64, fill string) *mapItem {
	c.add(mapItem{kind: textItem, x: x, y: y, text: s, style: st, size: size, fill: fill})
	return &c.items[len(c.items)-1]
}

func (c *canvas) open(class string, attrs ...string) {
	c.add(mapItem{kind: groupOpen, class: class, attrs: attrs})
}

func (c *canvas) close() { c.add(mapItem{kind: groupClose}) }

// place appends the items of cell, shifted by (dx, dy).
func (c *canvas) place(cell *canvas, dx, dy float64) {
	for _, it := range cell.items {
		it.x += dx
		it.y += dy
		if len(it.pts) > 0 {
			pts := make([]float64, len(it.pts))
			for i, p := range it.pts {
				if i%2 == 0 {
					pts[i] = p + dx
				} else {
					pts[i] = p + dy
				}
			}
			it.pts = pts
		}
		c.items = append(c.items, it)
	}
}

// Colours of the map.
const (
	colText       = "#1f2933"
	colMuted      = "#616e7c"
	colGrid       = "#d3d8de"
	colLaneAlt    = "#f6f7f9"
	colHeader     = "#e9eef5"
	colCard       = "#ffffff"
	colCardLine   = "#b8c1cc"
	colCritical   = "#c0392b"
	colDeadEnd    = "#d35400"
	colUnreach    = "#8a949e"
	colUnreachBg  = "#eceef0"
	colOpportune  = "#1e8e3e"
	colTouchpoint = "#34495e"
	colReach      = "#4a90d9"
	colWhite      = "#ffffff"
)

// personaColors are the emotion lines' colours, by persona index.
var personaColors = []string{"#2563eb", "#9333ea", "#0d9488", "#db2777", "#a16207", "#4f46e5", "#059669", "#7c2d12"}

func personaColor(i int) string { return personaColors[i%len(personaColors)] }

// severityFill is the fill of a barrier's severity pill and the colour of
// its text.
func severityFill(rank int) (fill, text string) {
	switch rank {
	case 1:
		return "#f6d55c", colText
	case 2:
		return "#f0a04b", colText
	case 3:
		return "#e03e3e", colWhite
	case 4:
		return "#7a1010", colWhite
	}
	return "#b8c1cc", colText
}
