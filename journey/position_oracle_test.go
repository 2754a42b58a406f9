package journey

// The locators Validate used before positions travelled with the values:
// they find a path's place by parsing the file again (findPath, over the
// YAML parser's tree) or by scanning JSON text (locateJSON). They stay as
// the oracles the records are checked against.

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
)

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
			// A lone "\r" ends a line too, as in YAML.
			if data[at] == '\n' || data[at] == '\r' && (at+1 == len(data) || data[at+1] != '\n') {
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
