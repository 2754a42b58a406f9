package eventlog

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/journeymap/journeymap/journey"
)

// Conformance is how well an event log follows a designed journey, as
// Conform measures it. Lists are never nil, so that their JSON is [] when
// empty.
//
// A case's moves are its start and each directly-follows pair of its events
// (ordered by time, file order breaking ties). The start is allowed when
// the case starts at an entry; a pair when the journey has that transition
// for the case's persona. A case's persona is its segment value when the
// journey has a persona with that ID; otherwise (no segment, or one that
// names no persona) the case is checked against the journey for all
// personas. "For a persona" is journey.ForPersona's view: the steps,
// transitions and entries that apply to the persona.
type Conformance struct {
	// Cases is the number of cases.
	Cases int64 `json:"cases"`
	// FittingCases is the number of cases all of whose moves are allowed.
	FittingCases int64 `json:"fitting_cases"`
	// Fitness is AllowedMoves / Moves: 1 when every move is allowed. Every
	// case has at least its start, so Moves > 0 whenever Cases > 0.
	Fitness float64 `json:"fitness"`
	// Moves is the number of moves of all cases: one per event (a case's
	// start and each of its directly-follows pairs).
	Moves int64 `json:"moves"`
	// AllowedMoves is the number of those moves that are allowed.
	AllowedMoves int64 `json:"allowed_moves"`
	// UnmodelledTransitions are the directly-follows moves not allowed, per
	// pair, most frequent first (ties by from, then to).
	UnmodelledTransitions []MoveCount `json:"unmodelled_transitions"`
	// UnmodelledActivities are the events whose activity is no step of
	// their case's journey, per activity, most frequent first.
	UnmodelledActivities []ActivityCount `json:"unmodelled_activities"`
	// UnvisitedSteps are the designed steps no event visits, in the
	// journey's order.
	UnvisitedSteps []string `json:"unvisited_steps"`
	// WrongStarts are the cases that start at no entry, per activity they
	// start at, most frequent first.
	WrongStarts []ActivityCount `json:"wrong_starts"`
	// Personas holds the same figures for the cases of each persona of the
	// journey that has cases, in the journey's order of personas.
	Personas []PersonaConformance `json:"personas"`
	// UnmatchedSegments are the segment values that name no persona of the
	// journey, with their cases: those cases were checked against the
	// journey for all personas.
	UnmatchedSegments []SegmentCases `json:"unmatched_segments,omitempty"`
	// Goals are the activities a case converts at: Options.Goals, else
	// the journey's goals.
	Goals []string `json:"goals"`
	// MissingGoals are the Goals no event has.
	MissingGoals []string `json:"missing_goals,omitempty"`
	// TimeToConvert is the conversion and the time to convert, in all, per
	// segment and per entry channel, as journeymap attribute reports it
	// (see ConversionTimes): a case's entry channel is the first channel
	// of its events before its first goal event, the touchpoint when the
	// log has a touchpoint column, else the activity. Cases with no such
	// channel are in no entry channel's figures.
	TimeToConvert *ConversionTimes `json:"time_to_convert"`
	// Read says how the log was read.
	Read *ReadStats `json:"read,omitempty"`
	// Observed are all the directly-follows moves, allowed or not, most
	// frequent first: what a picture of the traffic draws
	// (render.Overlay). They are left out of the JSON.
	Observed []MoveCount `json:"-"`
}

