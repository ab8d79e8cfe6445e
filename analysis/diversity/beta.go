package diversity

import (
	"math"
	"runtime"
	"slices"
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
// BrayCurtis for every pair (bit for bit on integer counts, where every
// sum is exact), computed from the features the two samples share,
//
//	Σ_i |a_i - b_i| = S_a + S_b - 2 Σ_{i∈a∩b} min(a_i, b_i),
//
// with an inverted index (for each feature, the samples that have it):
// sample a's row adds min(a_i, b_i) into an accumulator per later sample
// b over the features of a, which is Σ_f P_f²/2 operations for features
// in P_f samples, against n²/2 · (features per sample) when every pair is
// visited: about 1/density times less work on sparse tables. Nothing is
// allocated per pair. It uses up to runtime.GOMAXPROCS goroutines; the
// result does not depend on their number. The values must be abundances
// (not negative; a Vector stores no zeros), and zero-sum samples must be
// dropped first.
func BrayCurtisMatrix(cols []analysis.Vector, d int) []float64 {
	sums := make([]float64, len(cols))
	for i, c := range cols {
		sums[i] = c.Sum()
	}
	p := newPostings(cols, d)
	n := len(cols)
	return rowwise(n, func() rowFunc {
		acc, cur := make([]float64, n), p.cursors()
		return func(i int, out []float64) {
			p.addMins(acc, cur, i, cols[i])
			brayCurtisRow(out, sums[i], sums[i+1:], acc[i+1:])
		}
	})
}

// addMin adds min(a, vs[m]) to acc[js[m]] for every m, for positive
// values (a Vector stores no zeros and abundances are not negative): the
// bit patterns of non-negative floats order as the floats do, so the
// minimum is an integer one, a conditional move natively and a select
// under WebAssembly (where the builtin min of floats is a function call).
// The hot loops are top-level functions of slices, unrolled four times:
// under WebAssembly every loop iteration is a jump through the function's
// block table, and variables captured by a closure are loaded anew in
// every iteration.
func addMin(acc []float64, js []int32, vs []float64, a float64) {
	ab := math.Float64bits(a)
	vs = vs[:len(js)]
	m := 0
	for ; m+4 <= len(js); m += 4 {
		j4, v4 := js[m:m+4:m+4], vs[m:m+4:m+4]
		acc[j4[0]] += math.Float64frombits(min(ab, math.Float64bits(v4[0])))
		acc[j4[1]] += math.Float64frombits(min(ab, math.Float64bits(v4[1])))
		acc[j4[2]] += math.Float64frombits(min(ab, math.Float64bits(v4[2])))
		acc[j4[3]] += math.Float64frombits(min(ab, math.Float64bits(v4[3])))
	}
	for ; m < len(js); m++ {
		acc[js[m]] += math.Float64frombits(min(ab, math.Float64bits(vs[m])))
	}
}

// addMins adds min(a_f, b_f) to acc[j] for every sample j after i and
// feature f they share, a = cols[i]: lists of eight and more go to addMin,
// shorter ones (small or very sparse tables) are done in place, without
// the cost of a call.
func (p *postings) addMins(acc []float64, cur []int, i int, a analysis.Vector) {
	start, value := p.start, p.value
	vals := a.Value[:len(a.Index)]
	for k, f := range a.Index {
		lo, hi := p.after(cur, i, f), start[f+1]
		if hi-lo >= 8 {
			addMin(acc, p.sample[lo:hi], value[lo:hi], vals[k])
			continue
		}
		ab := math.Float64bits(vals[k])
		for q := lo; q < hi; q++ {
			acc[p.sample[q]] += math.Float64frombits(min(ab, math.Float64bits(value[q])))
		}
	}
}

// brayCurtisRow sets out[j] = (t - 2 acc[j]) / t, t = si + sums[j], and
// clears acc.
func brayCurtisRow(out []float64, si float64, sums, acc []float64) {
	out = out[:len(sums)]
	acc = acc[:len(sums)]
	for j, sj := range sums {
		t := si + sj
		out[j] = (t - 2*acc[j]) / t
		acc[j] = 0
	}
}

// postings is the inverted index of a table: the samples that have
// feature f, in increasing order, are sample[start[f]:start[f+1]], with
// their values in value.
type postings struct {
	start  []int
	sample []int32
	value  []float64
}

func newPostings(cols []analysis.Vector, d int) *postings {
	p := &postings{start: make([]int, d+1)}
	for _, c := range cols {
		for _, f := range c.Index {
			p.start[f+1]++
		}
	}
	for f := range d {
		p.start[f+1] += p.start[f]
	}
	nnz := p.start[d]
	p.sample, p.value = make([]int32, nnz), make([]float64, nnz)
	next := slices.Clone(p.start[:d])
	for i, c := range cols {
		for k, f := range c.Index {
			q := next[f]
			next[f]++
			p.sample[q], p.value[q] = int32(i), c.Value[k]
		}
	}
	return p
}

// cursors returns a cursor per feature, for after.
func (p *postings) cursors() []int {
	return slices.Clone(p.start[:len(p.start)-1])
}

// after returns where the samples after i begin in the list of feature
// f, which sample i has. cur holds a position per feature and only moves
// forward, so each worker must take its samples in increasing order (as
// rowwise hands them out); it passes each list once in all.
func (p *postings) after(cur []int, i, f int) int {
	q, end := cur[f], p.start[f+1]
	for q < end && int(p.sample[q]) <= i {
		q++
	}
	cur[f] = q
	return q
}

// JaccardMatrix returns the condensed matrix of Jaccard distances (see
// Jaccard and CondensedIndex) of the samples cols over d features, the
// intersections counted with the inverted index of BrayCurtisMatrix.
func JaccardMatrix(cols []analysis.Vector, d int) []float64 {
	p := newPostings(cols, d)
	n := len(cols)
	return rowwise(n, func() rowFunc {
		inter, cur := make([]int32, n), p.cursors()
		return func(i int, out []float64) {
			for _, f := range cols[i].Index {
				count(inter, p.sample[p.after(cur, i, f):p.start[f+1]])
			}
			ni := len(cols[i].Index)
			for j := i + 1; j < n; j++ {
				in := int(inter[j])
				union := ni + len(cols[j].Index) - in
				out[j-i-1] = float64(union-in) / float64(union)
				inter[j] = 0
			}
		}
	})
}

// count adds 1 to inter[j] for every j of js (unrolled as addMin).
func count(inter []int32, js []int32) {
	m := 0
	for ; m+4 <= len(js); m += 4 {
		j4 := js[m : m+4 : m+4]
		inter[j4[0]]++
		inter[j4[1]]++
		inter[j4[2]]++
		inter[j4[3]]++
	}
	for ; m < len(js); m++ {
		inter[js[m]]++
	}
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
	inRowBlocks(n, newKernel, block)
	return out
}

// A rowFunc writes the distances of sample i to the samples after it,
// d(i, j) for j = i+1, …, n-1, into out.
type rowFunc func(i int, out []float64)

// rowwise fills a condensed n × n matrix row by row. Blocks of rows are
// handed out in increasing order to up to runtime.GOMAXPROCS workers, each
// with its own rowFunc (and so its own scratch space), which therefore
// sees its rows in increasing order; every row is computed by the same
// code whichever worker takes it, so the result is deterministic.
func rowwise(n int, newRow func() rowFunc) []float64 {
	if n < 2 {
		return nil
	}
	out := make([]float64, n*(n-1)/2)
	block := func(row rowFunc, i0 int) {
		for i := i0; i < min(i0+rowBlock, n-1); i++ {
			off := CondensedIndex(n, i, i+1)
			row(i, out[off:off+n-1-i])
		}
	}
	inRowBlocks(n, newRow, block)
	return out
}

// inRowBlocks runs block(w, i0) for the row blocks i0 = 0, rowBlock, … of
// an n × n condensed matrix, handed out in increasing order to up to
// runtime.GOMAXPROCS workers, each with its own w from newW (its scratch
// space).
func inRowBlocks[W any](n int, newW func() W, block func(w W, i0 int)) {
	blocks := (n - 1 + rowBlock - 1) / rowBlock
	workers := min(runtime.GOMAXPROCS(0), blocks)
	if workers <= 1 {
		w := newW()
		for b := range blocks {
			block(w, b*rowBlock)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			w := newW()
			for {
				b := int(next.Add(1) - 1)
				if b >= blocks {
					return
				}
				block(w, b*rowBlock)
			}
		})
	}
	wg.Wait()
}
