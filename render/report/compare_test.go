package report_test

import (
	"context"
	"errors"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/compare"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render/graphviz"
	"github.com/journeymap/journeymap/render/report"
)

const (
	webshopBefore = "../../examples/webshop/before.yaml"
	webshopAfter  = "../../examples/webshop/after.yaml"
	sofaRival     = "../../examples/sofa/competitor.yaml"
)

func read(t testing.TB, file string) *journey.Journey {
	t.Helper()
	j, err := journey.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// esc is s as html/template writes it in text.
func esc(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "+", "&#43;")
}

// emotionText is a mean emotion as the section prints it.
func emotionText(x *float64) string {
	if x == nil {
		return "n/a"
	}
	s := strconv.FormatFloat(*x, 'f', 2, 64)
	if *x > 0 {
		s = "+" + s
	}
	return s
}

func shareText(x *float64) string {
	if x == nil {
		return "n/a"
	}
	return percent(*x)
}

// TestCompareFigures: every figure of the section is compare.Compare's, for
// a change that helps (the webshop's fix), the same change undone (which
// regresses) and a competitor's journey.
func TestCompareFigures(t *testing.T) {
	for _, pair := range [][2]string{
		{webshopBefore, webshopAfter},
		{webshopAfter, webshopBefore},
		{sofaFile, sofaRival},
	} {
		t.Run(pair[0]+"->"+pair[1], func(t *testing.T) {
			a, b := read(t, pair[0]), read(t, pair[1])
			d, err := compare.Compare(context.Background(), a, b, compare.Options{})
			if err != nil {
				t.Fatal(err)
			}
			page := write(t, b, report.Options{Before: a})
			s := section(t, page, "compare")
			checkCompareSection(t, s, d)
		})
	}
}

func checkCompareSection(t *testing.T, s string, d *compare.Diff) {
	t.Helper()
	c := d.Conversion
	if c.Before != nil && c.After != nil {
		for _, want := range []string{
			"<dt>Conversion before</dt><dd>" + percent(*c.Before) + "</dd>",
			"<dt>after</dt><dd>" + percent(*c.After) + "</dd>",
		} {
			if !strings.Contains(s, want) {
				t.Errorf("the section lacks %s", want)
			}
		}
		pts := strconv.FormatFloat(100*(*c.After-*c.Before), 'f', 1, 64)
		if !strings.HasPrefix(pts, "-") && pts != "0.0" {
			pts = "+" + pts
		}
		if !strings.Contains(s, "<dd>"+esc(pts+" points")+"</dd>") {
			t.Errorf("the section lacks the change %s points", pts)
		}
	}
	if got := strings.Count(s, `<span class="kind">`); got != len(d.Regressions) {
		t.Errorf("%d regressions shown, want %d", got, len(d.Regressions))
	}
	for _, r := range d.Regressions {
		if !strings.Contains(s, `<span class="kind">`+esc(string(r.Kind))+`</span> `+esc(r.Message)) {
			t.Errorf("regression %q not shown", r.Message)
		}
	}
	if len(d.Regressions) == 0 && !strings.Contains(s, `class="no-regressions"`) {
		t.Error("no regressions, and the section does not say so")
	}
	if !d.Competitor {
		for _, row := range []struct {
			what string
			n    [3]int
		}{
			{"Steps", [3]int{len(d.AddedSteps), len(d.RemovedSteps), len(d.ChangedSteps)}},
			{"Transitions", [3]int{len(d.AddedTransitions), len(d.RemovedTransitions), len(d.ChangedTransitions)}},
			{"Barriers", [3]int{len(d.AddedBarriers), len(d.RemovedBarriers), len(d.ChangedBarriers)}},
		} {
			want := "<tr><td>" + row.what + "</td>"
			for _, n := range row.n {
				want += `<td class="num">` + strconv.Itoa(n) + "</td>"
			}
			if !strings.Contains(s, want+"</tr>") {
				t.Errorf("the counts lack %s", want)
			}
		}
		for _, id := range d.AddedSteps {
			if !strings.Contains(s, `<li class="added"><span class="verb">added</span> <code>`+esc(id)+"</code>") {
				t.Errorf("added step %s not listed", id)
			}
		}
		for _, id := range d.RemovedSteps {
			if !strings.Contains(s, `<li class="removed"><span class="verb">removed</span> <code>`+esc(id)+"</code>") {
				t.Errorf("removed step %s not listed", id)
			}
		}
		for _, ch := range d.ChangedSteps {
			if !strings.Contains(s, `<li class="changed"><span class="verb">changed</span> <code>`+esc(ch.Step)+"</code>") {
				t.Errorf("changed step %s not listed", ch.Step)
			}
		}
		if got, want := strings.Count(s, "<li class=\"added\">")+strings.Count(s, "<li class=\"removed\">")+strings.Count(s, "<li class=\"changed\">"),
			len(d.AddedSteps)+len(d.RemovedSteps)+len(d.ChangedSteps)+len(d.AddedTransitions)+len(d.RemovedTransitions)+
				len(d.ChangedTransitions)+len(d.AddedBarriers)+len(d.RemovedBarriers)+len(d.ChangedBarriers); got != want {
			t.Errorf("%d changes listed, want %d", got, want)
		}
	} else if strings.Contains(s, `<table class="counts">`) {
		t.Error("a competitor's journey is counted as added and removed")
	}
	rows := regexp.MustCompile(`<tr data-stage="([^"]*)"><td>[^<]*</td>((?:<td class="num">[^<]*</td>){6})`).FindAllStringSubmatch(s, -1)
	if len(rows) != len(d.Stages) {
		t.Fatalf("%d stage rows, want %d", len(rows), len(d.Stages))
	}
	for i, st := range d.Stages {
		var want string
		for _, f := range []string{shareText(st.ReachBefore), shareText(st.ReachAfter), shareText(st.LeaveBefore),
			shareText(st.LeaveAfter), emotionText(st.EmotionBefore), emotionText(st.EmotionAfter)} {
			want += `<td class="num">` + esc(f) + "</td>"
		}
		if rows[i][1] != esc(st.Stage) || rows[i][2] != want {
			t.Errorf("stage row %d: %s %s, want %s %s", i, rows[i][1], rows[i][2], st.Stage, want)
		}
	}
	if !strings.Contains(s, `<g class="emotion before"`) {
		t.Error("the map does not draw the before curves")
	}
	if !strings.Contains(s, `<div class="figure compare-graph"><svg`) {
		t.Error("the flow graph of the comparison is not drawn")
	}
}

