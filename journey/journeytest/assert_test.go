package journeytest_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// troubledShop has one of every finding. Buyers go from the home page to
// the cart, directly or through the hotline, and pay; business buyers can
// only call the hotline or ask for a quote, and get stuck. Nobody reaches
// the review step; the loyalty stage is empty; the fax is unused.
//
// Conversion: half of those who enter go to the cart, a fifth call the
// hotline (half of whom go on to the cart), a tenth ask for a quote and a
// fifth leave at once: 0.6 reach the cart, 0.48 pay.
func troubledShop(t *testing.T) *journey.Journey {
	t.Helper()
	j, err := journey.New("shop").Name("Web shop").
		Persona(persona.Persona{ID: "buyer", Name: "Buyer"}).
		Persona(persona.Persona{ID: "business", Name: "Business buyer"}).
		Touchpoint(touchpoint.Touchpoint{ID: "site", Name: "Web site"}).
		Touchpoint(touchpoint.Touchpoint{ID: "phone", Name: "Hotline"}).
		Touchpoint(touchpoint.Touchpoint{ID: "fax", Name: "Fax"}).
		Stage("browse", "Browse").Stage("buy", "Buy").Stage("help", "Support").
		Stage("loyalty", "Loyalty").Stage("care", "Aftercare").
		Step("land", "browse", "site", "lands on the home page").
		Step("cart", "buy", "site", "adds to cart").Barrier(journey.High, "shipping costs shown late").
		Step("pay", "buy", "site", "pays").Barrier(journey.Blocker, "card declined").
		Step("hotline", "help", "phone", "calls the hotline").Barrier(journey.Low, "long wait").
		Step("quote", "buy", "site", "asks for a quote").For("business").
		Step("review", "care", "", "writes a review").Barrier(journey.Medium, "review form too long").For("buyer").
		Edge("land", "cart").P(0.5).For("buyer").
		Edge("land", "hotline").P(0.2).
		Edge("land", "quote").P(0.1).For("business").
		Edge("hotline", "cart").P(0.5).For("buyer").
		Edge("cart", "pay").P(0.8).
		Edge("review", "pay").
		Entry("land").Goal("pay").
		Build()
	require.NoError(t, err)
	return j
}

// goodShop has no finding at all.
func goodShop(t *testing.T) *journey.Journey {
	t.Helper()
	j, err := journey.New("good").
		Persona(persona.Persona{ID: "buyer", Name: "Buyer"}).
		Touchpoint(touchpoint.Touchpoint{ID: "site", Name: "Web site"}).
		Stage("browse", "Browse").Stage("buy", "Buy").
		Step("land", "browse", "site", "lands").Barrier(journey.Low, "pop-up").
		Step("pay", "buy", "site", "pays").
		Edge("land", "pay").P(0.5).
		Entry("land").Goal("pay").
		Build()
	require.NoError(t, err)
	return j
}

const (
	land    = `"lands on the home page" (step land, stage "Browse")`
	cart    = `"adds to cart" (step cart, stage "Buy")`
	pay     = `"pays" (step pay, stage "Buy")`
	hotline = `"calls the hotline" (step hotline, stage "Support")`
	quote   = `"asks for a quote" (step quote, stage "Buy")`
	review  = `"writes a review" (step review, stage "Aftercare")`
	biz     = `Business buyer (persona business)`
)

// check runs an assertion on a fake T and checks what it reported and
// returned.
func check(t *testing.T, assertion func(testing.TB) bool, want ...string) {
	t.Helper()
	var held bool
	f := run(func(ft testing.TB) { held = assertion(ft) })
	require.True(t, f.returned, "the assertion stopped the test: %s", f.all())
	assert.Empty(t, f.fatals)
	assert.Empty(t, f.logs)
	assert.Equal(t, want, f.errors)
	assert.Equal(t, len(want) == 0, held, "returned %v", held)
	assert.Positive(t, f.helpers, "t.Helper was not called")
}

