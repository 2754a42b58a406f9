package render_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/render"
	"github.com/journeymap/journeymap/touchpoint"
)

// sofaFile is the bundled example journey.
func sofaFile(t testing.TB) *journey.Journey {
	t.Helper()
	j, err := journey.ReadFile(filepath.Join("..", "examples", "sofa", "sofa.yaml"))
	require.NoError(t, err)
	return j
}

// sofaFindings are findings for the test journey sofa, as an analysis
// would give them, with the reach of each stage.
func sofaFindings() *render.MapFindings {
	f := render.NewMapFindings(sofaReport())
	conv := 0.125
	f.Conversion = &conv
	f.StageReach = map[string]float64{"aware": 1, "consider": 0.7, "buy": 0.25}
	return f
}

// nastyFindings mark every finding on the journey nasty.
func nastyFindings() *render.MapFindings {
	f := render.NewMapFindings(nastyReport())
	f.StageReach = map[string]float64{"s:1": 1, "s2": 2.5, "s3": -1}
	return f
}

// edge is a journey of every shape the map must survive: a stage without
// steps, a 200-character action, one long word, no emotions, a persona
// without steps, a step of no stage, RTL and CJK text.
func edge() *journey.Journey {
	long := strings.Repeat("Compares the fabrics, ", 10)[:200]
	return &journey.Journey{
		ID: "edge",
		Personas: []persona.Persona{
			{ID: "walker", Name: "Walks it"},
			{ID: "idle", Name: "Has no steps"},
		},
		Touchpoints: []touchpoint.Touchpoint{{ID: "app", Name: "تطبيق الهاتف", Mode: touchpoint.Online}},
		Stages: []journey.Stage{
			{ID: "empty", Name: "Nothing happens here", Goal: "none"},
			{ID: "cjk", Name: "購入の決定", Questions: []string{"この ソファは洗えますか？"}},
			{ID: "rtl", Name: "שלב בעברית", Expectations: []string{"مرحبا بالعالم"}},
		},
		Steps: []journey.Step{
			{ID: "long", Stage: "cjk", Action: long, Personas: []string{"walker"}, Touchpoint: "app"},
			{ID: "word", Stage: "cjk", Action: strings.Repeat("Supercalifragilistic", 8), Personas: []string{"walker"}},
			{ID: "kanji", Stage: "rtl", Action: "ソファを買う前に生地を確認する顧客が多いので店舗で見本を渡す", Personas: []string{"walker"},
				Thoughts: []string{"זה יקר מדי"}},
			{ID: "lost", Stage: "gone", Action: "in no stage"},
		},
		Transitions: []journey.Transition{{From: "long", To: "word"}, {From: "word", To: "kanji"}},
		Entries:     []string{"long"},
		Goals:       []string{"kanji"},
	}
}

// manyStages is a journey of n stages, two steps each.
func manyStages(n int) *journey.Journey {
	j := &journey.Journey{ID: fmt.Sprintf("stages-%d", n), Entries: []string{"s0-0"}}
	for i := range n {
		j.Stages = append(j.Stages, journey.Stage{ID: fmt.Sprintf("s%d", i), Name: fmt.Sprintf("Stage number %d", i+1), Goal: "get on"})
		for k := range 2 {
			id := fmt.Sprintf("s%d-%d", i, k)
			j.Steps = append(j.Steps, journey.Step{ID: id, Stage: fmt.Sprintf("s%d", i), Action: "does step " + id, Emotion: (i+k)%5 - 2})
			if i > 0 || k > 0 {
				prev := j.Steps[len(j.Steps)-2].ID
				j.Transitions = append(j.Transitions, journey.Transition{From: prev, To: id})
			}
		}
	}
	j.Goals = []string{j.Steps[len(j.Steps)-1].ID}
	return j
}

// counted is tiny with the customers observed at each step.
func counted() *journey.Journey {
	j := tiny()
	j.Steps[0].Count = 1200
	j.Steps[0].Counts = map[string]int64{"p": 900}
	j.Steps[1].Count = 120
	return j
}

type mapCase struct {
	name string
	j    *journey.Journey
	opts render.MapOptions
}

