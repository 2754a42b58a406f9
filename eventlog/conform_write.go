package eventlog

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

var errNilConformance = errors.New("eventlog: nil conformance")

// WriteJSON writes the conformance as indented JSON with the keys of the
// journeymap conform command, and a final newline.
func (c *Conformance) WriteJSON(w io.Writer) error {
	if c == nil {
		return errNilConformance
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteText writes the conformance for people: the fitness, what is not
// modelled (up to ten rows a list, the rest counted), the unvisited steps,
// the same per persona, and the time to convert. Names from the log are
// quoted with control characters escaped.
func (c *Conformance) WriteText(w io.Writer) error {
	if c == nil {
		return errNilConformance
	}
	bw := bufio.NewWriter(w)
	if r := c.Read; r != nil {
		fmt.Fprintf(bw, "read %d rows: %d events", r.Rows, r.Events)
		for _, sk := range r.Skipped {
			fmt.Fprintf(bw, "; skipped %d rows: %s", sk.Rows, sk.Code)
		}
		bw.WriteString("\n")
	}
	textFigures(bw, "", c.figures())
	for _, p := range c.Personas {
		fmt.Fprintf(bw, "\npersona %s:\n", quote(p.Persona))
		textFigures(bw, "  ", p)
	}
	for _, s := range c.UnmatchedSegments {
		fmt.Fprintf(bw, "segment %s is no persona: its %d cases were checked against the journey for all personas\n", quote(s.Segment), s.Cases)
	}
	for _, g := range c.MissingGoals {
		fmt.Fprintf(bw, "goal %s never occurs in the log\n", quote(g))
	}
	if t := c.TimeToConvert; t != nil {
		fmt.Fprintf(bw, "\ntime to convert (goals %s): %d cases, %d converted (%s), median %s, p90 %s\n\n", quoteAll(c.Goals), t.Cases, t.Converted,
			percent(t.Converted, t.Cases), seconds(t.ConvertTime, false), seconds(t.ConvertTime, true))
		writeTable(bw, timeRows(t, plain), 2)
	}
	return bw.Flush()
}

// figures returns the overall figures in the shape of a persona's.
func (c *Conformance) figures() PersonaConformance {
	return PersonaConformance{Cases: c.Cases, FittingCases: c.FittingCases, Fitness: c.Fitness, Moves: c.Moves,
		AllowedMoves: c.AllowedMoves, UnmodelledTransitions: c.UnmodelledTransitions,
		UnmodelledActivities: c.UnmodelledActivities, UnvisitedSteps: c.UnvisitedSteps, WrongStarts: c.WrongStarts}
}

func percent(a, b int64) string {
	return strconv.FormatFloat(100*ratio(a, b), 'f', 1, 64) + "%"
}

func textFigures(w *bufio.Writer, in string, p PersonaConformance) {
	fmt.Fprintf(w, "%sfitness %.4f: %d of %d moves allowed; %d of %d cases fit (%s)\n", in, p.Fitness, p.AllowedMoves, p.Moves, p.FittingCases, p.Cases, percent(p.FittingCases, p.Cases))
	list := func(n int, what string, row func(i int) string) {
		for i := 0; i < n; i++ {
			if i == maxListed {
				fmt.Fprintf(w, "%s  ... %d more %s\n", in, n-i, what)
				break
			}
			fmt.Fprintf(w, "%s  %s\n", in, row(i))
		}
	}
	if n := len(p.UnmodelledTransitions); n > 0 {
		fmt.Fprintf(w, "%sunmodelled transitions:\n", in)
		list(n, "transitions", func(i int) string {
			m := p.UnmodelledTransitions[i]
			return fmt.Sprintf("%8d  %s -> %s", m.Count, quote(m.From), quote(m.To))
		})
	}
	if n := len(p.UnmodelledActivities); n > 0 {
		fmt.Fprintf(w, "%sunmodelled activities (events):\n", in)
		list(n, "activities", func(i int) string {
			a := p.UnmodelledActivities[i]
			return fmt.Sprintf("%8d  %s", a.Count, quote(a.Activity))
		})
	}
	if n := len(p.WrongStarts); n > 0 {
		fmt.Fprintf(w, "%scases starting at no entry:\n", in)
		list(n, "activities", func(i int) string {
			a := p.WrongStarts[i]
			return fmt.Sprintf("%8d  %s", a.Count, quote(a.Activity))
		})
	}
	if len(p.UnvisitedSteps) > 0 {
		fmt.Fprintf(w, "%sunvisited steps: %s\n", in, quoteAll(p.UnvisitedSteps))
	}
}

// WriteMarkdown writes the conformance as Markdown (GitHub flavoured): the
// figures in a table, the lists as tables, a section per persona and the
// time to convert. Names from the log are code spans, escaped.
func (c *Conformance) WriteMarkdown(w io.Writer) error {
	if c == nil {
		return errNilConformance
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("# Conformance\n\n")
	mdFigures(bw, "##", c.figures())
	for _, s := range c.UnmatchedSegments {
		fmt.Fprintf(bw, "Segment %s is no persona: its %d cases were checked against the journey for all personas.\n\n", mdSpan(s.Segment), s.Cases)
	}
	for _, p := range c.Personas {
		fmt.Fprintf(bw, "## Persona %s\n\n", mdSpan(p.Persona))
		mdFigures(bw, "###", p)
	}
	if t := c.TimeToConvert; t != nil {
		codes := make([]string, len(c.Goals))
		for i, g := range c.Goals {
			codes[i] = mdSpan(g)
		}
		fmt.Fprintf(bw, "## Time to convert\n\nGoals: %s. %d cases, %d converted (%s), median %s, p90 %s.\n\n", strings.Join(codes, ", "),
			t.Cases, t.Converted, percent(t.Converted, t.Cases), seconds(t.ConvertTime, false), seconds(t.ConvertTime, true))
		for _, g := range c.MissingGoals {
			fmt.Fprintf(bw, "Goal %s never occurs in the log.\n\n", mdSpan(g))
		}
		if rows := timeRows(t, mdSpan); len(rows) > 1 {
			fmt.Fprintf(bw, "| %s |\n|---|---|---:|---:|---:|---:|\n", strings.Join(rows[0], " | "))
			for _, r := range rows[1:] {
				fmt.Fprintf(bw, "| %s |\n", strings.Join(r, " | "))
			}
			bw.WriteString("\n")
		}
	}
	return bw.Flush()
}

func mdFigures(w *bufio.Writer, h string, p PersonaConformance) {
	fmt.Fprintf(w, "| Fitness | Moves | Allowed moves | Cases | Fitting cases |\n|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(w, "| %.4f | %d | %d | %d | %d |\n\n", p.Fitness, p.Moves, p.AllowedMoves, p.Cases, p.FittingCases)
	if len(p.UnmodelledTransitions) > 0 {
		fmt.Fprintf(w, "%s Unmodelled transitions\n\n| From | To | Moves |\n|---|---|---:|\n", h)
		for _, m := range p.UnmodelledTransitions {
			fmt.Fprintf(w, "| %s | %s | %d |\n", mdSpan(m.From), mdSpan(m.To), m.Count)
		}
		w.WriteString("\n")
	}
	for _, l := range []struct {
		title, unit string
		xs          []ActivityCount
	}{{"Unmodelled activities", "Events", p.UnmodelledActivities}, {"Wrong starts", "Cases", p.WrongStarts}} {
		if len(l.xs) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s %s\n\n| Activity | %s |\n|---|---:|\n", h, l.title, l.unit)
		for _, a := range l.xs {
			fmt.Fprintf(w, "| %s | %d |\n", mdSpan(a.Activity), a.Count)
		}
		w.WriteString("\n")
	}
	if len(p.UnvisitedSteps) > 0 {
		fmt.Fprintf(w, "%s Unvisited steps\n\n", h)
		for _, s := range p.UnvisitedSteps {
			fmt.Fprintf(w, "- %s\n", mdSpan(s))
		}
		w.WriteString("\n")
	}
}
