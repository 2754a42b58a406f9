package render_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/compare"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/render"
)

// diffBefore and diffAfter are an as-is and a to-be journey of every
// change the map of a comparison draws: emotions changed, a step added, a
// step removed from a stage both have, a stage removed with its step, a
// persona only before has.
func diffBefore() *journey.Journey {
	return &journey.Journey{
		ID: "as-is", Name: "Shop as it is",
		Personas: []persona.Persona{{ID: "a", Name: "Alice"}, {ID: "b", Name: "Bob"}, {ID: "gone", Name: "Left us"}},
		Stages: []journey.Stage{
			{ID: "look", Name: "Looking", Phase: journey.Phase("awareness")},
			{ID: "pick", Name: "Picking", Phase: journey.Phase("consideration")},
			{ID: "call", Name: "Calling the shop", Phase: journey.Phase("decision")},
			{ID: "pay", Name: "Paying", Phase: journey.Phase("purchase")},
		},
		Steps: []journey.Step{
			{ID: "ad", Stage: "look", Action: "sees an ad", Emotion: 1},
			{ID: "browse", Stage: "pick", Action: "browses the catalogue", Emotion: 0},
			{ID: "compare", Stage: "pick", Action: "compares prices in a spreadsheet", Emotion: -2, Personas: []string{"a"}},
			{ID: "phone", Stage: "call", Action: "phones to ask about stock", Emotion: -1},
			{ID: "card", Stage: "pay", Action: "pays by card", Emotion: -2},
			{ID: "done", Stage: "pay", Action: "gets the receipt", Emotion: 1},
		},
		Transitions: []journey.Transition{{From: "ad", To: "browse"}, {From: "browse", To: "compare"}, {From: "compare", To: "phone"},
			{From: "browse", To: "phone"}, {From: "phone", To: "card"}, {From: "card", To: "done"}},
		Entries: []string{"ad"}, Goals: []string{"done"},
	}
}

func diffAfter() *journey.Journey {
	return &journey.Journey{
		ID: "to-be", Name: "Shop as it will be",
		Personas: []persona.Persona{{ID: "a", Name: "Alice"}, {ID: "b", Name: "Bob"}},
		Stages: []journey.Stage{
			{ID: "look", Name: "Looking", Phase: journey.Phase("awareness")},
			{ID: "pick", Name: "Picking", Phase: journey.Phase("consideration")},
			{ID: "pay", Name: "Paying", Phase: journey.Phase("purchase")},
		},
		Steps: []journey.Step{
			{ID: "ad", Stage: "look", Action: "sees an ad", Emotion: 1},
			{ID: "browse", Stage: "pick", Action: "browses the catalogue", Emotion: 1},
			{ID: "filter", Stage: "pick", Action: "filters by price", Emotion: 2, Personas: []string{"a"}},
			{ID: "wallet", Stage: "pay", Action: "pays with a wallet app", Emotion: 2},
			{ID: "card", Stage: "pay", Action: "pays by card", Emotion: -1, Personas: []string{"b"}},
			{ID: "done", Stage: "pay", Action: "gets the receipt", Emotion: 2},
		},
		Transitions: []journey.Transition{{From: "ad", To: "browse"}, {From: "browse", To: "filter"}, {From: "filter", To: "wallet"},
			{From: "browse", To: "card"}, {From: "wallet", To: "done"}, {From: "card", To: "done"}},
		Entries: []string{"ad"}, Goals: []string{"done"},
	}
}

func rivalFile(t testing.TB) *journey.Journey {
	t.Helper()
	j, err := journey.ReadFile(filepath.Join("..", "examples", "sofa", "competitor.yaml"))
	require.NoError(t, err)
	return j
}

func webshop(t testing.TB, name string) *journey.Journey {
	t.Helper()
	j, err := journey.ReadFile(filepath.Join("..", "examples", "webshop", name+".yaml"))
	require.NoError(t, err)
	return j
}

type diffMapCase struct {
	name          string
	before, after *journey.Journey
	opts          render.MapOptions
}

func diffMapCases(t testing.TB) []diffMapCase {
	return []diffMapCase{
		{"diff-pair", diffBefore(), diffAfter(), render.MapOptions{}},
		{"diff-pair-a", diffBefore(), diffAfter(), render.MapOptions{Persona: "a"}},
		{"diff-pair-back", diffAfter(), diffBefore(), render.MapOptions{Width: 900}},
		{"diff-webshop", webshop(t, "before"), webshop(t, "after"), render.MapOptions{}},
		{"diff-rival", sofaFile(t), rivalFile(t), render.MapOptions{}},
		{"diff-rival-family", sofaFile(t), rivalFile(t), render.MapOptions{Persona: "family", NoLegend: true}},
		{"diff-empty", &journey.Journey{ID: "empty"}, tiny(), render.MapOptions{}},
	}
}

