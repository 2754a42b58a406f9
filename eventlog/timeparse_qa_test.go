package eventlog

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

var unixFormats = []timeFormat{tfUnixS, tfUnixMS, tfUnixUS, tfUnixNS}

// unixReference returns the Unix time b (an optional minus, digits, an
// optional point and digits) in the unit of f as nanoseconds, truncated
// toward zero, computed with big numbers, and whether it is one parseUnix
// can hold: at most math.MaxInt64 either way (math.MinInt64 is not).
func unixReference(b string, f timeFormat) (int64, bool) {
	r, ok := new(big.Rat).SetString(b)
	if !ok {
		panic("not a number: " + b)
	}
	unit := map[timeFormat]int64{tfUnixS: 1e9, tfUnixMS: 1e6, tfUnixUS: 1e3, tfUnixNS: 1}[f]
	r.Mul(r, new(big.Rat).SetInt64(unit))
	ns := new(big.Int).Quo(r.Num(), r.Denom()) // truncates toward zero
	if !ns.IsInt64() || ns.Int64() == math.MinInt64 {
		return 0, false
	}
	return ns.Int64(), true
}

// randomUnixTime returns a Unix time as a log may write it: a time of the
// years that fit (1678 to 2261) in a random unit, or any run of 1 to 20
// digits, sometimes negative, with a fraction or with leading zeros.
func randomUnixTime(rng *rand.Rand) string {
	var digits string
	if rng.IntN(8) == 0 { // the last times that fit, where a fraction may not
		unit := []int64{1e9, 1e6, 1e3, 1}[rng.IntN(4)]
		digits = fmt.Sprint(math.MaxInt64/unit - rng.Int64N(3))
		if rng.IntN(2) == 0 {
			digits = "-" + digits
		}
		return digits + "." + fmt.Sprint(rng.IntN(1000))
	}
	if rng.IntN(2) == 0 {
		secs := rng.Int64N(2*9_200_000_000) - 9_200_000_000
		if rng.IntN(3) == 0 { // near 1970, where the units' digits overlap
			secs = rng.Int64N(2*300_000_000) - 300_000_000
		}
		n := new(big.Int).Mul(big.NewInt(secs), big.NewInt([]int64{1, 1e3, 1e6, 1e9}[rng.IntN(4)]))
		n.Add(n, big.NewInt(rng.Int64N(1000)))
		digits = n.String()
	} else {
		n := 1 + rng.IntN(20)
		var sb strings.Builder
		for k := range n {
			d := byte('0' + rng.IntN(10))
			if k == 0 && n > 1 && d == '0' {
				d = '1'
			}
			sb.WriteByte(d)
		}
		digits = sb.String()
		if rng.IntN(4) == 0 {
			digits = "-" + digits
		}
	}
	if rng.IntN(10) == 0 {
		neg := strings.HasPrefix(digits, "-")
		digits = strings.Repeat("0", 1+rng.IntN(4)) + strings.TrimPrefix(digits, "-")
		if neg {
			digits = "-" + digits
		}
	}
	if rng.IntN(4) == 0 {
		digits += "." + fmt.Sprintf("%012d", rng.Int64N(1_000_000_000_000))[:1+rng.IntN(12)]
	}
	return digits
}

