package sqlmine

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeymap/journeymap/eventlog"
)

// event is one row of a generated log.
type event struct {
	Case, Act, Seg, Tp string
	T                  int64 // seconds since the epoch
	V                  float64
}

var genActs = []string{"visit", "search", "cart", "buy", "review", "it's \"odd\"", "ünïcode", "a b"}
var genSegs = []string{"family", "corp", "young"}
var genTps = []string{"web", "shop", "app"}

// genLog makes a log with ties in time, repeats, several segments (and
// cases without one, and cases whose first event has none), one-event
// cases, and pairs seen more than eventlog.ExactDurations times when
// cases is large. Rows are in time order, tied events by activity,
// segment, touchpoint and value: the order SQL engines are told to use.
func genLog(r *rand.Rand, cases int) []event {
	var evs []event
	base := int64(1_700_000_000)
	for c := range cases {
		id := fmt.Sprintf("c%04d", c)
		seg := ""
		if r.IntN(5) > 0 {
			seg = genSegs[r.IntN(len(genSegs))]
		}
		n := 1 + r.IntN(7)
		if r.IntN(6) == 0 {
			n = 1
		}
		t := base + int64(r.IntN(86400*30))
		act := genActs[r.IntN(len(genActs))]
		for i := range n {
			switch x := r.IntN(10); {
			case x < 3: // repeat
			case x < 6:
				act = genActs[r.IntN(3)]
			default:
				act = genActs[r.IntN(len(genActs))]
			}
			if i > 0 && r.IntN(4) > 0 { // a quarter tied in time
				t += int64(r.IntN(3600))
			}
			es := seg
			if i == 0 && r.IntN(4) == 0 {
				es = "" // the case's segment comes from a later event
			}
			evs = append(evs, event{Case: id, Act: act, Seg: es, Tp: genTps[r.IntN(len(genTps))], T: t, V: float64(r.IntN(100))})
		}
	}
	slices.SortStableFunc(evs, func(a, b event) int {
		return cmp.Or(cmp.Compare(a.T, b.T), strings.Compare(a.Act, b.Act), strings.Compare(a.Seg, b.Seg),
			strings.Compare(a.Tp, b.Tp), cmp.Compare(a.V, b.V))
	})
	return evs
}

// oracle mines the events in process, by the rules written in the package
// documentation, straight from their definitions: sort each case by time
// (stable: file order breaks ties), keep the window, collapse repeats,
// count.
func oracle(evs []event, o Options) *eventlog.Aggregate {
	agg := oracleOnce(evs, o)
	if len(o.Goals) == 0 {
		// No goal named: the activity most cases end at is the goal.
		if g := mostFrequentEnd(agg.Total()); g != "" {
			o.Goals = []string{g}
			agg = oracleOnce(evs, o)
		}
	}
	return agg
}

