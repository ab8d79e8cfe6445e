package ordination

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/gutlens/gutlens/analysis/diversity"
	"gonum.org/v1/gonum/mat"
)

// euclidean returns the condensed Euclidean distances of the rows of x.
func euclidean(x [][]float64) []float64 {
	var d []float64
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			s := 0.0
			for k := range x[i] {
				s += (x[i][k] - x[j][k]) * (x[i][k] - x[j][k])
			}
			d = append(d, math.Sqrt(s))
		}
	}
	return d
}

func randomPoints(n, dim int, seed uint64) [][]float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	x := make([][]float64, n)
	for i := range x {
		x[i] = make([]float64, dim)
		for k := range x[i] {
			x[i][k] = r.NormFloat64() * float64(dim-k) // distinct variances: no ties
		}
	}
	return x
}

// The principal coordinates of Euclidean distances reproduce them: the
// Gower-centred matrix is positive semi-definite of rank dim, and all dim
// axes together give back every distance.
func TestPCoAReproducesEuclidean(t *testing.T) {
	for _, m := range []Method{Exact, TopK} {
		x := randomPoints(40, 4, 7)
		d := euclidean(x)
		r, err := PCoA(40, d, Options{Axes: 4, Method: m})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Eigenvalues) != 4 {
			t.Fatalf("%v: %d axes, want 4", m, len(r.Eigenvalues))
		}
		got := euclidean(r.Coordinates)
		for p := range d {
			if math.Abs(got[p]-d[p]) > 1e-9*d[p] {
				t.Fatalf("%v: distance %d = %v from coordinates, want %v", m, p, got[p], d[p])
			}
		}
		if m == Exact && math.Abs(r.Next) > 1e-9*r.Eigenvalues[0] {
			t.Errorf("fifth eigenvalue %v, want 0", r.Next)
		}
	}
}

// brayCurtisLike returns a non-Euclidean dissimilarity matrix of random
// compositions.
func brayCurtisLike(n int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 2))
	x := make([][]float64, n)
	for i := range x {
		x[i] = make([]float64, 30)
		for k := range x[i] {
			if r.Float64() < 0.5 {
				x[i][k] = math.Floor(r.ExpFloat64() * float64(k+1) * 10)
			}
		}
		x[i][i%30]++
	}
	var d []float64
	for i := range x {
		for j := i + 1; j < n; j++ {
			num, den := 0.0, 0.0
			for k := range x[i] {
				num += math.Abs(x[i][k] - x[j][k])
				den += x[i][k] + x[j][k]
			}
			d = append(d, num/den)
		}
	}
	return d
}

// reference is the eigendecomposition of B by gonum's mat.EigenSym (LAPACK
// dsyev: QL iteration accumulating every eigenvector), independent of
// tridiagonalize, tridiagEigen and lanczos: all eigenvalues descending and
// vecs[k], the unit eigenvector of the k-th.
func reference(t *testing.T, n int, d []float64) (vals []float64, vecs [][]float64) {
	t.Helper()
	a := mat.NewDense(n, n, nil) // A = -½ D∘D
	p := 0
	for i := range n {
		for j := i + 1; j < n; j++ {
			a.Set(i, j, -0.5*d[p]*d[p])
			a.Set(j, i, -0.5*d[p]*d[p])
			p++
		}
	}
	j := mat.NewDense(n, n, nil) // J = I - (1/n) 1 1ᵀ
	for i := range n {
		for k := range n {
			j.Set(i, k, b2f(i == k)-1/float64(n))
		}
	}
	var ja, jaj mat.Dense
	ja.Mul(j, a)
	jaj.Mul(&ja, j)
	b := mat.NewSymDense(n, nil)
	for i := range n {
		for k := i; k < n; k++ {
			b.SetSym(i, k, (jaj.At(i, k)+jaj.At(k, i))/2)
		}
	}
	var es mat.EigenSym
	if !es.Factorize(b, true) {
		t.Fatal("mat.EigenSym did not converge")
	}
	asc := es.Values(nil)
	var ev mat.Dense
	es.VectorsTo(&ev)
	for k := n - 1; k >= 0; k-- {
		vals = append(vals, asc[k])
		vecs = append(vecs, mat.Col(nil, k, &ev))
	}
	return vals, vecs
}

