package journey

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"

	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/position"
	"github.com/journeymap/journeymap/touchpoint"
)

// field is one field of a model struct as files spell it.
type field struct {
	key       string // the yaml key
	index     int    // the struct field index
	omitEmpty bool
}

// structInfo lists the fields of a model struct in order.
type structInfo struct {
	list  []field
	byKey map[string]int // key -> position in list
}

var structInfos sync.Map // reflect.Type -> *structInfo

// fieldsOf returns the fields of the struct type t that files know.
func fieldsOf(t reflect.Type) *structInfo {
	if si, ok := structInfos.Load(t); ok {
		return si.(*structInfo)
	}
	si := &structInfo{byKey: map[string]int{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		si.byKey[name] = len(si.list)
		si.list = append(si.list, field{key: name, index: i, omitEmpty: strings.Contains(opts, "omitempty")})
	}
	structInfos.Store(t, si)
	return si
}

// kindNames names the model structs in messages.
var kindNames = map[reflect.Type]string{
	reflect.TypeFor[Journey]():               "journey",
	reflect.TypeFor[Stage]():                 "stage",
	reflect.TypeFor[Step]():                  "step",
	reflect.TypeFor[Barrier]():               "barrier",
	reflect.TypeFor[Transition]():            "transition",
	reflect.TypeFor[Timing]():                "timing",
	reflect.TypeFor[Observed]():              "observed",
	reflect.TypeFor[ObservedSegment]():       "observed segment",
	reflect.TypeFor[persona.Persona]():       "persona",
	reflect.TypeFor[persona.Segment]():       "segment",
	reflect.TypeFor[persona.Criterion]():     "criterion",
	reflect.TypeFor[touchpoint.Touchpoint](): "touchpoint",
}

// keyOwners lists, for each key of the model, the kinds of mapping that
// have it, in the order of kindNames' types, to tell a user who put a key
// at the wrong level where it belongs.
var keyOwners = func() map[string][]string {
	m := map[string][]string{}
	for _, t := range []reflect.Type{
		reflect.TypeFor[Journey](), reflect.TypeFor[persona.Persona](), reflect.TypeFor[persona.Segment](),
		reflect.TypeFor[persona.Criterion](), reflect.TypeFor[touchpoint.Touchpoint](), reflect.TypeFor[Stage](),
		reflect.TypeFor[Step](), reflect.TypeFor[Barrier](), reflect.TypeFor[Transition](),
		reflect.TypeFor[Timing](), reflect.TypeFor[Observed](), reflect.TypeFor[ObservedSegment](),
	} {
		for _, f := range fieldsOf(t).list {
			m[f.key] = append(m[f.key], "a "+kindNames[t])
		}
	}
	return m
}()

// decoder decodes a goccy/go-yaml AST into the model, collecting every problem.
type decoder struct {
	opts      ReadOptions
	problems  Problems
	anchors   map[string]ast.Node
	expanding map[string]bool // anchors being expanded, to refuse recursion
	aliases   int             // aliases expanded so far
	aliasWork int             // nodes decoded through aliases so far
	inAlias   int             // depth of alias expansion
	stop      bool            // a limit was hit: decode no further

	// Positions: w writes the records; rec numbers the parts of the
	// innermost record open, prefix is the key path from its struct to the
	// struct being decoded ("time." inside a transition's time), and id is
	// the id of the field whose list or mapping is being decoded.
	w      *position.Writer
	rec    *recordInfo
	prefix string
	id     int
}

// decodeAST decodes YAML (or JSON, which goccy/go-yaml reads as YAML) with
// positions, returning the journey or every problem found.
// Values get the positions of the named file.
func (o ReadOptions) decodeAST(data []byte, file string) (j *Journey, ps Problems) {
	if line, col, ok := flowTooDeep(data, o.MaxDepth); !ok {
		return nil, Problems{{Code: "too-deep", Line: line, Column: col,
			Message: fmt.Sprintf("collections are nested deeper than the limit of %d", o.MaxDepth)}}
	}
	if line, col, ok := compactTooDeep(data, o.MaxDepth); !ok {
		return nil, Problems{{Code: "too-deep", Line: line, Column: col,
			Message: fmt.Sprintf("collections are nested deeper than the limit of %d", o.MaxDepth)}}
	}
	f, err := parseYAML(data)
	if err != nil {
		return nil, Problems{syntaxProblem(err)}
	}
	docs := documents(f)
	switch {
	case len(docs) == 0:
		return nil, Problems{{Code: "empty-file", Message: "the file holds no document"}}
	case len(docs) > 1:
		p := problemAt("syntax", "", docs[1].Body, "the file holds more than one document")
		return nil, Problems{p}
	}
	if p, ok := checkAliases(docs[0].Body, o.MaxAliases); !ok {
		return nil, Problems{p}
	}
	d := &decoder{opts: o, anchors: map[string]ast.Node{}, expanding: map[string]bool{}, w: position.NewWriter(file)}
	j = new(Journey)
	d.value(docs[0].Body, reflect.ValueOf(j).Elem(), "")
	if len(d.problems) > 0 {
		return nil, d.problems
	}
	return j, nil
}

// pos returns the position of a node: for a mapping, that of its first key.
func pos(n ast.Node) (line, col int) {
	switch m := n.(type) {
	case nil:
		return 0, 0
	case *ast.MappingNode:
		if len(m.Values) > 0 && !m.IsFlowStyle {
			return pos(m.Values[0].Key)
		}
		if m.Start != nil && m.Start.Position != nil {
			return m.Start.Position.Line, m.Start.Position.Column
		}
	case *ast.MappingValueNode:
		return pos(m.Key)
	case *ast.LiteralNode:
		if m.Start != nil && m.Start.Position != nil {
			return m.Start.Position.Line, m.Start.Position.Column
		}
	}
	var tk *token.Token
	func() {
		defer func() { _ = recover() }() // GetToken of a half-built node
		tk = n.GetToken()
	}()
	if tk == nil || tk.Position == nil {
		return 0, 0
	}
	return tk.Position.Line, tk.Position.Column
}

func problemAt(code Code, path string, n ast.Node, msg string) Problem {
	line, col := pos(n)
	return Problem{Code: code, Path: path, Line: line, Column: col, Message: msg}
}

// maxProblems bounds the problems Read reports for one file.
const maxProblems = 1000

func (d *decoder) addf(code Code, path string, n ast.Node, format string, args ...any) {
	d.add(problemAt(code, path, n, fmt.Sprintf(format, args...)))
}

func (d *decoder) add(p Problem) {
	if len(d.problems) >= maxProblems {
		d.problems = append(d.problems, Problem{Code: "too-many-problems",
			Message: fmt.Sprintf("more than %d problems; the rest are not reported", maxProblems)})
		d.stop = true
		return
	}
	d.problems = append(d.problems, p)
}

// resolve unwraps anchors, tags and aliases, returning the node that holds
// the value and a function to call when done with it (ending an alias
// expansion), or nil if a limit stops decoding.
func (d *decoder) resolve(n ast.Node, path string) (ast.Node, func()) {
	var names, open []string
	done := func() {
		for _, name := range names {
			delete(d.expanding, name)
			d.inAlias--
		}
		for _, name := range open {
			delete(d.expanding, name)
		}
	}
	for {
		switch m := n.(type) {
		case *ast.AnchorNode:
			if m.Name != nil && m.Name.GetToken() != nil {
				name := m.Name.GetToken().Value
				d.anchors[name] = m.Value
				if !d.expanding[name] {
					d.expanding[name] = true // an alias inside refers to itself
					open = append(open, name)
				}
			}
			n = m.Value
		case *ast.TagNode:
			n = m.Value
		case *ast.AliasNode:
			name := ""
			if m.Value != nil && m.Value.GetToken() != nil {
				name = m.Value.GetToken().Value
			}
			target, ok := d.anchors[name]
			switch {
			case !ok:
				d.addf("syntax", path, m, "alias *%s names no anchor defined before it", name)
				done()
				return nil, func() {}
			case d.expanding[name]:
				d.addf("syntax", path, m, "alias *%s refers to itself", name)
				done()
				return nil, func() {}
			}
			d.aliases++
			if d.aliases > d.opts.MaxAliases {
				d.addf("alias-limit", path, m, "more than %d aliases to expand", d.opts.MaxAliases)
				d.stop = true
				done()
				return nil, func() {}
			}
			d.expanding[name] = true
			names = append(names, name)
			d.inAlias++
			n = target
		default:
			return n, done
		}
	}
}

// value decodes node n into v, whose path is path.
func (d *decoder) value(n ast.Node, v reflect.Value, path string) {
	if d.stop {
		return
	}
	written := unwrapAnchor(n) // where the value stands: an alias stays an alias
	n, done := d.resolve(n, path)
	defer done()
	if n == nil || d.stop {
		return
	}
	if d.inAlias > 0 {
		d.aliasWork++
		if d.aliasWork > aliasWorkBudget {
			d.addf("alias-limit", path, n, "aliases expand to more than %d values", aliasWorkBudget)
			d.stop = true
			return
		}
	}
	if _, ok := n.(*ast.NullNode); ok {
		// null leaves the zero value; a struct still learns its place.
		if v.Kind() == reflect.Struct {
			if ri := recordInfoOf(v.Type()); ri.posField >= 0 {
				line, col := pos(written)
				d.w.Begin(line, col)
				v.Field(ri.posField).Set(reflect.ValueOf(d.w.End()))
			}
		}
		return
	}
	d.resolved(n, written, v, path)
}

// resolved decodes node n, which holds a value (no anchor, alias or tag),
// into v; written is the node as the file has it, which places the value.
func (d *decoder) resolved(n, written ast.Node, v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		d.resolved(n, written, p.Elem(), path)
		v.Set(p)
	case reflect.Map:
		d.mapValue(n, v, path)
	case reflect.Struct:
		d.structValue(n, written, v, path)
	case reflect.Slice:
		d.sliceValue(n, v, path)
	case reflect.String:
		s, ok := scalarText(n)
		if !ok {
			d.addf("wrong-type", path, n, "expected a string, got %s", describe(n))
			return
		}
		if len(s) > d.opts.MaxStringLen {
			d.addf("string-too-long", path, n, "the string is %d bytes long, more than the limit of %d", len(s), d.opts.MaxStringLen)
			return
		}
		v.SetString(s)
	case reflect.Int, reflect.Int64:
		d.intValue(n, v, path)
	case reflect.Float64:
		d.floatValue(n, v, path)
	default:
		d.addf("wrong-type", path, n, "cannot decode into %s", v.Type())
	}
}

