package journey

import (
	"bytes"
	"encoding/json"
	"hash/maphash"
	"reflect"
	"sync"
	"unicode/utf8"
)

// jsonDecoder decodes a JSON journey straight into the model in one pass
// over the bytes, the fast path of Read for JSON. It is strict where
// encoding/json is lenient, and gives up (ok false) at the first thing it
// does not accept: a key that is not the model's, spelt exactly, at its
// level; a repeated key; a value of the wrong type; a number that does not
// fit its field; a string beyond MaxStringLen; lists beyond MaxSteps or
// MaxTransitions; nesting beyond MaxDepth; malformed JSON. The caller then
// decodes the file with the YAML decoder, which reports every problem with
// its position. What it accepts, it decodes as encoding/json's Unmarshal
// does (the tests hold it to that).
//
// It is faster and lighter than encoding/json because it knows the model:
// each list is counted before it is made, so it is allocated once at its
// size; IDs (step, stage, touchpoint and persona names, which transitions
// and steps repeat) go through a small cache of the strings made last, so
// that repeats share one string; and strings without escapes are copied
// once, straight from the file.
type jsonDecoder struct {
	data   []byte
	i      int
	opts   ReadOptions
	depth  int
	budget int // struct elements still allowed in lists
	seed   maphash.Seed
	cache  *[internSlots]string // IDs read, by hash; a newer one replaces an older
}

// internSlots is the size of the decoder's cache of IDs: 256 KiB of string
// headers, which stays in the processor's cache, unlike a map of every
// distinct ID (BENCHMARKS.md, "Figures behind the doc comments").
const internSlots = 1 << 14

// jsonField is a field of a model struct as the JSON decoder sees it.
type jsonField struct {
	index  int  // the struct field index
	intern bool // an ID or a list of IDs: intern its strings
	limit  int  // for the journey's steps and transitions: which ReadOptions bound
}

// Limits a jsonField can carry.
const (
	limitNone = iota
	limitSteps
	limitTransitions
)

// jsonStruct lists the fields of a model struct and their keys.
type jsonStruct struct {
	keys  []string
	field []jsonField
}

// find returns the position of key in js, looking first at from: files
// written by Write (or by any program from the structs) list the keys in
// the order of the fields, so that the key after the last one found is
// most often the next, and a scan from there beats a hash map.
func (js *jsonStruct) find(key []byte, from int) (int, bool) {
	n := len(js.keys)
	for k := range n {
		if k := (from + k) % n; js.keys[k] == string(key) {
			return k, true
		}
	}
	return 0, false
}

var jsonStructs sync.Map // reflect.Type -> *jsonStruct

// internKeys are the keys whose values are IDs, or lists of IDs, or names
// from a small set (severities, phases, channels): values a file repeats.
var internKeys = map[string]bool{
	"id": true, "stage": true, "touchpoint": true, "from": true, "to": true,
	"personas": true, "entries": true, "goals": true, "exits": true, "persona": true,
	"severity": true, "phase": true, "channel": true, "mode": true, "control": true, "kind": true,
}

// jsonStructOf returns the JSON decoder's view of the struct type t, built
// from the fields files know (fieldsOf).
func jsonStructOf(t reflect.Type) *jsonStruct {
	if js, ok := jsonStructs.Load(t); ok {
		return js.(*jsonStruct)
	}
	si := fieldsOf(t)
	js := &jsonStruct{keys: make([]string, len(si.list)), field: make([]jsonField, len(si.list))}
	for k, f := range si.list {
		js.keys[k] = f.key
		jf := jsonField{index: f.index, intern: internKeys[f.key]}
		if t == reflect.TypeFor[Journey]() {
			switch f.key {
			case "steps":
				jf.limit = limitSteps
			case "transitions":
				jf.limit = limitTransitions
			}
		}
		js.field[k] = jf
	}
	jsonStructs.Store(t, js)
	return js
}

// decodeJSONFast decodes JSON data with the fast path, or returns nil if
// the data is anything but a well-formed journey within the limits, or if
// anything (a duplicate key, a key in the wrong case or at the wrong level)
// would need the strict decoder's judgement: the caller then decodes again
// with decodeAST to get every problem with its position.
func (o ReadOptions) decodeJSONFast(data []byte) *Journey {
	d := jsonDecoder{data: data, opts: o, budget: o.MaxSteps + o.MaxTransitions,
		seed: maphash.MakeSeed(), cache: new([internSlots]string)}
	var j Journey
	if !d.value(reflect.ValueOf(&j).Elem(), false, limitNone) {
		return nil
	}
	d.skipSpace()
	if d.i != len(d.data) {
		return nil // trailing data
	}
	return &j
}

