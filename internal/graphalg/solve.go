package graphalg

import (
	"context"
	"errors"
	"math"
)

// compSolver solves the linear systems of the components of a Markov chain,
// reusing its buffers from one component to the next.
type compSolver struct {
	denseMax int       // largest component solved densely
	pos      []int32   // local index of each vertex in the current component
	a        []float64 // dense matrix, row-major
	rhs      []float64
	vecs     [8][]float64 // BiCGSTAB work vectors
	vecs2    [3][]float64
	inv      []float64

	// The component's forward and back edges in local numbers.
	foff, boff []int32
	fadj, badj []int32
	fp, bp     []float64
}

func newCompSolver(n, dense int) *compSolver {
	return &compSolver{denseMax: dense, pos: make([]int32, n)}
}

// stationary writes into x[v], for the vertices v of the closed component
// c with members mem, its stationary distribution (summing to 1). It is the
// expected number of visits to each vertex between two visits to the first
// member r, normalised: the solution of x = e_r + Q'^T x where Q' is the
// chain on the component without the edges into r.
func (s *compSolver) stationary(ctx context.Context, h *Graph, hp []float64, comp []int32, c int32, mem []int32, x []float64) error {
	r := mem[0]
	err := s.solveFunc(ctx, h, hp, comp, c, mem, func(v int32) float64 {
		if v == r {
			return 1
		}
		return 0
	}, r, x)
	if err != nil {
		return err
	}
	var sum float64
	for _, v := range mem {
		sum += x[v]
	}
	for _, v := range mem {
		x[v] /= sum
	}
	return nil
}

// solve writes into x[w], for the members w of component c, the solution of
// x_w = b_w + sum over edges v→w inside the component (w != skip) of
// p_vw x_v, that is (I - Q_CC)^T x = b.
func (s *compSolver) solve(ctx context.Context, h *Graph, hp []float64, comp []int32, c int32, mem []int32, b []float64, skip int32, x []float64) error {
	return s.solveFunc(ctx, h, hp, comp, c, mem, func(v int32) float64 { return b[v] }, skip, x)
}

func (s *compSolver) solveFunc(ctx context.Context, h *Graph, hp []float64, comp []int32, c int32, mem []int32, b func(int32) float64, skip int32, x []float64) error {
	k := len(mem)
	for i, v := range mem {
		s.pos[v] = int32(i)
	}
	s.rhs = growF(s.rhs, k)
	for i, v := range mem {
		s.rhs[i] = b(v)
	}
	if k <= s.denseMax {
		return s.dense(ctx, h, hp, comp, c, mem, skip, x)
	}
	err := s.iterative(ctx, h, hp, comp, c, mem, skip, x)
	var e *Error
	if errors.As(err, &e) && e.Code == CodeNoConvergence && k <= denseFallback {
		// An ill-conditioned component of moderate size: solve it
		// directly after all.
		return s.dense(ctx, h, hp, comp, c, mem, skip, x)
	}
	return err
}

// dense builds (I - Q_CC)^T and solves it by Gaussian elimination with
// partial pivoting.
func (s *compSolver) dense(ctx context.Context, h *Graph, hp []float64, comp []int32, c int32, mem []int32, skip int32, x []float64) error {
	k := len(mem)
	s.a = growF(s.a, k*k)
	a := s.a
	clear(a)
	for i := 0; i < k; i++ {
		a[i*k+i] = 1
	}
	for i, v := range mem {
		for e := h.Off[v]; e < h.Off[v+1]; e++ {
			w := h.Adj[e]
			if comp[w] != c || w == skip {
				continue
			}
			j := int(s.pos[w])
			a[j*k+i] -= hp[e]
		}
	}
	rhs := s.rhs
	for col := 0; col < k; col++ {
		if err := check(ctx, col+1); err != nil {
			return err
		}
		piv := col
		best := math.Abs(a[col*k+col])
		for r := col + 1; r < k; r++ {
			if m := math.Abs(a[r*k+col]); m > best {
				piv, best = r, m
			}
		}
		if best == 0 {
			return &Error{Code: CodeNoConvergence, Arg: "prob", Index: int(mem[col]), Msg: "singular system"}
		}
		if piv != col {
			rp, rc := a[piv*k:piv*k+k], a[col*k:col*k+k]
			for j := col; j < k; j++ {
				rp[j], rc[j] = rc[j], rp[j]
			}
			rhs[piv], rhs[col] = rhs[col], rhs[piv]
		}
		rc := a[col*k : col*k+k]
		d := rc[col]
		for r := col + 1; r < k; r++ {
			rr := a[r*k : r*k+k]
			f := rr[col] / d
			if f == 0 {
				continue
			}
			rr[col] = 0
			for j := col + 1; j < k; j++ {
				rr[j] -= f * rc[j]
			}
			rhs[r] -= f * rhs[col]
		}
	}
	for i := k - 1; i >= 0; i-- {
		row := a[i*k : i*k+k]
		sum := rhs[i]
		for j := i + 1; j < k; j++ {
			sum -= row[j] * rhs[j]
		}
		rhs[i] = sum / row[i]
	}
	for i, v := range mem {
		x[v] = rhs[i]
	}
	return finite(mem, x)
}

