// Copyright ©2016 The Gonum Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in gonum's LICENSE file (gonum.org/v1/gonum). Adapted for Gutlens
// from gonum/lapack/gonum/dsterf.go (v0.17.0); see sterf for the change.

package ordination

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
)

// sterf computes all eigenvalues of the symmetric tridiagonal matrix with
// diagonal d and off-diagonal e by the Pal–Walker–Kahan variant of the QL
// or QR algorithm, leaving them in d in ascending order (e is
// overwritten), and reports whether it converged. It is gonum's Dsterf
// (LAPACK dsterf) with its sweeps rewritten (qlSweep, qrSweep) to shorten
// their chain of dependent operations, which is most of the cost of the
// eigenvalues of a PCoA, and three more changes:
//
//   - a block of three or more rows gets two sweeps at a time, shifted by
//     both eigenvalues of the 2 × 2 at its end (Francis' double shift; the
//     2 × 2 then splits off and is solved by Dlae2), overlapped in one loop
//     (qlSweep2, qrSweep2) so that the second costs little: n = 100, 0.112
//     → 0.087 ms natively, 0.162 → 0.135 ms under WebAssembly. A double
//     sweep that meets a step needing Dsterf's slow form is undone and
//     replaced by one ordinary sweep;
//   - a block is scaled into [2⁻¹⁰⁰, 2¹⁰⁰] (Dsterf: about [1e-122,
//     1e153]), the range in which the sweeps' fast step cannot overflow;
//   - Dlascl is passed the leading dimension 1 (gonum's row-major
//     convention for a column of values): Dsterf passes n, and panics on
//     the length check whenever a block of more than one row needs scaling.
func sterf(n int, d, e []float64) bool {
	if n <= 1 {
		return true
	}
	var impl gonum.Implementation
	const (
		none = 0 // The values are not scaled.
		down = 1 // The values are scaled below ssfmax threshold.
		up   = 2 // The values are scaled below ssfmin threshold.
	)
	const (
		eps    = 0x1p-53
		eps2   = eps * eps
		ssfmax = 0x1p100 // blocks are scaled into [ssfmin, ssfmax]
		ssfmin = 0x1p-100
	)
	maxit := 30
	nmaxit := n * maxit
	dsave, esave := make([]float64, n), make([]float64, n) // for qlSweep2, qrSweep2
	jtot := 0
	l1 := 0
	for {
		if l1 > n-1 {
			slices.Sort(d[:n])
			return true
		}
		if l1 > 0 {
			e[l1-1] = 0
		}
		var m int
		for m = l1; m < n-1; m++ {
			if math.Abs(e[m]) <= math.Sqrt(math.Abs(d[m]))*math.Sqrt(math.Abs(d[m+1]))*eps {
				e[m] = 0
				break
			}
		}
		l := l1
		lsv := l
		lend := m
		lendsv := lend
		l1 = m + 1
		if lend == 0 {
			continue
		}
		// Scale submatrix in rows and columns l to lend.
		anorm := impl.Dlanst(lapack.MaxAbs, lend-l+1, d[l:], e[l:])
		iscale := none
		if anorm == 0 {
			continue
		}
		if anorm > ssfmax {
			iscale = down
			impl.Dlascl(lapack.General, 0, 0, anorm, ssfmax, lend-l+1, 1, d[l:], 1)
			impl.Dlascl(lapack.General, 0, 0, anorm, ssfmax, lend-l, 1, e[l:], 1)
		} else if anorm < ssfmin {
			iscale = up
			impl.Dlascl(lapack.General, 0, 0, anorm, ssfmin, lend-l+1, 1, d[l:], 1)
			impl.Dlascl(lapack.General, 0, 0, anorm, ssfmin, lend-l, 1, e[l:], 1)
		}
		el := e[l:lend]
		for i, v := range el {
			el[i] *= v
		}
		// Choose between QL and QR iteration.
		if math.Abs(d[lend]) < math.Abs(d[l]) {
			lend = lsv
			l = lendsv
		}
		if lend >= l {
			// QL Iteration.
			for {
				// Look for small sub-diagonal element.
				if l != lend {
					for m = l; m < lend; m++ {
						if math.Abs(e[m]) <= eps2*(math.Abs(d[m]*d[m+1])) {
							break
						}
					}
				} else {
					m = lend
				}
				if m < lend {
					e[m] = 0
				}
				p := d[l]
				if m == l {
					// Eigenvalue found.
					l++
					if l > lend {
						break
					}
					continue
				}
				// If remaining matrix is 2 by 2, use Dlae2 to compute its eigenvalues.
				if m == l+1 {
					d[l], d[l+1] = impl.Dlae2(d[l], math.Sqrt(e[l]), d[l+1])
					e[l] = 0
					l += 2
					if l > lend {
						break
					}
					continue
				}
				if jtot == nmaxit {
					break
				}
				jtot++
				// Form shift.
				rte := math.Sqrt(e[l])
				sigma := (d[l+1] - p) / (2 * rte)
				r := math.Hypot(sigma, 1)
				sigma = p - (rte / (sigma + math.Copysign(r, sigma)))
				if m-l >= 2 && jtot < nmaxit {
					// Both eigenvalues of the 2 × 2 at the end as shifts,
					// in two overlapped sweeps (qlSweep2).
					jtot++
					copy(dsave, d[l:m+1])
					copy(esave, e[l:m])
					if qlSweep2(d[l:m+1], e[l:m], sigma, d[l]+d[l+1]-sigma) {
						continue
					}
					copy(d[l:m+1], dsave[:m+1-l])
					copy(e[l:m], esave[:m-l])
				}
				gamma, sp := qlSweep(d[l:m+1], e[l:m], sigma)
				e[l] = sp
				d[l] = sigma + gamma
			}
		} else {
			for {
				// QR Iteration.
				// Look for small super-diagonal element.
				for m = l; m > lend; m-- {
					if math.Abs(e[m-1]) <= eps2*math.Abs(d[m]*d[m-1]) {
						break
					}
				}
				if m > lend {
					e[m-1] = 0
				}
				p := d[l]
				if m == l {
					// Eigenvalue found.
					l--
					if l < lend {
						break
					}
					continue
				}
				// If remaining matrix is 2 by 2, use Dlae2 to compute its eigenvalues.
				if m == l-1 {
					d[l], d[l-1] = impl.Dlae2(d[l], math.Sqrt(e[l-1]), d[l-1])
					e[l-1] = 0
					l -= 2
					if l < lend {
						break
					}
					continue
				}
				if jtot == nmaxit {
					break
				}
				jtot++
				// Form shift.
				rte := math.Sqrt(e[l-1])
				sigma := (d[l-1] - p) / (2 * rte)
				r := math.Hypot(sigma, 1)
				sigma = p - (rte / (sigma + math.Copysign(r, sigma)))
				if l-m >= 2 && jtot < nmaxit {
					jtot++
					copy(dsave, d[m:l+1])
					copy(esave, e[m:l])
					if qrSweep2(d[m:l+1], e[m:l], sigma, d[l]+d[l-1]-sigma) {
						continue
					}
					copy(d[m:l+1], dsave[:l+1-m])
					copy(e[m:l], esave[:l-m])
				}
				gamma, sp := qrSweep(d[m:l+1], e[m:l], sigma)
				e[l-1] = sp
				d[l] = sigma + gamma
			}
		}
		// Undo scaling if necessary
		switch iscale {
		case down:
			impl.Dlascl(lapack.General, 0, 0, ssfmax, anorm, lendsv-lsv+1, 1, d[lsv:], 1)
		case up:
			impl.Dlascl(lapack.General, 0, 0, ssfmin, anorm, lendsv-lsv+1, 1, d[lsv:], 1)
		}
		// Check for no convergence to an eigenvalue after a total of n*maxit iterations.
		if jtot >= nmaxit {
			break
		}
	}
	for _, v := range e[:n-1] {
		if v != 0 {
			return false
		}
	}
	slices.Sort(d[:n])
	return true
}

