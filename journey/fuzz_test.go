package journey_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/position"
	"github.com/journeymap/journeymap/touchpoint"
)

var recordType = reflect.TypeFor[position.Record]()

// The fuzz targets of the journey package. Run one with, for example,
//
//	go test -run '^$' -fuzz '^FuzzReadRoundTrip$' -fuzztime 60s ./journey
//
// Their seeds are the files of testdata (the examples and the hostile
// catalogue), the f.Add calls below, and the crashers kept under
// testdata/fuzz/FuzzX.

// fuzzLimits keeps each fuzz input cheap, so that the fuzzer spends its time
// on variety rather than on a few large inputs.
var fuzzLimits = journey.ReadOptions{MaxBytes: 64 << 10, MaxAliases: 100, MaxDepth: 32, MaxStringLen: 4 << 10, MaxSteps: 200, MaxTransitions: 400}

// addSeedFiles adds every file of the given testdata directories as a seed.
func addSeedFiles(f *testing.F, dirs ...string) {
	for _, dir := range dirs {
		paths, _ := filepath.Glob(filepath.Join("testdata", dir, "*"))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil || len(data) > int(fuzzLimits.MaxBytes) {
				continue
			}
			f.Add(data)
		}
	}
}

// FuzzReadRoundTrip reads arbitrary bytes as a journey file. Read must never panic
// and must answer with a journey or a journey.Problems; a journey that
// reads must Write in both formats and read back equal (up to what Write
// documents: invalid UTF-8 becomes U+FFFD, empty lists nil, and JSON
// cannot hold NaN or infinities).
func FuzzReadRoundTrip(f *testing.F) {
	addSeedFiles(f, ".", "hostile")
	for _, s := range []string{
		"id: a\n",
		`{"id": "a", "steps": [{"id": "x", "stage": "s"}]}`,
		"id: &a x\nname: *a\n",
		"<<: {id: x}\n",
		"id: !!str 12\n",
		"steps:\n  - id: a\n    emotion: 0x10\n",
		"transitions: [{from: a, to: b, probability: .5e1}]\n",
		"id: \"\\u0000\\ud800\"\n",
		"id: |\n  multi\n  line\n",
		"- - - x\n",
		"? a\n: b\n",
		"%YAML 1.2\n---\nid: a\n",
		"{\"id\": \"a\", \"ID\": \"b\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		j, err := fuzzLimits.ReadBytes(data)
		if err != nil {
			var ps journey.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("Read error is not journey.Problems: %T %v", err, err)
			}
			for _, p := range ps {
				if p.Code == "" || p.Message == "" {
					t.Fatalf("problem without a code or message: %+v", p)
				}
			}
			return
		}
		if j == nil {
			t.Fatal("Read returned neither a journey nor an error")
		}
		_ = j.Validate() // must not panic
		for _, format := range []journey.Format{journey.YAML, journey.JSON} {
			var buf bytes.Buffer
			if err := journey.Write(&buf, j, format); err != nil {
				if format == journey.JSON && hasNonFinite(j) {
					continue
				}
				t.Fatalf("Write %v: %v", format, err)
			}
			k, err := journey.ReadBytes(buf.Bytes())
			if err != nil {
				t.Fatalf("%v written by Write does not read back: %v\n%s", format, err, buf.Bytes())
			}
			if !equalJourneys(normalized(j), normalized(k)) {
				t.Fatalf("%v round trip changes the journey:\nread:  %#v\nagain: %#v\nfile:\n%s", format, j, k, buf.Bytes())
			}
		}
	})
}

// hasNonFinite reports whether j holds a NaN or an infinity, which JSON
// cannot.
func hasNonFinite(j *journey.Journey) bool {
	bad := false
	walk(reflect.ValueOf(j).Elem(), func(v reflect.Value) {
		if v.Kind() == reflect.Float64 && (math.IsNaN(v.Float()) || math.IsInf(v.Float(), 0)) {
			bad = true
		}
	})
	return bad
}

// walk calls fn on every value inside v, depth first.
func walk(v reflect.Value, fn func(reflect.Value)) {
	if v.Type() == recordType {
		return // positions are not the journey's data
	}
	fn(v)
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			walk(v.Field(i), fn)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walk(v.Index(i), fn)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			walk(v.Elem(), fn)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			walk(it.Value(), fn)
		}
	}
}

