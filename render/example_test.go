package render_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/render"
	"github.com/journeymap/journeymap/touchpoint"
)

// tiny is a two-step journey for the examples.
func tiny() *journey.Journey {
	return &journey.Journey{
		ID:          "tiny",
		Name:        "Newsletter",
		Personas:    []persona.Persona{{ID: "p", Name: "Reader"}},
		Touchpoints: []touchpoint.Touchpoint{{ID: "site", Name: "Website", Channel: touchpoint.Site, Mode: touchpoint.Online}},
		Stages:      []journey.Stage{{ID: "s", Name: "Sign-up"}},
		Steps: []journey.Step{
			{ID: "visit", Stage: "s", Touchpoint: "site", Action: "Visits the site", Emotion: 1},
			{ID: "subscribe", Stage: "s", Touchpoint: "site", Action: `Clicks "Subscribe"`, Emotion: 2},
		},
		Transitions: []journey.Transition{{From: "visit", To: "subscribe", Probability: 0.1}},
		Entries:     []string{"visit"},
		Goals:       []string{"subscribe"},
	}
}

func ExampleDOT() {
	err := render.DOT(os.Stdout, tiny(), render.Options{NoLegend: true})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// digraph "tiny" {
	// 	graph [label="Newsletter", labelloc=t, labeljust=l, fontname="Helvetica,Arial,sans-serif", fontsize=16, rankdir=LR, newrank=true, nodesep=0.25, ranksep=0.45];
	// 	node [fontname="Helvetica,Arial,sans-serif", fontsize=10, margin="0.12,0.06", color="#404040", penwidth=1];
	// 	edge [fontname="Helvetica,Arial,sans-serif", fontsize=9, color="#5a5a5a", fontcolor="#5a5a5a", arrowsize=0.7];
	//
	// 	subgraph "cluster_0" {
	// 		graph [label="1. Sign-up", style="rounded,filled", fillcolor="#f4f7fb", color="#9aa7b8", fontcolor="#1a1a1a", fontsize=13, labeljust=l, margin=12];
	// 		"jm:anchor0" [shape=point, style=invis, width=0, height=0, label=""];
	// 		"visit" [label="ENTRY\nVisits the site\n@ Website (site)", shape=box, style="filled,rounded", fillcolor="#cde8c5", penwidth=2.5];
	// 		"subscribe" [label="GOAL\nClicks \"Subscribe\"\n@ Website (site)", shape=box, style="filled,rounded", fillcolor="#8fd18f", peripheries=2];
	// 	}
	//
	// 	"visit" -> "subscribe" [label="10%"];
	//
	// 	edge [style=invis, weight=0, arrowhead=none];
	// 	"jm:anchor0" -> "visit" [minlen=0];
	// }
}

// With a report, the findings are drawn. Here the report is written by
// hand; analysis.Analyze makes one.
func ExampleDOT_report() {
	report := &analysis.Report{
		CriticalSteps: []string{"visit", "subscribe"},
		Paths:         []analysis.Path{{Steps: []string{"visit", "subscribe"}}},
	}
	var b strings.Builder
	if err := render.DOT(&b, tiny(), render.Options{Report: report, NoLegend: true}); err != nil {
		fmt.Println(err)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.Contains(line, "CRITICAL") || strings.Contains(line, "->") && strings.Contains(line, "penwidth") {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// "visit" [label="ENTRY · CRITICAL\nVisits the site\n@ Website (site)", shape=box, style="filled,rounded", fillcolor="#cde8c5", penwidth=3.5];
	// "subscribe" [label="GOAL · CRITICAL\nClicks \"Subscribe\"\n@ Website (site)", shape=box, style="filled,rounded", fillcolor="#8fd18f", penwidth=3.5, peripheries=2];
	// "visit" -> "subscribe" [label="10%", penwidth=3, color="#1f5fbf", fontcolor="#1f5fbf"];
}

func ExampleMermaid() {
	err := render.Mermaid(os.Stdout, tiny(), render.Options{})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// journey
	//     title Newsletter
	//     section Sign-up
	//       Visits the site: 4: Reader
	//       Clicks "Subscribe": 5: Reader
}

func ExampleMermaidFlowchart() {
	err := render.MermaidFlowchart(os.Stdout, tiny(), render.Options{})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// ---
	// title: "Newsletter"
	// ---
	// flowchart LR
	//     subgraph s0["1. Sign-up"]
	//         n0("ENTRY<br/>Visits the site<br/>@ Website (site)")
	//         n1("GOAL<br/>Clicks #quot;Subscribe#quot;<br/>@ Website (site)")
	//     end
	//     n0 -->|"10#37;"| n1
	//     classDef emo_p1 fill:#cde8c5,color:#1a1a1a
	//     classDef emo_p2 fill:#8fd18f,color:#1a1a1a
	//     classDef entry stroke-width:3px
	//     classDef goal stroke-width:4px,stroke:#1e8449
	//     class n0 emo_p1
	//     class n1 emo_p2
	//     class n0 entry
	//     class n1 goal
}
