package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/analysis"
)

const (
	furnitureFile = "../../analysis/testdata/analyze/furniture.yaml"
	loopFile      = "../../analysis/testdata/analyze/loop.yaml"
)

func runAnalyzeArgs(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"analyze"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeJourney(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "j.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAnalyzeJSON(t *testing.T) {
	code, out, errOut := runAnalyzeArgs(t, furnitureFile, "--format", "json")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var r analysis.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.DeadEnds, ","); got != "quote" {
		t.Errorf("dead ends %q, want quote", got)
	}
	if len(r.Personas) != 3 {
		t.Errorf("%d persona reports, want 3", len(r.Personas))
	}
	// The same file gives the same bytes.
	_, again, _ := runAnalyzeArgs(t, "--format=json", furnitureFile)
	if again != out {
		t.Error("two runs gave different output")
	}
}

func TestAnalyzePersonaAndK(t *testing.T) {
	// Flags before and after FILE.
	code, out, errOut := runAnalyzeArgs(t, "--persona", "student", furnitureFile, "--format", "json", "-k", "1")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var r analysis.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Persona != "student" || r.Personas != nil {
		t.Errorf("persona %q with %d persona reports; want student's report alone", r.Persona, len(r.Personas))
	}
	if got := strings.Join(r.DeadEnds, ","); got != "ad,compare" {
		t.Errorf("dead ends %q, want ad,compare", got)
	}

	_, out, _ = runAnalyzeArgs(t, furnitureFile, "--format", "json", "-k", "1")
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Paths) != 1 {
		t.Errorf("%d paths with -k 1", len(r.Paths))
	}
	_, out, _ = runAnalyzeArgs(t, furnitureFile, "--format", "json", "-k", "0")
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Paths) != 0 {
		t.Errorf("%d paths with -k 0", len(r.Paths))
	}
}

func TestAnalyzeTextAndMarkdown(t *testing.T) {
	code, out, _ := runAnalyzeArgs(t, furnitureFile)
	if code != exitOK || !strings.HasPrefix(out, "journey furniture, all personas\n") || !strings.Contains(out, "journey furniture, persona student") {
		t.Errorf("exit %d, text output:\n%s", code, out)
	}
	code, out, _ = runAnalyzeArgs(t, furnitureFile, "--format", "markdown")
	if code != exitOK || !strings.HasPrefix(out, "# Journey analysis: `furniture`\n") || !strings.Contains(out, "## Persona `corp`") {
		t.Errorf("exit %d, markdown output:\n%s", code, out)
	}
}

func TestAnalyzeUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{furnitureFile, loopFile},
		{furnitureFile, "--format", "xml"},
		{furnitureFile, "--fail-on", "catastrophic"},
		{furnitureFile, "--persona"},
		{furnitureFile, "--no-such-flag"},
		{furnitureFile, "-k", "-3"},
		{furnitureFile, "--persona", "pirate"},
		{"no/such/file.yaml"},
	} {
		code, out, errOut := runAnalyzeArgs(t, args...)
		if code != exitInvalid || out != "" || errOut == "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and a message", args, code, out, errOut)
		}
	}
	_, _, errOut := runAnalyzeArgs(t, furnitureFile, "--persona", "pirate")
	if !strings.Contains(errOut, furnitureFile+": unknown-persona: ") {
		t.Errorf("stderr %q", errOut)
	}
}

func TestAnalyzeInvalidJourney(t *testing.T) {
	path := writeJourney(t, `id: bad
stages: [{id: s}]
steps:
  - {id: a, stage: s}
transitions:
  - {from: a, to: nowhere}
entries: [a]
goals: [a]
`)
	code, out, errOut := runAnalyzeArgs(t, path)
	if code != exitInvalid || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, path+":6:") || !strings.Contains(errOut, "unknown-step") {
		t.Errorf("stderr %q, want %s:6:COL: unknown-step: ...", errOut, path)
	}
}

func TestAnalyzeFailOn(t *testing.T) {
	// A high barrier on the critical step b; a low one on c, which is not
	// critical; no dead end, no unreachable stage.
	clean := writeJourney(t, `id: ci
stages: [{id: s}]
steps:
  - {id: a, stage: s}
  - id: b
    stage: s
    barriers: [{description: slow, severity: high}]
  - id: c
    stage: s
    barriers: [{description: ugly, severity: low}]
  - {id: g, stage: s}
transitions:
  - {from: a, to: b}
  - {from: b, to: c}
  - {from: b, to: g}
  - {from: c, to: g}
entries: [a]
goals: [g]
`)
	for _, c := range []struct {
		file, severity string
		want           int
		reason         string
	}{
		{clean, "blocker", exitOK, ""},
		{clean, "high", exitFindings, `high barrier "slow" on critical step "b"`},
		{clean, "low", exitFindings, `high barrier "slow" on critical step "b"`},
		{loopFile, "low", exitOK, ""},
		{furnitureFile, "blocker", exitFindings, `dead end at step "quote"`},
	} {
		code, out, errOut := runAnalyzeArgs(t, c.file, "--fail-on", c.severity, "--format", "json")
		if code != c.want || out == "" {
			t.Errorf("%s --fail-on %s: exit %d, want %d (stderr %q)", c.file, c.severity, code, c.want, errOut)
		}
		if c.reason == "" && errOut != "" || !strings.Contains(errOut, c.reason) {
			t.Errorf("%s --fail-on %s: stderr %q, want %q", c.file, c.severity, errOut, c.reason)
		}
	}
	// Without --fail-on, findings do not change the exit status.
	if code, _, _ := runAnalyzeArgs(t, furnitureFile); code != exitOK {
		t.Errorf("exit %d without --fail-on", code)
	}
}

