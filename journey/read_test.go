package journey

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// richJourney uses every field of the model, with strings YAML would happily
// read as something else.
func richJourney() *Journey {
	tricky := []string{"yes", "no", "1", "-1.5", "null", "~", "true", "*star", "&anchor", "#hash",
		"key: value", "multi\nline\n", " leading space", "trailing space ", "tab\there",
		"unicode — ünïcødé 日本語 😀", "control \x00\x01\x7f\u2028", `quote " and \ backslash`,
		"- dash", "[bracket", "{brace", "!bang", "%percent", "@at", "`tick", "'single'", "0x10", "1e21",
		".inf", ".nan", "<<", "", "  ", "a #b", "colon:", "?", "|", ">", "NULL", "Off", "2024-01-01"}
	return &Journey{
		ID:      "sofa",
		Name:    "Sofa: buying a sofa",
		Purpose: "raise conversion\nand loyalty",
		Personas: []persona.Persona{{
			ID: "corp", Name: "Corporate clients", Description: "offices, 'yes'",
			Segment: persona.Segment{Name: "b2b", Age: "30-45", Income: "high", Location: "cities", Family: "n/a", Occupation: "office manager"},
			Goals:   []string{"furnish the office"}, Needs: tricky, Motives: []string{"price-quality"},
			Criteria: []persona.Criterion{{Name: "price-quality", Weight: 0.1, Description: "d"}, {Name: "design", Weight: 3}, {Name: "x", Weight: 1e21}, {Name: "y", Weight: 5e-324}, {Name: "z", Weight: math.MaxFloat64}},
			Budget:   "under 1,000 EUR", Share: 0.25,
		}, {ID: "fam", Share: 1.0 / 3}},
		Touchpoints: []touchpoint.Touchpoint{
			{ID: "site", Name: "Site", Channel: touchpoint.Site, Mode: touchpoint.Online, Control: touchpoint.Direct, Owner: "web team", Importance: 5},
			{ID: "wom", Channel: touchpoint.WordOfMouth, Mode: touchpoint.Offline, Control: touchpoint.Indirect},
		},
		Stages: []Stage{
			{ID: "search", Name: "Search", Phase: Awareness, Goal: "find", Expectations: []string{"fast"}, Questions: []string{"where?", "how much?"}},
			{ID: "buy", Phase: Purchase},
		},
		Steps: []Step{
			{ID: "a", Stage: "search", Touchpoint: "site", Action: "searches", Personas: []string{"corp", "fam"}, Emotion: -2,
				Thoughts: tricky, Barriers: []Barrier{{Description: "slow site", Severity: High, Kind: "usability", Personas: []string{"corp"}}, {Description: "price", Severity: Blocker}},
				Opportunities: []string{"speed up"}, Count: 1 << 41, Counts: map[string]int64{"corp": 7, "fam": 0, "yes": 1, "a: b": 2, "": 3, "日本": 1 << 40}},
			{ID: "1", Stage: "buy", Emotion: 2, Count: 5},
		},
		Transitions: []Transition{
			{From: "a", To: "1", Personas: []string{"fam"}, Probability: 0.3, Count: 1 << 40, Time: &Timing{Median: 3600, P90: 86400.5}, Label: "buys"},
			{From: "a", To: "1", Probability: 1.0 / 3, Time: &Timing{}},
			{From: "1", To: "a", Count: 7},
		},
		Entries: []string{"a"},
		Goals:   []string{"1"},
		Exits:   []string{"a"},
		Observed: &Observed{Cases: 1000, Converted: 120, ConvertTime: &Timing{Median: 1e5},
			Segments: []ObservedSegment{{Persona: "corp", Cases: 400, Converted: 20}, {Persona: "fam", ConvertTime: &Timing{P90: 7}}}},
	}
}

// stripped strips j of its positions and returns it, for reflect.DeepEqual.
func stripped(j *Journey) *Journey {
	j.StripPositions()
	return j
}

func roundTrip(t *testing.T, j *Journey, f Format) *Journey {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, j, f))
	got, err := Read(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err, "reading back:\n%s", buf.String())
	return got
}

