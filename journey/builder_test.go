package journey_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// webshopBuilder is the builder of the example.
func webshopBuilder() *journey.Builder {
	return journey.New("webshop").Name("Web shop").Purpose("raise conversion").
		Persona(persona.Persona{ID: "buyer", Name: "Buyer"}).
		Touchpoint(touchpoint.Touchpoint{ID: "site", Name: "Site", Mode: touchpoint.Online, Control: touchpoint.Direct}).
		Stage("browse", "Browse").Stage("buy", "Buy").
		Step("land", "browse", "site", "lands on the home page").Emotion(1).Barrier(journey.High, "slow site").
		Step("pay", "buy", "site", "pays").
		Edge("land", "pay").P(0.4).Label("adds to cart").
		Entry("land").Goal("pay")
}

// webshopLiteral is the same journey as a struct literal.
func webshopLiteral() *journey.Journey {
	return &journey.Journey{
		ID: "webshop", Name: "Web shop", Purpose: "raise conversion",
		Personas:    []persona.Persona{{ID: "buyer", Name: "Buyer"}},
		Touchpoints: []touchpoint.Touchpoint{{ID: "site", Name: "Site", Mode: touchpoint.Online, Control: touchpoint.Direct}},
		Stages:      []journey.Stage{{ID: "browse", Name: "Browse"}, {ID: "buy", Name: "Buy"}},
		Steps: []journey.Step{
			{ID: "land", Stage: "browse", Touchpoint: "site", Action: "lands on the home page", Emotion: 1,
				Barriers: []journey.Barrier{{Description: "slow site", Severity: journey.High}}},
			{ID: "pay", Stage: "buy", Touchpoint: "site", Action: "pays"},
		},
		Transitions: []journey.Transition{{From: "land", To: "pay", Probability: 0.4, Label: "adds to cart"}},
		Entries:     []string{"land"},
		Goals:       []string{"pay"},
	}
}

func problemsOf(t *testing.T, err error) journey.Problems {
	t.Helper()
	var ps journey.Problems
	require.True(t, errors.As(err, &ps), "error %v is not journey.Problems", err)
	return ps
}

func TestBuilderMatchesLiteral(t *testing.T) {
	j, err := webshopBuilder().Build()
	require.NoError(t, err)
	assert.Equal(t, webshopLiteral(), j)
	assert.NoError(t, webshopLiteral().Validate())
}

func TestBuilderEveryField(t *testing.T) {
	j, err := journey.New("sofa").
		Persona(persona.Persona{ID: "family", Name: "Family"}).
		Persona(persona.Persona{ID: "corp", Name: "Corporate"}).
		Touchpoint(touchpoint.Touchpoint{ID: "store"}).
		Stage("choose", "Choosing").Phase(journey.Consideration).StageGoal("find a sofa").
		Expectation("fabric samples", "advice").Question("will it fit?").Question("is it washable?").
		Stage("buy", "Buying").Phase(journey.Purchase).
		Step("visit", "choose", "store", "visits the store").For("family").
		Emotion(-1).Thought("so many models").Opportunity("a fabric guide").
		Barrier(journey.Medium, "no parking").Kind("access").For("family").
		Barrier(journey.Low, "queue").Emotion(-2).Thought("still waiting").
		Step("order", "buy", "", "orders").
		Step("quote", "buy", "", "asks a quote").For("corp").
		Edge("visit", "order").Count(30).Label("decides").
		Edge("visit", "quote").For("corp").P(0.5).
		Entry("visit").Goal("order").Exit("quote").
		Build()
	require.NoError(t, err)
	want := &journey.Journey{
		ID:          "sofa",
		Personas:    []persona.Persona{{ID: "family", Name: "Family"}, {ID: "corp", Name: "Corporate"}},
		Touchpoints: []touchpoint.Touchpoint{{ID: "store"}},
		Stages: []journey.Stage{
			{ID: "choose", Name: "Choosing", Phase: journey.Consideration, Goal: "find a sofa",
				Expectations: []string{"fabric samples", "advice"}, Questions: []string{"will it fit?", "is it washable?"}},
			{ID: "buy", Name: "Buying", Phase: journey.Purchase},
		},
		Steps: []journey.Step{
			{ID: "visit", Stage: "choose", Touchpoint: "store", Action: "visits the store", Personas: []string{"family"},
				Emotion: -2, Thoughts: []string{"so many models", "still waiting"}, Opportunities: []string{"a fabric guide"},
				Barriers: []journey.Barrier{
					{Description: "no parking", Severity: journey.Medium, Kind: "access", Personas: []string{"family"}},
					{Description: "queue", Severity: journey.Low},
				}},
			{ID: "order", Stage: "buy", Action: "orders"},
			{ID: "quote", Stage: "buy", Action: "asks a quote", Personas: []string{"corp"}},
		},
		Transitions: []journey.Transition{
			{From: "visit", To: "order", Count: 30, Label: "decides"},
			{From: "visit", To: "quote", Personas: []string{"corp"}, Probability: 0.5},
		},
		Entries: []string{"visit"},
		Goals:   []string{"order"},
		Exits:   []string{"quote"},
	}
	assert.Equal(t, want, j)
}

