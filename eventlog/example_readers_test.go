package eventlog_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/journeymap/journeymap/eventlog"
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
