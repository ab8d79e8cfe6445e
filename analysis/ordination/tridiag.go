package ordination

import (
	"math"
	"math/rand/v2"
	"slices"
)

// tridiagonalize reduces the symmetric n × n matrix a, given as its upper
// triangle packed row by row (row r, columns r to n-1, from rowStart(n, r);
// n(n+1)/2 values: half the memory a program touches for the first time,
// and so half the page faults, of an n × n array), to the tridiagonal
// T = Qᵀ A Q by Householder reflections (Golub & Van Loan, Matrix
// Computations, §8.3.1; LAPACK dsytd2),
//
//	Q = H_0 H_1 … H_{n-3},  H_i = I - τ_i v_i v_iᵀ,
//	v_i = (0, …, 0, 1, v_i,i+2, …, v_i,n-1)   (the 1 at position i+1),
//
// and returns the diagonal d and off-diagonal e of T and the τ_i; (1,
// v_i,i+2, …) is left in row i of a, columns i+1 to n-1 (see applyQ).
// Step i updates the trailing matrix, A₂₂ ← A₂₂ - v wᵀ - w vᵀ with
// w = τ A₂₂ v - ½ τ² (vᵀ A₂₂ v) v, and computes the next step's product
// A₂₂ v in the same pass over the rows, two rows at a time (updateRows2),
// so that the matrix is read once per step instead of twice. The entries
// of a should be at most about 1 in magnitude (the caller scales them):
// reflectors of norm below 1e-140 are dropped (τ = 0), far below rounding.
// From splitRows rows on, a step's rows are cut in two parts that t (nil:
// the caller alone) runs side by side; the cut depends on n only, so the
// result is the same bit for bit on any number of cores.
func tridiagonalize(n int, a []float64, t *team) (d, e, tau []float64) {
	d = make([]float64, n)
	e = make([]float64, max(n-1, 0))
	tau = make([]float64, max(n-1, 0))
	switch n {
	case 0:
		return d, e, tau
	case 1, 2:
		d[0] = a[0]
		if n == 2 {
			e[0], d[1] = a[1], a[2]
		}
		return d, e, tau
	}
	p, q := make([]float64, n), make([]float64, n)
	d[0] = a[0]
	e[0], tau[0] = householder(a[1:n])
	v := a[1:n]
	for r := 1; r < n; r++ { // p = A₂₂ v_0
		row, k := packedRow(n, a, r), r-1
		p[k] += dotAxpy(row[1:], v[k+1:], p[k+1:], v[k]) + row[0]*v[k]
	}
	var ( // for steps cut in two (only from splitRows rows on)
		pb   []float64 // the second part's share of the product
		cut  *cutStep
		part func(int)
	)
	if n-2 >= splitRows {
		pb, cut = make([]float64, n), &cutStep{}
		part = cut.part
	}
	for i := 0; i <= n-3; i++ {
		m := n - i - 1
		v := packedRow(n, a, i)[1:]
		w := p[:m]
		t0 := tau[i]
		scale(t0, w)
		axpy(-0.5*t0*dot(w, v), v, w)
		r0 := packedRow(n, a, i+1) // the first row of A₂₂
		v0, w0 := v[0], w[0]
		for j := range r0 {
			r0[j] -= v0*w[j] + w0*v[j]
		}
		d[i+1] = r0[0]
		if i == n-3 {
			e[n-2] = r0[1]
			a[len(a)-1] -= 2 * v[1] * w[1]
			d[n-1] = a[len(a)-1]
			break
		}
		e[i+1], tau[i+1] = householder(r0[1:])
		vn, pn := r0[1:], q[:m-1]
		clear(pn)
		if m-1 < splitRows {
			updateRows(n, a, i, i+2, n, v, w, vn, pn)
		} else {
			// Rows i+2 … n-1 in two parts of about the same number of
			// entries (the first an even number of rows), the second
			// part's share of the product in pb, added after: the same
			// sums, in the same order, whoever runs the parts.
			split := i + 2 + 2*int(math.Round(float64(m-1)*(1-1/math.Sqrt2)/2))
			lo := split - i - 2
			clear(pb[lo : m-1])
			*cut = cutStep{n, a, i, split, v, w, vn, pn, pb[:m-1]}
			t.run(2, part)
			axpy(1, pb[lo:m-1], pn[lo:])
		}
		p, q = q, p
	}
	return d, e, tau
}

