package eventlog

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/journeymap/journeymap/journey"
	"io"
	"maps"
	"slices"
)

// Touch is one event of a case as attribution sees it: its activity, its
// touchpoint (channel), if any, and its value.
type Touch struct {
	// Activity is the event's activity.
	Activity string
	// Touchpoint is the event's touchpoint (channel); empty for none.
	Touchpoint string
	// Value is the event's value; that of a case's first goal event is
	// the value of its conversion.
	Value float64
}

// CasePathOptions say how cases become attribution paths. Goals is required.
type CasePathOptions struct {
	// Goals are the activities that convert: a case converts at its first
	// event whose activity is one of them.
	Goals []string
	// Touchpoints makes the events' touchpoints the channels: events
	// without one are no touch. When false the activities are the
	// channels.
	Touchpoints bool
}

// CasePaths turns cases, each its events in time order, into attribution
// paths. A case's path is the channels of its events before its first goal
// event (all of its events if it never reaches a goal): the touchpoints with
// opts.Touchpoints, else the activities. A case that reaches a goal is one
// conversion, with the goal event's value; one that does not is one null.
// Events after the first goal event do not count. Cases with the same path
// are added up into one Path, in order of their first case.
//
// A case with no touch before its goal (or none at all) has no path: it is
// left out and counted in a CodeNoTouch warning. CasePaths returns a
// CodeMissingGoal problem when opts.Goals is empty.
func CasePaths(cases [][]Touch, opts CasePathOptions) ([]Path, Problems, error) {
	b, err := newPathBuilder(opts)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range cases {
		b.addCase(c)
	}
	return b.paths, b.warnings(""), nil
}

// pathBuilder adds cases up into distinct paths.
type pathBuilder struct {
	opts  CasePathOptions
	goal  map[string]bool
	ids   map[string]int32
	names []string
	index map[string]int
	key   []byte
	chans []int32
	paths []Path

	noTouch, noTouchConverted int64
}

func newPathBuilder(opts CasePathOptions) (*pathBuilder, error) {
	if len(opts.Goals) == 0 {
		return nil, Problems{{Code: CodeMissingGoal, Message: "no goal activity: say which activities convert (--goal)"}}
	}
	b := &pathBuilder{opts: opts, goal: make(map[string]bool), ids: make(map[string]int32), index: make(map[string]int)}
	for _, g := range opts.Goals {
		b.goal[g] = true
	}
	return b, nil
}

// addCase adds the path of one case, its events in time order, and returns
// its first channel ("" when it has no touch).
func (b *pathBuilder) addCase(events []Touch) string {
	b.chans = b.chans[:0]
	converted, value := false, 0.0
	for _, e := range events {
		if b.goal[e.Activity] {
			converted, value = true, e.Value
			break
		}
		ch := e.Activity
		if b.opts.Touchpoints {
			ch = e.Touchpoint
		}
		if ch == "" || blankChannel([]string{ch}) {
			continue
		}
		id, ok := b.ids[ch]
		if !ok {
			id = int32(len(b.names))
			b.ids[ch] = id
			b.names = append(b.names, ch)
		}
		b.chans = append(b.chans, id)
	}
	if len(b.chans) == 0 {
		b.noTouch++
		if converted {
			b.noTouchConverted++
		}
		return ""
	}
	b.key = b.key[:0]
	for _, c := range b.chans {
		b.key = binary.AppendUvarint(b.key, uint64(c))
	}
	i, ok := b.index[string(b.key)]
	if !ok {
		i = len(b.paths)
		b.index[string(b.key)] = i
		p := Path{Channels: make([]string, len(b.chans))}
		for k, c := range b.chans {
			p.Channels[k] = b.names[c]
		}
		b.paths = append(b.paths, p)
	}
	p := &b.paths[i]
	if converted {
		p.Conversions++
		p.Value += value
	} else {
		p.Nulls++
	}
	return p.Channels[0]
}

// warnings returns the CodeNoTouch warning, if any case had no touch.
func (b *pathBuilder) warnings(file string) Problems {
	if b.noTouch == 0 {
		return nil
	}
	what := "activity"
	if b.opts.Touchpoints {
		what = "touchpoint"
	}
	return Problems{{File: file, Code: CodeNoTouch, Message: fmt.Sprintf("%d cases (%d of them converting) had no %s before their goal and are left out of the paths", b.noTouch, b.noTouchConverted, what)}}
}

// LogPathOptions configure ReadPaths.
type LogPathOptions struct {
	// Goals are the activities that convert (required).
	Goals []string
	// Touchpoints: see CasePathOptions. ReadPaths turns it on by itself
	// when r is Described and has a touchpoint column, or when any event
	// has a touchpoint.
	Touchpoints bool
	// SkipBadRows leaves out rows with problems instead of failing; they
	// are counted in a warning.
	SkipBadRows bool
	// MaxProblems caps the problems reported at once (default 100).
	MaxProblems int
}

