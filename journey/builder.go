package journey

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// element is the kind of the last thing a Builder added, which its
// modifiers apply to.
type element int

const (
	elemNone element = iota
	elemPersona
	elemTouchpoint
	elemStage
	elemStep
	elemBarrier
	elemEdge
	elemEnds
)

// Builder builds a Journey in Go code, one call at a time:
//
//	j, err := journey.New("webshop").Name("Web shop").
//		Stage("browse", "Browse").Stage("buy", "Buy").
//		Step("land", "browse", "site", "lands on the home page").Emotion(1).
//		Step("pay", "buy", "site", "pays").
//		Edge("land", "pay").P(0.4).
//		Entry("land").Goal("pay").
//		Build()
//
// Adders (Persona, Touchpoint, Stage, Step, Barrier, Edge) append an element
// to the journey in call order; modifiers change the element just added:
//
//   - after Stage: Phase, StageGoal, Expectation, Question;
//   - after Step, or after a Barrier or modifier of that step: Emotion,
//     Thought, Opportunity and Barrier (which adds a barrier to the step);
//   - after Barrier: Kind;
//   - after Edge: P, Count, Label;
//   - For, which names the personas an element applies to, modifies the
//     element just added: a Barrier, else a Step, else an Edge.
//
// References need not come in order: a Step may name a stage, an Edge a step,
// that is added later. The Builder does not stop at a mistake: it records it
// and goes on, and Build returns every mistake at once, together with every
// problem Validate finds, so a chain of calls never panics. A modifier called
// where it has nothing to modify (Emotion right after Edge, say) is reported
// with the code CodeMisplacedModifier; everything else — duplicate IDs,
// unknown stages, touchpoints, steps or personas, an emotion or probability
// out of range, an unknown severity — is added to the journey as written
// and reported by Validate, with the Path of the offending value
// ("steps[2].emotion").
//
// The zero Builder is ready to use and builds a journey without an ID; the
// methods of a nil *Builder do nothing and its Build reports CodeNilBuilder.
// A Builder is not safe for concurrent use.
type Builder struct {
	j        Journey
	problems Problems

	last    element
	lastDoc string // the call that added the last element, for messages
	stage   int    // index of the last stage added
	step    int    // index of the last step added
	barrier int    // index of the last barrier in Steps[step]
	edge    int    // index of the last transition added
}

// New returns a Builder for a journey with the given ID.
func New(id string) *Builder {
	b := &Builder{}
	b.j.ID = id
	return b
}

// Name sets the journey's display name.
func (b *Builder) Name(name string) *Builder {
	if b != nil {
		b.j.Name = name
	}
	return b
}

// Purpose sets what the journey map is for ("raise conversion").
func (b *Builder) Purpose(purpose string) *Builder {
	if b != nil {
		b.j.Purpose = purpose
	}
	return b
}

// Persona adds a persona. Its slices are copied.
func (b *Builder) Persona(p persona.Persona) *Builder {
	if b == nil {
		return b
	}
	b.j.Personas = append(b.j.Personas, clonePersona(p))
	b.added(elemPersona, call("Persona", strconv.Quote(p.ID)))
	return b
}

// Touchpoint adds a touchpoint.
func (b *Builder) Touchpoint(t touchpoint.Touchpoint) *Builder {
	if b == nil {
		return b
	}
	b.j.Touchpoints = append(b.j.Touchpoints, t)
	b.added(elemTouchpoint, call("Touchpoint", strconv.Quote(t.ID)))
	return b
}

// Stage adds a stage with the given ID and display name. Stages run in the
// order they are added. Phase, StageGoal, Expectation and Question modify it.
func (b *Builder) Stage(id, name string) *Builder {
	if b == nil {
		return b
	}
	b.j.Stages = append(b.j.Stages, Stage{ID: id, Name: name})
	b.stage = len(b.j.Stages) - 1
	b.added(elemStage, call("Stage", strconv.Quote(id), strconv.Quote(name)))
	return b
}

// Phase sets the phase of the stage just added.
func (b *Builder) Phase(p Phase) *Builder {
	if s := b.curStage(call("Phase", strconv.Quote(string(p)))); s != nil {
		s.Phase = p
	}
	return b
}

// StageGoal sets what the customer wants from the stage just added.
func (b *Builder) StageGoal(goal string) *Builder {
	if s := b.curStage(call("StageGoal", strconv.Quote(goal))); s != nil {
		s.Goal = goal
	}
	return b
}

