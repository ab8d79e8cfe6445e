package view

import (
	"math"
	"slices"
	"testing"
)

func TestNaturalCompare(t *testing.T) {
	// Each name sorts before the next.
	order := []string{"", "a", "S1", "s1", "S2", "S02b", "S10", "S10a", "S010b", "S100", "Sample 2", "Sample 10", "sample-3", "T", "zeta9", "Ångström"}
	for i := range order {
		for j := range order {
			got := NaturalCompare(order[i], order[j])
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got != want {
				t.Errorf("NaturalCompare(%q, %q) = %d, want %d", order[i], order[j], got, want)
			}
		}
	}
	// Leading zeros: the same number, told apart by the bytes.
	if NaturalCompare("S02", "S2") >= 0 || NaturalCompare("S2", "S02") <= 0 {
		t.Error("S02 and S2 must be ordered, and the same way each time")
	}
	shuffled := []string{"S10", "S2", "S1", "S100", "S20", "S3"}
	slices.SortStableFunc(shuffled, NaturalCompare)
	if want := []string{"S1", "S2", "S3", "S10", "S20", "S100"}; !slices.Equal(shuffled, want) {
		t.Errorf("natural order %v, want %v", shuffled, want)
	}
}

// sortComp is a composition of three bands (two taxa, Other) over five
// samples in the file order A…E.
func sortComp() (*Composition, []string) {
	nan := Float(math.NaN())
	c := &Composition{
		Rank: "genus",
		Taxa: []CompTaxon{{Name: "Bacteroides", Kind: "taxon"}, {Name: "Prevotella", Kind: "taxon"}, {Name: "Other", Kind: "other"}, {Name: "Unclassified", Kind: "unclassified"}},
		Shares: map[string][]Float{
			"A": {0.2, 0.5, 0.3, 0},
			"B": {0.6, 0.1, 0.3, 0},
			"C": {0.2, 0.2, 0.6, 0},
			"D": {0.5, 0.5, 0, 0},   // a tie: Bacteroides, first in the legend
			"E": {nan, 0, 0, 0},     // nothing defined
			"F": {0.6, 0.4, 0, 0.0}, // ties B on Bacteroides: file order
		},
	}
	return c, []string{"A", "B", "C", "D", "E", "F"}
}

func TestSortSamples(t *testing.T) {
	c, ids := sortComp()
	shannon := map[string]float64{"A": 1.5, "B": 2.5, "C": 1.5, "D": math.NaN(), "E": 0, "F": 3}
	sh := func(id string) float64 {
		if v, ok := shannon[id]; ok {
			return v
		}
		return math.NaN()
	}
	for _, tc := range []struct {
		key  string
		band int
		want []string
	}{
		{SortFile, 0, ids},
		{"nonsense", 0, ids},
		{SortTaxon, 0, []string{"B", "F", "D", "A", "C", "E"}}, // 0.6, 0.6 (file order), 0.5, 0.2, 0.2, NaN last
		{SortTaxon, 1, []string{"A", "D", "F", "C", "B", "E"}}, // 0.5, 0.5, 0.4, 0.2, 0.1, 0
		{SortTaxon, 2, []string{"C", "A", "B", "D", "E", "F"}}, // Other: 0.6, 0.3, 0.3, then zeros in file order
		{SortTaxon, 9, ids}, // no such band: all undefined
		{SortShannon, 0, []string{"F", "B", "A", "C", "E", "D"}}, // 3, 2.5, 1.5 = 1.5 (file order), 0, NaN last
		// Groups in legend order: Bacteroides (B .6, F .6, D .5 tie→first band),
		// Prevotella (A), Other (C), then E with nothing.
		{SortDominant, 0, []string{"B", "F", "D", "A", "C", "E"}},
	} {
		got := SortSamples(ids, tc.key, c, tc.band, sh)
		if !slices.Equal(got, tc.want) {
			t.Errorf("SortSamples(%s, band %d) = %v, want %v", tc.key, tc.band, got, tc.want)
		}
	}
	if !slices.Equal(ids, []string{"A", "B", "C", "D", "E", "F"}) {
		t.Errorf("SortSamples changed its input: %v", ids)
	}
	names := []string{"S10", "S2", "s1", "S1", "S02"}
	if got, want := SortSamples(names, SortName, nil, -1, nil), []string{"S1", "s1", "S02", "S2", "S10"}; !slices.Equal(got, want) {
		t.Errorf("by name %v, want %v", got, want)
	}
	// Without a composition or Shannon values, the value orders keep the file's.
	for _, key := range []string{SortTaxon, SortDominant, SortShannon} {
		if got := SortSamples(ids, key, nil, 0, nil); !slices.Equal(got, ids) {
			t.Errorf("%s without values = %v, want the file order", key, got)
		}
	}
	// Deterministic: the same answer every time.
	for range 20 {
		if got := SortSamples(ids, SortDominant, c, 0, sh); !slices.Equal(got, []string{"B", "F", "D", "A", "C", "E"}) {
			t.Fatalf("a second dominant sort gave %v", got)
		}
	}
}

func TestBand(t *testing.T) {
	c, _ := sortComp()
	for key, want := range map[string]int{"taxon:Prevotella": 1, "other:Other": 2, "unclassified:Unclassified": 3, "": 0, "taxon:Nope": 0, "taxon:Other": 0} {
		if got := c.Band(key); got != want {
			t.Errorf("Band(%q) = %d, want %d", key, got, want)
		}
	}
	only := &Composition{Taxa: []CompTaxon{{Name: "Other", Kind: "other"}, {Name: "Unclassified", Kind: "unclassified"}}}
	if got := only.Band(""); got != 0 {
		t.Errorf("no named taxon: Band = %d, want 0", got)
	}
	if got := (&Composition{}).Band(""); got != -1 {
		t.Errorf("no bands: Band = %d, want -1", got)
	}
	if !SortByRank(SortTaxon) || !SortByRank(SortDominant) || SortByRank(SortName) || SortByRank(SortShannon) || SortByRank(SortFile) {
		t.Error("SortByRank: only the taxon and dominant orders read the rank")
	}
}
