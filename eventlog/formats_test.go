package eventlog

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"
)

// runningEvents reads the running example's events.
func runningEventList(t testing.TB) []Event {
	t.Helper()
	f, err := os.Open("testdata/running-example.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := NewCSVReader(f, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var es []Event
	for {
		e, err := r.Read()
		if err == io.EOF {
			return es
		}
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
}

func toJSONL(es []Event) []byte {
	var b bytes.Buffer
	for i, e := range es {
		m := map[string]any{"case:concept:name": e.Case, "concept:name": e.Activity, "time:timestamp": e.Time.Format(time.RFC3339)}
		if i%2 == 0 { // numbers for cases on every other line
			var n json.Number = json.Number(e.Case)
			m["case:concept:name"] = n
		}
		line, _ := json.Marshal(m)
		b.Write(line)
		b.WriteByte('\n')
		if i == 3 {
			b.WriteString("\n") // a blank line
		}
	}
	return b.Bytes()
}

// toXES writes the events as XES, one trace per case, with the trace's
// attributes after its first event (XES allows any order).
func toXES(es []Event) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<log xes.version="1.0" xmlns="http://www.xes-standard.org/">` + "\n")
	b.WriteString(`<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>` + "\n")
	b.WriteString(`<global scope="event"><string key="concept:name" value="__INVALID__"/></global>` + "\n")
	var order []string
	byCase := map[string][]Event{}
	for _, e := range es {
		if _, ok := byCase[e.Case]; !ok {
			order = append(order, e.Case)
		}
		byCase[e.Case] = append(byCase[e.Case], e)
	}
	for _, c := range order {
		b.WriteString("<trace>\n")
		for i, e := range byCase[c] {
			fmt.Fprintf(&b, "  <event>\n    <string key=\"concept:name\" value=\"%s\"/>\n    <date key=\"time:timestamp\" value=\"%s\"/>\n", html.EscapeString(e.Activity), e.Time.Format("2006-01-02T15:04:05.000-07:00"))
			b.WriteString("    <list key=\"l\"><values><string key=\"x\" value=\"y\"/></values></list>\n  </event>\n")
			if i == 0 {
				fmt.Fprintf(&b, "  <string key=\"concept:name\" value=\"%s\"/>\n", html.EscapeString(c))
			}
		}
		b.WriteString("</trace>\n")
	}
	b.WriteString("</log>\n")
	return b.Bytes()
}

type parquetRow struct {
	Case     string    `parquet:"case:concept:name"`
	Activity string    `parquet:"concept:name"`
	Time     time.Time `parquet:"time:timestamp,timestamp(millisecond)"`
}

type parquetTextRow struct {
	Case     string `parquet:"case_id"`
	Activity string `parquet:"activity,optional"`
	Time     string `parquet:"timestamp"`
}

func toParquet(t testing.TB, es []Event, text bool) []byte {
	var b bytes.Buffer
	if text {
		w := parquet.NewGenericWriter[parquetTextRow](&b)
		for _, e := range es {
			if _, err := w.Write([]parquetTextRow{{e.Case, e.Activity, e.Time.Format(time.RFC3339)}}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	w := parquet.NewGenericWriter[parquetRow](&b)
	for _, e := range es {
		if _, err := w.Write([]parquetRow{{e.Case, e.Activity, e.Time}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// toXLSX writes a workbook; serial writes times as Excel dates.
func toXLSX(t testing.TB, es []Event, serial bool) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetList()[0]
	_ = f.SetSheetRow(sh, "A1", &[]any{"case_id", "activity", "timestamp"})
	for i, e := range es {
		var tv any = e.Time.UTC().Format("2006-01-02 15:04:05")
		if serial {
			tv = e.Time.UTC()
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sh, cell, &[]any{e.Case, e.Activity, tv}); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gz(data []byte) []byte {
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	z.Write(data)
	z.Close()
	return b.Bytes()
}

// TestFormatsAgree reads the running example in every format and checks
// the same counts come out of each.
func TestFormatsAgree(t *testing.T) {
	es := runningEventList(t)
	csvData, _ := os.ReadFile("testdata/running-example.csv")
	dir := t.TempDir()
	files := map[string][]byte{
		"log.csv":          csvData,
		"log.csv.gz":       gz(csvData),
		"log.tsv":          bytes.ReplaceAll(csvData, []byte(","), []byte("\t")),
		"crlf-bom.csv":     append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(csvData, []byte("\n"), []byte("\r\n"))...),
		"log.jsonl":        toJSONL(es),
		"log.xes":          toXES(es),
		"log.xes.gz":       gz(toXES(es)),
		"log.parquet":      toParquet(t, es, false),
		"text.parquet":     toParquet(t, es, true),
		"log.xlsx":         toXLSX(t, es, false),
		"serial.xlsx":      toXLSX(t, es, true),
		"noextension":      toXES(es),
		"noextension-json": toJSONL(es),
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			r, err := OpenFile(path, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			agg, stats, err := ReadAggregate(r, Options{Goals: []string{"pay compensation"}})
			if err != nil {
				t.Fatal(err)
			}
			if stats.Events != 42 {
				t.Fatalf("%d events", stats.Events)
			}
			s := agg.Segments[""]
			if !maps.Equal(s.Pairs, runningPairs) || !maps.Equal(s.Starts, runningStarts) || !maps.Equal(s.Ends, runningEnds) || !maps.Equal(s.Events, runningEvents) {
				t.Fatalf("counts differ: pairs %v starts %v ends %v", s.Pairs, s.Starts, s.Ends)
			}
			if got := s.PairTimes[Pair{"decide", "pay compensation"}].Quantile(0.5); got != 521400 {
				t.Fatalf("decide -> pay compensation median %v, want 521400 (time format %s)", got, r.TimeFormat())
			}
			if r.TimeFormat() == "" {
				t.Fatal("no time format reported")
			}
		})
	}
}
