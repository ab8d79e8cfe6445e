package diversity

import "math"

// Singletons returns F1, the number of values equal to 1.
//
// It is meaningful for counts only; the caller decides whether the values
// are counts (see analysis.Table.Integer).
func Singletons(x []float64) int { return countEqual(x, 1) }

// Doubletons returns F2, the number of values equal to 2 (counts only).
func Doubletons(x []float64) int { return countEqual(x, 2) }

func countEqual(x []float64, c float64) int {
	n := 0
	for _, v := range x {
		if v == c {
			n++
		}
	}
	return n
}

// Chao1 returns the bias-corrected Chao1 richness estimate of the counts x,
//
//	S_chao1 = S_obs + F1(F1-1) / (2(F2+1))
//
// as skbio.diversity.alpha.chao1(x, bias_corrected=True) and the first
// value of vegan::estimateR. It is NaN when Σ x = 0.
// Chao A 1987, Biometrics 43:783.
func Chao1(x []float64) float64 {
	if Total(x) == 0 {
		return math.NaN()
	}
	s, f1, f2 := float64(Observed(x)), float64(Singletons(x)), float64(Doubletons(x))
	return s + f1*(f1-1)/(2*(f2+1))
}

// Chao1Classic returns the classic Chao1 estimate of the counts x,
//
//	S_chao1 = S_obs + F1² / (2 F2)   if F1 > 0 and F2 > 0,
//
// and the bias-corrected Chao1 otherwise, as
// skbio.diversity.alpha.chao1(x, bias_corrected=False). NaN when Σ x = 0.
// Chao A 1984, Scand J Stat 11:265, eq. 6.
func Chao1Classic(x []float64) float64 {
	f1, f2 := float64(Singletons(x)), float64(Doubletons(x))
	if f1 > 0 && f2 > 0 {
		return float64(Observed(x)) + f1*f1/(f2*2)
	}
	return Chao1(x)
}

// ACE returns the abundance-based coverage estimator of the counts x with
// features of at most rare individuals counted as rare,
//
//	S_ace = S_abund + S_rare/C_ace + (F1/C_ace) γ²
//	C_ace = 1 - F1/N_rare,  N_rare = Σ_{i≤rare} i F_i
//	γ²    = max(S_rare Σ_{i≤rare} i(i-1)F_i / (C_ace N_rare (N_rare-1)) - 1, 0)
//
// as skbio.diversity.alpha.ace(x, rare_threshold=rare) (the EstimateS
// manual's formulas; Chao A & Lee S-M 1992, JASA 87:210).
//
// Special cases, following scikit-bio 0.5.8:
//   - no rare feature (S_rare = 0): S_abund. vegan::estimateR gives NaN here.
//   - every rare feature is a singleton (C_ace = 0): NaN (scikit-bio raises).
//   - Σ x = 0: NaN.
func ACE(x []float64, rare int) float64 {
	if Total(x) == 0 {
		return math.NaN()
	}
	r := float64(rare)
	var sRare, sAbund, f1, nRare, nGamma float64
	for _, v := range x {
		switch {
		case v <= 0:
		case v > r:
			sAbund++
		default:
			sRare++
			nRare += v
			nGamma += v * (v - 1)
			if v == 1 {
				f1++
			}
		}
	}
	if f1 > 0 && f1 == sRare {
		return math.NaN()
	}
	if sRare == 0 {
		return sAbund
	}
	c := 1 - f1/nRare
	gamma := sRare*nGamma/(c*nRare*(nRare-1)) - 1
	if gamma < 0 {
		gamma = 0
	}
	return sAbund + sRare/c + f1/c*gamma
}

// GoodsCoverage returns Good's coverage estimate of the counts x,
//
//	C = 1 - F1/N
//
// as skbio.diversity.alpha.goods_coverage. NaN when Σ x = 0.
// Good IJ 1953, Biometrika 40:237.
func GoodsCoverage(x []float64) float64 {
	n := Total(x)
	if n == 0 {
		return math.NaN()
	}
	return 1 - float64(Singletons(x))/n
}

// FisherAlpha returns Fisher's α of the counts x, the root of
//
//	S_obs = α ln(1 + N/α)
//
// found with a bracketing Newton–bisection iteration to a relative
// precision of about 1e-15. The left side increases from 0 to N with α,
// so the root exists and is unique when 0 < S_obs < N; the result is NaN
// otherwise (S_obs = N has α = ∞, Σ x = 0 has no α).
//
// scikit-bio 0.5.8 (skbio.diversity.alpha.fisher_alpha) minimises the
// squared residual with scipy's Brent optimiser and is off by up to ~1e-8
// relative; vegan::fisher.alpha by up to ~1e-6.
// Fisher RA, Corbet AS, Williams CB 1943, J Anim Ecol 12:42.
func FisherAlpha(x []float64) float64 {
	n, s := Total(x), float64(Observed(x))
	if !(s > 0 && s < n) {
		return math.NaN()
	}
	f := func(a float64) float64 { return a*math.Log1p(n/a) - s }
	lo, hi := 1.0, 1.0
	for f(lo) > 0 {
		lo /= 2
	}
	for f(hi) < 0 {
		hi *= 2
	}
	return fisherRoot(f, n, lo, hi)
}

// fisherRoot refines a root of f in [lo, hi], f(lo) ≤ 0 ≤ f(hi), with
// Newton steps that fall back to bisection when they leave the bracket.
func fisherRoot(f func(float64) float64, n, lo, hi float64) float64 {
	a := (lo + hi) / 2
	for range 200 {
		fa := f(a)
		if fa == 0 {
			return a
		}
		if fa < 0 {
			lo = a
		} else {
			hi = a
		}
		d := math.Log1p(n/a) - n/(a+n) // f'(a)
		next := a - fa/d
		if !(next > lo && next < hi) {
			next = lo + (hi-lo)/2
		}
		if math.Abs(next-a) <= 1e-16*a || next == lo || next == hi {
			return next
		}
		a = next
	}
	return a
}
