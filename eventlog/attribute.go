package eventlog

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Problem codes of attribution and of path tables, besides CodeMissingColumn,
// CodeRaggedRow and CodeBadQuote, which path tables share with logs. Errors
// carry them in
// Problem values; warnings (Attribution.Warnings, PathTable.Warnings) too.
const (
	// CodeEmptyPath: a path with no channel.
	CodeEmptyPath = "empty-path"
	// CodeEmptyChannel: a channel between two ">" that is empty or blank
	// ("a > > b").
	CodeEmptyChannel = "empty-channel"
	// CodeDanglingSeparator: a path that starts or ends with ">".
	CodeDanglingSeparator = "dangling-separator"
	// CodeBadNumber: a count or value that is not a number (or is NaN or
	// infinite).
	CodeBadNumber = "bad-number"
	// CodeNegativeCount: a count or value below zero.
	CodeNegativeCount = "negative-count"
	// CodeDuplicateColumn: a column named twice in a path table's header,
	// or a role's column (case, activity, time, ...) named twice in a log's.
	CodeDuplicateColumn = "duplicate-column"
	// CodeTooManyChannels: more than 2^30 distinct channels.
	CodeTooManyChannels = "too-many-channels"
	// CodeBadOrder: an AttributionOptions.Order below zero.
	CodeBadOrder = "bad-order"
	// CodeMissingGoal: attribution from cases without any goal activity.
	CodeMissingGoal = "missing-goal"

	// CodeDuplicatePath (warning): a path listed on more than one row; the
	// rows' counts and values are added up.
	CodeDuplicatePath = "duplicate-path"
	// CodeSimilarChannels (warning): channels whose names differ only in
	// letter case or spaces. They are kept apart, as ChannelAttribution
	// keeps them, and the warning names them so that a typo is seen.
	CodeSimilarChannels = "similar-channels"
	// CodeMissingNulls (warning): a path table without total_null: every
	// path counts as converting only, and the conversion rate is 1.
	CodeMissingNulls = "missing-nulls"
	// CodeOrderAboveLongest (warning): an order above the longest path's
	// length, so that each path is a single state of the chain.
	CodeOrderAboveLongest = "order-above-longest"
	// CodeNoTouch (warning): cases with no touch before their goal (or no
	// touch at all), left out of the paths.
	CodeNoTouch = "no-touch"
	// CodeGoalNotSeen (warning): a goal activity that no event of the log
	// has (a typo in --goal?).
	CodeGoalNotSeen = "goal-not-seen"
	// CodeSkippedRows (warning): bad rows of a log left out.
	CodeSkippedRows = "skipped-rows"
)

// Path is one row of a ChannelAttribution path table: the channels a group of
// customers touched, in order, how many of them converted (Conversions) and
// how many did not (Nulls), and the total value of their conversions.
// Conversions and Nulls are counts but may be fractional (weighted data);
// none may be negative.
type Path struct {
	// Channels are the channels touched, in order.
	Channels []string
	// Conversions counts the customers of the path who converted.
	Conversions float64
	// Nulls counts the customers of the path who did not convert.
	Nulls float64
	// Value is the total value of the path's conversions.
	Value float64
}

// AttributionOptions are the options of Attribute. The zero value is the
// default.
type AttributionOptions struct {
	// Order is the order of the Markov chain: its states are the sliding
	// windows of Order consecutive touches. 0 means 1.
	Order int
}

