package diversity

import "math"

// ACERareThreshold is the rare threshold of ACE used by AlphaOf, the
// default of scikit-bio and EstimateS.
const ACERareThreshold = 10

// Alpha holds every alpha metric of one sample, as the gutlens-diversity/1
// contract names them. Undefined values are NaN.
type Alpha struct {
	Total          float64 // N = Σ x
	Observed       int     // S_obs = #{x > 0}
	Singletons     float64 // F1 (NaN unless counts)
	Doubletons     float64 // F2 (NaN unless counts)
	ShannonLn      float64
	ShannonLog2    float64
	Simpson        float64 // 1 - Σ p²; also the Gini–Simpson index
	Dominance      float64 // Σ p²
	InverseSimpson float64
	Pielou         float64
	BergerParker   float64
	Chao1          float64 // bias-corrected
	Chao1Classic   float64
	ACE            float64 // rare threshold ACERareThreshold
	GoodsCoverage  float64
	FisherAlpha    float64
}

// AlphaOf returns every alpha metric of the values x of one sample.
// When counts is false (a table with non-integer values) the count-only
// metrics — singletons, doubletons, Chao1, ACE, Good's coverage and
// Fisher's α — are NaN. When Σ x = 0 every metric but Total and Observed
// is NaN.
func AlphaOf(x []float64, counts bool) Alpha {
	nan := math.NaN()
	a := Alpha{Total: Total(x), Observed: Observed(x)}
	if a.Total == 0 {
		a.Singletons, a.Doubletons, a.ShannonLn, a.ShannonLog2 = nan, nan, nan, nan
		a.Simpson, a.Dominance, a.InverseSimpson, a.Pielou, a.BergerParker = nan, nan, nan, nan, nan
		a.Chao1, a.Chao1Classic, a.ACE, a.GoodsCoverage, a.FisherAlpha = nan, nan, nan, nan, nan
		return a
	}
	a.ShannonLn = Shannon(x)
	a.ShannonLog2 = ShannonLog2(x)
	a.Dominance = Dominance(x)
	a.Simpson = 1 - a.Dominance
	a.InverseSimpson = 1 / a.Dominance
	a.Pielou = Pielou(x)
	a.BergerParker = BergerParker(x)
	if !counts {
		a.Singletons, a.Doubletons = nan, nan
		a.Chao1, a.Chao1Classic, a.ACE, a.GoodsCoverage, a.FisherAlpha = nan, nan, nan, nan, nan
		return a
	}
	a.Singletons = float64(Singletons(x))
	a.Doubletons = float64(Doubletons(x))
	a.Chao1 = Chao1(x)
	a.Chao1Classic = Chao1Classic(x)
	a.ACE = ACE(x, ACERareThreshold)
	a.GoodsCoverage = GoodsCoverage(x)
	a.FisherAlpha = FisherAlpha(x)
	return a
}