func (d *jsonDecoder) skipSpace() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// expect consumes c after any white space.
func (d *jsonDecoder) expect(c byte) bool {
	d.skipSpace()
	if d.i < len(d.data) && d.data[d.i] == c {
		d.i++
		return true
	}
	return false
}

// value decodes the JSON value at d.i into v.
func (d *jsonDecoder) value(v reflect.Value, intern bool, limit int) bool {
	d.skipSpace()
	if d.i >= len(d.data) {
		return false
	}
	if d.data[d.i] == 'n' {
		if !bytes.HasPrefix(d.data[d.i:], []byte("null")) {
			return false
		}
		d.i += 4
		switch v.Kind() {
		case reflect.Slice, reflect.Map, reflect.Pointer:
			v.SetZero() // as encoding/json: null empties these, and leaves the rest
		}
		return true
	}
	switch v.Kind() {
	case reflect.String:
		s, ok := d.str(intern)
		if ok {
			v.SetString(s)
		}
		return ok
	case reflect.Int, reflect.Int64:
		n, ok := d.integer()
		if !ok || v.OverflowInt(n) {
			return false
		}
		v.SetInt(n)
		return true
	case reflect.Float64:
		f, ok := d.float()
		if ok {
			v.SetFloat(f)
		}
		return ok
	case reflect.Struct:
		return d.object(v)
	case reflect.Slice:
		return d.array(v, intern, limit)
	case reflect.Pointer:
		if v.Type().Elem().Kind() != reflect.Struct {
			return false
		}
		p := reflect.New(v.Type().Elem())
		if !d.object(p.Elem()) {
			return false
		}
		v.Set(p)
		return true
	case reflect.Map:
		return d.mapValue(v)
	}
	return false
}

// enter and leave bound the nesting of collections.
func (d *jsonDecoder) enter() bool {
	d.depth++
	return d.depth <= d.opts.MaxDepth
}

func (d *jsonDecoder) leave() { d.depth-- }

// object decodes a JSON object into the struct v.
func (d *jsonDecoder) object(v reflect.Value) bool {
	if d.i >= len(d.data) || d.data[d.i] != '{' || !d.enter() {
		return false
	}
	d.i++
	js := jsonStructOf(v.Type())
	if len(js.field) > 64 {
		return false // more keys than the duplicate check's bits
	}
	var seen uint64
	next := 0 // where to look for the next key
	d.skipSpace()
	if d.i < len(d.data) && d.data[d.i] == '}' {
		d.i++
		d.leave()
		return true
	}
	for {
		d.skipSpace()
		key, ok := d.rawKey()
		if !ok {
			return false
		}
		k, ok := js.find(key, next)
		if !ok || seen&(1<<k) != 0 {
			return false
		}
		seen |= 1 << k
		next = k + 1
		if !d.expect(':') {
			return false
		}
		f := js.field[k]
		if !d.value(v.Field(f.index), f.intern, f.limit) {
			return false
		}
		d.skipSpace()
		if d.i >= len(d.data) {
			return false
		}
		c := d.data[d.i]
		d.i++
		if c == '}' {
			d.leave()
			return true
		}
		if c != ',' {
			return false
		}
	}
}

// rawKey reads a key with no escapes (the model's keys need none) and
// returns its bytes.
func (d *jsonDecoder) rawKey() ([]byte, bool) {
	if d.i >= len(d.data) || d.data[d.i] != '"' {
		return nil, false
	}
	start := d.i + 1
	end := bytes.IndexByte(d.data[start:], '"')
	if end < 0 {
		return nil, false
	}
	key := d.data[start : start+end]
	if bytes.IndexByte(key, '\\') >= 0 {
		return nil, false
	}
	d.i = start + end + 1
	return key, true
}

// mapValue decodes a JSON object into the map v, whose keys are strings.
func (d *jsonDecoder) mapValue(v reflect.Value) bool {
	t := v.Type()
	if t.Key().Kind() != reflect.String || d.i >= len(d.data) || d.data[d.i] != '{' || !d.enter() {
		return false
	}
	d.i++
	m := reflect.MakeMap(t)
	d.skipSpace()
	if d.i < len(d.data) && d.data[d.i] == '}' {
		d.i++
		v.Set(m)
		d.leave()
		return true
	}
	for {
		d.skipSpace()
		start := d.i
		if _, ok := d.rawKey(); !ok {
			return false // a key with an escape is left to the strict decoder
		}
		d.i = start
		key, ok := d.str(true)
		if !ok {
			return false
		}
		kv := reflect.ValueOf(key).Convert(t.Key())
		if m.MapIndex(kv).IsValid() || !d.expect(':') {
			return false // a repeated key
		}
		e := reflect.New(t.Elem()).Elem()
		if !d.value(e, false, limitNone) {
			return false
		}
		m.SetMapIndex(kv, e)
		d.skipSpace()
		if d.i >= len(d.data) {
			return false
		}
		c := d.data[d.i]
		d.i++
		if c == '}' {
			v.Set(m)
			d.leave()
			return true
		}
		if c != ',' {
			return false
		}
	}
}

