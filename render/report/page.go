package report

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
)

// page is what the template shows. Every string in it is plain text,
// escaped by the template; only CSS, JS and the drawings are trusted.
type page struct {
	CSS         template.CSS
	JS          template.JS
	ID, Name    string
	Purpose     string
	Stats       []stat
	Personas    []personaView
	Switch      []choice
	Map, Graph  drawing
	Findings    findings
	Flow        *flowView
	Observed    *observedView
	Conformance *conformanceView
	Compare     *compareView
}

// stat is one figure of the page's summary.
type stat struct{ Label, Value string }

// choice is one button of the persona switcher.
type choice struct{ ID, Name string }

// personaView is a persona's card.
type personaView struct {
	ID, Name, Description string
	Segment               []stat
	Goals, Needs, Motives []string
	Criteria              []persona.Criterion
	Budget, Share         string
}

// names finds the names of a journey's parts by ID, for labels: a part's
// name or action where it has one, else its ID.
type names struct {
	steps, stages, touchpoints, personas map[string]string
	stepStage                            map[string]string
}

func newNames(j *journey.Journey) *names {
	n := &names{
		steps: map[string]string{}, stages: map[string]string{},
		touchpoints: map[string]string{}, personas: map[string]string{},
		stepStage: map[string]string{},
	}
	for _, s := range j.Steps {
		n.steps[s.ID] = s.Action
		n.stepStage[s.ID] = s.Stage
	}
	for _, s := range j.Stages {
		n.stages[s.ID] = s.Name
	}
	for _, t := range j.Touchpoints {
		n.touchpoints[t.ID] = t.Name
	}
	for _, p := range j.Personas {
		n.personas[p.ID] = p.Name
	}
	return n
}

func orID(m map[string]string, id string) string {
	if v := m[id]; v != "" {
		return v
	}
	return id
}

func (n *names) stage(id string) string      { return orID(n.stages, id) }
func (n *names) touchpoint(id string) string { return orID(n.touchpoints, id) }
func (n *names) persona(id string) string    { return orID(n.personas, id) }

// stats are the page's summary figures.
func stats(j *journey.Journey, rep *analysis.Report) []stat {
	s := []stat{
		{"Stages", strconv.Itoa(len(j.Stages))},
		{"Steps", strconv.Itoa(len(j.Steps))},
		{"Touchpoints", strconv.Itoa(len(j.Touchpoints))},
		{"Personas", strconv.Itoa(len(j.Personas))},
	}
	if c := conversionOf(rep); c != nil {
		s = append(s, stat{"Conversion", pct(*c)})
	}
	return s
}

// personaViews are the personas' cards, in the journey's order.
func personaViews(j *journey.Journey) []personaView {
	var out []personaView
	for _, p := range j.Personas {
		v := personaView{
			ID: p.ID, Name: p.Name, Description: p.Description,
			Goals: p.Goals, Needs: p.Needs, Motives: p.Motives,
			Criteria: p.Criteria, Budget: p.Budget,
		}
		if v.Name == "" {
			v.Name = p.ID
		}
		if p.Share > 0 {
			v.Share = pct(p.Share)
		}
		seg := p.Segment
		for _, f := range []stat{
			{"Segment", seg.Name}, {"Age", seg.Age}, {"Income", seg.Income},
			{"Location", seg.Location}, {"Family", seg.Family}, {"Occupation", seg.Occupation},
		} {
			if f.Value != "" {
				v.Segment = append(v.Segment, f)
			}
		}
		out = append(out, v)
	}
	return out
}

// findings are the analysis findings as table rows.
type findings struct {
	Count             int
	Unreachable       []stepRow
	UnreachableStages []stageRow
	DeadEnds          []stepRow
	Critical          []stepRow
	Cycles            []string
	Gaps              []gapRow
	Barriers          []barrierRow
	Paths             []pathRow
	PersonaConversion []stat
}

type stepRow struct{ ID, Action, Stage string }
type stageRow struct{ ID, Name string }
type gapRow struct{ Kind, Where, Message string }
type barrierRow struct {
	Step, Stage, Severity, Description, Personas, Reach string
	Critical, Reachable                                 bool
}
type pathRow struct {
	Steps, Personas, Lowest string
	Cost                    int64
	Barriers                int
}

func (n *names) stepRows(ids []string) []stepRow {
	var out []stepRow
	for _, id := range ids {
		out = append(out, stepRow{ID: id, Action: n.steps[id], Stage: n.stage(n.stepStage[id])})
	}
	return out
}

// findingsOf turns a report into table rows, in the report's order.
func findingsOf(rep *analysis.Report, n *names) findings {
	f := findings{
		Unreachable: n.stepRows(rep.UnreachableSteps),
		DeadEnds:    n.stepRows(rep.DeadEnds),
		Critical:    n.stepRows(rep.CriticalSteps),
	}
	for _, id := range rep.UnreachableStages {
		f.UnreachableStages = append(f.UnreachableStages, stageRow{ID: id, Name: n.stages[id]})
	}
	for _, c := range rep.Cycles {
		f.Cycles = append(f.Cycles, strings.Join(append(c[:len(c):len(c)], c[0]), " → "))
	}
	for _, g := range rep.Gaps {
		where := ""
		switch {
		case g.Stage != "":
			where = "stage " + n.stage(g.Stage)
		case g.Persona != "":
			where = "persona " + n.persona(g.Persona)
		case g.Touchpoint != "":
			where = "touchpoint " + n.touchpoint(g.Touchpoint)
		}
		f.Gaps = append(f.Gaps, gapRow{Kind: string(g.Kind), Where: where, Message: g.Message})
	}
	for _, b := range rep.Barriers {
		row := barrierRow{
			Step: b.Step, Stage: n.stage(b.Stage), Severity: string(b.Severity),
			Description: b.Description, Critical: b.Critical, Reachable: b.Reachable,
		}
		row.Personas = personaList(b.Personas, n)
		if b.Reach != nil {
			row.Reach = pct(*b.Reach)
		}
		f.Barriers = append(f.Barriers, row)
	}
	for _, p := range rep.Paths {
		row := pathRow{
			Steps: strings.Join(p.Steps, " → "), Cost: p.Cost, Barriers: p.Barriers,
			Lowest: strconv.Itoa(p.Lowest) + " at " + p.LowestStep,
		}
		if who := pathPersonas(p); who != nil {
			row.Personas = personaList(who, n)
		}
		f.Paths = append(f.Paths, row)
	}
	f.Count = len(f.Unreachable) + len(f.UnreachableStages) + len(f.DeadEnds) +
		len(f.Cycles) + len(f.Gaps) + len(f.Barriers)
	return f
}

// personaList names personas, or "all" for none.
func personaList(ids []string, n *names) string {
	if len(ids) == 0 {
		return "all"
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = n.persona(id)
	}
	return strings.Join(out, ", ")
}
