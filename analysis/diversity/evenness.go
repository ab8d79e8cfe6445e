package diversity

import "math"

// ShannonLog2 returns the Shannon index of x in bits,
//
//	H₂ = -Σ p_i log₂ p_i = H' / ln 2,  p_i = x_i / Σ_j x_j,  0·log 0 = 0
//
// as skbio.diversity.alpha.shannon(x) (base 2 is the default of scikit-bio
// before 0.6.1) and QIIME 2. NaN when Σ x = 0.
func ShannonLog2(x []float64) float64 {
	return Shannon(x) / math.Ln2
}

// InverseSimpson returns Simpson's inverse index,
//
//	1/D,  D = Σ p_i²
//
// as skbio.diversity.alpha.enspie and vegan::diversity(x, "invsimpson").
// NaN when Σ x = 0.
func InverseSimpson(x []float64) float64 {
	return 1 / Dominance(x)
}

// Pielou returns Pielou's evenness,
//
//	J' = H' / ln S_obs
//
// with H' in nats, as skbio.diversity.alpha.pielou_e. It is NaN when
// S_obs ≤ 1 (scikit-bio divides by ln 1 = 0) and when Σ x = 0.
// Pielou EC 1966, J Theor Biol 13:131.
func Pielou(x []float64) float64 {
	s := Observed(x)
	if s <= 1 {
		return math.NaN()
	}
	return Shannon(x) / math.Log(float64(s))
}

// BergerParker returns the Berger–Parker dominance,
//
//	d = max_i x_i / Σ x
//
// as skbio.diversity.alpha.berger_parker_d. NaN when Σ x = 0.
// Berger WH, Parker FL 1970, Science 168:1345.
func BergerParker(x []float64) float64 {
	n := Total(x)
	if n == 0 {
		return math.NaN()
	}
	m := 0.0
	for _, v := range x {
		m = max(m, v)
	}
	return m / n
}
