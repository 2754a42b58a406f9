package eventlog

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// Pair is a directly-follows pair of activities: To happened right after From
// in the same case.
type Pair struct {
	// From is the activity of the earlier event.
	From string `json:"from"`
	// To is the activity of the event right after it.
	To string `json:"to"`
}

// ActivityTouchpoint names an activity and the touchpoint (channel) one of
// its events happened at.
type ActivityTouchpoint struct {
	// Activity is the event's activity and Touchpoint the value of its
	// touchpoint column.
	Activity, Touchpoint string
}

// Aggregate is everything mining needs to know about an event log, summed
// per segment, in a form that adds up: the aggregate of two logs (or two
// parts of one log, split by case) is the Merge of their aggregates. Mine
// builds one from events; an SQL engine can build one from GROUP BY queries
// (see the sql files); Journey turns one into a journey.
//
// Goals are the activities a case converts at: Converted, ConvertTime and
// AfterGoal are counted against them, so two aggregates merge only when
// their goals agree.
type Aggregate struct {
	// Goals are the goal activities the conversion figures were counted for.
	Goals []string
	// Segments holds the figures per segment, keyed by the segment's value
	// in the log ("" when the log has no segment column).
	Segments map[string]*SegmentStats
}

// SegmentStats holds the figures of one segment's cases. Every map is keyed
// by activity names as written in the log (or by pairs of them).
type SegmentStats struct {
	// Cases is the number of cases (customers) in the segment.
	Cases int64
	// Converted is the number of cases that reached a goal.
	Converted int64
	// Events counts events per activity: a step's count.
	Events map[string]int64
	// Starts counts cases per first activity.
	Starts map[string]int64
	// Ends counts cases per last activity.
	Ends map[string]int64
	// Pairs counts directly-follows pairs within cases.
	Pairs map[Pair]int64
	// PairTimes holds the time from From to To along each pair, in seconds.
	PairTimes map[Pair]*Durations
	// ConvertTime holds, for each converted case, the seconds from its first
	// event to its first goal event.
	ConvertTime Durations
	// Positions sums, over the events of each activity, the event's relative
	// place in its case: 0 for the first event, 1 for the last, i/(n-1)
	// between (0 in a one-event case). Positions[a]/Events[a] is the
	// activity's mean place, which orders steps and forms stages.
	Positions map[string]float64
	// AfterGoal counts the events of each activity that came after their
	// case's first goal event.
	AfterGoal map[string]int64
	// Touchpoints counts events per activity and touchpoint, when the log
	// has a touchpoint column.
	Touchpoints map[ActivityTouchpoint]int64
	// Value sums the value column over the segment's events; ConvertedValue
	// over the events of converted cases.
	Value, ConvertedValue float64
	// Variants counts cases per variant (the case's sequence of
	// activities), keyed by VariantKey. At most MaxVariants distinct
	// variants are kept; the cases of the others are counted in
	// OtherVariants.
	Variants map[string]int64
	// OtherVariants counts the cases whose variant is not among the
	// MaxVariants kept in Variants.
	OtherVariants int64
}

// MaxVariants bounds the distinct variants a SegmentStats keeps: the first
// MaxVariants distinct variants seen are counted exactly, the cases of any
// other are counted in OtherVariants. Frequent variants turn up early, so
// the most common ones are kept; a log where most cases are unique says so
// in OtherVariants.
const MaxVariants = 1000

// NewAggregate returns an empty aggregate counted against the given goals.
func NewAggregate(goals ...string) *Aggregate {
	return &Aggregate{Goals: slices.Clone(goals), Segments: map[string]*SegmentStats{}}
}

// NewSegmentStats returns empty figures with every map made.
func NewSegmentStats() *SegmentStats {
	return &SegmentStats{
		Events:      map[string]int64{},
		Starts:      map[string]int64{},
		Ends:        map[string]int64{},
		Pairs:       map[Pair]int64{},
		PairTimes:   map[Pair]*Durations{},
		Positions:   map[string]float64{},
		AfterGoal:   map[string]int64{},
		Touchpoints: map[ActivityTouchpoint]int64{},
		Variants:    map[string]int64{},
	}
}

// Segment returns the figures of the named segment, adding empty ones if
// there are none yet.
func (a *Aggregate) Segment(name string) *SegmentStats {
	if a.Segments == nil {
		a.Segments = map[string]*SegmentStats{}
	}
	s := a.Segments[name]
	if s == nil {
		s = NewSegmentStats()
		a.Segments[name] = s
	}
	return s
}

