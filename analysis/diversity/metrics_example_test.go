package diversity_test

import (
	"fmt"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/diversity"
)

func ExampleShannonLog2() {
	// Four taxa in equal shares: 2 bits.
	fmt.Println(diversity.ShannonLog2([]float64{3, 3, 3, 3}))
	// Output: 2
}

func ExampleInverseSimpson() {
	// Shares 0.5, 0.25, 0.25: 1 / 0.375.
	fmt.Printf("%.6f\n", diversity.InverseSimpson([]float64{2, 1, 1}))
	// Output: 2.666667
}

func ExamplePielou() {
	// Equal shares are perfectly even.
	fmt.Printf("%.6f\n", diversity.Pielou([]float64{5, 5, 5}))
	// Output: 1.000000
}

func ExampleBergerParker() {
	fmt.Println(diversity.BergerParker([]float64{6, 3, 1}))
	// Output: 0.6
}

func ExampleSingletons() {
	x := []float64{1, 1, 2, 5}
	fmt.Println(diversity.Singletons(x), diversity.Doubletons(x))
	// Output: 2 1
}

func ExampleChao1() {
	// S_obs 4, F1 2, F2 1: 4 + 2·1/(2·2) = 4.5 (bias-corrected);
	// 4 + 2²/(2·1) = 6 (classic).
	x := []float64{1, 1, 2, 5}
	fmt.Println(diversity.Chao1(x), diversity.Chao1Classic(x))
	// Output: 4.5 6
}

func ExampleACE() {
	// Value from scikit-bio 0.5.8: skbio.diversity.alpha.ace([1, 2, 2, 15, 3, 1, 40]).
	fmt.Printf("%.12f\n", diversity.ACE([]float64{1, 2, 2, 15, 3, 1, 40}, 10))
	// Output: 8.428571428571
}

func ExampleGoodsCoverage() {
	fmt.Println(diversity.GoodsCoverage([]float64{1, 3, 4, 2}))
	// Output: 0.9
}

func ExampleFisherAlpha() {
	// The root of 8 = α ln(1 + 54/α); scipy.optimize.brentq gives 2.595631060498374.
	fmt.Printf("%.15f\n", diversity.FisherAlpha([]float64{1, 1, 2, 3, 5, 8, 13, 21}))
	// Output: 2.595631060498374
}

func ExampleAlphaOf() {
	a := diversity.AlphaOf([]float64{1, 1, 2, 5}, true)
	fmt.Println(a.Observed, a.Singletons, a.Chao1)
	r := diversity.AlphaOf([]float64{12.5, 87.5}, false) // percentages: no count metrics
	fmt.Println(r.Observed, r.Chao1)
	// Output:
	// 4 2 4.5
	// 2 NaN
}

func ExampleBrayCurtis() {
	a := analysis.Vector{Index: []int{0, 1}, Value: []float64{6, 4}}
	b := analysis.Vector{Index: []int{1, 2}, Value: []float64{4, 6}}
	// Σ|a-b| = 6 + 0 + 6, Σ(a+b) = 20.
	fmt.Println(diversity.BrayCurtis(a, b))
	// Output: 0.6
}

func ExampleJaccard() {
	a := analysis.Vector{Index: []int{0, 1}, Value: []float64{6, 4}}
	b := analysis.Vector{Index: []int{1, 2}, Value: []float64{40, 6}}
	// Shared 1 of 3 features present.
	fmt.Printf("%.4f\n", diversity.Jaccard(a, b))
	// Output: 0.6667
}

func ExampleCLR() {
	// x + 1 = [4, 1, 1, 4]: ln 4 - ln 2 = ln 2 and ln 1 - ln 2.
	x := analysis.Vector{Index: []int{0, 3}, Value: []float64{3, 3}}
	fmt.Printf("%.4f\n", diversity.CLR(x, 4, 1, nil))
	// Output: [0.6931 -0.6931 -0.6931 0.6931]
}

func ExampleAitchison() {
	a := analysis.Vector{Index: []int{0}, Value: []float64{3}}
	b := analysis.Vector{Index: []int{1}, Value: []float64{3}}
	// clr(a+1) = (ln 2, -ln 2), clr(b+1) = (-ln 2, ln 2): distance 2√2 ln 2.
	fmt.Printf("%.6f\n", diversity.Aitchison(a, b, 2, 1))
	// Output: 1.960516
}

