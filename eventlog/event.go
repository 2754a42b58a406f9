package eventlog

import (
	"io"
	"strconv"
	"time"
)

// Event is one row of an event log: a case (customer) did an activity at a
// time, optionally in a segment, at a touchpoint, with a value.
type Event struct {
	// Case identifies the customer (or order, ticket): the case.
	Case string
	// Activity is what happened; it becomes a step's ID.
	Activity string
	// Time is when it happened.
	Time time.Time
	// Segment is the customer's segment, if the log has a segment column;
	// a case's segment is the first non-empty one among its events.
	Segment string
	// Touchpoint is the channel or touchpoint of the event, if any.
	Touchpoint string
	// Value is a money amount or other figure of the event, if any.
	Value float64
	// Row is where the event is in the file (line or row, 1-based), for
	// problems; 0 if unknown.
	Row int64
}

// Reader is a source of events, one at a time: the readers of this package
// (CSV, JSON Lines, XES, Parquet, Excel) and any source of your own.
//
// Read returns the next event, or io.EOF after the last. An error of type
// *Problem whose IsRow is true concerns that row alone: the caller may go
// on reading (Mine does, and reports every problem at once). Any other
// error ends the log.
type Reader interface {
	Read() (Event, error)
}

// Described is implemented by readers that can say which columns and time
// format they found; Mine puts it in the Summary.
type Described interface {
	// Columns returns the column names used for each role.
	Columns() Columns
	// TimeFormat names the time format detected ("" before the first time).
	TimeFormat() string
}

// Columns names the columns of a log by role. Empty names take the
// defaults: pm4py's names (case:concept:name, concept:name,
// time:timestamp), else case_id, activity and timestamp. Segment,
// Touchpoint and Value are optional and only read when named, except that
// columns called segment, touchpoint or channel, and value are picked up
// when present.
type Columns struct {
	// Case names the case ID column; "" looks for DefaultCase.
	Case string `json:"case,omitempty"`
	// Activity names the activity column; "" looks for DefaultActivity.
	Activity string `json:"activity,omitempty"`
	// Time names the timestamp column; "" looks for DefaultTime.
	Time string `json:"time,omitempty"`
	// Segment names the optional segment column; "" looks for
	// DefaultSegment.
	Segment string `json:"segment,omitempty"`
	// Touchpoint names the optional touchpoint (channel) column; "" looks
	// for DefaultTouchpoint.
	Touchpoint string `json:"touchpoint,omitempty"`
	// Value names the optional value column; "" looks for DefaultValue.
	Value string `json:"value,omitempty"`
}

// Default column names, in the order they are looked for.
var (
	DefaultCase       = []string{"case:concept:name", "case_id"}
	DefaultActivity   = []string{"concept:name", "activity"}
	DefaultTime       = []string{"time:timestamp", "timestamp"}
	DefaultSegment    = []string{"segment"}
	DefaultTouchpoint = []string{"touchpoint", "channel"}
	DefaultValue      = []string{"value"}
)

// resolve picks, for each role, the named column or the first default the
// header has; missing required columns are reported as problems.
func (c Columns) resolve(header []string, file string) (idx [6]int, used Columns, ps Problems) {
	has := make(map[string]int, len(header))
	times := make(map[string]int, len(header))
	for i := len(header) - 1; i >= 0; i-- {
		has[header[i]] = i
		times[header[i]]++
	}
	roles := []struct {
		name     string
		given    string
		defaults []string
		required bool
		out      *string
	}{
		{"case", c.Case, DefaultCase, true, &used.Case},
		{"activity", c.Activity, DefaultActivity, true, &used.Activity},
		{"time", c.Time, DefaultTime, true, &used.Time},
		{"segment", c.Segment, DefaultSegment, false, &used.Segment},
		{"touchpoint", c.Touchpoint, DefaultTouchpoint, false, &used.Touchpoint},
		{"value", c.Value, DefaultValue, false, &used.Value},
	}
	for k, r := range roles {
		idx[k] = -1
		if r.given != "" {
			if i, ok := has[r.given]; ok {
				idx[k], *r.out = i, r.given
				continue
			}
			ps = append(ps, Problem{File: file, Column: r.given, Code: CodeMissingColumn,
				Message: "no column " + quote(r.given) + " for the " + r.name + " (columns: " + listColumns(header) + ")"})
			continue
		}
		for _, d := range r.defaults {
			if i, ok := has[d]; ok {
				idx[k], *r.out = i, d
				break
			}
		}
		if idx[k] < 0 && r.required {
			ps = append(ps, Problem{File: file, Column: r.defaults[0], Code: CodeMissingColumn,
				Message: "no " + r.name + " column: looked for " + quoteAll(r.defaults) + "; name it with --" + r.name + " (columns: " + listColumns(header) + ")"})
		}
	}
	for k, r := range roles {
		// A role's column named twice: which one holds it is a guess.
		if idx[k] >= 0 && times[*r.out] > 1 {
			ps = append(ps, Problem{File: file, Column: *r.out, Code: CodeDuplicateColumn,
				Message: "the " + r.name + " column " + quote(*r.out) + " appears " + strconv.Itoa(times[*r.out]) + " times in the header"})
		}
	}
	return idx, used, ps
}

func quoteAll(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += quote(s)
	}
	return out
}

func listColumns(h []string) string {
	if len(h) > 12 {
		return quoteAll(h[:12]) + ", …"
	}
	return quoteAll(h)
}

// roles of resolve's index array.
const (
	roleCase = iota
	roleActivity
	roleTime
	roleSegment
	roleTouchpoint
	roleValue
)

// ReadOptions configure the readers. The zero value uses the default
// columns and detects the time format.
type ReadOptions struct {
	// Columns names the columns by role.
	Columns Columns
	// File is the name problems are reported against.
	File string
	// Comma is the CSV delimiter; 0 sniffs it from the header line among
	// comma, semicolon, tab and pipe.
	Comma rune
	// Sheet is the Excel sheet to read; "" reads the first.
	Sheet string
}

// SliceReader is a Reader over events in memory; handy in tests and for
// events a program already holds.
type SliceReader struct {
	// Events are the events to read, in order; one whose Row is 0 is read
	// with its 1-based position in Events as its Row.
	Events []Event
	i      int
}

// Read returns the next event.
func (r *SliceReader) Read() (Event, error) {
	if r.i >= len(r.Events) {
		return Event{}, io.EOF
	}
	r.i++
	e := r.Events[r.i-1]
	if e.Row == 0 {
		e.Row = int64(r.i)
	}
	return e, nil
}
