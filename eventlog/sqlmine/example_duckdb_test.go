//go:build cgo

package sqlmine_test

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/journeymap/journeymap/eventlog"
	"github.com/journeymap/journeymap/eventlog/sqlmine"
)

// Mining a table where it lives: here an embedded DuckDB; a PostgreSQL
// pool (github.com/jackc/pgx/v5/stdlib) or any database/sql driver of the
// dialect works the same, and sqlmine.NewClickHouseHTTP for ClickHouse.
func ExampleMine() {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	_, err = db.Exec(`CREATE TABLE events AS SELECT * FROM (VALUES
		('c1', 'visit', TIMESTAMP '2024-05-01 10:00:00'),
		('c1', 'cart',  TIMESTAMP '2024-05-01 10:05:00'),
		('c1', 'buy',   TIMESTAMP '2024-05-01 10:07:00'),
		('c2', 'visit', TIMESTAMP '2024-05-02 09:00:00'),
		('c2', 'cart',  TIMESTAMP '2024-05-02 09:01:00')) AS t(case_id, activity, "timestamp")`)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Column names left empty are found in the table: case_id, activity,
	// timestamp here.
	j, sum, _, err := sqlmine.Mine(context.Background(), sqlmine.DB(db), sqlmine.DuckDB,
		sqlmine.Options{Table: sqlmine.Name{"events"}, Goals: []string{"buy"}},
		sqlmine.Limits{}, eventlog.BuildOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range j.Transitions {
		fmt.Printf("%s -> %s: %d, median %.0fs\n", t.From, t.To, t.Count, t.Time.Median)
	}
	fmt.Printf("converted %d of %d\n", sum.Converted, sum.Cases)
	// Output:
	// visit -> cart: 2, median 180s
	// cart -> buy: 1, median 120s
	// converted 1 of 2
}

// The aggregate itself, from tables split by case (here two), mined at once
// and merged: the figures of all the events together.
func ExampleRunShards() {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range []string{
		`CREATE TABLE eu AS SELECT * FROM (VALUES ('c1', 'visit', TIMESTAMP '2024-05-01 10:00:00'), ('c1', 'buy', TIMESTAMP '2024-05-01 10:30:00')) AS t(case_id, activity, "timestamp")`,
		`CREATE TABLE us AS SELECT * FROM (VALUES ('c2', 'visit', TIMESTAMP '2024-05-01 09:00:00'), ('c2', 'cart', TIMESTAMP '2024-05-01 09:05:00')) AS t(case_id, activity, "timestamp")`,
	} {
		if _, err := db.Exec(s); err != nil {
			fmt.Println(err)
			return
		}
	}
	agg, _, err := sqlmine.RunShards(context.Background(), sqlmine.DB(db), sqlmine.DuckDB,
		sqlmine.Options{Goals: []string{"buy"}}, sqlmine.Limits{}, []sqlmine.Name{{"eu"}, {"us"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	t := agg.Total()
	fmt.Println(t.Cases, t.Converted, t.Starts["visit"], t.Pairs[eventlog.Pair{From: "visit", To: "buy"}])
	// Output:
	// 2 1 2 1
}
