package eventlog

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
)

// JSONLReader reads events from JSON Lines: one JSON object per line, whose
// keys are the columns. Values may be strings, numbers or booleans; a
// number in the time column is a Unix time. A number names the same case,
// activity, segment or touchpoint however it is written (1, 1.0, 1e0 and
// 10e-1 are all case 1), while a string is taken as written ("1.0" is not
// "1"). Blank lines are skipped.
//
// Objects need not all have the same keys. Each role's key is resolved on
// the first object that has a key for it (the name given in
// ReadOptions.Columns, else the first of the default names the object
// has) and used from then on: the objects before it have no value for the
// role, which for the segment, touchpoint and value is all. For the case,
// activity and time it makes the objects before the key is found row
// problems (missing-case, missing-activity, missing-time); these, and the
// bad lines among them, are held back until the case, activity and time
// keys are all found, then given out in file order. When the file ends
// with one of the three never found, or a segment, touchpoint or value
// key named in ReadOptions.Columns that no object has, the log is the file
// problem missing-column (naming the role and listing the keys seen), and
// the held problems are dropped. Objects in a row that lack the same key
// are held as one run; past 65,536 held problems and runs, they are given
// out as they come, naming the keys looked for. Columns says the keys
// found.
//
// An object that has one of the found keys twice ({"activity": "a",
// "activity": "b"}, escapes decoded) is a bad-json row problem naming the
// key: which value is meant is a guess. Other keys may repeat.
type JSONLReader struct {
	br      *bufio.Reader
	opts    ReadOptions
	line    int64
	long    []byte
	keys    [6]string   // resolved key per role ("" for none yet)
	cand    [6][]string // the keys looked for per role: the name given, else the defaults
	cols    Columns
	present int  // how many of the found keys the last object has
	objSeen bool // an object has been read
	ready   bool // the case, activity and time keys are resolved
	open    int  // roles whose key is not resolved yet
	// collect: a role may yet be missing-column, so keys are noted in
	// seen; resolved: collect, ready and cols are set.
	collect, resolved bool
	// held: the problems of the lines read before ready; flushing: there
	// were too many to hold, so they are given out before ready.
	held     []jsonlHeld
	flushing bool
	// next: the result of the line that made the reader ready, given out
	// after the held problems.
	next    Event
	nextErr error
	hasNext bool
	seen    map[string]bool // keys seen while a role may end up missing-column
	tp      timeParser
	err     error
}

// jsonlHeld is a held back problem: a run of n objects on consecutive
// lines from row that lack the key of role, or (role -1) the problem p.
type jsonlHeld struct {
	row, n int64
	role   int
	p      *Problem
}

const (
	// maxSeenKeys caps the keys kept to list in a missing-column problem.
	maxSeenKeys = 100
	// maxHeld caps the problems held back before the case, activity and
	// time keys are found (runs of lines count as one): beyond it they
	// are given out as they come, naming the keys looked for.
	maxHeld = 1 << 16
)

// NewJSONLReader returns a reader of the JSON Lines log in r.
func NewJSONLReader(r io.Reader, opts ReadOptions) (*JSONLReader, error) {
	return &JSONLReader{br: bufio.NewReaderSize(r, 1<<20), opts: opts, open: len(roleNames)}, nil
}

// Columns returns the keys used for each role: those found so far, all of
// them once the log is read ("" for a role no object has a key for).
func (j *JSONLReader) Columns() Columns { return j.cols }

// TimeFormat names the detected time format.
func (j *JSONLReader) TimeFormat() string { return j.tp.format.String() }

func (j *JSONLReader) readLine() ([]byte, error) {
	line, err := j.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		j.long = append(j.long[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = j.br.ReadSlice('\n')
			j.long = append(j.long, line...)
		}
		line = j.long
	}
	if err != nil && err != io.EOF {
		var p *Problem
		if errors.As(err, &p) {
			q := *p
			q.File, q.Row = j.opts.File, j.line+1
			return nil, &q
		}
		return nil, &Problem{File: j.opts.File, Row: j.line + 1, Code: CodeReadError, Message: err.Error()}
	}
	if len(line) == 0 && err == io.EOF {
		return nil, io.EOF
	}
	j.line++
	return line, nil
}

