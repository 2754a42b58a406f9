package journeytest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Update makes Golden rewrite golden files with the output it is given
// instead of comparing, for programs that drive tests. From the command
// line, the one way to refresh golden files is the environment variable
// named by UpdateEnv:
//
//	JOURNEYTEST_UPDATE=1 go test ./...
//
// It works in any package without defining a flag: a flag registered here
// would make "go test ./... -update" fail with "flag provided but not
// defined" in every package that does not import journeytest, and would
// clash with the "update" flags many test packages define. Golden ignores
// such flags.
var Update bool

// UpdateEnv is the environment variable that makes Golden rewrite golden
// files when it parses as a true boolean (see strconv.ParseBool).
const UpdateEnv = "JOURNEYTEST_UPDATE"

// updating reports whether Golden should rewrite golden files.
func updating() bool {
	if Update {
		return true
	}
	v, err := strconv.ParseBool(os.Getenv(UpdateEnv))
	return err == nil && v
}

const updateHint = "run the test with " + UpdateEnv + "=1 to rewrite it"

// maxShownLine is the longest line Golden shows whole in a mismatch; longer
// lines (SVG path data) are cut around the first difference.
const maxShownLine = 120

// Golden compares got, some rendered output, with the golden file at path
// (by convention under testdata/) and reports whether they are equal. On a
// mismatch it reports, with t.Errorf, the first line that differs, both
// ways, and how to update the file. When updating (see Update), it writes
// got to path instead, creating its directory if needed, and logs it; a file
// that is already up to date is left alone.
//
// The comparison is byte for byte. Mark golden files "-text" in
// .gitattributes so that Git does not change their line ends on Windows.
func Golden(t testing.TB, path string, got []byte) bool {
	t.Helper()
	if updating() {
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, got) {
			return true
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Errorf("golden file %s: %v", path, err)
			return false
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Errorf("golden file %s: %v", path, err)
			return false
		}
		t.Logf("updated golden file %s", path)
		return true
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Errorf("golden file %s does not exist: %s", path, updateHint)
		return false
	}
	if err != nil {
		t.Errorf("golden file %s: %v", path, err)
		return false
	}
	if bytes.Equal(want, got) {
		return true
	}
	t.Errorf("output differs from golden file %s %s\n%s", path, firstDifference(want, got), updateHint)
	return false
}

// firstDifference describes where got first differs from want, which are
// not equal.
func firstDifference(want, got []byte) string {
	wl := strings.SplitAfter(string(want), "\n")
	gl := strings.SplitAfter(string(got), "\n")
	i := 0
	for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
		i++
	}
	var w, g string
	if i < len(wl) {
		w = wl[i]
	}
	if i < len(gl) {
		g = gl[i]
	}
	col := 0
	for col < len(w) && col < len(g) && w[col] == g[col] {
		col++
	}
	// Back up to the start of a UTF-8 sequence.
	for col > 0 && col < len(w) && !utf8.RuneStart(w[col]) {
		col--
	}
	return fmt.Sprintf("at line %d, column %d:\n\twant: %s\n\t got: %s", i+1, col+1, showLine(w, col), showLine(g, col))
}

// showLine shows a line of a golden file, or that there is none. It quotes
// the line when the difference could hide in white space or a line end, and
// cuts a long line around column col.
func showLine(s string, col int) string {
	if s == "" {
		return "(end of file)"
	}
	body := strings.TrimSuffix(s, "\n")
	end := ""
	if len(body) == len(s) {
		end = " (no newline at end of file)"
	}
	if len(body) > maxShownLine {
		from := max(0, col-40)
		for from > 0 && !utf8.RuneStart(body[from]) {
			from--
		}
		to := min(len(body), from+maxShownLine)
		for to < len(body) && !utf8.RuneStart(body[to]) {
			to++
		}
		cut := body[from:to]
		if from > 0 {
			cut = "…" + cut
		}
		if to < len(body) {
			cut += "…"
			end = ""
		}
		body = cut
	}
	if strings.TrimRight(body, " \t\r") != body || !utf8.ValidString(body) || strings.ContainsAny(body, "\t\r\x00") {
		return strconv.Quote(body) + end
	}
	return body + end
}
