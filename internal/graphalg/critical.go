package graphalg

import "context"

// Critical returns the vertices that lie on every path from some source to
// some target, where paths end at the first target they reach (targets are
// not expanded) and may pass through other sources. The result is all false
// when no target is reachable from the sources. Sources and targets
// themselves count: a single source that reaches a target is critical, and
// so is a single reachable target.
//
// These are the dominators of a virtual sink, fed by every target, from a
// virtual root that leads to every source, in the graph without the targets'
// out-edges; they are found as in Dominators, in O(E log N) time.
func Critical(ctx context.Context, g *Graph, sources, targets []int32) ([]bool, error) {
	if err := checkVertices(g, "sources", sources); err != nil {
		return nil, err
	}
	if err := checkVertices(g, "targets", targets); err != nil {
		return nil, err
	}
	n := g.N
	crit := make([]bool, n)
	if len(sources) == 0 || len(targets) == 0 {
		return crit, nil
	}
	isTarget := make([]bool, n)
	for _, t := range targets {
		isTarget[t] = true
	}
	var d domState
	idom, err := d.run(ctx, g, isTarget, sources, int32(n), isTarget)
	if err != nil {
		return nil, err
	}
	sink, root := int32(n+1), int32(n)
	if idom[sink] < 0 {
		return crit, nil
	}
	for x := idom[sink]; x != root; x = idom[x] {
		crit[x] = true
	}
	return crit, nil
}
