package diversity

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/gutlens/gutlens/analysis"
)

// BrayCurtis returns the Bray–Curtis dissimilarity of the samples a and b,
//
//	BC = Σ_i |a_i - b_i| / Σ_i (a_i + b_i)
//
// in [0, 1], as skbio.diversity.beta_diversity("braycurtis", …) (scipy's
// braycurtis) and vegan::vegdist(x, "bray"). It is NaN when both samples
// sum to zero; callers drop zero-sum samples before computing beta
// diversity. Bray JR, Curtis JT 1957, Ecol Monogr 27:325.
func BrayCurtis(a, b analysis.Vector) float64 {
	num := 0.0
	i, j := 0, 0
	for i < len(a.Index) || j < len(b.Index) {
		switch {
		case j == len(b.Index) || (i < len(a.Index) && a.Index[i] < b.Index[j]):
			num += a.Value[i]
			i++
		case i == len(a.Index) || b.Index[j] < a.Index[i]:
			num += b.Value[j]
			j++
		default:
			num += math.Abs(a.Value[i] - b.Value[j])
			i++
			j++
		}
	}
	return num / (a.Sum() + b.Sum())
}

// Jaccard returns the Jaccard distance of the presence/absence patterns of
// a and b,
//
//	J = 1 - |A ∩ B| / |A ∪ B| = (|A ∪ B| - |A ∩ B|) / |A ∪ B|,  A = {i : a_i > 0}
//
// as skbio/scipy "jaccard" on presence/absence data and
// vegan::vegdist(x, "jaccard", binary = TRUE) (vegan's default is the
// quantitative Jaccard; this is not it). NaN when both samples are empty.
// Jaccard P 1912, New Phytol 11:37.
func Jaccard(a, b analysis.Vector) float64 {
	inter := 0
	i, j := 0, 0
	for i < len(a.Index) && j < len(b.Index) {
		switch {
		case a.Index[i] < b.Index[j]:
			i++
		case b.Index[j] < a.Index[i]:
			j++
		default:
			inter++
			i++
			j++
		}
	}
	union := len(a.Index) + len(b.Index) - inter
	return float64(union-inter) / float64(union)
}

// CLR writes into dst (allocated when too short) the centred log-ratio
// transform of the sample x over d features after adding pseudocount c to
// every cell, and returns it:
//
//	clr_i = ln(x_i + c) - (1/d) Σ_j ln(x_j + c),  j over all d features
//
// as skbio.stats.composition.clr(x + c). Features that are zero in x count
// in the geometric mean. It is computed as u_i - ū with
// u_i = ln(1 + x_i/c) = ln(x_i + c) - ln c, which is zero for absent
// features. Aitchison J 1986, The Statistical Analysis of Compositional Data.
// CLR panics if c ≤ 0 or d ≤ 0.
func CLR(x analysis.Vector, d int, c float64, dst []float64) []float64 {
	if !(c > 0) || d <= 0 {
		panic("diversity: CLR needs a positive pseudocount and d > 0")
	}
	if len(dst) < d {
		dst = make([]float64, d)
	}
	dst = dst[:d]
	u, ubar := logRatios(x, d, c, nil)
	for i := range dst {
		dst[i] = -ubar
	}
	for k, i := range x.Index {
		dst[i] = u[k] - ubar
	}
	return dst
}

// logRatios returns u_k = ln(1 + x_k/c) for the stored values of x and
// their mean over all d features.
func logRatios(x analysis.Vector, d int, c float64, u []float64) ([]float64, float64) {
	u = u[:0]
	s := 0.0
	for _, v := range x.Value {
		l := math.Log1p(v / c)
		u = append(u, l)
		s += l
	}
	return u, s / float64(d)
}

// Aitchison returns the Aitchison distance of a and b over d features with
// pseudocount c, the Euclidean distance of their CLR transforms,
//
//	A = ‖clr(a + c) - clr(b + c)‖₂
//
// as the Euclidean distance of skbio.stats.composition.clr(x + c) vectors.
// With w = u_a - u_b (see CLR) and m = ū_a - ū_b it is computed exactly
// over the union U of the features present in a or b:
//
//	A² = Σ_{i∈U} (w_i - m)² + (d - |U|) m²
//
// Aitchison panics if c ≤ 0.
func Aitchison(a, b analysis.Vector, d int, c float64) float64 {
	if !(c > 0) {
		panic("diversity: Aitchison needs a positive pseudocount")
	}
	ua, ma := logRatios(a, d, c, nil)
	ub, mb := logRatios(b, d, c, nil)
	return aitchison(a.Index, ua, ma, b.Index, ub, mb, d)
}

