package analysis

import (
	"context"
	"math"

	"github.com/journeymap/journeymap/journey"
)

// leftTolerance is how far below zero Conversion.Left may fall through
// rounding before it is reported as it is rather than as 0.
const leftTolerance = 1e-9

// conversion solves the view as an absorbing Markov chain, as the doc comment
// of Analyze describes, and returns the conversion together with the
// expected visits to every step.
func (a *analysis) conversion(ctx context.Context, w *view, reach []bool) (*Conversion, []float64, error) {
	ix := a.ix
	j := ix.j
	g := w.g
	if cap(ix.bufProb) < len(g.Adj) {
		ix.bufProb = make([]float64, len(g.Adj))
	}
	prob := ix.bufProb[:len(g.Adj)]
	clear(prob)
	nsteps := 0
	for v := int32(0); int(v) < ix.n; v++ {
		if w.has(v) && reach[v] {
			nsteps++
		}
	}
	absorbing := make([]bool, g.N)
	for _, v := range w.goals {
		absorbing[v] = true
	}
	for _, v := range w.exits {
		absorbing[v] = true
	}
	c := &Conversion{
		Goals:  make(map[string]float64, len(w.goals)),
		Exits:  make(map[string]float64, len(w.exits)),
		Steps:  make([]StepFlow, 0, nsteps),
		Stages: make([]StageFlow, len(j.Stages)),
	}
	// assumed marks the steps listed in Assumed, which is then made to
	// measure.
	var assumed []bool
	nAssumed := 0
	for v := 0; v < ix.n; v++ {
		if v%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		lo, hi := g.Off[v], g.Off[v+1]
		if absorbing[v] || lo == hi {
			continue
		}
		if !transitionShares(j, w.tr[lo:hi], prob[lo:hi]) && reach[v] {
			if assumed == nil {
				assumed = make([]bool, ix.n)
			}
			assumed[v] = true
			nAssumed++
		}
	}
	if nAssumed > 0 {
		c.Assumed = make([]string, 0, nAssumed)
		for v := range assumed {
			if assumed[v] {
				c.Assumed = append(c.Assumed, j.Steps[v].ID)
			}
		}
	}

	start := make([]float64, g.N)
	var total float64
	for _, v := range w.entries {
		wt := 1.0
		if a.weights != nil {
			wt = a.weights[j.Steps[v].ID]
		}
		start[v] = wt
		total += wt
	}
	if total > 0 {
		for _, v := range w.entries {
			start[v] /= total
		}
	}

	ab, err := a.scratch.AbsorbTrapped(ctx, g, prob, absorbing, start)
	if err != nil {
		return nil, nil, err
	}
	visits, leave := ab.Visits, ab.Leave
	for _, x := range ab.Trapped {
		c.Trapped += x
	}

	var exits float64
	for _, v := range w.goals {
		c.Goals[j.Steps[v].ID] = visits[v]
		c.Rate += visits[v]
	}
	for _, v := range w.exits {
		if absorbing[v] && ix.role[v]&roleGoal == 0 {
			c.Exits[j.Steps[v].ID] = visits[v]
			exits += visits[v]
		}
	}
	if total > 0 {
		c.Left = 1 - c.Rate - exits
		if c.Left < 0 && c.Left > -leftTolerance {
			c.Left = 0
		}
	}

	for i := range j.Stages {
		c.Stages[i].Stage = j.Stages[i].ID
	}
	for v := int32(0); int(v) < ix.n; v++ {
		if !w.has(v) || !reach[v] {
			continue
		}
		f := StepFlow{Step: j.Steps[v].ID, Reach: visits[v]}
		if !absorbing[v] {
			f.Leave = leave[v]
		}
		c.Steps = append(c.Steps, f)
		st := ix.stepStage[v]
		if st < 0 {
			continue
		}
		c.Stages[st].Leave += f.Leave
		c.Stages[st].Reach += start[v]
		if absorbing[v] {
			continue
		}
		for e := g.Off[v]; e < g.Off[v+1]; e++ {
			u := g.Adj[e]
			if su := ix.stepStage[u]; su != st && su >= 0 {
				c.Stages[su].Reach += visits[v] * prob[e]
			}
		}
	}
	for _, x := range visits {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			// Absorb gives finite figures, trapped loops included; should
			// that ever fail, give no conversion rather than wrong numbers.
			return nil, nil, nil
		}
	}
	return c, visits, nil
}

// transitionShares fills p with the probability of taking each of the
// transitions trs out of one step, by the rules in the doc comment of
// Analyze. It reports whether any of them carries a number.
func transitionShares(j *journey.Journey, trs []int32, p []float64) bool {
	var sumP float64
	nP, nC := 0, 0
	for _, t := range trs {
		tr := &j.Transitions[t]
		if tr.Probability > 0 { // false for NaN too
			sumP += math.Min(tr.Probability, 1)
			nP++
		} else if tr.Count > 0 {
			nC++
		}
	}
	switch {
	case nP > 0:
		scale := 1.0
		if sumP > 1 {
			scale = 1 / sumP
		}
		rest := max(0, 1-sumP*scale)
		unnumbered := len(trs) - nP
		for i, t := range trs {
			tr := &j.Transitions[t]
			if tr.Probability > 0 {
				p[i] = math.Min(tr.Probability, 1) * scale
			} else {
				p[i] = rest / float64(unnumbered)
			}
		}
		return true
	case nC > 0:
		// Sum in float64 so that huge counts cannot overflow.
		var sum float64
		for _, t := range trs {
			if c := j.Transitions[t].Count; c > 0 {
				sum += float64(c)
			}
		}
		for i, t := range trs {
			if c := j.Transitions[t].Count; c > 0 {
				p[i] = float64(c) / sum
			} else {
				p[i] = 0
			}
		}
		return true
	}
	for i := range trs {
		p[i] = 1 / float64(len(trs))
	}
	return false
}
