package eventlog

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
)

// drain reads r to the end, checking that every error is a Problem with a
// code, and mines what it read; nothing may panic, and a mined journey must
// be valid.
func drain(t *testing.T, r Reader, err error) {
	if err != nil {
		var ps Problems
		if !errors.As(err, &ps) || len(ps) == 0 || ps[0].Code == "" {
			t.Fatalf("constructor error %v (%T) is not Problems", err, err)
		}
		return
	}
	var es []Event
	for i := 0; i < 100000; i++ {
		e, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var ps Problems
			if errors.As(err, &ps) && len(ps) > 0 && ps[0].Code != "" {
				break
			}
			var p *Problem
			if !errors.As(err, &p) || p.Code == "" || p.Row < 0 {
				t.Fatalf("read error %v (%T) is not a Problem", err, err)
			}
			if !p.IsRow() {
				break
			}
			continue
		}
		es = append(es, e)
	}
	j, _, err := Mine(&SliceReader{Events: es}, Options{SkipBadRows: true})
	if err != nil {
		return
	}
	if err := j.Validate(); err != nil {
		t.Fatalf("mined journey invalid: %v", err)
	}
}

func seedRunning(f *testing.F, conv func([]Event) []byte) {
	data, err := os.ReadFile("testdata/running-example.csv")
	if err != nil {
		f.Fatal(err)
	}
	r, _ := NewCSVReader(bytes.NewReader(data), ReadOptions{})
	var es []Event
	for {
		e, err := r.Read()
		if err != nil {
			break
		}
		es = append(es, e)
	}
	f.Add(conv(es))
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte(badCSV))
	f.Add([]byte("\xef\xbb\xbfcase_id;activity;timestamp\r\n1;\"a;\"\"b\"\"\";1700000000\r\n"))
	f.Add([]byte("case_id\tactivity\ttimestamp\tsegment\n1\ta\t2024-01-01\tx\n"))
	seedRunning(f, func([]Event) []byte { d, _ := os.ReadFile("testdata/running-example.csv"); return d })
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewCSVReader(bytes.NewReader(data), ReadOptions{})
		drain(t, r, err)
	})
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"case_id": 1, "activity": "a", "timestamp": 1700000000}` + "\n{}\n[1]\n"))
	seedRunning(f, toJSONL)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewJSONLReader(bytes.NewReader(data), ReadOptions{})
		drain(t, r, err)
	})
}

func FuzzXES(f *testing.F) {
	seedRunning(f, toXES)
	f.Add([]byte(`<log><trace><string key="concept:name" value="1"/><event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-01T00:00:00Z"/></event></trace></log>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewXESReader(bytes.NewReader(data), ReadOptions{})
		drain(t, r, err)
	})
}

func FuzzParquet(f *testing.F) {
	seedRunning(f, func(es []Event) []byte { return toParquet(f, es, false) })
	seedRunning(f, func(es []Event) []byte { return toParquet(f, es, true) })
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewParquetReader(bytes.NewReader(data), int64(len(data)), ReadOptions{})
		drain(t, r, err)
	})
}

func FuzzXLSX(f *testing.F) {
	seedRunning(f, func(es []Event) []byte { return toXLSX(f, es, true) })
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewXLSXReader(bytes.NewReader(data), ReadOptions{})
		if err == nil {
			defer r.Close()
		}
		drain(t, r, err)
	})
}

func FuzzTime(f *testing.F) {
	for _, s := range []string{"2024-01-01T10:00:00Z", "2024-01-01 10:00:00+01:00", "1700000000", "1700000000123", "2024-02-29", "-1.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var tp timeParser
		ns, msg := tp.parse([]byte(s), 1)
		if msg == "" && tp.format == tfNone {
			t.Fatalf("%q parsed without a format", s)
		}
		if msg == "" {
			// A time parsed in a format parses again the same.
			again, ok := parseAs(tp.format, []byte(s))
			if !ok || again != ns {
				t.Fatalf("%q: %d then %d", s, ns, again)
			}
		}
	})
}
