package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/render/graphviz"
	"github.com/journeymap/journeymap/render/report"
)

const sofaFile = "../../examples/sofa/sofa.yaml"

func readSofa(t testing.TB) *journey.Journey {
	t.Helper()
	j, err := journey.ReadFile(sofaFile)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func write(t testing.TB, j *journey.Journey, opts report.Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.Write(context.Background(), &b, j, opts); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// section returns the HTML of the page's section with that id.
func section(t testing.TB, page, id string) string {
	t.Helper()
	start := strings.Index(page, `<section id="`+id+`">`)
	if start < 0 {
		t.Fatalf("no section %q", id)
	}
	end := strings.Index(page[start:], "</section>")
	return page[start : start+end]
}

func TestSofaReport(t *testing.T) {
	j := readSofa(t)
	page := write(t, j, report.Options{})
	if len(page) >= 1<<20 {
		t.Errorf("the sofa report has %d bytes, want under 1 MB", len(page))
	}
	if again := write(t, j, report.Options{}); again != page {
		t.Error("two reports of the same journey differ")
	}
	if !strings.HasPrefix(page, "<!DOCTYPE html>") {
		t.Error("the page does not start with <!DOCTYPE html>")
	}
	for _, want := range []string{j.Name, j.Purpose} {
		if !strings.Contains(page, html.EscapeString(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
	people := section(t, page, "personas")
	for _, p := range j.Personas {
		for _, want := range []string{p.Name, p.Segment.Name} {
			if !strings.Contains(people, html.EscapeString(want)) {
				t.Errorf("the personas lack %q", want)
			}
		}
		for _, c := range p.Criteria {
			if !strings.Contains(people, "<td>"+html.EscapeString(c.Name)+"</td>") {
				t.Errorf("persona %s: criterion %q missing", p.ID, c.Name)
			}
		}
	}
	m := section(t, page, "map")
	if !strings.Contains(m, `<svg xmlns="http://www.w3.org/2000/svg" class="journeymap-map"`) {
		t.Error("the map is not drawn")
	}
	if got := len(regexp.MustCompile(`<g class="stage[ "]`).FindAllString(m, -1)); got != len(j.Stages) {
		t.Errorf("the map has %d stage columns, want %d", got, len(j.Stages))
	}
	if got := strings.Count(m, `<g class="emotion"`); got != len(j.Personas) {
		t.Errorf("the map has %d emotion lines, want %d", got, len(j.Personas))
	}
	if got := strings.Count(m, `<button type="button" data-persona=`); got != len(j.Personas)+1 {
		t.Errorf("the switcher has %d buttons, want %d", got, len(j.Personas)+1)
	}
	if !strings.Contains(section(t, page, "graph"), "<svg") {
		t.Error("the flow graph is not drawn")
	}
}

// TestSelfContained: nothing on the page names anything outside it: no
// src, no href but to the page's own anchors, no CSS url() or @import.
func TestSelfContained(t *testing.T) {
	page := write(t, readSofa(t), report.Options{})
	for _, m := range regexp.MustCompile(`(?i)\b(src|href|xlink:href|action|srcset|poster|data)\s*=\s*"([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if m[1] == "href" && strings.HasPrefix(m[2], "#") || m[1] == "data" {
			continue
		}
		t.Errorf("the page refers outside itself: %s", m[0])
	}
	for _, bad := range []string{"url(", "@import", "<link", "<iframe", "<img", "<object", "<embed"} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("the page has %q", bad)
		}
	}
	for _, m := range regexp.MustCompile(`https?://[^"'\s<>]*`).FindAllString(page, -1) {
		switch m {
		case "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink":
		default:
			t.Errorf("the page names %s", m)
		}
	}
}

// TestFigures: the findings, the funnel and the conversion the page prints
// are the analysis report's.
func TestFigures(t *testing.T) {
	j := readSofa(t)
	rep, err := analysis.Analyze(context.Background(), j, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	page := write(t, j, report.Options{})
	conversion, stages, ok := flowFigures(rep)
	if !ok {
		t.Fatal("the sofa journey has no numbers")
	}
	flow := section(t, page, "flow")
	for _, s := range stages {
		var name string
		for _, st := range j.Stages {
			if st.ID == s.Stage {
				name = st.Name
			}
		}
		want := `<span class="bar-label">` + html.EscapeString(name) + `</span><span class="bar-track"><span class="bar" style="width: ` +
			trimPct(s.Reach) + `%"></span></span><span class="bar-value">` + percent(s.Reach) + `</span>`
		if !strings.Contains(flow, want) {
			t.Errorf("stage %s: the funnel lacks\n%s", s.Stage, want)
		}
	}
	if !strings.Contains(flow, "<strong>"+percent(conversion)+"</strong>") {
		t.Errorf("the flow section does not print the conversion %s", percent(conversion))
	}
	for _, c := range touchpointCredits(rep) {
		var name string
		for _, tp := range j.Touchpoints {
			if tp.ID == c.id {
				name = tp.Name
			}
		}
		want := `<span class="bar-label">` + html.EscapeString(name) + `</span><span class="bar-track"><span class="bar" style="width: ` +
			trimPct(c.share) + `%"></span></span><span class="bar-value">` + percent(c.share) + `</span>`
		if !strings.Contains(flow, want) {
			t.Errorf("touchpoint %s: the attribution lacks\n%s", c.id, want)
		}
	}
	found := section(t, page, "findings")
	for _, id := range append(append(append([]string{}, rep.DeadEnds...), rep.CriticalSteps...), rep.UnreachableSteps...) {
		if !strings.Contains(found, "<code>"+html.EscapeString(id)+"</code>") {
			t.Errorf("finding %s is not in the tables", id)
		}
	}
	if got, want := strings.Count(found, `<tr class="sev-`), len(rep.Barriers); got != want {
		t.Errorf("%d barrier rows, want %d", got, want)
	}
	if got, want := strings.Count(found, "<h3>Best paths"), min(len(rep.Paths), 1); got != want {
		t.Errorf("best paths table %d times, want %d", got, want)
	}
}

func TestNoNumbersNoFlow(t *testing.T) {
	j := readSofa(t)
	for i := range j.Transitions {
		j.Transitions[i].Count, j.Transitions[i].Probability = 0, 0
	}
	for i := range j.Steps {
		j.Steps[i].Count, j.Steps[i].Counts = 0, nil
	}
	j.Observed = nil
	page := write(t, j, report.Options{})
	if strings.Contains(page, `<section id="flow">`) {
		t.Error("a journey without numbers has a flow section")
	}
}

func TestConformance(t *testing.T) {
	// The JSON of "journeymap conform --format json" (DESIGN.md).
	const conform = `{"cases": 40, "fitting_cases": 30, "fitness": 0.875,
		"unmodelled_transitions": [{"from": "a<b", "to": "c", "count": 7}],
		"unmodelled_activities": [{"activity": "phones", "count": 3}],
		"unvisited_steps": ["writes-review"], "wrong_starts": [{"activity": "x", "count": 2}],
		"moves": 80, "allowed_moves": 70,
		"personas": [{"persona": "family", "cases": 4, "fitting_cases": 1, "fitness": 0.5}]}`
	var c report.Conformance
	if err := json.Unmarshal([]byte(conform), &c); err != nil {
		t.Fatal(err)
	}
	c.Log = "crm.csv"
	page := write(t, readSofa(t), report.Options{Conformance: &c})
	s := section(t, page, "conformance")
	for _, want := range []string{"87.5%", "30 of 40 (75.0%)", "<td>a&lt;b</td><td>c</td><td class=\"num\">7</td>",
		"<td>phones</td>", "<code>writes-review</code>", "<td>x</td>", "crm.csv", "70 of 80",
		`<span class="bar-label">Families with children</span>`, "1 of 4 cases fit"} {
		if !strings.Contains(s, want) {
			t.Errorf("the conformance section lacks %s", want)
		}
	}
	if strings.Contains(write(t, readSofa(t), report.Options{}), `id="conformance"`) {
		t.Error("a conformance section without a log")
	}
}

// TestTooLargeIsANote: a journey beyond the flow graph's limit gets a
// note, and the rest of the page.
func TestTooLargeIsANote(t *testing.T) {
	page := write(t, readSofa(t), report.Options{Graphviz: graphviz.Renderer{MaxSteps: 3}})
	g := section(t, page, "graph")
	if strings.Contains(g, "<svg") || !strings.Contains(g, "The flow graph is not drawn") {
		t.Errorf("graph section:\n%s", g)
	}
	if !strings.Contains(page, `<section id="findings">`) {
		t.Error("no findings after the note")
	}
}

type failWriter struct{ n int }

var errWrite = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n += len(p); w.n > 1000 {
		return 0, errWrite
	}
	return len(p), nil
}

func TestWriteErrors(t *testing.T) {
	ctx := context.Background()
	var ps journey.Problems
	if err := report.Write(ctx, &bytes.Buffer{}, nil, report.Options{}); !errors.As(err, &ps) || ps[0].Code != journey.CodeNilJourney {
		t.Errorf("nil journey: %v", err)
	}
	bad := readSofa(t)
	bad.Steps[0].Stage = "nowhere"
	if err := report.Write(ctx, &bytes.Buffer{}, bad, report.Options{}); !errors.As(err, &ps) {
		t.Errorf("invalid journey: %v, want journey.Problems", err)
	}
	if err := report.Write(ctx, &failWriter{}, readSofa(t), report.Options{}); !errors.Is(err, errWrite) {
		t.Errorf("failing writer: %v", err)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if err := report.Write(done, &bytes.Buffer{}, readSofa(t), report.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// percent is a share as the page prints it.
func percent(v float64) string { return strconv.FormatFloat(100*v, 'f', 1, 64) + "%" }

// trimPct is a share as a bar's length.
func trimPct(v float64) string { return strconv.FormatFloat(100*min(max(v, 0), 1), 'f', 2, 64) }

// oddJourney is a valid journey of n stages, one step each but for an
// empty stage, with a long action, right-to-left and CJK text, emotions
// missing and a persona without steps.
func oddJourney(n int) *journey.Journey {
	j := &journey.Journey{ID: "odd", Name: "עברית 日本語の旅", Personas: []persona.Persona{{ID: "p"}, {ID: "idle", Name: "Nobody's steps"}}}
	for i := range n {
		id := fmt.Sprint("s", i)
		j.Stages = append(j.Stages, journey.Stage{ID: id, Name: "مرحلة " + id})
		if i == 1 {
			continue // an empty stage
		}
		j.Steps = append(j.Steps, journey.Step{ID: "a" + id, Stage: id, Action: strings.Repeat("long action ", 17) + "顧客", Personas: []string{"p"}})
		if len(j.Steps) > 1 {
			j.Transitions = append(j.Transitions, journey.Transition{From: j.Steps[len(j.Steps)-2].ID, To: j.Steps[len(j.Steps)-1].ID})
		}
	}
	j.Entries = []string{j.Steps[0].ID}
	j.Goals = []string{j.Steps[len(j.Steps)-1].ID}
	return j
}

func TestOddJourneys(t *testing.T) {
	for _, n := range []int{1, 2, 40} {
		j := oddJourney(n)
		if err := j.Validate(); err != nil {
			t.Fatal(err)
		}
		page := write(t, j, report.Options{})
		if m := section(t, page, "map"); !strings.Contains(m, "journeymap-map") {
			t.Errorf("%d stages: no map:\n%.300s", n, m)
		}
		if !strings.Contains(page, html.EscapeString(j.Name)) {
			t.Errorf("%d stages: the name is not shown", n)
		}
	}
}

// TestObserved: what the log says of a mined journey is shown per persona,
// with the time to convert where it is known.
func TestObserved(t *testing.T) {
	j := readSofa(t)
	if strings.Contains(write(t, j, report.Options{}), `id="observed"`) {
		t.Error("a journey with nothing observed has the section")
	}
	j.Observed = &journey.Observed{Cases: 200, Converted: 50, ConvertTime: &journey.Timing{Median: 3 * 86400, P90: 10 * 86400},
		Segments: []journey.ObservedSegment{{Persona: "family", Cases: 80, Converted: 10}}}
	s := section(t, write(t, j, report.Options{}), "observed")
	for _, want := range []string{
		`<tr><td>All customers</td><td class="num">200</td><td class="num">50</td><td class="num">25.0%</td><td class="num">3.0 days</td><td class="num">10 days</td></tr>`,
		`<tr><td>Families with children</td><td class="num">80</td><td class="num">10</td><td class="num">12.5%</td><td class="num"></td><td class="num"></td></tr>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the section lacks\n%s\nin\n%s", want, s)
		}
	}
}
