package analysis

import (
	"cmp"
	"context"
	"slices"

	"github.com/journeymap/journeymap/journey"
)

// barriers lists the view's barriers and returns the steps' path costs and
// barrier counts (the index's buffers).
func (a *analysis) barriers(ctx context.Context, w *view, r *Report, critical, reach []bool, sol *flowSol) ([]int64, []int32, error) {
	ix := a.ix
	j := ix.j
	p := w.persona
	nb := 0
	for v := int32(0); int(v) < ix.n; v++ {
		if w.has(v) {
			nb += len(j.Steps[v].Barriers)
		}
	}
	r.Barriers = make([]BarrierFinding, 0, nb)
	if ix.bufCost == nil {
		ix.bufCost = make([]int64, w.g.N)
		ix.bufNbar = make([]int32, ix.n)
	}
	cost, nbar := ix.bufCost, ix.bufNbar
	clear(cost)
	clear(nbar)
	for v := int32(0); int(v) < ix.n; v++ {
		if v%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		s := &j.Steps[v]
		if len(s.Barriers) == 0 || !w.has(v) {
			continue
		}
		for bi := range s.Barriers {
			b := &s.Barriers[bi]
			if p >= 0 && !b.AppliesTo(j.Personas[p].ID) {
				continue
			}
			cost[v] += b.Severity.Weight()
			nbar[v]++
			f := BarrierFinding{
				Step:        s.ID,
				Stage:       s.Stage,
				Index:       bi,
				Description: b.Description,
				Severity:    b.Severity,
				Kind:        b.Kind,
				Personas:    a.meets(v, b, p),
				Critical:    critical != nil && critical[v],
				Reachable:   reach[v],
			}
			if sol != nil {
				x := unit(sol.reach[v])
				f.Reach = &x
			}
			r.Barriers = append(r.Barriers, f)
		}
	}
	sortBarrierFindings(r.Barriers)
	return cost, nbar, nil
}

// compareBarrierFindings orders barriers worst first: by severity, then
// critical before not, then by decreasing reach, and otherwise keeps the
// step order (the findings are built in step order and sorted stably).
func compareBarrierFindings(a, b BarrierFinding) int {
	if c := cmp.Compare(b.Severity.Rank(), a.Severity.Rank()); c != 0 {
		return c
	}
	if a.Critical != b.Critical {
		if a.Critical {
			return -1
		}
		return 1
	}
	if a.Reach != nil && b.Reach != nil {
		return cmp.Compare(*b.Reach, *a.Reach)
	}
	return 0
}

// sortBarrierFindings sorts bs stably by compareBarrierFindings. It sorts
// their positions, a few bytes each, with the position breaking ties, and
// then moves each finding into place: a stable sort of the findings themselves
// moves the large structs O(n log n) times.
func sortBarrierFindings(bs []BarrierFinding) {
	order := make([]int32, len(bs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		if c := compareBarrierFindings(bs[x], bs[y]); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	// Position i takes the finding at order[i]: follow each cycle of the
	// permutation, marking positions done as order[j] = j.
	for i := range order {
		if order[i] == int32(i) {
			continue
		}
		tmp := bs[i]
		j := i
		for {
			k := int(order[j])
			order[j] = int32(j)
			if k == i {
				bs[j] = tmp
				break
			}
			bs[j] = bs[k]
			j = k
		}
	}
}

// meets returns the IDs of the personas who meet barrier b on step v, in the
// journey's persona order: in a persona's view, that persona.
func (a *analysis) meets(v int32, b *journey.Barrier, p int32) []string {
	j := a.ix.j
	if p >= 0 {
		return []string{j.Personas[p].ID}
	}
	out := []string{}
	sp := a.ix.stepPers[a.ix.stepPersOff[v]:a.ix.stepPersOff[v+1]]
	for q := range j.Personas {
		id := j.Personas[q].ID
		if slices.Contains(out, id) {
			continue
		}
		if names(sp, int32(q)) && b.AppliesTo(id) {
			out = append(out, id)
		}
	}
	return out
}
