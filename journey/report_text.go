package journey

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// errWriter remembers the first error of the writes to w and drops the
// writes after it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, err
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		fmt.Fprintf(e, format, args...)
	}
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
	ew := &errWriter{w: w}
	r.writeText(ew)
	for _, k := range r.personaKeys() {
		if p := r.Personas[k]; p != nil {
			ew.printf("\n")
			p.writeText(ew)
		}
	}
	return ew.err
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
	tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "unreachable steps\t%s\n", listOrNone(r.UnreachableSteps))
	fmt.Fprintf(tw, "unreachable stages\t%s\n", listOrNone(r.UnreachableStages))
	fmt.Fprintf(tw, "dead ends\t%s\n", listOrNone(r.DeadEnds))
	fmt.Fprintf(tw, "critical steps\t%s\n", listOrNone(r.CriticalSteps))
	if len(r.Cycles) == 0 {
		fmt.Fprintf(tw, "cycles\tnone\n")
	}
	for i, c := range r.Cycles {
		label := ""
		if i == 0 {
			label = "cycles"
		}
		fmt.Fprintf(tw, "%s\t%s\n", label, strings.Join(c, ", "))
	}
	tw.Flush()

	ew.printf("\ngaps: %d\n", len(r.Gaps))
	if len(r.Gaps) > 0 {
		tw = tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
		for _, g := range r.Gaps {
			fmt.Fprintf(tw, "  %s\t%s\n", g.Kind, oneLine(g.Message))
		}
		tw.Flush()
	}

	ew.printf("\nbarriers: %d\n", len(r.Barriers))
	if len(r.Barriers) > 0 {
		tw = tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "  SEVERITY\tSTEP\tSTAGE\tCRITICAL\tREACHABLE\tREACH\tPERSONAS\tDESCRIPTION\n")
		for _, b := range r.Barriers {
			reach := "-"
			if b.Reach != nil {
				reach = formatFloat(*b.Reach)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
				oneLine(string(b.Severity)), oneLine(b.Step), oneLine(b.Stage), yesNo(b.Critical),
				yesNo(b.Reachable), reach, oneLine(listOrNone(b.Personas)), oneLine(b.Description))
		}
		tw.Flush()
	}

	ew.printf("\npaths: %d\n", len(r.Paths))
	for i, p := range r.Paths {
		ew.printf("  %d. cost %d, %d barriers, lowest emotion %s at %s\n",
			i+1, p.Cost, p.Barriers, formatEmotion(p.Lowest), oneLine(p.LowestStep))
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

	c := r.Conversion
	if c == nil {
		ew.printf("\nconversion: no probabilities or counts\n")
		return
	}
	ew.printf("\nconversion: rate %s, left %s\n", formatFloat(c.Rate), formatFloat(c.Left))
	tw = tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
	for _, k := range sortedKeys(c.Goals) {
		fmt.Fprintf(tw, "  goal\t%s\t%s\n", oneLine(k), formatFloat(c.Goals[k]))
	}
	for _, k := range sortedKeys(c.Exits) {
		fmt.Fprintf(tw, "  exit\t%s\t%s\n", oneLine(k), formatFloat(c.Exits[k]))
	}
	tw.Flush()
	tw = tabwriter.NewWriter(ew, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "  STAGE\tREACH\tLEAVE\t\n")
	for _, s := range c.Stages {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t\n", oneLine(s.Stage), formatFloat(s.Reach), formatFloat(s.Leave))
	}
	tw.Flush()
	tw = tabwriter.NewWriter(ew, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "  STEP\tREACH\tLEAVE\t\n")
	for _, s := range c.Steps {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t\n", oneLine(s.Step), formatFloat(s.Reach), formatFloat(s.Leave))
	}
	tw.Flush()
	if len(c.Assumed) > 0 {
		ew.printf("  assumed equal split at: %s\n", oneLine(strings.Join(c.Assumed, ", ")))
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// oneLine replaces the tabs and line breaks of s by spaces, so that a user's
// text cannot break the layout of a table.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\t\n\r\v\f") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r', '\v', '\f':
			return ' '
		}
		return r
	}, s)
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
