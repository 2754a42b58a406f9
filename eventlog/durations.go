package eventlog

import (
	"math"
	"math/bits"
	"slices"
	"sync"
)

// ExactDurations is how many observations a Durations keeps as exact values
// before it turns them into a sketch. Up to this many, quantiles are exact.
const ExactDurations = 256

// DurationAccuracy is the relative accuracy of a Durations sketch: a quantile
// of more than ExactDurations observations is within this fraction of the
// exact value (DDSketch's guarantee for log-spaced buckets).
const DurationAccuracy = 0.01

// sketchGamma is the ratio of a bucket's upper to its lower bound.
var (
	sketchGamma    = (1 + DurationAccuracy) / (1 - DurationAccuracy)
	sketchLogGamma = math.Log(sketchGamma)
)

// minSketchSeconds: durations below it (ties in time) count as zero.
const minSketchSeconds = 1e-9

// Durations is a mergeable summary of non-negative durations in seconds.
// It keeps up to ExactDurations values exactly; beyond that it holds
// log-spaced bucket counts (a DDSketch with relative accuracy
// DurationAccuracy), so that its size is bounded however many values are
// added. Merging two Durations gives what adding all their values to one
// would have given. The zero value is empty and ready to use.
type Durations struct {
	n      int64
	exact  []float64 // the values while n <= ExactDurations
	zeros  int64     // sketch: values below minSketchSeconds
	offset int32     // sketch: the bucket index of counts[0]
	// counts holds the sketch's count per bucket, nil while exact: its low
	// 16 bits in counts, the rest in high, which is nil until some count
	// reaches 65536. Two bytes a bucket keep a pair's sketch (hundreds of
	// buckets from seconds to weeks) small in the cache and in memory.
	counts []uint16
	high   []int64
}

// Len returns the number of values added.
func (d *Durations) Len() int64 { return d.n }

// Exact reports whether the quantiles are exact (no more than
// ExactDurations values have been added).
func (d *Durations) Exact() bool { return d.counts == nil && d.zeros == 0 }

// Add adds one duration in seconds. Negative values and NaN count as zero.
func (d *Durations) Add(seconds float64) {
	if !(seconds > 0) {
		seconds = 0
	}
	d.n++
	if d.Exact() {
		if len(d.exact) < ExactDurations {
			d.exact = append(d.exact, seconds)
			return
		}
		d.toSketch()
	}
	d.addSketch(seconds, 1)
}

// addCached is Add, looking buckets up in cache first: the same values
// recur (times in whole seconds), and a logarithm costs more than a look-up.
func (d *Durations) addCached(seconds float64, cache *bucketCache) {
	if !(seconds > 0) {
		seconds = 0
	}
	d.n++
	if d.Exact() {
		if len(d.exact) < ExactDurations {
			d.exact = append(d.exact, seconds)
			return
		}
		d.toSketchCached(cache)
	}
	if seconds < minSketchSeconds {
		d.addSketch(seconds, 1)
		return
	}
	d.addBucket(cache.of(seconds), 1)
}

// addNanos is addCached for a duration in nanoseconds: a sketch takes a
// whole number of seconds without a division or a float.
func (d *Durations) addNanos(ns int64, cache *bucketCache) {
	if d.counts != nil && ns >= 1e9 && ns < wholeSeconds*1e9 && ns%1e9 == 0 {
		if b, ok := wholeBucket(uint32(ns / 1e9)); ok {
			d.n++
			d.addBucket(b, 1)
			return
		}
	}
	d.addCached(float64(ns)/1e9, cache)
}

// addSpan adds the time from one Unix-nanosecond time to a later one. A log's
// times span up to 583 years, more than an int64 of nanoseconds holds (292
// years): a difference that overflows is added in float seconds instead.
func (d *Durations) addSpan(from, to int64, cache *bucketCache) {
	if ns, ok := nanosBetween(from, to); ok {
		d.addNanos(ns, cache)
		return
	}
	d.addCached(spanSeconds(from, to), cache)
}

// spanSeconds returns the seconds from one Unix-nanosecond time to
// another, without overflowing where the nanoseconds would.
func spanSeconds(from, to int64) float64 {
	if ns, ok := nanosBetween(from, to); ok {
		return float64(ns) / 1e9
	}
	return float64(to/1e9-from/1e9) + float64(to%1e9-from%1e9)/1e9
}

// nanosBetween returns to - from, and whether it fits an int64.
func nanosBetween(from, to int64) (int64, bool) {
	ns := to - from
	return ns, (to^from)&(to^ns) >= 0
}

