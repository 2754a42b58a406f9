package eventlog

import (
	"bufio"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// Column names of a ChannelAttribution path table.
const (
	ColumnPath        = "path"
	ColumnConversions = "total_conversions"
	ColumnNulls       = "total_null"
	ColumnValue       = "total_conversion_value"
)

// maxTableProblems is how many errors ReadPathTable collects before it
// stops, and how many duplicate rows it names one by one.
const maxTableProblems = 1000

// PathTable is a ChannelAttribution path table as read by ReadPathTable.
type PathTable struct {
	// Paths are the table's paths, duplicates added up, in the order of
	// their first row.
	Paths []Path
	// Lines holds, for each path, the line of its first row in the file.
	Lines []int64
	// Rows is the number of data rows read.
	Rows int
	// HasNulls and HasValue tell whether the table had the total_null and
	// total_conversion_value columns.
	HasNulls, HasValue bool
	// Warnings are CodeDuplicatePath (rows added up) and CodeMissingNulls.
	Warnings Problems
}

// ReadPathTableFile reads the path table in the named file ("-" is standard
// input); see ReadPathTable.
func ReadPathTableFile(name string) (*PathTable, error) {
	if name == "-" {
		return ReadPathTable(os.Stdin, name)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	hint := 0
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		// About 40 bytes a row or more: presize for as many rows, up to
		// 4M, so that the duplicate index is not rebuilt as it grows.
		hint = int(min(st.Size()/40, 4<<20))
	}
	return readPathTable(f, name, hint)
}

// ReadPathTable reads a ChannelAttribution path table: a header row, then
// one row per path with the columns path (channels separated by ">", each
// trimmed of spaces), total_conversions, total_null (optional, with a
// CodeMissingNulls warning) and total_conversion_value (optional), in any
// order; other columns are ignored. Counts and values are decimal numbers,
// with a decimal comma accepted in a semicolon-separated table. Column names are matched without regard
// to case or surrounding spaces. The separator, a comma, a semicolon or a
// tab, is the one that splits the header into a path column. Rows with the
// same path are added up, with a CodeDuplicatePath warning. Channels are
// kept as written: names that differ only in case or spaces stay distinct
// (Attribute warns about them).
//
// Errors are Problems, all of them at once (up to 1000), each with
// the file name, the line and column of the field, the column name as its
// Path and one of CodeEmptyPath, CodeDanglingSeparator, CodeEmptyChannel,
// CodeBadNumber, CodeNegativeCount, CodeRaggedRow, CodeMissingColumn,
// CodeDuplicateColumn or CodeBadTable. A read error of r is returned as is.
func ReadPathTable(r io.Reader, file string) (*PathTable, error) {
	return readPathTable(r, file, 0)
}

// readPathTable is ReadPathTable with room made for about rows paths.
func readPathTable(r io.Reader, file string, rows int) (*PathTable, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	header, err := br.ReadString('\n')
	if err != nil && err != io.EOF {
		return nil, err
	}
	header = strings.TrimPrefix(header, "\ufeff")
	if strings.TrimSpace(header) == "" {
		return nil, Problems{{Code: CodeMissingColumn, File: file, Row: 1, Message: "the table has no header row (want path, total_conversions, total_null)"}}
	}
	cr := csv.NewReader(io.MultiReader(strings.NewReader(header), br))
	cr.Comma = sniffSeparator(header)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	tr := &tableReader{file: file, cr: cr, index: make(map[string]int, rows), ids: make(map[string]int32)}
	tr.t.Paths = make([]Path, 0, rows)
	tr.t.Lines = make([]int64, 0, rows)
	if err := tr.readHeader(); err != nil {
		return nil, err
	}
	for len(tr.probs) < maxTableProblems {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			tr.probs = append(tr.probs, Problem{Code: CodeBadQuote, File: file, Row: int64(pe.Line), Message: pe.Err.Error()})
			continue
		}
		if err != nil {
			return nil, err
		}
		tr.row(rec)
	}
	if len(tr.probs) > 0 {
		tr.probs.Sort()
		return nil, tr.probs
	}
	if tr.dups > maxTableProblems {
		tr.t.Warnings = append(tr.t.Warnings, Problem{Code: CodeDuplicatePath, File: file, Message: fmt.Sprintf("%d more rows repeat an earlier path; their counts were added to it", tr.dups-maxTableProblems)})
	}
	return &tr.t, nil
}

