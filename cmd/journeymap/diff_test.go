package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/journey/journeytest"
)

const (
	webshopBefore = "../../examples/webshop/before.yaml"
	webshopAfter  = "../../examples/webshop/after.yaml"
	rivalFile     = "../../examples/sofa/competitor.yaml"
)

func runDiff(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"diff"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

// The contract's JSON keys, read back as a user's script would.
func TestDiffJSON(t *testing.T) {
	code, out, errOut := runDiff(t, webshopBefore, webshopAfter, "--format", "json")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"added_steps", "removed_steps", "changed_steps", "added_transitions", "removed_transitions",
		"added_barriers", "removed_barriers", "conversion", "stages", "regressions"} {
		if _, ok := d[k]; !ok {
			t.Errorf("no key %q", k)
		}
	}
	if got := d["added_steps"].([]any); len(got) != 1 || got[0] != "wallet" {
		t.Errorf("added_steps %v", got)
	}
	conv := d["conversion"].(map[string]any)
	if b, a := conv["before"].(float64), conv["after"].(float64); !(a > b) {
		t.Errorf("conversion %v", conv)
	}
	st := d["stages"].([]any)[2].(map[string]any)
	for _, k := range []string{"stage", "reach_before", "reach_after", "emotion_before", "emotion_after"} {
		if _, ok := st[k]; !ok {
			t.Errorf("stage lacks %q: %v", k, st)
		}
	}
	if len(d["regressions"].([]any)) != 0 {
		t.Errorf("regressions %v", d["regressions"])
	}
}

// The way back (after -> before) regresses, and --fail-on-regression says
// why and exits 1.
func TestDiffFailOnRegression(t *testing.T) {
	code, out, errOut := runDiff(t, webshopAfter, webshopBefore, "--fail-on-regression", "--format", "markdown")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d; stderr %q", code, exitFindings, errOut)
	}
	if !strings.Contains(errOut, "regression: new-critical-barrier") || !strings.Contains(errOut, "regression: lower-conversion") {
		t.Errorf("stderr %q", errOut)
	}
	if !strings.HasPrefix(out, "# Journey diff:") || !strings.Contains(out, "## Regressions") {
		t.Errorf("markdown:\n%s", out)
	}
	// Without the flag, the same comparison exits 0.
	if code, _, _ := runDiff(t, webshopAfter, webshopBefore); code != exitOK {
		t.Errorf("without --fail-on-regression: exit %d", code)
	}
}

