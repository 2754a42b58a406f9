package journey

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/journeymap/journeymap/persona"
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
}

// decodeAST decodes YAML (or JSON, which goccy/go-yaml reads as YAML) with
// positions, returning the journey or every problem found.
func (o ReadOptions) decodeAST(data []byte) (j *Journey, ps Problems) {
	j, _, ps = o.decodeASTRoot(data)
	return j, ps
}

// decodeASTRoot is decodeAST that also returns the document's root node.
func (o ReadOptions) decodeASTRoot(data []byte) (j *Journey, root ast.Node, ps Problems) {
	if line, col, ok := flowTooDeep(data, o.MaxDepth); !ok {
		return nil, nil, Problems{{Code: "too-deep", Line: line, Column: col,
			Message: fmt.Sprintf("collections are nested deeper than the limit of %d", o.MaxDepth)}}
	}
	if line, col, ok := compactTooDeep(data, o.MaxDepth); !ok {
		return nil, nil, Problems{{Code: "too-deep", Line: line, Column: col,
			Message: fmt.Sprintf("collections are nested deeper than the limit of %d", o.MaxDepth)}}
	}
	f, err := parseYAML(data)
	if err != nil {
		return nil, nil, Problems{syntaxProblem(err)}
	}
	docs := documents(f)
	switch {
	case len(docs) == 0:
		return nil, nil, Problems{{Code: "empty-file", Message: "the file holds no document"}}
	case len(docs) > 1:
		p := problemAt("syntax", "", docs[1].Body, "the file holds more than one document")
		return nil, nil, Problems{p}
	}
	if p, ok := checkAliases(docs[0].Body, o.MaxAliases); !ok {
		return nil, nil, Problems{p}
	}
	d := &decoder{opts: o, anchors: map[string]ast.Node{}, expanding: map[string]bool{}}
	j = new(Journey)
	d.value(docs[0].Body, reflect.ValueOf(j).Elem(), "")
	if len(d.problems) > 0 {
		return nil, nil, d.problems
	}
	return j, docs[0].Body, nil
}

// aliasSizer measures how many nodes aliases add to a document when
// expanded, without expanding any: an anchor's expanded size is computed once.
type aliasSizer struct {
	sizes    map[string]int64 // anchor name -> expanded size of its value
	aliases  int              // aliases seen
	expanded int64            // nodes the aliases add
	max      int
	bad      ast.Node // the alias that went over a limit
}

const sizeCap = 1 << 40

func (a *aliasSizer) size(n ast.Node) int64 {
	if n == nil || a.bad != nil {
		return 0
	}
	var s int64 = 1
	add := func(c ast.Node) { s = min(s+a.size(c), sizeCap) }
	switch m := n.(type) {
	case *ast.MappingNode:
		for _, v := range m.Values {
			add(v)
		}
	case *ast.MappingValueNode:
		add(m.Key)
		add(m.Value)
	case *ast.MappingKeyNode:
		add(m.Value)
	case *ast.SequenceNode:
		for _, v := range m.Values {
			add(v)
		}
	case *ast.TagNode:
		add(m.Value)
	case *ast.AnchorNode:
		add(m.Value)
		if m.Name != nil && m.Name.GetToken() != nil {
			a.sizes[m.Name.GetToken().Value] = s
		}
	case *ast.AliasNode:
		a.aliases++
		if m.Value != nil && m.Value.GetToken() != nil {
			t := a.sizes[m.Value.GetToken().Value]
			s = min(s+t, sizeCap)
			a.expanded = min(a.expanded+t, sizeCap)
		}
		if a.aliases > a.max || a.expanded > aliasWorkBudget {
			a.bad = m
		}
	}
	return s
}

// checkAliases refuses a document with more than max aliases, or whose
// aliases would expand to more than aliasWorkBudget nodes (a "billion
// laughs"), before anything is decoded.
func checkAliases(root ast.Node, max int) (Problem, bool) {
	a := &aliasSizer{sizes: map[string]int64{}, max: max}
	a.size(root)
	switch {
	case a.bad == nil:
		return Problem{}, true
	case a.aliases > max:
		return problemAt("alias-limit", "", a.bad, fmt.Sprintf("more than %d aliases to expand", max)), false
	}
	return problemAt("alias-limit", "", a.bad, fmt.Sprintf("aliases expand to more than %d values", aliasWorkBudget)), false
}

