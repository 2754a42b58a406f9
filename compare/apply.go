package compare

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// CodePatchConflict is the code of the problems Apply reports: the patch
// removes or changes an item the journey does not have, adds one it has
// already, or orders keys it does not hold.
const CodePatchConflict journey.Code = "patch-conflict"

// Apply returns a copy of a with the patch p applied: the items p removes
// dropped, the items it changes replaced by their new values, the items it
// adds appended (then the lists put in p's order where p gives one), and the
// journey's own fields set. Apply(a, Structure(a, b)) equals b, field for
// field (nil and empty lists are not told apart). a is not modified.
//
// Where p does not fit a (it was made from another journey), Apply returns
// every conflict as journey.Problems with the code CodePatchConflict and the
// path of the list ("steps", "transitions").
func Apply(a *journey.Journey, p *Patch) (*journey.Journey, error) {
	if a == nil {
		a = &journey.Journey{}
	}
	if p == nil {
		p = &Patch{}
	}
	out := a.Clone()
	var ps journey.Problems
	out.Personas = applyList(out.Personas, &p.Personas, func(x *persona.Persona) string { return x.ID }, "personas", &ps)
	out.Touchpoints = applyList(out.Touchpoints, &p.Touchpoints, func(x *touchpoint.Touchpoint) string { return x.ID }, "touchpoints", &ps)
	out.Stages = applyList(out.Stages, &p.Stages, func(x *journey.Stage) string { return x.ID }, "stages", &ps)
	out.Steps = applyList(out.Steps, &p.Steps, func(x *journey.Step) string { return x.ID }, "steps", &ps)
	out.Transitions = applyList(out.Transitions, &p.Transitions, TransitionKey, "transitions", &ps)

	hv := reflect.ValueOf(out).Elem()
	for _, fc := range p.Journey {
		if lists[fc.Field] || !setField(hv, fc) {
			ps = append(ps, journey.Problem{Code: CodePatchConflict, Path: fc.Field, Message: fmt.Sprintf("the journey has no field %q the patch can set", fc.Field)})
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return out, nil
}

// setField sets the field of struct v named fc.Field to fc.After.
func setField(v reflect.Value, fc FieldChange) bool {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if fieldName(t.Field(i)) != fc.Field {
			continue
		}
		nv := reflect.ValueOf(fc.After)
		if !nv.IsValid() {
			v.Field(i).SetZero()
			return true
		}
		if !nv.Type().AssignableTo(t.Field(i).Type) {
			return false
		}
		v.Field(i).Set(nv)
		return true
	}
	return false
}

func applyList[T any](items []T, l *ListPatch[T], key func(*T) string, path string, ps *journey.Problems) []T {
	if l.empty() {
		return items
	}
	conflict := func(k, msg string) {
		*ps = append(*ps, journey.Problem{Code: CodePatchConflict, Path: path,
			Message: fmt.Sprintf("%s %q: %s", strings.TrimSuffix(path, "s"), readableKey(k), msg)})
	}
	keys, index := keyed(items, key)
	drop := make(map[string]bool, len(l.Removed))
	rk := l.RemovedKeys
	if len(rk) != len(l.Removed) {
		rk, _ = keyed(l.Removed, key)
	}
	for i, k := range rk {
		j, ok := index[k]
		if !ok {
			conflict(k, "removed by the patch but not in the journey")
			continue
		}
		if len(fieldChanges(reflect.ValueOf(&items[j]).Elem(), reflect.ValueOf(&l.Removed[i]).Elem())) > 0 {
			conflict(k, "removed by the patch but different in the journey")
		}
		drop[k] = true
	}
	for _, c := range l.Changed {
		j, ok := index[c.Key]
		if !ok {
			conflict(c.Key, "changed by the patch but not in the journey")
			continue
		}
		items[j] = c.After
	}
	out := make([]T, 0, len(items)+len(l.Added))
	for i, k := range keys {
		if !drop[k] {
			out = append(out, items[i])
		}
	}
	out = append(out, l.Added...)
	if l.Order == nil {
		return out
	}
	ok, at := keyed(out, key)
	if len(ok) != len(l.Order) {
		conflict("", fmt.Sprintf("the patch orders %d items, the journey has %d", len(l.Order), len(ok)))
		return out
	}
	ordered := make([]T, 0, len(out))
	for _, k := range l.Order {
		i, found := at[k]
		if !found {
			conflict(k, "ordered by the patch but not in the journey")
			return out
		}
		ordered = append(ordered, out[i])
	}
	return ordered
}

// readableKey writes a key's NUL separators as arrows and commas.
func readableKey(k string) string {
	k = strings.Replace(k, "\x00#", " #", 1)
	from, rest, ok := strings.Cut(k, "\x00")
	if !ok {
		return k
	}
	to, ps, _ := strings.Cut(rest, "\x00")
	if ps != "" {
		return from + " -> " + to + " (" + ps + ")"
	}
	return from + " -> " + to
}
