package graphalg

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// MaxK is the largest k KBest accepts.
const MaxK = 1000

// kbestWork bounds the work of one KBest call, counted in heap operations
// and edge relaxations of its searches. A call that reaches it stops and
// returns the paths found so far with an Error of CodeWorkLimit. 2^25
// operations take one to two seconds; each of a path's deviations costs a
// search as long as the rest of the path, so a path of L steps costs about
// L^2/2 before the next one is found: a 20,000-rung ladder (paths of 20,000
// steps) reaches the limit after its first path.
const kbestWork = 1 << 25

// KBest returns the k best simple paths from any source to any target. A
// path ends at the first target it reaches (targets are not expanded); it
// may pass through other sources. Paths are ordered by total vertex cost
// (the sum of cost[v] over the path's vertices), then by number of
// vertices, then by the vertex sequence compared lexicographically; that is
// a total order, so the result is unique. Fewer than k paths are returned
// when fewer exist.
//
// Costs must be non-negative and small enough that no path cost overflows:
// at most math.MaxInt64/(N+1). k must be in 0..MaxK.
//
// KBest is Lawler's partition of the path space (Yen's algorithm with
// deviations only after the parent's) over an A* search guided by the exact
// distance to the targets in the whole graph, with ties broken towards the
// lexicographically smallest path; it answers at once on graphs with
// astronomically many paths. Its work is bounded: when it exceeds an
// internal limit (about 3×10^7 relaxations) KBest returns the paths found so
// far, which are the best ones in order, together with an Error for which
// errors.Is(err, ErrWorkLimit) holds.
func KBest(ctx context.Context, g *Graph, cost []int64, sources, targets []int32, k int) ([][]int32, error) {
	return kBest(ctx, g, nil, nil, cost, sources, targets, k, kbestWork)
}

// kBest is KBest with the given reverse graph (nil: built from g), scratch
// (nil: none) and work limit.
func kBest(ctx context.Context, g, rev *Graph, sc *Scratch, cost []int64, sources, targets []int32, k int, limit int64) ([][]int32, error) {
	if err := g.Check(); err != nil {
		return nil, err
	}
	if k < 0 || k > MaxK {
		return nil, &Error{Code: CodeK, Arg: "k", Index: -1, Msg: fmt.Sprintf("k = %d not in 0..%d", k, MaxK)}
	}
	if err := checkLen("cost", len(cost), g.N); err != nil {
		return nil, err
	}
	maxCost := int64(math.MaxInt64) / int64(g.N+1)
	for v, c := range cost {
		if c < 0 || c > maxCost {
			return nil, &Error{Code: CodeCost, Arg: "cost", Index: v, Msg: fmt.Sprintf("cost %d not in 0..%d", c, maxCost)}
		}
	}
	if err := checkVertices(g, "sources", sources); err != nil {
		return nil, err
	}
	if err := checkVertices(g, "targets", targets); err != nil {
		return nil, err
	}
	if k == 0 || len(sources) == 0 || len(targets) == 0 {
		return nil, nil
	}
	if rev == nil {
		rev = g.Reverse()
	}
	var old *kSearch
	if sc != nil {
		old = sc.ks
	}
	s := newKSearch(old, g, rev, cost, sources, targets)
	if sc != nil {
		sc.ks = s
	}
	s.limit = limit
	if err := s.heuristic(ctx); err != nil {
		return nil, err
	}
	var out [][]int32
	var cands candHeap
	first, err := s.search(ctx, nil, -1, dist{}, nil)
	if err != nil {
		return nil, err
	}
	if first != nil {
		first.dev = -1
		cands.push(first)
	}
	for len(out) < k && len(cands) > 0 {
		p := cands.pop()
		path := p.materialize()
		out = append(out, path)
		if len(out) == k {
			break
		}
		// Block the path's vertices for its deviations: deviation i
		// avoids path[:i].
		s.bstamp++
		for i, v := range path {
			s.bmark[v], s.bidx[v] = s.bstamp, int32(i)
		}
		var pre dist // cost of path[:i+1]
		for i := 0; i <= p.dev; i++ {
			pre = pre.add(s.cost[path[i]])
		}
		for i := p.dev; i <= len(path)-2; i++ {
			if i > p.dev {
				pre = pre.add(s.cost[path[i]])
			}
			var banned []int32
			if i == p.dev {
				banned = append(slices.Clip(p.banned), path[i+1])
			} else {
				banned = []int32{path[i+1]}
			}
			c, err := s.search(ctx, path, i, pre, banned)
			if err != nil {
				return out, err
			}
			if c != nil {
				c.dev, c.banned = i, banned
				cands.push(c)
			}
		}
	}
	return out, nil
}

