package render_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/journeymap/journeymap/render"
)

// ExampleMap_before draws the map of a to-be journey with the as-is
// journey's emotion curves on the same axes (MapOptions.Before): dashed
// before, solid after; the added step is marked NEW, the removed one
// listed in red.
func ExampleMap_before() {
	asIs := tiny()
	toBe := tiny()
	toBe.Steps[0].Emotion = 2
	toBe.Steps[1].ID, toBe.Steps[1].Action = "one-click", "Subscribes with one click"
	toBe.Transitions[0].To, toBe.Goals[0] = "one-click", "one-click"

	var b bytes.Buffer
	if err := render.Map(&b, toBe, render.MapOptions{Before: asIs}); err != nil {
		fmt.Println(err)
		return
	}
	svg := b.String()
	fmt.Println("before curves:", strings.Count(svg, `<g class="emotion before"`))
	fmt.Println("after curves:", strings.Count(svg, `<g class="emotion"`))
	fmt.Println("new steps:", strings.Count(svg, `<g class="step added"`))
	fmt.Println("removed steps:", strings.Count(svg, `<g class="removed-step"`))
	// Output:
	// before curves: 1
	// after curves: 1
	// new steps: 1
	// removed steps: 1
}
