package journey

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/goccy/go-yaml/ast"
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

func TestPositionsForgottenWhenCollected(t *testing.T) {
	count := func() int {
		sources.Lock()
		defer sources.Unlock()
		return len(sources.m)
	}
	before := count()
	func() {
		for i := 0; i < 10; i++ {
			_, err := ReadBytes([]byte("id: x\n"))
			require.NoError(t, err)
		}
	}()
	// Cleanups run some time after a collection; allow many.
	for i := 0; i < 1000 && count() > before; i++ {
		runtime.GC()
		runtime.Gosched()
	}
	if n := count(); n > before {
		t.Errorf("%d positions kept for collected journeys", n-before)
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

func TestLocateChunksMatchesFullParse(t *testing.T) {
	defer func(old int) { chunkThreshold = old }(chunkThreshold)
	chunkThreshold = 0
	var rich bytes.Buffer
	require.NoError(t, Write(&rich, richJourney(), YAML))
	sofa, err := os.ReadFile("../examples/sofa/sofa.yaml")
	require.NoError(t, err)
	for name, data := range map[string][]byte{"rich": rich.Bytes(), "sofa": sofa, "shapes": []byte(chunkedYAML)} {
		t.Run(name, func(t *testing.T) {
			j, err := ReadBytes(data)
			require.NoError(t, err)
			src := sourceOf(j)
			require.NotNil(t, src.index, "no index")
			var paths []string
			allPaths(reflect.ValueOf(j).Elem(), "", &paths)
			paths = append(paths, "", "steps[99].id", "nokey.id", "steps[x]", "entries[0].id", "transitions[1].personas[0]")
			got := make(Problems, len(paths))
			for i, p := range paths {
				got[i] = Problem{Code: "x", Path: p}
			}
			want := append(Problems(nil), got...)
			locateChunks(src, got)
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
