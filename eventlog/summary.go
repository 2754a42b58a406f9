package eventlog

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/journeymap/journeymap/journey"
)

// ActivityCount is an activity with a number of events or cases.
type ActivityCount struct {
	// Activity is the activity's name as written in the log.
	Activity string `json:"activity"`
	// Count is the number of its events or cases.
	Count int64 `json:"count"`
}

// PairCount is a directly-follows pair with a number of moves.
type PairCount struct {
	// Pair is the pair of activities.
	Pair
	// Count is the number of moves from Pair.From directly to Pair.To.
	Count int64 `json:"count"`
}

// VariantCount is a variant (a case's sequence of activities) with the number
// of cases that followed it.
type VariantCount struct {
	// Activities is the variant's sequence of activities, in case order.
	Activities []string `json:"activities"`
	// Cases is the number of cases that followed the variant.
	Cases int64 `json:"cases"`
}

// SegmentSummary is one segment's conversion.
type SegmentSummary struct {
	// Segment is the value in the log.
	Segment string `json:"segment"`
	// Persona is the persona ID the segment became ("" when the log has no
	// segments, or, from Conform, when the journey has no such persona).
	Persona string `json:"persona,omitempty"`
	// Cases is the number of the segment's cases.
	Cases int64 `json:"cases"`
	// Converted is the number of those cases that reached a goal.
	Converted int64 `json:"converted"`
	// ConvertTime is the median and 90th percentile, in seconds, of the
	// converted cases' time from their first event to their first goal
	// event; nil when none converted.
	ConvertTime *journey.Timing `json:"convert_time,omitempty"`
	// Value sums the value column: in a Summary over the segment's events,
	// in ReadPaths' ConversionTimes over its cases' first goal events; 0
	// without a value column, and always from Conform.
	Value float64 `json:"value,omitempty"`
}

// Summary says what mining found and what it left out: conversion and time
// to convert per segment, the most common variants, what MinCount and
// TopSuccessors dropped, what did not match a template, and (from Mine) how
// the log was read.
type Summary struct {
	// Cases is the number of cases (customers) in the log.
	Cases int64 `json:"cases"`
	// Converted is the number of cases that reached a goal.
	Converted int64 `json:"converted"`
	// ConvertTime is the median and 90th percentile, in seconds, of the
	// converted cases' time from their first event to their first goal
	// event; nil when none converted.
	ConvertTime *journey.Timing `json:"convert_time,omitempty"`
	// Segments has one entry per segment, in order of name.
	Segments []SegmentSummary `json:"segments,omitempty"`
	// Variants are the most common variants, most cases first.
	Variants []VariantCount `json:"variants,omitempty"`
	// OtherVariantCases counts the cases whose variant was not kept (beyond
	// MaxVariants distinct variants per segment).
	OtherVariantCases int64 `json:"other_variant_cases,omitempty"`
	// DroppedActivities are the activities MinCount left out, with their
	// events, most frequent first.
	DroppedActivities []ActivityCount `json:"dropped_activities,omitempty"`
	// DroppedPairs are the directly-follows pairs MinCount and
	// TopSuccessors left out, with their moves, most frequent first.
	DroppedPairs []PairCount `json:"dropped_pairs,omitempty"`
	// ChosenGoal is the goal taken when none was given: the activity most
	// cases end at.
	ChosenGoal string `json:"chosen_goal,omitempty"`
	// MissingGoals are the goals the log never shows, sorted.
	MissingGoals []string `json:"missing_goals,omitempty"`
	// MissingExits are the exits the log never shows, sorted.
	MissingExits []string `json:"missing_exits,omitempty"`
	// Unmatched is what did not match the template (nil without one).
	Unmatched *Unmatched `json:"unmatched,omitempty"`
	// Read says how the log was read (set by Mine).
	Read *ReadStats `json:"read,omitempty"`
}