func oracleOnce(evs []event, o Options) *eventlog.Aggregate {
	agg := eventlog.NewAggregate(o.Goals...)
	byCase := map[string][]event{}
	var order []string
	for _, e := range evs {
		if _, ok := byCase[e.Case]; !ok {
			order = append(order, e.Case)
		}
		byCase[e.Case] = append(byCase[e.Case], e)
	}
	goal := map[string]bool{}
	for _, g := range o.Goals {
		goal[g] = true
	}
	for _, c := range order {
		es := byCase[c]
		slices.SortStableFunc(es, func(a, b event) int { return cmp.Compare(a.T, b.T) })
		seg := ""
		if o.Segment != "" {
			for _, e := range es {
				if e.Seg != "" {
					seg = e.Seg
					break
				}
			}
		}
		var kept []event
		for i, e := range es {
			if o.Window > 0 && time.Duration(e.T-es[0].T)*time.Second > o.Window {
				continue
			}
			if o.Collapse && i > 0 && es[i-1].Act == e.Act {
				continue
			}
			kept = append(kept, e)
		}
		s := agg.Segment(seg)
		s.Cases++
		n := len(kept)
		gi := -1
		var acts []string
		var value float64
		for i, e := range kept {
			acts = append(acts, e.Act)
			s.Events[e.Act]++
			if n > 1 {
				s.Positions[e.Act] += float64(i) / float64(n-1)
			}
			if o.Touchpoint != "" {
				s.Touchpoints[eventlog.ActivityTouchpoint{Activity: e.Act, Touchpoint: e.Tp}]++
			}
			value += e.V
			if gi >= 0 {
				s.AfterGoal[e.Act]++
			}
			if gi < 0 && goal[e.Act] {
				gi = i
			}
			if i > 0 {
				p := eventlog.Pair{From: kept[i-1].Act, To: e.Act}
				s.Pairs[p]++
				if s.PairTimes[p] == nil {
					s.PairTimes[p] = &eventlog.Durations{}
				}
				s.PairTimes[p].Add(float64(e.T - kept[i-1].T))
			}
		}
		s.Starts[kept[0].Act]++
		s.Ends[kept[n-1].Act]++
		s.AddVariant(eventlog.VariantKey(acts...), 1)
		if o.Value != "" {
			s.Value += value
		}
		if gi >= 0 {
			s.Converted++
			s.ConvertTime.Add(float64(kept[gi].T - kept[0].T))
			if o.Value != "" {
				s.ConvertedValue += value
			}
		}
	}
	return agg
}

// diffAggregates lists how got differs from want: counts exactly, sums of
// floats within 1e-9, durations by their length and quantiles.
func diffAggregates(want, got *eventlog.Aggregate) []string {
	var out []string
	add := func(f string, args ...any) {
		if len(out) < 20 {
			out = append(out, fmt.Sprintf(f, args...))
		}
	}
	if !slices.Equal(want.SegmentNames(), got.SegmentNames()) {
		add("segments %q, want %q", got.SegmentNames(), want.SegmentNames())
		return out
	}
	for _, name := range want.SegmentNames() {
		w, g := want.Segments[name], got.Segments[name]
		if w.Cases != g.Cases || w.Converted != g.Converted {
			add("%q: cases %d/%d converted, want %d/%d", name, g.Cases, g.Converted, w.Cases, w.Converted)
		}
		diffCounts(add, name+" events", w.Events, g.Events)
		diffCounts(add, name+" starts", w.Starts, g.Starts)
		diffCounts(add, name+" ends", w.Ends, g.Ends)
		diffCounts(add, name+" pairs", w.Pairs, g.Pairs)
		diffCounts(add, name+" after goal", w.AfterGoal, g.AfterGoal)
		diffCounts(add, name+" touchpoints", w.Touchpoints, g.Touchpoints)
		if w.OtherVariants == 0 && g.OtherVariants == 0 {
			diffCounts(add, name+" variants", w.Variants, g.Variants)
		} else {
			// Past eventlog.MaxVariants distinct variants, mining in process
			// keeps the first seen and an engine the most frequent: only
			// the number of cases is the same.
			if sum(w.Variants)+w.OtherVariants != sum(g.Variants)+g.OtherVariants || len(g.Variants) != len(w.Variants) {
				add("%q: %d variants and %d other cases, want %d and %d", name, len(g.Variants), g.OtherVariants, len(w.Variants), w.OtherVariants)
			}
		}
		for k, v := range w.Positions {
			if !close(v, g.Positions[k]) {
				add("%q: positions of %q %v, want %v", name, k, g.Positions[k], v)
			}
		}
		if !close(w.Value, g.Value) || !close(w.ConvertedValue, g.ConvertedValue) {
			add("%q: value %v/%v, want %v/%v", name, g.Value, g.ConvertedValue, w.Value, w.ConvertedValue)
		}
		for k, d := range w.PairTimes {
			if msg := diffDurations(d, g.PairTimes[k]); msg != "" {
				add("%q: times of %q: %s", name, k, msg)
			}
		}
		if len(w.PairTimes) != len(g.PairTimes) {
			add("%q: %d pairs with times, want %d", name, len(g.PairTimes), len(w.PairTimes))
		}
		if msg := diffDurations(&w.ConvertTime, &g.ConvertTime); msg != "" {
			add("%q: time to convert: %s", name, msg)
		}
	}
	return out
}

