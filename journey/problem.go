package journey

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/internal/termsafe"
)

// Problem is one thing wrong with a journey or a journey file.
type Problem struct {
	// Code is a stable kebab-case identifier of the kind of problem; the
	// package documentation lists every code.
	Code Code `json:"code"`
	// Path locates the offending value with the file's key names,
	// such as "steps[3].touchpoint"; empty for the document as a whole.
	Path string `json:"path,omitempty"`
	// File is the file the journey was read from, if any.
	File string `json:"file,omitempty"`
	// Line is the line of the value in the file (1-based); 0 when the
	// journey was not read from a file or the place is unknown.
	Line int `json:"line,omitempty"`
	// Column is the value's column on that line (1-based); 0 when the
	// place is unknown, as for Line.
	Column int `json:"column,omitempty"`
	// Message says what is wrong, in words.
	Message string `json:"message"`
}

// Error formats the problem as "file:line:col: code: message (path)",
// leaving out the parts that are not known, with control characters in the
// message and path written as escapes.
func (p Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		b.WriteByte(':')
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", p.Line, p.Column)
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString(string(p.Code))
	b.WriteString(": ")
	// The message and path may quote the file (an unknown key, a character
	// the YAML parser refused): control characters are written as escapes,
	// so that a hostile file cannot drive the terminal the error is shown on.
	b.WriteString(termsafe.Visible(p.Message))
	if p.Path != "" {
		fmt.Fprintf(&b, " (%s)", termsafe.Visible(p.Path))
	}
	return b.String()
}

// Problems is a list of problems. Validate and Read return one as their error;
// use errors.As to get it back:
//
//	var ps journey.Problems
//	if errors.As(err, &ps) { for _, p := range ps { ... } }
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	switch len(ps) {
	case 0:
		return "no problems"
	case 1:
		return ps[0].Error()
	}
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// Err returns nil if ps is empty and ps otherwise, so that a function can end
// with "return problems.Err()".
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// Len, Less and Swap make Problems a sort.Interface.
func (ps Problems) Len() int           { return len(ps) }
func (ps Problems) Less(i, j int) bool { return compareProblems(ps[i], ps[j]) < 0 }
func (ps Problems) Swap(i, j int)      { ps[i], ps[j] = ps[j], ps[i] }

// Sort sorts the problems by file, position, path (with numeric indices
// compared as numbers), code and message.
func (ps Problems) Sort() { slices.SortStableFunc(ps, compareProblems) }

// Codes returns the problems' codes in order, which is handy in tests.
func (ps Problems) Codes() []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p.Code)
	}
	return out
}

func compareProblems(a, b Problem) int {
	if c := cmp.Compare(a.File, b.File); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Line, b.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Column, b.Column); c != 0 {
		return c
	}
	if c := ComparePaths(a.Path, b.Path); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Code, b.Code); c != 0 {
		return c
	}
	return cmp.Compare(a.Message, b.Message)
}

// ComparePaths compares two problem paths such as "steps[10].id" and
// "steps[9].id", comparing runs of digits as numbers.
func ComparePaths(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, _ := strconv.ParseUint(strings.TrimLeft(a[:da], "0")+"0", 10, 64)
			nb, _ := strconv.ParseUint(strings.TrimLeft(b[:db], "0")+"0", 10, 64)
			if c := cmp.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && n < 18 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
