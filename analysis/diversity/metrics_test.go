package diversity

import (
	"math"
	"testing"
)

// Test vectors and their reference values, from scikit-bio 0.5.8
// (Debian python3-skbio 0.5.8-4, /usr/bin/python3):
// skbio.diversity.alpha.{shannon, enspie, pielou_e, berger_parker_d, chao1,
// ace, goods_coverage, fisher_alpha}; "fisherExact" is the root of
// S = a ln(1 + N/a) from scipy.optimize.brentq(xtol=1e-300, rtol=8.9e-16).
var alphaCases = []struct {
	name                             string
	x                                []float64
	log2, invSimpson, pielou, bp     float64
	chao1, chao1Classic, ace, goods  float64
	fisherSkbio, fisherExact         float64
	singletons, doubletons, observed int
}{
	{"fib", []float64{1, 1, 2, 3, 5, 8, 13, 0, 21},
		2.371389165297016, 4.084033613445378, 0.7904630550990054, 0.3888888888888889,
		8.5, 10.0, 9.719298245614034, 0.962962962962963,
		2.595631055979706, 2.595631060498374, 2, 1, 8},
	{"rare", []float64{1, 2, 2, 15, 3, 1, 40},
		1.6213223401283476, 2.2212581344902387, 0.5775266701725148, 0.625,
		7.333333333333333, 8.0, 8.428571428571429, 0.96875,
		2.00276502202505, 2.0027650166808177, 2, 2, 7},
	// No rare feature: ACE = S_abund, as scikit-bio (vegan gives NaN).
	{"no rare", []float64{20, 50, 11},
		1.3190460622488993, 2.171797418073486, 0.8322254070040995, 0.6172839506172839,
		3, 3, 3, 1,
		0.6134064910260872, 0.613406490907199, 0, 0, 3},
	// One feature: Pielou undefined (skbio: nan from ln 1 = 0).
	{"single feature", []float64{7},
		0, 1, math.NaN(), 1,
		1, 1, 1, 1,
		0.3192577456835969, 0.319257743569424, 0, 0, 1},
	// All singletons: ACE undefined (skbio raises ValueError), S_obs = N so
	// Fisher's α has no finite root (skbio's optimiser returns 2.04e8).
	{"all singletons", []float64{1, 1, 1, 1},
		2, 4, 1.0000000000000002, 0.25,
		10, 10, math.NaN(), 0,
		math.NaN(), math.NaN(), 4, 0, 4},
	{"big", []float64{1000, 3, 2, 1, 1, 250, 17},
		0.8697240429226832, 1.5271639926082323, 0.3098019548897058, 0.7849293563579278,
		7.5, 9, 8.786666666666667, 0.9984301412872841,
		0.9755505338837502, 0.9755505291846597, 2, 1, 7},
}

// same reports whether got and want agree to rtol (relative) or 1e-12
// (absolute), NaN matching only NaN.
func same(got, want, rtol float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	return math.Abs(got-want) <= max(rtol*max(math.Abs(got), math.Abs(want)), 1e-12)
}

func TestAlphaMetrics(t *testing.T) {
	const tol = 1e-12
	for _, c := range alphaCases {
		for _, m := range []struct {
			name      string
			got, want float64
			rtol      float64
		}{
			{"ShannonLog2", ShannonLog2(c.x), c.log2, tol},
			{"InverseSimpson", InverseSimpson(c.x), c.invSimpson, tol},
			{"Pielou", Pielou(c.x), c.pielou, tol},
			{"BergerParker", BergerParker(c.x), c.bp, tol},
			{"Chao1", Chao1(c.x), c.chao1, tol},
			{"Chao1Classic", Chao1Classic(c.x), c.chao1Classic, tol},
			{"ACE", ACE(c.x, 10), c.ace, tol},
			{"GoodsCoverage", GoodsCoverage(c.x), c.goods, tol},
			{"FisherAlpha", FisherAlpha(c.x), c.fisherExact, 1e-14},
			// scikit-bio's minimize_scalar stops early: agreement to 1e-7 only.
			{"FisherAlpha vs skbio", FisherAlpha(c.x), c.fisherSkbio, 1e-7},
			{"Singletons", float64(Singletons(c.x)), float64(c.singletons), 0},
			{"Doubletons", float64(Doubletons(c.x)), float64(c.doubletons), 0},
			{"Observed", float64(Observed(c.x)), float64(c.observed), 0},
		} {
			if !same(m.got, m.want, m.rtol) {
				t.Errorf("%s(%v) = %v, want %v", m.name, c.x, m.got, m.want)
			}
		}
	}
}

