package journey

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// Format is a file format a journey can be read from and written to.
type Format int

// The formats. Read detects the format from the content; Write is told.
const (
	YAML Format = iota
	JSON
)

// String returns "yaml" or "json".
func (f Format) String() string {
	switch f {
	case YAML:
		return "yaml"
	case JSON:
		return "json"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Default limits of ReadOptions, used where a field is zero.
const (
	DefaultMaxBytes       = 64 << 20
	DefaultMaxYAMLBytes   = 8 << 20
	DefaultMaxAliases     = 10000
	DefaultMaxDepth       = 64
	DefaultMaxStringLen   = 64 << 10
	DefaultMaxSteps       = 1000000
	DefaultMaxTransitions = 5000000
)

// aliasWorkBudget bounds the number of nodes decoded through aliases, so that
// a few aliases of a huge anchor cannot make a small file expensive.
const aliasWorkBudget = 1 << 20

// ReadOptions bounds what Read accepts, so that a hostile file cannot exhaust
// memory or time. The zero value gives safe defaults; a negative field means
// the default too. A file beyond a limit gives a Problem with the limit's code
// (too-large, alias-limit, too-deep, string-too-long, too-many-steps,
// too-many-transitions).
type ReadOptions struct {
	// MaxBytes bounds the size of the file (DefaultMaxBytes, 64 MiB).
	MaxBytes int64
	// MaxYAMLBytes bounds the size of a YAML file, and of a JSON file that
	// is not a well-formed journey (such a file is decoded like YAML, to
	// place its problems), at DefaultMaxYAMLBytes (8 MiB). The YAML decoder
	// holds many times the file in memory and is slow (BENCHMARKS.md,
	// "Figures behind the doc comments").
	// Well-formed JSON journeys take a fast path bounded by MaxBytes alone.
	MaxYAMLBytes int64
	// MaxAliases bounds how many YAML aliases are expanded
	// (DefaultMaxAliases); a "billion laughs" file fails fast.
	MaxAliases int
	// MaxDepth bounds the nesting of YAML and JSON collections (DefaultMaxDepth, 64).
	MaxDepth int
	// MaxStringLen bounds the length in bytes of any one string
	// (DefaultMaxStringLen, 64 KiB).
	MaxStringLen int
	// MaxSteps and MaxTransitions bound the number of steps (DefaultMaxSteps,
	// one million) and transitions (DefaultMaxTransitions, five million).
	MaxSteps, MaxTransitions int
}

func (o ReadOptions) withDefaults() ReadOptions {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxYAMLBytes <= 0 {
		o.MaxYAMLBytes = DefaultMaxYAMLBytes
	}
	if o.MaxAliases <= 0 {
		o.MaxAliases = DefaultMaxAliases
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxStringLen <= 0 {
		o.MaxStringLen = DefaultMaxStringLen
	}
	if o.MaxSteps <= 0 {
		o.MaxSteps = DefaultMaxSteps
	}
	if o.MaxTransitions <= 0 {
		o.MaxTransitions = DefaultMaxTransitions
	}
	return o
}

// Read reads a journey in YAML or JSON from r, with the default ReadOptions.
// The format is detected from the content: a document whose first non-space
// character is '{' is JSON, anything else YAML.
//
// Read checks that the file is a journey (its syntax, keys and value types)
// but does not Validate it. If the file is not a journey, Read returns a nil
// Journey and a Problems error listing every problem found, each with its
// line and column. Errors reading r are returned as they are.
func Read(r io.Reader) (*Journey, error) { return ReadOptions{}.Read(r) }

// ReadFile reads a journey from the named file, like Read. Problems carry the
// file name.
func ReadFile(path string) (*Journey, error) { return ReadOptions{}.ReadFile(path) }

// ReadBytes reads a journey from data, like Read. It does not keep data.
func ReadBytes(data []byte) (*Journey, error) { return ReadOptions{}.ReadBytes(data) }

// Read reads a journey from r within the limits of o; see the package-level Read.
func (o ReadOptions) Read(r io.Reader) (*Journey, error) {
	o = o.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, o.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("journey: reading: %w", err)
	}
	return o.decode(data, "")
}

// ReadFile reads a journey from the named file within the limits of o; see
// the package-level ReadFile.
func (o ReadOptions) ReadFile(path string) (*Journey, error) {
	o = o.withDefaults()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var data []byte
	if st, serr := f.Stat(); serr == nil && st.Mode().IsRegular() {
		if st.Size() > o.MaxBytes {
			return nil, tooLarge(path, o.MaxBytes)
		}
		data, err = readSized(f, st.Size(), o.MaxBytes)
	} else {
		data, err = io.ReadAll(io.LimitReader(f, o.MaxBytes+1))
	}
	if err != nil {
		return nil, err
	}
	return o.decode(data, path)
}

// readSized reads a file of the given size into a buffer of that size, in
// one allocation (a buffer that grows as it reads zeroes and copies twice
// the file), and then whatever the file has grown by, up to max+1 bytes.
func readSized(r io.Reader, size, max int64) ([]byte, error) {
	data := make([]byte, size)
	n, err := io.ReadFull(r, data)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return data[:n], nil // the file shrank
	}
	if err != nil {
		return nil, err
	}
	rest, err := io.ReadAll(io.LimitReader(r, max+1-size))
	if err != nil {
		return nil, err
	}
	return append(data, rest...), nil
}

// ReadBytes reads a journey from data within the limits of o; see the
// package-level ReadBytes.
func (o ReadOptions) ReadBytes(data []byte) (*Journey, error) {
	o = o.withDefaults()
	if int64(len(data)) > o.MaxBytes {
		return nil, tooLarge("", o.MaxBytes)
	}
	return o.decode(data, "")
}

func tooLarge(file string, max int64) error {
	return Problems{{Code: "too-large", File: file,
		Message: fmt.Sprintf("the file is larger than the limit of %d bytes", max)}}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// wideEncoding names the encoding of data if it starts like UTF-16 or
// UTF-32 text (a byte order mark, or ASCII interleaved with zero bytes).
func wideEncoding(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}):
		return "UTF-32"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "UTF-16"
	case len(data) >= 4 && data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0,
		len(data) >= 4 && data[0] == 0 && data[1] != 0 && data[2] == 0 && data[3] != 0:
		return "UTF-16"
	}
	return ""
}

