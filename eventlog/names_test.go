package eventlog

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/journeymap/journeymap/journey"
)

// TestBadNames: an activity, segment or touchpoint that is not UTF-8, or
// longer than a journey's strings, is a row problem (bad-name) naming the
// row and column, and with SkipBadRows the rest is mined into a journey
// that validates. Latin-1 bytes would otherwise all read back as U+FFFD,
// making "caf\xe9" and "caf\xe8" one step.
func TestBadNames(t *testing.T) {
	long := strings.Repeat("x", journey.DefaultMaxStringLen+1)
	log := "case_id,activity,timestamp,segment,channel\n" +
		"c1,visit,2024-01-01T10:00:00Z,smb,web\n" +
		"c1,caf\xe9,2024-01-01T11:00:00Z,smb,web\n" + // row 3: activity
		"c2,caf\xe8,2024-01-01T10:00:00Z,smb,web\n" + // row 4: activity, new case
		"c3,visit,2024-01-01T10:00:00Z,p\xe9re,web\n" + // row 5: segment, new case
		"c4,visit,2024-01-01T10:00:00Z,,web\n" +
		"c4,buy,2024-01-01T11:00:00Z,m\xe8re,web\n" + // row 7: segment, known case
		"c1,buy,2024-01-01T12:00:00Z,smb,t\xe9l\n" + // row 8: touchpoint
		"c5," + long + ",2024-01-01T10:00:00Z,smb,web\n" + // row 9: too long
		"c5,buy,2024-01-01T11:00:00Z,smb,web\n"
	path := writeFile(t, "names.csv", []byte(log))
	_, _, err := MineFile(path, Options{Goals: []string{"buy"}})
	ps := problemsOf(t, err)
	want := []struct {
		row    int64
		column string
	}{{3, "activity"}, {4, "activity"}, {5, "segment"}, {7, "segment"}, {8, "channel"}, {9, "activity"}}
	if len(ps) != len(want) {
		t.Fatalf("problems:\n%v", ps)
	}
	for i, w := range want {
		if p := ps[i]; p.Code != CodeBadName || p.Row != w.row || p.Column != w.column || !strings.HasPrefix(p.Error(), path+":") {
			t.Errorf("problem %d: %+v, want bad-name at row %d, column %s", i, p, w.row, w.column)
		}
	}
	if !strings.Contains(ps[0].Message, "not UTF-8") || !strings.Contains(ps[5].Message, "bytes long") {
		t.Errorf("messages: %q, %q", ps[0].Message, ps[5].Message)
	}
	j, sum, err := MineFile(path, Options{Goals: []string{"buy"}, SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read.Skipped[0].Code != CodeBadName || sum.Read.Skipped[0].Rows != 6 || sum.Read.Events != 3 {
		t.Errorf("skipped %+v, %d events", sum.Read.Skipped, sum.Read.Events)
	}
	// No case is left without events: c2 and c3 came only with bad rows.
	if sum.Cases != 3 {
		t.Errorf("%d cases, want c1, c4 and c5", sum.Cases)
	}
	if err := j.Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestValuesNotFinite: NaN and infinite values are bad-value row problems
// in every reader that reads a value, not a sum that JSON cannot write.
func TestValuesNotFinite(t *testing.T) {
	for name, log := range map[string]string{
		"v.csv": "case_id,activity,timestamp,value\nc1,visit,2024-01-01T10:00:00Z,1\nc1,buy,2024-01-01T11:00:00Z,NaN\nc2,buy,2024-01-01T11:00:00Z,-Inf\nc3,buy,2024-01-01T11:00:00Z,+Infinity\n",
		"v.jsonl": `{"case_id":"c1","activity":"visit","timestamp":"2024-01-01T10:00:00Z","value":1}
{"case_id":"c1","activity":"buy","timestamp":"2024-01-01T11:00:00Z","value":"NaN"}
{"case_id":"c2","activity":"buy","timestamp":"2024-01-01T11:00:00Z","value":"-Inf"}
{"case_id":"c3","activity":"buy","timestamp":"2024-01-01T11:00:00Z","value":"+Infinity"}
`,
	} {
		_, _, err := MineFile(writeFile(t, name, []byte(log)), Options{Goals: []string{"buy"}})
		ps := problemsOf(t, err)
		if len(ps) != 3 {
			t.Fatalf("%s: %v", name, ps)
		}
		first := int64(3) // CSV rows count the header
		if strings.HasSuffix(name, ".jsonl") {
			first = 2
		}
		for i, p := range ps {
			if p.Code != CodeBadValue || p.Row != first+int64(i) {
				t.Errorf("%s: %+v, want bad-value at row %d", name, p, first+int64(i))
			}
		}
	}
}

// TestSpanSeconds checks spanSeconds and addSpan against math/big on times
// across the whole range a log may hold (1678 to 2261), where differences
// pass what an int64 of nanoseconds holds.
func TestSpanSeconds(t *testing.T) {
	lo := time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	hi := time.Date(2261, 12, 31, 0, 0, 0, 0, time.UTC).UnixNano()
	rng := rand.New(rand.NewPCG(5, 6))
	pick := func() int64 {
		switch rng.IntN(4) {
		case 0:
			return lo + rng.Int64N(1e12)
		case 1:
			return hi - rng.Int64N(1e12)
		}
		return lo + int64(rng.Uint64N(uint64(hi)-uint64(lo)))
	}
	var cache bucketCache
	for range 20000 {
		from, to := pick(), pick()
		if to < from {
			from, to = to, from
		}
		exact, _ := new(big.Float).Quo(new(big.Float).SetInt(new(big.Int).Sub(big.NewInt(to), big.NewInt(from))), big.NewFloat(1e9)).Float64()
		got := spanSeconds(from, to)
		if math.Abs(got-exact) > 1e-6*math.Max(1, exact)*1e-3 {
			t.Fatalf("spanSeconds(%d, %d) = %v, want %v", from, to, got, exact)
		}
		var a, b Durations
		a.addSpan(from, to, &cache)
		b.Add(exact)
		if qa, qb := a.Quantile(0.5), b.Quantile(0.5); math.Abs(qa-qb) > 1e-6*math.Max(1, qb)*1e-3 {
			t.Fatalf("addSpan(%d, %d): %v, Add: %v", from, to, qa, qb)
		}
	}
}

// TestCenturiesApart: a transition and a conversion 300 years long (more
// nanoseconds than an int64 holds) come out as such, not as 0.
func TestCenturiesApart(t *testing.T) {
	log := "case_id,activity,timestamp\nc1,founded,1700-01-01T00:00:00Z\nc1,buy,2000-01-01T00:00:00Z\n"
	j, sum, err := MineFile(writeFile(t, "old.csv", []byte(log)), Options{Goals: []string{"buy"}})
	if err != nil {
		t.Fatal(err)
	}
	want := float64(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix() - time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
	if len(j.Transitions) != 1 || j.Transitions[0].Time == nil || math.Abs(j.Transitions[0].Time.Median-want) > 1e-3 {
		t.Fatalf("transition %+v, want a median of %v s", j.Transitions, want)
	}
	if sum.ConvertTime == nil || math.Abs(sum.ConvertTime.Median-want) > 1e-3 {
		t.Fatalf("time to convert %+v, want %v s", sum.ConvertTime, want)
	}
}

// TestProblemNamesColumn: a problem names its column after the message,
// however short the column's name, unless the message names it already.
func TestProblemNamesColumn(t *testing.T) {
	for _, c := range []struct {
		p    Problem
		want string
	}{
		{Problem{File: "l.csv", Row: 3, Column: "t", Code: CodeBadTime, Message: `cannot read the time "x" as RFC 3339`}, `l.csv:3: bad-time: cannot read the time "x" as RFC 3339 (column "t")`},
		{Problem{File: "l.csv", Row: 3, Column: "value", Code: CodeBadValue, Message: "the value NaN is not a finite number"}, `l.csv:3: bad-value: the value NaN is not a finite number (column "value")`},
		{Problem{File: "l.csv", Row: 3, Column: "case_id", Code: CodeMissingCase, Message: `no case in column "case_id"`}, `l.csv:3: missing-case: no case in column "case_id"`},
		{Problem{File: "p.csv", Row: 2, Column: "path", Code: "empty-path", Message: "path is empty"}, `p.csv:2: empty-path: path is empty`},
	} {
		if got := c.p.Error(); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}
