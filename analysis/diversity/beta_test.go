package diversity

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

func vec(dense ...float64) analysis.Vector {
	var v analysis.Vector
	for i, x := range dense {
		if x != 0 {
			v.Index = append(v.Index, i)
			v.Value = append(v.Value, x)
		}
	}
	return v
}

// synthetic returns n samples over d features, each feature present with
// probability density, with geometric-like integer counts (a seeded,
// reproducible stand-in for an OTU table; ~95 % zeros at density 0.05).
func synthetic(n, d int, density float64, seed uint64) []analysis.Vector {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	cols := make([]analysis.Vector, n)
	for s := range cols {
		for f := range d {
			if r.Float64() < density {
				cols[s].Index = append(cols[s].Index, f)
				cols[s].Value = append(cols[s].Value, 1+math.Floor(r.ExpFloat64()*float64(1+f%50)))
			}
		}
		if len(cols[s].Index) == 0 {
			cols[s] = vec(1)
		}
	}
	return cols
}

// Reference values from scipy 1.10.1 / scikit-bio 0.5.8 for
// a = [0,3,0,10,2,0,1], b = [4,0,0,6,2,9,0]:
// scipy.spatial.distance.braycurtis(a, b); skbio beta_diversity("jaccard");
// euclidean(skbio.stats.composition.clr(a + c), clr(b + c)) for c = 1, 0.5.
func TestBetaReference(t *testing.T) {
	a, b := vec(0, 3, 0, 10, 2, 0, 1), vec(4, 0, 0, 6, 2, 9, 0)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"BrayCurtis", BrayCurtis(a, b), 0.5675675675675675},
		{"BrayCurtisMatrix", BrayCurtisMatrix([]analysis.Vector{a, b}, 7)[0], 0.5675675675675675},
		{"Jaccard", Jaccard(a, b), 0.6666666666666666},
		{"JaccardMatrix", JaccardMatrix([]analysis.Vector{a, b}, 7)[0], 0.6666666666666666},
		{"Aitchison(c=1)", Aitchison(a, b, 7, 1), 3.197882393730191},
		{"Aitchison(c=0.5)", Aitchison(a, b, 7, 0.5), 4.28336700198752},
		{"AitchisonMatrix", AitchisonMatrix([]analysis.Vector{a, b}, 7, 1)[0], 3.197882393730191},
	} {
		if !same(c.got, c.want, 1e-12) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	want := []float64{-0.7965641575923308, 0.5897302035275598, -0.7965641575923308, 1.6013311152060399, 0.30204813107577877, -0.7965641575923308, -0.1034169770323854}
	got := CLR(a, 7, 1, nil)
	for i := range want {
		if !same(got[i], want[i], 1e-12) {
			t.Errorf("CLR(a)[%d] = %v, want %v", i, got[i], want[i])
		}
	}
}

// Properties: Bray–Curtis in [0, 1]; every metric symmetric, 0 between
// identical samples; Bray–Curtis and Jaccard 1 between disjoint samples; the
// parallel matrices equal the pairwise definitions.
func TestBetaProperties(t *testing.T) {
	cols := synthetic(60, 300, 0.1, 1)
	cols = append(cols, cols[3], analysis.Vector{Index: []int{300}, Value: []float64{5}})
	n, d := len(cols), 301 // feature 300 only in the last sample
	bc := BrayCurtisMatrix(cols, d)
	jac := JaccardMatrix(cols, d)
	ait := AitchisonMatrix(cols, d, 1)
	for i := range n {
		for j := i + 1; j < n; j++ {
			p := CondensedIndex(n, i, j)
			if v := bc[p]; !(v >= 0 && v <= 1) {
				t.Fatalf("BC(%d,%d) = %v outside [0,1]", i, j, v)
			}
			// The matrix agrees with the pairwise definitions, both ways round.
			for _, c := range []struct {
				name   string
				m      float64
				ab, ba float64
			}{
				{"BrayCurtis", bc[p], BrayCurtis(cols[i], cols[j]), BrayCurtis(cols[j], cols[i])},
				{"Jaccard", jac[p], Jaccard(cols[i], cols[j]), Jaccard(cols[j], cols[i])},
				{"Aitchison", ait[p], Aitchison(cols[i], cols[j], d, 1), Aitchison(cols[j], cols[i], d, 1)},
			} {
				if !same(c.m, c.ab, 1e-14) || !same(c.ab, c.ba, 1e-14) {
					t.Fatalf("%s(%d,%d): matrix %v, pair %v, reversed %v", c.name, i, j, c.m, c.ab, c.ba)
				}
			}
		}
	}
	if p := CondensedIndex(n, 3, n-2); bc[p] != 0 || jac[p] != 0 || ait[p] != 0 {
		t.Errorf("identical samples: BC %v, Jaccard %v, Aitchison %v; want 0", bc[p], jac[p], ait[p])
	}
	// The last sample holds only feature 300, absent elsewhere: disjoint.
	if p := CondensedIndex(n, 0, n-1); bc[p] != 1 || jac[p] != 1 {
		t.Errorf("disjoint samples: BC %v, Jaccard %v; want 1", bc[p], jac[p])
	}
}

