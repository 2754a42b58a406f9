package eventlog_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/eventlog"
)

// TestMinedAttributionMatchesAttribute checks, on hundreds of generated
// logs, that the analysis' attribution of a mined journey (the removal
// effect of each step on the journey's own chain of customers) equals
// Attribute of order 1 on the same log's paths (ChannelAttribution's
// definitions, channels = activities), and that the flow's conversion
// equals the paths' conversion rate.
//
// The two chains coincide when:
//   - every case stops at its first goal event (nothing after it): the
//     mined chain counts every directly-follows pair, also those after a
//     goal, which ChannelAttribution ignores; after the goal, mined flow goes
//     on (and may reach a goal again), paths stop;
//   - no case starts with a goal: such a case has no path for Attribute
//     (left out, CodeNoTouch), while the mined journey has it enter at the
//     goal and convert;
//   - there is no touchpoint or segment column (channels are the
//     activities, one view of all customers), no exit activity, no
//     MinCount or TopSuccessors pruning, no conversion window;
//   - events of a case have distinct times (both sides order by time, file
//     order breaking ties, so this only keeps the logs simple).
//
// Consecutive repeats of an activity may occur: the mined journey has a
// self-loop where ChannelAttribution collapses the repeat, but a self-loop
// with probability s leaves the chance of leaving a step by each other way
// scaled by 1/(1−s), so the hitting probabilities (and removal effects) are
// unchanged, provided an entry's starting customers are its count less all
// the counts arriving at it, its own self-loop's included: with a step's
// count being its events (visits), starts = visits − arrivals. Repeats at
// the entries are generated on purpose.
//
// The figures are compared to 1e-9. One log that breaks the conditions
// (touches after the goal, a case starting at the goal) is attributed too,
// and how the two differ is logged, not asserted.
func TestMinedAttributionMatchesAttribute(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 1))
	const logs = 300
	for n := 0; n < logs; n++ {
		log := randomLog(rng)
		for !strings.Contains(log, ",buy,") {
			log = randomLog(rng) // Mine needs a goal that occurs
		}
		if err := compareMined(t, log, true); err != nil {
			t.Fatalf("log %d: %v\n%s", n, err, log)
		}
	}
	// A log that breaks the conditions: events after the goal, repeat
	// purchases, a case that starts at the goal.
	bad := "case,activity,timestamp\n" +
		"c1,ad,2026-01-01T00:00:01Z\nc1,buy,2026-01-01T00:00:02Z\nc1,mail,2026-01-01T00:00:03Z\nc1,buy,2026-01-01T00:00:04Z\n" +
		"c2,mail,2026-01-01T00:00:01Z\nc2,site,2026-01-01T00:00:02Z\n" +
		"c3,buy,2026-01-01T00:00:01Z\nc3,site,2026-01-01T00:00:02Z\n" +
		"c4,ad,2026-01-01T00:00:01Z\nc4,site,2026-01-01T00:00:02Z\nc4,buy,2026-01-01T00:00:03Z\n"
	if err := compareMined(t, bad, false); err != nil {
		t.Fatal(err)
	}
}

// TestMinedAttributionHand is the hand computation behind the entry rule:
// c1 = ad ad site buy, c2 = site. Two customers start, one at ad, one at
// site; the one through ad converts half the time at site, as the one
// starting there: conversion 1/2; without ad only the customer starting at
// site remains, converting with 1/2: 1/4 of all, so the removal effect of
// ad is 1 − (1/4)/(1/2) = 1/2 (ChannelAttribution's too). Were ad's
// starters its count less the arrivals from other steps (2, the self-loop
// counted as a start), ad would weigh 2/3 and its removal effect be 2/3.
func TestMinedAttributionHand(t *testing.T) {
	log := "case,activity,timestamp\n" +
		"c1,ad,2026-01-01T00:00:01Z\nc1,ad,2026-01-01T00:00:02Z\nc1,site,2026-01-01T00:00:03Z\nc1,buy,2026-01-01T00:00:04Z\n" +
		"c2,site,2026-01-01T00:00:01Z\n"
	rep := analyseMined(t, log)
	if got := rep.Flow.Conversion; math.Abs(got-0.5) > 1e-12 {
		t.Errorf("conversion %v, want 1/2", got)
	}
	for _, s := range rep.Attribution.Steps {
		want := map[string]float64{"ad": 0.5, "site": 1}[s.Step]
		if math.Abs(s.RemovalEffect-want) > 1e-12 {
			t.Errorf("removal effect of %s %v, want %v", s.Step, s.RemovalEffect, want)
		}
	}
	if err := compareMined(t, log, true); err != nil {
		t.Error(err)
	}
}

