package format

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

// Clade tables (sylph-tax, headerless MetaPhlAn-style merges), ganon and
// kaiju2table: the hand-made files of testdata/formats4 (every number is in
// its README) and the real files of the corpus's other-profilers/.
func TestOtherProfilers(t *testing.T) {
	tests := []familySummary{
		{file: "../formats4/tiny.sylphmpa", format: cladeName, tool: "sylph-tax", samples: []string{"S7_R1"},
			unit: analysis.UnitPercent, features: 2, totals: []float64{90}, unclassified: []float64{10}},
		{file: "../formats4/tiny-clades.tsv", format: cladeName, samples: []string{"A", "B"},
			unit: analysis.UnitPercent, features: 4, totals: []float64{90, 100}, unclassified: []float64{10, 0}},
		{file: "../formats4/tiny-ganon.tre", format: ganonName, tool: "ganon", samples: []string{"tiny-ganon"},
			unit: analysis.UnitCounts, features: 2, totals: []float64{67}, unclassified: []float64{2}},
		{file: "../formats4/tiny-kaiju.tsv", format: kaijuName, tool: "kaiju2table", samples: []string{"s1.kaiju", "s2.kaiju"},
			unit: analysis.UnitCounts, features: 2, totals: []float64{600, 50}, unclassified: []float64{300, 50}},
	}
	if _, err := os.Stat(corpusDir); err == nil {
		tests = append(tests,
			// awk -F'\t' '$1=="species"{n++; s+=$8} END{print n, s}' ganon_report.tre → 80 457420;
			// the unclassified row's column 8 is 174530.
			familySummary{file: "corpus/other-profilers/ganon_report.tre", format: ganonName, tool: "ganon",
				unit: analysis.UnitCounts, features: 80, totals: []float64{457420}, unclassified: []float64{174530}},
			// 589 taxon rows with 7377 reads; 16739 unclassified (awk over column 3).
			familySummary{file: "corpus/other-profilers/kaiju2table.tsv", format: kaijuName, tool: "kaiju2table",
				samples: []string{"barcode41_se-barcode41-kaiju"},
				unit:    analysis.UnitCounts, features: 589, totals: []float64{7377}, unclassified: []float64{16739}},
			// An excerpt of a real profile (19 lines): 4 species, and the
			// domain, two phyla and one order hold more than their printed
			// children. The leaves and remainders sum to d__Bacteria's 100.0001.
			familySummary{file: "corpus/other-profilers/sylph-tax_gtdb.sylphmpa", format: cladeName, tool: "sylph-tax",
				unit: analysis.UnitPercent, features: 7, totals: []float64{100.00010000000002}},
		)
	} else {
		t.Logf("corpus not present (%v): only the hand-made files are checked", err)
	}
	checkFamily(t, tests)
}

