package journey

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validBase is a small valid journey; the cases below break it one way each.
const validBase = `id: j
personas:
  - id: p
    criteria:
      - name: c
        weight: 1
  - id: q
touchpoints:
  - id: t
    mode: online
    control: direct
    importance: 3
stages:
  - id: s
steps:
  - id: a
    stage: s
    touchpoint: t
    emotion: 1
  - id: b
    stage: s
    barriers:
      - description: slow
        severity: high
transitions:
  - from: a
    to: b
    probability: 0.5
entries: [a]
goals: [b]
exits: []
`

func TestValidBase(t *testing.T) {
	j, err := ReadBytes([]byte(validBase))
	require.NoError(t, err)
	require.NoError(t, j.Validate())
}

func TestValidateCodes(t *testing.T) {
	tests := []struct {
		code       string
		old, new   string // replace old by new in validBase
		path       string
		line, col  int
		msgContain string
	}{
		{"missing-id", "id: j\n", "name: j\n", "id", 1, 1, "journey has no id"},
		{"missing-id", "  - id: q\n", "  - name: q\n", "personas[1].id", 7, 5, "persona has no id"},
		{"missing-id", "  - id: t\n", "  - name: t\n", "touchpoints[0].id", 9, 5, "touchpoint"},
		{"missing-id", "  - id: s\n", "  - id: ''\n", "stages[0].id", 14, 9, "stage has no id"},
		{"missing-id", "  - id: b\n", "  - id: ~\n", "steps[1].id", 20, 9, "step has no id"},
		{"duplicate-id", "  - id: q\n", "  - id: p\n", "personas[1].id", 7, 9, `already used by personas[0]`},
		{"duplicate-id", "  - id: b\n", "  - id: a\n", "steps[1].id", 20, 9, `"a" is already used by steps[0]`},
		{"missing-stage", "    stage: s\n    touchpoint", "    touchpoint", "steps[0].stage", 16, 5, "belongs to no stage"},
		{"unknown-stage", "    stage: s\n    touchpoint", "    stage: x\n    touchpoint", "steps[0].stage", 17, 12, `no stage has the id "x"`},
		{"unknown-touchpoint", "touchpoint: t", "touchpoint: tt", "steps[0].touchpoint", 18, 17, `"tt"`},
		{"unknown-persona", "    emotion: 1\n", "    emotion: 1\n    personas: [p, z]\n", "steps[0].personas[1]", 20, 19, `no persona has the id "z"`},
		{"unknown-persona", "        severity: high\n", "        severity: high\n        personas: [zz]\n", "steps[1].barriers[0].personas[0]", 25, 20, `"zz"`},
		{"unknown-persona", "    probability: 0.5\n", "    probability: 0.5\n    personas: [x]\n", "transitions[0].personas[0]", 29, 16, `"x"`},
		{"duplicate-persona", "    emotion: 1\n", "    emotion: 1\n    personas: [p, p]\n", "steps[0].personas[1]", 20, 19, "twice"},
		{"unknown-step", "    to: b\n", "    to: c\n", "transitions[0].to", 27, 9, `no step has the id "c"`},
		{"unknown-step", "  - from: a\n", "  - from: ''\n", "transitions[0].from", 26, 11, "names no step"},
		{"unknown-step", "entries: [a]", "entries: [a, x]", "entries[1]", 29, 14, `"x"`},
		{"unknown-step", "goals: [b]", "goals: [y]", "goals[0]", 30, 9, `"y"`},
		{"unknown-step", "exits: []", "exits: [z]", "exits[0]", 31, 9, `"z"`},
		{"duplicate-entry", "entries: [a]", "entries: [a, a]", "entries[1]", 29, 14, "twice"},
		{"duplicate-goal", "goals: [b]", "goals: [b, b]", "goals[1]", 30, 12, "twice"},
		{"duplicate-exit", "exits: []", "exits: [a, a]", "exits[1]", 31, 12, "twice"},
		{"no-entry", "entries: [a]\n", "", "entries", 1, 1, "no entry"},
		{"no-goal", "goals: [b]\n", "goals: []\n", "goals", 30, 8, "no goal"},
		{"emotion-out-of-range", "emotion: 1", "emotion: -3", "steps[0].emotion", 19, 14, "-3 is outside -2..+2"},
		{"unknown-severity", "severity: high", "severity: huge", "steps[1].barriers[0].severity", 24, 19, `"huge"`},
		{"unknown-severity", "severity: high", "severity: Blocker", "steps[1].barriers[0].severity", 24, 19, `did you mean "blocker"?`},
		{"unknown-mode", "mode: online", "mode: offlne", "touchpoints[0].mode", 10, 11, `did you mean "offline"?`},
		{"unknown-mode", "mode: online", "mode: ofline", "touchpoints[0].mode", 10, 11, `is neither "online" nor "offline"`},
		{"unknown-severity", "        severity: high\n", "", "steps[1].barriers[0].severity", 23, 9, "no severity"},
		{"missing-description", "      - description: slow\n        severity", "      - severity", "steps[1].barriers[0].description", 23, 9, "no description"},
		{"unknown-mode", "mode: online", "mode: web", "touchpoints[0].mode", 10, 11, `"web"`},
		{"unknown-control", "control: direct", "control: partly", "touchpoints[0].control", 11, 14, `"partly"`},
		{"importance-out-of-range", "importance: 3", "importance: 6", "touchpoints[0].importance", 12, 17, "6 is outside 0..5"},
		{"importance-out-of-range", "importance: 3", "importance: -1", "touchpoints[0].importance", 12, 17, ""},
		{"probability-out-of-range", "probability: 0.5", "probability: 1.5", "transitions[0].probability", 28, 18, "1.5 is outside (0, 1]"},
		{"probability-out-of-range", "probability: 0.5", "probability: -0.1", "transitions[0].probability", 28, 18, ""},
		{"probability-out-of-range", "probability: 0.5", "probability: .nan", "transitions[0].probability", 28, 18, "NaN"},
		{"probability-out-of-range", "probability: 0.5", "probability: .inf", "transitions[0].probability", 28, 18, ""},
		{"probability-sum", "    probability: 0.5\n", "    probability: 0.5\n  - from: a\n    to: a\n    probability: 0.3\n    personas: [q]\n  - from: a\n    to: a\n    probability: 0.6\n    personas: [p]\n", "steps[0]", 16, 5, `for persona "p" the outgoing probabilities of step "a" sum to 1.1`},
		{"negative-count", "    probability: 0.5\n", "    probability: 0.5\n    count: -4\n", "transitions[0].count", 29, 12, "-4 is negative"},
		{"negative-weight", "weight: 1", "weight: -2", "personas[0].criteria[0].weight", 6, 17, "-2"},
		{"missing-name", "      - name: c\n        weight: 1\n", "      - weight: 1\n", "personas[0].criteria[0].name", 5, 9, "criterion has no name"},
		{"duplicate-transition", "    probability: 0.5\n", "    probability: 0.5\n  - from: a\n    to: b\n", "transitions[1]", 29, 5, "repeats transitions[0]"},
		{"negative-count", "    emotion: 1\n", "    emotion: 1\n    count: -1\n", "steps[0].count", 20, 12, "-1 is negative"},
		{"negative-count", "    emotion: 1\n", "    emotion: 1\n    counts: {p: -2}\n", "steps[0].counts.p", 20, 17, `-2 for persona "p" is negative`},
		{"unknown-persona", "    emotion: 1\n", "    emotion: 1\n    counts: {p: 1, x: 2}\n", "steps[0].counts.x", 20, 23, `no persona has the id "x"`},
		{"counts-above-count", "    emotion: 1\n", "    emotion: 1\n    count: 5\n    counts: {p: 3, q: 3}\n", "steps[0].counts", 21, 13, `sum to 6, more than the step's count 5`},
		{"share-out-of-range", "  - id: q\n", "  - id: q\n    share: 1.5\n", "personas[1].share", 8, 12, "1.5 is outside (0, 1]"},
		{"share-out-of-range", "  - id: q\n", "  - id: q\n    share: -0.5\n", "personas[1].share", 8, 12, ""},
		{"share-out-of-range", "  - id: q\n", "  - id: q\n    share: .nan\n", "personas[1].share", 8, 12, "NaN"},
		{"share-sum", "  - id: q\n", "  - id: q\n    share: 0.6\n  - id: r\n    share: 0.5\n", "personas", 3, 3, "sum to 1.1, more than 1"},
		{"invalid-timing", "    probability: 0.5\n", "    probability: 0.5\n    time: {median: -1}\n", "transitions[0].time.median", 29, 20, "-1 must be a finite number"},
		{"invalid-timing", "    probability: 0.5\n", "    probability: 0.5\n    time: {median: 10, p90: .nan}\n", "transitions[0].time.p90", 29, 29, "NaN"},
		{"invalid-timing", "    probability: 0.5\n", "    probability: 0.5\n    time: {median: 10, p90: 5}\n", "transitions[0].time.p90", 29, 29, "below the median"},
		{"negative-count", "exits: []\n", "exits: []\nobserved: {cases: -3}\n", "observed.cases", 32, 19, "-3 is negative"},
		{"converted-above-cases", "exits: []\n", "exits: []\nobserved: {cases: 3, converted: 4}\n", "observed.converted", 32, 33, "4 cases converted, more than the 3"},
		{"invalid-timing", "exits: []\n", "exits: []\nobserved:\n  convert_time: {p90: -.inf}\n", "observed.convert_time.p90", 33, 23, ""},
		{"unknown-persona", "exits: []\n", "exits: []\nobserved:\n  segments:\n    - {persona: z, cases: 1}\n", "observed.segments[0].persona", 34, 17, `no persona has the id "z"`},
		{"duplicate-persona", "exits: []\n", "exits: []\nobserved:\n  segments:\n    - {persona: p}\n    - {persona: p}\n", "observed.segments[1].persona", 35, 17, `already has observed.segments[0]`},
		{"converted-above-cases", "exits: []\n", "exits: []\nobserved:\n  segments:\n    - {persona: p, cases: 1, converted: 2}\n", "observed.segments[0].converted", 34, 41, ""},
	}
	for _, tt := range tests {
		t.Run(tt.code+"/"+tt.path, func(t *testing.T) {
			src := strings.Replace(validBase, tt.old, tt.new, 1)
			require.NotEqual(t, validBase, src, "the case changes nothing")
			j, err := ReadBytes([]byte(src))
			require.NoError(t, err)
			err = j.Validate()
			var ps Problems
			require.True(t, errors.As(err, &ps), "want Problems, got %v", err)
			i := slices.IndexFunc(ps, func(p Problem) bool { return p.Code == Code(tt.code) && p.Path == tt.path })
			require.GreaterOrEqual(t, i, 0, "no %s at %s in %v", tt.code, tt.path, ps)
			p := ps[i]
			assert.Equal(t, [2]int{tt.line, tt.col}, [2]int{p.Line, p.Column}, "line and column of %s", tt.path)
			assert.Contains(t, p.Message, tt.msgContain)

			// A clone keeps the positions: they travel with the values.
			assert.Equal(t, ps, problemsOf(t, j.Clone().Validate()))

			// The same problem in a journey built in Go has no position.
			c := j.Clone()
			c.StripPositions()
			gops := problemsOf(t, c.Validate())
			require.Len(t, gops, len(ps))
			assert.Contains(t, gops, Problem{Code: Code(tt.code), Path: tt.path, Message: p.Message})
		})
	}
}

