// Package gen makes synthetic journeys for this module's own tests and
// benchmarks: Generate, a random journey of any size with the shape of real
// ones, and Ladder, a journey with 2^rungs entry-to-goal paths. It is
// internal because users test their own journeys, not generated ones (the
// public kit for that is journey/journeytest).
package gen

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// Defaults of Options, used where a field is zero.
const (
	DefaultSteps              = 1000
	DefaultTransitionsPerStep = 5
	DefaultStages             = 8
	DefaultPersonas           = 3
	DefaultEntries            = 3
	DefaultGoals              = 2
	DefaultExits              = 1
)

// Default shares of Options, used where a share is zero.
const (
	DefaultBarrierShare           = 0.05
	DefaultProbabilityShare       = 0.5
	DefaultCountShare             = 0.2
	DefaultBackEdgeShare          = 0.01
	DefaultPersonaStepShare       = 0.05
	DefaultPersonaTransitionShare = 0.05
	DefaultSilentShare            = 0.1
)

// Options tunes Generate. The zero value gives the defaults: 1000
// steps in 8 stages, about 5 transitions per step, 3 personas, 3 entries, 2
// goals, 1 exit, and the default shares of barriers, numbers, loops and
// persona-specific steps and transitions.
//
// For the counts, zero means the default and a negative value means none
// (where none makes sense). For the shares, which run from 0 to 1, zero means
// the default and a negative value means none.
type Options struct {
	// Steps is the number of steps (at least 2); 0 means DefaultSteps.
	Steps int
	// TransitionsPerStep is the average number of transitions leaving a
	// step; 0 means DefaultTransitionsPerStep. It is at least 1, since every
	// step but the goals and exits leads on.
	TransitionsPerStep float64
	// Stages is the number of stages; 0 means DefaultStages. Stages
	// beyond the number of steps stay empty.
	Stages int
	// Personas is the number of personas; 0 means DefaultPersonas,
	// negative none.
	Personas int
	// Touchpoints is the number of touchpoints; 0 means one per 50 steps,
	// at least 4; negative none.
	Touchpoints int
	// Entries and Goals are the numbers of entry steps (the first steps) and
	// goal steps (the last steps); 0 means
	// DefaultEntries and DefaultGoals. Each is at least 1
	// and at most a quarter of the steps; entries stay in the first stage
	// and goals in the last.
	Entries, Goals int
	// Exits is the number of exit steps, spread over the later stages, with
	// no transitions leaving them; 0 means DefaultExits, negative none.
	Exits int

	// Barriers is the share of steps with a barrier (some have two); 0 means
	// DefaultBarrierShare.
	Barriers float64
	// Probabilities is the share of steps whose outgoing transitions carry
	// probabilities, and Counts the share whose outgoing transitions carry
	// counts; 0 means DefaultProbabilityShare and DefaultCountShare. The
	// outgoing probabilities of a step sum to at most 1. Where the two shares
	// add up to more than 1, probabilities win.
	Probabilities, Counts float64
	// BackEdges is the share of transitions that lead back to an earlier
	// step or to the same step, making loops; 0 means DefaultBackEdgeShare.
	BackEdges float64
	// PersonaSteps is the share of steps (other than entries and goals) and
	// PersonaTransitions the share of transitions that apply to some
	// personas only; 0 means DefaultPersonaStepShare and
	// DefaultPersonaTransitionShare. They have no effect without personas.
	PersonaSteps, PersonaTransitions float64
	// Silent is the share of steps with no touchpoint; 0 means
	// DefaultSilentShare.
	Silent float64

	// Seed seeds the generator: the same options always give the same journey.
	Seed uint64
}

