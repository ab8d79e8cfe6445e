package format

import (
	"reflect"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

// tiny.cami (testdata/formats/README.md): two samples, species rows
// S1 45 + 15 + 40, S2 70 + 30. Corpus: species rows and their sum,
//
//	awk -F'\t' '$2=="species" {n++; s+=$5} END{print n, s}' FILE
//
// 100 in both (PERCENTAGE sums to 100 per rank).
func TestCAMI(t *testing.T) {
	p := analysis.UnitPercent
	checkFamily(t, []familySummary{
		{"tiny.cami", "cami", "", []string{"S1", "S2"}, p, 3, []float64{100, 100}, nil},
	})
	tab, _ := decodeFile(t, "formats/tiny.cami")
	if got := value(t, tab, "S2", "Faecalibacterium prausnitzii"); got != 70 {
		t.Errorf("Decode(tiny.cami) S2 Faecalibacterium prausnitzii = %v, want 70", got)
	}
	if got := value(t, tab, "S2", "Bacteroides fragilis"); got != 0 {
		t.Errorf("Decode(tiny.cami) S2 Bacteroides fragilis = %v, want 0", got)
	}
	f := featureByID(t, tab, "Faecalibacterium prausnitzii")
	want := []string{"Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Ruminococcaceae", "Faecalibacterium", "Faecalibacterium prausnitzii", ""}
	if f.TaxID != "853" || !reflect.DeepEqual(f.Lineage, want) {
		t.Errorf("Decode(tiny.cami) feature = %+v, want TaxID 853 and lineage %q", *f, want)
	}
	needCorpus(t)
	checkFamily(t, []familySummary{
		// "@SampleID: unnamed sample": the file's name instead.
		{"corpus/cami/motus3.0.2_CAMI_ERR479376.profile", "cami", "mOTUs", []string{"motus3.0.2_CAMI_ERR479376"}, p, 190, []float64{100}, nil},
		{"corpus/cami/motus3.0.2_CAMI_ERR480588.profile", "cami", "mOTUs", []string{"motus3.0.2_CAMI_ERR480588"}, p, 128, []float64{100}, nil},
	})
}

func TestCAMIErrors(t *testing.T) {
	err := decodeBytes(t, readFamilyFile(t, "bad-cami-cell.cami"), "bad-cami-cell.cami")
	checkParseError(t, "Decode(bad-cami-cell.cami)", err, 6, 5, "", `"4S"`) // README: line 6, field 5
	const head = "@SampleID:S1\n@@TAXID\tRANK\tTAXPATH\tTAXPATHSN\tPERCENTAGE\n"
	for _, tt := range []struct {
		name, text string
		line, col  int
		msg        string
	}{
		{"short row", head + "2\tsuperkingdom\t2\n", 3, 4, "found 3"},
		{"data before header", "@SampleID:S1\n2\tsuperkingdom\t2\tBacteria\t100\n", 2, 1, "@@TAXID"},
		{"header without PERCENTAGE", "@SampleID:S1\n@@TAXID\tRANK\tTAXPATH\n", 2, 1, "PERCENTAGE"},
		{"sample without header", head + "2\tsuperkingdom\t2\tBacteria\t100\n@SampleID:S2\n", 4, 1, "no @@TAXID"},
		{"no TAXID", head + "\tspecies\t2\tBacteria\t100\n", 3, 1, "TAXID"},
	} {
		checkParseError(t, tt.name, decodeBytes(t, []byte(tt.text), "x.cami"), tt.line, tt.col, "", tt.msg)
	}
}

func FuzzCAMI(f *testing.F) {
	familySeeds(f, []string{"*.cami"}, []string{"cami/*"})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		if tab, err := readCAMI(data, Options{Name: "fuzz.cami"}); err == nil {
			checkFuzzTable(t, tab)
		}
		matchCAMI(data)
	})
}
