package eventlog

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"time"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
)

// runningDesign is a designed journey for the running example: the happy
// paths, with no reinitiation, and a step no case visits.
func runningDesign() *journey.Journey {
	steps := []string{"register request", "examine casually", "examine thoroughly", "check ticket", "decide", "pay compensation", "reject request", "send letter"}
	j := &journey.Journey{ID: "claims", Entries: []string{"register request"}, Goals: []string{"pay compensation"}}
	for _, s := range steps {
		j.Steps = append(j.Steps, journey.Step{ID: s})
	}
	for _, p := range [][2]string{{"register request", "examine casually"}, {"register request", "examine thoroughly"},
		{"examine casually", "check ticket"}, {"examine thoroughly", "check ticket"}, {"check ticket", "decide"},
		{"decide", "pay compensation"}, {"decide", "reject request"}, {"decide", "send letter"}} {
		j.Transitions = append(j.Transitions, journey.Transition{From: p[0], To: p[1]})
	}
	return j
}

// TestConformRunningExample checks figures worked out by hand from the
// running example's rows (see runningPairs for the moves per pair).
func TestConformRunningExample(t *testing.T) {
	c, err := ConformFile(runningDesign(), "testdata/running-example.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 6 starts, all at the entry, and 36 pairs of which 22 are designed:
	// 3 + 1 + 4 + 2 + 6 + 3 + 3.
	if c.Cases != 6 || c.Moves != 42 || c.AllowedMoves != 28 || c.Fitness != 28.0/42 {
		t.Errorf("cases %d, moves %d, allowed %d, fitness %v; want 6, 42, 28, 2/3", c.Cases, c.Moves, c.AllowedMoves, c.Fitness)
	}
	// Cases 1 and 6 follow designed paths; 2 and 4 go from register
	// request to check ticket; 3 and 5 reinitiate.
	if c.FittingCases != 2 {
		t.Errorf("fitting cases %d, want 2", c.FittingCases)
	}
	want := []MoveCount{
		{"decide", "reinitiate request", 3},
		{"check ticket", "examine casually", 2}, {"examine casually", "decide", 2}, {"register request", "check ticket", 2},
		{"check ticket", "examine thoroughly", 1}, {"examine thoroughly", "decide", 1},
		{"reinitiate request", "check ticket", 1}, {"reinitiate request", "examine casually", 1}, {"reinitiate request", "examine thoroughly", 1},
	}
	if !reflect.DeepEqual(c.UnmodelledTransitions, want) {
		t.Errorf("unmodelled transitions\n got %v\nwant %v", c.UnmodelledTransitions, want)
	}
	if want := []ActivityCount{{"reinitiate request", 3}}; !reflect.DeepEqual(c.UnmodelledActivities, want) {
		t.Errorf("unmodelled activities %v, want %v", c.UnmodelledActivities, want)
	}
	if want := []string{"send letter"}; !reflect.DeepEqual(c.UnvisitedSteps, want) {
		t.Errorf("unvisited %v, want %v", c.UnvisitedSteps, want)
	}
	if len(c.WrongStarts) != 0 || len(c.Personas) != 0 {
		t.Errorf("wrong starts %v, personas %v; want none", c.WrongStarts, c.Personas)
	}
	// Cases 2, 3 and 6 pay: 9d 0h33m, 15d 20h13m, 9d 20h45m after they
	// register: 779580, 1368780 and 852300 seconds. The 90th percentile
	// is 852300 + 0.8 × (1368780 − 852300).
	tc := c.TimeToConvert
	if tc.Cases != 6 || tc.Converted != 3 || tc.ConvertTime == nil || tc.ConvertTime.Median != 852300 || math.Abs(tc.ConvertTime.P90-1265484) > 1e-6 {
		t.Errorf("time to convert %+v %+v", tc, tc.ConvertTime)
	}
	if len(tc.EntryChannels) != 1 || tc.EntryChannels[0].Channel != "register request" || tc.EntryChannels[0].Cases != 6 || tc.EntryChannels[0].Converted != 3 {
		t.Errorf("entry channels %+v", tc.EntryChannels)
	}
	if c.Read == nil || c.Read.Format != CSV || c.Read.Events != 42 {
		t.Errorf("read %+v", c.Read)
	}
}

// TestConformJSONKeys checks the contract's keys and that empty lists are
// written as [].
func TestConformJSONKeys(t *testing.T) {
	j := runningDesign()
	j.Transitions = append(j.Transitions, journey.Transition{From: "register request", To: "check ticket"})
	c, err := Conform(j, &SliceReader{Events: []Event{
		{Case: "a", Activity: "register request", Time: confAt(0)},
		{Case: "a", Activity: "check ticket", Time: confAt(1)},
	}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := c.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"cases", "fitting_cases", "fitness", "unmodelled_transitions", "unmodelled_activities", "unvisited_steps", "wrong_starts", "personas"} {
		if _, ok := m[k]; !ok {
			t.Errorf("no key %q in %s", k, b.String())
		}
	}
	for _, k := range []string{"unmodelled_transitions", "unmodelled_activities", "wrong_starts", "personas"} {
		if l, ok := m[k].([]any); !ok || len(l) != 0 {
			t.Errorf("%s = %v, want []", k, m[k])
		}
	}
	if m["fitness"] != 1.0 || m["fitting_cases"] != 1.0 {
		t.Errorf("fitness %v, fitting %v", m["fitness"], m["fitting_cases"])
	}
	// A case that never converts: defined figures, no convert_time.
	tc := m["time_to_convert"].(map[string]any)
	if tc["converted"] != 0.0 || tc["convert_time"] != nil {
		t.Errorf("time to convert %v", tc)
	}
}

func TestConformPersonas(t *testing.T) {
	j := &journey.Journey{ID: "j", Entries: []string{"ad", "mail"}, Goals: []string{"buy"},
		Steps: []journey.Step{{ID: "ad"}, {ID: "mail", Personas: []string{"pro"}}, {ID: "buy"}}}
	j.Personas = append(j.Personas, persona.Persona{ID: "pro"}, persona.Persona{ID: "casual"})
	j.Transitions = []journey.Transition{{From: "ad", To: "buy", Personas: []string{"casual"}}, {From: "mail", To: "buy"}}
	ev := []Event{
		{Case: "1", Activity: "ad", Time: confAt(0), Segment: "pro"},      // ad->buy not for pro
		{Case: "1", Activity: "buy", Time: confAt(60)},                    //
		{Case: "2", Activity: "mail", Time: confAt(0), Segment: "casual"}, // mail is no step for casual
		{Case: "2", Activity: "buy", Time: confAt(30)},
		{Case: "3", Activity: "ad", Time: confAt(0), Segment: "vip"}, // no persona: all personas
		{Case: "3", Activity: "buy", Time: confAt(10)},
		{Case: "4", Activity: "buy", Time: confAt(5)}, // starts at no entry
	}
	c, err := Conform(j, &SliceReader{Events: ev}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Cases != 4 || c.FittingCases != 1 || c.Moves != 7 || c.AllowedMoves != 3 {
		t.Errorf("cases %d fitting %d moves %d allowed %d; want 4 1 7 3", c.Cases, c.FittingCases, c.Moves, c.AllowedMoves)
	}
	if len(c.Personas) != 2 || c.Personas[0].Persona != "pro" || c.Personas[1].Persona != "casual" {
		t.Fatalf("personas %+v", c.Personas)
	}
	pro, casual := c.Personas[0], c.Personas[1]
	if pro.Fitness != 0.5 || !reflect.DeepEqual(pro.UnmodelledTransitions, []MoveCount{{"ad", "buy", 1}}) || !reflect.DeepEqual(pro.UnvisitedSteps, []string{"mail"}) {
		t.Errorf("pro %+v", pro)
	}
	if casual.Fitness != 0 || !reflect.DeepEqual(casual.UnmodelledActivities, []ActivityCount{{"mail", 1}}) ||
		!reflect.DeepEqual(casual.WrongStarts, []ActivityCount{{"mail", 1}}) || !reflect.DeepEqual(casual.UnvisitedSteps, []string{"ad"}) {
		t.Errorf("casual %+v", casual)
	}
	if !reflect.DeepEqual(c.UnmatchedSegments, []SegmentCases{{"vip", 1}}) {
		t.Errorf("unmatched segments %v", c.UnmatchedSegments)
	}
	if !reflect.DeepEqual(c.WrongStarts, []ActivityCount{{"buy", 1}, {"mail", 1}}) {
		t.Errorf("wrong starts %v", c.WrongStarts)
	}
	segs := c.TimeToConvert.Segments
	if len(segs) != 4 || segs[0].Segment != "" || segs[1].Segment != "casual" || segs[1].Persona != "casual" || segs[3].Segment != "vip" || segs[3].Persona != "" {
		t.Errorf("segments %+v", segs)
	}
	// Case 4 converts at once: time 0.
	if tm := c.TimeToConvert.ConvertTime; tm == nil || tm.Median != 20 {
		t.Errorf("convert time %+v, want median of 0, 10, 30, 60 = 20", tm)
	}
}

func TestConformBadRows(t *testing.T) {
	csv := "case_id,activity,timestamp\n1,a,2024-01-01T00:00:00Z\n2,,2024-01-01T00:00:00Z\n3,b,yesterday\n"
	r, err := NewCSVReader(strings.NewReader(csv), ReadOptions{File: "log.csv"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Conform(runningDesign(), r, Options{})
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 2 || ps[0].Row != 3 || ps[0].Code != CodeMissingActivity || ps[1].Row != 4 || ps[1].Code != CodeBadTime {
		t.Fatalf("got %v, want problems on rows 3 and 4", err)
	}
	if !strings.Contains(err.Error(), "log.csv:3:") {
		t.Errorf("%v does not name file and row", err)
	}
	r, _ = NewCSVReader(strings.NewReader(csv), ReadOptions{File: "log.csv"})
	c, err := Conform(runningDesign(), r, Options{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.Cases != 1 || len(c.Read.Skipped) != 2 {
		t.Errorf("cases %d, skipped %v", c.Cases, c.Read.Skipped)
	}
	if _, err := Conform(nil, &SliceReader{}, Options{}); err == nil {
		t.Error("a nil journey gave no error")
	}
	_, err = Conform(runningDesign(), &SliceReader{}, Options{})
	if !errors.As(err, &ps) || ps[0].Code != CodeEmptyLog {
		t.Errorf("empty log: %v", err)
	}
}

func TestConformWriters(t *testing.T) {
	c, err := ConformFile(runningDesign(), "testdata/running-example.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var text, md bytes.Buffer
	if err := c.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"fitness 0.6667: 28 of 42 moves allowed; 2 of 6 cases fit", `3  "decide" -> "reinitiate request"`, `unvisited steps: "send letter"`, "9.9d"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	for _, want := range []string{"| 0.6667 | 42 | 28 | 6 | 2 |", "| `decide` | `reinitiate request` | 3 |", "- `send letter`"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	var nilC *Conformance
	if nilC.WriteText(&text) == nil || nilC.WriteJSON(&text) == nil || nilC.WriteMarkdown(&text) == nil {
		t.Error("a nil conformance wrote")
	}
}

// confAt is a time s seconds into 2024.
func confAt(s int64) time.Time { return time.Unix(1704067200+s, 0).UTC() }
