package eventlog_test

import (
	"fmt"
	"os"
	"time"

	"github.com/journeymap/journeymap/eventlog"
	"github.com/journeymap/journeymap/journey"
)

func ExampleConform() {
	design := &journey.Journey{ID: "shop", Entries: []string{"ad"}, Goals: []string{"buy"},
		Steps:       []journey.Step{{ID: "ad"}, {ID: "cart"}, {ID: "buy"}},
		Transitions: []journey.Transition{{From: "ad", To: "cart"}, {From: "cart", To: "buy"}}}
	t0 := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	log := &eventlog.SliceReader{Events: []eventlog.Event{
		{Case: "ann", Activity: "ad", Time: t0},
		{Case: "ann", Activity: "cart", Time: t0.Add(time.Minute)},
		{Case: "ann", Activity: "buy", Time: t0.Add(3 * time.Minute)},
		{Case: "bob", Activity: "search", Time: t0},
		{Case: "bob", Activity: "buy", Time: t0.Add(10 * time.Minute)},
	}}
	c, err := eventlog.Conform(design, log, eventlog.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("fitness %.2f (%d of %d moves), %d of %d cases fit\n", c.Fitness, c.AllowedMoves, c.Moves, c.FittingCases, c.Cases)
	fmt.Println("unmodelled:", c.UnmodelledTransitions, c.UnmodelledActivities, "wrong starts:", c.WrongStarts)
	fmt.Println("median time to convert:", eventlog.FormatSeconds(c.TimeToConvert.ConvertTime.Median))
	// Output:
	// fitness 0.60 (3 of 5 moves), 1 of 2 cases fit
	// unmodelled: [{search buy 1}] [{search 1}] wrong starts: [{search 1}]
	// median time to convert: 6.5m
}

func ExampleConformFile() {
	design := &journey.Journey{ID: "claims", Entries: []string{"register request"}, Goals: []string{"pay compensation"},
		Steps: []journey.Step{{ID: "register request"}, {ID: "examine casually"}, {ID: "check ticket"}, {ID: "decide"},
			{ID: "pay compensation"}, {ID: "reject request"}},
		Transitions: []journey.Transition{{From: "register request", To: "examine casually"}, {From: "examine casually", To: "check ticket"},
			{From: "check ticket", To: "decide"}, {From: "decide", To: "pay compensation"}, {From: "decide", To: "reject request"}}}
	c, err := eventlog.ConformFile(design, "testdata/running-example.csv", eventlog.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := c.WriteText(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// read 42 rows: 42 events
	// fitness 0.5952: 25 of 42 moves allowed; 1 of 6 cases fit (16.7%)
	// unmodelled transitions:
	//          3  "decide" -> "reinitiate request"
	//          2  "check ticket" -> "examine casually"
	//          2  "examine casually" -> "decide"
	//          2  "examine thoroughly" -> "check ticket"
	//          2  "register request" -> "check ticket"
	//          1  "check ticket" -> "examine thoroughly"
	//          1  "examine thoroughly" -> "decide"
	//          1  "register request" -> "examine thoroughly"
	//          1  "reinitiate request" -> "check ticket"
	//          1  "reinitiate request" -> "examine casually"
	//   ... 1 more transitions
	// unmodelled activities (events):
	//          3  "examine thoroughly"
	//          3  "reinitiate request"
	//
	// time to convert (goals "pay compensation"): 6 cases, 3 converted (50.0%), median 9.9d, p90 14.6d
	//
	// by             name              cases  converted  median    p90
	// entry channel  register request      6          3    9.9d  14.6d
}