// Two files of which both are invalid: every problem of both, with
// positions, exit 2.
func TestDiffInvalid(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.yaml")
	b := filepath.Join(dir, "b.yaml")
	os.WriteFile(a, []byte("id: a\nstages: [{id: s}]\nsteps:\n  - {id: x, stage: s, emotion: 9}\nentries: [x]\ngoals: [x]\n"), 0o644)
	os.WriteFile(b, []byte("id: b\nstages: [{id: s}]\nsteps:\n  - {id: x, stage: nowhere}\nentries: [x]\ngoals: [y]\n"), 0o644)
	code, out, errOut := runDiff(t, a, b)
	if code != exitInvalid || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{a + ":4:", "emotion-out-of-range", b + ":4:", "unknown-stage", b + ":6:", "unknown-step"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	// One valid, one invalid.
	code, _, errOut = runDiff(t, webshopBefore, b)
	if code != exitInvalid || strings.Contains(errOut, "webshop") || !strings.Contains(errOut, "unknown-stage") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestDiffPersona(t *testing.T) {
	code, out, errOut := runDiff(t, sofaFile, rivalFile, "--persona", "family", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var d struct {
		Persona    string `json:"persona"`
		Competitor bool   `json:"competitor"`
		Conversion struct{ Before, After *float64 }
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.Persona != "family" || !d.Competitor || d.Conversion.Before == nil || *d.Conversion.After <= *d.Conversion.Before {
		t.Errorf("%+v", d)
	}
	// A persona one journey lacks is a problem of that file.
	code, _, errOut = runDiff(t, sofaFile, rivalFile, "--persona", "corporate")
	if code != exitInvalid || !strings.Contains(errOut, rivalFile+": unknown-persona") || strings.Contains(errOut, sofaFile) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestDiffPicture(t *testing.T) {
	out := filepath.Join(t.TempDir(), "diff.dot")
	code, _, errOut := runDiff(t, webshopBefore, webshopAfter, "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	dot, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`"wallet" \[label="ADDED\\n[^\n]*color="#1e8449"`).Match(dot) {
		t.Errorf("no added step in\n%s", dot)
	}
	svg := filepath.Join(t.TempDir(), "diff.svg")
	if code, _, errOut := runDiff(t, webshopBefore, webshopAfter, "-o", svg); code != exitOK {
		t.Fatalf("svg: exit %d: %s", code, errOut)
	}
	if b, err := os.ReadFile(svg); err != nil || !bytes.Contains(b, []byte("<svg")) || !bytes.Contains(b, []byte("ADDED")) {
		t.Errorf("svg: %v, %.200s", err, b)
	}
	if code, _, _ := runDiff(t, webshopBefore, webshopAfter, "-o", out, "--format", "json"); code != exitInvalid {
		t.Errorf("--format with a picture: exit %d", code)
	}
}

func TestDiffUsage(t *testing.T) {
	if code, _, errOut := runDiff(t, webshopBefore); code != exitInvalid || !strings.Contains(errOut, "want two files") {
		t.Errorf("one file: exit %d, %q", code, errOut)
	}
	if code, _, _ := runDiff(t, webshopBefore, webshopAfter, "--format", "yaml"); code != exitInvalid {
		t.Errorf("--format yaml: exit %d", code)
	}
	// A picture diff cannot draw is refused, not filled with the text report.
	gif := filepath.Join(t.TempDir(), "changes.gif")
	if code, _, errOut := runDiff(t, webshopBefore, webshopAfter, "-o", gif); code != exitInvalid || !strings.Contains(errOut, "cannot draw the comparison as .gif") {
		t.Errorf("-o changes.gif: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(gif); err == nil {
		t.Error("-o changes.gif wrote a file")
	}
}

// --view map draws B's journey map with A's emotion curves: the webshop's
// new wallet step marked, SVG and PNG; the competitor by stage, and one
// persona with --persona.
func TestDiffMapView(t *testing.T) {
	dir := t.TempDir()
	svg := filepath.Join(dir, "diff.svg")
	if code, _, errOut := runDiff(t, webshopBefore, webshopAfter, "-o", svg, "--view", "map"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`class="journeymap-map"`, `<g class="step added" data-step="wallet"`, `<g class="emotion before"`, "Reach "} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the map lacks %q", want)
		}
	}
	png := filepath.Join(dir, "diff.png")
	if code, _, errOut := runDiff(t, sofaFile, rivalFile, "-o", png, "--view", "map", "--persona", "family"); code != exitOK {
		t.Fatalf("png: exit %d: %s", code, errOut)
	}
	if b, err := os.ReadFile(png); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Errorf("png: %v", err)
	}
	rival := filepath.Join(dir, "rival.svg")
	if code, _, errOut := runDiff(t, sofaFile, rivalFile, "-o", rival, "--view", "map", "--persona", "family"); code != exitOK {
		t.Fatalf("rival: exit %d: %s", code, errOut)
	}
	b, _ = os.ReadFile(rival)
	if n := bytes.Count(b, []byte(`<g class="emotion before"`)); n != 1 {
		t.Errorf("one persona, %d before curves", n)
	}
	if !bytes.Contains(b, []byte(`class="emotion-point before" data-stage=`)) {
		t.Errorf("a competitor is compared stage by stage")
	}
	for _, bad := range [][]string{
		{"-o", filepath.Join(dir, "x.dot"), "--view", "map"},
		{"--view", "map"},
		{"-o", svg, "--view", "table"},
	} {
		if code, _, errOut := runDiff(t, append([]string{webshopBefore, webshopAfter}, bad...)...); code != exitInvalid || errOut == "" {
			t.Errorf("%v: exit %d, %q", bad, code, errOut)
		}
	}
	// --fail-on-regression still applies.
	if code, _, _ := runDiff(t, webshopAfter, webshopBefore, "-o", svg, "--view", "map", "--fail-on-regression"); code != exitFindings {
		t.Errorf("regression with --view map: exit %d", code)
	}
}

// TestDiffMapDocs fails when the maps of comparisons in docs/ are no
// longer what journeymap diff --view map draws; JOURNEYTEST_UPDATE=1
// rewrites them.
func TestDiffMapDocs(t *testing.T) {
	for _, c := range []struct{ a, b, doc string }{
		{webshopBefore, webshopAfter, "webshop-diff-map.svg"},
		{sofaFile, rivalFile, "sofa-rival-map.svg"},
	} {
		out := filepath.Join(t.TempDir(), c.doc)
		if code, _, errOut := runDiff(t, c.a, c.b, "-o", out, "--view", "map"); code != exitOK {
			t.Fatalf("%s: exit %d: %s", c.doc, code, errOut)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		journeytest.Golden(t, filepath.Join("..", "..", "docs", c.doc), b)
	}
}
