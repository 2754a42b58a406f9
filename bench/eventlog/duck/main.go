//go:build cgo

// Command duck computes the directly-follows counts of a CSV event log (as
// bench/eventlog/gen writes it) with DuckDB, the way the mining benchmark
// compares against: read_csv, LEAD() over each case ordered by time, GROUP
// BY. It prints the number of pairs, of moves and the seconds taken.
//
//	go run ./bench/eventlog/duck -threads 1 events.csv
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	threads := flag.Int("threads", 0, "DuckDB threads (0: its default, all cores)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: duck [-threads N] LOG.csv")
		os.Exit(2)
	}
	start := time.Now()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if *threads > 0 {
		if _, err := db.Exec(fmt.Sprintf("SET threads = %d", *threads)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	path := strings.ReplaceAll(flag.Arg(0), "'", "''")
	q := fmt.Sprintf(`SELECT count(*), sum(n) FROM (
		SELECT a, b, count(*) AS n FROM (
			SELECT activity AS a, LEAD(activity) OVER (PARTITION BY case_id ORDER BY timestamp) AS b
			FROM read_csv('%s', header = true, columns = {'case_id': 'VARCHAR', 'activity': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'segment': 'VARCHAR'}))
		WHERE b IS NOT NULL GROUP BY a, b)`, path)
	var pairs, moves int64
	if err := db.QueryRow(q).Scan(&pairs, &moves); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("duckdb threads=%d: %d pairs, %d moves, %.3f s\n", *threads, pairs, moves, time.Since(start).Seconds())
}
