package compare

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// Patch is the structural difference between two journeys, A and B: what
// was added, removed and changed in each list of A to make B, with the full
// values, so that Apply(A, Structure(A, B)) gives B. Items are matched by
// their keys: personas, touchpoints, stages and steps by ID; transitions by
// From, To and their personas. An item whose key repeats (in an invalid
// journey) is matched with the same occurrence of the key on the other side.
type Patch struct {
	// Journey holds the changes of the journey's own fields (id, name,
	// purpose, entries, goals, exits, ...), with the file's key names.
	Journey []FieldChange
	// Personas is the difference of the personas, matched by ID.
	Personas ListPatch[persona.Persona]
	// Touchpoints is the difference of the touchpoints, matched by ID.
	Touchpoints ListPatch[touchpoint.Touchpoint]
	// Stages is the difference of the stages, matched by ID.
	Stages ListPatch[journey.Stage]
	// Steps is the difference of the steps, matched by ID.
	Steps ListPatch[journey.Step]
	// Transitions is the difference of the transitions, matched by From,
	// To and their personas (TransitionKey).
	Transitions ListPatch[journey.Transition]
}

// ListPatch is the difference of one list of a journey.
type ListPatch[T any] struct {
	// Added are B's items whose keys A lacks, in B's order.
	Added []T
	// Removed are A's items whose keys B lacks, in A's order.
	Removed []T
	// RemovedKeys are the keys of Removed, one per item in the same order
	// (with the occurrence, for a key A repeats).
	RemovedKeys []string
	// Changed are the items of both whose values differ, in B's order.
	Changed []Change[T]
	// Order holds B's keys in B's order when the order of the items kept
	// from A, followed by the added items, is not B's order; nil otherwise.
	Order []string
	// Moved reports that the items of both are in another order in B.
	Moved bool
}

// Change is one item present on both sides with different values.
type Change[T any] struct {
	// Key identifies the item (see Patch).
	Key string
	// Before and After are its values in A and in B.
	Before, After T
	// Fields are the fields that differ, in declaration order.
	Fields []FieldChange
}

// FieldChange is one field whose value differs. Field is the file's key
// name (emotion, touchpoint, barriers, ...).
type FieldChange struct {
	// Field is the field's key name in the journey file.
	Field string `json:"field"`
	// Before is the field's value in A.
	Before any `json:"before"`
	// After is the field's value in B.
	After any `json:"after"`
}

// Empty reports whether the patch changes nothing.
func (p *Patch) Empty() bool {
	return len(p.Journey) == 0 && p.Personas.empty() && p.Touchpoints.empty() &&
		p.Stages.empty() && p.Steps.empty() && p.Transitions.empty()
}

func (l *ListPatch[T]) empty() bool {
	return len(l.Added) == 0 && len(l.Removed) == 0 && len(l.Changed) == 0 && l.Order == nil
}

// Structure returns the structural difference of a and b: the Patch that
// turns a into b. Its cost is linear in the sizes of the journeys. A nil
// journey is taken as an empty one.
func Structure(a, b *journey.Journey) *Patch {
	if a == nil {
		a = &journey.Journey{}
	}
	if b == nil {
		b = &journey.Journey{}
	}
	p := &Patch{
		Personas:    diffList(a.Personas, b.Personas, func(x *persona.Persona) string { return x.ID }),
		Touchpoints: diffList(a.Touchpoints, b.Touchpoints, func(x *touchpoint.Touchpoint) string { return x.ID }),
		Stages:      diffList(a.Stages, b.Stages, func(x *journey.Stage) string { return x.ID }),
		Steps:       diffList(a.Steps, b.Steps, func(x *journey.Step) string { return x.ID }),
		Transitions: diffList(a.Transitions, b.Transitions, TransitionKey),
	}
	p.Journey = fieldChanges(reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem())
	return p
}

// lists are the fields of a Journey that a Patch diffs item by item; its
// other fields are compared whole (ID, name, purpose, entries, goals,
// exits, observed).
var lists = map[string]bool{"personas": true, "touchpoints": true, "stages": true, "steps": true, "transitions": true}

// TransitionKey is the key a Patch matches transitions by: From, To and
// the sorted personas, separated by NUL bytes.
func TransitionKey(t *journey.Transition) string {
	ps := t.Personas
	if len(ps) > 1 && !slices.IsSorted(ps) {
		ps = slices.Clone(ps)
		slices.Sort(ps)
	}
	return t.From + "\x00" + t.To + "\x00" + strings.Join(ps, ",")
}

// keyed returns the keys of items, with "\x00#n" added to the n-th
// repetition (n >= 2) of a key, and the index of each key.
func keyed[T any](items []T, key func(*T) string) ([]string, map[string]int) {
	keys := make([]string, len(items))
	index := make(map[string]int, len(items))
	var seen map[string]int
	for i := range items {
		k := key(&items[i])
		if _, dup := index[k]; dup {
			if seen == nil {
				seen = map[string]int{}
			}
			n := seen[k] + 1
			if n == 1 {
				n = 2
			}
			seen[k] = n
			k = k + "\x00#" + strconv.Itoa(n)
		}
		keys[i] = k
		index[k] = i
	}
	return keys, index
}

