package ordination

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// lanczosTol is the residual, relative to the largest Ritz value, below
// which a Ritz pair counts as converged: ‖B y - θ y‖ ≤ lanczosTol·|θ_1|.
const lanczosTol = 1e-11

// lanczos returns the want largest eigenvalues of B (descending) and their
// eigenvectors by the Lanczos iteration with full reorthogonalisation,
//
//	B Q_m = Q_m T_m + β_m q_{m+1} e_mᵀ,  T_m tridiagonal,
//
// stopping when the residual β_m |s_{m,i}| of each wanted Ritz pair is below
// lanczosTol·|θ_1| (Golub & Van Loan, Matrix Computations, §10.1). Fewer
// values are returned when B has a smaller invariant subspace containing
// the start vector.
func lanczos(c *centred, want int, src rand.Source) ([]float64, [][]float64) {
	n := c.n
	want = min(want, n)
	if src == nil {
		src = rand.NewPCG(0x9e3779b97f4a7c15, 0x2545f4914f6cdd1d)
	}
	rng := rand.New(src)
	q := make([]float64, n)
	for i := range q {
		q[i] = rng.NormFloat64()
	}
	floats.AddConst(-floats.Sum(q)/float64(n), q) // B 1 = 0: start orthogonal to 1
	floats.Scale(1/floats.Norm(q, 2), q)

	var qs [][]float64
	var alpha, beta []float64
	for m := 1; m <= n; m++ {
		qs = append(qs, q)
		w := make([]float64, n)
		c.mulVec(w, q)
		a := floats.Dot(q, w)
		alpha = append(alpha, a)
		for range 2 { // full reorthogonalisation, twice is enough (Kahan)
			for _, p := range qs {
				floats.AddScaled(w, -floats.Dot(p, w), p)
			}
		}
		b := floats.Norm(w, 2)
		scale := math.Abs(alpha[0])
		for _, x := range alpha {
			scale = max(scale, math.Abs(x))
		}
		invariant := b <= 1e-13*scale || m == n
		if invariant || (m >= 2*want && m%8 == 0) {
			theta, s := ritz(alpha, beta)
			if invariant || converged(theta, s, b, want) {
				return ritzPairs(qs, theta, s, want)
			}
		}
		beta = append(beta, b)
		floats.Scale(1/b, w)
		q = w
	}
	panic("unreachable")
}

// ritz returns the eigenvalues of the tridiagonal T (diagonal alpha,
// off-diagonal beta) in descending order and the matching eigenvectors as
// the columns of s.
func ritz(alpha, beta []float64) ([]float64, *mat.Dense) {
	m := len(alpha)
	t := mat.NewSymDense(m, nil)
	for i, a := range alpha {
		t.SetSym(i, i, a)
		if i+1 < m {
			t.SetSym(i, i+1, beta[i])
		}
	}
	var es mat.EigenSym
	if !es.Factorize(t, true) {
		panic("ordination: tridiagonal eigendecomposition failed")
	}
	v := es.Values(nil)
	var vec mat.Dense
	es.VectorsTo(&vec)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return v[order[a]] > v[order[b]] })
	theta := make([]float64, m)
	s := mat.NewDense(m, m, nil)
	for k, o := range order {
		theta[k] = v[o]
		for i := range m {
			s.Set(i, k, vec.At(i, o))
		}
	}
	return theta, s
}

func converged(theta []float64, s *mat.Dense, b float64, want int) bool {
	if len(theta) < want {
		return false
	}
	m, _ := s.Dims()
	top := math.Abs(theta[0])
	for k := range want {
		if math.Abs(b*s.At(m-1, k)) > lanczosTol*top {
			return false
		}
	}
	return true
}

// ritzPairs returns the first want Ritz values and the Ritz vectors
// y_k = Q s_k.
func ritzPairs(qs [][]float64, theta []float64, s *mat.Dense, want int) ([]float64, [][]float64) {
	want = min(want, len(theta))
	vecs := make([][]float64, want)
	for k := range want {
		y := make([]float64, len(qs[0]))
		for j, q := range qs {
			floats.AddScaled(y, s.At(j, k), q)
		}
		floats.Scale(1/floats.Norm(y, 2), y)
		vecs[k] = y
	}
	return theta[:want:want], vecs
}
