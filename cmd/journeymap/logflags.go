package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journeymap/journeymap/eventlog"
	"github.com/journeymap/journeymap/journey"
)

// logFlags are the flags that say how to read an event log, as mine has
// them: its columns, format, delimiter, sheet, bad rows and limits.
type logFlags struct {
	opts   eventlog.Options
	delim  string
	format *choice
}

// addLogFlags adds the flags of an event log to cmd; formatFlag names the
// flag of the log's format; limits adds the flags of the limits too.
func addLogFlags(cmd *cobra.Command, formatFlag string, limits bool) *logFlags {
	l := &logFlags{}
	o := &l.opts
	f := cmd.Flags()
	f.StringVar(&o.Read.Columns.Case, "case", "", "the log's case (customer) `column` (default case:concept:name, then case_id)")
	f.StringVar(&o.Read.Columns.Activity, "activity", "", "the log's activity `column` (default concept:name, then activity)")
	f.StringVar(&o.Read.Columns.Time, "time", "", "the log's time `column` (default time:timestamp, then timestamp)")
	f.StringVar(&o.Read.Columns.Segment, "segment", "", "the log's segment `column`: a case's segment names its persona (default segment, if present)")
	f.StringVar(&o.Read.Columns.Touchpoint, "touchpoint", "", "the log's touchpoint or channel `column` (default touchpoint, then channel, if present)")
	f.StringVar(&o.Read.Columns.Touchpoint, "channel", "", "the same as --touchpoint (`column`)")
	f.StringVar(&o.Read.Columns.Value, "value", "", "the log's value `column` (default value, if present)")
	l.format = addChoiceFlag(cmd, formatFlag, "", "the log's `format`; default from its name, else its content", "csv", "jsonl", "xes", "parquet", "xlsx")
	f.StringVar(&l.delim, "delimiter", "", "the log's CSV delimiter `C` (default: sniffed among , ; tab |); \\t for tab")
	f.StringVar(&o.Read.Sheet, "sheet", "", "the Excel `sheet` to read (default the first)")
	f.BoolVar(&o.SkipBadRows, "skip-bad-rows", false, "leave out the log's rows with problems, counted, instead of failing")
	if !limits {
		return l
	}
	f.Int64Var(&o.MaxRows, "max-rows", 0, "refuse logs of more than `N` rows (0: no limit)")
	f.Int64Var(&o.MaxCases, "max-cases", 0, "refuse logs of more than `N` cases (0: no limit)")
	f.IntVar(&o.MaxActivities, "max-activities", 0, "refuse logs of more than `N` distinct activities (default 10000)")
	f.IntVar(&o.MaxProblems, "max-problems", 0, "report at most `N` problems of the log (default 100)")
	return l
}

// check checks the flags' values and sets the delimiter.
func (l *logFlags) check() error {
	o := &l.opts
	switch l.delim {
	case "":
	case `\t`, "tab":
		o.Read.Comma = '\t'
	default:
		if len(l.delim) != 1 {
			return fmt.Errorf("--delimiter %q: want one character", l.delim)
		}
		o.Read.Comma = rune(l.delim[0])
	}
	if o.MaxRows < 0 || o.MaxCases < 0 || o.MaxActivities < 0 || o.MaxProblems < 0 {
		return fmt.Errorf("limits must be 0 or more")
	}
	return nil
}

// conformLog checks the log at path ("-" for standard input) against j. A
// file named on the command line is opened by eventlog (Parquet and Excel
// need random access); standard input, or a file with its format given, is
// read through a.openInput.
func (a *app) conformLog(j *journey.Journey, path string, l *logFlags) (*eventlog.Conformance, error) {
	opts := l.opts
	format := strings.ToLower(l.format.value)
	if format == "" && path != stdinName {
		return eventlog.ConformFile(j, path, opts)
	}
	src, err := a.openInput(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, eventlog.Problems{{File: label(path), Code: eventlog.CodeReadError, Message: err.Error()}}
	}
	defer src.Close()
	opts.Read.File = label(path)
	r, f, err := eventlog.NewReader(src, eventlog.Format(format), opts.Read)
	if err != nil {
		return nil, err
	}
	if c, ok := r.(io.Closer); ok {
		defer c.Close()
	}
	c, err := eventlog.Conform(j, r, opts)
	if err == nil {
		c.Read.Format = f
	}
	return c, err
}