// TestDiffMapGolden compares each comparison's SVG with its golden file
// under testdata/map/ (JOURNEYTEST_UPDATE=1 rewrites them).
func TestDiffMapGolden(t *testing.T) {
	for _, c := range diffMapCases(t) {
		t.Run(c.name, func(t *testing.T) {
			opts := c.opts
			opts.Before = c.before
			var b bytes.Buffer
			require.NoError(t, render.Map(&b, c.after, opts))
			require.NoError(t, xml.Unmarshal(b.Bytes(), new(struct{})), "well-formed")
			journeytest.Golden(t, filepath.Join("testdata", "map", c.name+".svg.golden"), b.Bytes())
			writeSample(t, c.name, b.Bytes(), c.after, opts)
		})
	}
}

// TestDiffMapDeterministic renders each comparison many times: the bytes
// of the SVG and the PNG never change, and the journeys are left alone.
func TestDiffMapDeterministic(t *testing.T) {
	for _, c := range diffMapCases(t) {
		opts := c.opts
		opts.Before = c.before
		var first, firstPNG bytes.Buffer
		require.NoError(t, render.Map(&first, c.after, opts))
		require.NoError(t, render.MapPNG(&firstPNG, c.after, opts))
		for range 10 {
			var b bytes.Buffer
			require.NoError(t, render.Map(&b, c.after, opts))
			require.Equal(t, first.String(), b.String(), c.name)
		}
		var b bytes.Buffer
		require.NoError(t, render.MapPNG(&b, c.after, opts))
		require.Equal(t, firstPNG.Bytes(), b.Bytes(), c.name)
	}
	before, after := diffBefore(), diffAfter()
	require.NoError(t, render.Map(io.Discard, after, render.MapOptions{Before: before}))
	assert.Equal(t, diffBefore(), before)
	assert.Equal(t, diffAfter(), after)
}

// point is an emotion point read back from the SVG.
type point struct {
	key     string // step or stage ID
	emotion string
}

var pointRe = regexp.MustCompile(`<circle [^>]*class="emotion-point( before)?" data-(step|stage)="([^"]*)" data-emotion="([^"]*)"`)

// curves reads the points of the after and before curves of an SVG.
func curves(svg string) (after, before []point) {
	for _, m := range pointRe.FindAllStringSubmatch(svg, -1) {
		p := point{m[3], m[4]}
		if m[1] != "" {
			before = append(before, p)
		} else {
			after = append(after, p)
		}
	}
	return after, before
}

// TestDiffMapSteps checks the comparison of journeys sharing step IDs,
// persona by persona, against the journeys: each curve has a point per
// step of its side the persona takes, at that step's emotion; the steps
// only after has are marked NEW, those only before has are listed as
// removed, and the stage only before has has a column of its own.
func TestDiffMapSteps(t *testing.T) {
	before, after := diffBefore(), diffAfter()
	for _, p := range []string{"a", "b"} {
		var b bytes.Buffer
		require.NoError(t, render.Map(&b, after, render.MapOptions{Before: before, Persona: p}))
		svg := b.String()
		gotAfter, gotBefore := curves(svg)
		want := func(j *journey.Journey) []point {
			var ps []point
			for _, s := range j.ForPersona(p).Steps {
				ps = append(ps, point{s.ID, strconv.Itoa(s.Emotion)})
			}
			return ps
		}
		assert.ElementsMatch(t, want(after), gotAfter, "after curve of %s", p)
		assert.ElementsMatch(t, want(before), gotBefore, "before curve of %s", p)
		d, err := compare.Compare(context.Background(), before, after, compare.Options{Persona: p})
		require.NoError(t, err)
		for _, id := range d.AddedSteps {
			assert.Regexp(t, `<g class="step added" data-step="`+id+`"`, svg, "%s: added %s", p, id)
		}
		assert.Equal(t, len(d.AddedSteps), strings.Count(svg, `class="step added"`), p)
		var removed []string
		for _, m := range regexp.MustCompile(`<g class="removed-step" data-step="([^"]*)"`).FindAllStringSubmatch(svg, -1) {
			removed = append(removed, m[1])
		}
		assert.ElementsMatch(t, d.RemovedSteps, removed, "%s: removed steps", p)
		assert.Contains(t, svg, `<g class="stage removed" id="map-stage-3" data-stage="call">`, "the removed stage in its place")
	}
	// All personas: one before curve per persona after has; the persona
	// only before has draws none.
	var b bytes.Buffer
	require.NoError(t, render.Map(&b, after, render.MapOptions{Before: before}))
	assert.Equal(t, 2, strings.Count(b.String(), `<g class="emotion before"`))
	assert.Contains(t, b.String(), `REMOVED STAGE`)
}