func (d *decoder) sliceValue(n ast.Node, v reflect.Value, path string) {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		d.addf("wrong-type", path, n, "expected a list, got %s", describe(n))
		return
	}
	switch {
	case path == "steps" && len(seq.Values) > d.opts.MaxSteps:
		d.addf("too-many-steps", path, n, "%d steps, more than the limit of %d", len(seq.Values), d.opts.MaxSteps)
		return
	case path == "transitions" && len(seq.Values) > d.opts.MaxTransitions:
		d.addf("too-many-transitions", path, n, "%d transitions, more than the limit of %d", len(seq.Values), d.opts.MaxTransitions)
		return
	}
	s := reflect.MakeSlice(v.Type(), len(seq.Values), len(seq.Values))
	if id := d.id; !hasRecord(v.Type().Elem()) {
		// Plain values carry no record: their places go in the record
		// holding the list.
		for i, e := range seq.Values {
			line, col := pos(unwrapAnchor(e))
			d.w.Elem(id, i, line, col)
		}
		d.w.Len(id, len(seq.Values))
	}
	for i, e := range seq.Values {
		d.value(e, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		if d.stop {
			break
		}
	}
	v.Set(s)
}

// mapValue decodes a mapping with string keys, such as a step's counts.
func (d *decoder) mapValue(n ast.Node, v reflect.Value, path string) {
	entries, ok := d.mappingEntries(n, path, true)
	if !ok {
		d.addf("wrong-type", path, n, "expected a mapping, got %s", describe(n))
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(entries))
	id := d.id
	for _, e := range entries {
		line, col := pos(unwrapAnchor(e.value))
		d.w.Key(id, e.key, line, col)
		p := path + "." + e.key
		if len(e.key) > d.opts.MaxStringLen {
			d.addf("string-too-long", path, e.keyN, "the key is %d bytes long, more than the limit of %d", len(e.key), d.opts.MaxStringLen)
			continue
		}
		ev := reflect.New(v.Type().Elem()).Elem()
		d.value(e.value, ev, p)
		if d.stop {
			return
		}
		m.SetMapIndex(reflect.ValueOf(e.key).Convert(v.Type().Key()), ev)
	}
	v.Set(m)
}

