// Package ordination computes principal coordinates analysis (PCoA) of
// distance matrices.
//
// Distance matrices are condensed: the upper triangle of an n × n matrix
// stored row by row, d(0,1), d(0,2), …, d(0,n-1), d(1,2), …, as
// scipy.spatial.distance.squareform (see diversity.CondensedIndex).
package ordination

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Method chooses how PCoA finds the eigenvectors.
type Method int

const (
	Auto  Method = iota // Exact up to ExactMaxN samples, TopK above
	Exact               // all eigenvalues (Householder tridiagonalisation)
	TopK                // Lanczos iteration for the leading axes only
)

// ExactMaxN is the largest number of samples for which Auto chooses Exact.
const ExactMaxN = 500

func (m Method) String() string {
	switch m {
	case Exact:
		return "exact-eigh"
	case TopK:
		return "lanczos-topk"
	}
	return "auto"
}

// Options tune PCoA. The zero value asks for the default.
type Options struct {
	// Axes is the number of axes wanted; 0 means min(n-1, 10). Fewer are
	// returned when fewer eigenvalues are positive.
	Axes   int
	Method Method
	// Source seeds the start vectors of the Lanczos iteration (TopK) and
	// of inverse iteration (Exact); nil means a fixed seed, so results are
	// reproducible. (Only the rotation of axes with tied eigenvalues, and
	// rounding, depend on it.)
	Source rand.Source
}

// Result is a PCoA.
type Result struct {
	// Method is "exact-eigh" (every eigenvalue, and the eigenvectors of
	// the leading ones, from a Householder tridiagonalisation; see exact)
	// or "lanczos-topk".
	Method string
	// Eigenvalues of the Gower-centred matrix, descending, one per axis;
	// every one is positive.
	Eigenvalues []float64
	// ProportionExplained[k] = Eigenvalues[k] / SumPositive (Exact) or
	// Eigenvalues[k] / Trace (TopK, where SumPositive is not known).
	ProportionExplained []float64
	SumPositive         float64 // Σ positive eigenvalues; NaN for TopK
	Trace               float64 // Σ all eigenvalues = trace of the centred matrix
	// Next is the eigenvalue after the last axis (NaN when not known);
	// when it is close to the last one, that axis is not determined.
	Next float64
	// Coordinates[i][k] is sample i on axis k: v_ik √λ_k.
	Coordinates [][]float64
}

// zeroTol is the relative size below which an eigenvalue counts as zero
// (rounding noise): λ ≤ zeroTol·λ_1 gives no axis. scikit-bio 0.5.8 zeroes
// eigenvalues within 1e-8 (absolute) of zero.
const zeroTol = 1e-10

// ErrTooFew is returned for fewer than two samples.
var ErrTooFew = errors.New("ordination: PCoA needs at least 2 samples")

