package journey

import (
	"encoding/json"
	"reflect"
	"sync"
	"unicode/utf8"

	"github.com/journeymap/journeymap/position"
)

// jsonPositions writes the records of a journey that encoding/json decoded
// from data, which jsonShapeStrict and encoding/json accepted: one pass over
// the bytes, beside the values, placing each value at its first character
// (an object at its '{'). Lines end at "\n", "\r\n" or a lone "\r", as for
// YAML; columns count runes from 1.
func jsonPositions(data []byte, j *Journey, file string) {
	s := &jsonPlacer{data: data, w: position.NewWriter(file), line: 1, col: 1}
	s.space()
	if s.i < len(data) && data[s.i] == '{' {
		s.object(reflect.ValueOf(j).Elem(), journeyPlan())
	}
}

// jsonPlacer walks JSON text beside the values decoded from it.
type jsonPlacer struct {
	data []byte
	i    int
	w    *position.Writer

	// line and col are those of byte mark, which only moves forward, so
	// that counting columns is linear in the data however many are asked.
	line, col, mark int
}

// here returns the line and column of the current byte.
func (s *jsonPlacer) here() (int, int) {
	for s.mark < s.i {
		c := s.data[s.mark]
		switch {
		case c == '\n' || c == '\r' && (s.mark+1 >= len(s.data) || s.data[s.mark+1] != '\n'):
			s.line, s.col = s.line+1, 1
			s.mark++
		case c < utf8.RuneSelf:
			s.col++
			s.mark++
		default:
			_, size := utf8.DecodeRune(s.data[s.mark:])
			s.col++
			s.mark += size
		}
	}
	return s.line, s.col
}

func (s *jsonPlacer) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
			continue
		}
		return
	}
}

// str skips the string at s.i and returns its bytes between the quotes and
// whether it has escapes.
func (s *jsonPlacer) str() ([]byte, bool) {
	start := s.i
	escaped := false
	for s.i++; s.i < len(s.data); s.i++ {
		switch s.data[s.i] {
		case '\\':
			escaped = true
			s.i++
		case '"':
			s.i++
			return s.data[start+1 : s.i-1], escaped
		}
	}
	return s.data[start+1:], escaped
}

// skip skips the value at s.i.
func (s *jsonPlacer) skip() {
	depth := 0
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case '"':
			s.str()
			if depth == 0 {
				return
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return
			}
			depth--
			if depth == 0 {
				s.i++
				return
			}
		case ',', ' ', '\t', '\r', '\n', ':':
			if depth == 0 {
				return
			}
		}
		s.i++
	}
}

// jsonKind says what a key's value is, for placing its parts.
type jsonKind uint8

const (
	jsonScalar  jsonKind = iota
	jsonPlain            // a list of plain values: elements recorded by index
	jsonRecords          // a list of structs with records of their own
	jsonMap              // a mapping: entries recorded by key
	jsonFlat             // a struct (or pointer to one) recorded in this record
)

// jsonPlan says, for one struct type as it stands in a record, what each
// key's field is and the id it is recorded under, so that placing a large
// file costs no reflection per field.
type jsonPlan struct {
	posField int // the index of the Position field; -1 for a flattened struct
	keys     map[string]*jsonKey
}

type jsonKey struct {
	index int // the field's index in the struct
	id    int // the id of its part in the record
	kind  jsonKind
	child *jsonPlan // of the elements (jsonRecords) or of the struct (jsonFlat)
}

var journeyPlan = sync.OnceValue(func() *jsonPlan { return newJSONPlan(reflect.TypeFor[Journey](), nil, "") })

// newJSONPlan returns the plan of struct type t: a record of its own if ri
// is nil, else flattened into the record ri numbers, under prefix.
func newJSONPlan(t reflect.Type, ri *recordInfo, prefix string) *jsonPlan {
	pl := &jsonPlan{posField: -1, keys: map[string]*jsonKey{}}
	if ri == nil {
		ri = recordInfoOf(t)
		pl.posField = ri.posField
	}
	for _, f := range fieldsOf(t).list {
		k := &jsonKey{index: f.index, id: ri.id(prefix + f.key)}
		ft := t.Field(f.index).Type
		switch dt := derefType(ft); {
		case ft.Kind() == reflect.Slice && hasRecord(ft.Elem()):
			k.kind, k.child = jsonRecords, newJSONPlan(ft.Elem(), nil, "")
		case ft.Kind() == reflect.Slice:
			k.kind = jsonPlain
		case ft.Kind() == reflect.Map:
			k.kind = jsonMap
		case dt.Kind() == reflect.Struct:
			k.kind, k.child = jsonFlat, newJSONPlan(dt, ri, prefix+f.key+".")
		}
		pl.keys[f.key] = k
	}
	return pl
}

