package diversity

import (
	"github.com/gutlens/gutlens/analysis"
)

// NodeCounts returns the counts of the sample x summed over the tree: the
// value of each node is the sum of x over the tips below it (tipOf maps a
// feature index to its tip, see Tree.TipIndex). Only nodes with a non-zero
// value are stored, in postorder.
func NodeCounts(t *Tree, tipOf []int, x analysis.Vector) analysis.Vector {
	dense := make([]float64, len(t.Parent))
	for k, f := range x.Index {
		dense[tipOf[f]] += x.Value[k]
	}
	var v analysis.Vector
	for i, c := range dense {
		if c == 0 {
			continue
		}
		if p := t.Parent[i]; p >= 0 {
			dense[p] += c
		}
		v.Index = append(v.Index, i)
		v.Value = append(v.Value, c)
	}
	return v
}

// FaithPD returns Faith's phylogenetic diversity of the sample x,
//
//	PD = Σ_b L_b [the sample has a feature below branch b]
//
// the total length of the branches from the root (its own branch included)
// to the features present, as skbio.diversity.alpha.faith_pd. It is 0 for
// an empty sample. Faith DP 1992, Biol Conserv 61:1.
func FaithPD(t *Tree, tipOf []int, x analysis.Vector) float64 {
	pd := 0.0
	for _, i := range NodeCounts(t, tipOf, x).Index {
		pd += t.Length[i]
	}
	return pd
}

// tipDepths returns each tip's distance from the root, the root's own
// branch included (as scikit-bio's _tip_distances); 0 for internal nodes.
func tipDepths(t *Tree) []float64 {
	depth := make([]float64, len(t.Parent))
	for i := len(t.Parent) - 1; i >= 0; i-- { // preorder: parents first
		depth[i] = t.Length[i]
		if p := t.Parent[i]; p >= 0 {
			depth[i] += depth[p]
		}
	}
	for i := range depth {
		if !t.IsTip[i] {
			depth[i] = 0
		}
	}
	return depth
}

// UniFrac holds the three UniFrac distance matrices of a set of samples,
// condensed (see CondensedIndex).
type UniFrac struct {
	Unweighted, Weighted, WeightedNormalized []float64
}

// UniFracMatrices returns the unweighted, weighted and normalised weighted
// UniFrac distances of the samples cols on the tree t (tipOf maps feature
// indices to tips). With A_b, B_b the counts below branch b, p = A/A_T,
// q = B/B_T and d_i the depth of tip i:
//
//	unweighted  = Σ_b L_b |[A_b>0] - [B_b>0]| / Σ_b L_b [A_b>0 or B_b>0]   (0 when the denominator is 0)
//	weighted    = Σ_b L_b |p_b - q_b|
//	normalised  = weighted / Σ_tips d_i (p_i + q_i)
//
// as skbio.diversity.beta_diversity("unweighted_unifrac" |
// "weighted_unifrac", normalized=False|True) in scikit-bio 0.5.8, the root's
// branch included. Lozupone C, Knight R 2005, Appl Environ Microbiol
// 71:8228; Lozupone et al. 2007, AEM 73:1576. Zero-sum samples must be
// dropped first.
func UniFracMatrices(t *Tree, tipOf []int, cols []analysis.Vector) UniFrac {
	nodes := make([]analysis.Vector, len(cols))
	lenSum := make([]float64, len(cols)) // Σ_{b∈A} L_b
	wSum := make([]float64, len(cols))   // Σ_{b∈A} L_b p_b
	dSum := make([]float64, len(cols))   // Σ_tips d_i p_i
	depth := tipDepths(t)
	for s, x := range cols {
		nc := NodeCounts(t, tipOf, x)
		total := x.Sum()
		for k, b := range nc.Index {
			nc.Value[k] /= total
			lenSum[s] += t.Length[b]
			wSum[s] += t.Length[b] * nc.Value[k]
			dSum[s] += depth[b] * nc.Value[k]
		}
		nodes[s] = nc
	}
	var u UniFrac
	u.Unweighted = pairwise(len(cols), func() kernel {
		return &unweightedKernel{nodes: nodes, length: t.Length, lenSum: lenSum, mark: make([]float64, len(t.Parent))}
	})
	u.Weighted = pairwise(len(cols), func() kernel {
		return &weightedKernel{scatter: scatter{cols: nodes, dense: make([]float64, len(t.Parent))}, length: t.Length, wSum: wSum}
	})
	u.WeightedNormalized = make([]float64, len(u.Weighted))
	n := len(cols)
	for i := range n {
		for j := i + 1; j < n; j++ {
			p := CondensedIndex(n, i, j)
			u.WeightedNormalized[p] = u.Weighted[p] / (dSum[i] + dSum[j])
		}
	}
	return u
}

type unweightedKernel struct {
	nodes  []analysis.Vector
	length []float64
	lenSum []float64
	mark   []float64 // L_b where the loaded sample is present
}

func (k *unweightedKernel) load(i int) {
	for _, b := range k.nodes[i].Index {
		k.mark[b] = k.length[b]
	}
}

func (k *unweightedKernel) unload(i int) {
	for _, b := range k.nodes[i].Index {
		k.mark[b] = 0
	}
}

func (k *unweightedKernel) dist(i, j int) float64 {
	shared := 0.0
	for _, b := range k.nodes[j].Index {
		shared += k.mark[b]
	}
	observed := k.lenSum[i] + k.lenSum[j] - shared
	if observed == 0 {
		return 0
	}
	return (observed - shared) / observed
}

// weightedKernel's scatter holds per-node proportions: cols are the
// samples' node vectors, dense the loaded sample's.
type weightedKernel struct {
	scatter
	length []float64
	wSum   []float64
}

// dist returns Σ_b L_b |p_b - q_b| = Σ_{b∈A} L_b p_b + Σ_{b∈B} L_b (|p_b - q_b| - p_b).
func (k *weightedKernel) dist(i, j int) float64 {
	y := k.cols[j]
	s := 0.0
	for n, b := range y.Index {
		p := k.dense[b]
		d := p - y.Value[n]
		if d < 0 {
			d = -d
		}
		s += k.length[b] * (d - p)
	}
	return k.wSum[i] + s
}
