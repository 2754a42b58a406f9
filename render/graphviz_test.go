package render_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/journeymap/journeymap/internal/gographviz"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
)

// This file checks the DOT against Graphviz itself, through go-graphviz
// (Graphviz compiled to WebAssembly) and, where it is installed, the native
// dot command. go-graphviz is not safe for concurrent use: no t.Parallel.

// decodeName undoes the escapes DOT's writer puts in an ID that Graphviz
// keeps in the node's name: \\, \n, \xNN and \u{N}.
func decodeName(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case '\\':
			b.WriteByte('\\')
			i++
		case 'n':
			b.WriteByte('\n')
			i++
		case 'x':
			v, _ := strconv.ParseUint(s[i+2:i+4], 16, 8)
			b.WriteByte(byte(v))
			i += 3
		case 'u':
			end := strings.IndexByte(s[i:], '}')
			v, _ := strconv.ParseUint(s[i+3:i+end], 16, 32)
			b.WriteRune(rune(v))
			i += end
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// decodeLabel undoes the escapes of a label as Graphviz will when it draws
// it: \\ is a backslash, \n a line break, &amp; an ampersand.
func decodeLabel(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '\\':
				b.WriteByte('\\')
				i++
				continue
			case 'n':
				b.WriteByte('\n')
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return strings.ReplaceAll(b.String(), "&amp;", "&")
}

// words normalises text the way labels show it: control characters dropped,
// invalid UTF-8 replaced, split into words.
func words(s string) string {
	var b strings.Builder
	for _, r := range s { // one U+FFFD per invalid byte
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			b.WriteByte(' ')
		case r < 0x20 || r >= 0x7f && r < 0xa0:
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// checkDOT parses the DOT of j with go-graphviz and checks that every drawn
// step is a node whose name is the step's ID and whose label shows its
// action, that every other node is one of the renderer's own, and that
// every drawn transition's label is on an edge between its steps.
func checkDOT(t *testing.T, j *journey.Journey, opts render.Options) {
	t.Helper()
	dot, err := render.DOTBytes(j, opts)
	require.NoError(t, err)
	require.True(t, utf8.Valid(dot), "DOT is valid UTF-8")
	for _, c := range dot {
		require.False(t, c < 0x20 && c != '\n' && c != '\t', "raw control character %#x in DOT", c)
	}
	g, err := graphviz.ParseBytes(dot)
	require.NoError(t, err, "%s", dot)
	defer g.Close()

	view := j
	if opts.Persona != "" {
		view = j.ForPersona(opts.Persona)
	}
	want := map[string]*journey.Step{}
	for i := range view.Steps {
		s := &view.Steps[i]
		if _, dup := want[s.ID]; !dup && s.ID != "" {
			want[s.ID] = s
		}
	}
	edges := map[string][]string{}
	seen := map[string]bool{}
	n, err := g.FirstNode()
	require.NoError(t, err)
	for n != nil {
		raw, err := n.Name()
		require.NoError(t, err)
		name := decodeName(raw)
		label := decodeLabel(n.GetStr("label"))
		if s, ok := want[name]; ok {
			seen[name] = true
			text := s.Action
			if words(text) == "" {
				text = s.ID
			}
			assert.Contains(t, words(label), words(text), "step %q", name)
		} else {
			assert.True(t, strings.HasPrefix(raw, "jm"), "node %q is neither a step nor the renderer's", raw)
		}
		e, err := g.FirstOut(n)
		require.NoError(t, err)
		for e != nil {
			h, err := e.Head()
			require.NoError(t, err)
			hn, err := h.Name()
			require.NoError(t, err)
			key := name + "\x00" + decodeName(hn)
			edges[key] = append(edges[key], words(decodeLabel(e.GetStr("label"))))
			e, err = g.NextOut(e)
			require.NoError(t, err)
		}
		n, err = g.NextNode(n)
		require.NoError(t, err)
	}
	assert.Len(t, seen, len(want), "every step is drawn once")
	for _, tr := range view.Transitions {
		if want[tr.From] == nil || want[tr.To] == nil {
			continue
		}
		labels := edges[tr.From+"\x00"+tr.To]
		require.NotEmpty(t, labels, "transition %q -> %q", tr.From, tr.To)
		if l := words(tr.Label); l != "" {
			found := false
			for _, got := range labels {
				found = found || strings.Contains(got, l)
			}
			assert.True(t, found, "label %q of %q -> %q in %q", l, tr.From, tr.To, labels)
		}
	}
}

func TestDOTParsesWithGraphviz(t *testing.T) {
	for _, c := range goldenCases() {
		t.Run(c.name, func(t *testing.T) { checkDOT(t, c.j, c.opts) })
	}
	for seed := range uint64(20) {
		j := layered(10+int(seed)*5, 1+int(seed%6), 0.1, seed)
		checkDOT(t, j, render.Options{})
		checkDOT(t, j, render.Options{Persona: j.Personas[0].ID})
	}
}

// nastyRunes are the characters random journeys are made of.
var nastyRunes = []rune("aZ0 _-:;#%\"\\\n\r\t<>{}|&[]()'`,.=*\x00\x01\x1b\x7f\u0085\u00a0\u2028\u202eé€😀👩‍👧عבש\uFFFD")

func randomText(r *rand.Rand) string {
	n := r.IntN(12)
	var b strings.Builder
	for range n {
		if r.IntN(40) == 0 {
			b.WriteByte(0xff) // invalid UTF-8
			continue
		}
		b.WriteRune(nastyRunes[r.IntN(len(nastyRunes))])
	}
	return b.String()
}

// randomJourney is a journey of random text, valid or not: unknown stages
// and touchpoints, duplicate and empty IDs, dangling transitions.
func randomJourney(r *rand.Rand) *journey.Journey {
	j := &journey.Journey{ID: randomText(r), Name: randomText(r), Purpose: randomText(r)}
	for range r.IntN(4) {
		j.Stages = append(j.Stages, journey.Stage{ID: randomText(r), Name: randomText(r), Phase: journey.Phase(randomText(r))})
	}
	ids := []string{"jm:anchor0", "jm_:legend1", "a", "b"}
	for range r.IntN(10) {
		ids = append(ids, randomText(r))
	}
	pick := func() string { return ids[r.IntN(len(ids))] }
	stage := func() string {
		if len(j.Stages) == 0 || r.IntN(8) == 0 {
			return randomText(r)
		}
		return j.Stages[r.IntN(len(j.Stages))].ID
	}
	for range r.IntN(12) {
		s := journey.Step{ID: pick(), Stage: stage(), Action: randomText(r), Emotion: r.IntN(9) - 4, Touchpoint: randomText(r)}
		if r.IntN(3) == 0 {
			s.Barriers = []journey.Barrier{{Description: randomText(r), Severity: journey.Severities[r.IntN(4)]}}
		}
		j.Steps = append(j.Steps, s)
	}
	for range r.IntN(15) {
		j.Transitions = append(j.Transitions, journey.Transition{From: pick(), To: pick(), Label: randomText(r), Probability: r.Float64(), Count: int64(r.IntN(3))})
	}
	for range r.IntN(3) {
		j.Entries = append(j.Entries, pick())
		j.Goals = append(j.Goals, pick())
	}
	return j
}

// TestRandomJourneys renders random journeys of hostile text: nothing
// panics, Graphviz accepts every DOT and keeps every label.
func TestRandomJourneys(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		j := randomJourney(r)
		var rep *analysis.Report
		if i%2 == 1 && len(j.Steps) > 0 {
			rep = &analysis.Report{
				UnreachableSteps: []string{j.Steps[0].ID},
				CriticalSteps:    []string{j.Steps[len(j.Steps)-1].ID},
				DeadEnds:         []string{j.Steps[r.IntN(len(j.Steps))].ID},
				Paths:            []analysis.Path{{Steps: []string{j.Steps[0].ID, j.Steps[len(j.Steps)-1].ID}}},
			}
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			checkDOT(t, j, render.Options{Report: rep})
			var b bytes.Buffer
			require.NoError(t, render.Mermaid(&b, j, render.Options{}))
			checkJourneyGrammar(t, b.String())
			b.Reset()
			require.NoError(t, render.MermaidFlowchart(&b, j, render.Options{Report: rep}))
			checkFlowchartGrammar(t, b.String())
		})
	}
}

// nodePositions lays the DOT of j out with Graphviz's dot and returns each
// node's x coordinate by name.
func nodePositions(t *testing.T, j *journey.Journey, opts render.Options) map[string]float64 {
	t.Helper()
	ctx := context.Background()
	dot, err := render.DOTBytes(j, opts)
	require.NoError(t, err)
	gv, err := graphviz.New(ctx)
	require.NoError(t, err)
	defer gv.Close()
	g, err := graphviz.ParseBytes(dot)
	require.NoError(t, err)
	defer g.Close()
	var out bytes.Buffer
	require.NoError(t, gv.Render(ctx, g, graphviz.XDOT, &out))
	laid, err := graphviz.ParseBytes(out.Bytes())
	require.NoError(t, err)
	defer laid.Close()
	xs := map[string]float64{}
	n, err := laid.FirstNode()
	require.NoError(t, err)
	for n != nil {
		name, err := n.Name()
		require.NoError(t, err)
		pos := n.GetStr("pos")
		x, _, ok := strings.Cut(pos, ",")
		require.True(t, ok, "node %q has pos %q", name, pos)
		xs[decodeName(name)], err = strconv.ParseFloat(x, 64)
		require.NoError(t, err)
		n, err = laid.NextNode(n)
		require.NoError(t, err)
	}
	return xs
}

// TestStagesLeftToRight lays journeys out with Graphviz and checks that
// every step of a stage lies left of every step of the later stages, loops
// and back edges notwithstanding, and that the legend is right of them all.
func TestStagesLeftToRight(t *testing.T) {
	journeys := []*journey.Journey{sofa()}
	for seed := range uint64(6) {
		journeys = append(journeys, layered(40, 5, 0.2, seed))
	}
	// Steps listed against the flow: transitions within a stage then lead
	// to steps listed earlier, which do not constrain the ranks.
	reversed := layered(30, 4, 0.1, 9)
	slices.Reverse(reversed.Steps)
	journeys = append(journeys, reversed)
	for k, j := range journeys {
		xs := nodePositions(t, j, render.Options{})
		stageOf := map[string]int{}
		for i, s := range j.Stages {
			stageOf[s.ID] = i
		}
		maxX := make([]float64, len(j.Stages))
		minX := make([]float64, len(j.Stages))
		for i := range minX {
			minX[i], maxX[i] = 1e18, -1e18
		}
		for _, s := range j.Steps {
			x, ok := xs[s.ID]
			require.True(t, ok, "step %q laid out", s.ID)
			i := stageOf[s.Stage]
			minX[i], maxX[i] = min(minX[i], x), max(maxX[i], x)
		}
		last := -1e18
		for i := range j.Stages {
			if minX[i] > maxX[i] {
				continue // no steps
			}
			assert.Greater(t, minX[i], last, "journey %d: stage %d starts right of the stages before it", k, i)
			last = maxX[i]
		}
		assert.Greater(t, xs["jm:legend0"], last, "journey %d: legend right of the stages", k)
	}
}

// TestNativeGraphviz runs the native dot command, where installed, on the
// DOT of every case.
func TestNativeGraphviz(t *testing.T) {
	dotCmd, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz dot not installed")
	}
	r := rand.New(rand.NewPCG(3, 4))
	inputs := map[string][]byte{}
	for _, c := range goldenCases() {
		b, err := render.DOTBytes(c.j, c.opts)
		require.NoError(t, err)
		inputs[c.name] = b
	}
	for i := range 20 {
		b, err := render.DOTBytes(randomJourney(r), render.Options{})
		require.NoError(t, err)
		inputs["random"+strconv.Itoa(i)] = b
	}
	for i := range uint64(4) {
		b, err := render.DOTBytes(layered(60, 6, 0.05, i), render.Options{})
		require.NoError(t, err)
		inputs["layered"+strconv.Itoa(int(i))] = b
	}
	for name, in := range inputs {
		cmd := exec.Command(dotCmd, "-Tsvg")
		cmd.Stdin = bytes.NewReader(in)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		require.NoError(t, err, "%s: %s\n%s", name, stderr.String(), in)
		assert.NotContains(t, stderr.String(), "rror", "%s", name)
		assert.Contains(t, string(out), "</svg>", "%s", name)
	}
}

// TestNoGraphvizImport checks that package render does not depend on
// go-graphviz: a program that only writes DOT must not load WebAssembly.
func TestNoGraphvizImport(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	out, err := exec.Command(goCmd, "list", "-deps", "github.com/journeymap/journeymap/render").Output()
	require.NoError(t, err)
	for _, dep := range strings.Fields(string(out)) {
		assert.NotContains(t, dep, "go-graphviz")
		assert.NotContains(t, dep, "wazero")
	}
}
