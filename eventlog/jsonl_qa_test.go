package eventlog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func jsonlResults(t *testing.T, log string, cols Columns) (*JSONLReader, []Event, []Problem) {
	t.Helper()
	r, err := NewJSONLReader(strings.NewReader(log), ReadOptions{File: "l.jsonl", Columns: cols})
	if err != nil {
		t.Fatal(err)
	}
	es, ps := readAllResults(t, r)
	return r, es, ps
}

func problemRows(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%d:%s:%s", p.Row, p.Code, p.Column))
	}
	return out
}

// TestQAJSONLLateOptionalKeys: a segment, touchpoint or value key that the
// first object lacks is picked up on the first object that has it (it was
// ignored for the whole file, silently).
func TestQAJSONLLateOptionalKeys(t *testing.T) {
	log := `{"case_id": "c1", "activity": "a", "timestamp": "2024-01-01T00:00:00Z"}
{"case_id": "c2", "activity": "a", "timestamp": "2024-01-01T01:00:00Z", "segment": "ent", "value": 3}
{"case_id": "c2", "activity": "b", "timestamp": "2024-01-01T02:00:00Z", "segment": "ent", "value": 4, "channel": "web"}
{"case_id": "c1", "activity": "b", "timestamp": "2024-01-01T03:00:00Z"}
`
	r, es, ps := jsonlResults(t, log, Columns{})
	if len(ps) != 0 || len(es) != 4 {
		t.Fatalf("events %+v problems %v", es, ps)
	}
	if es[0].Segment != "" || es[1].Segment != "ent" || es[1].Value != 3 || es[2].Value != 4 || es[2].Touchpoint != "web" || es[3].Segment != "" {
		t.Errorf("events %+v", es)
	}
	if c := r.Columns(); c != (Columns{Case: "case_id", Activity: "activity", Time: "timestamp", Segment: "segment", Touchpoint: "channel", Value: "value"}) {
		t.Errorf("columns %+v", c)
	}
	// Mined, the segment makes personas.
	r, _ = NewJSONLReader(strings.NewReader(log), ReadOptions{})
	j, _, err := Mine(r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range j.Personas {
		ids = append(ids, p.ID)
	}
	if !slices.Contains(ids, "ent") {
		t.Errorf("personas %v, want ent among them", ids)
	}
	// A named key too (it was missing-column when the first object
	// lacked it).
	_, es, ps = jsonlResults(t, strings.ReplaceAll(log, `"segment"`, `"tier"`), Columns{Segment: "tier"})
	if len(ps) != 0 || len(es) != 4 || es[1].Segment != "ent" {
		t.Errorf("named segment: events %+v problems %v", es, ps)
	}
}

// TestQAJSONLLateRequiredKey: a first object without the time is the row
// problem missing-time, as any other object without it, not the file
// problem missing-column; the objects before the key is found are
// reported in file order, with the key found.
func TestQAJSONLLateRequiredKey(t *testing.T) {
	log := `{"case_id": "c0", "activity": "a"}

{"case_id": "c0", "activity": "a", "timestamp": {"x": 1}
{"case_id": "c0", "activity": "a"}
{"activity": "a"}
{"case_id": "", "activity": "a"}
{"case_id": "c1", "activity": "a", "timestamp": "2024-01-01T00:00:00Z"}
{"case_id": "c1", "activity": "b"}
{"case_id": "c1", "activity": "b", "timestamp": "2024-01-01T01:00:00Z"}
`
	_, es, ps := jsonlResults(t, log, Columns{})
	want := []string{"1:missing-time:timestamp", "3:bad-json:", "4:missing-time:timestamp", "5:missing-case:case_id", "6:missing-case:case_id", "8:missing-time:timestamp"}
	if got := problemRows(ps); !slices.Equal(got, want) {
		t.Errorf("problems %v, want %v", got, want)
	}
	if len(es) != 2 || es[0].Row != 7 || es[1].Row != 9 {
		t.Errorf("events %+v", es)
	}
	if !strings.Contains(ps[0].Message, `"timestamp"`) {
		t.Errorf("message %q does not name the key", ps[0].Message)
	}
	// Mined with SkipBadRows, they are skipped and counted.
	r, _ := NewJSONLReader(strings.NewReader(log), ReadOptions{})
	_, sum, err := Mine(r, Options{SkipBadRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read.Events != 2 || sum.Read.Rows != 8 {
		t.Errorf("read %+v", sum.Read)
	}
	// A named key found late.
	_, es, ps = jsonlResults(t, `{"who": "c0", "activity": "a", "timestamp": 1700000000}
{"who": "c0", "what": "a", "timestamp": 1700000001}
`, Columns{Case: "who", Activity: "what"})
	if got := problemRows(ps); !slices.Equal(got, []string{"1:missing-activity:what"}) || len(es) != 1 || es[0].Activity != "a" {
		t.Errorf("named: problems %v events %+v", got, es)
	}
}

// TestQAJSONLHeldRun: the objects held before a key is found are kept as
// runs of lines, not one by one.
func TestQAJSONLHeldRun(t *testing.T) {
	log := strings.Repeat(`{"case_id": "c0", "activity": "a"}`+"\n", 10000) +
		`{"case_id": "c1", "activity": "a", "timestamp": "2024-01-01T00:00:00Z"}` + "\n"
	r, err := NewJSONLReader(strings.NewReader(log), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Read(); err == nil {
		t.Fatal("line 1 read without a time")
	}
	if len(r.held) != 1 || !r.hasNext {
		t.Errorf("%d held problems and %v, want a run and the event", len(r.held), r.hasNext)
	}
	_, ps := readAllResults(t, r)
	if len(ps) != 9999 || ps[9998].Row != 10000 || ps[9998].Code != CodeMissingTime {
		t.Errorf("%d problems, last %v", len(ps), ps[len(ps)-1])
	}
}

// TestQAJSONLHeldCap: lines that make no run (objects without the time
// between bad lines) are held up to maxHeld; beyond it they are given out
// as they come, naming the keys looked for, and a file without a time key
// still ends with missing-column.
func TestQAJSONLHeldCap(t *testing.T) {
	log := strings.Repeat(`{"case_id": "c0", "activity": "a"}`+"\nx\n", maxHeld)
	r, err := NewJSONLReader(strings.NewReader(log), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Read()
	p, ok := err.(*Problem)
	if !ok || p.Row != 1 || p.Code != CodeMissingTime || p.Column != "time:timestamp" || len(r.held) != maxHeld-1 {
		t.Fatalf("first: %v, %d held", err, len(r.held))
	}
	if !strings.Contains(p.Message, `none of "time:timestamp", "timestamp"`) {
		t.Errorf("message %q does not name the keys looked for", p.Message)
	}
	_, ps := readAllResults(t, r)
	if len(ps) != 2*maxHeld {
		t.Fatalf("%d more problems, want %d", len(ps), 2*maxHeld)
	}
	if p := ps[len(ps)-3]; p.Row != 2*maxHeld-1 || p.Code != CodeMissingTime {
		t.Errorf("last object: %v", p)
	}
	if p := ps[len(ps)-2]; p.Row != 2*maxHeld || p.Code != CodeBadJSON {
		t.Errorf("last line: %v", p)
	}
	if p := ps[len(ps)-1]; p.Code != CodeMissingColumn {
		t.Errorf("end: %v, want missing-column", p)
	}
}

// TestQAJSONLNoKeyAnywhere: a role no object has a key for is the file
// problem missing-column, alone (not a row problem for each object, then
// empty-log), listing the keys seen; also with SkipBadRows.
func TestQAJSONLNoKeyAnywhere(t *testing.T) {
	log := `{"case_id": "c0", "activity": "a"}
not json
{"case_id": "c0", "activity": "b", "extra": 1}
`
	_, es, ps := jsonlResults(t, log, Columns{})
	if len(es) != 0 || len(ps) != 1 || ps[0].Code != CodeMissingColumn || ps[0].Column != "time:timestamp" ||
		!strings.Contains(ps[0].Message, `"activity", "case_id", "extra"`) || !strings.Contains(ps[0].Message, "--time") {
		t.Fatalf("events %+v problems %v", es, ps)
	}
	r, _ := NewJSONLReader(strings.NewReader(log), ReadOptions{File: "l.jsonl"})
	_, _, err := Mine(r, Options{SkipBadRows: true})
	if got := problemsOf(t, err); len(got) != 1 || got[0].Code != CodeMissingColumn {
		t.Errorf("mined: %v", got)
	}
	// Named keys no object has, the optional ones included, as before.
	_, _, ps = jsonlResults(t, `{"case_id": "c0", "activity": "a", "timestamp": 1700000000}`+"\n", Columns{Case: "who", Segment: "tier"})
	if got := problemRows(ps); !slices.Equal(got, []string{"0:missing-column:who", "0:missing-column:tier"}) {
		t.Errorf("named: %v", got)
	}
	// Nothing but blank lines and bad lines is no missing-column: there
	// is no object to look in.
	_, _, ps = jsonlResults(t, "\n[1]\n", Columns{})
	if len(ps) != 1 || ps[0].Code != CodeUnknownFormat {
		t.Errorf("array: %v", ps)
	}
	_, _, ps = jsonlResults(t, "\n42\n", Columns{})
	if got := problemRows(ps); !slices.Equal(got, []string{"2:bad-json:"}) {
		t.Errorf("no object: %v", got)
	}
}

// TestQAJSONLDuplicateKey: an object with a role's key twice is bad-json
// naming the key (the last value was taken silently); other keys may
// repeat, and a key's name as a value, or nested, is no repeat.
func TestQAJSONLDuplicateKey(t *testing.T) {
	log := `{"case_id": "c1", "activity": "a", "timestamp": "2024-01-01T00:00:00Z"}
{"case_id": "c1", "activity": "e", "timestamp": "2024-01-01T04:00:00Z", "activity": "f"}
{"case_id": "c1", "activity": "g", "timestamp": "2024-01-01T05:00:00Z", "\u0061ctivity": "h"}
{"case_id": "c1", "activity": "i", "timestamp": "2024-01-01T06:00:00Z", "x": 1, "x": 2, "note": "activity", "m": {"activity": 1, "activity": 2}}
{"case_id": "c1", "activity": "j", "timestamp": "2024-01-01T07:00:00Z", "s\"activity\":": "activity\\", "t": ["activity", "activity"]}
`
	_, es, ps := jsonlResults(t, log, Columns{})
	if got := problemRows(ps); !slices.Equal(got, []string{"2:bad-json:activity", "3:bad-json:activity"}) {
		t.Fatalf("problems %v", got)
	}
	if !strings.Contains(ps[0].Message, `"activity"`) {
		t.Errorf("message %q does not name the key", ps[0].Message)
	}
	var acts []string
	for _, e := range es {
		acts = append(acts, e.Activity)
	}
	if !slices.Equal(acts, []string{"a", "i", "j"}) {
		t.Errorf("activities %v", acts)
	}
	// On the first object too, and for an optional role's key.
	_, _, ps = jsonlResults(t, `{"case_id": "c1", "activity": "a", "timestamp": 1700000000, "case_id": "c9"}
{"case_id": "c1", "activity": "a", "timestamp": 1700000000, "segment": "x", "segment": "y"}
`, Columns{})
	if got := problemRows(ps); !slices.Equal(got, []string{"1:bad-json:case_id", "2:bad-json:segment"}) {
		t.Errorf("problems %v", got)
	}
}

func TestQATopLevelMembers(t *testing.T) {
	for in, want := range map[string]int{
		`{}`:                                    0,
		`{"a":1}`:                               1,
		`{"a":"x:y","b":{"c":1,"d":[{"e":2}]}}`: 2,
		`{"a\":\\":"\"}:","b":[":"]}`:           2,
		`{"a":1}}`:                              1,
	} {
		if got := topLevelMembers([]byte(in)); got != want {
			t.Errorf("%s: %d members, want %d", in, got, want)
		}
	}
}

// FuzzTopLevelMembers: for any line the reader takes as one JSON object,
// topLevelMembers counts its members as a JSON decoder does.
func FuzzTopLevelMembers(f *testing.F) {
	f.Add([]byte(`{"a\":\\":"\"}:","b":[":"],"a":{"c":{}}}`))
	f.Add([]byte(`{"case_id": 1, "activity": "a", "timestamp": 1700000000, "activity": "b"}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		dec := json.NewDecoder(bytes.NewReader(line))
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil || obj == nil || dec.More() {
			return
		}
		dec = json.NewDecoder(bytes.NewReader(line))
		dec.Token() // {
		n := 0
		for dec.More() {
			if _, err := dec.Token(); err != nil {
				t.Fatal(err)
			}
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			n++
		}
		if got := topLevelMembers(line); got != n {
			t.Fatalf("%q: %d members, want %d", line, got, n)
		}
	})
}