func TestAssertionsSilentOnGoodJourney(t *testing.T) {
	j := goodShop(t)
	for name, a := range map[string]func(testing.TB) bool{
		"Reachable":           func(t testing.TB) bool { return journeytest.Reachable(t, j, "land", "pay") },
		"NoUnreachableSteps":  func(t testing.TB) bool { return journeytest.NoUnreachableSteps(t, j) },
		"NoUnreachableStages": func(t testing.TB) bool { return journeytest.NoUnreachableStages(t, j) },
		"NoDeadEnds":          func(t testing.TB) bool { return journeytest.NoDeadEnds(t, j) },
		"NoCriticalBarrier":   func(t testing.TB) bool { return journeytest.NoCriticalBarrier(t, j, journey.Medium) },
		"NoBarrierAtOrAbove":  func(t testing.TB) bool { return journeytest.NoBarrierAtOrAbove(t, j, journey.Medium) },
		"PersonaReachesGoal":  func(t testing.TB) bool { return journeytest.PersonaReachesGoal(t, j, "buyer") },
		"ConversionAtLeast":   func(t testing.TB) bool { return journeytest.ConversionAtLeast(t, j, 0.5) },
		"NoGaps":              func(t testing.TB) bool { return journeytest.NoGaps(t, j) },
	} {
		t.Run(name, func(t *testing.T) { check(t, a) })
	}
	t.Run("Analyze", func(t *testing.T) {
		var r *analysis.Report
		f := run(func(ft testing.TB) { r = journeytest.Analyze(ft, j) })
		assert.True(t, f.silent(), f.all())
		require.NotNil(t, r)
		assert.Equal(t, []string{"land", "pay"}, r.CriticalSteps)
	})
}

func TestReachable(t *testing.T) {
	j := troubledShop(t)
	check(t, func(ft testing.TB) bool { return journeytest.Reachable(ft, j, "land", "quote", "pay") })
	check(t, func(ft testing.TB) bool { return journeytest.Reachable(ft, j) })
	check(t, func(ft testing.TB) bool { return journeytest.Reachable(ft, j, "review", "pay", "ghost") },
		"not reachable: no path from an entry leads to "+review,
		`not reachable: the journey has no step "ghost"`)
}

func TestNoUnreachableSteps(t *testing.T) {
	j := troubledShop(t)
	check(t, func(ft testing.TB) bool { return journeytest.NoUnreachableSteps(ft, j) },
		"unreachable step for "+biz+": no path from an entry leads to "+cart,
		"unreachable step for "+biz+": no path from an entry leads to "+pay,
		"unreachable step: no path from an entry leads to "+review)
}

func TestNoUnreachableStages(t *testing.T) {
	j := troubledShop(t)
	check(t, func(ft testing.TB) bool { return journeytest.NoUnreachableStages(ft, j) },
		`unreachable stage: no customer reaches stage "Aftercare": none of its steps can be reached from an entry`)
}

func TestNoDeadEnds(t *testing.T) {
	j := troubledShop(t)
	check(t, func(ft testing.TB) bool { return journeytest.NoDeadEnds(ft, j) },
		"dead end for "+biz+": customers who reach "+land+" before the goal cannot go on to any goal or exit",
		"dead end for "+biz+": customers who reach "+hotline+" before the goal cannot go on to any goal or exit",
		"dead end: customers who reach "+quote+" before the goal cannot go on to any goal or exit")
}

// TestNoDeadEndsAfterTheGoal: a step after the purchase with no way on is
// where the journey ends, not a dead end.
func TestNoDeadEndsAfterTheGoal(t *testing.T) {
	j, err := journey.New("after").
		Stage("buy", "Buy").Stage("use", "Use").
		Step("order", "buy", "", "orders").
		Step("paid", "buy", "", "pays").
		Step("review", "use", "", "writes a review").
		Edge("order", "paid").Edge("paid", "review").
		Entry("order").Goal("paid").
		Build()
	require.NoError(t, err)
	check(t, func(ft testing.TB) bool { return journeytest.NoDeadEnds(ft, j) })
}

