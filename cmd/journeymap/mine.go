package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// newMineCmd returns "journeymap mine LOG": learn a journey from an event
// log.
func newMineCmd(a *app) *cobra.Command {
	var cfg mineConfig
	o := &cfg.opts
	var goals, exits []string
	var delim string
	cmd := &cobra.Command{
		Use:   "mine LOG... | mine --sql DIALECT|--db URL --table T",
		Short: "Learn a journey from an event log (CSV, JSON Lines, XES, Parquet, Excel)",
		Long: `Learn a journey from the event log LOG ("-" for standard input): steps are
the activities, transitions the directly-follows pairs within each case
ordered by time, with counts; segments become personas with counts per
persona. With --template, the counts are laid on a designed journey and what
does not match is reported. The journey goes to standard output (YAML) or to
-o OUT (.yaml or .json); a summary (conversion and time to convert per
segment, top variants, what was skipped or dropped) to standard error.
Problems of the log are printed as FILE:ROW: code: message, all at once;
exit status 2.

Several LOGs are mined as one log (their concatenation), decoded in
parallel on every core. With --sql DIALECT the mining query for that SQL
engine is printed instead (duckdb, postgres, bigquery, clickhouse,
clickhouse18, spark, snowflake); with --db URL it runs there (postgres://,
clickhouse://, http://) and the journey is the one mine makes of the same
events as a file: see "When the log is in a warehouse" in the README.`,
	}
	f := cmd.Flags()
	wh := addWarehouseFlags(f) // --sql, --db, --table: mine_sql.go
	cmd.Args = func(_ *cobra.Command, args []string) error {
		if len(args) == 0 && !wh.active() {
			return fmt.Errorf("want a LOG (several are mined as one), or --sql/--db with --table")
		}
		if len(args) > 1 && (slices.Contains(args, stdinName) || cmd.Flags().Changed("format")) {
			return fmt.Errorf("several LOGs are files named by their format: not - or --format")
		}
		if cfg.template == stdinName && slices.Contains(args, stdinName) {
			return fmt.Errorf("only one of LOG and --template can be standard input (-)")
		}
		return nil
	}
	f.StringArrayVar(&goals, "goal", nil, "mark activity `ACT` as a goal (repeatable); a case converts when it reaches one (default: the activity most cases end at)")
	f.StringArrayVar(&exits, "exit", nil, "mark activity `ACT` as an intended exit (repeatable)")
	f.StringVar(&cfg.template, "template", "", "lay the counts on the designed journey in `JOURNEY` (steps matched by ID)")
	f.Int64Var(&o.MinCount, "min-count", 0, "drop activities and transitions seen fewer than `N` times (goals and exits stay; not with --template)")
	f.IntVar(&o.TopSuccessors, "top", 0, "keep the `N` most frequent transitions out of each step (0: all); the rest are counted in the summary (not with --template)")
	f.BoolVar(&o.Collapse, "collapse", false, "merge repeated consecutive events of one activity in a case (off by default: pm4py's counts)")
	f.StringVar(&cfg.window, "window", "", "conversion window `D` (30d, 72h): only the events within D of a case's first event count")
	f.BoolVar(&o.SkipBadRows, "skip-bad-rows", false, "leave out rows with problems, counted in the summary, instead of failing")
	addOutputFlag(cmd, &cfg.out, "-", "write the journey to `OUT` (.yaml or .json; \"-\" for standard output, YAML)")
	f.StringVar(&cfg.summary, "summary", "", "write the summary to `FILE` (.json for JSON, \"-\" for standard output) instead of standard error")
	f.BoolVarP(&cfg.quiet, "quiet", "q", false, "print no summary")
	f.StringVar(&o.Read.Columns.Case, "case", "", "the case (customer) `column` (default case:concept:name, then case_id)")
	f.StringVar(&o.Read.Columns.Activity, "activity", "", "the activity `column` (default concept:name, then activity)")
	f.StringVar(&o.Read.Columns.Time, "time", "", "the time `column` (default time:timestamp, then timestamp)")
	f.StringVar(&o.Read.Columns.Segment, "segment", "", "the segment `column`; segments become personas (default segment, if present)")
	f.StringVar(&o.Read.Columns.Touchpoint, "touchpoint", "", "the touchpoint or channel `column` (default touchpoint, then channel, if present)")
	f.StringVar(&o.Read.Columns.Touchpoint, "channel", "", "the same as --touchpoint")
	f.StringVar(&o.Read.Columns.Value, "value", "", "the value `column` (default value, if present)")
	fmtFlag := addChoiceFlag(cmd, "format", "", "the log's `format`; default from its name, else its content", "csv", "jsonl", "xes", "parquet", "xlsx")
	f.StringVar(&delim, "delimiter", "", "the CSV delimiter `C` (default: sniffed among , ; tab |); \\t for tab")
	f.StringVar(&o.Read.Sheet, "sheet", "", "the Excel `sheet` to read (default the first)")
	f.Int64Var(&o.MaxRows, "max-rows", 0, "refuse logs of more than `N` rows (0: no limit)")
	f.Int64Var(&o.MaxCases, "max-cases", 0, "refuse logs of more than `N` cases (0: no limit)")
	f.IntVar(&o.MaxActivities, "max-activities", 0, "refuse logs of more than `N` distinct activities (default 10000)")
	f.IntVar(&o.MaxProblems, "max-problems", 0, "report at most `N` problems (default 100)")
	f.StringVar(&o.ID, "id", "", "the journey's `ID` (default mined, or the template's)")
	f.StringVar(&o.Name, "name", "", "the journey's `name`")
	cmd.RunE = func(_ *cobra.Command, args []string) error {
		switch delim {
		case "":
		case `\t`, "tab":
			o.Read.Comma = '\t'
		default:
			if len(delim) != 1 {
				return fmt.Errorf("--delimiter %q: want one character", delim)
			}
			o.Read.Comma = rune(delim[0])
		}
		if o.MinCount < 0 || o.TopSuccessors < 0 || o.MaxRows < 0 || o.MaxCases < 0 || o.MaxActivities < 0 || o.MaxProblems < 0 {
			return fmt.Errorf("counts and limits must be 0 or more")
		}
		if _, err := parseWindow(cfg.window); err != nil {
			return err
		}
		o.Goals, o.Exits = goals, exits
		cfg.format = strings.ToLower(fmtFlag.value)
		if wh.active() {
			return status(a.mineWarehouse(cfg, wh, args))
		}
		cfg.log, cfg.more = args[0], args[1:]
		return status(a.mine(cfg))
	}
	return cmd
}
