package graphalg

import "context"

// Dominators returns the immediate dominators of the vertices of g reachable
// from root: idom[root] == root, idom[v] is the immediate dominator of every
// other reachable v, and idom[v] == -1 for v not reachable from root. A
// vertex d dominates v when every path from root to v passes through d.
//
// It is the semi-NCA variant of the Lengauer-Tarjan algorithm (semidominators
// by path compression, then each idom as the nearest common ancestor of its
// tree parent and semidominator), iterative, over arrays indexed by DFS
// number; O(E log N) time.
func Dominators(ctx context.Context, g *Graph, root int32) (idom []int32, err error) {
	if err := g.Check(); err != nil {
		return nil, err
	}
	if !g.valid(root) {
		return nil, &Error{Code: CodeVertex, Arg: "root", Index: -1, Msg: "root not a vertex"}
	}
	var d domState
	return d.run(ctx, g, root)
}

// domState holds the work arrays of the dominator algorithm.
type domState struct {
	num    []int32 // DFS number of each extended vertex, -1 if unreached
	vertex []int32 // extended vertex of each DFS number
	parent []int32 // DFS tree parent, by number
	semi   []int32 // semidominator, by number
	label  []int32 // least semi on the compressed path, by number
	anc    []int32 // link-eval forest, by number
	idom   []int32 // by number, then by vertex
	poff   []int32 // predecessors by number, CSR
	padj   []int32
	stack  []int32
	pos    []int32
}

// run computes the immediate dominators of g from root.
func (d *domState) run(ctx context.Context, g *Graph, root int32) ([]int32, error) {
	cnt, err := d.dfs(ctx, g, root)
	if err != nil {
		return nil, err
	}
	d.predecessors(g, cnt)
	if err := d.semidominators(ctx, cnt); err != nil {
		return nil, err
	}
	return d.immediate(g.N, cnt), nil
}

// dfs numbers the vertices reachable from root in preorder, by an
// iterative DFS, into d.num, d.vertex and d.parent, and returns how many
// it reached.
func (d *domState) dfs(ctx context.Context, g *Graph, root int32) (int32, error) {
	n := g.N
	num := fill(d.num, n, -1)
	vertex := grow(d.vertex, n)
	parent := grow(d.parent, n)
	d.num, d.vertex, d.parent = num, vertex, parent

	// pos holds each frame's next out-edge.
	call := d.stack[:0]
	pos := d.pos[:0]
	cnt := int32(0)
	visit := func(v, p int32) {
		num[v] = cnt
		vertex[cnt] = v
		parent[cnt] = p
		cnt++
		call = append(call, v)
		pos = append(pos, g.Off[v])
	}
	visit(root, 0)
	steps := 0
	for len(call) > 0 {
		steps++
		if err := check(ctx, steps); err != nil {
			return 0, err
		}
		top := len(call) - 1
		v := call[top]
		e := pos[top]
		if e == g.Off[v+1] {
			call = call[:top]
			pos = pos[:top]
			continue
		}
		pos[top] = e + 1
		if w := g.Adj[e]; num[w] < 0 {
			visit(w, num[v])
		}
	}
	d.stack, d.pos = call, pos
	return cnt, nil
}

// predecessors writes the predecessors of the cnt reached vertices, by DFS
// number, as CSR into d.poff and d.padj: one pass to count, one to fill.
func (d *domState) predecessors(g *Graph, cnt int32) {
	num, vertex := d.num, d.vertex
	poff := fill(d.poff, int(cnt)+1, 0)
	for i := int32(0); i < cnt; i++ {
		u := vertex[i]
		for _, w := range g.Adj[g.Off[u]:g.Off[u+1]] {
			poff[num[w]+1]++
		}
	}
	for i := int32(0); i < cnt; i++ {
		poff[i+1] += poff[i]
	}
	padj := grow(d.padj, int(poff[cnt]))
	fillAt := grow(d.stack, int(cnt))
	copy(fillAt, poff[:cnt])
	for i := int32(0); i < cnt; i++ {
		u := vertex[i]
		for _, w := range g.Adj[g.Off[u]:g.Off[u+1]] {
			j := num[w]
			padj[fillAt[j]] = i
			fillAt[j]++
		}
	}
	d.poff, d.padj, d.stack = poff, padj, fillAt
}

// semidominators computes the semidominators, by DFS number, into d.semi,
// in reverse preorder with path compression.
func (d *domState) semidominators(ctx context.Context, cnt int32) error {
	parent, poff, padj := d.parent, d.poff, d.padj
	semi := grow(d.semi, int(cnt))
	label := grow(d.label, int(cnt))
	anc := grow(d.anc, int(cnt))
	d.semi, d.label, d.anc = semi, label, anc
	for i := int32(0); i < cnt; i++ {
		semi[i], label[i], anc[i] = i, i, parent[i]
	}
	st := d.stack[:0]
	for i := cnt - 1; i > 0; i-- {
		if err := check(ctx, int(i)); err != nil {
			return err
		}
		s := semi[i]
		for _, j := range padj[poff[i]:poff[i+1]] {
			if j <= i {
				if j < s {
					s = j
				}
				continue
			}
			// compress(j): make anc[j] the first unprocessed ancestor
			// (number <= i) and label[j] the least semi on the way.
			x := j
			for anc[x] > i {
				st = append(st, x)
				x = anc[x]
			}
			// x is processed, its ancestor is not: x needs no change.
			for k := len(st) - 1; k >= 0; k-- {
				y := st[k]
				u := anc[y]
				if label[u] < label[y] {
					label[y] = label[u]
				}
				anc[y] = anc[u]
			}
			st = st[:0]
			if l := label[j]; l < s {
				s = l
			}
		}
		semi[i], label[i] = s, s
	}
	return nil
}

// immediate returns the immediate dominators by vertex: each the nearest
// common ancestor of the parent and the semidominator in the dominator
// tree built so far.
func (d *domState) immediate(n int, cnt int32) []int32 {
	parent, semi, vertex := d.parent, d.semi, d.vertex
	idn := grow(d.stack[:0], int(cnt))
	idn[0] = 0
	for i := int32(1); i < cnt; i++ {
		x := parent[i]
		for x > semi[i] {
			x = idn[x]
		}
		idn[i] = x
	}
	idom := fill(d.idom, n, -1)
	for i := int32(0); i < cnt; i++ {
		idom[vertex[i]] = vertex[idn[i]]
	}
	d.idom = idom
	return idom
}

// fill returns s resized to n with every element set to x.
func fill(s []int32, n int, x int32) []int32 {
	s = grow(s, n)
	for i := range s {
		s[i] = x
	}
	return s
}

// grow returns s with length n, reusing its storage when it can.
func grow(s []int32, n int) []int32 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]int32, n)
}
