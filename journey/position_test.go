package journey

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"weak"

	"github.com/goccy/go-yaml/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allPaths lists every path of v, present or not: each field key of every
// struct (set or left out) and each element of every list.
func allPaths(v reflect.Value, path string, out *[]string) {
	switch v.Kind() {
	case reflect.Struct:
		for _, f := range fieldsOf(v.Type()).list {
			p := f.key
			if path != "" {
				p = path + "." + f.key
			}
			*out = append(*out, p)
			allPaths(v.Field(f.index), p, out)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			p := fmt.Sprintf("%s[%d]", path, i)
			*out = append(*out, p)
			allPaths(v.Index(i), p, out)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			allPaths(v.Elem(), path, out)
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			if s := k.String(); s != "" && !strings.ContainsAny(s, ".[]") {
				*out = append(*out, path+"."+s)
			}
		}
	}
}

// locateYAMLOracle places problems with the YAML parser's tree, the way
// locate does for YAML; for JSON it is the oracle of locateJSON.
func locateYAMLOracle(t *testing.T, data []byte, ps Problems) {
	f, err := parseYAML(data)
	require.NoError(t, err)
	root := f.Docs[0].Body
	anchors := map[string]ast.Node{}
	ast.Walk(anchorCollector(anchors), root)
	for i := range ps {
		if n := findPath(root, ps[i].Path, anchors); n != nil {
			ps[i].Line, ps[i].Column = pos(n)
		}
	}
}

func TestLocateJSONMatchesParser(t *testing.T) {
	var indented bytes.Buffer
	require.NoError(t, Write(&indented, richJourney(), JSON))
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, indented.Bytes()))
	spaced := respace(compact.Bytes())
	sofa, err := ReadFile("testdata/sofa.json")
	require.NoError(t, err)
	var sofaJSON bytes.Buffer
	require.NoError(t, Write(&sofaJSON, sofa, JSON))

	for name, data := range map[string][]byte{
		"indented": indented.Bytes(), "compact": compact.Bytes(), "spaced": []byte(spaced), "sofa": sofaJSON.Bytes(),
	} {
		t.Run(name, func(t *testing.T) {
			j, err := ReadBytes(data)
			require.NoError(t, err)
			var paths []string
			allPaths(reflect.ValueOf(j).Elem(), "", &paths)
			paths = append(paths, "", "steps[99].id", "nokey.id", "steps[x]", "entries[0].id")
			got := make(Problems, len(paths))
			want := make(Problems, len(paths))
			for i, p := range paths {
				got[i] = Problem{Code: "x", Path: p}
				want[i] = got[i]
			}
			locateJSON(data, got)
			locateYAMLOracle(t, data, want)
			located := 0
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%q: got %d:%d, want %d:%d", paths[i], got[i].Line, got[i].Column, want[i].Line, want[i].Column)
				}
				if got[i].Line > 0 {
					located++
				}
			}
			if located < len(paths)/2 {
				t.Errorf("only %d of %d paths located", located, len(paths))
			}
		})
	}
}

// respace adds odd but valid white space around the structural characters
// of compact JSON, leaving strings alone.
func respace(data []byte) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case in && c == '\\':
			b.WriteByte(c)
			i++
			c = data[i]
		case c == '"':
			in = !in
		case !in && c == ',':
			b.WriteString(" ,\n\t")
			continue
		case !in && c == ':':
			b.WriteString(" :  ")
			continue
		case !in && (c == '[' || c == '{'):
			b.WriteByte(c)
			b.WriteString("\r\n ")
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func TestLocateJSONNeverPanics(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, richJourney(), JSON))
	data := buf.Bytes()
	ps := Problems{{Path: "steps[0].barriers[1].severity"}, {Path: "transitions[2].count"}, {Path: "x"}}
	for cut := 0; cut <= len(data); cut += 7 {
		locateJSON(data[:cut], append(Problems(nil), ps...))
	}
}