// documents returns the documents of f that hold something: not empty, not
// only a directive (%YAML 1.2) or comments.
func documents(f *ast.File) []*ast.DocumentNode {
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d == nil || d.Body == nil {
			continue
		}
		switch d.Body.(type) {
		case *ast.DirectiveNode, *ast.CommentGroupNode, *ast.CommentNode:
			continue
		}
		docs = append(docs, d)
	}
	return docs
}

// parseYAML parses data with goccy/go-yaml, turning a panic of the parser on
// some odd input into an error: nothing a user writes may crash the caller.
func parseYAML(data []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("the YAML parser failed: %v", r)
		}
	}()
	return parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
}

func syntaxProblem(err error) Problem {
	var ye yaml.Error
	if !errors.As(err, &ye) {
		return Problem{Code: "syntax", Message: err.Error()}
	}
	// Not err.Error(): goccy/go-yaml formats it by printing the source
	// around the token with string concatenation, in time quadratic in the
	// line's length (a 90 KB line of "a: a: a: ..." took two seconds).
	p := Problem{Code: "syntax", Message: ye.GetMessage()}
	if tk := ye.GetToken(); tk != nil && tk.Position != nil {
		p.Line, p.Column = tk.Position.Line, tk.Position.Column
	}
	return p
}

// flowTooDeep scans data for flow collections ([ and {) nested deeper than
// max, which the recursive YAML parser must not see. Quoted text and
// comments are skipped; the scan errs on the side of letting data through.
func flowTooDeep(data []byte, max int) (line, col int, ok bool) {
	depth := 0
	line, lineStart := 1, 0
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line, lineStart = line+1, i+1
		case '[', '{':
			depth++
			if depth > max {
				return line, i - lineStart + 1, false
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		case '"', '\'':
			if i > 0 && !isFlowIndicatorOrSpace(data[i-1]) {
				continue
			}
			for i++; i < len(data) && data[i] != c; i++ {
				if c == '"' && data[i] == '\\' {
					i++
				} else if data[i] == '\n' {
					line, lineStart = line+1, i+1
				}
			}
		case '#':
			if i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n' {
				for i < len(data) && data[i] != '\n' {
					i++
				}
				i-- // let the newline count
			}
		}
	}
	return 0, 0, true
}

// compactTooDeep scans data for lines that open more than max block
// collections at once, such as "- - - - x" or "- ? - ? x": goccy/go-yaml
// parses such a line in time quadratic in its length (a 200 KB line of
// "- " takes a minute), so they must be refused before it sees them. Each
// "-", "?" or ":" followed by a space at the start of a line, after any
// anchors and tags, opens one collection.
func compactTooDeep(data []byte, max int) (line, col int, ok bool) {
	for line, start := 1, 0; start < len(data); line++ {
		end := start
		for end < len(data) && data[end] != '\n' {
			end++
		}
		depth := 0
		i := start
		for {
			for i < end && (data[i] == ' ' || data[i] == '\t') {
				i++
			}
			if i < end && (data[i] == '&' || data[i] == '!') && depth > 0 {
				for i < end && data[i] != ' ' && data[i] != '\t' {
					i++
				}
				continue
			}
			if i < end && (data[i] == '-' || data[i] == '?' || data[i] == ':') &&
				(i+1 == end || data[i+1] == ' ' || data[i+1] == '\t') {
				depth++
				if depth > max {
					return line, i - start + 1, false
				}
				i++
				continue
			}
			break
		}
		start = end + 1
	}
	return 0, 0, true
}

func isFlowIndicatorOrSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '[', '{', ',', ':':
		return true
	}
	return false
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
		return // null leaves the zero value
	}
	d.resolved(n, v, path)
}

