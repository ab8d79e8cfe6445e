package format

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

func TestDecodeFilesTiny(t *testing.T) {
	tests := []struct {
		table, tax string
		format     string
		annotated  int // features with a lineage
		notes      []string
	}{
		// f5 has no taxonomy row, f4 no feature (README).
		{"tiny-feature-table.tsv", "tiny-taxonomy.tsv", "tsv", 3, []string{"3 of 4 features annotated", "1 features have no row", "1 taxonomy rows name no feature", "sha256 "}},
		// Otu09 has no feature.
		{"tiny.shared", "tiny.cons.taxonomy", mothurSharedName, 3, []string{"3 of 3 features annotated", "1 taxonomy rows name no feature"}},
		{"tiny-asv-counts.tsv", "tiny-asv-taxa.tsv", dada2Name, 3, []string{"3 of 3 features annotated"}},
		{"tiny-seqtab.csv", "tiny-seqtab-taxa.csv", dada2Name, 3, []string{"3 of 3 features annotated"}},
	}
	for _, tt := range tests {
		for _, order := range []bool{false, true} {
			in := []Input{{tt.table, formats2File(t, tt.table)}, {tt.tax, formats2File(t, tt.tax)}}
			if order {
				in[0], in[1] = in[1], in[0]
			}
			tab, format, err := DecodeFiles(in)
			if err != nil {
				t.Errorf("DecodeFiles(%s, %s): %v", tt.table, tt.tax, err)
				continue
			}
			if format != tt.format {
				t.Errorf("DecodeFiles(%s, %s) format %q, want %q", tt.table, tt.tax, format, tt.format)
			}
			n := 0
			for _, f := range tab.Features {
				if f.Lineage != nil {
					n++
				}
			}
			if n != tt.annotated {
				t.Errorf("DecodeFiles(%s, %s): %d features with a lineage, want %d", tt.table, tt.tax, n, tt.annotated)
			}
			notes := strings.Join(tab.Provenance.Notes, "\n")
			for _, want := range tt.notes {
				if !strings.Contains(notes, want) {
					t.Errorf("DecodeFiles(%s, %s) notes %q lack %q", tt.table, tt.tax, notes, want)
				}
			}
		}
	}
}

func TestDecodeFilesErrors(t *testing.T) {
	table, tax := formats2File(t, "tiny-feature-table.tsv"), formats2File(t, "tiny-taxonomy.tsv")
	var ue *UnsupportedError
	if _, _, err := DecodeFiles([]Input{{"a.tsv", tax}, {"b.tsv", tax}}); !errors.As(err, &ue) {
		t.Errorf("two taxonomy tables: %v, want an *UnsupportedError", err)
	}
	// No feature id in common: an error, never a table silently without taxonomy.
	if _, _, err := DecodeFiles([]Input{{"a.tsv", formats2File(t, "tiny-asv-counts.tsv")}, {"b.tsv", tax}}); err == nil || !strings.Contains(err.Error(), "names none") {
		t.Errorf("unrelated taxonomy: %v, want an error", err)
	}
	if _, _, err := DecodeFiles(nil); err == nil {
		t.Error("DecodeFiles(nil) = nil error")
	}
	if tab, _, err := DecodeFiles([]Input{{"a.tsv", table}}); err != nil || len(tab.Features) != 4 {
		t.Errorf("DecodeFiles(one file) = %v, want the table", err)
	}
}

