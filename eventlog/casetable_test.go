package eventlog

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"unsafe"
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
			if len(id) > 0 && len(id) < 8 {
				continue // held in its slot's word, not in the arena
			}
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

// TestWholeBucketIsBucketOf checks the whole-second tables against
// bucketOf on every whole second they cover.
func TestWholeBucketIsBucketOf(t *testing.T) {
	for s := uint32(1); s < wholeSeconds; s++ {
		got, ok := wholeBucket(s)
		if !ok {
			t.Fatal("the whole-second tables were not made: bucketOf decreases somewhere")
		}
		if want := bucketOf(float64(s)); got != want {
			t.Fatalf("wholeBucket(%d) = %d, bucketOf = %d", s, got, want)
		}
	}
}

// TestChunkIsACacheLine checks that a chunk fills one 64-byte cache line
// and that a block of chunks is a whole number of pages.
func TestChunkIsACacheLine(t *testing.T) {
	if n := unsafe.Sizeof(chunk{}); n != 64 {
		t.Fatalf("a chunk takes %d bytes, want 64", n)
	}
	if n := unsafe.Sizeof(chunk{}) << chunkBits; n%4096 != 0 {
		t.Fatalf("a block of chunks takes %d bytes, not whole pages", n)
	}
}

// TestCollectorKeepsEachCase checks, against a plain list per case, that
// the collector gives back every case's events in file order (before
// ordering them by time), with their touchpoints and values, when the
// cases take turns at random, some with one event, some filling many
// chunks, and touchpoints and values turn up only late in the log.
func TestCollectorKeepsEachCase(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 20 {
		type ev struct {
			act string
			ns  int64
			tp  string
			val float64
		}
		c := newCollector(Options{})
		want := map[string][]ev{}
		var order []string
		nCases := 1 + rng.IntN(300)
		for i := range 1 + rng.IntN(5000) {
			id := "case-" + strconv.Itoa(rng.IntN(nCases))
			if rng.IntN(4) == 0 && len(order) > 0 {
				id = order[len(order)-1] // the same case again
			}
			e := ev{act: "a" + strconv.Itoa(rng.IntN(9)), ns: int64(rng.IntN(1000)) * 1e9}
			if i > 2000 && rng.IntN(3) == 0 {
				e.tp = "tp" + strconv.Itoa(rng.IntN(3))
			}
			if round%2 == 0 && i > 1000 && rng.IntN(2) == 0 {
				e.val = float64(rng.IntN(100))
			}
			raw := rawEvent{row: int64(i + 2), caseB: []byte(id), actB: []byte(e.act), tpB: []byte(e.tp), ns: e.ns, value: e.val}
			if err := c.addRaw(&raw); err != nil {
				t.Fatal(err)
			}
			if _, ok := want[id]; !ok {
				order = append(order, id)
			}
			want[id] = append(want[id], e)
		}
		w := c.newWalker()
		bufs := make([]caseBuf, gatherBatch)
		for start := 0; start < c.cinfo.n; start += gatherBatch {
			end := min(start+gatherBatch, c.cinfo.n)
			cases := c.cinfo.blocks[0][start:end]
			w.gather(cases, bufs)
			for j := range cases {
				b, evs := bufs[j], want[order[start+j]]
				if len(b.act) != len(evs) || len(b.tim) != len(evs) {
					t.Fatalf("round %d, case %s: %d events back, want %d", round, order[start+j], len(b.act), len(evs))
				}
				for i, e := range evs {
					tp := ""
					if len(b.tp) > 0 {
						tp = c.tpNames[b.tp[i]]
					}
					val := 0.0
					if len(b.val) > 0 {
						val = b.val[i]
					}
					if c.actNames[b.act[i]] != e.act || b.tim[i] != e.ns || tp != e.tp || val != e.val {
						t.Fatalf("round %d, case %s, event %d: got %s %d %q %v, want %+v", round, order[start+j], i,
							c.actNames[b.act[i]], b.tim[i], tp, val, e)
					}
				}
			}
		}
	}
}

// TestSplitPlainIsSplit checks splitPlain against bytes.Split on random
// lines of separators, quotes and other bytes (high ones too), of every
// length around the eight-byte words it reads.
func TestSplitPlainIsSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	alphabet := []byte{',', ';', '\t', '|', '"', 'a', ' ', 0x80, 0xFF, 0, '\r'}
	for range 100000 {
		line := make([]byte, rng.IntN(40))
		for i := range line {
			line[i] = alphabet[rng.IntN(len(alphabet))]
		}
		comma := []byte{',', ';', '\t', '|'}[rng.IntN(4)]
		got, ok := splitPlain(line, comma, nil)
		if wantOK := bytes.IndexByte(line, '"') < 0; ok != wantOK {
			t.Fatalf("splitPlain(%q) ok = %v, want %v", line, ok, wantOK)
		}
		if !ok {
			continue
		}
		want := bytes.Split(line, []byte{comma})
		if len(got) != len(want) {
			t.Fatalf("splitPlain(%q, %q) = %v, want %q", line, comma, got, want)
		}
		for i := range want {
			if !bytes.Equal(line[got[i].lo:got[i].hi], want[i]) {
				t.Fatalf("splitPlain(%q, %q) = %v, want %q", line, comma, got, want)
			}
		}
	}
}
