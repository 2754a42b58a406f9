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

// denseStates is the largest number of states whose transitions are added up
// in a dense matrix rather than a hash map.
const denseStates = 1024

// chain is the Markov chain of a set of paths, with the heuristics' sums,
// built in one pass over the paths.
type chain struct {
	names               []string // channel names by channel id
	conv, null, value   float64
	first, last, linear []float64 // heuristics by channel id
	longest             int       // most touches on a path
	distinctPaths       int

	states     int       // number of states, fixed ones included
	stateChans [][]int32 // per state from stateFirst: its distinct channels
	from, to   []int32   // the transitions, sorted by (from, to)
	weight     []float64 // their weights
}

// buildChain aggregates paths (already checked) into the chain of the given
// order and the heuristics' sums, in one pass over the paths.
func buildChain(paths []Path, order int) (*chain, error) {
	ch := &chain{distinctPaths: len(paths)}
	ids := make(map[string]int32)
	var touch, seq []int32
	sb := newStateBuilder(order)
	var acc edgeAcc
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
		w := p.Conversions + p.Nulls
		if w <= 0 {
			continue
		}
		seq = sb.append(seq[:0], touch)
		prev := int32(stateStart)
		for _, st := range seq {
			acc.add(prev, st, w)
			prev = st
		}
		if p.Conversions > 0 {
			acc.add(prev, stateConv, p.Conversions)
		}
		if p.Nulls > 0 {
			acc.add(prev, stateNull, p.Nulls)
		}
	}
	ch.states = stateFirst + sb.count()
	ch.stateChans = sb.channels
	ch.from, ch.to, ch.weight = acc.edges()
	return ch, nil
}

// edgeAcc adds up the weights of transitions: in a dense matrix while the
// states are few, in a hash map after.
type edgeAcc struct {
	dense  []float64 // denseStates × denseStates, row-major; nil when sparse
	sparse map[uint64]float64
}

func (a *edgeAcc) add(from, to int32, w float64) {
	if a.sparse == nil {
		if from < denseStates && to < denseStates {
			if a.dense == nil {
				a.dense = make([]float64, denseStates*denseStates)
			}
			a.dense[int(from)*denseStates+int(to)] += w
			return
		}
		a.sparse = make(map[uint64]float64)
		for k, x := range a.dense {
			if x != 0 {
				a.sparse[uint64(k/denseStates)<<32|uint64(k%denseStates)] = x
			}
		}
		a.dense = nil
	}
	a.sparse[uint64(from)<<32|uint64(to)] += w
}

// edges returns the transitions with a weight, sorted by (from, to).
func (a *edgeAcc) edges() (from, to []int32, weight []float64) {
	if a.sparse == nil {
		for k, x := range a.dense {
			if x > 0 {
				from = append(from, int32(k/denseStates))
				to = append(to, int32(k%denseStates))
				weight = append(weight, x)
			}
		}
		return from, to, weight
	}
	keys := make([]uint64, 0, len(a.sparse))
	for k := range a.sparse {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		from = append(from, int32(k>>32))
		to = append(to, int32(uint32(k)))
		weight = append(weight, a.sparse[k])
	}
	return from, to, weight
}

// stateBuilder numbers the windows of order consecutive touches.
type stateBuilder struct {
	order    int
	ids      map[string]int32
	key      []byte
	channels [][]int32 // per window state: its distinct channels
	maxID    int32     // order 1: the highest channel id seen
}

func newStateBuilder(order int) *stateBuilder {
	return &stateBuilder{order: order, ids: make(map[string]int32), maxID: -1}
}

// count returns the number of window states.
func (sb *stateBuilder) count() int {
	if sb.order == 1 {
		return int(sb.maxID) + 1
	}
	return len(sb.channels)
}

// append appends to seq the states of the path with the channel ids touch,
// consecutive repeats collapsed.
func (sb *stateBuilder) append(seq []int32, touch []int32) []int32 {
	prev := int32(-1)
	if sb.order == 1 {
		// A window is a channel: its state is the channel's id moved past
		// the fixed states.
		for _, id := range touch {
			s := id + stateFirst
			if s != prev {
				seq = append(seq, s)
				prev = s
			}
			if id > sb.maxID {
				for c := sb.maxID + 1; c <= id; c++ {
					sb.channels = append(sb.channels, []int32{c})
				}
				sb.maxID = id
			}
		}
		return seq
	}
	n := len(touch) - sb.order + 1
	if n < 1 {
		n = 1
	}
	for i := range n {
		w := touch[i:min(i+sb.order, len(touch))]
		s := sb.state(w)
		if s != prev {
			seq = append(seq, s)
			prev = s
		}
	}
	return seq
}

// state returns the state of the window w, numbering it if it is new.
func (sb *stateBuilder) state(w []int32) int32 {
	sb.key = sb.key[:0]
	for _, id := range w {
		sb.key = binary.AppendUvarint(sb.key, uint64(id))
	}
	if s, ok := sb.ids[string(sb.key)]; ok {
		return s
	}
	s := int32(stateFirst + len(sb.channels))
	sb.ids[string(sb.key)] = s
	cs := slices.Clone(w)
	slices.Sort(cs)
	sb.channels = append(sb.channels, slices.Compact(cs))
	return s
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