// qlSweep is one implicit QL sweep with shift sigma of Pal, Walker and
// Kahan's root-free QL (dsterf) over the block with diagonal d and squared
// off-diagonal e (len(d) = len(e)+1), from the bottom up. It leaves all
// but the first entry of the new block in d and e and returns γ and s·p,
// from which the caller sets d[0] = σ + γ and e[0] = s·p. A step is, with
// β² = e_i, α = d_i and primes for the previous step,
//
//	r = p' + β²;  c = p'/r;  s = β²/r;  γ = c(α - σ) - s γ';  p = γ²/c,
//
// a chain of an addition, a division and four more operations, each
// waiting for the last (most of the time of the eigenvalues of a PCoA).
// The fast step computes the same quantities as
//
//	ν = p'(α - σ) - β² γ';  γ = ν (1/r);  p = ν² (1/p') (1/r),
//
// where 1/p' is found alongside r and ν alongside 1/r, so that the chain
// is an addition, a division and one product: about a third less time
// (n = 100: 0.16 → 0.10 ms natively, 0.22 → 0.15 ms under WebAssembly).
// It is taken when 2⁻²⁰⁰ < p' and r < 2²⁰⁰; then, the block being scaled
// into [2⁻¹⁰⁰, 2¹⁰⁰] (so |α - σ|, |γ'| ≤ about 2¹⁰²), no product
// overflows, and ν² = γ²r² underflows only when p = ν²/(p'r) is below
// 2⁻⁶²², at most 2⁻⁴²² of the square of the block's size, where it counts
// as zero. Otherwise (p' = 0 after an exact deflation, say) the step is
// Dsterf's. The two differ by rounding only.
func qlSweep(d, e []float64, sigma float64) (gamma, sp float64) {
	m := len(e)
	c, s := 1.0, 0.0
	gamma = d[m] - sigma
	p := gamma * gamma
	for i := m - 1; i >= 0; i-- {
		bb := e[i]
		r := p + bb
		if i != m-1 {
			e[i+1] = s * r
		}
		oldgam := gamma
		alpha := d[i]
		if p > 0x1p-200 && r < 0x1p200 {
			c, s, gamma, p = fastStep(p, r, bb, alpha, sigma, oldgam)
			d[i+1] = oldgam + (alpha - gamma)
			continue
		}
		oldc := c
		c = p / r
		s = bb / r
		gamma = c*(alpha-sigma) - s*oldgam
		d[i+1] = oldgam + (alpha - gamma)
		if c != 0 {
			p = (gamma * gamma) / c
		} else {
			p = oldc * bb
		}
	}
	return gamma, s * p
}

