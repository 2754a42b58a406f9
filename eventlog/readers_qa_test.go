package eventlog

import (
	"bytes"
	"io"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"
)

// readAllEvents opens path and returns its events and the problems of the
// events that could not be read.
func readAllEvents(t *testing.T, path string) ([]Event, []*Problem, ReadCloser) {
	t.Helper()
	r, err := OpenFile(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	var es []Event
	var ps []*Problem
	for {
		e, err := r.Read()
		if err == io.EOF {
			return es, ps, r
		}
		if err != nil {
			p := asProblem(err, path)
			if p.Code == CodeBadParquet || p.Code == CodeBadXLSX || p.Code == CodeBadGzip {
				t.Fatal(err)
			}
			ps = append(ps, p)
			continue
		}
		es = append(es, e)
	}
}

// TestGzippedRandomAccess reads gzipped Parquet files and workbooks, named
// .gz or not, and checks a cut-short one is a bad-gzip problem.
func TestGzippedRandomAccess(t *testing.T) {
	want := runningEventList(t)
	pq := toParquet(t, want, false)
	xl := toXLSX(t, want, false)
	for name, data := range map[string][]byte{
		"log.parquet.gz":  gz(pq),
		"gzipped.parquet": gz(pq),
		"log.pq.gz":       gz(pq),
		"log.xlsx.gz":     gz(xl),
		"gzipped.xlsx":    gz(xl),
		"plain.xlsx.gz":   xl, // the name says gzip, the content does not
	} {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, name, data)
			got, ps, r := readAllEvents(t, path)
			if len(ps) > 0 {
				t.Fatal(ps)
			}
			if f := FormatOf(name); r.Format() != f {
				t.Errorf("format %q, want %q", r.Format(), f)
			}
			if len(got) != len(want) {
				t.Fatalf("%d events, want %d", len(got), len(want))
			}
			for i := range got {
				g, w := got[i], want[i]
				if g.Case != w.Case || g.Activity != w.Activity || !g.Time.Equal(w.Time) {
					t.Fatalf("event %d is %v, want %v", i, g, w)
				}
			}
			// The miner reads it too.
			if _, sum, err := MineFile(path, Options{}); err != nil || sum.Read.Events != 42 {
				t.Fatalf("MineFile: %v", err)
			}
		})
	}
	for name, data := range map[string][]byte{
		"cut.parquet.gz": gz(pq),
		"cut.parquet":    gz(pq),
		"cut.xlsx.gz":    gz(xl),
		"cut.xlsx":       gz(xl),
	} {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, name, data[:len(data)/2])
			_, err := OpenFile(path, ReadOptions{})
			ps := problemsOf(t, err)
			if len(ps) != 1 || ps[0].Code != CodeBadGzip || ps[0].File != path || !strings.Contains(ps[0].Message, "truncated") {
				t.Fatalf("%v", ps)
			}
			_, _, err = MineFile(path, Options{})
			ps = problemsOf(t, err)
			if last := ps[len(ps)-1]; last.Code != CodeBadGzip || !strings.HasPrefix(last.Error(), path+":") {
				t.Fatalf("MineFile: %v", ps)
			}
		})
	}
}

