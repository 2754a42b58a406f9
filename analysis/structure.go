package analysis

import (
	"context"

	"github.com/journeymap/journeymap/internal/graphalg"
)

// beforeGoal returns, for each vertex of g, whether a path from the sources
// reaches it without passing through a goal (marked in goal): the goals
// themselves are reached, but not gone on from.
func beforeGoal(ctx context.Context, g *graphalg.Graph, sources []int32, goal []uint8) ([]bool, error) {
	seen := make([]bool, g.N)
	queue := make([]int32, 0, len(sources))
	for _, s := range sources {
		if !seen[s] {
			seen[s] = true
			queue = append(queue, s)
		}
	}
	for i := 0; i < len(queue); i++ {
		if i%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		v := queue[i]
		if int(v) < len(goal) && goal[v]&roleGoal != 0 {
			continue
		}
		for _, w := range g.Adj[g.Off[v]:g.Off[v+1]] {
			if !seen[w] {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	return seen, nil
}

// loopWalk returns one loop through the strongly connected set c (sorted,
// two or more vertices, or one with a self-loop) in the order customers go
// round: from its first vertex, along the shortest way to the nearest
// vertex not yet on the walk, until every vertex is, and then back (the
// return to the first vertex left implicit). A simple cycle comes out as
// itself; a set that no simple cycle covers repeats some vertices. mark is
// scratch of g.N entries, all -1, and is left so.
func loopWalk(ctx context.Context, g *graphalg.Graph, c []int32, mark []int32) ([]int32, error) {
	if len(c) == 1 {
		return []int32{c[0]}, nil
	}
	const in, done = 0, 1 // mark: -1 outside c, else in or done
	for _, v := range c {
		mark[v] = in
	}
	defer func() {
		for _, v := range c {
			mark[v] = -1
		}
	}()
	parent := make(map[int32]int32, len(c))
	start := c[0]
	walk := []int32{start}
	mark[start] = done
	left := len(c) - 1
	cur := start
	steps := 0
	for {
		// Breadth-first from cur inside c, to the nearest vertex not done
		// (or to start once all are).
		clear(parent)
		parent[cur] = cur
		queue := []int32{cur}
		found := int32(-1)
		for i := 0; i < len(queue) && found < 0; i++ {
			steps++
			if steps%ctxEvery == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			v := queue[i]
			for _, w := range g.Adj[g.Off[v]:g.Off[v+1]] {
				if mark[w] < 0 {
					continue
				}
				if _, ok := parent[w]; ok && !(left == 0 && w == start) {
					continue
				}
				parent[w] = v
				if left > 0 && mark[w] == in || left == 0 && w == start {
					found = w
					break
				}
				queue = append(queue, w)
			}
		}
		if found < 0 {
			return walk, nil // not strongly connected: cannot happen
		}
		var seg []int32
		for x := found; x != cur; x = parent[x] {
			seg = append(seg, x)
		}
		for i := len(seg) - 1; i >= 0; i-- {
			x := seg[i]
			if left == 0 && x == start {
				continue
			}
			walk = append(walk, x)
			if mark[x] == in {
				mark[x] = done
				left--
			}
		}
		if found == start && left == 0 {
			return walk, nil
		}
		cur = found
	}
}
