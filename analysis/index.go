package analysis

import (
	"context"
	"slices"

	"github.com/journeymap/journeymap/internal/graphalg"
	"github.com/journeymap/journeymap/journey"
)

// ctxEvery is how many iterations the index and view builders run between
// two checks of the context.
const ctxEvery = 1 << 14

// index is the compact form of a journey that every analysis works on: steps
// numbered densely in declaration order, their stages, touchpoints and
// personas as small integers, and the transitions as pairs of step numbers.
// It is built once per Analyze from the journey's own slices; persona views
// are derived from it with masks, never by re-reading the journey.
type index struct {
	j *journey.Journey
	n int // number of steps

	stepStage []int32 // stage number of each step, -1 if unknown
	stepTouch []int32 // touchpoint number of each step: -1 none, -2 unknown

	// Persona numbers named by each step, flattened: those of step v are
	// stepPers[stepPersOff[v]:stepPersOff[v+1]]; unknown IDs are -1.
	stepPersOff []int32
	stepPers    []int32
	// The same for transitions.
	trPersOff []int32
	trPers    []int32

	from, to []int32 // ends of each transition, -1 if unknown
	// The transitions leaving step v are outTr[outOff[v]:outOff[v+1]], in
	// increasing order.
	outOff, outTr []int32

	entries, goals, exits []int32 // distinct known steps, in list order
	// The steps of each stage and of each touchpoint, in step order.
	stageSteps, touchSteps [][]int32
	role                   []uint8 // roleGoal, roleExit flags per step

	// numbered reports whether any transition carries a probability or count.
	numbered bool
	// The probability and count of each transition, apart from the
	// transitions' large structs, for the flow's passes over them.
	trProb  []float64
	trCount []int64

	// Buffers that successive views reuse: a view is done with before the
	// next one is made.
	bufIn        []bool
	bufTr        []int32
	bufProb      []float64
	bufCost      []int64 // the steps' path costs, and the root's
	bufNbar      []int32 // the number of barriers per step
	bufG, bufRev *graphalg.Graph
}

const (
	roleGoal uint8 = 1 << iota
	roleExit
	roleEntry
)

// newIndex builds the index of j, which Validate found valid. Unknown
// references (a step naming no stage, a transition to a missing step),
// which a valid journey does not have, would be kept as -1 and ignored by
// the analyses.
func newIndex(ctx context.Context, j *journey.Journey) (*index, error) {
	n := len(j.Steps)
	ix := &index{j: j, n: n}
	stepID := catalog(len(j.Steps), func(i int) string { return j.Steps[i].ID })
	stageID := catalog(len(j.Stages), func(i int) string { return j.Stages[i].ID })
	touchID := catalog(len(j.Touchpoints), func(i int) string { return j.Touchpoints[i].ID })
	personaID := catalog(len(j.Personas), func(i int) string { return j.Personas[i].ID })
	persNum := func(id string) int32 {
		if p, ok := personaID[id]; ok {
			return p
		}
		return -1
	}

	ix.stepStage = make([]int32, n)
	ix.stepTouch = make([]int32, n)
	ix.stepPersOff = make([]int32, n+1)
	for i := range j.Steps {
		if i%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		s := &j.Steps[i]
		if st, ok := stageID[s.Stage]; ok {
			ix.stepStage[i] = st
		} else {
			ix.stepStage[i] = -1
		}
		switch tp, ok := touchID[s.Touchpoint]; {
		case s.Touchpoint == "":
			ix.stepTouch[i] = -1
		case ok:
			ix.stepTouch[i] = tp
		default:
			ix.stepTouch[i] = -2
		}
		for _, p := range s.Personas {
			ix.stepPers = append(ix.stepPers, persNum(p))
		}
		ix.stepPersOff[i+1] = int32(len(ix.stepPers))
	}

	m := len(j.Transitions)
	lookup := func(id string) int32 {
		if v, ok := stepID[id]; ok {
			return v
		}
		return -1
	}
	if err := ix.resolveEnds(ctx, stepID); err != nil {
		return nil, err
	}
	ix.trPersOff = make([]int32, m+1)
	ix.trProb = make([]float64, m)
	ix.trCount = make([]int64, m)
	for i := range j.Transitions {
		if i%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		t := &j.Transitions[i]
		ix.trProb[i], ix.trCount[i] = t.Probability, t.Count
		for _, p := range t.Personas {
			ix.trPers = append(ix.trPers, persNum(p))
		}
		ix.trPersOff[i+1] = int32(len(ix.trPers))
		if t.Probability > 0 || t.Count > 0 {
			ix.numbered = true
		}
	}

	ix.role = make([]uint8, n)
	collect := func(ids []string, flag uint8) []int32 {
		out := make([]int32, 0, len(ids))
		for _, id := range ids {
			v := lookup(id)
			if v < 0 || ix.role[v]&flag != 0 {
				continue
			}
			ix.role[v] |= flag
			out = append(out, v)
		}
		return out
	}
	ix.stageSteps = make([][]int32, len(j.Stages))
	ix.touchSteps = make([][]int32, len(j.Touchpoints))
	for v := int32(0); int(v) < n; v++ {
		if st := ix.stepStage[v]; st >= 0 {
			ix.stageSteps[st] = append(ix.stageSteps[st], v)
		}
		if tp := ix.stepTouch[v]; tp >= 0 {
			ix.touchSteps[tp] = append(ix.touchSteps[tp], v)
		}
	}
	ix.entries = collect(j.Entries, roleEntry)
	ix.goals = collect(j.Goals, roleGoal)
	ix.exits = collect(j.Exits, roleExit)
	return ix, nil
}