func TestExcelMillis(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, c := range []struct {
		serial float64
		d1904  bool
		want   string
	}{
		// The 1900 system: serial 1 is 1900-01-01; 60 is the 1900-02-29
		// Excel counts, so 61 is 1900-03-01.
		{1, false, "1900-01-01 00:00:00"},
		{1.75, false, "1900-01-01 18:00:00"},
		{31, false, "1900-01-31 00:00:00"},
		{32, false, "1900-02-01 00:00:00"},
		{59, false, "1900-02-28 00:00:00"},
		{59.5, false, "1900-02-28 12:00:00"},
		{61, false, "1900-03-01 00:00:00"},
		{366, false, "1900-12-31 00:00:00"},
		{367, false, "1901-01-01 00:00:00"},
		{25569, false, "1970-01-01 00:00:00"},
		{43831, false, "2020-01-01 00:00:00"},
		{45292, false, "2024-01-01 00:00:00"},
		{45292.5, false, "2024-01-01 12:00:00"},
		{maxExcelSerial, false, "9999-12-31 00:00:00"},
		// The 1904 system: serial 0 is 1904-01-01 and 1904 is a leap year;
		// a date's serial is 1462 below its 1900 one.
		{0, true, "1904-01-01 00:00:00"},
		{1, true, "1904-01-02 00:00:00"},
		{59, true, "1904-02-29 00:00:00"},
		{60, true, "1904-03-01 00:00:00"},
		{24107, true, "1970-01-01 00:00:00"},
		{43830, true, "2024-01-01 00:00:00"},
		{43830.25, true, "2024-01-01 06:00:00"},
		{45292 - 1462, true, "2024-01-01 00:00:00"},
		{maxExcelSerial - 1462, true, "9999-12-31 00:00:00"},
	} {
		ms, ok := excelMillis(c.serial, c.d1904)
		wantMS := day(c.want).UnixMilli()
		if !ok || ms != float64(wantMS) {
			t.Errorf("excelMillis(%v, 1904 %v) = %v, %v; want %v (%s)", c.serial, c.d1904, ms, ok, wantMS, c.want)
		}
	}
	for _, s := range []float64{60, 60.5, 60.999} {
		if _, ok := excelMillis(s, false); ok {
			t.Errorf("excelMillis(%v, false) is a time; serial 60 is 1900-02-29", s)
		}
	}
}

// serialWorkbook writes a sheet of events whose times are the given Excel
// serial numbers, in the 1904 date system if date1904.
func serialWorkbook(t *testing.T, date1904 bool, serials ...float64) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
			t.Fatal(err)
		}
	}
	sh := f.GetSheetList()[0]
	_ = f.SetSheetRow(sh, "A1", &[]any{"case_id", "activity", "timestamp"})
	for i, s := range serials {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sh, cell, &[]any{"c1", "step", s}); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestXLSXDateSystems(t *testing.T) {
	utc := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	t.Run("1904", func(t *testing.T) {
		path := writeFile(t, "1904.xlsx", serialWorkbook(t, true, 43830, 43830.5, 0, 60))
		es, ps, r := readAllEvents(t, path)
		want := []time.Time{utc(2024, 1, 1, 0), utc(2024, 1, 1, 12), utc(1904, 1, 1, 0), utc(1904, 3, 1, 0)}
		if len(ps) > 0 {
			t.Fatalf("problems %v", ps)
		}
		if len(es) != len(want) {
			t.Fatalf("%d events, want %d", len(es), len(want))
		}
		for i, e := range es {
			if !e.Time.Equal(want[i]) {
				t.Errorf("row %d: %v, want %v", e.Row, e.Time, want[i])
			}
		}
		if tf := r.TimeFormat(); !strings.Contains(tf, "1904") {
			t.Errorf("time format %q does not name the 1904 system", tf)
		}
	})
	t.Run("1904 dates written by excelize", func(t *testing.T) {
		// excelize writes a time in the workbook's date system.
		f := excelize.NewFile()
		defer f.Close()
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
		sh := f.GetSheetList()[0]
		_ = f.SetSheetRow(sh, "A1", &[]any{"case_id", "activity", "timestamp"})
		_ = f.SetSheetRow(sh, "A2", &[]any{"c1", "visit", utc(2024, 1, 1, 0)})
		_ = f.SetSheetRow(sh, "A3", &[]any{"c1", "buy", utc(2024, 3, 1, 9)})
		var b bytes.Buffer
		if err := f.Write(&b); err != nil {
			t.Fatal(err)
		}
		if raw, _ := f.GetCellValue(sh, "C2", excelize.Options{RawCellValue: true}); raw != "43830" {
			t.Fatalf("excelize wrote %q for 2024-01-01, want the 1904 serial 43830", raw)
		}
		es, ps, _ := readAllEvents(t, writeFile(t, "1904.xlsx", b.Bytes()))
		if len(ps) > 0 || len(es) != 2 || !es[0].Time.Equal(utc(2024, 1, 1, 0)) || !es[1].Time.Equal(utc(2024, 3, 1, 9)) {
			t.Fatalf("events %v, problems %v", es, ps)
		}
	})
	t.Run("1900", func(t *testing.T) {
		path := writeFile(t, "1900.xlsx", serialWorkbook(t, false, 45292, 1, 59, 60, 61, 43831.25))
		es, ps, r := readAllEvents(t, path)
		want := []time.Time{utc(2024, 1, 1, 0), utc(1900, 1, 1, 0), utc(1900, 2, 28, 0), utc(1900, 3, 1, 0), utc(2020, 1, 1, 6)}
		if len(ps) != 1 || ps[0].Code != CodeBadTime || ps[0].Row != 5 || !strings.Contains(ps[0].Message, "1900-02-29") {
			t.Fatalf("problems %v", ps)
		}
		if len(es) != len(want) {
			t.Fatalf("%d events, want %d", len(es), len(want))
		}
		for i, e := range es {
			if !e.Time.Equal(want[i]) {
				t.Errorf("row %d: %v, want %v", e.Row, e.Time, want[i])
			}
		}
		if tf := r.TimeFormat(); tf != tfExcel.String() {
			t.Errorf("time format %q", tf)
		}
	})
}

