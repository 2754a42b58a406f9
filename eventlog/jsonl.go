package eventlog

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// JSONLReader reads events from JSON Lines: one JSON object per line, whose
// keys are the columns. Values may be strings, numbers or booleans; a
// number in the time column is a Unix time. A number names the same case,
// activity, segment or touchpoint however it is written (1, 1.0, 1e0 and
// 10e-1 are all case 1), while a string is taken as written ("1.0" is not
// "1"). The column names are resolved against the keys of the first
// object; blank lines are skipped.
type JSONLReader struct {
	br       *bufio.Reader
	opts     ReadOptions
	line     int64
	long     []byte
	keys     [6]string // resolved key per role ("" for none)
	cols     Columns
	resolved bool
	tp       timeParser
	err      error
}

// NewJSONLReader returns a reader of the JSON Lines log in r.
func NewJSONLReader(r io.Reader, opts ReadOptions) (*JSONLReader, error) {
	return &JSONLReader{br: bufio.NewReaderSize(r, 1<<20), opts: opts}, nil
}

// Columns returns the keys used for each role.
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
	if j.err != nil {
		return Event{}, j.err
	}
	for {
		line, err := j.readLine()
		if err != nil {
			j.err = err
			return Event{}, err
		}
		line = bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")))
		if len(line) == 0 {
			continue
		}
		if !j.resolved && line[0] == '[' {
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
			return Event{}, &Problem{File: j.opts.File, Row: j.line, Code: CodeBadJSON, Message: msg}
		}
		if !j.resolved {
			if err := j.resolve(obj); err != nil {
				j.err = err
				return Event{}, err
			}
		}
		return j.event(obj, j.line)
	}
}

// resolve picks the keys from the first object.
func (j *JSONLReader) resolve(obj map[string]any) error {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	idx, used, ps := j.opts.Columns.resolve(keys, j.opts.File)
	if len(ps) > 0 {
		for i := range ps {
			ps[i].Row = j.line
			ps[i].Message = strings.Replace(ps[i].Message, "(columns:", "(keys of the first object:", 1)
		}
		return ps
	}
	for r, i := range idx {
		if i >= 0 {
			j.keys[r] = keys[i]
		}
	}
	j.cols, j.resolved = used, true
	return nil
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

// plainNumber writes a JSON number in exponent form (1.7041032e12, as some
// encoders write Unix milliseconds) as plain digits, which the time parser
// reads; other numbers stay as written.
func plainNumber(n json.Number) string {
	s := n.String()
	if !strings.ContainsAny(s, "eE") {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// canonicalNumber writes the JSON number s in one form for each value, so
// that numbers that are equal name the same thing: an integer as plain
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
	for r, k := range j.keys {
		if k == "" {
			continue
		}
		s, ok := text(obj[k])
		if n, isNum := obj[k].(json.Number); isNum {
			switch r {
			case roleTime:
				s = plainNumber(n)
			case roleCase, roleActivity, roleSegment, roleTouchpoint:
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
	miss := func(role int, code, what string) error {
		return &Problem{File: j.opts.File, Row: row, Column: j.keys[role], Code: code, Message: "no " + what + " in " + quote(j.keys[role])}
	}
	switch {
	case strings.TrimSpace(vals[roleCase]) == "":
		return e, miss(roleCase, CodeMissingCase, "case")
	case strings.TrimSpace(vals[roleActivity]) == "":
		return e, miss(roleActivity, CodeMissingActivity, "activity")
	case vals[roleTime] == "":
		return e, miss(roleTime, CodeMissingTime, "time")
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