func aitchison(ia []int, ua []float64, ma float64, ib []int, ub []float64, mb float64, d int) float64 {
	m := ma - mb
	s := 0.0
	union := 0
	i, j := 0, 0
	for i < len(ia) || j < len(ib) {
		var w float64
		switch {
		case j == len(ib) || (i < len(ia) && ia[i] < ib[j]):
			w = ua[i]
			i++
		case i == len(ia) || ib[j] < ia[i]:
			w = -ub[j]
			j++
		default:
			w = ua[i] - ub[j]
			i++
			j++
		}
		union++
		s += (w - m) * (w - m)
	}
	return math.Sqrt(s + float64(d-union)*m*m)
}

// CondensedIndex returns the position of the pair (i, j), i < j < n, in a
// condensed distance matrix: the upper triangle stored row by row, as
// scipy.spatial.distance.squareform.
func CondensedIndex(n, i, j int) int {
	return i*n - i*(i+1)/2 + j - i - 1
}

// BrayCurtisMatrix returns the condensed Bray–Curtis matrix (see
// CondensedIndex) of the samples cols over d features. It equals
// BrayCurtis for every pair, computed with sample a scattered into a dense
// row as
//
//	Σ_i |a_i - b_i| = S_a + Σ_{i∈b} (|a_i - b_i| - a_i)
//
// (branch-free over the features of b), so no pair allocates. It uses up to
// runtime.GOMAXPROCS goroutines; the result does not depend on their
// number. Zero-sum samples must be dropped first.
func BrayCurtisMatrix(cols []analysis.Vector, d int) []float64 {
	sums := make([]float64, len(cols))
	for i, c := range cols {
		sums[i] = c.Sum()
	}
	return pairwise(len(cols), func() kernel {
		return &brayCurtisKernel{scatter: scatter{cols: cols, dense: make([]float64, d)}, sums: sums}
	})
}

// scatter spreads one of cols into the dense row (load) and clears it
// again (unload), so a pairwise kernel compares it with every other sparse
// column without allocating.
type scatter struct {
	cols  []analysis.Vector
	dense []float64
}

func (s *scatter) load(i int) {
	c := s.cols[i]
	for n, f := range c.Index {
		s.dense[f] = c.Value[n]
	}
}

func (s *scatter) unload(i int) {
	for _, f := range s.cols[i].Index {
		s.dense[f] = 0
	}
}

type brayCurtisKernel struct {
	scatter
	sums []float64
}

func (k *brayCurtisKernel) dist(i, j int) float64 {
	b := k.cols[j]
	dense := k.dense
	vals := b.Value[:len(b.Index)]
	s := 0.0
	for n, f := range b.Index {
		v := dense[f]
		s += math.Abs(v-vals[n]) - v
	}
	return (k.sums[i] + s) / (k.sums[i] + k.sums[j])
}

// JaccardMatrix returns the condensed matrix of Jaccard distances (see
// Jaccard and CondensedIndex) of the samples cols over d features.
func JaccardMatrix(cols []analysis.Vector, d int) []float64 {
	return pairwise(len(cols), func() kernel {
		return &jaccardKernel{cols: cols, mark: make([]uint8, d)}
	})
}

type jaccardKernel struct {
	cols []analysis.Vector
	mark []uint8
}

func (k *jaccardKernel) load(i int) {
	for _, f := range k.cols[i].Index {
		k.mark[f] = 1
	}
}

func (k *jaccardKernel) unload(i int) {
	for _, f := range k.cols[i].Index {
		k.mark[f] = 0
	}
}

func (k *jaccardKernel) dist(i, j int) float64 {
	inter := 0
	mark := k.mark
	for _, f := range k.cols[j].Index {
		inter += int(mark[f])
	}
	union := len(k.cols[i].Index) + len(k.cols[j].Index) - inter
	return float64(union-inter) / float64(union)
}