// splitRows is the number of rows from which a step of tridiagonalize is
// cut in two parts for a team. Below it the parts are too small: the
// vectors the two cores share cost more to pass between their caches than
// the half step saves (n = 100 on two cores: at best 10 µs of 0.23 ms
// saved, even with the team already running; starting one costs ~60 µs).
// n = 500: 26.6 → 17 ms.
const splitRows = 128

// cutStep is step i of tridiagonalize cut at row split: part 0 updates
// rows i+2 to split-1 and adds their share of the product to pn, part 1
// rows split to n-1, to pb.
type cutStep struct {
	n            int
	a            []float64
	i, split     int
	v, w, vn, pn []float64
	pb           []float64
}

func (c *cutStep) part(b int) {
	if b == 0 {
		updateRows(c.n, c.a, c.i, c.i+2, c.split, c.v, c.w, c.vn, c.pn)
	} else {
		updateRows(c.n, c.a, c.i, c.split, c.n, c.v, c.w, c.vn, c.pb)
	}
}

// updateRows applies step i of tridiagonalize (v, w from column i+1;
// the next reflector vn and its product pn from column i+2) to rows lo
// to hi-1, two at a time.
func updateRows(n int, a []float64, i, lo, hi int, v, w, vn, pn []float64) {
	if haveAVX2 {
		if lo < hi { // the kernel reads n-lo entries of each vector from row lo's diagonal column
			k := n - lo
			updateRowsAVX2(&packedRow(n, a, lo)[0], k, hi-lo, &v[lo-i-1 : lo-i-1+k][0], &w[lo-i-1 : lo-i-1+k][0],
				&vn[lo-i-2 : lo-i-2+k][0], &pn[lo-i-2 : lo-i-2+k][0])
		}
		return
	}
	r := lo
	for ; r+1 < hi; r += 2 {
		updateRows2(packedRow(n, a, r), packedRow(n, a, r+1), v[r-i-1:], w[r-i-1:], vn[r-i-2:], pn[r-i-2:])
	}
	if r < hi {
		updateRow(packedRow(n, a, r), v[r-i-1:], w[r-i-1:], vn[r-i-2:], pn[r-i-2:])
	}
}

// rowStart returns the index of a_rr in the upper triangle of an n × n
// matrix packed row by row.
func rowStart(n, r int) int { return r*n - r*(r-1)/2 }

// packedRow returns row r of the packed upper triangle a, from the
// diagonal: n-r values.
func packedRow(n int, a []float64, r int) []float64 {
	p := rowStart(n, r)
	return a[p : p+n-r : p+n-r]
}

