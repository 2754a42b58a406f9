package graphviz

import (
	"bytes"
	"context"
	"image/png"
	"math"
	"strconv"
	"strings"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"github.com/journeymap/journeymap/internal/gographviz/cgraph"
	"github.com/journeymap/journeymap/internal/gographviz/gvc"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/gomonobolditalic"
	"golang.org/x/image/font/gofont/gomonoitalic"
	"golang.org/x/image/font/gofont/goregular"

	gv "github.com/journeymap/journeymap/internal/gographviz"
)

// newGraphviz starts a Graphviz runtime whose "png" output is drawn by pr.
func newGraphviz(ctx context.Context, pr *pngRenderer) (*gv.Graphviz, error) {
	render, err := gvc.NewRenderPlugin(ctx, "png", pr)
	if err != nil {
		return nil, err
	}
	device, err := gvc.PNGDevicePlugin(ctx)
	if err != nil {
		return nil, err
	}
	return gv.NewWithPlugins(ctx, render, device)
}

// pngRenderer is a Graphviz render engine that draws into an RGBA canvas
// with fogleman/gg and encodes it as PNG. Unlike go-graphviz's stock image
// renderer it strokes every shape with the pen (colour, width, dash) after
// filling it, as Graphviz's own renderers do, and fits text into the width
// Graphviz laid out for it.
//
// Graphviz calls it with the Graphviz runtime's mutex held, so it needs no
// locking of its own. It keeps no state between renders except font faces.
type pngRenderer struct {
	*gvc.DefaultRenderEngine

	dc       *gg.Context
	sx, sy   float64 // device pixels per point
	tx, ty   float64 // translation, in points
	rotated  bool    // the drawing is turned by 90° (landscape)
	tooLarge *ImageTooLargeError
	out      bytes.Buffer // the PNG of the last page

	// Drawing state, to decide what to fill (see fills).
	nodeFilled bool   // the current node's fill has been drawn
	labels     []bool // labels being drawn, innermost last: true for HTML
	htmlDepth  int    // how many of labels are HTML
	// The current edge: whether its tail and head arrowheads are drawn and
	// open, and the ends of its last curve (device pixels).
	tailDrawn, tailOpen, headDrawn, headOpen bool
	curveStart, curveEnd                     [2]float64

	fonts [8]*truetype.Font // by fontIndex
	faces map[faceKey]font.Face
}

func newPNGRenderer() *pngRenderer {
	return &pngRenderer{DefaultRenderEngine: new(gvc.DefaultRenderEngine)}
}

// reset forgets the outcome of the previous render.
func (r *pngRenderer) reset() {
	r.dc = nil
	r.tooLarge = nil
	r.out = bytes.Buffer{}
	r.nodeFilled = false
	r.tailDrawn, r.tailOpen, r.headDrawn, r.headOpen = false, false, false, false
	r.labels, r.htmlDepth = r.labels[:0], 0
}

// err returns the error of the last render, if the renderer refused it.
func (r *pngRenderer) err() error {
	if r.tooLarge != nil {
		return r.tooLarge
	}
	return nil
}

// BeginPage allocates the canvas, or refuses one larger than MaxPNGSide.
func (r *pngRenderer) BeginPage(_ context.Context, job *gvc.Job) error {
	r.dc = nil
	w, h := job.Width(), job.Height()
	if w > MaxPNGSide || h > MaxPNGSide || w == 0 || h == 0 {
		r.tooLarge = &ImageTooLargeError{Width: int(min(w, math.MaxInt32)), Height: int(min(h, math.MaxInt32)), Max: MaxPNGSide}
		return nil
	}
	scale := job.Scale()
	r.sx, r.sy = scale.X(), scale.Y()
	t := job.Translation()
	r.tx, r.ty = t.X(), t.Y()
	r.rotated = false
	if o := job.Object(); o != nil {
		r.rotated = landscape(o.Graph())
	}
	r.dc = gg.NewContext(int(w), int(h))
	return nil
}

