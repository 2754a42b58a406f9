package eventlog

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
)

// naiveConform is the brute-force oracle of Conform: every case is held as a
// list of events, sorted, and checked against the journey's lists by
// linear search, with the persona filtering spelled out from the
// definition rather than taken from ForPersona.
func naiveConform(j *journey.Journey, events []Event, goals []string) *Conformance {
	type cas struct {
		evs []Event
		seg string
	}
	var order []string
	cases := map[string]*cas{}
	anyTP := false
	for _, e := range events {
		c := cases[e.Case]
		if c == nil {
			c = &cas{}
			cases[e.Case] = c
			order = append(order, e.Case)
		}
		c.evs = append(c.evs, e)
		if c.seg == "" {
			c.seg = e.Segment
		}
		anyTP = anyTP || e.Touchpoint != ""
	}
	isPersona := func(id string) bool {
		for _, p := range j.Personas {
			if p.ID == id && id != "" {
				return true
			}
		}
		return false
	}
	applies := func(ids []string, p string) bool { return p == "" || len(ids) == 0 || slices.Contains(ids, p) }
	hasStep := func(id, p string) bool {
		for _, s := range j.Steps {
			if s.ID == id && applies(s.Personas, p) {
				return true
			}
		}
		return false
	}
	allowed := func(a, b, p string) bool {
		for _, t := range j.Transitions {
			if t.From == a && t.To == b && applies(t.Personas, p) && hasStep(a, p) && hasStep(b, p) {
				return true
			}
		}
		return false
	}
	isEntry := func(a, p string) bool { return slices.Contains(j.Entries, a) && hasStep(a, p) }

	type tally struct {
		pc      PersonaConformance
		pairs   map[[2]string]int64
		obs     map[[2]string]int64
		acts    map[string]int64
		starts  map[string]int64
		visited map[string]bool
	}
	newTally := func() *tally {
		return &tally{pairs: map[[2]string]int64{}, obs: map[[2]string]int64{}, acts: map[string]int64{}, starts: map[string]int64{}, visited: map[string]bool{}}
	}
	all := newTally()
	per := map[string]*tally{}
	unmatched := map[string]int64{}
	type conv struct {
		cases, converted int64
		times            []float64
	}
	convAll, convSeg, convEntry := &conv{}, map[string]*conv{}, map[string]*conv{}
	segmented := false
	for _, id := range order {
		c := cases[id]
		evs := c.evs
		sort.SliceStable(evs, func(x, y int) bool { return evs[x].Time.Before(evs[y].Time) })
		p := ""
		if isPersona(c.seg) {
			p = c.seg
		} else if c.seg != "" {
			unmatched[c.seg]++
		}
		if per[p] == nil {
			per[p] = newTally()
		}
		for _, t := range []*tally{all, per[p]} {
			t.pc.Cases++
			fit := true
			t.pc.Moves++
			if isEntry(evs[0].Activity, p) {
				t.pc.AllowedMoves++
			} else {
				fit = false
				t.starts[evs[0].Activity]++
			}
			for i, e := range evs {
				t.visited[e.Activity] = true
				if !hasStep(e.Activity, p) {
					t.acts[e.Activity]++
				}
				if i == 0 {
					continue
				}
				t.pc.Moves++
				t.obs[[2]string{evs[i-1].Activity, e.Activity}]++
				if allowed(evs[i-1].Activity, e.Activity, p) {
					t.pc.AllowedMoves++
				} else {
					fit = false
					t.pairs[[2]string{evs[i-1].Activity, e.Activity}]++
				}
			}
			if fit {
				t.pc.FittingCases++
			}
		}
		// Conversion.
		segmented = segmented || c.seg != ""
		// The entry channel: the first channel before the first goal.
		goal := -1
		for i, e := range evs {
			if slices.Contains(goals, e.Activity) {
				goal = i
				break
			}
		}
		entry, hasEntry := "", false
		for i, e := range evs {
			if i == goal {
				break
			}
			ch := e.Activity
			if anyTP {
				ch = e.Touchpoint
			}
			if strings.TrimSpace(ch) != "" {
				entry, hasEntry = ch, true
				break
			}
		}
		if convSeg[c.seg] == nil {
			convSeg[c.seg] = &conv{}
		}
		targets := []*conv{convAll, convSeg[c.seg]}
		if hasEntry {
			if convEntry[entry] == nil {
				convEntry[entry] = &conv{}
			}
			targets = append(targets, convEntry[entry])
		}
		for _, t := range targets {
			t.cases++
			if goal >= 0 {
				t.converted++
				t.times = append(t.times, evs[goal].Time.Sub(evs[0].Time).Seconds())
			}
		}
	}
	finish := func(t *tally, p string) PersonaConformance {
		pc := t.pc
		pc.Persona = p
		if pc.Moves > 0 {
			pc.Fitness = float64(pc.AllowedMoves) / float64(pc.Moves)
		}
		moves := func(m map[[2]string]int64) []MoveCount {
			out := []MoveCount{}
			for k, n := range m {
				out = append(out, MoveCount{k[0], k[1], n})
			}
			sort.Slice(out, func(x, y int) bool {
				a, b := out[x], out[y]
				if a.Count != b.Count {
					return a.Count > b.Count
				}
				if a.From != b.From {
					return a.From < b.From
				}
				return a.To < b.To
			})
			return out
		}
		pc.UnmodelledTransitions = moves(t.pairs)
		pc.Observed = moves(t.obs)
		list := func(m map[string]int64) []ActivityCount {
			out := []ActivityCount{}
			for a, n := range m {
				out = append(out, ActivityCount{a, n})
			}
			sort.Slice(out, func(x, y int) bool {
				if out[x].Count != out[y].Count {
					return out[x].Count > out[y].Count
				}
				return out[x].Activity < out[y].Activity
			})
			return out
		}
		pc.UnmodelledActivities, pc.WrongStarts = list(t.acts), list(t.starts)
		pc.UnvisitedSteps = []string{}
		for _, s := range j.Steps {
			if applies(s.Personas, p) && !t.visited[s.ID] {
				pc.UnvisitedSteps = append(pc.UnvisitedSteps, s.ID)
			}
		}
		return pc
	}
	a := finish(all, "")
	out := &Conformance{Cases: a.Cases, FittingCases: a.FittingCases, Fitness: a.Fitness, Moves: a.Moves, AllowedMoves: a.AllowedMoves,
		UnmodelledTransitions: a.UnmodelledTransitions, UnmodelledActivities: a.UnmodelledActivities,
		UnvisitedSteps: a.UnvisitedSteps, WrongStarts: a.WrongStarts, Personas: []PersonaConformance{}, Observed: a.Observed}
	for _, p := range j.Personas {
		if t := per[p.ID]; t != nil && p.ID != "" {
			out.Personas = append(out.Personas, finish(t, p.ID))
		}
	}
	for s, n := range unmatched {
		out.UnmatchedSegments = append(out.UnmatchedSegments, SegmentCases{s, n})
	}
	sort.Slice(out.UnmatchedSegments, func(x, y int) bool { return out.UnmatchedSegments[x].Segment < out.UnmatchedSegments[y].Segment })
	tm := func(xs []float64) *journey.Timing {
		if len(xs) == 0 {
			return nil
		}
		q := func(q float64) float64 {
			v := slices.Clone(xs)
			slices.Sort(v)
			h := q * float64(len(v)-1)
			lo := int(h)
			if lo+1 >= len(v) {
				return v[lo]
			}
			return v[lo] + (h-float64(lo))*(v[lo+1]-v[lo])
		}
		return &journey.Timing{Median: q(0.5), P90: q(0.9)}
	}
	tc := &ConversionTimes{Cases: convAll.cases, Converted: convAll.converted, ConvertTime: tm(convAll.times)}
	out.Goals = append([]string{}, goals...)
	for _, g := range goals {
		seen := false
		for _, e := range events {
			seen = seen || e.Activity == g
		}
		if !seen {
			out.MissingGoals = append(out.MissingGoals, g)
		}
	}
	if segmented {
		for s, c := range convSeg {
			ss := SegmentSummary{Segment: s, Cases: c.cases, Converted: c.converted, ConvertTime: tm(c.times)}
			if isPersona(s) {
				ss.Persona = s
			}
			tc.Segments = append(tc.Segments, ss)
		}
		sort.Slice(tc.Segments, func(x, y int) bool { return tc.Segments[x].Segment < tc.Segments[y].Segment })
	}
	for ch, c := range convEntry {
		tc.EntryChannels = append(tc.EntryChannels, ChannelSummary{Channel: ch, Cases: c.cases, Converted: c.converted, ConvertTime: tm(c.times)})
	}
	sort.Slice(tc.EntryChannels, func(x, y int) bool { return tc.EntryChannels[x].Channel < tc.EntryChannels[y].Channel })
	out.TimeToConvert = tc
	return out
}

