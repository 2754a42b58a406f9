package eventlog

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// readAllResults reads r to the end: the events and the problems, in file
// order; a problem that ends the log ends the list.
func readAllResults(t *testing.T, r Reader) ([]Event, []Problem) {
	t.Helper()
	var es []Event
	var ps []Problem
	for i := 0; ; i++ {
		if i > 1_000_000 {
			t.Fatal("the reader does not end")
		}
		e, err := r.Read()
		if err == io.EOF {
			return es, ps
		}
		if err != nil {
			var all Problems
			if errors.As(err, &all) {
				return es, append(ps, all...)
			}
			var p *Problem
			if !errors.As(err, &p) {
				t.Fatalf("error %v (%T) is not a Problem", err, err)
			}
			ps = append(ps, *p)
			if !p.IsRow() {
				return es, ps
			}
			continue
		}
		es = append(es, e)
	}
}

const xesHead = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
`

// TestQAXESEventDoesNotInheritTraceName: an event without concept:name is
// a missing-activity row problem; it used to take the trace's
// concept:name, so that the case ID became an activity (a > case-A).
func TestQAXESEventDoesNotInheritTraceName(t *testing.T) {
	log := xesHead + `<trace>
<string key="concept:name" value="case-A"/>
<event>
<string key="concept:name" value="a"/>
<date key="time:timestamp" value="2024-01-01T00:00:00Z"/>
</event>
<event>
<date key="time:timestamp" value="2024-01-01T01:00:00Z"/>
<string key="org:resource" value="bob"/>
</event>
</trace>
</log>
`
	r, err := NewXESReader(strings.NewReader(log), ReadOptions{File: "n.xes"})
	if err != nil {
		t.Fatal(err)
	}
	es, ps := readAllResults(t, r)
	if len(es) != 1 || es[0].Case != "case-A" || es[0].Activity != "a" {
		t.Errorf("events %+v, want one: case-A did a", es)
	}
	if len(ps) != 1 || ps[0].Code != CodeMissingActivity || ps[0].Row != 9 || ps[0].Column != "concept:name" {
		t.Fatalf("problems %v, want missing-activity on line 9", ps)
	}
	// Mined, the event is reported (or skipped), not turned into a step.
	r, _ = NewXESReader(strings.NewReader(log), ReadOptions{File: "n.xes"})
	_, sum, err := Mine(r, Options{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Read.Skipped) != 1 || sum.Read.Skipped[0].Code != CodeMissingActivity || sum.Read.Events != 1 {
		t.Errorf("skipped %+v, events %d", sum.Read.Skipped, sum.Read.Events)
	}
}

// TestQAXESEventDoesNotInheritTraceTime: an event without time:timestamp
// is a missing-time row problem, not dated with the trace's time.
func TestQAXESEventDoesNotInheritTraceTime(t *testing.T) {
	log := xesHead + `<trace>
<string key="concept:name" value="c1"/>
<date key="time:timestamp" value="2020-01-01T00:00:00Z"/>
<event>
<string key="concept:name" value="a"/>
<date key="time:timestamp" value="2024-01-01T00:00:00Z"/>
</event>
<event>
<string key="concept:name" value="b"/>
</event>
</trace>
</log>
`
	r, _ := NewXESReader(strings.NewReader(log), ReadOptions{File: "t.xes"})
	es, ps := readAllResults(t, r)
	if len(es) != 1 || es[0].Activity != "a" {
		t.Errorf("events %+v, want a alone", es)
	}
	if len(ps) != 1 || ps[0].Code != CodeMissingTime || ps[0].Row != 10 || ps[0].Column != "time:timestamp" {
		t.Fatalf("problems %v, want missing-time on line 10", ps)
	}
}

// TestQAXESTraceAttributesStillServe: the case still comes from the
// trace's concept:name (also when given after the events), and a trace
// attribute still gives its events' segment, touchpoint and value, as the
// reader's documentation says; "case:KEY" still names a trace attribute,
// also for the activity.
func TestQAXESTraceAttributesStillServe(t *testing.T) {
	log := xesHead + `<trace>
<event>
<string key="concept:name" value="a"/>
<date key="time:timestamp" value="2024-01-01T00:00:00Z"/>
</event>
<event>
<string key="concept:name" value="b"/>
<date key="time:timestamp" value="2024-01-01T01:00:00Z"/>
<string key="segment" value="own"/>
<string key="channel" value="app"/>
</event>
<string key="concept:name" value="c1"/>
<string key="segment" value="ent"/>
<string key="channel" value="web"/>
<float key="value" value="2.5"/>
<string key="kind" value="trial"/>
</trace>
</log>
`
	r, _ := NewXESReader(strings.NewReader(log), ReadOptions{})
	es, ps := readAllResults(t, r)
	if len(ps) != 0 || len(es) != 2 {
		t.Fatalf("events %+v problems %v", es, ps)
	}
	a, b := es[0], es[1]
	if a.Case != "c1" || a.Segment != "ent" || a.Touchpoint != "web" || a.Value != 2.5 {
		t.Errorf("a: %+v, want the trace's case, segment, channel and value", a)
	}
	if b.Case != "c1" || b.Segment != "own" || b.Touchpoint != "app" {
		t.Errorf("b: %+v, want its own segment and channel", b)
	}
	r, _ = NewXESReader(strings.NewReader(log), ReadOptions{Columns: Columns{Activity: "case:kind"}})
	es, ps = readAllResults(t, r)
	if len(ps) != 0 || len(es) != 2 || es[0].Activity != "trial" {
		t.Errorf("case:kind as the activity: %+v %v", es, ps)
	}
}
