package journey

import (
	"runtime"
	"strconv"
	"strings"
	"sync"
	"weak"

	"github.com/goccy/go-yaml/ast"
)

// source is what Read keeps of a file to place the problems Validate finds
// later: the bytes and the file name. Positions are found only when needed,
// by parsing the bytes again.
type source struct {
	file string
	data []byte
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
	f, err := parseYAML(src.data)
	if err != nil || len(f.Docs) == 0 || f.Docs[0] == nil || f.Docs[0].Body == nil {
		return
	}
	root := f.Docs[0].Body
	anchors := map[string]ast.Node{}
	ast.Walk(anchorCollector(anchors), root)
	for i := range ps {
		n := findPath(root, ps[i].Path, anchors)
		if n != nil {
			ps[i].Line, ps[i].Column = pos(n)
		}
	}
}

// findPath returns the node at path (such as "steps[3].barriers[0].severity")
// below root, the mapping that lacks the path's last key, or nil.
func findPath(root ast.Node, path string, anchors map[string]ast.Node) ast.Node {
	deref := func(n ast.Node, _ int) ast.Node { return derefAlias(n, anchors) }
	n := deref(root, 0)
	for path != "" {
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
			n = deref(seq.Values[i], 0)
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
		n = deref(v, 0)
	}
	return n
}

// lookupKey returns the value of key in mapping n, following merge keys.
func lookupKey(n ast.Node, key string, anchors map[string]ast.Node, depth int) (ast.Node, bool) {
	deref := func(n ast.Node, _ int) ast.Node { return derefAlias(n, anchors) }
	var values []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	default:
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
