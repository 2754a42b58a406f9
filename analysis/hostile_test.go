package analysis_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
)

// Hostile journeys for the analysis: the files are journey's catalogue
// (journey/testdata/hostile, see docs/errors.md), the graphs are built here.

// The 2^60-path ladder gives the best K paths, not all of them, and the
// paths avoid the rungs with a barrier.
func TestHostileLadder(t *testing.T) {
	j, err := journey.ReadFile(filepath.Join("..", "journey", "testdata", "hostile", "ladder-2e60.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := analysis.Analyze(context.Background(), j, analysis.Options{K: analysis.MaxK})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Paths) != analysis.MaxK {
		t.Fatalf("%d paths, want MaxK = %d", len(r.Paths), analysis.MaxK)
	}
	if n := len(r.Paths[0].Steps); n != 62 {
		t.Errorf("best path has %d steps, want 62", n)
	}
	for _, s := range r.Paths[0].Steps {
		if strings.HasPrefix(s, "a") && s != "a0" {
			var rung int
			fmt.Sscanf(s, "a%d", &rung)
			if rung%7 == 3 {
				t.Errorf("best path passes the barrier at %s", s)
			}
		}
	}
}

// graphJourney builds a valid journey of n steps in one stage with an edge
// from a to b wherever edge(a, b), entries at step 0 and goal at step n-1;
// every third step has a barrier, so that path costs differ.
func graphJourney(n int, edge func(a, b int) bool) *journey.Journey {
	j := &journey.Journey{ID: "g", Stages: []journey.Stage{{ID: "s"}}}
	for i := 0; i < n; i++ {
		s := journey.Step{ID: fmt.Sprint("v", i), Stage: "s"}
		if i%3 == 1 {
			s.Barriers = []journey.Barrier{{Description: "b", Severity: journey.Severities[i%4]}}
		}
		j.Steps = append(j.Steps, s)
	}
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			if edge(a, b) {
				j.Transitions = append(j.Transitions, journey.Transition{From: fmt.Sprint("v", a), To: fmt.Sprint("v", b)})
			}
		}
	}
	j.Entries = []string{"v0"}
	j.Goals = []string{fmt.Sprint("v", n-1)}
	return j
}

// Analyze gives a bounded answer on graphs with astronomically many paths:
// complete graphs (with and without self-loops), dense DAGs, a long chain,
// and a clique whose only way to the goal is back through the entry.
func TestHostileGraphs(t *testing.T) {
	n := 60
	chain := 20000
	if testing.Short() {
		n, chain = 30, 2000
	}
	// A long ladder: steps 2i and 2i+1 lead to both of 2i+2 and 2i+3; the
	// last rung leads to the goal.
	rungs := 1000
	longLadder := graphJourney(2*rungs+1, func(a, b int) bool {
		switch {
		case a >= 2*rungs || b == 0:
			return false
		case b == 2*rungs:
			return a/2 == rungs-1
		}
		return b/2 == a/2+1
	})
	longLadder.Entries = []string{"v0", "v1"}
	for _, tc := range []struct {
		name      string
		j         *journey.Journey
		k         int
		wantPaths int
	}{
		{"complete", graphJourney(n, func(a, b int) bool { return a != b }), analysis.MaxK, analysis.MaxK},
		{"complete-with-loops", graphJourney(n, func(a, b int) bool { return true }), analysis.MaxK, analysis.MaxK},
		{"dense-dag", graphJourney(n, func(a, b int) bool { return a < b }), analysis.MaxK, analysis.MaxK},
		{"chain", graphJourney(chain, func(a, b int) bool { return b == a+1 }), analysis.MaxK, 1},
		{"chain-with-back-edges", graphJourney(chain, func(a, b int) bool { return b == a+1 || b == a-1 }), analysis.MaxK, 1},
		{"trap", graphJourney(n, func(a, b int) bool { return a == 0 && b == n-1 || a > 0 && b > 0 && a != b && b != n-1 || b == 0 }), analysis.MaxK, 1},
		{"long-ladder", longLadder, analysis.DefaultK, analysis.DefaultK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := analysis.Analyze(context.Background(), tc.j, analysis.Options{K: tc.k})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Paths) != tc.wantPaths {
				t.Errorf("%d paths, want %d", len(r.Paths), tc.wantPaths)
			}
			// The paths are simple and ordered by cost, then length.
			for i, p := range r.Paths {
				if !allDistinct(p.Steps) {
					t.Fatalf("path %d repeats a step: %v", i, p.Steps)
				}
				if i > 0 {
					q := r.Paths[i-1]
					if p.Cost < q.Cost || p.Cost == q.Cost && len(p.Steps) < len(q.Steps) {
						t.Fatalf("path %d (cost %d, %d steps) ranks before path %d (cost %d, %d steps)",
							i, p.Cost, len(p.Steps), i-1, q.Cost, len(q.Steps))
					}
				}
			}
		})
	}
}

func allDistinct(ids []string) bool {
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			return false
		}
		seen[id] = true
	}
	return true
}

// The text and Markdown reports, printed to terminals, show the control
// characters of IDs as escapes: an ID holding ESC [ 2 J must not clear the
// screen, nor a bidi override reorder the line.
func TestHostileReportsEscapeControls(t *testing.T) {
	j, err := journey.ReadFile(filepath.Join("..", "journey", "testdata", "hostile", "unicode-labels.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	j.Steps[0].ID = "a\x1b]0;title\x07\x9b\u0085\u202e\u2028\xff" // and in the transitions and entries
	j.Transitions[0].From, j.Entries[0] = j.Steps[0].ID, j.Steps[0].ID
	r, err := analysis.Analyze(context.Background(), j, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, write := range map[string]func(io.Writer) error{"text": r.WriteText, "markdown": r.WriteMarkdown} {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !utf8.ValidString(out) {
			t.Errorf("%s report is not valid UTF-8", name)
		}
		for _, c := range out {
			if c != '\n' && unicode.IsControl(c) || c == '\u202e' || c == '\u2028' {
				t.Errorf("%s report holds %U:\n%q", name, c, out)
				break
			}
		}
		if !strings.Contains(out, `a\x1b]0;title\x07`) {
			t.Errorf("%s report does not show the ID with its escapes:\n%s", name, out)
		}
	}
}
