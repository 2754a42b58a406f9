package journey

import (
	"encoding/json"
	"reflect"
	"slices"
)

// The JSON fast path as it was before jsonDecoder: a scan of the keys and
// shapes (jsonShapeStrict), then encoding/json's Unmarshal into lists
// presized from the scan, then a walk of every string for its length. The
// tests hold jsonDecoder to it, and BenchmarkReadJSON times it alongside.

// decodeJSONReference decodes JSON with encoding/json, which is fast and light. It
// returns nil if the data is not a well-formed journey within the limits, or
// if anything (a duplicate key, a key in the wrong case or at the wrong
// level) might have been accepted by encoding/json but not by the strict
// decoder: the caller then decodes again with decodeAST to get every problem
// with its position.
func (o ReadOptions) decodeJSONReference(data []byte) *Journey {
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