// sniffSeparator returns the separator that splits header into a path
// column: a tab, a semicolon or a comma, tried in that order; failing that,
// the one that occurs most.
func sniffSeparator(header string) rune {
	seps := []rune{'\t', ';', ','}
	for _, sep := range seps {
		for f := range strings.SplitSeq(header, string(sep)) {
			if strings.EqualFold(strings.Trim(strings.TrimSpace(f), `"`), ColumnPath) {
				return sep
			}
		}
	}
	best, n := ',', 0
	for _, sep := range seps {
		if c := strings.Count(header, string(sep)); c > n {
			best, n = sep, c
		}
	}
	return best
}

// tableReader holds the state of reading one path table.
type tableReader struct {
	file  string
	cr    *csv.Reader
	t     PathTable
	probs Problems
	dups  int

	colPath, colConv, colNull, colValue int
	width                               int

	index map[string]int   // path key (its channel ids as uvarints) → index in t.Paths
	ids   map[string]int32 // channel name → id
	names []string         // channel names by id, shared by the paths
	key   []byte
	chans []int32
	arena []string // room for the paths' channels, cut off path by path
}

// readHeader reads the header row and finds the columns.
func (tr *tableReader) readHeader() error {
	rec, err := tr.cr.Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return Problems{{Code: CodeBadQuote, File: tr.file, Row: int64(pe.Line), Message: pe.Err.Error()}}
	}
	if err != nil {
		return err
	}
	tr.colPath, tr.colConv, tr.colNull, tr.colValue = -1, -1, -1, -1
	tr.width = len(rec)
	var probs Problems
	for i, name := range rec {
		var col *int
		switch strings.ToLower(strings.TrimSpace(name)) {
		case ColumnPath:
			col = &tr.colPath
		case ColumnConversions:
			col = &tr.colConv
		case ColumnNulls:
			col = &tr.colNull
		case ColumnValue:
			col = &tr.colValue
		default:
			continue
		}
		if *col >= 0 {
			line, _ := tr.cr.FieldPos(i)
			probs = append(probs, Problem{Code: CodeDuplicateColumn, File: tr.file, Row: int64(line), Message: fmt.Sprintf("column %q appears twice", strings.TrimSpace(name))})
			continue
		}
		*col = i
	}
	for _, c := range []struct {
		name string
		col  int
	}{{ColumnPath, tr.colPath}, {ColumnConversions, tr.colConv}} {
		if c.col < 0 {
			probs = append(probs, Problem{Code: CodeMissingColumn, File: tr.file, Row: 1, Message: fmt.Sprintf("the header has no %q column (want path, total_conversions, total_null and optionally total_conversion_value)", c.name)})
		}
	}
	if len(probs) > 0 {
		return probs
	}
	tr.t.HasNulls = tr.colNull >= 0
	tr.t.HasValue = tr.colValue >= 0
	if !tr.t.HasNulls {
		tr.t.Warnings = append(tr.t.Warnings, Problem{Code: CodeMissingNulls, File: tr.file, Row: 1, Message: "no total_null column: every path counts as converting only, and the conversion rate is 1"})
	}
	return nil
}

// extraFields reports whether rec has non-empty fields past the header's
// width: an unquoted separator inside a field shifts the row, and reading
// it would credit the wrong numbers. Empty trailing fields (a separator at
// the end of each line) are harmless.
func extraFields(rec []string, width int) bool {
	for i := width; i < len(rec); i++ {
		if strings.TrimSpace(rec[i]) != "" {
			return true
		}
	}
	return false
}

