package eventlog_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/journeymap/journeymap/eventlog"
	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"
)

// A CRM export with a byte-order mark, semicolons, CRLF line ends, a quoted
// activity and Unix milliseconds: the separator and the time format are
// detected.
func ExampleNewCSVReader() {
	log := "\ufeffcustomer;activity;timestamp\r\n" +
		"42;\"opened the offer; twice\";1767261600000\r\n" +
		"42;signed;1767265200000\r\n"
	r, err := eventlog.NewCSVReader(strings.NewReader(log), eventlog.ReadOptions{
		File:    "export.csv",
		Columns: eventlog.Columns{Case: "customer"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for {
		e, err := r.Read()
		if err != nil {
			break // io.EOF at the end, else a *Problem
		}
		fmt.Println(e.Row, e.Case, e.Activity, e.Time.Format(time.RFC3339))
	}
	fmt.Println(r.TimeFormat())
	// Output:
	// 2 42 opened the offer; twice 2026-01-01T10:00:00Z
	// 3 42 signed 2026-01-01T11:00:00Z
	// Unix milliseconds
}

// JSON Lines with a number as the case ID and a segment: each line is one
// event.
func ExampleNewJSONLReader() {
	log := `{"case_id": 7, "activity": "visit", "timestamp": "2026-01-01T10:00:00+02:00", "segment": "family"}
{"case_id": 7, "activity": "buy", "timestamp": "2026-01-01T08:30:00Z", "segment": "family"}
`
	r, err := eventlog.NewJSONLReader(strings.NewReader(log), eventlog.ReadOptions{File: "events.jsonl"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for {
		e, err := r.Read()
		if err != nil {
			break
		}
		fmt.Println(e.Row, e.Case, e.Segment, e.Activity, e.Time.UTC().Format(time.RFC3339))
	}
	// Output:
	// 1 7 family visit 2026-01-01T08:00:00Z
	// 2 7 family buy 2026-01-01T08:30:00Z
}

// A Parquet export whose time column is a TIMESTAMP in milliseconds, as
// pandas and Spark write it; the reader needs random access (a file or
// bytes.Reader).
func ExampleNewParquetReader() {
	type row struct {
		Case     string    `parquet:"case_id"`
		Activity string    `parquet:"activity"`
		Time     time.Time `parquet:"timestamp,timestamp(millisecond)"`
	}
	var b bytes.Buffer
	w := parquet.NewGenericWriter[row](&b)
	_, _ = w.Write([]row{{"c1", "visit", time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)}})
	_ = w.Close()
	data := bytes.NewReader(b.Bytes())
	r, err := eventlog.NewParquetReader(data, data.Size(), eventlog.ReadOptions{File: "events.parquet"})
	if err != nil {
		fmt.Println(err)
		return
	}
	e, err := r.Read()
	fmt.Println(e.Row, e.Case, e.Activity, e.Time.Format(time.RFC3339), err, r.TimeFormat())
	// Output: 1 c1 visit 2026-01-01T10:00:00Z <nil> Parquet TIMESTAMP(isAdjustedToUTC=true,unit=MILLIS)
}

// An Excel workbook whose time cells are Excel dates: the first sheet is
// read, its first non-empty row the header.
func ExampleNewXLSXReader() {
	f := excelize.NewFile()
	sheet := f.GetSheetList()[0]
	_ = f.SetSheetRow(sheet, "A1", &[]any{"case_id", "activity", "timestamp"})
	_ = f.SetSheetRow(sheet, "A2", &[]any{"c1", "visit", time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)})
	var b bytes.Buffer
	_ = f.Write(&b)
	r, err := eventlog.NewXLSXReader(&b, eventlog.ReadOptions{File: "events.xlsx"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	e, err := r.Read()
	fmt.Println(e.Row, e.Case, e.Activity, e.Time.Format(time.RFC3339), err, r.TimeFormat())
	// Output: 2 c1 visit 2026-01-01T10:00:00Z <nil> Excel serial date
}
