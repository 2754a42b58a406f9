package eventlog

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestCasePaths(t *testing.T) {
	cases := [][]Touch{
		{{Activity: "click", Touchpoint: "google"}, {Activity: "open", Touchpoint: "email"}, {Activity: "buy", Touchpoint: "web", Value: 100}, {Activity: "click", Touchpoint: "tv"}},
		{{Activity: "open", Touchpoint: "email"}, {Activity: "buy", Value: 50}},
		{{Activity: "click", Touchpoint: "google"}, {Activity: "visit"}},
		{{Activity: "click", Touchpoint: "google"}, {Activity: "open", Touchpoint: "email"}, {Activity: "buy", Value: 20}},
		{{Activity: "buy", Value: 5}},
		{{Activity: "visit"}},
	}
	paths, ws, err := CasePaths(cases, CasePathOptions{Goals: []string{"buy"}, Touchpoints: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []Path{
		{Channels: []string{"google", "email"}, Conversions: 2, Value: 120},
		{Channels: []string{"email"}, Conversions: 1, Value: 50},
		{Channels: []string{"google"}, Nulls: 1},
	}
	if fmt.Sprint(paths) != fmt.Sprint(want) {
		t.Errorf("paths = %v\nwant %v", paths, want)
	}
	if len(ws) != 1 || ws[0].Code != CodeNoTouch || !strings.Contains(ws[0].Message, "2 cases (1 of them converting)") {
		t.Errorf("warnings = %v", ws)
	}
	paths, _, err = CasePaths(cases, CasePathOptions{Goals: []string{"buy"}})
	if err != nil {
		t.Fatal(err)
	}
	want = []Path{
		{Channels: []string{"click", "open"}, Conversions: 2, Value: 120},
		{Channels: []string{"open"}, Conversions: 1, Value: 50},
		{Channels: []string{"click", "visit"}, Nulls: 1},
		{Channels: []string{"visit"}, Nulls: 1},
	}
	if fmt.Sprint(paths) != fmt.Sprint(want) {
		t.Errorf("activities: paths = %v\nwant %v", paths, want)
	}
	_, _, err = CasePaths(cases, CasePathOptions{})
	var ps Problems
	if !errors.As(err, &ps) || ps[0].Code != CodeMissingGoal {
		t.Errorf("no goal: %v", err)
	}
}

// TestReadPathsOrder: events are grouped by case and ordered by time, file
// order breaking ties, and the touchpoint column is used when there is one.
func TestReadPathsOrder(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	r := &SliceReader{Events: []Event{
		{Case: "b", Activity: "buy", Time: at(9), Value: 7},
		{Case: "a", Activity: "ad", Touchpoint: "tv", Time: at(5)},
		{Case: "b", Activity: "ad", Touchpoint: "radio", Time: at(1)},
		{Case: "a", Activity: "ad", Touchpoint: "radio", Time: at(5)},
		{Case: "a", Activity: "ad", Touchpoint: "tv", Time: at(2)},
		{Case: "b", Activity: "ad", Touchpoint: "tv", Time: at(9)}, // a tie with buy: after it in the file
	}}
	lp, err := ReadPaths(r, LogPathOptions{Goals: []string{"buy"}})
	if err != nil {
		t.Fatal(err)
	}
	paths, ws := lp.Paths, lp.Warnings
	want := []Path{ // in the order of the cases' first events
		{Channels: []string{"radio"}, Conversions: 1, Value: 7},
		{Channels: []string{"tv", "tv", "radio"}, Nulls: 1},
	}
	if fmt.Sprint(paths) != fmt.Sprint(want) || len(ws) != 0 {
		t.Errorf("paths = %v, warnings %v\nwant %v", paths, ws, want)
	}
}

func TestReadPathsRowProblems(t *testing.T) {
	text := "case_id,activity,timestamp\n1,a,2026-01-01 10:00\n1,,2026-01-01 10:01\n2,a,nonsense\n2,buy,2026-01-01 10:03\n"
	r, _, err := NewReader(strings.NewReader(text), CSV, ReadOptions{File: "log.csv"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ReadPaths(r, LogPathOptions{Goals: []string{"buy"}})
	var ps Problems
	if !errors.As(err, &ps) || strings.Join(ps.Codes(), " ") != "missing-activity bad-time" || ps[0].Row != 3 || ps[0].File != "log.csv" {
		t.Fatalf("err = %v", err)
	}
	r, _, _ = NewReader(strings.NewReader(text), CSV, ReadOptions{File: "log.csv"})
	lp, err := ReadPaths(r, LogPathOptions{Goals: []string{"buy"}, SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	paths, ws := lp.Paths, lp.Warnings
	if fmt.Sprint(paths) != fmt.Sprint([]Path{{Channels: []string{"a"}, Nulls: 1}}) {
		t.Errorf("paths = %v", paths)
	}
	if codes := ws.Codes(); strings.Join(codes, " ") != "no-touch skipped-rows" {
		t.Errorf("warnings = %v", ws)
	}
	r, _, _ = NewReader(strings.NewReader(text), CSV, ReadOptions{File: "log.csv"})
	lp, err = ReadPaths(r, LogPathOptions{Goals: []string{"buy", "Buy", "buy"}, SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if ws := lp.Warnings; len(ws) != 3 || ws[1].Code != CodeGoalNotSeen || ws[1].Message != `no event has the goal activity "Buy"` {
		t.Errorf("warnings = %v", ws)
	}
}

// TestReadPathsRunningExample: the running example of van der Aalst's
// Process Mining with "pay compensation" as the goal: cases 2, 3 and 6
// convert, 1, 4 and 5 end in "reject request" (paths written out by hand
// from the rows).
func TestReadPathsRunningExample(t *testing.T) {
	r, err := OpenFile("testdata/running-example.csv", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	lp, err := ReadPaths(r, LogPathOptions{Goals: []string{"pay compensation"}})
	if err != nil {
		t.Fatal(err)
	}
	paths, ws := lp.Paths, lp.Warnings
	got := map[string]string{}
	for _, p := range paths {
		got[strings.Join(p.Channels, " > ")] = fmt.Sprintf("%g/%g", p.Conversions, p.Nulls)
	}
	want := map[string]string{
		"register request > examine casually > check ticket > decide > reinitiate request > examine thoroughly > check ticket > decide": "1/0",
		"register request > check ticket > examine casually > decide":                                                                   "1/0",
		"register request > examine casually > check ticket > decide":                                                                   "1/0",
		"register request > examine thoroughly > check ticket > decide > reject request":                                                "0/1",
		"register request > check ticket > examine thoroughly > decide > reject request":                                                "0/1",
		"register request > examine casually > check ticket > decide > reinitiate request > check ticket > examine casually > decide > reinitiate request > examine casually > check ticket > decide > reject request": "0/1",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(ws) != 0 {
		t.Errorf("paths:\n%v\nwant\n%v\nwarnings %v", got, want, ws)
	}
	a, err := Attribute(paths, AttributionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Conversions != 3 || a.Nulls != 3 || a.ConversionRate != 0.5 {
		t.Errorf("totals %+v", a)
	}
	for _, c := range a.Channels {
		// Every walk of the chain starts with register request, and only
		// decide leads to the conversion. (Check ticket, though on every
		// path, can be skipped in the chain: examine casually → decide.)
		if (c.Channel == "register request" || c.Channel == "decide") && !attrNear(c.RemovalEffect, 1) {
			t.Errorf("%s: removal effect %v, want 1", c.Channel, c.RemovalEffect)
		}
		if c.Channel == "reject request" && (c.RemovalEffect != 0 || c.Markov != 0 || c.Linear != 0) {
			t.Errorf("reject request: %+v, want nothing", c)
		}
	}
}

// TestReadPathsTimes: times to convert, from a case's first event to its
// first goal, in all, per segment and per entry channel, worked out by hand.
func TestReadPathsTimes(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	var evs []Event
	add := func(cs, seg, tp, act string, s int, v float64) {
		evs = append(evs, Event{Case: cs, Segment: seg, Touchpoint: tp, Activity: act, Time: at(s), Value: v})
	}
	add("1", "new", "ads", "click", 0, 0)
	add("1", "new", "", "buy", 100, 10)
	add("1", "new", "", "buy", 500, 99) // a second conversion: not counted
	add("2", "", "mail", "open", 10, 0)
	add("2", "new", "ads", "click", 20, 0)
	add("2", "new", "", "buy", 40, 5)
	add("3", "old", "ads", "click", 0, 0)
	add("4", "old", "mail", "open", 0, 0)
	add("4", "old", "", "buy", 1000, 1)
	add("5", "old", "", "buy", 7, 0) // converts with no touch
	lp, err := ReadPaths(&SliceReader{Events: evs}, LogPathOptions{Goals: []string{"buy"}})
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%d %d %.6g %.6g", lp.Times.Cases, lp.Times.Converted, lp.Times.ConvertTime.Median, lp.Times.ConvertTime.P90)
	// Times 100, 30, 1000 and 0 (case 5 converts at its first event):
	// median (30+100)/2, p90 at rank 2.7: 100+0.7*900.
	if want := "5 4 65 730"; got != want {
		t.Errorf("all: %s, want %s", got, want)
	}
	var segs, ents []string
	for _, s := range lp.Times.Segments {
		segs = append(segs, fmt.Sprintf("%s %d %d %v %v", s.Segment, s.Cases, s.Converted, s.Value, *s.ConvertTime))
	}
	for _, e := range lp.Times.EntryChannels {
		tm := "-"
		if e.ConvertTime != nil {
			tm = fmt.Sprint(*e.ConvertTime)
		}
		ents = append(ents, fmt.Sprintf("%s %d %d %v %s", e.Channel, e.Cases, e.Converted, e.Value, tm))
	}
	if got, want := strings.Join(segs, "; "), "new 2 2 15 {65 93}; old 3 2 1 {500 900}"; got != want {
		t.Errorf("segments: %s, want %s", got, want)
	}
	if got, want := strings.Join(ents, "; "), "ads 2 1 10 {100 100}; mail 2 2 6 {515 903}"; got != want {
		t.Errorf("entry channels: %s, want %s", got, want)
	}
}

func ExampleCasePaths() {
	cases := [][]Touch{
		{{Activity: "ad click", Touchpoint: "google"}, {Activity: "newsletter", Touchpoint: "email"}, {Activity: "purchase", Value: 80}},
		{{Activity: "newsletter", Touchpoint: "email"}},
	}
	paths, _, err := CasePaths(cases, CasePathOptions{Goals: []string{"purchase"}, Touchpoints: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range paths {
		fmt.Printf("%s: %g conversions, %g nulls, value %g\n", strings.Join(p.Channels, " > "), p.Conversions, p.Nulls, p.Value)
	}
	// Output:
	// google > email: 1 conversions, 0 nulls, value 80
	// email: 0 conversions, 1 nulls, value 0
}

func ExampleReadPaths() {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	log := &SliceReader{Events: []Event{
		{Case: "ann", Activity: "ad click", Touchpoint: "google", Time: t0},
		{Case: "ann", Activity: "newsletter", Touchpoint: "email", Time: t0.Add(time.Hour)},
		{Case: "ann", Activity: "purchase", Time: t0.Add(3 * time.Hour), Value: 80},
		{Case: "bob", Activity: "newsletter", Touchpoint: "email", Time: t0},
		{Case: "cem", Activity: "ad click", Touchpoint: "google", Time: t0},
		{Case: "cem", Activity: "purchase", Time: t0.Add(30 * time.Minute), Value: 20},
	}}
	lp, err := ReadPaths(log, LogPathOptions{Goals: []string{"purchase"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := Attribute(lp.Paths, AttributionOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	a.Times = lp.Times
	if err := a.WriteText(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Attribution (Markov order 1): 3 paths, 2 conversions, 1 nulls, conversion rate 0.6667, value 100
	//
	// channel  removal effect  markov  markov value  first touch  last touch  linear
	// email               0.5     0.8            40            0           1     0.5
	// google             0.75     1.2            60            2           1     1.5
	//
	// Time to convert: 3 cases, 2 converted, median 1.8h, p90 2.8h
	//
	// by             name    cases  converted  median   p90
	// entry channel  email       1          0       -     -
	// entry channel  google      2          2    1.8h  2.8h
}

// TestReadPathsSegmentInFileOrder takes a case's segment as mining and
// conformance do: the first non-empty one in file order, even when a later
// row of the case comes first in time.
func TestReadPathsSegmentInFileOrder(t *testing.T) {
	log := "case_id,activity,timestamp,segment\n" +
		"1,a,2026-01-02,family\n" +
		"1,b,2026-01-01,corporate\n" +
		"1,buy,2026-01-03,\n"
	r, _, err := NewReader(strings.NewReader(log), CSV, ReadOptions{Columns: Columns{Segment: "segment"}})
	if err != nil {
		t.Fatal(err)
	}
	lp, err := ReadPaths(r, LogPathOptions{Goals: []string{"buy"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(lp.Times.Segments) != 1 || lp.Times.Segments[0].Segment != "family" {
		t.Fatalf("segments %+v, want only family", lp.Times.Segments)
	}
}

// TestReadPathsNoGoalOccurs: when no event has any of the goals (a typo,
// most likely), ReadPaths fails as Mine does, naming the goals and the
// most frequent activities, rather than attributing nothing.
func TestReadPathsNoGoalOccurs(t *testing.T) {
	text := "case_id,activity,timestamp\n1,ad,2026-01-01\n1,buy,2026-01-02\n2,ad,2026-01-01\n"
	r, _, _ := NewReader(strings.NewReader(text), CSV, ReadOptions{File: "log.csv"})
	_, err := ReadPaths(r, LogPathOptions{Goals: []string{"purchase", "Buy"}})
	ps, ok := err.(Problems)
	if !ok || len(ps) != 1 || ps[0].Code != CodeGoalNotFound ||
		ps[0].Message != `no goal occurs in the log (goals "Buy", "purchase"; the most frequent activities: "ad", "buy")` {
		t.Fatalf("got %v", err)
	}
}
