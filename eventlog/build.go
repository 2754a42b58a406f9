package eventlog

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// BuildOptions says how an Aggregate becomes a journey. The zero value keeps
// every activity and pair, with no template.
type BuildOptions struct {
	// ID and Name name the journey; ID defaults to "mined" (or the
	// template's).
	ID, Name string
	// Goals are the goals the caller asked for. The aggregate's goals are
	// the ones counted; with a Template, those of Goals that are no step of
	// it are reported in Summary.Unmatched.Goals.
	Goals []string
	// Exits are the activities that are intended ends (unsubscribe).
	Exits []string
	// MinCount drops activities with fewer events and pairs with fewer
	// moves (all segments together); goals, exits and the activity most
	// cases start at are kept. It does not go with a Template, whose steps
	// and transitions are the design's.
	MinCount int64
	// TopSuccessors keeps, from each step, only the most frequent N pairs
	// (ties by the name of the next activity); 0 keeps all. What is
	// dropped is counted in the Summary. It does not go with a Template.
	TopSuccessors int
	// Template, when set, is a designed journey to lay the observed counts
	// on: its steps, stages, touchpoints, emotions and barriers are kept
	// and what does not match is reported in Summary.Unmatched.
	Template *journey.Journey
	// TopVariants is how many variants the Summary lists (default 10).
	TopVariants int
}

// UnnamedSegment is the persona ID given to the cases without a segment value
// in a log where other cases have one (UnnamedSegment-2, -3, ... when a
// segment of the log is itself named UnnamedSegment).
const UnnamedSegment = "unsegmented"

// Stage IDs of a journey mined without a template (see the package
// documentation).
const (
	StageFirstContact  = "first-contact"
	StageConsideration = "consideration"
	StageGoal          = "goal"
	StageAfterGoal     = "after-goal"
)

// Journey turns the aggregate into a journey; see the package documentation
// for how steps, transitions, stages and personas are formed. The Summary
// says what was dropped or did not match a template, the conversion per
// segment and the top variants. The error is non-nil when the aggregate
// has no cases, or when none of its goals occurs (a Problems with the code
// goal-not-found).
func (a *Aggregate) Journey(opts BuildOptions) (*journey.Journey, *Summary, error) {
	total := a.Total()
	if total.Cases == 0 {
		return nil, nil, Problems{{Code: CodeEmptyLog, Message: "the log has no cases"}}
	}
	if opts.Template != nil && (opts.MinCount > 0 || opts.TopSuccessors > 0) {
		return nil, nil, Problems{{Code: CodeBadOptions, Message: "the minimum count and the top successors do not apply to a template, whose steps and transitions are the design's: leave them out, or mine without the template"}}
	}
	b := newBuilder(a, total, opts)
	var j *journey.Journey
	if opts.Template != nil {
		j = b.onTemplate(opts.Template)
	} else {
		j = b.fresh()
	}
	if len(j.Goals) == 0 {
		return nil, nil, Problems{{Code: CodeGoalNotFound, Message: fmt.Sprintf("no goal occurs in the log (goals %s; the most frequent activities: %s)", quoteAll(slices.Sorted(maps.Keys(b.goal))), topActivities(total, 5))}}
	}
	j.Observed = b.observed()
	b.sum.fill(a, total, b.personaOf, opts.TopVariants)
	return j, b.sum, nil
}

// builder holds what Journey works out once.
type builder struct {
	a       *Aggregate
	total   *SegmentStats
	opts    BuildOptions
	segs    []string          // segment names, sorted
	persona map[string]string // segment -> persona ID ("" when no personas)
	goal    map[string]bool
	exit    map[string]bool
	sum     *Summary
	chosen  string // a goal chosen here, with no conversion figures
	// stepPersonas holds a template's step personas (nil without one), so
	// that counts are laid only where the steps apply.
	stepPersonas map[string][]string
}

