package health

import (
	"errors"
	"math"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

func genusFeature(g string) analysis.Feature {
	return analysis.Feature{ID: g, Lineage: []string{"Bacteria", "", "", "", "", g, "", ""}}
}

func TestMDIndex(t *testing.T) {
	tab := &analysis.Table{
		Samples:  []string{"S1", "S2", "S3"},
		Unit:     analysis.UnitCounts,
		Features: []analysis.Feature{genusFeature("Escherichia"), genusFeature("Veillonella"), genusFeature("Bacteroides"), genusFeature("Faecalibacterium"), genusFeature("Prevotella")},
		Columns: []analysis.Vector{
			{Index: []int{0, 1, 2, 3, 4}, Value: []float64{10, 20, 40, 50, 100}},
			{Index: []int{0, 4}, Value: []float64{10, 100}}, // no decreased genus
			{Index: []int{2, 4}, Value: []float64{10, 100}}, // no increased genus
		},
	}
	r, err := MDIndex(tab)
	if err != nil {
		t.Fatal(err)
	}
	// QIIME 1.9.0 compute_index: ln(inc/dec) = ln(30/90); nan; −inf.
	if want := math.Log(30.0 / 90); math.Abs(r.Values[0]-want) > 1e-15 {
		t.Errorf("MDIndex(S1) = %v, want %v", r.Values[0], want)
	}
	if !math.IsNaN(r.Values[1]) || !math.IsInf(r.Values[2], -1) {
		t.Errorf("MDIndex(S2, S3) = %v, %v; want NaN, −Inf", r.Values[1], r.Values[2])
	}
	if len(r.Warnings) != 3 {
		t.Errorf("warnings %q, want the caveat and two undefined-sample notes", r.Warnings)
	}
	species := speciesTable("s__Eggerthella_lenta")
	species.Features[0].ID = "OTU1"
	for name, tab := range map[string]*analysis.Table{"no genus": species, "no marker genera": {Samples: []string{"S"}, Features: []analysis.Feature{genusFeature("Prevotella")}, Columns: []analysis.Vector{{Index: []int{0}, Value: []float64{1}}}}} {
		var na *NotApplicableError
		if _, err := MDIndex(tab); !errors.As(err, &na) {
			t.Errorf("MDIndex(%s) error = %v, want NotApplicableError", name, err)
		}
	}
}
