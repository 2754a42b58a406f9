package journey_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
)

// threeSteps is a valid journey of three steps, each on lines of its own.
const threeSteps = `id: three
stages:
  - id: s
steps:
  - id: a
    stage: s
    emotion: 1
  - id: b
    stage: s
    emotion: 0
  - id: c
    stage: s
    emotion: -1
transitions:
  - {from: a, to: b}
  - {from: b, to: c}
entries: [a]
goals: [c]
`

// Lines of threeSteps.
const (
	lineStepA    = 5
	lineEmotionB = 10
	lineEmotionC = 13
)

func readThree(t *testing.T) (*journey.Journey, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "three.yaml")
	require.NoError(t, os.WriteFile(path, []byte(threeSteps), 0o600))
	j, err := journey.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, j.Validate())
	return j, path
}

func problems(t *testing.T, err error) journey.Problems {
	t.Helper()
	var ps journey.Problems
	require.True(t, errors.As(err, &ps), "want Problems, got %v", err)
	return ps
}

// The case of issue 10: delete steps[0], then break what is now steps[1]
// (the file's third step): the problem is on the third step's line.
func TestPositionsAfterDelete(t *testing.T) {
	j, path := readThree(t)
	j.Steps = slices.Delete(j.Steps, 0, 1)
	j.Entries = []string{"b"}
	j.Transitions = j.Transitions[1:]
	j.Steps[1].Emotion = 9
	ps := problems(t, j.Validate())
	require.Len(t, ps, 1)
	assert.Equal(t, journey.Problem{Code: "emotion-out-of-range", Path: "steps[1].emotion", File: path, Line: lineEmotionC, Column: 14, Message: ps[0].Message}, ps[0])
}

// A copy of the journey by value keeps every position.
func TestPositionsOfACopy(t *testing.T) {
	j, path := readThree(t)
	j.Steps[1].Emotion = 9
	k := *j
	ps := problems(t, k.Validate())
	require.Len(t, ps, 1)
	assert.Equal(t, path, ps[0].File)
	assert.Equal(t, lineEmotionB, ps[0].Line)
	assert.Equal(t, problems(t, j.Validate()), ps)
	assert.Equal(t, ps, problems(t, j.Clone().Validate()), "Clone keeps them too")
}

// Reordered steps keep their lines.
func TestPositionsAfterReorder(t *testing.T) {
	j, _ := readThree(t)
	slices.Reverse(j.Steps) // c, b, a
	j.Steps[0].Emotion = -7 // c
	j.Steps[2].Emotion = 7  // a
	ps := problems(t, j.Validate())
	require.Len(t, ps, 2)
	assert.Equal(t, "steps[2].emotion", ps[0].Path)
	assert.Equal(t, lineStepA+2, ps[0].Line)
	assert.Equal(t, "steps[0].emotion", ps[1].Path)
	assert.Equal(t, lineEmotionC, ps[1].Line)
}

// A step copied into another journey is placed in the file it came from;
// the other journey's own values in theirs; values built in Go nowhere.
func TestPositionsOfACopiedStep(t *testing.T) {
	from, fromPath := readThree(t)
	other := filepath.Join(t.TempDir(), "other.json")
	require.NoError(t, os.WriteFile(other, []byte(`{
  "id": "other",
  "stages": [{"id": "s"}],
  "steps": [{"id": "x", "stage": "s"}],
  "transitions": [{"from": "x", "to": "nowhere"}],
  "entries": ["x"], "goals": ["x"]
}`), 0o600))
	to, err := journey.ReadFile(other)
	require.NoError(t, err)

	step := from.Steps[2] // c
	step.Emotion = 5
	to.Steps = append(to.Steps, step, journey.Step{ID: "y", Stage: "gone"})
	ps := problems(t, to.Validate())
	require.Len(t, ps, 3, "%v", ps)
	want := map[string][3]any{
		"steps[1].emotion":  {fromPath, lineEmotionC, 14},
		"transitions[0].to": {other, 5, 39},
		"steps[2].stage":    {other, 0, 0}, // built in Go: the journey's file, no line
	}
	for _, p := range ps {
		w, ok := want[p.Path]
		require.True(t, ok, "unexpected %v", p)
		assert.Equal(t, w, [3]any{p.File, p.Line, p.Column}, p.Path)
	}
	// The step keeps its position in from as well.
	from.Steps[2].Emotion = 5
	ps = problems(t, from.Validate())
	assert.Equal(t, lineEmotionC, ps[0].Line)
}

// A problem in a list of plain values is placed by index while the list
// keeps its length; once elements are added or removed, at the list.
func TestPositionsOfPlainLists(t *testing.T) {
	j, _ := readThree(t)
	j.Goals = []string{"zz"}
	ps := problems(t, j.Validate())
	require.Len(t, ps, 1)
	assert.Equal(t, [2]int{18, 9}, [2]int{ps[0].Line, ps[0].Column}, "replaced in place: the element's place")
	j.Goals = []string{"c", "zz"}
	ps = problems(t, j.Validate())
	require.Len(t, ps, 1)
	assert.Equal(t, "goals[1]", ps[0].Path)
	assert.Equal(t, [2]int{0, 0}, [2]int{ps[0].Line, ps[0].Column}, "the list grew: no element's place is sure")
}

// Equal and StripPositions compare a journey read with one built in Go.
func TestEqualIgnoresPositions(t *testing.T) {
	j, _ := readThree(t)
	built := &journey.Journey{ID: "three", Stages: []journey.Stage{{ID: "s"}},
		Steps:       []journey.Step{{ID: "a", Stage: "s", Emotion: 1}, {ID: "b", Stage: "s"}, {ID: "c", Stage: "s", Emotion: -1}},
		Transitions: []journey.Transition{{From: "a", To: "b"}, {From: "b", To: "c"}},
		Entries:     []string{"a"}, Goals: []string{"c"}}
	assert.False(t, reflect.DeepEqual(j, built), "positions differ")
	assert.True(t, journey.Equal(j, built))
	built.Steps[1].Emotion = 1
	assert.False(t, journey.Equal(j, built))
	built.Steps[1].Emotion = 0
	c := j.Clone()
	c.StripPositions()
	assert.True(t, reflect.DeepEqual(c, built))
	assert.False(t, j.Position.IsZero(), "StripPositions of a clone leaves the original")
}

// ForPersona's view keeps the positions of what it keeps.
func TestPositionsOfAPersonaView(t *testing.T) {
	j, path := readThree(t)
	j.Personas = append(j.Personas, persona.Persona{ID: "p"})
	j.Steps[0].Personas = []string{"nobody-else"} // a is not p's: the view drops it
	v := j.ForPersona("p")
	v.Entries = []string{"b"}
	v.Steps[1].Emotion = 9 // c, now steps[1]
	ps := problems(t, v.Validate())
	require.Len(t, ps, 1, "%v", ps)
	assert.Equal(t, journey.Problem{Code: journey.CodeEmotionOutOfRange, Path: "steps[1].emotion", File: path, Line: lineEmotionC, Column: 14, Message: ps[0].Message}, ps[0])
}
