package journey

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Write writes the journey to w in the given format: YAML (block style, two
// spaces of indentation) or JSON (two spaces of indentation). Keys come in
// the order of the struct fields (mapping keys sorted) and empty fields are
// left out, so that Read(Write(j)) gives back a journey Equal to j, except
// that invalid UTF-8 in strings is replaced by U+FFFD; with its positions
// stripped (StripPositions) it is reflect.DeepEqual to j but for empty lists
// and mappings, which come back nil. JSON cannot hold NaN or an infinity:
// Write returns an error for them. Positions are not written.
func Write(w io.Writer, j *Journey, f Format) error {
	if j == nil {
		return errors.New("journey: Write of a nil journey")
	}
	switch f {
	case JSON:
		bw := bufio.NewWriter(w)
		enc := json.NewEncoder(bw)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(j); err != nil {
			return fmt.Errorf("journey: writing JSON: %w", err)
		}
		return bw.Flush()
	case YAML:
		e := &yamlEncoder{w: bufio.NewWriter(w)}
		e.mapping(reflect.ValueOf(j).Elem(), 0, false)
		return e.w.Flush()
	}
	return fmt.Errorf("journey: Write: unknown format %v", f)
}

// yamlEncoder writes the model as block-style YAML. Strings that YAML could
// read as anything but the same string are double-quoted.
type yamlEncoder struct {
	w *bufio.Writer
}

func (e *yamlEncoder) indent(n int) {
	for i := 0; i < n; i++ {
		e.w.WriteString("  ")
	}
}

// isEmpty reports whether an omitempty field holding v is left out.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice, reflect.String, reflect.Map:
		return v.Len() == 0
	}
	return v.IsZero()
}

// mapping writes the struct v at the given indentation level. If inSeq is
// set, the first key goes on the current line, after "- ".
func (e *yamlEncoder) mapping(v reflect.Value, level int, inSeq bool) {
	first := true
	for _, f := range fieldsOf(v.Type()).list {
		fv := v.Field(f.index)
		if f.omitEmpty && isEmpty(fv) {
			continue
		}
		if !(first && inSeq) {
			e.indent(level)
		}
		first = false
		e.w.WriteString(f.key)
		e.w.WriteByte(':')
		e.value(fv, level)
	}
	if first {
		if !inSeq {
			e.indent(level)
		}
		e.w.WriteString("{}\n")
	}
}

// value writes v after a key's colon, ending the line.
func (e *yamlEncoder) value(v reflect.Value, level int) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			e.w.WriteString(" null\n")
			return
		}
		e.value(v.Elem(), level)
		return
	case reflect.Map:
		if v.Len() == 0 {
			e.w.WriteString(" {}\n")
			return
		}
		e.w.WriteByte('\n')
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			e.indent(level + 1)
			e.w.WriteString(yamlString(k.String()))
			e.w.WriteByte(':')
			e.value(v.MapIndex(k), level+1)
		}
		return
	case reflect.Struct:
		e.w.WriteByte('\n')
		e.mapping(v, level+1, false)
		return
	case reflect.Slice:
		if v.Len() == 0 {
			e.w.WriteString(" []\n")
			return
		}
		e.w.WriteByte('\n')
		for i := 0; i < v.Len(); i++ {
			e.indent(level + 1)
			e.w.WriteString("- ")
			el := v.Index(i)
			if el.Kind() == reflect.Struct {
				e.mapping(el, level+2, true)
				continue
			}
			e.w.WriteString(e.scalar(el))
			e.w.WriteByte('\n')
		}
		return
	}
	e.w.WriteByte(' ')
	e.w.WriteString(e.scalar(v))
	e.w.WriteByte('\n')
}

func (e *yamlEncoder) scalar(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return yamlString(v.String())
	case reflect.Int, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Float64:
		return yamlFloat(v.Float())
	}
	return yamlString(fmt.Sprint(v.Interface()))
}

// yamlFloat formats f so that goccy/go-yaml reads it back as the same float:
// the shortest exact form, with a fraction before any exponent.
func yamlFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return ".nan"
	case math.IsInf(f, 1):
		return ".inf"
	case math.IsInf(f, -1):
		return "-.inf"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if i := strings.IndexByte(s, 'e'); i >= 0 && !strings.Contains(s[:i], ".") {
		s = s[:i] + ".0" + s[i:]
	}
	return s
}

// reserved are plain scalars YAML (1.1 or 1.2) reads as something other than
// a string, compared in lower case.
var reserved = map[string]bool{
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true,
	"y": true, "n": true, "null": true, "nan": true, "inf": true, "infinity": true,
}

// yamlString returns s as a YAML scalar: plain if it is plainly a string
// (letters first, then letters, digits, spaces and a few safe signs),
// double-quoted otherwise.
func yamlString(s string) string {
	if plainSafe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 || r == 0xfeff:
			fmt.Fprintf(&b, `\u%04X`, r)
		default: // includes utf8.RuneError for invalid bytes
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func plainSafe(s string) bool {
	if s == "" || len(s) > 200 || reserved[strings.ToLower(s)] {
		return false
	}
	if c := s[0]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		return false
	}
	if s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == ' ' && s[i-1] != ' ':
		case c == '-' || c == '_' || c == '.' || c == '/' || c == '(' || c == ')' || c == '+' || c == '=' || c == ';' || c == '?' || c == '!':
		case c == ',' || c == '\'':
		default:
			return false
		}
	}
	return true
}