// TestCompareUnique: the page with a comparison is deterministic, and no
// id repeats though it holds two maps and two flow graphs.
func TestCompareUnique(t *testing.T) {
	a, b := read(t, webshopBefore), read(t, webshopAfter)
	page := write(t, b, report.Options{Before: a})
	if again := write(t, b, report.Options{Before: a}); again != page {
		t.Error("two reports of the same comparison differ")
	}
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`\sid="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if seen[m[1]] {
			t.Errorf("id %q repeats", m[1])
		}
		seen[m[1]] = true
	}
	if without := write(t, b, report.Options{}); strings.Contains(without, `id="compare"`) {
		t.Error("a report without Before has a comparison")
	}
}

// TestCompareInvalid: an invalid Before is reported with the reported
// journey's problems, all at once.
func TestCompareInvalid(t *testing.T) {
	a, b := read(t, webshopBefore), read(t, webshopAfter)
	a.Steps[0].Stage = "nowhere"
	b.Steps[1].Touchpoint = "nothing"
	err := report.Write(context.Background(), &strings.Builder{}, b, report.Options{Before: a})
	var ps journey.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v, want journey.Problems", err)
	}
	var files []string
	for _, p := range ps {
		files = append(files, p.File)
	}
	if len(ps) < 2 || !strings.HasSuffix(ps[0].File, "before.yaml") || !strings.HasSuffix(ps[len(ps)-1].File, "after.yaml") {
		t.Errorf("problems of %q, want those of both files: %v", files, ps)
	}
}

// TestCompareLimit: a comparison too large for the flow graph's layout
// gets a note, and the rest of the section is written.
func TestCompareLimit(t *testing.T) {
	a, b := read(t, webshopBefore), read(t, webshopAfter)
	page := write(t, b, report.Options{Before: a, Graphviz: graphviz.Renderer{MaxSteps: 3}})
	s := section(t, page, "compare")
	if !strings.Contains(s, "The flow graph of the comparison is not drawn") || strings.Contains(s, `compare-graph"><svg`) {
		t.Error("the graph over the limit is drawn, or has no note")
	}
	if !strings.Contains(s, `<g class="emotion before"`) {
		t.Error("the map is not drawn")
	}
}

// hostilePair is a hostile journey before and after a change that
// touches every list the section shows: a step added (hostile ID and
// action), one removed, a barrier added and one changed, a transition
// added and one changed, a stage renamed.
func hostilePair() (a, b *journey.Journey) {
	a = hostileJourney()
	b = a.Clone()
	p := `<script>window.pwned=20</script>`
	b.Steps = append(b.Steps, journey.Step{ID: p + "new", Stage: a.Stages[1].ID, Action: p, Emotion: -1,
		Barriers: []journey.Barrier{{Description: p, Severity: journey.Blocker}}})
	b.Steps[0].Barriers[0].Severity = journey.Blocker
	b.Steps[0].Action = `<img src=x onerror="window.pwned=21">`
	b.Steps[2].Barriers = append(b.Steps[2].Barriers, journey.Barrier{Description: p, Severity: journey.High})
	b.Stages[0].Name = p
	// The last step goes away, with the move to it; the goal leads to the
	// new step instead.
	b.Steps = append(b.Steps[:3:3], b.Steps[4])
	b.Transitions[1].Count = 20
	b.Transitions = append(b.Transitions[:3:3], journey.Transition{From: a.Steps[2].ID, To: p + "new", Count: 5})
	return a, b
}

// TestCompareHostile: the section shows the hostile texts of both
// journeys escaped, never as markup.
func TestCompareHostile(t *testing.T) {
	a, b := hostilePair()
	d, err := compare.Compare(context.Background(), a, b, compare.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.AddedSteps) == 0 || len(d.RemovedSteps) == 0 || len(d.ChangedSteps) == 0 || len(d.AddedBarriers) == 0 || len(d.Regressions) == 0 {
		t.Fatalf("the hostile pair should change every list and regress: %+v", d)
	}
	page := write(t, b, report.Options{Before: a})
	for _, bad := range []string{"<img", "<svg onload", "onerror=\"", "<a href=\"javascript", "<script>window"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page has %q unescaped", bad)
		}
	}
	if n := strings.Count(page, "<script"); n != 1 {
		t.Errorf("%d <script elements, want the page's own", n)
	}
	s := section(t, page, "compare")
	checkCompareSection(t, s, d)
	if !strings.Contains(s, esc(a.Name)) {
		t.Errorf("the section does not name the before journey %q", a.Name)
	}
}