func TestValidateAllProblemsSorted(t *testing.T) {
	j := &Journey{
		Steps: []Step{
			{ID: "a", Stage: "x", Emotion: 9},
			{ID: "a"},
		},
		Transitions: []Transition{{From: "a", To: "zz", Probability: 2, Count: -1}},
	}
	ps := problemsOf(t, j.Validate())
	assert.Len(t, ps, 10)
	paths := make([]string, len(ps))
	for i, p := range ps {
		paths[i] = p.Path
	}
	assert.Equal(t, []string{"entries", "goals", "id", "steps[0].emotion", "steps[0].stage", "steps[1].id", "steps[1].stage", "transitions[0].count", "transitions[0].probability", "transitions[0].to"}, paths)
}

func TestValidateNil(t *testing.T) {
	var j *Journey
	ps := problemsOf(t, j.Validate())
	assert.Equal(t, []string{"nil-journey"}, ps.Codes())
}

func TestValidatePositionsAfterEdit(t *testing.T) {
	j, err := ReadBytes([]byte(validBase))
	require.NoError(t, err)
	// Add a step the file does not have: its problem has no position, the
	// file's own positions stay.
	j.Steps = append(j.Steps, Step{ID: "new", Stage: "nowhere"})
	j.Steps[0].Emotion = 5
	ps := problemsOf(t, j.Validate())
	require.Len(t, ps, 2, "%v", ps)
	assert.Equal(t, "steps[2].stage", ps[0].Path)
	assert.Equal(t, 0, ps[0].Line)
	assert.Equal(t, "steps[0].emotion", ps[1].Path)
	assert.Equal(t, 19, ps[1].Line)
}

