package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sofa = "../../examples/sofa/sofa.yaml"

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValidateSofa(t *testing.T) {
	code, stdout, stderr := runCmd("validate", sofa)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if want := sofa + ": ok\n"; stdout != want {
		t.Errorf("stdout = %q, want %q", stdout, want)
	}
	// The JSON twin is as valid.
	if code, _, stderr := runCmd("validate", "../../journey/testdata/sofa.json"); code != exitOK {
		t.Errorf("sofa.json: exit %d\n%s", code, stderr)
	}
}

func TestValidateProblems(t *testing.T) {
	bad := writeFile(t, "bad.yaml", `id: j
stages:
  - id: s
steps:
  - id: a
    stage: s
    emotion: 5
  - id: b
    stage: nowhere
entries: [a]
goals: [b]
`)
	malformed := writeFile(t, "malformed.yaml", "id: j\nsteps:\n  - id: a\n    emotion: happy\n    stagee: s\n")
	code, stdout, stderr := runCmd("validate", sofa, bad, malformed)
	if code != exitInvalid {
		t.Errorf("exit %d, want %d", code, exitInvalid)
	}
	wantErr := []string{
		bad + `:7:14: emotion-out-of-range: the emotion 5 is outside -2..+2 (steps[0].emotion)`,
		bad + `:9:12: unknown-stage: no stage has the id "nowhere" (steps[1].stage)`,
		malformed + `:4:14: wrong-type: expected an integer, got a string "happy" (steps[0].emotion)`,
		malformed + `:5:5: unknown-key: unknown key "stagee" in step; did you mean "stage"? (steps[0].stagee)`,
	}
	if got := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(wantErr, "\n") {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, strings.Join(wantErr, "\n"))
	}
	if want := "3 files, 4 problems\n"; stdout != want {
		t.Errorf("stdout = %q, want %q", stdout, want)
	}
}

func TestValidateUsage(t *testing.T) {
	for _, args := range [][]string{{"validate"}, {"validate", "--bogus", sofa}} {
		code, _, stderr := runCmd(args...)
		if code != exitInvalid || !strings.Contains(stderr, "usage") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	if code, stdout, _ := runCmd("validate", "-h"); code != exitOK || !strings.Contains(stdout, "usage") {
		t.Errorf("-h: exit %d", code)
	}
}

func TestValidateUnreadable(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	code, stdout, stderr := runCmd("validate", missing)
	if code != exitInvalid {
		t.Errorf("exit %d", code)
	}
	if want := missing + ": read-error: no such file or directory\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
	if want := missing + ": 1 problem\n"; stdout != want {
		t.Errorf("stdout = %q, want %q", stdout, want)
	}
	empty := writeFile(t, "empty.yaml", "")
	if _, _, stderr := runCmd("validate", empty); stderr != empty+": empty-file: the file is empty\n" {
		t.Errorf("stderr = %q", stderr)
	}
}

func TestLoadJourney(t *testing.T) {
	var stderr bytes.Buffer
	a := &app{stderr: &stderr}
	j, ok := a.loadJourney(sofa)
	if !ok || j == nil || j.ID != "sofa" || stderr.Len() != 0 {
		t.Fatalf("loadJourney(sofa) = %v, %v; stderr %q", j, ok, stderr.String())
	}
	bad := writeFile(t, "bad.yaml", "id: j\nentries: [x]\n")
	j, ok = a.loadJourney(bad)
	if ok || j != nil {
		t.Fatalf("loadJourney(bad) = %v, %v", j, ok)
	}
	want := bad + ":1:1: no-goal: the journey has no goal: name the steps that are the target action (goals)\n" +
		bad + ":2:11: unknown-step: no step has the id \"x\" (entries[0])\n"
	if stderr.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), want)
	}
}
