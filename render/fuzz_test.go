package render_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/internal/gographviz"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/render"
	"github.com/journeymap/journeymap/touchpoint"
)

// The fuzz targets of the render package. Run one with, for example,
//
//	go test -run '^$' -fuzz '^FuzzDOT$' -fuzztime 60s ./render
//
// The fuzz functions run one input at a time in each worker process, so
// the calls into go-graphviz, which is not safe for concurrent use, are
// serialised.

// fuzzLabelJourney builds a journey around fuzz text: an entry, two middle
// steps with fuzz IDs and actions, and a goal, in a stage with a fuzz name;
// the transitions carry fuzz labels. It returns nil when the fuzz IDs
// cannot name two more distinct steps.
func fuzzLabelJourney(id1, id2, action1, action2, stage, label string) *journey.Journey {
	if id1 == "" || id2 == "" || id1 == id2 {
		return nil
	}
	for _, id := range []string{id1, id2} {
		if id == "entry" || id == "goal" {
			return nil
		}
	}
	return &journey.Journey{
		ID:          "fuzz",
		Name:        stage + label,
		Personas:    []persona.Persona{{ID: "p", Name: label}},
		Touchpoints: []touchpoint.Touchpoint{{ID: "site", Name: action2, Mode: touchpoint.Online}},
		Stages:      []journey.Stage{{ID: "s", Name: stage}, {ID: "t", Name: label}},
		Steps: []journey.Step{
			{ID: "entry", Stage: "s", Action: "starts"},
			{ID: id1, Stage: "s", Action: action1},
			{ID: id2, Stage: "t", Action: action2},
			{ID: "goal", Stage: "t", Touchpoint: "site", Action: "buys", Personas: []string{"p"},
				Barriers: []journey.Barrier{{Description: "slow " + label, Severity: journey.High}}},
		},
		Transitions: []journey.Transition{
			{From: "entry", To: id1, Label: label},
			{From: id1, To: id2, Label: action1},
			{From: id2, To: "goal", Label: stage},
			{From: id2, To: id1},
		},
		Entries: []string{"entry"},
		Goals:   []string{"goal"},
	}
}

// fuzzSeeds are labels that once broke, or could break, one of the
// languages: quotes, backslash escapes Graphviz expands, HTML entities,
// record and Mermaid syntax, control characters and invalid UTF-8.
var fuzzSeeds = [][6]string{
	{"a", "b", "plain", "text", "Stage", "label"},
	{`"quoted"`, `back\slash`, `\N \G \E \T \H \L \l \r`, `&amp; &lt; &#35; &`, `{record|field}`, `<html>`},
	{"%1", "%%", "x -> y", "]; digraph evil { a -> b } //", "section x: y; z#w", "-->|x| ==> end"},
	{"line\nbreak", "tab\there", "\x00\x01\x1b\x7f", "\u0085\u2028\u2029", "\xff\xfe invalid", "\u202eRTL"},
	{"👩‍👩‍👧", "e\u0301", "\u00a0nbsp\u00a0", "\u200b", "journey", "title: x"},
	{"a\\", "b\\\\", "\\", "\\\n", "\"\\\"", "`|%;:#"},
}

// FuzzDOT renders journeys labelled with fuzz text as DOT and parses the
// DOT back with Graphviz's own parser (go-graphviz): it must parse, every
// step must come back as a node named exactly by its ID, the middle steps'
// labels must read exactly as their actions (as the renderer shows text:
// control characters dropped, invalid UTF-8 as U+FFFD, white space
// collapsed), and every transition must be an edge carrying its label.
func FuzzDOT(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5])
	}
	f.Fuzz(func(t *testing.T, id1, id2, action1, action2, stage, label string) {
		j := fuzzLabelJourney(id1, id2, action1, action2, stage, label)
		if j == nil {
			return
		}
		r, err := analysis.Analyze(t.Context(), j, analysis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, opts := range []render.Options{{}, {Report: r, Persona: "p"}} {
			dot, err := render.DOTBytes(j, opts)
			if err != nil {
				t.Fatal(err)
			}
			checkFuzzDOT(t, j, dot, opts.Report != nil)
		}
	})
}

