package sqlmine

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/journeymap/journeymap/eventlog"
	"github.com/journeymap/journeymap/journey"
)

// cols names a test table's columns.
type cols struct {
	Table                         Name
	Case, Act, Time, Seg, Tp, Val string
}

var plainCols = cols{Table: Name{"events"}, Case: "case:concept:name", Act: "concept:name", Time: "time:timestamp",
	Seg: "seg", Tp: "tp", Val: "val"} // not the names Run picks up by itself

// hostileCols would break a query that spliced names unescaped.
var hostileCols = cols{Table: Name{"ev\"`'; DROP TABLE x; --"},
	Case: "c\"ase`", Act: "act'\\ivity", Time: "ti;me--", Seg: "se g\"", Tp: "tp`` ", Val: "v\\'al"}

// shortCols swap the short names the queries give their own columns, so
// that an engine which lets an alias shadow a column (ClickHouse) would
// read the wrong one.
var shortCols = cols{Table: Name{"t"}, Case: "a", Act: "c", Time: "s", Seg: "t", Tp: "v", Val: "p"}

// optionSets are the mining options every engine is checked with.
func optionSets(c cols) map[string]Options {
	base := Options{Table: c.Table, Case: c.Case, Activity: c.Act, Time: c.Time}
	full := base
	full.Segment, full.Touchpoint, full.Value = c.Seg, c.Tp, c.Val
	full.Goals = []string{"buy", "it's \"odd\""}
	collapse := full
	collapse.Collapse = true
	window := collapse
	window.Window = 2 * time.Hour
	return map[string]Options{"plain": base, "full": full, "collapse": collapse, "window": window}
}

// checkEngine loads generated logs into the engine and compares what it
// mines with the oracle, for every option set.
func checkEngine(t *testing.T, e Engine, d Dialect, c cols, load func(t *testing.T, evs []event)) {
	t.Helper()
	ctx := context.Background()
	sizes := []int{1, 40, 6000}
	if c.Table[0] != plainCols.Table[0] {
		sizes = []int{40}
	}
	for _, size := range sizes {
		evs := genLog(rand.New(rand.NewPCG(uint64(size), 15)), size)
		load(t, evs)
		for name, o := range optionSets(c) {
			t.Run(fmt.Sprintf("%s/%d/%s", d, size, name), func(t *testing.T) {
				got, res, err := Run(ctx, e, d, o, Limits{})
				if err != nil {
					t.Fatalf("%v\n%s", err, queryOf(res))
				}
				if res.Skipped != 0 {
					t.Errorf("skipped %d rows", res.Skipped)
				}
				want := inProcess(t, evs, o)
				if diff := diffAggregates(want, got); len(diff) > 0 {
					t.Errorf("engine and in-process mining differ:\n%s", strings.Join(diff, "\n"))
				}
				if w, g := journeyYAML(t, want), journeyYAML(t, got); w != g {
					t.Errorf("the journeys differ:\n--- in process\n%s\n--- %s\n%s", w, d, g)
				}
			})
		}
	}
}

func queryOf(r *Result) string {
	if r == nil {
		return ""
	}
	return r.Query
}

// insertRows loads events through database/sql, placeholders made by ph.
func insertRows(t *testing.T, db *sql.DB, d Dialect, c cols, evs []event, ph func(i int) string, tsType string) {
	t.Helper()
	table, err := c.Table.quoted(d)
	if err != nil {
		t.Fatal(err)
	}
	id := func(s string) string {
		q, err := d.Ident(s)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	if _, err := db.Exec("DROP TABLE IF EXISTS " + table); err != nil {
		t.Fatal(err)
	}
	create := fmt.Sprintf("CREATE TABLE %s (%s TEXT, %s TEXT, %s %s, %s TEXT, %s TEXT, %s DOUBLE PRECISION)",
		table, id(c.Case), id(c.Act), id(c.Time), tsType, id(c.Seg), id(c.Tp), id(c.Val))
	if _, err := db.Exec(create); err != nil {
		t.Fatal(err)
	}
	const batch = 500
	for lo := 0; lo < len(evs); lo += batch {
		hi := min(lo+batch, len(evs))
		var vals []string
		var args []any
		for i, e := range evs[lo:hi] {
			var ps []string
			for k := range 6 {
				ps = append(ps, ph(6*i+k+1))
			}
			vals = append(vals, "("+strings.Join(ps, ", ")+")")
			var seg any = e.Seg
			if e.Seg == "" && i%2 == 0 {
				seg = nil // NULL and '' are both "no segment"
			}
			args = append(args, e.Case, e.Act, time.Unix(e.T, 0).UTC(), seg, e.Tp, e.V)
		}
		if _, err := db.Exec("INSERT INTO "+table+" VALUES "+strings.Join(vals, ", "), args...); err != nil {
			t.Fatal(err)
		}
	}
}

func dollar(i int) string { return "$" + strconv.Itoa(i) }

// journeyYAML is the journey an aggregate makes, as YAML, or the error's
// text (a log without its goals has no journey, mined either way).
func journeyYAML(t *testing.T, a *eventlog.Aggregate) string {
	t.Helper()
	j, _, err := a.Journey(eventlog.BuildOptions{Exits: []string{"review"}})
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	if err := journey.Write(&b, j, journey.YAML); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
