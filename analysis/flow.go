package analysis

import (
	"context"
	"math"

	"github.com/journeymap/journeymap/internal/graphalg"
)

// touchWorkBudget bounds the work of the touchpoints' attribution in one
// Analyze call, all views together, in transitions times touchpoints (one
// solve of the view's chain per touchpoint): tens of touchpoints on
// journeys of tens of thousands of transitions fit; a synthetic journey of
// 100k steps with 2,000 touchpoints would take minutes. A view whose
// touchpoints do not fit in what remains gets Attribution.TouchpointsCut.
var touchWorkBudget int64 = 1 << 24 // a variable so that tests can change it

// flowSol is the solved flow of one view as dense figures per step, stage
// and touchpoint; the view for all personas mixes the personas' linearly.
type flowSol struct {
	volume  float64 // customers entering, where counts give it; else 0
	entered float64 // 1, or 0 when nobody enters the view
	conv    float64 // P(reach a goal)
	again   float64 // P(reach a goal, and a goal again after leaving it)
	trapped float64
	reach   []float64 // per step: P(ever reach it)
	visits  []float64 // per step: expected visits
	leave   []float64 // per step: P(the journey ends there)
	lost    []float64 // per step: conversion lost without it (NaN: not credited)
	stReach []float64 // per stage
	stLeave []float64
	tpLost  []float64 // per touchpoint (NaN: not credited); nil when cut
	assumed []int32
	// condB is the view's chain with goals and exits stopped, condensed;
	// nil in a mix.
	condB *graphalg.Condensed
}

// solveFlow solves the chain ch of view w.
func (a *analysis) solveFlow(ctx context.Context, w *view, ch *chain, reach []bool) (*flowSol, error) {
	ix := a.ix
	j := ix.j
	g := w.g
	n := ix.n
	N := g.N
	sol := &flowSol{
		volume:  ch.volume,
		reach:   make([]float64, n),
		visits:  make([]float64, n),
		leave:   make([]float64, n),
		lost:    make([]float64, n),
		stReach: make([]float64, len(j.Stages)),
		stLeave: make([]float64, len(j.Stages)),
		assumed: ch.assumed,
	}
	for _, x := range ch.start {
		sol.entered += x
	}
	exits := make([]bool, N)
	for _, v := range w.exits {
		exits[v] = true
	}
	goalsExits := make([]bool, N)
	copy(goalsExits, exits)
	for _, v := range w.goals {
		goalsExits[v] = true
	}

	condA, err := a.solveReach(ctx, w, ch, exits, sol)
	if err != nil {
		return nil, err
	}
	condB, err := a.solveConversion(ctx, w, ch, exits, goalsExits, reach, sol)
	if err != nil {
		return nil, err
	}
	if err := a.stageFlow(ctx, w, ch, condA, reach, sol); err != nil {
		return nil, err
	}
	if err := a.touchFlow(ctx, w, ch, condB, goalsExits, reach, sol); err != nil {
		return nil, err
	}
	return sol, nil
}

// solveReach solves the flow, in which only exits end the journey, for
// the steps' visits, leave and reach, and returns the chain condensed.
func (a *analysis) solveReach(ctx context.Context, w *view, ch *chain, exits []bool, sol *flowSol) (*graphalg.Condensed, error) {
	g := w.g
	n := a.ix.n
	a.condensed()
	condA, err := graphalg.CondenseInto(ctx, graphalg.Chain{G: g, Prob: ch.prob, Stop: exits}, a.condA)
	if err != nil {
		return nil, err
	}
	a.condA = condA
	a.bufX = growFloats(a.bufX, g.N)
	x := a.bufX
	if err := condA.Forward(ctx, a.none(g.N), ch.start, x); err != nil {
		return nil, err
	}
	if err := condA.Spread(ctx, x); err != nil {
		return nil, err
	}
	comp, nc := condA.Components()
	trappedAt := make([]float64, n)
	copy(sol.visits, x[:n])
	for v := 0; v < n; v++ {
		switch {
		case exits[v]:
			sol.leave[v] = x[v]
		case condA.Closed(comp[v]):
			trappedAt[v] = x[v]
			sol.trapped += x[v]
		default:
			out := 0.0
			for e := g.Off[v]; e < g.Off[v+1]; e++ {
				out += ch.prob[e]
			}
			if l := 1 - out; l > 0 {
				sol.leave[v] = x[v] * l
			}
		}
	}
	diag, err := condA.Returns(ctx)
	if err != nil {
		return nil, err
	}
	classMass := make([]float64, nc)
	for v := 0; v < n; v++ {
		classMass[comp[v]] += trappedAt[v]
	}
	for v := 0; v < n; v++ {
		if math.IsInf(diag[v], 1) {
			sol.reach[v] = classMass[comp[v]]
		} else {
			sol.reach[v] = math.Min(1, sol.visits[v]/diag[v])
		}
	}
	return condA, nil
}