// Exact and TopK agree with the full eigendecomposition (reference) on
// the leading axes of a non-Euclidean matrix (with negative eigenvalues),
// at the contract's PCoA tolerance, and Exact's Σλ>0 with reference's.
func TestPCoAAgreesWithEigenSym(t *testing.T) {
	const n = 300
	// Bray–Curtis of a synthetic sparse table: a flat spectrum (λ₁…λ₁₁
	// within a few per cent), the slow case for Lanczos.
	flat := diversity.BrayCurtisMatrix(sparseTable(n, 2000, 7), 2000)
	for _, d := range [][]float64{brayCurtisLike(n, 3), flat, brayCurtisLike(40, 4)} {
		agreesWithEigenSym(t, int(math.Round((1+math.Sqrt(1+8*float64(len(d))))/2)), d)
	}
}

func agreesWithEigenSym(t *testing.T, n int, d []float64) {
	vals, vecs := reference(t, n, d)
	sumPos := 0.0
	for _, v := range vals {
		sumPos += max(v, 0)
	}
	e, err := PCoA(n, d, Options{Method: Exact})
	if err != nil {
		t.Fatal(err)
	}
	l, err := PCoA(n, d, Options{Method: TopK})
	if err != nil {
		t.Fatal(err)
	}
	if e.Method != "exact-eigh" || l.Method != "lanczos-topk" {
		t.Errorf("methods %q, %q", e.Method, l.Method)
	}
	if math.Abs(e.SumPositive-sumPos) > 1e-12*sumPos || !math.IsNaN(l.SumPositive) {
		t.Errorf("n=%d: Σλ>0: exact %v, EigenSym %v, top-k %v (want NaN)", n, e.SumPositive, sumPos, l.SumPositive)
	}
	if !(e.SumPositive > e.Trace) {
		t.Errorf("Σλ>0 = %v should exceed the trace %v for a matrix with negative eigenvalues", e.SumPositive, e.Trace)
	}
	for _, o := range []*Result{e, l} {
		if len(o.Eigenvalues) != 10 {
			t.Fatalf("%s: %d axes, want 10", o.Method, len(o.Eigenvalues))
		}
		for k := range 10 {
			if rel := math.Abs(vals[k]-o.Eigenvalues[k]) / vals[0]; rel > 1e-12 {
				t.Errorf("%s n=%d: eigenvalue %d: EigenSym %v, got %v", o.Method, n, k, vals[k], o.Eigenvalues[k])
			}
			gap := vals[k] - vals[k+1]
			if k > 0 {
				gap = min(gap, vals[k-1]-vals[k])
			}
			if gap < 1e-6*vals[0] {
				continue // tied axes: any rotation is valid
			}
			v := vecs[k]
			s := math.Sqrt(vals[k]) * signOf(v)
			scale := 0.0
			for _, x := range v {
				scale = max(scale, math.Abs(x*s))
			}
			for i := range n {
				if diff := math.Abs(v[i]*s - o.Coordinates[i][k]); diff > 1e-7*scale {
					t.Fatalf("%s n=%d: axis %d sample %d: EigenSym %v, got %v", o.Method, n, k, i, v[i]*s, o.Coordinates[i][k])
				}
			}
		}
		if math.Abs(o.Next-vals[10]) > 1e-9*vals[0] {
			t.Errorf("%s n=%d: next eigenvalue %v, EigenSym %v", o.Method, n, o.Next, vals[10])
		}
		if math.Abs(e.Trace-o.Trace) > 1e-12*math.Abs(e.Trace) {
			t.Errorf("%s: trace %v vs %v", o.Method, e.Trace, o.Trace)
		}
	}
}