// Generate returns a synthetic journey for tests and benchmarks, made from
// opts alone: the same options give the same journey, on every platform and
// Go version.
//
// It looks like a journey: steps are spread evenly over the stages in order;
// the entries are the first steps, in the first stage, and the goals the
// last steps, in the last stage; most transitions
// lead forward, to a nearby step or to a step of the same or the next stage;
// a few lead back, making loops. Every step is reachable from an entry when
// personas are ignored, and every step other than a goal or an exit has a
// transition leading forward, so most steps can reach a goal; exits, steps
// and transitions that apply to some personas only, and barriers (some of
// them blockers) leave the analysis something to find. The journey passes
// Validate.
//
// Generate does not panic: out-of-range options are clamped.
func Generate(opts Options) *journey.Journey {
	g := newGenerator(opts)
	return g.build()
}

// generator holds the clamped options and the state of one Generate call.
type generator struct {
	rng rng

	n, stages, personas, touchpoints int
	entries, goals, exits            int
	avg                              float64

	barriers, probs, counts, back float64
	personaSteps, personaTrans    float64
	silent                        float64

	stageOf    []int   // stage index of each step
	stageStart []int   // first step of each stage; stageStart[stages] = n
	exit       []bool  // whether a step is an exit
	out        [][]int // targets of each step, in insertion order
}

func share(v, def float64) float64 {
	switch {
	case v == 0:
		return def
	case v < 0 || math.IsNaN(v):
		return 0
	case v > 1:
		return 1
	}
	return v
}