// PCoA returns the principal coordinates of the n × n distance matrix
// given in condensed form d,
//
//	A = -½ D∘D,  B = J A J,  J = I - (1/n) 1 1ᵀ   (Gower 1966)
//	B v_k = λ_k v_k,  λ_1 ≥ λ_2 ≥ …,  coordinates v_k √λ_k for λ_k > 0
//
// as skbio.stats.ordination.pcoa(method="eigh") with negative eigenvalues
// left out: only axes with a positive eigenvalue (above 1e-10 λ_1, below
// which it is rounding noise) are returned. The proportion explained is
// λ_k / Σ_{λ>0} λ, except for TopK, which does not know every eigenvalue
// and divides by the trace Σ λ (equal to Σ_{λ>0} λ for Euclidean
// distances, smaller otherwise). Each axis is given the sign that makes its
// largest absolute coordinate (the first, on ties) positive. The
// distances are divided by the largest before they are squared, so tiny
// ones do not underflow. Problems in the data (n < 2, a length that is not
// n(n-1)/2, NaN or negative distances, distances above 1e154 whose squares
// overflow) are returned as errors. Gower JC 1966, Biometrika 53:325.
func PCoA(n int, d []float64, o Options) (*Result, error) {
	if n < 2 {
		return nil, ErrTooFew
	}
	if len(d) != n*(n-1)/2 {
		return nil, fmt.Errorf("ordination: %d distances for %d samples, want %d", len(d), n, n*(n-1)/2)
	}
	dmax := 0.0
	for _, v := range d {
		if !(v >= 0 && v <= math.MaxFloat64) { // NaN, negative or +Inf
			return nil, fmt.Errorf("ordination: distance %v is not a finite non-negative number", v)
		}
		if v > dmax { // not max: a function call under WebAssembly
			dmax = v
		}
	}
	k := o.Axes
	if k <= 0 {
		k = min(n-1, 10)
	}
	k = min(k, n)
	m := o.Method
	if m == Auto {
		m = Exact
		if n > ExactMaxN {
			m = TopK
		}
	}
	c := newCentred(n, d, dmax, m == TopK)
	s2 := c.dmax * c.dmax // the eigenvalues of c times s2 are those of B
	if math.IsInf(s2, 0) {
		return nil, fmt.Errorf("ordination: distance %v too large to square", c.dmax)
	}
	var vals []float64   // of c, descending
	var vecs [][]float64 // vecs[k] is the k-th eigenvector, length n
	var r Result
	switch m {
	case Exact:
		var err error
		vals, vecs, r.SumPositive, err = exact(c, k, o.Source)
		if err != nil {
			return nil, err
		}
	case TopK:
		vals, vecs = lanczos(c, k+1, o.Source)
		r.SumPositive = math.NaN()
	default:
		panic("ordination: unknown method")
	}
	r.Method = m.String()
	r.Trace = c.trace() * s2
	r.SumPositive *= s2
	r.Next = math.NaN()
	axes := 0
	for axes < k && axes < len(vals) && axes < len(vecs) && vals[axes] > zeroTol*vals[0] {
		axes++
	}
	if axes < len(vals) {
		r.Next = vals[axes] * s2
	}
	basis := r.SumPositive
	if m == TopK {
		basis = r.Trace
	}
	r.Eigenvalues = make([]float64, axes)
	r.ProportionExplained = make([]float64, axes)
	r.Coordinates = make([][]float64, n)
	flat := make([]float64, n*axes)
	for i := range r.Coordinates {
		r.Coordinates[i] = flat[i*axes : (i+1)*axes : (i+1)*axes]
	}
	for a := range axes {
		r.Eigenvalues[a] = vals[a] * s2
		r.ProportionExplained[a] = r.Eigenvalues[a] / basis
		v := vecs[a]
		s := math.Sqrt(vals[a]) * c.dmax * signOf(v)
		for i := range n {
			r.Coordinates[i][a] = v[i] * s
		}
	}
	return &r, nil
}

// signOf returns the sign that makes the largest |v_i| (the first, on
// ties) positive.
func signOf(v []float64) float64 {
	best := 0
	for i, x := range v {
		if math.Abs(x) > math.Abs(v[best]) {
			best = i
		}
	}
	if v[best] < 0 {
		return -1
	}
	return 1
}

// centred is B = J A J, A = -½ D∘D, for the distances divided by their
// maximum dmax (so that nothing overflows or underflows: the eigenvalues
// of the true B are dmax² times these), kept as A's condensed upper
// triangle with the row means r and grand mean g of A:
//
//	B_ij = A_ij - r_i - r_j + g
type centred struct {
	n      int
	d      []float64 // the condensed distances
	dmax   float64
	inv    float64   // 1/dmax
	a      []float64 // condensed A, from newCentred or condensedA
	rows   []float64
	g      float64
	bufs   [][]float64 // per-block accumulators of mulVec
	bounds []int       // row bounds of the blocks
	team   *team       // runs mulVec's blocks; nil: the caller alone
}

