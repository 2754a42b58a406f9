package eventlog

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/internal/termsafe"
)

// Problem codes. A problem with one of the row codes concerns one row: with
// Options.SkipBadRows the row is left out and counted; the others stop the
// reading.
const (
	// Row problems.
	CodeMissingCase     = "missing-case"     // the case column is empty
	CodeMissingActivity = "missing-activity" // the activity column is empty
	CodeMissingTime     = "missing-time"     // the time column is empty
	CodeBadTime         = "bad-time"         // the time is not in the column's format
	CodeBadValue        = "bad-value"        // the value column is not a number
	CodeRaggedRow       = "ragged-row"       // a CSV row with more or fewer fields than the header
	CodeBadQuote        = "bad-quote"        // a CSV field with a stray or unclosed quote
	CodeBadJSON         = "bad-json"         // a JSON Lines line that is no JSON object
	CodeBadName         = "bad-name"         // an activity, segment or touchpoint that is not UTF-8 or too long for a journey
	// File problems.
	CodeMissingColumn     = "missing-column"      // the file has no column for case, activity or time
	CodeBadGzip           = "bad-gzip"            // a gzip stream that is corrupt or cut short
	CodeBadXES            = "bad-xes"             // malformed XES (XML)
	CodeBadParquet        = "bad-parquet"         // a Parquet file that cannot be read
	CodeBadXLSX           = "bad-xlsx"            // an Excel workbook that cannot be read
	CodeUnknownFormat     = "unknown-format"      // the format cannot be told from the name or content
	CodeReadError         = "read-error"          // the file cannot be read
	CodeEmptyLog          = "empty-log"           // no events
	CodeGoalNotFound      = "goal-not-found"      // none of the goals occurs in the log
	CodeTooManyActivities = "too-many-activities" // more distinct activities than the limit
	CodeTooManyCases      = "too-many-cases"      // more cases than the limit
	CodeTooManyRows       = "too-many-rows"       // more rows than the limit
	CodeTooManyProblems   = "too-many-problems"   // the problem list was cut at the cap
	CodeBadOptions        = "bad-options"         // options that do not go together
)

// Problem is one thing wrong with an event log: a row or the file as a
// whole. Error formats it as FILE:ROW: code: message.
type Problem struct {
	// File is the log's name as given.
	File string `json:"file,omitempty"`
	// Row is the line (CSV, JSON Lines, XES) or row (Parquet, Excel) the
	// problem is on, 1-based; 0 for the file as a whole.
	Row int64 `json:"row,omitempty"`
	// Column names the column (or XES attribute) concerned, if any.
	Column string `json:"column,omitempty"`
	// Code is a stable kebab-case identifier: one of the Code constants.
	Code string `json:"code"`
	// Message says what is wrong, in words.
	Message string `json:"message"`
}

// Error formats the problem as "file:row: code: message", the message
// followed by (column "NAME") when the problem has a column its message
// does not name (quoted, or as its first word).
func (p Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		b.WriteByte(':')
	}
	if p.Row > 0 {
		b.WriteString(strconv.FormatInt(p.Row, 10))
		b.WriteByte(':')
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString(p.Code)
	b.WriteString(": ")
	b.WriteString(visible(p.Message))
	if p.Column != "" && !strings.HasPrefix(p.Message, p.Column+" ") && !strings.Contains(p.Message, quote(p.Column)) {
		b.WriteString(" (column ")
		b.WriteString(visible(quote(p.Column)))
		b.WriteByte(')')
	}
	return b.String()
}

// IsRow reports whether the problem concerns one row, which SkipBadRows
// may leave out.
func (p Problem) IsRow() bool {
	switch p.Code {
	case CodeMissingCase, CodeMissingActivity, CodeMissingTime, CodeBadTime,
		CodeBadValue, CodeRaggedRow, CodeBadQuote, CodeBadJSON, CodeBadName:
		return true
	}
	return false
}

// Problems is every problem found in a log, in file order. Mine returns one
// as its error; use errors.As to get it back.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	if len(ps) == 0 {
		return "no problems"
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

// Err returns nil if ps is empty and ps otherwise.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// Sort sorts the problems by file, row, code and message.
func (ps Problems) Sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Row, b.Row),
			cmp.Compare(a.Code, b.Code), cmp.Compare(a.Message, b.Message))
	})
}

// Codes returns the problems' codes in order, which is handy in tests.
func (ps Problems) Codes() []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Code
	}
	return out
}

// rowError makes a row problem; the reader's caller fills in File.
func rowError(row int64, column, code, format string, args ...any) *Problem {
	return &Problem{Row: row, Column: column, Code: code, Message: fmt.Sprintf(format, args...)}
}

// visible writes control characters, line breaks included, and the
// characters that could hide or reorder text (bidirectional controls) as
// escapes, so that a hostile log can neither drive the terminal a problem
// is shown on nor make one problem look like another.
func visible(s string) string {
	return termsafe.Visible(strings.ReplaceAll(s, "\n", `\n`))
}

// quote quotes a value from the log for a message, cut to a readable length.
func quote(s string) string {
	const max = 60
	if len(s) > max {
		s = s[:max] + "…"
	}
	return strconv.Quote(s)
}
