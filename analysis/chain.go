package analysis

import (
	"context"
	"math"
)

// chain is the Markov chain of customers in one view: the probability of
// each edge of the view's graph (aligned with g.Adj; the root's edges 0),
// and where customers start.
type chain struct {
	prob  []float64
	start []float64 // sums to 1, or all 0 when nobody enters
	// volume is the number of customers entering, where entry counts give
	// it; 0 otherwise.
	volume  float64
	assumed []int32 // reachable steps whose transitions carry no numbers
}

// stepCount returns the customers counted at step v in the view of persona
// p: the persona's own count where the step has counts per persona, else
// the step's count.
func (ix *index) stepCount(v, p int32) float64 {
	s := &ix.j.Steps[v]
	if p >= 0 && len(s.Counts) > 0 {
		return float64(max(0, s.Counts[ix.j.Personas[p].ID]))
	}
	return float64(max(0, s.Count))
}

// countStated reports whether step v states its count in the view of
// persona p: the persona's entry in Counts where the step has counts per
// persona (0 is a count then: the persona was counted and never came), else
// a step Count above 0.
func (ix *index) countStated(v, p int32) bool {
	s := &ix.j.Steps[v]
	if p >= 0 && len(s.Counts) > 0 {
		_, ok := s.Counts[ix.j.Personas[p].ID]
		return ok
	}
	return s.Count > 0
}

// newChain builds the chain of view w, by the rules of the doc comment of
// Analyze.
func (a *analysis) newChain(ctx context.Context, w *view, reach []bool) (*chain, error) {
	ix := a.ix
	g := w.g
	n := ix.n
	// The edges' probabilities in the index's buffer: a view's chain is
	// done with before the next view's is built.
	if cap(ix.bufProb) < len(g.Adj) {
		ix.bufProb = make([]float64, len(g.Adj), max(len(g.Adj), len(ix.from)+len(ix.entries)))
	}
	ch := &chain{prob: ix.bufProb[:len(g.Adj)], start: make([]float64, g.N)}
	clear(ch.prob)
	// Counts arriving at and leaving each step.
	a.bufIn, a.bufOut = growFloats(a.bufIn, n), growFloats(a.bufOut, n)
	in, out := a.bufIn, a.bufOut
	clear(in)
	clear(out)
	for v := 0; v < n; v++ {
		for e := g.Off[v]; e < g.Off[v+1]; e++ {
			c := ix.trCount[w.tr[e]]
			if c <= 0 {
				continue
			}
			u := g.Adj[e]
			in[u] += float64(c)
			out[v] += float64(c)
		}
	}
	for v := 0; v < n; v++ {
		if v%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		lo, hi := g.Off[v], g.Off[v+1]
		if lo == hi || ix.role[v]&roleExit != 0 {
			continue
		}
		at := ix.stepCount(int32(v), w.persona)
		if at <= 0 {
			at = in[v]
			if ix.role[v]&roleEntry != 0 || at <= 0 {
				at = max(at, out[v])
			}
		}
		// A step counted with nobody at it in this view (a persona's 0)
		// rests on no assumption, whatever its transitions say.
		nobody := ix.countStated(int32(v), w.persona) && ix.stepCount(int32(v), w.persona) == 0
		if !shares(ix, w.tr[lo:hi], ch.prob[lo:hi], at) && reach[v] && !nobody {
			ch.assumed = append(ch.assumed, int32(v))
		}
	}
	a.startWeights(w, ch, in)
	return ch, nil
}

// shares fills p with the share of the customers at a step who take each of
// its transitions trs; at is the number of customers at the step (for the
// transitions with counts). It reports whether any transition carries a
// number; if none does, they share equally.
func shares(ix *index, trs []int32, p []float64, at float64) bool {
	var sum float64
	nP, nC := 0, 0
	for i, t := range trs {
		prob, count := ix.trProb[t], ix.trCount[t]
		switch {
		case prob > 0: // false for NaN too
			p[i] = math.Min(prob, 1)
			nP++
		case count > 0 && at > 0:
			p[i] = float64(count) / at
			nC++
		default:
			p[i] = 0
			continue
		}
		sum += p[i]
	}
	if nP+nC == 0 {
		for i := range trs {
			p[i] = 1 / float64(len(trs))
		}
		return false
	}
	if sum > 1 {
		// More than everyone: the transitions of several personas mixed,
		// or counts above the step's. Scale down so that nobody is made up.
		for i := range p {
			p[i] /= sum
		}
		sum = 1
	}
	if nC == 0 && nP < len(trs) {
		// Probabilities only: those without one share what remains.
		rest := (1 - sum) / float64(len(trs)-nP)
		for i, t := range trs {
			if !(ix.trProb[t] > 0) {
				p[i] = rest
			}
		}
	}
	return true
}

// startWeights sets ch.start: by the entries' counts less the counts
// arriving at them (in) where every entry of the view states a count (see
// countStated), and to nobody where each states 0; else
// by Options.EntryWeights; else equally. A step's count is its visits, so
// the arrivals by a self-loop are taken off too: a customer who does a, a, b
// starts once. (The personas' shares weigh whole persona views: see mix.)
func (a *analysis) startWeights(w *view, ch *chain, in []float64) {
	ix := a.ix
	j := ix.j
	var total float64
	counted := len(w.entries) > 0
	for _, v := range w.entries {
		if !ix.countStated(v, w.persona) {
			counted = false
		}
	}
	if counted {
		nobody := true
		for _, v := range w.entries {
			n := ix.stepCount(v, w.persona)
			nobody = nobody && n == 0
			x := max(0, n-in[v])
			ch.start[v] = x
			total += x
		}
		if total > 0 {
			ch.volume = total
		}
		if nobody {
			// Every entry counted the persona, and none saw it: nobody
			// enters (every figure 0), rather than an equal split.
			return
		}
	}
	if total == 0 && a.weights != nil {
		for _, v := range w.entries {
			ch.start[v] = a.weights[j.Steps[v].ID]
			total += ch.start[v]
		}
	}
	if total == 0 && a.weights == nil {
		for _, v := range w.entries {
			ch.start[v] = 1
			total++
		}
	}
	if total > 0 {
		for _, v := range w.entries {
			ch.start[v] /= total
		}
	}
}

// shared reports whether some persona states a share.
func (a *analysis) shared() bool {
	for i := range a.ix.j.Personas {
		if a.ix.j.Personas[i].Share > 0 {
			return true
		}
	}
	return false
}

// personaShare returns persona p's share of customers: its own, or what
// the stated shares leave, spread equally over the personas without one.
func (a *analysis) personaShare(p int) float64 {
	ps := a.ix.j.Personas
	if s := ps[p].Share; s > 0 && !math.IsInf(s, 0) {
		return s
	}
	var sum float64
	none := 0
	for i := range ps {
		if s := ps[i].Share; s > 0 && !math.IsInf(s, 0) {
			sum += s
		} else {
			none++
		}
	}
	return max(0, 1-sum) / float64(none)
}
