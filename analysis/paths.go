package analysis

import (
	"cmp"
	"container/heap"
	"context"
	"slices"
	"strings"

	"github.com/journeymap/journeymap/internal/graphalg"
)

// walkable reports whether persona q can walk the steps vs (every step and
// a transition between each two applies to q), and the cost and number of
// the barriers q meets on them.
func (a *analysis) walkable(vs []int32, q int32) (cost int64, nbar int, ok bool) {
	ix := a.ix
	id := ix.j.Personas[q].ID
	for i, v := range vs {
		if !names(ix.stepPers[ix.stepPersOff[v]:ix.stepPersOff[v+1]], q) {
			return 0, 0, false
		}
		if i > 0 {
			u := vs[i-1]
			found := false
			for _, t := range ix.outTr[ix.outOff[u]:ix.outOff[u+1]] {
				if ix.to[t] == v && names(ix.trPers[ix.trPersOff[t]:ix.trPersOff[t+1]], q) {
					found = true
					break
				}
			}
			if !found {
				return 0, 0, false
			}
		}
		s := &ix.j.Steps[v]
		for bi := range s.Barriers {
			if s.Barriers[bi].AppliesTo(id) {
				cost += s.Barriers[bi].Severity.Weight()
				nbar++
			}
		}
	}
	return cost, nbar, true
}

// mergePaths returns the best k paths of the report for all personas from
// the personas' own best paths (cands, as step numbers): each path costs the
// least any persona who can walk it pays. The best k paths of all personas
// are among them: a path among the best k overall is among the best k of
// the persona paying its cost.
func (a *analysis) mergePaths(cands [][]int32) []Path {
	j := a.ix.j
	seen := make(map[string]bool, len(cands))
	type scored struct {
		vs   []int32
		path Path
	}
	var all []scored
	for _, vs := range cands {
		var key strings.Builder
		for _, v := range vs {
			key.WriteString(j.Steps[v].ID)
			key.WriteByte(0)
		}
		if seen[key.String()] {
			continue
		}
		seen[key.String()] = true
		p := makePath(j, vs)
		p.Personas = []string{}
		best := int64(-1)
		for q := range j.Personas {
			c, nb, ok := a.walkable(vs, int32(q))
			if !ok || slices.Contains(p.Personas, j.Personas[q].ID) {
				continue
			}
			p.Personas = append(p.Personas, j.Personas[q].ID)
			if best < 0 || c < best {
				best, p.Cost, p.Barriers = c, c, nb
			}
		}
		if best >= 0 {
			all = append(all, scored{vs, p})
		}
	}
	slices.SortStableFunc(all, func(x, y scored) int {
		if c := cmp.Compare(x.path.Cost, y.path.Cost); c != 0 {
			return c
		}
		if c := cmp.Compare(len(x.vs), len(y.vs)); c != 0 {
			return c
		}
		return slices.Compare(x.vs, y.vs)
	})
	out := make([]Path, 0, min(a.k, len(all)))
	for i := 0; i < len(all) && i < a.k; i++ {
		out = append(out, all[i].path)
	}
	return out
}

// likelyWork bounds the partial paths the search for the most probable
// paths takes from its queue, per view.
const likelyWork = 1 << 18

type partial struct {
	v      int32
	parent int32 // index in the arena, -1 at an entry
	depth  int32
	p      float64 // the chance of walking the partial path
	f      float64 // p times the best chance of going on to a goal
}

type partialHeap struct {
	arena []partial
	idx   []int32
}

func (h *partialHeap) Len() int { return len(h.idx) }
func (h *partialHeap) Less(i, j int) bool {
	a, b := h.arena[h.idx[i]], h.arena[h.idx[j]]
	if a.f != b.f {
		return a.f > b.f
	}
	if a.depth != b.depth {
		return a.depth < b.depth
	}
	return h.idx[i] < h.idx[j]
}
func (h *partialHeap) Swap(i, j int) { h.idx[i], h.idx[j] = h.idx[j], h.idx[i] }
func (h *partialHeap) Push(x any)    { h.idx = append(h.idx, x.(int32)) }
func (h *partialHeap) Pop() any {
	x := h.idx[len(h.idx)-1]
	h.idx = h.idx[:len(h.idx)-1]
	return x
}