// Read returns the next event.
func (j *JSONLReader) Read() (Event, error) {
	for {
		if len(j.held) > 0 && (j.ready || j.flushing) {
			return j.unhold()
		}
		if j.hasNext {
			e, err := j.next, j.nextErr
			j.next, j.nextErr, j.hasNext = Event{}, nil, false
			return e, err
		}
		if j.err != nil {
			return Event{}, j.err
		}
		line, err := j.readLine()
		if err == io.EOF && j.objSeen {
			if ps := j.unresolved(); ps != nil {
				err = ps
			}
		}
		if err != nil {
			j.err, j.held, j.seen = err, nil, nil
			return Event{}, err
		}
		line = bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")))
		if len(line) == 0 {
			continue
		}
		if !j.objSeen && line[0] == '[' {
			// pandas' to_json(orient="records") and many APIs write one
			// array; every line of it would be bad-json.
			j.err = &Problem{File: j.opts.File, Row: j.line, Code: CodeUnknownFormat,
				Message: `the log is a JSON array, not JSON Lines (one object a line): write it with to_json(orient="records", lines=True) or jq -c '.[]'`}
			return Event{}, j.err
		}
		var obj map[string]any
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil || obj == nil || dec.More() {
			msg := "the line is not one JSON object"
			if err != nil {
				msg += ": " + err.Error()
			}
			p := &Problem{File: j.opts.File, Row: j.line, Code: CodeBadJSON, Message: msg}
			if j.objSeen && !j.ready && !j.flushing {
				j.hold(p)
				continue
			}
			return Event{Row: j.line}, p
		}
		j.objSeen = true
		if j.open > 0 && !j.ready {
			j.resolve(obj)
		}
		e, err := j.event(obj, j.line)
		// Once the case, activity and time are found, only an object with
		// keys besides the found ones may have a key for another role.
		if j.open > 0 && j.ready && len(obj) > j.present && j.resolve(obj) {
			e, err = j.event(obj, j.line)
		}
		if k := j.duplicateKey(line, obj); k != "" {
			e, err = Event{Row: j.line}, &Problem{File: j.opts.File, Row: j.line, Column: k, Code: CodeBadJSON,
				Message: "the key " + quote(k) + " appears more than once in the object: which value is meant is a guess"}
		}
		var p *Problem
		if !j.ready && !j.flushing && errors.As(err, &p) {
			// (Without the case, activity or time key no object is an
			// event.)
			j.hold(p)
			continue
		}
		if len(j.held) > 0 {
			j.next, j.nextErr, j.hasNext = e, err, true
			continue
		}
		return e, err
	}
}

// roleNames names the roles for problems, in resolve's order.
var roleNames = [6]string{"case", "activity", "time", "segment", "touchpoint", "value"}

// candidates returns the name given for a role, or else its default names.
func (j *JSONLReader) candidates(role int) (given string, defaults []string) {
	c := j.opts.Columns
	switch role {
	case roleCase:
		return c.Case, DefaultCase
	case roleActivity:
		return c.Activity, DefaultActivity
	case roleTime:
		return c.Time, DefaultTime
	case roleSegment:
		return c.Segment, DefaultSegment
	case roleTouchpoint:
		return c.Touchpoint, DefaultTouchpoint
	}
	return c.Value, DefaultValue
}

// resolve picks the keys of the roles not resolved yet that obj has a key
// for, and notes obj's keys while a role may end up missing-column. It
// reports whether it found a key.
func (j *JSONLReader) resolve(obj map[string]any) bool {
	changed := false
	if !j.resolved {
		for r := range j.cand {
			given, defaults := j.candidates(r)
			if j.cand[r] = defaults; given != "" {
				j.cand[r] = []string{given}
			}
		}
	}
	for r := range j.keys {
		if j.keys[r] != "" {
			continue
		}
		for _, k := range j.cand[r] {
			if _, ok := obj[k]; ok {
				j.keys[r], changed = k, true
				j.open--
				break
			}
		}
	}
	if changed || !j.resolved {
		j.resolved = true
		j.cols = Columns{Case: j.keys[roleCase], Activity: j.keys[roleActivity], Time: j.keys[roleTime],
			Segment: j.keys[roleSegment], Touchpoint: j.keys[roleTouchpoint], Value: j.keys[roleValue]}
		j.ready = j.keys[roleCase] != "" && j.keys[roleActivity] != "" && j.keys[roleTime] != ""
		if j.collect = j.mayMiss(); !j.collect {
			j.seen = nil
		}
	}
	if !j.collect || len(j.seen) >= maxSeenKeys {
		return changed
	}
	if j.seen == nil {
		j.seen = map[string]bool{}
	}
	for k := range obj {
		if len(j.seen) >= maxSeenKeys {
			break
		}
		j.seen[k] = true
	}
	return changed
}

