package eventlog

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
)

// Touch is one event of a case as attribution sees it: its activity, its
// touchpoint (channel), if any, and its value.
type Touch struct {
	Activity   string
	Touchpoint string
	Value      float64
}

// CasePathOptions say how cases become attribution paths. Goals is required.
type CasePathOptions struct {
	// Goals are the activities that convert: a case converts at its first
	// event whose activity is one of them.
	Goals []string
	// Touchpoints makes the events' touchpoints the channels: events
	// without one are no touch. When false the activities are the
	// channels.
	Touchpoints bool
}

// CasePaths turns cases, each its events in time order, into attribution
// paths. A case's path is the channels of its events before its first goal
// event (all of its events if it never reaches a goal): the touchpoints with
// opts.Touchpoints, else the activities. A case that reaches a goal is one
// conversion, with the goal event's value; one that does not is one null.
// Events after the first goal event do not count. Cases with the same path
// are added up into one Path, in order of their first case.
//
// A case with no touch before its goal (or none at all) has no path: it is
// left out and counted in a CodeNoTouch warning. CasePaths returns a
// CodeMissingGoal problem when opts.Goals is empty.
func CasePaths(cases [][]Touch, opts CasePathOptions) ([]Path, Problems, error) {
	b, err := newPathBuilder(opts)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range cases {
		b.addCase(c)
	}
	return b.paths, b.warnings(""), nil
}

// pathBuilder adds cases up into distinct paths.
type pathBuilder struct {
	opts  CasePathOptions
	goal  map[string]bool
	ids   map[string]int32
	names []string
	index map[string]int
	key   []byte
	chans []int32
	paths []Path

	noTouch, noTouchConverted int64
}

func newPathBuilder(opts CasePathOptions) (*pathBuilder, error) {
	if len(opts.Goals) == 0 {
		return nil, Problems{{Code: CodeMissingGoal, Message: "no goal activity: say which activities convert (--goal)"}}
	}
	b := &pathBuilder{opts: opts, goal: make(map[string]bool), ids: make(map[string]int32), index: make(map[string]int)}
	for _, g := range opts.Goals {
		b.goal[g] = true
	}
	return b, nil
}

// addCase adds the path of one case, its events in time order.
func (b *pathBuilder) addCase(events []Touch) {
	b.chans = b.chans[:0]
	converted, value := false, 0.0
	for _, e := range events {
		if b.goal[e.Activity] {
			converted, value = true, e.Value
			break
		}
		ch := e.Activity
		if b.opts.Touchpoints {
			ch = e.Touchpoint
		}
		if ch == "" || blankChannel([]string{ch}) {
			continue
		}
		id, ok := b.ids[ch]
		if !ok {
			id = int32(len(b.names))
			b.ids[ch] = id
			b.names = append(b.names, ch)
		}
		b.chans = append(b.chans, id)
	}
	if len(b.chans) == 0 {
		b.noTouch++
		if converted {
			b.noTouchConverted++
		}
		return
	}
	b.key = b.key[:0]
	for _, c := range b.chans {
		b.key = binary.AppendUvarint(b.key, uint64(c))
	}
	i, ok := b.index[string(b.key)]
	if !ok {
		i = len(b.paths)
		b.index[string(b.key)] = i
		p := Path{Channels: make([]string, len(b.chans))}
		for k, c := range b.chans {
			p.Channels[k] = b.names[c]
		}
		b.paths = append(b.paths, p)
	}
	p := &b.paths[i]
	if converted {
		p.Conversions++
		p.Value += value
	} else {
		p.Nulls++
	}
}

// warnings returns the CodeNoTouch warning, if any case had no touch.
func (b *pathBuilder) warnings(file string) Problems {
	if b.noTouch == 0 {
		return nil
	}
	what := "activity"
	if b.opts.Touchpoints {
		what = "touchpoint"
	}
	return Problems{{File: file, Code: CodeNoTouch, Message: fmt.Sprintf("%d cases (%d of them converting) had no %s before their goal and are left out of the paths", b.noTouch, b.noTouchConverted, what)}}
}

// LogPathOptions configure ReadPaths.
type LogPathOptions struct {
	// Goals are the activities that convert (required).
	Goals []string
	// Touchpoints: see CasePathOptions. ReadPaths turns it on by itself
	// when r is Described and has a touchpoint column, or when any event
	// has a touchpoint.
	Touchpoints bool
	// SkipBadRows leaves out rows with problems instead of failing; they
	// are counted in a warning.
	SkipBadRows bool
	// MaxProblems caps the problems reported at once (default 100).
	MaxProblems int
}

// ReadPaths reads every event of r, groups the events by case, orders each
// case by time (file order breaking ties) and returns its attribution paths
// as CasePaths makes them, with warnings. Row problems of the reader are
// collected, up to MaxProblems, and returned together as Problems unless
// SkipBadRows is set; any other error of r ends the reading.
func ReadPaths(r Reader, opts LogPathOptions) ([]Path, Problems, error) {
	maxProbs := cmp.Or(opts.MaxProblems, DefaultMaxProblems)
	caseIdx := make(map[string]int32)
	type ev struct {
		t     int64
		row   int64
		touch Touch
	}
	var cases [][]ev
	var probs Problems
	var skipped int64
	anyTouchpoint := false
	for {
		e, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var p *Problem
			if errors.As(err, &p) && p.IsRow() {
				if opts.SkipBadRows {
					skipped++
					continue
				}
				if probs = append(probs, *p); len(probs) >= maxProbs {
					probs = append(probs, Problem{File: p.File, Code: CodeTooManyProblems, Message: fmt.Sprintf("stopped after %d problems", maxProbs)})
					return nil, nil, probs
				}
				continue
			}
			return nil, nil, err
		}
		i, ok := caseIdx[e.Case]
		if !ok {
			i = int32(len(cases))
			caseIdx[e.Case] = i
			cases = append(cases, nil)
		}
		anyTouchpoint = anyTouchpoint || e.Touchpoint != ""
		cases[i] = append(cases[i], ev{t: e.Time.UnixNano(), row: e.Row, touch: Touch{Activity: e.Activity, Touchpoint: e.Touchpoint, Value: e.Value}})
	}
	if len(probs) > 0 {
		return nil, nil, probs
	}
	touchpoints := opts.Touchpoints || anyTouchpoint
	if d, ok := r.(Described); ok && d.Columns().Touchpoint != "" {
		touchpoints = true
	}
	b, err := newPathBuilder(CasePathOptions{Goals: opts.Goals, Touchpoints: touchpoints})
	if err != nil {
		return nil, nil, err
	}
	var touches []Touch
	for _, c := range cases {
		slices.SortStableFunc(c, func(a, b ev) int { return cmp.Compare(a.t, b.t) })
		touches = touches[:0]
		for _, e := range c {
			touches = append(touches, e.touch)
		}
		b.addCase(touches)
	}
	ws := b.warnings("")
	if skipped > 0 {
		ws = append(ws, Problem{Code: CodeSkippedRows, Message: fmt.Sprintf("%d bad rows left out", skipped)})
	}
	return b.paths, ws, nil
}
