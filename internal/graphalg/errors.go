package graphalg

import (
	"errors"
	"fmt"
)

// Code classifies an Error.
type Code string

// The codes of Error.
const (
	// CodeGraph: a malformed Graph (see Graph.Check).
	CodeGraph Code = "bad-graph"
	// CodeVertex: a vertex id outside 0..N-1.
	CodeVertex Code = "bad-vertex"
	// CodeLength: a per-vertex or per-edge slice of the wrong length.
	CodeLength Code = "bad-length"
	// CodeCost: a negative vertex cost, or one so large that path costs
	// could overflow.
	CodeCost Code = "bad-cost"
	// CodeProbability: an edge probability or start weight that is NaN,
	// infinite or negative, or out-probabilities summing to more than 1.
	CodeProbability Code = "bad-probability"
	// CodeNoConvergence: the iterative solver of a large strongly
	// connected component did not reach its tolerance.
	CodeNoConvergence Code = "no-convergence"
	// CodeInternal: a broken internal invariant; please report it.
	CodeInternal Code = "internal"
	// CodeK: a k outside 0..MaxK.
	CodeK Code = "bad-k"
	// CodeWorkLimit: an algorithm stopped at its internal work limit; its
	// results so far are returned with the error.
	CodeWorkLimit Code = "work-limit"
)

// Error is the error returned for bad input and for a search cut short by
// its work limit. Index is the offending vertex, edge or list position, or
// -1 when none applies.
type Error struct {
	Code  Code
	Arg   string // the argument at fault, e.g. "sources" or "prob"
	Index int
	Msg   string
}

// Error implements error.
func (e *Error) Error() string {
	if e.Index >= 0 {
		return fmt.Sprintf("graphalg: %s: %s[%d]: %s", e.Code, e.Arg, e.Index, e.Msg)
	}
	return fmt.Sprintf("graphalg: %s: %s: %s", e.Code, e.Arg, e.Msg)
}

// Is reports whether target is the sentinel of e's code, so that
// errors.Is(err, ErrWorkLimit) works.
func (e *Error) Is(target error) bool {
	return target == ErrWorkLimit && e.Code == CodeWorkLimit
}

// ErrWorkLimit matches (with errors.Is) the Error returned by KBest when its
// internal work limit cut the search short; the paths found so far, which
// are the best ones in order, are returned with it.
var ErrWorkLimit = errors.New("graphalg: work limit reached")

// checkVertices returns an Error for a malformed g, or for the first
// vertex of vs outside g.
func checkVertices(g *Graph, arg string, vs []int32) error {
	if err := g.Check(); err != nil {
		return err
	}
	for i, v := range vs {
		if !g.valid(v) {
			return &Error{Code: CodeVertex, Arg: arg, Index: i, Msg: fmt.Sprintf("vertex %d not in 0..%d", v, g.N-1)}
		}
	}
	return nil
}

// checkLen returns an Error when a slice does not have the wanted length.
func checkLen(arg string, got, want int) error {
	if got != want {
		return &Error{Code: CodeLength, Arg: arg, Index: -1, Msg: fmt.Sprintf("length %d, want %d", got, want)}
	}
	return nil
}
