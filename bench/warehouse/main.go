//go:build duckdb

// Command warehouse measures mining N events in process (from Parquet and
// from CSV) against pushing the mining down to DuckDB, PostgreSQL and
// ClickHouse, side by side in one run, and checks that every engine gives
// the in-process journey. It starts PostgreSQL and ClickHouse as the tests
// do (internal/testdb) and needs cgo for DuckDB:
//
//	go run -tags duckdb ./bench/warehouse -n 10000000
package main

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/journeymap/journeymap/eventlog"
	"github.com/journeymap/journeymap/eventlog/sqlmine"
	"github.com/journeymap/journeymap/internal/testdb"
	"github.com/journeymap/journeymap/journey"
)

func main() {
	n := flag.Int("n", 1_000_000, "events")
	dir := flag.String("dir", "", "working directory (default a temporary one)")
	engines := flag.String("engines", "duckdb,postgres,clickhouse", "the engines to push down to")
	flag.Parse()
	for _, e := range strings.Split(*engines, ",") {
		want[e] = true
	}
	if err := run(*n, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "warehouse:", err)
		os.Exit(1)
	}
	testdb.Stop()
}

var want = map[string]bool{}

func run(n int, dir string) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "journeymap-warehouse-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	_ = os.Chmod(dir, 0o755) // the PostgreSQL server reads the CSV
	csvPath := filepath.Join(dir, "events.csv")
	start := time.Now()
	if err := writeCSV(csvPath, n); err != nil {
		return err
	}
	fmt.Printf("generated %d events in %s (GOMAXPROCS %d)\n", n, time.Since(start).Round(time.Millisecond), runtime.GOMAXPROCS(0))
	duck, err := sql.Open("duckdb", filepath.Join(dir, "events.duckdb"))
	if err != nil {
		return err
	}
	defer duck.Close()
	parquetPath := filepath.Join(dir, "events.parquet")
	for _, s := range []string{
		"CREATE TABLE events AS SELECT * FROM read_csv('" + csvPath + "', header = true, columns = {'case_id': 'VARCHAR', 'activity': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'segment': 'VARCHAR'})",
		"COPY events TO '" + parquetPath + "' (FORMAT parquet)",
	} {
		if _, err := duck.Exec(s); err != nil {
			return fmt.Errorf("duckdb: %w", err)
		}
	}
	o := sqlmine.Options{Table: sqlmine.Name{"events"}, Case: "case_id", Activity: "activity", Time: "timestamp",
		Segment: "segment", Goals: []string{"buy"}}
	eo := eventlog.Options{Goals: []string{"buy"}, Read: eventlog.ReadOptions{Columns: eventlog.Columns{Segment: "segment"}}}
	type result struct {
		name string
		d    time.Duration
		yaml string
		note string
	}
	var results []result
	timeIt := func(name, note string, f func() (*journey.Journey, error)) {
		runtime.GC()
		s := time.Now()
		j, err := f()
		d := time.Since(s)
		r := result{name: name, d: d, note: note}
		if err != nil {
			r.note = "failed: " + err.Error()
		} else {
			var b bytes.Buffer
			_ = journey.Write(&b, j, journey.YAML)
			r.yaml = b.String()
		}
		results = append(results, r)
		fmt.Printf("%-34s %10s  %s\n", name, d.Round(time.Millisecond), r.note)
	}
	timeIt("in process, Parquet", "", func() (*journey.Journey, error) {
		j, _, err := eventlog.MineFile(parquetPath, eo)
		return j, err
	})
	timeIt("in process, CSV", "", func() (*journey.Journey, error) {
		j, _, err := eventlog.MineFile(csvPath, eo)
		return j, err
	})
	mine := func(e sqlmine.Engine, d sqlmine.Dialect) func() (*journey.Journey, error) {
		return func() (*journey.Journey, error) {
			j, _, _, err := sqlmine.Mine(context.Background(), e, d, o, sqlmine.Limits{}, eventlog.BuildOptions{})
			return j, err
		}
	}
	if want["duckdb"] {
		timeIt("DuckDB push-down", "embedded, all cores", mine(sqlmine.DB(duck), sqlmine.DuckDB))
	}
	if url, why := pgURL(); url == "" {
		fmt.Println("PostgreSQL: skipped:", why)
	} else if err := loadPostgres(url, csvPath); err != nil {
		fmt.Println("PostgreSQL: load failed:", err)
	} else {
		pg, _ := sql.Open("pgx", url)
		defer pg.Close()
		timeIt("PostgreSQL push-down", "local server, default settings", mine(sqlmine.DB(pg), sqlmine.PostgreSQL))
	}
	if url, why := chURL(); url == "" {
		fmt.Println("ClickHouse: skipped:", why)
	} else if ch, err := loadClickHouse(url, csvPath); err != nil {
		fmt.Println("ClickHouse: load failed:", err)
	} else {
		timeIt("ClickHouse 18.16 push-down", "local server, arrays query", mine(ch, sqlmine.ClickHouse18))
	}
	base := results[0]
	fmt.Println()
	fmt.Println("| how | time | vs in process (Parquet) | same journey |")
	fmt.Println("|---|---:|---:|---|")
	for _, r := range results {
		same := "yes"
		if r.yaml != base.yaml {
			same = "NO"
		}
		if r.yaml == "" {
			same = r.note
		}
		fmt.Printf("| %s | %.2f s | %.2fx | %s |\n", r.name, r.d.Seconds(), r.d.Seconds()/base.d.Seconds(), same)
	}
	return nil
}

