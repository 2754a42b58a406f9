package eventlog

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/parquet-go/parquet-go"
)

// qaEvent is one row of a generated log.
type qaEvent struct {
	caseID, act, seg string
	t                int64 // Unix seconds
}

// qaLog generates a small random log: few activities and times, so that
// pairs repeat and times tie; cases of one event; rows in random order.
func qaLog(rng *rand.Rand) []qaEvent {
	acts := []string{"visit", "корзина", "a, b", "line\nbreak", `say "hi"`, "pay"}
	segs := []string{"", "family", "corp"}
	var evs []qaEvent
	cases := 1 + rng.IntN(12)
	for c := range cases {
		seg := segs[rng.IntN(len(segs))]
		n := 1 + rng.IntN(5)
		for range n {
			evs = append(evs, qaEvent{caseID: fmt.Sprint(1000 + c), act: acts[rng.IntN(len(acts))], seg: seg,
				t: 1_700_000_000 + int64(rng.IntN(4))*60})
		}
	}
	rng.Shuffle(len(evs), func(i, j int) { evs[i], evs[j] = evs[j], evs[i] })
	return evs
}

// qaAll keys the all-personas counts.
const qaAll = "\x00all"

// qaBrute counts directly-follows pairs per segment (and qaAll) by brute
// force: each case's events in file order, stably sorted by time.
func qaBrute(evs []qaEvent) (pairs map[[3]string]int64, events map[[2]string]int64) {
	byCase := map[string][]qaEvent{}
	var order []string
	for _, e := range evs {
		if _, ok := byCase[e.caseID]; !ok {
			order = append(order, e.caseID)
		}
		byCase[e.caseID] = append(byCase[e.caseID], e)
	}
	pairs, events = map[[3]string]int64{}, map[[2]string]int64{}
	for _, c := range order {
		es := byCase[c]
		slices.SortStableFunc(es, func(a, b qaEvent) int { return int(a.t - b.t) })
		seg := es[0].seg
		for i, e := range es {
			events[[2]string{qaAll, e.act}]++
			events[[2]string{seg, e.act}]++
			if i > 0 {
				pairs[[3]string{qaAll, es[i-1].act, e.act}]++
				pairs[[3]string{seg, es[i-1].act, e.act}]++
			}
		}
	}
	return pairs, events
}

// qaEncode writes the log in one of the formats the readers take, with the
// quirks exporters produce: a BOM, CRLF, ; or tab, Unix milliseconds,
// numeric case IDs in JSON.
func qaEncode(t *testing.T, evs []qaEvent, variant int) (Reader, string) {
	t.Helper()
	var b bytes.Buffer
	var name string
	var r Reader
	var err error
	switch variant % 4 {
	case 0, 1: // CSV, separators and line ends varied
		sep := []string{",", ";", "\t"}[variant%3]
		eol := []string{"\n", "\r\n"}[variant%2]
		b.WriteString("\ufeff")
		b.WriteString(strings.Join([]string{"case_id", "activity", "timestamp", "segment"}, sep) + eol)
		q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
		for _, e := range evs {
			ts := time.Unix(e.t, 0).UTC().Format("2006-01-02 15:04:05")
			if variant%3 == 1 {
				ts = fmt.Sprint(e.t * 1000) // Unix milliseconds
			}
			b.WriteString(strings.Join([]string{e.caseID, q(e.act), ts, e.seg}, sep) + eol)
		}
		name = fmt.Sprintf("log-%d.csv", variant)
		r, err = NewCSVReader(&b, ReadOptions{File: name})
	case 2: // JSON Lines, case IDs as numbers
		for _, e := range evs {
			line, _ := json.Marshal(map[string]any{"case_id": json.Number(e.caseID), "activity": e.act,
				"timestamp": time.Unix(e.t, 0).UTC().Format(time.RFC3339), "segment": e.seg})
			b.Write(line)
			b.WriteString("\n")
		}
		name = "log.jsonl"
		r, err = NewJSONLReader(&b, ReadOptions{File: name})
	case 3: // XES, one trace per case in first-seen order, events as in the file
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">` + "\n" +
			`<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>` + "\n" +
			`<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>` + "\n")
		byCase := map[string][]qaEvent{}
		var order []string
		for _, e := range evs {
			if _, ok := byCase[e.caseID]; !ok {
				order = append(order, e.caseID)
			}
			byCase[e.caseID] = append(byCase[e.caseID], e)
		}
		esc := func(s string) string {
			var x bytes.Buffer
			_ = xml.EscapeText(&x, []byte(s))
			return x.String()
		}
		for _, c := range order {
			fmt.Fprintf(&b, "<trace><string key=\"concept:name\" value=\"%s\"/>", c)
			if seg := byCase[c][0].seg; seg != "" {
				fmt.Fprintf(&b, "<string key=\"segment\" value=\"%s\"/>", seg)
			}
			for _, e := range byCase[c] {
				fmt.Fprintf(&b, "<event><string key=\"concept:name\" value=\"%s\"/><date key=\"time:timestamp\" value=\"%s\"/></event>\n",
					esc(e.act), time.Unix(e.t, 0).UTC().Format("2006-01-02T15:04:05.000+00:00"))
			}
			b.WriteString("</trace>\n")
		}
		b.WriteString("</log>\n")
		name = "log.xes"
		r, err = NewXESReader(&b, ReadOptions{File: name})
	}
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, b.String())
	}
	return r, name
}

