package journey_test

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"

	"github.com/journeymap/journeymap/journey"
)

func ExampleRead() {
	src := `
id: coffee
stages:
  - id: order
steps:
  - {id: pay, stage: order, emotion: -1}
entries: [pay]
goals: [pay]
`
	j, err := journey.Read(strings.NewReader(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(j.ID, len(j.Steps), j.Steps[0].Emotion)
	// Output: coffee 1 -1
}

// A file that is not a journey gives every problem with its place.
func ExampleReadFile() {
	_, err := journey.ReadFile("testdata/typo.yaml")
	var ps journey.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Println(p)
		}
	}
	// Output:
	// testdata/typo.yaml:7:5: unknown-key: unknown key "emoton" in step; did you mean "emotion"? (steps[0].emoton)
	// testdata/typo.yaml:10:14: wrong-type: expected an integer, got a string "very" (steps[1].emotion)
}

func ExampleWrite() {
	j := &journey.Journey{
		ID:     "coffee",
		Stages: []journey.Stage{{ID: "order", Phase: journey.Purchase}},
		Steps: []journey.Step{{ID: "pay", Stage: "order", Action: "pays: by card",
			Barriers: []journey.Barrier{{Description: "card fails", Severity: journey.High}}}},
		Entries: []string{"pay"},
		Goals:   []string{"pay"},
	}
	if err := journey.Write(os.Stdout, j, journey.YAML); err != nil {
		fmt.Println(err)
	}
	// Output:
	// id: coffee
	// stages:
	//   - id: order
	//     phase: purchase
	// steps:
	//   - id: pay
	//     stage: order
	//     action: "pays: by card"
	//     barriers:
	//       - description: card fails
	//         severity: high
	// entries:
	//   - pay
	// goals:
	//   - pay
}

func ExampleWrite_json() {
	j := &journey.Journey{ID: "coffee", Entries: []string{"pay"}}
	if err := journey.Write(os.Stdout, j, journey.JSON); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "id": "coffee",
	//   "entries": [
	//     "pay"
	//   ]
	// }
}

func ExampleJourney_Validate() {
	j, err := journey.ReadFile("testdata/coffee.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(j.Validate())

	// Break it: a step in a stage that does not exist, an emotion off the scale.
	j.Steps[1].Stage = "checkout"
	j.Steps[0].Emotion = 3
	err = j.Validate()
	var ps journey.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Println(p)
		}
	}
	// Output:
	// <nil>
	// testdata/coffee.yaml:17:14: emotion-out-of-range: the emotion 3 is outside -2..+2 (steps[0].emotion)
	// testdata/coffee.yaml:19:12: unknown-stage: no stage has the id "checkout" (steps[1].stage)
}

// A journey built in Go has no file positions.
func ExampleJourney_Validate_built() {
	j := &journey.Journey{ID: "coffee", Steps: []journey.Step{{ID: "pay"}}}
	fmt.Println(j.Validate())
	// Output:
	// no-entry: the journey has no entry: name the steps where customers start (entries)
	// no-goal: the journey has no goal: name the steps that are the target action (goals)
	// missing-stage: the step "pay" belongs to no stage (steps[0].stage)
}

// ReadOptions bounds what a file may cost; its zero value gives safe
// defaults. Here a file with too many steps is refused.
func ExampleReadOptions() {
	src := "id: big\nsteps: [{id: a}, {id: b}, {id: c}]\n"
	_, err := journey.ReadOptions{MaxSteps: 2}.Read(strings.NewReader(src))
	fmt.Println(err)
	// Output: 2:8: too-many-steps: 3 steps, more than the limit of 2 (steps)
}

// Positions travel with the values: delete a step and the problems of the
// others still point at their own lines.
func ExampleJourney_Validate_edited() {
	j, err := journey.ReadFile("testdata/coffee.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	j.Steps = j.Steps[1:] // delete the first step...
	j.Entries = []string{j.Steps[0].ID}
	j.Steps[0].Emotion = 9 // ...and break what was the second
	fmt.Println(j.Validate())
	// Output:
	// testdata/coffee.yaml:21:14: emotion-out-of-range: the emotion 9 is outside -2..+2 (steps[0].emotion)
	// testdata/coffee.yaml:26:12: unknown-step: no step has the id "open-app" (transitions[0].from)
}

// Equal compares journeys as data, leaving out where each value was read
// from; StripPositions forgets the positions, for reflect.DeepEqual.
func ExampleEqual() {
	read, err := journey.Read(strings.NewReader("id: coffee\nentries: [pay]\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	built := &journey.Journey{ID: "coffee", Entries: []string{"pay"}}
	fmt.Println(journey.Equal(read, built), reflect.DeepEqual(read, built))
	read.StripPositions()
	fmt.Println(reflect.DeepEqual(read, built))
	// Output:
	// true false
	// true
}
