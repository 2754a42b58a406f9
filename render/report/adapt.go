package report

import (
	"strconv"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
)

// This file is the one place that reads the flow figures of an
// analysis.Report (conversion, reach by stage, attribution), so that the
// page follows the report's shape as it changes.

// flowView is the flow of customers: the funnel by stage and the
// attribution by touchpoint, where the journey has numbers.
type flowView struct {
	Conversion        string
	Repeat            string // the share of converted customers who convert again, "" where unknown
	Funnel            []bar
	Attribution       []bar
	PersonaConversion []bar
}

// bar is one bar of a chart: a label, the bar's length (a share, 0..1) and
// the figures written beside it.
type bar struct {
	Label, Value, Detail string
	Width                string // the bar's length in percent of the chart, for CSS
}

func newBar(label string, share float64, detail string) bar {
	w := min(max(share, 0), 1) * 100
	return bar{Label: label, Value: pct(share), Detail: detail, Width: strconv.FormatFloat(w, 'f', 2, 64)}
}

// conversionOf is the chance of reaching a goal, or nil where the journey
// has no numbers.
func conversionOf(rep *analysis.Report) *float64 {
	if rep == nil || rep.Flow == nil {
		return nil
	}
	c := rep.Flow.Conversion
	return &c
}

// flowOf is the flow of customers, or nil where the journey has no numbers.
func flowOf(j *journey.Journey, rep *analysis.Report, n *names) *flowView {
	f := rep.Flow
	if f == nil {
		return nil
	}
	v := &flowView{Conversion: pct(f.Conversion)}
	if f.Conversion > 0 {
		v.Repeat = pct(f.Repeat)
	}
	for _, s := range f.Stages {
		v.Funnel = append(v.Funnel, newBar(n.stage(s.Stage), s.Reach, "leave here "+pct(s.Leave)))
	}
	if a := rep.Attribution; a != nil {
		for _, t := range a.Touchpoints {
			detail := "removal effect " + pct(t.RemovalEffect)
			if t.Conversions != nil {
				detail += ", " + strconv.FormatFloat(*t.Conversions, 'f', 1, 64) + " conversions"
			}
			v.Attribution = append(v.Attribution, newBar(n.touchpoint(t.Touchpoint), t.Share, detail))
		}
	}
	for _, p := range j.Personas {
		if pr := rep.Personas[p.ID]; pr != nil && pr.Flow != nil {
			v.PersonaConversion = append(v.PersonaConversion, newBar(n.persona(p.ID), pr.Flow.Conversion, ""))
		}
	}
	return v
}

// pathPersonas are the personas who can walk a best path, or nil where the
// report does not say.
func pathPersonas(p analysis.Path) []string { return p.Personas }
