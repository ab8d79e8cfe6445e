package ordination

import (
	"math"
	"math/rand/v2"
	"slices"
)

// reorthKeep: a pass of reorthogonalisation that leaves less than this
// fraction of the vector's norm is repeated (the criterion of Daniel,
// Gragg, Kaufman & Stewart 1976, Math Comp 30:772).
const reorthKeep = 0.7071

// lanczosTol is the residual, relative to the largest Ritz value, below
// which a Ritz pair counts as converged: ‖B y - θ y‖ ≤ lanczosTol·|θ_1|.
const lanczosTol = 1e-11

// nextTol is the residual below which the Ritz pair after the wanted axes
// counts as converged (see converged).
const nextTol = 1e-8

// orthoTol is the estimated loss of orthogonality, |q_j·q_{m+1}|, above
// which a new Lanczos vector is reorthogonalised (see omegas).
const orthoTol = 1e-13

// lanczos returns the want largest eigenvalues of B (descending) and their
// eigenvectors by the Lanczos iteration with partial reorthogonalisation,
//
//	B Q_m = Q_m T_m + β_m q_{m+1} e_mᵀ,  T_m tridiagonal,
//
// a new vector orthogonalised against all earlier ones (reorthKeep) when
// Simon's estimate of its loss of orthogonality exceeds orthoTol (see
// omegas), stopping when the residual β_m |s_{m,i}| of each wanted Ritz pair
// (θ_i, Q_m s_i) is below lanczosTol·|θ_1| (Golub & Van Loan, Matrix
// Computations, §10.1). The Ritz pairs of T_m come from tridiagEigen, in
// O(m²) for the values and O(m) per vector.
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
	if n >= parallelN {
		c.team = newTeam()
		defer func() { c.team.close(); c.team = nil }()
	}
	rng := rand.New(source(src))
	var qs [][]float64
	var alpha, beta []float64
	q := startVector(rng, n, qs)
	amax := 0.0    // max |α|
	block := 0     // first step of the current Krylov block
	nextCheck := 0 // step of the next convergence check
	bmax := 0.0    // max β
	var om omegas
	for m := 1; ; m++ {
		qs = append(qs, q)
		w := make([]float64, n)
		c.mulVec(w, q)
		a := dot(q, w)
		alpha = append(alpha, a)
		if math.Abs(a) > amax {
			amax = math.Abs(a)
		}
		// The three-term recurrence, w = B q_m - α_m q_m - β_{m-1} q_{m-1},
		// then, when needed, full reorthogonalisation, repeated while it
		// removes much.
		axpy(-a, q, w)
		if m >= 2 {
			axpy(-beta[m-2], qs[m-2], w)
		}
		b := norm(w)
		if om.next(alpha, beta, b, max(amax, bmax)) {
			for range 3 {
				before := norm(w)
				orthogonalize(w, qs)
				if norm(w) > reorthKeep*before {
					break
				}
			}
			b = norm(w)
			om.reorthogonalised()
		}
		bmax = max(bmax, b)
		if b <= 1e-12*amax || m == n {
			theta, s := ritz(alpha, beta, want, rng)
			if m == n || !foundWanted(alpha[block:], beta[block:], theta, want, amax) {
				return ritzPairs(qs, theta, s)
			}
			if q = startVector(rng, n, qs); q == nil {
				return ritzPairs(qs, theta, s)
			}
			beta = append(beta, 0)
			block = m
			om.restart(m)
			continue
		}
		if m-block >= 2*want && m >= nextCheck {
			nextCheck = m + checkEvery(n, m)
			theta, s := ritz(alpha, beta, want, rng)
			if converged(theta, s, b, want) {
				return ritzPairs(qs, theta, s)
			}
		}
		beta = append(beta, b)
		scale(1/b, w)
		q = w
	}
}

// omegas holds Simon's estimates ω_{m,j} ≈ q_m·q_j of the loss of
// orthogonality of the Lanczos vectors (Simon 1984, Math Comp 42:115;
// Larsen's PROPACK), found from those of the two previous vectors by the
// recurrence that the Lanczos vectors themselves follow,
//
//	β_m ω_{m+1,j} = β_j ω_{m,j+1} + (α_j - α_m) ω_{m,j} + β_{j-1} ω_{m,j-1}
//	               - β_{m-1} ω_{m-1,j} ± 2ε‖B‖,
//
// with ω_{m,m} = 1 and ω_{m+1,m} = mε‖B‖/β_m (the three-term recurrence
// keeps neighbours orthogonal), the ± taken away from zero. lanczos
// reorthogonalises a vector only when some estimate exceeds orthoTol, and
// then the next vector too, as Simon does (partial reorthogonalisation).
// Simon's bound, √ε, keeps the Ritz values accurate but lets the Ritz
// vectors drift by about √ε (5e-8 of the axes at n = 1000); the much
// smaller orthoTol keeps them as accurate as reorthogonalising every
// vector (within 1e-11 of the exact axes on the tests' matrices) and still
// skips about four vectors in five (n = 1000: 36 reorthogonalisations in
// 167 steps, a ninth less time in all).
type omegas struct {
	prev, cur []float64 // ω_{m-1,j}, ω_{m,j} (j ≤ m)
	ahead     []float64 // ω_{m+1,j} (j ≤ m), from next
	again     bool      // the previous vector was reorthogonalised
	fresh     bool      // q_m starts a new Krylov block
}