// TestUnixUnitIsDetectionsUnit checks, with detectFormat as the oracle, that
// a column whose format is a Unix unit reads exactly the times detection
// puts in that unit: on random times of every unit, sizes, signs and
// fractions, in each of the four units' columns, a time detection puts in
// the column's unit is read (as big-number arithmetic says) unless it does
// not fit the years the readers hold, and a time detection puts in another
// unit is refused as being in that format, whatever the column read before.
func TestUnixUnitIsDetectionsUnit(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for range 200000 {
		s := randomUnixTime(rng)
		b := []byte(s)
		if compactDate(b) {
			continue // a date written YYYYMMDD: see TestCompactDatesRefused
		}
		detected := detectFormat(b)
		if detected < tfUnixS || detected > tfUnixNS {
			t.Fatalf("%q detected as %v", s, detected)
		}
		for _, f := range unixFormats {
			tp := timeParser{format: f, row: 7}
			if rng.IntN(2) == 0 { // a column that has read a time already
				tp = timeParser{}
				first := map[timeFormat]string{tfUnixS: "1704067200", tfUnixMS: "1704067200000", tfUnixUS: "1704067200000000", tfUnixNS: "1704067200000000000"}[f]
				if _, msg := tp.parse([]byte(first), 7); msg != "" || tp.format != f {
					t.Fatalf("%s: %s (%v)", first, msg, tp.format)
				}
			}
			ns, msg := tp.parse(b, 9)
			want, fits := unixReference(s, f)
			switch {
			case detected == f && fits:
				if msg != "" || ns != want {
					t.Fatalf("%q in a column of %v: %d %q, want %d", s, f, ns, msg, want)
				}
			case detected == f:
				if msg == "" || !strings.Contains(msg, "cannot read the time") {
					t.Fatalf("%q in a column of %v, which does not fit: %d %q", s, f, ns, msg)
				}
			default:
				wantMsg := fmt.Sprintf("the time %q is in the format %v, but the column's format is %v (detected at row 7): one format per column", s, detected, f)
				if msg != wantMsg {
					t.Fatalf("%q in a column of %v: %d %q, want %q", s, f, ns, msg, wantMsg)
				}
			}
			if again, ok := parseAs(f, b); ok != (msg == "") || again != ns {
				t.Fatalf("%q as %v: parse %d %q, parseAs %d %v", s, f, ns, msg, again, ok)
			}
		}
	}
}

// TestUnixUnitEdges checks the times at the edges of the units: the
// smallest and largest of each unit's digits, and the times of 1970 to
// 1973 that a column in a smaller unit than seconds refuses.
func TestUnixUnitEdges(t *testing.T) {
	for _, tc := range []struct {
		in   string
		f    timeFormat
		want int64 // Unix seconds; -1 for refused
	}{
		{"99999999999", tfUnixS, -1},          // 11 digits: seconds, too late to fit
		{"9223372036", tfUnixS, 9223372036},   // the last second that fits
		{"9223372036.9", tfUnixS, -1},         // past the last nanosecond that fits
		{"-9223372036", tfUnixS, -9223372036}, // the first second that fits
		{"100000000000", tfUnixMS, 100000000}, // 1973-03-03T09:46:40Z, the first in 12 digits
		{"99999999999", tfUnixMS, -1},         // a millisecond before: 11 digits, seconds
		{"-100000000000", tfUnixMS, -100000000},
		{"-99999999999", tfUnixMS, -1},
		{"0", tfUnixMS, -1},
		{"0000000000000", tfUnixMS, 0}, // 13 digits as written
		{"100000000000000", tfUnixUS, 100000000},
		{"99999999999999", tfUnixUS, -1},
		{"100000000000000000", tfUnixNS, 100000000},
		{"99999999999999999", tfUnixNS, -1},
		{"1704070800", tfUnixNS, -1},
		{"1704070800000", tfUnixNS, -1},
		{"1704070800000000", tfUnixNS, -1},
		{"1704070800000", tfUnixUS, -1},
		{"1704070800", tfUnixUS, -1},
		{"1704070800", tfUnixMS, -1},
		{"1704070800.123", tfUnixMS, -1},
		{"1704070800123.5", tfUnixMS, 1704070800},
	} {
		tp := timeParser{format: tc.f, row: 1}
		ns, msg := tp.parse([]byte(tc.in), 2)
		if tc.want == -1 {
			if msg == "" {
				t.Errorf("%s in a column of %v: read as %d", tc.in, tc.f, ns)
			}
			continue
		}
		if msg != "" || ns/1e9 != tc.want {
			t.Errorf("%s in a column of %v: %d %q, want %d s", tc.in, tc.f, ns, msg, tc.want)
		}
	}
	if _, ok := unixReference("9223372036.9", tfUnixS); ok {
		t.Fatal("the reference fits 9223372036.9 s")
	}
}