// AitchisonMatrix returns the condensed matrix of Aitchison distances (see
// Aitchison and CondensedIndex) of the samples cols over d features with
// pseudocount c. It panics if c ≤ 0.
//
// Per pair it evaluates Aitchison's exact union formula without a merge:
// sample a is scattered into a dense row, b into a 0/1 absence mask, and
//
//	A² = Σ_{i∈b} (u_a,i - u_b,i - m)² + Σ_{i∈a} absent_b,i (u_a,i - m)² + (d - |U|) m²
func AitchisonMatrix(cols []analysis.Vector, d int, c float64) []float64 {
	if !(c > 0) {
		panic("diversity: Aitchison needs a positive pseudocount")
	}
	u := make([][]float64, len(cols))
	ubar := make([]float64, len(cols))
	for i, x := range cols {
		u[i], ubar[i] = logRatios(x, d, c, nil)
	}
	return pairwise(len(cols), func() kernel {
		k := &aitchisonKernel{cols: cols, d: d, u: u, ubar: ubar,
			dense: make([]float64, d), present: make([]float64, d), absent: make([]float64, d)}
		for i := range k.absent {
			k.absent[i] = 1
		}
		return k
	})
}

type aitchisonKernel struct {
	cols    []analysis.Vector
	d       int
	u       [][]float64
	ubar    []float64
	dense   []float64 // u of the loaded sample, 0 where absent
	present []float64 // 1 where the loaded sample is present
	absent  []float64 // 0 where the other sample is present, else 1
}

func (k *aitchisonKernel) load(i int) {
	for n, f := range k.cols[i].Index {
		k.dense[f] = k.u[i][n]
		k.present[f] = 1
	}
}

func (k *aitchisonKernel) unload(i int) {
	for _, f := range k.cols[i].Index {
		k.dense[f] = 0
		k.present[f] = 0
	}
}

func (k *aitchisonKernel) dist(i, j int) float64 {
	m := k.ubar[i] - k.ubar[j]
	ia, ua := k.cols[i].Index, k.u[i][:len(k.cols[i].Index)]
	ib, ub := k.cols[j].Index, k.u[j][:len(k.cols[j].Index)]
	dense, present, absent := k.dense, k.present, k.absent
	s, shared := 0.0, 0.0
	for n, f := range ib {
		w := dense[f] - ub[n] - m
		s += w * w
		shared += present[f]
		absent[f] = 0
	}
	for n, f := range ia {
		w := ua[n] - m
		s += absent[f] * w * w
	}
	for _, f := range ib {
		absent[f] = 1
	}
	union := float64(len(ia)+len(ib)) - shared
	return math.Sqrt(s + (float64(k.d)-union)*m*m)
}

// A kernel computes the distances of sample i to others after load(i).
// Each worker has its own kernel (and so its own scratch space).
type kernel interface {
	load(i int)
	dist(i, j int) float64
	unload(i int)
}

// Tiling of the pair loop: a worker takes rowBlock rows i and runs through
// the samples j in blocks of colBlock, so that the colBlock samples stay in
// cache while each of the rows is compared with them.
const (
	rowBlock = 16
	colBlock = 64
)

// pairwise fills a condensed n × n matrix. Blocks of rows are handed out
// to up to runtime.GOMAXPROCS workers; every cell is computed by the same
// code whichever worker takes it, so the result is deterministic.
func pairwise(n int, newKernel func() kernel) []float64 {
	if n < 2 {
		return nil
	}
	out := make([]float64, n*(n-1)/2)
	block := func(k kernel, i0 int) {
		i1 := min(i0+rowBlock, n-1)
		for j0 := i0 + 1; j0 < n; j0 += colBlock {
			j1 := min(j0+colBlock, n)
			for i := i0; i < i1; i++ {
				if i+1 >= j1 {
					break
				}
				k.load(i)
				off := CondensedIndex(n, i, i+1) - (i + 1)
				for j := max(j0, i+1); j < j1; j++ {
					out[off+j] = k.dist(i, j)
				}
				k.unload(i)
			}
		}
	}
	blocks := (n - 1 + rowBlock - 1) / rowBlock
	workers := min(runtime.GOMAXPROCS(0), blocks)
	if workers <= 1 {
		k := newKernel()
		for b := range blocks {
			block(k, b*rowBlock)
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			k := newKernel()
			for {
				b := int(next.Add(1) - 1)
				if b >= blocks {
					return
				}
				block(k, b*rowBlock)
			}
		})
	}
	wg.Wait()
	return out
}
