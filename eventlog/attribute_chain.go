package eventlog

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/journeymap/journeymap/internal/graphalg"
)

// The chain's fixed states; the states of channel windows follow.
const (
	stateStart = 0
	stateConv  = 1
	stateNull  = 2
	stateFirst = 3
)

// chain is the Markov chain of a set of paths, with the heuristics' sums,
// built in one pass over the paths.
type chain struct {
	names               []string // channel names by channel id
	conv, null, value   float64
	first, last, linear []float64 // heuristics by channel id
	longest             int       // most touches on a path
	distinctPaths       int

	states     int       // number of states, fixed ones included
	stateChans [][]int32 // per window state (from stateFirst): its distinct channels
	from, to   []int32   // the transitions
	weight     []float64 // their weights
}

// buildChain aggregates paths (already checked) into the chain of the given
// order and the heuristics' sums, in one pass over the paths.
//
// The windows of a path are found as an automaton walks it: from a window
// state, the next touch leads to the state of the window shifted by one,
// which each state remembers per channel once it has been seen, with the
// transition's index. So a touch costs a short scan of its state's
// successors, not the hashing of a window.
func buildChain(paths []Path, order int) (*chain, error) {
	ch := &chain{distinctPaths: len(paths)}
	ids := make(map[string]int32)
	var touch []int32
	au := newAutomaton(order)
	for _, p := range paths {
		touch = touch[:0]
		for _, name := range p.Channels {
			id, ok := ids[name]
			if !ok {
				if len(ch.names) >= 1<<30 {
					return nil, Problems{{Code: CodeTooManyChannels, Message: "more than 2^30 channels"}}
				}
				id = int32(len(ch.names))
				ids[name] = id
				ch.names = append(ch.names, name)
				ch.first = append(ch.first, 0)
				ch.last = append(ch.last, 0)
				ch.linear = append(ch.linear, 0)
			}
			touch = append(touch, id)
		}
		ch.longest = max(ch.longest, len(touch))
		ch.conv += p.Conversions
		ch.null += p.Nulls
		ch.value += p.Value
		if c := p.Conversions; c > 0 {
			ch.first[touch[0]] += c
			ch.last[touch[len(touch)-1]] += c
			per := c / float64(len(touch))
			for _, id := range touch {
				ch.linear[id] += per
			}
		}
		if p.Conversions+p.Nulls > 0 {
			au.walk(touch, p.Conversions, p.Nulls)
		}
	}
	ch.states = stateFirst + len(au.windows)
	ch.stateChans = make([][]int32, len(au.windows))
	for i, w := range au.windows {
		cs := slices.Clone(w)
		slices.Sort(cs)
		ch.stateChans[i] = slices.Compact(cs)
	}
	ch.from, ch.to, ch.weight = au.transitions()
	return ch, nil
}

// automaton numbers the windows of order consecutive touches and adds up
// the transitions between them.
type automaton struct {
	order   int
	ids     map[string]int32 // a window's key → its state
	single  []int32          // a window of one touch: its state by channel id, or -1
	key     []byte
	windows [][]int32 // per window state: its touches in order
	succ    [][]succ  // per window state: the states the next touch leads to
	// The transitions between windows; the weights from the start and to
	// conversion and null by window state.
	from, to          []int32
	weight            []float64
	start, conv, null []float64
	scratch           []int32
}

// succ is where a touch of channel ch leads from a window state: to state
// to along transition edge (-1: the same state, a repeat collapsed).
type succ struct{ ch, to, edge int32 }

func newAutomaton(order int) *automaton {
	return &automaton{order: order, ids: make(map[string]int32)}
}

// walk adds the path with channel ids touch, weighing its transitions
// conv+null, and its conversions and nulls at its last state.
func (au *automaton) walk(touch []int32, conv, null float64) {
	w := conv + null
	k := min(au.order, len(touch))
	s := au.state(touch[:k])
	au.start[s] += w
	for _, c := range touch[k:] {
		s = au.next(s, c, w)
	}
	au.conv[s] += conv
	au.null[s] += null
}

// next returns the state a touch of channel c leads to from window state s,
// adding w to the transition's weight.
func (au *automaton) next(s, c int32, w float64) int32 {
	succs := au.succ[s]
	for i, x := range succs {
		if x.ch == c {
			if x.edge >= 0 {
				au.weight[x.edge] += w
			}
			if i > 0 {
				// Move it up one place: frequent successors end up
				// first, and scans short.
				succs[i-1], succs[i] = succs[i], succs[i-1]
			}
			return x.to
		}
	}
	win := au.windows[s]
	au.scratch = append(append(au.scratch[:0], win[1:]...), c)
	t := au.state(au.scratch)
	edge := int32(-1)
	if t != s {
		edge = int32(len(au.weight))
		au.from = append(au.from, s+stateFirst)
		au.to = append(au.to, t+stateFirst)
		au.weight = append(au.weight, w)
	}
	au.succ[s] = append(au.succ[s], succ{ch: c, to: t, edge: edge})
	return t
}