// entry is a key and value of a mapping, after merges.
type entry struct {
	key   string
	keyN  ast.Node
	value ast.Node
}

func (d *decoder) structValue(n, written ast.Node, v reflect.Value, path string) {
	entries, ok := d.mappingEntries(n, path, true)
	if !ok {
		d.addf("wrong-type", path, n, "expected a mapping (a %s), got %s", kindNames[v.Type()], describe(n))
		return
	}
	si := fieldsOf(v.Type())
	if ri := recordInfoOf(v.Type()); ri.posField >= 0 {
		// The struct has a record of its own.
		line, col := pos(written)
		d.w.Begin(line, col)
		if written != n {
			// Written as an alias: the mapping lacking a key is the anchor's.
			ml, mc := pos(n)
			d.w.Field(ri.id(""), ml, mc)
		}
		rec, prefix := d.rec, d.prefix
		d.rec, d.prefix = ri, ""
		defer func() {
			v.Field(ri.posField).Set(reflect.ValueOf(d.w.End()))
			d.rec, d.prefix = rec, prefix
		}()
	}
	for _, e := range entries {
		p := e.key
		if path != "" {
			p = path + "." + e.key
		}
		i, ok := si.byKey[e.key]
		if !ok {
			msg := fmt.Sprintf("unknown key %q in %s", e.key, kindNames[v.Type()])
			if s := suggest(e.key, si); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else if kinds := keyOwners[e.key]; len(kinds) > 0 {
				msg += "; it is a key of " + strings.Join(kinds, " and ")
			}
			d.add(problemAt("unknown-key", p, e.keyN, msg))
			continue
		}
		id := i
		if d.prefix != "" {
			id = d.rec.id(d.prefix + e.key)
		}
		line, col := pos(unwrapAnchor(e.value))
		d.w.Field(id, line, col)
		fv := v.Field(si.list[i].index)
		prefix := d.prefix
		if ft := derefType(fv.Type()); ft.Kind() == reflect.Struct && !hasRecord(ft) {
			d.prefix += e.key + "." // a struct recorded in this record
		}
		d.id = id
		d.value(e.value, fv, p)
		d.prefix = prefix
		if d.stop {
			return
		}
	}
}

