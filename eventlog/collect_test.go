package eventlog

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestMostFrequentEndIsTheAggregates checks the collector's quick
// mostFrequentEnd against the one over a whole aggregation, on random logs
// with ties in the counts, events out of order, and with repeats collapsed
// or a window cutting cases short.
func TestMostFrequentEndIsTheAggregates(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	for round := range 200 {
		var b strings.Builder
		b.WriteString("case_id,activity,timestamp,segment\n")
		nActs := 1 + rng.IntN(5)
		for range 1 + rng.IntN(300) {
			fmt.Fprintf(&b, "c%d,a%d,2026-01-01T%02d:%02d:00Z,%s\n", rng.IntN(40), rng.IntN(nActs), rng.IntN(24), rng.IntN(60),
				[]string{"", "smb", "ent"}[rng.IntN(3)])
		}
		opts := []Options{{}, {Collapse: true}, {Window: time.Duration(1+rng.IntN(600)) * time.Minute}}[round%3]
		r, err := NewCSVReader(strings.NewReader(b.String()), ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		c := newCollector(opts)
		if err := c.readAll(r); err != nil {
			t.Fatal(err)
		}
		got := c.mostFrequentEnd()
		if want := mostFrequentEnd(c.aggregate().Total()); got != want {
			t.Fatalf("round %d (%+v): mostFrequentEnd = %q, over the aggregate %q", round, opts, got, want)
		}
	}
}

// TestMostFrequentEndOnTwoCores checks mostFrequentEnd when two goroutines
// share the cases: the same goal as on one core and as the aggregate's, on
// logs with thousands of cases.
func TestMostFrequentEndOnTwoCores(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for round := range 4 {
		var b strings.Builder
		b.WriteString("case_id,activity,timestamp\n")
		for range 30000 {
			fmt.Fprintf(&b, "c%d,a%d,2026-01-01T%02d:%02d:00Z\n", rng.IntN(5000), rng.IntN(3+round), rng.IntN(24), rng.IntN(60))
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		opts := Options{}
		if round%2 == 1 { // a window: every case is gathered, on two goroutines
			opts.Window = time.Duration(1+rng.IntN(20)) * time.Hour
		}
		c := newCollector(opts)
		if err := c.readAll(r); err != nil {
			t.Fatal(err)
		}
		end := func(procs int) string {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			return c.mostFrequentEnd()
		}
		one, two, want := end(1), end(2), mostFrequentEnd(c.aggregate().Total())
		if one != want || two != want {
			t.Fatalf("round %d: one core %q, two %q, the aggregate's %q", round, one, two, want)
		}
	}
}

// TestTooManyEvents checks that a log with more events than the chunks can
// hold is refused with a problem at the row where they ran out, not a
// panic or a wrong count.
func TestTooManyEvents(t *testing.T) {
	defer func(n int32) { maxChunks = n }(maxChunks)
	maxChunks = 4
	var b strings.Builder
	b.WriteString("case_id,activity,timestamp\n")
	for i := range 40 {
		fmt.Fprintf(&b, "c%d,a,2026-01-01T00:00:%02dZ\n", i%3, i)
	}
	r, err := NewCSVReader(strings.NewReader(b.String()), ReadOptions{File: "big.csv"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Mine(r, Options{Read: ReadOptions{File: "big.csv"}})
	// Three cases take three chunks; the fourth chunk is the first case's
	// second, from its seventh event on; the second case's seventh event,
	// the 20th event (row 21), finds no chunk.
	ps, ok := err.(Problems)
	if !ok || len(ps) != 1 || ps[0].Code != CodeTooManyRows || ps[0].Row != 21 || ps[0].File != "big.csv" {
		t.Fatalf("got %v", err)
	}
}

// TestProblemShowsHiddenCharacters checks that a problem quoting a hostile
// value writes its line breaks, controls and bidirectional controls as
// escapes: one problem stays one line, and reads in its real order.
func TestProblemShowsHiddenCharacters(t *testing.T) {
	p := Problem{File: "log.csv", Row: 3, Code: CodeBadTime, Message: "cannot read the time \"\u202e2026\nlog.csv:4: x\x1b[2J\u2066\""}
	got := p.Error()
	for _, bad := range []string{"\u202e", "\n", "\x1b", "\u2066"} {
		if strings.Contains(got, bad) {
			t.Fatalf("%q keeps %q", got, bad)
		}
	}
	for _, esc := range []string{`\u202e`, `\n`, `\x1b`, `\u2066`} {
		if !strings.Contains(got, esc) {
			t.Fatalf("%q lacks the escape %s", got, esc)
		}
	}
}

// TestEndCountsAsRead checks the ends the collector counts as it reads
// (and the cases that went back in time, gathered afterwards) against
// gathering and ordering every case: the same count for every activity, on
// logs in time order, in reverse (newest first, as many CRM exports),
// shuffled, with ties, and in random order, with repeats collapsed or not.
func TestEndCountsAsRead(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	for round := range 300 {
		type row struct {
			id, act string
			t       int
		}
		var rows []row
		for range 1 + rng.IntN(400) {
			rows = append(rows, row{fmt.Sprintf("c%d", rng.IntN(1+rng.IntN(60))), fmt.Sprintf("a%d", rng.IntN(1+rng.IntN(6))), rng.IntN(1 + rng.IntN(100))})
		}
		switch round % 4 {
		case 0:
			slices.SortStableFunc(rows, func(a, b row) int { return a.t - b.t })
		case 1:
			slices.SortStableFunc(rows, func(a, b row) int { return b.t - a.t })
		case 2: // time order but for a few swaps
			slices.SortStableFunc(rows, func(a, b row) int { return a.t - b.t })
			for range 3 {
				i, j := rng.IntN(len(rows)), rng.IntN(len(rows))
				rows[i], rows[j] = rows[j], rows[i]
			}
		}
		var b strings.Builder
		b.WriteString("case_id,activity,timestamp\n")
		for _, r := range rows {
			fmt.Fprintf(&b, "%s,%s,%d\n", r.id, r.act, 1767225600+r.t)
		}
		r, err := NewCSVReader(strings.NewReader(b.String()), ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		c := newCollector(Options{Collapse: round%3 == 0})
		if err := c.readAll(r); err != nil {
			t.Fatal(err)
		}
		if got, want := c.endCounts(), c.lastKept(); !slices.Equal(got, want) {
			t.Fatalf("round %d: ends counted as read %v, by gathering %v", round, got, want)
		}
	}
}
