package journey_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
)

// This file runs the catalogue of hostile inputs in testdata/hostile (and
// the inputs too large to commit, generated here) through Read, Validate and
// Analyze. Each must be answered with a typed error (journey.Problems with
// the listed codes) or a bounded result, without a panic. docs/errors.md
// lists the same catalogue with what each file tries; keep the two in step.

// outcome is what the library answers to one hostile input: the distinct
// problem codes of the first stage that fails (read, validate or analyze),
// in sorted order, or "ok" and what Analyze found.
type outcome struct {
	stage string   // "read", "validate" or "analyze"
	codes []string // distinct codes, sorted; nil for analyze
}

func (o outcome) String() string { return o.stage + " " + strings.Join(o.codes, ",") }

// answer runs data through the library as a caller would and returns what
// it answered. It fails the test on a panic or an error that is not a
// journey.Problems.
func answer(t *testing.T, opts journey.ReadOptions, data []byte) (outcome, *analysis.Report) {
	t.Helper()
	j, err := opts.ReadBytes(data)
	if err != nil {
		return outcome{"read", codesOf(t, err)}, nil
	}
	if err := j.Validate(); err != nil {
		return outcome{"validate", codesOf(t, err)}, nil
	}
	r, err := analysis.Analyze(context.Background(), j, analysis.Options{K: analysis.MaxK})
	if err != nil {
		t.Fatalf("Analyze of a valid journey: %v", err)
	}
	if r == nil {
		t.Fatal("Analyze returned no report and no error")
	}
	if len(r.Paths) > analysis.MaxK {
		t.Errorf("Analyze returned %d paths, more than MaxK", len(r.Paths))
	}
	return outcome{stage: "analyze"}, r
}

// codesOf returns the distinct codes of a Problems error, sorted, failing
// the test if err is not one.
func codesOf(t *testing.T, err error) []string {
	t.Helper()
	var ps journey.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error is not journey.Problems: %T %v", err, err)
	}
	if len(ps) == 0 {
		t.Fatalf("empty Problems as an error")
	}
	for _, p := range ps {
		if p.Code == "" || p.Message == "" {
			t.Errorf("problem without code or message: %+v", p)
		}
	}
	codes := slices.Clone(ps.Codes())
	slices.Sort(codes)
	return slices.Compact(codes)
}

// hostileFiles is the committed catalogue: file name -> expected outcome.
var hostileFiles = map[string]outcome{
	"alias-bomb.yaml":            {"read", []string{"alias-limit"}},
	"alias-bomb-in-model.yaml":   {"read", []string{"alias-limit"}},
	"alias-recursive.yaml":       {"read", []string{"syntax"}},
	"alias-merge-loop.yaml":      {"read", []string{"syntax"}},
	"binary-garbage.bin":         {"read", []string{"syntax"}},
	"bom.json":                   {stage: "analyze"},
	"bom.yaml":                   {stage: "analyze"},
	"case-folded-keys.json":      {"read", []string{"unknown-key"}},
	"comments-only.yaml":         {"read", []string{"empty-file"}},
	"dangling-references.yaml":   {"validate", []string{"duplicate-entry", "duplicate-exit", "duplicate-id", "missing-id", "unknown-persona", "unknown-stage", "unknown-step", "unknown-touchpoint"}},
	"deep-block-mapping.yaml":    {"read", []string{"wrong-type"}},
	"deep-block.yaml":            {"read", []string{"too-deep"}},
	"deep-flow-mapping.yaml":     {"read", []string{"too-deep"}},
	"deep-flow.json":             {"read", []string{"too-deep"}},
	"deep-flow.yaml":             {"read", []string{"too-deep"}},
	"duplicate-keys.json":        {"read", []string{"duplicate-key"}},
	"duplicate-keys.yaml":        {"read", []string{"duplicate-key"}},
	"empty.yaml":                 {"read", []string{"empty-file"}},
	"huge-numbers.yaml":          {"read", []string{"wrong-type"}},
	"invalid-utf8.yaml":          {"validate", []string{"no-entry", "no-goal"}},
	"ladder-2e60.yaml":           {stage: "analyze"},
	"multi-document.yaml":        {"read", []string{"syntax"}},
	"nan-inf-probabilities.yaml": {"validate", []string{"negative-weight", "probability-out-of-range"}},
	"nan-inf.json":               {"read", []string{"wrong-type"}},
	"negative-counts.yaml":       {"validate", []string{"emotion-out-of-range", "importance-out-of-range", "negative-count"}},
	"no-entry.yaml":              {"validate", []string{"no-entry", "no-goal"}},
	"nul-bytes.yaml":             {"validate", []string{"no-entry", "no-goal"}},
	"raw-control-chars.yaml":     {"validate", []string{"no-entry", "no-goal", "unknown-stage"}},
	"self-loops-only.yaml":       {stage: "analyze"},
	"tabs.yaml":                  {"read", []string{"syntax"}},
	"trailing-garbage.json":      {"read", []string{"syntax"}},
	"truncated.json":             {"read", []string{"syntax"}},
	"unicode-labels.yaml":        {stage: "analyze"},
	"unknown-keys.yaml":          {"read", []string{"unknown-key"}},
	"utf16.yaml":                 {"read", []string{"syntax"}},
	"wrong-types.json":           {"read", []string{"wrong-type"}},
	"wrong-types.yaml":           {"read", []string{"wrong-type"}},
}