// EndPage encodes the canvas as PNG into r.out. The picture is not handed
// back to Graphviz as the job's output data: go-graphviz would copy it into
// WebAssembly memory and never free it, and that memory never shrinks.
func (r *pngRenderer) EndPage(context.Context, *gvc.Job) error {
	if r.dc == nil {
		return nil
	}
	r.out.Reset()
	if err := png.Encode(&r.out, r.dc.Image()); err != nil {
		return err
	}
	r.dc = nil
	return nil
}

// The kinds of primitive that fills tells apart.
const (
	closedShape = iota // polygon or ellipse
	curve              // Bézier curve: closed for rounded shapes, open for edges
)

// fills reports whether a primitive is to be filled before it is stroked.
//
// go-graphviz v0.2.10 cannot tell us: the filled flag of its callbacks is
// always true (its bridge reads a 32-bit WebAssembly argument as 64 bits,
// garbage included, and tests it against zero). So we infer it from the
// object being drawn, following Graphviz's emit.c, shapes.c and arrows.c:
//   - a primitive drawn with an invisible pen is only ever a fill (the page
//     background, HTML table cells, tapered edges, filled plaintext nodes);
//   - inside an HTML label everything else is a border;
//   - a node or cluster is filled when its style is filled, and a node only
//     once: its outer peripheries are drawn unfilled around the first;
//   - an edge's Bézier curves are lines; its polygons and ellipses are
//     arrowheads, filled unless the arrowhead is open. Graphviz draws the
//     tail's arrowhead at the start of the edge's curve and the head's at
//     its end, so when both are drawn the nearer end says which it is.
func (r *pngRenderer) fills(o *gvc.ObjectState, pen pen, kind int, p [][2]float64) bool {
	if !pen.visible() {
		return true
	}
	if r.htmlDepth > 0 {
		return false
	}
	switch int32(o.Type()) {
	case int32(gvc.ClusterObjectType):
		return o.Fill() != gvc.FillNone
	case int32(gvc.NodeObjectType):
		if r.nodeFilled || o.Fill() == gvc.FillNone {
			return false
		}
		r.nodeFilled = true
		return true
	case int32(gvc.EdgeObjectType):
		return kind == closedShape && !r.arrowOpen(p)
	}
	return false
}

// BeginNode notes that a node's primitives follow.
func (r *pngRenderer) BeginNode(context.Context, *gvc.Job) error {
	r.nodeFilled = false
	return nil
}

// EndNode notes the end of a node.
func (r *pngRenderer) EndNode(context.Context, *gvc.Job) error {
	r.nodeFilled = false
	return nil
}

// BeginLabel notes the start of a label, to know when HTML is drawn.
func (r *pngRenderer) BeginLabel(_ context.Context, _ *gvc.Job, t gvc.LabelType) error {
	// Compare 32 bits only: go-graphviz passes 32-bit values with garbage above.
	html := int32(t) == int32(gvc.LabelHTML)
	r.labels = append(r.labels, html)
	if html {
		r.htmlDepth++
	}
	return nil
}

// EndLabel notes the end of the innermost label.
func (r *pngRenderer) EndLabel(context.Context, *gvc.Job) error {
	if n := len(r.labels); n > 0 {
		if r.labels[n-1] {
			r.htmlDepth--
		}
		r.labels = r.labels[:n-1]
	}
	return nil
}

// BeginEdge reads which of the edge's arrowheads are drawn and which are
// open.
func (r *pngRenderer) BeginEdge(_ context.Context, job *gvc.Job) error {
	r.tailDrawn, r.tailOpen, r.headDrawn, r.headOpen = false, false, false, false
	e := job.Object().Edge()
	if e == nil {
		return nil
	}
	switch strings.TrimSpace(e.GetStr("dir")) {
	case "back":
		r.tailDrawn = true
	case "both":
		r.tailDrawn, r.headDrawn = true, true
	case "none":
	default:
		r.headDrawn = true
	}
	r.tailOpen = arrowOpen(e.GetStr("arrowtail"))
	r.headOpen = arrowOpen(e.GetStr("arrowhead"))
	return nil
}