// decimalParquet writes a Parquet file with a case id and a value column
// of the given nodes, holding the given values, a text activity and a text
// time.
func decimalParquet(t *testing.T, caseNode, valueNode parquet.Node, cases, values []parquet.Value) []byte {
	t.Helper()
	schema := parquet.NewSchema("events", parquet.Group{
		"case_id":   caseNode,
		"activity":  parquet.String(),
		"timestamp": parquet.String(),
		"value":     valueNode,
	})
	col := func(name string) int {
		lc, ok := schema.Lookup(name)
		if !ok {
			t.Fatalf("no column %q", name)
		}
		return lc.ColumnIndex
	}
	var b bytes.Buffer
	w := parquet.NewGenericWriter[any](&b, schema)
	var rows []parquet.Row
	for i := range cases {
		row := make(parquet.Row, 4)
		row[col("case_id")] = cases[i].Level(0, 0, col("case_id"))
		row[col("activity")] = parquet.ByteArrayValue([]byte("buy")).Level(0, 0, col("activity"))
		row[col("timestamp")] = parquet.ByteArrayValue([]byte("2024-01-01T10:00:00Z")).Level(0, 0, col("timestamp"))
		row[col("value")] = values[i].Level(0, 0, col("value"))
		rows = append(rows, row)
	}
	if _, err := w.WriteRows(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// twos returns n as a big-endian two's complement integer of size bytes.
func twos(t *testing.T, n string, size int) []byte {
	t.Helper()
	v, ok := new(big.Int).SetString(n, 10)
	if !ok {
		t.Fatal(n)
	}
	if v.Sign() < 0 {
		v.Add(v, new(big.Int).Lsh(big.NewInt(1), uint(8*size)))
	}
	b := v.FillBytes(make([]byte, size))
	return b
}

func TestParquetDecimal(t *testing.T) {
	i32 := func(n int32) parquet.Value { return parquet.Int32Value(n) }
	i64 := func(n int64) parquet.Value { return parquet.Int64Value(n) }
	fixed := func(n string) parquet.Value { return parquet.FixedLenByteArrayValue(twos(t, n, 9)) }
	varLen := func(n string, size int) parquet.Value { return parquet.ByteArrayValue(twos(t, n, size)) }
	for _, c := range []struct {
		name            string
		caseNode, value parquet.Node
		cases, values   []parquet.Value
		wantCases       []string
		wantValues      []float64
	}{
		{"int32", parquet.Decimal(0, 9, parquet.Int32Type), parquet.Decimal(2, 9, parquet.Int32Type),
			[]parquet.Value{i32(1300), i32(-7)}, []parquet.Value{i32(1299), i32(-5)},
			[]string{"1300", "-7"}, []float64{12.99, -0.05}},
		{"int64", parquet.Decimal(2, 10, parquet.Int64Type), parquet.Decimal(2, 10, parquet.Int64Type),
			[]parquet.Value{i64(1299), i64(1300)}, []parquet.Value{i64(1299), i64(0)},
			[]string{"12.99", "13.00"}, []float64{12.99, 0}},
		{"int64 scale 18", parquet.Decimal(18, 18, parquet.Int64Type), parquet.Decimal(18, 18, parquet.Int64Type),
			[]parquet.Value{i64(1), i64(-999999999999999999)}, []parquet.Value{i64(100000000000000000), i64(-1)},
			[]string{"0.000000000000000001", "-0.999999999999999999"}, []float64{0.1, -1e-18}},
		{"fixed_len_byte_array", parquet.Decimal(3, 20, parquet.FixedLenByteArrayType(9)), parquet.Decimal(2, 20, parquet.FixedLenByteArrayType(9)),
			[]parquet.Value{fixed("12345678901234567890"), fixed("-1")}, []parquet.Value{fixed("1299"), fixed("-123456789012345678")},
			[]string{"12345678901234567.890", "-0.001"}, []float64{12.99, -1234567890123456.78}},
		{"byte_array", parquet.Decimal(4, 38, parquet.ByteArrayType), parquet.Decimal(4, 38, parquet.ByteArrayType),
			[]parquet.Value{varLen("123456789012345678901234567890", 13), varLen("-128", 1)}, []parquet.Value{varLen("129900", 3), varLen("-1", 16)},
			[]string{"12345678901234567890123456.7890", "-0.0128"}, []float64{12.99, -0.0001}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := writeFile(t, "decimal.parquet", decimalParquet(t, c.caseNode, c.value, c.cases, c.values))
			es, ps, _ := readAllEvents(t, path)
			if len(ps) > 0 || len(es) != len(c.wantCases) {
				t.Fatalf("events %v, problems %v", es, ps)
			}
			for i, e := range es {
				if e.Case != c.wantCases[i] || e.Value != c.wantValues[i] {
					t.Errorf("row %d: case %q value %v, want %q and %v", e.Row, e.Case, e.Value, c.wantCases[i], c.wantValues[i])
				}
			}
		})
	}
}

func TestDecimalText(t *testing.T) {
	for _, c := range []struct {
		v     parquet.Value
		scale int32
		want  string
	}{
		{parquet.Int64Value(1299), 2, "12.99"},
		{parquet.Int64Value(5), 2, "0.05"},
		{parquet.Int64Value(-5), 2, "-0.05"},
		{parquet.Int64Value(0), 2, "0.00"},
		{parquet.Int64Value(1300), 0, "1300"},
		{parquet.Int64Value(math.MinInt64), 19, "-0.9223372036854775808"},
		{parquet.Int32Value(math.MinInt32), 3, "-2147483.648"},
		{parquet.Int32Value(13), -2, "1300"},
		{parquet.ByteArrayValue([]byte{0xff, 0x85}), 2, "-1.23"},
		{parquet.ByteArrayValue([]byte{0x80}), 0, "-128"},
		{parquet.ByteArrayValue([]byte{0x00, 0x80}), 1, "12.8"},
		{parquet.ByteArrayValue(nil), 2, "0.00"},
		{parquet.FixedLenByteArrayValue([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}), 1, "-0.1"},
	} {
		if got, ok := decimalText(c.v, c.scale); !ok || got != c.want {
			t.Errorf("decimalText(%v, %d) = %q, %v; want %q", c.v, c.scale, got, ok, c.want)
		}
	}
	if _, ok := decimalText(parquet.DoubleValue(1), 2); ok {
		t.Error("a double is read as a decimal")
	}
}
