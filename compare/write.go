package compare

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/journeymap/journeymap/internal/termsafe"
)

var errNilDiff = errors.New("compare: nil diff")

// WriteText writes the diff as plain text for a terminal: the summary, the
// regressions, conversion, the stages side by side, the findings that
// appear or go away, what changed in steps, transitions, barriers and the
// catalogs, and the same consequences for each persona. Control characters
// of the journeys' text are written as escapes. It returns the first error
// of writing to w.
func (d *Diff) WriteText(w io.Writer) error {
	if d == nil {
		return errNilDiff
	}
	ew := &errWriter{w: bufio.NewWriter(w)}
	ew.printf("Journey diff: %s -> %s\n", oneLine(d.Before), oneLine(d.After))
	for _, s := range d.document() {
		indent := strings.Repeat("  ", s.level-2)
		ew.printf("\n%s%s\n", indent, s.title)
		if len(s.para) > 0 {
			ew.printf("%s  %s\n", indent, textLine(s.para))
		}
		for _, it := range s.items {
			ew.printf("%s  - %s\n", indent, textLine(it))
		}
		if len(s.rows) > 0 {
			rows := [][]string{s.head}
			for _, r := range s.rows {
				cells := make([]string, len(r))
				for i, c := range r {
					cells[i] = textLine(c)
				}
				rows = append(rows, cells)
			}
			writeTable(ew, indent+"  ", rows)
		}
	}
	return ew.finish()
}

// WriteMarkdown writes the diff as GitHub-flavoured Markdown for a pull
// request comment: the same content as WriteText, with IDs and values as
// code spans, tables for the stages, and every cell escaped so that a
// user's text cannot break the layout.
func (d *Diff) WriteMarkdown(w io.Writer) error {
	if d == nil {
		return errNilDiff
	}
	ew := &errWriter{w: bufio.NewWriter(w)}
	ew.printf("# Journey diff: %s → %s\n", mdCode(d.Before), mdCode(d.After))
	for _, s := range d.document() {
		ew.printf("\n%s %s\n", strings.Repeat("#", s.level), mdText(s.title))
		if len(s.para) > 0 {
			ew.printf("\n%s\n", mdLine(s.para))
		}
		if len(s.items) > 0 {
			ew.printf("\n")
		}
		for _, it := range s.items {
			ew.printf("- %s\n", mdLine(it))
		}
		if len(s.rows) > 0 {
			ew.printf("\n| %s |\n|%s\n", strings.Join(s.head, " | "), strings.Repeat("---|", len(s.head)))
			for _, r := range s.rows {
				cells := make([]string, len(r))
				for i, c := range r {
					cells[i] = mdLine(c)
				}
				ew.printf("| %s |\n", strings.Join(cells, " | "))
			}
		}
	}
	return ew.finish()
}

func textLine(l line) string {
	var b strings.Builder
	for _, s := range l {
		b.WriteString(oneLine(s.s))
	}
	return b.String()
}

func mdLine(l line) string {
	var b strings.Builder
	for _, s := range l {
		if s.code {
			b.WriteString(mdCode(s.s))
		} else {
			b.WriteString(mdText(s.s))
		}
	}
	return b.String()
}

// errWriter buffers the writes to w, remembers the first error and drops
// the writes after it. It writes control characters as escapes.
type errWriter struct {
	w   *bufio.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = e.w.WriteString(termsafe.Visible(fmt.Sprintf(format, args...)))
	}
}

func (e *errWriter) finish() error {
	if e.err == nil {
		e.err = e.w.Flush()
	}
	return e.err
}

// writeTable writes rows as a table, columns two spaces apart.
func writeTable(ew *errWriter, indent string, rows [][]string) {
	var width []int
	for _, row := range rows {
		for i, cell := range row {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		b.WriteString(indent)
		for i, cell := range row {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(cell)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell)))
			}
		}
		ew.printf("%s\n", strings.TrimRight(b.String(), " "))
	}
}

// oneLine keeps s on one line of a table.
func oneLine(s string) string { return termsafe.OneLine(s) }

// mdCode shows s as a Markdown code span, safe inside a table cell.
func mdCode(s string) string {
	s = oneLine(s)
	if s == "" {
		return "` `"
	}
	return termsafe.MarkdownCode(s)
}

// mdText escapes s for Markdown text or a table cell.
func mdText(s string) string { return termsafe.MarkdownText(oneLine(s)) }
