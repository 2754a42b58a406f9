package eventlog

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"
)

// rawEvent is an event as a reader of this package hands it to the
// collector: bytes valid until the next read, so that no string is made for
// a case or activity already seen.
type rawEvent struct {
	row         int64
	caseB, actB []byte
	segB, tpB   []byte
	ns          int64 // Unix nanoseconds
	value       float64
}

// rawReader is implemented by the readers that can hand out rawEvents.
type rawReader interface {
	readRaw(e *rawEvent) error
}

// maxStoredActivities bounds MaxActivities: activities are stored in 16 bits.
const maxStoredActivities = 1<<16 - 1

// blockBits sets the size of the column blocks: 64Ki events.
const blockBits = 16

// column is a growable column of values in fixed blocks, so that growing
// it never copies what it holds nor leaves old arrays behind.
type column[T any] struct {
	blocks [][]T
	n      int
}

func (c *column[T]) add(v T) {
	k := c.n >> blockBits
	if k == len(c.blocks) {
		c.blocks = append(c.blocks, make([]T, 1<<blockBits))
	}
	c.blocks[k][c.n&(1<<blockBits-1)] = v
	c.n++
}

func (c *column[T]) at(i int32) T { return c.blocks[i>>blockBits][i&(1<<blockBits-1)] }

func (c *column[T]) ref(i int32) *T { return &c.blocks[i>>blockBits][i&(1<<blockBits-1)] }

// evRec is one stored event, 14 bytes: its time (Unix nanoseconds), the
// previous event of its case (-1 starts the chain) and its activity,
// little-endian. One record instead of three columns: following a case's
// chain then touches one place in memory per event, not three. The link
// points back so that adding an event writes only the new record: a link
// forward would write into the case's last event, far back in a
// time-ordered export, a cache miss per event.
type evRec [14]byte

func newEvRec(ns int64, act uint16, prev int32) evRec {
	var r evRec
	binary.LittleEndian.PutUint64(r[0:8], uint64(ns))
	binary.LittleEndian.PutUint32(r[8:12], uint32(prev))
	binary.LittleEndian.PutUint16(r[12:14], act)
	return r
}

func (r *evRec) time() int64 { return int64(binary.LittleEndian.Uint64(r[0:8])) }
func (r *evRec) prev() int32 { return int32(binary.LittleEndian.Uint32(r[8:12])) }
func (r *evRec) act() uint16 { return binary.LittleEndian.Uint16(r[12:14]) }

// caseInfo is what the collector keeps of a case, together so that an
// event's case is one read of memory: its last event and its segment (-1:
// none yet).
type caseInfo struct{ tail, seg int32 }

// collector holds the events of a log while it is read: a record of the
// activity (2 bytes), the time (8) and the previous event of the same case (4),
// 14 bytes an event, plus touchpoint and value columns when the log has
// them. Each case's events form a chain in file order from head to tail.
type collector struct {
	opts  Options
	file  string
	stats ReadStats

	cases    *caseTable
	cinfo    column[caseInfo] // per case
	acts     map[string]uint16
	actNames []string
	segs     map[string]int32
	segNames []string
	tps      map[string]int32
	tpNames  []string

	ev    column[evRec]
	etp   column[int32]   // empty unless some event has a touchpoint
	evalu column[float64] // empty unless some event has a value

	actCache  [256]uint16 // activity index+1 by actSlot; 0: look in acts
	lastCase  int32       // the case of the previous event
	lastCaseB []byte
	maxActs   int
	raw       rawEvent
}

func newCollector(opts Options) *collector {
	maxActs := opts.MaxActivities
	if maxActs <= 0 {
		maxActs = DefaultMaxActivities
	}
	maxActs = min(maxActs, maxStoredActivities)
	return &collector{
		opts: opts, file: opts.Read.File, stats: ReadStats{File: opts.Read.File},
		cases: newCaseTable(), acts: map[string]uint16{}, segs: map[string]int32{"": 0},
		segNames: []string{""}, tps: map[string]int32{"": 0}, tpNames: []string{""},
		lastCase: -1, maxActs: maxActs,
	}
}

func (c *collector) n() int { return c.ev.n }