// SegmentNames returns the segments' names, sorted.
func (a *Aggregate) SegmentNames() []string {
	names := make([]string, 0, len(a.Segments))
	for n := range a.Segments {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Total returns the figures of all segments added together.
func (a *Aggregate) Total() *SegmentStats {
	t := NewSegmentStats()
	for _, n := range a.SegmentNames() {
		t.Merge(a.Segments[n])
	}
	return t
}

// Merge adds o's figures to a. The goals must be the same (in any order).
func (a *Aggregate) Merge(o *Aggregate) error {
	if o == nil {
		return nil
	}
	ga, gb := slices.Clone(a.Goals), slices.Clone(o.Goals)
	slices.Sort(ga)
	slices.Sort(gb)
	if !slices.Equal(slices.Compact(ga), slices.Compact(gb)) {
		return fmt.Errorf("eventlog: cannot merge aggregates counted against different goals (%q and %q)", a.Goals, o.Goals)
	}
	for _, n := range o.SegmentNames() {
		a.Segment(n).Merge(o.Segments[n])
	}
	return nil
}

// Merge adds o's figures to s.
func (s *SegmentStats) Merge(o *SegmentStats) {
	if o == nil {
		return
	}
	s.ensure()
	s.Cases += o.Cases
	s.Converted += o.Converted
	addCounts(s.Events, o.Events)
	addCounts(s.Starts, o.Starts)
	addCounts(s.Ends, o.Ends)
	addCounts(s.Pairs, o.Pairs)
	addCounts(s.AfterGoal, o.AfterGoal)
	addCounts(s.Touchpoints, o.Touchpoints)
	for k, v := range o.Positions {
		s.Positions[k] += v
	}
	for k, d := range o.PairTimes {
		if d == nil {
			continue
		}
		if mine := s.PairTimes[k]; mine != nil {
			mine.Merge(d)
		} else {
			s.PairTimes[k] = d.Clone()
		}
	}
	s.ConvertTime.Merge(&o.ConvertTime)
	s.Value += o.Value
	s.ConvertedValue += o.ConvertedValue
	s.OtherVariants += o.OtherVariants
	for k, v := range o.Variants {
		s.AddVariant(k, v)
	}
}

// AddVariant counts n cases of the variant with the given key, or adds them
// to OtherVariants when MaxVariants other variants are already kept.
func (s *SegmentStats) AddVariant(key string, n int64) {
	s.ensure()
	if _, ok := s.Variants[key]; ok || len(s.Variants) < MaxVariants {
		s.Variants[key] += n
		return
	}
	s.OtherVariants += n
}

// ensure makes any nil map, so that a SegmentStats built by hand (a struct
// literal) can be merged into.
func (s *SegmentStats) ensure() {
	if s.Events == nil {
		s.Events = map[string]int64{}
	}
	if s.Starts == nil {
		s.Starts = map[string]int64{}
	}
	if s.Ends == nil {
		s.Ends = map[string]int64{}
	}
	if s.Pairs == nil {
		s.Pairs = map[Pair]int64{}
	}
	if s.PairTimes == nil {
		s.PairTimes = map[Pair]*Durations{}
	}
	if s.Positions == nil {
		s.Positions = map[string]float64{}
	}
	if s.AfterGoal == nil {
		s.AfterGoal = map[string]int64{}
	}
	if s.Touchpoints == nil {
		s.Touchpoints = map[ActivityTouchpoint]int64{}
	}
	if s.Variants == nil {
		s.Variants = map[string]int64{}
	}
}

func addCounts[K comparable](dst, src map[K]int64) {
	for k, v := range src {
		dst[k] += v
	}
}

// VariantKey encodes a sequence of activities as a map key: each activity's
// length as a uvarint, then its bytes, so that no activity name can make
// two sequences collide. SplitVariant decodes it.
func VariantKey(activities ...string) string {
	n := 0
	for _, a := range activities {
		n += len(a) + binary.MaxVarintLen64
	}
	b := make([]byte, 0, n)
	for _, a := range activities {
		b = binary.AppendUvarint(b, uint64(len(a)))
		b = append(b, a...)
	}
	return string(b)
}

// SplitVariant decodes a key made by VariantKey. A malformed key gives the
// activities decoded before the fault.
func SplitVariant(key string) []string {
	var out []string
	b := []byte(key)
	for len(b) > 0 {
		l, k := binary.Uvarint(b)
		if k <= 0 || l > uint64(len(b)-k) {
			break
		}
		out = append(out, string(b[k:k+int(l)]))
		b = b[k+int(l):]
	}
	return out
}