// row reads one data row.
func (tr *tableReader) row(rec []string) {
	tr.t.Rows++
	line, _ := tr.cr.FieldPos(0)
	if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" && tr.width > 1 {
		return // a blank line with spaces: nothing on it
	}
	need := max(tr.colPath, tr.colConv, tr.colNull, tr.colValue)
	if len(rec) <= need || extraFields(rec, tr.width) {
		tr.probs = append(tr.probs, Problem{Code: CodeRaggedRow, File: tr.file, Row: int64(line), Message: fmt.Sprintf("row has %d fields, the header %d", len(rec), tr.width)})
		return
	}
	var p Path
	ok := tr.channels(rec)
	p.Conversions, ok = tr.number(rec, tr.colConv, ColumnConversions, ok)
	if tr.colNull >= 0 {
		p.Nulls, ok = tr.number(rec, tr.colNull, ColumnNulls, ok)
	}
	if tr.colValue >= 0 {
		p.Value, ok = tr.number(rec, tr.colValue, ColumnValue, ok)
	}
	if !ok {
		return
	}
	tr.key = tr.key[:0]
	for _, c := range tr.chans {
		tr.key = binary.AppendUvarint(tr.key, uint64(c))
	}
	if i, seen := tr.index[string(tr.key)]; seen {
		q := &tr.t.Paths[i]
		q.Conversions += p.Conversions
		q.Nulls += p.Nulls
		q.Value += p.Value
		if tr.dups++; tr.dups <= maxTableProblems {
			tr.t.Warnings = append(tr.t.Warnings, Problem{Code: CodeDuplicatePath, File: tr.file, Row: int64(line), Column: ColumnPath, Message: fmt.Sprintf("path repeats the row on line %d; the counts are added up", tr.t.Lines[i])})
		}
		return
	}
	tr.index[string(tr.key)] = len(tr.t.Paths)
	if len(tr.arena) < len(tr.chans) {
		tr.arena = make([]string, max(1<<14, len(tr.chans)))
	}
	p.Channels = tr.arena[:len(tr.chans):len(tr.chans)]
	tr.arena = tr.arena[len(tr.chans):]
	for i, c := range tr.chans {
		p.Channels[i] = tr.names[c]
	}
	tr.t.Paths = append(tr.t.Paths, p)
	tr.t.Lines = append(tr.t.Lines, int64(line))
}

// channels splits the path field of rec into tr.chans and reports whether it
// is well formed.
func (tr *tableReader) channels(rec []string) bool {
	s := rec[tr.colPath]
	line, _ := tr.cr.FieldPos(tr.colPath)
	problem := func(code, msg string) bool {
		tr.probs = append(tr.probs, Problem{Code: code, File: tr.file, Row: int64(line), Column: ColumnPath, Message: msg})
		return false
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return problem(CodeEmptyPath, "path is empty")
	}
	if strings.HasPrefix(t, ">") || strings.HasSuffix(t, ">") {
		return problem(CodeDanglingSeparator, fmt.Sprintf("path %q starts or ends with \">\"", t))
	}
	tr.chans = tr.chans[:0]
	for c := range strings.SplitSeq(t, ">") {
		c = strings.TrimSpace(c)
		if c == "" {
			return problem(CodeEmptyChannel, fmt.Sprintf("path %q has an empty channel between two \">\"", t))
		}
		id, ok := tr.ids[c]
		if !ok {
			id = int32(len(tr.names))
			c = strings.Clone(c)
			tr.ids[c] = id
			tr.names = append(tr.names, c)
		}
		tr.chans = append(tr.chans, id)
	}
	return true
}

// number parses the count or value in column col of rec; ok is false if the
// row already had a problem, and stays false.
func (tr *tableReader) number(rec []string, col int, name string, ok bool) (float64, bool) {
	s := strings.TrimSpace(rec[col])
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && tr.cr.Comma == ';' && strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		// A semicolon-separated table from a locale that writes 0,5.
		v, err = strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	}
	line, _ := tr.cr.FieldPos(col)
	switch {
	case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
		tr.probs = append(tr.probs, Problem{Code: CodeBadNumber, File: tr.file, Row: int64(line), Column: name, Message: fmt.Sprintf("%s %q is not a number", name, s)})
		return 0, false
	case v < 0:
		tr.probs = append(tr.probs, Problem{Code: CodeNegativeCount, File: tr.file, Row: int64(line), Column: name, Message: fmt.Sprintf("%s %s is negative", name, s)})
		return 0, false
	}
	return v, ok
}

// IsPathTable reports whether head, the start of a file, looks like a
// ChannelAttribution path table: its first line, split by the separator
// ReadPathTable would choose, names a path and a total_conversions column.
func IsPathTable(head []byte) bool {
	line, _, _ := strings.Cut(strings.TrimPrefix(string(head), "\ufeff"), "\n")
	sep := string(sniffSeparator(line))
	var path, conv bool
	for f := range strings.SplitSeq(line, sep) {
		switch strings.ToLower(strings.Trim(strings.TrimSpace(f), `"`)) {
		case ColumnPath:
			path = true
		case ColumnConversions:
			conv = true
		}
	}
	return path && conv
}
