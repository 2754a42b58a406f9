package sqlmine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/eventlog"
)

// Figures shared with eventlog's in-process mining, so that both give the
// same aggregate.
const (
	exactDurations = eventlog.ExactDurations
	maxVariants    = eventlog.MaxVariants
	// zeroBucket marks durations below eventlog.MinSketchSeconds.
	zeroBucket = -1000000
	maxBucket  = eventlog.MaxSketchBucket
)

var (
	minSketch = strconv.FormatFloat(eventlog.MinSketchSeconds, 'g', -1, 64)
	// logGamma is ln of the sketch's bucket ratio, written with every digit.
	logGamma = strconv.FormatFloat(eventlog.SketchLogGamma(), 'g', -1, 64)
)

// Query writes the mining query for the dialect. Its result has the
// columns kind, seg, a, b, n, x (see Row), one row per
//
//	event     seg, a        n events of activity a; x the sum of their places
//	                        in their cases (0 first, 1 last)
//	start     seg, a        n cases starting with a
//	end       seg, a        n cases ending with a
//	pair      seg, a, b     n times b directly follows a
//	after     seg, a        n events of a after their case's first goal event
//	touch     seg, a, b     n events of a at touchpoint b
//	case      seg           n cases
//	converted seg           n cases reaching a goal
//	ptime     seg, a, b     n moves from a to b that took x seconds (kept
//	                        exactly while a pair has few moves)
//	pbucket   seg, a, b     n moves from a to b in sketch bucket x (beyond)
//	ctime     seg           n conversions that took x seconds, from the
//	                        case's first event to its first goal event
//	cbucket   seg           n conversions in sketch bucket x
//	variant   seg, a        n cases that followed variant a (the most
//	                        common ones)
//	value     seg           x the sum of the value column
//	cvalue    seg           x that sum over the converted cases
//	skipped                 n rows without a case, activity or time
//
// seg is the case's segment (” without a segment column, or where the value
// is NULL); unused columns are ” or 0.
//
// Order of events within a case: by time, then by the Order column when one
// is named, then by the activity's name (byte order: COLLATE "C" where the
// engine would use a locale), then by segment. SQL tables have no file
// order, so this is the rule for events at the same time; in-process mining
// follows file order instead, so the two agree where the file lists tied
// events in that order (or the same Order column).
//
// Every name is quoted for the dialect and every value written as one of its
// string literals: nothing from Options is spliced into the text unescaped.
func Query(d Dialect, o Options) (string, error) {
	if err := o.check(d); err != nil {
		return "", err
	}
	o = o.withDefaults()
	q, err := newQuerier(d, o)
	if err != nil {
		return "", err
	}
	if d == ClickHouse18 {
		return q.arrays(), nil
	}
	return q.windows(), nil
}

// querier holds the quoted names and literals of one query.
type querier struct {
	d                             Dialect
	o                             Options
	table                         string
	cs, act, tm, seg, tp, val, o2 string   // quoted columns; all but the first three may be ""
	goals                         []string // quoted literals
}

func newQuerier(d Dialect, o Options) (*querier, error) {
	q := &querier{d: d, o: o}
	var err error
	if q.table, err = o.Table.quoted(d); err != nil {
		return nil, err
	}
	cols := []struct {
		name string
		dst  *string
	}{{o.Case, &q.cs}, {o.Activity, &q.act}, {o.Time, &q.tm}, {o.Segment, &q.seg}, {o.Touchpoint, &q.tp}, {o.Value, &q.val}, {o.Order, &q.o2}}
	for _, c := range cols {
		if c.name == "" {
			continue
		}
		if *c.dst, err = d.Ident(c.name); err != nil {
			return nil, err
		}
	}
	for _, g := range o.Goals {
		s, err := d.Str(g)
		if err != nil {
			return nil, err
		}
		q.goals = append(q.goals, s)
	}
	return q, nil
}

// str casts a column to the dialect's string type.
func (q *querier) str(x string) string {
	switch q.d {
	case PostgreSQL:
		return "CAST(" + x + " AS TEXT)"
	case BigQuery, Spark:
		return "CAST(" + x + " AS STRING)"
	case ClickHouse, ClickHouse18:
		return "toString(" + x + ")"
	}
	return "CAST(" + x + " AS VARCHAR)"
}