func mapCases(t testing.TB) []mapCase {
	return []mapCase{
		{"sofa-example", sofaFile(t), render.MapOptions{}},
		{"sofa-example-family", sofaFile(t), render.MapOptions{Persona: "family"}},
		{"sofa", sofa(), render.MapOptions{Findings: sofaFindings()}},
		{"nasty", nasty(), render.MapOptions{Findings: nastyFindings()}},
		{"edge", edge(), render.MapOptions{NoLegend: true}},
		{"one-stage", counted(), render.MapOptions{Width: 400}},
		{"one-stage-persona", counted(), render.MapOptions{Width: 400, Persona: "p"}},
		{"empty", &journey.Journey{ID: "empty"}, render.MapOptions{}},
	}
}

// TestMapGolden compares each case's SVG with its golden file under
// testdata/map/; go test ./render -update (or JOURNEYTEST_UPDATE=1)
// rewrites them.
func TestMapGolden(t *testing.T) {
	for _, c := range mapCases(t) {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, render.Map(&b, c.j, c.opts))
			journeytest.Golden(t, filepath.Join("testdata", "map", c.name+".svg.golden"), b.Bytes())
			writeSample(t, c.name, b.Bytes(), c.j, c.opts)
		})
	}
}

// writeSample writes the SVG and PNG of a case to $JOURNEYMAP_MAP_SAMPLES,
// when set, for a person to look at.
func writeSample(t *testing.T, name string, svg []byte, j *journey.Journey, opts render.MapOptions) {
	dir := os.Getenv("JOURNEYMAP_MAP_SAMPLES")
	if dir == "" {
		return
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".svg"), svg, 0o644))
	var b bytes.Buffer
	require.NoError(t, render.MapPNG(&b, j, opts))
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), b.Bytes(), 0o644))
}

// TestMapDeterministic renders each case many times: the bytes never change.
func TestMapDeterministic(t *testing.T) {
	for _, c := range mapCases(t) {
		var first, firstPNG bytes.Buffer
		require.NoError(t, render.Map(&first, c.j, c.opts))
		require.NoError(t, render.MapPNG(&firstPNG, c.j, c.opts))
		for range 10 {
			var b bytes.Buffer
			require.NoError(t, render.Map(&b, c.j, c.opts))
			require.Equal(t, first.String(), b.String(), c.name)
		}
		var b bytes.Buffer
		require.NoError(t, render.MapPNG(&b, c.j, c.opts))
		require.Equal(t, firstPNG.Bytes(), b.Bytes(), c.name)
	}
}

// hostile is written into every text field of a journey by hostileJourney.
const hostile = "</text></svg><script>alert(1)</script><img src=x onerror=alert(2)> javascript:alert(3) \"'&amp; \x00\x1b[31m\uFFFE\uFFFF\xff \u202eRTL עברית 中文"

// hostileJourney has hostile text in every field the map may draw.
func hostileJourney() *journey.Journey {
	h := hostile
	j := &journey.Journey{
		ID: h, Name: h, Purpose: h,
		Personas:    []persona.Persona{{ID: h, Name: h}, {ID: h + "2", Name: h}},
		Touchpoints: []touchpoint.Touchpoint{{ID: h, Name: h, Channel: touchpoint.Channel(h), Mode: touchpoint.Mode(h), Control: touchpoint.Control(h), Importance: 9}},
		Stages:      []journey.Stage{{ID: h, Name: h, Phase: journey.Phase(h), Goal: h, Expectations: []string{h}, Questions: []string{h}}},
		Steps: []journey.Step{
			{ID: h, Stage: h, Touchpoint: h, Action: h, Personas: []string{h}, Emotion: 99, Thoughts: []string{h},
				Barriers: []journey.Barrier{{Description: h, Severity: journey.Severity(h), Kind: h, Personas: []string{h}}}, Opportunities: []string{h}},
			{ID: h + "b", Stage: h + "x", Action: h, Emotion: -99},
		},
		Transitions: []journey.Transition{{From: h, To: h + "b", Label: h}},
		Entries:     []string{h}, Goals: []string{h + "b"}, Exits: []string{h},
	}
	return j
}