// LogPaths is what ReadPaths makes of a log.
type LogPaths struct {
	// Paths are the cases' paths, identical ones added up.
	Paths []Path
	// Times is how long the cases took to convert.
	Times *ConversionTimes
	// Warnings are CodeNoTouch, CodeGoalNotSeen and CodeSkippedRows.
	Warnings Problems
}

// ConversionTimes is how many cases converted and how long they took, from
// their first event to their first goal event (median and 90th percentile
// in seconds, interpolated between ranks; see Durations), in all, per
// segment and per entry channel (the first touch of the case's path; cases
// with no touch have none).
type ConversionTimes struct {
	// Cases is the number of cases in the log.
	Cases int64 `json:"cases"`
	// Converted is the number of cases that reached a goal.
	Converted int64 `json:"converted"`
	// ConvertTime is the median and 90th percentile of the converted
	// cases' time to convert, in seconds; nil when none converted.
	ConvertTime *journey.Timing `json:"convert_time,omitempty"`
	// Segments are in order of name; empty when the log has no segments.
	Segments []SegmentSummary `json:"segments,omitempty"`
	// EntryChannels are in order of channel name.
	EntryChannels []ChannelSummary `json:"entry_channels,omitempty"`
}

// ChannelSummary is the conversion of the cases whose path starts with a
// channel.
type ChannelSummary struct {
	// Channel is the channel's name.
	Channel string `json:"channel"`
	// Cases is the number of cases whose path starts with the channel.
	Cases int64 `json:"cases"`
	// Converted is the number of those cases that reached a goal.
	Converted int64 `json:"converted"`
	// ConvertTime is the median and 90th percentile of their time to
	// convert, in seconds; nil when none converted.
	ConvertTime *journey.Timing `json:"convert_time,omitempty"`
	// Value sums the value of the converted cases' first goal events; 0
	// without a value column, and always from Conform.
	Value float64 `json:"value,omitempty"`
}

// caseEvent is one event of a case in ReadPaths.
type caseEvent struct {
	t       int64
	segment string
	touch   Touch
}

// ReadPaths reads every event of r, groups the events by case, orders each
// case by time (file order breaking ties) and returns its attribution paths
// as CasePaths makes them, with the times to convert and warnings. Row
// problems of the reader are collected, up to MaxProblems, and returned
// together as Problems unless SkipBadRows is set; any other error of r ends
// the reading. A log without events is CodeEmptyLog, one where no event has
// any of the goals CodeGoalNotFound (as for Mine); a goal some other goal
// stands in for is only a warning (CodeGoalNotSeen).
func ReadPaths(r Reader, opts LogPathOptions) (*LogPaths, error) {
	cases, anyTouchpoint, skipped, err := readCases(r, opts)
	if err != nil {
		return nil, err
	}
	if len(cases) == 0 { // as Mine: nothing to attribute is no answer of 0
		msg := "the log has no events"
		if skipped > 0 {
			msg += fmt.Sprintf(" (%d bad rows left out)", skipped)
		}
		return nil, Problems{{Code: CodeEmptyLog, Message: msg}}
	}
	touchpoints := opts.Touchpoints || anyTouchpoint
	if d, ok := r.(Described); ok && d.Columns().Touchpoint != "" {
		touchpoints = true
	}
	b, err := newPathBuilder(CasePathOptions{Goals: opts.Goals, Touchpoints: touchpoints})
	if err != nil {
		return nil, err
	}
	tt := newTimeTally()
	var touches []Touch
	for _, c := range cases {
		// A case's segment is its first non-empty one in file order, as
		// mining and conformance take it.
		segment := ""
		for _, e := range c {
			if e.segment != "" {
				segment = e.segment
				break
			}
		}
		slices.SortStableFunc(c, func(a, b caseEvent) int { return cmp.Compare(a.t, b.t) })
		touches = touches[:0]
		for _, e := range c {
			touches = append(touches, e.touch)
		}
		first := b.addCase(touches)
		goal := -1
		for i, e := range c {
			if b.goal[e.touch.Activity] {
				goal = i
				break
			}
		}
		tt.add(c, goal, segment, first)
	}
	lp := &LogPaths{Paths: b.paths, Times: tt.result(), Warnings: b.warnings("")}
	seen := make(map[string]bool, len(opts.Goals))
	for _, c := range cases {
		for _, e := range c {
			if b.goal[e.touch.Activity] {
				seen[e.touch.Activity] = true
			}
		}
	}
	if len(seen) == 0 {
		// No case converts: the attribution would be all zeros, most likely
		// because of a misspelt goal. Mining says the same (goal-not-found).
		counts := map[string]int64{}
		for _, c := range cases {
			for _, e := range c {
				counts[e.touch.Activity]++
			}
		}
		return nil, Problems{{Code: CodeGoalNotFound, Message: fmt.Sprintf("no goal occurs in the log (goals %s; the most frequent activities: %s)",
			quoteAll(slices.Sorted(maps.Keys(b.goal))), topActivities(&SegmentStats{Events: counts}, 5))}}
	}
	for _, g := range opts.Goals {
		if !seen[g] {
			lp.Warnings = append(lp.Warnings, Problem{Code: CodeGoalNotSeen, Message: fmt.Sprintf("no event has the goal activity %s", quote(g))})
			seen[g] = true // once per goal
		}
	}
	if skipped > 0 {
		lp.Warnings = append(lp.Warnings, Problem{Code: CodeSkippedRows, Message: fmt.Sprintf("%d bad rows left out", skipped)})
	}
	return lp, nil
}