// TestMixedUnixUnitsQA replays QA's logs: a time in seconds among
// milliseconds (CSV and JSON Lines), seconds among nanoseconds and
// milliseconds among microseconds are refused as in another format, not
// read as times of January 1970.
func TestMixedUnixUnitsQA(t *testing.T) {
	for _, tc := range []struct {
		name, log, want string
	}{
		{"mixed_ms_then_s.csv", "case_id,activity,timestamp\nc1,a,1704067200000\nc1,b,1704070800\nc1,c,1704074400000\n",
			`:3: bad-time: the time "1704070800" is in the format Unix seconds, but the column's format is Unix milliseconds (detected at row 2): one format per column (column "timestamp")`},
		{"mixed_ns_then_s.csv", "case_id,activity,timestamp\nc1,a,1704067200000000000\nc1,b,1704070800\nc1,c,1704074400000000000\n",
			`:3: bad-time: the time "1704070800" is in the format Unix seconds, but the column's format is Unix nanoseconds (detected at row 2): one format per column (column "timestamp")`},
		{"mixed_us_then_ms.csv", "case_id,activity,timestamp\nc1,a,1704067200000000\nc1,b,1704070800000\nc1,c,1704074400000000\n",
			`:3: bad-time: the time "1704070800000" is in the format Unix milliseconds, but the column's format is Unix microseconds (detected at row 2): one format per column (column "timestamp")`},
		{"mixed_ms_s.jsonl", `{"case_id":"c1","activity":"a","timestamp":1704067200000}` + "\n" + `{"case_id":"c1","activity":"b","timestamp":1704070800}` + "\n",
			`:2: bad-time: the time "1704070800" is in the format Unix seconds, but the column's format is Unix milliseconds (detected at row 1): one format per column (column "timestamp")`},
		{"mixed_ms_s_exp.jsonl", `{"case_id":"c1","activity":"a","timestamp":1.7040672e12}` + "\n" + `{"case_id":"c1","activity":"b","timestamp":1.7040708e9}` + "\n",
			`:2: bad-time: the time "1704070800" is in the format Unix seconds, but the column's format is Unix milliseconds (detected at row 1): one format per column (column "timestamp")`},
	} {
		path := writeFile(t, tc.name, []byte(tc.log))
		_, _, err := MineFile(path, Options{})
		ps := problemsOf(t, err)
		if len(ps) != 1 || ps[0].Error() != path+tc.want {
			t.Errorf("%s: %v\nwant %s%s", tc.name, err, path, tc.want)
		}
	}
	// The units alone still read, the earlier time first or not.
	for _, log := range []string{
		"case_id,activity,timestamp\nc1,a,1704067200000\nc1,b,1704070800000\n",
		"case_id,activity,timestamp\nc1,a,1704070800\nc1,b,1704067200\n",
		"case_id,activity,timestamp\nc1,a,-100\nc1,b,100\n",
	} {
		path := writeFile(t, "ok.csv", []byte(log))
		if _, _, err := MineFile(path, Options{}); err != nil {
			t.Errorf("%q: %v", log, err)
		}
	}
}

// TestCompactDatesRefused: a date written YYYYMMDD is refused with a hint,
// not read as Unix seconds of 1970, whether it comes first in the column or
// after Unix seconds; an eight-digit number that is no such date is still
// Unix seconds.
func TestCompactDatesRefused(t *testing.T) {
	for _, log := range []string{
		"case_id,activity,timestamp\nc1,a,20240101\nc1,b,20240102\n",
		"case_id,activity,timestamp\nc1,a,1704067200\nc1,b,20240102\n",
	} {
		_, _, err := MineFile(writeFile(t, "compact.csv", []byte(log)), Options{})
		ps := problemsOf(t, err)
		if len(ps) == 0 || ps[0].Code != CodeBadTime || !strings.Contains(ps[0].Message, "YYYYMMDD") || !strings.Contains(ps[0].Message, "2024-01-0") {
			t.Errorf("%q: %v", log, err)
		}
	}
	for b, want := range map[string]bool{"20240101": true, "19000229": false, "20240229": true, "20241301": false, "99999999": false, "2024010": false, "202401011": false, "18991231": false} {
		if got := compactDate([]byte(b)); got != want {
			t.Errorf("compactDate(%s) = %v", b, got)
		}
	}
	if f := detectFormat([]byte("99999999")); f != tfUnixS {
		t.Errorf("99999999: %v, want Unix seconds", f)
	}
}
