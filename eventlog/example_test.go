package eventlog_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/journeymap/journeymap/eventlog"
	"github.com/journeymap/journeymap/journey"
)

const crmExport = `customer,segment,activity,timestamp
c1,family,ad,2026-03-01 10:00:00
c1,family,site,2026-03-01 10:05:00
c1,family,buy,2026-03-02 18:00:00
c2,family,ad,2026-03-01 11:00:00
c2,family,site,2026-03-01 11:02:00
c3,corporate,site,2026-03-03 09:00:00
c3,corporate,buy,2026-03-03 09:30:00
`

func ExampleMine() {
	r, err := eventlog.NewCSVReader(strings.NewReader(crmExport), eventlog.ReadOptions{
		Columns: eventlog.Columns{Case: "customer"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	j, sum, err := eventlog.Mine(r, eventlog.Options{Goals: []string{"buy"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range j.Transitions {
		fmt.Println(t.From, "->", t.To, t.Personas, t.Count)
	}
	fmt.Println("entries", j.Entries, "converted", sum.Converted, "of", sum.Cases)
	// Output:
	// ad -> site [family] 2
	// site -> buy [corporate] 1
	// site -> buy [family] 1
	// entries [ad site] converted 2 of 3
}

func ExampleMineFile() {
	j, _, err := eventlog.MineFile("testdata/running-example.csv", eventlog.Options{
		Goals: []string{"pay compensation"}, Exits: []string{"reject request"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range j.Steps[:3] {
		fmt.Println(s.Stage, s.ID, s.Count)
	}
	// Output:
	// first-contact register request 6
	// consideration examine casually 6
	// consideration check ticket 9
}

func ExampleMine_template() {
	designed := &journey.Journey{
		ID:          "shop",
		Stages:      []journey.Stage{{ID: "browse"}, {ID: "buy"}},
		Steps:       []journey.Step{{ID: "site", Stage: "browse"}, {ID: "buy", Stage: "buy", Emotion: 2}},
		Transitions: []journey.Transition{{From: "site", To: "buy"}},
		Entries:     []string{"site"},
		Goals:       []string{"buy"},
	}
	log := &eventlog.SliceReader{Events: []eventlog.Event{
		{Case: "a", Activity: "site", Time: time.Unix(0, 0)},
		{Case: "a", Activity: "buy", Time: time.Unix(60, 0)},
		{Case: "b", Activity: "ad", Time: time.Unix(0, 0)},
		{Case: "b", Activity: "site", Time: time.Unix(30, 0)},
	}}
	j, sum, err := eventlog.Mine(log, eventlog.Options{Template: designed})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(j.Steps[0].ID, j.Steps[0].Count, j.Transitions[0].Count, j.Steps[1].Emotion)
	sum.Unmatched.Activities[0].Activity = strings.ToUpper(sum.Unmatched.Activities[0].Activity)
	fmt.Println("not in the template:", sum.Unmatched.Activities, sum.Unmatched.Transitions)
	// Output:
	// site 2 1 2
	// not in the template: [{AD 1}] [{{ad site} 1}]
}

func ExampleOpenFile() {
	r, err := eventlog.OpenFile("testdata/running-example.csv", eventlog.ReadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	e, _ := r.Read()
	fmt.Println(r.Format(), r.Columns().Case, e.Case, e.Activity, e.Time.UTC())
	fmt.Println(r.TimeFormat())
	// Output:
	// csv case:concept:name 3 register request 2010-12-30 13:32:00 +0000 UTC
	// 2006-01-02 15:04:05Z07:00
}

func ExampleAggregate_Merge() {
	read := func(log string) *eventlog.Aggregate {
		r, _ := eventlog.NewCSVReader(strings.NewReader(log), eventlog.ReadOptions{})
		a, _, _ := eventlog.ReadAggregate(r, eventlog.Options{Goals: []string{"buy"}})
		return a
	}
	a := read("case_id,activity,timestamp\n1,site,1700000000\n1,buy,1700000060\n")
	b := read("case_id,activity,timestamp\n2,site,1700000000\n2,buy,1700000120\n")
	if err := a.Merge(b); err != nil {
		fmt.Println(err)
		return
	}
	s := a.Segments[""]
	fmt.Println(s.Cases, s.Pairs[eventlog.Pair{From: "site", To: "buy"}], s.PairTimes[eventlog.Pair{From: "site", To: "buy"}].Quantile(0.5))
	// Output: 2 2 90
}

func ExampleSummary_WriteText() {
	_, sum, err := eventlog.MineFile("testdata/running-example.csv", eventlog.Options{Goals: []string{"pay compensation"}, TopVariants: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	sum.Read.File = "running-example.csv"
	sum.WriteText(os.Stdout)
	// Output:
	// read 42 rows: 42 events, time format 2006-01-02 15:04:05Z07:00
	// cases 6, converted 3 (50.0%), time to convert: median 9.9d, p90 14.6d
	// top variants:
	//        1  register request > check ticket > examine casually > decide > pay compensation
	//        1  register request > check ticket > examine thoroughly > decide > reject request
}

func ExampleDurations() {
	var d eventlog.Durations
	for _, s := range []float64{60, 120, 180, 3600} {
		d.Add(s)
	}
	fmt.Printf("median %.0f, p90 %.0f, exact %v\n", d.Quantile(0.5), d.Quantile(0.9), d.Exact())
	// Output: median 150, p90 2574, exact true
}

func ExampleNewReader() {
	log := `{"case_id": "c1", "activity": "visit", "timestamp": "2026-01-01T10:00:00Z"}
{"case_id": "c1", "activity": "buy", "timestamp": "2026-01-01T10:30:00Z"}
`
	r, format, err := eventlog.NewReader(strings.NewReader(log), "", eventlog.ReadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	e, _ := r.Read()
	fmt.Println(format, e.Case, e.Activity, e.Time.Format(time.Kitchen))
	// Output: jsonl c1 visit 10:00AM
}

func ExampleNewXESReader() {
	log := `<log xes.version="1.0">
  <trace>
    <string key="concept:name" value="order-7"/>
    <event>
      <string key="concept:name" value="place order"/>
      <date key="time:timestamp" value="2026-02-01T09:00:00.000+01:00"/>
    </event>
  </trace>
</log>`
	r, _ := eventlog.NewXESReader(strings.NewReader(log), eventlog.ReadOptions{})
	e, err := r.Read()
	fmt.Println(e.Case, e.Activity, e.Time.UTC().Format(time.RFC3339), e.Row, err)
	// Output: order-7 place order 2026-02-01T08:00:00Z 4 <nil>
}

func ExampleReadAggregate() {
	r, _ := eventlog.NewCSVReader(strings.NewReader(crmExport), eventlog.ReadOptions{Columns: eventlog.Columns{Case: "customer"}})
	agg, stats, err := eventlog.ReadAggregate(r, eventlog.Options{Goals: []string{"buy"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, seg := range agg.SegmentNames() {
		s := agg.Segments[seg]
		fmt.Println(seg, s.Cases, s.Converted, s.Pairs[eventlog.Pair{From: "site", To: "buy"}])
	}
	fmt.Println(stats.Events, "events,", stats.TimeFormat)
	// Output:
	// corporate 1 1 1
	// family 2 1 1
	// 7 events, 2006-01-02 15:04:05, as UTC
}

func ExampleAggregate_Journey() {
	agg := eventlog.NewAggregate("buy")
	s := agg.Segment("")
	s.Cases, s.Converted = 10, 4
	s.Events = map[string]int64{"visit": 10, "buy": 4}
	s.Starts = map[string]int64{"visit": 10}
	s.Ends = map[string]int64{"visit": 6, "buy": 4}
	s.Pairs = map[eventlog.Pair]int64{{From: "visit", To: "buy"}: 4}
	j, _, err := agg.Journey(eventlog.BuildOptions{ID: "shop"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(j.ID, j.Entries, j.Goals, j.Steps[0].Count, j.Transitions[0].Count, j.Validate())
	// Output: shop [visit] [buy] 10 4 <nil>
}

func ExampleFormatOf() {
	for _, name := range []string{"export.csv", "log.xes.gz", "events.parquet", "crm.xlsx", "notes.txt.gz", "data.bin"} {
		fmt.Printf("%s:%q ", name, eventlog.FormatOf(name))
	}
	fmt.Println()
	// Output: export.csv:"csv" log.xes.gz:"xes" events.parquet:"parquet" crm.xlsx:"xlsx" notes.txt.gz:"csv" data.bin:""
}