// randomConformInput makes a journey over some of the activities a..g with
// personas p1 and p2 restricting some steps and transitions, and a log of
// random cases over a..h (h is never a step) with segments p1, p2, x
// (no persona) and none, times with ties, and touchpoints in some logs.
func randomConformInput(rng *rand.Rand) (*journey.Journey, []Event) {
	acts := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	pick := func(xs []string) []string {
		var out []string
		for _, x := range xs {
			if rng.IntN(3) == 0 {
				out = append(out, x)
			}
		}
		return out
	}
	j := &journey.Journey{ID: "r"}
	if rng.IntN(4) > 0 {
		j.Personas = []persona.Persona{{ID: "p1"}, {ID: "p2"}}
	}
	pids := []string{"p1", "p2"}
	for _, a := range acts[:7] {
		if rng.IntN(5) == 0 {
			continue
		}
		s := journey.Step{ID: a}
		if j.Personas != nil && rng.IntN(4) == 0 {
			s.Personas = pids[rng.IntN(2) : rng.IntN(2)+1]
		}
		j.Steps = append(j.Steps, s)
	}
	for _, s := range j.Steps {
		for _, u := range j.Steps {
			if rng.IntN(3) > 0 {
				continue
			}
			t := journey.Transition{From: s.ID, To: u.ID}
			if j.Personas != nil && rng.IntN(3) == 0 {
				t.Personas = pick(pids)
			}
			j.Transitions = append(j.Transitions, t)
		}
		if rng.IntN(3) == 0 {
			j.Entries = append(j.Entries, s.ID)
		}
	}
	j.Goals = pick(acts)
	segs := []string{"", "p1", "p2", "x"}
	tps := []string{"", "web", "mail", " "}
	withTP := rng.IntN(2) == 0
	var evs []Event
	nCases := 1 + rng.IntN(12)
	for k := 0; k < 1+rng.IntN(60); k++ {
		e := Event{Case: fmt.Sprint("c", rng.IntN(nCases)), Activity: acts[rng.IntN(len(acts))],
			Time: time.Unix(1e9+int64(rng.IntN(20))*int64(1+rng.IntN(3000)), 0), Segment: segs[rng.IntN(4)]}
		if rng.IntN(2) == 0 {
			e.Segment = ""
		}
		if withTP {
			e.Touchpoint = tps[rng.IntN(4)]
		}
		evs = append(evs, e)
	}
	return j, evs
}

