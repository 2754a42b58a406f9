package journeytest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
)

// names describes the elements of a journey in words, for failure messages.
type names struct {
	j           *journey.Journey
	steps       map[string]int
	stages      map[string]int
	personas    map[string]int
	touchpoints map[string]int
}

func newNames(j *journey.Journey) *names {
	n := &names{
		j:           j,
		steps:       make(map[string]int, len(j.Steps)),
		stages:      make(map[string]int, len(j.Stages)),
		personas:    make(map[string]int, len(j.Personas)),
		touchpoints: make(map[string]int, len(j.Touchpoints)),
	}
	// The first of each ID wins, as in Validate (a valid journey has no
	// duplicates anyway).
	for i := len(j.Steps) - 1; i >= 0; i-- {
		n.steps[j.Steps[i].ID] = i
	}
	for i := len(j.Stages) - 1; i >= 0; i-- {
		n.stages[j.Stages[i].ID] = i
	}
	for i := len(j.Personas) - 1; i >= 0; i-- {
		n.personas[j.Personas[i].ID] = i
	}
	for i := len(j.Touchpoints) - 1; i >= 0; i-- {
		n.touchpoints[j.Touchpoints[i].ID] = i
	}
	return n
}

// step describes a step by its action, ID and stage:
// "pays" (step pay, stage "Checkout").
func (n *names) step(id string) string {
	i, ok := n.steps[id]
	if !ok {
		return "step " + id
	}
	s := &n.j.Steps[i]
	where := "step " + id
	if s.Stage != "" {
		where += ", " + n.stage(s.Stage)
	}
	if s.Action == "" {
		return where
	}
	return fmt.Sprintf("%q (%s)", s.Action, where)
}

// stage describes a stage by its name: stage "Checkout", or by its ID if
// it has no name: stage checkout.
func (n *names) stage(id string) string {
	if i, ok := n.stages[id]; ok && n.j.Stages[i].Name != "" {
		return fmt.Sprintf("stage %q", n.j.Stages[i].Name)
	}
	return "stage " + id
}

// persona describes a persona by its name and ID: Buyer (persona buyer).
func (n *names) persona(id string) string {
	if i, ok := n.personas[id]; ok && n.j.Personas[i].Name != "" {
		return fmt.Sprintf("%s (persona %s)", n.j.Personas[i].Name, id)
	}
	return "persona " + id
}

// touchpoint describes a touchpoint by its name and ID: "Site" (touchpoint site).
func (n *names) touchpoint(id string) string {
	if i, ok := n.touchpoints[id]; ok && n.j.Touchpoints[i].Name != "" {
		return fmt.Sprintf("%q (touchpoint %s)", n.j.Touchpoints[i].Name, id)
	}
	return "touchpoint " + id
}

// forPersonas says for whom a finding holds: "" when it holds for all
// customers (an empty ID among ps), " for Buyer (persona buyer) and ..."
// otherwise.
func (n *names) forPersonas(ps []string) string {
	if len(ps) == 0 || slices.Contains(ps, "") {
		return ""
	}
	ws := make([]string, len(ps))
	for i, p := range ps {
		ws[i] = n.persona(p)
	}
	return " for " + andList(ws)
}

// andList joins words as "a", "a and b", "a, b and c".
func andList(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

// barrier describes a barrier by its severity and description:
// the high barrier "slow site".
func barrier(sev journey.Severity, description string) string {
	if sev == journey.Blocker {
		return fmt.Sprintf("the blocker %q", description)
	}
	return fmt.Sprintf("the %s barrier %q", sev, description)
}

// view is the report for all customers (persona "") or for one persona.
type view struct {
	persona string
	r       *analysis.Report
}

// views returns the report for all customers, then the report of each
// persona in the journey's order.
func (n *names) views(r *analysis.Report) []view {
	vs := []view{{"", r}}
	for _, p := range n.j.Personas {
		if pr := r.Personas[p.ID]; pr != nil && !slices.ContainsFunc(vs, func(v view) bool { return v.persona == p.ID }) {
			vs = append(vs, view{p.ID, pr})
		}
	}
	return vs
}

// finding is one finding and the views it was found in.
type finding[K comparable] struct {
	key      K
	personas []string // "" for all customers
}

// collect gathers the findings that each view lists, keeping each once with
// the views it appears in, sorted by compare (the journey's order).
func collect[K comparable](vs []view, list func(*analysis.Report) []K, compare func(a, b K) int) []finding[K] {
	var fs []finding[K]
	at := map[K]int{}
	for _, v := range vs {
		for _, k := range list(v.r) {
			i, ok := at[k]
			if !ok {
				i = len(fs)
				at[k] = i
				fs = append(fs, finding[K]{key: k})
			}
			if !slices.Contains(fs[i].personas, v.persona) {
				fs[i].personas = append(fs[i].personas, v.persona)
			}
		}
	}
	slices.SortStableFunc(fs, func(a, b finding[K]) int { return compare(a.key, b.key) })
	return fs
}
