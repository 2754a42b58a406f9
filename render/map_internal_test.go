package render

import (
	"bytes"
	"cmp"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
)

func readSofa(t *testing.T) *journey.Journey {
	t.Helper()
	j, err := journey.ReadFile(filepath.Join("..", "examples", "sofa", "sofa.yaml"))
	require.NoError(t, err)
	return j
}

// longJourney has n steps over the given stages, with long texts.
func longJourney(n, stages int) *journey.Journey {
	j := &journey.Journey{ID: "long", Entries: []string{"s0"}}
	for i := range stages {
		j.Stages = append(j.Stages, journey.Stage{ID: fmt.Sprintf("st%d", i), Name: strings.Repeat("Stage name ", 1+i%4),
			Goal: strings.Repeat("a goal that goes on ", 1+i%3), Questions: []string{strings.Repeat("why? ", 12)}})
	}
	for i := range n {
		s := journey.Step{ID: fmt.Sprintf("s%d", i), Stage: fmt.Sprintf("st%d", i*stages/n),
			Action: strings.Repeat("does something rather long ", 1+i%8), Emotion: i%5 - 2,
			Thoughts: []string{strings.Repeat("hmm ", i%20)}, Opportunities: []string{"do better " + strconv.Itoa(i)}}
		if i%3 == 0 {
			s.Barriers = []journey.Barrier{{Description: strings.Repeat("blocked ", 1+i%9), Severity: journey.Severities[i%4]}}
		}
		j.Steps = append(j.Steps, s)
		if i > 0 {
			j.Transitions = append(j.Transitions, journey.Transition{From: fmt.Sprintf("s%d", i-1), To: s.ID})
		}
	}
	return j
}

// box is an item's extent.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) overlaps(c box) bool {
	const eps = 0.01
	return b.x0 < c.x1-eps && c.x0 < b.x1-eps && b.y0 < c.y1-eps && c.y0 < b.y1-eps
}

func textBox(it *mapItem) box {
	x := it.x
	switch it.anchor {
	case anchorMiddle:
		x -= it.w / 2
	case anchorEnd:
		x -= it.w
	}
	// Ascent and descent of the Go fonts are under 0.95 and 0.25 em.
	return box{x, it.y - 0.95*it.size, x + it.w, it.y + 0.25*it.size}
}

// TestMapNoOverlap lays out journeys of many shapes and checks the
// geometry: every text and card of a column lies inside its column and its
// lane, no two texts of a column overlap, and no two step cards overlap.
func TestMapNoOverlap(t *testing.T) {
	cases := map[string]*journey.Journey{
		"sofa":      readSofa(t),
		"long 60":   longJourney(60, 6),
		"40 stages": longJourney(80, 40),
		"1 stage":   longJourney(9, 1),
		"crowded":   longJourney(1001, 4),
	}
	named := longJourney(5, 2)
	named.Name = strings.Repeat("A journey with a very long name ", 20)
	named.Personas = []persona.Persona{{ID: "p", Name: strings.Repeat("Somebody with a long name ", 20)}}
	cases["long names"] = named
	for name, j := range cases {
		widths := []float64{0, 900, 3000}
		if len(j.Steps) > 100 {
			widths = widths[:1]
		}
		for _, width := range widths {
			l, err := planMap(j, MapOptions{Width: width, MaxSteps: -1, Findings: &MapFindings{StageReach: map[string]float64{"st0": 0.5}}})
			require.NoError(t, err)
			d := l.draw()
			checkGeometry(t, fmt.Sprintf("%s at %v", name, width), l, d)
		}
	}
}

