package eventlog

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// XLSXReader reads events from an Excel workbook through excelize: the
// first sheet (or ReadOptions.Sheet), its first non-empty row the header.
// Rows stream from the sheet. A time cell holding a date (an Excel serial
// number) is read as such, in the workbook's date system: in the 1900
// system serial 1 is 1900-01-01, and in the 1904 system serial 0 is
// 1904-01-01. The 1900 system counts a 29 February 1900 that never was,
// serial 60; serials before it are read as the days Excel shows for them,
// and serial 60 itself is a bad time. Text times are read as in CSV. Rows
// are the sheet's row numbers.
type XLSXReader struct {
	f      *excelize.File
	rows   *excelize.Rows
	file   string
	header []string
	idx    [6]int
	cols   Columns
	tp     timeParser
	excel  bool // the time column holds Excel serial dates
	d1904  bool // the workbook uses the 1904 date system
	row    int64
	err    error
}

// NewXLSXReader returns a reader of the workbook in r.
func NewXLSXReader(r io.Reader, opts ReadOptions) (x *XLSXReader, err error) {
	defer func() {
		if rec := recover(); rec != nil {
			x, err = nil, Problems{{File: opts.File, Code: CodeBadXLSX, Message: fmt.Sprint("cannot read the workbook: ", rec)}}
		}
	}()
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, Problems{{File: opts.File, Code: CodeBadXLSX, Message: "cannot read the workbook: " + err.Error()}}
	}
	sheet := opts.Sheet
	if sheet == "" {
		if list := f.GetSheetList(); len(list) > 0 {
			sheet = list[0]
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, Problems{{File: opts.File, Code: CodeBadXLSX, Message: "cannot read the sheet " + quote(sheet) + ": " + err.Error()}}
	}
	x = &XLSXReader{f: f, rows: rows, file: opts.File}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		x.d1904 = *props.Date1904
	}
	for x.header == nil {
		if !rows.Next() {
			x.Close()
			return nil, Problems{{File: opts.File, Code: CodeEmptyLog, Message: "the sheet " + quote(sheet) + " has no header row"}}
		}
		x.row++
		cells, err := rows.Columns()
		if err != nil {
			x.Close()
			return nil, Problems{{File: opts.File, Row: x.row, Code: CodeBadXLSX, Message: err.Error()}}
		}
		if len(cells) > 0 {
			for _, c := range cells {
				x.header = append(x.header, strings.TrimSpace(c))
			}
		}
	}
	idx, used, ps := opts.Columns.resolve(x.header, opts.File)
	if len(ps) > 0 {
		for i := range ps {
			ps[i].Row = x.row
		}
		x.Close()
		return nil, ps
	}
	x.idx, x.cols = idx, used
	return x, nil
}

// Close releases the workbook.
func (x *XLSXReader) Close() error {
	if x.rows != nil {
		x.rows.Close()
	}
	return x.f.Close()
}

// Columns returns the columns used for each role.
func (x *XLSXReader) Columns() Columns { return x.cols }

// TimeFormat names the detected time format.
func (x *XLSXReader) TimeFormat() string {
	if x.excel {
		if x.d1904 {
			return tfExcel.String() + " (1904 date system)"
		}
		return tfExcel.String()
	}
	return x.tp.format.String()
}

// Read returns the next event.
func (x *XLSXReader) Read() (e Event, err error) {
	if x.err != nil {
		return Event{}, x.err
	}
	defer func() {
		if rec := recover(); rec != nil {
			x.err = &Problem{File: x.file, Row: x.row, Code: CodeBadXLSX, Message: fmt.Sprint("cannot read the workbook: ", rec)}
			e, err = Event{}, x.err
		}
	}()
	for {
		if !x.rows.Next() {
			x.err = io.EOF
			if err := x.rows.Error(); err != nil {
				x.err = &Problem{File: x.file, Row: x.row + 1, Code: CodeBadXLSX, Message: err.Error()}
			}
			return Event{}, x.err
		}
		x.row++
		cells, err := x.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			x.err = &Problem{File: x.file, Row: x.row, Code: CodeBadXLSX, Message: err.Error()}
			return Event{}, x.err
		}
		empty := true
		for _, c := range cells {
			if strings.TrimSpace(c) != "" {
				empty = false
				break
			}
		}
		if !empty {
			return x.event(cells)
		}
	}
}