func TestBuilderForwardReferences(t *testing.T) {
	// Edges, entries and goals may name steps, and steps stages and
	// touchpoints, that are added later.
	j, err := journey.New("late").
		Entry("a").Goal("b").
		Edge("a", "b").
		Step("a", "s", "t", "").Step("b", "s", "", "").
		Stage("s", "S").Touchpoint(touchpoint.Touchpoint{ID: "t"}).
		Build()
	require.NoError(t, err)
	assert.Len(t, j.Steps, 2)
}

func TestBuilderMistakes(t *testing.T) {
	_, err := journey.New("broken").
		Emotion(1). // no step yet
		Stage("s", "S").
		Step("a", "s", "", "starts").Emotion(3).Barrier("huge", "slow site").
		Step("a", "s", "", "again"). // duplicate ID
		Step("b", "nowhere", "kiosk", "ends").
		P(0.5). // a step is no edge
		Edge("a", "b").Emotion(-1).Kind("price").P(1.5).
		Edge("a", "ghost").Phase(journey.Awareness).
		Entry("a").Goal("b", "b").
		Build()
	ps := problemsOf(t, err)

	type cp struct{ Code, Path string }
	var got []cp
	for _, p := range ps {
		assert.Zero(t, p.Line, p.Error())
		assert.Zero(t, p.Column, p.Error())
		got = append(got, cp{string(p.Code), p.Path})
	}
	assert.Equal(t, []cp{
		{"misplaced-modifier", ""},
		{"misplaced-modifier", ""},
		{"misplaced-modifier", ""},
		{"misplaced-modifier", ""},
		{"misplaced-modifier", ""},
		{"duplicate-goal", "goals[1]"},
		{"unknown-severity", "steps[0].barriers[0].severity"},
		{"emotion-out-of-range", "steps[0].emotion"},
		{"duplicate-id", "steps[1].id"},
		{"unknown-stage", "steps[2].stage"},
		{"unknown-touchpoint", "steps[2].touchpoint"},
		{"probability-out-of-range", "transitions[0].probability"},
		{"unknown-step", "transitions[1].to"},
	}, got)

	// The builder's own mistakes come in call order and name the call and
	// the one before it.
	assert.Equal(t, []string{
		`Emotion(1) follows the start of the chain; it must follow Step or a Barrier`,
		`P(0.5) follows Step("b", "nowhere", "kiosk", "ends"); it must follow Edge`,
		`Emotion(-1) follows Edge("a", "b"); it must follow Step or a Barrier`,
		`Kind("price") follows Edge("a", "b"); it must follow Barrier`,
		`Phase("awareness") follows Edge("a", "ghost"); it must follow Stage`,
	}, messages(ps[:5]))
}

func messages(ps journey.Problems) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Message)
	}
	return out
}