// bigint is the dialect's 64-bit integer type.
func (q *querier) bigint() string {
	switch q.d {
	case BigQuery:
		return "INT64"
	case ClickHouse, ClickHouse18:
		return "Int64"
	}
	return "BIGINT"
}

// double is the dialect's 64-bit float type.
func (q *querier) double() string {
	switch q.d {
	case PostgreSQL:
		return "DOUBLE PRECISION"
	case BigQuery:
		return "FLOAT64"
	case ClickHouse, ClickHouse18:
		return "Float64"
	}
	return "DOUBLE"
}

// micros is the time column as microseconds since the epoch, an integer.
func (q *querier) micros() string {
	x := q.tm
	switch q.o.TimeFormat {
	case UnixSeconds:
		return "CAST(" + x + " AS " + q.bigint() + ") * 1000000"
	case UnixMillis:
		return "CAST(" + x + " AS " + q.bigint() + ") * 1000"
	}
	switch q.d {
	case PostgreSQL:
		return "CAST(EXTRACT(EPOCH FROM " + x + ") * 1000000 AS BIGINT)"
	case DuckDB:
		return "epoch_us(" + x + ")"
	case BigQuery:
		return "UNIX_MICROS(" + x + ")"
	case ClickHouse:
		return "toUnixTimestamp64Micro(toDateTime64(" + x + ", 6))"
	case ClickHouse18:
		return "toInt64(" + x + ") * 1000000"
	case Spark:
		return "unix_micros(CAST(" + x + " AS TIMESTAMP))"
	case Snowflake:
		return "DATE_PART(EPOCH_MICROSECOND, " + x + ")"
	}
	return x
}

// collate makes a string compare by bytes where the engine's default may
// follow a locale.
func (q *querier) collate(x string) string {
	if q.d == PostgreSQL {
		return x + ` COLLATE "C"`
	}
	return x
}

// seconds turns a difference of microseconds into seconds, a float.
func (q *querier) seconds(x string) string {
	return "CAST(" + x + " AS " + q.double() + ") / 1000000.0"
}

// zero is a float zero of the dialect's double type.
func (q *querier) zero() string {
	if q.d == ClickHouse || q.d == ClickHouse18 {
		return "toFloat64(0)"
	}
	return "CAST(0 AS " + q.double() + ")"
}

func (q *querier) goalList() string { return strings.Join(q.goals, ", ") }

func (q *querier) header(b *strings.Builder) {
	fmt.Fprintf(b, "-- journeymap mine, pushed down: dialect %s.\n", q.d)
	b.WriteString("-- Times: exact values for groups of up to " + q.itoa(exactDurations) + ", else their sketch buckets\n")
	b.WriteString("-- (relative accuracy " + strconv.FormatFloat(eventlog.DurationAccuracy, 'g', -1, 64) + "), as eventlog.Durations keeps them in process.\n")
	b.WriteString("-- Events in a case are ordered by time")
	if q.o2 != "" {
		b.WriteString(", then the order column")
	}
	b.WriteString(", then activity name (bytes), then segment, touchpoint, value.\n")
}

// windowSpec is a case's events in order, for window functions.
func (q *querier) windowSpec(frame bool, extra ...string) string {
	order := []string{"t"}
	if q.o2 != "" {
		order = append(order, "o")
	}
	order = append(order, q.collate("a"))
	order = append(order, extra...)
	s := "OVER (PARTITION BY c ORDER BY " + strings.Join(order, ", ")
	if frame {
		// ClickHouse's lagInFrame and leadInFrame look only within the frame.
		s += " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING"
	}
	return s + ")"
}

func (q *querier) lag(x string) string {
	if q.d == ClickHouse {
		return "lagInFrame(" + x + ") " + q.windowSpec(true, q.tieCols()...)
	}
	return "LAG(" + x + ") " + q.windowSpec(false, q.tieCols()...)
}

func (q *querier) lead(x string) string {
	if q.d == ClickHouse {
		return "leadInFrame(" + x + ") " + q.windowSpec(true)
	}
	return "LEAD(" + x + ") " + q.windowSpec(false)
}

func (q *querier) itoa(n int64) string { return strconv.FormatInt(n, 10) }
