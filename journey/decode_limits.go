package journey

// The checks Read makes before and around parsing YAML, so that a hostile
// file costs bounded time and memory: aliases that would expand too far,
// collections nested too deep, and the parser's own panics.

import (
	"errors"
	"fmt"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

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
	// line's length (see BENCHMARKS.md, "Figures behind the doc comments").
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
// parses such a line in time quadratic in its length (BENCHMARKS.md,
// "Figures behind the doc comments"), so they must be refused before it
// sees them. Each "-", "?" or ":" followed by a space at the start of a
// line, after any anchors and tags, opens one collection.
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
