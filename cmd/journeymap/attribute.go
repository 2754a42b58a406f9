package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/spf13/cobra"

	"github.com/journeymap/journeymap/eventlog"
)

// attributeOptions are the settings of one attribute run.
type attributeOptions struct {
	goals       []string
	order       int
	format      string
	columns     eventlog.Columns
	skipBadRows bool
}

// newAttributeCmd returns "journeymap attribute INPUT": multi-touch
// attribution of an event log or a ChannelAttribution path table.
func newAttributeCmd(a *app) *cobra.Command {
	var (
		o   attributeOptions
		out string
	)
	cmd := &cobra.Command{
		Use:   "attribute INPUT",
		Short: "Attribute conversions to channels: Markov removal effects, first touch, last touch, linear",
		Long: `Attribute the conversions of INPUT ("-" for standard input) to the channels
customers touched, as ChannelAttribution defines it: the Markov model of
order K (--order, default 1) solved exactly, and the first-touch, last-touch
and linear heuristics.

INPUT is a ChannelAttribution path table (columns path, total_conversions,
total_null and optionally total_conversion_value; separated by commas,
semicolons or tabs; channels separated by ">"), told by its header, or an
event log (CSV/TSV, JSON Lines, XES, Parquet): a case converts when it
reaches a --goal activity, and its channels are its touchpoints before the
goal (the touchpoint or channel column) or, without one, its activities.

Bad input exits 2 with one FILE:ROW: code: message line per problem.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("want exactly one INPUT, have %d", len(args))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.goals, "goal", nil, "an activity that converts (`ACT`; repeat for several); required for an event log")
	f.IntVar(&o.order, "order", 1, "the Markov chain's order `K`: its states are K consecutive touches")
	format := addFormatFlag(cmd, "text", "text", "json", "markdown")
	f.StringVar(&o.columns.Case, "case", "", "the event log's case `column`")
	f.StringVar(&o.columns.Activity, "activity", "", "the event log's activity `column`")
	f.StringVar(&o.columns.Time, "time", "", "the event log's timestamp `column`")
	f.StringVar(&o.columns.Segment, "segment", "", "the event log's segment `column`")
	f.StringVar(&o.columns.Touchpoint, "touchpoint", "", "the event log's touchpoint (channel) `column`")
	f.StringVar(&o.columns.Value, "value", "", "the event log's value `column`")
	f.BoolVar(&o.skipBadRows, "skip-bad-rows", false, "leave out an event log's bad rows (counted in a warning) instead of failing")
	addOutputFlag(cmd, &out, "-", "write the attribution to `OUT` (\"-\" for standard output)")
	cmd.RunE = func(_ *cobra.Command, args []string) error {
		if o.order < 1 {
			return fmt.Errorf("--order %d: want 1 or more", o.order)
		}
		o.format = format.value
		return status(a.attribute(args[0], o, out))
	}
	return cmd
}

// attribute attributes the conversions of the event log or path table in
// FILE, writes the attribution to OUT and returns the exit status. Problems
// of the input are printed to stderr as FILE:ROW: code: message, with exit
// status 2.
func (a *app) attribute(file string, o attributeOptions, out string) int {
	name := label(file)
	in, err := a.openInput(file)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		fmt.Fprintf(a.stderr, "%s: %s: %v\n", name, eventlog.CodeReadError, err)
		return exitInvalid
	}
	defer in.Close()
	at, ok := attributeInput(in, file, name, o, a.stderr)
	if !ok {
		return exitInvalid
	}
	w, err := a.create(out)
	if err != nil {
		fmt.Fprintf(a.stderr, "journeymap attribute: %v\n", err)
		return exitInvalid
	}
	switch o.format {
	case "json":
		err = at.WriteJSON(w)
	case "markdown":
		err = at.WriteMarkdown(w)
	default:
		err = at.WriteText(w)
	}
	if err == nil {
		err = w.commit()
	} else {
		w.abort()
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "journeymap attribute: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

// attributeInput reads the path table or event log in r and attributes it;
// on a problem it prints it and returns false.
func attributeInput(r io.Reader, file, name string, o attributeOptions, stderr io.Writer) (*eventlog.Attribution, bool) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, _ := br.Peek(1 << 16)
	if bytes.HasPrefix(head, []byte{0x1f, 0x8b}) {
		// A gzipped path table is unpacked here; a gzipped log is left to
		// the log readers, which unpack it themselves.
		if z, err := gzip.NewReader(bytes.NewReader(head)); err == nil {
			inner := make([]byte, 1<<12)
			n, _ := io.ReadFull(z, inner)
			if eventlog.IsPathTable(inner[:n]) {
				z, err := gzip.NewReader(br)
				if err != nil {
					fmt.Fprintf(stderr, "%s: %s: %v\n", name, eventlog.CodeBadGzip, err)
					return nil, false
				}
				br = bufio.NewReaderSize(z, 1<<16)
				head, _ = br.Peek(1 << 16)
			}
		}
	}
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		// Excel's "Unicode text": without this, a UTF-16 path table is
		// taken for a log and the user told to name a --goal.
		fmt.Fprintf(stderr, "%s:1: %s: the file is UTF-16; save it as UTF-8\n", name, eventlog.CodeReadError)
		return nil, false
	}
	var (
		paths    []eventlog.Path
		warnings eventlog.Problems
		times    *eventlog.ConversionTimes
	)
	if eventlog.IsPathTable(head) {
		if len(o.goals) > 0 {
			fmt.Fprintf(stderr, "%s: warning: --goal applies to event logs; a path table says its conversions\n", name)
		}
		t, err := eventlog.ReadPathTable(br, name)
		if err != nil {
			printLogProblems(stderr, name, err)
			return nil, false
		}
		paths, warnings = t.Paths, t.Warnings
	} else {
		if len(o.goals) == 0 {
			fmt.Fprintf(stderr, "%s: %s: an event log needs --goal ACT: the activity that converts (or a path table: columns path, total_conversions, total_null)\n", name, eventlog.CodeMissingGoal)
			return nil, false
		}
		format := eventlog.FormatOf(file)
		rd, _, err := eventlog.NewReader(br, format, eventlog.ReadOptions{Columns: o.columns, File: name})
		if err != nil {
			printLogProblems(stderr, name, err)
			return nil, false
		}
		lp, err := eventlog.ReadPaths(rd, eventlog.LogPathOptions{Goals: o.goals, SkipBadRows: o.skipBadRows})
		if err != nil {
			printLogProblems(stderr, name, err)
			return nil, false
		}
		paths, warnings, times = lp.Paths, lp.Warnings, lp.Times
	}
	a, err := eventlog.Attribute(paths, eventlog.AttributionOptions{Order: o.order})
	if err != nil {
		printLogProblems(stderr, name, err)
		return nil, false
	}
	for i := range warnings {
		if warnings[i].File == "" {
			warnings[i].File = name
		}
	}
	a.Warnings = append(warnings, a.Warnings...)
	a.Times = times
	return a, true
}

// printLogProblems prints err, a problem of reading an event log or path
// table, one problem a line as FILE:ROW: code: message.
func printLogProblems(w io.Writer, name string, err error) {
	var ps eventlog.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			if p.File == "" {
				p.File = name
			}
			fmt.Fprintln(w, p.Error())
		}
		return
	}
	var p *eventlog.Problem
	if errors.As(err, &p) {
		q := *p
		if q.File == "" {
			q.File = name
		}
		fmt.Fprintln(w, q.Error())
		return
	}
	fmt.Fprintf(w, "%s: %s: %v\n", name, eventlog.CodeReadError, err)
}
