package journey

import (
	"encoding/json"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"weak"

	"github.com/goccy/go-yaml/ast"
)

// source is what Read keeps of a file to place the problems Validate finds
// later: the bytes and the file name. Positions are found only when needed,
// by parsing the bytes again.
type source struct {
	file  string
	data  []byte
	index *lineIndex // for a large YAML file; nil otherwise
}

// chunkThreshold is the size from which Read indexes a YAML file so that
// Validate parses only the parts holding problems; a variable for tests.
var chunkThreshold = 1 << 20

// lineIndex records where the top-level keys of a YAML document and the
// items of its top-level block lists start, as line numbers: a few bytes
// per step and transition, much less than the parsed tree.
type lineIndex struct {
	keys  []indexedKey       // top-level keys in the order of the file
	items map[string][]int32 // key -> first line of each item of a block list
}

type indexedKey struct {
	name string
	line int32
}

// buildLineIndex indexes the root mapping of a document; it returns nil if
// root is not a block mapping.
func buildLineIndex(root ast.Node) *lineIndex {
	m, ok := root.(*ast.MappingNode)
	if !ok || m.IsFlowStyle {
		return nil
	}
	idx := &lineIndex{items: map[string][]int32{}}
	for _, mv := range m.Values {
		key, ok := scalarText(unwrapTag(mv.Key))
		line, _ := pos(mv.Key)
		if !ok || line <= 0 {
			return nil
		}
		idx.keys = append(idx.keys, indexedKey{key, int32(line)})
		seq, ok := derefAlias(mv.Value, nil).(*ast.SequenceNode)
		if !ok || seq.IsFlowStyle || len(seq.Entries) != len(seq.Values) {
			continue
		}
		lines := make([]int32, len(seq.Entries))
		for i, e := range seq.Entries {
			if e == nil || e.Start == nil || e.Start.Position == nil {
				lines = nil
				break
			}
			lines[i] = int32(e.Start.Position.Line)
		}
		if lines != nil {
			idx.items[key] = lines
		}
	}
	return idx
}

// sources maps a journey that Read returned to its source. The keys are weak
// pointers, so that the table does not keep journeys alive, and a cleanup
// deletes an entry when its journey is collected. Journey gets no field for
// this: journeys stay plain data that reflect.DeepEqual can compare.
var sources = struct {
	sync.Mutex
	m map[weak.Pointer[Journey]]*source
}{m: map[weak.Pointer[Journey]]*source{}}

func remember(j *Journey, src *source) {
	wp := weak.Make(j)
	sources.Lock()
	sources.m[wp] = src
	sources.Unlock()
	runtime.AddCleanup(j, forget, wp)
}

func forget(wp weak.Pointer[Journey]) {
	sources.Lock()
	delete(sources.m, wp)
	sources.Unlock()
}

func sourceOf(j *Journey) *source {
	wp := weak.Make(j)
	sources.Lock()
	defer sources.Unlock()
	return sources.m[wp]
}

// locate sets File, Line and Column of the problems from the source j was
// read from, if any. A path that no longer exists in the source (the journey
// was changed after reading) keeps 0s; a path whose last key is missing (such
// as a step without an id) gets the place of the mapping that lacks it.
func locate(j *Journey, ps Problems) {
	src := sourceOf(j)
	runtime.KeepAlive(j)
	if src == nil {
		return
	}
	for i := range ps {
		ps[i].File = src.file
	}
	if f, _ := detect(src.data); f == JSON {
		locateJSON(src.data, ps)
		return
	}
	if src.index != nil {
		locateChunks(src, ps)
		return
	}
	locateYAML(src.data, ps)
}

// locateYAML places the problems by parsing all of data.
func locateYAML(data []byte, ps Problems) {
	f, err := parseYAML(data)
	if err != nil {
		return
	}
	docs := documents(f)
	if len(docs) == 0 {
		return
	}
	root := docs[0].Body
	anchors := map[string]ast.Node{}
	ast.Walk(anchorCollector(anchors), root)
	for i := range ps {
		n := findPath(root, ps[i].Path, anchors)
		if n != nil {
			ps[i].Line, ps[i].Column = pos(n)
		}
	}
}

