package journey

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
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
	// holds some 80 bytes of memory per byte of the file and reads 2 to 5 MB
	// a second: a 64 MiB YAML file would take 5 GB and half a minute.
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
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		if st.Size() > o.MaxBytes {
			return nil, tooLarge(path, o.MaxBytes)
		}
		data = make([]byte, 0, st.Size()+1)
	}
	buf := bytes.NewBuffer(data)
	if _, err := buf.ReadFrom(io.LimitReader(f, o.MaxBytes+1)); err != nil {
		return nil, err
	}
	return o.decode(buf.Bytes(), path)
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

// decodeJSONFast decodes JSON with encoding/json, which is fast and light. It
// returns nil if the data is not a well-formed journey within the limits, or
// if anything (a duplicate key, a key in the wrong case or at the wrong
// level) might have been accepted by encoding/json but not by the strict
// decoder: the caller then decodes again with decodeAST to get every problem
// with its position.
func (o ReadOptions) decodeJSONFast(data []byte) *Journey {
	ok, sizes := jsonShapeStrict(data, o.MaxDepth)
	if !ok {
		return nil
	}
	// Give the large lists their final capacity, which encoding/json keeps:
	// appending 500,000 transitions one by one made their slice several
	// times over and was half of the bytes a large read allocated.
	var j Journey
	if n := sizes.steps; n > 0 && n <= o.MaxSteps {
		j.Steps = make([]Step, 0, n)
	}
	if n := sizes.transitions; n > 0 && n <= o.MaxTransitions {
		j.Transitions = make([]Transition, 0, n)
	}
	if err := json.Unmarshal(data, &j); err != nil {
		return nil
	}
	if len(j.Steps) > o.MaxSteps || len(j.Transitions) > o.MaxTransitions {
		return nil
	}
	if !stringsWithin(reflect.ValueOf(&j).Elem(), o.MaxStringLen) {
		return nil
	}
	return &j
}

// stringsWithin reports whether every string in v is at most max bytes long.
func stringsWithin(v reflect.Value, max int) bool {
	switch v.Kind() {
	case reflect.String:
		return v.Len() <= max
	case reflect.Pointer:
		return v.IsNil() || stringsWithin(v.Elem(), max)
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if !stringsWithin(it.Key(), max) || !stringsWithin(it.Value(), max) {
				return false
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if !stringsWithin(v.Field(i), max) {
				return false
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			if !stringsWithin(v.Index(i), max) {
				return false
			}
		}
	}
	return true
}

// mapKeyFirst records key among the keys of an object read as a map and
// reports whether it is new there; past a few keys it keeps a set, so that
// a map with many keys costs no quadratic search.
func mapKeyFirst(keys *[]string, seen *map[string]bool, key string) bool {
	if *seen == nil && len(*keys) < 16 {
		if slices.Contains(*keys, key) {
			return false
		}
		*keys = append(*keys, key)
		return true
	}
	if *seen == nil {
		*seen = make(map[string]bool, 2*len(*keys))
		for _, k := range *keys {
			(*seen)[k] = true
		}
	}
	if (*seen)[key] {
		return false
	}
	(*seen)[key] = true
	return true
}

// jsonSizes holds the lengths of a JSON journey's large lists.
type jsonSizes struct{ steps, transitions int }

// jsonShapeStrict scans JSON data and reports whether every object key is a
// key of the model, spelt exactly and at its level, no object repeats a key,
// objects and arrays stand where the model has structs and lists, and
// nesting stays within maxDepth. encoding/json matches keys without regard to
// case and keeps the last of duplicate keys; this check lets the fast path
// refuse both, and saves encoding/json's own check of unknown fields, which
// needs its Decoder and a second copy of the data. The scan assumes nothing
// about the syntax: malformed data fails here or in encoding/json. It also
// counts the elements of the top-level steps and transitions lists.
func jsonShapeStrict(data []byte, maxDepth int) (ok bool, sizes jsonSizes) {
	type frame struct {
		typ  reflect.Type // the struct or map of an object, the element type of an array
		obj  bool
		keys []string
		seen map[string]bool // the keys of a long map, to find repeats
		n    *int            // where to count the elements of this array, if anywhere
	}
	var stack []*frame
	next := reflect.TypeFor[Journey]() // the type of the value that comes next
	expectKey := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '{', '[':
			if len(stack) > 0 && !stack[len(stack)-1].obj {
				next = stack[len(stack)-1].typ
				if n := stack[len(stack)-1].n; n != nil {
					*n++
				}
			}
			if next == nil || len(stack) >= maxDepth {
				return false, sizes
			}
			for next.Kind() == reflect.Pointer {
				next = next.Elem()
			}
			if c == '{' {
				if next.Kind() != reflect.Struct && next.Kind() != reflect.Map {
					return false, sizes
				}
				stack = append(stack, &frame{typ: next, obj: true})
				expectKey = true
			} else {
				if next.Kind() != reflect.Slice {
					return false, sizes
				}
				f := &frame{typ: next.Elem()}
				if len(stack) == 1 && len(stack[0].keys) > 0 {
					switch stack[0].keys[len(stack[0].keys)-1] {
					case "steps":
						f.n = &sizes.steps
					case "transitions":
						f.n = &sizes.transitions
					}
				}
				stack = append(stack, f)
				expectKey = false
			}
			next = nil
		case '}', ']':
			if len(stack) == 0 || stack[len(stack)-1].obj != (c == '}') {
				return false, sizes
			}
			stack = stack[:len(stack)-1]
			expectKey = false
		case ',':
			expectKey = len(stack) > 0 && stack[len(stack)-1].obj
		case '"':
			end := i + 1
			escaped := false
			for end < len(data) && data[end] != '"' {
				if data[end] == '\\' {
					escaped = true
					end++
				}
				end++
			}
			if end >= len(data) {
				return false, sizes
			}
			if expectKey {
				if escaped {
					return false, sizes // keys of the model need no escapes
				}
				top := stack[len(stack)-1]
				key := string(data[i+1 : end])
				if top.typ.Kind() == reflect.Map {
					if !mapKeyFirst(&top.keys, &top.seen, key) {
						return false, sizes
					}
					next = top.typ.Elem()
					expectKey = false
					i = end
					continue
				}
				si := fieldsOf(top.typ)
				k, ok := si.byKey[key]
				if !ok || slices.Contains(top.keys, key) {
					return false, sizes
				}
				top.keys = append(top.keys, key)
				next = top.typ.Field(si.list[k].index).Type
				expectKey = false
			}
			i = end
		}
	}
	return true, sizes
}
