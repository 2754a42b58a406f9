package graphviz

import (
	"bytes"
	"context"
	"image/png"
	"math"
	"strings"

	"github.com/fogleman/gg"
	"github.com/goccy/go-graphviz/gvc"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/gomonobolditalic"
	"golang.org/x/image/font/gofont/gomonoitalic"
	"golang.org/x/image/font/gofont/goregular"

	gv "github.com/goccy/go-graphviz"
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
	tooLarge *ImageTooLargeError

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
	r.dc = gg.NewContext(int(w), int(h))
	return nil
}

// EndPage encodes the canvas as the job's output.
func (r *pngRenderer) EndPage(_ context.Context, job *gvc.Job) error {
	if r.dc == nil {
		return nil
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, r.dc.Image()); err != nil {
		return err
	}
	job.SetOutputData(buf.Bytes())
	job.SetOutputDataPosition(uint(buf.Len()))
	r.dc = nil
	return nil
}

// pt converts a point in Graphviz coordinates to device pixels.
func (r *pngRenderer) pt(p *gvc.PointFloat) (float64, float64) {
	return r.sx * (p.X() + r.tx), -r.sy * (p.Y() + r.ty)
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

// fill fills the current path, keeping it, with the fill colour.
func (r *pngRenderer) fill(job *gvc.Job) {
	c := rgba(job.Object().FillColor())
	if c[3] == 0 {
		return
	}
	setColor(r.dc, c)
	r.dc.FillPreserve()
}

// stroke strokes the current path with the pen, then clears it.
func (r *pngRenderer) stroke(job *gvc.Job) {
	defer r.dc.ClearPath()
	o := job.Object()
	if o.Pen() == gvc.PenNone {
		return
	}
	c := rgba(o.PenColor())
	if c[3] == 0 {
		return
	}
	width := o.PenWidth() * r.sx
	if width <= 0 {
		return
	}
	setColor(r.dc, c)
	r.dc.SetLineWidth(width)
	switch o.Pen() {
	case gvc.PenDashed:
		r.dc.SetLineCapButt()
		r.dc.SetDash(6*r.sx, 4*r.sx)
	case gvc.PenDotted:
		r.dc.SetLineCapRound()
		r.dc.SetDash(max(width*0.01, 0.01), max(3*r.sx, 2*width))
	default:
		r.dc.SetLineCapButt()
		r.dc.SetDash()
	}
	r.dc.SetLineJoinRound()
	r.dc.Stroke()
	r.dc.SetDash()
}

// Ellipse draws an ellipse given its centre p[0] and a corner p[1] of its
// bounding box.
func (r *pngRenderer) Ellipse(_ context.Context, job *gvc.Job, p []*gvc.PointFloat, filled bool) error {
	if r.dc == nil || len(p) < 2 {
		return nil
	}
	cx, cy := r.pt(p[0])
	ex, ey := r.pt(p[1])
	r.dc.NewSubPath()
	r.dc.DrawEllipse(cx, cy, math.Abs(ex-cx), math.Abs(ey-cy))
	if filled {
		r.fill(job)
	}
	r.stroke(job)
	return nil
}

// Polygon draws a closed polygon: filled with the fill colour if asked, then
// outlined with the pen.
func (r *pngRenderer) Polygon(_ context.Context, job *gvc.Job, p []*gvc.PointFloat, filled bool) error {
	if r.dc == nil || len(p) < 2 {
		return nil
	}
	r.dc.NewSubPath()
	for _, q := range p {
		r.dc.LineTo(r.pt(q))
	}
	r.dc.ClosePath()
	if filled {
		r.fill(job)
	}
	r.stroke(job)
	return nil
}

// BezierCurve draws a piecewise cubic Bézier curve: p[0], then three points
// per piece.
func (r *pngRenderer) BezierCurve(_ context.Context, job *gvc.Job, p []*gvc.PointFloat, filled bool) error {
	if r.dc == nil || len(p) < 4 {
		return nil
	}
	r.dc.NewSubPath()
	r.dc.MoveTo(r.pt(p[0]))
	for i := 1; i+2 < len(p); i += 3 {
		x1, y1 := r.pt(p[i])
		x2, y2 := r.pt(p[i+1])
		x3, y3 := r.pt(p[i+2])
		r.dc.CubicTo(x1, y1, x2, y2, x3, y3)
	}
	if filled {
		r.fill(job)
	}
	r.stroke(job)
	return nil
}

// Polyline draws an open polyline with the pen.
func (r *pngRenderer) Polyline(_ context.Context, job *gvc.Job, p []*gvc.PointFloat) error {
	if r.dc == nil || len(p) < 2 {
		return nil
	}
	r.dc.NewSubPath()
	r.dc.MoveTo(r.pt(p[0]))
	for _, q := range p[1:] {
		r.dc.LineTo(r.pt(q))
	}
	r.stroke(job)
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
	switch span.Just() {
	case 'l':
	case 'r':
		x -= w
	default:
		x -= w / 2
	}
	setColor(r.dc, c)
	r.dc.DrawString(text, x, y)
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
