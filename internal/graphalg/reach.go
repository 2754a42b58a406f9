package graphalg

import "context"

// Reach returns, for each vertex of g, whether it can be reached from any of
// the sources (a source reaches itself). It is a breadth-first search in
// O(N+E) time.
func Reach(ctx context.Context, g *Graph, sources []int32) ([]bool, error) {
	return reach(ctx, g, sources, nil)
}

// reach is Reach with its queue kept in sc (nil: none).
func reach(ctx context.Context, g *Graph, sources []int32, sc *Scratch) ([]bool, error) {
	if err := checkVertices(g, "sources", sources); err != nil {
		return nil, err
	}
	seen := make([]bool, g.N)
	var queue []int32
	if sc != nil {
		queue = sc.queue[:0]
		defer func() { sc.queue = queue[:0] }()
	}
	for _, s := range sources {
		if !seen[s] {
			seen[s] = true
			queue = append(queue, s)
		}
	}
	for i := 0; i < len(queue); i++ {
		if err := check(ctx, i); err != nil {
			return nil, err
		}
		v := queue[i]
		for _, w := range g.Adj[g.Off[v]:g.Off[v+1]] {
			if !seen[w] {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	return seen, nil
}
