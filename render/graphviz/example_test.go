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

func ExampleTooLargeError() {
	j := example()
	err := graphviz.SVG(context.Background(), os.Stdout, j, render.Options{MaxSteps: 1})
	var e *graphviz.TooLargeError
	if errors.As(err, &e) {
		fmt.Println(e.Code(), e.Steps, e.Max)
	}
	// Output:
	// render-too-large 2 1
}
