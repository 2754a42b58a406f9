package eventlog

import "slices"

// convertTally adds up conversions and times to convert per segment and per
// entry channel, by index.
type convertTally struct {
	all            convertAcc
	segs           []convertAcc // per segment index
	tps, acts      []convertAcc // per touchpoint index, per activity index
	byTouchpoint   bool
	noEntry        int64
	segmentedCases int64 // cases with a segment value
}

type convertAcc struct {
	cases, converted int64
	time             Durations
}

func (a *convertAcc) add(converted bool, secs float64) {
	a.cases++
	if converted {
		a.converted++
		a.time.Add(secs)
	}
}

func newConvertTally(nSeg, nTP, nAct int) *convertTally {
	return &convertTally{segs: make([]convertAcc, nSeg), tps: make([]convertAcc, nTP), acts: make([]convertAcc, nAct),
		byTouchpoint: nTP > 1}
}

// add counts one case of segment seg that entered at entry (a touchpoint
// index when the log has touchpoints, else an activity index; -1 for none).
func (t *convertTally) add(seg, entry int32, converted bool, secs float64) {
	t.all.add(converted, secs)
	t.segs[seg].add(converted, secs)
	if seg != 0 {
		t.segmentedCases++
	}
	switch {
	case entry < 0:
		t.noEntry++
	case t.byTouchpoint:
		t.tps[entry].add(converted, secs)
	default:
		t.acts[entry].add(converted, secs)
	}
}

// result names the figures.
func (t *convertTally) result(c *collector, goals []string, personas map[string]int) *TimeToConvert {
	out := &TimeToConvert{Goals: slices.Clone(goals), Cases: t.all.cases, Converted: t.all.converted,
		ConvertTime: timing(&t.all.time), NoEntryChannel: t.noEntry, EntryChannels: []EntryChannel{}}
	if out.Goals == nil {
		out.Goals = []string{}
	}
	for _, g := range goals {
		if _, ok := c.acts[g]; !ok && !slices.Contains(out.MissingGoals, g) {
			out.MissingGoals = append(out.MissingGoals, g)
		}
	}
	if t.segmentedCases > 0 {
		for s, name := range c.segNames {
			a := &t.segs[s]
			if a.cases == 0 {
				continue
			}
			ss := SegmentSummary{Segment: name, Cases: a.cases, Converted: a.converted, ConvertTime: timing(&a.time)}
			if _, ok := personas[name]; ok && name != "" {
				ss.Persona = name
			}
			out.Segments = append(out.Segments, ss)
		}
		slices.SortFunc(out.Segments, func(x, y SegmentSummary) int { return cmpString(x.Segment, y.Segment) })
	}
	accs, names := t.acts, c.actNames
	if t.byTouchpoint {
		accs, names = t.tps, c.tpNames
	}
	for i := range accs {
		a := &accs[i]
		if a.cases == 0 {
			continue
		}
		out.EntryChannels = append(out.EntryChannels, EntryChannel{Channel: names[i], Cases: a.cases, Converted: a.converted, ConvertTime: timing(&a.time)})
	}
	slices.SortFunc(out.EntryChannels, func(x, y EntryChannel) int { return cmpString(x.Channel, y.Channel) })
	return out
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