// dist is a path length in the order KBest uses: cost, then vertices.
type dist struct {
	c int64
	l int32
}

func (a dist) less(b dist) bool { return a.c < b.c || a.c == b.c && a.l < b.l }

func (a dist) add(c int64) dist { return dist{a.c + c, a.l + 1} }

var inf = dist{math.MaxInt64, math.MaxInt32}

// kSearch holds the state of KBest's searches, reused between them.
type kSearch struct {
	g, rev   *Graph
	cost     []int64
	sources  []int32
	isTarget []bool
	h        []dist // exact distance to a target in the whole graph, excluding the vertex's own cost

	// Per search, valid where seen[v] == stamp.
	stamp   uint32
	seen    []uint32
	gd      []dist
	done    []uint32 // settled when == stamp
	bstamp  uint32   // the current accepted path's stamp
	bmark   []uint32 // on the current accepted path when == bstamp
	bidx    []int32  // position on the current accepted path
	targets []int32  // distinct targets
	mark    []uint32 // on a best path when == stamp
	heap    distHeap
	radix   radixHeap
	queue   []int32
	work    int64 // heap pops and edge relaxations so far
	limit   int64 // the most work allowed
	pops    int
}

func newKSearch(old *kSearch, g, rev *Graph, cost []int64, sources, targets []int32) *kSearch {
	n := g.N
	s := old
	if s == nil {
		s = &kSearch{}
	}
	// The stamped arrays need no clearing: every stamp they hold is below
	// the next search's.
	s.g, s.rev, s.cost = g, rev, cost
	s.isTarget = growBool(s.isTarget, n)
	clear(s.isTarget)
	s.h = growDist(s.h, n)
	s.seen = growU32(s.seen, n)
	s.gd = growDist(s.gd, n)
	s.done = growU32(s.done, n)
	s.bmark = growU32(s.bmark, n)
	s.bidx = grow(s.bidx, n)
	s.mark = growU32(s.mark, n)
	s.targets = s.targets[:0]
	s.work, s.pops = 0, 0
	for _, t := range targets {
		if !s.isTarget[t] {
			s.isTarget[t] = true
			s.targets = append(s.targets, t)
		}
	}
	s.sources = append(s.sources[:0], sources...)
	slices.Sort(s.sources)
	s.sources = slices.Compact(s.sources)
	return s
}

// heuristic computes h by a Dijkstra search from the targets over the
// reversed graph, in which no target has out-edges.
func (s *kSearch) heuristic(ctx context.Context) error {
	for v := range s.h {
		s.h[v] = inf
	}
	// With small costs (the common case: barrier weights), a distance
	// packs into one uint64, cost above length, and a radix heap serves.
	var total int64
	for _, c := range s.cost {
		total += c
		if total >= 1<<31 {
			break
		}
	}
	if total < 1<<31 {
		return s.heuristicRadix(ctx)
	}
	s.heap = s.heap[:0]
	for _, v := range s.targets {
		s.h[v] = dist{}
		s.heap.push(distItem{dist{}, v})
	}
	steps := 0
	for len(s.heap) > 0 {
		steps++
		if err := check(ctx, steps); err != nil {
			return err
		}
		it := s.heap.pop()
		w := it.v
		if s.h[w] != it.d {
			continue
		}
		nd := it.d.add(s.cost[w])
		// A target's h is 0, which nd, at least one vertex long, never
		// improves: no test of isTarget, a random read per edge, needed.
		for _, u := range s.rev.Adj[s.rev.Off[w]:s.rev.Off[w+1]] {
			if nd.less(s.h[u]) {
				s.h[u] = nd
				s.heap.push(distItem{nd, u})
			}
		}
	}
	return nil
}

// heuristicRadix is heuristic over a radix heap of packed distances: cost
// in the high 32 bits, length in the low 32. Every path cost is at most the
// sum of all costs, which the caller checked is below 2^31.
func (s *kSearch) heuristicRadix(ctx context.Context) error {
	q := &s.radix
	q.reset()
	pack := func(d dist) uint64 { return uint64(d.c)<<32 | uint64(uint32(d.l)) }
	for v := range s.h {
		s.h[v] = inf
	}
	for _, v := range s.targets {
		s.h[v] = dist{}
		q.push(0, v)
	}
	steps := 0
	for q.size > 0 {
		steps++
		if err := check(ctx, steps); err != nil {
			return err
		}
		k, w := q.pop()
		hw := s.h[w]
		if pack(hw) != k {
			continue
		}
		nd := hw.add(s.cost[w])
		nk := pack(nd)
		// As in heuristic: targets, at 0, are never improved.
		for _, u := range s.rev.Adj[s.rev.Off[w]:s.rev.Off[w+1]] {
			if nd.less(s.h[u]) {
				s.h[u] = nd
				q.push(nk, u)
			}
		}
	}
	return nil
}

