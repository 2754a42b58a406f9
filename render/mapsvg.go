package render

import (
	"bufio"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// svgFonts is the font list the SVG asks for: the Go font the text was
// measured with, then common sans-serif fonts of similar or smaller width.
const svgFonts = "Go, &apos;Go Regular&apos;, Arial, Helvetica, &apos;Noto Sans&apos;, sans-serif"

// writeSVG writes d as a standalone SVG document. Errors are left in w, for
// the caller's Flush.
func writeSVG(w *bufio.Writer, d *mapDrawing) {
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="journeymap-map" width="`)
	w.WriteString(num(d.w))
	w.WriteString(`" height="`)
	w.WriteString(num(d.h))
	w.WriteString(`" viewBox="0 0 `)
	w.WriteString(num(d.w) + " " + num(d.h))
	w.WriteString(`" font-family="` + svgFonts + `" font-size="11">` + "\n")
	w.WriteString("<title>")
	w.WriteString(xmlEscape(d.title))
	w.WriteString("</title>\n")
	depth := 0
	for i := range d.items {
		it := &d.items[i]
		if it.kind == groupClose {
			depth--
		}
		w.WriteString(strings.Repeat(" ", max(depth, 0)))
		switch it.kind {
		case groupOpen:
			w.WriteString("<g")
			svgAttrs(w, it)
			w.WriteString(">")
			depth++
		case groupClose:
			w.WriteString("</g>")
		case rectItem:
			w.WriteString(`<rect x="` + num(it.x) + `" y="` + num(it.y) + `" width="` + num(it.w) + `" height="` + num(it.h) + `"`)
			if it.rx > 0 {
				w.WriteString(` rx="` + num(it.rx) + `"`)
			}
			svgPaint(w, it)
			svgAttrs(w, it)
			w.WriteString("/>")
		case circleItem:
			w.WriteString(`<circle cx="` + num(it.x) + `" cy="` + num(it.y) + `" r="` + num(it.w) + `"`)
			svgPaint(w, it)
			svgAttrs(w, it)
			w.WriteString("/>")
		case lineItem:
			w.WriteString(`<polyline points="`)
			for k, p := range it.pts {
				if k > 0 {
					if k%2 == 0 {
						w.WriteByte(' ')
					} else {
						w.WriteByte(',')
					}
				}
				w.WriteString(num(p))
			}
			w.WriteString(`"`)
			if it.fill == "" {
				w.WriteString(` fill="none"`)
			}
			svgPaint(w, it)
			w.WriteString(` stroke-linejoin="round" stroke-linecap="round"`)
			svgAttrs(w, it)
			w.WriteString("/>")
		case textItem:
			w.WriteString(`<text x="` + num(it.x) + `" y="` + num(it.y) + `"`)
			if it.size != 11 {
				w.WriteString(` font-size="` + num(it.size) + `"`)
			}
			switch it.style {
			case bold:
				w.WriteString(` font-weight="bold"`)
			case italic:
				w.WriteString(` font-style="italic"`)
			}
			switch it.anchor {
			case anchorMiddle:
				w.WriteString(` text-anchor="middle"`)
			case anchorEnd:
				w.WriteString(` text-anchor="end"`)
			}
			w.WriteString(` fill="` + it.fill + `"`)
			if it.w > 0 {
				// The width the text was measured and wrapped to: the viewer
				// fits its own font to it, so that no text runs out of its cell.
				w.WriteString(` textLength="` + num(it.w) + `" lengthAdjust="spacingAndGlyphs"`)
			}
			svgAttrs(w, it)
			w.WriteString(">")
			w.WriteString(xmlEscape(it.text))
			w.WriteString("</text>")
		}
		w.WriteByte('\n')
	}
	w.WriteString("</svg>\n")
}

// svgPaint writes an item's fill and stroke.
func svgPaint(w *bufio.Writer, it *mapItem) {
	if it.fill != "" {
		w.WriteString(` fill="` + it.fill + `"`)
	} else if it.kind != lineItem {
		w.WriteString(` fill="none"`)
	}
	if it.stroke != "" && it.strokeW > 0 {
		w.WriteString(` stroke="` + it.stroke + `" stroke-width="` + num(it.strokeW) + `"`)
		if it.dash {
			w.WriteString(` stroke-dasharray="4 3"`)
		}
	}
}

// svgAttrs writes an item's class and other attributes, escaped.
func svgAttrs(w *bufio.Writer, it *mapItem) {
	if it.class != "" {
		w.WriteString(` class="` + xmlEscape(it.class) + `"`)
	}
	for k := 0; k+1 < len(it.attrs); k += 2 {
		w.WriteString(" " + it.attrs[k] + `="` + xmlEscape(it.attrs[k+1]) + `"`)
	}
}

// num writes a coordinate with at most two decimals.
func num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	x = math.Round(x*100) / 100
	if x == 0 {
		return "0"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// xmlEscape returns s as XML character data or an attribute value: clean
// (no control characters, valid UTF-8), without the noncharacters U+FFFE
// and U+FFFF that XML forbids, and with & < > " ' escaped. Line breaks
// become spaces.
func xmlEscape(s string) string {
	s = clean(s)
	if !strings.ContainsAny(s, "&<>\"'\n\uFFFE\uFFFF") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		case '\n':
			b.WriteByte(' ')
		case '\uFFFE', '\uFFFF':
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