// PersonaConformance is Conformance's figures for the cases of one persona,
// checked against the journey as that persona sees it. UnvisitedSteps are
// the persona's steps that none of its cases visits.
type PersonaConformance struct {
	// Persona is the persona's ID.
	Persona string `json:"persona"`
	// Cases is the number of the persona's cases.
	Cases int64 `json:"cases"`
	// FittingCases is the number of them all of whose moves are allowed.
	FittingCases int64 `json:"fitting_cases"`
	// Fitness is AllowedMoves / Moves: 1 when every move is allowed.
	Fitness float64 `json:"fitness"`
	// Moves is the number of moves of the persona's cases.
	Moves int64 `json:"moves"`
	// AllowedMoves is the number of those moves that are allowed.
	AllowedMoves int64 `json:"allowed_moves"`
	// UnmodelledTransitions are the directly-follows moves not allowed,
	// as Conformance.UnmodelledTransitions.
	UnmodelledTransitions []MoveCount `json:"unmodelled_transitions"`
	// UnmodelledActivities are the events whose activity is no step of
	// the persona's journey, as Conformance.UnmodelledActivities.
	UnmodelledActivities []ActivityCount `json:"unmodelled_activities"`
	// UnvisitedSteps are the persona's steps that none of its cases
	// visits, in the journey's order.
	UnvisitedSteps []string `json:"unvisited_steps"`
	// WrongStarts are the cases that start at no entry of the persona's
	// journey, as Conformance.WrongStarts.
	WrongStarts []ActivityCount `json:"wrong_starts"`
	// Observed are the persona's cases' moves, as Conformance.Observed.
	Observed []MoveCount `json:"-"`
}

// MoveCount is a directly-follows pair with the number of moves along it.
type MoveCount struct {
	// From is the activity moved from.
	From string `json:"from"`
	// To is the activity of the event right after it.
	To string `json:"to"`
	// Count is the number of moves from From to To.
	Count int64 `json:"count"`
}

// SegmentCases is a segment value with its number of cases.
type SegmentCases struct {
	// Segment is the segment value, as written in the log.
	Segment string `json:"segment"`
	// Cases is the number of cases with that segment.
	Cases int64 `json:"cases"`
}

// Conform reads every event of r and checks the cases against j (see
// Conformance). Reading is as Mine's: opts.Read, SkipBadRows, MaxProblems,
// MaxRows, MaxCases and MaxActivities apply, and every problem of the log
// is reported at once as a Problems error. Goals are opts.Goals, else the
// journey's goals; they only count for TimeToConvert. The mining options
// (MinCount, TopSuccessors, Collapse, Window, Template) do not apply: every
// event is checked.
func Conform(j *journey.Journey, r Reader, opts Options) (*Conformance, error) {
	if j == nil {
		return nil, fmt.Errorf("eventlog: no journey to conform to")
	}
	opts.Collapse, opts.Window, opts.Template = false, 0, nil
	c := newCollector(opts)
	if err := c.readAll(r); err != nil {
		return nil, err
	}
	if d, ok := r.(Described); ok {
		c.stats.Columns = d.Columns()
		c.stats.TimeFormat = d.TimeFormat()
	}
	if c.n() == 0 {
		return nil, Problems{{File: c.file, Code: CodeEmptyLog, Message: "the log has no events"}}
	}
	goals := opts.Goals
	if len(goals) == 0 {
		goals = j.Goals
	}
	res := newConformer(c, j, goals).run()
	res.Goals = append([]string{}, goals...)
	for _, g := range goals {
		if _, ok := c.acts[g]; !ok && !slices.Contains(res.MissingGoals, g) {
			res.MissingGoals = append(res.MissingGoals, g)
		}
	}
	res.Read = &c.stats
	return res, nil
}

// ConformFile opens the log at path (see OpenFile) and checks it against j.
func ConformFile(j *journey.Journey, path string, opts Options) (*Conformance, error) {
	ro := opts.Read
	if ro.File == "" {
		ro.File = path
	}
	r, err := OpenFile(path, ro)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	opts.Read = ro
	res, err := Conform(j, r, opts)
	if err != nil {
		return nil, err
	}
	res.Read.Format = r.Format()
	return res, nil
}

// confView is the journey as one persona (or all) sees it, by the log's
// activity indices.
type confView struct {
	persona string
	steps   []string // the view's step IDs, in order
	isStep  []bool   // per activity
	entry   []bool   // per activity
	// allowed holds the allowed pairs: a bit per (from, to) when dense,
	// else a set of from<<16|to.
	dense  []uint64
	sparse map[uint32]struct{}
	nAct   int
}

