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
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Method chooses how PCoA finds the eigenvectors.
type Method int

const (
	Auto  Method = iota // Exact up to ExactMaxN samples, TopK above
	Exact               // all eigenvalues (gonum mat.EigenSym); see exactVectorsMaxN
	TopK                // Lanczos iteration for the leading axes only
)

// ExactMaxN is the largest number of samples for which Auto chooses Exact.
const ExactMaxN = 500

func (m Method) String() string {
	switch m {
	case Exact:
		return "exact"
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
	// Source seeds the start vectors of the Lanczos iteration (TopK, and
	// Exact above 100 samples); nil means a fixed seed, so results are
	// reproducible.
	Source rand.Source
}

// Result is a PCoA.
type Result struct {
	// Method is "exact-eigh" (eigenvalues and eigenvectors from
	// mat.EigenSym), "exact-eigvalsh+lanczos" (all eigenvalues from
	// mat.EigenSym, the eigenvectors by Lanczos) or "lanczos-topk".
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
// largest absolute coordinate (the first, on ties) positive. Problems in
// the data (n < 2, a length that is not n(n-1)/2, NaN or negative
// distances) are returned as errors. Gower JC 1966, Biometrika 53:325.
func PCoA(n int, d []float64, o Options) (*Result, error) {
	if n < 2 {
		return nil, ErrTooFew
	}
	if len(d) != n*(n-1)/2 {
		return nil, fmt.Errorf("ordination: %d distances for %d samples, want %d", len(d), n, n*(n-1)/2)
	}
	for _, v := range d {
		if !(v >= 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("ordination: distance %v is not a finite non-negative number", v)
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
	c := newCentred(n, d)
	var vals []float64
	var vecs [][]float64 // vecs[k] is the k-th eigenvector, length n
	var r Result
	r.Trace = c.trace()
	switch m {
	case Exact:
		var err error
		vals, vecs, r.SumPositive, r.Method, err = exact(c, k+1, o.Source)
		if err != nil {
			return nil, err
		}
	case TopK:
		vals, vecs = lanczos(c, k+1, o.Source)
		r.SumPositive = math.NaN()
	default:
		panic("ordination: unknown method")
	}
	if r.Method == "" {
		r.Method = m.String()
	}
	r.Next = math.NaN()
	axes := 0
	for axes < k && axes < len(vals) && axes < len(vecs) && vals[axes] > zeroTol*vals[0] {
		axes++
	}
	if axes < len(vals) {
		r.Next = vals[axes]
	}
	basis := r.SumPositive
	if m == TopK {
		basis = r.Trace
	}
	r.Eigenvalues = vals[:axes:axes]
	r.ProportionExplained = make([]float64, axes)
	r.Coordinates = make([][]float64, n)
	flat := make([]float64, n*axes)
	for i := range r.Coordinates {
		r.Coordinates[i] = flat[i*axes : (i+1)*axes : (i+1)*axes]
	}
	for a := range axes {
		r.ProportionExplained[a] = vals[a] / basis
		v := vecs[a]
		s := math.Sqrt(vals[a]) * signOf(v)
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

// centred is B = J A J, A = -½ D∘D, kept as A's condensed upper triangle
// with the row means r and grand mean g of A:
//
//	B_ij = A_ij - r_i - r_j + g
type centred struct {
	n    int
	a    []float64 // condensed A
	rows []float64
	g    float64
	bufs [][]float64 // per-block accumulators of mulVec
}

func newCentred(n int, d []float64) *centred {
	c := &centred{n: n, a: make([]float64, len(d)), rows: make([]float64, n)}
	p := 0
	for i := range n {
		for j := i + 1; j < n; j++ {
			a := -0.5 * d[p] * d[p]
			c.a[p] = a
			c.rows[i] += a
			c.rows[j] += a
			p++
		}
	}
	for i := range c.rows {
		c.rows[i] /= float64(n)
		c.g += c.rows[i]
	}
	c.g /= float64(n)
	return c
}

// trace returns Σ_i B_ii = Σ_i (-2 r_i + g) = -n g.
func (c *centred) trace() float64 { return -float64(c.n) * c.g }

// dense returns B as a gonum symmetric matrix.
func (c *centred) dense() *mat.SymDense {
	n := c.n
	b := mat.NewSymDense(n, nil)
	p := 0
	for i := range n {
		b.SetSym(i, i, -2*c.rows[i]+c.g)
		for j := i + 1; j < n; j++ {
			b.SetSym(i, j, c.a[p]-c.rows[i]-c.rows[j]+c.g)
			p++
		}
	}
	return b
}

// mulVec sets y = B x. For large n the condensed matrix is cut into a
// fixed number of blocks of rows (independent of the number of cores), each
// accumulated into its own buffer by one of up to runtime.GOMAXPROCS
// goroutines; the buffers are added in block order, so the result is the
// same bit for bit on any number of cores.
func (c *centred) mulVec(y, x []float64) {
	n := c.n
	blocks := min(maxBlocks, n/parallelRows)
	if blocks <= 1 {
		clear(y)
		c.mulRows(y, x, 0, n)
	} else {
		if len(c.bufs) != blocks {
			c.bufs = make([][]float64, blocks)
			for b := range c.bufs {
				c.bufs[b] = make([]float64, n)
			}
		}
		bounds := splitPairs(n, blocks)
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(runtime.GOMAXPROCS(0), blocks) {
			wg.Go(func() {
				for {
					b := int(next.Add(1) - 1)
					if b >= blocks {
						return
					}
					clear(c.bufs[b])
					c.mulRows(c.bufs[b], x, bounds[b], bounds[b+1])
				}
			})
		}
		wg.Wait()
		copy(y, c.bufs[0])
		for _, b := range c.bufs[1:] {
			floats.Add(y, b)
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

// mulVec cuts the matrix into at most maxBlocks blocks of at least
// parallelRows rows.
const (
	parallelRows = 256
	maxBlocks    = 8
)

// mulRows adds A x restricted to the pairs (i, j), lo ≤ i < hi, i < j,
// and their mirror images, to y.
func (c *centred) mulRows(y, x []float64, lo, hi int) {
	n := c.n
	p := lo*n - lo*(lo+1)/2
	for i := lo; i < hi; i++ {
		row := c.a[p : p+n-1-i]
		y[i] += floats.Dot(row, x[i+1:])
		floats.AddScaled(y[i+1:], x[i], row)
		p += n - 1 - i
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

// exactVectorsMaxN is the largest n for which Exact takes the eigenvectors
// from mat.EigenSym too. Above it, EigenSym computes the eigenvalues only
// (several times faster) and the Lanczos iteration the leading
// eigenvectors; the method is then reported as "exact-eigvalsh+lanczos".
var exactVectorsMaxN = 100

// exact returns all eigenvalues of B in descending order, the
// eigenvectors of the first k, the sum of the positive eigenvalues and the
// method used.
func exact(c *centred, k int, src rand.Source) (vals []float64, vecs [][]float64, sumPos float64, method string, err error) {
	n := c.n
	withVectors := n <= exactVectorsMaxN
	var es mat.EigenSym
	if !es.Factorize(c.dense(), withVectors) {
		return nil, nil, 0, "", errors.New("ordination: eigendecomposition did not converge")
	}
	v := es.Values(nil)
	order := make([]int, n)
	for i := range order {
		order[i] = n - 1 - i // gonum returns ascending values
	}
	sort.SliceStable(order, func(a, b int) bool { return v[order[a]] > v[order[b]] })
	vals = make([]float64, n)
	for a, o := range order {
		vals[a] = v[o]
		if v[o] > 0 {
			sumPos += v[o]
		}
	}
	if !withVectors {
		_, vecs = lanczos(c, k, src)
		return vals, vecs, sumPos, "exact-eigvalsh+lanczos", nil
	}
	var ev mat.Dense
	es.VectorsTo(&ev)
	vecs = make([][]float64, min(k, n))
	for a := range vecs {
		vecs[a] = mat.Col(nil, order[a], &ev)
	}
	return vals, vecs, sumPos, "exact-eigh", nil
}
