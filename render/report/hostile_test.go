package report_test

import (
	"fmt"
	"html"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/render/report"
	"github.com/journeymap/journeymap/touchpoint"
)

// buildHostile builds a valid journey with numbers (so that every section
// is shown) whose every text, IDs included, is next().
func buildHostile(next func() string) *journey.Journey {
	ids := make([]string, 9)
	for i := range ids {
		ids[i] = next()
	}
	p1, p2, tp, s1, s2, a, b, c, d := ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7], ids[8]
	j := &journey.Journey{
		ID: next(), Name: next(), Purpose: next(),
		Personas: []persona.Persona{
			{ID: p1, Name: next(), Description: next(), Goals: []string{next()}, Needs: []string{next()},
				Motives: []string{next()}, Budget: next(), Share: 0.5,
				Segment:  persona.Segment{Name: next(), Age: next(), Income: next(), Location: next(), Family: next(), Occupation: next()},
				Criteria: []persona.Criterion{{Name: next(), Weight: 2, Description: next()}}},
			{ID: p2, Name: next(), Share: 0.5},
		},
		Touchpoints: []touchpoint.Touchpoint{{ID: tp, Name: next(), Channel: touchpoint.Channel(next()),
			Mode: touchpoint.Online, Control: touchpoint.Indirect, Owner: next(), Importance: 3}},
		Stages: []journey.Stage{
			{ID: s1, Name: next(), Phase: journey.Awareness, Goal: next(), Expectations: []string{next()}, Questions: []string{next()}},
			{ID: s2, Name: next(), Phase: journey.Purchase, Goal: next()},
		},
		Steps: []journey.Step{
			{ID: a, Stage: s1, Touchpoint: tp, Action: next(), Emotion: 1, Thoughts: []string{next()},
				Barriers:      []journey.Barrier{{Description: next(), Severity: journey.High, Kind: next(), Personas: []string{p1}}},
				Opportunities: []string{next()}, Count: 100},
			{ID: b, Stage: s1, Action: next(), Emotion: -2, Personas: []string{p2}, Count: 40},
			{ID: c, Stage: s2, Touchpoint: tp, Action: next(), Emotion: 2, Count: 50},
			{ID: d, Stage: s2, Action: next(), Emotion: 0, Personas: []string{p1}},
		},
		Transitions: []journey.Transition{
			{From: a, To: b, Count: 40, Label: next()},
			{From: a, To: c, Count: 50, Label: next()},
			{From: b, To: a, Count: 10, Label: next()},
			{From: c, To: d, Count: 5},
		},
		Entries: []string{a}, Goals: []string{c},
		Observed: &journey.Observed{Cases: 10, Converted: 2, ConvertTime: &journey.Timing{Median: 60, P90: 120},
			Segments: []journey.ObservedSegment{{Persona: p1, Cases: 5, Converted: 1}}},
	}
	return j
}

// TestHostileEveryText: every string of the hostile journey is a payload,
// and each is shown on the page escaped, never as markup.
func TestHostileEveryText(t *testing.T) {
	j := hostileJourney()
	// Every kind of text (a field, whatever its index) is a payload
	// somewhere.
	texts := map[string]string{}
	collectStrings(reflect.ValueOf(j).Elem(), "journey", texts)
	kinds := map[string]bool{}
	index := regexp.MustCompile(`\[\d+\]`)
	for path, s := range texts {
		kind := index.ReplaceAllString(path, "[]")
		kinds[kind] = kinds[kind] || strings.Contains(s, " #")
	}
	for kind, ok := range kinds {
		if !ok {
			t.Errorf("%s is never a payload in the hostile journey", kind)
		}
	}
	page := write(t, j, report.Options{})
	for _, bad := range []string{"<img", "<svg onload", "onerror=\"", "<a href=\"javascript", "<script>window"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page has %q unescaped", bad)
		}
	}
	// Names and actions are shown (escaped) on the page.
	for _, s := range []string{j.Name, j.Purpose, j.Personas[0].Name, j.Personas[0].Criteria[0].Name, j.Steps[0].Barriers[0].Description} {
		if !strings.Contains(page, html.EscapeString(s)) && !strings.Contains(page, strings.ReplaceAll(html.EscapeString(s), "&#34;", "&quot;")) {
			t.Errorf("the page does not show %q", s)
		}
	}
}

// collectStrings puts every string in v (and every string-typed value
// that is set) in out by its path.
func collectStrings(v reflect.Value, path string, out map[string]string) {
	switch v.Kind() {
	case reflect.String:
		if v.String() != "" || v.Type() == reflect.TypeOf("") {
			out[path] = v.String()
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.IsExported() && f.Name != "Position" && f.Name != "Phase" && f.Name != "Severity" && f.Name != "Mode" && f.Name != "Control" {
				collectStrings(v.Field(i), path+"."+f.Name, out)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			collectStrings(v.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			collectStrings(v.Elem(), path, out)
		}
	}
}
