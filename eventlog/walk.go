package eventlog

import (
	"encoding/binary"
	"runtime"
	"slices"
)

// segAcc accumulates one segment's figures by activity index.
type segAcc struct {
	cases, converted      int64
	events, starts, ends  []int64
	afterGoal             []int64
	positions             []float64
	convert               Durations
	value, convertedValue float64
	variants              map[string]int64
	otherVariants         int64
}

// pairAcc accumulates one segment's moves along one pair.
type pairAcc struct {
	seg, from, to int32
	count         int64
	dur           Durations
}

// walker turns grouped, time-ordered cases into segment figures. The moves
// along pairs and their times are added up by its pairWalker, which can
// run on a goroutine of its own (see aggregate).
type walker struct {
	c     *collector
	nAct  int
	goal  []bool
	segs  []segAcc
	pw    pairWalker
	touch map[[3]int32]int64 // (seg, activity, touchpoint) -> events
	seq   []int32            // the kept events of the current case
	key   []byte
	// the current case's events, in time order
	act, tp   []int32
	tim       []int64
	val       []float64
	perm      []int32
	scratch32 []int32
	scratch64 []int64
	scratchF  []float64
	buckets   bucketCache
	ix        [gatherBatch][]int32 // gather's chunks per case
}

// pairWalker adds up the moves along each pair of a segment and their
// times.
type pairWalker struct {
	nAct    int
	pairs   []pairAcc
	dense   []int32          // (seg, from, to) -> pairs index + 1, when small enough
	sparse  map[uint64]int32 // the same otherwise
	seq     []int32          // the kept events of the current case
	buckets bucketCache
}

// maxDense bounds the dense pair table's entries (4 MB).
const maxDense = 1 << 20

// aggregate gathers each case's events, orders them by time (file order
// breaking ties) and adds up the figures. It may be called again (with
// other goals). With more than one core, the moves along pairs are added up
// on a second goroutine while the rest is added up on this one: each
// accumulator is added to by one goroutine, in the order of the cases, so
// the figures are the same as on one core.
func (c *collector) aggregate() *Aggregate {
	c.stats.Collapsed, c.stats.OutsideWindow = 0, 0
	w := c.newWalker()
	if runtime.GOMAXPROCS(0) < 2 || c.cinfo.n < 2*blockCases {
		c.eachCase(w, w.walkCase)
		return w.result()
	}
	todo, done := make(chan *caseBlock, 2), make(chan *caseBlock, 3)
	go func() {
		for b := range todo {
			for i := range b.n {
				cb := &b.bufs[i]
				w.pw.walk(&c.opts, b.segs[i], cb.act, cb.tim)
			}
			done <- b
		}
		close(done)
	}()
	free := []*caseBlock{new(caseBlock), new(caseBlock), new(caseBlock)}
	for start := 0; start < c.cinfo.n; start += blockCases {
		var b *caseBlock
		if len(free) > 0 {
			b, free = free[len(free)-1], free[:len(free)-1]
		} else {
			b = <-done
		}
		c.fillBlock(w, b, start)
		todo <- b
		for i := range b.n {
			cb := &b.bufs[i]
			w.act, w.tim, w.tp, w.val = cb.act, cb.tim, cb.tp, cb.val
			w.walkRest(b.segs[i])
		}
	}
	close(todo)
	for range done { // wait for the pairs
	}
	return w.result()
}

// blockCases is how many cases a caseBlock holds; a multiple of
// gatherBatch that divides the column block size.
const blockCases = 1024

// caseBlock holds the gathered, time-ordered events of up to blockCases
// cases, with their segments.
type caseBlock struct {
	bufs [blockCases]caseBuf
	segs [blockCases]int32
	n    int
}

// fillBlock gathers the cases from start on into b and orders each.
func (c *collector) fillBlock(w *walker, b *caseBlock, start int) {
	end := min(start+blockCases, c.cinfo.n)
	block := c.cinfo.blocks[start>>blockBits]
	off := start & (1<<blockBits - 1)
	c.fillCases(w, b, block[off:off+end-start])
}

// fillCases gathers cases (at most blockCases) into b and orders each.
func (c *collector) fillCases(w *walker, b *caseBlock, cases []caseInfo) {
	b.n = len(cases)
	for k := 0; k < len(cases); k += gatherBatch {
		batch := cases[k:min(k+gatherBatch, len(cases))]
		w.gather(batch, b.bufs[k:k+len(batch)])
		for j := range batch {
			cb := &b.bufs[k+j]
			w.act, w.tim, w.tp, w.val = cb.act, cb.tim, cb.tp, cb.val
			w.order()
			b.segs[k+j] = max(batch[j].seg, 0)
		}
	}
}

// eachCase gathers every case in turn, in the order of first sight, into
// w's case buffers (w.act, w.tim, w.tp, w.val), ordered by time with file
// order breaking ties, and calls f with the case's segment.
func (c *collector) eachCase(w *walker, f func(seg int32)) {
	b := new(caseBlock)
	for start := 0; start < c.cinfo.n; start += blockCases {
		c.fillBlock(w, b, start)
		for i := range b.n {
			cb := &b.bufs[i]
			w.act, w.tim, w.tp, w.val = cb.act, cb.tim, cb.tp, cb.val
			f(b.segs[i])
		}
	}
}