// TestMapHostileText checks that no text of the journey escapes its
// element: the SVG parses as XML, has no element but the map's own, and
// every hostile text comes out as character data.
func TestMapHostileText(t *testing.T) {
	j := hostileJourney()
	f := &render.MapFindings{Critical: []string{hostile}, DeadEnds: []string{hostile}, Unreachable: []string{hostile + "b"},
		SilentStages: []string{hostile}, UnreachableStages: []string{hostile}, EmptyStages: []string{hostile},
		StageReach: map[string]float64{hostile: 0.5}}
	for _, opts := range []render.MapOptions{{Findings: f}, {Persona: hostile, Findings: f}} {
		var b bytes.Buffer
		require.NoError(t, render.Map(&b, j, opts))
		out := b.String()
		allowed := map[string]bool{"svg": true, "title": true, "g": true, "rect": true, "circle": true, "polyline": true, "text": true}
		dec := xml.NewDecoder(&b)
		texts := 0
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			require.NoError(t, err, "the SVG is well-formed XML")
			switch tok := tok.(type) {
			case xml.StartElement:
				assert.True(t, allowed[tok.Name.Local], "element <%s>", tok.Name.Local)
				for _, a := range tok.Attr {
					assert.False(t, strings.HasPrefix(strings.ToLower(a.Name.Local), "on"), "event handler attribute %s", a.Name.Local)
					assert.NotContains(t, a.Name.Local, "href")
				}
			case xml.CharData:
				if strings.Contains(string(tok), "<script>") {
					texts++
				}
			}
		}
		assert.Positive(t, texts, "the hostile text is drawn, as text")
		assert.Contains(t, out, "中文", "CJK is written as characters, for the viewer to draw")
		assert.Contains(t, out, "עברית")
		assert.NotContains(t, out, "\x00")
		assert.NotContains(t, out, "\uFFFE")
		require.NoError(t, render.MapPNG(io.Discard, j, opts))
	}
}

// TestMapShapes checks that journeys of every awkward shape draw.
func TestMapShapes(t *testing.T) {
	cases := map[string]*journey.Journey{
		"1 stage":   tiny(),
		"40 stages": manyStages(40),
		"edge":      edge(),
		"no stages": {ID: "x", Steps: []journey.Step{{ID: "a", Action: "alone"}}},
		"duplicate": {ID: "d", Stages: []journey.Stage{{ID: "s"}, {ID: "s"}}, Steps: []journey.Step{{ID: "a", Stage: "s"}, {ID: "a", Stage: "s"}}},
		"layered":   layered(60, 8, 0.05, 3),
	}
	for name, j := range cases {
		for _, p := range []string{"", "walker", "idle", "p1"} {
			if p != "" && !hasPersona(j, p) {
				continue
			}
			var b bytes.Buffer
			require.NoError(t, render.Map(&b, j, render.MapOptions{Persona: p}), "%s as %q", name, p)
			require.NoError(t, xml.Unmarshal(b.Bytes(), new(struct{})), "%s: well-formed", name)
			assert.Equal(t, len(j.Stages)+boolInt(name == "edge" || name == "no stages"), strings.Count(b.String(), `<g class="stage`), "%s: one column per stage", name)
			require.NoError(t, render.MapPNG(io.Discard, j, render.MapOptions{Persona: p}), "%s as %q", name, p)
		}
	}
}

func regexpFind(s, re string) string {
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}