func TestValidateJSONPositions(t *testing.T) {
	src := `{
  "id": "j",
  "stages": [{"id": "s"}],
  "steps": [
    {"id": "a", "stage": "s"},
    {"id": "b", "stage": "s",
     "emotion": 7}
  ],
  "transitions": [{"from": "a", "to": "c"}],
  "entries": ["a"],
  "goals": ["b"]
}`
	j, err := ReadBytes([]byte(src))
	require.NoError(t, err)
	ps := problemsOf(t, j.Validate())
	require.Len(t, ps, 2)
	assert.Equal(t, Problem{Code: "emotion-out-of-range", Path: "steps[1].emotion", Line: 7, Column: 17, Message: ps[0].Message}, ps[0])
	assert.Equal(t, Problem{Code: "unknown-step", Path: "transitions[0].to", Line: 9, Column: 39, Message: ps[1].Message}, ps[1])
}

// countsBase has counts that conserve customers: every step counts at least
// what its counted transitions take out, in all and per persona.
const countsBase = `id: j
personas:
  - {id: p, share: 0.25}
  - {id: q, share: 0.75}
stages: [{id: s}]
steps:
  - id: a
    stage: s
    count: 100
    counts: {p: 30, q: 70}
  - {id: b, stage: s}
  - {id: c, stage: s}
transitions:
  - {from: a, to: b, personas: [p], count: 20}
  - {from: a, to: b, personas: [q], count: 50}
  - {from: a, to: c, personas: [p, q], count: 15}
  - {from: a, to: c, count: 15}
entries: [a]
goals: [b]
`