// finite reports a CodeNoConvergence Error when a solution is not finite.
func finite(mem []int32, x []float64) error {
	for _, v := range mem {
		if math.IsNaN(x[v]) || math.IsInf(x[v], 0) {
			return &Error{Code: CodeNoConvergence, Arg: "prob", Index: int(v), Msg: "solution not finite"}
		}
	}
	return nil
}

// iterative solves the component's system by BiCGSTAB, to a relative
// residual of iterTol, with a Gauss-Seidel preconditioner.
//
// With the members in increasing vertex order, A = (I - Q_CC)^T splits into
// M, its diagonal and the edges from earlier members to later ones, and N,
// the edges back: A = M - N. M is triangular, so M y = z is solved by one
// forward pass, and A M^-1 z = z - N M^-1 z costs a pass over the back edges
// only. Journey steps are numbered mostly in the direction of travel, so M
// holds most of the chain and BiCGSTAB only has to correct for the loops.
func (s *compSolver) iterative(ctx context.Context, h *Graph, hp []float64, comp []int32, c int32, mem []int32, skip int32, x []float64) error {
	k := len(mem)
	for i := range s.vecs {
		s.vecs[i] = growF(s.vecs[i], k)
	}
	for i := range s.vecs2 {
		s.vecs2[i] = growF(s.vecs2[i], k)
	}
	if err := s.splitEdges(ctx, h, hp, comp, c, mem, skip); err != nil {
		return err
	}
	b := s.rhs
	bnorm := norm(b)
	if bnorm == 0 {
		for _, u := range mem {
			x[u] = 0
		}
		return nil
	}
	xs := s.vecs[1]
	s.precond(xs, b)
	res, err := s.bicgstab(ctx, bnorm, 1000+2*k)
	if err != nil {
		return err
	}
	if !(res <= iterTol*bnorm*10) {
		return &Error{Code: CodeNoConvergence, Arg: "prob", Index: int(mem[0]), Msg: "iterative solver did not converge"}
	}
	for i, u := range mem {
		x[u] = xs[i]
	}
	return finite(mem, x)
}

// splitEdges writes the component in local numbers into s: the diagonal of
// A into s.vecs[0] and its inverse into s.inv, the forward edges (to later
// members) into s.foff, s.fadj, s.fp and the back edges into s.boff,
// s.badj, s.bp.
func (s *compSolver) splitEdges(ctx context.Context, h *Graph, hp []float64, comp []int32, c int32, mem []int32, skip int32) error {
	k := len(mem)
	diag := s.vecs[0]
	foff := grow(s.foff, k+1)
	boff := grow(s.boff, k+1)
	nf, nb := 0, 0
	for i, u := range mem {
		for e := h.Off[u]; e < h.Off[u+1]; e++ {
			if w := h.Adj[e]; comp[w] == c && w != skip && hp[e] > 0 {
				if j := int(s.pos[w]); j > i {
					nf++
				} else if j < i {
					nb++
				}
			}
		}
	}
	fadj, fp := grow(s.fadj, nf)[:0], growF(s.fp, nf)[:0]
	badj, bp := grow(s.badj, nb)[:0], growF(s.bp, nb)[:0]
	foff[0], boff[0] = 0, 0
	for i, u := range mem {
		if err := check(ctx, i+1); err != nil {
			return err
		}
		diag[i] = 1
		for e := h.Off[u]; e < h.Off[u+1]; e++ {
			w := h.Adj[e]
			if comp[w] != c || w == skip || !(hp[e] > 0) {
				continue
			}
			switch j := s.pos[w]; {
			case int(j) == i:
				diag[i] -= hp[e]
			case int(j) > i:
				fadj, fp = append(fadj, j), append(fp, hp[e])
			default:
				badj, bp = append(badj, j), append(bp, hp[e])
			}
		}
		foff[i+1], boff[i+1] = int32(len(fadj)), int32(len(badj))
	}
	s.foff, s.boff, s.fadj, s.fp, s.badj, s.bp = foff, boff, fadj, fp, badj, bp

	inv := growF(s.inv, k)
	s.inv = inv
	for i, d := range diag {
		inv[i] = 1 / d
	}
	return nil
}