// arrowOpen reports whether the arrowhead drawn with points p is open.
func (r *pngRenderer) arrowOpen(p [][2]float64) bool {
	switch {
	case r.tailDrawn && !r.headDrawn:
		return r.tailOpen
	case r.headDrawn && !r.tailDrawn:
		return r.headOpen
	case r.tailOpen == r.headOpen:
		return r.tailOpen
	}
	var cx, cy float64
	for _, q := range p {
		cx += q[0]
		cy += q[1]
	}
	cx /= float64(len(p))
	cy /= float64(len(p))
	ds := math.Hypot(cx-r.curveStart[0], cy-r.curveStart[1])
	de := math.Hypot(cx-r.curveEnd[0], cy-r.curveEnd[1])
	if ds < de {
		return r.tailOpen
	}
	return r.headOpen
}

// arrowOpen reports whether every shape of a Graphviz arrow name ("onormal",
// "odotnormal", "empty") is open, that is drawn without fill.
func arrowOpen(name string) bool {
	switch name = strings.ToLower(strings.TrimSpace(name)); name {
	case "":
		return false // normal
	case "empty", "invempty", "ediamond", "invodot":
		return true
	case "open", "halfopen", "invdot", "none":
		return false
	}
	// No shape name starts with a modifier letter (o, l, r).
	shapes := []string{"normal", "inv", "dot", "box", "crow", "diamond", "tee", "vee", "curve", "icurve", "none"}
	seen := false
	for name != "" {
		open := false
		for len(name) > 0 && (name[0] == 'o' || name[0] == 'l' || name[0] == 'r') {
			open = open || name[0] == 'o'
			name = name[1:]
		}
		matched := false
		for _, s := range shapes {
			if strings.HasPrefix(name, s) {
				name = name[len(s):]
				matched = true
				break
			}
		}
		if !matched {
			return false // not an arrow name Graphviz knows: it draws normal
		}
		if !open {
			return false
		}
		seen = true
	}
	return seen
}

// pt converts a point in Graphviz coordinates to device pixels.
//
// Graphviz hands us points in graph coordinates (y up) and expects us to
// apply the job's translation, rotation and scale, as its Cairo renderer
// does: scale(sx, sy) · rotate(-rotation) · translate(tx, -ty) · (x, -y).
func (r *pngRenderer) pt(p *gvc.PointFloat) (float64, float64) {
	u, v := p.X()+r.tx, -(p.Y() + r.ty)
	if r.rotated { // rotate by -90°: (u, v) → (v, -u)
		u, v = v, -u
	}
	return r.sx * u, r.sy * v
}

// landscape reports whether Graphviz draws g rotated by 90°, by its rules
// (rotate=90, else orientation=l..., else landscape=true).
func landscape(g *cgraph.Graph) bool {
	if g == nil {
		return false
	}
	if p := strings.TrimSpace(g.GetStr("rotate")); p != "" {
		n, _ := strconv.Atoi(p)
		return n == 90
	}
	if p := strings.TrimSpace(g.GetStr("orientation")); p != "" {
		return p[0] == 'l' || p[0] == 'L'
	}
	switch p := strings.ToLower(strings.TrimSpace(g.GetStr("landscape"))); p {
	case "true", "yes":
		return true
	default:
		n, _ := strconv.Atoi(p)
		return n != 0
	}
}

// rgba returns a Graphviz colour's components, 0 to 255.
func rgba(c *gvc.Color) [4]uint {
	if c == nil {
		return [4]uint{0, 0, 0, 255}
	}
	return c.RGBAUint()
}

func setColor(dc *gg.Context, c [4]uint) {
	dc.SetRGBA255(int(c[0]), int(c[1]), int(c[2]), int(c[3]))
}

// pen is the pen of the object being drawn. go-graphviz reads every field
// through a call into WebAssembly, which costs an allocation: read each once.
type pen struct {
	style gvc.PenType
	color [4]uint
	width float64 // in points
}

func readPen(o *gvc.ObjectState) pen {
	p := pen{style: o.Pen()}
	if p.style != gvc.PenNone {
		p.color = rgba(o.PenColor())
		p.width = o.PenWidth()
	}
	return p
}

func (p pen) visible() bool { return p.style != gvc.PenNone && p.color[3] != 0 && p.width > 0 }

