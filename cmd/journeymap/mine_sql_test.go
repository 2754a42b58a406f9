package main

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeymap/journeymap/eventlog/sqlmine"
	"github.com/journeymap/journeymap/internal/testdb"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.Stop()
	os.Exit(code)
}

// TestMineSQLPrintsQuery: --sql prints sqlmine.Query's text for the flags.
func TestMineSQLPrintsQuery(t *testing.T) {
	for _, d := range sqlmine.Dialects() {
		code, out, errs := runCmd("mine", "--sql", d.String(), "--table", "shop.events", "--case", "user", "--activity", "event",
			"--time", "ts", "--segment", "seg", "--goal", "buy", "--collapse", "--window", "30d")
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", d, code, errs)
		}
		want, err := sqlmine.Query(d, sqlmine.Options{Table: sqlmine.Name{"shop", "events"}, Case: "user", Activity: "event",
			Time: "ts", Segment: "seg", Goals: []string{"buy"}, Collapse: true, Window: 30 * 24 * time.Hour})
		if err != nil || out != want {
			t.Errorf("%s: printed\n%s\nwant\n%s (%v)", d, out, want, err)
		}
	}
	for _, args := range [][]string{
		{"mine", "--sql", "oracle", "--table", "t"},
		{"mine", "--sql", "duckdb"},
		{"mine", "--sql", "duckdb", "--table", "t", "log.csv"},
		{"mine", "--sql", "duckdb", "--table", "t", "--time-format", "weeks"},
		{"mine", "--db", "mysql://u:s3cret@h/db", "--table", "t"},
		{"mine", "--db", "postgres://u:s3cret@127.0.0.1:1/db?connect_timeout=2", "--table", "t"},
	} {
		code, _, errs := runCmd(args...)
		if code != exitInvalid || errs == "" {
			t.Errorf("%q: exit %d, %q", args, code, errs)
		}
		if strings.Contains(errs, "s3cret") {
			t.Errorf("%q: the password was printed: %s", args, errs)
		}
	}
}

type logRow struct {
	c, a, seg, ch string
	t             int64
	v             int
}

// genRows is a log with ties in time, repeats, segments, one-event cases;
// tied events listed by activity, segment, channel and value, the order
// SQL engines are told to use.
func genRows(r *rand.Rand, cases int) []logRow {
	acts := []string{"visit", "search", "cart", "buy", "review", "it's \"odd\""}
	segs := []string{"", "family", "corp"}
	var rows []logRow
	for c := range cases {
		seg := segs[r.IntN(len(segs))]
		t := int64(1_700_000_000 + r.IntN(86400*20))
		act := acts[r.IntN(len(acts))]
		for range 1 + r.IntN(6) {
			if r.IntN(4) > 0 {
				act = acts[r.IntN(len(acts))]
			}
			rows = append(rows, logRow{fmt.Sprintf("c%d", c), act, seg, []string{"web", "shop"}[r.IntN(2)], t, r.IntN(50)})
			if r.IntN(4) > 0 {
				t += int64(r.IntN(7200))
			}
		}
	}
	slices.SortStableFunc(rows, func(x, y logRow) int {
		return cmp.Or(cmp.Compare(x.t, y.t), strings.Compare(x.a, y.a), strings.Compare(x.seg, y.seg),
			strings.Compare(x.ch, y.ch), cmp.Compare(x.v, y.v))
	})
	return rows
}

func ts(t int64) string { return time.Unix(t, 0).UTC().Format("2006-01-02 15:04:05") }

