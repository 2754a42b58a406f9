package journey_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/journeymap/journeymap/journey"
)

// Compare a problem's code with the constants: a typo in a constant's name
// does not compile, where a typo in a string would never match.
func ExampleCode() {
	_, err := journey.Read(strings.NewReader(`id: shop
stages: [{id: buy}]
steps: [{id: pay, stage: buy, emotoin: 1}]
entries: [pay]
goals: [pay]
`))
	var ps journey.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			if p.Code == journey.CodeUnknownKey {
				fmt.Printf("line %d: %s\n", p.Line, p.Message)
			}
		}
	}
	// Output:
	// line 3: unknown key "emotoin" in step; did you mean "emotion"?
}
