package journey

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/journeymap/journeymap/position"
)

// Positions travel with the values they belong to. Each struct of the model
// that stands in a list (and the journey itself) has a Position field of
// type position.Record, set by Read, holding where the value and its parts
// stand in the file. Structs held by value or pointer (a persona's segment,
// a transition's time, the journey's observed figures) have no record of
// their own: their keys are recorded, flattened ("time.median"), in the
// record of the struct holding them.
//
// Read writes the records (decodeAST for YAML, jsonPositions for JSON);
// Validate finds each problem's place by following its path through the
// journey as it is now, to the record of the innermost struct with one.

var recordType = reflect.TypeFor[position.Record]()

// recordInfo numbers the parts of the records of one struct type: its own
// keys first, in the order of fieldsOf (so that the id of a key is its
// index there), then the keys of the structs it holds by value or pointer,
// flattened into dotted paths.
type recordInfo struct {
	posField int            // the index of the Position field; -1 if the type has none
	ids      map[string]int // dotted key path -> id
}

var recordInfos sync.Map // reflect.Type -> *recordInfo

// recordInfoOf returns the record numbering of the struct type t.
func recordInfoOf(t reflect.Type) *recordInfo {
	if ri, ok := recordInfos.Load(t); ok {
		return ri.(*recordInfo)
	}
	ri := &recordInfo{posField: -1, ids: map[string]int{}}
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Type == recordType {
			ri.posField = i
		}
	}
	si := fieldsOf(t)
	for _, f := range si.list {
		ri.ids[f.key] = len(ri.ids)
	}
	var flatten func(t reflect.Type, prefix string)
	flatten = func(t reflect.Type, prefix string) {
		for _, f := range fieldsOf(t).list {
			ft := derefType(t.Field(f.index).Type)
			if ft.Kind() != reflect.Struct || hasRecord(ft) {
				continue
			}
			p := prefix + f.key + "."
			for _, g := range fieldsOf(ft).list {
				ri.ids[p+g.key] = len(ri.ids)
			}
			flatten(ft, p)
		}
	}
	flatten(t, "")
	// The empty path places the mapping itself, where it stands apart
	// from the value as written (an alias of an anchored mapping).
	ri.ids[""] = len(ri.ids)
	recordInfos.Store(t, ri)
	return ri
}

// id returns the id of the key path rel; -1 if the type has no such key.
func (ri *recordInfo) id(rel string) int {
	if id, ok := ri.ids[rel]; ok {
		return id
	}
	return -1
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// hasRecord reports whether the struct type t has a Position field.
func hasRecord(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && recordInfoOf(t).posField >= 0
}

// locate sets File, Line and Column of the problems from the positions the
// journey's values carry. A problem whose value was not read from a file
// (a step added in Go), or whose path no longer leads anywhere, keeps 0s
// and the journey's own file; a path whose last key is missing (a step
// without an id) gets the place of the mapping that lacks it.
func locate(j *Journey, ps Problems) {
	root := reflect.ValueOf(j).Elem()
	for i := range ps {
		p := &ps[i]
		if rec, line, col, ok := place(root, p.Path); ok {
			p.File, p.Line, p.Column = rec.File(), line, col
		} else if f := j.Position.File(); f != "" {
			p.File = f
		}
	}
}

// place follows path (such as "steps[3].barriers[0].severity") from the
// journey v and returns where its value stands, with the record that says so.
func place(v reflect.Value, path string) (rec position.Record, line, col int, ok bool) {
	ri := recordInfoOf(v.Type())
	rec = v.Field(ri.posField).Interface().(position.Record)
	rel := "" // the key path from the innermost record's struct
	// The place of the mapping the last key is missing from, if it is.
	var fallback func() (int, int, bool)
	for path != "" {
		if path[0] == '[' {
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return rec, 0, 0, false
			}
			i, err := strconv.Atoi(path[1:end])
			path = path[end+1:]
			if err != nil || v.Kind() != reflect.Slice || i < 0 || i >= v.Len() {
				return rec, 0, 0, false
			}
			fallback = nil
			el := v.Index(i)
			if hasRecord(el.Type()) {
				ri = recordInfoOf(el.Type())
				rec = el.Field(ri.posField).Interface().(position.Record)
				v, rel = el, ""
				continue
			}
			if path != "" {
				return rec, 0, 0, false // nothing inside a plain value
			}
			line, col, ok = rec.Elem(ri.id(rel), i, v.Len())
			return rec, line, col, ok
		}
		path = strings.TrimPrefix(path, ".")
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v = reflect.Zero(v.Type().Elem())
			} else {
				v = v.Elem()
			}
		}
		if v.Kind() == reflect.Map {
			// The rest of the path is the key: persona IDs may hold dots.
			// A key the mapping lacks is placed at the mapping.
			if line, col, ok = rec.Key(ri.id(rel), path); !ok {
				line, col, ok = rec.Field(ri.id(rel))
			}
			return rec, line, col, ok
		}
		end := strings.IndexAny(path, ".[")
		if end < 0 {
			end = len(path)
		}
		key := path[:end]
		path = path[end:]
		if v.Kind() != reflect.Struct {
			return rec, 0, 0, false
		}
		k, known := fieldsOf(v.Type()).byKey[key]
		if !known {
			return rec, 0, 0, false
		}
		parent, prec := rel, rec
		pri := ri
		fallback = func() (int, int, bool) {
			if parent != "" {
				return prec.Field(pri.id(parent))
			}
			if l, c, ok := prec.Field(pri.id("")); ok {
				return l, c, true
			}
			l, c := prec.At()
			return l, c, !prec.IsZero()
		}
		v = v.Field(fieldsOf(v.Type()).list[k].index)
		if rel != "" {
			rel += "."
		}
		rel += key
	}
	if rel == "" {
		line, col = rec.At()
		return rec, line, col, !rec.IsZero()
	}
	if line, col, ok = rec.Field(ri.id(rel)); ok {
		return rec, line, col, true
	}
	if fallback != nil {
		line, col, ok = fallback()
	}
	return rec, line, col, ok
}

// StripPositions sets every Position in j to the zero Record, as if j had
// been built in Go: reflect.DeepEqual then compares the values alone. Equal
// compares journeys without stripping them.
func (j *Journey) StripPositions() {
	if j != nil {
		strip(reflect.ValueOf(j).Elem())
	}
}

func strip(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.Type() == recordType {
				f.Set(reflect.Zero(recordType))
			} else if f.CanSet() {
				strip(f)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			strip(v.Index(i))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			strip(v.Elem())
		}
	}
}

// Equal reports whether a and b hold the same journey: equal values in
// every field, with their Positions (where each was read from) left out of
// the comparison, a nil list or mapping equal to an empty one, and NaN equal
// to NaN. Read(Write(j)) is Equal to j, except for invalid UTF-8 (Write
// writes U+FFFD).
func Equal(a, b *Journey) bool {
	if a == nil || b == nil {
		return a == b
	}
	return equalValue(reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem())
}

func equalValue(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Struct:
		if a.Type() == recordType {
			return true
		}
		for i := 0; i < a.NumField(); i++ {
			if !equalValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !equalValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		for it := a.MapRange(); it.Next(); {
			bv := b.MapIndex(it.Key())
			if !bv.IsValid() || !equalValue(it.Value(), bv) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equalValue(a.Elem(), b.Elem())
	case reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y || math.IsNaN(x) && math.IsNaN(y)
	case reflect.String:
		return a.String() == b.String()
	case reflect.Int, reflect.Int64:
		return a.Int() == b.Int()
	}
	return a.Interface() == b.Interface()
}
