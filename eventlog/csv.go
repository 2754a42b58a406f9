package eventlog

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math/bits"
	"strconv"
	"strings"
)

// CSVReader reads events from CSV or TSV: a header line naming the columns,
// then one event per record. The delimiter is sniffed from the header
// (comma, semicolon, tab or pipe) unless ReadOptions.Comma says it; fields
// may be quoted ("a, b", "say ""hi""", line breaks inside quotes); a UTF-8
// byte order mark and CRLF line ends are accepted; blank lines are skipped.
// A quote inside an unquoted field is taken literally. Rows are reported by
// the line they start on. A quoted field still open at the end of the file
// is a bad-quote problem of its row; when lines follow the one it opens on
// (it has read them all as its text) the problem stops the reading, even
// with SkipBadRows.
type CSVReader struct {
	br     *bufio.Reader
	file   string
	comma  byte
	header []string
	idx    [6]int
	cols   Columns
	line   int64  // lines consumed so far
	base   []byte // the current record: the line, or out for a record with quotes
	spans  []span // its fields in base
	long   []byte // a line longer than the buffer
	rec    []byte // the rest of a record with quotes
	out    []byte // unquoted field data
	ends   []int  // field ends in out
	tp     timeParser
	intern map[string]string
	last   string // the last case, reused while the case repeats
	err    error  // sticky fatal error
	raw    rawEvent
}

// maxIntern bounds the distinct strings a reader shares between rows.
const maxIntern = 1 << 16

// NewCSVReader reads the header of a CSV or TSV log and returns a reader of
// its events. The error is a Problems value when the header lacks a
// required column.
func NewCSVReader(r io.Reader, opts ReadOptions) (*CSVReader, error) {
	c := &CSVReader{br: bufio.NewReaderSize(r, 1<<20), file: opts.File, intern: map[string]string{}}
	if err := skipBOM(c.br, opts.File); err != nil {
		return nil, err
	}
	raw, err := c.firstLine()
	if err != nil {
		return nil, err
	}
	c.comma = byte(opts.Comma)
	if opts.Comma == 0 || opts.Comma > 127 {
		c.comma = sniffComma(raw)
	}
	_, perr := c.parseRecord(raw)
	if perr != nil {
		perr.File = c.file
		return nil, Problems{*perr}
	}
	c.header = make([]string, len(c.spans))
	for i := range c.spans {
		c.header[i] = strings.TrimSpace(string(c.field(i)))
	}
	idx, used, ps := opts.Columns.resolve(c.header, opts.File)
	if len(ps) > 0 {
		for i := range ps {
			ps[i].Row = 1
		}
		return nil, ps
	}
	c.idx, c.cols = idx, used
	return c, nil
}

// skipBOM drops a UTF-8 byte order mark and refuses UTF-16.
func skipBOM(br *bufio.Reader, file string) error {
	b, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return Problems{{File: file, Row: 1, Code: CodeReadError, Message: "the file is UTF-16; save it as UTF-8"}}
	}
	return nil
}

// firstLine returns the header's first physical line.
func (c *CSVReader) firstLine() ([]byte, error) {
	for {
		line, err := c.readLine()
		if err != nil {
			if err == io.EOF {
				return nil, Problems{{File: c.file, Code: CodeEmptyLog, Message: "the file is empty: no header line"}}
			}
			return nil, err
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return line, nil
		}
	}
}

// sniffComma picks the most frequent of , ; tab | outside quotes.
func sniffComma(line []byte) byte {
	cands := []byte{',', '\t', ';', '|'}
	counts := make([]int, len(cands))
	inQ := false
	for _, b := range line {
		if b == '"' {
			inQ = !inQ
			continue
		}
		if inQ {
			continue
		}
		for k, c := range cands {
			if b == c {
				counts[k]++
			}
		}
	}
	best := 0
	for k := range cands {
		if counts[k] > counts[best] {
			best = k
		}
	}
	return cands[best]
}

// Columns returns the columns used for each role.
func (c *CSVReader) Columns() Columns { return c.cols }

// TimeFormat names the detected time format.
func (c *CSVReader) TimeFormat() string { return c.tp.format.String() }

// Header returns the column names.
func (c *CSVReader) Header() []string { return c.header }

// readLine returns the next physical line without its line end; the slice
// is valid until the next call. It returns io.EOF at the end.
func (c *CSVReader) readLine() ([]byte, error) {
	line, err := c.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		c.long = append(c.long[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = c.br.ReadSlice('\n')
			c.long = append(c.long, line...)
		}
		line = c.long
	}
	if err != nil && err != io.EOF {
		return nil, c.fatal(err)
	}
	if len(line) == 0 && err == io.EOF {
		return nil, io.EOF
	}
	c.line++
	n := len(line)
	if n > 0 && line[n-1] == '\n' {
		n--
		if n > 0 && line[n-1] == '\r' {
			n--
		}
	}
	return line[:n], nil
}

