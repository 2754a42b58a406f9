package sqlmine

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

func openClickHouse(t *testing.T) *ClickHouseHTTP {
	t.Helper()
	ch, err := NewClickHouseHTTP(clickhouseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// tsvField escapes a value for TabSeparated.
func tsvField(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`).Replace(s)
}

// loadClickHouse creates the table (in database db) and inserts the events
// through target (the table itself, or a Distributed table over it).
func loadClickHouse(t *testing.T, ch *ClickHouseHTTP, c cols, evs []event, dbs []string, distributed bool) {
	t.Helper()
	ctx := context.Background()
	id := func(s string) string {
		q, err := ClickHouse18.Ident(s)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	table := id(c.Table[len(c.Table)-1])
	exec := func(s string) {
		t.Helper()
		if err := ch.Exec(ctx, s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
	columns := fmt.Sprintf("(%s String, %s String, %s DateTime('UTC'), %s Nullable(String), %s String, %s Float64)",
		id(c.Case), id(c.Act), id(c.Time), id(c.Seg), id(c.Tp), id(c.Val))
	for _, db := range dbs {
		exec("CREATE DATABASE IF NOT EXISTS " + db)
		exec("DROP TABLE IF EXISTS " + db + "." + table)
		exec("CREATE TABLE " + db + "." + table + " " + columns + " ENGINE = Log")
	}
	target := table
	if distributed {
		exec("DROP TABLE IF EXISTS default." + id(c.Table[len(c.Table)-1]+"_dist"))
		target = "default." + id(c.Table[len(c.Table)-1]+"_dist")
		exec("CREATE TABLE " + target + " " + columns + " ENGINE = Distributed(test_cluster_two_shards_localhost, '', " + table + ", rand())")
	} else {
		target = dbs[0] + "." + table
	}
	var b strings.Builder
	for i, e := range evs {
		seg := tsvField(e.Seg)
		if e.Seg == "" && i%2 == 0 {
			seg = `\N`
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\n", tsvField(e.Case), tsvField(e.Act),
			time.Unix(e.T, 0).UTC().Format("2006-01-02 15:04:05"), seg, tsvField(e.Tp), strconv.FormatFloat(e.V, 'g', -1, 64))
	}
	if err := ch.Exec(ctx, "INSERT INTO "+target+" FORMAT TabSeparated\n"+b.String()); err != nil {
		t.Fatal(err)
	}
}

// TestClickHouseEqualsInProcess: Debian's ClickHouse 18.16, without window
// functions, mines the generated logs exactly as the in-process oracle
// does: from a plain table, and from a Distributed table over two shards
// (rows spread at random, so a case's events sit on both).
func TestClickHouseEqualsInProcess(t *testing.T) {
	ch := openClickHouse(t)
	for _, c := range []cols{plainCols, hostileCols, shortCols} {
		checkEngine(t, ch, ClickHouse18, c, func(t *testing.T, evs []event) {
			loadClickHouse(t, ch, c, evs, []string{"default"}, false)
		})
	}
	dist := plainCols
	dist.Table = Name{"events_dist"}
	sync := *ch
	sync.URL += "?insert_distributed_sync=1"
	checkEngine(t, ch, ClickHouse18, dist, func(t *testing.T, evs []event) {
		loadClickHouse(t, &sync, plainCols, evs, []string{"s1", "s2"}, true)
	})
}
