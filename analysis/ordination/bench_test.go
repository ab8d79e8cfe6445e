package ordination

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/diversity"
)

// sparseTable returns n samples over d features with ~95 % zeros and
// integer counts, seeded (the generator of the diversity benchmarks).
func sparseTable(n, d int, seed uint64) []analysis.Vector {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	cols := make([]analysis.Vector, n)
	for s := range cols {
		for f := range d {
			if r.Float64() < 0.05 {
				cols[s].Index = append(cols[s].Index, f)
				cols[s].Value = append(cols[s].Value, 1+math.Floor(r.ExpFloat64()*float64(1+f%50)))
			}
		}
		if len(cols[s].Index) == 0 {
			cols[s] = analysis.Vector{Index: []int{0}, Value: []float64{1}}
		}
	}
	return cols
}

// PCoA of the Bray–Curtis matrix of seeded synthetic sparse tables, with
// the method Auto picks and with both methods forced.
func BenchmarkPCoA(b *testing.B) {
	for _, s := range []struct{ n, d int }{{100, 1000}, {500, 2000}, {1000, 5000}} {
		bc := diversity.BrayCurtisMatrix(sparseTable(s.n, s.d, 42), s.d)
		for _, m := range []Method{Auto, Exact, TopK} {
			b.Run(fmt.Sprintf("%dx%d/%v", s.n, s.d, m), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := PCoA(s.n, bc, Options{Method: m}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