// fill sets the conversion figures and the top variants.
func (s *Summary) fill(a *Aggregate, total *SegmentStats, personaOf func(string) string, top int) {
	if top <= 0 {
		top = 10
	}
	s.Cases, s.Converted, s.ConvertTime = total.Cases, total.Converted, timing(&total.ConvertTime)
	for _, name := range a.SegmentNames() {
		st := a.Segments[name]
		s.Segments = append(s.Segments, SegmentSummary{Segment: name, Persona: personaOf(name),
			Cases: st.Cases, Converted: st.Converted, ConvertTime: timing(&st.ConvertTime), Value: st.Value})
	}
	s.OtherVariantCases = total.OtherVariants
	type kc struct {
		key string
		n   int64
	}
	all := make([]kc, 0, len(total.Variants))
	for k, n := range total.Variants {
		all = append(all, kc{k, n})
	}
	// Keys order as their activity lists do up to a common prefix; the tie
	// order only has to be deterministic.
	slices.SortFunc(all, func(x, y kc) int {
		if c := cmp.Compare(y.n, x.n); c != 0 {
			return c
		}
		return cmp.Compare(x.key, y.key)
	})
	all = all[:min(top, len(all))]
	s.Variants = make([]VariantCount, len(all))
	for i, v := range all {
		s.Variants[i] = VariantCount{Activities: SplitVariant(v.key), Cases: v.n}
	}
}

func sortActivityCounts(xs []ActivityCount) {
	slices.SortFunc(xs, func(x, y ActivityCount) int {
		if c := cmp.Compare(y.Count, x.Count); c != 0 {
			return c
		}
		return cmp.Compare(x.Activity, y.Activity)
	})
}