func TestPCoAErrors(t *testing.T) {
	for _, c := range []struct {
		n int
		d []float64
	}{
		{0, nil}, {1, nil}, {3, []float64{1, 2}}, {2, []float64{math.NaN()}}, {2, []float64{-1}}, {2, []float64{math.Inf(1)}},
	} {
		if _, err := PCoA(c.n, c.d, Options{}); err == nil {
			t.Errorf("PCoA(%d, %v) returned no error", c.n, c.d)
		}
	}
	if _, err := PCoA(1, nil, Options{}); !errors.Is(err, ErrTooFew) {
		t.Errorf("PCoA of one sample: %v, want ErrTooFew", err)
	}
}

// Two samples: one axis carrying the whole distance, ±d/2.
func TestPCoATwo(t *testing.T) {
	for _, m := range []Method{Exact, TopK} {
		r, err := PCoA(2, []float64{0.6}, Options{Method: m})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Eigenvalues) != 1 || math.Abs(r.Eigenvalues[0]-0.18) > 1e-15 || math.Abs(r.ProportionExplained[0]-1) > 1e-15 {
			t.Errorf("%v: eigenvalues %v, proportions %v; want [0.18] [1]", m, r.Eigenvalues, r.ProportionExplained)
		}
		if math.Abs(math.Abs(r.Coordinates[0][0])-0.3) > 1e-15 || math.Abs(r.Coordinates[0][0]+r.Coordinates[1][0]) > 1e-15 {
			t.Errorf("%v: coordinates %v, want ±0.3", m, r.Coordinates)
		}
	}
}

// Identical samples: all distances zero, no positive eigenvalue, no axis.
func TestPCoAZero(t *testing.T) {
	r, err := PCoA(3, []float64{0, 0, 0}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Eigenvalues) != 0 || len(r.Coordinates) != 3 {
		t.Errorf("got %d axes, %d rows; want 0, 3", len(r.Eigenvalues), len(r.Coordinates))
	}
}

// mulVec gives the same product, bit for bit, on one goroutine and on
// several, equal to the dense B x.
func TestMulVecParallel(t *testing.T) {
	n := parallelN + 17
	d := brayCurtisLike(n, 5)
	x := make([]float64, n)
	r := rand.New(rand.NewPCG(9, 9))
	for i := range x {
		x[i] = r.NormFloat64()
	}
	c := newCentred(n, d, slices.Max(d), false)
	want := make([]float64, n)
	b := c.dense()
	for i := range n {
		for j := range n {
			want[i] += b[rowStart(n, min(i, j))+max(i, j)-min(i, j)] * x[j]
		}
	}
	prev := runtime.GOMAXPROCS(1)
	one := make([]float64, n)
	c.mulVec(one, x)
	runtime.GOMAXPROCS(3)
	c.team = newTeam()
	three := make([]float64, n)
	c.mulVec(three, x)
	c.team.close()
	runtime.GOMAXPROCS(prev)
	for i := range n {
		if math.Abs(one[i]-want[i]) > 1e-12*math.Abs(want[i])+1e-12 || three[i] != one[i] {
			t.Fatalf("(Bx)[%d]: one goroutine %v, three %v, dense %v", i, one[i], three[i], want[i])
		}
	}
	if got := splitPairs(10, 3); got[0] != 0 || got[3] != 10 || !(got[1] < got[2]) {
		t.Errorf("splitPairs(10, 3) = %v", got)
	}
}

// Tied eigenvalues: the corners of a square (and a centre point) have two
// equal eigenvalues, so any rotation of the two axes is valid. Both methods
// must still return two axes that together reproduce the distances.
func TestPCoATies(t *testing.T) {
	x := [][]float64{{1, 0}, {0, 1}, {-1, 0}, {0, -1}, {0, 0}}
	d := euclidean(x)
	for _, m := range []Method{Exact, TopK} {
		r, err := PCoA(len(x), d, Options{Method: m})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Eigenvalues) != 2 || math.Abs(r.Eigenvalues[0]-r.Eigenvalues[1]) > 1e-12 || math.Abs(r.Eigenvalues[0]-2) > 1e-12 {
			t.Fatalf("%v: eigenvalues %v, want [2 2]", m, r.Eigenvalues)
		}
		got := euclidean(r.Coordinates)
		for p := range d {
			if math.Abs(got[p]-d[p]) > 1e-12 {
				t.Errorf("%v: distance %d = %v, want %v", m, p, got[p], d[p])
			}
		}
	}
}