// Attribution is the multi-touch attribution of a set of paths, with the
// JSON keys of the journeymap attribute command.
type Attribution struct {
	// Order is the Markov order used.
	Order int `json:"order"`
	// Paths is the number of paths attributed (a path table's paths after
	// duplicate rows were added up).
	Paths int `json:"paths"`
	// Conversions is the total of the paths' conversions.
	Conversions float64 `json:"conversions"`
	// Nulls is the total of the paths' nulls.
	Nulls float64 `json:"nulls"`
	// Value is the total of the paths' values.
	Value float64 `json:"value"`
	// ConversionRate is Conversions / (Conversions + Nulls), 0 when both
	// are 0.
	ConversionRate float64 `json:"conversion_rate"`
	// Channels holds one entry per channel, sorted by channel name (byte
	// order).
	Channels []ChannelCredit `json:"channels"`
	// Times is how long cases took to convert, when the paths come from an
	// event log (LogPaths.Times); nil for a path table.
	Times *ConversionTimes `json:"time_to_convert,omitempty"`
	// Warnings are things worth knowing that did not stop the attribution
	// (CodeSimilarChannels, CodeOrderAboveLongest; the command adds the path
	// table's or the log's).
	Warnings Problems `json:"warnings,omitempty"`
}

// ChannelCredit is what one channel is credited with.
type ChannelCredit struct {
	// Channel is the channel's name, as the paths write it.
	Channel string `json:"channel"`
	// RemovalEffect is 1 − P(conversion without the channel) /
	// P(conversion) in the Markov chain, where customers arriving at a
	// state that holds the channel leave without converting. 0 when
	// nothing converts.
	RemovalEffect float64 `json:"removal_effect"`
	// Markov is the channel's share of the removal effects (its removal
	// effect over their sum) times the conversions.
	Markov float64 `json:"markov"`
	// MarkovValue is the same share as Markov's times the total value.
	MarkovValue float64 `json:"markov_value"`
	// FirstTouch is the conversions credited by the first-touch heuristic
	// model over the converting paths: each path's conversions go to its
	// first channel.
	FirstTouch float64 `json:"first_touch"`
	// LastTouch is the conversions credited by the last-touch heuristic
	// model: each converting path's conversions go to its last channel.
	LastTouch float64 `json:"last_touch"`
	// Linear is the conversions credited by the linear heuristic model:
	// each converting path's conversions are split equally over its
	// touches (repeats counted: a > a > b gives a 2/3 and b 1/3).
	Linear float64 `json:"linear"`
}

// Attribute attributes the conversions of paths to their channels, as the R
// and Python package ChannelAttribution defines it (markov_model and
// heuristic_models), but solving the Markov chain exactly instead of
// simulating it.
//
// The chain has a start state, one state per window of Order consecutive
// touches of a path (a path shorter than Order is one window of its own), a
// conversion state and a null state. A path's windows, taken from its
// touches as written and with consecutive equal windows counted once (at
// order 1: repeats of a channel collapsed; at order 2, a > a > b has the
// windows (a a) and (a b), as in ChannelAttribution), are linked start →
// first → ... → last, each link weighing the path's conversions plus nulls;
// the last window links to conversion with the path's conversions and to
// null with its nulls. Transition probabilities are the links' weights over
// the state's total. A channel's removal effect is 1 − P(conversion when
// every state holding the channel sends its customers to null) /
// P(conversion), which equals the chance that a converting customer of the
// chain visited the channel: what ChannelAttribution's simulation estimates.
// Each chain is solved exactly (strongly connected components solved in
// order, by Gaussian elimination or, for large ones, an iterative solver to
// a residual of 1e-12).
//
// A channel of a window is credited when the window is visited: the
// removal of a channel removes every window holding it.
//
// Attribute returns Problems, with CodeEmptyPath, CodeEmptyChannel,
// CodeBadNumber, CodeNegativeCount or CodeBadOrder, when the input is
// invalid; Row in each is the offending path's position in paths, 1-based,
// and Column the field ("conversions", "nulls", "value") where it is one.
// Identical paths simply add up (ReadPathTable says which rows repeat).
// Figures are defined for any valid input: with no conversions every
// removal effect and credit is 0.
func Attribute(paths []Path, opts AttributionOptions) (*Attribution, error) {
	return AttributeContext(context.Background(), paths, opts)
}

