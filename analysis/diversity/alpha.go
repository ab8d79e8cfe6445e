// Package diversity computes alpha and beta diversity from abundance values.
//
// Every function takes the values of one sample as given (counts or relative
// abundances; zeros may be present or omitted) and follows the conventions
// of package analysis: natural logarithms, 0·ln 0 = 0, and NaN where a
// quantity is undefined (a sample whose values sum to zero).
//
// Further conventions, stated once:
//
//   - Count-only metrics (Singletons, Doubletons, Chao1, Chao1Classic, ACE,
//     GoodsCoverage, FisherAlpha) assume integer counts; AlphaOf makes them
//     NaN for tables that are not all-integer (relative abundances).
//   - Names follow scikit-bio 0.5.8 and vegan 2.6-4, and every doc comment
//     says which function a metric equals. Where the two disagree we follow
//     scikit-bio (ACE without rare features) or the exact mathematics
//     (Fisher's α solved to ~1e-15), and say so.
//   - Beta diversity: samples are sparse analysis.Vector columns; zero-sum
//     samples are dropped by the caller. The matrix functions return the
//     condensed upper triangle (CondensedIndex) and use all cores.
//   - CLR and Aitchison add a pseudocount (1 by default in the CLI) to every
//     cell; features absent from every sample still count in the geometric
//     mean.
package diversity

import "math"

// Total returns N = Σ x_i.
func Total(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

// Observed returns S_obs, the number of values greater than zero.
func Observed(x []float64) int {
	n := 0
	for _, v := range x {
		if v > 0 {
			n++
		}
	}
	return n
}

// Shannon returns the Shannon index of x in nats,
//
//	H' = -Σ p_i ln p_i,  p_i = x_i / Σ_j x_j,  0·ln 0 = 0
//
// as skbio.diversity.alpha.shannon(x, base=e) and vegan::diversity(x,
// "shannon"). It is NaN when Σ x = 0.
func Shannon(x []float64) float64 {
	n := Total(x)
	if n == 0 {
		return math.NaN()
	}
	h := 0.0
	for _, v := range x {
		if v > 0 {
			p := v / n
			h -= p * math.Log(p)
		}
	}
	return h
}

// Simpson returns the Gini–Simpson index of x,
//
//	1 - D,  D = Σ p_i²
//
// as skbio.diversity.alpha.simpson and vegan::diversity(x, "simpson").
// It is NaN when Σ x = 0.
func Simpson(x []float64) float64 {
	return 1 - Dominance(x)
}

// Dominance returns Simpson's dominance D = Σ p_i², NaN when Σ x = 0.
func Dominance(x []float64) float64 {
	n := Total(x)
	if n == 0 {
		return math.NaN()
	}
	d := 0.0
	for _, v := range x {
		p := v / n
		d += p * p
	}
	return d
}