// bucketCacheBits sets the size of a bucketCache's direct-mapped part: 4Ki
// entries, 48 KB.
const bucketCacheBits = 12

// wholeSeconds bounds the whole numbers of seconds whose buckets
// wholeBucket finds without a logarithm (about 18 hours).
const wholeSeconds = 1 << 16

// bucketCache gives bucketOf quickly: for whole numbers of seconds below
// wholeSeconds (the durations of logs timed to the second) by wholeBucket,
// for other values from a direct-mapped cache by their bits. It gives
// exactly what bucketOf gives. The zero value is ready (a zero key is never
// looked up: zero goes to no bucket).
type bucketCache struct {
	keys    [1 << bucketCacheBits]uint64
	buckets [1 << bucketCacheBits]int32
}

func (c *bucketCache) of(v float64) int32 {
	if s := int64(v); s < wholeSeconds && float64(s) == v && s > 0 {
		if b, ok := wholeBucket(uint32(s)); ok {
			return b
		}
	}
	k := math.Float64bits(v)
	i := (k * 0x9E3779B97F4A7C15) >> (64 - bucketCacheBits)
	if c.keys[i] == k {
		return c.buckets[i]
	}
	b := bucketOf(v)
	c.keys[i], c.buckets[i] = k, b
	return b
}

// wholeTable finds the bucket of a whole number of seconds s below
// wholeSeconds in small tables (under 4 KB, in the first-level cache):
// first lists the smallest s of each bucket that has whole seconds, in
// order, with the bucket in bucket; cell holds, for each cell of the
// numbers (s itself below 128, else the position of s's top bit and the 6
// bits after it), the place in first of the bucket of the cell's smallest
// s. A cell spans less than a bucket (1/64 of its start against 2 %), so s
// is in that bucket or the next.
var wholeTable struct {
	once   sync.Once
	ok     bool // bucketOf never decreases on 1 … wholeSeconds-1
	cell   [17 << 6]uint16
	first  []uint32
	bucket []int32
}

// wholeCell returns the cell of 0 < s < wholeSeconds.
func wholeCell(s uint32) uint32 {
	e := uint32(bits.Len32(s)) // 1 … 16
	if e <= 7 {
		return s // below 128: the cell is s itself
	}
	return e<<6 | (s>>(e-7))&63
}

// wholeBucket returns bucketOf(s) for 0 < s < wholeSeconds, and false when
// the table could not be made.
func wholeBucket(s uint32) (int32, bool) {
	t := &wholeTable
	t.once.Do(makeWholeTable)
	if !t.ok {
		return 0, false
	}
	i := int(t.cell[wholeCell(s)])
	if i+1 < len(t.first) && s >= t.first[i+1] {
		i++
	}
	return t.bucket[i], true
}

// makeWholeTable fills wholeTable from bucketOf itself, once a process:
// 65,535 logarithms, about a millisecond.
func makeWholeTable() {
	t := &wholeTable
	var seen [17 << 6]bool
	for s := uint32(1); s < wholeSeconds; s++ {
		b := bucketOf(float64(s))
		if n := len(t.bucket); n == 0 || b > t.bucket[n-1] {
			t.first = append(t.first, s)
			t.bucket = append(t.bucket, b)
		} else if b < t.bucket[n-1] {
			return // not monotone: leave ok false
		}
		if c := wholeCell(s); !seen[c] {
			seen[c] = true
			t.cell[c] = uint16(len(t.first) - 1)
		}
	}
	t.ok = true
}

// toSketch moves the exact values into buckets.
func (d *Durations) toSketch() {
	vs := d.exact
	d.exact = nil
	d.counts = []uint16{}
	for _, v := range vs {
		d.addSketch(v, 1)
	}
}

// toSketchCached is toSketch, looking buckets up in cache.
func (d *Durations) toSketchCached(cache *bucketCache) {
	vs := d.exact
	d.exact = nil
	d.counts = []uint16{}
	for _, v := range vs {
		if v < minSketchSeconds {
			d.addSketch(v, 1)
		} else {
			d.addBucket(cache.of(v), 1)
		}
	}
}

func bucketOf(v float64) int32 {
	i := math.Ceil(math.Log(v) / sketchLogGamma)
	// Durations in seconds of anything that happened on this planet stay far
	// inside these bounds; clamp anyway so that no input makes a huge slice.
	return int32(max(-4000, min(4000, i)))
}