func TestRoundTrip(t *testing.T) {
	want := richJourney()
	for _, f := range []Format{YAML, JSON} {
		t.Run(f.String(), func(t *testing.T) {
			got := roundTrip(t, want, f)
			if !reflect.DeepEqual(stripped(got), want) {
				t.Errorf("round trip changed the journey:\n got %#v\nwant %#v", got, want)
			}
		})
	}
	t.Run("yaml-json-yaml", func(t *testing.T) {
		got := roundTrip(t, roundTrip(t, roundTrip(t, want, YAML), JSON), YAML)
		assert.True(t, reflect.DeepEqual(stripped(got), want))
	})
	t.Run("stable", func(t *testing.T) {
		var a, b bytes.Buffer
		require.NoError(t, Write(&a, want, YAML))
		require.NoError(t, Write(&b, roundTrip(t, want, YAML), YAML))
		assert.Equal(t, a.String(), b.String())
	})
}

func TestRoundTripFloats(t *testing.T) {
	floats := []float64{0.1, 0.2, 1.0 / 3, 2.0 / 3, 1e-7, 1e-300, 123456789.125, 1e15, 1e16, 1e17, 1e22, 4.9e-324, math.SmallestNonzeroFloat64, math.MaxFloat64, math.Nextafter(1, 2), -0.5, -1e-20}
	for _, f := range floats {
		j := &Journey{ID: "x", Personas: []persona.Persona{{ID: "p", Criteria: []persona.Criterion{{Name: "c", Weight: f}}}}}
		for _, format := range []Format{YAML, JSON} {
			got := roundTrip(t, j, format)
			assert.Equal(t, f, got.Personas[0].Criteria[0].Weight, "%v in %v", f, format)
		}
	}
	// YAML also keeps NaN and the infinities.
	j := &Journey{ID: "x", Transitions: []Transition{{From: "a", To: "b", Probability: math.Inf(1)}, {From: "a", To: "b", Probability: math.Inf(-1)}, {From: "a", To: "b", Probability: math.NaN()}}}
	got := roundTrip(t, j, YAML)
	assert.True(t, math.IsInf(got.Transitions[0].Probability, 1))
	assert.True(t, math.IsInf(got.Transitions[1].Probability, -1))
	assert.True(t, math.IsNaN(got.Transitions[2].Probability))
	assert.Error(t, Write(&bytes.Buffer{}, j, JSON))
}

