package eventlog

import (
	"maps"
	"testing"

	"github.com/journeymap/journeymap/journey"
)

// The running example of van der Aalst's Process Mining book, as pm4py ships
// it (testdata/SOURCES.md). Every count below was worked out by hand from
// the file's rows, each case ordered by time.
var (
	runningPairs = map[Pair]int64{
		{"register request", "examine casually"}:     3, // cases 3, 5, 6
		{"register request", "check ticket"}:         2, // 2, 4
		{"register request", "examine thoroughly"}:   1, // 1
		{"examine casually", "check ticket"}:         4, // 3, 5 (twice), 6
		{"examine casually", "decide"}:               2, // 2, 5
		{"check ticket", "decide"}:                   6, // 3 (twice), 1, 6, 5 (twice)
		{"check ticket", "examine casually"}:         2, // 2, 5
		{"check ticket", "examine thoroughly"}:       1, // 4
		{"decide", "reinitiate request"}:             3, // 3, 5 (twice)
		{"decide", "pay compensation"}:               3, // 3, 2, 6
		{"decide", "reject request"}:                 3, // 1, 5, 4
		{"reinitiate request", "examine thoroughly"}: 1, // 3
		{"reinitiate request", "check ticket"}:       1, // 5
		{"reinitiate request", "examine casually"}:   1, // 5
		{"examine thoroughly", "check ticket"}:       2, // 3, 1
		{"examine thoroughly", "decide"}:             1, // 4
	}
	runningStarts = map[string]int64{"register request": 6}
	runningEnds   = map[string]int64{"pay compensation": 3, "reject request": 3}
	runningEvents = map[string]int64{
		"register request": 6, "examine casually": 6, "check ticket": 9, "decide": 9,
		"reinitiate request": 3, "examine thoroughly": 3, "pay compensation": 3, "reject request": 3,
	}
)

func mineRunning(t *testing.T, opts Options) (*Aggregate, *ReadStats) {
	t.Helper()
	r, err := OpenFile("testdata/running-example.csv", opts.Read)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	agg, stats, err := ReadAggregate(r, opts)
	if err != nil {
		t.Fatal(err)
	}
	return agg, stats
}

func TestRunningExample(t *testing.T) {
	agg, stats := mineRunning(t, Options{Goals: []string{"pay compensation"}})
	if stats.Rows != 42 || stats.Events != 42 {
		t.Fatalf("rows %d, events %d; want 42 and 42", stats.Rows, stats.Events)
	}
	if stats.Columns.Case != "case:concept:name" || stats.Columns.Activity != "concept:name" || stats.Columns.Time != "time:timestamp" {
		t.Fatalf("columns %+v, want pm4py's", stats.Columns)
	}
	if stats.TimeFormat != tfSpaceZone.String() {
		t.Fatalf("time format %q", stats.TimeFormat)
	}
	if len(agg.Segments) != 1 {
		t.Fatalf("segments %v, want one unnamed", agg.SegmentNames())
	}
	s := agg.Segments[""]
	if s.Cases != 6 || s.Converted != 3 {
		t.Fatalf("cases %d converted %d, want 6 and 3", s.Cases, s.Converted)
	}
	if !maps.Equal(s.Pairs, runningPairs) {
		t.Errorf("directly-follows:\n got %v\nwant %v", s.Pairs, runningPairs)
	}
	if !maps.Equal(s.Starts, runningStarts) || !maps.Equal(s.Ends, runningEnds) {
		t.Errorf("starts %v ends %v", s.Starts, s.Ends)
	}
	if !maps.Equal(s.Events, runningEvents) {
		t.Errorf("events %v", s.Events)
	}
	// decide -> pay compensation: cases 2, 3, 6 took 3d 43m, 6d 50m and
	// 8d 18h 55m.
	d := s.PairTimes[Pair{"decide", "pay compensation"}]
	if d.Quantile(0.5) != 521400 || d.Quantile(0.9) != 711720 {
		t.Errorf("decide -> pay compensation: median %v, p90 %v; want 521400 and 711720", d.Quantile(0.5), d.Quantile(0.9))
	}
	// Time to convert: case 2 11:32 -> 01-08 12:05, case 3 14:32 -> 01-15
	// 10:45, case 6 01-06 15:02 -> 01-16 11:47.
	want := []float64{9*86400 + 33*60, 15*86400 + 20*3600 + 13*60, 9*86400 + 20*3600 + 45*60}
	if got := s.ConvertTime.Quantile(0.5); got != quantileBySort(want, 0.5) {
		t.Errorf("median time to convert %v, want %v", got, quantileBySort(want, 0.5))
	}
}

func TestRunningExampleJourney(t *testing.T) {
	j, sum, err := MineFile("testdata/running-example.csv", Options{Goals: []string{"pay compensation"}, Exits: []string{"reject request"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Validate(); err != nil {
		t.Fatalf("mined journey invalid: %v", err)
	}
	if len(j.Steps) != 8 || len(j.Transitions) != len(runningPairs) {
		t.Fatalf("%d steps, %d transitions", len(j.Steps), len(j.Transitions))
	}
	for _, tr := range j.Transitions {
		if tr.Count != runningPairs[Pair{tr.From, tr.To}] {
			t.Errorf("%s -> %s: count %d", tr.From, tr.To, tr.Count)
		}
	}
	for _, s := range j.Steps {
		if s.Count != runningEvents[s.ID] {
			t.Errorf("step %s: count %d", s.ID, s.Count)
		}
	}
	if len(j.Entries) != 1 || j.Entries[0] != "register request" {
		t.Errorf("entries %v", j.Entries)
	}
	if len(j.Goals) != 1 || len(j.Exits) != 1 {
		t.Errorf("goals %v exits %v", j.Goals, j.Exits)
	}
	if j.Observed == nil || j.Observed.Cases != 6 || j.Observed.Converted != 3 {
		t.Errorf("observed %+v", j.Observed)
	}
	if sum.Cases != 6 || len(sum.Variants) == 0 {
		t.Errorf("summary %+v", sum)
	}
	var stages []journey.Phase
	for _, s := range j.Stages {
		stages = append(stages, s.Phase)
	}
	t.Logf("stages %v", stages)
}