// locateChunks places problems in a large YAML file by parsing only the
// lines of the list item or top-level key that holds each; the problems it
// cannot place that way it places with a full parse.
func locateChunks(src *source, ps Problems) {
	idx := src.index
	// lineStart[i] is the offset of line i+1, found lazily once.
	var lineStart []int
	offset := func(line int32) int {
		if lineStart == nil {
			lineStart = append(lineStart, 0)
			for i, c := range src.data {
				if c == '\n' {
					lineStart = append(lineStart, i+1)
				}
			}
		}
		if int(line) > len(lineStart) {
			return len(src.data)
		}
		return lineStart[line-1]
	}
	var rest []int // problems to place with a full parse
	for i := range ps {
		p := &ps[i]
		key, tail := splitTop(p.Path)
		k := slices.IndexFunc(idx.keys, func(e indexedKey) bool { return e.name == key })
		if k < 0 {
			rest = append(rest, i)
			continue
		}
		end := int32(1 << 30)
		if k+1 < len(idx.keys) {
			end = idx.keys[k+1].line
		}
		from, path := idx.keys[k].line, p.Path
		if items, ok := idx.items[key]; ok && strings.HasPrefix(tail, "[") {
			n, after, ok := splitIndex(tail)
			if !ok || n >= len(items) {
				continue // no such item in the file: leave 0s
			}
			from, path = items[n], "[0]"+after
			if n+1 < len(items) {
				end = items[n+1]
			}
		}
		chunk := src.data[offset(from):offset(end)]
		f, err := parseYAML(chunk)
		if err != nil {
			rest = append(rest, i)
			continue
		}
		docs := documents(f)
		if len(docs) != 1 {
			rest = append(rest, i)
			continue
		}
		anchors := map[string]ast.Node{}
		ast.Walk(anchorCollector(anchors), docs[0].Body)
		if n := findPath(docs[0].Body, path, anchors); n != nil {
			line, col := pos(n)
			if line > 0 {
				p.Line, p.Column = line+int(from)-1, col
			}
		}
	}
	if len(rest) == 0 {
		return
	}
	others := make(Problems, len(rest))
	for k, i := range rest {
		others[k] = ps[i]
	}
	locateYAML(src.data, others)
	for k, i := range rest {
		ps[i].Line, ps[i].Column = others[k].Line, others[k].Column
	}
}

// splitTop splits a path into its first key and the rest: "steps[3].id"
// into "steps" and "[3].id".
func splitTop(path string) (string, string) {
	end := strings.IndexAny(path, ".[")
	if end < 0 {
		return path, ""
	}
	return path[:end], path[end:]
}

// splitIndex splits "[3].id" into 3 and ".id".
func splitIndex(s string) (int, string, bool) {
	end := strings.IndexByte(s, ']')
	if !strings.HasPrefix(s, "[") || end < 0 {
		return 0, "", false
	}
	n, err := strconv.Atoi(s[1:end])
	if err != nil || n < 0 {
		return 0, "", false
	}
	return n, s[end+1:], true
}

// findPath returns the node at path (such as "steps[3].barriers[0].severity")
// below root, the mapping that lacks the path's last key, or nil.
func findPath(root ast.Node, path string, anchors map[string]ast.Node) ast.Node {
	// n is the node reached, as written: an alias stays an alias, so that
	// a value written as *name is placed where the alias is; descending
	// follows it to its anchor.
	n := root
	for path != "" {
		n = derefAlias(n, anchors)
		if n == nil {
			return nil
		}
		if path[0] == '[' {
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return nil
			}
			i, err := strconv.Atoi(path[1:end])
			path = path[end+1:]
			seq, ok := n.(*ast.SequenceNode)
			if err != nil || !ok || i < 0 || i >= len(seq.Values) {
				return nil
			}
			n = seq.Values[i]
			continue
		}
		path = strings.TrimPrefix(path, ".")
		end := strings.IndexAny(path, ".[")
		if end < 0 {
			end = len(path)
		}
		key := path[:end]
		path = path[end:]
		v, ok := lookupKey(n, key, anchors, 0)
		if !ok {
			if path == "" {
				return n // the last key is missing: point at its mapping
			}
			return nil
		}
		n = v
	}
	return unwrapAnchor(n)
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