// Tables that are not of whole counts below 2³² (halves, proportions, a
// count of 2³² or more) take the float path of BrayCurtisMatrix: on
// exact values it equals the integer path and BrayCurtis bit for bit,
// on proportions BrayCurtis to rounding.
func TestBrayCurtisMatrixValues(t *testing.T) {
	counts := synthetic(40, 200, 0.1, 4)
	scaled := func(f func(i int, v float64) float64) []analysis.Vector {
		out := make([]analysis.Vector, len(counts))
		for i, c := range counts {
			out[i].Index = c.Index
			for _, v := range c.Value {
				out[i].Value = append(out[i].Value, f(i, v))
			}
		}
		return out
	}
	huge := scaled(func(_ int, v float64) float64 { return v })
	huge[5].Value[0] = 1 << 40
	want := BrayCurtisMatrix(counts, 200)
	for _, c := range []struct {
		name  string
		cols  []analysis.Vector
		exact bool
	}{
		{"counts", counts, true},
		{"halves", scaled(func(_ int, v float64) float64 { return v / 2 }), true},
		{"huge count", huge, true},
		{"proportions", scaled(func(i int, v float64) float64 { return v / counts[i].Sum() }), false},
	} {
		got := BrayCurtisMatrix(c.cols, 200)
		n := len(c.cols)
		for i := range n {
			for j := i + 1; j < n; j++ {
				p := CondensedIndex(n, i, j)
				pair := BrayCurtis(c.cols[i], c.cols[j])
				if c.exact && got[p] != pair || !c.exact && !same(got[p], pair, 1e-14) {
					t.Fatalf("%s: BC(%d,%d) = %v, pairwise %v", c.name, i, j, got[p], pair)
				}
				if c.name == "halves" && got[p] != want[p] {
					t.Fatalf("halves: BC(%d,%d) = %v, of the counts %v", i, j, got[p], want[p])
				}
			}
		}
	}
}

// Aitchison distance is the Euclidean distance of the CLR vectors.
func TestAitchisonIsEuclideanCLR(t *testing.T) {
	cols := synthetic(10, 40, 0.3, 2)
	for i := range cols {
		for j := range cols {
			ci, cj := CLR(cols[i], 40, 0.5, nil), CLR(cols[j], 40, 0.5, nil)
			s := 0.0
			for k := range ci {
				s += (ci[k] - cj[k]) * (ci[k] - cj[k])
			}
			if got, want := Aitchison(cols[i], cols[j], 40, 0.5), math.Sqrt(s); !same(got, want, 1e-12) {
				t.Errorf("Aitchison(%d, %d) = %v, Euclidean of CLRs %v", i, j, got, want)
			}
		}
		sum := 0.0
		for _, v := range CLR(cols[i], 40, 0.5, nil) {
			sum += v
		}
		if math.Abs(sum) > 1e-12 {
			t.Errorf("CLR of sample %d sums to %v, want 0", i, sum)
		}
	}
}

// The matrices do not depend on the number of goroutines.
func TestBetaDeterministic(t *testing.T) {
	cols := synthetic(150, 500, 0.05, 3)
	prev := runtime.GOMAXPROCS(1)
	one := [][]float64{BrayCurtisMatrix(cols, 500), JaccardMatrix(cols, 500), AitchisonMatrix(cols, 500, 1)}
	runtime.GOMAXPROCS(max(4, prev))
	many := [][]float64{BrayCurtisMatrix(cols, 500), JaccardMatrix(cols, 500), AitchisonMatrix(cols, 500, 1)}
	runtime.GOMAXPROCS(prev)
	for k := range one {
		if !slices.Equal(one[k], many[k]) {
			t.Errorf("metric %d differs between 1 and %d goroutines", k, max(4, prev))
		}
	}
}

func TestBetaSmall(t *testing.T) {
	if m := BrayCurtisMatrix(nil, 3); m != nil {
		t.Errorf("no samples: %v", m)
	}
	if m := JaccardMatrix([]analysis.Vector{vec(1)}, 1); len(m) != 0 {
		t.Errorf("one sample: %v", m)
	}
}

func TestCondensedIndex(t *testing.T) {
	n, p := 5, 0
	for i := range n {
		for j := i + 1; j < n; j++ {
			if got := CondensedIndex(n, i, j); got != p {
				t.Errorf("CondensedIndex(%d, %d, %d) = %d, want %d", n, i, j, got, p)
			}
			p++
		}
	}
}