// TestMineDBEqualsMineLog: journeymap mine --db on PostgreSQL and on
// ClickHouse prints the journey journeymap mine prints for the same log
// as a CSV file, byte for byte.
func TestMineDBEqualsMineLog(t *testing.T) {
	rows := genRows(rand.New(rand.NewPCG(5, 5)), 800)
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("case_id,activity,timestamp,segment,channel,value\n")
	for _, r := range rows {
		fmt.Fprintf(&csv, "%s,%q,%s,%s,%s,%d\n", r.c, r.a, ts(r.t), r.seg, r.ch, r.v)
	}
	logPath := filepath.Join(dir, "log.csv")
	if err := os.WriteFile(logPath, []byte(strings.ReplaceAll(csv.String(), `\"`, `""`)), 0o644); err != nil {
		t.Fatal(err)
	}
	flagSets := [][]string{
		{"--quiet"},
		{"--quiet", "--goal", "buy", "--segment", "segment", "--touchpoint", "channel", "--value", "value", "--collapse", "--window", "3h"},
	}
	for _, flags := range flagSets {
		code, want, errs := runCmd(append([]string{"mine", logPath}, flags...)...)
		if code != exitOK {
			t.Fatalf("mine LOG: exit %d: %s", code, errs)
		}
		t.Run("postgres", func(t *testing.T) {
			url, why := testdb.Postgres()
			if url == "" {
				t.Skipf("no PostgreSQL server: %s", why)
			}
			loadPostgres(t, url, rows)
			code, got, errs := runCmd(append([]string{"mine", "--db", url, "--table", "events"}, flags...)...)
			if code != exitOK || got != want {
				t.Errorf("exit %d, %s\n--- mine --db\n%s\n--- mine LOG\n%s", code, errs, got, want)
			}
		})
		t.Run("clickhouse", func(t *testing.T) {
			url, why := testdb.ClickHouse()
			if url == "" {
				t.Skipf("no ClickHouse server: %s", why)
			}
			loadClickHouse(t, url, rows)
			code, got, errs := runCmd(append([]string{"mine", "--db", url, "--table", "events"}, flags...)...)
			if code != exitOK || got != want {
				t.Errorf("exit %d, %s\n--- mine --db\n%s\n--- mine LOG\n%s", code, errs, got, want)
			}
		})
	}
	// A wrong table: the engine's error, with the table named, exit 2.
	if url, _ := testdb.Postgres(); url != "" {
		code, _, errs := runCmd("mine", "--db", url, "--table", "no_such_table")
		if code != exitInvalid || !strings.Contains(errs, "no_such_table") || !strings.Contains(errs, "--sql postgres") {
			t.Errorf("wrong table: exit %d, %s", code, errs)
		}
	}
}

func loadPostgres(t *testing.T, url string, rows []logRow) {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stmts := []string{"DROP TABLE IF EXISTS events",
		"CREATE TABLE events (case_id TEXT, activity TEXT, timestamp TIMESTAMP, segment TEXT, channel TEXT, value DOUBLE PRECISION)"}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	for lo := 0; lo < len(rows); lo += 500 {
		var vals []string
		var args []any
		for i, r := range rows[lo:min(lo+500, len(rows))] {
			vals = append(vals, fmt.Sprintf("($%d, $%d, $%d, $%d, $%d, $%d)", 6*i+1, 6*i+2, 6*i+3, 6*i+4, 6*i+5, 6*i+6))
			args = append(args, r.c, r.a, time.Unix(r.t, 0).UTC(), r.seg, r.ch, r.v)
		}
		if _, err := db.Exec("INSERT INTO events VALUES "+strings.Join(vals, ", "), args...); err != nil {
			t.Fatal(err)
		}
	}
}

func loadClickHouse(t *testing.T, url string, rows []logRow) {
	t.Helper()
	ch, err := sqlmine.NewClickHouseHTTP(url)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, s := range []string{"DROP TABLE IF EXISTS events",
		"CREATE TABLE events (case_id String, activity String, timestamp DateTime('UTC'), segment String, channel String, value Float64) ENGINE = Log"} {
		if err := ch.Exec(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%d\n", r.c, r.a, ts(r.t), r.seg, r.ch, r.v)
	}
	if err := ch.Exec(ctx, "INSERT INTO events FORMAT TabSeparated\n"+b.String()); err != nil {
		t.Fatal(err)
	}
}