// Expectation adds to what the customer expects at the stage just added.
func (b *Builder) Expectation(expectations ...string) *Builder {
	if s := b.curStage(call("Expectation", quoteAll(expectations)...)); s != nil {
		s.Expectations = append(s.Expectations, expectations...)
	}
	return b
}

// Question adds to what the customer asks at the stage just added.
func (b *Builder) Question(questions ...string) *Builder {
	if s := b.curStage(call("Question", quoteAll(questions)...)); s != nil {
		s.Questions = append(s.Questions, questions...)
	}
	return b
}

// Step adds a step with the given ID, in the stage with ID stage, at the
// touchpoint with ID touchpoint (empty for none), where the customer does
// action. Emotion, Thought, Opportunity, Barrier and For modify it.
func (b *Builder) Step(id, stage, touchpoint, action string) *Builder {
	if b == nil {
		return b
	}
	b.j.Steps = append(b.j.Steps, Step{ID: id, Stage: stage, Touchpoint: touchpoint, Action: action})
	b.step = len(b.j.Steps) - 1
	b.added(elemStep, call("Step", strconv.Quote(id), strconv.Quote(stage), strconv.Quote(touchpoint), strconv.Quote(action)))
	return b
}

// Emotion sets how the customer feels at the current step, from MinEmotion
// (-2, very negative) to MaxEmotion (+2, very positive).
func (b *Builder) Emotion(e int) *Builder {
	if s := b.curStep(call("Emotion", strconv.Itoa(e))); s != nil {
		s.Emotion = e
	}
	return b
}

// Thought adds to what the customer thinks or asks at the current step.
func (b *Builder) Thought(thoughts ...string) *Builder {
	if s := b.curStep(call("Thought", quoteAll(thoughts)...)); s != nil {
		s.Thoughts = append(s.Thoughts, thoughts...)
	}
	return b
}

// Opportunity adds to the ways the brand could do better at the current step.
func (b *Builder) Opportunity(opportunities ...string) *Builder {
	if s := b.curStep(call("Opportunity", quoteAll(opportunities)...)); s != nil {
		s.Opportunities = append(s.Opportunities, opportunities...)
	}
	return b
}

// Barrier adds a barrier of the given severity to the current step. Kind and
// For modify it.
func (b *Builder) Barrier(severity Severity, description string) *Builder {
	doc := call("Barrier", severityArg(severity), strconv.Quote(description))
	s := b.curStep(doc)
	if s == nil {
		return b
	}
	s.Barriers = append(s.Barriers, Barrier{Description: description, Severity: severity})
	b.barrier = len(s.Barriers) - 1
	b.added(elemBarrier, doc)
	return b
}

// Kind classifies the barrier just added (price, usability, trust, ...).
func (b *Builder) Kind(kind string) *Builder {
	doc := call("Kind", strconv.Quote(kind))
	if b == nil {
		return b
	}
	if b.last != elemBarrier {
		b.misplaced(doc, "Barrier")
		return b
	}
	b.j.Steps[b.step].Barriers[b.barrier].Kind = kind
	return b
}

// Edge adds a transition from the step with ID from to the step with ID to.
// P, Count, Label and For modify it.
func (b *Builder) Edge(from, to string) *Builder {
	if b == nil {
		return b
	}
	b.j.Transitions = append(b.j.Transitions, Transition{From: from, To: to})
	b.edge = len(b.j.Transitions) - 1
	b.added(elemEdge, call("Edge", strconv.Quote(from), strconv.Quote(to)))
	return b
}

// P sets the probability of the transition just added: the share of the
// customers at its source step who take it, in (0, 1].
func (b *Builder) P(p float64) *Builder {
	if t := b.curEdge(call("P", strconv.FormatFloat(p, 'g', -1, 64))); t != nil {
		t.Probability = p
	}
	return b
}

// Count sets the number of customers observed taking the transition just added.
func (b *Builder) Count(n int64) *Builder {
	if t := b.curEdge(call("Count", strconv.FormatInt(n, 10))); t != nil {
		t.Count = n
	}
	return b
}

// Label describes the transition just added ("adds to cart").
func (b *Builder) Label(label string) *Builder {
	if t := b.curEdge(call("Label", strconv.Quote(label))); t != nil {
		t.Label = label
	}
	return b
}

// For restricts the element just added — a barrier, a step or a transition —
// to the personas with the given IDs. Without IDs it applies to every
// persona, which is the default.
func (b *Builder) For(personaIDs ...string) *Builder {
	doc := call("For", quoteAll(personaIDs)...)
	if b == nil {
		return b
	}
	var ids []string
	if len(personaIDs) > 0 {
		ids = append([]string(nil), personaIDs...)
	}
	switch b.last {
	case elemBarrier:
		b.j.Steps[b.step].Barriers[b.barrier].Personas = ids
	case elemStep:
		b.j.Steps[b.step].Personas = ids
	case elemEdge:
		b.j.Transitions[b.edge].Personas = ids
	default:
		b.misplaced(doc, "Step, Barrier or Edge")
	}
	return b
}

