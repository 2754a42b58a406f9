package gen

import (
	"fmt"
	"strconv"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/touchpoint"
)

// Ladder returns a journey whose entry→goal paths number 2^rungs: an entry
// step, then rungs pairs of steps ("r01a", "r01b", ...), each step joined to
// both steps of the next pair, then a goal step. Low barriers on one side of
// each rung, alternating, give the paths different costs; the cheapest is
// unique. Rungs below zero count as zero.
//
// A ladder of 60 rungs has 2^60 paths but only 122 steps: it tells an
// enumeration of paths from an algorithm that finds the best ones.
func Ladder(rungs int) *journey.Journey {
	rungs = max(rungs, 0)
	j := &journey.Journey{
		ID:      fmt.Sprintf("ladder-%d", rungs),
		Name:    fmt.Sprintf("Ladder of %d rungs", rungs),
		Purpose: "path explosion: 2^rungs entry-to-goal paths",
		Touchpoints: []touchpoint.Touchpoint{{
			ID: "site", Name: "Web site", Channel: touchpoint.Site,
			Mode: touchpoint.Online, Control: touchpoint.Direct,
		}},
		Stages: []journey.Stage{
			{ID: "awareness", Name: "Awareness", Phase: journey.Awareness},
			{ID: "consideration", Name: "Consideration", Phase: journey.Consideration},
			{ID: "decision", Name: "Decision", Phase: journey.Decision},
		},
		Entries: []string{"entry"},
		Goals:   []string{"goal"},
	}
	width := max(len(strconv.Itoa(rungs)), 2)
	name := func(r int, side string) string { return "r" + stepID(r, width)[1:] + side }
	j.Steps = append(j.Steps, journey.Step{ID: "entry", Stage: "awareness", Touchpoint: "site", Action: "lands on the site"})
	prev := []string{"entry"}
	for r := 1; r <= rungs; r++ {
		a, b := name(r, "a"), name(r, "b")
		sa := journey.Step{ID: a, Stage: "consideration", Touchpoint: "site", Action: "takes the upper way", Emotion: 1}
		sb := journey.Step{ID: b, Stage: "consideration", Touchpoint: "site", Action: "takes the lower way", Emotion: -1}
		bar := []journey.Barrier{{Description: "one more click", Severity: journey.Low, Kind: "usability"}}
		if r%2 == 1 {
			sb.Barriers = bar
		} else {
			sa.Barriers = bar
		}
		j.Steps = append(j.Steps, sa, sb)
		for _, p := range prev {
			j.Transitions = append(j.Transitions, journey.Transition{From: p, To: a}, journey.Transition{From: p, To: b})
		}
		prev = []string{a, b}
	}
	j.Steps = append(j.Steps, journey.Step{ID: "goal", Stage: "decision", Touchpoint: "site", Action: "buys", Emotion: 2})
	for _, p := range prev {
		j.Transitions = append(j.Transitions, journey.Transition{From: p, To: "goal"})
	}
	return j
}