// maxDenseBits bounds a view's dense pair bitset (16 MB).
const maxDenseBits = 1 << 27

func newConfView(j *journey.Journey, persona string, acts map[string]uint16, nAct int) *confView {
	if persona != "" {
		j = j.ForPersona(persona)
	}
	v := &confView{persona: persona, isStep: make([]bool, nAct), entry: make([]bool, nAct), nAct: nAct}
	seen := map[string]bool{}
	for _, s := range j.Steps {
		if s.ID == "" || seen[s.ID] {
			continue
		}
		seen[s.ID] = true
		v.steps = append(v.steps, s.ID)
		if a, ok := acts[s.ID]; ok {
			v.isStep[a] = true
		}
	}
	for _, e := range j.Entries {
		if a, ok := acts[e]; ok && seen[e] {
			v.entry[a] = true
		}
	}
	if nAct*nAct <= maxDenseBits {
		v.dense = make([]uint64, (nAct*nAct+63)/64)
	} else {
		v.sparse = map[uint32]struct{}{}
	}
	for _, t := range j.Transitions {
		a, okA := acts[t.From]
		b, okB := acts[t.To]
		if !okA || !okB || !seen[t.From] || !seen[t.To] {
			continue
		}
		if v.dense != nil {
			k := int(a)*nAct + int(b)
			v.dense[k>>6] |= 1 << (k & 63)
		} else {
			v.sparse[uint32(a)<<16|uint32(b)] = struct{}{}
		}
	}
	return v
}

func (v *confView) allows(a, b int32) bool {
	if v.dense != nil {
		k := int(a)*v.nAct + int(b)
		return v.dense[k>>6]&(1<<(k&63)) != 0
	}
	_, ok := v.sparse[uint32(a)<<16|uint32(b)]
	return ok
}

// confGroup accumulates the cases checked against one view.
type confGroup struct {
	view           *confView
	cases, fitting int64
	moves, allowed int64
	events, starts []int64 // per activity
	unmodelled     map[uint32]int64
	pairs          pairCounter     // every move
	segmentCases   map[int32]int64 // unmatched segments (group 0 only)
}

func newConfGroup(v *confView, nAct int) *confGroup {
	return &confGroup{view: v, events: make([]int64, nAct), starts: make([]int64, nAct), unmodelled: map[uint32]int64{},
		pairs: newPairCounter(nAct)}
}

// pairCounter counts moves per pair of activities: in a table when the
// activities are few, else in a map.
type pairCounter struct {
	nAct  int
	dense []int64
	m     map[uint32]int64
}

// maxDensePairs bounds a pairCounter's table (512 KB).
const maxDensePairs = 1 << 16

func newPairCounter(nAct int) pairCounter {
	if nAct*nAct <= maxDensePairs {
		return pairCounter{nAct: nAct, dense: make([]int64, nAct*nAct)}
	}
	return pairCounter{nAct: nAct, m: map[uint32]int64{}}
}

func (p *pairCounter) add(a, b int32) {
	if p.dense != nil {
		p.dense[int(a)*p.nAct+int(b)]++
		return
	}
	p.m[uint32(a)<<16|uint32(b)]++
}

// addTo adds the counts to m, keyed by from<<16|to.
func (p *pairCounter) addTo(m map[uint32]int64) {
	for i, n := range p.dense {
		if n > 0 {
			m[uint32(i/p.nAct)<<16|uint32(i%p.nAct)] += n
		}
	}
	for k, n := range p.m {
		m[k] += n
	}
}

// conformer walks the collected cases.
type conformer struct {
	c        *collector
	j        *journey.Journey
	goals    []string
	goal     []bool
	groups   []*confGroup // [0]: all personas; then one per persona with cases
	segGroup []int32      // per segment: the group index, -1 until known
	personas map[string]int
	w        *walker // for gather
	times    *convertTally
	// byTouchpoint: the entry channels are touchpoints, not activities;
	// blank marks the touchpoints (or activities) that are no channel.
	byTouchpoint bool
	blank        []bool
}

