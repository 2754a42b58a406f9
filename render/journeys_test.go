package render_test

import (
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// sofa is a small journey of a sofa maker: three personas, four stages (one
// empty), online and offline, direct and indirect touchpoints, barriers, a
// loop back to an earlier stage, an exit and a dead end.
func sofa() *journey.Journey {
	return &journey.Journey{
		ID:      "sofa",
		Name:    "Buying a sofa",
		Purpose: "Raise conversion from the site to the store",
		Personas: []persona.Persona{
			{ID: "family", Name: "Family with children"},
			{ID: "corp", Name: "Corporate client"},
		},
		Touchpoints: []touchpoint.Touchpoint{
			{ID: "ads", Name: "Social ads", Channel: touchpoint.Ads, Mode: touchpoint.Online, Control: touchpoint.Direct},
			{ID: "reviews", Name: "Review site", Channel: touchpoint.Reviews, Mode: touchpoint.Online, Control: touchpoint.Indirect},
			{ID: "site", Name: "Website", Channel: touchpoint.Site, Mode: touchpoint.Online, Control: touchpoint.Direct},
			{ID: "store", Name: "Showroom", Channel: touchpoint.Store, Mode: touchpoint.Offline, Control: touchpoint.Direct},
			{ID: "friend", Name: "Friends", Channel: touchpoint.WordOfMouth, Mode: touchpoint.Offline, Control: touchpoint.Indirect},
			{ID: "mail", Name: "Newsletter", Channel: touchpoint.Email},
		},
		Stages: []journey.Stage{
			{ID: "aware", Name: "Awareness", Phase: journey.Awareness},
			{ID: "consider", Name: "Choosing a company", Phase: journey.Consideration},
			{ID: "buy", Name: "Purchase", Phase: journey.Purchase},
			{ID: "service", Name: "Warranty service", Phase: journey.Service},
		},
		Steps: []journey.Step{
			{ID: "see-ad", Stage: "aware", Touchpoint: "ads", Action: "Sees an ad", Emotion: 1},
			{ID: "hear", Stage: "aware", Touchpoint: "friend", Action: "Hears from friends", Emotion: 2},
			{ID: "reviews", Stage: "consider", Touchpoint: "reviews", Action: "Reads reviews", Emotion: -1,
				Thoughts: []string{"Is the fabric easy to clean?"}},
			{ID: "browse", Stage: "consider", Touchpoint: "site", Action: "Compares fabrics on the site", Emotion: 0,
				Barriers: []journey.Barrier{{Description: "Slow site", Severity: journey.Medium}}},
			{ID: "quote", Stage: "consider", Action: "Waits for a quote", Emotion: -2, Personas: []string{"corp"}},
			{ID: "visit", Stage: "buy", Touchpoint: "store", Action: "Visits the showroom", Emotion: 1,
				Barriers: []journey.Barrier{{Description: "Price too high", Severity: journey.Blocker, Personas: []string{"family"}}}},
			{ID: "order", Stage: "buy", Touchpoint: "store", Action: "Orders the sofa", Emotion: 2},
			{ID: "leave", Stage: "buy", Touchpoint: "mail", Action: "Unsubscribes", Emotion: -1},
		},
		Transitions: []journey.Transition{
			{From: "see-ad", To: "browse", Label: "clicks the ad", Probability: 0.3},
			{From: "hear", To: "reviews", Count: 120},
			{From: "reviews", To: "browse", Probability: 0.6},
			{From: "browse", To: "visit", Label: "books a visit", Probability: 0.25},
			{From: "browse", To: "quote", Personas: []string{"corp"}},
			{From: "browse", To: "leave", Probability: 0.05},
			{From: "visit", To: "order", Probability: 0.5},
			{From: "visit", To: "reviews", Label: "back to reviews", Probability: 0.2},
		},
		Entries: []string{"see-ad", "hear"},
		Goals:   []string{"order"},
		Exits:   []string{"leave"},
	}
}

// sofaReport is a report for sofa built by hand, as Analyze would give it.
func sofaReport() *journey.Report {
	return &journey.Report{
		Journey:           "sofa",
		UnreachableSteps:  []string{},
		UnreachableStages: []string{},
		DeadEnds:          []string{"quote"},
		CriticalSteps:     []string{"browse", "visit", "order"},
		Gaps: []journey.Gap{
			{Kind: journey.GapEmptyStage, Stage: "service", Message: "stage \"service\" has no steps"},
		},
		Paths: []journey.Path{
			{Steps: []string{"see-ad", "browse", "visit", "order"}, Cost: 1010},
		},
	}
}