// radixHeap is a monotone priority queue of vertices by uint64 key: every
// key pushed is at least the last key popped, as in Dijkstra's algorithm.
// Bucket i holds the keys that first differ from the last popped key at bit
// i-1 (bucket 0: equal to it).
type radixHeap struct {
	last uint64
	size int
	keys [65][]uint64
	vs   [65][]int32
}

// reset empties q, keeping its buckets' storage.
func (q *radixHeap) reset() {
	q.last, q.size = 0, 0
	for i := range q.keys {
		q.keys[i], q.vs[i] = q.keys[i][:0], q.vs[i][:0]
	}
}

func (q *radixHeap) push(k uint64, v int32) {
	i := bits.Len64(k ^ q.last)
	q.keys[i] = append(q.keys[i], k)
	q.vs[i] = append(q.vs[i], v)
	q.size++
}

// pop removes and returns an entry of least key; q must not be empty.
func (q *radixHeap) pop() (uint64, int32) {
	if len(q.keys[0]) == 0 {
		i := 1
		for len(q.keys[i]) == 0 {
			i++
		}
		m := q.keys[i][0]
		for _, k := range q.keys[i][1:] {
			m = min(m, k)
		}
		q.last = m
		for j, k := range q.keys[i] {
			b := bits.Len64(k ^ m)
			q.keys[b] = append(q.keys[b], k)
			q.vs[b] = append(q.vs[b], q.vs[i][j])
		}
		q.keys[i], q.vs[i] = q.keys[i][:0], q.vs[i][:0]
	}
	n := len(q.keys[0]) - 1
	k, v := q.keys[0][n], q.vs[0][n]
	q.keys[0], q.vs[0] = q.keys[0][:n], q.vs[0][:n]
	q.size--
	return k, v
}

// cand is a candidate path of KBest with the subspace of paths it is the
// best of: the paths that start with path[:dev+1] and whose next vertex is
// not in banned. The path is base[:n] followed by tail; base is the accepted
// path it deviates from, shared, so that a candidate costs only its tail.
type cand struct {
	base   []int32
	n      int
	tail   []int32
	d      dist
	dev    int
	banned []int32
}

// at returns the i-th vertex of the path.
func (c *cand) at(i int) int32 {
	if i < c.n {
		return c.base[i]
	}
	return c.tail[i-c.n]
}

// materialize returns the path as one slice.
func (c *cand) materialize() []int32 {
	if c.n == 0 {
		return c.tail
	}
	p := make([]int32, 0, c.n+len(c.tail))
	return append(append(p, c.base[:c.n]...), c.tail...)
}

// query is what one search looks for: the stamp of its marks, the vertex
// it continues from (-1: any source), the vertices it must not go on to
// from there, and the position in the accepted path it deviates at.
type query struct {
	st     uint32
	start  int32
	banned []int32
	bi     int32
}

func (q *query) isBanned(v int32) bool { return slices.Contains(q.banned, v) }

// blocked reports whether v lies on the accepted path before the deviation.
func (s *kSearch) blocked(q *query, v int32) bool {
	return s.bmark[v] == s.bstamp && s.bidx[v] < q.bi
}

// search returns the best path that starts with base[:i+1] (with cost pre),
// does not continue from base[i] with a vertex of banned, and avoids
// base[:i]; or nil if there is none. The vertices of base must be marked
// with bstamp and bidx. For i == -1, the path starts at any source not in
// banned. It runs A* to the best cost, marks the vertices on best paths,
// and walks them, taking the smallest vertex at each step.
func (s *kSearch) search(ctx context.Context, base []int32, i int, pre dist, banned []int32) (*cand, error) {
	s.stamp++
	if s.stamp == 0 { // wrapped: clear the stamps
		clear(s.seen)
		clear(s.done)
		clear(s.mark)
		s.stamp = 1
	}
	q := &query{st: s.stamp, start: -1, banned: banned, bi: int32(i)}
	s.heap = s.heap[:0]
	if i < 0 {
		for _, v := range s.sources {
			if q.isBanned(v) || s.h[v] == inf {
				continue
			}
			d := dist{s.cost[v], 1}
			s.seen[v], s.gd[v] = q.st, d
			s.heap.push(distItem{dist{d.c + s.h[v].c, d.l + s.h[v].l}, v})
		}
	} else {
		q.start = base[i]
		if s.h[q.start] == inf {
			return nil, nil
		}
		s.seen[q.start], s.gd[q.start] = q.st, pre
		s.heap.push(distItem{dist{pre.c + s.h[q.start].c, pre.l + s.h[q.start].l}, q.start})
	}
	best, err := s.astar(ctx, q)
	if err != nil || best == inf {
		return nil, err
	}
	s.markBest(q, best)
	path, err := s.walkBest(q, i, best)
	if err != nil {
		return nil, err
	}
	return &cand{base: base, n: max(i, 0), tail: path, d: best}, nil
}

