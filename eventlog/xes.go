package eventlog

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// XESReader reads events from an XES log (IEEE 1849): each <trace> is a
// case, named by its concept:name; each <event> in it an event, with its
// activity in concept:name and its time in time:timestamp. A column named
// "case:KEY" is the trace's attribute KEY. The activity and the time are
// the event's own attributes: an event without them is a missing-activity
// or missing-time row problem, never given the trace's concept:name or
// time:timestamp (as pm4py reads XES). The case, segment, touchpoint and
// value columns, when not named "case:KEY", are looked up among the
// event's attributes, then the trace's, so that a trace attribute such as
// segment gives its case's segment. Log-level attributes and <global>
// declarations are not read: an attribute an event lacks takes no
// default. It streams one trace at a time. Rows are the lines events
// start on.
type XESReader struct {
	dec   *xml.Decoder
	opts  ReadOptions
	cols  Columns
	tp    timeParser
	queue []xesItem
	err   error
	log   bool // the <log> element has begun
}

type xesItem struct {
	e   Event
	err error
}

// xesEvent is an event's attributes before its trace is complete.
type xesEvent struct {
	row   int64
	attrs map[string]string
}

// NewXESReader returns a reader of the XES log in r.
func NewXESReader(r io.Reader, opts ReadOptions) (*XESReader, error) {
	cols := opts.Columns
	cols.Case = firstNonEmpty(cols.Case, DefaultCase[0])
	cols.Activity = firstNonEmpty(cols.Activity, DefaultActivity[0])
	cols.Time = firstNonEmpty(cols.Time, DefaultTime[0])
	cols.Segment = firstNonEmpty(cols.Segment, "segment")
	cols.Touchpoint = firstNonEmpty(cols.Touchpoint, "touchpoint")
	cols.Value = firstNonEmpty(cols.Value, "value")
	d := xml.NewDecoder(r)
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "us-ascii") {
			return input, nil
		}
		return nil, errors.New("unsupported encoding " + strconv.Quote(label) + ": save the log as UTF-8")
	}
	return &XESReader{dec: d, opts: opts, cols: cols}, nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Columns returns the attribute keys used for each role.
func (x *XESReader) Columns() Columns { return x.cols }

// TimeFormat names the detected time format.
func (x *XESReader) TimeFormat() string { return x.tp.format.String() }

func (x *XESReader) line() int64 {
	l, _ := x.dec.InputPos()
	return int64(l)
}

func (x *XESReader) malformed(err error) error {
	var p *Problem
	if errors.As(err, &p) {
		q := *p
		q.File, q.Row = x.opts.File, x.line()
		return &q
	}
	row := x.line()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		row = int64(se.Line)
	}
	msg := err.Error()
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		msg = "the XML ends before the log is closed"
	}
	return &Problem{File: x.opts.File, Row: row, Code: CodeBadXES, Message: strings.TrimPrefix(msg, "XML syntax error on line "+strconv.FormatInt(row, 10)+": ")}
}

// Read returns the next event.
func (x *XESReader) Read() (Event, error) {
	for len(x.queue) == 0 {
		if x.err != nil {
			return Event{}, x.err
		}
		if err := x.nextTrace(); err != nil {
			x.err = err
		}
	}
	it := x.queue[0]
	x.queue = x.queue[1:]
	return it.e, it.err
}