// TestHostileCatalogue reads every file of testdata/hostile and checks the
// answer; a file in the directory that the table does not list fails, so
// that the catalogue and docs/errors.md cannot drift apart silently.
func TestHostileCatalogue(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "hostile", "*"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, path := range files {
		name := filepath.Base(path)
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			want, ok := hostileFiles[name]
			if !ok {
				t.Fatalf("%s is not listed in hostileFiles", name)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := answer(t, journey.ReadOptions{}, data)
			if got.String() != want.String() {
				t.Errorf("got %v, want %v", got, want)
			}
			// ReadFile answers the same, with the file name in every problem.
			_, err = journey.ReadFile(path)
			if want.stage == "read" {
				var ps journey.Problems
				if !errors.As(err, &ps) {
					t.Fatalf("ReadFile: %v", err)
				}
				for _, p := range ps {
					if p.File != path {
						t.Errorf("ReadFile problem without its file: %v", p)
					}
				}
			} else if err != nil {
				t.Errorf("ReadFile: %v", err)
			}
		})
	}
	for name := range hostileFiles {
		if !seen[name] {
			t.Errorf("hostileFiles lists %s, which is not in testdata/hostile", name)
		}
	}
}

// generated are the hostile inputs too large or too regular to commit.
func TestHostileGenerated(t *testing.T) {
	small := journey.ReadOptions{MaxBytes: 1 << 20, MaxSteps: 100, MaxTransitions: 100, MaxStringLen: 1000, MaxAliases: 50, MaxDepth: 20}
	steps := func(n int) string {
		var b strings.Builder
		b.WriteString("id: many\nstages: [{id: s}]\nsteps:\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "  - {id: v%d, stage: s}\n", i)
		}
		return b.String()
	}
	transitions := func(n int) string {
		var b strings.Builder
		b.WriteString("id: many\nstages: [{id: s}]\nsteps: [{id: a, stage: s}]\ntransitions:\n")
		for i := 0; i < n; i++ {
			b.WriteString("  - {from: a, to: a}\n")
		}
		return b.String()
	}
	aliases := func(n int) string {
		var b strings.Builder
		b.WriteString("id: many\nstages: [{id: s}]\nsteps:\n  - id: a\n    stage: s\n    thoughts: [&t x")
		for i := 0; i < n; i++ {
			b.WriteString(", *t")
		}
		b.WriteString("]\n")
		return b.String()
	}
	badSteps := func(n int) string {
		var b strings.Builder
		b.WriteString("id: bad\nsteps:\n")
		for i := 0; i < n; i++ {
			b.WriteString("  - {id: [x], emotion: bad}\n")
		}
		return b.String()
	}
	for _, tc := range []struct {
		name string
		opts journey.ReadOptions
		data string
		want outcome
	}{
		{"too-large", small, "id: x\n" + strings.Repeat("# padding\n", 110<<10), outcome{"read", []string{"too-large"}}},
		{"too-large-json", small, `{"id": "` + strings.Repeat("x", 2<<20) + `"}`, outcome{"read", []string{"too-large"}}},
		{"yaml-too-large", journey.ReadOptions{MaxYAMLBytes: 1000}, "id: x\n" + strings.Repeat("# padding\n", 100), outcome{"read", []string{"too-large"}}},
		{"yaml-too-large-default", journey.ReadOptions{}, "id: x\n" + strings.Repeat("# padding\n", journey.DefaultMaxYAMLBytes/10+1), outcome{"read", []string{"too-large"}}},
		{"malformed-json-too-large", journey.ReadOptions{MaxYAMLBytes: 1000}, `{"id": "x", "emotion": 1` + strings.Repeat(" ", 1000) + "}", outcome{"read", []string{"too-large"}}},
		{"malformed-json-within", journey.ReadOptions{MaxYAMLBytes: 1000}, `{"id": "x", "emotion": 1}`, outcome{"read", []string{"unknown-key"}}},
		{"json-beyond-yaml-limit", journey.ReadOptions{MaxYAMLBytes: 1000}, `{"id": "x", "name": "` + strings.Repeat("n", 900) + `", "stages": [{"id": "s"}]}`, outcome{"validate", []string{"no-entry", "no-goal"}}},
		{"long-string", small, "id: " + strings.Repeat("x", 1001) + "\n", outcome{"read", []string{"string-too-long"}}},
		{"long-string-default", journey.ReadOptions{}, "id: " + strings.Repeat("x", journey.DefaultMaxStringLen+1) + "\n", outcome{"read", []string{"string-too-long"}}},
		{"long-string-json", small, `{"id": "` + strings.Repeat("é", 600) + `"}`, outcome{"read", []string{"string-too-long"}}},
		{"too-many-steps", small, steps(101), outcome{"read", []string{"too-many-steps"}}},
		{"steps-at-limit", small, steps(100), outcome{"validate", []string{"no-entry", "no-goal"}}},
		{"too-many-transitions", small, transitions(101), outcome{"read", []string{"too-many-transitions"}}},
		{"too-many-aliases", small, aliases(51), outcome{"read", []string{"alias-limit"}}},
		{"aliases-at-limit", small, aliases(50), outcome{"validate", []string{"no-entry", "no-goal"}}},
		{"too-many-aliases-default", journey.ReadOptions{}, aliases(journey.DefaultMaxAliases + 1), outcome{"read", []string{"alias-limit"}}},
		{"too-deep-flow", small, "id: x\nstages: " + strings.Repeat("[", 21) + strings.Repeat("]", 21) + "\n", outcome{"read", []string{"too-deep"}}},
		{"too-deep-compact", journey.ReadOptions{}, "id: x\nstages:\n  " + strings.Repeat("- ", 100000) + "x\n", outcome{"read", []string{"too-deep"}}},
		{"too-deep-compact-keys", journey.ReadOptions{}, "id: x\nstages:\n  " + strings.Repeat("- ? ", 50000) + "x\n", outcome{"read", []string{"too-deep"}}},
		{"long-line-of-keys", journey.ReadOptions{}, "id: x\nstages:\n  " + strings.Repeat("a: ", 100000) + "x\n", outcome{"read", []string{"syntax"}}},
		{"long-line-of-anchors", journey.ReadOptions{}, "id: x\nstages:\n  " + strings.Repeat("&a ", 100000) + "x\n", outcome{"read", []string{"syntax"}}},
		{"long-line-of-quoted-keys", journey.ReadOptions{}, "id: x\nstages:\n  " + strings.Repeat(`"a": `, 100000) + "x\n", outcome{"read", []string{"syntax"}}},
		{"too-deep-json", small, `{"id": "x", "stages": ` + strings.Repeat("[", 21) + strings.Repeat("]", 21) + "}", outcome{"read", []string{"too-deep"}}},
		{"too-many-problems", journey.ReadOptions{}, badSteps(2000), outcome{"read", []string{"too-many-problems", "wrong-type"}}},
		{"nul-document", journey.ReadOptions{}, "\x00\x00\x00\x00", outcome{"read", []string{"wrong-type"}}},
		{"only-spaces", journey.ReadOptions{}, " \n\t\r\n ", outcome{"read", []string{"empty-file"}}},
		{"only-bom", journey.ReadOptions{}, "\xef\xbb\xbf", outcome{"read", []string{"empty-file"}}},
		{"scalar-document", journey.ReadOptions{}, "just a string\n", outcome{"read", []string{"wrong-type"}}},
		{"list-document", journey.ReadOptions{}, "[1, 2, 3]\n", outcome{"read", []string{"wrong-type"}}},
		{"json-null", journey.ReadOptions{}, "null", outcome{"validate", []string{"missing-id", "no-entry", "no-goal"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := answer(t, tc.opts, []byte(tc.data))
			if got.String() != tc.want.String() {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// A file larger than the default MaxBytes is refused by ReadFile from its
// size alone, before it is read: a sparse file costs no disk.
func TestHostileHugeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("id: huge\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(journey.DefaultMaxBytes + 1); err != nil {
		t.Skip("cannot make a sparse file:", err)
	}
	f.Close()
	_, err = journey.ReadFile(path)
	if got := codesOf(t, err); !slices.Equal(got, []string{"too-large"}) {
		t.Errorf("ReadFile of a %d-byte file: %v", journey.DefaultMaxBytes+1, got)
	}
}

// endless is a reader that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
	}
	return len(p), nil
}

// Read stops reading an endless stream at MaxBytes.
func TestHostileEndlessReader(t *testing.T) {
	_, err := journey.ReadOptions{MaxBytes: 1 << 20}.Read(endless{})
	if got := codesOf(t, err); !slices.Equal(got, []string{"too-large"}) {
		t.Errorf("Read of an endless stream: %v", got)
	}
	_, err = journey.ReadOptions{MaxBytes: 1 << 20}.Read(io.MultiReader(strings.NewReader("id: x\n"), io.LimitReader(endless{}, 1<<20)))
	if got := codesOf(t, err); !slices.Equal(got, []string{"too-large"}) {
		t.Errorf("Read of MaxBytes+6 bytes: %v", got)
	}
}

// The hostile files that analyse also render as DOT, Mermaid and Mermaid
// flowchart, with and without their report; the self-loops give no path,
// a cycle per step and no conversion.
func TestHostileRender(t *testing.T) {
	for name, want := range hostileFiles {
		if want.stage != "analyze" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "hostile", name))
			if err != nil {
				t.Fatal(err)
			}
			j, err := journey.ReadBytes(data)
			if err != nil {
				t.Fatal(err)
			}
			_, r := answer(t, journey.ReadOptions{}, data)
			if name == "self-loops-only.yaml" {
				if len(r.Paths) != 0 || len(r.Cycles) != 3 || r.Flow == nil || r.Flow.Conversion != 0 {
					t.Errorf("self-loops: %d paths, %d cycles, conversion %+v", len(r.Paths), len(r.Cycles), r.Flow)
				}
			}
			for _, opts := range []render.Options{{}, {Report: r}} {
				if _, err := render.DOTBytes(j, opts); err != nil {
					t.Errorf("DOT: %v", err)
				}
				if err := render.Mermaid(io.Discard, j, opts); err != nil {
					t.Errorf("Mermaid: %v", err)
				}
				if err := render.MermaidFlowchart(io.Discard, j, opts); err != nil {
					t.Errorf("MermaidFlowchart: %v", err)
				}
			}
		})
	}
}

