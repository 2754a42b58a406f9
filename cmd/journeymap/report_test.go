package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runReportArgs(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"report"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestReport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sofa.html")
	code, stdout, stderr := runReportArgs(t, sofaFile, "-o", out)
	if code != exitOK || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!DOCTYPE html>", `class="journeymap-map"`, `<section id="graph">`, `<section id="findings">`, `<section id="flow">`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the report lacks %s", want)
		}
	}

	// To standard output, the map laid out narrower.
	code, stdout, stderr = runReportArgs(t, sofaFile, "-o", "-", "--width", "900")
	if code != exitOK || !strings.HasPrefix(stdout, "<!DOCTYPE html>") || stderr != "" {
		t.Errorf("-o -: exit %d, stderr %q, stdout %.60q", code, stderr, stdout)
	}

	// A flow graph over the limit is a note.
	code, stdout, _ = runReportArgs(t, sofaFile, "-o", "-", "--max-steps", "3")
	if code != exitOK || !strings.Contains(stdout, "The flow graph is not drawn") {
		t.Errorf("--max-steps 3: exit %d", code)
	}
}

func TestReportErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.html")
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("id: x\nstages: [{id: s}]\nsteps:\n  - id: a\n    stage: nowhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{sofaFile}, "-o OUT.html is required"},
		{[]string{"-o", out}, "want exactly one FILE"},
		{[]string{bad, "-o", out}, "bad.yaml:5:12: unknown-stage"},
		{[]string{sofaFile, "-o", out, "--log", filepath.Join(dir, "none.csv")}, "none.csv"},
		{[]string{sofaFile, "-o", out, "--font", filepath.Join(dir, "none.ttf")}, "cannot read the font"},
		{[]string{sofaFile, "-o", filepath.Join(dir, "no", "such", "dir.html")}, "cannot write"},
	} {
		code, _, stderr := runReportArgs(t, c.args...)
		if code != exitInvalid || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", c.args, code, stderr, c.want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed report left %s", out)
	}
}