// TestDiffMapCompetitor compares journeys sharing no step ID stage by
// stage: each curve has a point per stage at the mean emotion of its
// steps there, checked against compare.Compare's stage emotions (the peer
// oracle), persona by persona.
func TestDiffMapCompetitor(t *testing.T) {
	ours, rival := sofaFile(t), rivalFile(t)
	for _, p := range []string{"couple", "family"} {
		d, err := compare.Compare(context.Background(), ours, rival, compare.Options{Persona: p})
		require.NoError(t, err)
		require.True(t, d.Competitor)
		wantAfter, wantBefore := map[string]string{}, map[string]string{}
		for _, s := range d.Stages {
			key := s.Stage
			if s.StageAfter != "" || s.After != nil && s.Before == nil {
				key = cmpOr(s.StageAfter, s.Stage)
			}
			if s.EmotionAfter != nil && s.After != nil && s.After.Steps > 0 {
				wantAfter[key] = strconv.FormatFloat(*s.EmotionAfter, 'f', 2, 64)
			}
			if s.EmotionBefore != nil && s.Before != nil && s.Before.Steps > 0 {
				wantBefore[key] = strconv.FormatFloat(*s.EmotionBefore, 'f', 2, 64)
			}
		}
		var b bytes.Buffer
		require.NoError(t, render.Map(&b, rival, render.MapOptions{Before: ours, Persona: p}))
		gotAfter, gotBefore := curves(b.String())
		asMap := func(ps []point) map[string]string {
			m := map[string]string{}
			for _, q := range ps {
				m[q.key] = q.emotion
			}
			return m
		}
		assert.Equal(t, wantAfter, asMap(gotAfter), "%s: after, per stage", p)
		assert.Equal(t, wantBefore, asMap(gotBefore), "%s: before, per stage", p)
		assert.NotContains(t, b.String(), `class="step added"`, "a competitor's steps are not marked new")
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestDiffMapHostileText compares hostile journeys: the SVG is well-formed
// with only the map's elements, and the PNG draws.
func TestDiffMapHostileText(t *testing.T) {
	h := hostileJourney()
	other := hostileJourney()
	other.Steps[0].ID += "x"                                                                // a removed and an added step
	other.Stages = append(other.Stages, journey.Stage{ID: hostile + "only", Name: hostile}) // a removed stage
	other.Steps = append(other.Steps, journey.Step{ID: hostile + "z", Stage: hostile + "only", Action: hostile})
	for _, pair := range [][2]*journey.Journey{{other, h}, {h, other}, {diffBefore(), h}} {
		for _, opts := range []render.MapOptions{{Before: pair[0]}, {Before: pair[0], Persona: hostile}} {
			if opts.Persona != "" && (!hasPersona(pair[0], opts.Persona) || !hasPersona(pair[1], opts.Persona)) {
				continue
			}
			var b bytes.Buffer
			require.NoError(t, render.Map(&b, pair[1], opts))
			dec := xml.NewDecoder(&b)
			allowed := map[string]bool{"svg": true, "title": true, "g": true, "rect": true, "circle": true, "polyline": true, "text": true}
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				}
				require.NoError(t, err, "the SVG is well-formed XML")
				if se, ok := tok.(xml.StartElement); ok {
					assert.True(t, allowed[se.Name.Local], "element <%s>", se.Name.Local)
					for _, a := range se.Attr {
						assert.False(t, strings.HasPrefix(strings.ToLower(a.Name.Local), "on"), "attribute %s", a.Name.Local)
					}
				}
			}
			require.NoError(t, render.MapPNG(io.Discard, pair[1], opts))
		}
	}
}

// TestDiffMapErrors: a before journey without the persona, nil, or beyond
// the size guard fails with a problem.
func TestDiffMapErrors(t *testing.T) {
	for _, fn := range []func(io.Writer, *journey.Journey, render.MapOptions) error{render.Map, render.MapPNG} {
		var ps journey.Problems
		before := diffBefore()
		before.Personas = slices.DeleteFunc(before.Personas, func(p persona.Persona) bool { return p.ID == "b" })
		require.True(t, errors.As(fn(io.Discard, diffAfter(), render.MapOptions{Before: before, Persona: "b"}), &ps))
		assert.Equal(t, render.CodeUnknownPersona, ps[0].Code)
		require.True(t, errors.As(fn(io.Discard, diffAfter(), render.MapOptions{Before: manyStages(30), MaxStages: 10}), &ps))
		assert.Equal(t, render.CodeMapTooLarge, ps[0].Code)
		require.True(t, errors.As(fn(io.Discard, nil, render.MapOptions{Before: diffBefore()}), &ps))
		assert.Equal(t, render.CodeNilJourney, ps[0].Code)
	}
}