// qrSweep is qlSweep from the top down: it leaves all but the last entry
// of the new block in d and e, and the caller sets d[len(e)] = σ + γ and
// e[len(e)-1] = s·p.
func qrSweep(d, e []float64, sigma float64) (gamma, sp float64) {
	m := len(e)
	c, s := 1.0, 0.0
	gamma = d[0] - sigma
	p := gamma * gamma
	for i := range m {
		bb := e[i]
		r := p + bb
		if i != 0 {
			e[i-1] = s * r
		}
		oldgam := gamma
		alpha := d[i+1]
		if p > 0x1p-200 && r < 0x1p200 {
			c, s, gamma, p = fastStep(p, r, bb, alpha, sigma, oldgam)
			d[i] = oldgam + alpha - gamma
			continue
		}
		oldc := c
		c = p / r
		s = bb / r
		gamma = c*(alpha-sigma) - s*oldgam
		d[i] = oldgam + alpha - gamma
		if c != 0 {
			p = (gamma * gamma) / c
		} else {
			p = oldc * bb
		}
	}
	return gamma, s * p
}

// fastStep is the fast step of qlSweep and qrSweep: from p', r = p' + β²,
// β² = bb, α = alpha, the shift and γ', the new c, s, γ and p.
func fastStep(p, r, bb, alpha, sigma, gamma float64) (c, s, gamma1, p1 float64) {
	ip, ir := 1/p, 1/r
	num := p*(alpha-sigma) - bb*gamma
	return p * ir, bb * ir, num * ir, (num * num * ip) * ir
}