// checkFuzzDOT parses dot, the DOT of the journey j of fuzzLabelJourney,
// and checks its nodes and edges. With a report, the middle steps, which
// every path passes, are tagged CRITICAL.
func checkFuzzDOT(t *testing.T, j *journey.Journey, dot []byte, report bool) {
	t.Helper()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		t.Fatalf("Graphviz cannot parse the DOT: %v\n%s", err, dot)
	}
	defer g.Close()
	steps := map[string]*journey.Step{}
	for i := range j.Steps {
		steps[j.Steps[i].ID] = &j.Steps[i]
	}
	found := map[string]bool{}
	edges := map[string][]string{} // from \x00 to -> labels
	n, err := g.FirstNode()
	if err != nil {
		t.Fatal(err)
	}
	for n != nil {
		raw, err := n.Name()
		if err != nil {
			t.Fatal(err)
		}
		name := decodeName(raw)
		s, ok := steps[name]
		if !ok {
			if !strings.HasPrefix(raw, "jm") {
				t.Fatalf("node %q is neither a step nor the renderer's\n%s", raw, dot)
			}
		} else {
			if found[name] {
				t.Fatalf("step %q drawn twice", name)
			}
			found[name] = true
			if s == &j.Steps[1] || s == &j.Steps[2] {
				want := words(s.Action)
				if want == "" {
					want = words(s.ID)
				}
				if report {
					want = strings.TrimSpace("CRITICAL " + want)
				}
				label := n.GetStr("label")
				if label == `\N` {
					// go-graphviz answers an empty label with the default,
					// \N; the renderer never writes \N itself (it doubles
					// backslashes), so this is an empty label.
					label = ""
				}
				if got := words(decodeLabel(label)); got != want {
					t.Fatalf("step %q: label reads %q, want %q\n%s", name, got, want, dot)
				}
			}
		}
		e, err := g.FirstOut(n)
		if err != nil {
			t.Fatal(err)
		}
		for e != nil {
			h, err := e.Head()
			if err != nil {
				t.Fatal(err)
			}
			hn, err := h.Name()
			if err != nil {
				t.Fatal(err)
			}
			key := name + "\x00" + decodeName(hn)
			edges[key] = append(edges[key], words(decodeLabel(e.GetStr("label"))))
			if e, err = g.NextOut(e); err != nil {
				t.Fatal(err)
			}
		}
		if n, err = g.NextNode(n); err != nil {
			t.Fatal(err)
		}
	}
	if len(found) != len(j.Steps) {
		t.Fatalf("%d of %d steps drawn\n%s", len(found), len(j.Steps), dot)
	}
	for _, tr := range j.Transitions {
		labels := edges[tr.From+"\x00"+tr.To]
		if len(labels) == 0 {
			t.Fatalf("no edge %q -> %q\n%s", tr.From, tr.To, dot)
		}
		if l := words(tr.Label); l != "" {
			ok := false
			for _, got := range labels {
				ok = ok || strings.Contains(got, l)
			}
			if !ok {
				t.Fatalf("edge %q -> %q: labels %q lack %q\n%s", tr.From, tr.To, labels, l, dot)
			}
		}
	}
}

// Mermaid's grammar, as the renderer promises to write it.
var (
	// A journey diagram's text: no ':', ';', '#', no line break, no "%%".
	fuzzMermaidText = `[^:;#\n]*`
	fuzzJourneyLine = []*regexp.Regexp{
		regexp.MustCompile(`^journey$`),
		regexp.MustCompile(`^    title ` + fuzzMermaidText + `$`),
		regexp.MustCompile(`^    section ` + fuzzMermaidText + `$`),
		regexp.MustCompile(`^      (` + fuzzMermaidText + `): ([1-5])(: ([^:;#,\n]+(, [^:;#,\n]+)*))?$`),
	}
	// A flowchart label: no quote, no raw '#', '<', '>', '&', ':', ';',
	// '`', '|', '%' or line break; entity codes and <br/> only.
	fuzzFlowLabel = "(?:[^\"#<>&:;`|%\\n]|#(?:quot|lt|gt|amp|[0-9]+);|<br/>)*"
	fuzzFlowLine  = []*regexp.Regexp{
		regexp.MustCompile(`^---$`),
		regexp.MustCompile(`^title: (".*")$`),
		regexp.MustCompile(`^flowchart LR$`),
		regexp.MustCompile(`^    subgraph (s[0-9]+|sx)\["` + fuzzFlowLabel + `"\]$`),
		regexp.MustCompile(`^        e[0-9]+\["no steps"\]$`),
		regexp.MustCompile(`^        n[0-9]+(\(\["` + fuzzFlowLabel + `"\]\)|\("` + fuzzFlowLabel + `"\)|\{\{"` + fuzzFlowLabel + `"\}\})$`),
		regexp.MustCompile(`^    end$`),
		regexp.MustCompile(`^    n[0-9]+ (-->|-\.->|==>)(\|"` + fuzzFlowLabel + `"\|)? n[0-9]+$`),
		regexp.MustCompile(`^    classDef [a-z_0-9]+ [a-z0-9:#.,\- ]+$`),
		regexp.MustCompile(`^    class [ne][0-9]+(,[ne][0-9]+)* [a-z_0-9]+$`),
		regexp.MustCompile(`^    linkStyle [0-9]+(,[0-9]+)* [a-z0-9:#.,\- ]+$`),
	}
	fuzzMermaidKeyword = regexp.MustCompile(`(?i)^(journey|title|section|acctitle|accdescr)`)
)

