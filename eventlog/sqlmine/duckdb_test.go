//go:build cgo

package sqlmine

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2" // the DuckDB driver, which ships its library
)

func openDuckDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Skipf("DuckDB cannot be opened: %v", err)
	}
	db.SetMaxOpenConns(1) // one in-memory database
	t.Cleanup(func() { db.Close() })
	return db
}

// TestDuckDBEqualsInProcess: DuckDB, embedded, mines the generated logs
// exactly as the in-process oracle does.
func TestDuckDBEqualsInProcess(t *testing.T) {
	db := openDuckDB(t)
	for _, c := range []cols{plainCols, hostileCols, shortCols} {
		checkEngine(t, DB(db), DuckDB, c, func(t *testing.T, evs []event) {
			insertRows(t, db, DuckDB, c, evs, dollar, "TIMESTAMP")
		})
	}
}

func TestDuckDBErrors(t *testing.T) {
	db := openDuckDB(t)
	insertRows(t, db, DuckDB, plainCols, genLog(rand.New(rand.NewPCG(3, 3)), 300), dollar, "TIMESTAMP")
	checkErrors(t, DB(db), DuckDB, plainCols)
}

// TestDuckDBShards: a log split by case into tables at random, mined shard
// by shard in a shuffled order and merged, gives the aggregate (and the
// journey) of the whole log, mined at once in process.
func TestDuckDBShards(t *testing.T) {
	db := openDuckDB(t)
	r := rand.New(rand.NewPCG(7, 7))
	evs := genLog(r, 3000)
	for trial := range 3 {
		k := 2 + r.IntN(4)
		shardOf := map[string]int{}
		parts := make([][]event, k)
		for _, e := range evs {
			s, ok := shardOf[e.Case]
			if !ok {
				s = r.IntN(k)
				shardOf[e.Case] = s
			}
			parts[s] = append(parts[s], e)
		}
		var tables []Name
		for i, p := range parts {
			c := plainCols
			c.Table = Name{fmt.Sprintf("shard_%d_%d", trial, i)}
			insertRows(t, db, DuckDB, c, p, dollar, "TIMESTAMP")
			tables = append(tables, c.Table)
		}
		r.Shuffle(len(tables), func(i, j int) { tables[i], tables[j] = tables[j], tables[i] })
		for name, o := range optionSets(plainCols) {
			got, _, err := RunShards(context.Background(), DB(db), DuckDB, o, Limits{}, tables)
			if err != nil {
				t.Fatal(err)
			}
			want := inProcess(t, evs, o)
			if diff := diffAggregates(want, got); len(diff) > 0 {
				t.Errorf("%d shards, %s: merged shards differ from the whole:\n%s", k, name, strings.Join(diff, "\n"))
			}
			if journeyYAML(t, want) != journeyYAML(t, got) {
				t.Errorf("%d shards, %s: the journeys differ", k, name)
			}
		}
	}
	_, _, err := RunShards(context.Background(), DB(db), DuckDB, optionSets(plainCols)["full"], Limits{}, []Name{{"shard_0_0"}, {"missing"}})
	if err == nil {
		t.Error("a missing shard went unnoticed")
	}
}