// mayMiss reports whether a role may yet be missing-column: the case,
// activity or time, or a role named in the options, not resolved yet.
func (j *JSONLReader) mayMiss() bool {
	for r, k := range j.keys {
		if given, _ := j.candidates(r); k == "" && (r <= roleTime || given != "") {
			return true
		}
	}
	return false
}

// unresolved returns, at the end of the file, the missing-column problems
// of the roles no object had a key for: the case, activity and time, and
// the roles named in the options; nil if there are none.
func (j *JSONLReader) unresolved() Problems {
	var ps Problems
	var seen []string
	for k := range j.seen {
		seen = append(seen, k)
	}
	slices.Sort(seen)
	keys := listColumns(seen)
	for r, k := range j.keys {
		given, defaults := j.candidates(r)
		switch {
		case k != "":
		case given != "":
			ps = append(ps, Problem{File: j.opts.File, Column: given, Code: CodeMissingColumn,
				Message: "no key " + quote(given) + " for the " + roleNames[r] + " in any object (keys seen: " + keys + ")"})
		case r <= roleTime:
			ps = append(ps, Problem{File: j.opts.File, Column: defaults[0], Code: CodeMissingColumn,
				Message: "no " + roleNames[r] + " key in any object: looked for " + quoteAll(defaults) + "; name it with --" + roleNames[r] + " (keys seen: " + keys + ")"})
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// hold keeps the problem of a line read before the case, activity and
// time keys are all resolved: in a run of objects lacking a role's key
// (their problem names the key once it is found), or as it is.
func (j *JSONLReader) hold(p *Problem) {
	role := -1
	for r, code := range [3]string{CodeMissingCase, CodeMissingActivity, CodeMissingTime} {
		if p.Code == code && j.keys[r] == "" {
			role = r
		}
	}
	switch n := len(j.held); {
	case role < 0:
		j.held = append(j.held, jsonlHeld{role: -1, p: p})
	case n > 0 && j.held[n-1].role == role && j.held[n-1].row+j.held[n-1].n == p.Row:
		j.held[n-1].n++
	default:
		j.held = append(j.held, jsonlHeld{row: p.Row, n: 1, role: role})
	}
	j.flushing = len(j.held) >= maxHeld
}

// unhold returns the first held problem.
func (j *JSONLReader) unhold() (Event, error) {
	h := &j.held[0]
	if h.role < 0 {
		p := h.p
		j.dropHeld()
		return Event{Row: p.Row}, p
	}
	row, role := h.row, h.role
	h.row++
	if h.n--; h.n == 0 {
		j.dropHeld()
	}
	return Event{Row: row}, j.missing(role, row)
}

func (j *JSONLReader) dropHeld() {
	j.held[0] = jsonlHeld{}
	j.held = j.held[1:]
	if len(j.held) == 0 {
		j.held = nil
	}
}

// missing is the problem of an object without a value for role: it names
// the role's key, or while none is found, the keys looked for.
func (j *JSONLReader) missing(role int, row int64) *Problem {
	code := [3]string{CodeMissingCase, CodeMissingActivity, CodeMissingTime}[role]
	if k := j.keys[role]; k != "" {
		return &Problem{File: j.opts.File, Row: row, Column: k, Code: code, Message: "no " + roleNames[role] + " in " + quote(k)}
	}
	msg := "no " + roleNames[role] + ": the object has no " + quote(j.cand[role][0])
	if len(j.cand[role]) > 1 {
		msg = "no " + roleNames[role] + ": the object has none of " + quoteAll(j.cand[role])
	}
	return &Problem{File: j.opts.File, Row: row, Column: j.cand[role][0], Code: code, Message: msg}
}

// duplicateKey returns a resolved role's key that the object in line has
// more than once, or "". A count of the top-level members, cheap next to
// decoding, tells whether any key repeats; only then are the keys read
// one by one (as decoded, escapes and all).
func (j *JSONLReader) duplicateKey(line []byte, obj map[string]any) string {
	if topLevelMembers(line) <= len(obj) {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return ""
	}
	var count [6]int
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return ""
		}
		k, _ := t.(string)
		for r, rk := range j.keys {
			if rk != "" && rk == k {
				if count[r]++; count[r] > 1 {
					return k
				}
			}
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return ""
		}
	}
	return ""
}

// topLevelMembers counts the members of the JSON object line, which has
// been decoded: the colons outside strings at depth 1.
func topLevelMembers(line []byte) int {
	depth, n := 0, 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"':
			for i++; i < len(line) && line[i] != '"'; i++ {
				if line[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return n
			}
		case ':':
			if depth == 1 {
				n++
			}
		}
	}
	return n
}