// Corpus pairs. Expected: every feature of the table has a taxonomy row
// and the other way round, checked with awk on the ids, e.g.
//
//	awk -F'\t' 'NR==FNR{if(FNR>1)t[$1]=1;next} FNR>2 && ($1 in t){m++} END{print m}' taxonomy.tsv table.tsv
//
// → 820 of 820 for Moving Pictures; the other pairs list the same ids in
// the same order, e.g.
//
//	diff <(cut -f1 CF-infant-stool_ASVs_counts.tsv) <(cut -f1 CF-infant-stool_ASVs_taxonomy.tsv)
//	diff <(zcat schubert.shared.gz | head -1 | tr '\t' '\n' | tail -n +4) <(cut -f1 schubert.cons.taxonomy | tail -n +2)
//	diff <(head -1 seqtab…csv | tr , '\n' | tail -n +2 | tr -d '"') <(cut -d, -f1 seqtab-nochim_taxa.csv | tail -n +2)
//
// are empty (and the same for the GlobalPatterns otu and tax tables).
func TestDecodeFilesCorpus(t *testing.T) {
	pairs := []struct {
		table, tax        string
		samples, features int
	}{
		{"qiime2/moving-pictures_feature-table_from-biom.tsv", "qiime2/moving-pictures_taxonomy_gg13-8.tsv", 34, 820},
		{"qiime2/moving-pictures_feature-table_from-biom.tsv", "qiime2/moving-pictures_taxonomy.qza", 34, 820},
		{"dada2/CF-infant-stool_ASVs_counts.tsv", "dada2/CF-infant-stool_ASVs_taxonomy.tsv", 289, 2748},
		{"dada2/seqtab-nochim_write.csv_samples-in-rows.csv", "dada2/seqtab-nochim_taxa.csv", 198, 2222},
		{"mothur/schubert.shared.gz", "mothur/schubert.cons.taxonomy", 338, 5445},
		{"generic-csv/phyloseq_GlobalPatterns_otu_taxa-in-rows.csv.gz", "generic-csv/phyloseq_GlobalPatterns_tax_table.csv.gz", 26, 19216},
	}
	for _, p := range pairs {
		tab, _, err := DecodeFiles([]Input{{p.table, corpusFile(t, p.table)}, {p.tax, corpusFile(t, p.tax)}})
		if err != nil {
			t.Errorf("DecodeFiles(%s, %s): %v", p.table, p.tax, err)
			continue
		}
		if len(tab.Samples) != p.samples || len(tab.Features) != p.features {
			t.Errorf("DecodeFiles(%s) = %d samples, %d features; want %d, %d", p.table, len(tab.Samples), len(tab.Features), p.samples, p.features)
		}
		notes := strings.Join(tab.Provenance.Notes, "\n")
		want := "annotated"
		if !strings.Contains(notes, want) || strings.Contains(notes, "have no row") || strings.Contains(notes, "name no feature") {
			t.Errorf("DecodeFiles(%s) notes = %q, want every feature annotated", p.table, notes)
		}
		for _, f := range tab.Features {
			if f.Lineage == nil {
				t.Errorf("DecodeFiles(%s): feature %.20s has no lineage", p.table, f.ID)
				break
			}
		}
		if !tab.UnclassifiedKnown {
			t.Errorf("DecodeFiles(%s): UnclassifiedKnown false with every feature annotated", p.table)
		}
	}
}

func FuzzJoin(f *testing.F) {
	f.Add(formats2File(f, "tiny-feature-table.tsv"), formats2File(f, "tiny-taxonomy.tsv"))
	f.Add(formats2File(f, "tiny.shared"), formats2File(f, "tiny.cons.taxonomy"))
	f.Add(formats2File(f, "tiny-asv-counts.tsv"), formats2File(f, "tiny-asv-taxa.tsv"))
	f.Add(formats2File(f, "tiny-seqtab.csv"), formats2File(f, "tiny-seqtab-taxa.csv"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a)+len(b) > maxFuzzInput {
			return
		}
		tab, _, err := DecodeFiles([]Input{{"a", a}, {"b", b}})
		if err != nil {
			if tab != nil {
				t.Fatalf("non-nil table and error %v", err)
			}
			return
		}
		checkFuzzTable(t, tab)
	})
}

