package graphviz

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// Hostile DOT: RenderDOT answers with an error or a picture, quickly,
// never a panic, and the runtime keeps working afterwards.
func TestRenderDOTHostile(t *testing.T) {
	deep := strings.Repeat("subgraph { ", 20000) + "a" + strings.Repeat(" }", 20000)
	cases := map[string]string{
		"NUL bytes":                  "digraph { a\x00b -> c }",
		"binary":                     "\xff\xfe\x00\x01digraph\x80{",
		"invalid UTF-8 label":        "digraph { a [label=\"\xff\xfe\"] }",
		"huge label":                 `digraph { a [label="` + strings.Repeat("x", 1<<20) + `"] }`,
		"many lines label":           `digraph { a [label="` + strings.Repeat(`x\n`, 5000) + `"] }`,
		"deep nesting":               "digraph { " + deep + " }",
		"bad HTML label":             "digraph { a [label=<<table><tr><td>x</table>>] }",
		"unclosed HTML":              "digraph { a [label=<<b>x>] }",
		"negative size":              `digraph { size="-1,-1"; a -> b }`,
		"zero dpi":                   `digraph { dpi=0; a -> b }`,
		"huge dpi":                   `digraph { dpi=1e9; a -> b }`,
		"huge node":                  `digraph { a [width=1e6, height=1e6] }`,
		"huge separation":            `digraph { nodesep=1e9; ranksep=1e9; a -> b; a -> c }`,
		"NaN width":                  `digraph { a [width=nan, height=inf] }`,
		"unknown shape":              `digraph { a [shape=nonsense, style=nonsense, color=nonsense, fillcolor="/nope/9"] }`,
		"image file":                 `digraph { a [image="/etc/passwd", shapefile="/etc/passwd"] }`,
		"negative penwidth":          `digraph { a [penwidth=-5]; a -> b [penwidth=-1, arrowsize=-3] }`,
		"huge penwidth":              `digraph { a [penwidth=1e9]; a -> b [penwidth=1e9] }`,
		"huge font":                  `digraph { a [fontsize=1e9] }`,
		"tiny font":                  `digraph { a [fontsize=1e-9] }`,
		"strange arrows":             `digraph { a -> b [dir=both, arrowhead=oloboxrdot, arrowtail=nonsense] }`,
		"self loops":                 `digraph { a -> a -> a; a -> a [label="x"] }`,
		"undirected edge in digraph": `digraph { a -- b }`,
		"two graphs":                 `digraph { a } digraph { b }`,
		"strict multigraph":          `strict digraph { a -> b; a -> b; b -> a }`,
		"rotate":                     `digraph { rotate=90; a -> b }`,
		"record":                     `digraph { a [shape=record, label="{<p>x|{y|<q>z}}|{"]; a:p -> a:q }`,
		"gradient":                   `digraph { a [style=filled, fillcolor="red:blue", gradientangle=90]; b [style=radial, fillcolor="yellow:green"] }`,
		"wedged and striped":         `digraph { a [style=wedged, fillcolor="red;0.3:blue"]; b [shape=box, style=striped, fillcolor="red:green:blue"] }`,
		"tapered":                    `digraph { a -> b [style=tapered, penwidth=7, arrowhead=none] }`,
	}
	heavy := map[string]bool{"huge label": true, "deep nesting": true, "many lines label": true}
	ctx := context.Background()
	for name, dot := range cases {
		for _, f := range []Format{SVGFormat, PNGFormat} {
			t.Run(name+"/"+f.String(), func(t *testing.T) {
				if testing.Short() && heavy[name] && f == PNGFormat {
					t.Skip("heavy; the SVG variant runs")
				}
				start := time.Now()
				var buf bytes.Buffer
				err := RenderDOT(ctx, &buf, []byte(dot), f)
				if err != nil {
					var (
						se *SyntaxError
						ge *GraphvizError
						ie *ImageTooLargeError
					)
					if !errors.As(err, &se) && !errors.As(err, &ge) && !errors.As(err, &ie) {
						t.Errorf("untyped error %T: %v", err, err)
					}
					if buf.Len() != 0 {
						t.Errorf("error %v, but wrote %d bytes", err, buf.Len())
					}
				} else if !validOutput(f.String(), buf.Bytes()) {
					t.Errorf("no error and no valid %v", f)
				}
				if d := time.Since(start); d > 20*time.Second {
					t.Errorf("took %v", d)
				}
				// The runtime still works.
				buf.Reset()
				if err := RenderDOT(ctx, &buf, []byte("digraph{a->b}"), f); err != nil {
					t.Fatalf("render after %q: %v", name, err)
				}
			})
		}
	}
}

// What follows a graph in the DOT text never reaches the next render.
func TestNoLeftovers(t *testing.T) {
	ctx := context.Background()
	for _, first := range []string{
		"digraph { a } digraph { secretB }",
		"digraph { a } digraph { secretB } digraph { secretC }",
		"digraph { a }\n\n\ndigraph { secretB }\n",
		"digraph { a } }}} secretB {{{",
		"digraph { " + strings.Repeat("subgraph { ", 6000) + "a" + strings.Repeat(" }", 6000) + " }",
		"digraph { a }" + strings.Repeat(" ", 100000) + "digraph { secretB }",
	} {
		for _, f := range []Format{SVGFormat, PNGFormat} {
			_ = RenderDOT(ctx, &bytes.Buffer{}, []byte(first), f)
			var buf bytes.Buffer
			if err := RenderDOT(ctx, &buf, []byte("digraph { mine }"), SVGFormat); err != nil {
				t.Fatalf("after %.40q as %v: %v", first, f, err)
			}
			text := svgText(t, buf.Bytes())
			if text != "mine" {
				t.Errorf("after %.40q as %v: the next render drew %q, want mine", first, f, text)
			}
		}
	}
}