// state returns the window state of the touches w, numbering it if new.
func (au *automaton) state(w []int32) int32 {
	if len(w) == 1 {
		// Windows of one touch, all of them at order 1, are looked up by
		// channel id.
		c := w[0]
		for int(c) >= len(au.single) {
			au.single = append(au.single, -1)
		}
		if s := au.single[c]; s >= 0 {
			return s
		}
		s := au.newState(w)
		au.single[c] = s
		return s
	}
	au.key = au.key[:0]
	for _, id := range w {
		au.key = binary.AppendUvarint(au.key, uint64(id))
	}
	if s, ok := au.ids[string(au.key)]; ok {
		return s
	}
	s := au.newState(w)
	au.ids[string(au.key)] = s
	return s
}

// newState numbers a new window state of the touches w.
func (au *automaton) newState(w []int32) int32 {
	s := int32(len(au.windows))
	au.windows = append(au.windows, slices.Clone(w))
	au.succ = append(au.succ, nil)
	au.start = append(au.start, 0)
	au.conv = append(au.conv, 0)
	au.null = append(au.null, 0)
	return s
}

// transitions returns every transition with a weight: from the start,
// between windows (in the order they were first taken) and to conversion
// and null.
func (au *automaton) transitions() (from, to []int32, weight []float64) {
	for s, x := range au.start {
		if x > 0 {
			from, to, weight = append(from, stateStart), append(to, int32(s)+stateFirst), append(weight, x)
		}
	}
	from, to, weight = append(from, au.from...), append(to, au.to...), append(weight, au.weight...)
	for s := range au.windows {
		if x := au.conv[s]; x > 0 {
			from, to, weight = append(from, int32(s)+stateFirst), append(to, stateConv), append(weight, x)
		}
		if x := au.null[s]; x > 0 {
			from, to, weight = append(from, int32(s)+stateFirst), append(to, stateNull), append(weight, x)
		}
	}
	return from, to, weight
}

// removalEffects solves the chain once whole and once without each channel,
// and returns the channels' removal effects by channel id.
func (ch *chain) removalEffects(ctx context.Context) ([]float64, error) {
	re := make([]float64, len(ch.names))
	if ch.conv == 0 {
		return re, nil
	}
	g, edgeID := graphalg.NewIndexed(ch.states, ch.from, ch.to)
	out := make([]float64, ch.states)
	for i, f := range ch.from {
		out[f] += ch.weight[i]
	}
	prob := make([]float64, len(g.Adj))
	for i, e := range edgeID {
		prob[e] = ch.weight[i] / out[ch.from[i]]
	}
	start := make([]float64, ch.states)
	start[stateStart] = 1
	absorbing := make([]bool, ch.states)
	absorbing[stateConv], absorbing[stateNull] = true, true
	visits, _, err := graphalg.Absorb(ctx, g, prob, absorbing, start)
	if err != nil {
		return nil, fmt.Errorf("eventlog: solving the attribution chain: %w", err)
	}
	p := visits[stateConv]
	if p <= 0 {
		return re, nil
	}
	// The states that hold each channel.
	holds := make([][]int32, len(ch.names))
	for i, cs := range ch.stateChans {
		for _, c := range cs {
			holds[c] = append(holds[c], int32(stateFirst+i))
		}
	}
	for c := range ch.names {
		if len(holds[c]) == 0 {
			continue // only on paths of weight 0: never in the chain
		}
		for _, s := range holds[c] {
			absorbing[s] = true
		}
		visits, _, err := graphalg.Absorb(ctx, g, prob, absorbing, start)
		if err != nil {
			return nil, fmt.Errorf("eventlog: solving the attribution chain without %q: %w", ch.names[c], err)
		}
		for _, s := range holds[c] {
			absorbing[s] = false
		}
		r := 1 - visits[stateConv]/p
		re[c] = min(max(r, 0), 1)
	}
	return re, nil
}

// warnings returns the chain's warnings: an order above the longest path,
// channels that differ only in case or spaces.
func (ch *chain) warnings(order int) Problems {
	var ws Problems
	if order > 1 && order > ch.longest && ch.longest > 0 {
		ws = append(ws, Problem{Code: CodeOrderAboveLongest, Message: fmt.Sprintf("order %d is above the longest path (%d touches): each path is one state of the chain", order, ch.longest)})
	}
	for _, group := range similarNames(ch.names) {
		ws = append(ws, Problem{Code: CodeSimilarChannels, Message: fmt.Sprintf("channels %s differ only in letter case or spaces; they are kept apart", quoteList(group))})
	}
	return ws
}

// similarNames returns the groups of two or more names that are equal once
// lower-cased and stripped of white space, each sorted, in order of their
// first name.
func similarNames(names []string) [][]string {
	byKey := make(map[string][]string)
	var keys []string
	for _, n := range names {
		k := strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return unicode.ToLower(r)
		}, n)
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], n)
	}
	var out [][]string
	for _, k := range keys {
		if g := byKey[k]; len(g) > 1 {
			slices.Sort(g)
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return out
}

func quoteList(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", n)
	}
	return b.String()
}
