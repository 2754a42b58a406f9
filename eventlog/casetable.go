package eventlog

import (
	"bytes"
	"hash/maphash"
)

// caseTable maps case IDs to dense indices 0, 1, 2, … in the order they are
// first seen. It holds the IDs' bytes in one arena and probes an
// open-addressing table of indices, so that a case costs about 16 bytes
// beyond its ID, where a map[string]int32 costs a string header, an
// allocation and the map's own overhead (40 to 50 bytes).
type caseTable struct {
	seed  maphash.Seed
	arena []byte
	ends  []uint32 // ends[i] is where case i's ID ends in arena
	slots []int32  // index+1 of the case in each slot; 0 is empty
	mask  uint64
}

func newCaseTable() *caseTable {
	return &caseTable{seed: maphash.MakeSeed(), slots: make([]int32, 1024), mask: 1023}
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

// find returns the index of the case with ID b, and whether it exists; when
// not, the slot where it belongs.
func (t *caseTable) find(b []byte) (idx int32, slot uint64, ok bool) {
	h := maphash.Bytes(t.seed, b)
	for s := h & t.mask; ; s = (s + 1) & t.mask {
		v := t.slots[s]
		if v == 0 {
			return -1, s, false
		}
		if bytes.Equal(t.key(v-1), b) {
			return v - 1, s, true
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
	if uint64(len(t.ends)+1)*4 > uint64(len(t.slots))*3 {
		t.grow()
	}
	_, s, _ := t.find(b)
	t.arena = append(t.arena, b...)
	t.ends = append(t.ends, uint32(len(t.arena)))
	i := int32(len(t.ends) - 1)
	t.slots[s] = i + 1
	return i
}

// grow doubles the slots and places every case again.
func (t *caseTable) grow() {
	t.slots = make([]int32, 2*len(t.slots))
	t.mask = uint64(len(t.slots) - 1)
	for i := range t.ends {
		h := maphash.Bytes(t.seed, t.key(int32(i)))
		s := h & t.mask
		for t.slots[s] != 0 {
			s = (s + 1) & t.mask
		}
		t.slots[s] = int32(i) + 1
	}
}
