package report

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/gutlens/gutlens/analysis/format"
)

// A tree dropped with its table (as the web app takes it) gives the same
// Faith's PD and UniFrac as scikit-bio on that tree
// (testdata/diversity/tiny.biom.tree.diversity.json).
func TestDroppedTree(t *testing.T) {
	var in []format.Input
	for _, p := range []string{"../../testdata/tiny.biom", "../../testdata/diversity/tiny.nwk"} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, format.Input{Name: p, Data: data})
	}
	tab, _, err := format.DecodeFiles(in)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Tree == "" {
		t.Fatal("the tree was not attached")
	}
	d, err := ComputeDiversity(tab, "tiny.biom", "biom-json")
	if err != nil {
		t.Fatal(err)
	}
	d.Complete()
	var gold struct {
		Alpha map[string]map[string]*float64 `json:"alpha"`
		Beta  struct {
			Samples []string `json:"samples"`
			Metrics map[string]struct {
				Matrix [][]float64 `json:"matrix"`
			} `json:"metrics"`
		} `json:"beta"`
	}
	raw, err := os.ReadFile("../../testdata/diversity/tiny.biom.tree.diversity.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }
	for i, s := range tab.Samples {
		if w := gold.Alpha[s]["faith_pd"]; w != nil && !close(d.FaithPD[i], *w) {
			t.Errorf("Faith's PD of %s = %v, scikit-bio %v", s, d.FaithPD[i], *w)
		}
	}
	n := len(d.Included)
	if n != len(gold.Beta.Samples) {
		t.Fatalf("%d samples in beta, scikit-bio %d", n, len(gold.Beta.Samples))
	}
	for name, got := range map[string][]float64{
		"unweighted_unifrac": d.UniFrac.Unweighted, "weighted_unifrac": d.UniFrac.Weighted,
		"weighted_unifrac_normalized": d.UniFrac.WeightedNormalized,
	} {
		m := gold.Beta.Metrics[name].Matrix
		k := 0
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if !close(got[k], m[i][j]) {
					t.Errorf("%s(%s, %s) = %v, scikit-bio %v", name, gold.Beta.Samples[i], gold.Beta.Samples[j], got[k], m[i][j])
				}
				k++
			}
		}
	}
}