// randomDiffJourney is a journey of up to n steps with random stages (some
// unknown, some duplicated), IDs drawn from a small pool (so that two
// journeys share some), duplicate step IDs and emotions out of range.
func randomDiffJourney(r *rand.Rand, id string, n int) *journey.Journey {
	j := &journey.Journey{ID: id}
	phases := []journey.Phase{"awareness", "consideration", "purchase", ""}
	for i := range r.IntN(5) {
		j.Stages = append(j.Stages, journey.Stage{ID: "st" + strconv.Itoa(r.IntN(6)), Name: "stage " + strconv.Itoa(i), Phase: phases[r.IntN(len(phases))]})
	}
	for range r.IntN(n + 1) {
		st := "st" + strconv.Itoa(r.IntN(7))
		j.Steps = append(j.Steps, journey.Step{ID: "s" + strconv.Itoa(r.IntN(2*n)), Stage: st, Action: "does " + st, Emotion: r.IntN(7) - 3})
	}
	for k := 1; k < len(j.Steps); k++ {
		if r.IntN(3) > 0 {
			j.Transitions = append(j.Transitions, journey.Transition{From: j.Steps[r.IntN(k)].ID, To: j.Steps[k].ID})
		}
	}
	if len(j.Steps) > 0 {
		j.Entries = []string{j.Steps[0].ID}
	}
	return j
}

// TestDiffMapRandom draws random pairs: no error, well-formed SVG, and, in
// step mode, a point on each curve for every step of its side (the first
// of each ID) at its emotion, drawn once; in stage mode a point per column
// where the side has steps.
func TestDiffMapRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 4))
	stepMode := 0
	for i := range 400 {
		before, after := randomDiffJourney(r, "a", 8), randomDiffJourney(r, "b", 8)
		if i%3 == 0 {
			before = randomDiffJourney(r, "a", 8)
			for k := range before.Steps {
				before.Steps[k].ID = "x" + before.Steps[k].ID // a competitor
			}
		}
		var b bytes.Buffer
		require.NoError(t, render.Map(&b, after, render.MapOptions{Before: before}), "pair %d", i)
		require.NoError(t, xml.Unmarshal(b.Bytes(), new(struct{})), "pair %d: well-formed", i)
		gotAfter, gotBefore := curves(b.String())
		want := func(j *journey.Journey) []point {
			var ps []point
			seen := map[string]bool{}
			for _, s := range j.Steps {
				if !seen[s.ID] {
					seen[s.ID] = true
					ps = append(ps, point{s.ID, strconv.Itoa(max(-2, min(2, s.Emotion)))})
				}
			}
			return ps
		}
		if strings.Contains(b.String(), `data-stage="`) && strings.Contains(b.String(), "mean per stage") {
			continue // stage mode: checked against compare in TestDiffMapCompetitor
		}
		stepMode++
		assert.ElementsMatch(t, want(after), gotAfter, "pair %d: after", i)
		assert.ElementsMatch(t, want(before), gotBefore, "pair %d: before", i)
		if i%20 == 0 {
			require.NoError(t, render.MapPNG(io.Discard, after, render.MapOptions{Before: before}), "pair %d", i)
		}
	}
	assert.Greater(t, stepMode, 150, "pairs drawn step by step")
}

// FuzzDiffMap draws random pairs with arbitrary IDs and texts: no error,
// and the SVG is well-formed XML.
func FuzzDiffMap(f *testing.F) {
	f.Add(uint64(1), "s1", "pays", "st1")
	f.Add(uint64(2), hostile, hostile, hostile)
	f.Add(uint64(3), "", "\x00", "st9")
	f.Fuzz(func(t *testing.T, seed uint64, id, action, stage string) {
		r := rand.New(rand.NewPCG(seed, 17))
		before, after := randomDiffJourney(r, "a", 6), randomDiffJourney(r, "b", 6)
		for _, j := range []*journey.Journey{before, after} {
			if len(j.Steps) > 0 {
				k := r.IntN(len(j.Steps))
				j.Steps[k].ID, j.Steps[k].Action = id, action
				j.Steps[r.IntN(len(j.Steps))].Stage = stage
			}
			if len(j.Stages) > 0 {
				j.Stages[r.IntN(len(j.Stages))].ID = stage
			}
		}
		var b bytes.Buffer
		require.NoError(t, render.Map(&b, after, render.MapOptions{Before: before}))
		require.NoError(t, xml.Unmarshal(b.Bytes(), new(struct{})))
	})
}
