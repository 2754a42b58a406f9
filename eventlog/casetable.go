package eventlog

import (
	"bytes"
	"hash/maphash"
)

// caseTable maps case IDs to dense indices 0, 1, 2, … in the order they are
// first seen. It holds the IDs' bytes in one arena and probes an
// open-addressing table of slots, so that a case costs about 25 bytes
// beyond its ID, where a map[string]int32 costs a string header, an
// allocation and the map's own overhead (40 to 50 bytes). A slot holds a
// word that stands for the ID: the ID itself when it has 1 to 7 bytes (most
// do), else a hash of it. A short ID is thus found with one read of memory,
// where reading it from the arena would take two more (its bounds, its
// bytes), each a likely cache miss when the cases of a time-ordered export
// take turns.
type caseTable struct {
	seed  maphash.Seed
	mix   uint64 // seeds the slot placement of words
	arena []byte
	ends  []uint32 // ends[i] is where case i's ID ends in arena
	words []uint64 // per slot: the word of the ID there; 0 is empty
	idxs  []int32  // per slot: the index of the case there
	mask  uint64
}

// longWord marks the words that are hashes of IDs of 0 or 8+ bytes. No
// word is 0: a short ID's has its length in the top byte.
const longWord = 1 << 63

func newCaseTable() *caseTable {
	seed := maphash.MakeSeed()
	return &caseTable{seed: seed, mix: maphash.Bytes(seed, []byte("slots")), words: make([]uint64, 1024), idxs: make([]int32, 1024), mask: 1023}
}

// Len returns the number of cases.
func (t *caseTable) Len() int { return len(t.ends) }

func (t *caseTable) key(i int32) []byte {
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.arena[start:t.ends[i]]
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

// find returns the index of the case with ID b, and whether it exists; when
// not, the slot where it belongs.
func (t *caseTable) find(b []byte) (idx int32, slot uint64, ok bool) {
	w := t.word(b)
	for s := t.place(w); ; s = (s + 1) & t.mask {
		v := t.words[s]
		if v == 0 {
			return -1, s, false
		}
		if v == w {
			if i := t.idxs[s]; w&longWord == 0 || bytes.Equal(t.key(i), b) {
				return i, s, true
			}
		}
	}
}

// get returns the index of the case with ID b, if there is one.
func (t *caseTable) get(b []byte) (int32, bool) {
	i, _, ok := t.find(b)
	return i, ok
}

// add adds the case with ID b, which must not be in the table, and returns
// its index.
func (t *caseTable) add(b []byte) int32 {
	if uint64(len(t.ends)+1)*4 > uint64(len(t.words))*3 {
		t.grow()
	}
	_, s, _ := t.find(b)
	t.arena = append(t.arena, b...)
	t.ends = append(t.ends, uint32(len(t.arena)))
	i := int32(len(t.ends) - 1)
	t.words[s], t.idxs[s] = t.word(b), i
	return i
}

// grow doubles the slots and places every case again, from its word.
func (t *caseTable) grow() {
	words, idxs := t.words, t.idxs
	t.words, t.idxs = make([]uint64, 2*len(words)), make([]int32, 2*len(words))
	t.mask = uint64(len(t.words) - 1)
	for k, v := range words {
		if v == 0 {
			continue
		}
		s := t.place(v)
		for t.words[s] != 0 {
			s = (s + 1) & t.mask
		}
		t.words[s], t.idxs[s] = v, idxs[k]
	}
}
