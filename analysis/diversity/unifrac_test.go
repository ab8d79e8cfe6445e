package diversity

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

// tinyTree reads testdata/diversity/tiny.nwk: a unary root with a branch of
// its own (0.05) above a unary node (0.5), over the 8 OTUs of tiny.biom.
func tinyTree(t testing.TB) (*Tree, []int, []analysis.Vector) {
	data, err := os.ReadFile("../../testdata/diversity/tiny.nwk")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := ParseNewick(data)
	if err != nil {
		t.Fatal(err)
	}
	tips, err := tr.TipIndex([]string{"OTU1", "OTU2", "OTU3", "OTU4", "OTU5", "OTU6", "OTU7", "OTU8"})
	if err != nil {
		t.Fatal(err)
	}
	// testdata/tiny.biom, samples S1..S3 (S4 sums to zero).
	cols := []analysis.Vector{
		vec(120, 340, 0, 15, 0, 60, 5, 8),
		vec(45, 12, 210, 0, 0, 33, 0, 2),
		vec(0, 80, 1, 7, 500, 0, 12, 0),
	}
	return tr, tips, cols
}

// Reference values from scikit-bio 0.5.8: alpha_diversity("faith_pd") and
// beta_diversity("unweighted_unifrac" | "weighted_unifrac"[, normalized=True])
// with otu_ids and TreeNode.read(tiny.nwk, convert_underscores=False).
func TestUniFracReference(t *testing.T) {
	tr, tips, cols := tinyTree(t)
	for s, want := range []float64{3.07, 2.85, 2.5200000000000005} {
		if got := FaithPD(tr, tips, cols[s]); !same(got, want, 1e-12) {
			t.Errorf("FaithPD(S%d) = %v, want %v", s+1, got, want)
		}
	}
	if got := FaithPD(tr, tips, analysis.Vector{}); got != 0 {
		t.Errorf("FaithPD(empty) = %v, want 0", got)
	}
	u := UniFracMatrices(tr, tips, cols)
	for _, c := range []struct {
		name      string
		got, want []float64
	}{
		{"unweighted", u.Unweighted, []float64{0.16149068322981366, 0.45580110497237564, 0.5165745856353592}},
		{"weighted", u.Weighted, []float64{0.605714941750858, 0.9320788321167885, 0.6486030905077262}},
		{"normalized", u.WeightedNormalized, []float64{0.29910010443085183, 0.4115346549172016, 0.29508260272526676}},
	} {
		for p := range c.want {
			if !same(c.got[p], c.want[p], 1e-12) {
				t.Errorf("%s UniFrac[%d] = %v, want %v", c.name, p, c.got[p], c.want[p])
			}
		}
	}
}

// Identical samples are at distance 0; normalised weighted UniFrac is in [0, 1].
func TestUniFracProperties(t *testing.T) {
	tr, tips, cols := tinyTree(t)
	cols = append(cols, cols[1], vec(0, 0, 0, 0, 0, 0, 0, 3))
	u := UniFracMatrices(tr, tips, cols)
	n := len(cols)
	p := CondensedIndex(n, 1, 3)
	if u.Unweighted[p] != 0 || math.Abs(u.Weighted[p]) > 1e-15 || math.Abs(u.WeightedNormalized[p]) > 1e-15 {
		t.Errorf("identical samples: %v %v %v", u.Unweighted[p], u.Weighted[p], u.WeightedNormalized[p])
	}
	for k, v := range u.WeightedNormalized {
		if !(v >= 0 && v <= 1+1e-15) || !(u.Unweighted[k] >= 0 && u.Unweighted[k] <= 1) {
			t.Errorf("pair %d: unweighted %v, normalised weighted %v", k, u.Unweighted[k], v)
		}
	}
}