// qlSweep2 is qlSweep with shift s1 and the caller's update of d[0] and
// e[0], then the same with shift s2, in one loop: the second sweep's step
// at row i needs only what the first wrote at rows i and up, so it runs one
// row behind the first, and the two chains of dependent operations (see
// qlSweep) overlap — two sweeps in little more than the time of one. The
// result is that of the two sweeps one after the other, bit for bit. It
// takes fast steps only, and reports false, with d and e partly updated,
// when one would not do (then the caller starts again from a copy).
func qlSweep2(d, e []float64, s1, s2 float64) bool {
	m := len(e)
	g1 := d[m] - s1
	p1, q1 := g1*g1, 0.0 // γ, p and s of the first sweep
	var g2, p2, q2 float64
	for i := m - 1; i >= -1; i-- {
		if i >= 0 { // the first sweep at row i
			bb, alpha := e[i], d[i]
			r := p1 + bb
			if !(p1 > 0x1p-200 && r < 0x1p200) {
				return false
			}
			if i != m-1 {
				e[i+1] = q1 * r
			}
			og := g1
			_, q1, g1, p1 = fastStep(p1, r, bb, alpha, s1, og)
			d[i+1] = og + (alpha - g1)
		} else {
			e[0], d[0] = q1*p1, s1+g1
		}
		if i == m-1 {
			g2 = d[m] - s2
			p2 = g2 * g2
			continue
		}
		j := i + 1 // the second sweep at row j
		bb, alpha := e[j], d[j]
		r := p2 + bb
		if !(p2 > 0x1p-200 && r < 0x1p200) {
			return false
		}
		if j != m-1 {
			e[j+1] = q2 * r
		}
		og := g2
		_, q2, g2, p2 = fastStep(p2, r, bb, alpha, s2, og)
		d[j+1] = og + (alpha - g2)
	}
	e[0], d[0] = q2*p2, s2+g2
	return true
}

// qrSweep2 is qlSweep2 from the top down: qrSweep with shift s1 and the
// caller's update of d[len(e)] and e[len(e)-1], then the same with s2.
func qrSweep2(d, e []float64, s1, s2 float64) bool {
	m := len(e)
	g1 := d[0] - s1
	p1, q1 := g1*g1, 0.0 // γ, p and s of the first sweep
	var g2, p2, q2 float64
	for i := 0; i <= m; i++ {
		if i < m { // the first sweep at row i
			bb, alpha := e[i], d[i+1]
			r := p1 + bb
			if !(p1 > 0x1p-200 && r < 0x1p200) {
				return false
			}
			if i != 0 {
				e[i-1] = q1 * r
			}
			og := g1
			_, q1, g1, p1 = fastStep(p1, r, bb, alpha, s1, og)
			d[i] = og + alpha - g1
		} else {
			e[m-1], d[m] = q1*p1, s1+g1
		}
		if i == 0 {
			g2 = d[0] - s2
			p2 = g2 * g2
			continue
		}
		j := i - 1 // the second sweep at row j
		bb, alpha := e[j], d[j+1]
		r := p2 + bb
		if !(p2 > 0x1p-200 && r < 0x1p200) {
			return false
		}
		if j != 0 {
			e[j-1] = q2 * r
		}
		og := g2
		_, q2, g2, p2 = fastStep(p2, r, bb, alpha, s2, og)
		d[j] = og + alpha - g2
	}
	e[m-1], d[m] = q2*p2, s2+g2
	return true
}