// writeCSV writes n events: about 8 per case, 5 segments, ties in time,
// repeats, one-event cases; sorted by time, tied events by activity.
func writeCSV(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := rand.New(rand.NewPCG(1, 2))
	acts := []string{"visit", "search", "view", "cart", "checkout", "buy", "review", "support", "newsletter", "unsubscribe"}
	segs := []string{"family", "corp", "young", "senior", ""}
	w := &strings.Builder{}
	w.WriteString("case_id,activity,timestamp,segment\n")
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	written, c := 0, 0
	for written < n {
		seg := segs[r.IntN(len(segs))]
		t := base.Add(time.Duration(r.IntN(86400*90)) * time.Second)
		k := 1 + r.IntN(15)
		var evs []string
		act := acts[r.IntN(4)]
		for i := 0; i < k && written < n; i++ {
			if r.IntN(5) > 0 {
				act = acts[min(len(acts)-1, r.IntN(len(acts)))]
			}
			evs = append(evs, fmt.Sprintf("c%d,%s,%s,%s\n", c, act, t.Format("2006-01-02 15:04:05"), seg))
			if r.IntN(5) > 0 {
				t = t.Add(time.Duration(1+r.IntN(7200)) * time.Second)
			}
			written++
		}
		// Ties within a case listed by activity: sort the case's events
		// (they are in time order already; stable sort by time then name).
		sortTied(evs)
		for _, e := range evs {
			w.WriteString(e)
		}
		c++
		if w.Len() > 1<<20 {
			if _, err := io.WriteString(f, w.String()); err != nil {
				return err
			}
			w.Reset()
		}
	}
	_, err = io.WriteString(f, w.String())
	return err
}

// sortTied orders lines of equal timestamps by activity.
func sortTied(lines []string) {
	key := func(l string) (string, string) {
		p := strings.Split(l, ",")
		return p[2], p[1]
	}
	for i := 1; i < len(lines); i++ {
		for j := i; j > 0; j-- {
			ta, aa := key(lines[j-1])
			tb, ab := key(lines[j])
			if ta == tb && ab < aa {
				lines[j-1], lines[j] = lines[j], lines[j-1]
				continue
			}
			break
		}
	}
}

func loadPostgres(url, csvPath string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return err
	}
	defer db.Close()
	_ = os.Chmod(csvPath, 0o644)
	for _, s := range []string{
		"DROP TABLE IF EXISTS events",
		"CREATE TABLE events (case_id TEXT, activity TEXT, timestamp TIMESTAMP, segment TEXT)",
		"COPY events FROM '" + csvPath + "' WITH (FORMAT csv, HEADER true)",
		"ANALYZE events",
	} {
		if _, err := db.Exec(s); err != nil {
			return err
		}
	}
	return nil
}

func loadClickHouse(url, csvPath string) (*sqlmine.ClickHouseHTTP, error) {
	ch, err := sqlmine.NewClickHouseHTTP(url)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	for _, s := range []string{"DROP TABLE IF EXISTS events",
		"CREATE TABLE events (case_id String, activity String, timestamp DateTime('UTC'), segment String) ENGINE = MergeTree ORDER BY case_id"} {
		if err := ch.Exec(ctx, s); err != nil {
			return nil, err
		}
	}
	body, err := os.ReadFile(csvPath)
	if err != nil {
		return nil, err
	}
	i := bytes.IndexByte(body, '\n')
	return ch, ch.Exec(ctx, "INSERT INTO events FORMAT CSV\n"+string(body[i+1:]))
}

func pgURL() (string, string) {
	if !want["postgres"] {
		return "", "not asked for (-engines)"
	}
	return testdb.Postgres()
}

func chURL() (string, string) {
	if !want["clickhouse"] {
		return "", "not asked for (-engines)"
	}
	return testdb.ClickHouse()
}
