package ordination

import "math"

// The vector kernels of the package, in plain Go: the code WebAssembly runs
// (which has no vector instructions in Go), so it is tuned for it. Sums run
// in four interleaved partial sums, which keeps the floating-point adders
// busy and lets the compiler drop the bounds checks. On amd64 with AVX2
// and FMA, dot, axpy and the rows of a Householder step run in assembly
// (kernels_amd64.s, four values an instruction; n = 100: PCoA 0.45 →
// 0.32 ms); results then differ from the WebAssembly build's in the last
// bits only. Build with -tags purego for the Go kernels everywhere.

// asmMin is the shortest vector for which dot and axpy call the assembly
// kernels (haveAVX2).
const asmMin = 8

// dot returns Σ x_i y_i; y must be at least as long as x.
func dot(x, y []float64) float64 {
	y = y[:len(x)]
	if haveAVX2 && len(x) >= asmMin {
		return dotAVX2(&x[0], &y[0], len(x))
	}
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		xs, ys := x[i:i+4:i+4], y[i:i+4:i+4]
		s0 += xs[0] * ys[0]
		s1 += xs[1] * ys[1]
		s2 += xs[2] * ys[2]
		s3 += xs[3] * ys[3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// axpy sets y += a x; y must be at least as long as x.
func axpy(a float64, x, y []float64) {
	y = y[:len(x)]
	if haveAVX2 && len(x) >= asmMin {
		axpyAVX2(a, &x[0], &y[0], len(x))
		return
	}
	i := 0
	for ; i+4 <= len(x); i += 4 {
		xs, ys := x[i:i+4:i+4], y[i:i+4:i+4]
		ys[0] += a * xs[0]
		ys[1] += a * xs[1]
		ys[2] += a * xs[2]
		ys[3] += a * xs[3]
	}
	for ; i < len(x); i++ {
		y[i] += a * x[i]
	}
}

// scale sets x *= a.
func scale(a float64, x []float64) {
	for i := range x {
		x[i] *= a
	}
}

// norm returns ‖x‖₂ (without guarding against overflow: the callers'
// vectors are normalised or come from a matrix scaled to max |b_ij| = 1).
func norm(x []float64) float64 {
	return math.Sqrt(dot(x, x))
}

// dotAxpy is one row of a symmetric product kept as its upper triangle:
// it adds xi·row to y and returns row·x in one pass over row. x and y must
// be at least as long as row.
func dotAxpy(row, x, y []float64, xi float64) float64 {
	x = x[:len(row)]
	y = y[:len(row)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(row); i += 4 {
		rs, xs, ys := row[i:i+4:i+4], x[i:i+4:i+4], y[i:i+4:i+4]
		s0 += rs[0] * xs[0]
		s1 += rs[1] * xs[1]
		s2 += rs[2] * xs[2]
		s3 += rs[3] * xs[3]
		ys[0] += xi * rs[0]
		ys[1] += xi * rs[1]
		ys[2] += xi * rs[2]
		ys[3] += xi * rs[3]
	}
	for ; i < len(row); i++ {
		s0 += row[i] * x[i]
		y[i] += xi * row[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// dot2Axpy2 is dotAxpy for two rows at once, sharing the loads and stores
// of x and y: it adds x0·r0 + x1·r1 to y and returns r0·x and r1·x. x, y
// and r1 must be at least as long as r0.
func dot2Axpy2(r0, r1, x, y []float64, x0, x1 float64) (float64, float64) {
	r1 = r1[:len(r0)]
	x = x[:len(r0)]
	y = y[:len(r0)]
	var s0, s1, t0, t1 float64
	i := 0
	for ; i+2 <= len(r0); i += 2 {
		as, bs, xs, ys := r0[i:i+2:i+2], r1[i:i+2:i+2], x[i:i+2:i+2], y[i:i+2:i+2]
		s0 += as[0] * xs[0]
		t0 += bs[0] * xs[0]
		s1 += as[1] * xs[1]
		t1 += bs[1] * xs[1]
		ys[0] += x0*as[0] + x1*bs[0]
		ys[1] += x0*as[1] + x1*bs[1]
	}
	for ; i < len(r0); i++ {
		s0 += r0[i] * x[i]
		t0 += r1[i] * x[i]
		y[i] += x0*r0[i] + x1*r1[i]
	}
	return s0 + s1, t0 + t1
}

// dot4Axpy4 is dotAxpy for four rows at once, sharing the loads and
// stores of x and y among them (a tenth less time than dot2Axpy2, a fifth
// less under WebAssembly): it adds x0·r0 + x1·r1 + x2·r2 + x3·r3 to y and
// returns r0·x, r1·x, r2·x and r3·x. x, y and r1, r2, r3 must be at least
// as long as r0. (Five or more rows would not fit the registers.) Two
// columns a step: under WebAssembly, where every iteration of a loop costs
// a jump through the function's block table, the product with B of 1000
// samples takes 0.38 instead of 0.49 ms (natively the same 0.25 ms).
func dot4Axpy4(r0, r1, r2, r3, x, y []float64, x0, x1, x2, x3 float64) (s0, s1, s2, s3 float64) {
	n := len(r0)
	r1, r2, r3, x, y = r1[:n], r2[:n], r3[:n], x[:n], y[:n]
	i := 0
	for ; i+2 <= n; i += 2 {
		as, bs, cs, ds, xs, ys := r0[i:i+2:i+2], r1[i:i+2:i+2], r2[i:i+2:i+2], r3[i:i+2:i+2], x[i:i+2:i+2], y[i:i+2:i+2]
		xi, xj := xs[0], xs[1]
		a, b, c, d := as[0], bs[0], cs[0], ds[0]
		s0 += a * xi
		s1 += b * xi
		s2 += c * xi
		s3 += d * xi
		ys[0] += (x0*a + x1*b) + (x2*c + x3*d)
		a, b, c, d = as[1], bs[1], cs[1], ds[1]
		s0 += a * xj
		s1 += b * xj
		s2 += c * xj
		s3 += d * xj
		ys[1] += (x0*a + x1*b) + (x2*c + x3*d)
	}
	if i < n {
		a, b, c, d, xi := r0[i], r1[i], r2[i], r3[i], x[i]
		s0 += a * xi
		s1 += b * xi
		s2 += c * xi
		s3 += d * xi
		y[i] += (x0*a + x1*b) + (x2*c + x3*d)
	}
	return s0, s1, s2, s3
}

// axpyDot sets w += a x and returns z·w, of the updated w, in one pass:
// a step of modified Gram–Schmidt and the product of the next. x and z
// must be at least as long as w.
func axpyDot(a float64, x, w, z []float64) float64 {
	x = x[:len(w)]
	z = z[:len(w)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(w); i += 4 {
		xs, ws, zs := x[i:i+4:i+4], w[i:i+4:i+4], z[i:i+4:i+4]
		w0 := ws[0] + a*xs[0]
		w1 := ws[1] + a*xs[1]
		w2 := ws[2] + a*xs[2]
		w3 := ws[3] + a*xs[3]
		ws[0], ws[1], ws[2], ws[3] = w0, w1, w2, w3
		s0 += zs[0] * w0
		s1 += zs[1] * w1
		s2 += zs[2] * w2
		s3 += zs[3] * w3
	}
	for ; i < len(w); i++ {
		w[i] += a * x[i]
		s0 += z[i] * w[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// orthogonalize removes from w its components along the orthonormal
// vectors qs, one after the other (modified Gram–Schmidt), reading w once
// per vector.
func orthogonalize(w []float64, qs [][]float64) {
	if len(qs) == 0 {
		return
	}
	c := dot(qs[0], w)
	for k := 1; k < len(qs); k++ {
		c = axpyDot(-c, qs[k-1], w, qs[k])
	}
	axpy(-c, qs[len(qs)-1], w)
}
