package journey_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// codePackages are the directories, relative to this one, of the packages
// that report problems.
var codePackages = []string{".", "../analysis", "../render", "../render/graphviz"}

// TestCodesDocumented checks the table of problem codes in the package
// documentation (doc.go) against the constants of type Code declared in
// the packages that report problems, both ways, and checks that every code
// written as a literal where a problem is made (Code: "...", addf("...",
// problemAt("...") has a constant, so that no code escapes the table.
func TestCodesDocumented(t *testing.T) {
	consts, literals := codeConstants(t)
	doc := docCodes(t)
	for _, c := range sortedKeys(consts) {
		if !doc[c] {
			t.Errorf("code %q (%s) is not in the table of doc.go", c, consts[c])
		}
	}
	for _, c := range sortedKeys(doc) {
		if _, ok := consts[c]; !ok {
			t.Errorf("code %q of the table of doc.go has no constant of type Code", c)
		}
	}
	for _, l := range literals {
		if _, ok := consts[l.code]; !ok {
			t.Errorf("%s: code %q has no constant of type Code", l.at, l.code)
		}
	}
	if len(consts) < 40 {
		t.Errorf("found only %d code constants: is the parsing broken?", len(consts))
	}
}

// docCodes returns the codes listed in the tables of doc.go: the first word
// of each table line that is a kebab-case word.
func docCodes(t *testing.T) map[string]bool {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`^//\t([a-z][a-z0-9]*(?:-[a-z0-9]+)*)  +\S`)
	codes := map[string]bool{}
	for _, line := range strings.Split(string(src), "\n") {
		if m := row.FindStringSubmatch(line); m != nil {
			codes[m[1]] = true
		}
	}
	return codes
}

type codeLiteral struct{ at, code string }

// codeConstants parses the packages of codePackages and returns their
// constants of type Code (journey.Code), by value, with where each is
// declared, and the code literals used to make problems.
func codeConstants(t *testing.T) (map[string]string, []codeLiteral) {
	consts := map[string]string{}
	var literals []codeLiteral
	fset := token.NewFileSet()
	isCode := func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.Ident:
			return e.Name == "Code"
		case *ast.SelectorExpr:
			x, ok := e.X.(*ast.Ident)
			return ok && x.Name == "journey" && e.Sel.Name == "Code"
		}
		return false
	}
	str := func(e ast.Expr) (string, bool) {
		if l, ok := e.(*ast.BasicLit); ok && l.Kind == token.STRING {
			s, err := strconv.Unquote(l.Value)
			return s, err == nil
		}
		return "", false
	}
	for _, dir := range codePackages {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.GenDecl:
					if n.Tok != token.CONST {
						return true
					}
					for _, spec := range n.Specs {
						vs := spec.(*ast.ValueSpec)
						if vs.Type == nil || !isCode(vs.Type) {
							continue
						}
						for i, v := range vs.Values {
							if s, ok := str(v); ok {
								if prev, dup := consts[s]; dup {
									t.Errorf("code %q declared twice: %s and %s", s, prev, vs.Names[i].Name)
								}
								consts[s] = filepath.Base(dir) + "." + vs.Names[i].Name
							}
						}
					}
				case *ast.KeyValueExpr:
					if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Code" {
						if s, ok := str(n.Value); ok {
							literals = append(literals, codeLiteral{fset.Position(n.Pos()).String(), s})
						}
					}
				case *ast.CallExpr:
					var fn string
					switch f := n.Fun.(type) {
					case *ast.Ident:
						fn = f.Name
					case *ast.SelectorExpr:
						fn = f.Sel.Name
					}
					if (fn == "addf" || fn == "problemAt") && len(n.Args) > 0 {
						if s, ok := str(n.Args[0]); ok {
							literals = append(literals, codeLiteral{fset.Position(n.Pos()).String(), s})
						}
					}
				}
				return true
			})
		}
	}
	return consts, literals
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
