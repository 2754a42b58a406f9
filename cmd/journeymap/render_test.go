package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sofaFile = "../../examples/sofa/sofa.yaml"

func runRenderArgs(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"render"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

// dirEntries lists the names in dir, to check that no temporary file is
// left behind.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestRenderFormats(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		out  string
		args []string
		want []string // substrings of the file
	}{
		{"sofa.dot", nil, []string{"digraph \"sofa\" {", "rankdir=LR", `subgraph "cluster_0"`, "cluster_legend"}},
		{"SOFA.DOT", []string{"--no-legend"}, []string{"digraph"}},
		{"sofa.mmd", nil, []string{"journey\n", "    title Buying a sofa", "    section "}},
		{"flow.mmd", []string{"--mermaid", "flowchart"}, []string{"flowchart LR\n", "    subgraph s0["}},
		{"flow-hl.mmd", []string{"--mermaid=flowchart", "--highlight"}, []string{"classDef entry", "linkStyle"}},
		{"hl.dot", []string{"--highlight"}, []string{"CRITICAL", `penwidth=3, color="#1f5fbf"`}},
		{"family.dot", []string{"--persona", "family", "--highlight"}, []string{"digraph"}},
		{"sofa.svg", []string{"--highlight"}, []string{"<svg", "</svg>", "Buying a sofa"}},
		{"sofa.png", nil, []string{"\x89PNG\r\n\x1a\n"}},
	} {
		args := append([]string{sofaFile, "-o", filepath.Join(dir, c.out)}, c.args...)
		code, stdout, stderr := runRenderArgs(t, args...)
		if code != exitOK || stderr != "" || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, c.out))
		if err != nil {
			t.Error(err)
			continue
		}
		for _, w := range c.want {
			if !bytes.Contains(b, []byte(w)) {
				t.Errorf("%s does not contain %q", c.out, w)
			}
		}
		if info, _ := os.Stat(filepath.Join(dir, c.out)); info.Mode().Perm() != 0o644 {
			t.Errorf("%s has mode %v, want 0644", c.out, info.Mode().Perm())
		}
	}
	if got := len(dirEntries(t, dir)); got != 9 {
		t.Errorf("%d files in the output directory, want 9 (no temporary files left): %v", got, dirEntries(t, dir))
	}
}

// TestRenderFailures checks the usage and input errors: exit 2, a message
// on stderr, and OUT left as it was, with no temporary file behind.
func TestRenderFailures(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "keep.dot")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("id: x\nsteps:\n  - id: a\n    stage: nowhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{sofaFile}, "-o OUT is required"},
		{[]string{"-o", out}, "want exactly one FILE"},
		{[]string{sofaFile, sofaFile, "-o", out}, "want exactly one FILE"},
		{[]string{sofaFile, "-o", filepath.Join(dir, "x.gif")}, "cannot tell the format"},
		{[]string{sofaFile, "-o", filepath.Join(dir, "noext")}, "cannot tell the format"},
		{[]string{sofaFile, "-o", out, "--mermaid", "flowchart"}, "--mermaid applies to .mmd"},
		{[]string{sofaFile, "-o", filepath.Join(dir, "x.mmd"), "--mermaid", "gantt"}, `invalid argument "gantt" for "--mermaid" flag: want journey or flowchart`},
		{[]string{sofaFile, "-o", out, "--persona", "nobody"}, "unknown-persona"},
		{[]string{sofaFile, "-o", out, "--persona", "nobody", "--highlight"}, "unknown-persona"},
		{[]string{sofaFile, "-o", filepath.Join(dir, "keep.svg"), "--max-steps", "3"}, "render-too-large"},
		{[]string{sofaFile, "-o", filepath.Join(dir, "keep.svg"), "--max-steps", "3"}, "raise --max-steps"},
		{[]string{bad, "-o", out}, bad + ":"},
		{[]string{filepath.Join(dir, "missing.yaml"), "-o", out}, "missing.yaml"},
		{[]string{sofaFile, "-o", filepath.Join(dir, "no", "such", "dir.dot")}, "cannot write"},
		{[]string{sofaFile, "-o", out, "--bogus"}, "unknown flag: --bogus"},
		{[]string{sofaFile, "-o"}, "flag needs an argument"},
	} {
		code, _, stderr := runRenderArgs(t, c.args...)
		if code != exitInvalid {
			t.Errorf("%v: exit %d, want %d", c.args, code, exitInvalid)
		}
		if !strings.Contains(stderr, c.want) {
			t.Errorf("%v: stderr %q does not contain %q", c.args, stderr, c.want)
		}
	}
	if b, _ := os.ReadFile(out); string(b) != "old" {
		t.Errorf("a failed render changed OUT to %q", b)
	}
	if got := dirEntries(t, dir); len(got) != 2 {
		t.Errorf("files left behind: %v", got)
	}
}

func TestRenderHelp(t *testing.T) {
	code, stdout, _ := runRenderArgs(t, "-h")
	if code != exitOK || !strings.Contains(stdout, "usage:\n  journeymap render FILE -o OUT") {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
}

// TestRenderSameBytes checks that rendering twice gives the same file.
func TestRenderSameBytes(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.dot", "b.dot", "a.mmd", "b.mmd"} {
		if code, _, stderr := runRenderArgs(t, sofaFile, "--highlight", "-o", filepath.Join(dir, name)); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	for _, ext := range []string{".dot", ".mmd"} {
		a, _ := os.ReadFile(filepath.Join(dir, "a"+ext))
		b, _ := os.ReadFile(filepath.Join(dir, "b"+ext))
		if !bytes.Equal(a, b) {
			t.Errorf("two renders of %s differ", ext)
		}
	}
}
