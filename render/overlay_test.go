package render_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
	"github.com/journeymap/journeymap/render"
)

// sofaOverlay is traffic seen on the sofa journey: most designed moves, one
// never taken (browse -> leave), moves the design lacks (between steps and
// to an activity that is no step), and noise that must be ignored.
func sofaOverlay() *render.Overlay {
	return &render.Overlay{
		Moves: []render.OverlayMove{
			{"see-ad", "browse", 400}, {"hear", "reviews", 100}, {"reviews", "browse", 90},
			{"browse", "visit", 120}, {"visit", "order", 60}, {"visit", "reviews", 10},
			{"browse", "quote", 4},
			{"see-ad", "order", 7},               // unmodelled between steps
			{"browse", "chat \"live\"\nnow", 30}, // to an activity that is no step
			{"chat \"live\"\nnow", "visit", 25},
			{"order", "order", 3},
			{"hear", "visit", 0}, {"hear", "order", -5}, // ignored
		},
		Unvisited: []string{"leave", "quote"},
	}
}

func TestOverlayGolden(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, render.DOT(&b, sofa(), render.Options{Overlay: sofaOverlay()}))
	journeytest.Golden(t, filepath.Join("testdata", "sofa-overlay.dot.golden"), b.Bytes())
}

// edgeLine returns the DOT line of the edge from -> to (quoted IDs).
func edgeLine(t *testing.T, dot, from, to string) string {
	t.Helper()
	for _, l := range strings.Split(dot, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), from+" -> "+to+" ") {
			return l
		}
	}
	require.FailNow(t, "no edge", "%s -> %s in\n%s", from, to, dot)
	return ""
}

func TestOverlayMarks(t *testing.T) {
	out, err := render.DOTBytes(sofa(), render.Options{Overlay: sofaOverlay()})
	require.NoError(t, err)
	dot := string(out)
	// The busiest move has the widest pen; a designed move no one took is
	// dotted and grey.
	assert.Contains(t, edgeLine(t, dot, `"see-ad"`, `"browse"`), "penwidth=8")
	assert.Contains(t, edgeLine(t, dot, `"see-ad"`, `"browse"`), `seen 400`)
	assert.Contains(t, edgeLine(t, dot, `"browse"`, `"leave"`), `seen 0`)
	assert.Contains(t, edgeLine(t, dot, `"browse"`, `"leave"`), "style=dotted")
	// Unmodelled moves are dashed in the warning colour; one to an
	// activity that is no step goes to a made-up node labelled with it,
	// escaped.
	un := edgeLine(t, dot, `"see-ad"`, `"order"`)
	assert.Contains(t, un, "style=dashed")
	assert.Contains(t, un, `color="#d35400"`)
	assert.Contains(t, un, "constraint=false")
	assert.Contains(t, dot, `"jm:observed0" [label="NOT IN THE JOURNEY\nchat \"live\"\nnow"`)
	assert.Contains(t, edgeLine(t, dot, `"browse"`, `"jm:observed0"`), "seen 30")
	assert.Contains(t, edgeLine(t, dot, `"jm:observed0"`, `"visit"`), "seen 25")
	assert.Contains(t, edgeLine(t, dot, `"order"`, `"order"`), "unmodelled")
	// Ignored moves draw nothing.
	assert.NotContains(t, dot, `"hear" -> "visit"`)
	assert.NotContains(t, dot, `"hear" -> "order"`)
	// Unvisited steps are greyed and say so.
	for _, l := range strings.Split(dot, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), `"leave" [`) {
			assert.Contains(t, l, "UNVISITED")
			assert.Contains(t, l, `fillcolor="#e6e6e6"`)
		}
	}
	assert.Contains(t, dot, "UNVISITED: no customer")
}

func TestOverlayLimitAndPersona(t *testing.T) {
	o := sofaOverlay()
	o.MaxUnmodelled = 1
	out, err := render.DOTBytes(sofa(), render.Options{Overlay: o})
	require.NoError(t, err)
	dot := string(out)
	// The most frequent unmodelled move is drawn; the other three are
	// counted in the title.
	assert.Contains(t, dot, `"jm:observed0"`)
	assert.NotContains(t, dot, `"see-ad" -> "order"`)
	assert.Contains(t, dot, "3 less frequent unmodelled transitions (35 moves) not drawn")

	// For the family persona, browse -> quote is no transition: the move
	// is unmodelled, and quote (a corp step) is not drawn, so it gets a
	// node of its own.
	out, err = render.DOTBytes(sofa(), render.Options{Overlay: sofaOverlay(), Persona: "family"})
	require.NoError(t, err)
	dot = string(out)
	assert.Contains(t, dot, `NOT IN THE JOURNEY\nquote`)

	o.MaxUnmodelled = -1
	out, err = render.DOTBytes(sofa(), render.Options{Overlay: o})
	require.NoError(t, err)
	assert.NotContains(t, string(out), "unmodelled\\n")
}

// TestOverlayDuplicatePairs: where a pair has a transition per persona, the
// first drawn carries the moves, once.
func TestOverlayDuplicatePairs(t *testing.T) {
	j := &journey.Journey{ID: "d", Entries: []string{"a"}, Goals: []string{"b"},
		Steps:       []journey.Step{{ID: "a"}, {ID: "b"}},
		Transitions: []journey.Transition{{From: "a", To: "b", Personas: []string{"x"}}, {From: "a", To: "b", Personas: []string{"y"}}}}
	out, err := render.DOTBytes(j, render.Options{Overlay: &render.Overlay{Moves: []render.OverlayMove{{"a", "b", 5}}}, NoLegend: true})
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(out), "seen 5"), string(out))
	// Without an overlay nothing changes.
	plain, err := render.DOTBytes(sofa(), render.Options{})
	require.NoError(t, err)
	withEmpty, err := render.DOTBytes(sofa(), render.Options{Overlay: &render.Overlay{}})
	require.NoError(t, err)
	assert.NotContains(t, string(plain), "seen ")
	assert.Contains(t, string(withEmpty), "seen 0")
}

// TestOverlayWithFindings: the observed volume sets the pen after the
// findings, so the best path keeps its colour and shows its traffic.
func TestOverlayWithFindings(t *testing.T) {
	out, err := render.DOTBytes(sofa(), render.Options{Overlay: sofaOverlay(), Report: sofaReport()})
	require.NoError(t, err)
	best := edgeLine(t, string(out), `"see-ad"`, `"browse"`)
	assert.Regexp(t, `penwidth=3, color="#1f5fbf", fontcolor="#1f5fbf", penwidth=8\]`, best)
}
