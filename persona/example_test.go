package persona_test

import (
	"fmt"

	"github.com/journeymap/journeymap/persona"
)

// A persona stands for one key segment, with the criteria by which it chooses.
func ExamplePersona() {
	families := persona.Persona{
		ID:      "family",
		Name:    "Families with children",
		Segment: persona.Segment{Age: "30-45", Family: "married, children under 10"},
		Goals:   []string{"a sofa that survives the children"},
		Criteria: []persona.Criterion{
			{Name: "easy-clean fabric", Weight: 5},
			{Name: "price", Weight: 3},
		},
		Budget: "under 1,500 EUR",
	}
	top := families.Criteria[0]
	for _, c := range families.Criteria[1:] {
		if c.Weight > top.Weight {
			top = c
		}
	}
	fmt.Printf("%s choose by %s\n", families.Name, top.Name)
	fmt.Println(families.Segment.IsZero(), persona.Segment{}.IsZero())
	// Output:
	// Families with children choose by easy-clean fabric
	// false true
}
