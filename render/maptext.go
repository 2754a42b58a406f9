package render

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/math/fixed"
)

// This file measures and wraps the map's text with the metrics of the fonts
// the PNG is drawn with (the Go fonts unless MapOptions.Font says
// otherwise), so that the SVG and the PNG break lines at the same places.

// fontStyle is one of the three faces the map uses.
type fontStyle uint8

const (
	regular fontStyle = iota
	bold
	italic
)

// mapFonts are the parsed fonts of a map: the Go fonts' regular, bold and
// italic, and the fallback for characters they lack, or nil.
type mapFonts struct {
	faces    [3]*truetype.Font
	fallback *truetype.Font
}

var (
	goFontsOnce sync.Once
	goFonts     mapFonts
	goFontsErr  error
)

// defaultFonts parses the Go fonts once; parsed fonts are read-only and
// safe to share.
func defaultFonts() (mapFonts, error) {
	goFontsOnce.Do(func() {
		for i, data := range [][]byte{goregular.TTF, gobold.TTF, goitalic.TTF} {
			f, err := truetype.Parse(data)
			if err != nil {
				goFontsErr = err
				return
			}
			goFonts.faces[i] = f
		}
	})
	return goFonts, goFontsErr
}

// fontsFor returns the fonts of opts: the Go fonts, with opts.Font as the
// fallback when it is set.
func fontsFor(opts MapOptions) (mapFonts, error) {
	fonts, err := defaultFonts()
	if err != nil || len(opts.Font) == 0 {
		return fonts, err
	}
	f, err := truetype.Parse(opts.Font)
	if err != nil {
		return mapFonts{}, err
	}
	fonts.fallback = f
	return fonts, nil
}

// fontOf returns the font that draws r in style st: the Go font when it
// has r, else the fallback when it has it, else the Go font (which draws
// an empty box); and r's glyph index in it.
func (fs *mapFonts) fontOf(st fontStyle, r rune) (*truetype.Font, truetype.Index) {
	f := fs.faces[st]
	if idx := f.Index(r); idx != 0 || fs.fallback == nil {
		return f, idx
	}
	if idx := fs.fallback.Index(r); idx != 0 {
		return fs.fallback, idx
	}
	return f, 0
}

// measurer measures text in one map's fonts. Font units are converted to
// pixels with float arithmetic, without hinting, so widths scale exactly.
type measurer struct {
	fonts mapFonts
	// cache holds advance widths in ems by style and rune.
	cache [3]map[rune]float64
}

func newMeasurer(fonts mapFonts) *measurer {
	m := &measurer{fonts: fonts}
	for i := range m.cache {
		m.cache[i] = make(map[rune]float64, 128)
	}
	return m
}

// advance is the advance width of r in ems. A rune the font lacks is given
// the width of a fallback glyph: one em when it is wide (CJK), else 0.6 em.
func (m *measurer) advance(st fontStyle, r rune) float64 {
	if w, ok := m.cache[st][r]; ok {
		return w
	}
	f, idx := m.fonts.fontOf(st, r)
	upem := f.FUnitsPerEm()
	var w float64
	if idx != 0 && upem > 0 {
		w = float64(f.HMetric(fixed.Int26_6(upem), idx).AdvanceWidth) / float64(upem)
	} else if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == '\u200b' || r == '\u200d' || r == '\u200c' {
		w = 0
	} else if isWide(r) {
		w = 1
	} else {
		w = 0.6
	}
	m.cache[st][r] = w
	return w
}

// width is the width of s in pixels at size px, kerning included.
func (m *measurer) width(st fontStyle, size float64, s string) float64 {
	var w float64
	var prev truetype.Index
	var prevFont *truetype.Font
	for _, r := range s {
		w += m.advance(st, r)
		f, idx := m.fonts.fontOf(st, r)
		if upem := f.FUnitsPerEm(); f == prevFont && prev != 0 && idx != 0 && upem > 0 {
			w += float64(f.Kern(fixed.Int26_6(upem), prev, idx)) / float64(upem)
		}
		prev, prevFont = idx, f
	}
	return w * size
}

// run is a stretch of text drawn with one font.
type run struct {
	text     string
	fallback bool
	x        float64 // from the start of the text, in pixels
}