// mappingValues returns the key-value pairs of a mapping node (goccy gives a
// one-pair mapping as a bare MappingValueNode), or false if n is no mapping.
func mappingValues(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	return nil, false
}

// mappingEntries returns the entries of a mapping node with merge keys
// applied, reporting duplicate keys if report is set. It returns false if n
// is not a mapping.
func (d *decoder) mappingEntries(n ast.Node, path string, report bool) ([]entry, bool) {
	values, ok := mappingValues(n)
	if !ok {
		return nil, false
	}
	var out, merged []entry
	seen := map[string]bool{}
	for _, mv := range values {
		if mv == nil {
			continue
		}
		if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
			merged = append(merged, d.mergeEntries(mv.Value, path)...)
			if d.stop {
				return nil, true
			}
			continue
		}
		var keyNode ast.Node = mv.Key
		if k, ok := keyNode.(*ast.MappingKeyNode); ok {
			keyNode = k.Value
		}
		key, ok := scalarText(unwrapTag(keyNode))
		if !ok {
			d.addf("wrong-type", path, mv.Key, "a mapping key must be a string, got %s", describe(keyNode))
			continue
		}
		if seen[key] {
			if report {
				p := key
				if path != "" {
					p = path + "." + key
				}
				d.addf("duplicate-key", p, mv.Key, "the key %q appears more than once", key)
			}
			continue
		}
		seen[key] = true
		out = append(out, entry{key: key, keyN: mv.Key, value: mv.Value})
	}
	for _, e := range merged {
		if !seen[e.key] {
			seen[e.key] = true
			out = append(out, e)
		}
	}
	return out, true
}

// mergeEntries returns the entries a merge key's value brings in: a mapping
// or a list of mappings, usually aliases.
func (d *decoder) mergeEntries(n ast.Node, path string) []entry {
	n, done := d.resolve(n, path)
	defer done()
	if n == nil {
		return nil
	}
	if seq, ok := n.(*ast.SequenceNode); ok {
		var out []entry
		for _, e := range seq.Values {
			out = append(out, d.mergeEntries(e, path)...)
			if d.stop {
				return nil
			}
		}
		return out
	}
	if _, ok := n.(*ast.NullNode); ok {
		return nil
	}
	entries, ok := d.mappingEntries(n, path, false)
	if !ok {
		d.addf("wrong-type", path, n, "a merge key (<<) needs a mapping, got %s", describe(n))
	}
	return entries
}

// unwrapAnchor unwraps anchors and tags, leaving aliases.
func unwrapAnchor(n ast.Node) ast.Node {
	for i := 0; i < 64; i++ {
		switch m := n.(type) {
		case *ast.AnchorNode:
			n = m.Value
		case *ast.TagNode:
			n = m.Value
		default:
			return n
		}
	}
	return n
}

func unwrapTag(n ast.Node) ast.Node {
	for {
		t, ok := n.(*ast.TagNode)
		if !ok {
			return n
		}
		n = t.Value
	}
}

// suggest returns the known key nearest to key, if near enough to be a typo.
func suggest(key string, si *structInfo) string {
	best, bestD := "", 0
	for _, f := range si.list {
		if strings.EqualFold(f.key, key) {
			return f.key
		}
		d := editDistance(strings.ToLower(key), f.key)
		if best == "" || d < bestD {
			best, bestD = f.key, d
		}
	}
	if best != "" && bestD <= max(1, min(3, len(best)/3)) {
		return best
	}
	return ""
}

// editDistance is the optimal string alignment distance between a and b, in
// bytes: the Levenshtein distance with swaps of adjacent bytes counted as one
// edit, so that "nmae" is one edit from "name".
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
