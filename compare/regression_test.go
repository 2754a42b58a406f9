package compare

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
)

// base is a small shop: ad -> page -> pay, with probabilities, two
// personas. Every step is critical; conversion is 0.8 * 0.5 = 0.4.
const base = `id: shop
personas: [{id: a}, {id: b}]
touchpoints: [{id: site, mode: online, control: direct}, {id: store, mode: offline, control: direct}]
stages:
  - {id: s1, phase: awareness}
  - {id: s2, phase: consideration}
  - {id: s3, phase: purchase}
steps:
  - {id: ad, stage: s1, touchpoint: site, emotion: 1}
  - {id: page, stage: s2, touchpoint: site}
  - {id: pay, stage: s3, touchpoint: site, emotion: -1}
transitions:
  - {from: ad, to: page, probability: 0.8}
  - {from: page, to: pay, probability: 0.5}
entries: [ad]
goals: [pay]
`

func read(t *testing.T, yaml string) *journey.Journey {
	t.Helper()
	j, err := journey.Read(strings.NewReader(yaml))
	if err != nil {
		t.Fatalf("%v\n%s", err, yaml)
	}
	return j
}

// edit applies text replacements to base.
func edit(t *testing.T, pairs ...string) *journey.Journey {
	t.Helper()
	s := base
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("base lacks %q", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return read(t, s)
}

func compareT(t *testing.T, a, b *journey.Journey, opts Options) *Diff {
	t.Helper()
	d, err := Compare(context.Background(), a, b, opts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// kinds returns the regressions as "kind persona what".
func kinds(d *Diff) []string {
	var out []string
	for _, r := range d.Regressions {
		what := r.Step
		if what == "" {
			what = r.Stage
		}
		out = append(out, strings.Join(slices.DeleteFunc([]string{string(r.Kind), r.Persona, what}, func(s string) bool { return s == "" }), " "))
		for _, p := range r.Personas {
			out = append(out, strings.TrimSpace(string(r.Kind)+" "+p+" "+what))
		}
	}
	return out
}

func TestRegressions(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit []string
		want []string
	}{
		{"dead end", []string{
			"  - {id: pay,", "  - {id: faq, stage: s2, touchpoint: site}\n  - {id: pay,",
			"entries:", "  - {from: page, to: faq, probability: 0.2}\nentries:",
		}, []string{"new-dead-end faq", "new-dead-end a faq", "new-dead-end b faq"}},
		{"unreachable stage", []string{
			"  - {id: s3,", "  - {id: s4, phase: advocacy}\n  - {id: s3,",
			"  - {id: pay,", "  - {id: review, stage: s4, touchpoint: site}\n  - {id: pay,",
			"entries:", "  - {from: review, to: pay}\nentries:",
		}, []string{"new-unreachable-stage s4", "new-unreachable-stage a s4", "new-unreachable-stage b s4"}},
		{"high barrier on a critical step", []string{
			"emotion: -1}", "emotion: -1, barriers: [{description: slow, severity: high}]}",
		}, []string{"new-critical-barrier pay", "new-critical-barrier a pay", "new-critical-barrier b pay"}},
		{"blocker for one persona", []string{
			"emotion: -1}", "emotion: -1, barriers: [{description: no cash, severity: blocker, personas: [b]}]}",
		}, []string{"new-critical-barrier pay", "new-critical-barrier b pay"}},
		{"dead end for one persona", []string{
			"  - {id: pay,", "  - {id: faq, stage: s2, touchpoint: site}\n  - {id: pay,",
			"entries:", "  - {from: page, to: faq, probability: 0.2}\n  - {from: faq, to: pay, personas: [a]}\nentries:",
		}, []string{"new-dead-end b faq"}},
		{"lower conversion", []string{"to: pay, probability: 0.5", "to: pay, probability: 0.4"},
			[]string{"lower-conversion", "lower-conversion a", "lower-conversion b"}},
		{"lower conversion for one persona", []string{
			"entries:", "  - {from: page, to: pay, probability: 0.1, personas: [a]}\nentries:",
			"to: pay, probability: 0.5", "to: pay, probability: 0.5, personas: [b]",
		}, []string{"lower-conversion a"}},
		// No regressions:
		{"medium barrier on a critical step", []string{
			"emotion: -1}", "emotion: -1, barriers: [{description: slow, severity: medium}]}",
		}, nil},
		{"high barrier off the critical path", []string{
			"  - {id: pay,", "  - {id: chat, stage: s2, touchpoint: site, barriers: [{description: slow, severity: blocker}]}\n  - {id: pay,",
			"entries:", "  - {from: page, to: chat, probability: 0.1}\n  - {from: chat, to: pay}\nentries:",
		}, nil},
		{"higher conversion", []string{"to: pay, probability: 0.5", "to: pay, probability: 0.6"}, nil},
		{"emotion only", []string{"emotion: -1", "emotion: 2"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := read(t, base), edit(t, tc.edit...)
			d := compareT(t, a, b, Options{})
			if got := kinds(d); !slices.Equal(got, tc.want) {
				t.Errorf("regressions %q, want %q", got, tc.want)
			}
			// Undoing the change regresses nothing.
			if back := compareT(t, b, a, Options{}); len(back.Regressions) > 0 && tc.want != nil && !strings.Contains(tc.name, "one persona") {
				t.Errorf("the way back regresses: %q", kinds(back))
			}
		})
	}
}

// A severity raised from high to blocker on a critical step is a new
// critical barrier; lowered, it is none.
func TestRegressionSeverity(t *testing.T) {
	high := edit(t, "emotion: -1}", "emotion: -1, barriers: [{description: slow, severity: high}]}")
	blocker := edit(t, "emotion: -1}", "emotion: -1, barriers: [{description: slow, severity: blocker}]}")
	d := compareT(t, high, blocker, Options{Persona: "a"})
	if got := kinds(d); !slices.Equal(got, []string{"new-critical-barrier a pay"}) {
		t.Errorf("high -> blocker: %q", got)
	}
	if len(d.ChangedBarriers) != 1 || d.ChangedBarriers[0].SeverityBefore != journey.High || d.ChangedBarriers[0].SeverityAfter != journey.Blocker {
		t.Errorf("changed barriers %+v", d.ChangedBarriers)
	}
	if got := kinds(compareT(t, blocker, high, Options{})); got != nil {
		t.Errorf("blocker -> high: %q", got)
	}
}

// Conversion is null on a side without numbers, and then no conversion
// regression is claimed.
func TestConversionWithoutNumbers(t *testing.T) {
	a := read(t, base)
	b := edit(t, ", probability: 0.8", "", ", probability: 0.5", "")
	d := compareT(t, a, b, Options{})
	if d.Conversion.Before == nil || *d.Conversion.Before != 0.4 || d.Conversion.After != nil {
		t.Fatalf("conversion %+v", d.Conversion)
	}
	if len(d.Regressions) != 0 {
		t.Errorf("regressions %q", kinds(d))
	}
	js, _ := json.Marshal(d)
	if !strings.Contains(string(js), `"conversion":{"before":0.4,"after":null}`) {
		t.Errorf("JSON: %s", js)
	}
	for _, s := range d.Stages {
		if s.ReachBefore == nil || s.ReachAfter != nil {
			t.Errorf("stage %s: reach %v %v", s.Stage, s.ReachBefore, s.ReachAfter)
		}
	}
}

// Journeys with different personas are compared where they overlap; the
// rest are listed.
func TestDifferentPersonas(t *testing.T) {
	a := read(t, base)
	b := edit(t, "personas: [{id: a}, {id: b}]", "personas: [{id: b}, {id: c}]")
	d := compareT(t, a, b, Options{})
	if !slices.Equal(d.AddedPersonas, []string{"c"}) || !slices.Equal(d.RemovedPersonas, []string{"a"}) {
		t.Errorf("personas added %q removed %q", d.AddedPersonas, d.RemovedPersonas)
	}
	if len(d.Personas) != 1 || d.Personas[0].Persona != "b" {
		t.Errorf("persona comparisons %+v", d.Personas)
	}
	_, err := Compare(context.Background(), a, b, Options{Persona: "c"})
	var ps journey.Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Code != journey.CodeUnknownPersona {
		t.Errorf("--persona c: %v", err)
	}
}

// Two invalid journeys: every problem of both.
func TestInvalidPair(t *testing.T) {
	a := edit(t, "emotion: 1}", "emotion: 7}")
	b := edit(t, "goals: [pay]", "goals: [nowhere]")
	_, err := Compare(context.Background(), a, b, Options{})
	var ps journey.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v", err)
	}
	got := ps.Codes()
	slices.Sort(got)
	if !slices.Equal(got, []string{"emotion-out-of-range", "unknown-step"}) {
		t.Errorf("codes %q", got)
	}
	for _, p := range ps {
		if p.Line == 0 {
			t.Errorf("problem without a position: %v", p)
		}
	}
}

// A pair with a change of every kind, written as text and Markdown.
func richPair(t *testing.T) (*journey.Journey, *journey.Journey) {
	a := edit(t,
		"  - {id: pay,", "  - {id: call, stage: s2, touchpoint: store, barriers: [{description: long queue, severity: low}]}\n  - {id: pay,",
		"entries:", "  - {from: page, to: call, probability: 0.1}\n  - {from: call, to: pay}\nentries:",
	)
	b := edit(t,
		"  - {id: s3,", "  - {id: s4, phase: advocacy, name: Recommends}\n  - {id: s3,",
		"{id: page, stage: s2, touchpoint: site}", "{id: page, stage: s2, touchpoint: store, action: \"compares | prices\", barriers: [{description: no stock, severity: high}]}",
		"emotion: -1}", "emotion: 1, barriers: [{description: card refused, severity: blocker, kind: payment}]}",
		"to: pay, probability: 0.5", "to: pay, probability: 0.3, label: buys",
		"entries:", "  - {from: page, to: faq, probability: 0.1}\n  - {from: pay, to: share}\nentries:",
		"  - {id: pay,", "  - {id: faq, stage: s2}\n  - {id: share, stage: s4, touchpoint: site}\n  - {id: pay,",
	)
	return a, b
}

func TestGolden(t *testing.T) {
	a, b := richPair(t)
	d := compareT(t, a, b, Options{})
	var txt, md bytes.Buffer
	if err := d.WriteText(&txt); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	journeytest.Golden(t, "testdata/rich.txt", txt.Bytes())
	journeytest.Golden(t, "testdata/rich.md", md.Bytes())
	js, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	journeytest.Golden(t, "testdata/rich.json", append(js, '\n'))
	p := compareT(t, a, b, Options{Persona: "b"})
	txt.Reset()
	if err := p.WriteText(&txt); err != nil {
		t.Fatal(err)
	}
	journeytest.Golden(t, "testdata/rich-persona-b.txt", txt.Bytes())
}

// The same journey laid out differently in its file (positions differ)
// gives an empty diff.
func TestPositionsIgnored(t *testing.T) {
	a := read(t, base)
	b := read(t, "# moved down by a comment\n\n"+strings.ReplaceAll(base, "{id: ad, stage: s1", "{stage: s1, id: ad"))
	if d := compareT(t, a, b, Options{}); !d.Empty() || len(d.ChangedSteps) > 0 {
		t.Errorf("diff of the same journey: %+v", d.ChangedSteps)
	}
}

// Lists are [] in JSON, never null: a script can iterate over every key.
func TestNoNullLists(t *testing.T) {
	a := read(t, base)
	for _, opts := range []Options{{}, {Persona: "a"}} {
		d := compareT(t, a, a, opts)
		js, _ := json.Marshal(d)
		var m map[string]any
		if err := json.Unmarshal(js, &m); err != nil {
			t.Fatal(err)
		}
		for k, v := range m {
			if v == nil {
				t.Errorf("%+v: key %q is null", opts, k)
			}
		}
	}
}