// fatal turns a read error into a problem at the current line.
func (c *CSVReader) fatal(err error) error {
	var p *Problem
	if errors.As(err, &p) {
		q := *p
		q.File, q.Row = c.file, c.line+1
		return &q
	}
	return &Problem{File: c.file, Row: c.line + 1, Code: CodeReadError, Message: err.Error()}
}

// Read returns the next event.
func (c *CSVReader) Read() (Event, error) {
	r := &c.raw
	if err := c.readRaw(r); err != nil {
		return Event{Row: r.row}, err
	}
	e := Event{Row: r.row, Time: unixTime(r.ns), Value: r.value}
	if string(r.caseB) == c.last {
		e.Case = c.last
	} else {
		e.Case = string(r.caseB)
		c.last = e.Case
	}
	e.Activity = c.str(r.actB)
	e.Segment = c.str(r.segB)
	e.Touchpoint = c.str(r.tpB)
	return e, nil
}

// readRaw reads the next record into e, its bytes valid until the next
// read.
func (c *CSVReader) readRaw(e *rawEvent) error {
	if c.err != nil {
		return c.err
	}
	for {
		line, err := c.readLine()
		if err != nil {
			c.err = err
			return err
		}
		if len(line) == 0 || (len(line) < 4 && len(bytes.TrimSpace(line)) == 0) {
			continue
		}
		row, perr := c.parseRecord(line)
		e.row = row
		if perr != nil {
			perr.File = c.file
			if c.err == io.EOF { // a quote ran to the end of the file: not one row's problem (see unclosed)
				return Problems{*perr}
			}
			return perr
		}
		if len(c.spans) != len(c.header) {
			return &Problem{File: c.file, Row: row, Code: CodeRaggedRow,
				Message: "the row has " + strconv.Itoa(len(c.spans)) + " fields, the header " + strconv.Itoa(len(c.header))}
		}
		return c.event(e, row)
	}
}

// event fills e from the current record.
func (c *CSVReader) event(e *rawEvent, row int64) error {
	caseB, actB, timeB := c.field(c.idx[roleCase]), c.field(c.idx[roleActivity]), c.field(c.idx[roleTime])
	switch {
	case blank(caseB):
		return &Problem{File: c.file, Row: row, Column: c.cols.Case, Code: CodeMissingCase, Message: "no case in column " + quote(c.cols.Case)}
	case blank(actB):
		return &Problem{File: c.file, Row: row, Column: c.cols.Activity, Code: CodeMissingActivity, Message: "no activity in column " + quote(c.cols.Activity)}
	case blank(timeB):
		return &Problem{File: c.file, Row: row, Column: c.cols.Time, Code: CodeMissingTime, Message: "no time in column " + quote(c.cols.Time)}
	}
	ns, msg := c.tp.parse(trimSpace(timeB), row)
	if msg != "" {
		return &Problem{File: c.file, Row: row, Column: c.cols.Time, Code: CodeBadTime, Message: msg}
	}
	e.caseB, e.actB, e.ns = caseB, actB, ns
	e.segB, e.tpB, e.value = nil, nil, 0
	if k := c.idx[roleSegment]; k >= 0 {
		e.segB = trimSpace(c.field(k))
	}
	if k := c.idx[roleTouchpoint]; k >= 0 {
		e.tpB = trimSpace(c.field(k))
	}
	if k := c.idx[roleValue]; k >= 0 && !blank(c.field(k)) {
		f := c.field(k)
		v, err := strconv.ParseFloat(string(trimSpace(f)), 64)
		if err != nil {
			return &Problem{File: c.file, Row: row, Column: c.cols.Value, Code: CodeBadValue, Message: "the value " + quote(string(f)) + " is not a number"}
		}
		e.value = v
	}
	return nil
}

// trimSpace trims ASCII spaces and tabs, quickly when there are none.
func trimSpace(b []byte) []byte {
	if len(b) == 0 || (b[0] > ' ' && b[len(b)-1] > ' ') {
		return b
	}
	return bytes.TrimSpace(b)
}

func blank(b []byte) bool { return len(trimSpace(b)) == 0 }

// str returns b as a string shared with earlier rows of the same text.
func (c *CSVReader) str(b []byte) string {
	if s, ok := c.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(c.intern) < maxIntern {
		c.intern[s] = s
	}
	return s
}

// parseRecord splits the record starting with line into c.spans of
// c.base, reading more lines while a quoted field is open. It returns the
// line the record starts on.
func (c *CSVReader) parseRecord(line []byte) (int64, *Problem) {
	start := c.line
	if spans, ok := splitPlain(line, c.comma, c.spans[:0]); ok {
		c.base, c.spans = line, spans
		return start, nil
	}
	c.spans = c.spans[:0]
	return start, c.parseQuoted(line, start)
}

