package journey

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// checkJSONFast holds the fast JSON decoder to its oracles on data: what it
// accepts, encoding/json's Unmarshal accepts too and decodes to the same
// journey; and what the previous fast path (encoding/json behind a scan of
// the keys) accepted, it accepts, with the same result.
func checkJSONFast(t *testing.T, data []byte, o ReadOptions) {
	t.Helper()
	o = o.withDefaults()
	got := o.decodeJSONFast(data)
	ref := o.decodeJSONReference(data)
	if got != nil {
		var want Journey
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatalf("the fast path accepts what encoding/json refuses (%v):\n%q", err, data)
		}
		if !reflect.DeepEqual(got, &want) {
			t.Fatalf("the fast path and encoding/json differ on\n%q\n got %#v\nwant %#v", data, got, &want)
		}
	}
	if ref != nil && got == nil {
		t.Fatalf("the fast path refuses what the reference accepts:\n%q", data)
	}
	if ref == nil && got != nil {
		t.Fatalf("the fast path accepts what the reference refuses:\n%q", data)
	}
}

// randomJourney returns a journey of random strings (any runes, escapes,
// invalid UTF-8, YAML and JSON indicators) and numbers of every magnitude.
func randomJourney(r *rand.Rand) *Journey {
	pieces := []string{"-", ":", ",", "[", "]", "{", "}", "\"", "\\", "\\\"", "/", "\\u00e9", " ", "\t", "\n", "\r",
		"0", "1.5", "null", "true", "a", "Z", "é", "日本", "😀", "\u2028", "\ufeff", "\x00", "\x1b", "\x7f", "\xff", "\xc3"}
	str := func() string {
		var b bytes.Buffer
		for n := r.IntN(5); n > 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	ids := []string{"a", "b", "c", "d"}
	id := func() string {
		if r.IntN(4) == 0 {
			return str()
		}
		return ids[r.IntN(len(ids))]
	}
	num := func() float64 {
		switch r.IntN(6) {
		case 0:
			return r.Float64()
		case 1:
			return math.Float64frombits(r.Uint64()&^(0x7ff<<52) | uint64(r.IntN(0x7fe)+1)<<52)
		case 2:
			return float64(r.IntN(100)) / 100
		case 3:
			return float64(r.Int64()) // beyond 2^53
		case 4:
			return r.NormFloat64() * 1e-5
		}
		return math.Copysign(0, -1)
	}
	j := &Journey{ID: str(), Name: str(), Purpose: str()}
	for range r.IntN(3) {
		j.Personas = append(j.Personas, persona.Persona{ID: id(), Goals: []string{str(), str()},
			Criteria: []persona.Criterion{{Name: str(), Weight: num()}}, Segment: persona.Segment{Age: str()}, Share: num()})
	}
	for range r.IntN(3) {
		j.Touchpoints = append(j.Touchpoints, touchpoint.Touchpoint{ID: id(), Channel: touchpoint.Channel(str()), Importance: r.IntN(11) - 5})
	}
	for range r.IntN(5) {
		s := Step{ID: id(), Stage: id(), Emotion: r.IntN(9) - 4, Thoughts: []string{str()}, Personas: []string{id()}}
		if r.IntN(2) == 0 {
			s.Barriers = []Barrier{{Description: str(), Severity: Severity(str()), Personas: []string{id(), id()}}}
		}
		if r.IntN(2) == 0 {
			s.Count = r.Int64() - r.Int64()
			s.Counts = map[string]int64{id(): r.Int64N(100), id(): -r.Int64N(100)}
		}
		j.Steps = append(j.Steps, s)
	}
	for range r.IntN(8) {
		t := Transition{From: id(), To: id(), Probability: num(), Count: r.Int64() - r.Int64(), Label: str()}
		if r.IntN(2) == 0 {
			t.Time = &Timing{Median: num(), P90: num()}
		}
		j.Transitions = append(j.Transitions, t)
	}
	if r.IntN(2) == 0 {
		j.Observed = &Observed{Cases: r.Int64N(1000), Converted: r.Int64N(1000), ConvertTime: &Timing{Median: num()},
			Segments: []ObservedSegment{{Persona: id(), Cases: r.Int64N(10)}}}
	}
	j.Entries = []string{id()}
	return j
}

// TestJSONFastMatchesOracles runs checkJSONFast on random journeys written
// compact and indented, on every JSON file of testdata (the hostile ones
// too), and on those files cut short and with bytes changed.
func TestJSONFastMatchesOracles(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var inputs [][]byte
	for range 400 {
		j := randomJourney(r)
		compact, err := json.Marshal(j)
		if err != nil {
			t.Fatal(err)
		}
		var indented bytes.Buffer
		if err := Write(&indented, j, JSON); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, compact, indented.Bytes())
	}
	files, _ := filepath.Glob("testdata/*.json")
	hostile, _ := filepath.Glob("testdata/hostile/*.json")
	for _, p := range append(files, hostile...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, data)
	}
	var buf bytes.Buffer
	if err := Write(&buf, richJourney(), JSON); err != nil {
		t.Fatal(err)
	}
	inputs = append(inputs, buf.Bytes())
	n := len(inputs)
	for k := range n {
		// Mutations: cut short, a byte replaced by a structural one.
		in := inputs[k]
		if len(in) < 2 {
			continue
		}
		inputs = append(inputs, in[:r.IntN(len(in))])
		for range 4 {
			m := bytes.Clone(in)
			const structural = "{}[],:\"\\0-.e \x00\xff"
			m[r.IntN(len(m))] = structural[r.IntN(len(structural))]
			inputs = append(inputs, m)
		}
	}
	for _, in := range inputs {
		checkJSONFast(t, in, ReadOptions{})
	}
	t.Logf("%d inputs", len(inputs))
}

