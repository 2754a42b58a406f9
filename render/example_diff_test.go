package render_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/journeymap/journeymap/compare"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
)

func ExampleDiffDOT() {
	before := tiny()
	after := tiny()
	after.Steps = append(after.Steps, journey.Step{ID: "confirm", Stage: "s", Action: "Confirms the e-mail"})
	after.Transitions = append(after.Transitions, journey.Transition{From: "subscribe", To: "confirm"})
	d, err := compare.Compare(context.Background(), before, after, compare.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var b bytes.Buffer
	if err := render.DiffDOT(&b, d, render.Options{NoLegend: true}); err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.Contains(line, "confirm") {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// "confirm" [label="ADDED\nConfirms the e-mail", shape=ellipse, style="filled,dotted", fillcolor="#f2f2f2", color="#1e8449", penwidth=3];
	// "subscribe" -> "confirm" [penwidth=2.5, color="#1e8449", fontcolor="#1e8449"];
}
