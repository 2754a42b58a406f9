package sqlmine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/eventlog"
	"github.com/journeymap/journeymap/journey"
)

// Row is one row of the mining query's result (see Query).
type Row struct {
	// Kind says what the row counts ("event", "pair", "case", "variant",
	// ...); Seg is the cases' segment ("" without one); A is the activity
	// (the earlier one of a pair, the key of a variant) and B the activity
	// that follows it in a pair or the touchpoint of a "touch"; unused
	// ones are "".
	Kind, Seg, A, B string
	// N is the row's count: events, cases, moves, durations or skipped rows.
	N int64
	// X is the figure that goes with N: the events' summed places in their
	// cases, a duration in seconds or its sketch bucket, or a summed value;
	// 0 where the kind has none.
	X float64
}

// Engine runs queries: a *sql.DB through DB, or ClickHouse's HTTP
// interface through ClickHouseHTTP.
type Engine interface {
	// Query runs query and calls row for each row of its result, stopping
	// at the first error row returns.
	Query(ctx context.Context, query string, row func(Row) error) error
	// Columns returns the column names of a table, for picking defaults.
	Columns(ctx context.Context, d Dialect, table Name) ([]string, error)
}

// DB is an Engine over a database/sql pool. The caller brings the driver:
// github.com/jackc/pgx/v5/stdlib for PostgreSQL, github.com/duckdb/duckdb-go/v2
// for DuckDB, or any other that speaks the dialect.
func DB(db *sql.DB) Engine { return sqlEngine{db} }

type sqlEngine struct{ db *sql.DB }