// TestJSONFastNumbers checks the number parsers against strconv: integers
// at and beyond the limits of int64, and decimals of every length, which
// take the exact fast path or strconv.ParseFloat.
func TestJSONFastNumbers(t *testing.T) {
	for _, s := range []string{"0", "-0", "1", "-1", "9223372036854775807", "-9223372036854775808",
		"9223372036854775808", "-9223372036854775809", "18446744073709551616", "00", "01", "-", "1.0", "1e3", "+1"} {
		d := jsonDecoder{data: []byte(s)}
		got, ok := d.integer()
		ok = ok && d.i == len(s) // the whole text is the number
		want, err := strconv.ParseInt(s, 10, 64)
		wantOK := err == nil && (s == "0" || s[0] != '0') && s[0] != '+' && !(len(s) > 1 && s[0] == '-' && s[1] == '0' && len(s) > 2)
		if ok != wantOK || (ok && got != want) {
			t.Errorf("integer(%q) = %d, %v; want %d, %v", s, got, ok, want, wantOK)
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 200000 {
		var s string
		switch i % 4 {
		case 0:
			s = strconv.FormatFloat(r.Float64(), 'f', r.IntN(20), 64)
		case 1:
			s = strconv.FormatFloat(math.Float64frombits(r.Uint64()&^(1<<63)), 'g', -1, 64)
		case 2:
			s = fmt.Sprintf("%d.%de%d", r.IntN(1e6), r.IntN(1e6), r.IntN(50)-25)
		case 3:
			s = fmt.Sprintf("-%d", r.Uint64()>>r.IntN(64))
		}
		if math.IsNaN(mustParse(s)) || math.IsInf(mustParse(s), 0) {
			continue
		}
		d := jsonDecoder{data: []byte(s)}
		got, ok := d.float()
		want, err := strconv.ParseFloat(s, 64)
		if !ok || err != nil || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("float(%q) = %v, %v; strconv says %v, %v", s, got, ok, want, err)
		}
	}
}

func mustParse(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// TestJSONFastLimits checks that the fast path gives up on the limits, so
// that the strict decoder reports them.
func TestJSONFastLimits(t *testing.T) {
	o := ReadOptions{MaxSteps: 2, MaxTransitions: 1, MaxStringLen: 3, MaxDepth: 5}.withDefaults()
	for src, want := range map[string]bool{
		`{"steps": [{"id": "a"}, {"id": "b"}]}`:              true,
		`{"steps": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}`: false,
		`{"transitions": [{"from": "a"}, {"from": "b"}]}`:    false,
		`{"id": "abc"}`:       true,
		`{"id": "abcd"}`:      false,
		`{"id": "\u0061bcd"}`: false,
		`{"steps": [{"barriers": [{"personas": ["a"]}]}]}`:   false, // depth 6
		`{"steps": [{"barriers": [{"kind": "a"}]}]}`:         true,
		`{"entries": ["a"]} x`:                               false,
		`{"id": "a", "id": "b"}`:                             false,
		`{"Id": "a"}`:                                        false,
		`{"emotion": 1}`:                                     false,
		`{"steps": [{"emotion": 1.5}]}`:                      false,
		`{"steps": [{"emotion": 1e0}]}`:                      false,
		`{"steps": [{"emotion": "1"}]}`:                      false,
		`{"steps": [{"emotion": 9223372036854775807}]}`:      true,
		`{"transitions": [{"count": -9223372036854775809}]}`: false,
		`{"transitions": [{"probability": 1e400}]}`:          false,
		`{"steps": null, "entries": [null, "a"]}`:            true,
	} {
		got := o.decodeJSONFast([]byte(src)) != nil
		if got != want {
			t.Errorf("%s: accepted %v, want %v", src, got, want)
		}
		checkJSONFast(t, []byte(src), o)
	}
	// The struct elements of all lists together stay within MaxSteps +
	// MaxTransitions: a file of empty barriers cannot make millions.
	o = ReadOptions{MaxSteps: 1, MaxTransitions: 2}.withDefaults()
	if o.decodeJSONFast([]byte(`{"steps": [{"barriers": [{}, {}]}]}`)) == nil {
		t.Error("3 struct elements refused within a budget of 3")
	}
	if o.decodeJSONFast([]byte(`{"steps": [{"barriers": [{}, {}, {}]}]}`)) != nil {
		t.Error("4 struct elements accepted within a budget of 3")
	}
}

// FuzzReadJSON holds the fast JSON decoder to encoding/json and to the
// previous fast path on arbitrary bytes (see checkJSONFast), and Read to
// never panicking on them.
func FuzzReadJSON(f *testing.F) {
	var buf bytes.Buffer
	_ = Write(&buf, richJourney(), JSON)
	f.Add(buf.Bytes())
	compact, _ := json.Marshal(richJourney())
	f.Add(compact)
	files, _ := filepath.Glob("testdata/*.json")
	hostile, _ := filepath.Glob("testdata/hostile/*.json")
	for _, p := range append(files, hostile...) {
		if data, err := os.ReadFile(p); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	for _, s := range []string{`{}`, `{"id": "\u00e9"}`, `{"transitions": [{"probability": 0.1e-3}]}`, `{"steps": [{"emotion": -0}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		checkJSONFast(t, data, ReadOptions{MaxDepth: 16, MaxStringLen: 1 << 10, MaxSteps: 100, MaxTransitions: 200})
		_, _ = ReadBytes(data)
	})
}

// TestReadSized checks reading a file of a known size that shrank, grew
// (within the limit and beyond it) or failed since its size was taken.
func TestReadSized(t *testing.T) {
	for _, c := range []struct {
		content   string
		size, max int64
		want      string
	}{
		{"abcdef", 6, 100, "abcdef"},
		{"abc", 6, 100, "abc"},           // shrank
		{"abcdefgh", 6, 100, "abcdefgh"}, // grew
		{"abcdefgh", 6, 6, "abcdefg"},    // grew past max: max+1 bytes, for the caller's too-large
		{"", 0, 100, ""},
	} {
		got, err := readSized(strings.NewReader(c.content), c.size, c.max)
		if err != nil || string(got) != c.want {
			t.Errorf("readSized(%q, %d, %d) = %q, %v; want %q", c.content, c.size, c.max, got, err, c.want)
		}
	}
	if _, err := readSized(iotest.ErrReader(errors.New("boom")), 6, 100); err == nil || err.Error() != "boom" {
		t.Errorf("a failing read gave %v", err)
	}
}
