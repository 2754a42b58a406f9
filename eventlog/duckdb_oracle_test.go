//go:build cgo

package eventlog_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/journeymap/journeymap/eventlog"
)

// genLog writes a random log as CSV: a few cases of a few events over a
// small alphabet, so that ties in time, repeated activities, one-event cases
// and several segments (and cases with none) all turn up. Rows are shuffled,
// so the miner must order each case by time, file order breaking ties; rn
// records the file order for the SQL side.
func genLog(r *rand.Rand, logID int, all *bytes.Buffer) []byte {
	type row struct {
		c, a, seg string
		ts        int
	}
	var rows []row
	nCases := 1 + r.IntN(12)
	acts := []string{"a", "b", "c", "g", "e f", "h,i"}[:2+r.IntN(5)]
	segs := []string{"", "x", "y"}[:1+r.IntN(3)]
	for c := 0; c < nCases; c++ {
		seg := segs[r.IntN(len(segs))]
		n := 1 + r.IntN(6)
		t := r.IntN(100)
		for k := 0; k < n; k++ {
			rows = append(rows, row{fmt.Sprintf("case%d", c), acts[r.IntN(len(acts))], seg, t})
			t += r.IntN(3) * r.IntN(4) // often 0: ties
		}
	}
	r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	var b bytes.Buffer
	b.WriteString("case_id,activity,timestamp,segment,rn\n")
	for i, w := range rows {
		a := w.a
		if strings.Contains(a, ",") {
			a = `"` + a + `"`
		}
		fmt.Fprintf(&b, "%s,%s,%d,%s,%d\n", w.c, a, 1700000000+w.ts, w.seg, i)
		fmt.Fprintf(all, "%d,%s,%s,%d,%s,%d\n", logID, w.c, a, 1700000000+w.ts, w.seg, i)
	}
	return b.Bytes()
}

type key struct {
	log       int
	seg, a, b string
}