// likelyPaths returns the k most probable simple entry-to-goal paths of the
// chain ch of view w (each ending at its first goal), most probable first:
// an A* search over partial paths, ranked by their chance times the best
// chance of going on from their last step to a goal (best, over paths that
// may repeat steps, so never below the truth): the first k partial paths to
// reach a goal are the best. It stops after likelyWork partial paths,
// returning those found.
func (a *analysis) likelyPaths(ctx context.Context, w *view, ch *chain, k int, cond *graphalg.Condensed) ([]LikelyPath, error) {
	ix := a.ix
	g := w.g
	best, err := a.bestOn(ctx, w, ch, cond)
	if err != nil {
		return nil, err
	}
	h := &partialHeap{}
	for _, v := range w.entries {
		if f := ch.start[v] * best[v]; f > 0 {
			h.arena = append(h.arena, partial{v: v, parent: -1, depth: 1, p: ch.start[v], f: f})
			h.idx = append(h.idx, int32(len(h.arena)-1))
		}
	}
	heap.Init(h)
	out := []LikelyPath{}
	var tos []int32
	var ps []float64
	for pops := 0; h.Len() > 0 && len(out) < k && pops < likelyWork; pops++ {
		if pops%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		i := heap.Pop(h).(int32)
		cur := h.arena[i]
		if ix.role[cur.v]&roleGoal != 0 {
			steps := make([]string, cur.depth)
			for x := i; x >= 0; x = h.arena[x].parent {
				steps[h.arena[x].depth-1] = ix.j.Steps[h.arena[x].v].ID
			}
			out = append(out, LikelyPath{Steps: steps, Probability: tidy(cur.p)})
			continue
		}
		if ix.role[cur.v]&roleExit != 0 {
			continue
		}
		// Parallel transitions add up.
		tos, ps = tos[:0], ps[:0]
		for e := g.Off[cur.v]; e < g.Off[cur.v+1]; e++ {
			if !(ch.prob[e] > 0) {
				continue
			}
			if at := slices.Index(tos, g.Adj[e]); at >= 0 {
				ps[at] += ch.prob[e]
			} else {
				tos, ps = append(tos, g.Adj[e]), append(ps, ch.prob[e])
			}
		}
		for t, u := range tos {
			onPath := false
			for x := i; x >= 0; x = h.arena[x].parent {
				if h.arena[x].v == u {
					onPath = true
					break
				}
			}
			p := cur.p * ps[t]
			if onPath || !(p*best[u] > 0) {
				continue
			}
			h.arena = append(h.arena, partial{v: u, parent: i, depth: cur.depth + 1, p: p, f: p * best[u]})
			heap.Push(h, int32(len(h.arena)-1))
		}
	}
	return out, nil
}

// bestOn returns, for each step, an upper bound on the chance of going on
// from it to a goal along one path: 1 at goals; the best over its
// transitions of their chance times the bound at their end, for a step on
// no loop; for the steps of a loop, the best over the loop's ways out.
// Computed over the chain's strongly connected components with goals and
// exits stopped (cond, if not nil, holds them), sinks first.
func (a *analysis) bestOn(ctx context.Context, w *view, ch *chain, cond *graphalg.Condensed) ([]float64, error) {
	ix := a.ix
	g := w.g
	stop := make([]bool, g.N)
	for v := 0; v < ix.n; v++ {
		stop[v] = ix.role[v]&(roleGoal|roleExit) != 0
	}
	var comp []int32
	var nc int
	if cond != nil {
		comp, nc = cond.Components()
	} else {
		var err error
		if comp, nc, err = graphalg.Components(ctx, graphalg.Chain{G: g, Prob: ch.prob, Stop: stop}); err != nil {
			return nil, err
		}
	}
	off := make([]int32, nc+1)
	for _, c := range comp {
		off[c+1]++
	}
	for c := 0; c < nc; c++ {
		off[c+1] += off[c]
	}
	mem := make([]int32, len(comp))
	pos := slices.Clone(off[:nc])
	for v, c := range comp {
		mem[pos[c]] = int32(v)
		pos[c]++
	}
	best := make([]float64, g.N)
	for c := 0; c < nc; c++ { // sinks first
		if c%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		ms := mem[off[c]:off[c+1]]
		var out float64 // the best way out of the component
		for _, v := range ms {
			if int(v) < ix.n && ix.role[v]&roleGoal != 0 {
				best[v] = 1
				continue
			}
			if stop[v] {
				continue
			}
			for e := g.Off[v]; e < g.Off[v+1]; e++ {
				if u := g.Adj[e]; comp[u] != int32(c) {
					best[v] = max(best[v], ch.prob[e]*best[u])
				}
			}
			out = max(out, best[v])
		}
		if len(ms) > 1 {
			for _, v := range ms {
				if !stop[v] {
					best[v] = out
				}
			}
		}
	}
	return best, nil
}