// TestConformAgainstNaive: Conform agrees exactly with the brute force on
// random journeys and logs.
func TestConformAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 1))
	n := 1500
	if testing.Short() {
		n = 300
	}
	mixed, fitting, personas := 0, 0, 0
	for i := 0; i < n; i++ {
		j, evs := randomConformInput(rng)
		var goals []string
		if rng.IntN(3) == 0 {
			goals = []string{"b", "zz"}
		}
		got, err := Conform(j, &SliceReader{Events: slices.Clone(evs)}, Options{Goals: goals})
		if err != nil {
			t.Fatal(err)
		}
		got.Read = nil
		if goals == nil {
			goals = j.Goals
		}
		want := naiveConform(j, evs, goals)
		if got.Fitness > 0 && got.Fitness < 1 {
			mixed++
		}
		if got.FittingCases > 0 {
			fitting++
		}
		if len(got.Personas) > 0 && got.TimeToConvert.Converted > 0 {
			personas++
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("input %d: journey %+v\nevents %+v\n got %+v\nwant %+v\n got times %+v\nwant times %+v", i, j, evs, got, want, got.TimeToConvert, want.TimeToConvert)
		}
	}
	// The inputs must exercise the interesting cases.
	if mixed < n/4 || fitting < n/20 || personas < n/10 {
		t.Errorf("of %d inputs, %d had a fitness strictly between 0 and 1, %d fitting cases, %d personas and conversions", n, mixed, fitting, personas)
	}
	t.Logf("of %d inputs, %d had a fitness strictly between 0 and 1, %d fitting cases, %d personas and conversions", n, mixed, fitting, personas)
}

