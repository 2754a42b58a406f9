package analysis

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/journeymap/journeymap/internal/termsafe"
)

// errNilReport is returned by the writers of a nil *Report.
var errNilReport = errors.New("journey: nil report")

// errWriter buffers the writes to w, remembers the first error and drops
// the writes after it.
type errWriter struct {
	w   *bufio.Writer
	err error
}

func newErrWriter(w io.Writer) *errWriter { return &errWriter{w: bufio.NewWriter(w)} }

// Write writes p as writeString does.
func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	e.writeString(string(p))
	if e.err != nil {
		return 0, e.err
	}
	return len(p), nil
}

// writeString writes s with its control characters made visible (see
// termsafe.Visible): the reports are printed to terminals, and an ID of the journey
// holding "\x1b[2J" must not clear the screen.
func (e *errWriter) writeString(s string) {
	if e.err == nil {
		if _, err := e.w.WriteString(termsafe.Visible(s)); err != nil {
			e.err = err
		}
	}
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		fmt.Fprintf(e, format, args...)
	}
}

// finish flushes the buffer and returns the first error.
func (e *errWriter) finish() error {
	if e.err == nil {
		e.err = e.w.Flush()
	}
	return e.err
}

// formatFloat prints x with 4 significant digits.
func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

// formatEmotion prints an emotion with its sign: -2, 0, +1.
func formatEmotion(e int) string {
	if e > 0 {
		return "+" + strconv.Itoa(e)
	}
	return strconv.Itoa(e)
}

