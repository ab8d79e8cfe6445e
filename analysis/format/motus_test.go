package format

import (
	"reflect"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

// Hand-made profiles (testdata/formats/README.md). Corpus numbers from the
// files: non-zero rows other than unassigned, their sum, the unassigned row:
//
//	awk -F'\t' '!/^#/ && $1!="unassigned" && $3>0 {n++; s+=$3} $1=="unassigned" {u=$3} END{print n, s, u}' FILE
//
// (for mOTUs 4: awk -F'\t' 'NR>2 && $3>0 {n++; s+=$3}'; no unassigned row).
// The relative abundances sum to 1.
func TestMOTUs(t *testing.T) {
	fr, c := analysis.UnitFraction, analysis.UnitCounts
	checkFamily(t, []familySummary{
		// 0.05 + 0.4 + 0.1 + 0.3, unassigned 0.15.
		{"tiny-motus3.txt", "motus", "mOTUs", []string{"tiny"}, fr, 4, []float64{0.85}, []float64{0.15}},
		// S1 0.5 + 0.3, S2 0.2 + 0.6; "-1" row 0.2 each.
		{"tiny-motus-merged.txt", "motus", "mOTUs", []string{"S1", "S2"}, fr, 3, []float64{0.8, 0.8}, []float64{0.2, 0.2}},
		// 300 + 350 + 50 (one zero row).
		{"tiny-motus4.tsv", "motus", "mOTUs", []string{"ERR000002"}, c, 3, []float64{700}, nil},
	})
	tab, _ := decodeFile(t, "formats/tiny-motus3.txt")
	f := featureByID(t, tab, "Chryseobacterium sp. [ref_mOTU_v3_00004]")
	if f.TaxID != "" || f.Lineage[6] != "Chryseobacterium sp." {
		t.Errorf("Decode(tiny-motus3.txt) feature = %+v, want no TaxID (NA) and species \"Chryseobacterium sp.\"", *f)
	}
	if f := featureByID(t, tab, "Bacteroides vulgatus [ref_mOTU_v3_00114]"); f.TaxID != "821" {
		t.Errorf("TaxID of Bacteroides vulgatus = %q, want 821", f.TaxID)
	}
	if !hasNote(tab, "2 mOTUs that are zero in every sample left out") {
		t.Errorf("Decode(tiny-motus3.txt) notes = %q, want the zero rows counted", tab.Provenance.Notes)
	}
	v4, _ := decodeFile(t, "formats/tiny-motus4.tsv")
	want := []string{"Bacteria", "Bacteroidota", "Bacteroidia", "Bacteroidales", "Bacteroidaceae", "Phocaeicola", "Phocaeicola vulgatus", ""}
	if got := featureByID(t, v4, "mOTUv4.0_000114").Lineage; !reflect.DeepEqual(got, want) {
		t.Errorf("Decode(tiny-motus4.tsv) lineage = %q, want %q", got, want)
	}
	if v4.Provenance.Version != "4.1.0" {
		t.Errorf("Decode(tiny-motus4.tsv) version = %q, want 4.1.0", v4.Provenance.Version)
	}
	needCorpus(t)
	checkFamily(t, []familySummary{
		// calc_motu … -c: counts; 33,571 rows, 78 non-zero.
		{"corpus/motus/motus3.0.3_full-profile_33571mOTUs.out", "motus", "mOTUs", []string{"2612_pe-ERR5766176-db_mOTU"}, c, 78, []float64{242}, []float64{17}},
		{"corpus/motus/motus4.1.0_ERR4507416_counts.tsv", "motus", "mOTUs", []string{"ERR4507416"}, c, 12, []float64{4699}, nil},
		{"corpus/motus/motus4.1.0_ERR4507416_relab.tsv", "motus", "mOTUs", []string{"ERR4507416"}, fr, 12, []float64{1}, nil},
	})
}

func TestMOTUsErrors(t *testing.T) {
	err := decodeBytes(t, readFamilyFile(t, "bad-motus-cell.txt"), "bad-motus-cell.txt")
	checkParseError(t, "Decode(bad-motus-cell.txt)", err, 5, 3, "", `"0.1O00000000"`) // README: line 5, field 3
	const head = "#tool_version=4.1.0\tvalue_type=counts\nmOTU\tTaxonomy\tS1\n"
	for _, tt := range []struct {
		name, text string
		line, col  int
		msg        string
	}{
		{"short row", head + "m1\td__Bacteria\n", 3, 3, "found 2"},
		{"no header", "# motus version 3.0.3 | calc_motu 3.0.3 -k mOTU\nBacteroides [ref_mOTU_v3_1]\t0.5\n", 2, 1, "header"},
		{"empty sample", head[:len(head)-3] + "\t\nm1\td__Bacteria\t1\t2\n", 2, 3, "sample"},
		{"NaN", head + "m1\td__Bacteria\tNaN\n", 3, 3, "number"},
	} {
		checkParseError(t, tt.name, decodeBytes(t, []byte(tt.text), "x.motus"), tt.line, tt.col, "", tt.msg)
	}
}

func FuzzMOTUs(f *testing.F) {
	familySeeds(f, []string{"tiny-motus*", "bad-motus*"}, []string{"motus/*"})
	f.Add([]byte("#\xffmotus version")) // found by this fuzzer: ToLower lengthened the line
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		if tab, err := readMOTUs(data, Options{Name: "fuzz.motus"}); err == nil {
			checkFuzzTable(t, tab)
		}
		matchMOTUs(data)
	})
}
