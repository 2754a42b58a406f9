package position_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/journeymap/journeymap/position"
)

// TestRecordsRandom writes random nested records and checks that every part
// reads back as written, against a plain list of what was written.
func TestRecordsRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	type want struct {
		kind      string
		id, i     int
		key       string
		line, col int
	}
	type rec struct {
		line, col int
		parts     []want
		lens      map[int]int
		got       position.Record
	}
	w := position.NewWriter("f.yaml")
	var all []*rec
	var write func(depth int) *rec
	write = func(depth int) *rec {
		x := &rec{line: r.IntN(1 << 20), col: r.IntN(1 << 24), lens: map[int]int{}}
		w.Begin(x.line, x.col)
		line, col := x.line, x.col
		for n := r.IntN(12); n > 0; n-- {
			if r.IntN(3) == 0 {
				line += r.IntN(3)
			} else {
				line = r.IntN(1 << 20)
			}
			if r.IntN(2) == 0 {
				col = max(0, col+r.IntN(50)-25) // near the last: small deltas
			} else {
				col = r.IntN(1 << 26)
			}
			id := r.IntN(40)
			switch r.IntN(5) {
			case 0:
				w.Field(id, line, col)
				x.parts = append(x.parts, want{"field", id, 0, "", line, col})
			case 1:
				if _, ok := x.lens[id]; !ok {
					n := r.IntN(5)
					x.lens[id] = n
					w.Len(id, n)
				}
				i := r.IntN(5)
				w.Elem(id, i, line, col)
				x.parts = append(x.parts, want{"elem", id, i, "", line, col})
			case 2:
				k := fmt.Sprint("k", r.IntN(1000), "é")
				w.Key(id, k, line, col)
				x.parts = append(x.parts, want{"key", id, 0, k, line, col})
			default:
				if depth < 4 {
					write(depth + 1)
				}
			}
		}
		x.got = w.End()
		all = append(all, x)
		return x
	}
	for i := 0; i < 2000; i++ {
		write(0)
	}
	if w.Depth() != 0 {
		t.Fatal("records left open")
	}
	for _, x := range all {
		if l, c := x.got.At(); l != x.line || c != x.col || x.got.File() != "f.yaml" {
			t.Fatalf("At = %d:%d in %q, want %d:%d", l, c, x.got.File(), x.line, x.col)
		}
		// The first part written of each kind and id is the one found.
		seen := map[string]bool{}
		for _, p := range x.parts {
			k := fmt.Sprint(p.kind, p.id, p.i, p.key)
			if seen[k] {
				continue
			}
			seen[k] = true
			var l, c int
			var ok bool
			switch p.kind {
			case "field":
				l, c, ok = x.got.Field(p.id)
			case "elem":
				l, c, ok = x.got.Elem(p.id, p.i, x.lens[p.id])
				if _, _, stale := x.got.Elem(p.id, p.i, x.lens[p.id]+1); stale {
					t.Fatal("Elem answers for a list whose length changed")
				}
			case "key":
				l, c, ok = x.got.Key(p.id, p.key)
			}
			if !ok || l != p.line || c != p.col {
				t.Fatalf("%+v: got %d:%d %v", p, l, c, ok)
			}
		}
		if _, _, ok := x.got.Field(99); ok {
			t.Fatal("found a field never written")
		}
	}
}

func TestZeroRecord(t *testing.T) {
	var r position.Record
	if !r.IsZero() || r.File() != "" {
		t.Fatal("zero record knows something")
	}
	if l, c := r.At(); l != 0 || c != 0 {
		t.Fatal("zero record has a place")
	}
	if _, _, ok := r.Field(0); ok {
		t.Fatal("zero record has a field")
	}
	if (&position.Writer{}).End() != r {
		t.Fatal("End with nothing open")
	}
}

func ExampleRecord() {
	w := position.NewWriter("sofa.yaml")
	w.Begin(12, 5)     // a step whose mapping starts at line 12, column 5
	w.Field(0, 12, 9)  // its field 0 (say, id) on the same line
	w.Field(3, 14, 14) // field 3 (say, emotion) two lines down
	rec := w.End()
	line, col, _ := rec.Field(3)
	fmt.Printf("%s:%d:%d\n", rec.File(), line, col)
	// Output: sofa.yaml:14:14
}