func TestValidateCountsConserve(t *testing.T) {
	j, err := ReadBytes([]byte(countsBase))
	require.NoError(t, err)
	require.NoError(t, j.Validate())

	tests := []struct {
		old, new string
		want     []Problem // Code, Path, Line, Column
	}{
		// 20+50+15+15 = 100 leave a, which counts 99.
		{"count: 100", "count: 99", []Problem{{Code: "count-below-outflow", Path: "steps[0].count", Line: 9, Column: 12}, {Code: "counts-above-count", Path: "steps[0].counts", Line: 10, Column: 13}}},
		// p's own transitions take out 20; the one for p and q is not p's alone.
		{"p: 30", "p: 19", []Problem{{Code: "count-below-outflow", Path: "steps[0].counts.p", Line: 10, Column: 17}}},
		{"p: 30", "p: 20", nil},
		{"q: 70", "q: 49", []Problem{{Code: "count-below-outflow", Path: "steps[0].counts.q", Line: 10, Column: 24}}},
		// Without a count, the per persona counts are still checked.
		{"    count: 100\n", "", nil},
		{"    count: 100\n    counts: {p: 30, q: 70}", "    counts: {p: 30, q: 7}", []Problem{{Code: "count-below-outflow", Path: "steps[0].counts.q", Line: 9, Column: 24}}},
		{"share: 0.75", "share: 0.8", []Problem{{Code: "share-sum", Path: "personas", Line: 3, Column: 3}}},
		{"share: 0.75", "share: 0", nil},
	}
	for _, tt := range tests {
		t.Run(tt.new, func(t *testing.T) {
			src := strings.Replace(countsBase, tt.old, tt.new, 1)
			require.NotEqual(t, countsBase, src)
			j, err := ReadBytes([]byte(src))
			require.NoError(t, err)
			err = j.Validate()
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			ps := problemsOf(t, err)
			for i := range ps {
				ps[i].Message = ""
			}
			assert.Equal(t, Problems(tt.want), ps)
		})
	}
}
