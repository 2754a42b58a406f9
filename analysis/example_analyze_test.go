package analysis_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/touchpoint"
)

// shop is a small online shop: an ad leads to the site, where customers
// either order or call a hotline that leads nowhere.
func shop() *journey.Journey {
	return &journey.Journey{
		ID:          "shop",
		Touchpoints: []touchpoint.Touchpoint{{ID: "ads"}, {ID: "site"}, {ID: "phone"}},
		Stages:      []journey.Stage{{ID: "awareness"}, {ID: "decision"}, {ID: "loyalty"}},
		Steps: []journey.Step{
			{ID: "ad", Stage: "awareness", Touchpoint: "ads", Emotion: 1},
			{ID: "site", Stage: "decision", Touchpoint: "site", Barriers: []journey.Barrier{
				{Description: "slow pages", Severity: journey.High},
			}},
			{ID: "hotline", Stage: "decision", Touchpoint: "phone", Emotion: -2},
			{ID: "order", Stage: "decision", Touchpoint: "site", Emotion: 2},
		},
		Transitions: []journey.Transition{
			{From: "ad", To: "site", Probability: 0.4},
			{From: "site", To: "order", Probability: 0.5},
			{From: "site", To: "hotline", Probability: 0.1},
		},
		Entries: []string{"ad"},
		Goals:   []string{"order"},
	}
}

func ExampleAnalyze() {
	r, err := analysis.Analyze(context.Background(), shop(), analysis.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("dead ends:", r.DeadEnds)
	fmt.Println("critical steps:", r.CriticalSteps)
	for _, g := range r.Gaps {
		fmt.Println("gap:", g.Message)
	}
	for _, b := range r.Barriers {
		fmt.Printf("barrier: %s %q at %s, critical %v, reached by %.2f\n",
			b.Severity, b.Description, b.Step, b.Critical, *b.Reach)
	}
	p := r.Paths[0]
	fmt.Println("best path:", p.Steps, "emotions", p.Emotions)
	if r.Flow != nil { // nil when the journey has no probabilities or counts
		fmt.Printf("conversion: %.2f, left at ad %.2f\n", r.Flow.Conversion, r.Flow.Steps[0].Leave)
	}
	for _, c := range r.Attribution.Steps {
		fmt.Printf("removal effect of %s: %.2f\n", c.Step, c.RemovalEffect)
	}
	// Output:
	// dead ends: [hotline]
	// critical steps: [ad site order]
	// gap: stage "loyalty" has no steps
	// barrier: high "slow pages" at site, critical true, reached by 0.40
	// best path: [ad site order] emotions [1 0 2]
	// conversion: 0.20, left at ad 0.60
	// removal effect of ad: 1.00
	// removal effect of site: 1.00
	// removal effect of hotline: 0.00
}

func ExampleReport_WriteText() {
	r, err := analysis.Analyze(context.Background(), shop(), analysis.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if err := r.WriteText(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// journey shop, all personas
	//
	//   unreachable steps   none
	//   unreachable stages  none
	//   dead ends           hotline
	//   critical steps      ad, site, order
	//   cycles              none
	//
	// gaps: 1
	//   empty-stage  stage "loyalty" has no steps
	//
	// barriers: 1
	//   REACH: chance a customer ever reaches the step
	//   SEVERITY  STEP  STAGE     CRITICAL  REACHABLE  REACH  PERSONAS  DESCRIPTION
	//   high      site  decision  yes       yes          0.4  -         slow pages
	//
	// paths: 1 (cost: barriers met, weighted low 1, medium 10, high 100, blocker 1000, counting only the walking persona's)
	//   1. cost 100, 1 barrier, lowest emotion 0 at site
	//      ad (+1) -> site (0) -> order (+2)
	//
	// flow: conversion 0.2 (chance of reaching a goal), repeat 0 (chance a converted customer reaches a goal again)
	//   REACH: chance of ever reaching; VISITS: expected visits; LEAVE: share of customers whose journey ends there
	//
	//   STAGE      REACH  LEAVE
	//   awareness      1    0.6
	//   decision     0.4    0.4
	//   loyalty        0      0
	//
	//   STEP     REACH  VISITS  LEAVE
	//   ad           1       1    0.6
	//   site       0.4     0.4   0.16
	//   hotline   0.04    0.04   0.04
	//   order      0.2     0.2    0.2
	//
	// likely paths: 1 (chance an entering customer walks exactly this path to its first goal)
	//   1. 0.2  ad -> site -> order
	//
	// attribution (removal effect: share of conversions lost without it)
	//   STEP     REMOVAL EFFECT  SHARE  CONVERSIONS
	//   ad                    1    0.5            -
	//   site                  1    0.5            -
	//   hotline               0      0            -
	//
	//   TOUCHPOINT  REMOVAL EFFECT  SHARE  CONVERSIONS
	//   ads                      1    0.5            -
	//   site                     1    0.5            -
	//   phone                    0      0            -
}
