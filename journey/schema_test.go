package journey_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/journeymap/journeymap/internal/gen"
	"github.com/journeymap/journeymap/journey"
)

// schemaPath is the JSON Schema of the journey format that editors use.
const schemaPath = "../docs/journey.schema.json"

// pendingKeys are keys the schema may describe ahead of the model, such as
// "step.count" while a branch adds Step.Count: the test allows them to be
// missing from the model. None at present.
var pendingKeys = map[string]bool{}

// loadSchemaJSON returns the schema as plain JSON values.
func loadSchemaJSON(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("%s: %v", schemaPath, err)
	}
	return s
}

// compileSchema compiles the schema with a maintained validator.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// yamlTag returns a field's key in files, or "" if it has none.
func yamlTag(f reflect.StructField) string {
	key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if key == "-" {
		return ""
	}
	return key
}

// TestSchemaMatchesModel walks the model's structs from journey.Journey by
// reflection, following their yaml tags, and checks that the schema has
// every key at the same place, with a JSON type that holds the Go type,
// that every object of the schema refuses unknown keys, and that every key
// of the schema is a key of the model (or one the design adds: pendingKeys).
func TestSchemaMatchesModel(t *testing.T) {
	s := loadSchemaJSON(t)
	defs, _ := s["definitions"].(map[string]any)
	seen := map[string]bool{} // definitions checked
	var walk func(name string, def map[string]any, typ reflect.Type)
	walk = func(name string, def map[string]any, typ reflect.Type) {
		if seen[name] {
			return
		}
		seen[name] = true
		if def["additionalProperties"] != false {
			t.Errorf("schema %s: additionalProperties is not false: unknown keys would pass", name)
		}
		props, _ := def["properties"].(map[string]any)
		keys := map[string]bool{}
		for i := range typ.NumField() {
			f := typ.Field(i)
			key := yamlTag(f)
			if key == "" || !f.IsExported() {
				continue
			}
			keys[key] = true
			p, ok := props[key].(map[string]any)
			if !ok {
				t.Errorf("schema %s has no key %q (%s.%s)", name, key, typ, f.Name)
				continue
			}
			checkType(t, name+"."+key, p, f.Type, defs, walk)
		}
		for key := range props {
			if !keys[key] && !pendingKeys[name+"."+key] {
				t.Errorf("schema %s has key %q, which %s does not", name, key, typ)
			}
		}
	}
	walk("#", s, reflect.TypeFor[journey.Journey]())
	for name := range defs {
		if d, _ := defs[name].(map[string]any); d["properties"] != nil && !seen[name] {
			// A definition the model does not reach yet: pending keys only.
			props, _ := d["properties"].(map[string]any)
			for key := range props {
				if !pendingKeys[name+"."+key] {
					t.Errorf("schema %s.%s describes no field of the model", name, key)
				}
			}
		}
	}
}

// checkType checks that the schema p of the key at path holds values of the
// Go type typ, and walks into the definitions of structs.
func checkType(t *testing.T, path string, p map[string]any, typ reflect.Type, defs map[string]any,
	walk func(string, map[string]any, reflect.Type)) {
	t.Helper()
	if typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	resolve := func(p map[string]any) (string, map[string]any) {
		ref, _ := p["$ref"].(string)
		name, ok := strings.CutPrefix(ref, "#/definitions/")
		if !ok {
			return "", p
		}
		d, _ := defs[name].(map[string]any)
		return name, d
	}
	name, d := resolve(p)
	types := func(d map[string]any) []string {
		switch v := d["type"].(type) {
		case string:
			return []string{v}
		case []any:
			var out []string
			for _, x := range v {
				out = append(out, fmt.Sprint(x))
			}
			return out
		}
		return nil
	}
	has := func(want string) bool {
		if _, ok := d["enum"]; ok && want == "string" {
			return true
		}
		return slices.Contains(types(d), want)
	}
	switch typ.Kind() {
	case reflect.String:
		if !has("string") {
			t.Errorf("schema %s: a string field, typed %v", path, types(d))
		}
	case reflect.Int, reflect.Int64:
		if !has("integer") {
			t.Errorf("schema %s: an integer field, typed %v", path, types(d))
		}
	case reflect.Float64:
		if !has("number") {
			t.Errorf("schema %s: a number field, typed %v", path, types(d))
		}
	case reflect.Slice:
		items, _ := d["items"].(map[string]any)
		if !has("array") || items == nil {
			t.Errorf("schema %s: a list field, typed %v", path, types(d))
			return
		}
		checkType(t, path+"[]", items, typ.Elem(), defs, walk)
	case reflect.Map:
		if !has("object") || d["additionalProperties"] == nil {
			t.Errorf("schema %s: a map field, typed %v", path, types(d))
		}
	case reflect.Struct:
		if !has("object") || name == "" {
			t.Errorf("schema %s: a struct field, not a reference to an object definition", path)
			return
		}
		walk(name, d, typ)
	default:
		t.Errorf("schema %s: no rule for Go type %s", path, typ)
	}
}