// normalized returns a deep copy of j as Write writes it: strings with each
// byte of invalid UTF-8 replaced by U+FFFD, empty lists and maps nil.
func normalized(j *journey.Journey) *journey.Journey {
	c := reflect.New(reflect.TypeOf(*j)).Elem()
	copyNormalized(c, reflect.ValueOf(j).Elem())
	out := c.Interface().(journey.Journey)
	return &out
}

func copyNormalized(dst, src reflect.Value) {
	if src.Type() == recordType {
		return // positions are left out
	}
	switch src.Kind() {
	case reflect.Struct:
		for i := 0; i < src.NumField(); i++ {
			copyNormalized(dst.Field(i), src.Field(i))
		}
	case reflect.Slice:
		if src.Len() == 0 {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := 0; i < src.Len(); i++ {
			copyNormalized(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		copyNormalized(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Map:
		if src.Len() == 0 {
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			k := reflect.New(src.Type().Key()).Elem()
			copyNormalized(k, it.Key())
			e := reflect.New(src.Type().Elem()).Elem()
			copyNormalized(e, it.Value())
			m.SetMapIndex(k, e)
		}
		dst.Set(m)
	case reflect.String:
		dst.SetString(string([]rune(src.String())))
	default:
		dst.Set(src)
	}
}

// equalJourneys is reflect.DeepEqual, except that NaN equals NaN.
func equalJourneys(a, b *journey.Journey) bool {
	return equalValues(reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem())
}

func equalValues(a, b reflect.Value) bool {
	if a.Type() == recordType {
		return true // where a value was read from is not the journey's data
	}
	switch a.Kind() {
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !equalValues(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.Len() != b.Len() || a.IsNil() != b.IsNil() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !equalValues(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equalValues(a.Elem(), b.Elem())
	case reflect.Map:
		if a.Len() != b.Len() || a.IsNil() != b.IsNil() {
			return false
		}
		for it := a.MapRange(); it.Next(); {
			bv := b.MapIndex(it.Key())
			if !bv.IsValid() || !equalValues(it.Value(), bv) {
				return false
			}
		}
		return true
	case reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y && math.Signbit(x) == math.Signbit(y) || math.IsNaN(x) && math.IsNaN(y)
	}
	return a.Interface() == b.Interface()
}

// fuzzBytes hands out the bytes of a fuzz input as small choices; once the
// input is used up every choice is 0.
type fuzzBytes struct{ data []byte }

func (b *fuzzBytes) byte() byte {
	if len(b.data) == 0 {
		return 0
	}
	c := b.data[0]
	b.data = b.data[1:]
	return c
}

// intn returns a choice in 0..n-1.
func (b *fuzzBytes) intn(n int) int { return int(b.byte()) % n }

// id returns an ID from a small set, so that references often match: the
// empty string, a few plain names, and odd ones.
func (b *fuzzBytes) id(prefix string) string {
	switch c := b.intn(16); {
	case c == 0:
		return ""
	case c == 1:
		return prefix + " with space"
	case c == 2:
		return "%" + prefix
	default:
		return fmt.Sprintf("%s%d", prefix, c%8)
	}
}

// text returns a short string taken from the input as it is: any bytes,
// invalid UTF-8 and control characters included.
func (b *fuzzBytes) text() string {
	n := b.intn(12)
	n = min(n, len(b.data))
	s := string(b.data[:n])
	b.data = b.data[n:]
	return s
}

func (b *fuzzBytes) ids(prefix string) []string {
	var out []string
	for n := b.intn(4); n > 0 && n < 3; n-- {
		out = append(out, b.id(prefix))
	}
	return out
}

// float returns a probability-like number, sometimes out of range,
// sometimes not finite.
func (b *fuzzBytes) float() float64 {
	switch c := b.byte(); c {
	case 255:
		return math.NaN()
	case 254:
		return math.Inf(1)
	case 253:
		return math.Inf(-1)
	case 252:
		return -0.5
	case 251:
		return 1e308
	default:
		return float64(c) / 200
	}
}

// fuzzJourney builds a journey of at most maxSteps steps from fuzz bytes:
// every field may be set, references may dangle, numbers may be out of
// range. It is as likely to be invalid as valid.
func fuzzJourney(data []byte, maxSteps int) *journey.Journey {
	b := &fuzzBytes{data: data}
	j := &journey.Journey{ID: b.id("j"), Name: b.text()}
	for n := b.intn(4); n > 0; n-- {
		p := persona.Persona{ID: b.id("p"), Name: b.text()}
		if b.intn(3) == 0 {
			p.Share = b.float()
		}
		if b.intn(4) == 0 {
			p.Criteria = []persona.Criterion{{Name: b.text(), Weight: b.float()}}
		}
		j.Personas = append(j.Personas, p)
	}
	for n := b.intn(4); n > 0; n-- {
		j.Touchpoints = append(j.Touchpoints, touchpoint.Touchpoint{
			ID:         b.id("t"),
			Name:       b.text(),
			Mode:       []touchpoint.Mode{"", touchpoint.Online, touchpoint.Offline, "elsewhere"}[b.intn(4)],
			Control:    []touchpoint.Control{"", touchpoint.Direct, touchpoint.Indirect, "partly"}[b.intn(4)],
			Importance: b.intn(8) - 1,
		})
	}
	for n := 1 + b.intn(4); n > 0; n-- {
		j.Stages = append(j.Stages, journey.Stage{ID: b.id("s"), Name: b.text(), Phase: journey.Phase(b.text())})
	}
	for n := 1 + b.intn(maxSteps); n > 0; n-- {
		s := journey.Step{ID: b.id("v"), Stage: b.id("s"), Touchpoint: b.id("t"), Action: b.text(),
			Personas: b.ids("p"), Emotion: b.intn(7) - 3}
		for m := b.intn(4); m > 0 && m < 3; m-- {
			sev := journey.Severity("")
			if c := b.intn(6); c < 4 {
				sev = journey.Severities[c]
			} else if c == 4 {
				sev = "fatal"
			}
			s.Barriers = append(s.Barriers, journey.Barrier{Description: b.text(), Severity: sev, Personas: b.ids("p")})
		}
		switch b.intn(4) {
		case 1:
			s.Count = int64(b.intn(256)) - 8
		case 2:
			s.Count = int64(b.intn(256))
			s.Counts = map[string]int64{}
			for _, id := range b.ids("p") {
				s.Counts[id] = int64(b.intn(128)) - 4
			}
		}
		j.Steps = append(j.Steps, s)
	}
	for n := b.intn(3 * maxSteps); n > 0; n-- {
		t := journey.Transition{From: b.id("v"), To: b.id("v"), Personas: b.ids("p"), Label: b.text()}
		switch b.intn(4) {
		case 1:
			t.Probability = b.float()
		case 2:
			t.Count = int64(b.intn(256)) - 8
		case 3:
			t.Probability, t.Count = b.float(), int64(b.intn(256))
		}
		if b.intn(4) == 0 {
			t.Time = &journey.Timing{Median: b.float(), P90: b.float()}
		}
		j.Transitions = append(j.Transitions, t)
	}
	j.Entries = b.ids("v")
	j.Goals = b.ids("v")
	j.Exits = b.ids("v")
	if b.intn(3) == 0 {
		j.Observed = &journey.Observed{Cases: int64(b.intn(256)) - 4, Converted: int64(b.intn(256))}
		for _, id := range b.ids("p") {
			j.Observed.Segments = append(j.Observed.Segments, journey.ObservedSegment{Persona: id, Cases: int64(b.intn(64)), Converted: int64(b.intn(64)), ConvertTime: &journey.Timing{Median: b.float()}})
		}
	}
	return j
}

// FuzzValidate validates journeys built from fuzz bytes. Validate must not
// panic, must answer nil or a non-empty journey.Problems, and must give the
// same answer twice.
func FuzzValidate(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("a valid-looking journey"))
	f.Add(bytes.Repeat([]byte{3, 7, 1, 0, 255, 254, 9}, 40))
	f.Fuzz(func(t *testing.T, data []byte) {
		j := fuzzJourney(data, 8)
		err := j.Validate()
		if err != nil {
			var ps journey.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("Validate error is not a non-empty journey.Problems: %T %v", err, err)
			}
		}
		again := j.Validate()
		if fmt.Sprint(err) != fmt.Sprint(again) {
			t.Fatalf("Validate answers differently twice:\n%v\n%v", err, again)
		}
		for _, p := range j.Personas {
			_ = j.ForPersona(p.ID) // must not panic either
		}
	})
}

// FuzzAnalyze analyses small journeys built from fuzz bytes, and their
// valid cores. Analyze must not panic, must answer a report or an error
// that is a journey.Problems, and must give the same report twice.
func FuzzAnalyze(f *testing.F) {
	f.Add([]byte{}, uint8(0))
	f.Add([]byte{0, 0, 0, 3, 3, 3, 3, 5, 5, 5}, uint8(10))
	f.Add(bytes.Repeat([]byte{3, 4, 5, 6, 7, 8, 9, 10, 11}, 30), uint8(255))
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		opts := analysis.Options{K: int(k) - 5}
		for _, j := range []*journey.Journey{fuzzJourney(data, 8), validCore(data)} {
			r, err := analysis.Analyze(context.Background(), j, opts)
			if err != nil {
				var ps journey.Problems
				if !errors.As(err, &ps) || len(ps) == 0 {
					t.Fatalf("Analyze error is not a journey.Problems: %T %v", err, err)
				}
				continue
			}
			if r == nil {
				t.Fatal("Analyze returned neither a report nor an error")
			}
			if len(r.Paths) > max(opts.K, analysis.DefaultK) {
				t.Fatalf("%d paths for K = %d", len(r.Paths), opts.K)
			}
			r2, err := analysis.Analyze(context.Background(), j, opts)
			if err != nil {
				t.Fatal(err)
			}
			a, err := json.Marshal(r)
			if err != nil {
				t.Fatalf("report does not marshal: %v", err)
			}
			b, _ := json.Marshal(r2)
			if !bytes.Equal(a, b) {
				t.Fatalf("two analyses differ:\n%s\n%s", a, b)
			}
		}
	})
}

// validCore builds a journey from fuzz bytes that is always valid: up to 9
// steps in up to 3 stages, any transitions among them (self-loops and
// cycles included) with probabilities that keep each step's sum at most 1
// or counts, any barriers, entries and goals.
func validCore(data []byte) *journey.Journey {
	b := &fuzzBytes{data: data}
	j := &journey.Journey{ID: "core", Personas: []persona.Persona{{ID: "p0"}, {ID: "p1"}}}
	stages := 1 + b.intn(3)
	for s := 0; s < stages; s++ {
		j.Stages = append(j.Stages, journey.Stage{ID: fmt.Sprint("s", s)})
	}
	n := 2 + b.intn(8)
	for i := 0; i < n; i++ {
		s := journey.Step{ID: fmt.Sprint("v", i), Stage: fmt.Sprint("s", b.intn(stages)), Emotion: b.intn(5) - 2}
		if c := b.intn(3); c > 0 {
			s.Personas = []string{fmt.Sprint("p", c-1)}
		}
		if c := b.intn(6); c < 4 {
			s.Barriers = []journey.Barrier{{Description: "b", Severity: journey.Severities[c]}}
		}
		j.Steps = append(j.Steps, s)
	}
	numbers := b.intn(3) // 0 none, 1 probabilities, 2 counts
	seen := map[[2]int]bool{}
	for m := b.intn(3 * n); m > 0; m-- {
		from, to := b.intn(n), b.intn(n)
		if seen[[2]int{from, to}] {
			continue
		}
		seen[[2]int{from, to}] = true
		t := journey.Transition{From: fmt.Sprint("v", from), To: fmt.Sprint("v", to)}
		switch numbers {
		case 1:
			t.Probability = float64(1+b.intn(10)) / float64(10*n) // at most n transitions leave a step
		case 2:
			t.Count = int64(b.intn(100))
		}
		j.Transitions = append(j.Transitions, t)
	}
	j.Entries = []string{"v0"}
	if b.intn(2) == 1 {
		j.Entries = append(j.Entries, fmt.Sprint("v", 1+b.intn(n-1)))
	}
	j.Goals = []string{fmt.Sprint("v", n-1)}
	if b.intn(2) == 1 && n > 3 {
		j.Exits = []string{fmt.Sprint("v", n-2)}
	}
	if j.Entries[len(j.Entries)-1] == j.Goals[0] || len(j.Exits) > 0 && j.Entries[len(j.Entries)-1] == j.Exits[0] {
		j.Entries = j.Entries[:1]
	}
	return j
}

// The cores built for FuzzAnalyze are valid, so that it reaches Analyze's
// findings and not only Validate's problems.
func TestValidCoreIsValid(t *testing.T) {
	for seed := 0; seed < 2000; seed++ {
		data := []byte(strings.Repeat(string(rune(seed%256)), seed%17) + fmt.Sprint(seed*7919))
		j := validCore(data)
		if err := j.Validate(); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
	}
}
