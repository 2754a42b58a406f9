package analysis

import (
	"context"
	"math"
)

// mixed reports whether the view for all personas mixes the personas' own
// flows: where the journey has personas and their shares or counts per
// persona weigh them.
func (a *analysis) mixed() bool {
	j := a.ix.j
	if len(j.Personas) == 0 {
		return false
	}
	if a.shared() {
		return true
	}
	return a.countsPerPersona()
}

// countsPerPersona reports whether some step has counts per persona.
func (a *analysis) countsPerPersona() bool {
	for i := range a.ix.j.Steps {
		if len(a.ix.j.Steps[i].Counts) > 0 {
			return true
		}
	}
	return false
}

// mixPersonas returns the flow of all personas as the personas' flows
// weighed by their entering customers where counts per persona give every
// persona a number, else by their shares; nil when no persona has a flow.
func (a *analysis) mixPersonas() *flowSol {
	var sols []*flowSol
	var ws []float64
	byVolume := a.countsPerPersona()
	for q, pr := range a.perPersona {
		if !pr.done || pr.sol == nil {
			continue
		}
		byVolume = byVolume && pr.sol.volume > 0
		sols = append(sols, pr.sol)
		ws = append(ws, a.personaShare(q))
	}
	if len(sols) == 0 {
		return nil
	}
	if byVolume {
		for i, s := range sols {
			ws[i] = s.volume
		}
	}
	m := mix(sols, ws)
	seen := make([]bool, a.ix.n)
	for _, s := range sols {
		for _, v := range s.assumed {
			seen[v] = true
		}
	}
	for v, ok := range seen {
		if ok {
			m.assumed = append(m.assumed, int32(v))
		}
	}
	return m
}

// flow computes the flow of customers in view w, its attribution and its
// most probable paths into r, and returns the solved flow.
func (a *analysis) flow(ctx context.Context, w *view, r *Report, reach []bool) (*flowSol, error) {
	ch, err := a.newChain(ctx, w, reach)
	if err != nil {
		return nil, err
	}
	var sol *flowSol
	if w.persona < 0 && a.perPersona != nil && a.mixed() {
		sol = a.mixPersonas()
	}
	if sol == nil {
		if sol, err = a.solveFlow(ctx, w, ch, reach); err != nil {
			return nil, err
		}
	}
	if w.persona >= 0 && a.perPersona != nil {
		a.perPersona[w.persona].done = true
		a.perPersona[w.persona].sol = sol
	}
	defer func() { sol.condB = nil }() // done with after this view
	r.Flow = a.makeFlow(w, sol, reach)
	r.Attribution = a.makeAttribution(w, sol, reach)
	if a.k > 0 {
		if r.LikelyPaths, err = a.likelyPaths(ctx, w, ch, a.k, sol.condB); err != nil {
			return nil, err
		}
	}
	return sol, nil
}

// unit clamps a chance into [0, 1], where rounding may take it a hair out,
// and rounds it (see tidy).
func unit(x float64) float64 { return tidy(math.Min(1, math.Max(0, x))) }

// tidy rounds x to 12 decimals, so that a removal effect of 1 does not read
// 0.9999999999999999 and the figures do not change with the order of the
// sums that give them.
func tidy(x float64) float64 {
	if math.Abs(x) >= 1e6 {
		return x
	}
	return math.Round(x*1e12) / 1e12
}

func (a *analysis) makeFlow(w *view, sol *flowSol, reach []bool) *Flow {
	ix := a.ix
	j := ix.j
	n := 0
	for v := int32(0); int(v) < ix.n; v++ {
		if w.has(v) {
			n++
		}
	}
	f := &Flow{
		Conversion: unit(sol.conv),
		Trapped:    unit(sol.trapped),
		Steps:      make([]StepFlow, 0, n),
		Stages:     make([]StageFlow, len(j.Stages)),
	}
	if sol.conv > 0 {
		f.Repeat = unit(sol.again / sol.conv)
	}
	if sol.volume > 0 {
		f.Customers = sol.volume
		f.Converted = tidy(sol.volume * f.Conversion)
	}
	for v := int32(0); int(v) < ix.n; v++ {
		if !w.has(v) {
			continue
		}
		f.Steps = append(f.Steps, StepFlow{
			Step:   j.Steps[v].ID,
			Reach:  unit(sol.reach[v]),
			Visits: tidy(max(0, sol.visits[v])),
			Leave:  unit(sol.leave[v]),
		})
	}
	for i := range j.Stages {
		f.Stages[i] = StageFlow{Stage: j.Stages[i].ID, Reach: unit(sol.stReach[i]), Leave: unit(sol.stLeave[i])}
	}
	for _, v := range sol.assumed {
		f.Assumed = append(f.Assumed, j.Steps[v].ID)
	}
	return f
}

func (a *analysis) makeAttribution(w *view, sol *flowSol, reach []bool) *Attribution {
	ix := a.ix
	j := ix.j
	n := 0
	for v := int32(0); int(v) < ix.n; v++ {
		if w.has(v) && !math.IsNaN(sol.lost[v]) {
			n++
		}
	}
	at := &Attribution{Steps: make([]StepCredit, 0, n), Touchpoints: []TouchpointCredit{}}
	converted := 0.0
	if sol.volume > 0 {
		converted = sol.volume * unit(sol.conv)
	}
	effect := func(lost float64) float64 {
		if sol.conv <= 0 {
			return 0
		}
		return unit(lost / sol.conv)
	}
	var sum float64
	for v := int32(0); int(v) < ix.n; v++ {
		if !w.has(v) || math.IsNaN(sol.lost[v]) {
			continue
		}
		c := StepCredit{Step: j.Steps[v].ID, Credit: Credit{RemovalEffect: effect(sol.lost[v])}}
		sum += c.RemovalEffect
		at.Steps = append(at.Steps, c)
	}
	var credited []float64 // one allocation for every step's Conversions
	if converted > 0 {
		credited = make([]float64, len(at.Steps))
	}
	for i := range at.Steps {
		at.Steps[i].Credit.share(sum, converted, credited, i)
	}
	if sol.tpLost == nil {
		at.TouchpointsCut = true
		return at
	}
	sum = 0
	for tp, lost := range sol.tpLost {
		if math.IsNaN(lost) {
			continue
		}
		c := TouchpointCredit{Touchpoint: j.Touchpoints[tp].ID, Credit: Credit{RemovalEffect: effect(lost)}}
		sum += c.RemovalEffect
		at.Touchpoints = append(at.Touchpoints, c)
	}
	credited = nil
	if converted > 0 {
		credited = make([]float64, len(at.Touchpoints))
	}
	for i := range at.Touchpoints {
		at.Touchpoints[i].Credit.share(sum, converted, credited, i)
	}
	return at
}

// share sets c's share of the sum of removal effects, and its conversions
// where converted customers are counted, kept in store[i].
func (c *Credit) share(sum, converted float64, store []float64, i int) {
	if sum > 0 {
		c.Share = tidy(c.RemovalEffect / sum)
	}
	if converted > 0 {
		store[i] = tidy(c.Share * converted)
		c.Conversions = &store[i]
	}
}