// points converts points to device pixels.
func (r *pngRenderer) points(p []*gvc.PointFloat) [][2]float64 {
	out := make([][2]float64, len(p))
	for i, q := range p {
		out[i][0], out[i][1] = r.pt(q)
	}
	return out
}

// paint fills the current path where Graphviz would (see fills), strokes
// it with the pen, and clears it.
func (r *pngRenderer) paint(job *gvc.Job, kind int, p [][2]float64) {
	defer r.dc.ClearPath()
	o := job.Object()
	if o == nil {
		return
	}
	pen := readPen(o)
	if r.fills(o, pen, kind, p) {
		if c := rgba(o.FillColor()); c[3] != 0 {
			setColor(r.dc, c)
			r.dc.FillPreserve()
		}
	}
	r.stroke(pen)
}

// stroke strokes the current path with the pen.
func (r *pngRenderer) stroke(pen pen) {
	if !pen.visible() {
		return
	}
	width := pen.width * r.sx
	setColor(r.dc, pen.color)
	r.dc.SetLineWidth(width)
	r.dc.SetLineCapButt()
	r.dc.SetLineJoinRound()
	switch pen.style {
	case gvc.PenDashed:
		r.dc.SetDash(6*r.sx, 4*r.sx)
	case gvc.PenDotted:
		r.dc.SetDash(max(width, 1.5), max(3*r.sx, 2*width))
	default:
		r.dc.SetDash()
	}
	r.dc.StrokePreserve()
	r.dc.SetDash()
}

// Ellipse draws an ellipse given its centre p[0] and a corner p[1] of its
// bounding box, filled as Polygon.
func (r *pngRenderer) Ellipse(_ context.Context, job *gvc.Job, p []*gvc.PointFloat, _ bool) error {
	if r.dc == nil || len(p) < 2 {
		return nil
	}
	q := r.points(p[:2])
	r.dc.NewSubPath()
	r.dc.DrawEllipse(q[0][0], q[0][1], math.Abs(q[1][0]-q[0][0]), math.Abs(q[1][1]-q[0][1]))
	r.paint(job, closedShape, q[:1])
	return nil
}

// Polygon draws a closed polygon: filled with the fill colour where Graphviz
// would fill it (see fills), then outlined with the pen.
func (r *pngRenderer) Polygon(_ context.Context, job *gvc.Job, p []*gvc.PointFloat, _ bool) error {
	if r.dc == nil || len(p) < 2 {
		return nil
	}
	q := r.points(p)
	r.dc.NewSubPath()
	for _, v := range q {
		r.dc.LineTo(v[0], v[1])
	}
	r.dc.ClosePath()
	r.paint(job, closedShape, q)
	return nil
}

// BezierCurve draws a piecewise cubic Bézier curve, p[0] then three points
// per piece, filled where it outlines a rounded node or cluster.
func (r *pngRenderer) BezierCurve(_ context.Context, job *gvc.Job, p []*gvc.PointFloat, _ bool) error {
	if r.dc == nil || len(p) < 4 {
		return nil
	}
	q := r.points(p)
	r.dc.NewSubPath()
	r.dc.MoveTo(q[0][0], q[0][1])
	for i := 1; i+2 < len(q); i += 3 {
		r.dc.CubicTo(q[i][0], q[i][1], q[i+1][0], q[i+1][1], q[i+2][0], q[i+2][1])
	}
	// Remember an edge's ends, to tell its arrowheads apart.
	r.curveStart, r.curveEnd = q[0], q[len(q)-1]
	r.paint(job, curve, q)
	return nil
}

// Polyline draws an open polyline with the pen.
func (r *pngRenderer) Polyline(_ context.Context, job *gvc.Job, p []*gvc.PointFloat) error {
	if r.dc == nil || len(p) < 2 {
		return nil
	}
	q := r.points(p)
	r.dc.NewSubPath()
	r.dc.MoveTo(q[0][0], q[0][1])
	for _, v := range q[1:] {
		r.dc.LineTo(v[0], v[1])
	}
	defer r.dc.ClearPath()
	if o := job.Object(); o != nil {
		r.stroke(readPen(o))
	}
	return nil
}

