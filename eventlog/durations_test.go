package eventlog

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// quantileBySort is the oracle: numpy's default (linear) quantile over a sort.
func quantileBySort(vs []float64, q float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	h := q * float64(len(s)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(s) {
		return s[lo]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}

func TestDurationsExactAgainstSort(t *testing.T) {
	var d Durations
	if got := d.Quantile(0.5); got != 0 {
		t.Fatalf("empty median = %v", got)
	}
	for _, v := range []float64{1, 2, 3, 10} {
		d.Add(v)
	}
	if got := d.Quantile(0.5); got != 2.5 {
		t.Fatalf("median of 1 2 3 10 = %v, want 2.5", got)
	}
	if got := d.Quantile(0.9); math.Abs(got-7.9) > 1e-12 {
		t.Fatalf("p90 of 1 2 3 10 = %v, want 7.9", got)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 2000; trial++ {
		n := r.IntN(ExactDurations) + 1
		vs := make([]float64, n)
		var a, b Durations
		for i := range vs {
			vs[i] = float64(r.IntN(50)) // ties and zeros
			if r.IntN(2) == 0 {
				a.Add(vs[i])
			} else {
				b.Add(vs[i])
			}
		}
		a.Merge(&b)
		if !a.Exact() || a.Len() != int64(n) {
			t.Fatalf("trial %d: merged %d values not exact", trial, n)
		}
		for _, q := range []float64{0, 0.1, 0.5, 0.9, 1} {
			if got, want := a.Quantile(q), quantileBySort(vs, q); math.Abs(got-want) > 1e-9 {
				t.Fatalf("trial %d: q%.1f = %v, want %v", trial, q, got, want)
			}
		}
	}
}

func TestDurationsSketchWithinAccuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 50; trial++ {
		n := ExactDurations + 1 + r.IntN(5000)
		vs := make([]float64, n)
		parts := make([]Durations, 3)
		for i := range vs {
			vs[i] = math.Exp(r.Float64()*15) - 1 // 0 .. ~3e6 s
			if r.IntN(10) == 0 {
				vs[i] = 0
			}
			parts[r.IntN(3)].Add(vs[i])
		}
		var all, merged Durations
		for _, v := range vs {
			all.Add(v)
		}
		for i := range parts {
			merged.Merge(&parts[i])
		}
		for _, q := range []float64{0, 0.5, 0.9, 1} {
			want := quantileBySort(vs, q)
			for _, d := range []*Durations{&all, &merged} {
				got := d.Quantile(q)
				// Interpolating between two neighbouring ranks keeps the
				// relative error of each rank.
				if math.Abs(got-want) > DurationAccuracy*want+1e-9 {
					t.Fatalf("trial %d (n=%d): q%.1f = %v, want %v ±%.0f%%", trial, n, q, got, want, 100*DurationAccuracy)
				}
			}
			if all.Quantile(q) != merged.Quantile(q) {
				t.Fatalf("trial %d: merge of parts differs from one summary: %v vs %v", trial, merged.Quantile(q), all.Quantile(q))
			}
		}
	}
}

func TestDurationsOddInput(t *testing.T) {
	var d Durations
	for _, v := range []float64{math.NaN(), -5, math.Inf(1), 1e300, 1e-300} {
		d.Add(v)
	}
	for i := 0; i < ExactDurations; i++ {
		d.Add(math.Inf(1))
	}
	_ = d.Quantile(0.5)
	_ = d.Quantile(math.NaN())
	if d.Len() != int64(5+ExactDurations) {
		t.Fatalf("Len = %d", d.Len())
	}
}

func TestVariantKeyRoundTrip(t *testing.T) {
	for _, acts := range [][]string{nil, {""}, {"a"}, {"a", "b"}, {"ab"}, {"a\x00b", "", "c"}} {
		k := VariantKey(acts...)
		if got := SplitVariant(k); !slices.Equal(got, acts) && !(len(got) == 0 && len(acts) == 0) {
			t.Fatalf("%q -> %q", acts, got)
		}
	}
	if VariantKey("a", "b") == VariantKey("ab") {
		t.Fatal("keys collide")
	}
	_ = SplitVariant("\xff\xff\xff")
}

// TestAddNanosIsAdd checks the whole-second path of addNanos against Add:
// the same values, exact or in a sketch, whatever mix of whole seconds,
// fractions, zeros, negatives and durations beyond the whole-second tables.
func TestAddNanosIsAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	var cache bucketCache
	for round := range 50 {
		var a, b Durations
		for range rng.IntN(3000) {
			var ns int64
			switch rng.IntN(6) {
			case 0, 1, 2:
				ns = int64(rng.IntN(wholeSeconds+10)) * 1e9
			case 3:
				ns = rng.Int64N(1e15)
			case 4:
				ns = -rng.Int64N(1e12)
			default:
				ns = int64(rng.IntN(1000))
			}
			a.Add(float64(ns) / 1e9)
			b.addNanos(ns, &cache)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("round %d: addNanos gave %+v, Add %+v", round, b, a)
		}
	}
}
