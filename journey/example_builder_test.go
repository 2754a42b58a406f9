package journey_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

func ExampleNew() {
	j, err := journey.New("webshop").Name("Web shop").Purpose("raise conversion").
		Persona(persona.Persona{ID: "buyer", Name: "Buyer"}).
		Touchpoint(touchpoint.Touchpoint{ID: "site", Name: "Site", Mode: touchpoint.Online, Control: touchpoint.Direct}).
		Stage("browse", "Browse").Phase(journey.Consideration).
		Stage("buy", "Buy").Phase(journey.Purchase).
		Step("land", "browse", "site", "lands on the home page").Emotion(1).
		Barrier(journey.High, "slow site").Kind("usability").
		Step("pay", "buy", "site", "pays").Emotion(2).
		Edge("land", "pay").P(0.4).Label("adds to cart").
		Entry("land").Goal("pay").
		Build()
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range j.Steps {
		fmt.Printf("%s (%s at %s): emotion %+d, %d barrier(s)\n", s.ID, s.Stage, s.Touchpoint, s.Emotion, len(s.Barriers))
	}
	t := j.Transitions[0]
	fmt.Printf("%s -> %s: %q with p=%v\n", t.From, t.To, t.Label, t.Probability)
	// Output:
	// land (browse at site): emotion +1, 1 barrier(s)
	// pay (buy at site): emotion +2, 0 barrier(s)
	// land -> pay: "adds to cart" with p=0.4
}

// Build returns every mistake at once: the builder's own, in call order,
// then those Validate finds in the journey, with the path of each value.
func ExampleBuilder_Build_problems() {
	_, err := journey.New("broken").
		Stage("browse", "Browse").
		Step("land", "browse", "", "lands").Emotion(5).
		Step("land", "checkout", "", "pays").Barrier("annoying", "captcha").
		Edge("land", "pay").Emotion(-1).
		Entry("land").Goal("pay").
		Build()
	var ps journey.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Println(p)
		}
	}
	// Output:
	// misplaced-modifier: Emotion(-1) follows Edge("land", "pay"); it must follow Step or a Barrier
	// unknown-step: no step has the id "pay" (goals[0])
	// emotion-out-of-range: the emotion 5 is outside -2..+2 (steps[0].emotion)
	// unknown-severity: the severity "annoying" is not one of low, medium, high, blocker (steps[1].barriers[0].severity)
	// duplicate-id: the step id "land" is already used by steps[0] (steps[1].id)
	// unknown-stage: no stage has the id "checkout" (steps[1].stage)
	// unknown-step: no step has the id "pay" (transitions[0].to)
}

// For restricts the element just added to some personas: here a step, a
// barrier and a transition.
func ExampleBuilder_For() {
	j, err := journey.New("sofa").
		Persona(persona.Persona{ID: "family", Name: "Families with children"}).
		Persona(persona.Persona{ID: "corporate", Name: "Corporate clients"}).
		Stage("choose", "Choosing").
		Step("showroom", "choose", "", "visits the showroom").
		Barrier(journey.Medium, "fabric stains easily").For("family").
		Step("quote", "choose", "", "asks for a quote").For("corporate").
		Step("order", "choose", "", "orders").
		Edge("showroom", "order").
		Edge("showroom", "quote").For("corporate").
		Edge("quote", "order").
		Entry("showroom").Goal("order").
		Build()
	if err != nil {
		log.Fatal(err)
	}
	for _, id := range []string{"family", "corporate"} {
		v := j.ForPersona(id)
		fmt.Printf("%s: %d steps, %d transitions, %d barrier(s) at the showroom\n",
			id, len(v.Steps), len(v.Transitions), len(v.Steps[0].Barriers))
	}
	// Output:
	// family: 2 steps, 1 transitions, 1 barrier(s) at the showroom
	// corporate: 3 steps, 3 transitions, 0 barrier(s) at the showroom
}
