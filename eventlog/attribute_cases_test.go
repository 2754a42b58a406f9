package eventlog

import (
	"errors"
	"fmt"
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
	paths, ws, err := ReadPaths(r, LogPathOptions{Goals: []string{"buy"}})
	if err != nil {
		t.Fatal(err)
	}
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
	_, _, err = ReadPaths(r, LogPathOptions{Goals: []string{"buy"}})
	var ps Problems
	if !errors.As(err, &ps) || strings.Join(ps.Codes(), " ") != "missing-activity bad-time" || ps[0].Row != 3 || ps[0].File != "log.csv" {
		t.Fatalf("err = %v", err)
	}
	r, _, _ = NewReader(strings.NewReader(text), CSV, ReadOptions{File: "log.csv"})
	paths, ws, err := ReadPaths(r, LogPathOptions{Goals: []string{"buy"}, SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(paths) != fmt.Sprint([]Path{{Channels: []string{"a"}, Nulls: 1}}) {
		t.Errorf("paths = %v", paths)
	}
	if codes := ws.Codes(); strings.Join(codes, " ") != "no-touch skipped-rows" {
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
	paths, ws, err := ReadPaths(r, LogPathOptions{Goals: []string{"pay compensation"}})
	if err != nil {
		t.Fatal(err)
	}
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
		if (c.Channel == "register request" || c.Channel == "decide") && !near(c.RemovalEffect, 1) {
			t.Errorf("%s: removal effect %v, want 1", c.Channel, c.RemovalEffect)
		}
		if c.Channel == "reject request" && (c.RemovalEffect != 0 || c.Markov != 0 || c.Linear != 0) {
			t.Errorf("reject request: %+v, want nothing", c)
		}
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