// TestDirectlyFollowsAgainstDuckDB mines thousands of random logs and checks
// every count against the same aggregation written in SQL and run by DuckDB:
// LEAD() over each case ordered by time and file row, then GROUP BY.
func TestDirectlyFollowsAgainstDuckDB(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Skipf("DuckDB driver not available: %v", err)
	}
	defer db.Close()
	r := rand.New(rand.NewPCG(7, 11))
	var all bytes.Buffer
	all.WriteString("log,case_id,activity,ts,segment,rn\n")
	logs := make([][]byte, n)
	for i := range logs {
		logs[i] = genLog(r, i, &all)
	}
	path := filepath.Join(t.TempDir(), "all.csv")
	if err := os.WriteFile(path, all.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, fmt.Sprintf(`CREATE TABLE ev AS SELECT log, case_id, activity, ts, coalesce(segment, '') AS seg, rn
		FROM read_csv('%s', header = true, quote = '"', columns = {'log': 'INTEGER', 'case_id': 'VARCHAR',
		'activity': 'VARCHAR', 'ts': 'BIGINT', 'segment': 'VARCHAR', 'rn': 'BIGINT'})`, path))
	mustExec(t, db, `CREATE TABLE o AS SELECT log, case_id, seg, activity AS a,
		LEAD(activity) OVER w AS b, CAST(LEAD(ts) OVER w - ts AS DOUBLE) AS dt,
		ROW_NUMBER() OVER w AS pos, COUNT(*) OVER (PARTITION BY log, case_id) AS n
		FROM ev WINDOW w AS (PARTITION BY log, case_id ORDER BY ts, rn)`)
	pairs := queryCounts(t, db, `SELECT log, seg, a, b, count(*) FROM o WHERE b IS NOT NULL GROUP BY ALL`)
	starts := queryCounts(t, db, `SELECT log, seg, a, '', count(*) FROM o WHERE pos = 1 GROUP BY ALL`)
	ends := queryCounts(t, db, `SELECT log, seg, a, '', count(*) FROM o WHERE pos = n GROUP BY ALL`)
	events := queryCounts(t, db, `SELECT log, seg, a, '', count(*) FROM o GROUP BY ALL`)
	cases := queryCounts(t, db, `SELECT log, seg, '', '', count(DISTINCT case_id) FROM o GROUP BY ALL`)
	converted := queryCounts(t, db, `SELECT log, seg, '', '', count(DISTINCT case_id) FROM o WHERE a = 'g' GROUP BY ALL`)
	medians := queryFloats(t, db, `SELECT log, seg, a, b, quantile_cont(dt, 0.5), quantile_cont(dt, 0.9) FROM o WHERE b IS NOT NULL GROUP BY ALL`)
	convert := queryFloats(t, db, `SELECT log, seg, '', '', quantile_cont(d, 0.5), quantile_cont(d, 0.9) FROM
		(SELECT log, seg, case_id, CAST(min(ts) FILTER (WHERE activity = 'g') - min(ts) AS DOUBLE) AS d
			FROM ev GROUP BY log, seg, case_id)
		WHERE d IS NOT NULL GROUP BY ALL`)

	mineF := map[key][2]float64{}
	check := func(name string, want map[key]int64, got map[key]int64) {
		t.Helper()
		if len(want) != len(got) {
			t.Fatalf("%s: DuckDB has %d rows, the miner %d", name, len(want), len(got))
		}
		for k, v := range want {
			if got[k] != v {
				t.Fatalf("%s %+v: DuckDB %d, miner %d\nlog:\n%s", name, k, v, got[k], logs[k.log])
			}
		}
	}
	gotPairs, gotStarts, gotEnds, gotEvents, gotCases, gotConv := map[key]int64{}, map[key]int64{}, map[key]int64{}, map[key]int64{}, map[key]int64{}, map[key]int64{}
	for i, data := range logs {
		cr, err := eventlog.NewCSVReader(bytes.NewReader(data), eventlog.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		agg, _, err := eventlog.ReadAggregate(cr, eventlog.Options{Goals: []string{"g"}})
		if err != nil {
			t.Fatalf("log %d: %v\n%s", i, err, data)
		}
		for seg, s := range agg.Segments {
			for p, c := range s.Pairs {
				gotPairs[key{i, seg, p.From, p.To}] = c
				d := s.PairTimes[p]
				mineF[key{i, seg, p.From, p.To}] = [2]float64{d.Quantile(0.5), d.Quantile(0.9)}
			}
			for a, c := range s.Starts {
				gotStarts[key{i, seg, a, ""}] = c
			}
			for a, c := range s.Ends {
				gotEnds[key{i, seg, a, ""}] = c
			}
			for a, c := range s.Events {
				gotEvents[key{i, seg, a, ""}] = c
			}
			gotCases[key{i, seg, "", ""}] = s.Cases
			if s.Converted > 0 {
				gotConv[key{i, seg, "", ""}] = s.Converted
				mineF[key{i, seg, "", ""}] = [2]float64{s.ConvertTime.Quantile(0.5), s.ConvertTime.Quantile(0.9)}
			}
		}
	}
	check("directly-follows", pairs, gotPairs)
	check("starts", starts, gotStarts)
	check("ends", ends, gotEnds)
	check("events", events, gotEvents)
	check("cases", cases, gotCases)
	check("converted", converted, gotConv)
	for name, want := range map[string]map[key][2]float64{"time along pairs": medians, "time to convert": convert} {
		for k, v := range want {
			got := mineF[k]
			if math.Abs(got[0]-v[0]) > 1e-9 || math.Abs(got[1]-v[1]) > 1e-9 {
				t.Fatalf("%s %+v: DuckDB median/p90 %v, miner %v\nlog:\n%s", name, k, v, got, logs[k.log])
			}
		}
	}
	t.Logf("%d logs: %d pair counts, %d timings agree with DuckDB", n, len(pairs), len(medians)+len(convert))
}

func mustExec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
}

func queryCounts(t *testing.T, db *sql.DB, q string) map[key]int64 {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	out := map[key]int64{}
	for rows.Next() {
		var k key
		var n int64
		if err := rows.Scan(&k.log, &k.seg, &k.a, &k.b, &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	return out
}

func queryFloats(t *testing.T, db *sql.DB, q string) map[key][2]float64 {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	out := map[key][2]float64{}
	for rows.Next() {
		var k key
		var a, b float64
		if err := rows.Scan(&k.log, &k.seg, &k.a, &k.b, &a, &b); err != nil {
			t.Fatal(err)
		}
		out[k] = [2]float64{a, b}
	}
	return out
}
