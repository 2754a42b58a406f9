package render_test

import (
	"fmt"
	"strings"

	"github.com/journeymap/journeymap/render"
)

// ExampleOverlay draws what a log shows on the designed journey: 80 of the
// visitors subscribed as designed, 15 went from the site to a chat the
// design lacks.
func ExampleOverlay() {
	overlay := &render.Overlay{Moves: []render.OverlayMove{
		{From: "visit", To: "subscribe", Count: 80},
		{From: "visit", To: "chat", Count: 15},
	}}
	dot, err := render.DOTBytes(tiny(), render.Options{NoLegend: true, Overlay: overlay})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(string(dot), "\n") {
		if strings.Contains(line, "->") && !strings.Contains(line, "anchor") {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// "visit" -> "subscribe" [label="10%\nseen 80", penwidth=8];
	// "visit" -> "jm:observed0" [label="unmodelled\nseen 15", style=dashed, color="#d35400", fontcolor="#d35400", penwidth=4];
}