// gatherBatch is how many cases' lists of chunks gather follows at once; it
// divides blockCases.
const gatherBatch = 32

// caseBuf holds one case's events while a batch is gathered.
type caseBuf struct {
	act, tp []int32
	tim     []int64
	val     []float64
}

// gather copies the events of cases into bufs, in file order. The cases'
// lists of chunks are followed side by side, one chunk of each in turn: in
// a time-ordered export a case's next chunk is far away, and the loads of
// different lists do not wait for each other, where the loads along one
// list do. The loop that follows the lists only notes each chunk: a branch
// on what a chunk holds (how many events) would be mispredicted while its
// load is still under way and throw away the loads started after it. The
// events are then copied from chunks the loop has brought into the cache.
func (w *walker) gather(cases []caseInfo, bufs []caseBuf) {
	c := w.c
	var cur [gatherBatch]int32 // the next chunk of each case + 1
	ix := w.ix                 // a local copy: appending writes no heap slice headers
	for j := range cases {
		cur[j] = cases[j].head + 1
		ix[j] = ix[j][:0]
	}
	for active := true; active; {
		active = false
		for j := range cases {
			if k := cur[j] - 1; k >= 0 {
				ix[j] = append(ix[j], k)
				cur[j] = c.chunk(k).next
				active = true
			}
		}
	}
	tps, vals := c.etp.n > 0, c.evalu.n > 0
	for j := range cases {
		b := &bufs[j]
		act, tim, tp, val := b.act[:0], b.tim[:0], b.tp[:0], b.val[:0]
		for _, k := range ix[j] {
			ch := c.chunk(k)
			n := 0
			for n < chunkLen && ch.a[n] != 0 {
				n++
			}
			for i := range n {
				act = append(act, int32(ch.a[i])-1)
			}
			tim = append(tim, ch.t[:n]...)
			if tps {
				for i := range int32(n) {
					tp = append(tp, c.etp.get(k*chunkLen+i))
				}
			}
			if vals {
				for i := range int32(n) {
					val = append(val, c.evalu.get(k*chunkLen+i))
				}
			}
		}
		b.act, b.tim, b.tp, b.val = act, tim, tp, val
	}
	w.ix = ix
}

// order sorts the case gathered by time, file order breaking ties.
func (w *walker) order() {
	if slices.IsSorted(w.tim) {
		return
	}
	tim := w.tim
	w.perm = w.perm[:0]
	for i := range tim {
		w.perm = append(w.perm, int32(i))
	}
	slices.SortStableFunc(w.perm, func(a, b int32) int {
		switch {
		case tim[a] < tim[b]:
			return -1
		case tim[a] > tim[b]:
			return 1
		}
		return 0
	})
	permute(w.act, w.perm, &w.scratch32)
	permute(w.tim, w.perm, &w.scratch64)
	if len(w.tp) > 0 {
		permute(w.tp, w.perm, &w.scratch32)
	}
	if len(w.val) > 0 {
		permute(w.val, w.perm, &w.scratchF)
	}
}

func permute[T any](xs []T, perm []int32, tmp *[]T) {
	*tmp = append((*tmp)[:0], xs...)
	for i, p := range perm {
		xs[i] = (*tmp)[p]
	}
}

func (c *collector) newWalker() *walker {
	nAct := len(c.actNames)
	w := &walker{c: c, nAct: nAct, goal: make([]bool, nAct), segs: make([]segAcc, len(c.segNames)),
		touch: map[[3]int32]int64{}, pw: pairWalker{nAct: nAct}}
	for _, g := range c.opts.goals() {
		if k, ok := c.acts[g]; ok {
			w.goal[k] = true
		}
	}
	for s := range w.segs {
		w.segs[s] = segAcc{events: make([]int64, nAct), starts: make([]int64, nAct), ends: make([]int64, nAct),
			afterGoal: make([]int64, nAct), positions: make([]float64, nAct), variants: map[string]int64{}}
	}
	if size := len(w.segs) * nAct * nAct; size <= maxDense {
		w.pw.dense = make([]int32, size)
	} else {
		w.pw.sparse = map[uint64]int32{}
	}
	return w
}

// pair returns the accumulator of seg's moves from a to b.
func (w *pairWalker) pair(seg, a, b int32) *pairAcc {
	if w.dense != nil {
		k := (int(seg)*w.nAct+int(a))*w.nAct + int(b)
		if i := w.dense[k]; i > 0 {
			return &w.pairs[i-1]
		}
		w.pairs = append(w.pairs, pairAcc{seg: seg, from: a, to: b})
		w.dense[k] = int32(len(w.pairs))
		return &w.pairs[len(w.pairs)-1]
	}
	k := uint64(seg)<<42 | uint64(a)<<21 | uint64(b)
	if i, ok := w.sparse[k]; ok {
		return &w.pairs[i]
	}
	w.pairs = append(w.pairs, pairAcc{seg: seg, from: a, to: b})
	w.sparse[k] = int32(len(w.pairs) - 1)
	return &w.pairs[len(w.pairs)-1]
}

