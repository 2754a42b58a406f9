package graphviz_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"log"
	"os"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
	"github.com/journeymap/journeymap/render/graphviz"
)

func example() *journey.Journey {
	return &journey.Journey{
		ID:     "newsletter",
		Stages: []journey.Stage{{ID: "aware", Name: "Awareness"}, {ID: "act", Name: "Action"}},
		Steps: []journey.Step{
			{ID: "read", Stage: "aware", Action: "Reads a post", Emotion: 1},
			{ID: "subscribe", Stage: "act", Action: "Subscribes", Emotion: 2},
		},
		Transitions: []journey.Transition{{From: "read", To: "subscribe"}},
		Entries:     []string{"read"},
		Goals:       []string{"subscribe"},
	}
}

func ExampleSVG() {
	var buf bytes.Buffer
	if err := graphviz.SVG(context.Background(), &buf, example(), render.Options{NoLegend: true}); err != nil {
		log.Fatal(err)
	}
	sc := bufio.NewScanner(&buf)
	for i := 0; i < 2 && sc.Scan(); i++ {
		fmt.Println(sc.Text())
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8" standalone="no"?>
	// <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
}

func ExamplePNG() {
	var buf bytes.Buffer
	if err := graphviz.PNG(context.Background(), &buf, example(), render.Options{NoLegend: true}); err != nil {
		log.Fatal(err)
	}
	cfg, err := png.DecodeConfig(&buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cfg.Width > 0 && cfg.Height > 0)
	// Output:
	// true
}

func ExampleRenderDOT() {
	dot := []byte(`digraph { rankdir=LR; "Reads a post" -> "Subscribes" }`)
	if err := graphviz.RenderDOT(context.Background(), os.Stdout, dot, graphviz.Format(7)); err != nil {
		fmt.Println(err)
	}
	err := graphviz.RenderDOT(context.Background(), os.Stdout, []byte("digraph {\n a -> \n}"), graphviz.SVGFormat)
	fmt.Println(err)
	// Output:
	// unknown output format 7 (want SVGFormat or PNGFormat)
	// dot:3: syntax error in line 3 near '}'
}

func ExampleRenderer() {
	j := example()
	r := graphviz.Renderer{MaxSteps: 1} // the zero Renderer allows DefaultMaxSteps
	err := r.SVG(context.Background(), os.Stdout, j, render.Options{})
	var ps journey.Problems
	if errors.As(err, &ps) {
		fmt.Println(ps[0].Code, ps[0].Path)
		fmt.Println(ps[0].Message)
	}
	// Output:
	// render-too-large steps
	// the journey has 2 steps, more than the 1 the Graphviz renderer lays out
}