// The features of the hand-made clade table: leaves, and remainders kept
// where a clade holds more than its children.
func TestCladeTableFeatures(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testdata, "formats4", "tiny-clades.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	tab, _, err := Decode(bytes.NewReader(data), Options{Name: "tiny-clades.tsv"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]float64{ // feature → (A, B)
		"k__Bacteria|p__Firmicutes|c__Clostridia|o__Clostridiales|f__Ruminococcaceae|g__Faecalibacterium":                                 {20, 0},
		"k__Bacteria|p__Firmicutes|c__Clostridia|o__Clostridiales|f__Ruminococcaceae|g__Faecalibacterium|s__Faecalibacterium_prausnitzii": {30, 25},
		"k__Bacteria|p__Bacteroidetes|c__Bacteroidia|o__Bacteroidales|f__Bacteroidaceae|g__Bacteroides|s__Bacteroides_vulgatus":           {40, 60},
		"k__Bacteria|p__Firmicutes": {0, 15},
	}
	value := func(s, feature int) float64 {
		c := tab.Columns[s]
		for j, i := range c.Index {
			if i == feature {
				return c.Value[j]
			}
		}
		return 0
	}
	for id, w := range want {
		featureByID(t, tab, id)
		k := slices.IndexFunc(tab.Features, func(f analysis.Feature) bool { return f.ID == id })
		for s := range 2 {
			if got := value(s, k); !closeTo(got, w[s]) {
				t.Errorf("%s in %s = %v, want %v", id, tab.Samples[s], got, w[s])
			}
		}
	}
	f := featureByID(t, tab, "k__Bacteria|p__Bacteroidetes|c__Bacteroidia|o__Bacteroidales|f__Bacteroidaceae|g__Bacteroides|s__Bacteroides_vulgatus")
	if f.TaxID != "821" || f.Lineage[6] != "Bacteroides vulgatus" || f.Lineage[5] != "Bacteroides" {
		t.Errorf("B. vulgatus: taxid %q, lineage %q; want 821 and MetaPhlAn names with spaces", f.TaxID, f.Lineage)
	}
	// GTDB names keep their underscores ("Blautia_A"); strains fold into species.
	data, err = os.ReadFile(filepath.Join(testdata, "formats4", "tiny.sylphmpa"))
	if err != nil {
		t.Fatal(err)
	}
	tab, _, err = Decode(bytes.NewReader(data), Options{Name: "tiny.sylphmpa"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for i := range tab.Features {
		names = append(names, tab.Features[i].Lineage[5]+" / "+tab.Features[i].Lineage[6])
	}
	if want := []string{"Blautia_A / Blautia_A wexlerae", "Phocaeicola / Phocaeicola vulgatus"}; !reflect.DeepEqual(names, want) {
		t.Errorf("sylph genus / species = %q, want %q", names, want)
	}
}

// The kaiju lineage (-l) fills the ranks; ganon names come from the rows
// its lineage of taxids points at.
func TestKaijuGanonLineage(t *testing.T) {
	for _, tt := range []struct {
		file, id string
		lineage  []string
		taxid    string
	}{
		{"tiny-kaiju.tsv", "Faecalibacterium prausnitzii",
			[]string{"Bacteria", "Bacillota", "Clostridia", "Eubacteriales", "Oscillospiraceae", "Faecalibacterium", "Faecalibacterium prausnitzii", ""}, "853"},
		{"tiny-ganon.tre", "Paenibacillus polymyxa",
			[]string{"Bacteria", "Firmicutes", "", "", "", "Paenibacillus", "Paenibacillus polymyxa", ""}, "1406"},
	} {
		data, err := os.ReadFile(filepath.Join(testdata, "formats4", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		tab, _, err := Decode(bytes.NewReader(data), Options{Name: tt.file})
		if err != nil {
			t.Fatal(err)
		}
		f := featureByID(t, tab, tt.id)
		if !reflect.DeepEqual(f.Lineage, tt.lineage) || f.TaxID != tt.taxid {
			t.Errorf("%s %s: lineage %q taxid %q, want %q %q", tt.file, tt.id, f.Lineage, f.TaxID, tt.lineage, tt.taxid)
		}
	}
}

// Bad cells are ParseErrors at their line and column (testdata/formats4/README.md).
func TestOtherProfilersBad(t *testing.T) {
	for _, tt := range []struct {
		file      string
		line, col int
		msg       string
	}{
		{"bad-clades-children-exceed.tsv", 4, 3, "cumulative"},
		{"bad-ganon-cumulative.tre", 7, 8, "unique + shared + children"},
		{"bad-kaiju-reads.tsv", 3, 3, `"2x0"`},
	} {
		data, err := os.ReadFile(filepath.Join(testdata, "formats4", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = Decode(bytes.NewReader(data), Options{Name: tt.file})
		if err == nil {
			t.Errorf("Decode(%q) = nil error, want a ParseError", tt.file)
			continue
		}
		checkParseError(t, "Decode("+tt.file+")", err, tt.line, tt.col, "", tt.msg)
	}
}

func FuzzOtherProfilers(f *testing.F) {
	familySeeds(f, []string{"../formats4/*"}, []string{"other-profilers/*"})
	f.Add([]byte("clade_name\tA\nk__B\t1\nk__B|p__F\t2\n"))
	f.Add([]byte("root\t1\t1\troot\t0\t0\t1\t1\t100\nspecies\t2\t1|2\tx\t1\t0\t0\t1\t100\n"))
	f.Add([]byte("file\tpercent\treads\ttaxon_id\ttaxon_name\na\t1\t1\t2\tx\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		for _, read := range []func([]byte, Options) (*analysis.Table, error){readCladeTable, readGanon, readKaiju} {
			if tab, err := read(data, Options{Name: "fuzz.txt"}); err == nil {
				checkFuzzTable(t, tab)
			}
		}
		matchCladeTable(data)
		matchGanon(data)
		matchKaiju(data)
	})
}
