package main

import (
	"fmt"
	"math"

	"github.com/spf13/cobra"
)

// conformArgs are the settings of one conform run.
type conformArgs struct {
	log       *logFlags
	format    string
	out       string
	failBelow float64
}

// newConformCmd returns "journeymap conform JOURNEY LOG": check an event
// log against a designed journey.
func newConformCmd(a *app) *cobra.Command {
	var c conformArgs
	var goals []string
	cmd := &cobra.Command{
		Use:   "conform JOURNEY LOG",
		Short: "Check an event log against a designed journey: fitness, unmodelled moves, unvisited steps",
		Long: `Check the cases of the event log LOG against the designed journey JOURNEY
(either may be "-" for standard input). A case's moves are its start,
allowed when it starts at an entry, and each directly-follows pair of its
events ordered by time, allowed when the journey has that transition for the
case's persona (its segment value when the journey has a persona with that
ID, else all personas). The report gives the cases, the fitting cases (all
moves allowed), the fitness (allowed moves / all moves), the unmodelled
transitions (most frequent first), the unmodelled activities, the unvisited
steps, the wrong starts, the same per persona, and the time to convert per
segment and entry channel.

Exit status: 0, or 1 when the fitness is below --fail-below, so that a CI job
can gate a journey on data; 2 for a journey or log with problems (printed as
FILE:LINE:COL or FILE:ROW: code: message, all at once).`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 2 {
				return fmt.Errorf("want a JOURNEY and a LOG, have %d arguments", len(args))
			}
			return nil
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return journeyFiles(cmd, args, toComplete)
			}
			if len(args) == 1 {
				return nil, cobra.ShellCompDirectiveDefault // the log: any file
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		},
	}
	f := cmd.Flags()
	f.Float64Var(&c.failBelow, "fail-below", 0, "exit 1 when the fitness is below `F` (0 to 1)")
	format := addFormatFlag(cmd, "text", "text", "json", "markdown")
	f.StringArrayVar(&goals, "goal", nil, "an activity that converts (`ACT`; repeatable), for the time to convert (default: the journey's goals)")
	addOutputFlag(cmd, &c.out, "-", "write the report to `OUT` (\"-\" for standard output)")
	c.log = addLogFlags(cmd, "log-format", true)
	cmd.RunE = func(_ *cobra.Command, args []string) error {
		if math.IsNaN(c.failBelow) || c.failBelow < 0 || c.failBelow > 1 {
			return fmt.Errorf("--fail-below %v: want a fitness from 0 to 1", c.failBelow)
		}
		if args[0] == stdinName && args[1] == stdinName {
			return fmt.Errorf("only one of JOURNEY and LOG can be standard input (-)")
		}
		if err := c.log.check(); err != nil {
			return err
		}
		c.log.opts.Goals = goals
		c.format = format.value
		return status(a.conform(args[0], args[1], c))
	}
	return cmd
}

// conform checks the log against the journey, writes the report and returns
// the exit status.
func (a *app) conform(journeyFile, logFile string, c conformArgs) int {
	j, ok := a.loadJourney(journeyFile)
	if !ok {
		return exitInvalid
	}
	res, err := a.conformLog(j, logFile, c.log)
	if err != nil {
		printLogProblems(a.stderr, label(logFile), err)
		return exitInvalid
	}
	w, err := a.create(c.out)
	if err != nil {
		fmt.Fprintf(a.stderr, "journeymap conform: %v\n", err)
		return exitInvalid
	}
	switch c.format {
	case "json":
		err = res.WriteJSON(w)
	case "markdown":
		err = res.WriteMarkdown(w)
	default:
		err = res.WriteText(w)
	}
	if err == nil {
		err = w.commit()
	} else {
		w.abort()
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "journeymap conform: %v\n", err)
		return exitInvalid
	}
	if res.Fitness < c.failBelow {
		fmt.Fprintf(a.stderr, "%s: fitness %.4f is below --fail-below %v\n", label(logFile), res.Fitness, c.failBelow)
		return exitFindings
	}
	return exitOK
}
