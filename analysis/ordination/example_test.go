package ordination_test

import (
	"fmt"

	"github.com/gutlens/gutlens/analysis/ordination"
)

func ExamplePCoA() {
	// Three points on a line at 0, 1 and 3: one axis carries everything.
	// Condensed distances d(0,1), d(0,2), d(1,2).
	r, err := ordination.PCoA(3, []float64{1, 3, 2}, ordination.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Method, len(r.Eigenvalues))
	fmt.Printf("λ1 = %.4f, explained %.4f\n", r.Eigenvalues[0], r.ProportionExplained[0])
	for _, c := range r.Coordinates {
		fmt.Printf("%.4f\n", c[0])
	}
	// Output:
	// exact-eigh 1
	// λ1 = 4.6667, explained 1.0000
	// -1.3333
	// -0.3333
	// 1.6667
}

func ExamplePCoA_tooFew() {
	_, err := ordination.PCoA(1, nil, ordination.Options{})
	fmt.Println(err)
	// Output: ordination: PCoA needs at least 2 samples
}
