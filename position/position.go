// Package position records where the values of a file stand in it, so that
// a problem found long after reading can still name the line and column of
// the value it is about.
//
// A Record travels with the value it belongs to: each struct of a journey
// read from a file (the journey, each persona, touchpoint, stage, step,
// barrier, transition, ...) holds its own Record in a field named Position.
// Delete a step, reorder the steps, copy one into another journey, or copy
// the whole journey by value, and every position still points at the right
// line. A value built in Go has the zero Record, which knows no positions.
//
// Records are small and are all that reading keeps of a file: a few bytes
// per field, packed into shared blocks of memory, not the file's bytes.
// Copying one value out of a large journey keeps its block (tens of
// kilobytes) alive, not the whole journey's positions.
//
// The package holds plain data and uses only the standard library, so that
// the persona and touchpoint packages can carry records too. The journey
// package writes and reads them; users rarely need more than IsZero, File
// and At.
package position

import (
	"encoding/binary"
)

// Record says where a value read from a file stands in it (At), and where
// its parts do: the values of its fields, the elements of its lists of
// plain values, the entries of its mappings. Parts are named by small
// numbers the writer of the record chooses (the journey package numbers the
// keys of each struct). The zero Record knows nothing.
//
// A Record is immutable and safe to copy and to share between goroutines.
type Record struct {
	b    *block
	off  uint32
	size uint32
}

// block holds the packed records of one file, many records a block.
type block struct {
	file string
	data []byte
}

// IsZero reports whether r knows no position: the value was not read from a
// file.
func (r Record) IsZero() bool { return r.b == nil }

// File returns the name of the file the value was read from, "" if unknown.
func (r Record) File() string {
	if r.b == nil {
		return ""
	}
	return r.b.file
}

// At returns the line and column (1-based) where the value starts: for a
// mapping, its first key, or its '{' in flow style and JSON. Both are 0 for
// the zero Record.
func (r Record) At() (line, col int) {
	if r.b == nil {
		return 0, 0
	}
	d := r.bytes()
	l, n := binary.Uvarint(d)
	c, _ := binary.Uvarint(d[n:])
	return int(l), int(c)
}

func (r Record) bytes() []byte { return r.b.data[r.off : r.off+r.size] }

// The kinds of parts.
const (
	kindField = iota // the value of a field
	kindElem         // an element of a list of plain values
	kindKey          // the value of a mapping's entry
	kindLen          // the length of a list, as read (no position)
)

// part is one decoded part of a record.
type part struct {
	kind, id  int
	index     int    // of an element; the length for kindLen
	key       []byte // of a mapping entry
	line, col int
}

// each calls f on each part of r in the order written, until f returns false.
func (r Record) each(f func(p *part) bool) {
	if r.b == nil {
		return
	}
	d := r.bytes()
	uv := func() int {
		v, n := binary.Uvarint(d)
		if n <= 0 {
			d = nil
			return 0
		}
		d = d[n:]
		return int(v)
	}
	sv := func() int {
		v, n := binary.Varint(d)
		if n <= 0 {
			d = nil
			return 0
		}
		d = d[n:]
		return int(v)
	}
	var p part
	p.line = uv()
	p.col = uv()
	for len(d) > 0 {
		tag := uv()
		p.kind, p.id = tag&3, tag>>2
		p.key = nil
		switch p.kind {
		case kindLen:
			p.index = uv()
			if !f(&p) {
				return
			}
			continue
		case kindElem:
			p.index = uv()
		case kindKey:
			n := uv()
			if n > len(d) {
				return
			}
			p.key, d = d[:n], d[n:]
		}
		dl := sv()
		if dl == 0 {
			p.col += sv()
		} else {
			p.line += dl
			p.col = uv()
		}
		if d == nil || !f(&p) {
			return
		}
	}
}

// Field returns where the value of field id stands, and whether r knows.
func (r Record) Field(id int) (line, col int, ok bool) {
	r.each(func(p *part) bool {
		if p.kind == kindField && p.id == id {
			line, col, ok = p.line, p.col, true
			return false
		}
		return true
	})
	return line, col, ok
}

// Elem returns where element i of the list in field id stands, and whether
// r knows: it does not if the list held fewer elements, or if n, the
// list's length now, differs from its length as read (elements were added
// or removed, so that i may name another element). Pass n < 0 to skip that
// check.
func (r Record) Elem(id, i, n int) (line, col int, ok bool) {
	lenOK := n < 0
	r.each(func(p *part) bool {
		switch {
		case p.kind == kindLen && p.id == id:
			lenOK = lenOK || p.index == n
		case p.kind == kindElem && p.id == id && p.index == i && !ok:
			line, col, ok = p.line, p.col, true
		}
		return true
	})
	if !lenOK {
		return 0, 0, false
	}
	return line, col, ok
}

