package eventlog

import (
	"bytes"
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

func (c *column[T]) set(i int32, v T) { c.blocks[i>>blockBits][i&(1<<blockBits-1)] = v }

// collector holds the events of a log while it is read, in columns: the
// activity (2 bytes), the time (8) and the next event of the same case (4),
// 14 bytes an event, plus the touchpoint and value columns when the log has
// them. Each case's events form a chain in file order from head to tail.
type collector struct {
	opts  Options
	file  string
	stats ReadStats

	cases    *caseTable
	head     []int32 // per case: its first event
	tail     []int32 // per case: its last event
	caseSeg  []int32 // per case: its segment (-1: none yet)
	acts     map[string]uint16
	actNames []string
	segs     map[string]int32
	segNames []string
	tps      map[string]int32
	tpNames  []string

	eact  column[uint16]
	etime column[int64]
	enext column[int32]   // -1 ends a chain
	etp   column[int32]   // empty unless some event has a touchpoint
	evalu column[float64] // empty unless some event has a value

	lastCase  int32 // the case of the previous event
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

func (c *collector) n() int { return c.eact.n }

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
	act, ok := c.acts[string(e.actB)]
	if !ok {
		if len(c.actNames) >= c.maxActs {
			return &Problem{File: c.file, Row: e.row, Column: c.stats.Columns.Activity, Code: CodeTooManyActivities,
				Message: fmt.Sprintf("more than %d distinct activities (at %s): the activity column looks like an ID; name the activity column with --activity, or raise the limit", c.maxActs, quote(string(e.actB)))}
		}
		name := string(e.actB)
		act = uint16(len(c.actNames))
		c.acts[name] = act
		c.actNames = append(c.actNames, name)
	}
	cs := c.lastCase
	if cs < 0 || !bytes.Equal(e.caseB, c.lastCaseB) {
		var ok bool
		if cs, ok = c.cases.get(e.caseB); !ok {
			if (c.opts.MaxCases > 0 && int64(len(c.head)) >= c.opts.MaxCases) || len(c.cases.arena)+len(e.caseB) > math.MaxUint32 || len(c.head) == math.MaxInt32 {
				return &Problem{File: c.file, Row: e.row, Code: CodeTooManyCases,
					Message: fmt.Sprintf("more than %d cases (the limit)", max(c.opts.MaxCases, int64(len(c.head))))}
			}
			cs = c.cases.add(e.caseB)
			c.head = append(c.head, -1)
			c.tail = append(c.tail, -1)
			c.caseSeg = append(c.caseSeg, -1)
		}
		c.lastCase = cs
		c.lastCaseB = append(c.lastCaseB[:0], e.caseB...)
	}
	if c.caseSeg[cs] < 0 && len(e.segB) > 0 {
		c.caseSeg[cs] = internBytes(c.segs, &c.segNames, e.segB)
	}
	i := int32(c.eact.n)
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
	c.eact.add(act)
	c.etime.add(e.ns)
	c.enext.add(-1)
	if t := c.tail[cs]; t >= 0 {
		c.enext.set(t, i)
	} else {
		c.head[cs] = i
	}
	c.tail[cs] = i
	c.stats.Events++
	return nil
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