// TestQADirectlyFollowsBruteForce mines random logs, written in every
// format, and compares the steps' and transitions' counts, in all and per
// persona, with a brute-force count; the mined journey must validate,
// round-trip through YAML and JSON, and analyse.
func TestQADirectlyFollowsBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for iter := range 80 {
		evs := qaLog(rng)
		r, name := qaEncode(t, evs, iter)
		j, _, err := Mine(r, Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		pairs, events := qaBrute(evs)
		segmented := false
		for _, e := range evs {
			segmented = segmented || e.seg != ""
		}
		personaSeg := func(p string) string {
			if p == UnnamedSegment {
				return ""
			}
			return p
		}
		gotPairs := map[[3]string]int64{}
		for _, tr := range j.Transitions {
			gotPairs[[3]string{qaAll, tr.From, tr.To}] += tr.Count
			if !segmented {
				gotPairs[[3]string{"", tr.From, tr.To}] += tr.Count
			} else {
				if len(tr.Personas) != 1 {
					t.Fatalf("%s: transition %s->%s personas %v", name, tr.From, tr.To, tr.Personas)
				}
				gotPairs[[3]string{personaSeg(tr.Personas[0]), tr.From, tr.To}] += tr.Count
			}
		}
		gotEvents := map[[2]string]int64{}
		for _, s := range j.Steps {
			gotEvents[[2]string{qaAll, s.ID}] += s.Count
			if !segmented {
				gotEvents[[2]string{"", s.ID}] += s.Count
			}
			var sum int64
			for p, n := range s.Counts {
				gotEvents[[2]string{personaSeg(p), s.ID}] += n
				sum += n
			}
			if segmented && sum != s.Count {
				t.Errorf("%s: step %q count %d, its counts per persona sum to %d", name, s.ID, s.Count, sum)
			}
		}
		if !mapsEqual(pairs, gotPairs) {
			t.Fatalf("%s: directly-follows\n got  %v\n want %v", name, gotPairs, pairs)
		}
		if !mapsEqual(events, gotEvents) {
			t.Fatalf("%s: events\n got  %v\n want %v", name, gotEvents, events)
		}
		qaCheckJourney(t, name, j)
		// A journey mined from a log fits that log: every start is an
		// entry and every move a transition of the case's persona.
		r2, _ := qaEncode(t, evs, iter)
		c, err := Conform(j, r2, Options{})
		if err != nil {
			t.Fatalf("%s: conform: %v", name, err)
		}
		if c.Fitness != 1 || c.FittingCases != c.Cases || len(c.UnmodelledTransitions) != 0 || len(c.WrongStarts) != 0 {
			t.Fatalf("%s: the mined journey does not fit its own log: %+v", name, c)
		}
	}
}

