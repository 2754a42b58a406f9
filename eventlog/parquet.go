package eventlog

import (
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// ParquetReader reads events from an Apache Parquet file, a batch of rows
// at a time, through parquet-go. Text columns are read as in CSV; a time
// column may also be a TIMESTAMP (milli-, micro- or nanoseconds), a DATE,
// an INT96 timestamp, or integers taken as Unix times. A DECIMAL column
// (stored as INT32, INT64, BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY) is read as
// its exact decimal text, scaled: 1299 in a DECIMAL(10,2) column is the
// case or activity "12.99" and the value 12.99. Rows are numbered from 1.
type ParquetReader struct {
	file string
	//lint:ignore SA1019 the rows are read untyped (their schema is the file's), which GenericReader[T] cannot; moving to RowGroups().Rows() is the branch owner's call
	r     *parquet.Reader
	cols  Columns
	leaf  [6]int   // column index per role, -1 for none
	dec   [6]bool  // the role's column is a DECIMAL ...
	scale [6]int32 // ... with this scale
	tunit int64    // nanoseconds per unit of a TIMESTAMP time column; 0 if text
	tdate bool     // the time column is a DATE
	tp    timeParser
	rows  []parquet.Row
	n, i  int
	row   int64
	err   error
	vals  [6]parquet.Value
	have  [6]bool
	tfmt  string
}

// NewParquetReader returns a reader of the Parquet file held by ra.
func NewParquetReader(ra io.ReaderAt, size int64, opts ReadOptions) (p *ParquetReader, err error) {
	defer func() { // parquet-go may panic on a corrupt file
		if r := recover(); r != nil {
			p, err = nil, Problems{{File: opts.File, Code: CodeBadParquet, Message: fmt.Sprint("cannot read the Parquet file: ", r)}}
		}
	}()
	f, err := parquet.OpenFile(ra, size)
	if err != nil {
		return nil, Problems{{File: opts.File, Code: CodeBadParquet, Message: "cannot read the Parquet file: " + err.Error()}}
	}
	schema := f.Schema()
	var names []string
	for _, fl := range schema.Fields() {
		names = append(names, fl.Name())
	}
	idx, used, ps := opts.Columns.resolve(names, opts.File)
	if len(ps) > 0 {
		return nil, ps
	}
	p = &ParquetReader{file: opts.File, cols: used, rows: make([]parquet.Row, 256)}
	for role, i := range idx {
		p.leaf[role] = -1
		if i < 0 {
			continue
		}
		lc, ok := schema.Lookup(names[i])
		if !ok {
			return nil, Problems{{File: opts.File, Column: names[i], Code: CodeMissingColumn,
				Message: "the column " + quote(names[i]) + " is a group, not a value"}}
		}
		p.leaf[role] = lc.ColumnIndex
		if lt := lc.Node.Type().LogicalType(); lt != nil {
			if d, ok := lt.Value.(*format.DecimalType); ok {
				p.dec[role], p.scale[role] = true, d.Scale
			}
		}
		if role == roleTime {
			p.timeType(lc.Node.Type())
		}
	}
	p.r = parquet.NewReader(f)
	return p, nil
}

// timeType notes how a time column's values are stored.
func (p *ParquetReader) timeType(t parquet.Type) {
	if lt := t.LogicalType(); lt != nil {
		switch v := lt.Value.(type) {
		case *format.TimestampType:
			if v.Unit.Value != nil {
				p.tunit = int64(v.Unit.Value.Duration())
				p.tfmt = "Parquet " + v.String()
			}
		case *format.DateType:
			p.tdate, p.tfmt = true, "Parquet DATE"
		}
		return
	}
	if ct := t.ConvertedType(); ct != nil {
		switch *ct {
		case deprecated.TimestampMillis:
			p.tunit, p.tfmt = 1e6, "Parquet TIMESTAMP_MILLIS"
		case deprecated.TimestampMicros:
			p.tunit, p.tfmt = 1e3, "Parquet TIMESTAMP_MICROS"
		case deprecated.Date:
			p.tdate, p.tfmt = true, "Parquet DATE"
		}
	}
}

// Columns returns the columns used for each role.
func (p *ParquetReader) Columns() Columns { return p.cols }

// TimeFormat names the detected time format.
func (p *ParquetReader) TimeFormat() string {
	if p.tfmt != "" {
		return p.tfmt
	}
	return p.tp.format.String()
}

// Read returns the next event.
func (p *ParquetReader) Read() (e Event, err error) {
	if p.err != nil {
		return Event{}, p.err
	}
	defer func() {
		if r := recover(); r != nil {
			p.err = &Problem{File: p.file, Row: p.row, Code: CodeBadParquet, Message: fmt.Sprint("cannot read the Parquet file: ", r)}
			e, err = Event{}, p.err
		}
	}()
	if p.i >= p.n {
		n, err := p.r.ReadRows(p.rows)
		if n == 0 {
			if err == nil || err == io.EOF {
				p.err = io.EOF
			} else {
				p.err = &Problem{File: p.file, Row: p.row + 1, Code: CodeBadParquet, Message: "cannot read the Parquet file: " + err.Error()}
			}
			return Event{}, p.err
		}
		p.n, p.i = n, 0
	}
	row := p.rows[p.i]
	p.i++
	p.row++
	return p.event(row)
}

func (p *ParquetReader) event(row parquet.Row) (Event, error) {
	p.have = [6]bool{}
	for _, v := range row {
		c := v.Column()
		for role, l := range p.leaf {
			if l == c && !p.have[role] {
				p.vals[role], p.have[role] = v, !v.IsNull()
			}
		}
	}
	e := Event{Row: p.row}
	prob := func(col, code, msg string) error {
		return &Problem{File: p.file, Row: p.row, Column: col, Code: code, Message: msg}
	}
	e.Case, e.Activity = p.text(roleCase), p.text(roleActivity)
	switch {
	case strings.TrimSpace(e.Case) == "":
		return e, prob(p.cols.Case, CodeMissingCase, "no case in column "+quote(p.cols.Case))
	case strings.TrimSpace(e.Activity) == "":
		return e, prob(p.cols.Activity, CodeMissingActivity, "no activity in column "+quote(p.cols.Activity))
	case !p.have[roleTime]:
		return e, prob(p.cols.Time, CodeMissingTime, "no time in column "+quote(p.cols.Time))
	}
	ns, msg := p.time()
	if msg != "" {
		return e, prob(p.cols.Time, CodeBadTime, msg)
	}
	e.Time = unixTime(ns)
	e.Segment = strings.TrimSpace(p.text(roleSegment))
	e.Touchpoint = strings.TrimSpace(p.text(roleTouchpoint))
	if v := strings.TrimSpace(p.text(roleValue)); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return e, prob(p.cols.Value, CodeBadValue, "the value "+quote(v)+" is not a number")
		}
		e.Value = f
	}
	return e, nil
}