func TestValidateConcurrent(t *testing.T) {
	j, err := ReadFile("testdata/typo.yaml")
	_ = j
	require.Error(t, err)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				j, err := ReadBytes([]byte(validBase + "extra: 1\n"))
				if err == nil || j != nil {
					t.Error("extra key accepted")
					return
				}
				j, err = ReadBytes([]byte(strings.Replace(validBase, "emotion: 1", "emotion: 4", 1)))
				if err != nil {
					t.Error(err)
					return
				}
				ps := problemsOf(t, j.Validate())
				if len(ps) != 1 || ps[0].Line != 19 {
					t.Errorf("got %v", ps)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// chunkedYAML is a YAML journey in the shapes a large file may take: items
// with comments between them, flow items, items whose mapping starts on the
// line after the dash, block scalars, anchors and aliases.
const chunkedYAML = `# a journey
id: chunks
stages:
  - {id: s}
  - id: t # trailing comment
steps:
  # first
  - id: a
    stage: s
    action: |
      line one
      line two
    emotion: 1

  - {id: b, stage: t, barriers: [{description: x, severity: low}]}
  -
    id: c
    stage: &st s
    thoughts:
      - one
      - two
  - id: d
    stage: *st
    barriers:
      - description: "quoted: yes"
        severity: high
transitions:
- from: a
  to: b
- {from: b, to: c, probability: 0.5}
entries: [a]
goals:
  - d
`

// positionFiles returns every journey file of the tests and examples that
// Read accepts, by name, with the rich journey written both ways and the
// shapes of chunkedYAML.
func positionFiles(t *testing.T) map[string][]byte {
	files := map[string][]byte{"shapes.yaml": []byte(chunkedYAML)}
	var rich bytes.Buffer
	require.NoError(t, Write(&rich, richJourney(), YAML))
	files["rich.yaml"] = bytes.Clone(rich.Bytes())
	rich.Reset()
	require.NoError(t, Write(&rich, richJourney(), JSON))
	files["rich.json"] = bytes.Clone(rich.Bytes())
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, rich.Bytes()))
	files["rich-compact.json"] = compact.Bytes()
	files["rich-spaced.json"] = []byte(respace(compact.Bytes()))
	var paths []string
	for _, pattern := range []string{"testdata/*.*", "testdata/hostile/*", "testdata/analyze/*", "../examples/*.yaml", "../examples/*/*.yaml", "../examples/*/testdata/*"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		paths = append(paths, m...)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		files[p] = data
	}
	return files
}

// TestRecordsMatchOracle reads every test file and checks the position of
// every path of the journey read (each key, set or not, and each element)
// against the oracle that parses the file again.
func TestRecordsMatchOracle(t *testing.T) {
	for name, data := range positionFiles(t) {
		j, err := ReadBytes(data)
		if err != nil {
			continue // files that do not read have no positions to check
		}
		t.Run(name, func(t *testing.T) {
			var paths []string
			allPaths(reflect.ValueOf(j).Elem(), "", &paths)
			paths = append(paths, "", "steps[99].id", "nokey.id", "steps[x]", "transitions[1].personas[0]", "steps[0].counts.nobody")
			got := make(Problems, len(paths))
			for i, p := range paths {
				got[i] = Problem{Code: "x", Path: p}
			}
			want := append(Problems(nil), got...)
			locate(j, got)
			oracle := bytes.TrimPrefix(data, utf8BOM)
			if f, _ := detect(oracle); f == JSON && ReadOptions.withDefaults(ReadOptions{}).decodeJSONFast(oracle) != nil {
				locateJSON(oracle, want) // read by the fast path
			} else {
				locateYAMLOracle(t, normalizeNewlines(oracle), want)
			}
			located := 0
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%q: got %d:%d, want %d:%d", paths[i], got[i].Line, got[i].Column, want[i].Line, want[i].Column)
				}
				if got[i].Line > 0 {
					located++
				}
			}
			if located < len(paths)/2 {
				t.Errorf("only %d of %d paths located", located, len(paths))
			}
		})
	}
}

// TestPositionsCRLF reads every test file as it is, with "\n" line ends and
// with "\r\n" line ends: all three must read alike and every problem of
// Validate, and every path, stand at the same line and column.
func TestPositionsCRLF(t *testing.T) {
	for name, data := range positionFiles(t) {
		lf := bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
		t.Run(name, func(t *testing.T) {
			places := func(data []byte) (string, []string) {
				j, err := ReadBytes(data)
				if err != nil {
					ps := problemsOf(t, err)
					var out []string
					for _, p := range ps {
						out = append(out, fmt.Sprintf("%d:%d %s %s", p.Line, p.Column, p.Code, p.Path))
					}
					return "read", out
				}
				var paths []string
				allPaths(reflect.ValueOf(j).Elem(), "", &paths)
				ps := make(Problems, len(paths))
				for i, p := range paths {
					ps[i] = Problem{Code: "x", Path: p}
				}
				if err := j.Validate(); err != nil {
					ps = append(ps, problemsOf(t, err)...)
				}
				locate(j, ps)
				out := make([]string, len(ps))
				for i, p := range ps {
					out[i] = fmt.Sprintf("%d:%d %s %s", p.Line, p.Column, p.Code, p.Path)
				}
				return "validate", out
			}
			kind, want := places(lf)
			kindCRLF, got := places(crlf)
			require.Equal(t, kind, kindCRLF)
			require.Equal(t, want, got)
		})
	}
}