func ExampleDecodeFiles() {
	table := []byte("#OTU ID\tS1\tS2\nf1\t10\t0\nf2\t5\t7\n")
	tax := []byte("Feature ID\tTaxon\tConfidence\n" +
		"f1\tk__Bacteria; p__Firmicutes; c__Clostridia; o__Clostridiales; f__Ruminococcaceae; g__Faecalibacterium; s__prausnitzii\t0.99\n" +
		"f2\td__Bacteria; p__Bacteroidota; c__Bacteroidia; o__Bacteroidales; f__Bacteroidaceae; g__Bacteroides\t0.97\n")
	tab, format, err := DecodeFiles([]Input{{"table.tsv", table}, {"taxonomy.tsv", tax}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(format)
	for _, f := range tab.Features {
		fmt.Println(f.ID, f.Name())
	}
	fmt.Println(tab.Provenance.Notes[0])
	// Output:
	// tsv
	// f1 Faecalibacterium prausnitzii
	// f2 Bacteroides
	// taxonomy from "taxonomy.tsv" (QIIME 2 taxonomy.tsv): 2 of 2 features annotated
}

// Several profiles of one format merge into one table: the samples side by
// side, features matched by id, the unclassified share kept per sample.
func TestDecodeFilesMerge(t *testing.T) {
	read := func(path string) []byte {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(testdata, path))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	mpa3, mpa4 := read("tiny-mpa3.txt"), read("tiny-mpa4.txt")
	one3, _, err := DecodeFiles([]Input{{"tiny-mpa3.txt", mpa3}})
	if err != nil {
		t.Fatal(err)
	}
	one4, _, err := DecodeFiles([]Input{{"tiny-mpa4.txt", mpa4}})
	if err != nil {
		t.Fatal(err)
	}
	tab, name, err := DecodeFiles([]Input{{"tiny-mpa3.txt", mpa3}, {"tiny-mpa4.txt", mpa4}})
	if err != nil {
		t.Fatal(err)
	}
	if name != mpaName || tab.Unit != analysis.UnitPercent {
		t.Errorf("merged: format %q unit %v, want %q percent", name, tab.Unit, mpaName)
	}
	// Sample ids from the README: tiny-mpa3 and ERR000001.
	if want := []string{"tiny-mpa3", "ERR000001"}; !reflect.DeepEqual(tab.Samples, want) {
		t.Errorf("merged samples %q, want %q", tab.Samples, want)
	}
	// Each sample keeps exactly its own values, looked up by feature id.
	for s, one := range []*analysis.Table{one3, one4} {
		got := map[string]float64{}
		for j, i := range tab.Columns[s].Index {
			got[tab.Features[i].ID] = tab.Columns[s].Value[j]
		}
		want := map[string]float64{}
		for j, i := range one.Columns[0].Index {
			want[one.Features[i].ID] = one.Columns[0].Value[j]
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("merged sample %s = %v, want %v", tab.Samples[s], got, want)
		}
		if tab.Unclassified[s] != one.Unclassified[0] {
			t.Errorf("merged unclassified of %s = %v, want %v", tab.Samples[s], tab.Unclassified[s], one.Unclassified[0])
		}
	}
	// Features: the union by id; the two profiles share no species id
	// (vJan21 vs vOct22 names, and mpa4 adds t__ SGB rows under them).
	union := map[string]bool{}
	for _, one := range []*analysis.Table{one3, one4} {
		for _, f := range one.Features {
			union[f.ID] = true
		}
	}
	if len(tab.Features) != len(union) {
		t.Errorf("merged %d features, want the union %d", len(tab.Features), len(union))
	}
	notes := strings.Join(tab.Provenance.Notes, "\n")
	for _, want := range []string{"2 MetaPhlAn profile tables merged", "different tool or database versions", `file "tiny-mpa4.txt"`} {
		if !strings.Contains(notes, want) {
			t.Errorf("merge notes lack %q:\n%s", want, notes)
		}
	}

	// The same file twice: the second sample is renamed after its file.
	tab, _, err = DecodeFiles([]Input{{"a.txt", mpa4}, {"b.txt", mpa4}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"ERR000001", "ERR000001 (b.txt)"}; !reflect.DeepEqual(tab.Samples, want) {
		t.Errorf("same file twice: samples %q, want %q", tab.Samples, want)
	}

	// Counts: two Kraken reports.
	k1, k2 := read("formats/tiny-k2.kreport"), read("formats/tiny-k2-minimizers.kreport")
	tab, _, err = DecodeFiles([]Input{{"tiny-k2.kreport", k1}, {"tiny-k2-minimizers.kreport", k2}})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Unit != analysis.UnitCounts || len(tab.Samples) != 2 || !tab.UnclassifiedKnown {
		t.Errorf("two Kraken reports: unit %v, %d samples, unclassified known %v", tab.Unit, len(tab.Samples), tab.UnclassifiedKnown)
	}

	// Unlike tables are refused, naming both files.
	var ue *UnsupportedError
	_, _, err = DecodeFiles([]Input{{"tiny-mpa3.txt", mpa3}, {"tiny-k2.kreport", k1}})
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "tiny-k2.kreport") || !strings.Contains(err.Error(), "different formats") {
		t.Errorf("MetaPhlAn + Kraken: %v, want an UnsupportedError naming both files", err)
	}
}

// A Newick file dropped with a table becomes its tree; trees alone, or
// two of them, are refused.
func TestDecodeFilesTree(t *testing.T) {
	table, err := os.ReadFile(filepath.Join(testdata, "tiny.biom"))
	if err != nil {
		t.Fatal(err)
	}
	nwk, err := os.ReadFile(filepath.Join(testdata, "diversity", "tiny.nwk"))
	if err != nil {
		t.Fatal(err)
	}
	tab, _, err := DecodeFiles([]Input{{"tiny.nwk", nwk}, {"tiny.biom", table}})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Tree != strings.TrimSpace(string(nwk)) {
		t.Errorf("Tree = %q, want the Newick text of tiny.nwk", tab.Tree)
	}
	var ue *UnsupportedError
	if _, _, err := DecodeFiles([]Input{{"a.nwk", nwk}, {"b.nwk", nwk}}); !errors.As(err, &ue) || !strings.Contains(err.Error(), "only trees") {
		t.Errorf("two trees alone: %v", err)
	}
	if _, _, err := DecodeFiles([]Input{{"t.biom", table}, {"a.nwk", nwk}, {"b.nwk", nwk}}); !errors.As(err, &ue) || !strings.Contains(err.Error(), "several trees") {
		t.Errorf("a table and two trees: %v", err)
	}
}
