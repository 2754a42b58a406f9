package eventlog

import (
	"slices"
	"strings"
)

// convertTally adds up conversions and times to convert per segment and per
// entry channel, by index, for Conform. The figures are those of
// ReadPaths' ConversionTimes: a case's entry channel is the first channel
// of its events before its first goal event (touchpoints when the log has
// a touchpoint column, else activities; blank ones are no channel).
type convertTally struct {
	all            convertAcc
	segs           []convertAcc // per segment index
	chans          []convertAcc // per touchpoint or activity index
	byTouchpoint   bool
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

func newConvertTally(nSeg, nChan int, byTouchpoint bool) *convertTally {
	return &convertTally{segs: make([]convertAcc, nSeg), chans: make([]convertAcc, nChan), byTouchpoint: byTouchpoint}
}

// add counts one case of segment seg that entered at channel entry (-1 for
// none).
func (t *convertTally) add(seg, entry int32, converted bool, secs float64) {
	t.all.add(converted, secs)
	t.segs[seg].add(converted, secs)
	if seg != 0 {
		t.segmentedCases++
	}
	if entry >= 0 {
		t.chans[entry].add(converted, secs)
	}
}

// result names the figures.
func (t *convertTally) result(c *collector, personas map[string]int) *ConversionTimes {
	out := &ConversionTimes{Cases: t.all.cases, Converted: t.all.converted, ConvertTime: timing(&t.all.time)}
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
		slices.SortFunc(out.Segments, func(x, y SegmentSummary) int { return strings.Compare(x.Segment, y.Segment) })
	}
	names := c.actNames
	if t.byTouchpoint {
		names = c.tpNames
	}
	for i := range t.chans {
		a := &t.chans[i]
		if a.cases == 0 {
			continue
		}
		out.EntryChannels = append(out.EntryChannels, ChannelSummary{Channel: names[i], Cases: a.cases, Converted: a.converted, ConvertTime: timing(&a.time)})
	}
	slices.SortFunc(out.EntryChannels, func(x, y ChannelSummary) int { return strings.Compare(x.Channel, y.Channel) })
	return out
}

// blankNames marks the names that are no channel: empty or spaces.
func blankNames(names []string) []bool {
	out := make([]bool, len(names))
	for i, n := range names {
		out[i] = strings.TrimSpace(n) == ""
	}
	return out
}
