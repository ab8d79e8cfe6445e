package analysis

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// lin builds a lineage of len(Ranks) from the names given, domain first.
func lin(names ...string) []string {
	l := make([]string, len(Ranks))
	copy(l, names)
	return l
}

// collapseInput is a small count table with the cases Collapse must handle:
// two species of one genus, a genus in two families' worth of lineages,
// mothur-style placeholders, a feature named only to family, an Unassigned
// feature and a feature without taxonomy. Names from
// ../shared/corpus/mothur/schubert.cons.taxonomy and FORMATS.md §3.14.
func collapseInput() *Table {
	return &Table{
		Samples: []string{"S1", "S2", "S3"},
		Features: []Feature{
			{ID: "f0", Lineage: lin("Bacteria", "Bacteroidetes", "Bacteroidia", "Bacteroidales", "Bacteroidaceae", "Bacteroides", "Bacteroides vulgatus"), TaxID: "821"},
			{ID: "f1", Lineage: lin("Bacteria", "Bacteroidetes", "Bacteroidia", "Bacteroidales", "Bacteroidaceae", "Bacteroides", "Bacteroides dorei")},
			{ID: "f2", Lineage: lin("Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Lachnospiraceae", "Lachnospiraceae_unclassified", "")},
			{ID: "f3", Lineage: lin("Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Lachnospiraceae", "Blautia", ""), TaxID: "572511"},
			{ID: "f4", Lineage: lin("Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Lachnospiraceae", "", "")},
			{ID: "f5", Lineage: lin("Unassigned"), Unassigned: true},
			{ID: "f6", Lineage: lin("Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Clostridiales_unclassified", "Clostridiales_unclassified")},
			{ID: "f7"}, // no taxonomy
			{ID: "f8", Lineage: lin("unclassified"), Unassigned: true},
		},
		Columns: []Vector{
			{Index: []int{0, 1, 2, 3, 4, 5, 6, 7, 8}, Value: []float64{10, 20, 3, 4, 5, 6, 7, 8, 9}},
			{Index: []int{1, 3}, Value: []float64{1, 2}},
			{}, // an empty sample
		},
		Unit:              UnitCounts,
		Unclassified:      []float64{100, 0, 5},
		UnclassifiedKnown: true,
		Provenance:        Provenance{Format: "test", SHA256: "abc", Notes: []string{"original note"}},
	}
}

func TestCollapseGenus(t *testing.T) {
	in := collapseInput()
	got, err := in.Collapse(5)
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Check(); err != nil {
		t.Fatalf("Check: %v", err)
	}
	wantIDs := []string{"Bacteroides", "Lachnospiraceae (unclassified at genus)", "Blautia", "Unassigned", "Clostridiales (unclassified at genus)", "(no taxonomy)"}
	var ids []string
	for _, f := range got.Features {
		ids = append(ids, f.ID)
	}
	if !reflect.DeepEqual(ids, wantIDs) {
		t.Fatalf("Collapse(genus) features = %q, want %q", ids, wantIDs)
	}
	// f2 (Lachnospiraceae_unclassified) and f4 (no genus) form one group.
	wantCols := []Vector{
		{Index: []int{0, 1, 2, 3, 4, 5}, Value: []float64{30, 8, 4, 15, 7, 8}},
		{Index: []int{0, 2}, Value: []float64{1, 2}},
		{Index: []int{}, Value: []float64{}},
	}
	if !reflect.DeepEqual(got.Columns, wantCols) {
		t.Errorf("Collapse(genus) columns = %v, want %v", got.Columns, wantCols)
	}
	f := got.Features
	if !reflect.DeepEqual(f[1].Lineage, lin("Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Lachnospiraceae")) {
		t.Errorf("unclassified group lineage = %q", f[1].Lineage)
	}
	if f[4].Lineage[4] != "" || f[4].Lineage[3] != "Clostridiales" {
		t.Errorf("placeholder family not blanked: %q", f[4].Lineage)
	}
	if !f[3].Unassigned || f[5].Lineage != nil || f[5].Unassigned {
		t.Errorf("Unassigned / no-taxonomy groups wrong: %+v, %+v", f[3], f[5])
	}
	if f[2].TaxID != "572511" || f[0].TaxID != "" {
		t.Errorf("TaxID: Blautia %q (want its own), Bacteroides %q (want none: two species)", f[2].TaxID, f[0].TaxID)
	}
	if f[2].Taxonomy != "d__Bacteria; p__Firmicutes; c__Clostridia; o__Clostridiales; f__Lachnospiraceae; g__Blautia" {
		t.Errorf("Taxonomy = %q", f[2].Taxonomy)
	}
	if got.Unit != in.Unit || !got.UnclassifiedKnown || !reflect.DeepEqual(got.Unclassified, in.Unclassified) ||
		got.Provenance.Format != "test" || got.Provenance.SHA256 != "abc" || !reflect.DeepEqual(got.Samples, in.Samples) {
		t.Errorf("Collapse lost table fields: %+v", got)
	}
	notes := got.Provenance.Notes
	if len(notes) != 2 || notes[0] != "original note" || !strings.Contains(notes[1], "collapsed 9 features to 6 at genus level") {
		t.Errorf("notes = %q", notes)
	}
	if len(in.Provenance.Notes) != 1 {
		t.Errorf("Collapse changed the input's notes: %q", in.Provenance.Notes)
	}
	assertTotals(t, in, got, 0)
}