func TestParseNewick(t *testing.T) {
	tr, err := ParseNewick([]byte(" ( a:1 , 'b c''d':2.5e0 [comment] , (x,y)z:3 ) root : 0.25 ;\n"))
	if err != nil {
		t.Fatal(err)
	}
	// Postorder: a, b c'd, x, y, z, root.
	wantName := []string{"a", "b c'd", "x", "y", "z", "root"}
	wantLen := []float64{1, 2.5, 0, 0, 3, 0.25}
	wantParent := []int{5, 5, 4, 4, 5, -1}
	for i := range wantName {
		if tr.Name[i] != wantName[i] || tr.Length[i] != wantLen[i] || tr.Parent[i] != wantParent[i] {
			t.Errorf("node %d = %q:%v parent %d, want %q:%v parent %d", i, tr.Name[i], tr.Length[i], tr.Parent[i], wantName[i], wantLen[i], wantParent[i])
		}
	}
	if !tr.IsTip[0] || tr.IsTip[4] || tr.IsTip[5] {
		t.Errorf("tips %v", tr.IsTip)
	}
	for _, s := range []string{"a;", "(a);", "((a));", "(,);", "(a,b)c;", "(a_b:1e-3)'r':0;"} {
		if _, err := ParseNewick([]byte(s)); err != nil {
			t.Errorf("ParseNewick(%q): %v", s, err)
		}
	}
}

func TestParseNewickErrors(t *testing.T) {
	for _, s := range []string{
		"", "   ", "(a,b)", "(a,b));", "((a,b);", "a,b;", "a b;", "(a)(b);", "(a:1:2);",
		"(a:x);", "(a:NaN);", "(a:Inf);", "(a)b c;", "(a);x", "'abc;", "(a[b);", "(a)(",
	} {
		tr, err := ParseNewick([]byte(s))
		if err == nil {
			t.Errorf("ParseNewick(%q) = %v, want an error", s, tr)
			continue
		}
		var ne *NewickError
		if !errors.As(err, &ne) && !errors.Is(err, ErrNoTree) {
			t.Errorf("ParseNewick(%q): %T %v", s, err, err)
		}
	}
}

func TestTipIndex(t *testing.T) {
	tr, _ := ParseNewick([]byte("((a,b)x,a2,(a2,c));"))
	if _, err := tr.TipIndex([]string{"a", "zz"}); err == nil || !strings.Contains(err.Error(), `"zz"`) {
		t.Errorf("missing tip: %v", err)
	}
	if _, err := tr.TipIndex([]string{"a2"}); err == nil {
		t.Errorf("duplicate tip accepted")
	}
	if _, err := tr.TipIndex([]string{"x"}); err == nil {
		t.Errorf("internal node accepted as a tip")
	}
	if idx, err := tr.TipIndex([]string{"c", "a"}); err != nil || tr.Name[idx[0]] != "c" || tr.Name[idx[1]] != "a" {
		t.Errorf("TipIndex = %v, %v", idx, err)
	}
}

// FuzzParseNewick checks that any input either fails with a NewickError
// (or ErrNoTree) or gives a well-formed tree: one root, last; parents after
// their children; finite lengths.
func FuzzParseNewick(f *testing.F) {
	if data, err := os.ReadFile("../../testdata/diversity/tiny.nwk"); err == nil {
		f.Add(data)
	}
	for _, s := range []string{"a;", "(a,b)c:1;", "((a:1,b:2):3,'q''x':4)r;", "(,);", "[c](a[d]);"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		tr, err := ParseNewick(data)
		if err != nil {
			var ne *NewickError
			if !errors.As(err, &ne) && !errors.Is(err, ErrNoTree) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		n := len(tr.Parent)
		if n == 0 || tr.Parent[n-1] != -1 || len(tr.Length) != n || len(tr.Name) != n || len(tr.IsTip) != n {
			t.Fatalf("malformed tree: %+v", tr)
		}
		hasChild := make([]bool, n)
		for i, p := range tr.Parent[:n-1] {
			if p <= i || p >= n {
				t.Fatalf("node %d has parent %d: not postorder", i, p)
			}
			hasChild[p] = true
		}
		for i := range n {
			if tr.IsTip[i] == hasChild[i] || math.IsNaN(tr.Length[i]) || math.IsInf(tr.Length[i], 0) {
				t.Fatalf("node %d: tip %v, has children %v, length %v", i, tr.IsTip[i], hasChild[i], tr.Length[i])
			}
		}
	})
}