func newBuilder(a *Aggregate, total *SegmentStats, opts BuildOptions) *builder {
	b := &builder{a: a, total: total, opts: opts, segs: a.SegmentNames(),
		persona: map[string]string{}, goal: map[string]bool{}, exit: map[string]bool{}, sum: &Summary{}}
	named := len(b.segs) > 1 || (len(b.segs) == 1 && b.segs[0] != "")
	for _, s := range b.segs {
		switch {
		case !named:
			b.persona[s] = ""
		case s == "":
			b.persona[s] = unnamedSegmentID(b.segs)
		default:
			b.persona[s] = s
		}
	}
	for _, g := range a.Goals {
		b.goal[g] = true
	}
	if len(a.Goals) == 0 && (opts.Template == nil || len(opts.Template.Goals) == 0) {
		// An aggregate counted without goals: the journey still needs one,
		// but the conversion figures are unknown.
		if g := mostFrequentEnd(total); g != "" {
			b.goal[g] = true
			b.chosen, b.sum.ChosenGoal = g, g
		}
	}
	for _, e := range opts.Exits {
		b.exit[e] = true
	}
	return b
}

func (b *builder) personaOf(seg string) string { return b.persona[seg] }

// unnamedSegmentID returns the persona ID of the cases without a segment:
// UnnamedSegment, or, when a segment of the log is itself named so,
// UnnamedSegment-2 (or -3, ...), so that the two stay apart.
func unnamedSegmentID(segs []string) string {
	taken := make(map[string]bool, len(segs))
	for _, s := range segs {
		taken[s] = true
	}
	id := UnnamedSegment
	for n := 2; taken[id]; n++ {
		id = UnnamedSegment + "-" + strconv.Itoa(n)
	}
	return id
}

// personaIDs returns the personas in segment order, without "".
func (b *builder) personaIDs() []string {
	var ids []string
	for _, s := range b.segs {
		if p := b.persona[s]; p != "" {
			ids = append(ids, p)
		}
	}
	return ids
}