// personaKeys returns the keys of r.Personas, sorted.
func (r *Report) personaKeys() []string {
	keys := make([]string, 0, len(r.Personas))
	for k := range r.Personas {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// WriteText writes the report as plain text aligned for a terminal: the
// findings, the barriers and paths as tables, the conversion if any, and then
// the report of each persona in the order of their IDs. Numbers are printed
// with 4 significant digits. It returns the first error of writing to w.
func (r *Report) WriteText(w io.Writer) error {
	if r == nil {
		return errNilReport
	}
	ew := newErrWriter(w)
	r.writeText(ew)
	for _, k := range r.personaKeys() {
		if p := r.Personas[k]; p != nil {
			ew.printf("\n")
			p.writeText(ew)
		}
	}
	return ew.finish()
}

func listOrNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

func (r *Report) writeText(ew *errWriter) {
	if r.Persona != "" {
		ew.printf("journey %s, persona %s\n", r.Journey, r.Persona)
	} else {
		ew.printf("journey %s, all personas\n", r.Journey)
	}
	ew.printf("\n")
	findings := [][]string{
		{"unreachable steps", listOrNone(r.UnreachableSteps)},
		{"unreachable stages", listOrNone(r.UnreachableStages)},
		{"dead ends", listOrNone(r.DeadEnds)},
		{"critical steps", listOrNone(r.CriticalSteps)},
	}
	if len(r.Cycles) == 0 {
		findings = append(findings, []string{"cycles", "none"})
	}
	for i, c := range r.Cycles {
		label := ""
		if i == 0 {
			label = "cycles"
		}
		findings = append(findings, []string{label, strings.Join(c, " -> ") + " -> " + c[0]})
	}
	writeTable(ew, findings)

	ew.printf("\ngaps: %d\n", len(r.Gaps))
	var gaps [][]string
	for _, g := range r.Gaps {
		gaps = append(gaps, []string{string(g.Kind), g.Message})
	}
	writeTable(ew, gaps)

	ew.printf("\nbarriers: %d\n", len(r.Barriers))
	if len(r.Barriers) > 0 {
		ew.printf("  REACH: chance a customer ever reaches the step\n")
		rows := [][]string{{"SEVERITY", "STEP", "STAGE", "CRITICAL", "REACHABLE", "REACH", "PERSONAS", "DESCRIPTION"}}
		for _, b := range r.Barriers {
			reach := "-"
			if b.Reach != nil {
				reach = formatFloat(*b.Reach)
			}
			personas := "-"
			if len(b.Personas) > 0 {
				personas = strings.Join(b.Personas, ", ")
			}
			rows = append(rows, []string{string(b.Severity), b.Step, b.Stage, yesNo(b.Critical),
				yesNo(b.Reachable), reach, personas, b.Description})
		}
		writeTable(ew, rows, 5)
	}

	ew.printf("\npaths: %d (cost: barriers met, weighted low 1, medium 10, high 100, blocker 1000, counting only the walking persona's)\n", len(r.Paths))
	if r.PathsCut {
		ew.printf("  (the search stopped at its work limit: these are the best found before it)\n")
	}
	for i, p := range r.Paths {
		who := ""
		if len(p.Personas) > 0 {
			who = ", for " + oneLine(strings.Join(p.Personas, ", "))
		}
		ew.printf("  %d. cost %d, %s, lowest emotion %s at %s%s\n",
			i+1, p.Cost, plural(p.Barriers, "barrier"), formatEmotion(p.Lowest), oneLine(p.LowestStep), who)
		var b strings.Builder
		for k, s := range p.Steps {
			if k > 0 {
				b.WriteString(" -> ")
			}
			b.WriteString(oneLine(s))
			if k < len(p.Emotions) {
				fmt.Fprintf(&b, " (%s)", formatEmotion(p.Emotions[k]))
			}
		}
		ew.printf("     %s\n", b.String())
	}

	r.writeTextFlow(ew)
}

// writeTextFlow writes the flow, the attribution and the likely paths.
func (r *Report) writeTextFlow(ew *errWriter) {
	c := r.Flow
	if c == nil {
		ew.printf("\nflow: none (no probabilities or counts)\n")
		return
	}
	ew.printf("\nflow: conversion %s (chance of reaching a goal), repeat %s (chance a converted customer reaches a goal again)", formatFloat(c.Conversion), formatFloat(c.Repeat))
	if c.Trapped > 0 {
		ew.printf(", trapped in loops %s", formatFloat(c.Trapped))
	}
	ew.printf("\n")
	if c.Customers > 0 {
		ew.printf("  customers %s, converted %s\n", formatFloat(c.Customers), formatFloat(c.Converted))
	}
	ew.printf("  REACH: chance of ever reaching; VISITS: expected visits; LEAVE: share of customers whose journey ends there\n\n")
	rows := [][]string{{"STAGE", "REACH", "LEAVE"}}
	for _, s := range c.Stages {
		rows = append(rows, []string{s.Stage, formatFloat(s.Reach), formatFloat(s.Leave)})
	}
	writeTable(ew, rows, 1, 2)
	ew.printf("\n")
	rows = [][]string{{"STEP", "REACH", "VISITS", "LEAVE"}}
	for _, s := range c.Steps {
		rows = append(rows, []string{s.Step, formatFloat(s.Reach), formatFloat(s.Visits), formatFloat(s.Leave)})
	}
	writeTable(ew, rows, 1, 2, 3)
	if len(c.Assumed) > 0 {
		ew.printf("  assumed equal split at: %s\n", oneLine(strings.Join(c.Assumed, ", ")))
	}
	if len(r.LikelyPaths) > 0 {
		ew.printf("\nlikely paths: %d (chance an entering customer walks exactly this path to its first goal)\n", len(r.LikelyPaths))
		for i, p := range r.LikelyPaths {
			ew.printf("  %d. %s  %s\n", i+1, formatFloat(p.Probability), oneLine(strings.Join(p.Steps, " -> ")))
		}
	}
	if at := r.Attribution; at != nil {
		ew.printf("\nattribution (removal effect: share of conversions lost without it)\n")
		rows = [][]string{{"STEP", "REMOVAL EFFECT", "SHARE", "CONVERSIONS"}}
		for _, s := range at.Steps {
			rows = append(rows, []string{s.Step, formatFloat(s.RemovalEffect), formatFloat(s.Share), conversions(s.Conversions)})
		}
		writeTable(ew, rows, 1, 2, 3)
		if at.TouchpointsCut {
			ew.printf("  touchpoints: not computed (too many for the work limit)\n")
		} else if len(at.Touchpoints) > 0 {
			ew.printf("\n")
			rows = [][]string{{"TOUCHPOINT", "REMOVAL EFFECT", "SHARE", "CONVERSIONS"}}
			for _, s := range at.Touchpoints {
				rows = append(rows, []string{s.Touchpoint, formatFloat(s.RemovalEffect), formatFloat(s.Share), conversions(s.Conversions)})
			}
			writeTable(ew, rows, 1, 2, 3)
		}
	}
}

func conversions(x *float64) string {
	if x == nil {
		return "-"
	}
	return formatFloat(*x)
}

// writeTable writes rows as a table indented by two spaces, with columns two
// spaces apart; the columns numbered in right are aligned right.
func writeTable(ew *errWriter, rows [][]string, right ...int) {
	var width []int
	for _, row := range rows {
		for i, cell := range row {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(oneLine(cell)))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		b.Reset()
		b.WriteString("  ")
		for i, cell := range row {
			cell = oneLine(cell)
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell))
			if i > 0 {
				b.WriteString("  ")
			}
			if slices.Contains(right, i) {
				b.WriteString(pad + cell)
			} else if i < len(row)-1 {
				b.WriteString(cell + pad)
			} else {
				b.WriteString(cell)
			}
		}
		b.WriteByte('\n')
		ew.writeString(b.String())
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// oneLine keeps s on one line of a table.
func oneLine(s string) string { return termsafe.OneLine(s) }