func count(v, def int) int {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

func newGenerator(o Options) *generator {
	g := &generator{rng: newRNG(o.Seed)}
	g.n = count(o.Steps, DefaultSteps)
	if g.n < 2 {
		g.n = 2
	}
	g.avg = o.TransitionsPerStep
	if g.avg == 0 || math.IsNaN(g.avg) {
		g.avg = DefaultTransitionsPerStep
	}
	g.avg = min(max(g.avg, 1), float64(g.n)/2+1)
	g.stages = max(count(o.Stages, DefaultStages), 1)
	g.personas = count(o.Personas, DefaultPersonas)
	g.touchpoints = count(o.Touchpoints, max(4, g.n/50))
	quarter := max(g.n/4, 1)
	g.entries = min(max(count(o.Entries, DefaultEntries), 1), quarter)
	g.goals = min(max(count(o.Goals, DefaultGoals), 1), quarter)
	g.exits = min(count(o.Exits, DefaultExits), max(g.n-g.entries-g.goals, 0)/4)
	g.barriers = share(o.Barriers, DefaultBarrierShare)
	g.probs = share(o.Probabilities, DefaultProbabilityShare)
	g.counts = min(share(o.Counts, DefaultCountShare), 1-g.probs)
	g.back = share(o.BackEdges, DefaultBackEdgeShare)
	g.personaSteps = share(o.PersonaSteps, DefaultPersonaStepShare)
	g.personaTrans = share(o.PersonaTransitions, DefaultPersonaTransitionShare)
	g.silent = share(o.Silent, DefaultSilentShare)
	if g.personas == 0 {
		g.personaSteps, g.personaTrans = 0, 0
	}
	if g.touchpoints == 0 {
		g.silent = 1
	}
	return g
}

var phases = []journey.Phase{
	journey.Awareness, journey.Consideration, journey.Decision, journey.Purchase,
	journey.Delivery, journey.Service, journey.Loyalty, journey.Advocacy,
}

var channels = []touchpoint.Channel{
	touchpoint.Ads, touchpoint.Search, touchpoint.Site, touchpoint.Social,
	touchpoint.Reviews, touchpoint.Email, touchpoint.Shop, touchpoint.App,
	touchpoint.Store, touchpoint.Phone, touchpoint.Event, touchpoint.Delivery,
	touchpoint.WordOfMouth,
}

var barrierKinds = []struct{ kind, description string }{
	{"price", "the price is too high"},
	{"performance", "the site is slow"},
	{"policy", "the return policy is confusing"},
	{"trust", "too few reviews to trust"},
	{"usability", "the form asks for too much"},
	{"availability", "the item is out of stock"},
}

// local is the largest distance of a "nearby" transition.
const local = 16

func (g *generator) build() *journey.Journey {
	j := &journey.Journey{
		ID:      fmt.Sprintf("generated-%d", g.n),
		Name:    fmt.Sprintf("Generated journey of %d steps", g.n),
		Purpose: "synthetic journey for tests and benchmarks",
	}
	g.layout()
	g.edges()
	// The order of these calls is the order of the random numbers drawn:
	// changing it changes every generated journey.
	g.addPersonas(j)
	g.addTouchpoints(j)
	g.addStages(j)
	ids := g.addSteps(j)
	g.addTransitions(j, ids)
	g.addEnds(j, ids)
	return j
}

// addPersonas adds the generator's personas to j.
func (g *generator) addPersonas(j *journey.Journey) {
	for p := range g.personas {
		id := personaID(p)
		j.Personas = append(j.Personas, persona.Persona{
			ID:      id,
			Name:    "Persona " + strconv.Itoa(p+1),
			Segment: persona.Segment{Name: "segment " + strconv.Itoa(p+1)},
			Goals:   []string{"buy"},
			Criteria: []persona.Criterion{
				{Name: "price-quality", Weight: float64(1 + p%3)},
			},
		})
	}
}

// addTouchpoints adds the generator's touchpoints to j, cycling through the
// channels.
func (g *generator) addTouchpoints(j *journey.Journey) {
	for t := range g.touchpoints {
		ch := channels[t%len(channels)]
		tp := touchpoint.Touchpoint{
			ID:         "t" + strconv.Itoa(t+1),
			Name:       fmt.Sprintf("%s %d", ch, t+1),
			Channel:    ch,
			Mode:       touchpoint.Online,
			Control:    touchpoint.Direct,
			Importance: 1 + g.rng.intn(touchpoint.MaxImportance),
		}
		switch ch {
		case touchpoint.Store, touchpoint.Phone, touchpoint.Event, touchpoint.Delivery, touchpoint.WordOfMouth:
			tp.Mode = touchpoint.Offline
		}
		switch ch {
		case touchpoint.Reviews, touchpoint.Social, touchpoint.WordOfMouth:
			tp.Control = touchpoint.Indirect
		}
		j.Touchpoints = append(j.Touchpoints, tp)
	}
}

// addStages adds the generator's stages to j, cycling through the phases.
func (g *generator) addStages(j *journey.Journey) {
	for s := range g.stages {
		ph := phases[s%len(phases)]
		j.Stages = append(j.Stages, journey.Stage{
			ID:    stageID(s, ph),
			Name:  fmt.Sprintf("Stage %d: %s", s+1, ph),
			Phase: ph,
			Goal:  "move on to the next stage",
		})
	}
}

// addSteps adds the steps to j, with their stage, touchpoint, personas and
// barriers, and returns their IDs.
func (g *generator) addSteps(j *journey.Journey) []string {
	width := len(strconv.Itoa(g.n - 1))
	ids := make([]string, g.n)
	for i := range ids {
		ids[i] = stepID(i, width)
	}
	j.Steps = make([]journey.Step, g.n)
	for i := range j.Steps {
		s := &j.Steps[i]
		s.ID = ids[i]
		s.Stage = j.Stages[g.stageOf[i]].ID
		s.Action = fmt.Sprintf("does step %d of %s", i, j.Stages[g.stageOf[i]].Phase)
		s.Emotion = g.rng.intn(journey.MaxEmotion-journey.MinEmotion+1) + journey.MinEmotion
		if g.touchpoints > 0 && !g.rng.chance(g.silent) {
			s.Touchpoint = j.Touchpoints[g.rng.intn(g.touchpoints)].ID
		}
		special := i < g.entries || i >= g.n-g.goals
		if !special && g.rng.chance(g.personaSteps) {
			s.Personas = g.somePersonas()
		}
		if g.rng.chance(g.barriers) {
			nb := 1
			if g.rng.chance(0.2) {
				nb = 2
			}
			for range nb {
				k := barrierKinds[g.rng.intn(len(barrierKinds))]
				b := journey.Barrier{Description: k.description, Kind: k.kind, Severity: g.severity()}
				if g.personas > 1 && g.rng.chance(0.2) {
					b.Personas = g.somePersonas()
				}
				s.Barriers = append(s.Barriers, b)
			}
		}
	}
	return ids
}

// addTransitions adds the edges drawn by g.edges to j, each with a
// probability, a count or neither, as drawn per from step.
func (g *generator) addTransitions(j *journey.Journey, ids []string) {
	total := 0
	for _, ts := range g.out {
		total += len(ts)
	}
	j.Transitions = make([]journey.Transition, 0, total)
	for i, ts := range g.out {
		numbers := g.rng.float()
		var ps []float64
		if numbers < g.probs {
			ps = g.probabilities(len(ts))
		}
		for k, to := range ts {
			t := journey.Transition{From: ids[i], To: ids[to]}
			switch {
			case ps != nil:
				t.Probability = ps[k]
			case numbers < g.probs+g.counts:
				t.Count = int64(1 + g.rng.intn(1000))
			}
			if g.rng.chance(g.personaTrans) {
				t.Personas = g.somePersonas()
			}
			j.Transitions = append(j.Transitions, t)
		}
	}
}

// addEnds adds the entries, goals and exits to j.
func (g *generator) addEnds(j *journey.Journey, ids []string) {
	for i := range g.entries {
		j.Entries = append(j.Entries, ids[i])
	}
	for i := g.n - g.goals; i < g.n; i++ {
		j.Goals = append(j.Goals, ids[i])
	}
	for i, e := range g.exit {
		if e {
			j.Exits = append(j.Exits, ids[i])
		}
	}
}

func personaID(p int) string { return "p" + strconv.Itoa(p+1) }

func stageID(s int, ph journey.Phase) string {
	return strconv.Itoa(s+1) + "-" + string(ph)
}

// stepID names step i with zero padding, so that IDs sort in step order.
func stepID(i, width int) string {
	s := strconv.Itoa(i)
	for len(s) < width {
		s = "0" + s
	}
	return "s" + s
}

// layout spreads the steps over the stages and picks the exits.
func (g *generator) layout() {
	g.stageOf = make([]int, g.n)
	g.stageStart = make([]int, g.stages+1)
	if g.n >= g.stages {
		// An even split: every stage has steps.
		for s := 0; s <= g.stages; s++ {
			g.stageStart[s] = int(int64(s) * int64(g.n) / int64(g.stages))
		}
		for s := range g.stages {
			for i := g.stageStart[s]; i < g.stageStart[s+1]; i++ {
				g.stageOf[i] = s
			}
		}
	} else {
		// Fewer steps than stages: the first step opens the first stage,
		// the last closes the last, the others spread between; the rest
		// of the stages stay empty.
		for i := range g.n {
			g.stageOf[i] = int(math.Round(float64(i) * float64(g.stages-1) / float64(g.n-1)))
		}
		for s := range g.stageStart {
			g.stageStart[s] = g.n
		}
		for i := g.n - 1; i >= 0; i-- {
			for s := g.stageOf[i]; s >= 0 && g.stageStart[s] > i; s-- {
				g.stageStart[s] = i
			}
		}
	}
	// The entries lie in the first stage, the goals in the last.
	g.entries = min(g.entries, g.stageStart[1]-g.stageStart[0])
	g.goals = min(g.goals, g.n-g.stageStart[g.stages-1])
	g.exit = make([]bool, g.n)
	// Exits lie in the second half, between the entries and the goals.
	lo := max(g.n/2, g.entries)
	hi := g.n - g.goals
	for placed := 0; placed < g.exits && hi > lo; {
		i := lo + g.rng.intn(hi-lo)
		if !g.exit[i] {
			g.exit[i] = true
			placed++
		}
	}
}

// edges picks the transitions: first one into every step that is not an
// entry and one out of every step that is not a goal or exit, then random
// ones up to the average, mostly forward.
func (g *generator) edges() {
	g.out = make([][]int, g.n)
	want := int(math.Round(g.avg * float64(g.n)))
	have := 0
	add := func(from, to int) bool {
		if slices.Contains(g.out[from], to) {
			return false
		}
		g.out[from] = append(g.out[from], to)
		have++
		return true
	}
	goal0 := g.n - g.goals
	// Into every step but the entries, from a nearby earlier step that is
	// not an exit: everything is reachable.
	for to := g.entries; to < g.n; to++ {
		from := max(to-1-g.rng.intn(local), 0)
		for from > 0 && g.exit[from] {
			from--
		}
		add(from, to)
	}
	// Out of every step but the goals and exits, forward to a step that is
	// not an exit: a way on towards the goals.
	for from := range goal0 {
		if g.exit[from] {
			continue
		}
		forward := false
		for _, to := range g.out[from] {
			forward = forward || (to > from && !g.exit[to])
		}
		if forward {
			continue
		}
		to := g.forward(from)
		for g.exit[to] {
			to++ // the goals, at the end, are never exits
		}
		add(from, to)
	}
	// The rest at random. Goals get only back edges (a renewal loop after
	// the purchase), exits nothing.
	for tries := 0; have < want && tries < 8*want; tries++ {
		from := g.rng.intn(g.n)
		if g.exit[from] {
			continue
		}
		if from >= goal0 || g.rng.chance(g.back) {
			if g.back == 0 {
				continue
			}
			add(from, max(from-g.rng.intn(local), 0))
			continue
		}
		add(from, g.forward(from))
	}
	for _, ts := range g.out {
		slices.Sort(ts)
	}
}

// forward picks a target after from: usually nearby, otherwise anywhere up
// to the end of the next stage.
func (g *generator) forward(from int) int {
	if g.rng.chance(0.75) {
		return min(from+1+g.rng.intn(local), g.n-1)
	}
	end := g.stageStart[min(g.stageOf[from]+2, g.stages)] // end of the next stage
	if end <= from+1 {
		return min(from+1, g.n-1)
	}
	return from + 1 + g.rng.intn(end-from-1)
}

// somePersonas returns a non-empty random subset of the personas, in order.
func (g *generator) somePersonas() []string {
	var ids []string
	for len(ids) == 0 {
		for p := range g.personas {
			if g.personas == 1 || g.rng.chance(0.5) {
				ids = append(ids, personaID(p))
			}
		}
	}
	return ids
}

func (g *generator) severity() journey.Severity {
	switch r := g.rng.intn(10); {
	case r < 4:
		return journey.Low
	case r < 7:
		return journey.Medium
	case r < 9:
		return journey.High
	}
	return journey.Blocker
}

// probabilities returns n probabilities in (0, 1], rounded to thousandths
// (finer for steps with hundreds of transitions), that sum to at most 0.95:
// the rest leaves the journey.
func (g *generator) probabilities(n int) []float64 {
	ps := make([]float64, n)
	sum := 0.0
	for k := range ps {
		ps[k] = 0.1 + g.rng.float()
		sum += ps[k]
	}
	keep := 0.5 + 0.4*g.rng.float()
	unit := int64(1000)
	for unit < 2*int64(n) {
		unit *= 10
	}
	left := unit * 95 / 100 // units still to give
	for k := range ps {
		m := max(int64(math.Floor(ps[k]/sum*keep*float64(unit))), 1)
		m = min(m, max(left-int64(n-1-k), 1))
		left -= m
		ps[k] = float64(m) / float64(unit)
	}
	return ps
}
