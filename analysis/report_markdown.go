package analysis

import (
	"io"
	"strings"

	"github.com/journeymap/journeymap/internal/termsafe"
)

// WriteMarkdown writes the report as Markdown (GitHub flavoured) that a team
// can paste into a wiki: a heading per report, the findings as a table, then
// gaps, barriers, paths and conversion as tables, and a section per persona in
// the order of their IDs. IDs are shown as code spans and every table cell is
// escaped, so a user's text cannot break the layout. It returns the first
// error of writing to w.
func (r *Report) WriteMarkdown(w io.Writer) error {
	if r == nil {
		return errNilReport
	}
	ew := newErrWriter(w)
	ew.printf("# Journey analysis: %s\n", mdCode(r.Journey))
	r.writeMarkdown(ew)
	for _, k := range r.personaKeys() {
		if p := r.Personas[k]; p != nil {
			p.writeMarkdown(ew)
		}
	}
	return ew.finish()
}

// mdCode shows s as a Markdown code span, safe inside a table cell.
func mdCode(s string) string {
	s = oneLine(s)
	if s == "" {
		return ""
	}
	return termsafe.MarkdownCode(s)
}

// mdText escapes s for a Markdown table cell or list item.
func mdText(s string) string { return termsafe.MarkdownText(oneLine(s)) }

func mdList(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = mdCode(id)
	}
	return strings.Join(parts, ", ")
}

func (r *Report) writeMarkdown(ew *errWriter) {
	if r.Persona != "" {
		ew.printf("\n## Persona %s\n", mdCode(r.Persona))
	} else {
		ew.printf("\n## All personas\n")
	}

	ew.printf("\n| Finding | Steps or stages |\n|---|---|\n")
	ew.printf("| Unreachable steps | %s |\n", mdList(r.UnreachableSteps))
	ew.printf("| Unreachable stages | %s |\n", mdList(r.UnreachableStages))
	ew.printf("| Dead ends | %s |\n", mdList(r.DeadEnds))
	ew.printf("| Critical steps | %s |\n", mdList(r.CriticalSteps))
	if len(r.Cycles) == 0 {
		ew.printf("| Cycles | none |\n")
	}
	for _, c := range r.Cycles {
		ew.printf("| Cycle | %s |\n", strings.ReplaceAll(mdList(append(c[:len(c):len(c)], c[0])), ", ", " → "))
	}

	ew.printf("\n### Gaps\n\n")
	if len(r.Gaps) == 0 {
		ew.printf("None.\n")
	} else {
		ew.printf("| Kind | About | Message |\n|---|---|---|\n")
		for _, g := range r.Gaps {
			about := g.Stage
			switch {
			case g.Persona != "":
				about = g.Persona
			case g.Touchpoint != "":
				about = g.Touchpoint
			}
			ew.printf("| %s | %s | %s |\n", mdText(string(g.Kind)), mdCode(about), mdText(g.Message))
		}
	}

	ew.printf("\n### Barriers\n\n")
	if len(r.Barriers) == 0 {
		ew.printf("None.\n")
	} else {
		ew.printf("Reach: the chance a customer ever reaches the step.\n\n")
		ew.printf("| Severity | Step | Stage | Critical | Reachable | Reach | Personas | Description |\n")
		ew.printf("|---|---|---|---|---|--:|---|---|\n")
		for _, b := range r.Barriers {
			reach := "–"
			if b.Reach != nil {
				reach = formatFloat(*b.Reach)
			}
			ew.printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n",
				mdText(string(b.Severity)), mdCode(b.Step), mdCode(b.Stage), yesNo(b.Critical),
				yesNo(b.Reachable), reach, mdList(b.Personas), mdText(b.Description))
		}
	}

	ew.printf("\n### Best paths\n\nCost: the barriers met, weighted low 1, medium 10, high 100, blocker 1000, counting only those of the persona walking the path.\n\n")
	if r.PathsCut {
		ew.printf("The search stopped at its work limit: these are the best paths found before it.\n\n")
	}
	if len(r.Paths) == 0 {
		ew.printf("None.\n")
	} else {
		ew.printf("| # | Cost | Barriers | Lowest emotion | Personas | Steps (emotion) |\n|--:|--:|--:|---|---|---|\n")
		for i, p := range r.Paths {
			var b strings.Builder
			for k, s := range p.Steps {
				if k > 0 {
					b.WriteString(" → ")
				}
				b.WriteString(mdCode(s))
				if k < len(p.Emotions) {
					b.WriteString(" (" + formatEmotion(p.Emotions[k]) + ")")
				}
			}
			ew.printf("| %d | %d | %d | %s at %s | %s | %s |\n", i+1, p.Cost, p.Barriers,
				formatEmotion(p.Lowest), mdCode(p.LowestStep), mdList(p.Personas), b.String())
		}
	}

	r.writeMarkdownFlow(ew)
}