// solveConversion solves the chain with goals ending it, for the
// conversion, the repeat and each step's conversion lost without it, and
// returns that chain condensed. When the goals lead nowhere, its
// components are those of solveReach's chain (a.condA), copied.
func (a *analysis) solveConversion(ctx context.Context, w *view, ch *chain, exits, goalsExits, reach []bool, sol *flowSol) (*graphalg.Condensed, error) {
	g := w.g
	n := a.ix.n
	N := g.N
	a.condensed()
	condB, err := graphalg.CondenseLike(ctx, graphalg.Chain{G: g, Prob: ch.prob, Stop: goalsExits}, a.condA, a.condB)
	if err != nil {
		return nil, err
	}
	a.condB = condB
	sol.condB = condB
	// Visits before any goal; at goals, the chance it is the first goal.
	a.bufFirst = growFloats(a.bufFirst, N)
	first := a.bufFirst
	if err := condB.Forward(ctx, a.none(N), ch.start, first); err != nil {
		return nil, err
	}
	for _, v := range w.goals {
		sol.conv += first[v]
	}
	h, err := condB.Hit(ctx, a.goalMask(w, N))
	if err != nil {
		return nil, err
	}
	for _, v := range w.goals {
		if exits[v] {
			continue
		}
		var r float64
		for e := g.Off[v]; e < g.Off[v+1]; e++ {
			r += ch.prob[e] * h[g.Adj[e]]
		}
		sol.again += first[v] * r
	}
	diagB, err := condB.Returns(ctx)
	if err != nil {
		return nil, err
	}
	for v := 0; v < n; v++ {
		switch {
		case goalsExits[v] || !w.has(int32(v)):
			sol.lost[v] = math.NaN()
		case math.IsInf(diagB[v], 1):
			sol.lost[v] = 0
		default:
			sol.lost[v] = first[v] / diagB[v] * h[v]
		}
	}
	return condB, nil
}

func (a *analysis) goalMask(w *view, N int) []bool {
	if cap(a.bufGoal) < N {
		a.bufGoal = make([]bool, N)
	}
	m := a.bufGoal[:N]
	clear(m)
	for _, v := range w.goals {
		m[v] = true
	}
	return m
}

// stageFlow sets the stages' reach, one solve per stage with its steps
// absorbing, and leave.
func (a *analysis) stageFlow(ctx context.Context, w *view, ch *chain, d *graphalg.Condensed, reach []bool, sol *flowSol) error {
	ix := a.ix
	// All stages in one pass where the chain's loops are small.
	label := make([]int32, w.g.N)
	for v := range label {
		label[v] = -1
		if v < ix.n && w.has(int32(v)) {
			label[v] = ix.stepStage[v]
		}
	}
	h, ok, err := d.HitSets(ctx, label, len(ix.stageSteps))
	if err != nil {
		return err
	}
	if ok {
		nsets := len(ix.stageSteps)
		for st, mem := range ix.stageSteps {
			any := false
			for _, v := range mem {
				if w.has(v) {
					sol.stLeave[st] += sol.leave[v]
					any = any || reach[v]
				}
			}
			if !any || sol.entered == 0 {
				continue
			}
			for _, v := range w.entries {
				sol.stReach[st] += ch.start[v] * h[int(v)*nsets+st]
			}
			sol.stReach[st] = math.Min(1, sol.stReach[st])
		}
		return nil
	}
	stop := make([]bool, w.g.N)
	x := make([]float64, w.g.N)
	for st, mem := range ix.stageSteps {
		any := false
		for _, v := range mem {
			if w.has(v) {
				sol.stLeave[st] += sol.leave[v]
				any = any || reach[v]
			}
		}
		if !any || sol.entered == 0 {
			continue
		}
		clear(stop)
		for _, v := range mem {
			if w.has(v) {
				stop[v] = true
			}
		}
		if err := d.Forward(ctx, stop, ch.start, x); err != nil {
			return err
		}
		for _, v := range mem {
			if w.has(v) {
				sol.stReach[st] += x[v]
			}
		}
		sol.stReach[st] = math.Min(1, sol.stReach[st])
	}
	return nil
}

