package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/journeymap/journeymap/eventlog"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
)

// overlayFlags are render's flags for drawing an event log's traffic on the
// journey: --log and the flags that say how to read it.
type overlayFlags struct {
	log  string
	read *logFlags
}

// logFlagNames are the flags of addLogFlags (without limits), which apply
// with --log only.
var logFlagNames = []string{"case", "activity", "time", "segment", "touchpoint", "channel", "value", "log-format",
	"delimiter", "sheet", "skip-bad-rows"}

func addOverlayFlags(cmd *cobra.Command) *overlayFlags {
	o := &overlayFlags{}
	cmd.Flags().StringVar(&o.log, "log", "", "draw what the event log `LOG` shows on the journey: moves on its transitions (pen width by volume), unmodelled moves dashed in orange, unvisited steps greyed (.dot, .svg, .png)")
	o.read = addLogFlags(cmd, "log-format", false)
	return o
}

// check checks the overlay's flags against the output's extension and view.
func (o *overlayFlags) check(cmd *cobra.Command, ext, view string) error {
	if o.log == "" {
		for _, name := range logFlagNames {
			if cmd.Flags().Changed(name) {
				return fmt.Errorf("--%s applies with --log only", name)
			}
		}
		return nil
	}
	if view == "map" {
		return fmt.Errorf("--log draws on the flow graph (--view flow), not on the map")
	}
	if ext != ".dot" && ext != ".svg" && ext != ".png" {
		return fmt.Errorf("--log draws on .dot, .svg and .png pictures, not %s", ext)
	}
	return o.read.check()
}

// overlay reads the log and returns what it shows, for the journey as
// persona sees it ("" for all personas). On a problem it prints it and
// returns false.
func (a *app) overlay(j *journey.Journey, o *overlayFlags, persona string) (*render.Overlay, bool) {
	c, err := a.conformLog(j, o.log, o.read)
	if err != nil {
		printLogProblems(a.stderr, label(o.log), err)
		return nil, false
	}
	return overlayOf(j, c, persona), true
}

// overlayOf turns a conformance into the render package's plain figures:
// all cases' moves, or for a persona its cases' moves and its unvisited
// steps (all its steps when none of its cases is in the log).
func overlayOf(j *journey.Journey, c *eventlog.Conformance, persona string) *render.Overlay {
	moves, unvisited := c.Observed, c.UnvisitedSteps
	if persona != "" {
		moves, unvisited = nil, nil
		for _, s := range j.ForPersona(persona).Steps {
			unvisited = append(unvisited, s.ID)
		}
		for _, p := range c.Personas {
			if p.Persona == persona {
				moves, unvisited = p.Observed, p.UnvisitedSteps
			}
		}
	}
	ov := &render.Overlay{Unvisited: unvisited}
	for _, m := range moves {
		ov.Moves = append(ov.Moves, render.OverlayMove{From: m.From, To: m.To, Count: m.Count})
	}
	return ov
}