func TestCollapseEveryRank(t *testing.T) {
	in := collapseInput()
	for rank := range Ranks {
		got, err := in.Collapse(rank)
		if err != nil {
			t.Fatalf("Collapse(%d): %v", rank, err)
		}
		assertTotals(t, in, got, 0)
		// Collapsing again at the same rank changes nothing but the notes.
		again, err := got.Collapse(rank)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(again.Columns, got.Columns) || len(again.Features) != len(got.Features) {
			t.Errorf("Collapse(%d) is not idempotent: %d → %d features", rank, len(got.Features), len(again.Features))
		}
	}
	phyla, _ := in.Collapse(1)
	if n := len(phyla.Features); n != 4 { // Bacteroidetes, Firmicutes, Unassigned, (no taxonomy)
		t.Errorf("Collapse(phylum): %d features, want 4", n)
	}
	species, _ := in.Collapse(6)
	if species.Features[0].ID != "Bacteroides vulgatus" || species.Features[2].ID != "Lachnospiraceae (unclassified at species)" ||
		species.Features[3].ID != "Blautia (unclassified at species)" {
		t.Errorf("Collapse(species) ids: %q, %q, %q", species.Features[0].ID, species.Features[2].ID, species.Features[3].ID)
	}
}

// Percentages with many decimals, as MetaPhlAn writes them
// (metaphlan/mpa3_v31_kefir_Subj001_time1.txt style): totals stay within
// rounding; the compensated sums keep them to a few ulp.
func TestCollapseFractionalTotals(t *testing.T) {
	in := &Table{Samples: []string{"S1"}, Unit: UnitPercent}
	var col Vector
	for i := 0; i < 1000; i++ {
		genus := []string{"Bacteroides", "Blautia", "Prevotella"}[i%3]
		in.Features = append(in.Features, Feature{ID: "f", Lineage: lin("Bacteria", "P", "C", "O", "F", genus, genus+" sp")})
		col.Index = append(col.Index, i)
		col.Value = append(col.Value, 0.1+float64(i%7)*0.0123456789)
	}
	in.Columns = []Vector{col}
	got, err := in.Collapse(5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Features) != 3 {
		t.Fatalf("%d genera, want 3", len(got.Features))
	}
	assertTotals(t, in, got, 1e-14)
}

func TestCollapseEpithet(t *testing.T) {
	// DADA2 and Greengenes 13_8 name the species by its epithet alone
	// (testdata/formats2/tiny-asv-taxa.tsv: Blautia, obeum).
	in := &Table{Samples: []string{"S1"}, Features: []Feature{
		{ID: "ASV_1", Lineage: lin("Bacteria", "Firmicutes", "Clostridia", "Lachnospirales", "Lachnospiraceae", "Blautia", "obeum")},
	}, Columns: []Vector{{Index: []int{0}, Value: []float64{100}}}}
	got, err := in.Collapse(6)
	if err != nil {
		t.Fatal(err)
	}
	if id := got.Features[0].ID; id != "Blautia obeum" {
		t.Errorf("Collapse(species) ID = %q, want %q", id, "Blautia obeum")
	}
}

func TestCollapseNoTaxonomy(t *testing.T) {
	in := &Table{Samples: []string{"S1"}, Features: []Feature{{ID: "OTU1"}, {ID: "OTU2"}},
		Columns: []Vector{{Index: []int{0, 1}, Value: []float64{1, 2}}}}
	if _, err := in.Collapse(5); !errors.Is(err, ErrNoTaxonomy) {
		t.Errorf("Collapse of a table without taxonomy: err = %v, want ErrNoTaxonomy", err)
	}
}

func TestCollapseDuplicateNames(t *testing.T) {
	// Two genera with one name under different families keep apart, with
	// IDs made unique by their lineage.
	in := &Table{Samples: []string{"S1"}, Features: []Feature{
		{ID: "a", Lineage: lin("Bacteria", "Firmicutes", "Clostridia", "Eubacteriales", "Oscillospiraceae", "Ruminococcus")},
		{ID: "b", Lineage: lin("Bacteria", "Firmicutes", "Clostridia", "Lachnospirales", "Lachnospiraceae", "Ruminococcus")},
	}, Columns: []Vector{{Index: []int{0, 1}, Value: []float64{1, 2}}}}
	got, err := in.Collapse(5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Features) != 2 || got.Features[0].ID == got.Features[1].ID {
		t.Errorf("features %+v", got.Features)
	}
}

func TestCollapseRankPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(r.(string), "analysis: ") {
			t.Errorf("Collapse(8) recovered %v, want an analysis: panic", r)
		}
	}()
	collapseInput().Collapse(len(Ranks))
}

// assertTotals checks that every column total is kept, within a relative
// tolerance (0: exactly).
func assertTotals(t *testing.T, in, out *Table, tol float64) {
	t.Helper()
	for s := range in.Columns {
		a, b := in.Columns[s].Sum(), out.Columns[s].Sum()
		if tol == 0 && a != b || math.Abs(a-b) > tol*math.Abs(a) {
			t.Errorf("sample %s: total %v after Collapse, %v before", in.Samples[s], b, a)
		}
	}
}