// object places the object at s.i, decoded into the addressable struct v.
func (s *jsonPlacer) object(v reflect.Value, pl *jsonPlan) {
	if pl.posField >= 0 {
		line, col := s.here()
		s.w.Begin(line, col)
	}
	s.members(func(key, _ []byte) {
		k := pl.keys[string(key)]
		if k == nil {
			s.skip()
			return
		}
		line, col := s.here()
		s.w.Field(k.id, line, col)
		if s.i >= len(s.data) {
			return
		}
		switch c := s.data[s.i]; {
		case k.kind == jsonPlain && c == '[':
			s.plain(k.id)
		case k.kind == jsonRecords && c == '[':
			s.records(v.Field(k.index), k.child)
		case k.kind == jsonMap && c == '{':
			s.mapping(k.id)
		case k.kind == jsonFlat && c == '{':
			fv := v.Field(k.index)
			if fv.Kind() == reflect.Pointer {
				fv = fv.Elem()
			}
			s.object(fv, k.child)
		default:
			s.skip()
		}
	})
	if pl.posField >= 0 {
		*v.Field(pl.posField).Addr().Interface().(*position.Record) = s.w.End()
	}
}

// members calls f for each member of the object at s.i with its key (the
// bytes between the quotes, and the key as written if it has escapes), s.i
// at the member's value; f must move s.i past the value.
func (s *jsonPlacer) members(f func(key, quoted []byte)) {
	s.i++ // '{'
	for {
		s.space()
		if s.i >= len(s.data) || s.data[s.i] != '"' {
			break
		}
		start := s.i
		key, escaped := s.str()
		var quoted []byte
		if escaped {
			quoted = s.data[start:s.i]
		}
		s.space()
		if s.i >= len(s.data) || s.data[s.i] != ':' {
			return
		}
		s.i++
		s.space()
		f(key, quoted)
		s.space()
		if s.i < len(s.data) && s.data[s.i] == ',' {
			s.i++
		}
	}
	if s.i < len(s.data) && s.data[s.i] == '}' {
		s.i++
	}
}

func (s *jsonPlacer) mapping(id int) {
	s.members(func(key, quoted []byte) {
		k := string(key)
		if quoted != nil {
			var u string
			if json.Unmarshal(quoted, &u) == nil {
				k = u
			}
		}
		line, col := s.here()
		s.w.Key(id, k, line, col)
		s.skip()
	})
}

// elements calls f for each element of the list at s.i, s.i at the
// element; f must move s.i past it. It returns the number of elements.
func (s *jsonPlacer) elements(f func(n int)) int {
	s.i++ // '['
	n := 0
	for ; ; n++ {
		s.space()
		if s.i >= len(s.data) || s.data[s.i] == ']' {
			break
		}
		f(n)
		s.space()
		if s.i < len(s.data) && s.data[s.i] == ',' {
			s.i++
		}
	}
	if s.i < len(s.data) {
		s.i++
	}
	return n
}

// plain places the elements of a list of plain values in field id.
func (s *jsonPlacer) plain(id int) {
	n := s.elements(func(n int) {
		line, col := s.here()
		s.w.Elem(id, n, line, col)
		s.skip()
	})
	s.w.Len(id, n)
}

// records places the structs of a list, decoded into the slice v.
func (s *jsonPlacer) records(v reflect.Value, pl *jsonPlan) {
	s.elements(func(n int) {
		switch {
		case n < v.Len() && s.data[s.i] == '{':
			s.object(v.Index(n), pl)
		case n < v.Len():
			// null: the zero struct still learns its place.
			line, col := s.here()
			s.w.Begin(line, col)
			*v.Index(n).Field(pl.posField).Addr().Interface().(*position.Record) = s.w.End()
			s.skip()
		default:
			s.skip()
		}
	})
}