func newConformer(c *collector, j *journey.Journey, goals []string) *conformer {
	nAct := len(c.actNames)
	cf := &conformer{c: c, j: j, goals: goals, goal: make([]bool, nAct), personas: map[string]int{},
		w: &walker{c: c}}
	// Touchpoints are the channels when the log has a touchpoint column.
	cf.byTouchpoint = c.etp.n > 0 || c.stats.Columns.Touchpoint != ""
	if cf.byTouchpoint {
		cf.times = newConvertTally(len(c.segNames), len(c.tpNames), true)
		cf.blank = blankNames(c.tpNames)
	} else {
		cf.times = newConvertTally(len(c.segNames), nAct, false)
		cf.blank = blankNames(c.actNames)
	}
	for _, g := range goals {
		if a, ok := c.acts[g]; ok {
			cf.goal[a] = true
		}
	}
	for i, p := range j.Personas {
		if _, dup := cf.personas[p.ID]; !dup && p.ID != "" {
			cf.personas[p.ID] = i
		}
	}
	cf.groups = []*confGroup{newConfGroup(newConfView(j, "", c.acts, nAct), nAct)}
	cf.groups[0].segmentCases = map[int32]int64{}
	cf.segGroup = make([]int32, len(c.segNames))
	for s, name := range c.segNames {
		cf.segGroup[s] = 0
		if _, ok := cf.personas[name]; ok && name != "" {
			g := newConfGroup(newConfView(j, name, c.acts, nAct), nAct)
			cf.groups = append(cf.groups, g)
			cf.segGroup[s] = int32(len(cf.groups) - 1)
		}
	}
	return cf
}

// run checks every case and names the figures.
func (cf *conformer) run() *Conformance {
	c := cf.c
	c.eachCase(cf.w, func(seg int32) {
		act := cf.w.act
		g := cf.groups[cf.segGroup[seg]]
		if cf.segGroup[seg] == 0 && seg != 0 {
			g.segmentCases[seg]++
		}
		cf.checkCase(g, act)
		goalAt, entry := -1, int32(-1)
		for i, a := range act {
			if cf.goal[a] {
				goalAt = i
				break
			}
			if entry < 0 {
				ch := a
				if cf.byTouchpoint {
					ch = 0
					if len(cf.w.tp) > 0 {
						ch = cf.w.tp[i]
					}
				}
				if !cf.blank[ch] {
					entry = ch
				}
			}
		}
		var secs float64
		if goalAt >= 0 {
			secs = spanSeconds(cf.w.tim[0], cf.w.tim[goalAt])
		}
		cf.times.add(seg, entry, goalAt >= 0, secs)
	})
	return cf.result()
}

// checkCase checks the moves of one case, its activities in time order.
func (cf *conformer) checkCase(g *confGroup, act []int32) {
	v := g.view
	g.cases++
	g.starts[act[0]]++
	fit := v.entry[act[0]]
	g.moves += int64(len(act))
	if fit {
		g.allowed++
	}
	g.events[act[0]]++
	for i := 1; i < len(act); i++ {
		a, b := act[i-1], act[i]
		g.events[b]++
		g.pairs.add(a, b)
		if v.allows(a, b) {
			g.allowed++
			continue
		}
		fit = false
		g.unmodelled[uint32(a)<<16|uint32(b)]++
	}
	if fit {
		g.fitting++
	}
}