func checkGeometry(t *testing.T, name string, l *mapLayout, d *mapDrawing) {
	t.Helper()
	col := -1
	depth, colDepth := 0, 0
	texts := make([][]box, len(l.cols)+1) // the last: the emotion lane's scale and step numbers
	scale := false
	cards := make([][]box, len(l.cols))
	for i := range d.items {
		it := &d.items[i]
		switch it.kind {
		case groupOpen:
			depth++
			scale = it.class == "emotion-scale"
			if it.class == "stage" || strings.HasPrefix(it.class, "stage ") {
				n, err := strconv.Atoi(strings.TrimPrefix(it.attrs[1], "map-stage-"))
				require.NoError(t, err)
				col, colDepth = n-1, depth
			}
		case groupClose:
			scale = false
			if depth == colDepth {
				col = -1
			}
			depth--
		case textItem:
			if b := textBox(it); b.x0 < mapMargin-0.5 || b.x1 > d.w-mapMargin+0.5 {
				assert.Fail(t, "text beyond the margins", "%s: %q (%.1f..%.1f) of %.1f", name, it.text, b.x0, b.x1, d.w)
				return
			}
			if scale {
				texts[len(l.cols)] = append(texts[len(l.cols)], textBox(it))
			}
			if col < 0 {
				continue
			}
			b := textBox(it)
			c := l.cols[col]
			if !assert.True(t, b.x0 >= c.x+cellPad-0.5 && b.x1 <= c.x+c.w-cellPad+0.5,
				"%s: text %q (%.1f..%.1f) outside column %d (%.1f..%.1f)", name, it.text, b.x0, b.x1, col, c.x, c.x+c.w) {
				return
			}
			lane := laneAt(l, it.y)
			if !assert.True(t, lane >= 0 && b.y0 >= l.top[lane] && b.y1 <= l.top[lane+1], "%s: text %q outside its lane", name, it.text) {
				return
			}
			texts[col] = append(texts[col], b)
		case rectItem:
			if col >= 0 && it.rx == 4 {
				cards[col] = append(cards[col], box{it.x, it.y, it.x + it.w, it.y + it.h})
				lane := laneAt(l, it.y)
				assert.True(t, lane == laneActions && it.y+it.h <= l.top[laneActions+1], "%s: card outside the actions lane", name)
			}
		}
	}
	for c := range len(l.cols) + 1 {
		lists := [][]box{texts[c]}
		if c < len(l.cols) {
			lists = append(lists, cards[c])
		}
		for _, list := range lists {
			// Sorted by top, each box meets only the boxes that start above its bottom.
			slices.SortFunc(list, func(a, b box) int { return cmp.Compare(a.y0, b.y0) })
			for a := range list {
				for b := a + 1; b < len(list) && list[b].y0 < list[a].y1; b++ {
					if !assert.False(t, list[a].overlaps(list[b]), "%s: column %d: %v overlaps %v", name, c, list[a], list[b]) {
						return
					}
				}
			}
		}
	}
}

func laneAt(l *mapLayout, y float64) int {
	for lane := range laneCount {
		if y >= l.top[lane] && y < l.top[lane+1] {
			return lane
		}
	}
	return -1
}

// TestMapPNGEmotionHeights reads the emotion curve back from the PNG's
// pixels: each step's point (found by its colour, in the step's pixel
// column) lies on the scale's grid line of its emotion (found by its grey
// in a column free of points), at every scale.
func TestMapPNGEmotionHeights(t *testing.T) {
	j := readSofa(t)
	for _, c := range []struct {
		scale   float64
		persona string
	}{{1, ""}, {2, ""}, {1, "family"}} {
		{
			scale, persona := c.scale, c.persona
			opts := MapOptions{Scale: scale, Persona: persona, Width: 900}
			var b bytes.Buffer
			require.NoError(t, MapPNG(&b, j, opts))
			img, err := png.Decode(&b)
			require.NoError(t, err)
			l, err := planMap(j, opts)
			require.NoError(t, err)
			l.draw()
			top, bottom := int(l.top[laneEmotions]*scale), int(l.top[laneEmotions+1]*scale)

			grid := gridLines(img, int((mapMargin+labelColW+3)*scale), top, bottom)
			require.Len(t, grid, 5, "scale %v: the five grid lines −2..+2", scale)
			for k := 1; k < len(grid); k++ {
				assert.InDelta(t, emotionUnit*scale, grid[k]-grid[k-1], 1.0, "grid lines evenly spaced")
			}
			checked := 0
			for _, c := range l.cols {
				for _, s := range c.steps {
					e := emotion(l.v.j.Steps[s].Emotion)
					// Between the grid lines, past the points' radius, and no further:
					// the step numbers below are antialiased in greys too.
					y, ok := pointAt(img, int(l.stepX[s]*scale), int(grid[0]-6*scale), int(grid[4]+6*scale), emotionColors[e-journey.MinEmotion])
					require.True(t, ok, "scale %v: point of step %s (emotion %d) not found", scale, l.v.j.Steps[s].ID, e)
					want := grid[journey.MaxEmotion-e] // grid runs from +2 at the top
					assert.InDelta(t, want, y, 1.0, "scale %v persona %q: step %s, emotion %d", scale, persona, l.v.j.Steps[s].ID, e)
					checked++
				}
			}
			assert.Equal(t, len(l.v.j.Steps), checked)
		}
	}
}

