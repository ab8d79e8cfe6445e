package format

import (
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

// tiny.bracken (testdata/formats/README.md): new_est_reads 345 + 125 + 400.
// Corpus totals are Σ new_est_reads and the row count:
//
//	awk -F'\t' 'NR>1 {n++; s+=$6} END{print n, s}' FILE
func TestBracken(t *testing.T) {
	u := func(v float64) []float64 { return []float64{v} }
	c := analysis.UnitCounts
	checkFamily(t, []familySummary{
		{"tiny.bracken", "bracken", "Bracken", []string{"tiny"}, c, 3, u(870), nil},
	})
	tab, _ := decodeFile(t, "formats/tiny.bracken")
	f := featureByID(t, tab, "Faecalibacterium prausnitzii")
	if f.TaxID != "853" || f.Lineage[6] != "Faecalibacterium prausnitzii" {
		t.Errorf("Decode(tiny.bracken) feature = %+v, want TaxID 853 and the name at species", *f)
	}
	if got := value(t, tab, "tiny", "Bacteroides vulgatus"); got != 345 {
		t.Errorf("Decode(tiny.bracken) Bacteroides vulgatus = %v, want 345 (new_est_reads)", got)
	}
	needCorpus(t)
	checkFamily(t, []familySummary{
		{"corpus/bracken/bracken_ERR5766176_S.tsv", "bracken", "Bracken", []string{"bracken_ERR5766176_S"}, c, 2, u(173), nil},
		{"corpus/bracken/bracken_sample_species.bracken", "bracken", "Bracken", nil, c, 175, u(26240381), nil},
		{"corpus/bracken/bracken_v2.6.0_species.tsv", "bracken", "Bracken", nil, c, 196, u(1188336), nil},
	})
}

func TestBrackenErrors(t *testing.T) {
	err := decodeBytes(t, readFamilyFile(t, "bad-bracken-cell.bracken"), "bad-bracken-cell.bracken")
	checkParseError(t, "Decode(bad-bracken-cell.bracken)", err, 3, 6, "", "non-negative") // README: line 3, field 6 is -125
	const header = "name\ttaxonomy_id\ttaxonomy_lvl\tkraken_assigned_reads\tadded_reads\tnew_est_reads\tfraction_total_reads\n"
	for _, tt := range []struct {
		name, text string
		line, col  int
		msg        string
	}{
		{"short row", header + "Bacteroides vulgatus\t821\tS\t300\n", 2, 5, "found 4"},
		{"bad fraction", header + "Bacteroides vulgatus\t821\tS\t300\t45\t345\tx\n", 2, 7, `"x"`},
		{"bad taxid", header + "Bacteroides vulgatus\tabc\tS\t300\t45\t345\t1\n", 2, 2, "taxonomy id"},
		{"no name", header + "\t821\tS\t300\t45\t345\t1\n", 2, 1, "name"},
	} {
		checkParseError(t, tt.name, decodeBytes(t, []byte(tt.text), "x.bracken"), tt.line, tt.col, "", tt.msg)
	}
}

func FuzzBracken(f *testing.F) {
	familySeeds(f, []string{"*.bracken"}, []string{"bracken/*.bracken", "bracken/*_S.tsv", "bracken/*species.tsv"})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		if tab, err := readBracken(data, Options{Name: "fuzz.bracken"}); err == nil {
			checkFuzzTable(t, tab)
		}
		matchBracken(data)
	})
}
