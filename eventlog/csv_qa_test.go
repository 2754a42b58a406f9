package eventlog

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

// unclosedEarlyCSV is QA's log: a quote opened on line 3 that is never
// closed, then 1,000 good rows.
func unclosedEarlyCSV() string {
	var b strings.Builder
	b.WriteString("case_id,activity,timestamp\nc1,a,2024-01-01T00:00:00Z\nc1,\"oops,2024-01-01T01:00:00Z\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "c%d,b,2024-01-01T02:00:00Z\n", i+2)
	}
	return b.String()
}

const unclosedEarlyMessage = "a quoted field opened on line 3 is never closed: the 1,000 lines after it were read as its text"

// TestUnclosedQuoteStopsTheReading checks that a quote left open to the end
// of the file, having read the lines after it as its text, is a bad-quote
// problem of its row that stops the reading, SkipBadRows or not, on one
// core or two (the prefetcher), alone or among other files, and after row
// problems, which are kept.
func TestUnclosedQuoteStopsTheReading(t *testing.T) {
	path := writeFile(t, "unclosed_early.csv", []byte(unclosedEarlyCSV()))
	want := Problem{File: path, Row: 3, Code: CodeBadQuote, Message: unclosedEarlyMessage}
	for _, procs := range []int{1, 2} {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		for _, skip := range []bool{false, true} {
			_, _, err := MineFile(path, Options{SkipBadRows: skip})
			ps := problemsOf(t, err)
			if len(ps) != 1 || ps[0] != want {
				t.Errorf("GOMAXPROCS %d, skip %v: %v\nwant %v", procs, skip, err, want)
			}
		}
	}
	other := writeFile(t, "good.csv", []byte("case_id,activity,timestamp\nc9,a,2024-01-01T00:00:00Z\n"))
	for _, paths := range [][]string{{path, other}, {other, path}} {
		_, _, err := MineFiles(paths, Options{SkipBadRows: true})
		ps := problemsOf(t, err)
		if len(ps) != 1 || ps[0] != want {
			t.Errorf("%v: %v\nwant %v", paths, err, want)
		}
	}

	// The row problems before it are reported with it.
	bad := strings.Replace(unclosedEarlyCSV(), "c1,a,", "c1,a,x,", 1)
	path = writeFile(t, "unclosed_after_ragged.csv", []byte(bad))
	_, _, err := MineFile(path, Options{})
	ps := problemsOf(t, err)
	if len(ps) != 2 || ps[0].Code != CodeRaggedRow || ps[0].Row != 2 || ps[1].Code != CodeBadQuote || ps[1].Row != 3 || ps[1].Message != unclosedEarlyMessage {
		t.Errorf("problems %v", err)
	}

	// The reader says it once, as Problems (which ends a log, see Reader),
	// then io.EOF.
	r, err := NewCSVReader(strings.NewReader(unclosedEarlyCSV()), ReadOptions{File: "log.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	_, err = r.Read()
	var all Problems
	if !errors.As(err, &all) || len(all) != 1 || all[0].Error() != "log.csv:3: bad-quote: "+unclosedEarlyMessage {
		t.Fatalf("%v (%T)", err, err)
	}
	for range 2 {
		if _, err := r.Read(); err != io.EOF {
			t.Fatalf("after the problem: %v", err)
		}
	}
}

// TestUnclosedQuoteMessages checks the messages: the line the quote opened
// on (which may be after the record's first), the lines after it, one or
// many, and the header's quote.
func TestUnclosedQuoteMessages(t *testing.T) {
	for _, tc := range []struct{ log, want string }{
		{"case_id,activity,timestamp\nc1,\"a\",2024-01-01T00:00:00Z\nc1,\"b\nb\",\"2024\nx\n", `:3: bad-quote: a quoted field opened on line 4 is never closed: the line after it was read as its text`},
		{"case_id,activity,timestamp\nc1,\"a\n\n\n\n", `:2: bad-quote: a quoted field opened on line 2 is never closed: the 3 lines after it were read as its text`},
		{"\"case_id,activity,timestamp\nc1,a,2024-01-01T00:00:00Z\n", `:1: bad-quote: a quoted field opened on line 1 is never closed: the line after it was read as its text`},
	} {
		path := writeFile(t, "log.csv", []byte(tc.log))
		_, _, err := MineFile(path, Options{SkipBadRows: true})
		ps := problemsOf(t, err)
		if len(ps) != 1 || ps[0].Error() != path+tc.want {
			t.Errorf("%q: %v\nwant %s%s", tc.log, err, path, tc.want)
		}
	}
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1001: "1,001", 123456: "123,456", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %s, want %s", n, got, want)
		}
	}
}

