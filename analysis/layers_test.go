package analysis_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestAnalysisImportsOnlyBelow checks the direction of the arrows
// (journey <- analysis <- compare <- render <- cmd): package analysis
// imports the standard library, the model's packages and internal
// algorithms, and nothing that builds on it.
func TestAnalysisImportsOnlyBelow(t *testing.T) {
	const mod = "github.com/journeymap/journeymap/"
	allowed := func(p string) bool {
		switch {
		case !strings.Contains(strings.SplitN(p, "/", 2)[0], "."):
			return true // the standard library
		case p == mod+"journey", p == mod+"persona", p == mod+"touchpoint":
			return true
		case strings.HasPrefix(p, mod+"internal/"):
			return true
		}
		return false
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); !allowed(p) {
				t.Errorf("%s imports %s: analysis must not depend on it", f, p)
			}
		}
	}
}