// catalog maps each of n IDs to the index of the first item that has it;
// empty IDs are left out.
func catalog(n int, id func(int) string) map[string]int32 {
	first := make(map[string]int32, n)
	for i := 0; i < n; i++ {
		if s := id(i); s != "" {
			if _, dup := first[s]; !dup {
				first[s] = int32(i)
			}
		}
	}
	return first
}

// resolveEnds sets the step numbers of each transition's ends (-1 for an
// end that names no step) and groups the transitions by their from step:
// those leaving step v are outTr[outOff[v]:outOff[v+1]], in increasing
// order. Transitions whose from names no step are left out of the groups.
func (ix *index) resolveEnds(ctx context.Context, stepID map[string]int32) error {
	trs := ix.j.Transitions
	m := len(trs)
	ix.from, ix.to = make([]int32, m), make([]int32, m)
	lookup := func(id string) int32 {
		if v, ok := stepID[id]; ok {
			return v
		}
		return -1
	}
	// Files list a step's transitions together: the last from step found
	// saves most lookups of from.
	lastFrom, lastF := "", int32(-1)
	off := make([]int32, ix.n+1)
	for i := range trs {
		if i%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		t := &trs[i]
		f := lastF
		if f < 0 || t.From != lastFrom {
			f = lookup(t.From)
			lastFrom, lastF = t.From, f
		}
		ix.from[i], ix.to[i] = f, lookup(t.To)
		if f >= 0 {
			off[f+1]++
		}
	}
	for v := 0; v < ix.n; v++ {
		off[v+1] += off[v]
	}
	order := make([]int32, off[ix.n])
	pos := slices.Clone(off[:ix.n])
	for i, f := range ix.from {
		if f >= 0 {
			order[pos[f]] = int32(i)
			pos[f]++
		}
	}
	ix.outOff, ix.outTr = off, order
	return nil
}

// names reports whether the flattened persona list ps names persona p; an
// empty list names every persona.
func names(ps []int32, p int32) bool {
	if len(ps) == 0 {
		return true
	}
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// view is the journey as one persona (or all personas together) sees it: the
// steps and transitions that apply, as a graph over all the journey's step
// numbers in which the steps outside the view are isolated, plus a root.
type view struct {
	ix      *index
	persona int32  // persona number, or -1 for all personas
	in      []bool // whether each step is in the view; nil means all

	// g has a vertex per step and one more, root, with an edge to each
	// entry of the view and no edge into it.
	g    *graphalg.Graph
	root int32
	tr   []int32 // transition number of each edge (CSR position); -1 for root's

	entries, goals, exits []int32 // the index's, restricted to the view
	numbered              bool    // some transition of the view carries numbers
}

// has reports whether step v is in the view.
func (w *view) has(v int32) bool { return w.in == nil || w.in[v] }

// newView derives the view of persona p (or of all personas, for p < 0) from
// the index.
func (ix *index) newView(ctx context.Context, p int32) (*view, error) {
	w := &view{ix: ix, persona: p}
	if p >= 0 {
		if ix.bufIn == nil {
			ix.bufIn = make([]bool, ix.n)
		}
		w.in = ix.bufIn
		for v := 0; v < ix.n; v++ {
			w.in[v] = names(ix.stepPers[ix.stepPersOff[v]:ix.stepPersOff[v+1]], p)
		}
	}
	// The graph in compressed sparse row form straight from the
	// transitions grouped by from step: each step's edges in transition
	// order, as graphalg.New would place them.
	n := ix.n
	g := ix.bufG
	if g == nil {
		c := len(ix.from) + len(ix.entries)
		g = &graphalg.Graph{Off: make([]int32, n+2), Adj: make([]int32, 0, c)}
		ix.bufG = g
		ix.bufTr = make([]int32, 0, c)
	}
	off, adj, tr := g.Off, g.Adj[:0], ix.bufTr[:0]
	for v := 0; v < n; v++ {
		if v%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		off[v] = int32(len(adj))
		if p >= 0 && !w.in[v] {
			continue
		}
		for _, i := range ix.outTr[ix.outOff[v]:ix.outOff[v+1]] {
			b := ix.to[i]
			if b < 0 || p >= 0 && (!w.in[b] || !names(ix.trPers[ix.trPersOff[i]:ix.trPersOff[i+1]], p)) {
				continue
			}
			adj = append(adj, b)
			tr = append(tr, i)
			if !w.numbered {
				t := &ix.j.Transitions[i]
				w.numbered = t.Probability > 0 || t.Count > 0
			}
		}
	}
	off[n] = int32(len(adj))
	w.entries = w.filter(ix.entries)
	w.goals = w.filter(ix.goals)
	w.exits = w.filter(ix.exits)
	// A root vertex after the steps leads to every entry, so that the best
	// paths can be searched from a single source.
	w.root = int32(n)
	for _, e := range w.entries {
		adj = append(adj, e)
		tr = append(tr, -1)
	}
	off[n+1] = int32(len(adj))
	*g = graphalg.Graph{N: n + 1, Off: off, Adj: adj}
	w.g = g
	w.tr, ix.bufTr = tr, tr
	return w, nil
}

func (w *view) filter(vs []int32) []int32 {
	if w.in == nil {
		return vs
	}
	out := make([]int32, 0, len(vs))
	for _, v := range vs {
		if w.in[v] {
			out = append(out, v)
		}
	}
	return out
}