// FuzzMermaid renders journeys labelled with fuzz text as Mermaid journey
// diagrams and flowcharts and checks every line against the grammar the
// renderer promises: no label can end a name early, start a keyword, open
// a comment or close a quote. It also checks that the diagrams have one
// task or node per step, one section or subgraph per stage, and one edge
// per transition.
func FuzzMermaid(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5])
	}
	f.Fuzz(func(t *testing.T, id1, id2, action1, action2, stage, label string) {
		j := fuzzLabelJourney(id1, id2, action1, action2, stage, label)
		if j == nil {
			return
		}
		r, err := analysis.Analyze(t.Context(), j, analysis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, opts := range []render.Options{{}, {Report: r}, {Persona: "p"}} {
			var buf bytes.Buffer
			if err := render.Mermaid(&buf, j, opts); err != nil {
				t.Fatal(err)
			}
			checkMermaidJourney(t, j, opts, buf.String())
			buf.Reset()
			if err := render.MermaidFlowchart(&buf, j, opts); err != nil {
				t.Fatal(err)
			}
			checkMermaidFlowchart(t, j, opts, buf.String())
		}
	})
}

func checkMermaidJourney(t *testing.T, j *journey.Journey, opts render.Options, out string) {
	t.Helper()
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("no final line break:\n%s", out)
	}
	if strings.Contains(out, "%%") {
		t.Fatalf("%%%% (a comment) in the output:\n%s", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	sections, tasks := 0, 0
	for i, line := range lines {
		kind := -1
		for k, re := range fuzzJourneyLine {
			if re.MatchString(line) {
				kind = k
				break
			}
		}
		switch {
		case kind == -1:
			t.Fatalf("line %d %q breaks the journey grammar:\n%s", i+1, line, out)
		case kind == 0 && i != 0, kind == 1 && i != 1:
			t.Fatalf("line %d %q out of place:\n%s", i+1, line, out)
		case kind == 2:
			sections++
			if strings.TrimSpace(strings.TrimPrefix(line, "    section ")) == "" {
				t.Fatalf("empty section name at line %d:\n%s", i+1, out)
			}
		case kind == 3:
			tasks++
			name := fuzzJourneyLine[3].FindStringSubmatch(line)[1]
			if strings.TrimSpace(name) == "" || fuzzMermaidKeyword.MatchString(name) {
				t.Fatalf("task name %q at line %d is empty or starts with a keyword:\n%s", name, i+1, out)
			}
		}
	}
	wantTasks := len(j.Steps)
	if opts.Persona != "" {
		wantTasks = len(j.ForPersona(opts.Persona).Steps)
	}
	if sections != len(j.Stages) || tasks != wantTasks {
		t.Fatalf("%d sections and %d tasks, want %d and %d:\n%s", sections, tasks, len(j.Stages), wantTasks, out)
	}
}

func checkMermaidFlowchart(t *testing.T, j *journey.Journey, opts render.Options, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) < 4 || lines[0] != "---" || lines[2] != "---" || lines[3] != "flowchart LR" {
		t.Fatalf("bad front matter:\n%s", out)
	}
	nodes, edges, depth := 0, 0, 0
	for i, line := range lines {
		kind := -1
		for k, re := range fuzzFlowLine {
			if re.MatchString(line) {
				kind = k
				break
			}
		}
		switch kind {
		case -1:
			t.Fatalf("line %d %q breaks the flowchart grammar:\n%s", i+1, line, out)
		case 1:
			var title string
			if err := json.Unmarshal([]byte(fuzzFlowLine[1].FindStringSubmatch(line)[1]), &title); err != nil || strings.ContainsAny(title, "\n\r") {
				t.Fatalf("title line %q is not one quoted line: %v", line, err)
			}
		case 3:
			depth++
		case 5:
			nodes++
		case 6:
			depth--
		case 7:
			edges++
		}
		if depth < 0 || depth > 1 {
			t.Fatalf("subgraphs unbalanced at line %d:\n%s", i+1, out)
		}
	}
	if depth != 0 {
		t.Fatalf("a subgraph is not closed:\n%s", out)
	}
	view := j
	if opts.Persona != "" {
		view = j.ForPersona(opts.Persona)
	}
	if nodes != len(view.Steps) || edges != len(view.Transitions) {
		t.Fatalf("%d nodes and %d edges for %d steps and %d transitions:\n%s", nodes, edges, len(view.Steps), len(view.Transitions), out)
	}
}
