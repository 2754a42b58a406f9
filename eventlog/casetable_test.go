package eventlog

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestCaseTableAgainstMap checks the case table against a map on random
// IDs: short ones held in their slot (1 to 7 bytes, including zero bytes
// and high bytes), long ones held by hash, and the empty ID, through
// several growths.
func TestCaseTableAgainstMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 4 {
		tab := newCaseTable()
		want := map[string]int32{}
		var order []string
		for range 20000 {
			var id string
			switch rng.IntN(4) {
			case 0: // an ID seen before
				if len(order) > 0 {
					id = order[rng.IntN(len(order))]
				}
			case 1: // a short ID of random bytes
				b := make([]byte, rng.IntN(8))
				for i := range b {
					b[i] = byte(rng.IntN(256))
				}
				id = string(b)
			case 2: // a long ID
				id = "customer-" + strconv.Itoa(rng.IntN(50000))
			default: // 7 or 8 bytes: either side of the slot's limit
				id = strconv.Itoa(10000000 + rng.IntN(90000000))[:7+rng.IntN(2)]
			}
			got, ok := tab.get([]byte(id))
			w, wok := want[id]
			if ok != wok || (ok && got != w) {
				t.Fatalf("round %d: get(%q) = %d, %v; want %d, %v", round, id, got, ok, w, wok)
			}
			if !ok {
				i := tab.add([]byte(id))
				if i != int32(len(order)) {
					t.Fatalf("add(%q) = %d, want %d", id, i, len(order))
				}
				want[id] = i
				order = append(order, id)
			}
		}
		if tab.Len() != len(order) {
			t.Fatalf("Len = %d, want %d", tab.Len(), len(order))
		}
		for i, id := range order {
			if string(tab.key(int32(i))) != id {
				t.Fatalf("key(%d) = %q, want %q", i, tab.key(int32(i)), id)
			}
		}
	}
}

// TestBucketCacheIsBucketOf checks the bucket cache against bucketOf on
// whole seconds, fractions, huge values and values that collide in its
// direct-mapped part.
func TestBucketCacheIsBucketOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var c bucketCache
	check := func(v float64) {
		t.Helper()
		if got, want := c.of(v), bucketOf(v); got != want {
			t.Fatalf("of(%v) = %d, bucketOf = %d", v, got, want)
		}
	}
	for range 200000 {
		switch rng.IntN(5) {
		case 0:
			check(float64(1 + rng.IntN(wholeSeconds+100)))
		case 1:
			check(rng.Float64() * 100)
		case 2:
			check(math.Exp(rng.Float64()*80 - 20))
		case 3:
			check(float64(rng.Int64N(1e12)) / 1e9)
		default:
			check(float64(1+rng.IntN(300)) + 0.5)
		}
	}
	check(math.MaxFloat64)
	check(math.SmallestNonzeroFloat64)
	check(wholeSeconds - 1)
	check(wholeSeconds)
}

// TestEvRec checks the packed event record's fields round trip.
func TestEvRec(t *testing.T) {
	for _, c := range []struct {
		ns   int64
		act  uint16
		prev int32
	}{{0, 0, -1}, {-1, 65535, 0}, {math.MaxInt64, 1, math.MaxInt32}, {math.MinInt64, 2, 7}, {1767225600e9, 23, -1}} {
		r := newEvRec(c.ns, c.act, c.prev)
		if r.time() != c.ns || r.act() != c.act || r.prev() != c.prev {
			t.Fatalf("%+v: got %d %d %d", c, r.time(), r.act(), r.prev())
		}
	}
}
