package graphviz

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"os/exec"
	"testing"

	gv "github.com/journeymap/journeymap/internal/gographviz"

	"github.com/journeymap/journeymap/render"
)

// inked reports whether a pixel is ink: opaque and darker than light grey.
func inked(img image.Image, x, y int) bool {
	r, g, b, a := img.At(x, y).RGBA()
	return a > 0x8000 && min(r, g, b) < 0xc000
}

// inkedIn counts the inked pixels in rect.
func inkedIn(img image.Image, rect image.Rectangle) int {
	n := 0
	rect = rect.Intersect(img.Bounds())
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			if inked(img, x, y) {
				n++
			}
		}
	}
	return n
}

// inkedColumns returns the fraction of the columns x0..x1 (fractions of the
// width) that have ink somewhere in the rows y0..y1 (fractions of the
// height), and the same with rows and columns swapped when vertical is set.
func inkedLines(img image.Image, x0, x1, y0, y1 float64, vertical bool) float64 {
	b := img.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	r := image.Rect(b.Min.X+int(x0*w), b.Min.Y+int(y0*h), b.Min.X+int(x1*w+0.5), b.Min.Y+int(y1*h+0.5))
	lines, hit := 0, 0
	if vertical {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			lines++
			if inkedIn(img, image.Rect(r.Min.X, y, r.Max.X, y+1)) > 0 {
				hit++
			}
		}
	} else {
		for x := r.Min.X; x < r.Max.X; x++ {
			lines++
			if inkedIn(img, image.Rect(x, r.Min.Y, x+1, r.Max.Y)) > 0 {
				hit++
			}
		}
	}
	if lines == 0 {
		return 0
	}
	return float64(hit) / float64(lines)
}

// A lineCase is a small graph with a known layout and the places in its
// picture where lines must be.
type lineCase struct {
	name  string
	dot   string
	check func(img image.Image) error
}

func needInk(what string, got, want float64) error {
	if got < want {
		return fmt.Errorf("%s: %.0f%% inked, want at least %.0f%%", what, 100*got, 100*want)
	}
	return nil
}

func noInk(what string, got float64) error {
	if got > 0 {
		return fmt.Errorf("%s: %.0f%% inked, want none", what, 100*got)
	}
	return nil
}

var lineCases = []lineCase{
	{
		// Two empty boxes side by side, joined by a straight line with no
		// arrowhead: the picture is the two outlines and the line.
		name: "edge and box outlines",
		dot: `digraph { rankdir=LR; ranksep=2; node [shape=box, fixedsize=true, width=1, height=0.5, label=" "];
			a -> b [arrowhead=none] }`,
		check: func(img image.Image) error {
			// Layout, in points: pad 4, boxes 72×36 at x 0..72 and 216..288,
			// the line at mid-height from 72 to 216; the picture 296×44.
			for _, err := range []error{
				needInk("the edge line between the boxes", inkedLines(img, 0.35, 0.65, 0.4, 0.6, false), 0.95),
				noInk("above the edge line", inkedLines(img, 0.35, 0.65, 0, 0.35, false)),
				needInk("box a's top side", inkedLines(img, 0.05, 0.2, 0, 0.3, false), 0.95),
				needInk("box a's bottom side", inkedLines(img, 0.05, 0.2, 0.7, 1, false), 0.95),
				needInk("box a's left side", inkedLines(img, 0, 0.04, 0.3, 0.7, true), 0.95),
				needInk("box b's right side", inkedLines(img, 0.96, 1, 0.3, 0.7, true), 0.95),
				noInk("inside box a", inkedLines(img, 0.05, 0.2, 0.3, 0.7, false)),
			} {
				if err != nil {
					return err
				}
			}
			return nil
		},
	},
	{
		// An empty ellipse: its outline and nothing inside.
		name: "ellipse outline",
		dot:  `digraph { a [label=" ", width=2, height=1] }`,
		check: func(img image.Image) error {
			for _, err := range []error{
				needInk("the ellipse's top", inkedLines(img, 0.4, 0.6, 0, 0.25, false), 0.95),
				needInk("the ellipse's bottom", inkedLines(img, 0.4, 0.6, 0.75, 1, false), 0.95),
				needInk("the ellipse's left", inkedLines(img, 0, 0.25, 0.4, 0.6, true), 0.95),
				needInk("the ellipse's right", inkedLines(img, 0.75, 1, 0.4, 0.6, true), 0.95),
				noInk("inside the ellipse", inkedLines(img, 0.3, 0.7, 0.3, 0.7, false)),
			} {
				if err != nil {
					return err
				}
			}
			return nil
		},
	},
	{
		// A cluster around an invisible node: only its border is drawn.
		name: "cluster border",
		dot:  `digraph { subgraph cluster_c { label=" "; a [style=invis, width=2, height=1] } }`,
		check: func(img image.Image) error {
			for _, err := range []error{
				needInk("the cluster's top", inkedLines(img, 0.1, 0.9, 0, 0.2, false), 0.95),
				needInk("the cluster's bottom", inkedLines(img, 0.1, 0.9, 0.8, 1, false), 0.95),
				needInk("the cluster's left", inkedLines(img, 0, 0.1, 0.2, 0.8, true), 0.95),
				needInk("the cluster's right", inkedLines(img, 0.9, 1, 0.2, 0.8, true), 0.95),
				noInk("inside the cluster", inkedLines(img, 0.15, 0.85, 0.25, 0.75, false)),
			} {
				if err != nil {
					return err
				}
			}
			return nil
		},
	},
	{
		// The first case turned by 90°: the boxes one above the other.
		name: "rotated",
		dot: `digraph { rotate=90; rankdir=LR; ranksep=2; node [shape=box, fixedsize=true, width=1, height=0.5, label=" "];
			a -> b [arrowhead=none] }`,
		check: func(img image.Image) error {
			if b := img.Bounds(); b.Dy() < 2*b.Dx() {
				return fmt.Errorf("picture is %v, want it upright", b.Size())
			}
			for _, err := range []error{
				needInk("the edge line between the boxes", inkedLines(img, 0.4, 0.6, 0.35, 0.65, true), 0.95),
				noInk("beside the edge line", inkedLines(img, 0, 0.35, 0.35, 0.65, true)),
				needInk("a box's left side", inkedLines(img, 0, 0.3, 0.05, 0.2, true), 0.95),
				needInk("a box's right side", inkedLines(img, 0.7, 1, 0.05, 0.2, true), 0.95),
			} {
				if err != nil {
					return err
				}
			}
			return nil
		},
	},
	{
		// A dashed edge is drawn, with gaps.
		name: "dashed edge",
		dot: `digraph { rankdir=LR; ranksep=3; node [shape=box, fixedsize=true, width=1, height=0.5, label=" "];
			a -> b [arrowhead=none, style=dashed] }`,
		check: func(img image.Image) error {
			f := inkedLines(img, 0.35, 0.65, 0.4, 0.6, false)
			if f < 0.4 || f > 0.8 {
				return fmt.Errorf("dashed edge: %.0f%% of its columns inked, want 40%% to 80%%", 100*f)
			}
			return nil
		},
	},
}

