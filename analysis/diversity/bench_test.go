package diversity

import (
	"fmt"
	"testing"
)

// Synthetic sparse tables (samples × features, ~95 % zeros), seeded.
var benchSizes = []struct{ n, d int }{{100, 1000}, {1000, 5000}}

func BenchmarkAlphaAll(b *testing.B) {
	for _, s := range benchSizes {
		cols := synthetic(s.n, s.d, 0.05, 42)
		b.Run(fmt.Sprintf("%dx%d", s.n, s.d), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, c := range cols {
					AlphaOf(c.Value, true)
				}
			}
		})
	}
}

func BenchmarkBrayCurtisMatrix(b *testing.B) {
	for _, s := range benchSizes {
		cols := synthetic(s.n, s.d, 0.05, 42)
		b.Run(fmt.Sprintf("%dx%d", s.n, s.d), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				BrayCurtisMatrix(cols, s.d)
			}
		})
	}
}

func BenchmarkJaccardMatrix(b *testing.B) {
	for _, s := range benchSizes {
		cols := synthetic(s.n, s.d, 0.05, 42)
		b.Run(fmt.Sprintf("%dx%d", s.n, s.d), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				JaccardMatrix(cols, s.d)
			}
		})
	}
}

func BenchmarkAitchisonMatrix(b *testing.B) {
	for _, s := range benchSizes {
		cols := synthetic(s.n, s.d, 0.05, 42)
		b.Run(fmt.Sprintf("%dx%d", s.n, s.d), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				AitchisonMatrix(cols, s.d, 1)
			}
		})
	}
}