func ExampleBrayCurtisMatrix() {
	cols := []analysis.Vector{
		{Index: []int{0, 1}, Value: []float64{6, 4}},
		{Index: []int{1, 2}, Value: []float64{4, 6}},
		{Index: []int{0}, Value: []float64{10}},
	}
	// Condensed: d(0,1), d(0,2), d(1,2).
	fmt.Println(diversity.BrayCurtisMatrix(cols, 3))
	// Output: [0.6 0.4 1]
}

func ExampleCondensedIndex() {
	fmt.Println(diversity.CondensedIndex(4, 0, 1), diversity.CondensedIndex(4, 1, 2), diversity.CondensedIndex(4, 2, 3))
	// Output: 0 3 5
}

func ExampleParseNewick() {
	t, err := diversity.ParseNewick([]byte("((a:1,b:2)ab:0.5,c:3)root;"))
	if err != nil {
		fmt.Println(err)
		return
	}
	// Postorder: children before parents, the root last.
	fmt.Println(t.Name, t.Length, t.Parent)
	// Output: [a b ab c root] [1 2 0.5 3 0] [2 2 4 4 -1]
}

func ExampleFaithPD() {
	t, _ := diversity.ParseNewick([]byte("((a:1,b:2)ab:0.5,c:3)root;"))
	tips, _ := t.TipIndex([]string{"a", "b", "c"})
	x := analysis.Vector{Index: []int{0, 1}, Value: []float64{4, 1}} // a and b
	fmt.Println(diversity.FaithPD(t, tips, x))
	// Output: 3.5
}

func ExampleUniFracMatrices() {
	t, _ := diversity.ParseNewick([]byte("((a:1,b:2)ab:0.5,c:3)root;"))
	tips, _ := t.TipIndex([]string{"a", "b", "c"})
	cols := []analysis.Vector{
		{Index: []int{0}, Value: []float64{5}}, // a
		{Index: []int{2}, Value: []float64{5}}, // c
	}
	u := diversity.UniFracMatrices(t, tips, cols)
	// No shared branch: unweighted 1; weighted 1 + 0.5 + 3; normalised by
	// the tip depths 1.5 + 3.
	fmt.Println(u.Unweighted, u.Weighted, u.WeightedNormalized)
	// Output: [1] [4.5] [1]
}

func ExampleTree_TipIndex() {
	t, _ := diversity.ParseNewick([]byte("(a,(b,c));"))
	fmt.Println(t.TipIndex([]string{"c", "a"}))
	_, err := t.TipIndex([]string{"d"})
	fmt.Println(err)
	// Output:
	// [2 0] <nil>
	// tree: feature "d" is not a tip of the tree
}

func ExampleNodeCounts() {
	t, _ := diversity.ParseNewick([]byte("((a,b)ab,c)root;"))
	tips, _ := t.TipIndex([]string{"a", "b", "c"})
	x := analysis.Vector{Index: []int{0, 1}, Value: []float64{4, 1}}
	// Nodes a, b, ab and root carry counts; c does not.
	fmt.Println(diversity.NodeCounts(t, tips, x))
	// Output: {[0 1 2 4] [4 1 5 5]}
}

func ExampleJaccardMatrix() {
	cols := []analysis.Vector{
		{Index: []int{0, 1}, Value: []float64{6, 4}},
		{Index: []int{1, 2}, Value: []float64{4, 6}},
		{Index: []int{0, 1}, Value: []float64{1, 1}},
	}
	// Condensed: d(0,1), d(0,2), d(1,2); presence/absence only.
	fmt.Printf("%.4f\n", diversity.JaccardMatrix(cols, 3))
	// Output: [0.6667 0.0000 0.6667]
}

func ExampleAitchisonMatrix() {
	cols := []analysis.Vector{
		{Index: []int{0}, Value: []float64{3}},
		{Index: []int{1}, Value: []float64{3}},
	}
	fmt.Printf("%.6f\n", diversity.AitchisonMatrix(cols, 2, 1))
	// Output: [1.960516]
}

func ExampleTotal() {
	x := []float64{5, 0, 3}
	fmt.Println(diversity.Total(x), diversity.Observed(x))
	// Output: 8 2
}

func ExampleDominance() {
	fmt.Println(diversity.Dominance([]float64{2, 1, 1}))
	// Output: 0.375
}
