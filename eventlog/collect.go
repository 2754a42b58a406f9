package eventlog

import (
	"fmt"
	"strings"
)

// collector holds the events of a log in columns of small integers while it
// is read: 16 bytes an event (case, activity, time), plus the touchpoint
// and value columns when the log has them.
type collector struct {
	opts  Options
	file  string
	stats ReadStats

	cases    map[string]int32
	caseSeg  []int32 // per case: its segment (-1: none yet)
	caseN    []int32 // per case: its events
	acts     map[string]int32
	actNames []string
	segs     map[string]int32
	segNames []string
	tps      map[string]int32
	tpNames  []string

	ecase []int32
	eact  []int32
	etime []int64
	etp   []int32   // nil unless some event has a touchpoint
	evalu []float64 // nil unless some event has a value

	grouped  bool  // every case's events are contiguous so far
	lastCase int32 // the case of the previous event
	maxActs  int
}

func newCollector(opts Options) *collector {
	maxActs := opts.MaxActivities
	if maxActs <= 0 {
		maxActs = DefaultMaxActivities
	}
	return &collector{
		opts: opts, file: opts.Read.File, stats: ReadStats{File: opts.Read.File},
		cases: map[string]int32{}, acts: map[string]int32{}, segs: map[string]int32{"": 0},
		segNames: []string{""}, tps: map[string]int32{"": 0}, tpNames: []string{""},
		grouped: true, lastCase: -1, maxActs: maxActs,
	}
}

func (c *collector) n() int { return len(c.eact) }

// add stores one event.
func (c *collector) add(e Event) error {
	switch {
	case strings.TrimSpace(e.Case) == "":
		return rowError(e.Row, "", CodeMissingCase, "the event has no case")
	case strings.TrimSpace(e.Activity) == "":
		return rowError(e.Row, "", CodeMissingActivity, "the event has no activity")
	case e.Time.IsZero():
		return rowError(e.Row, "", CodeMissingTime, "the event has no time")
	}
	act, ok := c.acts[e.Activity]
	if !ok {
		if len(c.actNames) >= c.maxActs {
			return &Problem{File: c.file, Row: e.Row, Column: c.stats.Columns.Activity, Code: CodeTooManyActivities,
				Message: fmt.Sprintf("more than %d distinct activities (at %s): the activity column looks like an ID; name the activity column with --activity, or raise the limit", c.maxActs, quote(e.Activity))}
		}
		act = int32(len(c.actNames))
		c.acts[e.Activity] = act
		c.actNames = append(c.actNames, e.Activity)
	}
	cs, ok := c.cases[e.Case]
	if !ok {
		if c.opts.MaxCases > 0 && int64(len(c.caseN)) >= c.opts.MaxCases {
			return &Problem{File: c.file, Row: e.Row, Code: CodeTooManyCases,
				Message: fmt.Sprintf("more than %d cases (the limit)", c.opts.MaxCases)}
		}
		cs = int32(len(c.caseN))
		c.cases[e.Case] = cs
		c.caseN = append(c.caseN, 0)
		c.caseSeg = append(c.caseSeg, -1)
	} else if cs != c.lastCase {
		c.grouped = false
	}
	c.lastCase = cs
	c.caseN[cs]++
	if e.Segment != "" && c.caseSeg[cs] < 0 {
		c.caseSeg[cs] = intern(c.segs, &c.segNames, e.Segment)
	}
	if e.Touchpoint != "" && c.etp == nil {
		c.etp = make([]int32, len(c.eact), cap(c.eact))
	}
	if c.etp != nil {
		c.etp = append(c.etp, intern(c.tps, &c.tpNames, e.Touchpoint))
	}
	if e.Value != 0 && c.evalu == nil {
		c.evalu = make([]float64, len(c.eact), cap(c.eact))
	}
	if c.evalu != nil {
		c.evalu = append(c.evalu, e.Value)
	}
	c.ecase = append(c.ecase, cs)
	c.eact = append(c.eact, act)
	c.etime = append(c.etime, e.Time.UnixNano())
	c.stats.Events++
	return nil
}

func intern(m map[string]int32, names *[]string, s string) int32 {
	if k, ok := m[s]; ok {
		return k
	}
	k := int32(len(*names))
	m[s] = k
	*names = append(*names, s)
	return k
}