// TestQuoteClosedLaterStillReads checks that a quoted field with line
// breaks, closed lines later, is one field of one row, and that a quote
// opened on the last line, which has read no other line, stays a problem
// of its row, which SkipBadRows leaves out.
func TestQuoteClosedLaterStillReads(t *testing.T) {
	log := "case_id,activity,timestamp\n" +
		"c1,a,2024-01-01T00:00:00Z\n" +
		"c1,\"multi\nline,\n\n\"\"quoted\"\"\",2024-01-01T01:00:00Z\n" +
		"c1,c,2024-01-01T02:00:00Z\n"
	r, err := NewCSVReader(strings.NewReader(log), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		e, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d %s %q", e.Row, e.Case, e.Activity))
	}
	want := []string{`2 c1 "a"`, "3 c1 \"multi\\nline,\\n\\n\\\"quoted\\\"\"", `7 c1 "c"`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("events %q, want %q", got, want)
	}
	path := writeFile(t, "last.csv", []byte(log+"c2,\"never closed\n"))
	_, sum, err := MineFile(path, Options{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read.Events != 3 || len(sum.Read.Skipped) != 1 || sum.Read.Skipped[0].First.Message != "a quoted field is never closed" || sum.Read.Skipped[0].First.Row != 8 {
		t.Fatalf("read %+v", sum.Read)
	}
}

// The logs the sniffing tests read, each well under sniffSize bytes.
var sniffLogs = map[Format]string{
	CSV: "case_id,activity,timestamp\nc1,a,2024-01-01T00:00:00Z\nc1,b,2024-01-01T01:00:00Z\n",
	JSONL: `{"case_id":"c1","activity":"a","timestamp":"2024-01-01T00:00:00Z"}` + "\r\n" +
		`{"case_id":"c1","activity":"b","timestamp":"2024-01-01T01:00:00Z"}` + "\r\n",
	XES: `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0"><trace><string key="concept:name" value="c1"/>
<event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-01T00:00:00Z"/></event>
<event><string key="concept:name" value="b"/><date key="time:timestamp" value="2024-01-01T01:00:00Z"/></event>
</trace></log>
`,
}

// TestSniffAfterBlankLines checks that the format is told from the content
// after a byte order mark and blank lines (LF or CRLF), spaces and tabs, in
// a log shorter than what is peeked, gzipped or not, read from a stream
// that cannot seek and gives one byte at a time (standard input): the
// format is right and every event is read, none of the bytes peeked lost.
func TestSniffAfterBlankLines(t *testing.T) {
	prefixes := []string{"", "\n\n\n\n\n", "\xef\xbb\xbf\r\n\r\n", "\xef\xbb\xbf", " \t\r\n  \n", strings.Repeat("\r\n", 200)}
	for format, log := range sniffLogs {
		for _, prefix := range prefixes {
			for _, gz := range []bool{false, true} {
				data := []byte(prefix + log)
				if gz {
					var buf bytes.Buffer
					w := gzip.NewWriter(&buf)
					w.Write(data)
					w.Close()
					data = buf.Bytes()
				}
				name := fmt.Sprintf("%s after %q (gzip %v)", format, prefix, gz)
				r, got, err := NewReader(iotest.OneByteReader(bytes.NewReader(data)), "", ReadOptions{File: "-"})
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				if got != format {
					t.Errorf("%s: read as %s", name, got)
					continue
				}
				var acts []string
				for {
					e, err := r.Read()
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					acts = append(acts, e.Case+" "+e.Activity+" "+e.Time.Format("15:04"))
				}
				if strings.Join(acts, ",") != "c1 a 00:00,c1 b 01:00" {
					t.Errorf("%s: events %q", name, acts)
				}
			}
		}
	}
}

// TestSniffFormat checks sniffFormat on heads short and long: the magic
// bytes at the very start, the first character after a byte order mark and
// whitespace, and CSV for anything else, nothing included.
func TestSniffFormat(t *testing.T) {
	for head, want := range map[string]Format{
		"":                             CSV,
		"\n":                           CSV,
		"\xef\xbb\xbf":                 CSV,
		"\xef\xbb\xbf \r\n":            CSV,
		"a":                            CSV,
		"a,b\n<":                       CSV,
		"\n\n\n\n\na,b":                CSV,
		"{":                            JSONL,
		"\n{":                          JSONL,
		"\xef\xbb\xbf\r\n\r\n{":        JSONL,
		"\n\n\n\n\n{\"a\":1}":          JSONL,
		"<":                            XES,
		"\n\n\n\n\n<?xml":              XES,
		"\xef\xbb\xbf\t <log>":         XES,
		"PAR1":                         Parquet,
		"PK\x03\x04":                   XLSX,
		"\nPAR1":                       CSV,
		strings.Repeat(" ", 400) + "<": XES,
	} {
		if got := sniffFormat([]byte(head)); got != want {
			t.Errorf("sniffFormat(%q) = %s, want %s", head, got, want)
		}
	}
}
