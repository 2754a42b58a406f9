package eventlog

import (
	"bytes"
	"hash/maphash"
)

// caseTable maps case IDs to dense indices 0, 1, 2, … in the order they are
// first seen. It holds the IDs longer than 7 bytes in one arena and probes an
// open-addressing table of slots, so that a case costs about 35 bytes
// beyond its ID, where a map[string]int32 costs a string header, an
// allocation and the map's own overhead (40 to 50 bytes) before any value.
// A slot holds a word that stands for the ID: the ID itself when it has 1
// to 7 bytes (most do), else a hash of it; the case's index; and a word of
// the collector's (where the case's next event goes). A short ID is thus
// found, and its event placed, with one read of memory, where reading it
// from the arena would take two more (its bounds, its bytes), each a likely
// cache miss when the cases of a time-ordered export take turns.
type caseTable struct {
	seed  maphash.Seed
	mix   uint64         // seeds the slot placement of words
	arena []byte         // the IDs of 0 or 8+ bytes, whose words are hashes
	ends  column[uint32] // where case i's ID ends in arena (a short ID adds nothing)
	slots []caseSlot
	mask  uint64
}

// caseSlot is one slot of a caseTable, 16 bytes: four to a cache line.
type caseSlot struct {
	word uint64 // the word of the ID here; 0: the slot is empty
	idx  int32  // the index of the case here
	cur  uint32 // the collector's: see collector.place
}

// longWord marks the words that are hashes of IDs of 0 or 8+ bytes. No
// word is 0: a short ID's has its length in the top byte.
const longWord = 1 << 63

func newCaseTable() *caseTable {
	seed := maphash.MakeSeed()
	return &caseTable{seed: seed, mix: maphash.Bytes(seed, []byte("slots")), slots: make([]caseSlot, 1024), mask: 1023}
}

// Len returns the number of cases.
func (t *caseTable) Len() int { return t.ends.n }

// key returns the ID of case i if the arena holds it: an ID of 0 or 8+
// bytes. (A shorter one is its slot's word.)
func (t *caseTable) key(i int32) []byte {
	start := uint32(0)
	if i > 0 {
		start = t.ends.at(i - 1)
	}
	return t.arena[start:t.ends.at(i)]
}

// word returns the slot word of ID b: its bytes and length when it has 1 to
// 7 bytes (equal words, equal IDs), else its hash with longWord set.
func (t *caseTable) word(b []byte) uint64 {
	if n := len(b); n > 0 && n < 8 {
		w := uint64(n) << 56
		for i, c := range b {
			w |= uint64(c) << (8 * i)
		}
		return w
	}
	return maphash.Bytes(t.seed, b) | longWord
}

// place returns the first slot to probe for a word.
func (t *caseTable) place(w uint64) uint64 {
	h := (w ^ t.mix) * 0x9E3779B97F4A7C15
	return (h ^ h>>29) & t.mask
}

// find returns the slot of the case with ID b, and whether it is there;
// when not, the empty slot where it belongs.
func (t *caseTable) find(b []byte) (*caseSlot, bool) {
	w := t.word(b)
	for s := t.place(w); ; s = (s + 1) & t.mask {
		sl := &t.slots[s]
		if sl.word == 0 {
			return sl, false
		}
		if sl.word == w && (w&longWord == 0 || bytes.Equal(t.key(sl.idx), b)) {
			return sl, true
		}
	}
}

// get returns the index of the case with ID b, if there is one.
func (t *caseTable) get(b []byte) (int32, bool) {
	sl, ok := t.find(b)
	return sl.idx, ok
}

// add adds the case with ID b, which must not be in the table, and returns
// its index.
func (t *caseTable) add(b []byte) int32 { return t.insert(b).idx }

// insert adds the case with ID b, which must not be in the table, and
// returns its slot, valid until the next insert.
func (t *caseTable) insert(b []byte) *caseSlot {
	if uint64(t.ends.n+1)*4 > uint64(len(t.slots))*3 {
		t.grow()
	}
	sl, _ := t.find(b)
	w := t.word(b)
	if w&longWord != 0 {
		t.arena = append(t.arena, b...)
	}
	t.ends.add(uint32(len(t.arena)))
	*sl = caseSlot{word: w, idx: int32(t.ends.n - 1)}
	return sl
}

// grow doubles the slots and places every case again, from its word.
func (t *caseTable) grow() {
	old := t.slots
	t.slots = make([]caseSlot, 2*len(old))
	t.mask = uint64(len(t.slots) - 1)
	for _, sl := range old {
		if sl.word == 0 {
			continue
		}
		s := t.place(sl.word)
		for t.slots[s].word != 0 {
			s = (s + 1) & t.mask
		}
		t.slots[s] = sl
	}
}