// updateRow applies A ← A - v wᵀ - w vᵀ to one row of the upper triangle
// (row[0] on the diagonal; v, w from that row's index on) and adds the
// row's share of the symmetric product A u to pu.
func updateRow(row, v, w, u, pu []float64) {
	n := len(row)
	v, w, u, pu = v[:n], w[:n], u[:n], pu[:n]
	vr, wr, ur := v[0], w[0], u[0]
	x := row[0] - 2*vr*wr
	row[0] = x
	s0, s1, s2, s3 := x*ur, 0.0, 0.0, 0.0
	j := 1
	for ; j+4 <= n; j += 4 {
		rs, vs, ws, us, ps := row[j:j+4:j+4], v[j:j+4:j+4], w[j:j+4:j+4], u[j:j+4:j+4], pu[j:j+4:j+4]
		x0 := rs[0] - (vr*ws[0] + wr*vs[0])
		x1 := rs[1] - (vr*ws[1] + wr*vs[1])
		x2 := rs[2] - (vr*ws[2] + wr*vs[2])
		x3 := rs[3] - (vr*ws[3] + wr*vs[3])
		rs[0], rs[1], rs[2], rs[3] = x0, x1, x2, x3
		s0 += x0 * us[0]
		s1 += x1 * us[1]
		s2 += x2 * us[2]
		s3 += x3 * us[3]
		ps[0] += x0 * ur
		ps[1] += x1 * ur
		ps[2] += x2 * ur
		ps[3] += x3 * ur
	}
	for ; j < n; j++ {
		x := row[j] - (vr*w[j] + wr*v[j])
		row[j] = x
		s0 += x * u[j]
		pu[j] += x * ur
	}
	s1 += s2 + s3
	pu[0] += s0 + s1
}

// updateRows2 is updateRow for two consecutive rows, row0 (from its
// diagonal) and row1 (from its diagonal, one column to the right), in one
// pass that loads v, w, u and pu once for both, two columns a step (fewer
// index computations under WebAssembly). v, w, u and pu start at row0's
// diagonal column.
func updateRows2(row0, row1, v, w, u, pu []float64) {
	n := len(row0)
	v0, w0, u0 := v[0], w[0], u[0]
	v1, w1, u1 := v[1], w[1], u[1]
	x := row0[0] - 2*v0*w0
	row0[0] = x
	s0 := x * u0
	x = row0[1] - (v0*w1 + w0*v1)
	row0[1] = x
	s0 += x * u1
	pu1 := x * u0
	y := row1[0] - 2*v1*w1
	row1[0] = y
	s1 := y * u1
	a, b := row0[2:], row1[1:len(row0)-1]
	vs, ws, us, ps := v[2:n], w[2:n], u[2:n], pu[2:n]
	vs, ws, us, ps = vs[:len(a)], ws[:len(a)], us[:len(a)], ps[:len(a)]
	b = b[:len(a)]
	j := 0
	for ; j+1 < len(a); j += 2 {
		va, wa, ua := vs[j], ws[j], us[j]
		x0 := a[j] - (v0*wa + w0*va)
		y0 := b[j] - (v1*wa + w1*va)
		a[j], b[j] = x0, y0
		ps[j] += x0*u0 + y0*u1
		sx, sy := x0*ua, y0*ua
		vb, wb, ub := vs[j+1], ws[j+1], us[j+1]
		x1 := a[j+1] - (v0*wb + w0*vb)
		y1 := b[j+1] - (v1*wb + w1*vb)
		a[j+1], b[j+1] = x1, y1
		ps[j+1] += x1*u0 + y1*u1
		s0 += sx + x1*ub
		s1 += sy + y1*ub
	}
	if j < len(a) {
		x0 := a[j] - (v0*ws[j] + w0*vs[j])
		y0 := b[j] - (v1*ws[j] + w1*vs[j])
		a[j], b[j] = x0, y0
		s0 += x0 * us[j]
		s1 += y0 * us[j]
		ps[j] += x0*u0 + y0*u1
	}
	pu[0] += s0
	pu[1] += pu1 + s1
}

// householder finds the reflector H = I - τ v vᵀ with H x = (β, 0, …, 0)
// for x = (α, x_1, …, x_m), as LAPACK dlarfg:
//
//	β = -sign(α) ‖x‖₂,  τ = (β - α)/β,  v = (1, x_1/(α - β), …, x_m/(α - β))
//
// and overwrites x with v. When ‖(x_1, …, x_m)‖ ≤ 1e-140 it returns β = α,
// τ = 0 (H = I).
func householder(x []float64) (beta, tau float64) {
	alpha := x[0]
	xn := norm(x[1:])
	x[0] = 1
	if xn <= 1e-140 {
		return alpha, 0
	}
	beta = -math.Copysign(math.Hypot(alpha, xn), alpha)
	scale(1/(alpha-beta), x[1:])
	return beta, (beta - alpha) / beta
}