// Key returns where the value of the entry key of the mapping in field id
// stands, and whether r knows.
func (r Record) Key(id int, key string) (line, col int, ok bool) {
	r.each(func(p *part) bool {
		if p.kind == kindKey && p.id == id && string(p.key) == key {
			line, col, ok = p.line, p.col, true
			return false
		}
		return true
	})
	return line, col, ok
}

// blockSize is the size of the blocks records are packed into: large enough
// that a file's records take few allocations, small enough that a value
// copied out of a large journey keeps little else alive.
const blockSize = 32 << 10

// Writer packs the records of one file. Records nest (a step's barriers are
// recorded while the step is): Begin starts a record inside the one being
// written, and End finishes the innermost. The zero Writer is not usable;
// a Writer is not safe for concurrent use.
type Writer struct {
	file    string
	cur     *block
	scratch []byte
	open    []frame
}

// frame is a record being written: where its bytes start in scratch, and
// the line and column of its last part, which the next is written against.
type frame struct {
	start     int
	line, col int
}

// NewWriter returns a Writer for the records of the named file ("" if
// unnamed).
func NewWriter(file string) *Writer { return &Writer{file: file} }

// Begin starts a record for a value at line and col.
func (w *Writer) Begin(line, col int) {
	w.open = append(w.open, frame{start: len(w.scratch), line: line, col: col})
	w.scratch = binary.AppendUvarint(w.scratch, uint64(max(line, 0)))
	w.scratch = binary.AppendUvarint(w.scratch, uint64(max(col, 0)))
}

// Depth returns how many records are open.
func (w *Writer) Depth() int { return len(w.open) }

func (w *Writer) pos(line, col int) {
	f := &w.open[len(w.open)-1]
	line, col = max(line, 0), max(col, 0)
	if line == f.line {
		w.scratch = binary.AppendVarint(w.scratch, 0)
		w.scratch = binary.AppendVarint(w.scratch, int64(col-f.col))
	} else {
		w.scratch = binary.AppendVarint(w.scratch, int64(line-f.line))
		w.scratch = binary.AppendUvarint(w.scratch, uint64(col))
	}
	f.line, f.col = line, col
}

func (w *Writer) tag(kind, id int) {
	w.scratch = binary.AppendUvarint(w.scratch, uint64(id)<<2|uint64(kind))
}

// Field records that the value of field id of the open record stands at
// line and col.
func (w *Writer) Field(id, line, col int) {
	if len(w.open) == 0 {
		return
	}
	w.tag(kindField, id)
	w.pos(line, col)
}

// Elem records that element i of the list in field id stands at line and
// col.
func (w *Writer) Elem(id, i, line, col int) {
	if len(w.open) == 0 {
		return
	}
	w.tag(kindElem, id)
	w.scratch = binary.AppendUvarint(w.scratch, uint64(i))
	w.pos(line, col)
}

// Len records that the list in field id held n elements.
func (w *Writer) Len(id, n int) {
	if len(w.open) == 0 {
		return
	}
	w.tag(kindLen, id)
	w.scratch = binary.AppendUvarint(w.scratch, uint64(n))
}

// Key records that the value of the entry key of the mapping in field id
// stands at line and col.
func (w *Writer) Key(id int, key string, line, col int) {
	if len(w.open) == 0 {
		return
	}
	w.tag(kindKey, id)
	w.scratch = binary.AppendUvarint(w.scratch, uint64(len(key)))
	w.scratch = append(w.scratch, key...)
	w.pos(line, col)
}

// End finishes the innermost open record and returns it; with no record
// open it returns the zero Record.
func (w *Writer) End() Record {
	if len(w.open) == 0 {
		return Record{}
	}
	f := w.open[len(w.open)-1]
	w.open = w.open[:len(w.open)-1]
	rec := w.scratch[f.start:]
	w.scratch = w.scratch[:f.start]
	if w.cur == nil || len(w.cur.data)+len(rec) > cap(w.cur.data) {
		w.cur = &block{file: w.file, data: make([]byte, 0, max(blockSize, len(rec)))}
	}
	off := len(w.cur.data)
	w.cur.data = append(w.cur.data, rec...)
	return Record{b: w.cur, off: uint32(off), size: uint32(len(rec))}
}
