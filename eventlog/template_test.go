package eventlog

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/journeymap/journeymap/journey"
)

func events(rows ...string) *SliceReader {
	var es []Event
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, r := range rows {
		f := strings.Split(r, " ")
		e := Event{Case: f[0], Activity: f[1], Time: base.Add(time.Duration(i) * time.Minute)}
		if len(f) > 2 {
			e.Segment = f[2]
		}
		es = append(es, e)
	}
	return &SliceReader{Events: es}
}

func TestTemplateReportsWhatDoesNotMatch(t *testing.T) {
	tmpl := designed()
	log := events(
		"1 ad families", "1 site", "1 buy", "1 chat", // chat is no step
		"2 site corporate", "2 store", "2 buy", // starts at site (no entry); store is families' only
		"3 ad students", // a segment the template lacks
	)
	j, sum, err := Mine(log, Options{Template: tmpl})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Validate(); err != nil {
		t.Fatal(err)
	}
	u := sum.Unmatched
	if !slices.Equal(u.Activities, []ActivityCount{{"chat", 1}}) {
		t.Errorf("activities %v", u.Activities)
	}
	wantTr := []PairCount{{Pair{"buy", "chat"}, 1}, {Pair{"site", "store"}, 1}, {Pair{"store", "buy"}, 1}}
	if !slices.Equal(u.Transitions, wantTr) {
		t.Errorf("transitions %v", u.Transitions)
	}
	if !slices.Equal(u.Starts, []ActivityCount{{"site", 1}}) {
		t.Errorf("starts %v", u.Starts)
	}
	if !slices.Equal(u.Segments, []string{"students"}) {
		t.Errorf("segments %v", u.Segments)
	}
	// store is the families' only: the corporate customer's visit is left
	// out of its counts and reported, so no event is counted there.
	if !slices.Equal(u.UnvisitedSteps, []string{"store", "delivery", "review"}) {
		t.Errorf("unvisited %v", u.UnvisitedSteps)
	}
	if !slices.Equal(u.OffPersona, []PersonaActivityCount{{"corporate", "store", 1}}) {
		t.Errorf("off persona %v", u.OffPersona)
	}
	if s := j.Steps[2]; s.ID != "store" || s.Count != 0 || len(s.Counts) != 1 || s.Counts["families"] != 0 {
		t.Errorf("store %+v, want counted 0 for families alone", s)
	}
	if len(u.UnobservedTransitions) != 6 {
		t.Errorf("unobserved %v", u.UnobservedTransitions)
	}
	// The designed steps, stages and goals are kept; the new segment is a
	// persona with its share.
	if len(j.Steps) != 6 || len(j.Stages) != 4 || !slices.Equal(j.Goals, []string{"buy"}) {
		t.Errorf("steps %d stages %d goals %v", len(j.Steps), len(j.Stages), j.Goals)
	}
	if p := j.Personas[len(j.Personas)-1]; p.ID != "students" || p.Share != 1.0/3 {
		t.Errorf("added persona %+v", p)
	}
	var b bytes.Buffer
	sum.WriteText(&b)
	for _, want := range []string{`activity "chat" is no step (1 events)`, `1 cases start at "site", which is no entry`, `segment "students" is no persona`,
		`step "store" does not apply to persona "corporate", whose 1 events there are left out`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}

func TestNoiseControl(t *testing.T) {
	log := func() *SliceReader {
		return events("1 a", "1 a", "1 b", "1 c", "2 a", "2 b", "3 a", "3 c", "4 a", "4 d", "5 z")
	}
	j, sum, err := Mine(log(), Options{MinCount: 2})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range j.Steps {
		ids = append(ids, s.ID)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"a", "b", "c"}) || len(sum.DroppedActivities) != 2 {
		t.Fatalf("steps %v, dropped %v", ids, sum.DroppedActivities)
	}
	if len(j.Transitions) != 1 || j.Transitions[0].From != "a" || j.Transitions[0].To != "b" || j.Transitions[0].Count != 2 {
		t.Fatalf("transitions %+v (dropped %v)", j.Transitions, sum.DroppedPairs)
	}
	// Collapse merges a a into one a.
	j, sum, _ = Mine(log(), Options{Collapse: true})
	if sum.Read.Collapsed != 1 || j.Steps[0].ID != "a" || j.Steps[0].Count != 4 {
		t.Fatalf("collapse: %d collapsed, %+v", sum.Read.Collapsed, j.Steps[0])
	}
	// Top 1 successor of a: b (2 moves) beats c and d (1 each).
	j, sum, _ = Mine(log(), Options{TopSuccessors: 1})
	for _, tr := range j.Transitions {
		if tr.From == "a" && tr.To != "b" {
			t.Fatalf("top 1 kept %s -> %s", tr.From, tr.To)
		}
	}
	if !slices.Equal(sum.DroppedPairs, []PairCount{{Pair{"a", "a"}, 1}, {Pair{"a", "c"}, 1}, {Pair{"a", "d"}, 1}}) {
		t.Fatalf("dropped %v", sum.DroppedPairs)
	}
	if err := j.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestWindow(t *testing.T) {
	// Events a minute apart: with a 90 s window, case 1 keeps a and b and
	// misses buy; case 2 buys a minute after it starts.
	j, sum, err := Mine(events("1 a", "1 b", "1 buy", "2 a", "2 buy"), Options{Goals: []string{"buy"}, Window: 90 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if j.Observed.Converted != 1 || sum.Read.OutsideWindow != 1 {
		t.Fatalf("converted %d, outside %d", j.Observed.Converted, sum.Read.OutsideWindow)
	}
	j, _, _ = Mine(events("1 a", "1 b", "1 buy", "2 a", "2 buy"), Options{Goals: []string{"buy"}, Window: 3 * time.Minute})
	if j.Observed.Converted != 2 {
		t.Fatalf("converted %d", j.Observed.Converted)
	}
}

func TestStages(t *testing.T) {
	j, _, _ := Mine(events("1 a", "1 buy", "1 deliver", "1 review", "2 a", "2 b", "2 c", "2 d"), Options{Goals: []string{"buy"}})
	want := []string{"a:first-contact", "b:consideration", "c:consideration", "d:consideration", "buy:goal", "deliver:after-goal", "review:after-goal"}
	if got := stageIDs(j); !slices.Equal(got, want) {
		t.Fatalf("%v", got)
	}
	if j.Stages[3].Phase != journey.Loyalty {
		t.Fatalf("%+v", j.Stages)
	}
	// Without a goal, the activity most cases end at is the goal.
	j, sum, _ := Mine(events("1 a", "1 b", "1 c", "2 a", "2 c", "3 b"), Options{})
	if sum.ChosenGoal != "c" || !slices.Equal(j.Goals, []string{"c"}) || j.Observed.Converted != 2 {
		t.Fatalf("chosen %q goals %v observed %+v", sum.ChosenGoal, j.Goals, j.Observed)
	}
	if err := j.Validate(); err != nil {
		t.Fatal(err)
	}
}

func stageIDs(j *journey.Journey) []string {
	var out []string
	for _, s := range j.Steps {
		out = append(out, s.ID+":"+s.Stage)
	}
	return out
}

func TestGoalNotFoundAndEntryKept(t *testing.T) {
	_, _, err := Mine(events("1 a", "1 b"), Options{Goals: []string{"buy"}})
	var ps Problems
	if !errors.As(err, &ps) || ps[0].Code != CodeGoalNotFound || !strings.Contains(ps[0].Message, `"buy"`) {
		t.Fatalf("%v", err)
	}
	// MinCount would drop every start: the most frequent one stays, so
	// that the journey has an entry.
	j, _, err := Mine(events("1 a", "1 b", "2 c", "2 b", "3 d", "3 b"), Options{Goals: []string{"b"}, MinCount: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(j.Entries, []string{"a"}) {
		t.Fatalf("entries %v", j.Entries)
	}
	if err := j.Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestTemplateGoalsAndExits: goals and exits asked for that are no step of
// the template are left out and reported as such (not as never seen);
// those that are steps join the template's goals, and the conversion
// figures count the same goals as the journey lists.
func TestTemplateGoalsAndExits(t *testing.T) {
	log := func() *SliceReader {
		return events("1 ad", "1 site", "1 buy", "1 chat", "2 ad", "2 site", "2 delivery", "3 ad", "3 chat")
	}
	j, sum, err := Mine(log(), Options{Template: designed(), Goals: []string{"chat"}, Exits: []string{"chat"}})
	if err != nil {
		t.Fatal(err)
	}
	u := sum.Unmatched
	if !slices.Equal(u.Goals, []string{"chat"}) || !slices.Equal(u.Exits, []string{"chat"}) {
		t.Errorf("unmatched goals %v, exits %v", u.Goals, u.Exits)
	}
	if len(sum.MissingGoals) != 0 || len(sum.MissingExits) != 0 {
		t.Errorf("missing goals %v, exits %v: chat occurs, it is no step", sum.MissingGoals, sum.MissingExits)
	}
	if !slices.Equal(j.Goals, []string{"buy"}) || len(j.Exits) != 0 || j.Observed.Converted != 1 || sum.Converted != 1 {
		t.Errorf("goals %v exits %v, converted %d (summary %d), want buy's 1", j.Goals, j.Exits, j.Observed.Converted, sum.Converted)
	}
	var b bytes.Buffer
	sum.WriteText(&b)
	for _, want := range []string{`goal "chat" is no step: left out`, `exit "chat" is no step: left out`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
	// A goal that is a step joins the template's: cases 1 (buy) and 2
	// (delivery) convert.
	j, sum, err = Mine(log(), Options{Template: designed(), Goals: []string{"delivery"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(j.Goals, []string{"buy", "delivery"}) || j.Observed.Converted != 2 || sum.Unmatched.Goals != nil {
		t.Errorf("goals %v, converted %d, unmatched %v", j.Goals, j.Observed.Converted, sum.Unmatched.Goals)
	}
	if got := CountedGoals([]string{"delivery", "chat", "buy"}, designed()); !slices.Equal(got, []string{"buy", "delivery"}) {
		t.Errorf("CountedGoals %v", got)
	}
	if got := CountedGoals([]string{"chat"}, nil); !slices.Equal(got, []string{"chat"}) {
		t.Errorf("CountedGoals without a template %v", got)
	}
}

// TestTemplateRefusesNoiseControl: a template's steps and transitions are
// the design's, so the minimum count and the top successors, which drop
// steps and transitions, are refused with it rather than ignored.
func TestTemplateRefusesNoiseControl(t *testing.T) {
	for _, o := range []Options{{MinCount: 2}, {TopSuccessors: 1}} {
		o.Template = designed()
		_, _, err := Mine(events("1 ad", "1 site", "1 buy"), o)
		var ps Problems
		if !errors.As(err, &ps) || ps[0].Code != CodeBadOptions {
			t.Errorf("%+v: %v, want bad-options", o, err)
		}
	}
}

// TestMinCountCountsEveryDroppedMove: the moves to and from a dropped
// activity are dropped pairs too, so that the kept and the dropped moves
// add up to all of them.
func TestMinCountCountsEveryDroppedMove(t *testing.T) {
	for _, min := range []int64{2, 3, 100} {
		log := events("1 s", "1 a", "1 g", "2 s", "2 a", "2 g", "3 s", "3 d", "3 g", "4 s", "4 a")
		j, sum, err := Mine(log, Options{MinCount: min, Goals: []string{"g"}})
		if err != nil {
			t.Fatal(err)
		}
		var kept, dropped int64
		for _, tr := range j.Transitions {
			kept += tr.Count
		}
		for _, p := range sum.DroppedPairs {
			dropped += p.Count
		}
		if kept+dropped != 7 {
			t.Errorf("min %d: %d moves kept and %d dropped, want 7 in all (dropped %v)", min, kept, dropped, sum.DroppedPairs)
		}
	}
}

// TestTemplateKeepsTransitionPersonasWithoutSegments: a log without
// segments cannot say whose moves they are, so a template transition's
// personas stay as designed.
func TestTemplateKeepsTransitionPersonasWithoutSegments(t *testing.T) {
	j, _, err := Mine(events("1 ad", "1 store", "1 buy", "2 ad", "2 site", "2 buy"), Options{Template: designed()})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range j.Transitions {
		if tr.From == "ad" && tr.To == "store" && (len(tr.Personas) != 1 || tr.Personas[0] != "families" || tr.Count != 1) {
			t.Errorf("ad -> store: %+v, want the families' own with its count", tr)
		}
	}
	if err := j.Validate(); err != nil {
		t.Fatal(err)
	}
}