// PCoA is equivariant under scaling the distances by f (eigenvalues by f²,
// coordinates by f), without underflow or overflow from 1e-200 to 1e150,
// and refuses distances whose squares overflow.
func TestPCoAScale(t *testing.T) {
	d := brayCurtisLike(30, 8)
	for _, m := range []Method{Exact, TopK} {
		ref, err := PCoA(30, d, Options{Method: m})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []float64{1e-200, 1e150} {
			df := make([]float64, len(d))
			for i, v := range d {
				df[i] = v * f
			}
			r, err := PCoA(30, df, Options{Method: m})
			if err != nil {
				t.Fatalf("%v, f=%g: %v", m, f, err)
			}
			if len(r.Eigenvalues) != len(ref.Eigenvalues) {
				t.Fatalf("%v, f=%g: %d axes, want %d", m, f, len(r.Eigenvalues), len(ref.Eigenvalues))
			}
			for k, l := range ref.Eigenvalues {
				if rel := math.Abs(r.Eigenvalues[k]/(f*f)-l) / l; rel > 1e-12 {
					t.Errorf("%v, f=%g: eigenvalue %d = %v, want %v f²", m, f, k, r.Eigenvalues[k], l)
				}
				if math.Abs(r.ProportionExplained[k]-ref.ProportionExplained[k]) > 1e-12 {
					t.Errorf("%v, f=%g: proportion %d = %v, want %v", m, f, k, r.ProportionExplained[k], ref.ProportionExplained[k])
				}
				for i := range 30 {
					if diff := math.Abs(r.Coordinates[i][k]/f - ref.Coordinates[i][k]); diff > 1e-9*math.Sqrt(l) {
						t.Fatalf("%v, f=%g: coordinate [%d][%d] = %v, want %v f", m, f, i, k, r.Coordinates[i][k], ref.Coordinates[i][k])
					}
				}
			}
		}
	}
	if _, err := PCoA(2, []float64{1e200}, Options{}); err == nil {
		t.Error("a distance of 1e200 (square overflows): no error")
	}
}

// The partial reorthogonalisation of lanczos (omegas) keeps its axes as
// close to the exact ones as full reorthogonalisation does: within 1e-9 of
// the largest coordinate (Simon's √ε bound alone gives about 5e-8), on
// axes with a relative gap above 1e-4 to their neighbours.
func TestLanczosMatchesExact(t *testing.T) {
	for _, c := range []struct {
		n int
		d []float64
	}{
		{300, diversity.BrayCurtisMatrix(sparseTable(300, 2000, 7), 2000)},
		{450, diversity.BrayCurtisMatrix(sparseTable(450, 1500, 8), 1500)},
		{200, brayCurtisLike(200, 5)},
	} {
		e, err := PCoA(c.n, c.d, Options{Method: Exact})
		if err != nil {
			t.Fatal(err)
		}
		l, err := PCoA(c.n, c.d, Options{Method: TopK})
		if err != nil {
			t.Fatal(err)
		}
		vals := append(slices.Clone(e.Eigenvalues), e.Next)
		for k := range min(len(e.Eigenvalues), len(l.Eigenvalues)) {
			gap := vals[k] - vals[k+1]
			if k > 0 {
				gap = min(gap, vals[k-1]-vals[k])
			}
			if gap < 1e-4*vals[0] {
				continue
			}
			scale := 0.0
			for i := range c.n {
				scale = max(scale, math.Abs(e.Coordinates[i][k]))
			}
			for i := range c.n {
				if diff := math.Abs(e.Coordinates[i][k] - l.Coordinates[i][k]); diff > 1e-9*scale {
					t.Fatalf("n=%d axis %d sample %d: exact %v, top-k %v", c.n, k, i, e.Coordinates[i][k], l.Coordinates[i][k])
				}
			}
		}
	}
}