// A journey written back from a hostile file that reads reads back equal:
// the writers escape whatever the labels hold.
func TestHostileRoundTrip(t *testing.T) {
	for _, name := range []string{"unicode-labels.yaml", "invalid-utf8.yaml", "nul-bytes.yaml", "raw-control-chars.yaml", "nan-inf-probabilities.yaml", "bom.yaml"} {
		t.Run(name, func(t *testing.T) {
			j, err := journey.ReadFile(filepath.Join("testdata", "hostile", name))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []journey.Format{journey.YAML, journey.JSON} {
				var buf bytes.Buffer
				if err := journey.Write(&buf, j, f); err != nil {
					if f == journey.JSON && strings.HasPrefix(name, "nan-inf") {
						continue // JSON has no NaN: Write says so
					}
					t.Fatalf("Write %v: %v", f, err)
				}
				k, err := journey.ReadBytes(buf.Bytes())
				if err != nil {
					t.Fatalf("%v written, read back: %v\n%s", f, err, buf.Bytes())
				}
				if !equalJourneys(normalized(j), normalized(k)) {
					t.Errorf("%v: the round trip changes the journey", f)
				}
			}
		})
	}
}

// Validate places problems in minified JSON, all on one line, in one pass:
// counting each column from the line's start took minutes for 100,000
// problems. It reports the first 1,000 problems and too-many-problems.
func TestHostileManyProblemsOneLine(t *testing.T) {
	const n, reported = 20000, 1000
	var b strings.Builder
	b.WriteString(`{"id":"many","stages":[{"id":"s"}],"steps":[`)
	offsets := make([]int, n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"v%d","stage":`, i)
		offsets[i] = b.Len()
		b.WriteString(`"nowhere"}`)
	}
	b.WriteString(`],"entries":["v0"],"goals":["v1"]}`)
	j, err := journey.ReadBytes([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	var ps journey.Problems
	if !errors.As(j.Validate(), &ps) || len(ps) != reported+1 {
		t.Fatalf("%d problems, want %d", len(ps), reported+1)
	}
	if ps[0].Code != "too-many-problems" || !strings.Contains(ps[0].Message, fmt.Sprint(n-reported)) {
		t.Errorf("first problem %v, want too-many-problems counting %d more", ps[0], n-reported)
	}
	for i, p := range ps[1:] {
		want := fmt.Sprintf("steps[%d].stage", i)
		if p.Code != "unknown-stage" || p.Path != want || p.Line != 1 || p.Column != offsets[i]+1 {
			t.Fatalf("problem %d: %+v, want unknown-stage at %s, 1:%d", i, p, want, offsets[i]+1)
		}
	}
}

// A problem's Error, printed by the command to a terminal, shows control
// characters of the file's keys and of the parser's messages as escapes.
func TestHostileProblemEscapesControls(t *testing.T) {
	for _, data := range []string{
		"id: x\n\"k\\u001b[2J\": 1\n",
		"id: x\nstages:\n\t- id: s\n",
		"id: x\nsteps:\n  - {id: a, \"\\u202e\\u0007\": 1}\n",
	} {
		_, err := journey.ReadBytes([]byte(data))
		if err == nil {
			t.Fatalf("%q reads", data)
		}
		msg := err.Error()
		for _, c := range msg {
			if c != '\n' && unicode.IsControl(c) || c == '\u202e' {
				t.Errorf("error of %q holds %U: %q", data, c, msg)
			}
		}
	}
}
