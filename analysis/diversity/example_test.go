package diversity_test

import (
	"fmt"

	"github.com/gutlens/gutlens/analysis/diversity"
)

func ExampleShannon() {
	// Two taxa in equal shares: H' = ln 2.
	fmt.Printf("%.6f\n", diversity.Shannon([]float64{5, 5, 0}))
	// Output: 0.693147
}

func ExampleSimpson() {
	// Shares 0.5, 0.25, 0.25: 1 - (0.25 + 0.0625 + 0.0625).
	fmt.Println(diversity.Simpson([]float64{2, 1, 1}))
	// Output: 0.625
}
