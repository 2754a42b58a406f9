package render

import (
	"bytes"
	"fmt"
	"github.com/journeymap/journeymap/persona"
	"image/png"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/journey"
)

// TestDiffMapPNGEmotionHeights reads both curves back from the PNG's
// pixels. Each point is found by its colour (the after points are filled
// with their emotion's colour, the before points with it lightened) in its
// pixel column, and must lie on the scale's grid line of its emotion
// (found by its grey in a column free of points); in stage mode (a
// competitor) the mean emotion's height between the grid lines. A before
// point (partly) under the after point of its column is not looked for.
func TestDiffMapPNGEmotionHeights(t *testing.T) {
	ours, err := journey.ReadFile(filepath.Join("..", "examples", "sofa", "sofa.yaml"))
	require.NoError(t, err)
	rival, err := journey.ReadFile(filepath.Join("..", "examples", "sofa", "competitor.yaml"))
	require.NoError(t, err)
	pairBefore, pairAfter := testPair()
	cases := []struct {
		name          string
		before, after *journey.Journey
		opts          MapOptions
		stageMode     bool
	}{
		{"pair a", pairBefore, pairAfter, MapOptions{Persona: "a", Width: 900}, false},
		{"pair b x2", pairBefore, pairAfter, MapOptions{Persona: "b", Width: 900, Scale: 2}, false},
		{"rival family", ours, rival, MapOptions{Persona: "family"}, true},
		{"rival couple", ours, rival, MapOptions{Persona: "couple"}, true},
	}
	for _, c := range cases {
		opts := c.opts
		opts.Before = c.before
		scale := max(opts.Scale, 1)
		var b bytes.Buffer
		require.NoError(t, MapPNG(&b, c.after, opts))
		img, err := png.Decode(&b)
		require.NoError(t, err)
		l, err := planMap(c.after, opts)
		require.NoError(t, err)
		l.draw()
		require.Equal(t, c.stageMode, l.diff.competitor, c.name)
		top, bottom := int(l.top[laneEmotions]*scale), int(l.top[laneEmotions+1]*scale)
		grid := gridLines(img, int((mapMargin+labelColW+3)*scale), top, bottom)
		require.Len(t, grid, 5, "%s: the five grid lines −2..+2", c.name)
		heightOf := func(e float64) float64 { // grid runs from +2 at the top
			return grid[0] + (journey.MaxEmotion-e)*(grid[4]-grid[0])/(journey.MaxEmotion-journey.MinEmotion)
		}
		after := l.curve(l.v, l.lines[0], false)
		before := l.curve(l.diff.b, l.diff.lines[0], true)
		require.NotEmpty(t, after, c.name)
		require.NotEmpty(t, before, c.name)
		afterAt := map[float64]float64{}
		for _, p := range after {
			afterAt[p.x] = p.e
		}
		find := func(p curvePoint, lighter bool) {
			k := int(p.e+2.5) - 2
			col := emotionColors[k-journey.MinEmotion]
			if lighter {
				col = lighten(col, 0.5)
			}
			y, ok := pointAt(img, int(p.x*scale), int(grid[0]-6*scale), int(grid[4]+6*scale), col)
			require.True(t, ok, "%s: point at x %.1f (emotion %.2f, before %v) not found", c.name, p.x, p.e, lighter)
			assert.InDelta(t, heightOf(p.e), y, 1.0, "%s: point at x %.1f, emotion %.2f, before %v", c.name, p.x, p.e, lighter)
		}
		checked := 0
		for _, p := range after {
			find(p, false)
		}
		for _, p := range before {
			// Closer than the two radii and the stroke, the after point
			// hides part of the before point.
			if e, ok := afterAt[p.x]; ok && math.Abs(e-p.e)*emotionUnit < 11 {
				continue
			}
			find(p, true)
			checked++
		}
		assert.Positive(t, checked, "%s: before points apart from the after curve", c.name)
	}
}

// testPair is a to-be journey and its as-is: a step removed, one added,
// emotions changed.
func testPair() (before, after *journey.Journey) {
	before = &journey.Journey{ID: "as-is",
		Personas: []persona.Persona{{ID: "a"}, {ID: "b"}},
		Stages:   []journey.Stage{{ID: "s1"}, {ID: "s2"}},
		Steps: []journey.Step{
			{ID: "x", Stage: "s1", Emotion: 1}, {ID: "y", Stage: "s1", Emotion: -2}, {ID: "z", Stage: "s2", Emotion: 0, Personas: []string{"a"}},
			{ID: "w", Stage: "s2", Emotion: -1},
		},
		Entries: []string{"x"},
	}
	after = &journey.Journey{ID: "to-be",
		Personas: []persona.Persona{{ID: "a"}, {ID: "b"}},
		Stages:   []journey.Stage{{ID: "s1"}, {ID: "s2"}},
		Steps: []journey.Step{
			{ID: "x", Stage: "s1", Emotion: 2}, {ID: "n", Stage: "s1", Emotion: 1}, {ID: "z", Stage: "s2", Emotion: 2, Personas: []string{"a"}},
			{ID: "w", Stage: "s2", Emotion: -1},
		},
		Entries: []string{"x"},
	}
	return before, after
}

// TestDiffMapNoOverlap checks the geometry of maps of comparisons as
// TestMapNoOverlap does: the removed steps' cards and the removed stages'
// columns hold their text, and nothing overlaps.
func TestDiffMapNoOverlap(t *testing.T) {
	ours, err := journey.ReadFile(filepath.Join("..", "examples", "sofa", "sofa.yaml"))
	require.NoError(t, err)
	rival, err := journey.ReadFile(filepath.Join("..", "examples", "sofa", "competitor.yaml"))
	require.NoError(t, err)
	pb, pa := testPair()
	long := longJourney(60, 6)
	shorter := longJourney(40, 5)
	for name, pair := range map[string][2]*journey.Journey{
		"rival": {ours, rival}, "pair": {pb, pa}, "pair back": {pa, pb},
		"long": {long, shorter}, "long back": {shorter, long},
	} {
		for _, width := range []float64{0, 900, 3000} {
			l, err := planMap(pair[1], MapOptions{Width: width, Before: pair[0]})
			require.NoError(t, err)
			checkGeometry(t, fmt.Sprintf("%s at %v", name, width), l, l.draw())
		}
	}
}
