package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
)

func main() {
	j, err := journey.New("shop").
		Stage("visit", "Visit").Stage("buy", "Purchase").
		Step("ad", "visit", "", "clicks an ad").Emotion(1).
		Step("cart", "buy", "", "fills the cart").
		Barrier(journey.Blocker, "only cards are accepted").Kind("payment").
		Step("paid", "buy", "", "pays").Emotion(2).
		Edge("ad", "cart").P(0.4).Edge("cart", "paid").P(0.5).
		Entry("ad").Goal("paid").
		Build()
	if err != nil {
		log.Fatal(err) // every mistake at once, as journey.Problems
	}
	r, err := analysis.Analyze(context.Background(), j, analysis.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if r.Flow != nil { // nil when no transition carries a probability or a count
		fmt.Printf("conversion %.0f%%, critical steps %v\n", 100*r.Flow.Conversion, r.CriticalSteps)
	}
	for _, b := range r.Barriers {
		fmt.Printf("%s at %s: %s (critical: %v)\n", b.Severity, b.Step, b.Description, b.Critical)
	}
	dot, err := render.DOTBytes(j, render.Options{Report: r}) // SVG, PNG: render/graphviz
	if err == nil {
		err = os.WriteFile("shop.dot", dot, 0o644)
	}
	if err != nil {
		log.Fatal(err)
	}
}