// TestPositionsCRLFComments is the report of issue 10: comment lines ended
// by "\r\n" put every later line off.
func TestPositionsCRLFComments(t *testing.T) {
	src := "# c\r\n# d\r\n# e\r\nid: x\r\nstages: [{id: s}]\r\nsteps:\r\n  - {id: a, stage: s, emotoin: 1}\r\n"
	_, err := ReadBytes([]byte(src))
	ps := problemsOf(t, err)
	require.Len(t, ps, 1)
	assert.Equal(t, CodeUnknownKey, ps[0].Code)
	assert.Equal(t, 7, ps[0].Line)
	assert.Equal(t, 23, ps[0].Column)

	sofa, err := os.ReadFile("../examples/sofa/sofa.yaml")
	require.NoError(t, err)
	broken := bytes.Replace(sofa, []byte("emotion: "), []byte("emotoin: "), 1)
	_, err = ReadBytes(broken)
	want := problemsOf(t, err)
	_, err = ReadBytes(bytes.ReplaceAll(broken, []byte("\n"), []byte("\r\n")))
	assert.Equal(t, want, problemsOf(t, err))
}

// TestReadKeepsNoBytes checks that a journey read does not keep the bytes
// it was read from alive: its positions are its own.
func TestReadKeepsNoBytes(t *testing.T) {
	var rich bytes.Buffer
	require.NoError(t, Write(&rich, richJourney(), YAML))
	var richJSON bytes.Buffer
	require.NoError(t, Write(&richJSON, richJourney(), JSON))
	for name, src := range map[string][]byte{"yaml": rich.Bytes(), "json": richJSON.Bytes(), "crlf": bytes.ReplaceAll(rich.Bytes(), []byte("\n"), []byte("\r\n"))} {
		t.Run(name, func(t *testing.T) {
			data := bytes.Clone(src)
			gone := weak.Make(&data[0])
			j, err := ReadBytes(data)
			require.NoError(t, err)
			data = nil
			for i := 0; i < 10 && gone.Value() != nil; i++ {
				runtime.GC()
			}
			assert.Nil(t, gone.Value(), "the file's bytes are still alive")
			l, _ := j.Position.At()
			assert.Positive(t, l)
			runtime.KeepAlive(j)
		})
	}
}

// FuzzPositions reads arbitrary journey files and checks the position of
// every path of what reads against the oracle that parses the file again.
func FuzzPositions(f *testing.F) {
	for _, data := range positionFiles(&testing.T{}) {
		if len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte("id: &a x\nsteps:\n  - &s {id: a, stage: s, counts: {p: 1}}\n  - *s\n  - <<: *s\n    id: b\nentries: [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		j, err := ReadOptions{MaxBytes: 64 << 10, MaxAliases: 100}.ReadBytes(data)
		if err != nil {
			return
		}
		var paths []string
		allPaths(reflect.ValueOf(j).Elem(), "", &paths)
		got := make(Problems, len(paths))
		for i, p := range paths {
			got[i] = Problem{Code: "x", Path: p}
		}
		want := append(Problems(nil), got...)
		locate(j, got)
		oracle := bytes.TrimPrefix(data, utf8BOM)
		if f, _ := detect(oracle); f == JSON && ReadOptions.withDefaults(ReadOptions{}).decodeJSONFast(oracle) != nil {
			locateJSON(oracle, want) // read by the fast path
		} else {
			f, err := parseYAML(normalizeNewlines(oracle))
			if err != nil || len(documents(f)) != 1 {
				return
			}
			root := documents(f)[0].Body
			anchors := map[string]ast.Node{}
			ast.Walk(anchorCollector(anchors), root)
			for i := range want {
				if n := findPath(root, want[i].Path, anchors); n != nil {
					want[i].Line, want[i].Column = pos(n)
				}
			}
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%q: got %d:%d, want %d:%d", paths[i], got[i].Line, got[i].Column, want[i].Line, want[i].Column)
			}
		}
	})
}
