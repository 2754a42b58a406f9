package compare

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// AttributionShift compares the attribution of A and B (analysis.Attribution:
// each step's and touchpoint's removal effect and share of the conversion).
// Each list has an entry per step or touchpoint attributed on either side,
// the largest absolute shift of share first (CreditShift.Shift), ties by ID.
type AttributionShift struct {
	// Steps has an entry per step attributed in A or in B.
	Steps []StepShift `json:"steps"`
	// Touchpoints has an entry per touchpoint attributed in A or in B;
	// empty when TouchpointsCut.
	Touchpoints []TouchpointShift `json:"touchpoints"`
	// TouchpointsCut reports that the analysis of a side stopped its
	// touchpoints' attribution at its work limit: Touchpoints is then empty.
	TouchpointsCut bool `json:"touchpoints_cut,omitempty"`
}

// CreditShift is a step's or touchpoint's credit before and after; a figure
// is nil where its side has no attribution or does not attribute the item
// (it is not there, or is a goal or an exit).
type CreditShift struct {
	// ShareBefore is the item's share of the conversion in A, 0..1 (its
	// removal effect over the list's total); nil where A does not attribute it.
	ShareBefore *float64 `json:"share_before"`
	// ShareAfter is the item's share of the conversion in B; nil where B
	// does not attribute it.
	ShareAfter *float64 `json:"share_after"`
	// RemovalEffectBefore is the item's removal effect in A (the share of
	// the conversion lost without it); nil where A does not attribute it.
	RemovalEffectBefore *float64 `json:"removal_effect_before"`
	// RemovalEffectAfter is the item's removal effect in B; nil where B
	// does not attribute it.
	RemovalEffectAfter *float64 `json:"removal_effect_after"`
}

// Shift is the change of share, after less before, a missing share
// counting as 0.
func (c CreditShift) Shift() float64 {
	var a, b float64
	if c.ShareBefore != nil {
		a = *c.ShareBefore
	}
	if c.ShareAfter != nil {
		b = *c.ShareAfter
	}
	return b - a
}

// StepShift is the credit of one step before and after.
type StepShift struct {
	// Step is the step's ID.
	Step string `json:"step"`
	// CreditShift is the step's credit in A and in B.
	CreditShift
}

// TouchpointShift is the credit of one touchpoint before and after.
type TouchpointShift struct {
	// Touchpoint is the touchpoint's ID.
	Touchpoint string `json:"touchpoint"`
	// CreditShift is the touchpoint's credit in A and in B.
	CreditShift
}

// compareAttribution compares the credits of two outcomes; nil when
// neither side has attribution.
func compareAttribution(a, b *credits) *AttributionShift {
	if a == nil && b == nil {
		return nil
	}
	var as, bs, at, bt []credit
	cut := false
	for i, c := range []*credits{a, b} {
		if c == nil {
			continue
		}
		cut = cut || c.touchpointsCut
		if i == 0 {
			as, at = c.steps, c.touchpoints
		} else {
			bs, bt = c.steps, c.touchpoints
		}
	}
	out := &AttributionShift{Steps: []StepShift{}, Touchpoints: []TouchpointShift{}, TouchpointsCut: cut}
	for _, s := range shifts(as, bs) {
		out.Steps = append(out.Steps, StepShift{Step: s.id, CreditShift: s.CreditShift})
	}
	if !cut {
		for _, s := range shifts(at, bt) {
			out.Touchpoints = append(out.Touchpoints, TouchpointShift{Touchpoint: s.id, CreditShift: s.CreditShift})
		}
	}
	return out
}

type idShift struct {
	id string
	CreditShift
}

// shifts pairs the credits of a and b by ID and sorts them by absolute
// shift, largest first, then by ID.
func shifts(a, b []credit) []idShift {
	at := make(map[string]int, len(a))
	out := make([]idShift, 0, max(len(a), len(b)))
	for _, c := range a {
		at[c.id] = len(out)
		out = append(out, idShift{id: c.id, CreditShift: CreditShift{ShareBefore: ptr(c.share), RemovalEffectBefore: ptr(c.removalEffect)}})
	}
	for _, c := range b {
		i, ok := at[c.id]
		if !ok {
			i = len(out)
			out = append(out, idShift{id: c.id})
		}
		out[i].ShareAfter, out[i].RemovalEffectAfter = ptr(c.share), ptr(c.removalEffect)
	}
	slices.SortFunc(out, func(x, y idShift) int {
		sx, sy := math.Abs(x.Shift()), math.Abs(y.Shift())
		if c := cmp.Compare(sy, sx); c != 0 {
			return c
		}
		return compareStrings(x.id, y.id)
	})
	return out
}

// topShifts is how many shifts of each list the text and Markdown show.
const topShifts = 10

// attributionSections lays out the largest shifts of a: one table for the
// steps, one for the touchpoints; items whose figures show no change are
// counted, not listed. A competitor's journey shares no step, so that a
// table of steps would only set each side's own steps apart: it is left to
// the JSON.
func attributionSections(a *AttributionShift, level int, competitor bool) []section {
	if a == nil {
		return nil
	}
	steps := make([]idShift, len(a.Steps))
	for i, s := range a.Steps {
		steps[i] = idShift{s.Step, s.CreditShift}
	}
	tps := make([]idShift, len(a.Touchpoints))
	for i, s := range a.Touchpoints {
		tps[i] = idShift{s.Touchpoint, s.CreditShift}
	}
	var out []section
	if !competitor {
		out = append(out, shiftSection("Attribution shifts: steps", "Step", "steps", level, steps))
	}
	if a.TouchpointsCut {
		out = append(out, section{title: "Attribution shifts: touchpoints", level: level,
			para: line{words("Not computed: the touchpoints' attribution stopped at its work limit.")}})
	} else if len(tps) > 0 {
		out = append(out, shiftSection("Attribution shifts: touchpoints", "Touchpoint", "touchpoints", level, tps))
	}
	return out
}

func shiftSection(title, col, noun string, level int, list []idShift) section {
	s := section{title: title, level: level, head: []string{col, "Share", "Shift", "Removal effect"}}
	changed := 0
	for _, x := range list {
		share := formatPair(x.ShareBefore, x.ShareAfter, formatShare)
		effect := formatPair(x.RemovalEffectBefore, x.RemovalEffectAfter, formatShare)
		if !strings.Contains(share, "→") && !strings.Contains(effect, "→") {
			continue
		}
		changed++
		if len(s.rows) < topShifts {
			s.rows = append(s.rows, []line{{code(x.id)}, {words(share)}, {words(formatPoints(x.Shift()))}, {words(effect)}})
		}
	}
	p := fmt.Sprintf("Share of the conversion by removal effect, largest shift first: %d of %d changed %s shown", len(s.rows), changed, noun)
	if same := len(list) - changed; same > 0 {
		p += fmt.Sprintf("; %d unchanged", same)
	}
	if changed == 0 {
		p = fmt.Sprintf("No change in the attribution of %d %s.", len(list), noun)
	} else {
		p += "."
	}
	s.para = line{words(p)}
	return s
}

// formatPoints shows a change of share in percentage points, signed.
func formatPoints(x float64) string {
	s := strconv.FormatFloat(100*x, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	if x > 0 && s != "0.0" {
		s = "+" + s
	}
	return s + " points"
}