// kept appends to seq the places of a case's events that count: those
// inside the window, without repeats when opts.Collapse is set. It returns
// how many were collapsed and how many fell outside the window.
func kept(opts *Options, act []int32, tim []int64, seq []int32) (_ []int32, collapsed, outside int64) {
	t0, window := tim[0], int64(opts.Window)
	prev := int32(-1)
	for i, a := range act {
		if window > 0 && tim[i]-t0 > window {
			outside = int64(len(act) - i)
			break
		}
		if opts.Collapse && a == prev {
			collapsed++
			continue
		}
		seq = append(seq, int32(i))
		prev = a
	}
	return seq, collapsed, outside
}

// walkCase adds the figures of the case gathered.
func (w *walker) walkCase(seg int32) {
	w.pw.walk(&w.c.opts, seg, w.act, w.tim)
	w.walkRest(seg)
}

// walk adds the moves of a case along its pairs, with their times.
func (w *pairWalker) walk(opts *Options, seg int32, act []int32, tim []int64) {
	w.seq, _, _ = kept(opts, act, tim, w.seq[:0])
	for j := 1; j < len(w.seq); j++ {
		i, h := w.seq[j], w.seq[j-1]
		p := w.pair(seg, act[h], act[i])
		p.count++
		p.dur.addSpan(tim[h], tim[i], &w.buckets)
	}
}

// walkRest adds the figures of the case gathered but for the moves along
// pairs (see pairWalker).
func (w *walker) walkRest(seg int32) {
	c := w.c
	act, tim := w.act, w.tim
	var collapsed, outside int64
	w.seq, collapsed, outside = kept(&c.opts, act, tim, w.seq[:0])
	c.stats.Collapsed += collapsed
	c.stats.OutsideWindow += outside
	st := &w.segs[seg]
	k := len(w.seq)
	st.cases++
	st.starts[act[w.seq[0]]]++
	st.ends[act[w.seq[k-1]]]++
	first := -1 // the first goal's place in seq
	var value float64
	w.key = w.key[:0]
	for j, i := range w.seq {
		a := act[i]
		st.events[a]++
		if k > 1 {
			st.positions[a] += float64(j) / float64(k-1)
		}
		if first >= 0 {
			st.afterGoal[a]++
		} else if w.goal[a] {
			first = j
		}
		if len(w.tp) > 0 && w.tp[i] != 0 {
			w.touch[[3]int32{seg, a, w.tp[i]}]++
		}
		if len(w.val) > 0 {
			value += w.val[i]
		}
		w.key = binary.AppendUvarint(w.key, uint64(a))
	}
	st.value += value
	if first >= 0 {
		st.converted++
		st.convertedValue += value
		st.convert.addSpan(tim[0], tim[w.seq[first]], &w.buckets)
	}
	if n, ok := st.variants[string(w.key)]; ok {
		st.variants[string(w.key)] = n + 1
	} else if len(st.variants) < MaxVariants {
		st.variants[string(w.key)] = 1
	} else {
		st.otherVariants++
	}
}

// result names the figures: activity indices become names.
func (w *walker) result() *Aggregate {
	c := w.c
	a := NewAggregate(c.opts.goals()...)
	names := c.actNames
	for s := range w.segs {
		acc := &w.segs[s]
		if acc.cases == 0 {
			continue
		}
		st := a.Segment(c.segNames[s])
		st.Cases, st.Converted = acc.cases, acc.converted
		st.ConvertTime = acc.convert
		st.Value, st.ConvertedValue = acc.value, acc.convertedValue
		for k, name := range names {
			putCount(st.Events, name, acc.events[k])
			putCount(st.Starts, name, acc.starts[k])
			putCount(st.Ends, name, acc.ends[k])
			putCount(st.AfterGoal, name, acc.afterGoal[k])
			if acc.events[k] > 0 {
				st.Positions[name] = acc.positions[k]
			}
		}
		for key, n := range acc.variants {
			var seq []string
			for b := []byte(key); len(b) > 0; {
				v, m := binary.Uvarint(b)
				seq = append(seq, names[v])
				b = b[m:]
			}
			st.Variants[VariantKey(seq...)] = n
		}
		st.OtherVariants = acc.otherVariants
	}
	for i := range w.pw.pairs {
		p := &w.pw.pairs[i]
		st := a.Segment(c.segNames[p.seg])
		k := Pair{names[p.from], names[p.to]}
		st.Pairs[k] = p.count
		d := p.dur
		st.PairTimes[k] = &d
	}
	for k, n := range w.touch {
		st := a.Segment(c.segNames[k[0]])
		st.Touchpoints[ActivityTouchpoint{names[k[1]], c.tpNames[k[2]]}] = n
	}
	return a
}

func putCount(m map[string]int64, k string, n int64) {
	if n > 0 {
		m[k] = n
	}
}
