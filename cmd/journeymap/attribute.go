package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/journeymap/journeymap/eventlog"
)

const attributeUsage = "attribute INPUT [--goal ACT]... [--order K] [--format text|json|markdown] [--case C] [--activity A] [--time T] [--segment S] [--touchpoint P] [--value V] [--skip-bad-rows]"

func init() {
	register("attribute", command{usage: attributeUsage, run: runAttribute})
}

// attributeValueFlags are the flags of attribute that take a value.
var attributeValueFlags = map[string]bool{
	"goal": true, "order": true, "format": true, "case": true, "activity": true,
	"time": true, "segment": true, "touchpoint": true, "value": true,
}

// listFlag is a flag that may be given more than once.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// attributeOptions are the settings of one attribute run.
type attributeOptions struct {
	goals       []string
	order       int
	format      string
	columns     eventlog.Columns
	skipBadRows bool
}

// runAttribute is "journeymap attribute": multi-touch attribution of an
// event log or a ChannelAttribution path table.
func runAttribute(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("attribute", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o attributeOptions
	var goals listFlag
	fs.Var(&goals, "goal", "an activity that converts (`ACT`; repeat for several); required for an event log")
	fs.IntVar(&o.order, "order", 1, "the Markov chain's order `K`: its states are K consecutive touches")
	fs.StringVar(&o.format, "format", "text", "output `format`: text, json or markdown")
	fs.StringVar(&o.columns.Case, "case", "", "the event log's case `column`")
	fs.StringVar(&o.columns.Activity, "activity", "", "the event log's activity `column`")
	fs.StringVar(&o.columns.Time, "time", "", "the event log's timestamp `column`")
	fs.StringVar(&o.columns.Segment, "segment", "", "the event log's segment `column`")
	fs.StringVar(&o.columns.Touchpoint, "touchpoint", "", "the event log's touchpoint (channel) `column`")
	fs.StringVar(&o.columns.Value, "value", "", "the event log's value `column`")
	fs.BoolVar(&o.skipBadRows, "skip-bad-rows", false, "leave out an event log's bad rows (counted in a warning) instead of failing")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: journeymap "+attributeUsage)
		fs.PrintDefaults()
	}
	flags, files, err := splitArgs(args, attributeValueFlags)
	if err != nil {
		fmt.Fprintf(stderr, "journeymap attribute: %v\n", err)
		fs.Usage()
		return exitInvalid
	}
	if err := fs.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitInvalid
	}
	o.goals = goals
	if len(files) != 1 {
		fmt.Fprintf(stderr, "journeymap attribute: want exactly one INPUT, have %d\n", len(files))
		fs.Usage()
		return exitInvalid
	}
	if err := o.check(); err != nil {
		fmt.Fprintf(stderr, "journeymap attribute: %v\n", err)
		fs.Usage()
		return exitInvalid
	}
	return attribute(files[0], os.Stdin, o, stdout, stderr)
}

// check checks the options that flags cannot.
func (o attributeOptions) check() error {
	switch o.format {
	case "text", "json", "markdown":
	default:
		return fmt.Errorf("unknown format %q (want text, json or markdown)", o.format)
	}
	if o.order < 1 {
		return fmt.Errorf("--order %d: want 1 or more", o.order)
	}
	return nil
}

// attribute attributes the conversions of the event log or path table in
// file ("-": stdin), writes the attribution to stdout and returns the exit
// status. Problems of the input are printed to stderr as FILE:ROW: code:
// message, with exit status 2.
func attribute(file string, stdin io.Reader, o attributeOptions, stdout, stderr io.Writer) int {
	name := file
	var in io.Reader = stdin
	if file == "-" {
		name = "<stdin>"
	} else {
		f, err := os.Open(file)
		if err != nil {
			fmt.Fprintf(stderr, "%s: read-error: %v\n", file, errors.Unwrap(err))
			return exitInvalid
		}
		defer f.Close()
		in = f
	}
	a, ok := attributeInput(in, file, name, o, stderr)
	if !ok {
		return exitInvalid
	}
	w := bufio.NewWriter(stdout)
	var err error
	switch o.format {
	case "json":
		err = a.WriteJSON(w)
	case "markdown":
		err = a.WriteMarkdown(w)
	default:
		err = a.WriteText(w)
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Fprintf(stderr, "journeymap attribute: %v\n", err)
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
