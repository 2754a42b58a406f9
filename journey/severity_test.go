package journey_test

import (
	"fmt"
	"testing"

	"github.com/journeymap/journeymap/journey"
	"github.com/stretchr/testify/assert"
)

// TestSeverityWeight checks the path costs against the table of the design
// (low 1, medium 10, high 100, blocker 1000): each severity outweighs nine
// of the one below it, and anything else weighs nothing.
func TestSeverityWeight(t *testing.T) {
	want := map[journey.Severity]int64{journey.Low: 1, journey.Medium: 10, journey.High: 100, journey.Blocker: 1000, "": 0, "dire": 0}
	for s, w := range want {
		assert.Equal(t, w, s.Weight(), "%q.Weight()", s)
	}
	for i := 1; i < len(journey.Severities); i++ {
		lo, hi := journey.Severities[i-1], journey.Severities[i]
		assert.Less(t, 9*lo.Weight(), hi.Weight(), "nine %s barriers weigh as much as one %s", lo, hi)
	}
}

func ExampleSeverity_Valid() {
	for _, name := range []string{"high", "dire"} {
		s := journey.Severity(name)
		fmt.Println(name, s.Valid(), s.Weight())
	}
	// Output:
	// high true 100
	// dire false 0
}