// lookupKey returns the value of key in mapping n, following merge keys.
func lookupKey(n ast.Node, key string, anchors map[string]ast.Node, depth int) (ast.Node, bool) {
	deref := func(n ast.Node, _ int) ast.Node { return derefAlias(n, anchors) }
	values, ok := mappingValues(n)
	if !ok {
		return nil, false
	}
	for _, mv := range values {
		if mv == nil {
			continue
		}
		var k ast.Node = mv.Key
		if mk, ok := k.(*ast.MappingKeyNode); ok {
			k = mk.Value
		}
		if s, ok := scalarText(unwrapTag(k)); ok && s == key {
			if _, ok := mv.Key.(*ast.MergeKeyNode); !ok {
				return mv.Value, true
			}
		}
	}
	if depth > 8 {
		return nil, false
	}
	for _, mv := range values {
		if mv == nil {
			continue
		}
		if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
			src := deref(mv.Value, depth+1)
			srcs := []ast.Node{src}
			if seq, ok := src.(*ast.SequenceNode); ok {
				srcs = seq.Values
			}
			for _, s := range srcs {
				if v, ok := lookupKey(deref(s, depth+1), key, anchors, depth+1); ok {
					return v, true
				}
			}
		}
	}
	return nil, false
}

// anchorCollector is an ast.Visitor that records every anchor by name; a
// later anchor of the same name replaces an earlier one.
type anchorCollector map[string]ast.Node

func (a anchorCollector) Visit(n ast.Node) ast.Visitor {
	if m, ok := n.(*ast.AnchorNode); ok && m.Name != nil && m.Name.GetToken() != nil {
		a[m.Name.GetToken().Value] = m.Value
	}
	return a
}

// derefAlias unwraps anchors and tags and follows aliases to their anchors'
// values.
func derefAlias(n ast.Node, anchors map[string]ast.Node) ast.Node {
	for i := 0; i < 64; i++ {
		switch m := n.(type) {
		case *ast.AnchorNode:
			n = m.Value
		case *ast.TagNode:
			n = m.Value
		case *ast.AliasNode:
			if m.Value == nil || m.Value.GetToken() == nil {
				return n
			}
			t, ok := anchors[m.Value.GetToken().Value]
			if !ok {
				return n
			}
			n = t
		default:
			return n
		}
	}
	return n
}

// locateJSON places the problems in JSON data with a light scanner that
// descends only into the values on the problems' paths and skips the rest,
// which is much cheaper than building the YAML parser's tree (or decoding
// tokens) for a large file. A value's place is that of its first character;
// a missing last key is placed at the '{' of the object that lacks it.
func locateJSON(data []byte, ps Problems) {
	root := &pathTrie{}
	for _, p := range ps {
		root.add(p.Path)
		if parent, ok := parentOfKey(p.Path); ok {
			root.add(parent)
		}
	}
	sc := &jsonScanner{data: data}
	sc.value(sc.space(0), root)
	type place struct {
		off int
		i   int
	}
	var places []place
	for i := range ps {
		n := root.find(ps[i].Path)
		if n == nil || n.off < 0 {
			parent, isKey := parentOfKey(ps[i].Path)
			if !isKey {
				continue
			}
			if n = root.find(parent); n == nil || n.off < 0 {
				continue
			}
		}
		places = append(places, place{n.off, i})
	}
	slices.SortFunc(places, func(a, b place) int { return a.off - b.off })
	// Lines and columns are counted in one pass over the data: counting
	// each column from its line's start would be quadratic on minified
	// JSON, all one line (100,000 problems in 2.6 MB took minutes).
	line, col, at := 1, 0, 0
	for _, pl := range places {
		for at < pl.off && at < len(data) {
			if data[at] == '\n' {
				line, col = line+1, 0
				at++
				continue
			}
			_, size := utf8.DecodeRune(data[at:])
			at += size
			col++
		}
		ps[pl.i].Line = line
		ps[pl.i].Column = col + 1
	}
}

// pathTrie holds the paths to locate, split at keys and indices.
type pathTrie struct {
	keys map[string]*pathTrie
	idx  map[int]*pathTrie
	want bool
	off  int // offset of the value, once found; -1 before
}

// segments calls f for each key (index < 0) or index of path in turn; it
// stops and returns false at a malformed path.
func segments(path string, f func(key string, index int) bool) bool {
	for path != "" {
		if path[0] == '[' {
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return false
			}
			i, err := strconv.Atoi(path[1:end])
			if err != nil || i < 0 {
				return false
			}
			if !f("", i) {
				return false
			}
			path = path[end+1:]
			continue
		}
		path = strings.TrimPrefix(path, ".")
		end := strings.IndexAny(path, ".[")
		if end < 0 {
			end = len(path)
		}
		if !f(path[:end], -1) {
			return false
		}
		path = path[end:]
	}
	return true
}