// array decodes a JSON array into the slice v, made at its final length.
func (d *jsonDecoder) array(v reflect.Value, intern bool, limit int) bool {
	n, ok := d.count()
	if !ok || !d.enter() {
		return false
	}
	switch limit {
	case limitSteps:
		ok = n <= d.opts.MaxSteps
	case limitTransitions:
		ok = n <= d.opts.MaxTransitions
	}
	if k := v.Type().Elem().Kind(); k == reflect.Struct || k == reflect.Pointer {
		d.budget -= n
		ok = ok && d.budget >= 0
	}
	if !ok {
		return false
	}
	d.i++ // '['
	s := reflect.MakeSlice(v.Type(), n, n)
	for k := range n {
		if k > 0 && !d.expect(',') {
			return false
		}
		if !d.value(s.Index(k), intern, limitNone) {
			return false
		}
	}
	if !d.expect(']') {
		return false
	}
	v.Set(s)
	d.leave()
	return true
}

// count returns the number of elements of the array that starts at d.i,
// reading ahead without decoding. It needs only the brackets, braces,
// commas and strings to be right; the decoding that follows checks the rest.
func (d *jsonDecoder) count() (int, bool) {
	data := d.data
	i := d.i
	if i >= len(data) || data[i] != '[' {
		return 0, false
	}
	n, depth, empty := 0, 0, true
	for i++; i < len(data); i++ {
		switch c := data[i]; c {
		case ' ', '\t', '\n', '\r':
		case '"':
			end, ok := stringEnd(data, i)
			if !ok {
				return 0, false
			}
			i = end
			empty = false
		case '[', '{':
			depth++
			empty = false
		case '}':
			depth--
		case ']':
			if depth == 0 {
				if empty {
					return 0, true
				}
				return n + 1, true
			}
			depth--
		case ',':
			if depth == 0 {
				n++
			}
		default:
			empty = false
		}
	}
	return 0, false
}

// stringEnd returns the index of the quote that closes the string whose
// opening quote is at data[i].
func stringEnd(data []byte, i int) (int, bool) {
	for j := i + 1; ; {
		k := bytes.IndexByte(data[j:], '"')
		if k < 0 {
			return 0, false
		}
		end := j + k
		backslashes := 0
		for b := end - 1; b > i && data[b] == '\\'; b-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return end, true
		}
		j = end + 1
	}
}

// str reads a string, interning it if asked.
func (d *jsonDecoder) str(intern bool) (string, bool) {
	data := d.data
	if d.i >= len(data) || data[d.i] != '"' {
		return "", false
	}
	start := d.i + 1
	i := start
	for i < len(data) {
		c := data[i]
		if c == '"' {
			break
		}
		if c < 0x20 || c == '\\' {
			return d.slowStr(intern)
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return d.slowStr(intern) // invalid UTF-8: encoding/json's replacement
		}
		i += size
	}
	if i >= len(data) || i-start > d.opts.MaxStringLen {
		return "", false
	}
	d.i = i + 1
	raw := data[start:i]
	if !intern {
		return string(raw), true
	}
	slot := &d.cache[maphash.Bytes(d.seed, raw)%internSlots]
	if *slot != string(raw) {
		*slot = string(raw)
	}
	return *slot, true
}

// slowStr reads a string with escapes, control characters or invalid UTF-8
// as encoding/json does (it refuses control characters and replaces
// invalid UTF-8 with U+FFFD).
func (d *jsonDecoder) slowStr(intern bool) (string, bool) {
	end, ok := stringEnd(d.data, d.i)
	if !ok {
		return "", false
	}
	var s string
	if err := json.Unmarshal(d.data[d.i:end+1], &s); err != nil || len(s) > d.opts.MaxStringLen {
		return "", false
	}
	d.i = end + 1
	if intern {
		slot := &d.cache[maphash.String(d.seed, s)%internSlots]
		if *slot != s {
			*slot = s
		}
		return *slot, true
	}
	return s, true
}
