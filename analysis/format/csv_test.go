package format

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

func TestCSVTiny(t *testing.T) {
	// Samples in rows, " -1" unclassified, an NA cell (README).
	tab, name, err := Decode(bytes.NewReader(formats2File(t, "tiny-samples-in-rows.csv")), Options{Name: "x.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if name != csvName || !reflect.DeepEqual(tab.Samples, []string{"ERR0001", "ERR0002"}) ||
		!reflect.DeepEqual(featureIDList(tab), []string{"Blautia", "Bacteroides", "Faecalibacterium"}) {
		t.Fatalf("Decode = %s, samples %v, features %v", name, tab.Samples, featureIDList(tab))
	}
	if !reflect.DeepEqual(tab.Unclassified, []float64{0.1, 0.25}) || tab.Unit != analysis.UnitFraction {
		t.Errorf("Unclassified = %v, unit %v; want [0.1 0.25], fraction", tab.Unclassified, tab.Unit)
	}
	notes := strings.Join(tab.Provenance.Notes, "\n")
	for _, want := range []string{"orientation: samples in rows", "1 NA or empty cells read as 0"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q lack %q", notes, want)
		}
	}

	// Long format: S1 o1 12, o2 8; S2 o2 30 (o1 0).
	tab, _, err = Decode(bytes.NewReader(formats2File(t, "tiny-long.csv")), Options{Name: "long.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tab.Samples, []string{"S1", "S2"}) || !reflect.DeepEqual(sampleTotals(tab), []float64{20, 30}) {
		t.Errorf("long: samples %v totals %v, want [S1 S2] [20 30]", tab.Samples, sampleTotals(tab))
	}
	if got := tab.Features[1].Lineage; got[1] != "Bacteroidetes" || got[5] != "" {
		t.Errorf("long: lineage of o2 = %q", got)
	}
}

func TestOrientation(t *testing.T) {
	tests := []struct {
		rows, cols []string
		want       int
	}{
		{[]string{"S1", "S2"}, []string{"k__Bacteria|p__Firmicutes", "k__Bacteria|p__Bacteroidetes"}, orientSamplesRows},
		{[]string{"OTU_1", "OTU_2", "OTU_3"}, []string{"a", "b"}, orientTaxaInRows},
		{[]string{"ERR1", "ERR2"}, []string{"x1", "x2", "x3"}, orientSamplesRows},
		{[]string{"1", "2", "3"}, []string{"x1", "x2"}, orientTaxaInRows},
		{[]string{"A.1", "A.2"}, []string{"Blautia", "[Eubacterium]_hallii_group", "Escherichia-Shigella"}, orientSamplesRows},
	}
	for _, tt := range tests {
		if got, why := orientation(tt.rows, tt.cols); got != tt.want {
			t.Errorf("orientation(%v, %v) = %d (%s), want %d", tt.rows, tt.cols, got, why, tt.want)
		}
	}
}

func TestCSVBad(t *testing.T) {
	tests := []struct {
		name, data string
		line, col  int
	}{
		{"bad cell", "id,S1,S2\nBlautia,3,4\nBacteroides,1,x1\n", 3, 3},
		{"negative", "id,S1,S2\nBlautia,3,-4\n", 2, 3},
		{"short row", "id,S1,S2\nBlautia,3,4\nBacteroides,1\n", 3, 3},
		{"duplicate sample", "id,S1,S1\nBlautia,3,4\n", 1, 3},
		{"long bad value", "OTU,Sample,Abundance\no1,S1,3\no2,S1,lots\n", 3, 3},
		{"long duplicate", "OTU,Sample,Abundance\no1,S1,3\no1,S1,4\n", 3, 1},
	}
	for _, tt := range tests {
		_, _, err := Decode(bytes.NewReader([]byte(tt.data)), Options{Name: "x.csv"})
		checkParseError(t, "Decode("+tt.name+")", err, tt.line, tt.col, "", "")
	}
}

// Corpus generic tables. Expected numbers from the files:
//
//	awk -F, 'NR==1{print NF-1} NR>1{n++; for(i=2;i<=NF;i++)s+=$i} END{printf "%d %.6f", n, s}' F
//	  crc-gut_genus_samples-in-rows.csv → 462 genera, 708 samples, 50991818.263158
//	  phyloseq_enterotype_samples-in-rows.csv → 553 columns (552 genera + "-1"), 280 samples, 280 (every row sums to 1)
//	  phyloseq_GlobalPatterns_otu_taxa-in-rows.csv.gz (zcat) → 26 samples, 19216 OTUs, 28216678
//	psmelt (zcat | python3 csv): 4 distinct Sample, 5199 distinct OTU, Σ Abundance 5768464
func TestCSVCorpus(t *testing.T) {
	tests := []struct {
		file              string
		samples, features int
		total             float64
		unit              analysis.Unit
		orientation       string
	}{
		{"generic-csv/crc-gut_genus_samples-in-rows.csv", 708, 462, 50991818.263158, analysis.UnitAbundance, "samples in rows"},
		{"generic-csv/phyloseq_enterotype_samples-in-rows.csv", 280, 552, 279.98068762, analysis.UnitFraction, "samples in rows"},
		{"generic-csv/phyloseq_GlobalPatterns_otu_taxa-in-rows.csv.gz", 26, 19216, 28216678, analysis.UnitCounts, "features (taxa) in rows"},
		{"generic-csv/phyloseq_GlobalPatterns_feces_psmelt_long.csv.gz", 4, 5199, 5768464, analysis.UnitCounts, "long format"},
	}
	for _, tt := range tests {
		tab, name, err := Decode(bytes.NewReader(corpusFile(t, tt.file)), Options{Name: tt.file})
		if err != nil {
			t.Errorf("Decode(%s): %v", tt.file, err)
			continue
		}
		if name != csvName || len(tab.Samples) != tt.samples || len(tab.Features) != tt.features ||
			math.Abs(tableTotal(tab)-tt.total) > 1e-6 || tab.Unit != tt.unit {
			t.Errorf("Decode(%s) = %s, %d samples, %d features, total %v, %v; want csv, %d, %d, %v, %v", tt.file, name,
				len(tab.Samples), len(tab.Features), tableTotal(tab), tab.Unit, tt.samples, tt.features, tt.total, tt.unit)
		}
		if notes := strings.Join(tab.Provenance.Notes, "\n"); !strings.Contains(notes, tt.orientation) {
			t.Errorf("Decode(%s) notes %q lack %q", tt.file, notes, tt.orientation)
		}
	}
}

func FuzzCSV(f *testing.F) {
	fuzzFormats2(f, readCSV, []string{"tiny-samples-in-rows.csv", "tiny-long.csv", "tiny-asv-counts.tsv"}, nil)
}

// A last column headed "taxonomy" is a lineage per row only with taxa in
// rows: read with samples in rows it once indexed rows by feature and
// panicked when there were more features than rows.
func TestDecodeAsSamplesInRowsTaxonomyColumn(t *testing.T) {
	data := []byte("id,A,B,C,taxonomy\nS1,1,2,3,\nS2,4,5,6,\n")
	tab, _, err := DecodeAs(data, Reading{Orientation: OrientSamplesInRows}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Samples) != 2 || len(tab.Features) != 4 || tab.Features[3].ID != "taxonomy" {
		t.Errorf("samples %q, features %+v", tab.Samples, tab.Features)
	}
}
