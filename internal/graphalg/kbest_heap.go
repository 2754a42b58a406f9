package graphalg

// distItem is an entry of distHeap.
type distItem struct {
	d dist
	v int32
}

// distHeap is a 4-ary min-heap of distItem by distance, then vertex: half
// the depth of a binary heap, and a node's children share a cache line.
type distHeap []distItem

func (h distItem) less(o distItem) bool {
	return h.d.c < o.d.c || h.d.c == o.d.c && (h.d.l < o.d.l || h.d.l == o.d.l && h.v < o.v)
}

func (h *distHeap) push(it distItem) {
	a := append(*h, it)
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !it.less(a[p]) {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = it
	*h = a
}

func (h *distHeap) pop() distItem {
	a := *h
	top := a[0]
	n := len(a) - 1
	x := a[n]
	a = a[:n]
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := min(c+4, n)
		for j := c + 1; j < end; j++ {
			if a[j].less(a[m]) {
				m = j
			}
		}
		if !a[m].less(x) {
			break
		}
		a[i] = a[m]
		i = m
	}
	if n > 0 {
		a[i] = x
	}
	*h = a
	return top
}

// candHeap is a binary min-heap of candidate paths in KBest's order.
type candHeap []*cand

func candLess(a, b *cand) bool {
	if a.d != b.d {
		return a.d.less(b.d)
	}
	// Same length: compare the vertex sequences.
	for i := 0; i < int(a.d.l); i++ {
		if x, y := a.at(i), b.at(i); x != y {
			return x < y
		}
	}
	return false
}

func (h *candHeap) push(c *cand) {
	*h = append(*h, c)
	a := *h
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !candLess(a[i], a[p]) {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
}

func (h *candHeap) pop() *cand {
	a := *h
	top := a[0]
	n := len(a) - 1
	a[0] = a[n]
	a[n] = nil
	a = a[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && candLess(a[r], a[l]) {
			m = r
		}
		if !candLess(a[m], a[i]) {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return top
}