func diffCounts[K comparable](add func(string, ...any), what string, w, g map[K]int64) {
	for k, v := range w {
		if g[k] != v {
			add("%s %v: %d, want %d", what, k, g[k], v)
		}
	}
	for k, v := range g {
		if _, ok := w[k]; !ok {
			add("%s %v: %d, want none", what, k, v)
		}
	}
}

func diffDurations(w, g *eventlog.Durations) string {
	if g == nil {
		return "missing"
	}
	if w.Len() != g.Len() || w.Exact() != g.Exact() {
		return fmt.Sprintf("%d values (exact %v), want %d (exact %v)", g.Len(), g.Exact(), w.Len(), w.Exact())
	}
	for _, q := range []float64{0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1} {
		if a, b := w.Quantile(q), g.Quantile(q); a != b {
			return fmt.Sprintf("quantile %v: %v, want %v", q, b, a)
		}
	}
	return ""
}

func close(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// TestOracleSketchPath makes sure the generated logs reach the sketch:
// some pair is seen more than eventlog.ExactDurations times.
func TestOracleSketchPath(t *testing.T) {
	agg := oracle(genLog(rand.New(rand.NewPCG(1, 2)), 6000), Options{Segment: "seg"})
	sketched := false
	for _, s := range agg.Segments {
		for _, d := range s.PairTimes {
			sketched = sketched || !d.Exact()
		}
	}
	if !sketched {
		t.Fatal("no pair reached the sketch: the engines' bucket path is untested")
	}
}

// sliceReader serves events to eventlog's in-process mining.
type sliceReader struct {
	evs []eventlog.Event
	i   int
}

func (r *sliceReader) Read() (eventlog.Event, error) {
	if r.i == len(r.evs) {
		return eventlog.Event{}, io.EOF
	}
	r.i++
	return r.evs[r.i-1], nil
}

// inProcess is eventlog's own mining of the events, with the options'
// meaning carried over.
func inProcess(t *testing.T, evs []event, o Options) *eventlog.Aggregate {
	t.Helper()
	r := &sliceReader{}
	for i, e := range evs {
		ev := eventlog.Event{Case: e.Case, Activity: e.Act, Time: time.Unix(e.T, 0).UTC(), Row: int64(i + 1)}
		if o.Segment != "" {
			ev.Segment = e.Seg
		}
		if o.Touchpoint != "" {
			ev.Touchpoint = e.Tp
		}
		if o.Value != "" {
			ev.Value = e.V
		}
		r.evs = append(r.evs, ev)
	}
	agg, _, err := eventlog.ReadAggregate(r, eventlog.Options{Goals: o.Goals, Collapse: o.Collapse, Window: o.Window})
	if err != nil {
		t.Fatal(err)
	}
	return agg
}

// TestOracleIsInProcessMining: the brute-force oracle the engines are
// checked against agrees with eventlog's own mining on the generated logs,
// so that equality with the oracle is equality with `journeymap mine`.
func TestOracleIsInProcessMining(t *testing.T) {
	for _, size := range []int{1, 40, 6000} {
		evs := genLog(rand.New(rand.NewPCG(uint64(size), 15)), size)
		for name, o := range optionSets(plainCols) {
			if diff := diffAggregates(oracle(evs, o), inProcess(t, evs, o)); len(diff) > 0 {
				t.Errorf("%d/%s: eventlog.ReadAggregate and the oracle differ:\n%s", size, name, strings.Join(diff, "\n"))
			}
		}
	}
}

func sum(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}
