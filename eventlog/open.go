package eventlog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Format is an event log's file format.
type Format string

// The formats the package reads.
const (
	CSV     Format = "csv"     // CSV or TSV
	JSONL   Format = "jsonl"   // JSON Lines: one JSON object per line
	XES     Format = "xes"     // IEEE 1849 XES
	Parquet Format = "parquet" // Apache Parquet
	XLSX    Format = "xlsx"    // Excel workbook (first sheet)
)

// FormatOf returns the format a file name says (.csv, .tsv, .txt, .tab,
// .jsonl, .ndjson, .json, .xes, .parquet, .pq, .xlsx or .xlsm, each
// optionally followed by .gz), or "" if the name says none.
func FormatOf(name string) Format {
	n := strings.ToLower(name)
	n = strings.TrimSuffix(n, ".gz")
	switch filepath.Ext(n) {
	case ".csv", ".tsv", ".txt", ".tab":
		return CSV
	case ".jsonl", ".ndjson", ".json":
		return JSONL
	case ".xes":
		return XES
	case ".parquet", ".pq":
		return Parquet
	case ".xlsx", ".xlsm":
		return XLSX
	}
	return ""
}

// ReadCloser is a Reader of a file that must be closed.
type ReadCloser interface {
	Reader
	Described
	io.Closer
	// Format is the format being read.
	Format() Format
}

type fileReader struct {
	Reader
	Described
	format Format
	close  func() error
}

// rawFileReader is a fileReader whose reader hands out rawEvents.
type rawFileReader struct {
	*fileReader
	raw rawReader
}

func (f rawFileReader) readRaw(e *rawEvent) error { return f.raw.readRaw(e) }

// wrap returns f, as a rawReader too when its reader is one.
func wrap(f *fileReader) ReadCloser {
	if raw, ok := f.Reader.(rawReader); ok {
		return rawFileReader{f, raw}
	}
	return f
}

func (f *fileReader) Close() error   { return f.close() }
func (f *fileReader) Format() Format { return f.format }

// OpenFile opens the event log at path ("-" for standard input). The format
// follows the name (see FormatOf), else the content: "PAR1" means Parquet,
// a zip means Excel, "<" XES, "{" JSON Lines and anything else CSV. A
// gzipped file (one that starts with the gzip magic bytes, whatever its
// name) is unpacked. Parquet files and workbooks need random access: a
// plain one is read in place, while a gzipped one, like standard input,
// is first unpacked whole into memory. Problems are reported against
// opts.File, or path.
func OpenFile(path string, opts ReadOptions) (ReadCloser, error) {
	if opts.File == "" {
		opts.File = path
	}
	var f *os.File
	if path == "-" {
		f = os.Stdin
	} else {
		var err error
		if f, err = os.Open(path); err != nil {
			return nil, Problems{{File: opts.File, Code: CodeReadError, Message: errMessage(err)}}
		}
	}
	closeF := func() error {
		if f == os.Stdin {
			return nil
		}
		return f.Close()
	}
	format := FormatOf(path)
	if format == Parquet || format == XLSX {
		// A gzipped file goes to NewReader, which unpacks it into memory.
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && !isGzip(f) {
			r, err := newRandomAccess(format, f, st.Size(), opts)
			if err != nil {
				closeF()
				return nil, err
			}
			return wrap(&fileReader{Reader: r, Described: r.(Described), format: format, close: closeBoth(r, closeF)}), nil
		}
	}
	r, format, err := NewReader(f, format, opts)
	if err != nil {
		closeF()
		return nil, err
	}
	return wrap(&fileReader{Reader: r, Described: r.(Described), format: format, close: closeBoth(r, closeF)}), nil
}

// isGzip reports whether the file f starts with the gzip magic bytes.
func isGzip(f *os.File) bool {
	var head [2]byte
	n, _ := f.ReadAt(head[:], 0)
	return n == 2 && head == [2]byte{0x1f, 0x8b}
}

// closeBoth closes the reader, if it holds resources, then the file.
func closeBoth(r Reader, closeF func() error) func() error {
	return func() error {
		var err error
		if c, ok := r.(io.Closer); ok {
			err = c.Close()
		}
		if e := closeF(); err == nil {
			err = e
		}
		return err
	}
}

func errMessage(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// NewReader returns a reader of the log in r, in the given format or, if
// format is "", the one its content shows (see OpenFile). Gzip is unpacked
// in either case. It returns the format read.
func NewReader(r io.Reader, format Format, opts ReadOptions) (Reader, Format, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, _ := br.Peek(sniffSize)
	var src io.Reader = br
	if bytes.HasPrefix(head, []byte{0x1f, 0x8b}) {
		z, err := gzip.NewReader(br)
		if err != nil {
			return nil, format, Problems{{File: opts.File, Code: CodeBadGzip, Message: "cannot read the gzip header: " + err.Error()}}
		}
		zb := bufio.NewReaderSize(gzipErrors{z}, 1<<16)
		src = zb
		head, _ = zb.Peek(sniffSize)
	}
	if format == "" {
		format = sniffFormat(head)
	}
	switch format {
	case CSV:
		c, err := NewCSVReader(src, opts)
		return nilIfErr(c, err), format, err
	case JSONL:
		j, err := NewJSONLReader(src, opts)
		return nilIfErr(j, err), format, err
	case XES:
		x, err := NewXESReader(src, opts)
		return nilIfErr(x, err), format, err
	case Parquet, XLSX:
		data, err := io.ReadAll(src)
		if err != nil {
			return nil, format, Problems{*asProblem(err, opts.File)}
		}
		rd, err := newRandomAccess(format, bytes.NewReader(data), int64(len(data)), opts)
		return rd, format, err
	}
	return nil, format, Problems{{File: opts.File, Code: CodeUnknownFormat, Message: "unknown format " + quote(string(format))}}
}

// nilIfErr returns a nil Reader interface for a failed constructor.
func nilIfErr[R Reader](r R, err error) Reader {
	if err != nil {
		return nil
	}
	return r
}

// sniffSize is how many bytes of the start of a log sniffFormat is given:
// enough for some blank lines before the first character.
const sniffSize = 512

// sniffFormat tells the format of a log from head, its first sniffSize
// bytes (fewer if the log is shorter): Parquet and Excel by their magic
// bytes, then, after a UTF-8 byte order mark and whitespace (spaces, tabs,
// CR and LF), "<" for XES and "{" for JSON Lines. Anything else is CSV,
// which is also what a head of nothing but whitespace says.
func sniffFormat(head []byte) Format {
	h := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	h = bytes.TrimLeft(h, " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("PAR1")):
		return Parquet
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return XLSX
	case bytes.HasPrefix(h, []byte("<")):
		return XES
	case bytes.HasPrefix(h, []byte("{")):
		return JSONL
	}
	return CSV
}

// gzipErrors reports a corrupt or cut-short gzip stream as a bad-gzip
// problem.
type gzipErrors struct{ z *gzip.Reader }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.z.Read(p)
	if err != nil && err != io.EOF {
		msg := err.Error()
		if err == io.ErrUnexpectedEOF {
			msg = "the file ends in the middle of the gzip stream (truncated?)"
		}
		return n, &Problem{Code: CodeBadGzip, Message: msg}
	}
	return n, err
}