// readCases reads the events of r grouped by case, in file order.
func readCases(r Reader, opts LogPathOptions) (cases [][]caseEvent, anyTouchpoint bool, skipped int64, err error) {
	maxProbs := cmp.Or(opts.MaxProblems, DefaultMaxProblems)
	caseIdx := make(map[string]int32)
	var probs Problems
	for {
		e, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var p *Problem
			if errors.As(err, &p) && p.IsRow() {
				if opts.SkipBadRows {
					skipped++
					continue
				}
				if probs = append(probs, *p); len(probs) >= maxProbs {
					probs = append(probs, Problem{File: p.File, Code: CodeTooManyProblems, Message: fmt.Sprintf("stopped after %d problems", maxProbs)})
					return nil, false, 0, probs
				}
				continue
			}
			return nil, false, 0, err
		}
		i, ok := caseIdx[e.Case]
		if !ok {
			i = int32(len(cases))
			caseIdx[e.Case] = i
			cases = append(cases, nil)
		}
		anyTouchpoint = anyTouchpoint || e.Touchpoint != ""
		cases[i] = append(cases[i], caseEvent{t: e.Time.UnixNano(), segment: e.Segment, touch: Touch{Activity: e.Activity, Touchpoint: e.Touchpoint, Value: e.Value}})
	}
	if len(probs) > 0 {
		return nil, false, 0, probs
	}
	return cases, anyTouchpoint, skipped, nil
}

// timeTally adds up the conversions and times to convert.
type timeTally struct {
	all      ChannelSummary
	allTime  Durations
	segments map[string]*SegmentSummary
	segTime  map[string]*Durations
	entries  map[string]*ChannelSummary
	entTime  map[string]*Durations
	segSeen  bool
}

func newTimeTally() *timeTally {
	return &timeTally{segments: map[string]*SegmentSummary{}, segTime: map[string]*Durations{},
		entries: map[string]*ChannelSummary{}, entTime: map[string]*Durations{}}
}

// add counts one case, its events in time order, goal the index of its first
// goal event (-1 for none), entry its first channel ("" for none).
func (tt *timeTally) add(c []caseEvent, goal int, segment, entry string) {
	tt.segSeen = tt.segSeen || segment != ""
	seg, ok := tt.segments[segment]
	if !ok {
		seg = &SegmentSummary{Segment: segment}
		tt.segments[segment] = seg
		tt.segTime[segment] = new(Durations)
	}
	var ent *ChannelSummary
	if entry != "" {
		if ent, ok = tt.entries[entry]; !ok {
			ent = &ChannelSummary{Channel: entry}
			tt.entries[entry] = ent
			tt.entTime[entry] = new(Durations)
		}
	}
	tt.all.Cases++
	seg.Cases++
	if ent != nil {
		ent.Cases++
	}
	if goal < 0 {
		return
	}
	d := spanSeconds(c[0].t, c[goal].t)
	v := c[goal].touch.Value
	tt.all.Converted++
	tt.all.Value += v
	tt.allTime.Add(d)
	seg.Converted++
	seg.Value += v
	tt.segTime[segment].Add(d)
	if ent != nil {
		ent.Converted++
		ent.Value += v
		tt.entTime[entry].Add(d)
	}
}

// result returns the tally, groups in order of name.
func (tt *timeTally) result() *ConversionTimes {
	out := &ConversionTimes{Cases: tt.all.Cases, Converted: tt.all.Converted, ConvertTime: timingOf(&tt.allTime)}
	if tt.segSeen {
		for _, name := range sortedKeys(tt.segments) {
			s := *tt.segments[name]
			s.ConvertTime = timingOf(tt.segTime[name])
			out.Segments = append(out.Segments, s)
		}
	}
	for _, name := range sortedKeys(tt.entries) {
		e := *tt.entries[name]
		e.ConvertTime = timingOf(tt.entTime[name])
		out.EntryChannels = append(out.EntryChannels, e)
	}
	return out
}

// timingOf returns the median and 90th percentile of d, nil when d is empty.
func timingOf(d *Durations) *journey.Timing {
	if d.Len() == 0 {
		return nil
	}
	return &journey.Timing{Median: d.Quantile(0.5), P90: d.Quantile(0.9)}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