func TestBuilderMisplacedEachModifier(t *testing.T) {
	// Each modifier, called right after an element it cannot modify,
	// records one misplaced-modifier and changes nothing.
	mods := map[string]func(*journey.Builder) *journey.Builder{
		"Phase":       func(b *journey.Builder) *journey.Builder { return b.Phase(journey.Awareness) },
		"StageGoal":   func(b *journey.Builder) *journey.Builder { return b.StageGoal("g") },
		"Expectation": func(b *journey.Builder) *journey.Builder { return b.Expectation("e") },
		"Question":    func(b *journey.Builder) *journey.Builder { return b.Question("q") },
		"Emotion":     func(b *journey.Builder) *journey.Builder { return b.Emotion(1) },
		"Thought":     func(b *journey.Builder) *journey.Builder { return b.Thought("t") },
		"Opportunity": func(b *journey.Builder) *journey.Builder { return b.Opportunity("o") },
		"Barrier":     func(b *journey.Builder) *journey.Builder { return b.Barrier(journey.Low, "b") },
		"Kind":        func(b *journey.Builder) *journey.Builder { return b.Kind("k") },
		"P":           func(b *journey.Builder) *journey.Builder { return b.P(0.5) },
		"Count":       func(b *journey.Builder) *journey.Builder { return b.Count(3) },
		"Label":       func(b *journey.Builder) *journey.Builder { return b.Label("l") },
		"For":         func(b *journey.Builder) *journey.Builder { return b.For("p") },
	}
	// after: the element added before the modifier, and which modifiers
	// are fine there.
	afters := []struct {
		name string
		add  func(*journey.Builder) *journey.Builder
		ok   []string
	}{
		{"start", func(b *journey.Builder) *journey.Builder { return b }, nil},
		{"Persona", func(b *journey.Builder) *journey.Builder { return b.Persona(persona.Persona{ID: "p"}) }, nil},
		{"Touchpoint", func(b *journey.Builder) *journey.Builder { return b.Touchpoint(touchpoint.Touchpoint{ID: "t"}) }, nil},
		{"Stage", func(b *journey.Builder) *journey.Builder { return b.Stage("s2", "") },
			[]string{"Phase", "StageGoal", "Expectation", "Question"}},
		{"Step", func(b *journey.Builder) *journey.Builder { return b.Step("x", "s", "", "") },
			[]string{"Emotion", "Thought", "Opportunity", "Barrier", "For"}},
		{"Barrier", func(b *journey.Builder) *journey.Builder { return b.Step("x", "s", "", "").Barrier(journey.High, "h") },
			[]string{"Emotion", "Thought", "Opportunity", "Barrier", "Kind", "For"}},
		{"Edge", func(b *journey.Builder) *journey.Builder { return b.Edge("a", "b") },
			[]string{"P", "Count", "Label", "For"}},
		{"Entry", func(b *journey.Builder) *journey.Builder { return b.Entry("a") }, nil},
		{"Goal", func(b *journey.Builder) *journey.Builder { return b.Goal("b") }, nil},
		{"Exit", func(b *journey.Builder) *journey.Builder { return b.Exit() }, nil},
	}
	base := func() *journey.Builder {
		return journey.New("j").Persona(persona.Persona{ID: "p"}).Stage("s", "").
			Step("a", "s", "", "").Step("b", "s", "", "").Entry("a").Goal("b")
	}
	for _, af := range afters {
		for name, mod := range mods {
			t.Run(af.name+"/"+name, func(t *testing.T) {
				ok := false
				for _, o := range af.ok {
					ok = ok || o == name
				}
				b := af.add(base())
				before := b.Draft()
				_, err := mod(b).Build()
				n := 0
				if err != nil {
					for _, p := range problemsOf(t, err) {
						if p.Code == journey.CodeMisplacedModifier {
							n++
						}
					}
				}
				if ok {
					assert.Zero(t, n, "%s after %s", name, af.name)
				} else {
					assert.Equal(t, 1, n, "%s after %s", name, af.name)
					assert.Equal(t, before, b.Draft(), "a misplaced %s changed the journey", name)
				}
			})
		}
	}
}

func TestBuilderNil(t *testing.T) {
	var b *journey.Builder
	assert.NotPanics(t, func() {
		b = b.Name("n").Purpose("p").Persona(persona.Persona{}).Touchpoint(touchpoint.Touchpoint{}).
			Stage("s", "").Phase("").StageGoal("").Expectation().Question().
			Step("a", "s", "", "").Emotion(9).Thought().Opportunity().Barrier("", "").Kind("").For().
			Edge("a", "a").P(2).Count(-1).Label("").Entry().Goal().Exit()
	})
	assert.Nil(t, b.Draft())
	j, err := b.Build()
	assert.Nil(t, j)
	assert.Equal(t, []string{string(journey.CodeNilBuilder)}, problemsOf(t, err).Codes())
}

func TestBuilderZeroValue(t *testing.T) {
	var b journey.Builder
	_, err := b.Stage("s", "").Step("a", "s", "", "").Entry("a").Goal("a").Build()
	assert.Equal(t, []string{"missing-id"}, problemsOf(t, err).Codes())
}

