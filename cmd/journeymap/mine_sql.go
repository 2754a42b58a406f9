package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL for mine --db, pure Go

	"github.com/journeymap/journeymap/eventlog"
	"github.com/journeymap/journeymap/eventlog/sqlmine"
	"github.com/journeymap/journeymap/journey"
)

// warehouseFlags are the flags of mine that push the mining down to an SQL
// engine: --sql DIALECT prints the query, --db URL runs it.
type warehouseFlags struct {
	dialect, db, table, order, timeFormat string
	maxRows                               int
}

func addWarehouseFlags(fs *pflag.FlagSet) *warehouseFlags {
	w := &warehouseFlags{}
	fs.StringVar(&w.dialect, "sql", "", "print the mining query for `DIALECT` ("+strings.Join(dialectNames(), ", ")+") instead of reading a LOG; with --db, the dialect to run")
	fs.StringVar(&w.db, "db", "", "run the mining query on the database at `URL` (postgres://..., clickhouse://... or http://host:8123"+duckdbUsage+") and mine the result")
	fs.StringVar(&w.table, "table", "", "the `table` (or view) holding the events, for --sql and --db (schema.table: dotted)")
	fs.StringVar(&w.order, "order", "", "a `column` (row number, sequence) that orders events at the same time, for --sql and --db")
	fs.StringVar(&w.timeFormat, "time-format", "", "`FORMAT` of the time column, for --sql and --db: timestamp (default), unix (seconds) or unix-ms")
	fs.IntVar(&w.maxRows, "max-result-rows", 0, "refuse results of more than `N` rows from --db (default 1000000)")
	return w
}

func (w *warehouseFlags) active() bool { return w.dialect != "" || w.db != "" }

func dialectNames() []string {
	var out []string
	for _, d := range sqlmine.Dialects() {
		out = append(out, d.String())
	}
	return out
}

// engineOpeners open --db URLs by scheme; mine_sql_duckdb.go adds duckdb://
// when built with -tags duckdb.
var engineOpeners = map[string]func(raw string) (sqlmine.Engine, sqlmine.Dialect, func(), error){
	"postgres":   openPostgres,
	"postgresql": openPostgres,
	"clickhouse": openClickHouse,
	"http":       openClickHouse,
	"https":      openClickHouse,
}

// duckdbUsage is added to --db's help when DuckDB is linked.
var duckdbUsage = ""

func openPostgres(raw string) (sqlmine.Engine, sqlmine.Dialect, func(), error) {
	db, err := sql.Open("pgx", raw)
	if err != nil {
		return nil, 0, nil, err
	}
	return sqlmine.DB(db), sqlmine.PostgreSQL, func() { db.Close() }, nil
}

func openClickHouse(raw string) (sqlmine.Engine, sqlmine.Dialect, func(), error) {
	ch, err := sqlmine.NewClickHouseHTTP(raw)
	if err != nil {
		return nil, 0, nil, err
	}
	// The array query runs on every version; --sql clickhouse picks the
	// window functions of 21.9 and later.
	return ch, sqlmine.ClickHouse18, func() {}, nil
}

// mineWarehouse is mine with --sql or --db: the log is a table.
func (a *app) mineWarehouse(cfg mineConfig, w *warehouseFlags, files []string) int {
	stdout, stderr := a.stdout, a.stderr
	fail := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "journeymap mine: "+format+"\n", args...)
		return exitInvalid
	}
	if len(files) > 0 {
		return fail("with --sql or --db the log is --table: no LOG (have %q)", files)
	}
	if w.table == "" {
		return fail("--sql and --db need --table")
	}
	o, err := warehouseOptions(cfg, w)
	if err != nil {
		return fail("%v", err)
	}
	var d sqlmine.Dialect
	if w.dialect != "" {
		if d, err = sqlmine.ParseDialect(w.dialect); err != nil {
			return fail("%v", err)
		}
	}
	if w.db == "" {
		q, err := sqlmine.Query(d, o)
		if err != nil {
			return fail("%v", err)
		}
		if _, err := io.WriteString(stdout, q); err != nil {
			return fail("%v", err)
		}
		return exitOK
	}
	return a.runOnDatabase(cfg, w, o, d)
}

