package format

import (
	"bytes"
	"reflect"
	"testing"
)

func TestDADA2Tiny(t *testing.T) {
	tests := []struct {
		file     string
		samples  []string
		features int
		totals   []float64 // from the README
	}{
		{"tiny-asv-counts.tsv", []string{"S1", "S2", "S3"}, 3, []float64{105, 55, 50}},
		{"tiny-seqtab.csv", []string{"A1", "A2"}, 3, []float64{13, 5}},
	}
	for _, tt := range tests {
		tab, name, err := Decode(bytes.NewReader(formats2File(t, tt.file)), Options{Name: tt.file})
		if err != nil {
			t.Errorf("Decode(%s): %v", tt.file, err)
			continue
		}
		if name != dada2Name || !reflect.DeepEqual(tab.Samples, tt.samples) || len(tab.Features) != tt.features ||
			!reflect.DeepEqual(sampleTotals(tab), tt.totals) {
			t.Errorf("Decode(%s) = %s, samples %v, %d features, totals %v; want dada2, %v, %d, %v",
				tt.file, name, tab.Samples, len(tab.Features), sampleTotals(tab), tt.samples, tt.features, tt.totals)
		}
	}
}

func TestDADA2Bad(t *testing.T) {
	seq := "ACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGT"
	tests := []struct {
		name, data string
		line, col  int
	}{
		{"asv bad cell", "\tS1\tS2\nASV_1\t3\t4\nASV_2\t1\tmany\n", 3, 3},
		{"seqtab negative", `"","` + seq + `"` + "\n" + `"A1",-3` + "\n", 2, 2},
		{"asv short row", "\tS1\tS2\nASV_1\t3\n", 2, 3},
	}
	for _, tt := range tests {
		_, _, err := Decode(bytes.NewReader([]byte(tt.data)), Options{Name: "x"})
		checkParseError(t, "Decode("+tt.name+")", err, tt.line, tt.col, "", "")
	}
}

// Corpus DADA2 tables. Expected numbers from the files:
//
//	awk -F'\t' 'NR==1{print NF-1} NR>1{n++; for(i=2;i<=NF;i++)s+=$i} END{print n, s}' CF-infant-stool_ASVs_counts.tsv
//	  → 289 samples (header cells after the empty corner), 2748 ASVs, total 31489831
//	awk -F',' 'NR==1{print NF-1} NR>1{n++; for(i=2;i<=NF;i++)s+=$i} END{print n, s}' seqtab-nochim_write.csv_samples-in-rows.csv
//	  → 2222 sequences, 198 samples, total 4517912
func TestDADA2Corpus(t *testing.T) {
	tests := []struct {
		file              string
		samples, features int
		total             float64
	}{
		{"dada2/CF-infant-stool_ASVs_counts.tsv", 289, 2748, 31489831},
		{"dada2/seqtab-nochim_write.csv_samples-in-rows.csv", 198, 2222, 4517912},
	}
	for _, tt := range tests {
		tab, name, err := Decode(bytes.NewReader(corpusFile(t, tt.file)), Options{Name: tt.file})
		if err != nil {
			t.Errorf("Decode(%s): %v", tt.file, err)
			continue
		}
		if name != dada2Name || len(tab.Samples) != tt.samples || len(tab.Features) != tt.features || tableTotal(tab) != tt.total {
			t.Errorf("Decode(%s) = %s, %d samples, %d features, total %v; want dada2, %d, %d, %v",
				tt.file, name, len(tab.Samples), len(tab.Features), tableTotal(tab), tt.samples, tt.features, tt.total)
		}
	}
}

func FuzzDADA2(f *testing.F) {
	fuzzFormats2(f, readDADA2, []string{"tiny-asv-counts.tsv", "tiny-seqtab.csv"}, nil)
}