// astar settles vertices from the heap until the best cost to a target is
// known, and returns it (inf if there is none).
func (s *kSearch) astar(ctx context.Context, q *query) (dist, error) {
	st := q.st
	best := inf
	for len(s.heap) > 0 {
		s.work++
		s.pops++
		if s.work > s.limit {
			return inf, &Error{Code: CodeWorkLimit, Arg: "k", Index: -1, Msg: "search cut short by the work limit"}
		}
		if err := check(ctx, s.pops); err != nil {
			return inf, err
		}
		it := s.heap.pop()
		v := it.v
		if s.done[v] == st {
			continue
		}
		gv := s.gd[v]
		if f := (dist{gv.c + s.h[v].c, gv.l + s.h[v].l}); f != it.d {
			continue // stale
		}
		if best.less(it.d) {
			break
		}
		s.done[v] = st
		if s.isTarget[v] {
			if it.d.less(best) {
				best = it.d
			}
			continue
		}
		for _, w := range s.g.Adj[s.g.Off[v]:s.g.Off[v+1]] {
			s.work++
			if s.h[w] == inf || s.blocked(q, w) || v == q.start && q.isBanned(w) {
				continue
			}
			nd := gv.add(s.cost[w])
			if s.seen[w] != st || nd.less(s.gd[w]) {
				s.seen[w], s.gd[w] = st, nd
				s.heap.push(distItem{dist{nd.c + s.h[w].c, nd.l + s.h[w].l}, w})
			}
		}
	}
	return best, nil
}

// markBest marks the vertices on best paths: backwards from the best
// targets along tight edges between settled vertices.
func (s *kSearch) markBest(q *query, best dist) {
	st := q.st
	queue := s.queue[:0]
	for _, v := range s.targets {
		if s.done[v] == st && s.gd[v] == best {
			s.mark[v] = st
			queue = append(queue, v)
		}
	}
	for i := 0; i < len(queue); i++ {
		s.work++
		x := queue[i]
		gx := s.gd[x]
		for _, u := range s.rev.Adj[s.rev.Off[x]:s.rev.Off[x+1]] {
			if s.done[u] != st || s.mark[u] == st || s.isTarget[u] || s.blocked(q, u) {
				continue
			}
			if u == q.start && q.isBanned(x) || s.gd[u].add(s.cost[x]) != gx {
				continue
			}
			s.mark[u] = st
			queue = append(queue, u)
		}
	}
	s.queue = queue
}

// walkBest walks forwards along the marked vertices, taking the smallest
// next vertex that stays on a best path, and returns the path from the
// query's start (or from the source it takes).
func (s *kSearch) walkBest(q *query, i int, best dist) ([]int32, error) {
	st := q.st
	var path []int32
	var x int32
	if q.start < 0 {
		x = -1
		for _, v := range s.sources {
			if s.mark[v] == st && s.gd[v] == (dist{s.cost[v], 1}) && !q.isBanned(v) {
				x = v
				break
			}
		}
		path = make([]int32, 0, best.l)
		if x < 0 {
			return nil, errLost(x)
		}
	} else {
		x = q.start
		path = make([]int32, 0, int(best.l)-i)
	}
	for {
		path = append(path, x)
		if s.isTarget[x] {
			return path, nil
		}
		next := int32(-1)
		gx := s.gd[x]
		for _, w := range s.g.Adj[s.g.Off[x]:s.g.Off[x+1]] {
			if s.mark[w] != st || (next >= 0 && w >= next) || s.blocked(q, w) {
				continue
			}
			if x == q.start && q.isBanned(w) || gx.add(s.cost[w]) != s.gd[w] {
				continue
			}
			next = w
		}
		if next < 0 {
			// Unreachable when the marking is right; never loop or panic.
			return nil, errLost(x)
		}
		x = next
	}
}

// errLost is the error for a best path that the forward walk cannot follow,
// which the marking rules out; it is returned rather than looping or
// panicking.
func errLost(v int32) error {
	return &Error{Code: CodeInternal, Arg: "g", Index: int(v), Msg: "best path lost"}
}