func bucketValue(i int32) float64 {
	return 2 * math.Pow(sketchGamma, float64(i)) / (sketchGamma + 1)
}

func (d *Durations) addSketch(v float64, c int64) {
	if v < minSketchSeconds {
		d.zeros += c
		if d.counts == nil {
			d.counts = []uint16{}
		}
		return
	}
	d.addBucket(bucketOf(v), c)
}

func (d *Durations) addBucket(i int32, c int64) {
	if len(d.counts) == 0 {
		d.offset = i
		d.counts = append(d.counts[:0], 0)
		d.high = nil
	}
	switch {
	case i < d.offset:
		// Room below i too, half the buckets held, so that values coming
		// in ever smaller do not copy the counts each time (the copies
		// were garbage while every event is held). Empty buckets change no
		// rank. The room stays inside bucketOf's bounds.
		grow := int(d.offset - i)
		grow = max(grow, min(len(d.counts)/2, int(d.offset)+4000))
		d.counts = append(make([]uint16, grow, grow+len(d.counts)), d.counts...)
		if d.high != nil {
			d.high = append(make([]int64, grow, grow+len(d.high)), d.high...)
		}
		d.offset -= int32(grow)
	case int(i-d.offset) >= len(d.counts):
		more := int(i-d.offset) - len(d.counts) + 1
		d.counts = append(d.counts, make([]uint16, more)...)
		if d.high != nil {
			d.high = append(d.high, make([]int64, more)...)
		}
	}
	k := i - d.offset
	v := int64(d.counts[k]) + c
	if v > 0xFFFF {
		if d.high == nil {
			d.high = make([]int64, len(d.counts))
		}
		d.high[k] += v &^ 0xFFFF
	}
	d.counts[k] = uint16(v)
}

// count returns the count of the bucket at counts[k].
func (d *Durations) count(k int) int64 {
	if d.high != nil {
		return int64(d.counts[k]) + d.high[k]
	}
	return int64(d.counts[k])
}

// Merge adds all of o's values to d.
func (d *Durations) Merge(o *Durations) {
	if o == nil || o.n == 0 {
		return
	}
	if d.Exact() && o.Exact() && len(d.exact)+len(o.exact) <= ExactDurations {
		d.exact = append(d.exact, o.exact...)
		d.n += o.n
		return
	}
	if d.Exact() {
		d.toSketch()
	}
	d.n += o.n
	if o.Exact() {
		for _, v := range o.exact {
			d.addSketch(v, 1)
		}
		return
	}
	if o.zeros > 0 {
		d.zeros += o.zeros
	}
	for k := range o.counts {
		if c := o.count(k); c != 0 {
			d.addBucket(o.offset+int32(k), c)
		}
	}
}

// Clone returns a copy of d that shares no memory with it.
func (d *Durations) Clone() *Durations {
	c := *d
	c.exact = slices.Clone(d.exact)
	c.counts = slices.Clone(d.counts)
	c.high = slices.Clone(d.high)
	return &c
}

// Quantile returns the q-quantile (0 <= q <= 1) of the values, by linear
// interpolation between the closest ranks (numpy's and pandas' default,
// DuckDB's quantile_cont): the median of 1, 2, 3, 10 is 2.5. It returns 0
// when there are no values. Beyond ExactDurations values the ranks are read
// from the sketch, each value within DurationAccuracy of the true one.
func (d *Durations) Quantile(q float64) float64 {
	if d.n == 0 {
		return 0
	}
	q = max(0, min(1, q))
	if math.IsNaN(q) {
		q = 0.5
	}
	h := q * float64(d.n-1)
	lo := int64(math.Floor(h))
	frac := h - float64(lo)
	if d.Exact() {
		vs := slices.Clone(d.exact)
		slices.Sort(vs)
		if lo+1 >= int64(len(vs)) {
			return vs[lo]
		}
		return vs[lo] + frac*(vs[lo+1]-vs[lo])
	}
	a := d.rank(lo)
	if frac == 0 || lo+1 >= d.n {
		return a
	}
	return a + frac*(d.rank(lo+1)-a)
}

// rank returns the sketch's value at 0-based rank r.
func (d *Durations) rank(r int64) float64 {
	if r < d.zeros {
		return 0
	}
	seen := d.zeros
	for k := range d.counts {
		seen += d.count(k)
		if r < seen {
			return bucketValue(d.offset + int32(k))
		}
	}
	return bucketValue(d.offset + int32(len(d.counts)-1))
}