// gridLines finds the centres of the horizontal grey lines crossing pixel
// column x between top and bottom.
func gridLines(img image.Image, x, top, bottom int) []float64 {
	top += 4 // past the lane's border
	bg := lum(img, x, top+1)
	var lines []float64
	var sum, weight float64
	for y := top + 1; y < bottom; y++ {
		dark := bg - lum(img, x, y)
		if dark > 4 {
			sum += float64(y) * dark
			weight += dark
			continue
		}
		if weight > 0 {
			lines = append(lines, sum/weight+0.5)
			sum, weight = 0, 0
		}
	}
	return lines
}

func lum(img image.Image, x, y int) float64 {
	r, g, b, _ := img.At(x, y).RGBA()
	return (float64(r) + float64(g) + float64(b)) / 3 / 257
}

// pointAt returns the centre of the run of pixels of colour hex in pixel
// column x between top and bottom.
func pointAt(img image.Image, x, top, bottom int, hex string) (float64, bool) {
	want, _ := strconv.ParseUint(hex[1:], 16, 32)
	wr, wg, wb := float64(want>>16), float64(want>>8&0xff), float64(want&0xff)
	var sum, n float64
	for y := top; y < bottom; y++ {
		r, g, b, _ := img.At(x, y).RGBA()
		if math.Abs(float64(r>>8)-wr)+math.Abs(float64(g>>8)-wg)+math.Abs(float64(b>>8)-wb) <= 6 {
			sum += float64(y)
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum/n + 0.5, true
}

// TestWrapPx wraps random text of Latin, Cyrillic and CJK words to random
// widths: every line fits (or is one character), and the lines give back
// the text, but for the spaces they break at and the hyphens added where a
// word is broken.
func TestWrapPx(t *testing.T) {
	fonts, err := defaultFonts()
	require.NoError(t, err)
	m := newMeasurer(fonts)
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("abcdefghijklmnopqrstuvwxyzWMIl.,;ЖщЯ漢字かなカナ한글")
	for range 3000 {
		var words []string
		for range 1 + r.IntN(12) {
			n := 1 + r.IntN(25)
			w := make([]rune, n)
			for k := range w {
				w[k] = alphabet[r.IntN(len(alphabet))]
			}
			words = append(words, string(w))
		}
		text := strings.Join(words, " ")
		width := 5 + r.Float64()*200
		st := fontStyle(r.IntN(3))
		lines := m.wrapPx(st, bodySize, width, text)
		for _, ln := range lines {
			if utf8.RuneCountInString(strings.TrimSuffix(ln, "-")) > 1 {
				require.LessOrEqual(t, m.width(st, bodySize, ln), width+1e-9, "%q at %.1f: line %q", text, width, ln)
			}
		}
		got := strings.ReplaceAll(strings.ReplaceAll(strings.Join(lines, ""), " ", ""), "-", "")
		require.Equal(t, strings.ReplaceAll(text, " ", ""), got, "%q at %.1f: %q", text, width, lines)
	}
}
