package ordination

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/gutlens/gutlens/analysis/diversity"
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
	defer func(v int) { exactVectorsMaxN = v }(exactVectorsMaxN)
	for it, m := range []Method{Exact, TopK, Exact} {
		exactVectorsMaxN = 1000
		if it == 2 {
			exactVectorsMaxN = 0 // eigenvalues only, Lanczos vectors
		}
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

// TopK, and Exact with Lanczos eigenvectors, agree with the full
// eigendecomposition on the leading axes of a non-Euclidean matrix (with
// negative eigenvalues), at the contract's PCoA tolerance.
func TestTopKAgreesWithExact(t *testing.T) {
	const n = 300
	// Bray–Curtis of a synthetic sparse table: a flat spectrum (λ₁…λ₁₁
	// within a few per cent), the slow case for Lanczos.
	flat := diversity.BrayCurtisMatrix(sparseTable(n, 2000, 7), 2000)
	for _, d := range [][]float64{brayCurtisLike(n, 3), flat} {
		topKAgreesWithExact(t, n, d)
	}
}

func topKAgreesWithExact(t *testing.T, n int, d []float64) {
	defer func(v int) { exactVectorsMaxN = v }(exactVectorsMaxN)
	exactVectorsMaxN = n
	e, err := PCoA(n, d, Options{Method: Exact})
	if err != nil {
		t.Fatal(err)
	}
	exactVectorsMaxN = 0
	h, err := PCoA(n, d, Options{Method: Exact})
	if err != nil {
		t.Fatal(err)
	}
	l, err := PCoA(n, d, Options{Method: TopK})
	if err != nil {
		t.Fatal(err)
	}
	if e.Method != "exact-eigh" || h.Method != "exact-eigvalsh+lanczos" || l.Method != "lanczos-topk" {
		t.Errorf("methods %q, %q, %q", e.Method, h.Method, l.Method)
	}
	for _, o := range []*Result{h, l} {
		if len(e.Eigenvalues) != 10 || len(o.Eigenvalues) != 10 {
			t.Fatalf("%s: %d and %d axes, want 10", o.Method, len(e.Eigenvalues), len(o.Eigenvalues))
		}
		for k := range 10 {
			if rel := math.Abs(e.Eigenvalues[k]-o.Eigenvalues[k]) / e.Eigenvalues[0]; rel > 1e-9 {
				t.Errorf("%s: eigenvalue %d: exact %v, got %v", o.Method, k, e.Eigenvalues[k], o.Eigenvalues[k])
			}
			if gap := math.Abs(e.Eigenvalues[k]-e.Next) / e.Eigenvalues[0]; k == 9 && gap < 1e-6 {
				continue
			}
			scale := 0.0
			for i := range n {
				scale = max(scale, math.Abs(e.Coordinates[i][k]))
			}
			for i := range n {
				if diff := math.Abs(e.Coordinates[i][k] - o.Coordinates[i][k]); diff > 1e-6*scale {
					t.Fatalf("%s: axis %d sample %d: exact %v, got %v", o.Method, k, i, e.Coordinates[i][k], o.Coordinates[i][k])
				}
			}
		}
		if math.Abs(e.Trace-o.Trace) > 1e-12*math.Abs(e.Trace) {
			t.Errorf("%s: trace %v vs %v", o.Method, e.Trace, o.Trace)
		}
	}
	if math.Abs(h.SumPositive-e.SumPositive) > 1e-12*e.SumPositive || !math.IsNaN(l.SumPositive) {
		t.Errorf("Σλ>0: eigh %v, eigvalsh %v, top-k %v (want NaN)", e.SumPositive, h.SumPositive, l.SumPositive)
	}
	if !(e.SumPositive > e.Trace) {
		t.Errorf("Σλ>0 = %v should exceed the trace %v for a matrix with negative eigenvalues", e.SumPositive, e.Trace)
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
		if math.Abs(math.Abs(r.Coordinates[0][0])-0.3) > 1e-15 || r.Coordinates[0][0] != -r.Coordinates[1][0] {
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
	n := 3 * parallelRows
	d := brayCurtisLike(n, 5)
	x := make([]float64, n)
	r := rand.New(rand.NewPCG(9, 9))
	for i := range x {
		x[i] = r.NormFloat64()
	}
	c := newCentred(n, d)
	want := make([]float64, n)
	b := c.dense()
	for i := range n {
		for j := range n {
			want[i] += b.At(i, j) * x[j]
		}
	}
	prev := runtime.GOMAXPROCS(1)
	one := make([]float64, n)
	c.mulVec(one, x)
	runtime.GOMAXPROCS(3)
	three := make([]float64, n)
	c.mulVec(three, x)
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
	defer func(v int) { exactVectorsMaxN = v }(exactVectorsMaxN)
	for it, m := range []Method{Exact, TopK, Exact} {
		exactVectorsMaxN = 1000
		if it == 2 {
			exactVectorsMaxN = 0 // eigenvalues only, Lanczos vectors
		}
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