// detect returns the format of data, which has no BOM, and whether it holds
// anything but white space.
func detect(data []byte) (Format, bool) {
	for _, c := range data {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return JSON, true
		}
		return YAML, true
	}
	return YAML, false
}

// decode decodes data, o having its defaults set. The journey keeps
// nothing of data but the positions of its values.
func (o ReadOptions) decode(data []byte, file string) (*Journey, error) {
	if int64(len(data)) > o.MaxBytes {
		return nil, tooLarge(file, o.MaxBytes)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if enc := wideEncoding(data); enc != "" {
		return nil, Problems{{Code: "syntax", File: file, Line: 1, Column: 1,
			Message: "the file is encoded in " + enc + "; journeys must be UTF-8"}}
	}
	format, ok := detect(data)
	if !ok {
		return nil, Problems{{Code: "empty-file", File: file, Message: "the file is empty"}}
	}
	var j *Journey
	if format == JSON {
		if j = o.decodeJSONFast(data); j != nil {
			jsonPositions(data, j, file)
			return j, nil
		}
	}
	if int64(len(data)) > o.MaxYAMLBytes {
		msg := fmt.Sprintf("the YAML file is larger than the limit of %d bytes for YAML (ReadOptions.MaxYAMLBytes)", o.MaxYAMLBytes)
		if format == JSON {
			msg = fmt.Sprintf("the JSON file is not a well-formed journey, and too large (over %d bytes, ReadOptions.MaxYAMLBytes) to be searched for its problems", o.MaxYAMLBytes)
		}
		return nil, Problems{{Code: "too-large", File: file, Message: msg}}
	}
	j, ps := o.decodeAST(normalizeNewlines(data), file)
	if len(ps) > 0 {
		for i := range ps {
			ps[i].File = file
		}
		ps.Sort()
		return nil, ps
	}
	return j, nil
}

// normalizeNewlines turns each "\r\n" of YAML data into "\n", as YAML
// itself does with line breaks: goccy/go-yaml counts a comment line ended by
// "\r\n" as two lines, which put every later position off.
func normalizeNewlines(data []byte) []byte {
	if bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	return bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
}