func (r *Report) writeMarkdownFlow(ew *errWriter) {
	ew.printf("\n### Flow of customers\n\n")
	c := r.Flow
	if c == nil {
		ew.printf("No probabilities or counts: not computed.\n")
		return
	}
	ew.printf("Conversion **%s** (chance of reaching a goal); repeat %s (chance a converted customer reaches a goal again)", formatFloat(c.Conversion), formatFloat(c.Repeat))
	if c.Trapped > 0 {
		ew.printf("; trapped in loops %s", formatFloat(c.Trapped))
	}
	ew.printf(".\n")
	if c.Customers > 0 {
		ew.printf("Customers %s, converted %s.\n", formatFloat(c.Customers), formatFloat(c.Converted))
	}
	ew.printf("\nReach: chance of ever reaching; visits: expected visits; leave: share of customers whose journey ends there.\n")
	ew.printf("\n| Stage | Reach | Leave |\n|---|--:|--:|\n")
	for _, s := range c.Stages {
		ew.printf("| %s | %s | %s |\n", mdCode(s.Stage), formatFloat(s.Reach), formatFloat(s.Leave))
	}
	ew.printf("\n| Step | Reach | Visits | Leave |\n|---|--:|--:|--:|\n")
	for _, s := range c.Steps {
		ew.printf("| %s | %s | %s | %s |\n", mdCode(s.Step), formatFloat(s.Reach), formatFloat(s.Visits), formatFloat(s.Leave))
	}
	if len(c.Assumed) > 0 {
		ew.printf("\nAssumed an equal split at: %s.\n", mdList(c.Assumed))
	}
	if len(r.LikelyPaths) > 0 {
		ew.printf("\n### Likely paths\n\nThe chance an entering customer walks exactly the path to its first goal.\n\n| # | Probability | Steps |\n|--:|--:|---|\n")
		for i, p := range r.LikelyPaths {
			ew.printf("| %d | %s | %s |\n", i+1, formatFloat(p.Probability), strings.ReplaceAll(mdList(p.Steps), ", ", " → "))
		}
	}
	at := r.Attribution
	if at == nil {
		return
	}
	ew.printf("\n### Attribution\n\nRemoval effect: the share of conversions lost without the step (or touchpoint).\n")
	ew.printf("\n| Step | Removal effect | Share | Conversions |\n|---|--:|--:|--:|\n")
	for _, s := range at.Steps {
		ew.printf("| %s | %s | %s | %s |\n", mdCode(s.Step), formatFloat(s.RemovalEffect), formatFloat(s.Share), conversions(s.Conversions))
	}
	if at.TouchpointsCut {
		ew.printf("\nTouchpoints: not computed (too many for the work limit).\n")
		return
	}
	if len(at.Touchpoints) > 0 {
		ew.printf("\n| Touchpoint | Removal effect | Share | Conversions |\n|---|--:|--:|--:|\n")
		for _, s := range at.Touchpoints {
			ew.printf("| %s | %s | %s | %s |\n", mdCode(s.Touchpoint), formatFloat(s.RemovalEffect), formatFloat(s.Share), conversions(s.Conversions))
		}
	}
}
