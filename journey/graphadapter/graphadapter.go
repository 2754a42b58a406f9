// Package graphadapter gives a journey to github.com/dominikbraun/graph, for
// users who want that library's generic algorithms (shortest paths,
// topological sorts, strongly connected components, ...) on their journeys.
// It is an adapter apart from the model: package journey imports no graph
// library, and package analysis runs its own algorithms.
package graphadapter

import (
	"errors"
	"fmt"

	"github.com/dominikbraun/graph"

	"github.com/journeymap/journeymap/journey"
)

// StepHash is the hash function of the graph returned by Graph: a step is
// known by its ID.
func StepHash(s journey.Step) string { return s.ID }

// Graph returns the journey j as a github.com/dominikbraun/graph directed
// graph, for users who want its generic algorithms: one vertex per step,
// hashed by step ID with the Step as value, and one edge per pair of steps
// joined by transitions. The edge's Data holds the []journey.Transition between the
// two steps (more than one where transitions differ by persona).
//
// The graph is a copy: changing it does not change the journey. Graph fails
// on the problems Validate reports as duplicate-id, unknown-step and
// missing-id, and on a nil journey.
func Graph(j *journey.Journey) (graph.Graph[string, journey.Step], error) {
	if j == nil {
		return nil, errors.New("graphadapter: nil journey")
	}
	g := graph.New(StepHash, graph.Directed())
	for i, s := range j.Steps {
		if s.ID == "" {
			return nil, fmt.Errorf("graphadapter: steps[%d] has no id", i)
		}
		if err := g.AddVertex(s); err != nil {
			if errors.Is(err, graph.ErrVertexAlreadyExists) {
				return nil, fmt.Errorf("graphadapter: steps[%d]: duplicate step id %q", i, s.ID)
			}
			return nil, fmt.Errorf("graphadapter: steps[%d]: %w", i, err)
		}
	}
	for i, t := range j.Transitions {
		e, err := g.Edge(t.From, t.To)
		switch {
		case err == nil:
			ts, _ := e.Properties.Data.([]journey.Transition)
			ts = append(ts, t)
			if err := g.UpdateEdge(t.From, t.To, graph.EdgeData(ts)); err != nil {
				return nil, fmt.Errorf("graphadapter: transitions[%d]: %w", i, err)
			}
		case errors.Is(err, graph.ErrEdgeNotFound):
			if err := g.AddEdge(t.From, t.To, graph.EdgeData([]journey.Transition{t})); err != nil {
				if errors.Is(err, graph.ErrVertexNotFound) {
					return nil, fmt.Errorf("graphadapter: transitions[%d]: unknown step in %q -> %q", i, t.From, t.To)
				}
				return nil, fmt.Errorf("graphadapter: transitions[%d]: %w", i, err)
			}
		default:
			return nil, fmt.Errorf("graphadapter: transitions[%d]: %w", i, err)
		}
	}
	return g, nil
}