// runs splits s into runs of one font each, with where each starts.
func (m *measurer) runs(st fontStyle, size float64, s string) []run {
	if m.fonts.fallback == nil {
		return []run{{text: s}}
	}
	var out []run
	start := 0
	cur := false
	for i, r := range s {
		f, _ := m.fonts.fontOf(st, r)
		fb := f == m.fonts.fallback
		if i > 0 && fb != cur {
			out = append(out, run{text: s[start:i], fallback: cur})
			start = i
		}
		cur = fb
	}
	out = append(out, run{text: s[start:], fallback: cur})
	x := 0.0
	for k := range out {
		out[k].x = x
		x += m.width(st, size, out[k].text)
	}
	return out
}

// isWide reports whether r is drawn one em wide: East Asian wide and
// full-width characters, Hangul, kana and ideographs.
func isWide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana) ||
		r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xff60 || r >= 0x1f300 && r <= 0x1faff
}

// maxTextRunes is the longest text the map draws of any one field; longer
// text is cut with an ellipsis, so that one runaway field cannot make a
// cell thousands of lines tall.
const maxTextRunes = 600

// cut returns s cut to maxTextRunes runes.
func cut(s string) string {
	if len(s) <= maxTextRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == maxTextRunes-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// wrapPx breaks clean text s into lines no wider than width pixels at size,
// at spaces where it can; a word wider than width is broken between
// characters (CJK text has no spaces). Line breaks in s are kept; empty
// lines are dropped.
func (m *measurer) wrapPx(st fontStyle, size, width float64, s string) []string {
	return m.wrapIndent(st, size, width, width, s)
}

// wrapIndent is wrapPx with a first line of a different width.
func (m *measurer) wrapIndent(st fontStyle, size, first, width float64, s string) []string {
	full := width
	width = first
	s = cut(clean(s))
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		var line strings.Builder
		lineW := 0.0
		space := m.width(st, size, " ")
		for _, word := range strings.Fields(para) {
			ww := m.width(st, size, word)
			if line.Len() > 0 && lineW+space+ww <= width {
				line.WriteByte(' ')
				line.WriteString(word)
				lineW += space + ww
				continue
			}
			if line.Len() > 0 {
				lines = append(lines, line.String())
				line.Reset()
				lineW = 0
				width = full
			}
			// The word starts a line. When it is too wide for a short first
			// line but not for the others, the first line stays empty.
			if ww > width && width < full && ww <= full && len(lines) == 0 {
				lines = append(lines, "")
				width = full
			}
			// Break it if it is too wide.
			for ww > width {
				head, rest := m.split(st, size, width, word)
				lines = append(lines, head)
				width = full
				word = rest
				ww = m.width(st, size, word)
			}
			line.WriteString(word)
			lineW = ww
		}
		if line.Len() > 0 {
			lines = append(lines, line.String())
			width = full
		}
	}
	return lines
}

// split cuts word, wider than width, into a head that fits (at least one
// character) and the rest: after the last hyphen or slash that fits, else
// between characters. A word broken between two letters of an alphabet
// (not CJK) gets a hyphen at the end of the head, and room for it.
func (m *measurer) split(st fontStyle, size, width float64, word string) (head, rest string) {
	w := 0.0
	hyphenW := m.advance(st, '-') * size
	hyphen, lastFit, prev := 0, 0, rune(0)
	letters := func(a, b rune) bool {
		return unicode.IsLetter(a) && unicode.IsLetter(b) && !isWide(a) && !isWide(b)
	}
	for i, r := range word {
		if i > 0 && w+hyphenW <= width && letters(prev, r) {
			lastFit = i
		}
		w += m.advance(st, r) * size
		if w > width && i > 0 {
			switch {
			case hyphen > 0:
				return word[:hyphen], word[hyphen:]
			case lastFit > 0 && letters(prev, r):
				return word[:lastFit] + "-", word[lastFit:]
			}
			return word[:i], word[i:]
		}
		if r == '-' || r == '/' || r == '\u2010' {
			hyphen = i + utf8.RuneLen(r)
		}
		prev = r
	}
	_, n := utf8.DecodeRuneInString(word)
	return word[:n], word[n:]
}

// fit returns s, cut with an ellipsis if needed, to at most width pixels.
func (m *measurer) fit(st fontStyle, size, width float64, s string) string {
	if m.width(st, size, s) <= width {
		return s
	}
	w := m.width(st, size, "…")
	for i, r := range s {
		w += m.advance(st, r) * size
		if w > width {
			return s[:i] + "…"
		}
	}
	return s
}