func sortPairCounts(xs []PairCount) {
	slices.SortFunc(xs, func(x, y PairCount) int {
		if c := cmp.Compare(y.Count, x.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(x.From, y.From); c != 0 {
			return c
		}
		return cmp.Compare(x.To, y.To)
	})
}

// FormatSeconds writes a duration in seconds the way people read one:
// 45s, 12m, 3.5h, 2.1d.
func FormatSeconds(s float64) string {
	switch {
	case s < 60:
		return fmt.Sprintf("%.0fs", s)
	case s < 3600:
		return fmt.Sprintf("%.1fm", s/60)
	case s < 86400:
		return fmt.Sprintf("%.1fh", s/3600)
	}
	return fmt.Sprintf("%.1fd", s/86400)
}

func formatTiming(t *journey.Timing) string {
	if t == nil {
		return "-"
	}
	return fmt.Sprintf("median %s, p90 %s", FormatSeconds(t.Median), FormatSeconds(t.P90))
}

// maxListed bounds the rows of each list WriteText prints.
const maxListed = 10

// WriteText writes the summary for people, as journeymap mine prints it.
func (s *Summary) WriteText(w io.Writer) error {
	var b strings.Builder
	if r := s.Read; r != nil {
		fmt.Fprintf(&b, "read %d rows: %d events", r.Rows, r.Events)
		if r.TimeFormat != "" {
			fmt.Fprintf(&b, ", time format %s", r.TimeFormat)
		}
		b.WriteString("\n")
		for _, sk := range r.Skipped {
			fmt.Fprintf(&b, "  skipped %d rows: %s\n", sk.Rows, sk.Code)
		}
		if r.Collapsed > 0 {
			fmt.Fprintf(&b, "  collapsed %d repeated events\n", r.Collapsed)
		}
		if r.OutsideWindow > 0 {
			fmt.Fprintf(&b, "  left out %d events after the conversion window\n", r.OutsideWindow)
		}
	}
	if s.ChosenGoal != "" {
		fmt.Fprintf(&b, "no goal given: %s, where most cases end, is the goal (name goals with --goal)\n", quote(s.ChosenGoal))
	}
	rate := 0.0
	if s.Cases > 0 {
		rate = float64(s.Converted) / float64(s.Cases)
	}
	fmt.Fprintf(&b, "cases %d, converted %d (%.1f%%), time to convert: %s\n", s.Cases, s.Converted, 100*rate, formatTiming(s.ConvertTime))
	if len(s.Segments) > 1 || (len(s.Segments) == 1 && s.Segments[0].Segment != "") {
		b.WriteString("segments:\n")
		for _, g := range s.Segments {
			r := 0.0
			if g.Cases > 0 {
				r = float64(g.Converted) / float64(g.Cases)
			}
			fmt.Fprintf(&b, "  %-20s cases %d, converted %d (%.1f%%), time to convert: %s",
				cmp.Or(g.Persona, g.Segment), g.Cases, g.Converted, 100*r, formatTiming(g.ConvertTime))
			if g.Value != 0 {
				fmt.Fprintf(&b, ", value %.2f", g.Value)
			}
			b.WriteString("\n")
		}
	}
	if len(s.Variants) > 0 {
		b.WriteString("top variants:\n")
		for _, v := range s.Variants {
			fmt.Fprintf(&b, "  %6d  %s\n", v.Cases, visible(strings.Join(v.Activities, " > ")))
		}
	}
	writeDropped(&b, s)
	writeUnmatched(&b, s.Unmatched)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeDropped(b *strings.Builder, s *Summary) {
	if len(s.DroppedActivities) > 0 {
		var n int64
		for _, a := range s.DroppedActivities {
			n += a.Count
		}
		fmt.Fprintf(b, "dropped %d activities (%d events) below the minimum count\n", len(s.DroppedActivities), n)
	}
	if len(s.DroppedPairs) > 0 {
		var n int64
		for _, p := range s.DroppedPairs {
			n += p.Count
		}
		fmt.Fprintf(b, "dropped %d transitions (%d moves) below the minimum count or past the top successors; the customers on them leave at their step\n", len(s.DroppedPairs), n)
	}
	for _, g := range s.MissingGoals {
		fmt.Fprintf(b, "goal %q never occurs in the log\n", g)
	}
	for _, e := range s.MissingExits {
		fmt.Fprintf(b, "exit %q never occurs in the log\n", e)
	}
}

func writeUnmatched(b *strings.Builder, u *Unmatched) {
	if u.Empty() {
		return
	}
	b.WriteString("not matching the template:\n")
	for i, a := range u.Activities {
		if i == maxListed {
			fmt.Fprintf(b, "  ... %d more activities\n", len(u.Activities)-i)
			break
		}
		fmt.Fprintf(b, "  activity %q is no step (%d events)\n", a.Activity, a.Count)
	}
	for i, p := range u.Transitions {
		if i == maxListed {
			fmt.Fprintf(b, "  ... %d more transitions\n", len(u.Transitions)-i)
			break
		}
		fmt.Fprintf(b, "  %q -> %q is no transition (%d moves)\n", p.From, p.To, p.Count)
	}
	for _, a := range u.Starts {
		fmt.Fprintf(b, "  %d cases start at %q, which is no entry\n", a.Count, a.Activity)
	}
	for _, s := range u.Segments {
		fmt.Fprintf(b, "  segment %q is no persona of the template: added\n", s)
	}
	for _, s := range u.UnvisitedSteps {
		fmt.Fprintf(b, "  step %q has no events\n", s)
	}
	for _, p := range u.UnobservedTransitions {
		fmt.Fprintf(b, "  transition %q -> %q was never taken\n", p.From, p.To)
	}
	for _, g := range u.Goals {
		fmt.Fprintf(b, "  goal %q is no step: left out\n", g)
	}
	for _, e := range u.Exits {
		fmt.Fprintf(b, "  exit %q is no step: left out\n", e)
	}
	for i, o := range u.OffPersona {
		if i == maxListed {
			fmt.Fprintf(b, "  ... %d more steps visited by personas they do not apply to\n", len(u.OffPersona)-i)
			break
		}
		fmt.Fprintf(b, "  step %q does not apply to persona %q, whose %d events there are left out\n", o.Activity, o.Persona, o.Count)
	}
}
