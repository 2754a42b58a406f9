package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render/report"
)

// Write one self-contained HTML page of the sofa journey. Without a
// Conformance there is no conformance section.
func ExampleWrite() {
	j, err := journey.ReadFile("../../examples/sofa/sofa.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	var page bytes.Buffer
	if err := report.Write(context.Background(), &page, j, report.Options{}); err != nil {
		fmt.Println(err)
		return
	}
	// page.Bytes() is the page: write it to a file, or serve it.
	for _, id := range []string{"personas", "map", "graph", "findings", "flow", "conformance"} {
		fmt.Printf("%s: %t\n", id, strings.Contains(page.String(), `<section id="`+id+`">`))
	}
	fmt.Println("under 1 MB:", page.Len() < 1<<20)
	// Output:
	// personas: true
	// map: true
	// graph: true
	// findings: true
	// flow: true
	// conformance: false
	// under 1 MB: true
}

// A Conformance decodes from the JSON of "journeymap conform --format json".
func ExampleConformance() {
	var c report.Conformance
	err := json.Unmarshal([]byte(`{"cases": 10, "fitting_cases": 8, "fitness": 0.95,
		"unmodelled_transitions": [{"from": "visit", "to": "visit", "count": 2}]}`), &c)
	fmt.Println(c.Cases, c.FittingCases, c.Fitness, c.UnmodelledTransitions, err)
	// Output: 10 8 0.95 [{visit visit 2}] <nil>
}

// With Options.Before, the page compares the journey with another: here
// the web shop after its fix (after.yaml) with the shop before it.
func ExampleOptions_before() {
	before, err := journey.ReadFile("../../examples/webshop/before.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	after, err := journey.ReadFile("../../examples/webshop/after.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	var page bytes.Buffer
	if err := report.Write(context.Background(), &page, after, report.Options{Before: before}); err != nil {
		fmt.Println(err)
		return
	}
	s := page.String()
	s = s[strings.Index(s, `<section id="compare">`):]
	s = s[:strings.Index(s, "</section>")]
	fmt.Println("compared:", strings.Contains(s, "<h2>Compared with Online shop</h2>"))
	fmt.Println("conversion 14.6% -> 24.2%:", strings.Contains(s, "<dd>14.6%</dd>") && strings.Contains(s, "<dd>24.2%</dd>"))
	fmt.Println("regressions:", strings.Count(s, `<span class="kind">`))
	// Output:
	// compared: true
	// conversion 14.6% -> 24.2%: true
	// regressions: 0
}