func TestNoCriticalBarrier(t *testing.T) {
	j := troubledShop(t)
	const why = " can stop every customer: every path from an entry to a goal passes through that step"
	check(t, func(ft testing.TB) bool { return journeytest.NoCriticalBarrier(ft, j, journey.High) },
		`blocking barrier: the high barrier "shipping costs shown late" at `+cart+why,
		`blocking barrier: the blocker "card declined" at `+pay+why)
	check(t, func(ft testing.TB) bool { return journeytest.NoCriticalBarrier(ft, j, journey.Blocker) },
		`blocking barrier: the blocker "card declined" at `+pay+why)
	check(t, func(ft testing.TB) bool { return journeytest.NoCriticalBarrier(ft, j, "severe") },
		`NoCriticalBarrier: "severe" is not a severity: use journey.Low, journey.Medium, journey.High or journey.Blocker`)

	// A barrier that is critical for one persona only says so.
	j2, err := journey.New("sofa").
		Persona(persona.Persona{ID: "family", Name: "Families with children"}).
		Persona(persona.Persona{ID: "corp", Name: "Corporate clients"}).
		Stage("s", "Choosing").
		Step("in", "s", "", "enters").
		Step("show", "s", "", "visits the showroom").Barrier(journey.High, "no parking").
		Step("web", "s", "", "orders online").For("corp").
		Step("buy", "s", "", "buys").
		Edge("in", "show").Edge("in", "web").Edge("show", "buy").Edge("web", "buy").
		Entry("in").Goal("buy").
		Build()
	require.NoError(t, err)
	check(t, func(ft testing.TB) bool { return journeytest.NoCriticalBarrier(ft, j2, journey.High) },
		`blocking barrier for Families with children (persona family): the high barrier "no parking" at "visits the showroom" (step show, stage "Choosing")`+why)
}

func TestNoBarrierAtOrAbove(t *testing.T) {
	j := troubledShop(t)
	check(t, func(ft testing.TB) bool { return journeytest.NoBarrierAtOrAbove(ft, j, journey.Medium) },
		`barrier at or above medium: the high barrier "shipping costs shown late" at `+cart,
		`barrier at or above medium: the blocker "card declined" at `+pay,
		`barrier at or above medium: the medium barrier "review form too long" at `+review+
			`, affecting Buyer (persona buyer) (no customer reaches that step)`)
	check(t, func(ft testing.TB) bool { return journeytest.NoBarrierAtOrAbove(ft, j, journey.Low) },
		`barrier at or above low: the high barrier "shipping costs shown late" at `+cart,
		`barrier at or above low: the blocker "card declined" at `+pay,
		`barrier at or above low: the low barrier "long wait" at `+hotline,
		`barrier at or above low: the medium barrier "review form too long" at `+review+
			`, affecting Buyer (persona buyer) (no customer reaches that step)`)
	check(t, func(ft testing.TB) bool { return journeytest.NoBarrierAtOrAbove(ft, j, "") },
		`NoBarrierAtOrAbove: "" is not a severity: use journey.Low, journey.Medium, journey.High or journey.Blocker`)
}

func TestPersonaReachesGoal(t *testing.T) {
	j := troubledShop(t)
	check(t, func(ft testing.TB) bool { return journeytest.PersonaReachesGoal(ft, j, "buyer") })
	check(t, func(ft testing.TB) bool { return journeytest.PersonaReachesGoal(ft, j, "business") },
		"persona cannot reach a goal: "+biz+" cannot reach any goal: they get stuck at "+land+", "+hotline+" and "+quote)
	check(t, func(ft testing.TB) bool { return journeytest.PersonaReachesGoal(ft, j, "family") },
		`persona cannot reach a goal: the journey has no persona "family"; its personas are buyer, business`)

	// Why a persona cannot reach a goal: no entry, or no goal, applies to it.
	b := journey.New("j").
		Persona(persona.Persona{ID: "a", Name: "Alice"}).Persona(persona.Persona{ID: "b"}).
		Stage("s", "").Step("in", "s", "", "").For("a").Step("out", "s", "", "").For("a").
		Edge("in", "out").Entry("in").Goal("out")
	j2, err := b.Build()
	require.NoError(t, err)
	check(t, func(ft testing.TB) bool { return journeytest.PersonaReachesGoal(ft, j2, "a") })
	check(t, func(ft testing.TB) bool { return journeytest.PersonaReachesGoal(ft, j2, "b") },
		"persona cannot reach a goal: persona b cannot reach any goal: no entry applies to them")
	j3, err := b.Step("in2", "s", "", "").Entry("in2").Build()
	require.NoError(t, err)
	check(t, func(ft testing.TB) bool { return journeytest.PersonaReachesGoal(ft, j3, "b") },
		"persona cannot reach a goal: persona b cannot reach any goal: no goal applies to them")

	j4, err := journey.New("j").Stage("s", "").Step("a", "s", "", "").Entry("a").Goal("a").Build()
	require.NoError(t, err)
	check(t, func(ft testing.TB) bool { return journeytest.PersonaReachesGoal(ft, j4, "b") },
		`persona cannot reach a goal: the journey has no persona "b"; it has no personas at all`)
}

