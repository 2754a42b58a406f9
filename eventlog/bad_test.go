package eventlog

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func problemsOf(t *testing.T, err error) Problems {
	t.Helper()
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v (%T) is not Problems", err, err)
	}
	return ps
}

const badCSV = `case_id,activity,timestamp
c1,visit,2024-01-01T10:00:00Z
,visit,2024-01-01T10:00:00Z
c2,,2024-01-01T10:00:00Z
c3,visit,
c4,visit,yesterday
c5,visit,2024-01-01T10:00:00Z,extra
c6,"visit,2024-01-01T10:00:00Z
c7,buy,2024-01-02T10:00:00Z
`

func TestBadRowsAllAtOnce(t *testing.T) {
	path := writeFile(t, "bad.csv", []byte(badCSV))
	_, _, err := MineFile(path, Options{})
	ps := problemsOf(t, err)
	want := []string{
		path + ":3: missing-case: no case in column \"case_id\"",
		path + ":4: missing-activity: no activity in column \"activity\"",
		path + ":5: missing-time: no time in column \"timestamp\"",
		path + ":7: ragged-row: the row has 4 fields, the header 3",
		path + ":8: bad-quote: a quoted field opened on line 8 is never closed: the line after it was read as its text",
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Error())
	}
	// The bad time's message names the format; check it apart.
	if len(got) != 6 || !strings.HasPrefix(got[3], path+":6: bad-time: cannot read the time \"yesterday\"") {
		t.Fatalf("problems:\n%s", strings.Join(got, "\n"))
	}
	got = slices.Delete(got, 3, 4)
	if !slices.Equal(got, want) {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSkipBadRows(t *testing.T) {
	csv := strings.Replace(badCSV, `c6,"visit,`, `c6,visit,`, 1)
	path := writeFile(t, "bad.csv", []byte(csv))
	j, sum, err := MineFile(path, Options{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	r := sum.Read
	if r.Rows != 8 || r.Events != 3 {
		t.Fatalf("rows %d events %d, want 8 and 3", r.Rows, r.Events)
	}
	var codes []string
	var n int64
	for _, s := range r.Skipped {
		codes = append(codes, fmt.Sprintf("%s=%d", s.Code, s.Rows))
		n += s.Rows
	}
	if strings.Join(codes, " ") != "missing-case=1 missing-activity=1 missing-time=1 bad-time=1 ragged-row=1" || n != 5 {
		t.Fatalf("skipped %v", codes)
	}
	if len(j.Steps) != 2 {
		t.Fatalf("steps %v", j.Steps)
	}
	var b bytes.Buffer
	sum.WriteText(&b)
	if !strings.Contains(b.String(), "skipped 1 rows: ragged-row") {
		t.Fatalf("summary does not say what was skipped:\n%s", b.String())
	}
}

func TestMissingColumns(t *testing.T) {
	path := writeFile(t, "cols.csv", []byte("who,what,when\na,b,2024-01-01\n"))
	_, _, err := MineFile(path, Options{})
	ps := problemsOf(t, err)
	if !slices.Equal(ps.Codes(), []string{CodeMissingColumn, CodeMissingColumn, CodeMissingColumn}) {
		t.Fatalf("%v", ps)
	}
	if !strings.HasPrefix(ps[0].Error(), path+":1: missing-column: no case column") {
		t.Fatalf("%v", ps[0])
	}
	// Named columns work.
	if _, _, err := MineFile(path, Options{Read: ReadOptions{Columns: Columns{Case: "who", Activity: "what", Time: "when"}}}); err != nil {
		t.Fatal(err)
	}
	pq := writeFile(t, "cols.parquet", toParquet(t, runningEventList(t), true))
	_, _, err = MineFile(pq, Options{Read: ReadOptions{Columns: Columns{Segment: "tier"}}})
	ps = problemsOf(t, err)
	if len(ps) != 1 || ps[0].Code != CodeMissingColumn || !strings.Contains(ps[0].Message, `"tier"`) {
		t.Fatalf("%v", ps)
	}
}

func TestTruncatedGzip(t *testing.T) {
	data, _ := os.ReadFile("testdata/running-example.csv")
	z := gz(bytes.Repeat(data, 50))
	path := writeFile(t, "log.csv.gz", z[:len(z)/2])
	_, _, err := MineFile(path, Options{})
	ps := problemsOf(t, err)
	last := ps[len(ps)-1]
	if last.Code != CodeBadGzip || last.Row == 0 || !strings.HasPrefix(last.Error(), path+":") {
		t.Fatalf("%v", ps)
	}
}

func TestMalformedXES(t *testing.T) {
	xes := toXES(runningEventList(t))
	cut := bytes.Replace(xes, []byte("</event>"), []byte("</evnt>"), 3)
	path := writeFile(t, "log.xes", cut)
	_, _, err := MineFile(path, Options{})
	ps := problemsOf(t, err)
	if len(ps) != 1 || ps[0].Code != CodeBadXES || ps[0].Row != 10 {
		t.Fatalf("%v", ps)
	}
	path = writeFile(t, "cut.xes", xes[:len(xes)/2])
	_, _, err = MineFile(path, Options{})
	if ps := problemsOf(t, err); ps[len(ps)-1].Code != CodeBadXES {
		t.Fatalf("%v", ps)
	}
}

func TestTooManyActivities(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id,activity,timestamp\n")
	for i := 0; i <= DefaultMaxActivities; i++ {
		fmt.Fprintf(&b, "c%d,order-%d,%d\n", i%7, i, 1700000000+i)
	}
	path := writeFile(t, "ids.csv", []byte(b.String()))
	_, _, err := MineFile(path, Options{})
	ps := problemsOf(t, err)
	if len(ps) != 1 || ps[0].Code != CodeTooManyActivities || !strings.Contains(ps[0].Message, "--activity") {
		t.Fatalf("%v", ps)
	}
	if _, _, err := MineFile(path, Options{MaxActivities: DefaultMaxActivities + 1}); err != nil {
		t.Fatalf("raised limit: %v", err)
	}
}

func TestLimits(t *testing.T) {
	path := "testdata/running-example.csv"
	for _, tc := range []struct {
		opts Options
		code string
	}{
		{Options{MaxRows: 41}, CodeTooManyRows},
		{Options{MaxCases: 5}, CodeTooManyCases},
		{Options{MaxActivities: 7}, CodeTooManyActivities},
	} {
		_, _, err := MineFile(path, tc.opts)
		if ps := problemsOf(t, err); ps[len(ps)-1].Code != tc.code {
			t.Errorf("%+v: %v", tc.opts, ps)
		}
	}
	if _, _, err := MineFile(path, Options{MaxRows: 42, MaxCases: 6, MaxActivities: 8}); err != nil {
		t.Fatalf("at the limits: %v", err)
	}
}

func TestProblemCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id,activity,timestamp\n")
	for i := 0; i < 500; i++ {
		b.WriteString("c,a,\n")
	}
	path := writeFile(t, "many.csv", []byte(b.String()))
	_, _, err := MineFile(path, Options{MaxProblems: 20})
	ps := problemsOf(t, err)
	if len(ps) != 21 || ps[20].Code != CodeTooManyProblems {
		t.Fatalf("%d problems, last %v", len(ps), ps[len(ps)-1])
	}
}

func TestMixedTimeFormats(t *testing.T) {
	path := writeFile(t, "mixed.csv", []byte("case_id,activity,timestamp\na,x,2024-01-01 10:00:00\na,y,1704103200\n"))
	_, _, err := MineFile(path, Options{})
	ps := problemsOf(t, err)
	if len(ps) != 1 || ps[0].Code != CodeBadTime || ps[0].Row != 3 || !strings.Contains(ps[0].Message, "one format per column") {
		t.Fatalf("%v", ps)
	}
}

func TestTimeFormats(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // RFC 3339 in UTC
		f    timeFormat
	}{
		{"2024-03-01T10:20:30Z", "2024-03-01T10:20:30Z", tfISOZone},
		{"2024-03-01T10:20:30.250+02:00", "2024-03-01T08:20:30.25Z", tfISOZone},
		{"2024-03-01T10:20:30", "2024-03-01T10:20:30Z", tfISOLocal},
		{"2024-03-01 10:20:30", "2024-03-01T10:20:30Z", tfSpaceLocal},
		{"2024-03-01 10:20:30-0530", "2024-03-01T15:50:30Z", tfSpaceZone},
		{"2024-02-29", "2024-02-29T00:00:00Z", tfDate},
		{"1709288430", "2024-03-01T10:20:30Z", tfUnixS},
		{"1709288430.5", "2024-03-01T10:20:30.5Z", tfUnixS},
		{"1709288430123", "2024-03-01T10:20:30.123Z", tfUnixMS},
		{"1900-01-01T00:00:00Z", "1900-01-01T00:00:00Z", tfISOZone},
	} {
		var tp timeParser
		ns, msg := tp.parse([]byte(tc.in), 1)
		if msg != "" || tp.format != tc.f {
			t.Errorf("%s: %s (format %v)", tc.in, msg, tp.format)
			continue
		}
		if got := unixTime(ns).Format("2006-01-02T15:04:05.999999999Z07:00"); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.in, got, tc.want)
		}
	}
	for _, bad := range []string{"2023-02-29", "2024-13-01", "2024-01-01T25:00:00", "2024-01-01T10:00:00+2", "x", "", "12:00", "9999-12-31T23:59:59Z"} {
		var tp timeParser
		if _, msg := tp.parse([]byte(bad), 1); msg == "" {
			t.Errorf("%q parsed", bad)
		}
	}
}