func mapsEqual[K comparable](a, b map[K]int64) bool {
	clean := func(m map[K]int64) map[K]int64 {
		c := map[K]int64{}
		for k, v := range m {
			if v != 0 {
				c[k] = v
			}
		}
		return c
	}
	a, b = clean(a), clean(b)
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// qaCheckJourney validates a mined journey, writes it as YAML and JSON and
// reads it back equal, and analyses it in all and per persona.
func qaCheckJourney(t *testing.T, name string, j *journey.Journey) {
	t.Helper()
	if err := j.Validate(); err != nil {
		t.Fatalf("%s: mined journey invalid: %v", name, err)
	}
	for _, f := range []journey.Format{journey.YAML, journey.JSON} {
		var b bytes.Buffer
		if err := journey.Write(&b, j, f); err != nil {
			t.Fatalf("%s: write: %v", name, err)
		}
		back, err := journey.Read(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatalf("%s: read back: %v\n%s", name, err, b.String())
		}
		if !journey.Equal(j, back) {
			t.Fatalf("%s: the journey changed through the file\n%s", name, b.String())
		}
	}
	if _, err := analysis.Analyze(context.Background(), j, analysis.Options{}); err != nil {
		t.Fatalf("%s: analyze: %v", name, err)
	}
	for _, p := range j.Personas {
		if _, err := analysis.Analyze(context.Background(), j, analysis.Options{Persona: p.ID}); err != nil {
			t.Fatalf("%s: analyze persona %s: %v", name, p.ID, err)
		}
	}
}

// TestQAUnnamedSegmentCollision: a segment literally named "unsegmented"
// and cases without a segment are two personas, not one ID twice (the
// mined journey used to fail validation with duplicate-id).
func TestQAUnnamedSegmentCollision(t *testing.T) {
	log := "case_id,activity,timestamp,segment\n" +
		"1,a,2024-01-01 10:00:00,unsegmented\n" +
		"1,b,2024-01-01 10:01:00,unsegmented\n" +
		"2,a,2024-01-01 10:00:00,\n" +
		"2,c,2024-01-01 10:01:00,\n" +
		"3,a,2024-01-01 10:00:00,corp\n"
	r, err := NewCSVReader(strings.NewReader(log), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	j, _, err := Mine(r, Options{Goals: []string{"b"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range j.Personas {
		ids = append(ids, p.ID)
	}
	if want := []string{"unsegmented-2", "corp", "unsegmented"}; !slices.Equal(slices.Sorted(slices.Values(ids)), slices.Sorted(slices.Values(want))) {
		t.Errorf("personas %v, want %v", ids, want)
	}
	qaCheckJourney(t, "collision", j)
	for _, tr := range j.Transitions {
		if tr.From == "a" && tr.To == "c" && !slices.Equal(tr.Personas, []string{"unsegmented-2"}) {
			t.Errorf("a->c personas %v, want [unsegmented-2]", tr.Personas)
		}
	}
}

// TestQAXESDatesMixZones: an XES date is an xs:dateTime whose zone is
// optional value by value; a log mixing dates with and without a zone (and
// with fractions) reads, the zoneless ones as UTC.
func TestQAXESDatesMixZones(t *testing.T) {
	const log = `<?xml version="1.0" encoding="UTF-8" ?>
<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">
  <trace><string key="concept:name" value="1"/>
    <event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-01T10:00:00.000+01:00"/></event>
    <event><string key="concept:name" value="b"/><date key="time:timestamp" value="2024-01-01T10:00:00Z"/></event>
    <event><string key="concept:name" value="c"/><date key="time:timestamp" value="2024-01-01T09:59:59.5"/></event>
  </trace>
</log>
`
	r, err := NewXESReader(strings.NewReader(log), ReadOptions{File: "mixed.xes"})
	if err != nil {
		t.Fatal(err)
	}
	j, _, err := Mine(r, Options{Goals: []string{"b"}})
	if err != nil {
		t.Fatal(err)
	}
	// 09:00Z (a), 09:59:59.5Z (c), 10:00Z (b).
	var got []string
	for _, tr := range j.Transitions {
		got = append(got, tr.From+">"+tr.To)
	}
	if want := []string{"a>c", "c>b"}; !slices.Equal(slices.Sorted(slices.Values(got)), want) {
		t.Errorf("transitions %v, want %v", got, want)
	}
}

// TestQAJSONLTimeExponent: Unix milliseconds written as a JSON number in
// exponent form read as the same milliseconds.
func TestQAJSONLTimeExponent(t *testing.T) {
	const log = `{"case_id": 1, "activity": "a", "timestamp": 1704103200000}
{"case_id": 1, "activity": "b", "timestamp": 1.7041032015e12}
{"case_id": 1, "activity": "c", "timestamp": 1704103201000.0}
`
	r, err := NewJSONLReader(strings.NewReader(log), ReadOptions{File: "exp.jsonl"})
	if err != nil {
		t.Fatal(err)
	}
	j, _, err := Mine(r, Options{Goals: []string{"b"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"a>c": 1, "c>b": 0.5}
	for _, tr := range j.Transitions {
		w, ok := want[tr.From+">"+tr.To]
		if !ok || tr.Time == nil || tr.Time.Median != w {
			t.Errorf("transition %s>%s time %+v, want median %v", tr.From, tr.To, tr.Time, w)
		}
	}
	if len(j.Transitions) != 2 {
		t.Errorf("transitions %+v", j.Transitions)
	}
}

// TestQANotXES: a file that holds no <log> element (text, HTML, a
// Parquet magic in a .xes) is bad-xes, not an empty log read without
// complaint.
func TestQANotXES(t *testing.T) {
	for _, in := range []string{"PAR1xxxxPAR1", "", "<html><body>no log</body></html>", "<?xml version=\"1.0\"?>\n<!-- nothing -->\n"} {
		r, err := NewXESReader(strings.NewReader(in), ReadOptions{File: "x.xes"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.Read()
		var p *Problem
		if !errors.As(err, &p) || p.Code != CodeBadXES || p.File != "x.xes" {
			t.Errorf("%q: %v, want bad-xes", in, err)
		}
	}
	// An empty <log/> is XES: a log with no events.
	r, _ := NewXESReader(strings.NewReader(`<log xes.version="2.0"/>`), ReadOptions{})
	if _, err := r.Read(); err != io.EOF {
		t.Errorf("<log/>: %v, want io.EOF", err)
	}
}

// TestQAReadPathsEmptyLog: attribution from a log without events is the
// empty-log problem, as for Mine, not an attribution of nothing.
func TestQAReadPathsEmptyLog(t *testing.T) {
	for _, in := range []string{"", "\n", "{\"case_id\": 1, \"activity\": \"\", \"timestamp\": 1}\n"} {
		r, err := NewJSONLReader(strings.NewReader(in), ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = ReadPaths(r, LogPathOptions{Goals: []string{"buy"}, SkipBadRows: true})
		var ps Problems
		if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Code != CodeEmptyLog {
			t.Errorf("%q: %v, want empty-log", in, err)
		}
	}
}

// TestQATemplateShares: a template whose personas carry designed shares,
// mined with a log whose segments are partly other personas, gives a valid
// journey: the observed shares replace the designed ones (they summed to
// 1.9 and the journey failed share-sum); the template is left alone.
func TestQATemplateShares(t *testing.T) {
	tmpl := &journey.Journey{ID: "t",
		Personas:    []persona.Persona{{ID: "p", Share: 0.9}, {ID: "a", Share: 0.1}},
		Stages:      []journey.Stage{{ID: "s"}},
		Steps:       []journey.Step{{ID: "visit", Stage: "s"}, {ID: "buy", Stage: "s", Personas: []string{"p"}}},
		Transitions: []journey.Transition{{From: "visit", To: "buy"}},
		Entries:     []string{"visit"}, Goals: []string{"buy"}}
	if err := tmpl.Validate(); err != nil {
		t.Fatal(err)
	}
	log := "case_id,activity,timestamp,segment\n" +
		"1,visit,2024-01-01 10:00:00,a\n1,buy,2024-01-01 11:00:00,a\n" +
		"2,visit,2024-01-01 10:00:00,b\n2,buy,2024-01-01 10:40:00,b\n"
	r, err := NewCSVReader(strings.NewReader(log), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	j, _, err := Mine(r, Options{Template: tmpl})
	if err != nil {
		t.Fatal(err)
	}
	qaCheckJourney(t, "template", j)
	shares := map[string]float64{}
	for _, p := range j.Personas {
		shares[p.ID] = p.Share
	}
	if want := map[string]float64{"p": 0, "a": 0.5, "b": 0.5}; !maps.Equal(shares, want) {
		t.Errorf("shares %v, want %v", shares, want)
	}
	if tmpl.Personas[0].Share != 0.9 {
		t.Errorf("the template changed: %+v", tmpl.Personas)
	}
}

// TestQATimeOutOfRange: a valid date outside what a time in nanoseconds
// holds (9999-12-31, "never" in some exports) is a bad-time that says so,
// not "cannot read the time".
func TestQATimeOutOfRange(t *testing.T) {
	log := "case_id,activity,timestamp\n1,a,2024-01-01 10:00:00\n1,b,9999-12-31 23:59:59\n2,a,0001-01-01\n"
	r, err := NewCSVReader(strings.NewReader(log), ReadOptions{File: "far.csv"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Mine(r, Options{})
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 2 {
		t.Fatalf("%v", err)
	}
	for _, p := range ps {
		if p.Code != CodeBadTime || !strings.Contains(p.Message, "outside the years 1678 to 2261") {
			t.Errorf("%v", p)
		}
	}
	// 1678 and 2261 themselves read.
	r, _ = NewCSVReader(strings.NewReader("case_id,activity,timestamp\n1,a,1678-01-01\n1,b,2261-12-31\n"), ReadOptions{})
	if _, _, err := Mine(r, Options{}); err != nil {
		t.Error(err)
	}
}

type qaParquetDouble struct {
	Case int64   `parquet:"case_id"`
	Act  string  `parquet:"activity"`
	Time float64 `parquet:"timestamp"`
}

type qaParquetMillis struct {
	Case string `parquet:"case_id"`
	Act  string `parquet:"activity"`
	Time int64  `parquet:"timestamp,timestamp(millisecond)"`
}

func qaParquet[T any](t *testing.T, rows []T) *bytes.Reader {
	t.Helper()
	var b bytes.Buffer
	w := parquet.NewGenericWriter[T](&b)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b.Bytes())
}

// TestQAParquetTimes: Unix milliseconds in a DOUBLE column (pandas makes an
// integer column with gaps one) read as the times they are, not as
// "1.7041032e+12"; a TIMESTAMP beyond 2262 is bad-time, not a time
// wrapped round the int64 of nanoseconds.
func TestQAParquetTimes(t *testing.T) {
	br := qaParquet(t, []qaParquetDouble{{1, "a", 1704103200000}, {1, "b", 1704103260000.5}, {22, "a", 1704103200000}})
	r, err := NewParquetReader(br, br.Size(), ReadOptions{File: "d.parquet"})
	if err != nil {
		t.Fatal(err)
	}
	j, _, err := Mine(r, Options{Goals: []string{"b"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Transitions) != 1 || j.Transitions[0].Time == nil || j.Transitions[0].Time.Median != 60.0005 {
		t.Errorf("transitions %+v", j.Transitions)
	}
	far := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).UnixMilli()
	br = qaParquet(t, []qaParquetMillis{{"1", "a", 1704103200000}, {"1", "b", far}})
	r, err = NewParquetReader(br, br.Size(), ReadOptions{File: "far.parquet"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Mine(r, Options{Goals: []string{"b"}})
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Code != CodeBadTime || ps[0].Row != 2 {
		t.Errorf("far: %v, want bad-time at row 2", err)
	}
}

// TestQAXLSXFarDate: an Excel date of 9999-12-31 (Excel's last, "never" in
// some exports) is bad-time, not a time wrapped round int64 nanoseconds.
func TestQAXLSXFarDate(t *testing.T) {
	evs := []Event{{Case: "1", Activity: "a", Time: time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)},
		{Case: "1", Activity: "b", Time: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)}}
	data := toXLSX(t, evs, true)
	r, err := NewXLSXReader(bytes.NewReader(data), ReadOptions{File: "far.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Mine(r, Options{Goals: []string{"b"}})
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Code != CodeBadTime || ps[0].Row != 3 {
		t.Errorf("%v, want bad-time at row 3", err)
	}
}

// TestQAPathTableExtraFields: a row with more non-empty fields than the
// header is ragged (the rest of the row would be read shifted or ignored);
// empty trailing fields are not.
func TestQAPathTableExtraFields(t *testing.T) {
	_, err := ReadPathTable(strings.NewReader("path,total_conversions,total_null\na,1,0,5\nb,0,1\n"), "p.csv")
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Code != CodeRaggedRow || ps[0].Row != 2 {
		t.Errorf("%v, want ragged-row at row 2", err)
	}
	tb, err := ReadPathTable(strings.NewReader("path;total_conversions;total_null;\r\na;1;0;\r\nb;0;1; \r\n"), "p.csv")
	if err != nil || len(tb.Paths) != 2 {
		t.Errorf("trailing separators: %v %+v", err, tb)
	}
}

// TestQAJSONArray: a log written as one JSON array is refused once, as a
// file problem that says what to do, even with SkipBadRows.
func TestQAJSONArray(t *testing.T) {
	log := "[{\"case_id\":\"1\",\"activity\":\"a\",\"timestamp\":\"2024-01-01T10:00:00Z\"},\n" +
		"{\"case_id\":\"1\",\"activity\":\"b\",\"timestamp\":\"2024-01-01T10:01:00Z\"}]\n"
	r, err := NewJSONLReader(strings.NewReader(log), ReadOptions{File: "a.json"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Mine(r, Options{SkipBadRows: true})
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Code != CodeUnknownFormat || !strings.Contains(ps[0].Message, "JSON array") {
		t.Errorf("%v", err)
	}
}

// TestQADuplicateColumn: a header naming a role's column twice is a
// duplicate-column problem (one of the two was picked silently); other
// columns may repeat.
func TestQADuplicateColumn(t *testing.T) {
	_, err := NewCSVReader(strings.NewReader("case_id,case_id,activity,timestamp,x,x\n1,2,a,2024-01-01\n"), ReadOptions{File: "d.csv"})
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Code != CodeDuplicateColumn || ps[0].Row != 1 || ps[0].Column != "case_id" {
		t.Errorf("%v, want one duplicate-column", err)
	}
}