// AttributeContext is Attribute with a context that stops the solve when it
// is done.
func AttributeContext(ctx context.Context, paths []Path, opts AttributionOptions) (*Attribution, error) {
	order := opts.Order
	if order == 0 {
		order = 1
	}
	var probs Problems
	if order < 0 {
		probs = append(probs, Problem{Code: CodeBadOrder, Message: fmt.Sprintf("order %d is below 1", opts.Order)})
	}
	probs = append(probs, checkPaths(paths)...)
	if len(probs) > 0 {
		return nil, probs
	}
	ch, err := buildChain(paths, order)
	if err != nil {
		return nil, err
	}
	if math.IsInf(ch.conv+ch.null, 0) || math.IsInf(ch.value, 0) {
		return nil, Problems{{Code: CodeBadNumber, Message: "the paths' counts or values add up to more than a float64 holds"}}
	}
	a := &Attribution{
		Order:       order,
		Paths:       ch.distinctPaths,
		Conversions: ch.conv,
		Nulls:       ch.null,
		Value:       ch.value,
	}
	if t := ch.conv + ch.null; t > 0 {
		a.ConversionRate = ch.conv / t
	}
	re, err := ch.removalEffects(ctx)
	if err != nil {
		return nil, err
	}
	a.Channels = ch.credits(re)
	a.Warnings = append(a.Warnings, ch.warnings(order)...)
	return a, nil
}

// checkPaths returns the problems of paths: empty paths or channels, bad
// numbers.
func checkPaths(paths []Path) Problems {
	var probs Problems
	for i, p := range paths {
		if len(p.Channels) > 0 && p.Conversions >= 0 && p.Nulls >= 0 && p.Value >= 0 &&
			!math.IsInf(p.Conversions+p.Nulls+p.Value, 0) && !blankChannel(p.Channels) {
			continue // the common case, checked without allocating
		}
		if len(p.Channels) == 0 {
			probs = append(probs, Problem{Code: CodeEmptyPath, Row: int64(i + 1), Message: "path has no channel"})
		}
		for j, c := range p.Channels {
			if strings.TrimSpace(c) == "" {
				probs = append(probs, Problem{Code: CodeEmptyChannel, Row: int64(i + 1), Message: fmt.Sprintf("channel %d of path %d is empty", j+1, i+1)})
			}
		}
		for _, f := range [...]struct {
			name string
			v    float64
		}{{"conversions", p.Conversions}, {"nulls", p.Nulls}, {"value", p.Value}} {
			switch {
			case math.IsNaN(f.v) || math.IsInf(f.v, 0):
				probs = append(probs, Problem{Code: CodeBadNumber, Row: int64(i + 1), Column: f.name, Message: fmt.Sprintf("%s %v is not a finite number", f.name, f.v)})
			case f.v < 0:
				probs = append(probs, Problem{Code: CodeNegativeCount, Row: int64(i + 1), Column: f.name, Message: fmt.Sprintf("%s %v is negative", f.name, f.v)})
			}
		}
	}
	return probs
}

// blankChannel reports whether a channel is empty or white space.
func blankChannel(channels []string) bool {
	for _, c := range channels {
		if c == "" || strings.TrimSpace(c) == "" {
			return true
		}
	}
	return false
}

// credits turns the removal effects and the heuristics' sums into the
// channels' credits, sorted by name.
func (ch *chain) credits(re []float64) []ChannelCredit {
	var sum float64
	for _, r := range re {
		sum += r
	}
	out := make([]ChannelCredit, len(ch.names))
	for i, name := range ch.names {
		c := ChannelCredit{
			Channel:       name,
			RemovalEffect: re[i],
			FirstTouch:    ch.first[i],
			LastTouch:     ch.last[i],
			Linear:        ch.linear[i],
		}
		if sum > 0 {
			share := re[i] / sum
			c.Markov = share * ch.conv
			c.MarkovValue = share * ch.value
		}
		out[i] = c
	}
	slices.SortFunc(out, func(a, b ChannelCredit) int { return strings.Compare(a.Channel, b.Channel) })
	return out
}
