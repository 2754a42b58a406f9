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

// mapFonts are the parsed faces of a map: regular, bold, italic.
type mapFonts [3]*truetype.Font

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
			goFonts[i] = f
		}
	})
	return goFonts, goFontsErr
}

// fontsFor returns the fonts of opts: the Go fonts, or opts.Font for every
// style when it is set.
func fontsFor(opts MapOptions) (mapFonts, error) {
	if len(opts.Font) == 0 {
		return defaultFonts()
	}
	f, err := truetype.Parse(opts.Font)
	if err != nil {
		return mapFonts{}, err
	}
	return mapFonts{f, f, f}, nil
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
	f := m.fonts[st]
	upem := f.FUnitsPerEm()
	var w float64
	if idx := f.Index(r); idx != 0 && upem > 0 {
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
	f := m.fonts[st]
	upem := f.FUnitsPerEm()
	var w float64
	var prev truetype.Index
	for _, r := range s {
		w += m.advance(st, r)
		idx := f.Index(r)
		if prev != 0 && idx != 0 && upem > 0 {
			w += float64(f.Kern(fixed.Int26_6(upem), prev, idx)) / float64(upem)
		}
		prev = idx
	}
	return w * size
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
			}
			// The word starts a line; break it if it is too wide.
			for ww > width {
				head, rest := m.split(st, size, width, word)
				lines = append(lines, head)
				word = rest
				ww = m.width(st, size, word)
			}
			line.WriteString(word)
			lineW = ww
		}
		if line.Len() > 0 {
			lines = append(lines, line.String())
		}
	}
	return lines
}

// split cuts word, wider than width, into a head that fits (at least one
// character) and the rest.
func (m *measurer) split(st fontStyle, size, width float64, word string) (head, rest string) {
	w := 0.0
	for i, r := range word {
		w += m.advance(st, r) * size
		if w > width && i > 0 {
			return word[:i], word[i:]
		}
	}
	_, n := utf8.DecodeRuneInString(word)
	return word[:n], word[n:]
}