// next sets the estimates for the vector w = β_m q_{m+1} that follows the
// m steps with α_j (alpha) and β_j (beta, m-1 of them), b = ‖w‖, given
// ‖B‖ ≈ bnorm, and reports whether w should be reorthogonalised (then
// the caller calls reorthogonalised).
func (o *omegas) next(alpha, beta []float64, b, bnorm float64) bool {
	const eps = 0x1p-52
	m := len(alpha) // q_{m+1} is qs[m]; indices below are 0-based
	if o.cur == nil {
		o.cur = append(o.cur, 1)
	}
	o.ahead = o.ahead[:0]
	for j := range m - 1 {
		x := beta[j]*o.cur[j+1] + (alpha[j]-alpha[m-1])*o.cur[j]
		if j > 0 {
			x += beta[j-1] * o.cur[j-1]
		}
		if j < len(o.prev) {
			x -= beta[m-2] * o.prev[j]
		}
		o.ahead = append(o.ahead, (x+math.Copysign(2*eps*bnorm, x))/b)
	}
	o.ahead = append(o.ahead, eps*float64(m)*bnorm/b)
	need := o.again || o.fresh
	for _, v := range o.ahead[:m-1] {
		need = need || math.Abs(v) > orthoTol
	}
	if !need {
		o.advance(false)
	}
	return need
}

// reorthogonalised records that the vector of the last next has been
// made orthogonal to all earlier ones.
func (o *omegas) reorthogonalised() {
	for j := range o.ahead {
		o.ahead[j] = 0x1p-52
	}
	o.advance(!o.again)
}

// advance moves on to the next vector.
func (o *omegas) advance(again bool) {
	o.ahead = append(o.ahead, 1)
	o.prev, o.cur, o.ahead = o.cur, o.ahead, o.prev
	o.again, o.fresh = again, false
}

// restart sets the estimates for a new Krylov block, from q_{m+1}
// orthogonal to the m vectors before it; its first successor is
// reorthogonalised, as the block before left components along them of
// the size of its last β.
func (o *omegas) restart(m int) {
	o.cur = o.cur[:0]
	for range m {
		o.cur = append(o.cur, 0x1p-52)
	}
	o.cur = append(o.cur, 1)
	o.prev = o.prev[:0]
	o.fresh = true
}

// checkEvery is the number of Lanczos steps to the next convergence check
// at step m. A check (the Ritz values, a chain of dependent operations,
// and the vectors) takes about as long as 60m²/n² steps (measured at
// n = 1000, m = 50…150: 15–20 m² ns against 0.25 n² ns for the product
// with B, on one core); checking every k steps over the m steps of a run
// costs 60m³/(k n²) steps and overshoots by k/2 steps on average, which is
// least for k = √(120m³/n²).
func checkEvery(n, m int) int {
	fm, fn := float64(m), float64(n)
	return max(1, min(16, int(math.Round(math.Sqrt(120*fm*fm*fm/(fn*fn))))))
}

// ritz returns the eigenvalues of T_m (diagonal alpha, off-diagonal
// beta) in descending order and the eigenvectors of the first want.
func ritz(alpha, beta []float64, want int, rng *rand.Rand) ([]float64, [][]float64) {
	theta, s, ok := tridiagEigen(alpha, beta[:len(alpha)-1], want, rng)
	if !ok {
		panic("ordination: tridiagonal eigendecomposition failed")
	}
	return theta, s
}

// startVector returns a random unit vector orthogonal to the constant
// vector (B 1 = 0) and to qs, or nil when qs already span that space.
func startVector(rng *rand.Rand, n int, qs [][]float64) []float64 {
	q := make([]float64, n)
	for i := range q {
		q[i] = rng.NormFloat64()
	}
	norm0 := norm(q)
	for range 2 {
		mean := 0.0
		for _, v := range q {
			mean += v
		}
		mean /= float64(n)
		for i := range q {
			q[i] -= mean
		}
		orthogonalize(q, qs)
	}
	nq := norm(q)
	if nq <= 1e-8*norm0 {
		return nil
	}
	scale(1/nq, q)
	return q
}

// foundWanted reports whether the Krylov block with tridiagonal (a, b)
// has a Ritz value that is not negligible and is among the want largest of
// all, theta (descending): then a copy of it may hide in the rest of the
// space.
func foundWanted(a, b, theta []float64, want int, amax float64) bool {
	block := slices.Clone(a)
	if !sterf(len(a), block, slices.Clone(b[:len(a)-1])) {
		panic("ordination: tridiagonal eigenvalues failed")
	}
	cut := math.Inf(-1)
	if len(theta) >= want {
		cut = theta[want-1]
	}
	for _, v := range block {
		if v > zeroTol*amax && v >= cut {
			return true
		}
	}
	return false
}

// converged reports whether the residuals r = b |s_{m,k}| of the first
// want Ritz pairs are below lanczosTol |θ_1|, except the last, whose
// vector PCoA does not use: its value (Result.Next) is off by at most
// r²/gap (gap: to the rest of the spectrum) and at most r, so nextTol
// |θ_1| is enough, and saves the last 5–10 % of the steps.
func converged(theta []float64, s [][]float64, b float64, want int) bool {
	if len(s) < want {
		return false
	}
	top := math.Abs(theta[0])
	for k, v := range s[:want] {
		tol := lanczosTol
		if k == want-1 && want > 1 {
			tol = nextTol
		}
		if math.Abs(b*v[len(v)-1]) > tol*top {
			return false
		}
	}
	return true
}

// ritzPairs returns the Ritz values theta[:len(s)] and the Ritz vectors
// y_k = Q s_k, normalised.
func ritzPairs(qs [][]float64, theta []float64, s [][]float64) ([]float64, [][]float64) {
	vecs := make([][]float64, len(s))
	for k, sk := range s {
		y := make([]float64, len(qs[0]))
		for j, q := range qs {
			axpy(sk[j], q, y)
		}
		scale(1/norm(y), y)
		vecs[k] = y
	}
	return theta[:len(s):len(s)], vecs
}