// span is where a field lies in CSVReader.base.
type span struct{ lo, hi int }

// field returns field k of the current record.
func (c *CSVReader) field(k int) []byte {
	sp := c.spans[k]
	return c.base[sp.lo:sp.hi]
}

// Bytes repeated in every byte of a word, for splitPlain.
const (
	ones   = 0x0101010101010101
	lows7  = 0x7F7F7F7F7F7F7F7F
	quotes = '"' * ones
)

// zeroBytes returns a word with the top bit set in each byte of w that is
// zero, and no other bit.
func zeroBytes(w uint64) uint64 {
	return ^((w&lows7 + lows7) | w | lows7)
}

// splitPlain appends the spans of the fields of a line without quotes to
// spans, and reports false, having appended what it may, when the line has
// a quote. It looks at eight bytes at a time for the separator and the
// quote: a log's lines are short and have a few fields, where a call to
// find each separator costs more than the search.
func splitPlain(line []byte, comma byte, spans []span) ([]span, bool) {
	commas := uint64(comma) * ones
	start, i := 0, 0
	for ; i+8 <= len(line); i += 8 {
		w := binary.LittleEndian.Uint64(line[i:])
		if zeroBytes(w^quotes) != 0 {
			return spans, false
		}
		for m := zeroBytes(w ^ commas); m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)>>3
			spans = append(spans, span{start, j})
			start = j + 1
		}
	}
	for ; i < len(line); i++ {
		switch line[i] {
		case '"':
			return spans, false
		case comma:
			spans = append(spans, span{start, i})
			start = i + 1
		}
	}
	return append(spans, span{start, len(line)}), true
}

// parseQuoted handles a record with quotes, in c.out. A quoted field may
// hold line breaks: it reads on, line after line, to the closing quote.
// For a quote that is never closed, see unclosed.
func (c *CSVReader) parseQuoted(line []byte, start int64) *Problem {
	c.rec = append(c.rec[:0], line...)
	c.out, c.ends = c.out[:0], c.ends[:0]
	i := 0
	for {
		// at the start of a field
		if i < len(c.rec) && c.rec[i] == '"' {
			opened := c.line
			i++
			for {
				j := bytes.IndexByte(c.rec[i:], '"')
				if j < 0 {
					c.out = append(c.out, c.rec[i:]...)
					more, err := c.readLine()
					if err != nil {
						return c.unclosed(err, start, opened)
					}
					c.out = append(c.out, '\n')
					c.rec = append(c.rec[:0], more...)
					i = 0
					continue
				}
				c.out = append(c.out, c.rec[i:i+j]...)
				i += j + 1
				if i < len(c.rec) && c.rec[i] == '"' {
					c.out = append(c.out, '"')
					i++
					continue
				}
				break
			}
			if i < len(c.rec) && c.rec[i] != c.comma {
				return rowError(start, "", CodeBadQuote, "unexpected text after a closing quote: %s", quote(string(c.rec[i:])))
			}
		} else {
			j := bytes.IndexByte(c.rec[i:], c.comma)
			if j < 0 {
				j = len(c.rec) - i
			}
			c.out = append(c.out, c.rec[i:i+j]...)
			i += j
		}
		c.ends = append(c.ends, len(c.out))
		if i >= len(c.rec) {
			break
		}
		i++ // the comma
		if i == len(c.rec) {
			c.ends = append(c.ends, len(c.out))
			break
		}
	}
	prev := 0
	for _, e := range c.ends {
		c.spans = append(c.spans, span{prev, e})
		prev = e
	}
	c.base = c.out
	return nil
}

// unclosed returns the problem of the record starting on line start whose
// quoted field, opened on line opened, runs into err, the end of the file
// or a read error. A read error is itself the problem, and stays (as
// readLine's do). At the end of the file, a quote opened on the last line
// is the bad-quote problem of its row, which SkipBadRows may leave out; one
// opened earlier has read every line after it, other rows most likely, as
// its text, which is no longer one row's problem: it is a bad-quote problem
// of the row that stops the reading (readRaw returns it as Problems, and
// the reads after it io.EOF), saying how many lines were lost.
func (c *CSVReader) unclosed(err error, start, opened int64) *Problem {
	if err != io.EOF {
		c.err = err
		if p, ok := err.(*Problem); ok {
			return p
		}
		return &Problem{Row: start, Code: CodeReadError, Message: err.Error()}
	}
	n := c.line - opened
	if n == 0 {
		return rowError(start, "", CodeBadQuote, "a quoted field is never closed")
	}
	c.err = io.EOF
	lines := "the " + thousands(n) + " lines after it were"
	if n == 1 {
		lines = "the line after it was"
	}
	return rowError(start, "", CodeBadQuote, "a quoted field opened on line %s is never closed: %s read as its text", thousands(opened), lines)
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
