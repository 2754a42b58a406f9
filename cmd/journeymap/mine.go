package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

func init() {
	register("mine", command{usage: mineUsage, run: runMine})
}

// mineValueFlags are the flags of mine that take a value.
var mineValueFlags = map[string]bool{
	"goal": true, "exit": true, "template": true, "min-count": true, "top": true, "window": true,
	"o": true, "summary": true, "case": true, "activity": true, "time": true, "segment": true,
	"touchpoint": true, "channel": true, "value": true, "format": true, "delimiter": true, "sheet": true,
	"max-rows": true, "max-cases": true, "max-activities": true, "max-problems": true, "id": true, "name": true,
}

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// runMine is "journeymap mine LOG": learn a journey from an event log.
func runMine(args []string, stdout, stderr io.Writer) int {
	var cfg mineConfig
	o := &cfg.opts
	fs := flag.NewFlagSet("mine", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var goals, exits listFlag
	fs.Var(&goals, "goal", "mark activity `ACT` as a goal (repeatable); a case converts when it reaches one")
	fs.Var(&exits, "exit", "mark activity `ACT` as an intended exit (repeatable)")
	fs.StringVar(&cfg.template, "template", "", "lay the counts on the designed journey in `JOURNEY` (steps matched by ID)")
	fs.Int64Var(&o.MinCount, "min-count", 0, "drop activities and transitions seen fewer than `N` times (goals and exits stay)")
	fs.IntVar(&o.TopSuccessors, "top", 0, "keep only the `N` most frequent transitions out of each step (0: all); the rest are counted in the summary")
	fs.BoolVar(&o.Collapse, "collapse", false, "merge repeated consecutive events of one activity in a case (off by default: pm4py's counts)")
	fs.StringVar(&cfg.window, "window", "", "conversion window `D` (30d, 72h): only events within D of a case's first event count")
	fs.BoolVar(&o.SkipBadRows, "skip-bad-rows", false, "leave out rows with problems, counted in the summary, instead of failing")
	fs.StringVar(&cfg.out, "o", "", "write the journey to `OUT` (.yaml or .json; default standard output, YAML)")
	fs.StringVar(&cfg.summary, "summary", "", "write the summary to `FILE` (.json for JSON, - for standard output) instead of standard error")
	fs.BoolVar(&cfg.quiet, "quiet", false, "print no summary")
	fs.StringVar(&o.Read.Columns.Case, "case", "", "the case (customer) `column` (default case:concept:name, then case_id)")
	fs.StringVar(&o.Read.Columns.Activity, "activity", "", "the activity `column` (default concept:name, then activity)")
	fs.StringVar(&o.Read.Columns.Time, "time", "", "the time `column` (default time:timestamp, then timestamp)")
	fs.StringVar(&o.Read.Columns.Segment, "segment", "", "the segment `column`: segments become personas (default segment, if present)")
	fs.StringVar(&o.Read.Columns.Touchpoint, "touchpoint", "", "the touchpoint or channel `column` (default touchpoint, then channel, if present)")
	fs.StringVar(&o.Read.Columns.Touchpoint, "channel", "", "the same as --touchpoint")
	fs.StringVar(&o.Read.Columns.Value, "value", "", "the value `column` (default value, if present)")
	fs.StringVar(&cfg.format, "format", "", "the log's `format` (csv, jsonl, xes, parquet, xlsx); default from the name, else the content")
	delim := fs.String("delimiter", "", "the CSV delimiter `C` (default: sniffed among , ; tab |); \\t for tab")
	fs.StringVar(&o.Read.Sheet, "sheet", "", "the Excel `sheet` to read (default the first)")
	fs.Int64Var(&o.MaxRows, "max-rows", 0, "refuse logs of more than `N` rows (0: no limit)")
	fs.Int64Var(&o.MaxCases, "max-cases", 0, "refuse logs of more than `N` cases (0: no limit)")
	fs.IntVar(&o.MaxActivities, "max-activities", 0, "refuse logs of more than `N` distinct activities (default 10000)")
	fs.IntVar(&o.MaxProblems, "max-problems", 0, "report at most `N` problems (default 100)")
	fs.StringVar(&o.ID, "id", "", "the journey's `ID` (default mined, or the template's)")
	fs.StringVar(&o.Name, "name", "", "the journey's `name`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: journeymap "+mineUsage)
		fs.PrintDefaults()
	}
	flags, files, err := splitArgs(args, mineValueFlags)
	if err != nil {
		fmt.Fprintf(stderr, "journeymap mine: %v\n", err)
		fs.Usage()
		return exitInvalid
	}
	if err := fs.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitInvalid
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "journeymap mine: want exactly one LOG, have %d\n", len(files))
		fs.Usage()
		return exitInvalid
	}
	switch *delim {
	case "":
	case `\t`, "tab":
		o.Read.Comma = '\t'
	default:
		if len(*delim) != 1 {
			fmt.Fprintf(stderr, "journeymap mine: --delimiter %q: want one character\n", *delim)
			return exitInvalid
		}
		o.Read.Comma = rune((*delim)[0])
	}
	if o.MinCount < 0 || o.TopSuccessors < 0 || o.MaxRows < 0 || o.MaxCases < 0 || o.MaxActivities < 0 || o.MaxProblems < 0 {
		fmt.Fprintln(stderr, "journeymap mine: counts and limits must be 0 or more")
		return exitInvalid
	}
	o.Goals, o.Exits = goals, exits
	cfg.log = files[0]
	return runMineConfig(cfg, stdout, stderr)
}
