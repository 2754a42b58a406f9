package analysis

import (
	"cmp"
	"container/heap"
	"context"
	"slices"
	"strings"
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
func (a *analysis) likelyPaths(ctx context.Context, w *view, ch *chain, k int) ([]LikelyPath, error) {
	ix := a.ix
	g := w.g
	best, err := a.bestOn(ctx, w, ch)
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
			out = append(out, LikelyPath{Steps: steps, Probability: cur.p})
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

// bestOn returns, for each step, the best chance of going on from it to a
// goal along one path (1 at goals, 0 where no goal can be reached): Dijkstra
// backwards from the goals, the chances multiplying.
func (a *analysis) bestOn(ctx context.Context, w *view, ch *chain) ([]float64, error) {
	ix := a.ix
	g := w.g
	rev := a.ix.bufRev // the view's reverse graph, built by structure
	// The chance of each reverse edge: rev lists, for each vertex, its
	// predecessors in g's order, so find each edge's chance in g.
	best := make([]float64, g.N)
	done := make([]bool, g.N)
	q := &bestHeap{best: best}
	for _, v := range w.goals {
		best[v] = 1
		heap.Push(q, v)
	}
	for n := 0; q.Len() > 0; n++ {
		if n%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		v := heap.Pop(q).(int32)
		if done[v] {
			continue
		}
		done[v] = true
		for _, u := range rev.Adj[rev.Off[v]:rev.Off[v+1]] {
			if done[u] || int(u) >= ix.n || ix.role[u]&(roleGoal|roleExit) != 0 {
				continue
			}
			for e := g.Off[u]; e < g.Off[u+1]; e++ {
				if g.Adj[e] == v {
					if x := best[v] * ch.prob[e]; x > best[u] {
						best[u] = x
						heap.Push(q, u)
					}
				}
			}
		}
	}
	return best, nil
}

type bestHeap struct {
	best []float64
	vs   []int32
}

func (h *bestHeap) Len() int           { return len(h.vs) }
func (h *bestHeap) Less(i, j int) bool { return h.best[h.vs[i]] > h.best[h.vs[j]] }
func (h *bestHeap) Swap(i, j int)      { h.vs[i], h.vs[j] = h.vs[j], h.vs[i] }
func (h *bestHeap) Push(x any)         { h.vs = append(h.vs, x.(int32)) }
func (h *bestHeap) Pop() any {
	x := h.vs[len(h.vs)-1]
	h.vs = h.vs[:len(h.vs)-1]
	return x
}