// TestConformManyActivities runs the sparse tables (pairs in a map, allowed
// pairs in a set) against the brute force: a log of 12,000 activities.
func TestConformManyActivities(t *testing.T) {
	if testing.Short() {
		t.Skip("12,000 activities")
	}
	rng := rand.New(rand.NewPCG(14, 2))
	const nAct = 12000
	name := func(i int) string { return fmt.Sprint("act", i) }
	j := &journey.Journey{ID: "many", Entries: []string{name(0), name(nAct - 1)}, Personas: []persona.Persona{{ID: "p"}}}
	for i := nAct - 50; i < nAct; i++ {
		j.Steps = append(j.Steps, journey.Step{ID: name(i)})
	}
	j.Steps = append(j.Steps, journey.Step{ID: name(0)}, journey.Step{ID: name(1)})
	for i := nAct - 50; i+1 < nAct; i++ {
		j.Transitions = append(j.Transitions, journey.Transition{From: name(i + 1), To: name(i)})
	}
	j.Transitions = append(j.Transitions, journey.Transition{From: name(0), To: name(1), Personas: []string{"p"}})
	var evs []Event
	for i := 0; i < nAct; i++ { // every activity once, so that all are known
		evs = append(evs, Event{Case: fmt.Sprint("all", i%7), Activity: name(i), Time: time.Unix(int64(i), 0)})
	}
	for k := 0; k < 3000; k++ {
		a := nAct - 1 - rng.IntN(60)
		if rng.IntN(10) == 0 {
			a = rng.IntN(2)
		}
		evs = append(evs, Event{Case: fmt.Sprint("c", rng.IntN(200)), Activity: name(a), Time: time.Unix(int64(k), 0), Segment: []string{"", "p"}[rng.IntN(2)]})
	}
	got, err := Conform(j, &SliceReader{Events: slices.Clone(evs)}, Options{MaxActivities: nAct})
	if err != nil {
		t.Fatal(err)
	}
	got.Read = nil
	want := naiveConform(j, evs, nil)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if got.AllowedMoves == 0 || got.FittingCases == 0 && got.Fitness == 0 {
		t.Errorf("the test allows nothing: %+v", got)
	}
}

// TestConformTimesAgainstReadPaths: the time to convert of Conform is the
// one attribute reports (ReadPaths, a separate implementation), on random
// logs and on the CRM example's export.
func TestConformTimesAgainstReadPaths(t *testing.T) {
	same := func(t *testing.T, got, want *ConversionTimes) {
		t.Helper()
		g := *got
		g.Segments = slices.Clone(g.Segments)
		for i := range g.Segments {
			g.Segments[i].Persona = ""
		}
		w := *want
		w.EntryChannels = slices.Clone(w.EntryChannels)
		for i := range w.EntryChannels {
			w.EntryChannels[i].Value = 0
		}
		w.Segments = slices.Clone(w.Segments)
		for i := range w.Segments {
			w.Segments[i].Value = 0
		}
		if !reflect.DeepEqual(&g, &w) {
			t.Fatalf("conform %+v\nattribute %+v", g, w)
		}
	}
	rng := rand.New(rand.NewPCG(14, 3))
	for i := 0; i < 300; i++ {
		j, evs := randomConformInput(rng)
		// One segment per case (blank on some events): attribute takes
		// a case's first segment in time order, conform (as mine) in file
		// order, which differ only when a case's events disagree.
		seg := map[string]string{}
		for k := range evs {
			if _, ok := seg[evs[k].Case]; !ok {
				seg[evs[k].Case] = evs[k].Segment
			}
			if evs[k].Segment != "" {
				evs[k].Segment = seg[evs[k].Case]
			}
		}
		goals := []string{"b", "c"}[:1+rng.IntN(2)]
		c, err := Conform(j, &SliceReader{Events: slices.Clone(evs)}, Options{Goals: goals})
		if err != nil {
			t.Fatal(err)
		}
		lp, err := ReadPaths(&SliceReader{Events: slices.Clone(evs)}, LogPathOptions{Goals: goals})
		if ps, ok := err.(Problems); ok && len(ps) == 1 && ps[0].Code == CodeGoalNotFound {
			// No goal occurs: attribute refuses, conform counts no conversion.
			if c.TimeToConvert.Converted != 0 {
				t.Fatalf("ReadPaths finds no goal, Conform %d conversions", c.TimeToConvert.Converted)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		same(t, c.TimeToConvert, lp.Times)
	}
	const crm = "../examples/crm/export.csv.gz"
	ro := ReadOptions{Columns: Columns{Case: "customer_id"}}
	c, err := ConformFile(&journey.Journey{ID: "none"}, crm, Options{Read: ro, Goals: []string{"contract_signed"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := OpenFile(crm, ro)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	lp, err := ReadPaths(r, LogPathOptions{Goals: []string{"contract_signed"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(lp.Times.Segments) != 3 || len(lp.Times.EntryChannels) < 2 {
		t.Fatalf("the export has %+v", lp.Times)
	}
	same(t, c.TimeToConvert, lp.Times)
}
