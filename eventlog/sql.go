package eventlog

// What an SQL engine needs to fill an Aggregate that mining in process
// would have built (see the eventlog/sqlmine package): an engine returns a
// group's durations as themselves while the group has at most
// ExactDurations of them, else as counts per sketch bucket, computed in
// SQL with the same formula as bucketOf.

// AddN adds n durations of the same number of seconds.
func (d *Durations) AddN(seconds float64, n int64) {
	for ; n > 0; n-- {
		d.Add(seconds)
	}
}

// SketchLogGamma is the natural logarithm of the ratio between a sketch
// bucket's bounds: a duration v of at least MinSketchSeconds falls in
// bucket ceil(ln(v) / SketchLogGamma), clamped to ±MaxSketchBucket.
func SketchLogGamma() float64 { return sketchLogGamma }

// Sketch bounds, for engines that compute buckets.
const (
	// MinSketchSeconds: shorter durations count as zero.
	MinSketchSeconds = minSketchSeconds
	// MaxSketchBucket bounds the bucket index either way.
	MaxSketchBucket = 4000
)

// AddBucket adds n durations known only by their sketch bucket, or, when
// zero is true, n durations shorter than MinSketchSeconds. The Durations
// then holds a sketch, as it would after more than ExactDurations values.
func (d *Durations) AddBucket(bucket int32, zero bool, n int64) {
	if n <= 0 {
		return
	}
	if d.Exact() {
		d.toSketch()
	}
	d.n += n
	if zero {
		d.zeros += n
		return
	}
	d.addBucket(max(-MaxSketchBucket, min(MaxSketchBucket, bucket)), n)
}