func diffList[T any](a, b []T, key func(*T) string) ListPatch[T] {
	var l ListPatch[T]
	ka, ia := keyed(a, key)
	// inB[j] is the index in b of a[j]'s key, or -1; inA[i] the reverse.
	// b's keys are matched against a's map alone: only the keys b repeats
	// or adds need a map of their own, so that the big lists cost one map.
	inA := make([]int, len(b))
	inB := make([]int, len(a))
	for j := range inB {
		inB[j] = -1
	}
	kb := make([]string, len(b))
	var seen map[string]int // occurrences in b of the keys b repeats or adds
	fields := structFields(reflect.TypeFor[T]())
	for i := range b {
		k := key(&b[i])
		j, ok := ia[k]
		if !ok || inB[j] >= 0 {
			if seen == nil {
				seen = map[string]int{}
			}
			n := seen[k] + 1
			if ok && n == 1 {
				n = 2 // the first occurrence matched a's
			}
			seen[k] = n
			if n > 1 {
				k = k + "\x00#" + strconv.Itoa(n)
				j, ok = ia[k]
			}
		}
		kb[i] = k
		if !ok {
			inA[i] = -1
			l.Added = append(l.Added, b[i])
			continue
		}
		inA[i], inB[j] = j, i
		if fs := changedFields(fields, reflect.ValueOf(&a[j]).Elem(), reflect.ValueOf(&b[i]).Elem()); len(fs) > 0 {
			l.Changed = append(l.Changed, Change[T]{Key: k, Before: a[j], After: b[i], Fields: fs})
		}
	}
	var common []int // the indices in a of the items of both, in a's order
	for j, i := range inB {
		if i < 0 {
			l.Removed = append(l.Removed, a[j])
			l.RemovedKeys = append(l.RemovedKeys, ka[j])
		} else {
			common = append(common, j)
		}
	}
	// The order Apply gives without Order: A's kept items, then the added.
	n := 0
	for _, j := range inA {
		if j >= 0 {
			l.Moved = l.Moved || common[n] != j
			n++
		}
	}
	if l.Moved {
		l.Order = kb
		return l
	}
	// Same relative order: Order is needed only when an added item comes
	// before a kept one.
	seenAdded := false
	for _, j := range inA {
		if j < 0 {
			seenAdded = true
		} else if seenAdded {
			l.Order = kb
			break
		}
	}
	return l
}

var journeyType = reflect.TypeFor[journey.Journey]()

// field is a struct field a Patch compares, with its key name.
type field struct {
	index int
	name  string
}

// structFields lists the fields of struct type t that a Patch compares:
// the exported ones the file has (not json "-"), and of a Journey not the
// lists diffed item by item.
func structFields(t reflect.Type) []field {
	var out []field
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || f.Tag.Get("json") == "-" || t == journeyType && lists[fieldName(f)] {
			continue
		}
		out = append(out, field{i, fieldName(f)})
	}
	return out
}

// fieldChanges compares two values of the same struct type field by field.
func fieldChanges(a, b reflect.Value) []FieldChange {
	return changedFields(structFields(a.Type()), a, b)
}

func changedFields(fields []field, a, b reflect.Value) []FieldChange {
	var out []FieldChange
	for _, f := range fields {
		va, vb := a.Field(f.index), b.Field(f.index)
		if !equalValues(va, vb) {
			out = append(out, FieldChange{Field: f.name, Before: va.Interface(), After: vb.Interface()})
		}
	}
	return out
}

// fieldName is the file's key name of a struct field.
func fieldName(f reflect.StructField) string {
	for _, tag := range []string{"yaml", "json"} {
		if name, _, _ := strings.Cut(f.Tag.Get(tag), ","); name != "" && name != "-" {
			return name
		}
	}
	return strings.ToLower(f.Name)
}

// equalValues reports whether two field values say the same: equal, both
// empty (a nil and an empty list are the same), or equal once written as
// JSON (nested nil and empty lists).
func equalValues(a, b reflect.Value) bool {
	// The common kinds first, without boxing the values.
	switch a.Kind() {
	case reflect.String:
		return a.String() == b.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	case reflect.Slice, reflect.Map:
		if a.Len() == 0 && b.Len() == 0 {
			return true
		}
		if a.Len() != b.Len() {
			return false
		}
		if a.Kind() == reflect.Slice && a.Type().Elem().Kind() == reflect.String {
			for i := range a.Len() {
				if a.Index(i).String() != b.Index(i).String() {
					return false
				}
			}
			return true
		}
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
	}
	ai, bi := a.Interface(), b.Interface()
	if reflect.DeepEqual(ai, bi) {
		return true
	}
	ja, err1 := json.Marshal(ai)
	jb, err2 := json.Marshal(bi)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}