// resolved decodes node n, which holds a value (no anchor, alias or tag),
// into v.
func (d *decoder) resolved(n ast.Node, v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		d.resolved(n, p.Elem(), path)
		v.Set(p)
	case reflect.Map:
		d.mapValue(n, v, path)
	case reflect.Struct:
		d.structValue(n, v, path)
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

func (d *decoder) intValue(n ast.Node, v reflect.Value, path string) {
	in, ok := n.(*ast.IntegerNode)
	if !ok {
		if s, plain := plainText(n); plain && isYAMLInt(s) {
			d.addf("wrong-type", path, n, "the integer %s is out of range", s)
		} else if plain && isYAMLFloat(s) {
			d.addf("wrong-type", path, n, "expected an integer, got the number %s", s)
		} else {
			d.addf("wrong-type", path, n, "expected an integer, got %s", describe(n))
		}
		return
	}
	var x int64
	switch val := in.Value.(type) {
	case int64:
		x = val
	case uint64:
		if val > math.MaxInt64 {
			d.addf("wrong-type", path, n, "the integer %s is out of range", in.Token.Value)
			return
		}
		x = int64(val)
	default:
		d.addf("wrong-type", path, n, "expected an integer, got %s", describe(n))
		return
	}
	if v.OverflowInt(x) {
		d.addf("wrong-type", path, n, "the integer %d is out of range", x)
		return
	}
	v.SetInt(x)
}

// plainText returns the text of a plain (unquoted) string node: goccy/go-yaml
// leaves numbers it cannot hold, such as 1e400 or 2^70, as plain strings.
func plainText(n ast.Node) (string, bool) {
	m, ok := n.(*ast.StringNode)
	if !ok || m.Token == nil || m.Token.Type != token.StringType {
		return "", false
	}
	return m.Value, true
}

// isYAMLInt reports whether s is a decimal integer: [-+]?[0-9]+.
func isYAMLInt(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (d *decoder) floatValue(n ast.Node, v reflect.Value, path string) {
	switch m := n.(type) {
	case *ast.FloatNode:
		if math.IsInf(m.Value, 0) {
			d.addf("wrong-type", path, n, "the number %s is out of range", m.Token.Value)
			return
		}
		v.SetFloat(m.Value)
		return
	case *ast.IntegerNode:
		switch val := m.Value.(type) {
		case int64:
			v.SetFloat(float64(val))
			return
		case uint64:
			v.SetFloat(float64(val))
			return
		}
	case *ast.InfinityNode:
		v.SetFloat(m.Value)
		return
	case *ast.NanNode:
		v.SetFloat(math.NaN())
		return
	case *ast.StringNode:
		// goccy/go-yaml reads some numbers of the YAML 1.2 core schema,
		// such as 1e21, as plain strings.
		if s, plain := plainText(m); plain && isYAMLFloat(s) {
			f, err := strconv.ParseFloat(s, 64)
			if math.IsInf(f, 0) {
				d.addf("wrong-type", path, n, "the number %s is out of range", s)
				return
			}
			if err == nil || errors.Is(err, strconv.ErrRange) { // underflow rounds to 0
				v.SetFloat(f)
				return
			}
		}
	}
	d.addf("wrong-type", path, n, "expected a number, got %s", describe(n))
}

// isYAMLFloat reports whether s matches the YAML 1.2 core schema's float
// pattern [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?.
func isYAMLFloat(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	digits := func() int {
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		s = s[n:]
		return n
	}
	intPart := digits()
	frac := 0
	if s != "" && s[0] == '.' {
		s = s[1:]
		frac = digits()
	}
	if intPart == 0 && frac == 0 {
		return false
	}
	if s != "" && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if s != "" && (s[0] == '-' || s[0] == '+') {
			s = s[1:]
		}
		if digits() == 0 {
			return false
		}
	}
	return s == ""
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
	for _, e := range entries {
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

func (d *decoder) structValue(n ast.Node, v reflect.Value, path string) {
	entries, ok := d.mappingEntries(n, path, true)
	if !ok {
		d.addf("wrong-type", path, n, "expected a mapping (a %s), got %s", kindNames[v.Type()], describe(n))
		return
	}
	si := fieldsOf(v.Type())
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
		d.value(e.value, v.Field(si.list[i].index), p)
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

func unwrapTag(n ast.Node) ast.Node {
	for {
		t, ok := n.(*ast.TagNode)
		if !ok {
			return n
		}
		n = t.Value
	}
}

// scalarText returns the text of a scalar node as a string field takes it:
// any scalar's text, so that "id: 2024" is the string "2024".
func scalarText(n ast.Node) (string, bool) {
	switch m := n.(type) {
	case *ast.StringNode:
		return m.Value, true
	case *ast.LiteralNode:
		if m.Value == nil {
			return "", true
		}
		return m.Value.Value, true
	case *ast.NullNode:
		return "", true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		if tk := m.GetToken(); tk != nil {
			return tk.Value, true
		}
	}
	return "", false
}

// describe says what a node is, for messages: "a string \"x\"", "a list".
func describe(n ast.Node) string {
	switch m := n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode, *ast.LiteralNode:
		s, _ := scalarText(m)
		return "a string " + quoteShort(s)
	case *ast.IntegerNode:
		return "the integer " + m.Token.Value
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "the number " + m.GetToken().Value
	case *ast.BoolNode:
		return "the boolean " + m.Token.Value
	case *ast.NullNode:
		return "null"
	case nil:
		return "nothing"
	}
	return "a " + strings.ToLower(n.Type().String())
}

func quoteShort(s string) string {
	const max = 40
	if len(s) > max {
		cut := max
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
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