// result names the figures of every group and adds them up.
func (cf *conformer) result() *Conformance {
	names := cf.c.actNames
	nAct := len(names)
	out := &Conformance{Personas: []PersonaConformance{}}
	totalEvents := make([]int64, nAct)
	unmodAct := map[string]int64{}
	unmodPair, observed := map[uint32]int64{}, map[uint32]int64{}
	wrong := map[string]int64{}
	for _, g := range cf.groups {
		p := cf.figures(g)
		out.Cases += p.Cases
		out.FittingCases += p.FittingCases
		out.Moves += p.Moves
		out.AllowedMoves += p.AllowedMoves
		for a, n := range g.events {
			totalEvents[a] += n
		}
		for _, x := range p.UnmodelledActivities {
			unmodAct[x.Activity] += x.Count
		}
		for k, n := range g.unmodelled {
			unmodPair[k] += n
		}
		g.pairs.addTo(observed)
		for _, x := range p.WrongStarts {
			wrong[x.Activity] += x.Count
		}
		if g.view.persona != "" && g.cases > 0 {
			out.Personas = append(out.Personas, p)
		}
	}
	slices.SortStableFunc(out.Personas, func(x, y PersonaConformance) int {
		return cmp.Compare(cf.personas[x.Persona], cf.personas[y.Persona])
	})
	out.Fitness = ratio(out.AllowedMoves, out.Moves)
	out.UnmodelledTransitions = moveCounts(unmodPair, names)
	out.Observed = moveCounts(observed, names)
	out.UnmodelledActivities = activityCounts(unmodAct)
	out.WrongStarts = activityCounts(wrong)
	out.UnvisitedSteps = unvisited(cf.groups[0].view.steps, cf.c.acts, totalEvents)
	for s, n := range cf.groups[0].segmentCases {
		out.UnmatchedSegments = append(out.UnmatchedSegments, SegmentCases{cf.c.segNames[s], n})
	}
	slices.SortFunc(out.UnmatchedSegments, func(x, y SegmentCases) int { return cmp.Compare(x.Segment, y.Segment) })
	out.TimeToConvert = cf.times.result(cf.c, cf.personas)
	return out
}

// figures names one group's figures.
func (cf *conformer) figures(g *confGroup) PersonaConformance {
	names := cf.c.actNames
	p := PersonaConformance{Persona: g.view.persona, Cases: g.cases, FittingCases: g.fitting, Moves: g.moves,
		AllowedMoves: g.allowed, Fitness: ratio(g.allowed, g.moves)}
	unmodAct, wrong := map[string]int64{}, map[string]int64{}
	for a, n := range g.events {
		if n > 0 && !g.view.isStep[a] {
			unmodAct[names[a]] = n
		}
	}
	for a, n := range g.starts {
		if n > 0 && !g.view.entry[a] {
			wrong[names[a]] = n
		}
	}
	p.UnmodelledTransitions = moveCounts(g.unmodelled, names)
	if g.view.persona != "" {
		own := map[uint32]int64{}
		g.pairs.addTo(own)
		p.Observed = moveCounts(own, names)
	}
	p.UnmodelledActivities = activityCounts(unmodAct)
	p.WrongStarts = activityCounts(wrong)
	p.UnvisitedSteps = unvisited(g.view.steps, cf.c.acts, g.events)
	return p
}

// ratio is a / b, 0 when b is 0.
func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func moveCounts(m map[uint32]int64, names []string) []MoveCount {
	out := make([]MoveCount, 0, len(m))
	for k, n := range m {
		out = append(out, MoveCount{From: names[k>>16], To: names[k&0xffff], Count: n})
	}
	slices.SortFunc(out, func(x, y MoveCount) int {
		if c := cmp.Compare(y.Count, x.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(x.From, y.From); c != 0 {
			return c
		}
		return cmp.Compare(x.To, y.To)
	})
	return out
}

func activityCounts(m map[string]int64) []ActivityCount {
	out := make([]ActivityCount, 0, len(m))
	for a, n := range m {
		out = append(out, ActivityCount{a, n})
	}
	sortActivityCounts(out)
	return out
}

// unvisited returns the steps with no events, in order.
func unvisited(steps []string, acts map[string]uint16, events []int64) []string {
	out := []string{}
	for _, s := range steps {
		if a, ok := acts[s]; !ok || events[a] == 0 {
			out = append(out, s)
		}
	}
	return out
}
