package eventlog

import (
	"bytes"
	"fmt"
	"math"
	"runtime"
	"unicode/utf8"
	"unsafe"

	"github.com/journeymap/journeymap/journey"
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

// setAt sets the value at i, adding blocks up to it: the values between
// stay zero.
func (c *column[T]) setAt(i int32, v T) {
	for int(i>>blockBits) >= len(c.blocks) {
		c.blocks = append(c.blocks, make([]T, 1<<blockBits))
	}
	c.blocks[i>>blockBits][i&(1<<blockBits-1)] = v
	c.n = max(c.n, int(i)+1)
}

// get returns the value at i, zero beyond what was set.
func (c *column[T]) get(i int32) T {
	if k := int(i >> blockBits); k < len(c.blocks) {
		return c.blocks[k][i&(1<<blockBits-1)]
	}
	var zero T
	return zero
}

// chunkLen is how many events a chunk holds.
const chunkLen = 6

// chunk holds up to chunkLen events of one case, in file order: their
// times, their activities and the case's next chunk, in 64 bytes, one
// cache line (the chunk blocks are page-aligned). A case's events are a
// list of chunks from its first event to its last: following a case takes
// one read of memory for six events, where a list of single events took
// one for each, a likely cache miss in a time-ordered export, where the
// events of a case lie far apart. The empty places of a case's last chunk
// cost about 20 bytes a case, as much as a link per event would.
type chunk struct {
	t    [chunkLen]int64  // Unix nanoseconds
	a    [chunkLen]uint16 // activity index + 1; 0: no event here
	next int32            // the case's next chunk + 1; 0: none
}

// chunkBits sets the size of the chunk blocks: 4Ki chunks, 256 KB.
const chunkBits = 12

// maxChunks bounds the chunks, so that a chunk's index fits caseSlot.cur.
// A variable only so that a test can reach it.
var maxChunks int32 = 1 << (32 - curChunkShift)

// A caseSlot's cur tells where the case's next event goes: the chunk
// (cur >> curChunkShift) and how many events it holds (cur & curFill).
// curSeg is set once the case has its segment, so that the collector
// looks at the case's caseInfo only then; curDisordered once an event of
// the case came earlier in time than the one before it.
const (
	curFill       = 7
	curSeg        = 8
	curDisordered = 16
	curChunkShift = 5
)

// caseInfo is what the collector keeps of a case, by its index: its first
// chunk and its segment (-1: none yet).
type caseInfo struct{ head, seg int32 }

// collector holds the events of a log while it is read: each case's events
// in a list of chunks (about 14 bytes an event), plus touchpoint and value
// columns when the log has them, by the event's place in the chunks.
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

	chunks  [][]chunk // in blocks of 1<<chunkBits
	nChunks int32
	etp     column[int32]   // by event place; empty unless some event has a touchpoint
	evalu   column[float64] // by event place; empty unless some event has a value

	ends       []int64 // by activity: the time-ordered cases whose last event it is
	disordered []int32 // the cases with an event earlier than the one before it

	actCache  [256]uint16 // activity index+1 by actSlot; 0: look in acts
	lastSlot  *caseSlot   // the case of the previous event
	lastCaseB []byte
	maxActs   int
	raw       rawEvent
}

// chunk returns chunk k.
func (c *collector) chunk(k int32) *chunk {
	return &c.chunks[k>>chunkBits][k&(1<<chunkBits-1)]
}

// newChunk returns the index of a new, empty chunk.
func (c *collector) newChunk() int32 {
	k := c.nChunks
	if int(k>>chunkBits) == len(c.chunks) {
		c.chunks = append(c.chunks, make([]chunk, 1<<chunkBits))
	}
	c.nChunks++
	return k
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
		maxActs: maxActs,
	}
}