func hasPersona(j *journey.Journey, id string) bool {
	for _, p := range j.Personas {
		if p.ID == id {
			return true
		}
	}
	return false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestMapEmotionLines checks one emotion line per persona, with a point at
// each of its steps, and a line for all customers when there are no personas.
func TestMapEmotionLines(t *testing.T) {
	var b bytes.Buffer
	j := sofaFile(t)
	require.NoError(t, render.Map(&b, j, render.MapOptions{}))
	s := b.String()
	assert.Equal(t, len(j.Personas), strings.Count(s, `<g class="emotion" `))
	for _, p := range j.Personas {
		n := 0
		for _, st := range j.Steps {
			if st.AppliesTo(p.ID) {
				n++
			}
		}
		group := s[strings.Index(s, `data-persona="`+p.ID+`"`):]
		group = group[:strings.Index(group, "</g>")]
		assert.Equal(t, n, strings.Count(group, `class="emotion-point"`), p.ID)
	}
	// Each card names the lines of the personas who take the step.
	for k, p := range j.Personas {
		assert.Equal(t, p.ID, regexpFind(s, `id="map-emotion-`+strconv.Itoa(k+1)+`" data-persona="([^"]*)"`))
	}
	assert.Equal(t, "map-emotion-3", regexpFind(s, `data-step="touches-fabric" data-lines="([^"]*)"`))
	assert.Equal(t, "map-emotion-2 map-emotion-3", regexpFind(s, `data-step="configures-sofa" data-lines="([^"]*)"`))
	assert.Equal(t, "map-emotion-1 map-emotion-2 map-emotion-3", regexpFind(s, `data-step="sees-ad" data-lines="([^"]*)"`))
	b.Reset()
	require.NoError(t, render.Map(&b, j, render.MapOptions{IDPrefix: "all-"}))
	assert.Equal(t, "all-emotion-3", regexpFind(b.String(), `data-step="touches-fabric" data-lines="([^"]*)"`))
	assert.Contains(t, b.String(), `id="all-stage-8"`)
	assert.NotContains(t, b.String(), `id="map-`)
	b.Reset()
	require.NoError(t, render.Map(&b, j, render.MapOptions{Persona: "couple"}))
	assert.Equal(t, 1, strings.Count(b.String(), `<g class="emotion" `))
	assert.Contains(t, b.String(), `data-persona="couple"`)
	b.Reset()
	require.NoError(t, render.Map(&b, manyStages(3), render.MapOptions{}))
	assert.Equal(t, 1, strings.Count(b.String(), `<g class="emotion" `))
	assert.Contains(t, b.String(), `data-persona=""`)
}

// TestMapSizeGuard checks that too large a journey is refused with a
// problem, and drawn when the limit is lifted.
func TestMapSizeGuard(t *testing.T) {
	big := layered(render.DefaultMaxSteps+1, 10, 0, 1)
	var b bytes.Buffer
	err := render.Map(&b, big, render.MapOptions{})
	var ps journey.Problems
	require.True(t, errors.As(err, &ps), "%v", err)
	assert.Equal(t, render.CodeMapTooLarge, ps[0].Code)
	assert.Equal(t, "steps", ps[0].Path)
	assert.Zero(t, b.Len(), "nothing is written")
	require.NoError(t, render.Map(io.Discard, big, render.MapOptions{MaxSteps: -1}))

	err = render.Map(io.Discard, manyStages(12), render.MapOptions{MaxStages: 10})
	require.True(t, errors.As(err, &ps), "%v", err)
	assert.Equal(t, "stages", ps[0].Path)

	err = render.MapPNG(io.Discard, manyStages(10), render.MapOptions{Scale: 100})
	require.True(t, errors.As(err, &ps), "%v", err)
	assert.Equal(t, render.CodeMapTooLarge, ps[0].Code)

	err = render.MapPNG(io.Discard, tiny(), render.MapOptions{Font: []byte("not a font")})
	require.True(t, errors.As(err, &ps), "%v", err)
	assert.Equal(t, render.CodeMapFont, ps[0].Code)
}

func TestMapErrors(t *testing.T) {
	for _, fn := range []func(io.Writer, *journey.Journey, render.MapOptions) error{render.Map, render.MapPNG} {
		var ps journey.Problems
		require.True(t, errors.As(fn(io.Discard, nil, render.MapOptions{}), &ps))
		assert.Equal(t, render.CodeNilJourney, ps[0].Code)
		require.True(t, errors.As(fn(io.Discard, sofa(), render.MapOptions{Persona: "nobody"}), &ps))
		assert.Equal(t, render.CodeUnknownPersona, ps[0].Code)
		for _, after := range []int{0, 100, 5000} {
			assert.ErrorIs(t, fn(&failWriter{after: after}, sofa(), render.MapOptions{}), errWrite, "after %d bytes", after)
		}
	}
}

// TestMapDoesNotChangeJourney checks that drawing leaves its input alone.
func TestMapDoesNotChangeJourney(t *testing.T) {
	j, f := nasty(), nastyFindings()
	require.NoError(t, render.Map(io.Discard, j, render.MapOptions{Findings: f, Persona: "p2"}))
	require.NoError(t, render.MapPNG(io.Discard, j, render.MapOptions{Findings: f}))
	assert.Equal(t, nasty(), j)
	assert.Equal(t, nastyFindings(), f)
}

// droidFallback is Debian's fonts-droid-fallback, a TrueType font with CJK.
const droidFallback = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

// TestMapPNGFont draws CJK text in the PNG with a font that has it: the
// Go fonts draw empty boxes (.notdef) where MapOptions.Font draws glyphs,
// so the two PNGs differ in the cell of the CJK action.
func TestMapPNGFont(t *testing.T) {
	font, err := os.ReadFile(droidFallback)
	if err != nil {
		t.Skipf("no CJK TrueType font (apt-get install fonts-droid-fallback): %v", err)
	}
	j := &journey.Journey{ID: "cjk", Stages: []journey.Stage{{ID: "s", Name: "購入"}},
		Steps: []journey.Step{{ID: "a", Stage: "s", Action: "ソファを買う"}}, Entries: []string{"a"}}
	var goFont, cjk, svg bytes.Buffer
	require.NoError(t, render.MapPNG(&goFont, j, render.MapOptions{NoLegend: true}))
	require.NoError(t, render.MapPNG(&cjk, j, render.MapOptions{NoLegend: true, Font: font}))
	require.NoError(t, render.Map(&svg, j, render.MapOptions{NoLegend: true, Font: font}))
	assert.NotEqual(t, goFont.Bytes(), cjk.Bytes())
	assert.Contains(t, svg.String(), ">ソファを買う<")
	if dir := os.Getenv("JOURNEYMAP_MAP_SAMPLES"); dir != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "cjk-font.png"), cjk.Bytes(), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "cjk-gofont.png"), goFont.Bytes(), 0o644))
	}
}