func TestConversionAtLeast(t *testing.T) {
	j := troubledShop(t)
	check(t, func(ft testing.TB) bool { return journeytest.ConversionAtLeast(ft, j, 0.48) })
	check(t, func(ft testing.TB) bool { return journeytest.ConversionAtLeast(ft, j, 0) })
	check(t, func(ft testing.TB) bool { return journeytest.ConversionAtLeast(ft, j, 0.5) },
		`conversion too low: 48.0% of the customers who enter reach a goal, less than the 50.0% required; `+
			`the most leave at `+land+`: 20.0% of all who enter`)
	check(t, func(ft testing.TB) bool { return journeytest.ConversionAtLeast(ft, j, 50) },
		`ConversionAtLeast: the required conversion 50 is not a share between 0 and 1 (for 50% write 0.5)`)
	check(t, func(ft testing.TB) bool { return journeytest.ConversionAtLeast(ft, j, -0.1) },
		`ConversionAtLeast: the required conversion -0.1 is not a share between 0 and 1`)

	// Without numbers there is no conversion to check.
	j2, err := journey.New("j").Stage("s", "").Step("a", "s", "", "").Step("b", "s", "", "").
		Edge("a", "b").Entry("a").Goal("b").Build()
	require.NoError(t, err)
	check(t, func(ft testing.TB) bool { return journeytest.ConversionAtLeast(ft, j2, 0.1) },
		`conversion unknown: no transition of the journey carries a probability or a count, so its conversion cannot be computed`)
}

func TestNoGaps(t *testing.T) {
	j := troubledShop(t)
	check(t, func(ft testing.TB) bool { return journeytest.NoGaps(ft, j) },
		`gap: stage "Loyalty" has no steps`,
		`gap: the brand is silent in stage "Aftercare": none of its steps has a touchpoint`,
		`gap: `+biz+` cannot reach any goal`,
		`gap: "Fax" (touchpoint fax) is used by no step`)
	check(t, func(ft testing.TB) bool { return journeytest.NoGaps(ft, j, analysis.GapUnusedTouchpoint) },
		`gap: "Fax" (touchpoint fax) is used by no step`)
	check(t, func(ft testing.TB) bool {
		return journeytest.NoGaps(ft, j, analysis.GapEmptyStage, analysis.GapSilentStage)
	},
		`gap: stage "Loyalty" has no steps`,
		`gap: the brand is silent in stage "Aftercare": none of its steps has a touchpoint`)
	check(t, func(ft testing.TB) bool { return journeytest.NoGaps(ft, j, "hole") },
		`NoGaps: "hole" is not a kind of gap: use empty-stage, silent-stage, persona-cannot-reach-goal, unused-touchpoint`)
}

func TestAssertionsOnInvalidJourney(t *testing.T) {
	j := &journey.Journey{
		ID:      "bad",
		Name:    "Bad shop",
		Stages:  []journey.Stage{{ID: "s"}},
		Steps:   []journey.Step{{ID: "a", Stage: "t"}},
		Entries: []string{"a"},
		Goals:   []string{"a"},
	}
	const msg = `the journey "Bad shop" (bad) is not valid, so it cannot be analysed: 1 problem` +
		"\n\t" + `unknown-stage: no stage has the id "t" (steps[0].stage)`
	check(t, func(ft testing.TB) bool { return journeytest.NoDeadEnds(ft, j) }, msg)
	check(t, func(ft testing.TB) bool { return journeytest.Reachable(ft, j, "a") }, msg)

	f := run(func(ft testing.TB) { journeytest.Analyze(ft, j) })
	assert.False(t, f.returned, "Analyze did not stop the test")
	assert.Equal(t, []string{msg}, f.fatals)

	f = run(func(ft testing.TB) { journeytest.NoDeadEnds(ft, nil) })
	assert.Equal(t, []string{"there is no journey to analyse (nil)"}, f.errors)
}

// TestSeveralFailuresShowAtOnce checks that assertions do not stop the
// test, so that one run shows everything wrong.
func TestSeveralFailuresShowAtOnce(t *testing.T) {
	j := troubledShop(t)
	f := run(func(ft testing.TB) {
		journeytest.NoDeadEnds(ft, j)
		journeytest.NoUnreachableStages(ft, j)
		journeytest.PersonaReachesGoal(ft, j, "business")
	})
	assert.True(t, f.returned)
	assert.Len(t, f.errors, 5)
	for _, e := range f.errors {
		assert.False(t, strings.Contains(e, "%!"), e)
	}
}
