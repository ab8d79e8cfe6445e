package ordination

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack/gonum"
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
// lanczosTol·|θ_1| (Golub & Van Loan, Matrix Computations, §10.1).
//
// A single Krylov space holds one vector per distinct eigenvalue, so tied
// eigenvalues would be missed: when the space becomes invariant (β ≈ 0),
// the iteration restarts from a random vector orthogonal to everything
// found so far (T gets a zero off-diagonal), as long as the last block
// found a value among the wanted ones. Fewer values are returned when B
// has fewer non-trivial eigenvalues.
func lanczos(c *centred, want int, src rand.Source) ([]float64, [][]float64) {
	n := c.n
	want = min(want, n)
	if src == nil {
		src = rand.NewPCG(0x9e3779b97f4a7c15, 0x2545f4914f6cdd1d)
	}
	rng := rand.New(src)
	var qs [][]float64
	var alpha, beta []float64
	q := startVector(rng, n, qs)
	block := 0     // first step of the current Krylov block
	nextCheck := 0 // step of the next convergence check
	for m := 1; ; m++ {
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
		scale := 0.0
		for _, x := range alpha {
			scale = max(scale, math.Abs(x))
		}
		if b <= 1e-12*scale || m == n {
			theta, s := ritz(alpha, beta)
			if m == n || !foundWanted(alpha[block:], beta[block:], theta, want, scale) {
				return ritzPairs(qs, theta, s, want)
			}
			if q = startVector(rng, n, qs); q == nil {
				return ritzPairs(qs, theta, s, want)
			}
			beta = append(beta, 0)
			block = m
			continue
		}
		if m-block >= 2*want && m >= nextCheck {
			nextCheck = m + 4
			// The cheap O(m·want) estimate gates the O(m³) exact check.
			if likelyConverged(alpha, beta, b, want) {
				theta, s := ritz(alpha, beta)
				if converged(theta, s, b, want) {
					return ritzPairs(qs, theta, s, want)
				}
			}
		}
		beta = append(beta, b)
		floats.Scale(1/b, w)
		q = w
	}
}

// startVector returns a random unit vector orthogonal to the constant
// vector (B 1 = 0) and to qs, or nil when qs already span that space.
func startVector(rng *rand.Rand, n int, qs [][]float64) []float64 {
	q := make([]float64, n)
	for i := range q {
		q[i] = rng.NormFloat64()
	}
	norm0 := floats.Norm(q, 2)
	for range 2 {
		floats.AddConst(-floats.Sum(q)/float64(n), q)
		for _, p := range qs {
			floats.AddScaled(q, -floats.Dot(p, q), p)
		}
	}
	norm := floats.Norm(q, 2)
	if norm <= 1e-8*norm0 {
		return nil
	}
	floats.Scale(1/norm, q)
	return q
}

// foundWanted reports whether the Krylov block with tridiagonal (a, b)
// has a Ritz value that is not negligible and is among the want largest of
// all, theta (descending): then a copy of it may hide in the rest of the
// space.
func foundWanted(a, b, theta []float64, want int, scale float64) bool {
	block, _ := ritz(a, b[:len(a)-1])
	cut := math.Inf(-1)
	if len(theta) >= want {
		cut = theta[want-1]
	}
	for _, v := range block {
		if v > zeroTol*scale && v >= cut {
			return true
		}
	}
	return false
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

// likelyConverged estimates the residuals β|s_{m,i}| of the want largest
// Ritz pairs without the eigenvectors of T: the Ritz values come from
// Dsterf and the last component of each eigenvector from two steps of
// inverse iteration with the tridiagonal solver Dgtsv, O(m) each.
func likelyConverged(alpha, beta []float64, b float64, want int) bool {
	m := len(alpha)
	if m < want {
		return false
	}
	var impl gonum.Implementation
	d := append([]float64(nil), alpha...)
	e := append([]float64(nil), beta[:m-1]...)
	if !impl.Dsterf(m, d, e) {
		return true // let the exact check decide
	}
	top := max(math.Abs(d[0]), math.Abs(d[m-1]))
	dl, dd, du := make([]float64, m-1), make([]float64, m), make([]float64, m-1)
	x := make([]float64, m)
	for k := range want {
		theta := d[m-1-k]
		for i := range x {
			x[i] = 1 / math.Sqrt(float64(m))
		}
		for range 2 {
			shift := theta + 1e-13*top
			copy(dl, beta[:m-1])
			copy(du, beta[:m-1])
			for i := range dd {
				dd[i] = alpha[i] - shift
			}
			if !impl.Dgtsv(m, 1, dl, dd, du, x, 1) {
				return true
			}
			floats.Scale(1/floats.Norm(x, 2), x)
		}
		if math.Abs(b*x[m-1]) > lanczosTol*top {
			return false
		}
	}
	return true
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
