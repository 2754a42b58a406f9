package journey

import (
	"math"
	"slices"
	"strconv"
)

// checkCounts checks the per-persona counts of step i: each names a persona
// and none is negative, and together they do not exceed the step's count.
func (v *validator) checkCounts(i int, s *Step) {
	ids := make([]string, 0, len(s.Counts))
	for id := range s.Counts {
		ids = append(ids, id)
	}
	slices.Sort(ids) // problems in a stable order
	var sum int64
	overflow := false
	for _, id := range ids {
		n := s.Counts[id]
		p := itemPath("steps", i, ".counts."+id)
		if _, ok := v.personas[id]; !ok {
			v.addf(CodeUnknownPersona, p, "no persona has the id %q%s", id, v.nearestPersona(id))
		}
		if n < 0 {
			v.addf(CodeNegativeCount, p, "the count %d for persona %q is negative", n, id)
			continue
		}
		if sum > math.MaxInt64-n {
			overflow = true
		}
		sum += n
	}
	if s.Count > 0 && (overflow || sum > s.Count) {
		v.addf(CodeCountsAboveCount, itemPath("steps", i, ".counts"), "the counts per persona of step %s sum to %s, more than the step's count %d", quoteID(s.ID), fmtCount(sum, overflow), s.Count)
	}
}

func fmtCount(n int64, overflow bool) string {
	if overflow {
		return "more than " + strconv.FormatInt(math.MaxInt64, 10)
	}
	return strconv.FormatInt(n, 10)
}

// checkStepCounts reports the steps whose count is below what their counted
// outgoing transitions take out: in sum, against the step's Count, and per
// persona, against its Counts. A persona's outflow is the counts of the
// transitions that name that persona alone: a transition naming several
// personas may be taken by any of them.
func (v *validator) checkStepCounts() {
	j := v.j
	for si := range j.Steps {
		s := &j.Steps[si]
		if s.Count <= 0 && len(s.Counts) == 0 {
			continue
		}
		var total int64
		overflow := false
		var per map[string]int64
		for _, ti := range v.outTr[v.outOff[si]:v.outOff[si+1]] {
			t := &j.Transitions[ti]
			if t.Count <= 0 {
				continue
			}
			if total > math.MaxInt64-t.Count {
				overflow = true
			}
			total += t.Count
			if len(t.Personas) == 1 && len(s.Counts) > 0 {
				if _, ok := s.Counts[t.Personas[0]]; ok {
					if per == nil {
						per = map[string]int64{}
					}
					per[t.Personas[0]] = min(per[t.Personas[0]]+t.Count, math.MaxInt64/2)
				}
			}
		}
		if s.Count > 0 && (overflow || total > s.Count) {
			v.addf(CodeCountBelowOutflow, itemPath("steps", si, ".count"), "step %s counts %d customers, but its transitions take out %s", quoteID(s.ID), s.Count, fmtCount(total, overflow))
		}
		if per == nil {
			continue
		}
		ids := make([]string, 0, len(per))
		for id := range per {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			if n := s.Counts[id]; n >= 0 && per[id] > n {
				v.addf(CodeCountBelowOutflow, itemPath("steps", si, ".counts."+id), "step %s counts %d customers of persona %q, but its transitions for them take out %d", quoteID(s.ID), n, id, per[id])
			}
		}
	}
}

// checkTiming reports a timing with a negative, NaN or infinite figure, or
// a 90th percentile below the median.
func (v *validator) checkTiming(path string, t *Timing) {
	bad := func(f float64) bool { return f < 0 || math.IsNaN(f) || math.IsInf(f, 0) }
	if bad(t.Median) {
		v.addf(CodeInvalidTiming, path+".median", "the median %v must be a finite number of seconds, zero or more", t.Median)
	}
	if bad(t.P90) { // every problem at once: both figures may be wrong
		v.addf(CodeInvalidTiming, path+".p90", "the 90th percentile %v must be a finite number of seconds, zero or more", t.P90)
	}
	switch {
	case bad(t.Median) || bad(t.P90):
	case t.Median > 0 && t.P90 > 0 && t.P90 < t.Median:
		v.addf(CodeInvalidTiming, path+".p90", "the 90th percentile %v is below the median %v", t.P90, t.Median)
	}
}

// checkObserved checks the journey's observed figures: counts not negative,
// no more converted than cases, timings valid, segments naming personas.
func (v *validator) checkObserved() {
	o := v.j.Observed
	if o == nil {
		return
	}
	v.checkCases("observed", o.Cases, o.Converted, o.ConvertTime)
	seen := make(map[string]int, len(o.Segments))
	for i := range o.Segments {
		seg := &o.Segments[i]
		p := itemPath("observed.segments", i, "")
		switch first, dup := seen[seg.Persona]; {
		case seg.Persona == "":
			v.addf(CodeUnknownPersona, p+".persona", "the segment names no persona")
		case dup:
			v.addf(CodeDuplicatePersona, p+".persona", "the persona %q already has observed.segments[%d]", seg.Persona, first)
		default:
			seen[seg.Persona] = i
			if _, ok := v.personas[seg.Persona]; !ok {
				v.addf(CodeUnknownPersona, p+".persona", "no persona has the id %q%s", seg.Persona, v.nearestPersona(seg.Persona))
			}
		}
		v.checkCases(p, seg.Cases, seg.Converted, seg.ConvertTime)
	}
}

func (v *validator) checkCases(path string, cases, converted int64, t *Timing) {
	if cases < 0 {
		v.addf(CodeNegativeCount, path+".cases", "the count of cases %d is negative", cases)
	}
	if converted < 0 {
		v.addf(CodeNegativeCount, path+".converted", "the count of converted cases %d is negative", converted)
	}
	if cases > 0 && converted > cases {
		v.addf(CodeConvertedAboveCases, path+".converted", "%d cases converted, more than the %d cases observed", converted, cases)
	}
	if t != nil {
		v.checkTiming(path+".convert_time", t)
	}
}
