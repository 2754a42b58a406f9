// Package layers holds one test: the import arrows of shared/DESIGN.md,
// journey <- analysis <- compare <- render <- cmd, with eventlog beside
// compare (it uses journey and analysis, never render), checked for every
// package of the module at once.
package layers

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const mod = "github.com/journeymap/journeymap"

// rule says what a package may import besides the standard library: the
// module's packages by prefix, and third-party modules by prefix (nil: any).
type rule struct {
	module     []string
	thirdParty []string
}

var (
	model = []string{"/persona", "/touchpoint", "/position"}
	none  = []string{}
)

// rules are by directory below the module root; a directory takes the rule
// of its nearest listed parent.
var rules = map[string]rule{
	"position":   {module: none, thirdParty: none},
	"persona":    {module: []string{"/position"}, thirdParty: none},
	"touchpoint": {module: []string{"/position"}, thirdParty: none},
	"journey": {module: append([]string{"/internal/termsafe"}, model...),
		thirdParty: []string{"github.com/goccy/go-yaml"}},
	"journey/graphadapter": {module: append([]string{"/journey"}, model...)},
	"journey/journeytest":  {module: append([]string{"/journey", "/analysis", "/internal/"}, model...)},
	"analysis":             {module: append([]string{"/journey", "/internal/"}, model...)},
	"compare":              {module: append([]string{"/journey", "/analysis", "/internal/"}, model...)},
	"eventlog":             {module: append([]string{"/journey", "/analysis", "/eventlog", "/internal/"}, model...)},
	"render":               {module: append([]string{"/journey", "/analysis", "/compare", "/render", "/internal/"}, model...)},
}

func ruleFor(dir string) (rule, bool) {
	for d := dir; d != "." && d != "/"; d = filepath.Dir(d) {
		if r, ok := rules[filepath.ToSlash(d)]; ok {
			return r, true
		}
	}
	return rule{}, false
}

func allowed(prefixes []string, p string) bool {
	if prefixes == nil {
		return true
	}
	for _, x := range prefixes {
		if p == x || strings.HasPrefix(p, x) && (strings.HasSuffix(x, "/") || strings.HasPrefix(p[len(x):], "/")) {
			return true
		}
	}
	return false
}

func TestImportArrows(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		dir, _ := filepath.Rel(root, filepath.Dir(path))
		r, ok := ruleFor(dir)
		if !ok {
			return nil // cmd, bench, examples, internal: anything below them
		}
		af, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range af.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case !strings.Contains(strings.SplitN(p, "/", 2)[0], "."):
				// the standard library
			case p == mod || strings.HasPrefix(p, mod+"/"):
				if !allowed(r.module, strings.TrimPrefix(p, mod)) {
					t.Errorf("%s imports %s: %s must not depend on it", path, p, dir)
				}
			case !allowed(r.thirdParty, p):
				t.Errorf("%s imports %s: %s takes no third-party module but %v", path, p, dir, r.thirdParty)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("checked %d files: the walk missed the module", checked)
	}
}