// TextSpan draws one line of text with its baseline at p, justified by the
// span ('l' left, 'r' right, else centred), in the pen colour. Text wider
// than the width Graphviz laid out for it is drawn smaller, to fit.
func (r *pngRenderer) TextSpan(_ context.Context, job *gvc.Job, p *gvc.PointFloat, span *gvc.TextSpan) error {
	if r.dc == nil || span == nil {
		return nil
	}
	text := span.Text()
	if strings.TrimSpace(text) == "" {
		return nil
	}
	c := rgba(job.Object().PenColor())
	if c[3] == 0 {
		return nil
	}
	f := span.Font()
	size, name, flags := 14.0, "", uint(0)
	if f != nil {
		size, name, flags = f.Size(), f.Name(), f.Flags()
	}
	if !(size > 0) || size > 1000 {
		return nil
	}
	px := size * r.sx // font size in device pixels
	idx := fontIndex(name, flags)
	face := r.face(idx, px)
	r.dc.SetFontFace(face)
	w, _ := r.dc.MeasureString(text)
	if laid := span.Size().X() * r.sx; laid > 0 && w > laid*1.02 {
		px *= laid / w
		face = r.face(idx, px)
		r.dc.SetFontFace(face)
		w, _ = r.dc.MeasureString(text)
	}
	x, y := r.pt(p)
	var dx float64 // from p to the start of the text, along it
	switch span.Just() {
	case 'l':
	case 'r':
		dx = -w
	default:
		dx = -w / 2
	}
	setColor(r.dc, c)
	if r.rotated { // the text runs up the page
		r.dc.Push()
		r.dc.RotateAbout(-math.Pi/2, x, y)
		r.dc.DrawString(text, x+dx, y)
		r.dc.Pop()
		return nil
	}
	r.dc.DrawString(text, x+dx, y)
	return nil
}

// Font indexes: bit 0 bold, bit 1 italic, bit 2 monospace.
const (
	fontBold   = 1
	fontItalic = 2
	fontMono   = 4
)

// fontIndex picks a Go font for a Graphviz font name and HTML font flags.
func fontIndex(name string, flags uint) int {
	n := strings.ToLower(name)
	idx := 0
	if strings.Contains(n, "bold") || strings.Contains(n, "black") || strings.Contains(n, "heavy") || flags&1 != 0 {
		idx |= fontBold
	}
	if strings.Contains(n, "italic") || strings.Contains(n, "oblique") || flags&2 != 0 {
		idx |= fontItalic
	}
	if strings.Contains(n, "courier") || strings.Contains(n, "mono") {
		idx |= fontMono
	}
	return idx
}

var fontData = [8][]byte{
	0:                                goregular.TTF,
	fontBold:                         gobold.TTF,
	fontItalic:                       goitalic.TTF,
	fontBold | fontItalic:            gobolditalic.TTF,
	fontMono:                         gomono.TTF,
	fontMono | fontBold:              gomonobold.TTF,
	fontMono | fontItalic:            gomonoitalic.TTF,
	fontMono | fontBold | fontItalic: gomonobolditalic.TTF,
}

type faceKey struct {
	font    int
	quarter int // size in quarter pixels
}

// maxFaces bounds the face cache; it is emptied when full.
const maxFaces = 64

// face returns a face of font idx, px pixels high.
func (r *pngRenderer) face(idx int, px float64) font.Face {
	k := faceKey{idx, int(math.Round(max(px, 1) * 4))}
	if f, ok := r.faces[k]; ok {
		return f
	}
	if r.fonts[idx] == nil {
		f, err := truetype.Parse(fontData[idx])
		if err != nil { // the Go fonts are embedded and valid
			panic("graphviz: parsing an embedded Go font: " + err.Error())
		}
		r.fonts[idx] = f
	}
	if r.faces == nil || len(r.faces) >= maxFaces {
		r.faces = make(map[faceKey]font.Face)
	}
	f := truetype.NewFace(r.fonts[idx], &truetype.Options{Size: float64(k.quarter) / 4, Hinting: font.HintingNone})
	r.faces[k] = f
	return f
}