func TestWriteErrors(t *testing.T) {
	assert.Error(t, Write(&bytes.Buffer{}, nil, YAML))
	assert.Error(t, Write(&bytes.Buffer{}, &Journey{}, Format(7)))
	assert.Error(t, Write(failWriter{}, richJourney(), YAML))
	assert.Error(t, Write(failWriter{}, richJourney(), JSON))
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteJSONShape(t *testing.T) {
	var buf bytes.Buffer
	j := &Journey{ID: "j", Steps: []Step{{ID: "a", Stage: "s"}}, Entries: []string{"a"}}
	require.NoError(t, Write(&buf, j, JSON))
	assert.Equal(t, "{\n  \"id\": \"j\",\n  \"steps\": [\n    {\n      \"id\": \"a\",\n      \"stage\": \"s\"\n    }\n  ],\n  \"entries\": [\n    \"a\"\n  ]\n}\n", buf.String())
	buf.Reset()
	require.NoError(t, Write(&buf, j, YAML))
	assert.Equal(t, "id: j\nsteps:\n  - id: a\n    stage: s\nentries:\n  - a\n", buf.String())
}

// problemsOf returns the Problems in err, failing the test if there are none.
func problemsOf(t *testing.T, err error) Problems {
	t.Helper()
	var ps Problems
	require.True(t, errors.As(err, &ps), "want Problems, got %v", err)
	return ps
}

func TestReadProblems(t *testing.T) {
	type want struct {
		code, path string
		line, col  int
		msg        string // a part of the message
	}
	tests := []struct {
		name string
		src  string
		want []want
	}{
		{"syntax", "id: x\nsteps: [\n", []want{{"syntax", "", 2, 8, ""}}},
		{"syntax-nesting", "id: x\nname: a: b\n", []want{{"syntax", "", 2, 0, ""}}},
		{"syntax-quote", "id: x\nname: 'open\n", []want{{"syntax", "", 2, 0, ""}}},
		{"empty", "", []want{{"empty-file", "", 0, 0, ""}}},
		{"only-comments", "# nothing\n\n", []want{{"empty-file", "", 0, 0, ""}}},
		{"spaces", "  \n\t\n", []want{{"empty-file", "", 0, 0, ""}}},
		{"not-mapping", "- a\n- b\n", []want{{"wrong-type", "", 1, 1, "expected a mapping"}}},
		{"scalar-doc", "hello\n", []want{{"wrong-type", "", 1, 1, "expected a mapping"}}},
		{"two-docs", "id: a\n---\nid: b\n", []want{{"syntax", "", 3, 0, "more than one document"}}},
		{"unknown-key", "id: x\nstpes: []\n", []want{{"unknown-key", "stpes", 2, 1, `did you mean "steps"?`}}},
		{"unknown-key-nested", "id: x\nsteps:\n  - id: a\n    stage: s\n    emoton: 1\n", []want{{"unknown-key", "steps[0].emoton", 5, 5, `did you mean "emotion"?`}}},
		{"unknown-key-case", "id: x\nSteps: []\n", []want{{"unknown-key", "Steps", 2, 1, `did you mean "steps"?`}}},
		{"unknown-key-wrong-level", "id: x\nsteps:\n  - id: a\n    severity: high\n", []want{{"unknown-key", "steps[0].severity", 4, 5, `unknown key "severity" in step; it is a key of a barrier`}}},
		{"unknown-key-far", "id: x\ncolour: red\n", []want{{"unknown-key", "colour", 2, 1, `unknown key "colour" in journey`}}},
		{"wrong-type-emotion", "id: x\nsteps:\n  - id: a\n    emotion: happy\n", []want{{"wrong-type", "steps[0].emotion", 4, 14, `expected an integer, got a string "happy"`}}},
		{"wrong-type-float-int", "id: x\nsteps:\n  - id: a\n    emotion: 1.5\n", []want{{"wrong-type", "steps[0].emotion", 4, 14, "expected an integer"}}},
		{"wrong-type-quoted-number", "id: x\ntransitions:\n  - from: a\n    to: b\n    probability: \"0.5\"\n", []want{{"wrong-type", "transitions[0].probability", 5, 18, "expected a number"}}},
		{"wrong-type-bool", "id: x\ntouchpoints:\n  - id: a\n    importance: true\n", []want{{"wrong-type", "touchpoints[0].importance", 4, 17, "the boolean true"}}},
		{"wrong-type-list-for-string", "id: x\nname: [a, b]\n", []want{{"wrong-type", "name", 2, 7, "expected a string, got a list"}}},
		{"wrong-type-map-for-list", "id: x\nsteps:\n  id: a\n", []want{{"wrong-type", "steps", 3, 3, "expected a list, got a mapping"}}},
		{"wrong-type-scalar-for-list", "id: x\nentries: a\n", []want{{"wrong-type", "entries", 2, 10, "expected a list"}}},
		{"wrong-type-scalar-for-struct", "id: x\npersonas:\n  - corp\n", []want{{"wrong-type", "personas[0]", 3, 5, "expected a mapping (a persona)"}}},
		{"wrong-type-overflow", "id: x\ntransitions:\n  - count: 99999999999999999999\n", []want{{"wrong-type", "transitions[0].count", 3, 12, ""}}},
		{"wrong-type-int-too-large", "id: x\ntouchpoints:\n  - importance: 99999999999999999999999999\n", []want{{"wrong-type", "touchpoints[0].importance", 3, 17, "the integer 99999999999999999999999999 is out of range"}}},
		{"wrong-type-float-for-int", "id: x\nsteps:\n  - emotion: 1e400\n", []want{{"wrong-type", "steps[0].emotion", 3, 14, "expected an integer, got the number 1e400"}}},
		{"wrong-type-float-overflow", "id: x\ntransitions:\n  - probability: 1.7976931348623157e309\n", []want{{"wrong-type", "transitions[0].probability", 3, 18, "out of range"}}},
		{"wrong-type-float-overflow-plain", "id: x\ntransitions:\n  - probability: 1e999\n", []want{{"wrong-type", "transitions[0].probability", 3, 18, "the number 1e999 is out of range"}}},
		{"utf16", "\xff\xfei\x00d\x00:\x00 \x00x\x00", []want{{"syntax", "", 1, 1, "UTF-16"}}},
		{"utf16-no-bom", "i\x00d\x00:\x00 \x00x\x00", []want{{"syntax", "", 1, 1, "UTF-16"}}},
		{"wrong-type-segment", "id: x\npersonas:\n  - id: p\n    segment: young\n", []want{{"wrong-type", "personas[0].segment", 4, 14, "(a segment)"}}},
		{"duplicate-key", "id: x\nname: a\nname: b\n", []want{{"duplicate-key", "name", 3, 1, `"name" appears more than once`}}},
		{"duplicate-key-nested", "id: x\nsteps:\n  - id: a\n    id: b\n", []want{{"duplicate-key", "steps[0].id", 4, 5, ""}}},
		{"many", "id: x\nnmae: a\nsteps:\n  - id: a\n    emotion: x\n    emotion: 1\ntransitions:\n  - count: many\n", []want{
			{"unknown-key", "nmae", 2, 1, `did you mean "name"?`},
			{"wrong-type", "steps[0].emotion", 5, 14, ""},
			{"duplicate-key", "steps[0].emotion", 6, 5, ""},
			{"wrong-type", "transitions[0].count", 8, 12, ""},
		}},
		{"alias-unknown", "id: *nope\n", []want{{"syntax", "id", 1, 5, "no anchor"}}},
		{"json-unknown-key", "{\"id\": \"x\",\n \"stpes\": []}", []want{{"unknown-key", "stpes", 2, 2, ""}}},
		{"json-wrong-type", "{\"id\": \"x\",\n \"steps\": [{\"id\": \"a\",\n   \"emotion\": \"2\"}]}", []want{{"wrong-type", "steps[0].emotion", 3, 15, ""}}},
		{"json-duplicate", "{\"id\": \"x\", \"id\": \"y\"}", []want{{"duplicate-key", "id", 1, 13, ""}}},
		{"json-case", "{\"ID\": \"x\"}", []want{{"unknown-key", "ID", 1, 2, `did you mean "id"?`}}},
		{"json-syntax", "{\"id\": \"x\",\n \"steps\": [}", []want{{"syntax", "", 0, 0, ""}}},
		{"json-trailing", "{\"id\": \"x\"} {\"id\": \"y\"}", []want{{"syntax", "", 0, 0, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j, err := ReadBytes([]byte(tt.src))
			require.Error(t, err)
			assert.Nil(t, j)
			ps := problemsOf(t, err)
			require.Len(t, ps, len(tt.want), "%v", ps)
			for i, w := range tt.want {
				p := ps[i]
				assert.Equal(t, Code(w.code), p.Code, "%v", p)
				assert.Equal(t, w.path, p.Path, "%v", p)
				if w.line > 0 {
					assert.Equal(t, w.line, p.Line, "%v", p)
				}
				if w.col > 0 {
					assert.Equal(t, w.col, p.Column, "%v", p)
				}
				if w.code == "syntax" && w.line == 0 && tt.name != "two-docs" {
					assert.Positive(t, p.Line, "a syntax error has a line: %v", p)
				}
				assert.Contains(t, p.Message, w.msg)
				assert.NotEmpty(t, p.Message)
			}
		})
	}
}

func TestReadAccepts(t *testing.T) {
	src := "\ufeff# a journey\nid: 2024\nname: ~\npurpose: null\nsteps:\n  - &base\n    id: a\n    stage: s\n    emotion: -2\n  - <<: *base\n    id: b\n    thoughts: [yes, 'no', 1.5, true]\n    action: |\n      line one\n      line two\ntransitions:\n  - from: a\n    to: b\n    probability: 1\n  - from: b\n    to: a\n    probability: 1e-3\n    count: !!int 5\nentries: [a]\ngoals:\n"
	j, err := ReadBytes([]byte(src))
	require.NoError(t, err)
	assert.Equal(t, "2024", j.ID)
	assert.Equal(t, "", j.Name)
	require.Len(t, j.Steps, 2)
	assert.Equal(t, Step{ID: "b", Stage: "s", Emotion: -2, Thoughts: []string{"yes", "no", "1.5", "true"}, Action: "line one\nline two\n"}, stripped(j).Steps[1])
	assert.Equal(t, 1.0, j.Transitions[0].Probability)
	assert.Equal(t, 1e-3, j.Transitions[1].Probability)
	assert.Equal(t, int64(5), j.Transitions[1].Count)
	assert.Nil(t, j.Goals)
}

// Problems in values that come from an anchor are placed at the anchor.
func TestValidatePositionsThroughAliases(t *testing.T) {
	src := `id: x
stages: [{id: s}]
base: &base
  stage: s
steps:
  - &a
    id: a
    stage: s
    emotion: 9
  - <<: *a
    id: b
  - id: c
    stage: *missing
entries: [a]
goals: [b]
`
	_, err := ReadBytes([]byte(src))
	ps := problemsOf(t, err)
	// base is not a key of the journey; the alias *missing names no anchor.
	assert.Equal(t, []string{"unknown-key", "syntax"}, ps.Codes())

	src = strings.Replace(strings.Replace(src, "base: &base\n  stage: s\n", "", 1), "stage: *missing", "stage: *s", 1)
	src = strings.Replace(src, "stages: [{id: s}]", "stages: [{id: &s s}]", 1)
	j, err := ReadBytes([]byte(src))
	require.NoError(t, err)
	ps = problemsOf(t, j.Validate())
	require.Len(t, ps, 2, "%v", ps)
	assert.Equal(t, Problem{Code: "emotion-out-of-range", Path: "steps[0].emotion", Line: 7, Column: 14, Message: ps[0].Message}, ps[0])
	// steps[1] merges steps[0]: its emotion is placed at the anchor's.
	assert.Equal(t, Problem{Code: "emotion-out-of-range", Path: "steps[1].emotion", Line: 7, Column: 14, Message: ps[1].Message}, ps[1])
}

func TestReadDirective(t *testing.T) {
	j, err := ReadBytes([]byte("%YAML 1.2\n---\n# a comment\nid: x\n...\n"))
	require.NoError(t, err)
	assert.Equal(t, "x", j.ID)
}

func TestReadSofaTwins(t *testing.T) {
	y, err := ReadFile("../examples/sofa/sofa.yaml")
	require.NoError(t, err)
	require.NoError(t, y.Validate())
	j, err := ReadFile("testdata/sofa.json")
	require.NoError(t, err)
	assert.True(t, Equal(y, j), "sofa.yaml and sofa.json differ")
	assert.True(t, reflect.DeepEqual(stripped(y), stripped(j)), "sofa.yaml and sofa.json differ")
}

func TestReadLimits(t *testing.T) {
	tests := []struct {
		name string
		opts ReadOptions
		src  string
		code string
		path string
	}{
		{"too-large", ReadOptions{MaxBytes: 10}, "id: a-long-journey-id\n", "too-large", ""},
		{"string-too-long", ReadOptions{MaxStringLen: 4}, "id: x\nname: longer than four\n", "string-too-long", "name"},
		{"json-string-too-long", ReadOptions{MaxStringLen: 4}, `{"id": "x", "name": "longer than four"}`, "string-too-long", "name"},
		{"too-many-steps", ReadOptions{MaxSteps: 1}, "id: x\nsteps: [{id: a}, {id: b}]\n", "too-many-steps", "steps"},
		{"json-too-many-steps", ReadOptions{MaxSteps: 1}, `{"id": "x", "steps": [{"id": "a"}, {"id": "b"}]}`, "too-many-steps", "steps"},
		{"too-many-transitions", ReadOptions{MaxTransitions: 1}, "id: x\ntransitions: [{from: a}, {from: b}]\n", "too-many-transitions", "transitions"},
		{"too-deep", ReadOptions{}, "id: x\nname: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n", "too-deep", ""},
		{"json-too-deep", ReadOptions{}, `{"id": "x", "name": ` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}", "too-deep", ""},
		{"alias-limit", ReadOptions{MaxAliases: 3}, "id: &i x\nname: *i\npurpose: *i\nsteps:\n  - id: *i\n    stage: *i\n", "alias-limit", ""},
		{"alias-recursive", ReadOptions{}, "id: x\nsteps: &s\n  - id: a\n    thoughts: *s\n", "syntax", "steps[0].thoughts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.opts.ReadBytes([]byte(tt.src))
			ps := problemsOf(t, err)
			assert.Equal(t, Code(tt.code), ps[0].Code, "%v", ps)
			assert.Equal(t, tt.path, ps[0].Path, "%v", ps)
		})
	}
}

// TestBillionLaughs checks that a file whose aliases would expand to a
// billion values fails fast with alias-limit, wherever the aliases are.
func TestBillionLaughs(t *testing.T) {
	for _, under := range []string{"", "steps:\n  - id: s\n    thoughts: *i\n"} {
		src := "id: x\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
		prev := "a"
		for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
			src += name + ": &" + name + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n"
			prev = name
		}
		src += under
		_, err := ReadBytes([]byte(src))
		ps := problemsOf(t, err)
		require.Equal(t, []string{"alias-limit"}, ps.Codes(), "%v", ps)
		assert.Positive(t, ps[0].Line)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "j.yaml")
	require.NoError(t, os.WriteFile(path, []byte("id: x\nstpes: []\n"), 0o644))
	_, err := ReadFile(path)
	ps := problemsOf(t, err)
	assert.Equal(t, path, ps[0].File)
	assert.Equal(t, path+":2:1: unknown-key: unknown key \"stpes\" in journey; did you mean \"steps\"? (stpes)", ps[0].Error())

	_, err = ReadFile(filepath.Join(dir, "missing.yaml"))
	assert.ErrorIs(t, err, os.ErrNotExist)

	_, err = ReadOptions{MaxBytes: 4}.ReadFile(path)
	assert.Equal(t, []string{"too-large"}, problemsOf(t, err).Codes())
}