// fresh builds a journey from the log alone.
func (b *builder) fresh() *journey.Journey {
	t := b.total
	j := &journey.Journey{ID: cmp.Or(b.opts.ID, "mined"), Name: b.opts.Name}
	// Steps: activities with enough events, goals and exits always, and the
	// activity most cases start at, so that the journey has an entry.
	var acts []string
	topStart := mostFrequent(t.Starts)
	for act, n := range t.Events {
		if n >= b.opts.MinCount || b.goal[act] || b.exit[act] || act == topStart {
			acts = append(acts, act)
		} else {
			b.sum.DroppedActivities = append(b.sum.DroppedActivities, ActivityCount{act, n})
		}
	}
	sortActivityCounts(b.sum.DroppedActivities)
	stageOf := b.stages(acts)
	order := map[string]int{}
	for i, s := range mineStages {
		order[s.ID] = i
	}
	slices.SortFunc(acts, func(x, y string) int {
		if c := cmp.Compare(order[stageOf[x]], order[stageOf[y]]); c != 0 {
			return c
		}
		if c := cmp.Compare(meanPlace(t, x), meanPlace(t, y)); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	j.Stages = stagesUsed(acts, stageOf)
	keep := make(map[string]bool, len(acts))
	for _, act := range acts {
		keep[act] = true
	}
	j.Personas = b.personas()
	j.Touchpoints, j.Steps = b.steps(acts, stageOf)
	j.Transitions = b.transitions(acts, keep)
	for _, act := range acts {
		if t.Starts[act] > 0 {
			j.Entries = append(j.Entries, act)
		}
		if b.goal[act] {
			j.Goals = append(j.Goals, act)
		}
		if b.exit[act] {
			j.Exits = append(j.Exits, act)
		}
	}
	b.missingMarks(keep)
	return j
}

// missingMarks reports goals and exits the log never shows.
func (b *builder) missingMarks(present map[string]bool) {
	for _, g := range slices.Sorted(maps.Keys(b.goal)) {
		if !present[g] || b.total.Events[g] == 0 {
			b.sum.MissingGoals = append(b.sum.MissingGoals, g)
		}
	}
	for _, e := range slices.Sorted(maps.Keys(b.exit)) {
		if !present[e] || b.total.Events[e] == 0 {
			b.sum.MissingExits = append(b.sum.MissingExits, e)
		}
	}
}

// personas returns one persona per segment with its share of the cases.
func (b *builder) personas() []persona.Persona {
	var ps []persona.Persona
	for _, s := range b.segs {
		id := b.persona[s]
		if id == "" {
			continue
		}
		ps = append(ps, persona.Persona{ID: id, Name: s,
			Share: float64(b.a.Segments[s].Cases) / float64(b.total.Cases)})
	}
	return ps
}

// steps makes one step per activity, at its most frequent touchpoint.
func (b *builder) steps(acts []string, stageOf map[string]string) ([]touchpoint.Touchpoint, []journey.Step) {
	best := map[string]ActivityTouchpoint{}
	bestN := map[string]int64{}
	for k, n := range b.total.Touchpoints {
		if k.Touchpoint == "" {
			continue
		}
		cur, ok := best[k.Activity]
		if !ok || n > bestN[k.Activity] || (n == bestN[k.Activity] && k.Touchpoint < cur.Touchpoint) {
			best[k.Activity], bestN[k.Activity] = k, n
		}
	}
	var tps []touchpoint.Touchpoint
	seenTP := map[string]bool{}
	steps := make([]journey.Step, 0, len(acts))
	allPersonas := b.personaIDs()
	for _, act := range acts {
		s := journey.Step{ID: act, Stage: stageOf[act], Count: b.total.Events[act]}
		if tp, ok := best[act]; ok {
			s.Touchpoint = tp.Touchpoint
			if !seenTP[tp.Touchpoint] {
				seenTP[tp.Touchpoint] = true
				tps = append(tps, touchpoint.Touchpoint{ID: tp.Touchpoint, Name: tp.Touchpoint})
			}
		}
		s.Counts, s.Personas = b.stepCounts(act, allPersonas)
		steps = append(steps, s)
	}
	slices.SortFunc(tps, func(x, y touchpoint.Touchpoint) int { return cmp.Compare(x.ID, y.ID) })
	return tps, steps
}

// stepCounts returns an activity's events per persona and, when not every
// persona has events there, the personas who do.
func (b *builder) stepCounts(act string, all []string) (map[string]int64, []string) {
	if len(all) == 0 {
		return nil, nil
	}
	counts := map[string]int64{}
	var who []string
	for _, s := range b.segs {
		if n := b.a.Segments[s].Events[act]; n > 0 {
			counts[b.persona[s]] = n
			who = append(who, b.persona[s])
		}
	}
	if len(who) == len(all) || len(who) == 0 {
		who = nil
	}
	return counts, who
}

// transitions returns the kept pairs, one transition per persona with moves
// along it (or one per pair without personas), in step order.
func (b *builder) transitions(acts []string, keep map[string]bool) []journey.Transition {
	index := make(map[string]int, len(acts))
	for i, act := range acts {
		index[act] = i
	}
	byFrom := map[string][]PairCount{}
	for p, n := range b.total.Pairs {
		switch {
		case !keep[p.From] || !keep[p.To]:
			// dropped with a step: counted, so that the moves add up
			b.sum.DroppedPairs = append(b.sum.DroppedPairs, PairCount{p, n})
		case n < b.opts.MinCount:
			b.sum.DroppedPairs = append(b.sum.DroppedPairs, PairCount{p, n})
		default:
			byFrom[p.From] = append(byFrom[p.From], PairCount{p, n})
		}
	}
	var out []journey.Transition
	for _, act := range acts {
		pcs := byFrom[act]
		slices.SortFunc(pcs, func(x, y PairCount) int {
			if c := cmp.Compare(y.Count, x.Count); c != 0 {
				return c
			}
			return cmp.Compare(x.To, y.To)
		})
		if n := b.opts.TopSuccessors; n > 0 && len(pcs) > n {
			b.sum.DroppedPairs = append(b.sum.DroppedPairs, pcs[n:]...)
			pcs = pcs[:n]
		}
		slices.SortFunc(pcs, func(x, y PairCount) int { return cmp.Compare(index[x.To], index[y.To]) })
		for _, pc := range pcs {
			out = append(out, b.pairTransitions(pc.Pair, journey.Transition{From: pc.From, To: pc.To})...)
		}
	}
	sortPairCounts(b.sum.DroppedPairs)
	return out
}

// pairTransitions returns tmpl with the observed count and time along p:
// one copy per persona with moves along p when the log has segments, else
// one with the totals.
func (b *builder) pairTransitions(p Pair, tmpl journey.Transition) []journey.Transition {
	ids := b.personaIDs()
	if len(ids) == 0 {
		t := tmpl // a template's personas stay: the log cannot say whose moves they are
		t.Probability = 0
		t.Count = b.total.Pairs[p]
		t.Time = timing(b.total.PairTimes[p])
		return []journey.Transition{t}
	}
	var out []journey.Transition
	for _, s := range b.segs {
		st := b.a.Segments[s]
		n := st.Pairs[p]
		pid := b.persona[s]
		if n == 0 || (len(tmpl.Personas) > 0 && !slices.Contains(tmpl.Personas, pid)) ||
			(b.stepPersonas != nil && !(appliesTo(b.stepPersonas[p.From], pid) && appliesTo(b.stepPersonas[p.To], pid))) {
			continue
		}
		t := tmpl
		t.Personas = []string{pid}
		t.Probability = 0
		t.Count = n
		t.Time = timing(st.PairTimes[p])
		out = append(out, t)
	}
	return out
}

// mostFrequent returns the key with the largest count (ties by name).
func mostFrequent(m map[string]int64) string {
	best, n := "", int64(0)
	for k, v := range m {
		if v > n || (v == n && k < best) {
			best, n = k, v
		}
	}
	return best
}

// topActivities lists the k activities with the most events, quoted.
func topActivities(s *SegmentStats, k int) string {
	var acs []ActivityCount
	for a, n := range s.Events {
		acs = append(acs, ActivityCount{a, n})
	}
	sortActivityCounts(acs)
	var names []string
	for _, a := range acs[:min(k, len(acs))] {
		names = append(names, a.Activity)
	}
	return quoteAll(names)
}

func appliesTo(ids []string, id string) bool { return len(ids) == 0 || slices.Contains(ids, id) }

// timing returns the median and p90 of d, or nil when it is empty.
func timing(d *Durations) *journey.Timing {
	if d == nil || d.Len() == 0 {
		return nil
	}
	return &journey.Timing{Median: d.Quantile(0.5), P90: d.Quantile(0.9)}
}

// observed returns the journey's Observed block: cases, conversions and
// time to convert, in all and per segment.
func (b *builder) observed() *journey.Observed {
	t := b.total
	o := &journey.Observed{Cases: t.Cases, Converted: t.Converted, ConvertTime: timing(&t.ConvertTime)}
	if b.chosen != "" {
		o.Converted, o.ConvertTime = 0, nil
	}
	if len(b.personaIDs()) == 0 {
		return o
	}
	for _, s := range b.segs {
		st := b.a.Segments[s]
		seg := journey.ObservedSegment{Persona: b.persona[s], Cases: st.Cases, Converted: st.Converted, ConvertTime: timing(&st.ConvertTime)}
		if b.chosen != "" {
			seg.Converted, seg.ConvertTime = 0, nil
		}
		o.Segments = append(o.Segments, seg)
	}
	return o
}

func meanPlace(s *SegmentStats, act string) float64 {
	if n := s.Events[act]; n > 0 {
		return s.Positions[act] / float64(n)
	}
	return 0
}

// stages assigns each activity a stage: goals to the goal stage;
// activities most of whose events come after their case's first goal to
// after-goal; the others to first-contact when their mean place in their
// cases is in the first third, else to consideration.
func (b *builder) stages(acts []string) map[string]string {
	t := b.total
	out := make(map[string]string, len(acts))
	for _, act := range acts {
		switch {
		case b.goal[act]:
			out[act] = StageGoal
		case 2*t.AfterGoal[act] > t.Events[act]:
			out[act] = StageAfterGoal
		case meanPlace(t, act) < 1.0/3:
			out[act] = StageFirstContact
		default:
			out[act] = StageConsideration
		}
	}
	return out
}

// mineStages are the stages of a mined journey, in order.
var mineStages = []journey.Stage{
	{ID: StageFirstContact, Name: "First contact", Phase: journey.Awareness},
	{ID: StageConsideration, Name: "Consideration", Phase: journey.Consideration},
	{ID: StageGoal, Name: "Goal", Phase: journey.Decision},
	{ID: StageAfterGoal, Name: "After the goal", Phase: journey.Loyalty},
}

// stagesUsed returns the stages that have steps, in order.
func stagesUsed(acts []string, stageOf map[string]string) []journey.Stage {
	used := map[string]bool{}
	for _, act := range acts {
		used[stageOf[act]] = true
	}
	var out []journey.Stage
	for _, s := range mineStages {
		if used[s.ID] {
			out = append(out, s)
		}
	}
	return out
}
