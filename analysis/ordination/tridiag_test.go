package ordination

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/mat"
)

// randomSymmetric returns a random symmetric n × n matrix (row-major, both
// triangles) with entries in [-1, 1].
func randomSymmetric(n int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 3))
	a := make([]float64, n*n)
	for i := range n {
		for j := i; j < n; j++ {
			v := 2*r.Float64() - 1
			a[i*n+j], a[j*n+i] = v, v
		}
	}
	return a
}

// tridiagonalize and applyQ give an orthogonal Q and a tridiagonal T with
// Q T Qᵀ = A; steps cut in two for a team (n > splitRows) give the same
// result, bit for bit, with a team and without.
func TestTridiagonalize(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 7, 50, splitRows + 21} {
		a := randomSymmetric(n, uint64(n))
		var work []float64 // the packed upper triangle
		for i := range n {
			work = append(work, a[i*n+i:(i+1)*n]...)
		}
		alone := slices.Clone(work)
		tm := newTeam()
		d, e, tau := tridiagonalize(n, work, tm)
		tm.close()
		d1, e1, tau1 := tridiagonalize(n, alone, nil)
		if !slices.Equal(d, d1) || !slices.Equal(e, e1) || !slices.Equal(tau, tau1) || !slices.Equal(work, alone) {
			t.Fatalf("n=%d: a team changes the result", n)
		}
		q := make([][]float64, n) // q[k] = Q e_k, column k of Q
		for k := range q {
			q[k] = make([]float64, n)
			q[k][k] = 1
		}
		applyQ(n, work, tau, q)
		for i := range n {
			for j := range n {
				qtq, qtqt := 0.0, 0.0 // (QᵀQ)_ij and (Q T Qᵀ)_ij
				for k := range n {
					qtq += q[i][k] * q[j][k]
					tk := d[k] * q[k][j]
					if k > 0 {
						tk += e[k-1] * q[k-1][j]
					}
					if k < n-1 {
						tk += e[k] * q[k+1][j]
					}
					qtqt += q[k][i] * tk
				}
				if math.Abs(qtq-b2f(i == j)) > 1e-14*float64(n) {
					t.Fatalf("n=%d: (QᵀQ)[%d][%d] = %v", n, i, j, qtq)
				}
				if math.Abs(qtqt-a[i*n+j]) > 1e-14*float64(n) {
					t.Fatalf("n=%d: (Q T Qᵀ)[%d][%d] = %v, want %v", n, i, j, qtqt, a[i*n+j])
				}
			}
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// tridiagEigen's eigenvalues equal mat.EigenSym's, and its vectors are
// orthonormal eigenvectors (small residual), also for Wilkinson's W₂₁⁺
// (pairs of eigenvalues equal to 14 digits), a matrix split into equal
// blocks (exactly tied eigenvalues), zero off-diagonals and T = 0.
func TestTridiagEigen(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	random := func(n int) ([]float64, []float64) {
		d, e := make([]float64, n), make([]float64, n-1)
		for i := range d {
			d[i] = r.NormFloat64()
		}
		for i := range e {
			e[i] = r.NormFloat64()
		}
		return d, e
	}
	cases := map[string][2][]float64{}
	for _, n := range []int{1, 2, 5, 40} {
		d, e := random(n)
		cases[fmt.Sprint("random ", n)] = [2][]float64{d, e}
	}
	wd, we := make([]float64, 21), make([]float64, 20)
	for i := range wd {
		wd[i] = math.Abs(float64(i - 10))
	}
	for i := range we {
		we[i] = 1
	}
	cases["Wilkinson W21+"] = [2][]float64{wd, we}
	bd, be := random(6)
	cases["two equal blocks"] = [2][]float64{append(slices.Clone(bd), bd...), append(append(slices.Clone(be), 0), be...)}
	cases["diagonal with ties"] = [2][]float64{{3, 1, 3, 2, 3}, {0, 0, 0, 0}}
	cases["zero"] = [2][]float64{{0, 0, 0}, {0, 0}}
	for name, c := range cases {
		d, e := c[0], c[1]
		n := len(d)
		want := min(n, 12)
		vals, vecs, ok := tridiagEigen(d, e, want, rand.New(rand.NewPCG(1, 2)))
		if !ok {
			t.Fatalf("%s: not converged", name)
		}
		tm := mat.NewSymDense(n, nil)
		tnorm := 0.0
		for i := range n {
			tm.SetSym(i, i, d[i])
			s := math.Abs(d[i])
			if i < n-1 {
				tm.SetSym(i, i+1, e[i])
				s += math.Abs(e[i])
			}
			if i > 0 {
				s += math.Abs(e[i-1])
			}
			tnorm = max(tnorm, s)
		}
		var es mat.EigenSym
		if !es.Factorize(tm, false) {
			t.Fatal("mat.EigenSym did not converge")
		}
		ref := es.Values(nil)
		slices.Reverse(ref)
		for k := range ref {
			if math.Abs(ref[k]-vals[k]) > 1e-14*max(tnorm, 1) {
				t.Errorf("%s: eigenvalue %d = %v, mat.EigenSym %v", name, k, vals[k], ref[k])
			}
		}
		if len(vecs) != want {
			t.Fatalf("%s: %d vectors, want %d", name, len(vecs), want)
		}
		for k, x := range vecs {
			var res mat.VecDense
			res.MulVec(tm, mat.NewVecDense(n, x))
			res.AddScaledVec(&res, -vals[k], mat.NewVecDense(n, x))
			if rn := mat.Norm(&res, 2); rn > 1e-13*max(tnorm, 1) {
				t.Errorf("%s: ‖T x_%d - λ x_%d‖ = %v", name, k, k, rn)
			}
			for j, y := range vecs[:k+1] {
				if p := dot(x, y); math.Abs(p-b2f(j == k)) > 1e-13 {
					t.Errorf("%s: x_%d·x_%d = %v", name, k, j, p)
				}
			}
		}
	}
}

// The pivot threshold of the tridiagonal solver keeps inverse iteration
// finite when the shift is exactly an eigenvalue (a zero pivot).
func TestTridiagLUExactShift(t *testing.T) {
	d, e := []float64{2, 2}, []float64{1}
	f := newTridiagLU(2)
	f.factor(d, e, 3, 0x1p-52*3) // eigenvalues 1 and 3
	x := []float64{1, 0}
	f.solve(x)
	if math.IsInf(x[0], 0) || math.IsNaN(x[0]) || math.Abs(math.Abs(x[0]/x[1])-1) > 1e-12 {
		t.Errorf("solve = %v, want a finite multiple of (1, 1)", x)
	}
}

// sterf (gonum's Dsterf with a shorter dependency chain) gives the
// eigenvalues of gonum's Dsterf, on random, graded, split and badly scaled
// tridiagonal matrices.
func TestSterf(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	var impl gonum.Implementation
	for it := range 300 {
		n := 1 + r.IntN(60)
		d, e := make([]float64, n), make([]float64, n)
		f := math.Pow(10, float64(r.IntN(7)-3)*50) // 1e-150 … 1e150: the scaled paths
		for i := range d {
			d[i] = r.NormFloat64() * f
			e[i] = r.NormFloat64() * f
			switch it % 4 {
			case 1: // graded
				d[i] *= math.Pow(2, float64(-i))
				e[i] *= math.Pow(2, float64(-i))
			case 2: // split
				if r.IntN(5) == 0 {
					e[i] = 0
				}
			case 3: // ties
				d[i] = float64(r.IntN(3)) * f
			}
		}
		// gonum's Dsterf panics when it has to scale (see sterf): it gets
		// the matrix divided by f, and its eigenvalues are multiplied by f.
		want, we := make([]float64, n), make([]float64, n)
		for i := range d {
			want[i], we[i] = d[i]/f, e[i]/f
		}
		got, ge := slices.Clone(d), slices.Clone(e)
		if impl.Dsterf(n, want, we) != sterf(n, got, ge) {
			t.Fatalf("n=%d: convergence differs", n)
		}
		for i := range want {
			want[i] *= f
		}
		norm := 0.0
		for i := range d {
			norm = max(norm, math.Abs(d[i])+2*math.Abs(e[i]))
		}
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-14*norm {
				t.Fatalf("case %d n=%d: eigenvalue %d = %v, Dsterf %v", it, n, i, got[i], want[i])
			}
		}
	}
}

// sterf gives the eigenvalues of strongly graded tridiagonal matrices
// (entries falling or rising by up to 2²⁴ a row, down to underflow), whose
// sweeps take the slow steps of qlSweep and qrSweep (p' ≤ 2⁻²⁰⁰) as well
// as the fast ones, and of matrices with off-diagonal entries far below
// their diagonal, found by bisection. (gonum's Dsterf and Dsteqr fail on
// some of them.)
func TestSterfGraded(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for it := range 400 {
		n := 2 + r.IntN(40)
		g := float64(r.IntN(25))
		d, e := make([]float64, n), make([]float64, n-1)
		for i := range d {
			k := float64(i)
			if it%2 == 1 {
				k = float64(n - i)
			}
			d[i] = r.NormFloat64() * math.Pow(2, -g*k)
			if i < n-1 {
				e[i] = r.NormFloat64() * math.Pow(2, -g*k)
				if it%3 == 0 && r.IntN(4) == 0 {
					e[i] = math.Pow(2, -float64(r.IntN(1000)))
				}
			}
		}
		norm := tridiagNorm1(d, e)
		got := slices.Clone(d)
		if !sterf(n, got, slices.Clone(e)) {
			t.Fatalf("case %d n=%d: sterf did not converge", it, n)
		}
		for k := range n {
			if want := bisectEigenvalue(d, e, k, norm); math.Abs(got[k]-want) > 1e-14*norm {
				t.Fatalf("case %d n=%d g=%v: eigenvalue %d = %v, bisection %v", it, n, g, k, got[k], want)
			}
		}
	}
}

// bisectEigenvalue returns the k-th smallest eigenvalue of the symmetric
// tridiagonal matrix (d, e) with ‖T‖ ≤ norm, by bisection on the Sturm
// count (the number of negative pivots of T - σI).
func bisectEigenvalue(d, e []float64, k int, norm float64) float64 {
	lo, hi := -norm, norm
	for hi-lo > 1e-17*norm {
		mid := lo + (hi-lo)/2
		if mid == lo || mid == hi {
			break
		}
		count, q := 0, 1.0
		for i := range d {
			bb := 0.0
			if i > 0 {
				bb = e[i-1] * e[i-1]
			}
			q = d[i] - mid - bb/q
			if q == 0 {
				q = -1e-300
			}
			if q < 0 {
				count++
			}
		}
		if count > k {
			hi = mid
		} else {
			lo = mid
		}
	}
	return lo + (hi-lo)/2
}

// qlSweep2 and qrSweep2 give exactly the two sweeps one after the other
// (with the caller's updates between them), at every length, and report
// false when a step is not a fast one.
func TestSweep2(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for n := 2; n < 40; n++ {
		d, e := make([]float64, n), make([]float64, n-1)
		for i := range d {
			d[i] = r.NormFloat64()
			if i < n-1 {
				e[i] = r.Float64() + 0.1 // squared off-diagonal entries
			}
		}
		s1, s2 := r.NormFloat64(), r.NormFloat64()
		m := n - 1
		for _, ql := range []bool{true, false} {
			d1, e1, d2, e2 := slices.Clone(d), slices.Clone(e), slices.Clone(d), slices.Clone(e)
			var ok bool
			if ql {
				for _, s := range []float64{s1, s2} {
					g, sp := qlSweep(d1, e1, s)
					e1[0], d1[0] = sp, s+g
				}
				ok = qlSweep2(d2, e2, s1, s2)
			} else {
				for _, s := range []float64{s1, s2} {
					g, sp := qrSweep(d1, e1, s)
					e1[m-1], d1[m] = sp, s+g
				}
				ok = qrSweep2(d2, e2, s1, s2)
			}
			if !ok || !slices.Equal(d1, d2) || !slices.Equal(e1, e2) {
				t.Fatalf("n=%d ql=%v: fused %v %v %v, one after the other %v %v", n, ql, ok, d2, e2, d1, e1)
			}
		}
	}
	// A shift equal to the first diagonal entry makes p' = 0: not a fast step.
	d, e := []float64{1, 2, 3}, []float64{0.5, 0.5}
	if qlSweep2(slices.Clone(d), slices.Clone(e), 3, 0) || qrSweep2(slices.Clone(d), slices.Clone(e), 1, 0) {
		t.Error("a sweep with p' = 0 was taken as fast")
	}
}
