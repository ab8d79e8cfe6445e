package report

import (
	"math"
	"testing"
)

func TestComposition(t *testing.T) {
	r := analyseFile(t, "tiny.biom")
	if got := r.Ranks; len(got) != 7 || got[0] != "domain" || got[6] != "species" {
		t.Errorf("Ranks = %v, want domain … species", got)
	}
	c, err := r.Composition("phylum")
	if err != nil {
		t.Fatal(err)
	}
	// testdata/tiny.tsv, S1 (total 548): Bacteroidetes 340, Firmicutes 120+60,
	// Actinobacteria 15, Euryarchaeota 5, Unassigned 8.
	want := map[string]float64{"Bacteroidetes": 340.0 / 548, "Firmicutes": 180.0 / 548, "Actinobacteria": 15.0 / 548, "Euryarchaeota": 5.0 / 548, "Other": 0, "Unclassified": 8.0 / 548}
	row := c.Shares["S1"]
	sum := 0.0
	for k, tx := range c.Taxa {
		sum += float64(row[k])
		if w, ok := want[tx.Name]; ok && !close(float64(row[k]), w) {
			t.Errorf("S1 %s = %v, want %v", tx.Name, float64(row[k]), w)
		}
	}
	if !close(sum, 1) {
		t.Errorf("S1 shares sum to %v, want 1", sum)
	}
	if last := c.Taxa[len(c.Taxa)-1]; last.Kind != "unclassified" || c.Taxa[len(c.Taxa)-2].Kind != "other" {
		t.Errorf("bands end with %+v, want Other then Unclassified", c.Taxa[len(c.Taxa)-2:])
	}
	// Mean shares over S1–S3 order the bands: Bacteroidetes first.
	if c.Taxa[0].Name != "Bacteroidetes" {
		t.Errorf("first band %q, want Bacteroidetes", c.Taxa[0].Name)
	}
	for _, v := range c.Shares["S4"] {
		if v != 0 || math.IsNaN(float64(v)) {
			t.Errorf("zero-sum S4 has share %v, want 0", float64(v))
		}
	}
	if sub := c.Subset([]string{"S2"}); len(sub.Shares) != 1 || len(sub.Taxa) != len(c.Taxa) {
		t.Errorf("Subset(S2) = %d rows, %d taxa", len(sub.Shares), len(sub.Taxa))
	}
	if _, err := r.Composition("kingdom"); err == nil {
		t.Error("an unknown rank was accepted")
	}
}

func TestCompositionTopN(t *testing.T) {
	r := analyseFile(t, "tiny.biom")
	c, err := Compose(r.table, 6, 2) // species, top 2 + Other + Unclassified
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Taxa) != 4 {
		t.Fatalf("taxa %+v, want 2 + Other + Unclassified", c.Taxa)
	}
	for id, row := range c.Shares {
		sum := 0.0
		for _, v := range row {
			sum += float64(v)
		}
		if id != "S4" && !close(sum, 1) {
			t.Errorf("%s sums to %v", id, sum)
		}
	}
}

// TestCompositionDeterministic checks that the bands of the same table
// are the same to the last bit every time ("Other" was once summed over a
// map, whose order changes from run to run).
func TestCompositionDeterministic(t *testing.T) {
	r := analyseFile(t, "../web/static/sample/gutlens-sample.biom")
	first, err := Compose(r.table, 6, 3) // species, top 3: many taxa in Other
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := Compose(r.table, 6, 3)
		if err != nil {
			t.Fatal(err)
		}
		for id, row := range first.Shares {
			for k, v := range row {
				if math.Float64bits(float64(again.Shares[id][k])) != math.Float64bits(float64(v)) {
					t.Fatalf("%s %s: %v, then %v", id, first.Taxa[k].Name, float64(v), float64(again.Shares[id][k]))
				}
			}
		}
	}
}