func TestBuilderBuildCopies(t *testing.T) {
	p := persona.Persona{ID: "buyer", Goals: []string{"cheap"}}
	thoughts := []string{"hm"}
	b := journey.New("j").Persona(p).Stage("s", "").
		Step("a", "s", "", "").Thought(thoughts...).Step("b", "s", "", "").
		Edge("a", "b").For("buyer").Entry("a").Goal("b")
	p.Goals[0] = "changed"
	thoughts[0] = "changed"

	as, err := b.Build()
	require.NoError(t, err)
	assert.Equal(t, []string{"cheap"}, as.Personas[0].Goals)
	assert.Equal(t, []string{"hm"}, as.Steps[0].Thoughts)

	// Changing the built journey does not change the builder, and the
	// builder goes on after Build.
	as.Steps[0].Thoughts[0] = "mutated"
	as.Transitions[0].Personas[0] = "mutated"
	tobe, err := b.Step("c", "s", "", "").Edge("a", "c").Goal("c").Build()
	require.NoError(t, err)
	assert.Equal(t, []string{"hm"}, tobe.Steps[0].Thoughts)
	assert.Equal(t, []string{"buyer"}, tobe.Transitions[0].Personas)
	assert.Len(t, as.Steps, 2)
	assert.Len(t, tobe.Steps, 3)
	assert.Equal(t, []string{"b", "c"}, tobe.Goals)
}

// TestBuilderRandom drives the builder with random call sequences, many of
// them wrong, and checks that it never panics, that Build agrees with
// Validate on the draft, and that the misplaced modifiers counted by a
// simple model of the rules are exactly those reported.
func TestBuilderRandom(t *testing.T) {
	ids := []string{"", "a", "b", "c", "s", "t", "p"}
	sevs := []journey.Severity{journey.Low, journey.Blocker, "", "nope"}
	floats := []float64{0, 0.3, 1, 1.5, -1, math.NaN(), math.Inf(1)}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	for iter := 0; iter < 3000; iter++ {
		b := journey.New(pick(ids))
		last := "" // the model: the last element added
		misplaced := 0
		need := func(ok ...string) {
			for _, o := range ok {
				if o == last {
					return
				}
			}
			misplaced++
		}
		for n := rng.IntN(25); n > 0; n-- {
			switch op := rng.IntN(21); op {
			case 0:
				b.Persona(persona.Persona{ID: pick(ids)})
				last = "persona"
			case 1:
				b.Touchpoint(touchpoint.Touchpoint{ID: pick(ids), Importance: rng.IntN(8) - 1})
				last = "touchpoint"
			case 2:
				b.Stage(pick(ids), "")
				last = "stage"
			case 3:
				b.Phase(journey.Phase(pick(ids)))
				need("stage")
			case 4:
				b.StageGoal(pick(ids))
				need("stage")
			case 5:
				b.Expectation(pick(ids))
				need("stage")
			case 6:
				b.Question(pick(ids), pick(ids))
				need("stage")
			case 7:
				b.Step(pick(ids), pick(ids), pick(ids), pick(ids))
				last = "step"
			case 8:
				b.Emotion(rng.IntN(7) - 3)
				need("step", "barrier")
			case 9:
				b.Thought(pick(ids))
				need("step", "barrier")
			case 10:
				b.Opportunity()
				need("step", "barrier")
			case 11:
				b.Barrier(sevs[rng.IntN(len(sevs))], pick(ids))
				if last == "step" || last == "barrier" {
					last = "barrier"
				} else {
					misplaced++
				}
			case 12:
				b.Kind(pick(ids))
				need("barrier")
			case 13:
				b.Edge(pick(ids), pick(ids))
				last = "edge"
			case 14:
				b.P(floats[rng.IntN(len(floats))])
				need("edge")
			case 15:
				b.Count(int64(rng.IntN(5) - 1))
				need("edge")
			case 16:
				b.Label(pick(ids))
				need("edge")
			case 17:
				b.For(pick(ids))
				need("step", "barrier", "edge")
			case 18:
				b.Entry(pick(ids))
				last = "ends"
			case 19:
				b.Goal(pick(ids))
				last = "ends"
			case 20:
				b.Exit(pick(ids))
				last = "ends"
			}
		}
		draft := b.Draft()
		j, err := b.Build()
		verr := draft.Validate()
		if err == nil {
			require.Zero(t, misplaced)
			require.NoError(t, verr)
			require.Equal(t, draft, j)
			continue
		}
		require.Nil(t, j)
		ps := problemsOf(t, err)
		got := 0
		for _, p := range ps[:misplaced] {
			if p.Code == journey.CodeMisplacedModifier {
				got++
			}
		}
		require.Equal(t, misplaced, got, "iteration %d", iter)
		var vps journey.Problems
		if verr != nil {
			vps = problemsOf(t, verr)
		}
		require.Equal(t, vps, ps[misplaced:], "iteration %d", iter)
	}
}