// newCentred returns B for the n × n condensed distances d, the largest
// of which is dmax, with A's condensed triangle (see condensedA) computed
// in the same pass when condensed is set.
func newCentred(n int, d []float64, dmax float64, condensed bool) *centred {
	c := &centred{n: n, d: d, dmax: dmax, rows: make([]float64, n)}
	if c.dmax == 0 {
		return c
	}
	c.inv = 1 / c.dmax
	if condensed {
		c.a = make([]float64, len(d))
	}
	p := 0
	for i := range n {
		ri := 0.0
		rest := c.rows[i+1:]
		di := d[p : p+n-1-i]
		if c.a != nil {
			ri = squareRow(c.a[p:p+len(di)], di, rest, c.inv)
		} else {
			for j, v := range di {
				x := v * c.inv
				a := -0.5 * x * x
				ri += a
				rest[j] += a
			}
		}
		c.rows[i] += ri
		p += n - 1 - i
	}
	for i := range c.rows {
		c.rows[i] /= float64(n)
		c.g += c.rows[i]
	}
	c.g /= float64(n)
	return c
}

// squareRow sets a_j = -½ (d_j s)², adds a_j to rest_j and returns Σ a_j:
// one row of newCentred that keeps A.
func squareRow(a, d, rest []float64, s float64) float64 {
	a, rest = a[:len(d)], rest[:len(d)]
	r := 0.0
	for j, v := range d {
		x := v * s
		x = -0.5 * x * x
		a[j] = x
		r += x
		rest[j] += x
	}
	return r
}

// condensedA returns A's condensed upper triangle, computed once unless
// newCentred kept it (for mulVec; exact reads the distances directly).
func (c *centred) condensedA() []float64 {
	if c.a == nil {
		c.a = make([]float64, len(c.d))
		for p, v := range c.d {
			x := v * c.inv
			c.a[p] = -0.5 * x * x
		}
	}
	return c.a
}

// trace returns Σ_i B_ii = Σ_i (-2 r_i + g) = -n g.
func (c *centred) trace() float64 { return -float64(c.n) * c.g }

// dense returns the upper triangle of B packed row by row (see
// tridiagonalize).
func (c *centred) dense() []float64 {
	n := c.n
	b := make([]float64, n*(n+1)/2)
	p := 0
	for i := range n {
		row := packedRow(n, b, i)
		ri := c.rows[i] - c.g
		row[0] = -2*c.rows[i] + c.g
		rest := c.rows[i+1:]
		for j, v := range c.d[p : p+n-1-i] {
			x := v * c.inv
			row[1+j] = -0.5*x*x - ri - rest[j]
		}
		p += n - 1 - i
	}
	return b
}

// mulVec sets y = B x. For n ≥ parallelN the condensed matrix is cut
// into mulBlocks blocks of rows (a number independent of the number of
// cores), each accumulated into its own buffer by c.team (the caller
// alone when it is nil); the buffers are added in block order, so the
// result is the same bit for bit on any number of cores.
func (c *centred) mulVec(y, x []float64) {
	n := c.n
	c.condensedA()
	if n < parallelN {
		clear(y)
		c.mulRows(y, x, 0, n)
	} else {
		if c.bufs == nil {
			c.bufs = make([][]float64, mulBlocks)
			for b := range c.bufs {
				c.bufs[b] = make([]float64, n)
			}
			c.bounds = splitPairs(n, mulBlocks)
		}
		c.team.run(mulBlocks, func(b int) {
			clear(c.bufs[b])
			c.mulRows(c.bufs[b], x, c.bounds[b], c.bounds[b+1])
		})
		copy(y, c.bufs[0])
		for _, b := range c.bufs[1:] {
			axpy(1, b, y)
		}
	}
	sx, rx := 0.0, 0.0
	for i, v := range x {
		sx += v
		rx += c.rows[i] * v
	}
	for i := range y {
		y[i] += -c.rows[i]*sx - rx + c.g*sx
	}
}

// mulVec works in parallel from parallelN samples on, in mulBlocks
// blocks: a multiple of common core counts, so that the blocks share out
// evenly.
const (
	parallelN = 400
	mulBlocks = 8
)