// text returns a role's value as text ("" when absent or null).
func (p *ParquetReader) text(role int) string {
	if p.leaf[role] < 0 || !p.have[role] {
		return ""
	}
	v := p.vals[role]
	if p.dec[role] {
		if s, ok := decimalText(v, p.scale[role]); ok {
			return s
		}
	}
	switch v.Kind() {
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return string(v.ByteArray())
	case parquet.Int32:
		return strconv.FormatInt(int64(v.Int32()), 10)
	case parquet.Int64:
		return strconv.FormatInt(v.Int64(), 10)
	case parquet.Float:
		return strconv.FormatFloat(float64(v.Float()), 'g', -1, 32)
	case parquet.Double:
		return strconv.FormatFloat(v.Double(), 'g', -1, 64)
	case parquet.Boolean:
		return strconv.FormatBool(v.Boolean())
	}
	return v.String()
}

// decimalText returns the DECIMAL value v of the given scale as exact
// decimal text, such as "12.99" for 1299 at scale 2, or false if v is not
// of a kind a DECIMAL is stored in. Byte arrays hold the unscaled value as
// a big-endian two's complement integer.
func decimalText(v parquet.Value, scale int32) (string, bool) {
	var digits string
	switch v.Kind() {
	case parquet.Int32:
		digits = strconv.FormatInt(int64(v.Int32()), 10)
	case parquet.Int64:
		digits = strconv.FormatInt(v.Int64(), 10)
	case parquet.ByteArray, parquet.FixedLenByteArray:
		b := v.ByteArray()
		n := new(big.Int).SetBytes(b)
		if len(b) > 0 && b[0]&0x80 != 0 {
			n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
		}
		digits = n.String()
	default:
		return "", false
	}
	sign := ""
	if digits[0] == '-' {
		sign, digits = "-", digits[1:]
	}
	switch {
	case scale < 0: // not allowed by the format, but unambiguous
		if digits != "0" {
			digits += strings.Repeat("0", int(-scale))
		}
	case scale > 0:
		if pad := int(scale) + 1 - len(digits); pad > 0 {
			digits = strings.Repeat("0", pad) + digits
		}
		digits = digits[:len(digits)-int(scale)] + "." + digits[len(digits)-int(scale):]
	}
	return sign + digits, true
}

// time returns the time column's value in Unix nanoseconds.
func (p *ParquetReader) time() (int64, string) {
	v := p.vals[roleTime]
	switch {
	case p.tunit > 0 && (v.Kind() == parquet.Int64 || v.Kind() == parquet.Int32):
		return scaleTime(v.Int64(), p.tunit, 0)
	case p.tdate && v.Kind() == parquet.Int32:
		return scaleTime(int64(v.Int32()), 86400*1e9, 0)
	case v.Kind() == parquet.Int96:
		i := v.Int96()
		p.tfmt = "Parquet INT96"
		nanos := int64(uint64(i[1])<<32 | uint64(i[0]))
		return scaleTime(int64(i[2])-2440588, 86400*1e9, nanos)
	case v.Kind() == parquet.Double:
		// A Unix time as a floating-point number (pandas makes an integer
		// column with gaps a double): plain digits, not 1.7041032e+12.
		return p.tp.parse([]byte(strconv.FormatFloat(v.Double(), 'f', -1, 64)), p.row)
	}
	return p.tp.parse([]byte(strings.TrimSpace(p.text(roleTime))), p.row)
}

// scaleTime returns n units of unit nanoseconds plus extra nanoseconds, or
// a message when that is outside what an int64 of nanoseconds holds (the
// years 1678 to 2261).
func scaleTime(n, unit, extra int64) (int64, string) {
	if n > (math.MaxInt64-extra)/unit || n < (math.MinInt64+unit)/unit {
		return 0, "the time is outside the years 1678 to 2261, which the readers can hold"
	}
	return n*unit + extra, ""
}