// Fisher's α solves its equation to the last bits.
func TestFisherAlphaResidual(t *testing.T) {
	for _, x := range [][]float64{{1, 2}, {1, 1, 1, 1, 1, 1, 1, 2}, {1e6, 1}, {5, 1, 1, 1, 3, 300, 2, 1}} {
		a := FisherAlpha(x)
		n, s := Total(x), float64(Observed(x))
		if r := a*math.Log1p(n/a) - s; math.Abs(r) > 4e-15*s {
			t.Errorf("FisherAlpha(%v) = %v: residual %v", x, a, r)
		}
	}
}

func TestAlphaZeroSum(t *testing.T) {
	for _, x := range [][]float64{nil, {}, {0, 0}} {
		a := AlphaOf(x, true)
		if a.Total != 0 || a.Observed != 0 {
			t.Errorf("AlphaOf(%v): total %v, observed %v", x, a.Total, a.Observed)
		}
		for name, v := range map[string]float64{
			"singletons": a.Singletons, "shannon": a.ShannonLn, "log2": a.ShannonLog2, "simpson": a.Simpson,
			"dominance": a.Dominance, "inverse": a.InverseSimpson, "pielou": a.Pielou, "bp": a.BergerParker,
			"chao1": a.Chao1, "chao1c": a.Chao1Classic, "ace": a.ACE, "goods": a.GoodsCoverage, "fisher": a.FisherAlpha,
		} {
			if !math.IsNaN(v) {
				t.Errorf("AlphaOf(%v).%s = %v, want NaN", x, name, v)
			}
		}
		for name, v := range map[string]float64{"Chao1": Chao1(x), "ACE": ACE(x, 10), "GoodsCoverage": GoodsCoverage(x), "FisherAlpha": FisherAlpha(x), "BergerParker": BergerParker(x)} {
			if !math.IsNaN(v) {
				t.Errorf("%s(%v) = %v, want NaN", name, x, v)
			}
		}
	}
}

// Relative abundances: count-only metrics are NaN, the others are not.
func TestAlphaNonInteger(t *testing.T) {
	a := AlphaOf([]float64{12.5, 37.5, 50}, false)
	for name, v := range map[string]float64{"singletons": a.Singletons, "doubletons": a.Doubletons, "chao1": a.Chao1, "chao1c": a.Chao1Classic, "ace": a.ACE, "goods": a.GoodsCoverage, "fisher": a.FisherAlpha} {
		if !math.IsNaN(v) {
			t.Errorf("%s = %v on relative abundances, want NaN", name, v)
		}
	}
	if !same(a.ShannonLn, Shannon([]float64{1, 3, 4}), 1e-15) || !same(a.Simpson, Simpson([]float64{1, 3, 4}), 1e-15) {
		t.Errorf("Shannon/Simpson depend on scale: %v %v", a.ShannonLn, a.Simpson)
	}
}

func TestAlphaOfMatchesFunctions(t *testing.T) {
	for _, c := range alphaCases {
		a := AlphaOf(c.x, true)
		for name, p := range map[string][2]float64{
			"shannon": {a.ShannonLn, Shannon(c.x)}, "log2": {a.ShannonLog2, ShannonLog2(c.x)},
			"simpson": {a.Simpson, Simpson(c.x)}, "dominance": {a.Dominance, Dominance(c.x)},
			"inverse": {a.InverseSimpson, InverseSimpson(c.x)}, "pielou": {a.Pielou, Pielou(c.x)},
			"ace": {a.ACE, ACE(c.x, ACERareThreshold)}, "fisher": {a.FisherAlpha, FisherAlpha(c.x)},
			"chao1": {a.Chao1, Chao1(c.x)}, "chao1c": {a.Chao1Classic, Chao1Classic(c.x)},
		} {
			if !same(p[0], p[1], 0) {
				t.Errorf("%s: AlphaOf(%v).%s = %v, the function gives %v", c.name, c.x, name, p[0], p[1])
			}
		}
	}
}