func (x *XLSXReader) cell(cells []string, role int) string {
	if i := x.idx[role]; i >= 0 && i < len(cells) {
		return cells[i]
	}
	return ""
}

func (x *XLSXReader) event(cells []string) (Event, error) {
	e := Event{Row: x.row}
	prob := func(col, code, msg string) error {
		return &Problem{File: x.file, Row: x.row, Column: col, Code: code, Message: msg}
	}
	e.Case, e.Activity = x.cell(cells, roleCase), x.cell(cells, roleActivity)
	ts := strings.TrimSpace(x.cell(cells, roleTime))
	switch {
	case strings.TrimSpace(e.Case) == "":
		return e, prob(x.cols.Case, CodeMissingCase, "no case in column "+quote(x.cols.Case))
	case strings.TrimSpace(e.Activity) == "":
		return e, prob(x.cols.Activity, CodeMissingActivity, "no activity in column "+quote(x.cols.Activity))
	case ts == "":
		return e, prob(x.cols.Time, CodeMissingTime, "no time in column "+quote(x.cols.Time))
	}
	ns, msg := x.time(ts)
	if msg != "" {
		return e, prob(x.cols.Time, CodeBadTime, msg)
	}
	e.Time = unixTime(ns)
	e.Segment = strings.TrimSpace(x.cell(cells, roleSegment))
	e.Touchpoint = strings.TrimSpace(x.cell(cells, roleTouchpoint))
	if v := strings.TrimSpace(x.cell(cells, roleValue)); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return e, prob(x.cols.Value, CodeBadValue, "the value "+quote(v)+" is not a number")
		}
		e.Value = f
	}
	return e, nil
}

// maxExcelSerial is the serial of 9999-12-31, Excel's last date; a number
// below it in the time column is a date, not a Unix time (which would be
// in 1970).
const maxExcelSerial = 2958465

// excelMillis returns the Unix time in milliseconds of the Excel serial
// date f, in the 1904 date system if date1904 is set (days since
// 1904-01-01) and else in the 1900 system, or false for the days of the
// 1900 system's serial 60. The 1900 system counts from 1900-01-01 as
// serial 1 but takes 1900 as a leap year, so from serial 61 (1900-03-01)
// on it counts days since 1899-12-30, and before serial 60 (the
// fictitious 1900-02-29) days since 1899-12-31.
func excelMillis(f float64, date1904 bool) (float64, bool) {
	switch {
	case date1904:
		f -= 24107 // 1904-01-01 is 24107 days before 1970-01-01
	case f >= 61:
		f -= 25569 // 1899-12-30 is 25569 days before 1970-01-01
	case f >= 60:
		return 0, false
	default:
		f -= 25568
	}
	return math.Round(f * 86400 * 1000), true
}

// time reads an Excel serial date, or text as in CSV.
func (x *XLSXReader) time(s string) (int64, string) {
	if f, err := strconv.ParseFloat(s, 64); err == nil && (f > 0 || f == 0 && x.d1904) && f <= maxExcelSerial+1 && x.tp.format == tfNone {
		x.excel = true
		ms, ok := excelMillis(f, x.d1904)
		if !ok {
			return 0, "the time " + quote(s) + " is the Excel date 1900-02-29, which does not exist"
		}
		if ms >= math.MaxInt64/1e6 {
			return 0, "the time " + quote(s) + " (an Excel date) is outside the years 1678 to 2261, which the readers can hold"
		}
		return int64(ms) * 1e6, ""
	}
	if x.excel {
		return 0, "the time " + quote(s) + " is not an Excel date, but the column's earlier times are"
	}
	return x.tp.parse([]byte(s), x.row)
}