func (e sqlEngine) Query(ctx context.Context, query string, row func(Row) error) error {
	rows, err := e.db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r Row
		var n sql.NullInt64
		var x sql.NullFloat64
		var seg, a, b sql.NullString
		if err := rows.Scan(&r.Kind, &seg, &a, &b, &n, &x); err != nil {
			return err
		}
		r.Seg, r.A, r.B, r.N, r.X = seg.String, a.String, b.String, n.Int64, x.Float64
		if err := row(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (e sqlEngine) Columns(ctx context.Context, d Dialect, table Name) ([]string, error) {
	t, err := table.quoted(d)
	if err != nil {
		return nil, err
	}
	rows, err := e.db.QueryContext(ctx, "SELECT * FROM "+t+" WHERE 1 = 0")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}

// Limits bound what Run accepts from an engine.
type Limits struct {
	// Rows bounds the result's rows (default 1,000,000). A log whose
	// "activity" is an ID gives millions of distinct pairs: the result is
	// refused with a hint rather than pulled over the wire.
	Rows int
	// Activities bounds the distinct activities (default 10,000).
	Activities int
}

func (l Limits) withDefaults() Limits {
	if l.Rows <= 0 {
		l.Rows = 1_000_000
	}
	if l.Activities <= 0 {
		l.Activities = 10_000
	}
	return l
}

// Result says what Run read besides the aggregate.
type Result struct {
	// Query is the query that ran.
	Query string
	// Columns are the columns used, after defaults.
	Columns Options
	// Skipped is the number of rows without a case, activity or time.
	Skipped int64
	// Rows is the number of rows the engine returned.
	Rows int
	// ChosenGoal is the goal taken when none was given: the activity most
	// cases end at (see eventlog.Summary.ChosenGoal).
	ChosenGoal string
}

// Run writes the query for the dialect, runs it on the engine and returns
// the aggregate, the same one eventlog builds in process from the same
// events (see Query for the order of tied events). Column names left empty
// are looked up in the table: pm4py's, else case_id, activity and
// timestamp. The query is cancelled with ctx.
func Run(ctx context.Context, e Engine, d Dialect, o Options, lim Limits) (*eventlog.Aggregate, *Result, error) {
	if err := o.check(d); err != nil {
		return nil, nil, err
	}
	o, err := pickColumns(ctx, e, d, o)
	if err != nil {
		return nil, nil, err
	}
	return run(ctx, e, d, o, lim, true)
}

// run is Run, choosing a goal when none is named only if choose is true.
func run(ctx context.Context, e Engine, d Dialect, o Options, lim Limits, choose bool) (*eventlog.Aggregate, *Result, error) {
	agg, res, err := runOnce(ctx, e, d, o, lim)
	if err != nil || len(o.Goals) > 0 || !choose {
		return agg, res, err
	}
	// No goal named: as in process, the activity most cases end at is the
	// goal, and the conversion figures are counted against it (a second
	// pass: name the goals to save it).
	g := mostFrequentEnd(agg.Total())
	if g == "" {
		return agg, res, nil
	}
	o.Goals = []string{g}
	agg, res, err = runOnce(ctx, e, d, o, lim)
	if res != nil {
		res.ChosenGoal = g
	}
	return agg, res, err
}

// mostFrequentEnd is the activity most cases end at, ties by name (as
// eventlog chooses it).
func mostFrequentEnd(s *eventlog.SegmentStats) string {
	best, n := "", int64(0)
	for a, k := range s.Ends {
		if k > n || (k == n && a < best) {
			best, n = a, k
		}
	}
	return best
}

func runOnce(ctx context.Context, e Engine, d Dialect, o Options, lim Limits) (*eventlog.Aggregate, *Result, error) {
	query, err := Query(d, o)
	if err != nil {
		return nil, nil, err
	}
	lim = lim.withDefaults()
	res := &Result{Query: query, Columns: o.withDefaults()}
	acc := newAccumulator(o.Goals, lim)
	err = e.Query(ctx, query, func(r Row) error {
		res.Rows++
		if res.Rows > lim.Rows {
			return &Error{Code: CodeTooLarge, Message: fmt.Sprintf(
				"the engine returned more than %d rows: is %q really the activity (an ID column gives millions of pairs)? Raise Limits.Rows if it is",
				lim.Rows, res.Columns.Activity)}
		}
		if r.Kind == "skipped" {
			res.Skipped += r.N
			return nil
		}
		return acc.add(r)
	})
	if err != nil {
		return nil, res, wrapEngine(ctx, err, d, o, query)
	}
	return acc.finish(), res, nil
}

// Mine is Run, then the aggregate made a journey (see
// eventlog.Aggregate.Journey): the journey `journeymap mine` makes of the
// same events.
func Mine(ctx context.Context, e Engine, d Dialect, o Options, lim Limits, b eventlog.BuildOptions) (*journey.Journey, *eventlog.Summary, *Result, error) {
	a, res, err := Run(ctx, e, d, o, lim)
	if err != nil {
		return nil, nil, res, err
	}
	j, sum, err := a.Journey(b)
	if err != nil {
		return nil, nil, res, &Error{Code: CodeResult, Message: fmt.Sprintf("table %s has no events", o.Table), Err: err}
	}
	if res.ChosenGoal != "" {
		sum.ChosenGoal = res.ChosenGoal
	}
	return j, sum, res, nil
}

func wrapEngine(ctx context.Context, err error, d Dialect, o Options, query string) error {
	var mine *Error
	if errors.As(err, &mine) {
		return err
	}
	if ctx.Err() != nil {
		return &Error{Code: CodeCancelled, Message: "the mining query was cancelled", Query: query, Err: ctx.Err()}
	}
	o = o.withDefaults()
	return &Error{Code: CodeEngine, Query: query, Err: err, Message: fmt.Sprintf(
		"%s could not run the mining query over table %s (case %q, activity %q, time %q)",
		d, o.Table, o.Case, o.Activity, o.Time)}
}

// pickColumns fills empty column names from the table's columns.
func pickColumns(ctx context.Context, e Engine, d Dialect, o Options) (Options, error) {
	if o.Case != "" && o.Activity != "" && o.Time != "" && o.Segment != "" && o.Touchpoint != "" && o.Value != "" {
		return o, nil
	}
	cols, err := e.Columns(ctx, d, o.Table)
	if err != nil {
		return o, wrapEngine(ctx, err, d, o, "SELECT * FROM "+o.Table.String()+" WHERE 1 = 0")
	}
	pick := func(given string, names ...string) string {
		if given != "" {
			return given
		}
		for _, n := range names {
			if slices.Contains(cols, n) {
				return n
			}
		}
		return names[0]
	}
	o.Case = pick(o.Case, DefaultCase, "case_id")
	o.Activity = pick(o.Activity, DefaultActivity, "activity")
	o.Time = pick(o.Time, DefaultTime, "timestamp")
	// As in process: columns called segment, touchpoint or channel, and
	// value are used when present.
	optional := func(given string, names ...string) string {
		if given != "" {
			return given
		}
		for _, n := range names {
			if slices.Contains(cols, n) {
				return n
			}
		}
		return ""
	}
	o.Segment = optional(o.Segment, "segment")
	o.Touchpoint = optional(o.Touchpoint, "touchpoint", "channel")
	o.Value = optional(o.Value, "value")
	return o, nil
}

// accumulator builds the aggregate from the rows.
type accumulator struct {
	a      *eventlog.Aggregate
	lim    Limits
	acts   map[string]bool
	seenVr map[string]int64 // cases in kept variants, per segment
}

func newAccumulator(goals []string, lim Limits) *accumulator {
	return &accumulator{a: eventlog.NewAggregate(goals...), lim: lim, acts: map[string]bool{}, seenVr: map[string]int64{}}
}

func (acc *accumulator) add(r Row) error {
	s := acc.a.Segment(r.Seg)
	p := eventlog.Pair{From: r.A, To: r.B}
	switch r.Kind {
	case "event":
		if !acc.acts[r.A] {
			acc.acts[r.A] = true
			if len(acc.acts) > acc.lim.Activities {
				return &Error{Code: CodeTooLarge, Message: fmt.Sprintf(
					"more than %d distinct activities: is the activity column an ID? Raise Limits.Activities if not", acc.lim.Activities)}
			}
		}
		s.Events[r.A] += r.N
		s.Positions[r.A] += r.X
	case "start":
		s.Starts[r.A] += r.N
	case "end":
		s.Ends[r.A] += r.N
	case "pair":
		s.Pairs[p] += r.N
	case "after":
		s.AfterGoal[r.A] += r.N
	case "touch":
		s.Touchpoints[eventlog.ActivityTouchpoint{Activity: r.A, Touchpoint: r.B}] += r.N
	case "case":
		s.Cases += r.N
	case "converted":
		s.Converted += r.N
	case "ptime", "pbucket":
		d := s.PairTimes[p]
		if d == nil {
			d = &eventlog.Durations{}
			s.PairTimes[p] = d
		}
		return addTime(d, r)
	case "ctime", "cbucket":
		return addTime(&s.ConvertTime, r)
	case "variant":
		acts, ok := splitVariant(r.A)
		if !ok {
			return &Error{Code: CodeResult, Message: fmt.Sprintf("malformed variant %q from the engine", r.A)}
		}
		s.AddVariant(eventlog.VariantKey(acts...), r.N)
		acc.seenVr[r.Seg] += r.N
	case "value":
		s.Value += r.X
	case "cvalue":
		s.ConvertedValue += r.X
	default:
		return &Error{Code: CodeResult, Message: fmt.Sprintf("unknown row kind %q from the engine", r.Kind)}
	}
	return nil
}

func addTime(d *eventlog.Durations, r Row) error {
	if strings.HasSuffix(r.Kind, "time") {
		if r.N > int64(exactDurations) {
			return &Error{Code: CodeResult, Message: fmt.Sprintf("%d exact times in one row from the engine", r.N)}
		}
		d.AddN(r.X, r.N)
		return nil
	}
	if r.X == zeroBucket {
		d.AddBucket(0, true, r.N)
		return nil
	}
	d.AddBucket(int32(max(-maxBucket, min(maxBucket, r.X))), false, r.N)
	return nil
}

// finish counts the cases of the variants the engine left out.
func (acc *accumulator) finish() *eventlog.Aggregate {
	for name, s := range acc.a.Segments {
		s.OtherVariants += max(0, s.Cases-acc.seenVr[name])
	}
	return acc.a
}

// splitVariant reads the engine's "len:bytes" encoding of a variant.
func splitVariant(s string) ([]string, bool) {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, ':')
		if i <= 0 {
			return nil, false
		}
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 || n > len(s)-i-1 {
			return nil, false
		}
		out = append(out, s[i+1:i+1+n])
		s = s[i+1+n:]
	}
	return out, true
}
