package compare_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/journeymap/journeymap/compare"
	"github.com/journeymap/journeymap/journey"
)

const asIs = `id: shop
stages: [{id: look}, {id: buy}]
steps:
  - {id: ad, stage: look}
  - {id: card, stage: buy, barriers: [{description: foreign cards refused, severity: blocker}]}
  - {id: order, stage: buy, emotion: 2}
transitions:
  - {from: ad, to: card, probability: 0.5}
  - {from: card, to: order, probability: 0.6}
entries: [ad]
goals: [order]
`

// toBe adds a wallet next to the card form.
var toBe = strings.Replace(asIs, "transitions:", `  - {id: wallet, stage: buy, emotion: 1}
transitions:
  - {from: card, to: wallet, probability: 0.3}
  - {from: wallet, to: order, probability: 0.9}
  - {from: ad, to: wallet, probability: 0.2}`, 1)

func mustRead(s string) *journey.Journey {
	j, err := journey.Read(strings.NewReader(s))
	if err != nil {
		panic(err)
	}
	return j
}

func ExampleCompare() {
	d, err := compare.Compare(context.Background(), mustRead(asIs), mustRead(toBe), compare.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("added steps:", d.AddedSteps)
	fmt.Printf("conversion: %.3f -> %.3f\n", *d.Conversion.Before, *d.Conversion.After)
	fmt.Println("regressions:", len(d.Regressions))
	for _, f := range d.ResolvedFindings {
		fmt.Println("gone:", f.Kind, f.Step)
	}
	// The wallet takes a share of the credit from the card form, whose
	// removal effect falls from 1 to 1 - 0.18/0.615.
	for _, s := range d.Attribution.Steps[:2] {
		fmt.Printf("attribution: %s share %s -> %.3f, removal effect -> %.3f\n", s.Step, orNA(s.ShareBefore), *s.ShareAfter, *s.RemovalEffectAfter)
	}
	// The way back regresses.
	back, _ := compare.Compare(context.Background(), mustRead(toBe), mustRead(asIs), compare.Options{})
	for _, r := range back.Regressions {
		fmt.Println("regression:", r.Kind, r.Message)
	}
	// Output:
	// added steps: [wallet]
	// conversion: 0.300 -> 0.615
	// regressions: 0
	// gone: critical-step card
	// gone: critical-barrier card
	// attribution: wallet share n/a -> 0.231, removal effect -> 0.512
	// attribution: card share 0.500 -> 0.319, removal effect -> 0.707
	// regression: new-critical-barrier blocker barrier "foreign cards refused" on critical step "card"
	// regression: lower-conversion conversion falls from 0.615 to 0.3
}

func orNA(x *float64) string {
	if x == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.3f", *x)
}

func ExampleStructure() {
	a, b := mustRead(asIs), mustRead(toBe)
	p := compare.Structure(a, b)
	fmt.Println(len(p.Steps.Added), "step and", len(p.Transitions.Added), "transitions added")
	got, err := compare.Apply(a, p)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("Apply(A, Structure(A, B)) is B:", compare.Structure(got, b).Empty())
	// Output:
	// 1 step and 3 transitions added
	// Apply(A, Structure(A, B)) is B: true
}

func ExampleApply() {
	a := mustRead(asIs)
	p := compare.Structure(a, mustRead(toBe))
	// A patch made for another journey does not fit.
	_, err := compare.Apply(&journey.Journey{ID: "other"}, compare.Structure(mustRead(toBe), a))
	fmt.Println(err)
	j, _ := compare.Apply(a, p)
	fmt.Println(len(j.Steps), "steps")
	// Output:
	// patch-conflict: step "wallet": removed by the patch but not in the journey (steps)
	// patch-conflict: transition "card -> wallet": removed by the patch but not in the journey (transitions)
	// patch-conflict: transition "wallet -> order": removed by the patch but not in the journey (transitions)
	// patch-conflict: transition "ad -> wallet": removed by the patch but not in the journey (transitions)
	// 4 steps
}

func ExampleDiff_WriteMarkdown() {
	d, _ := compare.Compare(context.Background(), mustRead(toBe), mustRead(asIs), compare.Options{})
	d.WriteMarkdown(os.Stdout)
	// Output:
	// # Journey diff: `shop` → `shop`
	//
	// ## Summary
	//
	// Before `shop`, after `shop`. Steps: 0 added, 1 removed, 0 changed; transitions: 0 added, 3 removed, 0 changed; barriers: 0 added, 0 removed, 0 changed.
	//
	// ## Regressions
	//
	// - `new-critical-barrier`: blocker barrier "foreign cards refused" on critical step "card"
	// - `lower-conversion`: conversion falls from 0.615 to 0.3
	//
	// ## Conversion
	//
	// 61.5% → 30.0% (-31.5 points)
	//
	// ## Stages
	//
	// | Stage | Reach | Leave | Emotion | Steps | Touchpoints (online/offline) | Barriers (blocker/high/medium/low) | Note |
	// |---|---|---|---|---|---|---|---|
	// | `look` | 100.0% | 30.0% → 50.0% | 0.00 | 1 | 0 (0/0) | 0/0/0/0 |  |
	// | `buy` | 70.0% → 50.0% | 70.0% → 50.0% | +1.00 | 3 → 2 | 0 (0/0) | 1/0/0/0 |  |
	//
	// ## New findings
	//
	// - critical-step: step `card`
	// - critical-barrier: blocker barrier “foreign cards refused” at step `card`
	//
	// ## Attribution shifts: steps
	//
	// Share of the conversion by removal effect, largest shift first: 3 of 3 changed steps shown.
	//
	// | Step | Share | Shift | Removal effect |
	// |---|---|---|---|
	// | `wallet` | 23.1% → n/a | -23.1 points | 51.2% → n/a |
	// | `card` | 31.9% → 50.0% | +18.1 points | 70.7% → 100.0% |
	// | `ad` | 45.1% → 50.0% | +4.9 points | 100.0% |
	//
	// ## Steps
	//
	// - removed `wallet`
	//
	// ## Transitions
	//
	// - removed `card` → `wallet`
	// - removed `wallet` → `order`
	// - removed `ad` → `wallet`
}

func ExampleDiff_WriteText() {
	d, _ := compare.Compare(context.Background(), mustRead(asIs), mustRead(toBe), compare.Options{})
	d.WriteText(os.Stdout)
	// Output:
	// Journey diff: shop -> shop
	//
	// Summary
	//   Before shop, after shop. Steps: 1 added, 0 removed, 0 changed; transitions: 3 added, 0 removed, 0 changed; barriers: 0 added, 0 removed, 0 changed.
	//
	// Regressions
	//   None.
	//
	// Conversion
	//   30.0% → 61.5% (+31.5 points)
	//
	// Stages
	//   Stage  Reach          Leave          Emotion  Steps  Touchpoints (online/offline)  Barriers (blocker/high/medium/low)  Note
	//   look   100.0%         50.0% → 30.0%  0.00     1      0 (0/0)                       0/0/0/0
	//   buy    50.0% → 70.0%  50.0% → 70.0%  +1.00    2 → 3  0 (0/0)                       1/0/0/0
	//
	// Resolved findings
	//   - critical-step: step card
	//   - critical-barrier: blocker barrier “foreign cards refused” at step card
	//
	// Attribution shifts: steps
	//   Share of the conversion by removal effect, largest shift first: 3 of 3 changed steps shown.
	//   Step    Share          Shift         Removal effect
	//   wallet  n/a → 23.1%    +23.1 points  n/a → 51.2%
	//   card    50.0% → 31.9%  -18.1 points  100.0% → 70.7%
	//   ad      50.0% → 45.1%  -4.9 points   100.0%
	//
	// Steps
	//   - added wallet
	//
	// Transitions
	//   - added card → wallet
	//   - added wallet → order
	//   - added ad → wallet
}
