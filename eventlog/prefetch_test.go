package eventlog

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/journeymap/journeymap/journey"
)

// randomCSV makes a CSV log of n rows, some of them bad (no case, a time
// that does not parse, a ragged row, a quoted field over lines), some with
// fields far longer than a batch's bytes.
func randomCSV(rng *rand.Rand, n int) string {
	var b strings.Builder
	b.WriteString("case_id,activity,timestamp,segment\n")
	for i := range n {
		id := fmt.Sprintf("c%d", rng.IntN(50))
		act := fmt.Sprintf("a%d", rng.IntN(7))
		ts := fmt.Sprintf("2026-01-%02dT%02d:00:00Z", 1+rng.IntN(28), rng.IntN(24))
		seg := []string{"", "smb", "ent"}[rng.IntN(3)]
		switch rng.IntN(40) {
		case 0:
			id = ""
		case 1:
			ts = "yesterday"
		case 2:
			fmt.Fprintf(&b, "%s,%s\n", id, act)
			continue
		case 3:
			act = "\"quoted\nover lines\""
		case 4:
			if rng.IntN(10) > 0 {
				break
			}
			id = strings.Repeat("x", batchBytes+rng.IntN(3*batchBytes)) // a field larger than a batch
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", id, act, ts, seg)
		if i%1000 == 999 {
			b.WriteString("\n") // a blank line
		}
	}
	return b.String()
}

// readAllRaw reads r to its end (or an error that ends reading) and lists
// what each read returned: the event, or with an error its row (the
// reader's other fields are then left over from before).
func readAllRaw(t *testing.T, r rawReader) []string {
	t.Helper()
	var out []string
	var e rawEvent
	for {
		err := r.readRaw(&e)
		if err != nil { // only the row counts then
			out = append(out, fmt.Sprintf("%d %v", e.row, err))
		} else {
			out = append(out, fmt.Sprintf("%d %q %q %q %q %d %v", e.row, e.caseB, e.actB, e.segB, e.tpB, e.ns, e.value))
		}
		if err == io.EOF || (err != nil && !isRowError(err, "")) {
			return out
		}
	}
}

// TestPrefetcherGivesWhatTheReaderGives checks the prefetcher against the
// reader it reads ahead: the same events, bytes, rows and errors, in the
// same order, on random logs with bad rows and huge fields, and on a log
// that ends in a fatal error.
func TestPrefetcherGivesWhatTheReaderGives(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for round := range 12 {
		log := randomCSV(rng, rng.IntN(3*batchEvents))
		if round == 11 {
			log += "c1,a1,2026-01-01T00:00:00Z,smb,\"never closed\n"
		}
		open := func() *CSVReader {
			r, err := NewCSVReader(strings.NewReader(log), ReadOptions{File: "log.csv"})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		want := readAllRaw(t, open())
		pr, stop := prefetch(open(), "log.csv")
		if _, ok := pr.(*prefetcher); !ok {
			t.Fatal("no prefetcher with two cores")
		}
		got := readAllRaw(t, pr)
		stop()
		if len(got) != len(want) {
			t.Fatalf("round %d: %d reads through the prefetcher, %d from the reader", round, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("round %d, read %d:\n got %.200s\nwant %.200s", round, i, got[i], want[i])
			}
		}
	}
}

// TestPrefetcherStopsEarly checks that stop ends the goroutine when the
// reading stops before the end of the log, and that the reader can then be
// read on by the caller.
func TestPrefetcherStopsEarly(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	log := randomCSV(rand.New(rand.NewPCG(9, 10)), 10*batchEvents)
	r, err := NewCSVReader(strings.NewReader(log), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pr, stop := prefetch(r, "")
	var e rawEvent
	for range 10 {
		pr.readRaw(&e)
	}
	stop()
	select {
	case <-pr.(*prefetcher).ended:
	default:
		t.Fatal("the goroutine is still running after stop")
	}
	if err := r.readRaw(&e); err != nil && !isRowError(err, "") {
		t.Fatalf("the reader after stop: %v", err)
	}
}

// TestMiningWithAndWithoutPrefetch checks that mining a log gives the same
// journey, summary and problems on one core (no prefetcher) and on two.
func TestMiningWithAndWithoutPrefetch(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for round := range 6 {
		log := randomCSV(rng, 1+rng.IntN(4*batchEvents))
		opts := Options{SkipBadRows: round%2 == 0, MaxRows: int64(rng.IntN(2)) * int64(rng.IntN(4*batchEvents))}
		mine := func(procs int) string {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			r, err := NewCSVReader(strings.NewReader(log), ReadOptions{File: "log.csv"})
			if err != nil {
				t.Fatal(err)
			}
			j, sum, err := Mine(r, opts)
			var b bytes.Buffer
			fmt.Fprintf(&b, "%v\n", err)
			if err == nil {
				if werr := journey.Write(&b, j, journey.YAML); werr != nil {
					t.Fatal(werr)
				}
				sum.WriteText(&b)
			}
			return b.String()
		}
		if one, two := mine(1), mine(2); one != two {
			t.Fatalf("round %d: one core and two differ:\n%.2000s\n---\n%.2000s", round, one, two)
		}
	}
}

// TestAggregateOnTwoCoresIsOnOne checks that the aggregation gives the same
// figures when the moves along pairs are added up on a second goroutine:
// logs with thousands of cases (enough for the second goroutine), events
// out of order within cases, ties, repeats, touchpoints, values and
// segments, with repeats collapsed or not and with a conversion window.
func TestAggregateOnTwoCoresIsOnOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	var b strings.Builder
	b.WriteString("case_id,activity,timestamp,segment,channel,value\n")
	ids := map[int]bool{}
	for range 40000 {
		id := rng.IntN(6000)
		ids[id] = true
		fmt.Fprintf(&b, "c%d,a%d,2026-01-01T%02d:%02d:00Z,%s,%s,%d\n", id, rng.IntN(8), rng.IntN(24), rng.IntN(60),
			[]string{"", "smb", "ent"}[rng.IntN(3)], []string{"", "web", "mail"}[rng.IntN(3)], rng.IntN(3))
	}
	log := b.String()
	for _, opts := range []Options{{}, {Collapse: true, Goals: []string{"a3"}}, {Window: 3 * time.Hour, Goals: []string{"a1", "a5"}}} {
		agg := func(procs int) (*Aggregate, *ReadStats) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			r, err := NewCSVReader(strings.NewReader(log), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			a, stats, err := ReadAggregate(r, opts)
			if err != nil {
				t.Fatal(err)
			}
			return a, stats
		}
		a1, s1 := agg(1)
		a2, s2 := agg(2)
		if !reflect.DeepEqual(a1, a2) || !reflect.DeepEqual(s1, s2) {
			t.Fatalf("%+v: the figures on two cores differ from those on one", opts)
		}
		if a1.Total().Cases != int64(len(ids)) {
			t.Fatalf("%d cases, want %d", a1.Total().Cases, len(ids))
		}
	}
}
