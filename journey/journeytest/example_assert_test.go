package journeytest_test

import (
	"fmt"
	"log"
	"testing"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
)

// A team keeps its journey under test: the file must be valid, every
// customer must be able to go on to the purchase, buyers must reach it,
// at least 60% of those who land must pay, and no barrier of medium
// severity or worse may sit on a step every customer passes. The web shop
// meets the first three and fails the last two, and the test says why.
func Example() {
	var t testing.TB = printingT{} // in a test: func TestWebshop(t *testing.T)

	j := journeytest.Load(t, "testdata/webshop.yaml")
	journeytest.NoDeadEnds(t, j)
	journeytest.PersonaReachesGoal(t, j, "buyer")
	journeytest.ConversionAtLeast(t, j, 0.6)
	journeytest.NoCriticalBarrier(t, j, journey.Medium)
	// Output:
	// conversion too low: 55.8% of the customers who enter reach a goal, less than the 60.0% required; the most leave at "lands on the home page" (step land, stage "Browse"): 30.0% of all who enter
	// blocking barrier: the medium barrier "shipping costs shown late" at "adds to cart" (step cart, stage "Buy") can stop every customer: every path from an entry to a goal passes through that step
}

func ExampleNoDeadEnds() {
	var t testing.TB = printingT{} // in a test: the test's t

	j, err := journey.New("support").
		Stage("help", "Support").
		Step("ask", "help", "", "asks a question").
		Step("wait", "help", "", "waits on hold").
		Step("solved", "help", "", "gets an answer").
		Edge("ask", "wait").Edge("ask", "solved").
		Entry("ask").Goal("solved").
		Build()
	if err != nil {
		log.Fatal(err)
	}
	if !journeytest.NoDeadEnds(t, j) {
		fmt.Println("the support journey has dead ends")
	}
	// Output:
	// dead end: customers who reach "waits on hold" (step wait, stage "Support") before the goal cannot go on to any goal or exit
	// the support journey has dead ends
}

func ExamplePersonaReachesGoal() {
	var t testing.TB = printingT{} // in a test: the test's t

	j := journeytest.Load(t, "testdata/webshop.yaml")
	fmt.Println(journeytest.PersonaReachesGoal(t, j, "buyer"))
	fmt.Println(journeytest.PersonaReachesGoal(t, j, "reseller"))
	// Output:
	// true
	// persona cannot reach a goal: the journey has no persona "reseller"; its personas are buyer
	// false
}