func TestPNGLinesPresent(t *testing.T) {
	for _, tc := range lineCases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := RenderDOT(context.Background(), &buf, []byte(tc.dot), PNGFormat); err != nil {
				t.Fatal(err)
			}
			if err := tc.check(decodePNG(t, buf.Bytes())); err != nil {
				t.Error(err)
			}
		})
	}
}

// The line checks hold for native Graphviz's pictures of the same DOT, so
// they test what Graphviz draws and not an accident of our renderer.
func TestPNGLinesPresentNative(t *testing.T) {
	dotCmd := nativeDot(t)
	for _, tc := range lineCases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(dotCmd, "-Tpng")
			cmd.Stdin = bytes.NewReader([]byte(tc.dot))
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("native dot: %v", err)
			}
			if err := tc.check(decodePNG(t, out)); err != nil {
				t.Error(err)
			}
		})
	}
}

// stockPNG renders dot with go-graphviz's stock PNG renderer.
func stockPNG(t *testing.T, dot string) []byte {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	ctx := context.Background()
	g, err := gv.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	graph, err := gv.ParseBytes([]byte(dot))
	if err != nil || graph == nil {
		t.Fatalf("parse: %v", err)
	}
	defer graph.Close()
	var buf bytes.Buffer
	if err := g.Render(ctx, graph, gv.PNG, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The line checks fail on go-graphviz's stock PNG renderer, which draws no
// lines: they would catch lines vanishing again.
func TestPNGLinesStockRendererFails(t *testing.T) {
	for _, tc := range lineCases {
		t.Run(tc.name, func(t *testing.T) {
			img := decodePNG(t, stockPNG(t, tc.dot))
			if err := tc.check(img); err == nil {
				t.Errorf("the check passes on the stock renderer's picture; it would not notice missing lines")
			} else {
				t.Logf("stock renderer: %v", err)
			}
		})
	}
}

// Our PNG of a journey has about as much ink as native Graphviz's picture
// of the same DOT (fonts differ), and its size is close.
func TestPNGComparedWithNative(t *testing.T) {
	dotCmd := nativeDot(t)
	dot, err := render.DOTBytes(sofa(), render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ours bytes.Buffer
	if err := RenderDOT(context.Background(), &ours, dot, PNGFormat); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(dotCmd, "-Tpng")
	cmd.Stdin = bytes.NewReader(dot)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("native dot: %v", err)
	}
	a, b := decodePNG(t, ours.Bytes()), decodePNG(t, out)
	sa, sb := a.Bounds().Size(), b.Bounds().Size()
	if float64(sa.X) < 0.8*float64(sb.X) || float64(sa.X) > 1.25*float64(sb.X) ||
		float64(sa.Y) < 0.8*float64(sb.Y) || float64(sa.Y) > 1.25*float64(sb.Y) {
		t.Errorf("size %v, native %v", sa, sb)
	}
	ia, ib := inkedIn(a, a.Bounds()), inkedIn(b, b.Bounds())
	fa := float64(ia) / float64(sa.X*sa.Y)
	fb := float64(ib) / float64(sb.X*sb.Y)
	t.Logf("inked: ours %.1f%%, native %.1f%%", 100*fa, 100*fb)
	if fa < 0.7*fb || fa > 1.5*fb {
		t.Errorf("inked %.1f%% of the picture, native Graphviz %.1f%%", 100*fa, 100*fb)
	}
}

func TestArrowOpen(t *testing.T) {
	for name, want := range map[string]bool{
		"": false, "normal": false, "onormal": true, "empty": true, "invempty": true,
		"odot": true, "dot": false, "invodot": true, "invdot": false, "odiamond": true,
		"ediamond": true, "diamond": false, "obox": true, "lnormal": false, "olnormal": true,
		"open": false, "halfopen": false, "vee": false, "none": false, "odotonormal": true,
		"odotnormal": false, "ONORMAL": true, " onormal ": true, "bogus": false, "o": false,
	} {
		if got := arrowOpen(name); got != want {
			t.Errorf("arrowOpen(%q) = %v, want %v", name, got, want)
		}
	}
}