func TestReadJSONFastPathMatchesAST(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, richJourney(), JSON))
	fast := ReadOptions{}.withDefaults().decodeJSONFast(buf.Bytes())
	require.NotNil(t, fast)
	jsonPositions(buf.Bytes(), fast, "")
	slow, ps := ReadOptions{}.withDefaults().decodeAST(buf.Bytes(), "")
	require.Empty(t, ps)
	assert.True(t, reflect.DeepEqual(fast, slow), "the values and their positions differ")
}

func TestReadErrorReader(t *testing.T) {
	_, err := Read(iotestErrReader{})
	assert.ErrorContains(t, err, "boom")
}

type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errors.New("boom") }

func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	_ = Write(&buf, richJourney(), YAML)
	f.Add(buf.Bytes())
	buf.Reset()
	_ = Write(&buf, richJourney(), JSON)
	f.Add(buf.Bytes())
	for _, s := range []string{"", "id: x", "{", "- [", "a: &a [*a]", "id: !!binary aGk=", "? [a]\n: b", "steps: [{<<: *x}]", "\xff\xfe", "id: x\nsteps:\n - - - a"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		j, err := ReadBytes(data)
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not Problems: %v", err)
			}
			return
		}
		_ = j.Validate()
		var out bytes.Buffer
		if err := Write(&out, j, YAML); err != nil {
			t.Fatal(err)
		}
		back, err := ReadBytes(out.Bytes())
		if err != nil {
			t.Fatalf("cannot read back what Write wrote: %v\n%s", err, out.String())
		}
		_ = back
	})
}