func (c *collector) n() int64 { return c.stats.Events }

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
	// The checks of the row come before its activity and case are added, so
	// that a bad row leaves no case or activity without events behind.
	var tp int32
	if len(e.tpB) > 0 {
		var msg string
		if tp, msg = internName(c.tps, &c.tpNames, "touchpoint", e.tpB); msg != "" {
			return &Problem{File: c.file, Row: e.row, Column: c.stats.Columns.Touchpoint, Code: CodeBadName, Message: msg}
		}
	}
	if e.value != 0 && (math.IsNaN(e.value) || math.IsInf(e.value, 0)) {
		return &Problem{File: c.file, Row: e.row, Column: c.stats.Columns.Value, Code: CodeBadValue,
			Message: fmt.Sprintf("the value %v is not a finite number", e.value)}
	}
	act, ok := c.activity(e.actB)
	if !ok {
		if msg := badName("activity", e.actB); msg != "" {
			return &Problem{File: c.file, Row: e.row, Column: c.stats.Columns.Activity, Code: CodeBadName, Message: msg}
		}
		if len(c.actNames) >= c.maxActs {
			return &Problem{File: c.file, Row: e.row, Column: c.stats.Columns.Activity, Code: CodeTooManyActivities,
				Message: fmt.Sprintf("more than %d distinct activities (at %s): the activity column looks like an ID; name the activity column with --activity, or raise the limit", c.maxActs, quote(string(e.actB)))}
		}
		name := string(e.actB)
		act = uint16(len(c.actNames))
		c.acts[name] = act
		c.actNames = append(c.actNames, name)
		c.ends = append(c.ends, 0)
		c.actCache[actSlot(e.actB)] = act + 1
	}
	sl := c.lastSlot
	if sl == nil || !bytes.Equal(e.caseB, c.lastCaseB) {
		var ok bool
		if sl, ok = c.cases.find(e.caseB); !ok {
			if (c.opts.MaxCases > 0 && int64(c.cinfo.n) >= c.opts.MaxCases) || len(c.cases.arena)+len(e.caseB) > math.MaxUint32 || c.cinfo.n == math.MaxInt32 {
				return &Problem{File: c.file, Row: e.row, Code: CodeTooManyCases,
					Message: fmt.Sprintf("more than %d cases (the limit)", max(c.opts.MaxCases, int64(c.cinfo.n)))}
			}
			if c.nChunks == maxChunks {
				return c.tooManyEvents(e.row)
			}
			if msg := badName("segment", e.segB); msg != "" {
				return &Problem{File: c.file, Row: e.row, Column: c.stats.Columns.Segment, Code: CodeBadName, Message: msg}
			}
			sl = c.cases.insert(e.caseB)
			head := c.newChunk()
			sl.cur = uint32(head) << curChunkShift
			c.cinfo.add(caseInfo{head: head, seg: -1})
		}
		c.lastSlot = sl
		c.lastCaseB = append(c.lastCaseB[:0], e.caseB...)
	}
	if sl.cur&curSeg == 0 && len(e.segB) > 0 {
		seg, msg := internName(c.segs, &c.segNames, "segment", e.segB)
		if msg != "" { // a case with events already: only the row is left out
			return &Problem{File: c.file, Row: e.row, Column: c.stats.Columns.Segment, Code: CodeBadName, Message: msg}
		}
		c.cinfo.ref(sl.idx).seg = seg
		sl.cur |= curSeg
	}
	k, fill := int32(sl.cur>>curChunkShift), sl.cur&curFill
	ch := c.chunk(k)
	// The case's last event so far is its last by time while its events
	// come in time order (file order breaks ties): count ends as they move,
	// and leave a case that goes back in time to mostFrequentEnd.
	switch {
	case fill == 0: // the case's first event
		c.ends[act]++
	case sl.cur&curDisordered == 0:
		last := ch.a[fill-1] - 1
		c.ends[last]--
		if e.ns >= ch.t[fill-1] {
			c.ends[act]++
		} else {
			sl.cur |= curDisordered
			c.disordered = append(c.disordered, sl.idx)
		}
	}
	if fill == chunkLen {
		if c.nChunks == maxChunks {
			return c.tooManyEvents(e.row)
		}
		next := c.newChunk()
		ch.next = next + 1
		k, fill = next, 0
		ch = c.chunk(k)
	}
	ch.t[fill] = e.ns
	ch.a[fill] = act + 1
	sl.cur = uint32(k)<<curChunkShift | sl.cur&(curSeg|curDisordered) | (fill + 1)
	place := k*chunkLen + int32(fill)
	if tp != 0 {
		c.etp.setAt(place, tp)
	}
	if e.value != 0 {
		c.evalu.setAt(place, e.value)
	}
	c.stats.Events++
	return nil
}

// dropCases lets go of the case IDs once the log is read: nothing after
// needs them. With many cases it also asks the runtime to collect them now
// (a millisecond or two: the events hold no pointers for it to follow), so
// that the aggregation reuses their memory instead of growing the heap;
// this keeps the peak of a million-event log about 5 MB lower.
func (c *collector) dropCases() {
	many := c.cases.Len() >= manyCases
	c.cases, c.lastSlot = nil, nil
	if many {
		runtime.GC()
	}
}

// manyCases is how many cases make dropCases collect.
const manyCases = 1 << 16

// tooManyEvents is the problem of a log with more events than the chunks
// can hold.
func (c *collector) tooManyEvents(row int64) error {
	return &Problem{File: c.file, Row: row, Code: CodeTooManyRows,
		Message: fmt.Sprintf("more than %d events, more than one mining holds", c.stats.Events)}
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

// internName is internBytes for a name the journey will hold (a segment
// or touchpoint): a new one must be a good name (see badName), else the
// message says why not.
func internName(m map[string]int32, names *[]string, what string, b []byte) (int32, string) {
	if k, ok := m[string(b)]; ok {
		return k, ""
	}
	if msg := badName(what, b); msg != "" {
		return 0, msg
	}
	return internBytes(m, names, b), ""
}

// badName says why b cannot name an activity, segment or touchpoint of a
// journey: it is not UTF-8 (a journey is text, and invalid bytes would
// all read back as U+FFFD, making different names one), or it is longer
// than a journey's strings may be (journey.DefaultMaxStringLen). It
// returns "" for a good name.
func badName(what string, b []byte) string {
	switch {
	case len(b) > journey.DefaultMaxStringLen:
		return fmt.Sprintf("the %s is %d bytes long, more than a journey's %d", what, len(b), journey.DefaultMaxStringLen)
	case !utf8.Valid(b):
		return fmt.Sprintf("the %s %s is not UTF-8: is the file in another encoding? Convert it (iconv -f latin1 -t utf-8, or the encoding it is in)", what, quote(string(b)))
	}
	return ""
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