// randomLog returns a CSV log of 1 to 40 cases over 2 to 6 activities and
// the goal buy, under the conditions of TestMinedAttributionMatchesAttribute.
func randomLog(rng *rand.Rand) string {
	acts := []string{"ad", "mail", "site", "call", "shop", "app"}[:2+rng.IntN(5)]
	var b strings.Builder
	b.WriteString("case,activity,timestamp\n")
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := 1 + rng.IntN(40)
	for c := 0; c < cases; c++ {
		n := 1 + rng.IntN(6)
		var prev string
		k := 0
		for i := 0; i < n; i++ {
			a := acts[rng.IntN(len(acts))]
			if i > 0 && rng.IntN(4) == 0 {
				a = prev // consecutive repeats, at entries too
			}
			prev = a
			fmt.Fprintf(&b, "c%d,%s,%s\n", c, a, t0.Add(time.Duration(k)*time.Second).Format(time.RFC3339))
			k++
		}
		if rng.IntN(2) == 0 {
			fmt.Fprintf(&b, "c%d,buy,%s\n", c, t0.Add(time.Duration(k)*time.Second).Format(time.RFC3339))
		}
	}
	return b.String()
}

func csvReader(t *testing.T, log string) eventlog.Reader {
	t.Helper()
	r, err := eventlog.NewCSVReader(strings.NewReader(log), eventlog.ReadOptions{Columns: eventlog.Columns{Case: "case", Activity: "activity", Time: "timestamp"}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// analyseMined mines log with the goal buy and analyses the journey.
func analyseMined(t *testing.T, log string) *analysis.Report {
	t.Helper()
	j, _, err := eventlog.Mine(csvReader(t, log), eventlog.Options{Goals: []string{"buy"}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := analysis.Analyze(context.Background(), j, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// compareMined compares the mined journey's attribution with Attribute's
// on log; when strict is false it logs the differences instead.
func compareMined(t *testing.T, log string, strict bool) error {
	t.Helper()
	lp, err := eventlog.ReadPaths(csvReader(t, log), eventlog.LogPathOptions{Goals: []string{"buy"}})
	if err != nil {
		return err
	}
	at, err := eventlog.Attribute(lp.Paths, eventlog.AttributionOptions{Order: 1})
	if err != nil {
		return err
	}
	rep := analyseMined(t, log)
	var diffs []string
	differ := func(what string, got, want float64) {
		if math.Abs(got-want) > 1e-9 {
			diffs = append(diffs, fmt.Sprintf("%s: mined analysis %.6g, attribute %.6g", what, got, want))
		}
	}
	conv := 0.0
	if rep.Flow != nil {
		conv = rep.Flow.Conversion
	}
	differ("conversion rate", conv, at.ConversionRate)
	steps := map[string]analysis.StepCredit{}
	if rep.Attribution != nil {
		for _, s := range rep.Attribution.Steps {
			steps[s.Step] = s
		}
	}
	for _, c := range at.Channels {
		s, ok := steps[c.Channel]
		if !ok && at.Conversions > 0 {
			diffs = append(diffs, fmt.Sprintf("channel %s: no step in the analysis' attribution", c.Channel))
			continue
		}
		delete(steps, c.Channel)
		differ("removal effect of "+c.Channel, s.RemovalEffect, c.RemovalEffect)
		if s.Conversions != nil {
			differ("conversions credited to "+c.Channel, *s.Conversions, c.Markov)
		} else if at.Conversions > 0 {
			diffs = append(diffs, "conversions credited to "+c.Channel+": none in the analysis")
		}
	}
	for id, s := range steps {
		if s.RemovalEffect != 0 {
			diffs = append(diffs, fmt.Sprintf("step %s: removal effect %.6g, no channel in attribute", id, s.RemovalEffect))
		}
	}
	if len(diffs) == 0 {
		return nil
	}
	if strict {
		return fmt.Errorf("%s", strings.Join(diffs, "\n"))
	}
	t.Logf("a log outside the conditions differs, as expected:\n%s", strings.Join(diffs, "\n"))
	return nil
}