// touchFlow sets the conversion lost without each touchpoint's steps (goals
// and exits left in place), one solve per touchpoint, within the budget.
func (a *analysis) touchFlow(ctx context.Context, w *view, ch *chain, d *graphalg.Condensed, goalsExits []bool, reach []bool, sol *flowSol) error {
	ix := a.ix
	sol.tpLost = make([]float64, len(ix.j.Touchpoints))
	used := make([]bool, len(ix.j.Touchpoints))
	var work int64
	for tp, mem := range ix.touchSteps {
		sol.tpLost[tp] = math.NaN()
		for _, v := range mem {
			used[tp] = used[tp] || w.has(v) && !goalsExits[v]
		}
		if used[tp] {
			work += int64(len(w.g.Adj))
		}
	}
	if sol.conv > 0 {
		if work > a.touchWork {
			sol.tpLost = nil
			return nil
		}
		a.touchWork -= work
	}
	stop := make([]bool, len(goalsExits))
	x := make([]float64, len(goalsExits))
	for tp, mem := range ix.touchSteps {
		if !used[tp] {
			continue
		}
		if sol.conv == 0 {
			sol.tpLost[tp] = 0
			continue
		}
		clear(stop)
		for _, v := range mem {
			if w.has(v) {
				stop[v] = true
			}
		}
		if err := d.Forward(ctx, stop, ch.start, x); err != nil {
			return err
		}
		var conv float64
		for _, v := range w.goals {
			conv += x[v]
		}
		sol.tpLost[tp] = max(0, sol.conv-conv)
	}
	return nil
}

// mix returns the flow of customers of several views together, view i
// weighing ws[i].
func mix(sols []*flowSol, ws []float64) *flowSol {
	var total float64
	for i, s := range sols {
		if s.entered > 0 {
			total += ws[i]
		}
	}
	first := sols[0]
	m := &flowSol{
		reach:   make([]float64, len(first.reach)),
		visits:  make([]float64, len(first.reach)),
		leave:   make([]float64, len(first.reach)),
		lost:    make([]float64, len(first.reach)),
		stReach: make([]float64, len(first.stReach)),
		stLeave: make([]float64, len(first.stReach)),
	}
	cut := false
	for _, s := range sols {
		cut = cut || s.tpLost == nil
	}
	if !cut {
		m.tpLost = make([]float64, len(first.tpLost))
	}
	volume := true
	for i, s := range sols {
		volume = volume && s.volume > 0
		if s.entered == 0 || total == 0 {
			continue
		}
		x := ws[i] / total
		m.volume += s.volume
		m.entered = 1
		m.conv += x * s.conv
		m.again += x * s.again
		m.trapped += x * s.trapped
		add := func(dst, src []float64) {
			for v, y := range src {
				dst[v] += x * y
			}
		}
		add(m.reach, s.reach)
		add(m.visits, s.visits)
		add(m.leave, s.leave)
		add(m.stReach, s.stReach)
		add(m.stLeave, s.stLeave)
		addCredit(m.lost, s.lost, x)
		if !cut {
			addCredit(m.tpLost, s.tpLost, x)
		}
	}
	for v := range m.lost {
		if i := firstNonNaN(sols, v); i < 0 {
			m.lost[v] = math.NaN()
		}
	}
	if !cut {
		for t := range m.tpLost {
			nan := true
			for _, s := range sols {
				nan = nan && math.IsNaN(s.tpLost[t])
			}
			if nan {
				m.tpLost[t] = math.NaN()
			}
		}
	}
	if !volume {
		m.volume = 0
	}
	return m
}

// addCredit adds x*src to dst, src's NaN (not credited) counting as 0.
func addCredit(dst, src []float64, x float64) {
	for v, y := range src {
		if !math.IsNaN(y) {
			dst[v] += x * y
		}
	}
}

func firstNonNaN(sols []*flowSol, v int) int {
	for i, s := range sols {
		if !math.IsNaN(s.lost[v]) {
			return i
		}
	}
	return -1
}

// none returns n falses (for Forward without more vertices stopped), in
// memory reused from view to view.
func (a *analysis) none(n int) []bool {
	if cap(a.bufNone) < n {
		a.bufNone = make([]bool, n)
	}
	a.bufNone = a.bufNone[:n]
	clear(a.bufNone)
	return a.bufNone
}

// growFloats returns s with length n, reusing its storage when it can; the
// contents are not cleared.
func growFloats(s []float64, n int) []float64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float64, n)
}

// condensed makes a.condA and a.condB, once, with memory for the largest
// view (its steps, the root, every transition and entry), so that the
// views do not grow them one after another.
func (a *analysis) condensed() {
	if a.condA == nil {
		n, m := a.ix.n+1, len(a.ix.from)+len(a.ix.entries)
		a.condA, a.condB = graphalg.NewCondensed(n, m), graphalg.NewCondensed(n, m)
	}
}