// text returns a JSON value as text, or false for an object or array.
func text(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", true
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

// canonicalNumber writes the JSON number s in one form for each value, so
// that numbers that are equal name the same thing, and a time in exponent
// form (1.7041032e12, as some encoders write Unix milliseconds) reaches
// the time parser as the plain digits it reads: an integer as plain
// digits (1.0, 1e0 and 10e-1 are 1; -0 is 0), a number with a fraction as
// plain digits with a point and no trailing zeros (2.50 is 2.5), and a
// number whose plain digits would run past 40 as digits and an exponent
// (1e400 is 1e400). The digits are the literal's, never rounded through a
// float: 12345678901234567891 stays itself. A text that is not a JSON
// number is returned as it is.
func canonicalNumber(s string) string {
	t := s
	neg := strings.HasPrefix(t, "-")
	if neg {
		t = t[1:]
	}
	mant, exp := t, 0
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		e, err := strconv.Atoi(strings.TrimPrefix(t[i+1:], "+"))
		if err != nil || e > 1<<20 || e < -1<<20 {
			return s
		}
		mant, exp = t[:i], e
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	if intPart == "" || strings.Trim(intPart, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return s
	}
	// value = digits × 10^exp, digits without leading or trailing zeros
	digits := strings.TrimLeft(intPart+frac, "0")
	exp -= len(frac)
	if digits == "" {
		return "0"
	}
	trimmed := strings.TrimRight(digits, "0")
	exp += len(digits) - len(trimmed)
	digits = trimmed
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	switch {
	case exp >= 0 && len(digits)+exp <= 40:
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", exp))
	case exp < 0 && -exp < len(digits):
		b.WriteString(digits[:len(digits)+exp])
		b.WriteByte('.')
		b.WriteString(digits[len(digits)+exp:])
	case exp < 0 && -exp-len(digits) <= 40:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -exp-len(digits)))
		b.WriteString(digits)
	default:
		b.WriteString(digits)
		b.WriteByte('e')
		b.WriteString(strconv.Itoa(exp))
	}
	return b.String()
}

func (j *JSONLReader) event(obj map[string]any, row int64) (Event, error) {
	e := Event{Row: row}
	vals := [6]string{}
	j.present = 0
	for r, k := range j.keys {
		if k == "" {
			continue
		}
		v, has := obj[k]
		if has {
			j.present++
		}
		s, ok := text(v)
		if n, isNum := v.(json.Number); isNum {
			if r != roleValue {
				s = canonicalNumber(n.String())
			}
		}
		if !ok {
			return e, &Problem{File: j.opts.File, Row: row, Column: k, Code: CodeBadJSON,
				Message: "the value of " + quote(k) + " is an object or array, not a string or number"}
		}
		vals[r] = s
		if r == roleTime || r >= roleSegment {
			vals[r] = strings.TrimSpace(s)
		}
	}
	switch {
	case strings.TrimSpace(vals[roleCase]) == "":
		return e, j.missing(roleCase, row)
	case strings.TrimSpace(vals[roleActivity]) == "":
		return e, j.missing(roleActivity, row)
	case vals[roleTime] == "":
		return e, j.missing(roleTime, row)
	}
	ns, msg := j.tp.parse([]byte(vals[roleTime]), row)
	if msg != "" {
		return e, &Problem{File: j.opts.File, Row: row, Column: j.keys[roleTime], Code: CodeBadTime, Message: msg}
	}
	e.Case, e.Activity, e.Time = vals[roleCase], vals[roleActivity], unixTime(ns)
	e.Segment, e.Touchpoint = vals[roleSegment], vals[roleTouchpoint]
	if v := vals[roleValue]; v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return e, &Problem{File: j.opts.File, Row: row, Column: j.keys[roleValue], Code: CodeBadValue, Message: "the value " + quote(v) + " is not a number"}
		}
		e.Value = f
	}
	return e, nil
}
