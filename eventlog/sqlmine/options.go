package sqlmine

import (
	"fmt"
	"strings"
	"time"
)

// TimeFormat says what the time column holds.
type TimeFormat int

// The time formats. The zero value is a timestamp type of the engine.
const (
	// Timestamp is the engine's timestamp type (TIMESTAMP, TIMESTAMPTZ,
	// DateTime, DateTime64).
	Timestamp TimeFormat = iota
	// UnixSeconds is a number of seconds since 1970-01-01 UTC.
	UnixSeconds
	// UnixMillis is a number of milliseconds since 1970-01-01 UTC.
	UnixMillis
)

// Default column names, pm4py's first.
const (
	DefaultCase     = "case:concept:name"
	DefaultActivity = "concept:name"
	DefaultTime     = "time:timestamp"
)

// Options say what to mine. The zero value of each field is its default,
// except Table, which must be named.
type Options struct {
	// Table is the table (or view) holding the events.
	Table Name
	// Case, Activity and Time name the columns; empty means pm4py's names
	// (case:concept:name, concept:name, time:timestamp). Run looks at the
	// table's columns and falls back to case_id, activity and timestamp
	// when pm4py's are absent.
	Case, Activity, Time string
	// Segment, when set, is the column whose value (the case's first
	// non-empty one) makes a case's persona. Run, like mining in process,
	// takes the columns called segment, touchpoint (else channel) and value
	// when the table has them and these are left empty; Query does not
	// look.
	Segment string
	// Touchpoint, when set, is the column counted per activity, so that a
	// step can take its most frequent touchpoint.
	Touchpoint string
	// Value, when set, is a numeric column summed per segment and over
	// the converted cases.
	Value string
	// Order, when set, is a column (a row number, a sequence) that breaks
	// ties in time before the activity's name does. See Query for the
	// order of events.
	Order string
	// TimeFormat says what the time column holds.
	TimeFormat TimeFormat
	// Collapse drops an event whose activity repeats the case's previous
	// event's (a a b -> a b).
	Collapse bool
	// Goals are the target activities: a case converts when it reaches one,
	// and its time to convert runs from its first event to its first goal.
	Goals []string
	// Window, when positive, keeps only the events within this time of the
	// case's first event (the conversion window).
	Window time.Duration
}

func (o Options) withDefaults() Options {
	if o.Case == "" {
		o.Case = DefaultCase
	}
	if o.Activity == "" {
		o.Activity = DefaultActivity
	}
	if o.Time == "" {
		o.Time = DefaultTime
	}
	return o
}

// Error is a problem with the options, the query or its engine.
type Error struct {
	// Code classifies the error: one of the Code constants.
	Code Code
	// Message says what is wrong, in words.
	Message string
	// Query is the query that failed, for engine errors.
	Query string
	// Err is the engine's or driver's error, when there is one.
	Err error
}

// Code classifies an Error.
type Code string

// The error codes.
const (
	CodeDialect   Code = "sql-dialect"
	CodeName      Code = "sql-name"
	CodeOption    Code = "sql-option"
	CodeEngine    Code = "sql-engine"
	CodeTooLarge  Code = "sql-too-large"
	CodeResult    Code = "sql-result"
	CodeCancelled Code = "sql-cancelled"
)

// Error reads "code: message", then the engine's error.
func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Message
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap is the engine's or driver's error.
func (e *Error) Unwrap() error { return e.Err }

func (o Options) check(d Dialect) error {
	if !d.valid() {
		return &Error{Code: CodeDialect, Message: fmt.Sprintf("unknown SQL dialect %d", int(d))}
	}
	if len(o.Table) == 0 || strings.Join(o.Table, "") == "" {
		return &Error{Code: CodeOption, Message: "no table named (--table)"}
	}
	if o.TimeFormat < Timestamp || o.TimeFormat > UnixMillis {
		return &Error{Code: CodeOption, Message: fmt.Sprintf("unknown time format %d", int(o.TimeFormat))}
	}
	if o.Window < 0 {
		return &Error{Code: CodeOption, Message: fmt.Sprintf("negative conversion window %s", o.Window)}
	}
	return nil
}