// FuzzMap draws journeys with arbitrary IDs and texts: the SVG is always
// well-formed XML with one column per stage and its text is the journey's
// (every action's words are there). TestMapHostileText draws the PNG.
func FuzzMap(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5])
	}
	f.Fuzz(func(t *testing.T, id1, id2, action1, action2, stage, label string) {
		j := fuzzLabelJourney(id1, id2, action1, action2, stage, label)
		if j == nil {
			return
		}
		j.Steps[1].Thoughts = []string{label}
		j.Steps[2].Opportunities = []string{stage}
		j.Stages[0].Questions = []string{action1}
		findings := &render.MapFindings{Critical: []string{id1}, DeadEnds: []string{id2}, SilentStages: []string{"s"}}
		for _, opts := range []render.MapOptions{{}, {Findings: findings, Persona: "p"}} {
			var b bytes.Buffer
			require.NoError(t, render.Map(&b, j, opts))
			dec := xml.NewDecoder(bytes.NewReader(b.Bytes()))
			var text strings.Builder
			stages := 0
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
				switch tok := tok.(type) {
				case xml.StartElement:
					for _, a := range tok.Attr {
						if a.Name.Local == "class" && strings.HasPrefix(a.Value, "stage") {
							stages++
						}
					}
				case xml.CharData:
					text.WriteString(string(tok))
					text.WriteByte(' ')
				}
			}
			require.Equal(t, 2, stages)
			drawn := text.String()
			for _, w := range strings.Fields(xmlText(action1)) {
				if len([]rune(action1)) < 500 && !strings.ContainsAny(w, "-/\u2010") {
					// Words too long for a line are broken with a hyphen.
					require.Contains(t, strings.ReplaceAll(strings.Join(strings.Fields(drawn), ""), "-", ""), w, "action %q", action1)
				}
			}
		}
	})
}

// xmlText is s as the decoder gives it back from the SVG: without the
// characters XML cannot carry.
func xmlText(s string) string {
	var valid strings.Builder
	for _, r := range s { // each invalid byte becomes U+FFFD
		valid.WriteRune(r)
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, valid.String())
}

// TestMapConcurrent draws one journey from many goroutines at once (run
// with -race): the fonts are shared, read-only.
func TestMapConcurrent(t *testing.T) {
	j := sofaFile(t)
	var want bytes.Buffer
	require.NoError(t, render.Map(&want, j, render.MapOptions{}))
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			var b bytes.Buffer
			err := render.Map(&b, j, render.MapOptions{Persona: ""})
			if err == nil && b.String() != want.String() {
				err = errors.New("a different map")
			}
			if err == nil {
				err = render.MapPNG(io.Discard, tiny(), render.MapOptions{NoLegend: true})
			}
			errs <- err
		}()
	}
	for range 8 {
		require.NoError(t, <-errs)
	}
}