// warehouseOptions carries mine's flags over to the query's options.
func warehouseOptions(cfg mineConfig, w *warehouseFlags) (sqlmine.Options, error) {
	c := cfg.opts.Read.Columns
	o := sqlmine.Options{Table: sqlmine.ParseName(w.table), Case: c.Case, Activity: c.Activity, Time: c.Time,
		Segment: c.Segment, Touchpoint: c.Touchpoint, Value: c.Value, Order: w.order,
		Goals: eventlog.CountedGoals(cfg.opts.Goals, cfg.opts.Template), Collapse: cfg.opts.Collapse}
	win, err := parseWindow(cfg.window)
	if err != nil {
		return o, err
	}
	o.Window = win
	switch strings.ToLower(w.timeFormat) {
	case "", "timestamp":
	case "unix", "unix-s", "seconds":
		o.TimeFormat = sqlmine.UnixSeconds
	case "unix-ms", "millis", "milliseconds":
		o.TimeFormat = sqlmine.UnixMillis
	default:
		return o, fmt.Errorf("--time-format %q: want timestamp, unix or unix-ms", w.timeFormat)
	}
	return o, nil
}

// runOnDatabase runs the query on --db and writes the journey as mine does.
func (a *app) runOnDatabase(cfg mineConfig, w *warehouseFlags, o sqlmine.Options, d sqlmine.Dialect) int {
	stderr := a.stderr
	u, err := url.Parse(w.db)
	scheme := ""
	if err == nil {
		scheme = strings.ToLower(u.Scheme)
	}
	open, ok := engineOpeners[scheme]
	if !ok {
		var known []string
		for s := range engineOpeners {
			known = append(known, s+"://")
		}
		sort.Strings(known)
		hint := ""
		if scheme == "duckdb" {
			hint = " (DuckDB needs cgo: build journeymap with -tags duckdb)"
		}
		fmt.Fprintf(stderr, "journeymap mine: --db %s: want one of %s%s\n", redact(w.db), strings.Join(known, ", "), hint)
		return exitInvalid
	}
	if cfg.template != "" {
		tmpl, ok := a.loadJourney(cfg.template)
		if !ok {
			return exitInvalid
		}
		cfg.opts.Template = tmpl
		if len(o.Goals) == 0 {
			o.Goals = tmpl.Goals
		}
	}
	engine, dialect, closeEngine, err := open(w.db)
	if err != nil {
		fmt.Fprintf(stderr, "journeymap mine: --db %s: %s\n", redact(w.db), scrub(err.Error(), w.db))
		return exitInvalid
	}
	defer closeEngine()
	if w.dialect != "" {
		dialect = d
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts := cfg.opts
	j, sum, _, err := sqlmine.Mine(ctx, engine, dialect, o, sqlmine.Limits{Rows: w.maxRows, Activities: opts.MaxActivities},
		eventlog.BuildOptions{ID: opts.ID, Name: opts.Name, Goals: opts.Goals, Exits: opts.Exits, MinCount: opts.MinCount,
			TopSuccessors: opts.TopSuccessors, Template: opts.Template, TopVariants: opts.TopVariants})
	if err != nil {
		msg := scrub(err.Error(), w.db)
		var se *sqlmine.Error
		if errors.As(err, &se) && se.Code == sqlmine.CodeEngine {
			msg += fmt.Sprintf("\n(journeymap mine --sql %s --table %s ... prints the query)", dialect, w.table)
		}
		fmt.Fprintf(stderr, "journeymap mine: %s: %s\n", redact(w.db), msg)
		return exitInvalid
	}
	return a.writeMined(cfg, j, sum)
}

// writeMined validates and writes the journey and the summary, as mine
// does for a LOG.
func (a *app) writeMined(cfg mineConfig, j *journey.Journey, sum *eventlog.Summary) int {
	stderr := a.stderr
	if err := j.Validate(); err != nil {
		printProblems(stderr, label(cfg.out), err)
		return exitInvalid
	}
	format := journey.YAML
	if strings.HasSuffix(strings.ToLower(cfg.out), ".json") {
		format = journey.JSON
	}
	var buf bytes.Buffer
	if err := journey.Write(&buf, j, format); err != nil {
		fmt.Fprintf(stderr, "journeymap mine: %v\n", err)
		return exitInvalid
	}
	err := a.writeOut(cfg.out, buf.Bytes())
	if err == nil {
		err = a.writeSummary(cfg, sum)
	}
	if err != nil {
		fmt.Fprintf(stderr, "journeymap mine: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

// redact is a URL with its password replaced by xxxxx.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an unreadable URL)"
	}
	return u.Redacted()
}

// scrub removes the URL's password from a message, wherever a driver may
// have put it.
func scrub(msg, raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			msg = strings.ReplaceAll(msg, p, "xxxxx")
		}
	}
	return msg
}
