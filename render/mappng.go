package render

import (
	"bufio"
	"fmt"
	"image/png"
	"io"
	"math"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"

	"github.com/journeymap/journeymap/journey"
)

// MapPNG writes the map Map draws to w as a PNG, laid out the same way and
// drawn with fogleman/gg, opts.Scale device pixels per map pixel, for
// slides and documents that take no SVG.
//
// Text is drawn with the Go fonts, which cover Latin, Greek and Cyrillic
// scripts; other scripts (CJK, Arabic, Hebrew, ...) come out as empty boxes
// unless opts.Font is a TrueType font that has them, and right-to-left text
// is drawn left to right, unshaped. The SVG has neither limit: the viewer
// draws it with its own fonts.
//
// Besides Map's errors, MapPNG refuses with CodeMapTooLarge a picture of
// more than MaxMapPixels pixels.
func MapPNG(w io.Writer, j *journey.Journey, opts MapOptions) error {
	d, err := layoutMap(j, opts)
	if err != nil {
		return err
	}
	scale := opts.Scale
	if scale <= 0 || math.IsNaN(scale) || math.IsInf(scale, 0) {
		scale = 1
	}
	pw, ph := math.Ceil(d.w*scale), math.Ceil(d.h*scale)
	if pw*ph > MaxMapPixels {
		return journey.Problems{{Code: CodeMapTooLarge, Message: fmt.Sprintf(
			"the map would be %.0f×%.0f pixels, more than the %d a PNG may have (MaxMapPixels)", pw, ph, MaxMapPixels)}}
	}
	fonts, err := fontsFor(opts)
	if err != nil {
		return journey.Problems{{Code: CodeMapFont, Message: "MapOptions.Font is not a TrueType font: " + err.Error()}}
	}
	dc := gg.NewContext(int(pw), int(ph))
	p := &pngPainter{dc: dc, s: scale, fonts: fonts, m: newMeasurer(fonts), faces: map[faceKey]font.Face{}}
	for i := range d.items {
		p.paint(&d.items[i])
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := new(png.Encoder).Encode(bw, dc.Image()); err != nil {
		return err
	}
	return bw.Flush()
}

type faceKey struct {
	style    fontStyle
	fallback bool
	size     float64
}

// pngPainter draws map items on a gg context.
type pngPainter struct {
	dc    *gg.Context
	s     float64
	fonts mapFonts
	m     *measurer
	faces map[faceKey]font.Face
}

func (p *pngPainter) face(st fontStyle, fallback bool, size float64) font.Face {
	k := faceKey{st, fallback, size * p.s}
	f, ok := p.faces[k]
	if !ok {
		tf := p.fonts.faces[st]
		if fallback {
			tf = p.fonts.fallback
		}
		f = truetype.NewFace(tf, &truetype.Options{Size: k.size, Hinting: font.HintingNone})
		p.faces[k] = f
	}
	return f
}

// fillStroke fills and strokes the current path as the item says.
func (p *pngPainter) fillStroke(it *mapItem) {
	dc := p.dc
	if it.fill != "" {
		dc.SetHexColor(it.fill)
		if it.stroke != "" && it.strokeW > 0 {
			dc.FillPreserve()
		} else {
			dc.Fill()
		}
	}
	if it.stroke != "" && it.strokeW > 0 {
		dc.SetHexColor(it.stroke)
		dc.SetLineWidth(it.strokeW * p.s)
		if it.dash {
			dc.SetDash(4*p.s, 3*p.s)
		} else {
			dc.SetDash()
		}
		dc.Stroke()
	}
	dc.ClearPath()
}

func (p *pngPainter) paint(it *mapItem) {
	dc, s := p.dc, p.s
	switch it.kind {
	case rectItem:
		if it.rx > 0 {
			dc.DrawRoundedRectangle(it.x*s, it.y*s, it.w*s, it.h*s, it.rx*s)
		} else {
			dc.DrawRectangle(it.x*s, it.y*s, it.w*s, it.h*s)
		}
		p.fillStroke(it)
	case circleItem:
		dc.DrawCircle(it.x*s, it.y*s, it.w*s)
		p.fillStroke(it)
	case lineItem:
		if len(it.pts) < 4 {
			return
		}
		dc.SetLineJoin(gg.LineJoinRound)
		dc.SetLineCap(gg.LineCapRound)
		dc.MoveTo(it.pts[0]*s, it.pts[1]*s)
		for k := 2; k+1 < len(it.pts); k += 2 {
			dc.LineTo(it.pts[k]*s, it.pts[k+1]*s)
		}
		p.fillStroke(it)
	case textItem:
		dc.SetHexColor(it.fill)
		x := it.x
		switch it.anchor {
		case anchorMiddle:
			x -= it.w / 2
		case anchorEnd:
			x -= it.w
		}
		for _, r := range p.m.runs(it.style, it.size, it.text) {
			dc.SetFontFace(p.face(it.style, r.fallback, it.size))
			dc.DrawString(r.text, (x+r.x)*s, it.y*s)
		}
	}
}
