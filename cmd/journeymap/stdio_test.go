package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	gv "github.com/journeymap/journeymap/internal/gographviz"
)

// runStdin runs journeymap with args and stdin as standard input.
func runStdin(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = runWithInput(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestValidateStdin checks that FILE "-" reads standard input, with the
// same verdict and problems as the file, named <stdin>.
func TestValidateStdin(t *testing.T) {
	code, stdout, stderr := runStdin(readFile(t, sofa), "validate", "-")
	if code != exitOK || stderr != "" || stdout != "<stdin>: ok\n" {
		t.Errorf("validate - < sofa: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	// The JSON twin, detected from the content.
	if code, _, stderr := runStdin(readFile(t, "../../journey/testdata/sofa.json"), "validate", "-"); code != exitOK {
		t.Errorf("validate - < sofa.json: exit %d, stderr %q", code, stderr)
	}
	bad := "id: j\nentries: [x]\n"
	path := writeFile(t, "bad.yaml", bad)
	_, _, fromFile := runCmd("validate", path)
	code, stdout, stderr = runStdin(bad, "validate", "-")
	if code != exitInvalid || stdout != "<stdin>: 2 problems\n" {
		t.Errorf("validate - < bad: exit %d, stdout %q", code, stdout)
	}
	if want := strings.ReplaceAll(fromFile, path, "<stdin>"); stderr != want {
		t.Errorf("stderr:\n%s\nwant (as for the file):\n%s", stderr, want)
	}
	if code, _, stderr := runStdin("", "validate", "-"); code != exitInvalid || stderr != "<stdin>: empty-file: the file is empty\n" {
		t.Errorf("validate - < empty: exit %d, stderr %q", code, stderr)
	}
	// Standard input is read once; a second "-" is a problem, not a hang.
	code, stdout, stderr = runStdin(readFile(t, sofa), "validate", "-", sofa, "-")
	if code != exitInvalid || stdout != "3 files, 1 problem\n" || stderr != "<stdin>: read-error: standard input (-) was read already\n" {
		t.Errorf("validate - FILE -: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestAnalyzeStdinAndOutput checks analyze - and -o: the report read from
// standard input, written to standard output (-o -) or to a file, is the
// one of the file on the command line.
func TestAnalyzeStdinAndOutput(t *testing.T) {
	_, want, _ := runCmd("analyze", furnitureFile, "--format", "json")
	if want == "" {
		t.Fatal("no report")
	}
	input := readFile(t, furnitureFile)
	for _, args := range [][]string{
		{"analyze", "-", "--format", "json"},
		{"analyze", "--format", "json", "-o", "-", "-"},
		{"analyze", "--format=json", "--output=-", "--", "-"},
	} {
		code, got, stderr := runStdin(input, args...)
		if code != exitOK || got != want {
			t.Errorf("%q: exit %d, stderr %q, output differs from analyze FILE", args, code, stderr)
		}
	}
	out := filepath.Join(t.TempDir(), "report.json")
	code, stdout, stderr := runStdin(input, "analyze", "-", "--format", "json", "-o", out, "--fail-on", "blocker")
	if code != exitFindings || stdout != "" || readFile(t, out) != want {
		t.Errorf("-o FILE: exit %d, stdout %q, stderr %q; file equal: %v", code, stdout, stderr, readFile(t, out) == want)
	}
	// Every reason, each named after the file.
	if want := "<stdin>: dead end at step \"quote\"\n<stdin>: unreachable stage \"lost\"\n"; !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr %q, want it to start with %q", stderr, want)
	}
	// An unwritable OUT: exit 2, no file left behind.
	dir := t.TempDir()
	if code, _, stderr := runCmd("analyze", furnitureFile, "-o", filepath.Join(dir, "no", "x.txt")); code != exitInvalid || !strings.Contains(stderr, "cannot write") {
		t.Errorf("unwritable -o: exit %d, stderr %q", code, stderr)
	}
}

// TestRenderStdinAndOutput checks render - and -o -, which takes its format
// from --format: the bytes are those of render FILE -o OUT.ext.
func TestRenderStdinAndOutput(t *testing.T) {
	dir := t.TempDir()
	input := readFile(t, sofaFile)
	for _, format := range []string{"dot", "mmd"} {
		out := filepath.Join(dir, "sofa."+format)
		if code, _, stderr := runCmd("render", sofaFile, "--highlight", "-o", out); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		want := readFile(t, out)
		code, got, stderr := runStdin(input, "render", "-", "--highlight", "-o", "-", "--format", format)
		if code != exitOK || got != want {
			t.Errorf("render - -o - --format %s: exit %d, stderr %q, output differs from the file's", format, code, stderr)
		}
		// --format overrides OUT's extension.
		other := filepath.Join(dir, "sofa.txt")
		if code, _, stderr := runStdin(input, "render", "-", "--highlight", "-o", other, "--format", format); code != exitOK || readFile(t, other) != want {
			t.Errorf("render - -o sofa.txt --format %s: exit %d, stderr %q", format, code, stderr)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"render", "-", "-o", "-"}, "-o - needs --format"},
		{[]string{"render", "-", "-o", "-", "--format", "gif"}, `invalid argument "gif" for "--format" flag: want dot, svg, png or mmd`},
		{[]string{"render", "-", "-o", "-", "--format", "dot", "--mermaid", "flowchart"}, "--mermaid applies to .mmd output only"},
	} {
		code, stdout, stderr := runStdin(input, c.args...)
		if code != exitInvalid || stdout != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, stdout, stderr, c.want)
		}
	}
	// A journey with problems on standard input: nothing on standard output.
	code, stdout, stderr := runStdin("id: j\n", "render", "-", "-o", "-", "--format", "dot")
	if code != exitInvalid || stdout != "" || !strings.HasPrefix(stderr, "<stdin>:1:1: ") {
		t.Errorf("bad journey: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestCommandLine checks what the library gives: help, usage errors, shell
// completion scripts and completions.
func TestCommandLine(t *testing.T) {
	for _, c := range []struct {
		args     []string
		code     int
		stdout   string // contained in standard output
		stderr   string // contained in standard error
		noStdout bool
		noStderr bool
	}{
		{args: nil, code: exitInvalid, stderr: "usage:\n  journeymap [command]", noStdout: true},
		{args: []string{"--help"}, code: exitOK, stdout: "usage:\n  journeymap [command]", noStderr: true},
		{args: []string{"help", "analyze"}, code: exitOK, stdout: "journeymap analyze FILE [flags]", noStderr: true},
		{args: []string{"bogus"}, code: exitInvalid, stderr: `journeymap: unknown command "bogus"`, noStdout: true},
		{args: []string{"validate", "--bogus", sofa}, code: exitInvalid, stderr: "journeymap validate: unknown flag: --bogus\nusage:", noStdout: true},
		{args: []string{"completion", "bash"}, code: exitOK, stdout: "# bash completion V2 for journeymap", noStderr: true},
		{args: []string{"completion", "zsh"}, code: exitOK, stdout: "#compdef journeymap", noStderr: true},
		{args: []string{"completion", "fish"}, code: exitOK, stdout: "complete -c journeymap", noStderr: true},
		{args: []string{"__complete", "analyze", furnitureFile, "--persona", ""}, code: exitOK, stdout: "corp\nfamily\nstudent\n:4\n"},
		{args: []string{"__complete", "analyze", furnitureFile, "--format", ""}, code: exitOK, stdout: "text\njson\nmarkdown\n:4\n"},
		{args: []string{"__complete", "render", sofa, "--mermaid", ""}, code: exitOK, stdout: "journey\nflowchart\n:4\n"},
		{args: []string{"__complete", "validate", ""}, code: exitOK, stdout: "yaml\nyml\njson\n:8\n"},
	} {
		code, stdout, stderr := runCmd(c.args...)
		if code != c.code || !strings.Contains(stdout, c.stdout) || !strings.Contains(stderr, c.stderr) ||
			c.noStdout && stdout != "" || c.noStderr && stderr != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", c.args, code, stdout, stderr)
		}
	}
}

// TestNoGraphvizStart checks that a command that draws nothing does not
// start Graphviz's WebAssembly module (20 ms with its compilation cache,
// 0.5 s without, which go-graphviz paid in its init), and that one that
// draws SVG does. It runs in a fresh process: this one may have rendered.
func TestNoGraphvizStart(t *testing.T) {
	if os.Getenv("JOURNEYMAP_NOSTART_CHILD") != "" {
		out := filepath.Join(t.TempDir(), "sofa.dot")
		for _, args := range [][]string{
			{"validate", sofa},
			{"analyze", sofa, "--format", "json"},
			{"render", sofa, "--highlight", "-o", out},
		} {
			if code, _, stderr := runCmd(args...); code != exitOK {
				t.Fatalf("%q: exit %d, stderr %q", args, code, stderr)
			}
			if gv.Started() {
				t.Fatalf("%q started Graphviz's WebAssembly module", args)
			}
		}
		if code, _, stderr := runCmd("render", sofa, "-o", "-", "--format", "svg"); code != exitOK || !gv.Started() {
			t.Fatalf("render --format svg: exit %d, stderr %q, module started: %v", code, stderr, gv.Started())
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoGraphvizStart$", "-test.count=1")
	cmd.Env = append(os.Environ(), "JOURNEYMAP_NOSTART_CHILD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// TestOpenInput checks the reader subcommands other than journeys use:
// FILE opens the file, "-" standard input, once.
func TestOpenInput(t *testing.T) {
	a := &app{stdin: strings.NewReader("case,activity\n")}
	path := writeFile(t, "log.csv", "a,b\n")
	for _, c := range []struct{ file, want string }{{path, "a,b\n"}, {"-", "case,activity\n"}} {
		r, err := a.openInput(c.file)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil || string(b) != c.want {
			t.Errorf("openInput(%q) read %q, %v; want %q", c.file, b, err, c.want)
		}
	}
	if _, err := a.openInput("-"); err == nil {
		t.Error("standard input opened twice")
	}
	if _, err := a.openInput(filepath.Join(t.TempDir(), "missing.csv")); err == nil {
		t.Error("a missing file opened")
	}
}