// bicgstab runs restarted BiCGSTAB on the system split by splitEdges, from
// the start in s.vecs[1] to the right-hand side s.rhs (of norm bnorm), and
// returns the true residual's norm at the end.
func (s *compSolver) bicgstab(ctx context.Context, bnorm float64, maxIter int) (float64, error) {
	xs, r, rhat, p, v, t := s.vecs[1], s.vecs[2], s.vecs[3], s.vecs[4], s.vecs[5], s.vecs[6]
	shat, phat, sv := s.vecs2[0], s.vecs2[1], s.vecs2[2]
	res := s.residual()
	for restart := 0; restart < 20 && res > iterTol*bnorm; restart++ {
		copy(rhat, r)
		rho, alpha, omega := 1.0, 1.0, 1.0
		clear(p)
		clear(v)
		for it := 0; it < maxIter; it++ {
			if err := check(ctx, it+1); err != nil {
				return res, err
			}
			rhoNew := dot(rhat, r)
			if rhoNew == 0 || omega == 0 {
				break
			}
			beta := rhoNew / rho * alpha / omega
			for i := range p {
				p[i] = r[i] + beta*(p[i]-omega*v[i])
			}
			s.precond(phat, p)
			s.minusN(v, p, phat) // v = A phat
			den := dot(rhat, v)
			if den == 0 {
				break
			}
			alpha = rhoNew / den
			for i := range sv {
				sv[i] = r[i] - alpha*v[i]
			}
			if norm(sv) <= iterTol*bnorm {
				for i := range xs {
					xs[i] += alpha * phat[i]
				}
				break
			}
			s.precond(shat, sv)
			s.minusN(t, sv, shat) // t = A shat
			tt := dot(t, t)
			if tt == 0 {
				break
			}
			omega = dot(t, sv) / tt
			for i := range xs {
				xs[i] += alpha*phat[i] + omega*shat[i]
				r[i] = sv[i] - omega*t[i]
			}
			rho = rhoNew
			if norm(r) <= iterTol*bnorm {
				break
			}
		}
		res = s.residual() // the true residual, not the recurrence's
	}
	return res, nil
}

// precond solves M y = z.
func (s *compSolver) precond(y, z []float64) {
	inv, foff, fadj, fp := s.inv, s.foff, s.fadj, s.fp
	copy(y, z)
	for i := range y {
		yi := y[i] * inv[i]
		y[i] = yi
		lo, hi := foff[i], foff[i+1]
		adj, pr := fadj[lo:hi], fp[lo:hi]
		for e, j := range adj {
			y[j] += pr[e] * yi
		}
	}
}

// minusN sets y = z - N w.
func (s *compSolver) minusN(y, z, w []float64) {
	boff, badj, bp := s.boff, s.badj, s.bp
	copy(y, z)
	for i, wi := range w {
		if wi == 0 {
			continue
		}
		for e := boff[i]; e < boff[i+1]; e++ {
			y[badj[e]] -= bp[e] * wi
		}
	}
}

// residual sets r (s.vecs[2]) = b - A xs and returns its norm.
func (s *compSolver) residual() float64 {
	diag, xs, r, tmp, b := s.vecs[0], s.vecs[1], s.vecs[2], s.vecs[7], s.rhs
	foff, fadj, fp, boff, badj, bp := s.foff, s.fadj, s.fp, s.boff, s.badj, s.bp
	// A xs = M xs - N xs.
	for i := range tmp {
		tmp[i] = diag[i] * xs[i]
	}
	for i, xi := range xs {
		if xi == 0 {
			continue
		}
		for e := foff[i]; e < foff[i+1]; e++ {
			tmp[fadj[e]] -= fp[e] * xi
		}
		for e := boff[i]; e < boff[i+1]; e++ {
			tmp[badj[e]] -= bp[e] * xi
		}
	}
	for i := range r {
		r[i] = b[i] - tmp[i]
	}
	return norm(r)
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func norm(a []float64) float64 { return math.Sqrt(dot(a, a)) }

// growF returns s with length n, reusing its storage when it can.
func growF(s []float64, n int) []float64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float64, n)
}
