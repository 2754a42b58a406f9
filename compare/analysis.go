package compare

// This file is the only one that reads analysis.Report, so that the
// comparison follows the report's shape in one place.

import (
	"context"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
)

// outcome is what the comparison takes from one analysis report.
type outcome struct {
	conversion *float64
	stages     map[string]stageFlow // by stage ID; empty without numbers
	findings   []Finding
	barriers   map[string]journey.Severity // critical barriers by step and description
	credits    *credits                    // nil without attribution
}

// credits is the attribution of one report: removal effect and share by
// step and by touchpoint ID, in the report's order.
type credits struct {
	steps, touchpoints []credit
	touchpointsCut     bool
}

type credit struct {
	id                   string
	removalEffect, share float64
}

type stageFlow struct{ reach, leave float64 }

// outcomeOf summarises report r (nil gives an empty outcome).
func outcomeOf(r *analysis.Report) outcome {
	o := outcome{stages: map[string]stageFlow{}, barriers: map[string]journey.Severity{}}
	if r == nil {
		return o
	}
	if c := r.Flow; c != nil {
		rate := c.Conversion
		o.conversion = &rate
		for _, s := range c.Stages {
			o.stages[s.Stage] = stageFlow{s.Reach, s.Leave}
		}
	}
	if at := r.Attribution; at != nil {
		cr := &credits{touchpointsCut: at.TouchpointsCut}
		for _, c := range at.Steps {
			cr.steps = append(cr.steps, credit{c.Step, c.RemovalEffect, c.Share})
		}
		for _, c := range at.Touchpoints {
			cr.touchpoints = append(cr.touchpoints, credit{c.Touchpoint, c.RemovalEffect, c.Share})
		}
		o.credits = cr
	}
	for _, s := range r.DeadEnds {
		o.findings = append(o.findings, Finding{Kind: FindingDeadEnd, Step: s})
	}
	for _, s := range r.UnreachableStages {
		o.findings = append(o.findings, Finding{Kind: FindingUnreachableStage, Stage: s})
	}
	for _, s := range r.CriticalSteps {
		o.findings = append(o.findings, Finding{Kind: FindingCriticalStep, Step: s})
	}
	for _, b := range r.Barriers {
		if !b.Critical {
			continue
		}
		o.findings = append(o.findings, Finding{Kind: FindingCriticalBarrier, Step: b.Step, Stage: b.Stage, Barrier: b.Description, Severity: b.Severity})
		k := b.Step + "\x00" + b.Description
		if b.Severity.Rank() > o.barriers[k].Rank() {
			o.barriers[k] = b.Severity
		}
	}
	return o
}

// analyze runs the analysis the comparison needs: no paths.
func analyze(ctx context.Context, j *journey.Journey, persona string) (*analysis.Report, error) {
	return analysis.Analyze(ctx, j, analysis.Options{Persona: persona, K: -1})
}

// personaReport returns r's report for persona p, or nil.
func personaReport(r *analysis.Report, p string) *analysis.Report {
	if r == nil {
		return nil
	}
	return r.Personas[p]
}