// applyQ sets z = Q z, for each z of zs, with the Q of tridiagonalize: an
// eigenvector x of T becomes the eigenvector Q x of A.
func applyQ(n int, a, tau []float64, zs [][]float64) {
	for i := n - 3; i >= 0; i-- {
		t := tau[i]
		if t == 0 {
			continue
		}
		v := packedRow(n, a, i)[1:]
		for _, z := range zs {
			z := z[i+1:]
			axpy(-t*dot(v, z), v, z)
		}
	}
}

// tridiagEigen returns the eigenvalues of the symmetric tridiagonal T with
// diagonal d and off-diagonal e in descending order, computed by sterf
// (LAPACK's dsterf: Pal–Walker–Kahan QL/QR, O(n²)), and unit eigenvectors of
// the first want of them by inverse iteration (LAPACK dstein, Golub & Van
// Loan §8.2.2),
//
//	(T - λ I) x_{k+1} = x_k / ‖x_k‖,
//
// with T - λ I factored once by Gaussian elimination with partial pivoting
// and pivots smaller than ε‖T‖₁ raised to it. Eigenvalues within 10⁻³‖T‖₁
// of the previous one form a cluster: each vector is orthogonalised
// against the cluster's earlier vectors, and a shift closer than 10ε‖T‖₁
// to the previous one is moved away, so tied eigenvalues get orthogonal
// vectors. Start vectors come from rng. ok is false when dsterf does not
// converge.
func tridiagEigen(d, e []float64, want int, rng *rand.Rand) (vals []float64, vecs [][]float64, ok bool) {
	n := len(d)
	if n == 0 {
		return nil, nil, true
	}
	vals = slices.Clone(d)
	if !sterf(n, vals, slices.Clone(e[:n-1])) {
		return nil, nil, false
	}
	slices.Reverse(vals)
	want = min(want, n)
	if want <= 0 {
		return vals, nil, true
	}
	tnorm := tridiagNorm1(d, e)
	vecs = make([][]float64, want)
	if tnorm == 0 { // T = 0: any orthonormal vectors
		for k := range vecs {
			vecs[k] = make([]float64, n)
			vecs[k][k] = 1
		}
		return vals, vecs, true
	}
	const eps = 0x1p-52
	// The residual of x/‖x‖ after a step from a unit vector is 1/‖x‖; a
	// vector is done one step after that is below resTol.
	resTol := 16 * float64(n) * eps * tnorm
	f := newTridiagLU(n)
	shift, start := 0.0, 0
	for k := range vecs {
		lam := vals[k]
		if k > 0 && vals[k-1]-lam <= 1e-3*tnorm {
			lam = min(lam, shift-10*eps*tnorm)
		} else {
			start = k
		}
		shift = lam
		f.factor(d, e, lam, eps*tnorm)
		x := make([]float64, n)
		for i := range x {
			x[i] = 2*rng.Float64() - 1
		}
		for it, done := 0, 0; it < 8 && done < 2; it++ {
			scale(1/norm(x), x)
			f.solve(x)
			for range 2 {
				for _, u := range vecs[start:k] {
					axpy(-dot(u, x), u, x)
				}
			}
			if norm(x)*resTol >= 1 {
				done++
			}
		}
		scale(1/norm(x), x)
		vecs[k] = x
	}
	return vals, vecs, true
}

// tridiagLU is the factorisation P (T - λI) = L U of a tridiagonal matrix
// by Gaussian elimination with partial pivoting (LAPACK dgttrf/dlagtf): U
// has two superdiagonals (u1, u2), L one multiplier per step.
type tridiagLU struct {
	u0, u1, u2, l []float64
	inv           []float64 // 1/u0, so that solve multiplies
	swap          []bool
}