// Entry adds the steps with the given IDs to the entries, where customers
// start.
func (b *Builder) Entry(stepIDs ...string) *Builder {
	if b != nil {
		b.j.Entries = append(b.j.Entries, stepIDs...)
		b.added(elemEnds, call("Entry", quoteAll(stepIDs)...))
	}
	return b
}

// Goal adds the steps with the given IDs to the goals, the target actions.
func (b *Builder) Goal(stepIDs ...string) *Builder {
	if b != nil {
		b.j.Goals = append(b.j.Goals, stepIDs...)
		b.added(elemEnds, call("Goal", quoteAll(stepIDs)...))
	}
	return b
}

// Exit adds the steps with the given IDs to the exits, intended ends that
// are not the goal.
func (b *Builder) Exit(stepIDs ...string) *Builder {
	if b != nil {
		b.j.Exits = append(b.j.Exits, stepIDs...)
		b.added(elemEnds, call("Exit", quoteAll(stepIDs)...))
	}
	return b
}

// Build returns the journey built so far, after checking it.
//
// If the Builder recorded mistakes or Validate finds problems, Build returns
// a nil Journey and every problem as a Problems error: first the Builder's
// own, in call order (CodeMisplacedModifier, with an empty Path and a Message
// naming the call and the one before it), then those of Validate, sorted
// (with the Path of the offending value, such as "steps[2].emotion"). Line
// and Column are always 0. Use Draft to get the journey regardless.
//
// Build does not consume the Builder: it returns a copy, and calls made after
// it add to the same journey, so a Builder can build an as-is journey and
// then, extended, a to-be one.
func (b *Builder) Build() (*Journey, error) {
	if b == nil {
		return nil, Problems{{Code: CodeNilBuilder, Message: "Build called on a nil *Builder: start with journey.New"}}
	}
	ps := append(Problems(nil), b.problems...)
	j := b.j.Clone()
	if err := j.Validate(); err != nil {
		var vps Problems
		if !errors.As(err, &vps) {
			return nil, err // Validate answers Problems only
		}
		ps = append(ps, vps...)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return j, nil
}

// Draft returns a copy of the journey built so far without checking it: every
// element added, with every modifier that found its element. It is nil for a
// nil Builder.
func (b *Builder) Draft() *Journey {
	if b == nil {
		return nil
	}
	return b.j.Clone()
}

// added records that the call doc added an element of kind e.
func (b *Builder) added(e element, doc string) {
	b.last = e
	b.lastDoc = doc
}

// misplaced records that the modifier call doc found nothing to modify; want
// says what it must follow.
func (b *Builder) misplaced(doc, want string) {
	after := "the start of the chain"
	if b.last != elemNone {
		after = b.lastDoc
	}
	b.problems = append(b.problems, Problem{
		Code:    CodeMisplacedModifier,
		Message: fmt.Sprintf("%s follows %s; it must follow %s", doc, after, want),
	})
}

func (b *Builder) curStage(doc string) *Stage {
	if b == nil {
		return nil
	}
	if b.last != elemStage {
		b.misplaced(doc, "Stage")
		return nil
	}
	return &b.j.Stages[b.stage]
}

func (b *Builder) curStep(doc string) *Step {
	if b == nil {
		return nil
	}
	if b.last != elemStep && b.last != elemBarrier {
		b.misplaced(doc, "Step or a Barrier")
		return nil
	}
	return &b.j.Steps[b.step]
}

func (b *Builder) curEdge(doc string) *Transition {
	if b == nil {
		return nil
	}
	if b.last != elemEdge {
		b.misplaced(doc, "Edge")
		return nil
	}
	return &b.j.Transitions[b.edge]
}

// call formats a method call for a message: name(arg, arg).
func call(name string, args ...string) string {
	return name + "(" + strings.Join(args, ", ") + ")"
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// severityArg writes a severity the way a caller would have: journey.High for
// a known one, quoted otherwise.
func severityArg(s Severity) string {
	switch s {
	case Low:
		return "journey.Low"
	case Medium:
		return "journey.Medium"
	case High:
		return "journey.High"
	case Blocker:
		return "journey.Blocker"
	}
	return strconv.Quote(string(s))
}