// mulRows adds A x restricted to the pairs (i, j), lo ≤ i < hi, i < j,
// and their mirror images, to y.
func (c *centred) mulRows(y, x []float64, lo, hi int) {
	n := c.n
	p := lo*n - lo*(lo+1)/2
	i := lo
	for ; i+3 < hi; i += 4 { // four rows at a time
		m := n - 1 - i
		r0, r1, r2, r3 := c.a[p:p+m], c.a[p+m:p+2*m-1], c.a[p+2*m-1:p+3*m-3], c.a[p+3*m-3:p+4*m-6]
		x0, x1, x2, x3 := x[i], x[i+1], x[i+2], x[i+3]
		s0, s1, s2, s3 := dot4Axpy4(r0[3:], r1[2:], r2[1:], r3, x[i+4:], y[i+4:], x0, x1, x2, x3)
		y[i] += s0 + (r0[0]*x1 + r0[1]*x2 + r0[2]*x3)
		y[i+1] += s1 + (r0[0]*x0 + r1[0]*x2 + r1[1]*x3)
		y[i+2] += s2 + (r0[1]*x0 + r1[0]*x1 + r2[0]*x3)
		y[i+3] += s3 + (r0[2]*x0 + r1[1]*x1 + r2[0]*x2)
		p += 4*m - 6
	}
	for ; i+1 < hi; i += 2 { // two rows at a time
		m := n - 1 - i
		r0, r1 := c.a[p:p+m], c.a[p+m:p+2*m-1]
		s0, s1 := dot2Axpy2(r0[1:], r1, x[i+2:], y[i+2:], x[i], x[i+1])
		y[i] += s0 + r0[0]*x[i+1]
		y[i+1] += s1 + r0[0]*x[i]
		p += 2*m - 1
	}
	if i < hi {
		m := n - 1 - i
		y[i] += dotAxpy(c.a[p:p+m], x[i+1:], y[i+1:], x[i])
	}
}

// splitPairs returns row bounds 0 = b_0 < … < b_w = n that give each of w
// blocks about the same number of pairs i < j.
func splitPairs(n, w int) []int {
	total := float64(n) * float64(n-1) / 2
	b := make([]int, w+1)
	row, done := 0, 0.0
	for k := 1; k < w; k++ {
		for row < n && done < total*float64(k)/float64(w) {
			done += float64(n - 1 - row)
			row++
		}
		b[k] = row
	}
	b[w] = n
	return b
}

// exact returns all eigenvalues of B in descending order, the
// eigenvectors of the first k and the sum of the positive eigenvalues, as
// LAPACK's dsyevx does for a subset of eigenvectors (scipy.linalg.eigh
// with driver="evx"): B is reduced to a tridiagonal T = Qᵀ B Q
// (tridiagonalize, 4n³/3 flops), T's eigenvalues are found by QL/QR
// (sterf) and the eigenvectors of the k wanted ones by inverse iteration
// on T (O(n k)), then carried back by Q (O(n² k)). Only the reduction is
// O(n³); gonum's mat.EigenSym (dsyev) also accumulates all n
// eigenvectors, about three times as much work. From splitRows+2 samples
// on, the reduction runs on a team (all cores).
func exact(c *centred, k int, src rand.Source) (vals []float64, vecs [][]float64, sumPos float64, err error) {
	n := c.n
	if c.dmax == 0 { // all distances zero
		return make([]float64, n), nil, 0, nil
	}
	var t *team
	if n-2 >= splitRows { // a step of tridiagonalize is cut in two
		t = newTeam()
		defer t.close()
	}
	a := c.dense()
	d, e, tau := tridiagonalize(n, a, t)
	vals, vecs, ok := tridiagEigen(d, e, k, rand.New(source(src)))
	if !ok {
		return nil, nil, 0, errors.New("ordination: eigendecomposition did not converge")
	}
	applyQ(n, a, tau, vecs)
	for _, v := range vals {
		if v > 0 {
			sumPos += v
		}
	}
	for _, v := range vecs {
		scale(1/norm(v), v)
	}
	return vals, vecs, sumPos, nil
}

// source returns src, or the fixed default source when it is nil.
func source(src rand.Source) rand.Source {
	if src == nil {
		return rand.NewPCG(0x9e3779b97f4a7c15, 0x2545f4914f6cdd1d)
	}
	return src
}
