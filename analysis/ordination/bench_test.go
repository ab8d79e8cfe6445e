package ordination

import (
	"fmt"
	"testing"
)

// PCoA of Bray–Curtis-like matrices of random compositions (seeded).
func BenchmarkPCoA(b *testing.B) {
	for _, n := range []int{100, 500, 1000} {
		d := brayCurtisLike(n, 42)
		for _, m := range []Method{Exact, TopK} {
			b.Run(fmt.Sprintf("n=%d/%v", n, m), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := PCoA(n, d, Options{Method: m}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