// bytesOf views a string's bytes without copying; they must not be changed.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// add stores one event from a Reader.
func (c *collector) add(e Event) error {
	switch {
	case blank(bytesOf(e.Case)):
		return rowError(e.Row, "", CodeMissingCase, "the event has no case")
	case blank(bytesOf(e.Activity)):
		return rowError(e.Row, "", CodeMissingActivity, "the event has no activity")
	case e.Time.IsZero():
		return rowError(e.Row, "", CodeMissingTime, "the event has no time")
	}
	r := &c.raw
	*r = rawEvent{row: e.Row, caseB: bytesOf(e.Case), actB: bytesOf(e.Activity), segB: bytesOf(e.Segment),
		tpB: bytesOf(e.Touchpoint), ns: e.Time.UnixNano(), value: e.Value}
	return c.addRaw(r)
}

// addRaw stores one event.
func (c *collector) addRaw(e *rawEvent) error {
	act, ok := c.activity(e.actB)
	if !ok {
		if len(c.actNames) >= c.maxActs {
			return &Problem{File: c.file, Row: e.row, Column: c.stats.Columns.Activity, Code: CodeTooManyActivities,
				Message: fmt.Sprintf("more than %d distinct activities (at %s): the activity column looks like an ID; name the activity column with --activity, or raise the limit", c.maxActs, quote(string(e.actB)))}
		}
		name := string(e.actB)
		act = uint16(len(c.actNames))
		c.acts[name] = act
		c.actNames = append(c.actNames, name)
		c.actCache[actSlot(e.actB)] = act + 1
	}
	cs := c.lastCase
	if cs < 0 || !bytes.Equal(e.caseB, c.lastCaseB) {
		var ok bool
		if cs, ok = c.cases.get(e.caseB); !ok {
			if (c.opts.MaxCases > 0 && int64(c.cinfo.n) >= c.opts.MaxCases) || len(c.cases.arena)+len(e.caseB) > math.MaxUint32 || c.cinfo.n == math.MaxInt32 {
				return &Problem{File: c.file, Row: e.row, Code: CodeTooManyCases,
					Message: fmt.Sprintf("more than %d cases (the limit)", max(c.opts.MaxCases, int64(c.cinfo.n)))}
			}
			cs = c.cases.add(e.caseB)
			c.cinfo.add(caseInfo{tail: -1, seg: -1})
		}
		c.lastCase = cs
		c.lastCaseB = append(c.lastCaseB[:0], e.caseB...)
	}
	ci := c.cinfo.ref(cs)
	if ci.seg < 0 && len(e.segB) > 0 {
		ci.seg = internBytes(c.segs, &c.segNames, e.segB)
	}
	i := int32(c.ev.n)
	if len(e.tpB) > 0 && c.etp.n == 0 {
		for c.etp.n < int(i) {
			c.etp.add(0)
		}
	}
	if c.etp.n > 0 || len(e.tpB) > 0 {
		c.etp.add(internBytes(c.tps, &c.tpNames, e.tpB))
	}
	if e.value != 0 && c.evalu.n == 0 {
		for c.evalu.n < int(i) {
			c.evalu.add(0)
		}
	}
	if c.evalu.n > 0 || e.value != 0 {
		c.evalu.add(e.value)
	}
	c.ev.add(newEvRec(e.ns, act, ci.tail))
	ci.tail = i
	c.stats.Events++
	return nil
}

// activity returns the index of the activity named b, trying the
// direct-mapped actCache before the map: a log has few activities, and the
// cache's one comparison costs less than hashing the name.
func (c *collector) activity(b []byte) (uint16, bool) {
	k := actSlot(b)
	if a := c.actCache[k]; a > 0 && string(b) == c.actNames[a-1] {
		return a - 1, true
	}
	a, ok := c.acts[string(b)]
	if ok {
		c.actCache[k] = a + 1
	}
	return a, ok
}

// actSlot is a cheap hash of an activity's name into actCache.
func actSlot(b []byte) uint8 {
	n := len(b)
	if n == 0 {
		return 0
	}
	return uint8(n*31) ^ b[0]*7 ^ b[n-1]*13 ^ b[n/2]*3
}

func internBytes(m map[string]int32, names *[]string, b []byte) int32 {
	if k, ok := m[string(b)]; ok {
		return k
	}
	s := string(b)
	k := int32(len(*names))
	m[s] = k
	*names = append(*names, s)
	return k
}