func (t *pathTrie) add(path string) {
	n := t
	if !segments(path, func(key string, index int) bool {
		var next *pathTrie
		if index >= 0 {
			if n.idx == nil {
				n.idx = map[int]*pathTrie{}
			}
			if next = n.idx[index]; next == nil {
				next = &pathTrie{off: -1}
				n.idx[index] = next
			}
		} else {
			if n.keys == nil {
				n.keys = map[string]*pathTrie{}
			}
			if next = n.keys[key]; next == nil {
				next = &pathTrie{off: -1}
				n.keys[key] = next
			}
		}
		n = next
		return true
	}) {
		return
	}
	n.want = true
}

func (t *pathTrie) find(path string) *pathTrie {
	n := t
	ok := segments(path, func(key string, index int) bool {
		if index >= 0 {
			n = n.idx[index]
		} else {
			n = n.keys[key]
		}
		return n != nil
	})
	if !ok {
		return nil
	}
	return n
}

// jsonScanner scans JSON that Read accepted; on anything unexpected it stops
// quietly, leaving the places it has not found unknown.
type jsonScanner struct {
	data []byte
}

func (s *jsonScanner) space(i int) int {
	for i < len(s.data) {
		switch s.data[i] {
		case ' ', '\t', '\r', '\n':
			i++
			continue
		}
		break
	}
	return i
}

// str returns the end of the string starting at i (past its closing quote)
// and whether it has escapes.
func (s *jsonScanner) str(i int) (end int, escaped bool) {
	for i++; i < len(s.data); i++ {
		switch s.data[i] {
		case '\\':
			escaped = true
			i++
		case '"':
			return i + 1, escaped
		}
	}
	return len(s.data), escaped
}

// skip returns the end of the value starting at i, without looking inside.
func (s *jsonScanner) skip(i int) int {
	depth := 0
	for i < len(s.data) {
		switch c := s.data[i]; c {
		case '"':
			i, _ = s.str(i)
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i // the end of the enclosing collection
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',', ' ', '\t', '\r', '\n', ':':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return i
}

// value scans the value starting at i, recording the places of t's paths,
// and returns its end.
func (s *jsonScanner) value(i int, t *pathTrie) int {
	if t == nil || i >= len(s.data) {
		return s.skip(i)
	}
	if t.want {
		t.off = i
	}
	switch s.data[i] {
	case '{':
		if t.keys == nil {
			return s.skip(i)
		}
		i = s.space(i + 1)
		for i < len(s.data) && s.data[i] == '"' {
			end, escaped := s.str(i)
			var key string
			if escaped {
				if json.Unmarshal(s.data[i:end], &key) != nil {
					return len(s.data)
				}
			} else {
				key = string(s.data[i+1 : max(i+1, end-1)])
			}
			i = s.space(end)
			if i >= len(s.data) || s.data[i] != ':' {
				return len(s.data)
			}
			i = s.value(s.space(i+1), t.keys[key])
			i = s.space(i)
			if i < len(s.data) && s.data[i] == ',' {
				i = s.space(i + 1)
			}
		}
		if i < len(s.data) && s.data[i] == '}' {
			return i + 1
		}
		return len(s.data)
	case '[':
		if t.idx == nil {
			return s.skip(i)
		}
		i = s.space(i + 1)
		for n := 0; i < len(s.data) && s.data[i] != ']'; n++ {
			i = s.space(s.value(i, t.idx[n]))
			if i < len(s.data) && s.data[i] == ',' {
				i = s.space(i + 1)
			} else if i < len(s.data) && s.data[i] != ']' {
				return len(s.data)
			}
		}
		return min(i+1, len(s.data))
	}
	return s.skip(i)
}

// parentOfKey returns the path of the mapping holding the last key of path
// ("steps[3]" for "steps[3].id", "" for "goals"), and false if path ends in
// an index or is empty.
func parentOfKey(path string) (string, bool) {
	if path == "" || strings.HasSuffix(path, "]") {
		return "", false
	}
	i := strings.LastIndexAny(path, ".]")
	if i < 0 {
		return "", true
	}
	if path[i] == ']' {
		return "", false // "a]b" is not a path we make
	}
	return path[:i], true
}