// TestRoundTripRandomStrings writes journeys full of random strings (any
// runes, YAML indicators, spaces at the ends, line breaks) and floats, and
// checks that both formats read them back unchanged.
func TestRoundTripRandomStrings(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`",
		" ", "  ", "\t", "\n", "\r\n", "\r", "\\", "0", "1.5", "0x1F", "1e3", "yes", "No", "null", "~", "true", ".inf", "-.nan", "<<",
		"---", "...", "a", "Z", "é", "日本", "😀", "\u0085", "\u2028", "\ufeff", "\x00", "\x1b", "\x7f", "\u00a0"}
	str := func() string {
		var b strings.Builder
		for n := r.IntN(6); n > 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	num := func() float64 {
		switch r.IntN(4) {
		case 0:
			return r.Float64()
		case 1:
			return math.Float64frombits(r.Uint64()&^(0x7ff<<52) | uint64(r.IntN(0x7fe)+1)<<52)
		case 2:
			return float64(r.IntN(100))
		}
		return r.NormFloat64() * 1e-5
	}
	// counts returns nil or a non-empty map with random keys, as Read gives
	// it back (Write leaves an empty map out).
	counts := func() map[string]int64 {
		var m map[string]int64
		for n := r.IntN(4); n > 0; n-- {
			if m == nil {
				m = map[string]int64{}
			}
			m[str()] = r.Int64() - r.Int64()
		}
		return m
	}
	timing := func() *Timing {
		if r.IntN(3) == 0 {
			return nil
		}
		return &Timing{Median: num(), P90: num()}
	}
	for i := 0; i < 300; i++ {
		j := &Journey{ID: str(), Name: str(), Purpose: str(),
			Personas:    []persona.Persona{{ID: str(), Goals: []string{str(), str()}, Criteria: []persona.Criterion{{Name: str(), Weight: num()}}, Segment: persona.Segment{Age: str()}, Share: num()}},
			Touchpoints: []touchpoint.Touchpoint{{ID: str(), Channel: touchpoint.Channel(str()), Importance: r.IntN(11) - 5}},
			Steps:       []Step{{ID: str(), Stage: str(), Emotion: r.IntN(9) - 4, Thoughts: []string{str()}, Barriers: []Barrier{{Description: str(), Severity: Severity(str())}}, Count: r.Int64() - r.Int64(), Counts: counts()}},
			Transitions: []Transition{{From: str(), To: str(), Probability: num(), Count: r.Int64() - r.Int64(), Time: timing()}},
			Entries:     []string{str()},
		}
		if r.IntN(2) == 0 {
			j.Observed = &Observed{Cases: r.Int64(), Converted: r.Int64() - r.Int64(), ConvertTime: timing()}
			for n := r.IntN(3); n > 0; n-- {
				j.Observed.Segments = append(j.Observed.Segments, ObservedSegment{Persona: str(), Cases: r.Int64N(100), ConvertTime: timing()})
			}
		}
		for _, f := range []Format{YAML, JSON} {
			var buf bytes.Buffer
			require.NoError(t, Write(&buf, j, f))
			got, err := ReadBytes(buf.Bytes())
			require.NoError(t, err, "%v:\n%s", f, buf.String())
			if !reflect.DeepEqual(stripped(got), j) {
				t.Fatalf("%v round trip changed the journey:\n got %#v\nwant %#v\n%s", f, got, j, buf.String())
			}
		}
	}
}

// TestReadJSONLight checks that a large JSON journey is read by the light
// encoding/json path: the tree of the YAML parser would allocate dozens of
// times the size of the file.
func TestReadJSONLight(t *testing.T) {
	const n = 5000
	j := &Journey{ID: "big", Stages: []Stage{{ID: "s"}}}
	for i := 0; i < n; i++ {
		j.Steps = append(j.Steps, Step{ID: fmt.Sprint("step-", i), Stage: "s", Action: "does something ordinary", Thoughts: []string{"a thought"}})
	}
	for i := 0; i < 3*n; i++ {
		j.Transitions = append(j.Transitions, Transition{From: j.Steps[i%n].ID, To: j.Steps[(i%n+1+i/n)%n].ID, Label: "goes on"})
	}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, j, JSON))
	data := buf.Bytes()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got, err := ReadBytes(data)
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	assert.True(t, reflect.DeepEqual(stripped(got), j))
	ratio := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(data))
	assert.LessOrEqual(t, ratio, 16.0, "reading %d bytes of JSON allocated %.1f times as much", len(data), ratio)
}

func TestJSONShapeStrict(t *testing.T) {
	for src, want := range map[string]bool{
		`{"id": "x", "steps": [{"id": "a", "barriers": [{"severity": "low"}]}]}`:  true,
		`{"personas": [{"segment": {"age": "30"}, "criteria": [{"weight": 1}]}]}`: true,
		`{"id": null, "steps": null, "entries": ["a", "b"]}`:                      true,
		`{"steps": [{"severity": "low"}]}`:                                        false, // a barrier's key in a step
		`{"ID": "x"}`:                                                             false,
		`{"id": "x", "id": "y"}`:                                                  false,
		`{"id": {"a": 1}}`:                                                        false,
		`{"personas": [["x"]]}`:                                                   false,
		`{"steps": {"id": "a"}}`:                                                  false,
		`{"id": "x"`:                                                              true, // left to encoding/json
		`{"i\u0064": "x"}`:                                                        false,
		`{"steps": [{"id": "a"}}`:                                                 false,
		`{"steps": [{"counts": {"a": 1, "Count": 2, "": 3}}]}`:                    true,
		`{"steps": [{"counts": {"a": 1, "a": 2}}]}`:                               false, // a repeated map key
		`{"steps": [{"counts": [1]}]}`:                                            false,
		`{"steps": [{"counts": {"a": {"b": 1}}}]}`:                                false,
		`{"steps": [{"counts": {"\u0061": 1}}]}`:                                  false, // left to the strict decoder
		`{"transitions": [{"time": {"median": 1, "p90": 2}}]}`:                    true,
		`{"transitions": [{"time": {"mean": 1}}]}`:                                false,
		`{"observed": {"segments": [{"persona": "p", "convert_time": {}}]}}`:      true,
		`{"observed": {"segments": {"persona": "p"}}}`:                            false,
	} {
		ok, _ := jsonShapeStrict([]byte(src), 64)
		assert.Equal(t, want, ok, src)
	}
	nested := []byte(`{"steps": [{"id": "a"}]}`)
	ok, _ := jsonShapeStrict(nested, 3)
	assert.True(t, ok)
	ok, _ = jsonShapeStrict(nested, 2)
	assert.False(t, ok, "deeper than the limit")

	// A map with many keys: repeats are still found, without a quadratic search.
	var many strings.Builder
	many.WriteString(`{"steps": [{"counts": {`)
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&many, `"k%d": %d, `, i, i)
	}
	ok, _ = jsonShapeStrict([]byte(many.String()+`"k0": 1}}]}`), 64)
	assert.False(t, ok, "a key repeated after a thousand")
	ok, _ = jsonShapeStrict([]byte(many.String()+`"k": 1}}]}`), 64)
	assert.True(t, ok)

	// The sizes it counts presize the large lists; only the top-level
	// steps and transitions count, not lists inside them.
	ok, sizes := jsonShapeStrict([]byte(`{"steps": [{"id": "a", "barriers": [{"description": "x"}, {"description": "y"}]}, {"id": "b"}],
		"transitions": [{"from": "a", "to": "b"}], "entries": ["a"], "personas": [{"id": "p"}]}`), 64)
	assert.True(t, ok)
	assert.Equal(t, jsonSizes{steps: 2, transitions: 1}, sizes)
}
