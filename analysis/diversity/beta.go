package diversity

import (
	"math"
	"math/bits"
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
// allocated per pair. Tables of whole counts are summed in integers (see
// countEntries), others in floats. It uses up to runtime.GOMAXPROCS
// goroutines; the result does not depend on their number. The values
// must be abundances (not negative; a Vector stores no zeros), and
// zero-sum samples must be dropped first.
func BrayCurtisMatrix(cols []analysis.Vector, d int) []float64 {
	n := len(cols)
	ix := newIndex(cols, d)
	sums := make([]float64, n)
	if es, ok := countEntries(ix, cols, sums); ok {
		return rowwise(n, func() rowFunc {
			acc := make([]int64, accLen(n))
			return func(i int, out []float64) {
				ix.addCountMins(acc, es, i, cols[i].Index)
				brayCurtisRow(out, sums[i], sums[i+1:], acc[i+1:n])
			}
		})
	}
	for i, c := range cols {
		sums[i] = c.Sum()
	}
	es := valueEntries(ix, cols)
	return rowwise(n, func() rowFunc {
		acc := make([]float64, accLen(n))
		return func(i int, out []float64) {
			ix.addValueMins(acc, es, i, cols[i].Index)
			brayCurtisRow(out, sums[i], sums[i+1:], acc[i+1:n])
		}
	})
}

// accLen returns the length of an accumulator per sample for n samples,
// the least power of two ≥ n, so that the kernels index it with a mask
// (a no-op on the samples) that lets the compiler drop the bounds check.
func accLen(n int) int {
	return 1 << bits.Len(uint(n-1))
}

// brayCurtisRow sets out[j] = (t - 2 acc[j]) / t, t = si + sums[j], and
// clears acc, two at a time (see addCountMins).
func brayCurtisRow[A int64 | float64](out []float64, si float64, sums []float64, acc []A) {
	out = out[:len(sums)]
	acc = acc[:len(sums)]
	for j := 1; j < len(sums); j += 2 {
		t0, t1 := si+sums[j-1], si+sums[j]
		out[j-1] = (t0 - 2*float64(acc[j-1])) / t0
		out[j] = (t1 - 2*float64(acc[j])) / t1
		acc[j-1], acc[j] = 0, 0
	}
	if j := len(sums) - 1; j%2 == 0 {
		t := si + sums[j]
		out[j] = (t - 2*float64(acc[j])) / t
		acc[j] = 0
	}
}

// index is the layout of the inverted index of a table: the samples that
// have feature f, in increasing order, take places start[f] to
// start[f+1]-1 of an array of entries (countEntries, valueEntries,
// sampleEntries). The k-th feature of sample i is rank[first[i]+k] places
// into its list (the number of samples before i that have it).
type index struct {
	start []int
	first []int
	rank  []int32
}

// newIndex returns the index of the samples cols over d features.
func newIndex(cols []analysis.Vector, d int) *index {
	ix := &index{start: make([]int, d+1), first: make([]int, len(cols)+1)}
	for i, c := range cols {
		ix.first[i+1] = ix.first[i] + len(c.Index)
	}
	ix.rank = make([]int32, ix.first[len(cols)])
	count := ix.start[1:]
	for i, c := range cols {
		rank := ix.ranks(i)
		for k, f := range c.Index[:len(rank)] {
			rank[k] = int32(count[f])
			count[f]++
		}
	}
	for f := range d {
		ix.start[f+1] += ix.start[f]
	}
	return ix
}

// ranks returns the places of sample i in the lists of its features.
func (ix *index) ranks(i int) []int32 {
	return ix.rank[ix.first[i]:ix.first[i+1]]
}

// nnz returns the number of entries.
func (ix *index) nnz() int {
	return ix.start[len(ix.start)-1]
}

// countEntries returns the entries of cols in ix as count<<32 | sample,
// and sets sums[i] to the total of sample i, or returns false unless
// there are at most 2³² samples, every value is a whole number below 2³²
// and every sample's total below 2⁵³ (so that its float sum is exact
// too, and the integer sums of minima equal the float ones).
func countEntries(ix *index, cols []analysis.Vector, sums []float64) ([]uint64, bool) {
	if uint64(len(cols)) > 1<<32 {
		return nil, false
	}
	es := make([]uint64, ix.nnz())
	start := ix.start
	for i, c := range cols {
		rank := ix.ranks(i)
		vals := c.Value[:len(rank)]
		total := uint64(0)
		for k, f := range c.Index[:len(rank)] {
			v := uint32(vals[k])
			if float64(v) != vals[k] {
				return nil, false
			}
			total += uint64(v)
			es[start[f]+int(rank[k])] = uint64(v)<<32 | uint64(i)
		}
		if total >= 1<<53 {
			return nil, false
		}
		sums[i] = float64(total)
	}
	return es, true
}

// addCountMins adds min(a_f, b_f) to acc[j] for every sample j after i
// and feature f they share, for the features idx of sample i and the
// entries es of countEntries (sample i's own entry gives a_f). The lists
// of samples after i are run through four at a time and their remainder
// without a loop, and addCountMin is inlined: under WebAssembly every
// loop iteration is a jump through the function's block table, and every
// call passes its arguments through memory.
func (ix *index) addCountMins(acc []int64, es []uint64, i int, idx []int) {
	if len(acc) == 0 {
		return
	}
	mask := uint(len(acc) - 1) // see accLen
	start, rank := ix.start, ix.ranks(i)
	for k, f := range idx[:len(rank)] {
		lo, hi := start[f]+int(rank[k]), start[f+1]
		list := es[lo:hi]
		a := int64(list[0] >> 32)
		list = list[1:]
		for ; len(list) >= 4; list = list[4:] {
			addCountMin(acc, mask, list[0], a)
			addCountMin(acc, mask, list[1], a)
			addCountMin(acc, mask, list[2], a)
			addCountMin(acc, mask, list[3], a)
		}
		if len(list) >= 2 {
			addCountMin(acc, mask, list[0], a)
			addCountMin(acc, mask, list[1], a)
			list = list[2:]
		}
		if len(list) == 1 {
			addCountMin(acc, mask, list[0], a)
		}
	}
}

// addCountMin adds min(a, count) to acc[sample] for the entry e =
// count<<32 | sample; in integers it is a conditional move natively and
// a select under WebAssembly, and unlike addValueMin nothing passes
// between integer and float registers (which under WebAssembly goes
// through memory: Go's backend has no reinterpret instructions). mask is
// len(acc)-1 (see accLen), below 2³², so that it also takes the sample
// out of e.
func addCountMin(acc []int64, mask uint, e uint64, a int64) {
	acc[uint(e)&mask] += min(a, int64(e>>32))
}

// A valueEntry is a sample j and the bits of its value (see
// addValueMin).
type valueEntry struct {
	bits uint64
	j    int
}

// valueEntries returns the entries of cols in ix.
func valueEntries(ix *index, cols []analysis.Vector) []valueEntry {
	es := make([]valueEntry, ix.nnz())
	start := ix.start
	for i, c := range cols {
		rank := ix.ranks(i)
		vals := c.Value[:len(rank)]
		for k, f := range c.Index[:len(rank)] {
			es[start[f]+int(rank[k])] = valueEntry{math.Float64bits(vals[k]), i}
		}
	}
	return es
}

// addValueMins is addCountMins for the entries of valueEntries.
func (ix *index) addValueMins(acc []float64, es []valueEntry, i int, idx []int) {
	if len(acc) == 0 {
		return
	}
	mask := uint(len(acc) - 1) // see accLen
	start, rank := ix.start, ix.ranks(i)
	for k, f := range idx[:len(rank)] {
		lo, hi := start[f]+int(rank[k]), start[f+1]
		list := es[lo:hi]
		ab := list[0].bits
		list = list[1:]
		for ; len(list) >= 4; list = list[4:] {
			addValueMin(acc, mask, list[0], ab)
			addValueMin(acc, mask, list[1], ab)
			addValueMin(acc, mask, list[2], ab)
			addValueMin(acc, mask, list[3], ab)
		}
		if len(list) >= 2 {
			addValueMin(acc, mask, list[0], ab)
			addValueMin(acc, mask, list[1], ab)
			list = list[2:]
		}
		if len(list) == 1 {
			addValueMin(acc, mask, list[0], ab)
		}
	}
}

// addValueMin adds min(a, b) to acc[e.j] for the bits ab of a and e.bits
// of b, positive values (a Vector stores no zeros and abundances are not
// negative): the bit patterns of non-negative floats order as the floats
// do, so the minimum is an integer one, a conditional move natively and a
// select under WebAssembly (where the builtin min of floats is a function
// call). mask is len(acc)-1 (see accLen).
func addValueMin(acc []float64, mask uint, e valueEntry, ab uint64) {
	acc[uint(e.j)&mask] += math.Float64frombits(min(ab, e.bits))
}

// sampleEntries returns the entries of cols in ix as sample numbers.
func sampleEntries(ix *index, cols []analysis.Vector) []int32 {
	es := make([]int32, ix.nnz())
	start := ix.start
	for i, c := range cols {
		rank := ix.ranks(i)
		for k, f := range c.Index[:len(rank)] {
			es[start[f]+int(rank[k])] = int32(i)
		}
	}
	return es
}

// JaccardMatrix returns the condensed matrix of Jaccard distances (see
// Jaccard and CondensedIndex) of the samples cols over d features, the
// intersections counted with the inverted index of BrayCurtisMatrix.
func JaccardMatrix(cols []analysis.Vector, d int) []float64 {
	ix := newIndex(cols, d)
	es := sampleEntries(ix, cols)
	n := len(cols)
	sizes := make([]int, n)
	for i, c := range cols {
		sizes[i] = len(c.Index)
	}
	return rowwise(n, func() rowFunc {
		inter := make([]int32, accLen(n))
		return func(i int, out []float64) {
			ix.countShared(inter, es, i, cols[i].Index)
			jaccardRow(out, sizes[i], sizes[i+1:], inter[i+1:n])
		}
	})
}

// countShared adds 1 to inter[j] for every sample j after i and feature
// they share, for the features idx of sample i and the entries es of
// sampleEntries, as addCountMins.
func (ix *index) countShared(inter []int32, es []int32, i int, idx []int) {
	if len(inter) == 0 {
		return
	}
	mask := uint(len(inter) - 1) // see accLen
	start, rank := ix.start, ix.ranks(i)
	for k, f := range idx[:len(rank)] {
		list := es[start[f]+int(rank[k])+1 : start[f+1]]
		for ; len(list) >= 4; list = list[4:] {
			inter[uint(list[0])&mask]++
			inter[uint(list[1])&mask]++
			inter[uint(list[2])&mask]++
			inter[uint(list[3])&mask]++
		}
		if len(list) >= 2 {
			inter[uint(list[0])&mask]++
			inter[uint(list[1])&mask]++
			list = list[2:]
		}
		if len(list) == 1 {
			inter[uint(list[0])&mask]++
		}
	}
}

// jaccardRow sets out[j] = (u - in) / u, the union u = si + sizes[j] - in
// of two samples of si and sizes[j] features with in = inter[j] in
// common, and clears inter, two at a time (see brayCurtisRow).
func jaccardRow(out []float64, si int, sizes []int, inter []int32) {
	out = out[:len(sizes)]
	inter = inter[:len(sizes)]
	for j := 1; j < len(sizes); j += 2 {
		in0, in1 := int(inter[j-1]), int(inter[j])
		u0, u1 := si+sizes[j-1]-in0, si+sizes[j]-in1
		out[j-1] = float64(u0-in0) / float64(u0)
		out[j] = float64(u1-in1) / float64(u1)
		inter[j-1], inter[j] = 0, 0
	}
	if j := len(sizes) - 1; j%2 == 0 {
		in := int(inter[j])
		u := si + sizes[j] - in
		out[j] = float64(u-in) / float64(u)
		inter[j] = 0
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