// nextTrace reads up to the end of the next trace and queues its events.
func (x *XESReader) nextTrace() error {
	for {
		tok, err := x.dec.Token()
		if err == io.EOF && !x.log {
			return &Problem{File: x.opts.File, Row: x.line(), Code: CodeBadXES, Message: "not an XES log: no <log> element"}
		}
		if err == io.EOF {
			return io.EOF
		}
		if err != nil {
			return x.malformed(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "log":
			x.log = true
		case "trace":
			return x.trace()
		case "event": // an event outside any trace has no case
			ev, err := x.event(x.line())
			if err != nil {
				return err
			}
			x.queue = append(x.queue, xesItem{err: &Problem{File: x.opts.File, Row: ev.row, Code: CodeMissingCase, Message: "the event is outside any trace"}})
			return nil
		default:
			if err := x.dec.Skip(); err != nil {
				return x.malformed(err)
			}
		}
	}
}

// attr returns the key and value of an attribute element.
func attr(se xml.StartElement) (key, value string) {
	for _, a := range se.Attr {
		switch a.Name.Local {
		case "key":
			key = a.Value
		case "value":
			value = a.Value
		}
	}
	return key, value
}

// trace reads a trace's attributes and events.
func (x *XESReader) trace() error {
	tattrs := map[string]string{}
	var events []xesEvent
	for {
		tok, err := x.dec.Token()
		if err != nil {
			return x.malformed(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "event" {
				ev, err := x.event(x.line())
				if err != nil {
					return err
				}
				events = append(events, ev)
				continue
			}
			k, v := attr(t)
			if _, seen := tattrs[k]; !seen && k != "" {
				tattrs[k] = v
			}
			if err := x.dec.Skip(); err != nil {
				return x.malformed(err)
			}
		case xml.EndElement:
			if t.Name.Local == "trace" {
				x.emit(tattrs, events)
				return nil
			}
		}
	}
}

// event reads an event's attributes.
func (x *XESReader) event(row int64) (xesEvent, error) {
	ev := xesEvent{row: row, attrs: map[string]string{}}
	for {
		tok, err := x.dec.Token()
		if err != nil {
			return ev, x.malformed(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			k, v := attr(t)
			if _, seen := ev.attrs[k]; !seen && k != "" {
				ev.attrs[k] = v
			}
			if err := x.dec.Skip(); err != nil {
				return ev, x.malformed(err)
			}
		case xml.EndElement:
			return ev, nil
		}
	}
}

// lookup finds a column's value: "case:KEY" in the trace, else the event's
// attribute, else the trace's.
func lookup(name string, ev, trace map[string]string) string {
	if k, ok := strings.CutPrefix(name, "case:"); ok {
		if v, ok := trace[k]; ok {
			return v
		}
		return ev[name]
	}
	if v, ok := ev[name]; ok {
		return v
	}
	return trace[name]
}

// lookupEvent finds the value of an event's own column (activity, time):
// "case:KEY" in the trace, as named, else the event's attribute only. An
// event does not inherit its trace's attributes: the trace's concept:name
// is its case, not its activity.
func lookupEvent(name string, ev, trace map[string]string) string {
	if k, ok := strings.CutPrefix(name, "case:"); ok {
		if v, ok := trace[k]; ok {
			return v
		}
	}
	return ev[name]
}

// emit queues a trace's events.
func (x *XESReader) emit(trace map[string]string, events []xesEvent) {
	for _, ev := range events {
		e, err := x.build(ev, trace)
		x.queue = append(x.queue, xesItem{e, err})
	}
}

func (x *XESReader) build(ev xesEvent, trace map[string]string) (Event, error) {
	e := Event{Row: ev.row}
	c := x.cols
	e.Case = lookup(c.Case, ev.attrs, trace)
	e.Activity = lookupEvent(c.Activity, ev.attrs, trace)
	ts := strings.TrimSpace(lookupEvent(c.Time, ev.attrs, trace))
	prob := func(col, code, msg string) error {
		return &Problem{File: x.opts.File, Row: ev.row, Column: col, Code: code, Message: msg}
	}
	switch {
	case strings.TrimSpace(e.Case) == "":
		return e, prob(c.Case, CodeMissingCase, "no case: the trace has no "+quote(strings.TrimPrefix(c.Case, "case:")))
	case strings.TrimSpace(e.Activity) == "":
		return e, prob(c.Activity, CodeMissingActivity, "no activity: the event has no "+quote(c.Activity))
	case ts == "":
		return e, prob(c.Time, CodeMissingTime, "no time: the event has no "+quote(c.Time))
	}
	ns, msg := x.parseTime([]byte(ts), ev.row)
	if msg != "" {
		return e, prob(c.Time, CodeBadTime, msg)
	}
	e.Time = unixTime(ns)
	e.Segment = strings.TrimSpace(lookup(c.Segment, ev.attrs, trace))
	e.Touchpoint = strings.TrimSpace(lookup(c.Touchpoint, ev.attrs, trace))
	if e.Touchpoint == "" && x.opts.Columns.Touchpoint == "" {
		e.Touchpoint = strings.TrimSpace(lookup("channel", ev.attrs, trace))
	}
	if v := strings.TrimSpace(lookup(c.Value, ev.attrs, trace)); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return e, prob(c.Value, CodeBadValue, "the value "+quote(v)+" is not a number")
		}
		e.Value = f
	}
	return e, nil
}

// parseTime reads an event's time. An XES date is an xs:dateTime, whose
// zone is optional value by value (without one it is taken as UTC), so ISO
// dates and times are read one by one and may mix forms; anything else (a
// Unix time in a string attribute) follows the one-format-per-column rule
// of the tables.
func (x *XESReader) parseTime(ts []byte, row int64) (int64, string) {
	if ns, _, _, ok := parseISO(ts); ok {
		if x.tp.format == tfNone {
			x.tp.format, x.tp.row = detectFormat(ts), row
		}
		return ns, ""
	}
	return x.tp.parse(ts, row)
}
