package journey_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestJourneyImportsNothingAbove checks the direction of the arrows: package
// journey (the model) imports the standard library, the model's own
// packages and its YAML decoder, and nothing of analysis, rendering or
// graph algorithms (the dominikbraun/graph adapter is journey/graphadapter).
func TestJourneyImportsNothingAbove(t *testing.T) {
	const mod = "github.com/journeymap/journeymap/"
	allowed := map[string]bool{
		mod + "persona":            true,
		mod + "touchpoint":         true,
		mod + "position":           true, // where values were read from, stdlib only
		mod + "internal/termsafe":  true,
		"github.com/goccy/go-yaml": true,
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
			p, _ := strconv.Unquote(imp.Path.Value)
			first := strings.SplitN(p, "/", 2)[0]
			if !strings.Contains(first, ".") {
				continue // the standard library
			}
			if !allowed[p] && !strings.HasPrefix(p, "github.com/goccy/go-yaml/") {
				t.Errorf("%s imports %s: journey must not depend on it", f, p)
			}
		}
	}
}