// TestFlagsMixWithArguments checks that flags may come before or after
// FILE, in either spelling of a value, and that "--" ends the flags.
func TestFlagsMixWithArguments(t *testing.T) {
	dir := t.TempDir()
	odd := filepath.Join(dir, "-odd.yaml")
	b, err := os.ReadFile(furnitureFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(odd, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, want, _ := runAnalyzeArgs(t, furnitureFile, "--persona", "corp", "-k", "3", "--format", "json")
	for _, args := range [][]string{
		{"--persona", "corp", furnitureFile, "-k", "3", "--format", "json"},
		{"--persona=corp", "-k=3", "--format=json", furnitureFile},
		{"-k3", "--format", "json", furnitureFile, "--persona", "corp"},
	} {
		code, got, stderr := runAnalyzeArgs(t, args...)
		if code != exitOK || got != want {
			t.Errorf("%q: exit %d, stderr %q; output differs from FILE-first order", args, code, stderr)
		}
	}
	// A file whose name starts with "-", after "--".
	t.Chdir(dir)
	if code, _, stderr := runAnalyzeArgs(t, "--format", "json", "--", "-odd.yaml"); code != exitOK {
		t.Errorf("-- -odd.yaml: exit %d, stderr %q", code, stderr)
	}
	// Without "--" it is -o dd.yaml, and FILE is missing.
	if code, _, stderr := runAnalyzeArgs(t, "--format", "json", "-odd.yaml"); code != exitInvalid {
		t.Errorf("-odd.yaml without --: exit %d, stderr %q", code, stderr)
	}
}

// TestAnalyzeFailOnEveryReason: --fail-on names every reason, not the first.
func TestAnalyzeFailOnEveryReason(t *testing.T) {
	code, _, errOut := runAnalyzeArgs(t, furnitureFile, "--fail-on", "low", "--format", "json")
	if code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		`low barrier "slow checkout" on critical step "order"`,
		`dead end at step "quote"`,
		`unreachable stage "lost"`,
		`dead end at step "ad" for persona "student"`,
		`dead end at step "compare" for persona "student"`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// TestAnalyzeFlowJSON: the flow and attribution of a journey with counts
// (Bryl's three paths), and --entry-weight on one without entry counts.
func TestAnalyzeFlowJSON(t *testing.T) {
	bryl := writeJourney(t, `id: bryl
stages: [{id: s}]
steps:
  - {id: C1, stage: s, count: 2}
  - {id: C2, stage: s, count: 2}
  - {id: C3, stage: s, count: 2}
  - {id: conv, stage: s, count: 1}
transitions:
  - {from: C1, to: C2, count: 1}
  - {from: C2, to: C3, count: 2}
  - {from: C3, to: conv, count: 1}
entries: [C1, C2]
goals: [conv]
`)
	code, out, errOut := runAnalyzeArgs(t, bryl, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r struct {
		Flow struct {
			Conversion float64 `json:"conversion"`
		} `json:"flow"`
		Attribution struct {
			Steps []struct {
				Step          string  `json:"step"`
				RemovalEffect float64 `json:"removal_effect"`
				Share         float64 `json:"share"`
			} `json:"steps"`
		} `json:"attribution"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	near := func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
	if !near(r.Flow.Conversion, 1.0/3) || len(r.Attribution.Steps) != 3 ||
		!near(r.Attribution.Steps[0].RemovalEffect, 0.5) || !near(r.Attribution.Steps[1].Share, 0.4) {
		t.Errorf("flow %+v attribution %+v", r.Flow, r.Attribution)
	}

	two := writeJourney(t, `id: two
stages: [{id: s}]
steps: [{id: a, stage: s}, {id: b, stage: s}, {id: g, stage: s}]
transitions:
  - {from: a, to: g, probability: 0.5}
  - {from: b, to: g, probability: 0.1}
entries: [a, b]
goals: [g]
`)
	code, out, errOut = runAnalyzeArgs(t, two, "--format", "json", "--entry-weight", "a=3", "--entry-weight=b=1")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if !near(r.Flow.Conversion, 0.75*0.5+0.25*0.1) {
		t.Errorf("conversion %v with entry weights", r.Flow.Conversion)
	}
	if code, _, errOut := runAnalyzeArgs(t, two, "--entry-weight", "a"); code != exitInvalid || errOut == "" {
		t.Errorf("--entry-weight a: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runAnalyzeArgs(t, two, "--entry-weight", "g=1"); code != exitInvalid || !strings.Contains(errOut, "unknown-entry") {
		t.Errorf("--entry-weight g=1: exit %d, stderr %q", code, errOut)
	}
}
