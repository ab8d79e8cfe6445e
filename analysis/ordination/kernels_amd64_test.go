//go:build !purego

package ordination

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func needAVX2(t *testing.T) {
	t.Helper()
	if !haveAVX2 {
		t.Skip("this CPU has no AVX2/FMA: the Go kernels run, and the other tests cover them")
	}
}

// The assembly dot and axpy agree with their definitions, at every length
// (each of their loops and tails) and alignment, and touch nothing past
// the end.
func TestDotAxpyAVX2(t *testing.T) {
	needAVX2(t)
	r := rand.New(rand.NewPCG(5, 6))
	const sentinel = 12345.5
	for n := 0; n <= 67; n++ {
		for off := range 4 {
			x := make([]float64, off+n+2)
			y := make([]float64, off+n+2)
			for i := range x {
				x[i], y[i] = 2*r.Float64()-1, 2*r.Float64()-1
			}
			x[off+n], y[off+n] = sentinel, sentinel
			xs, ys := x[off:off+n], y[off:off+n]
			want, bound := 0.0, 0.0
			for i := range n {
				want += xs[i] * ys[i]
				bound += math.Abs(xs[i] * ys[i])
			}
			got := 0.0
			if n > 0 {
				got = dotAVX2(&xs[0], &ys[0], n)
			}
			if math.Abs(got-want) > float64(n+1)*0x1p-52*bound {
				t.Fatalf("dot n=%d off=%d: %v, want %v", n, off, got, want)
			}
			a := 2*r.Float64() - 1
			wantY := slices.Clone(ys)
			for i := range n {
				wantY[i] = math.FMA(a, xs[i], wantY[i])
			}
			if n > 0 {
				axpyAVX2(a, &xs[0], &ys[0], n)
			}
			if !slices.Equal(ys, wantY) {
				t.Fatalf("axpy n=%d off=%d: %v, want %v", n, off, ys, wantY)
			}
			if y[off+n] != sentinel || x[off+n] != sentinel {
				t.Fatalf("n=%d off=%d: wrote past the end", n, off)
			}
		}
	}
}

// tridiagonalize with the assembly rows gives a T with the eigenvalues of
// the Go kernels' T (the WebAssembly build's) to rounding, n ε ‖A‖ (T
// itself may differ more: it is not a well-conditioned function of A), for
// sizes that reach every loop and tail of updateRowsAVX2, with and
// without a team. (TestTridiagonalize checks Q T Qᵀ = A with the kernels
// the machine has.)
func TestUpdateRowsAVX2(t *testing.T) {
	needAVX2(t)
	defer func() { haveAVX2 = true }()
	for _, n := range []int{3, 4, 9, 12, 13, 50, splitRows + 3} {
		a := randomSymmetric(n, uint64(n)+100)
		var packed []float64
		for i := range n {
			packed = append(packed, a[i*n+i:(i+1)*n]...)
		}
		haveAVX2 = false
		d0, e0, _ := tridiagonalize(n, slices.Clone(packed), nil)
		haveAVX2 = true
		tm := newTeam()
		d1, e1, _ := tridiagonalize(n, slices.Clone(packed), tm)
		tm.close()
		if !sterf(n, d0, e0) || !sterf(n, d1, e1) {
			t.Fatal("sterf did not converge")
		}
		norm := max(math.Abs(d0[0]), math.Abs(d0[n-1]))
		for i := range n {
			if math.Abs(d0[i]-d1[i]) > float64(n)*0x1p-52*norm {
				t.Fatalf("n=%d eigenvalue %d: Go kernels %v, assembly %v", n, i, d0[i], d1[i])
			}
		}
	}
}