func newTridiagLU(n int) *tridiagLU {
	return &tridiagLU{u0: make([]float64, n), u1: make([]float64, n), u2: make([]float64, n),
		l: make([]float64, n), inv: make([]float64, n), swap: make([]bool, n)}
}

// factor factors T - λI, T with diagonal d and off-diagonal e, and raises
// pivots smaller than tol in magnitude to ±tol.
func (f *tridiagLU) factor(d, e []float64, lam, tol float64) {
	n := len(d)
	u0, u1, u2, l := f.u0[:n], f.u1[:n], f.u2[:n], f.l[:n]
	u0[0] = d[0] - lam
	u1[0] = 0
	if n > 1 {
		u1[0] = e[0]
	}
	for i := 0; i < n-1; i++ {
		b, a1, c1 := e[i], d[i+1]-lam, 0.0 // row i+1: b at column i, a1 at i+1, c1 at i+2
		if i+2 < n {
			c1 = e[i+1]
		}
		if math.Abs(u0[i]) >= math.Abs(b) {
			m := 0.0
			if u0[i] != 0 {
				m = b / u0[i]
			}
			f.swap[i], l[i], u2[i] = false, m, 0
			u0[i+1], u1[i+1] = a1-m*u1[i], c1
		} else {
			m := u0[i] / b
			f.swap[i], l[i] = true, m
			u0[i+1], u1[i+1] = u1[i]-m*a1, -m*c1
			u0[i], u1[i], u2[i] = b, a1, c1
		}
	}
	u2[n-1] = 0
	inv := f.inv[:n]
	for i, u := range u0 {
		if math.Abs(u) < tol {
			u0[i] = math.Copysign(tol, u)
		}
		inv[i] = 1 / u0[i]
	}
}

// solve overwrites x with a multiple of (T - λI)⁻¹ x (exactly the solution
// unless it had to be scaled down to stay finite).
func (f *tridiagLU) solve(x []float64) {
	f.lower(x)
	f.upper(x)
}

// lower overwrites x with L⁻¹ P x.
func (f *tridiagLU) lower(x []float64) {
	n := len(x)
	swap, l := f.swap[:n], f.l[:n]
	for i := 0; i < n-1; i++ {
		if swap[i] {
			x[i], x[i+1] = x[i+1], x[i]
		}
		x[i+1] -= l[i] * x[i]
	}
}

// upper overwrites x with a multiple of U⁻¹ x: the back substitution
// x_i = (x_i - u2_i x_{i+2} - u1_i x_{i+1}) / u0_i, with the solved part
// and the rest of the right-hand side scaled down by 1e-150 (up to three
// times for one x_i) whenever a value would exceed 1e150. (factor leaves
// u1 and u2 zero past the end of U.)
func (f *tridiagLU) upper(x []float64) {
	n := len(x)
	u1, u2, inv := f.u1[:n], f.u2[:n], f.inv[:n]
	x1, x2 := 0.0, 0.0 // x_{i+1}, x_{i+2}
	for i := n - 1; i >= 0; i-- {
		z := ((x[i] - u2[i]*x2) - u1[i]*x1) * inv[i]
		for try := 0; math.Abs(z) > 1e150 && try < 3; try++ {
			scale(1e-150, x)
			x1, x2 = x1*1e-150, x2*1e-150
			z = ((x[i] - u2[i]*x2) - u1[i]*x1) * inv[i]
		}
		x[i] = z
		x1, x2 = z, x1
	}
}

// tridiagNorm1 is ‖T‖₁ = max_i |e_{i-1}| + |d_i| + |e_i| of the symmetric
// tridiagonal matrix with diagonal d and off-diagonal e.
func tridiagNorm1(d, e []float64) float64 {
	n, norm := len(d), 0.0
	for i := range n {
		s := math.Abs(d[i])
		if i > 0 {
			s += math.Abs(e[i-1])
		}
		if i < n-1 {
			s += math.Abs(e[i])
		}
		norm = max(norm, s)
	}
	return norm
}
