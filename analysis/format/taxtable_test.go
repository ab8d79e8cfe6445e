package format

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

func TestTaxTableTiny(t *testing.T) {
	tests := []struct {
		file, format string
		n            int
		id           string
		lineage      []string
	}{
		{"tiny-taxonomy.tsv", qiime2TaxName, 4, "f2", []string{"Bacteria", "Bacteroidota", "Bacteroidia", "Bacteroidales", "Bacteroidaceae", "Bacteroides", "", ""}},
		{"tiny-asv-taxa.tsv", rankTaxName, 3, "ASV_1", []string{"Bacteria", "Firmicutes", "Clostridia", "Lachnospirales", "Lachnospiraceae", "Blautia", "obeum", ""}},
		{"tiny-seqtab-taxa.csv", rankTaxName, 3, "", []string{"Bacteria", "Proteobacteria", "Gammaproteobacteria", "Enterobacterales", "Enterobacteriaceae", "", "", ""}},
	}
	for _, tt := range tests {
		data := formats2File(t, tt.file)
		tab, err := readTaxTable(data)
		if err != nil {
			t.Errorf("readTaxTable(%s): %v", tt.file, err)
			continue
		}
		if tab.Format != tt.format || len(tab.Entries) != tt.n {
			t.Errorf("readTaxTable(%s) = %s with %d entries, want %s with %d", tt.file, tab.Format, len(tab.Entries), tt.format, tt.n)
		}
		e := tab.Entries[1]
		if tt.id != "" {
			for _, x := range tab.Entries {
				if x.ID == tt.id {
					e = x
				}
			}
		}
		if !reflect.DeepEqual(e.Lineage, tt.lineage) {
			t.Errorf("%s: lineage of %.20s = %q, want %q", tt.file, e.ID, e.Lineage, tt.lineage)
		}
		last := tab.Entries[len(tab.Entries)-1]
		if tt.format == rankTaxName && !last.Unassigned {
			t.Errorf("%s: an all-NA row is not Unassigned", tt.file)
		}
		_, _, err = Decode(bytes.NewReader(data), Options{Name: tt.file})
		var te *TaxonomyOnlyError
		if !errors.As(err, &te) || te.Features != tt.n {
			t.Errorf("Decode(%s) = %v, want a *TaxonomyOnlyError with %d features", tt.file, err, tt.n)
		}
	}
}

func TestTaxTableBad(t *testing.T) {
	tests := []struct {
		name, data string
		line, col  int
	}{
		{"qiime2 short", "Feature ID\tTaxon\tConfidence\nf1\n", 2, 2},
		{"qiime2 duplicate", "Feature ID\tTaxon\nf1\tk__Bacteria\nf1\tk__Bacteria\n", 3, 1},
		{"rank short", "\tKingdom\tPhylum\nASV_1\tBacteria\n", 2, 3},
		{"mothur size", "OTU\tSize\tTaxonomy\nOtu1\tbig\tBacteria(100);\n", 2, 2},
	}
	for _, tt := range tests {
		_, _, err := Decode(bytes.NewReader([]byte(tt.data)), Options{Name: "tax.tsv"})
		checkParseError(t, "Decode("+tt.name+")", err, tt.line, tt.col, "", "")
	}
}

// Corpus taxonomy tables; the row counts are the file's lines less the
// header (awk 'END{print NR-1}'; for mumbai also less the #q2:types line:
// grep -vc '^#q2' F minus 1; zcat for .gz).
func TestTaxTableCorpus(t *testing.T) {
	tests := []struct {
		file   string
		format string
		n      int
	}{
		{"qiime2/moving-pictures_taxonomy_gg13-8.tsv", qiime2TaxName, 820},
		{"qiime2/crc-gut_taxonomy_silva138.tsv", qiime2TaxName, 13813},
		{"qiime2/mumbai-gut_insertion-taxonomy_with-q2types.tsv", qiime2TaxName, 9251},
		{"dada2/CF-infant-stool_ASVs_taxonomy.tsv", rankTaxName, 2748},
		{"dada2/seqtab-nochim_taxa.csv", rankTaxName, 2222},
		{"generic-csv/phyloseq_GlobalPatterns_tax_table.csv.gz", rankTaxName, 19216},
		{"mothur/schubert.cons.taxonomy", mothurTaxName, 5445},
		{"mothur/mothur_example.cons.taxonomy.gz", mothurTaxName, 22},
	}
	for _, tt := range tests {
		data, err := ungzipAll(corpusFile(t, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		tab, err := readTaxTable(data)
		if err != nil {
			t.Errorf("readTaxTable(%s): %v", tt.file, err)
			continue
		}
		if tab.Format != tt.format || len(tab.Entries) != tt.n {
			t.Errorf("readTaxTable(%s) = %s, %d entries; want %s, %d", tt.file, tab.Format, len(tab.Entries), tt.format, tt.n)
		}
	}
}