// instance turns a YAML or JSON file into the values the validator takes,
// as an editor's language server sees the file.
func instance(data []byte) (any, error) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	js, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(js))
}

// journeyFiles lists the YAML and JSON files of the module outside the
// hostile catalogue and fuzz corpora.
func journeyFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "hostile", "fuzz", "node_modules":
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(p) {
		case ".yaml", ".yml", ".json":
			if !strings.HasSuffix(p, ".schema.json") {
				files = append(files, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// hasCode reports whether err holds a Problem with the code.
func hasCode(err error, code journey.Code) bool {
	var ps journey.Problems
	if !errors.As(err, &ps) {
		return false
	}
	return slices.ContainsFunc(ps, func(p journey.Problem) bool { return p.Code == code })
}

// TestSchemaAcceptsJourneys checks the schema against the reader, the
// oracle: every journey file of the repository that reads and validates is
// valid against the schema, and every file the reader refuses for an
// unknown key, the schema refuses too.
func TestSchemaAcceptsJourneys(t *testing.T) {
	sch := compileSchema(t)
	valid := 0
	for _, p := range journeyFiles(t) {
		j, rerr := journey.ReadFile(p)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := instance(data)
		if err != nil {
			if rerr == nil {
				t.Errorf("%s reads as a journey but not as YAML: %v", p, err)
			}
			continue
		}
		serr := sch.Validate(inst)
		switch {
		case rerr == nil && j.Validate() == nil:
			valid++
			if serr != nil {
				t.Errorf("%s is a valid journey, but not valid against the schema:\n%v", p, serr)
			}
		case hasCode(rerr, journey.CodeUnknownKey):
			if serr == nil {
				t.Errorf("%s has an unknown key, but the schema accepts it", p)
			}
		}
	}
	t.Logf("%d valid journeys checked", valid)
	if valid < 5 {
		t.Errorf("only %d valid journeys found: the walk of the repository is broken", valid)
	}
}

// TestSchemaRefusesHostileKeys checks every file of the hostile catalogue
// that the reader refuses for an unknown key (a typo, a key in the wrong
// case or at the wrong level): the schema must refuse it as well.
func TestSchemaRefusesHostileKeys(t *testing.T) {
	sch := compileSchema(t)
	paths, err := filepath.Glob(filepath.Join("testdata", "hostile", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range paths {
		_, rerr := journey.ReadFile(p)
		if !hasCode(rerr, journey.CodeUnknownKey) {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := instance(data)
		if err != nil {
			t.Logf("%s: not plain YAML (%v): an editor cannot check it either", p, err)
			continue
		}
		n++
		if err := sch.Validate(inst); err == nil {
			t.Errorf("%s has an unknown key (%v), but the schema accepts it", p, rerr)
		}
	}
	t.Logf("%d hostile files with unknown keys checked", n)
	if n == 0 {
		t.Error("no hostile file with an unknown key was checked")
	}
}

// TestSchemaAcceptsGenerated writes generated journeys of every shape
// (probabilities, counts, barriers, personas) as JSON and YAML and checks
// each against the schema.
func TestSchemaAcceptsGenerated(t *testing.T) {
	sch := compileSchema(t)
	for seed := uint64(1); seed <= 20; seed++ {
		j := gen.Generate(gen.Options{Steps: 30, Seed: seed})
		for _, f := range []journey.Format{journey.JSON, journey.YAML} {
			var buf bytes.Buffer
			if err := journey.Write(&buf, j, f); err != nil {
				t.Fatal(err)
			}
			inst, err := instance(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("seed %d, %s: %v", seed, f, err)
			}
		}
	}
}
