// Command webshop builds the journey of an online shop in Go with
// journey.New, lets analysis.Analyze find the blocker that can stop customers at
// checkout, then fixes the journey with a second way to pay and shows the
// improvement: the conversion before and after, and the blocker gone from the
// critical path.
//
// Usage:
//
//	go run ./examples/webshop [-v]
//
// With -v it also prints both full reports.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "webshop:", err)
		os.Exit(1)
	}
}

// shop returns a Builder holding the shop's journey as it is today. Shoppers
// come from an ad to the product page; some ask the support chat a question
// and come back (the support loop); those who buy must pay by card, and the
// card form turns away cards issued abroad.
func shop() *journey.Builder {
	return journey.New("webshop").Name("Online shop").Purpose("raise conversion").
		Persona(persona.Persona{ID: "shopper", Name: "Online shopper"}).
		Touchpoint(touchpoint.Touchpoint{ID: "ads", Name: "Social ads", Channel: touchpoint.Ads, Mode: touchpoint.Online, Control: touchpoint.Direct}).
		Touchpoint(touchpoint.Touchpoint{ID: "site", Name: "Shop site", Channel: touchpoint.Site, Mode: touchpoint.Online, Control: touchpoint.Direct, Importance: 5}).
		Touchpoint(touchpoint.Touchpoint{ID: "chat", Name: "Support chat", Channel: "chat", Mode: touchpoint.Online, Control: touchpoint.Direct}).
		Touchpoint(touchpoint.Touchpoint{ID: "email", Name: "Order e-mail", Channel: touchpoint.Email, Mode: touchpoint.Online, Control: touchpoint.Direct}).
		Stage("aware", "Awareness").Phase(journey.Awareness).
		Stage("browse", "Browsing").Phase(journey.Consideration).
		Stage("checkout", "Checkout").Phase(journey.Purchase).
		Step("ad", "aware", "ads", "clicks an ad for running shoes").Emotion(1).
		Step("product", "browse", "site", "reads the product page").Emotion(1).
		Step("support", "browse", "chat", "asks support which size fits").Emotion(-1).
		Barrier(journey.Medium, "waits ten minutes for an answer").Kind("service").
		Step("cart", "checkout", "site", "puts the shoes in the cart").
		Step("card", "checkout", "site", "pays by card").Emotion(-2).
		Barrier(journey.Blocker, "the card form rejects cards issued abroad").Kind("payment").
		Step("order", "checkout", "email", "gets the order confirmation").Emotion(2).
		Edge("ad", "product").P(0.6).Label("clicks through").
		Edge("product", "support").P(0.2).Label("has a question").
		Edge("support", "product").P(0.8).Label("comes back with an answer").
		Edge("product", "cart").P(0.4).
		Edge("cart", "card").P(0.85).
		Edge("card", "order").P(0.6).
		Entry("ad").Goal("order")
}

// fix extends the as-is journey with a second way to pay, which shoppers
// whose card is refused can take.
func fix(b *journey.Builder) *journey.Builder {
	return b.
		Step("wallet", "checkout", "site", "pays with a wallet app").Emotion(1).
		Edge("cart", "wallet").P(0.1).Label("chooses the wallet").
		Edge("card", "wallet").P(0.3).Label("card refused, tries the wallet").
		Edge("wallet", "order").P(0.95)
}

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("webshop", flag.ContinueOnError)
	fs.SetOutput(w)
	verbose := fs.Bool("v", false, "also print both full reports")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()

	b := shop()
	before, err := b.Build()
	if err != nil {
		return err
	}
	// Build does not consume the Builder: extending it gives the to-be journey.
	after, err := fix(b).Build()
	if err != nil {
		return err
	}

	var reports []*analysis.Report
	for _, v := range []struct {
		name string
		j    *journey.Journey
	}{{"as-is", before}, {"to-be", after}} {
		r, err := analysis.Analyze(ctx, v.j, analysis.Options{})
		if err != nil {
			return err
		}
		reports = append(reports, r)
		fmt.Fprintf(w, "%s: %d steps, conversion %.1f%%\n", v.name, len(v.j.Steps), 100*conversion(r))
		fmt.Fprintf(w, "  critical steps, which every customer passes: %s\n", strings.Join(r.CriticalSteps, ", "))
		for _, c := range r.Cycles {
			fmt.Fprintf(w, "  loop: %s -> %s\n", strings.Join(c, " -> "), c[0])
		}
		blocked := false
		for _, f := range r.Barriers {
			if f.Severity == journey.Blocker && f.Critical {
				blocked = true
				fmt.Fprintf(w, "  BLOCKER on the critical path at %s: %s\n", f.Step, f.Description)
			}
		}
		if !blocked {
			fmt.Fprintln(w, "  no blocker on the critical path")
		}
	}
	fmt.Fprintf(w, "the second way to pay raises conversion by %.1f points\n",
		100*(conversion(reports[1])-conversion(reports[0])))

	if *verbose {
		for _, r := range reports {
			fmt.Fprintln(w)
			if err := r.WriteText(w); err != nil {
				return err
			}
		}
	}
	return nil
}

// conversion is the report's conversion, 0 without numbers.
func conversion(r *analysis.Report) float64 {
	if r.Flow == nil {
		return 0
	}
	return r.Flow.Conversion
}
