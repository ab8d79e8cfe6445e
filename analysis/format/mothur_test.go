package format

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

func TestMothurSharedTiny(t *testing.T) {
	data := formats2File(t, "tiny.shared")
	tab, name, err := Decode(bytes.NewReader(data), Options{Name: "tiny.shared"})
	if err != nil {
		t.Fatal(err)
	}
	if name != mothurSharedName {
		t.Errorf("Decode format = %q, want %q", name, mothurSharedName)
	}
	// Label 0.03 (the default): 3 OTUs named by position, totals from the file (15+0+1, 7+3+2).
	if got, want := featureIDList(tab), []string{"Otu01", "Otu02", "Otu03"}; !reflect.DeepEqual(got, want) {
		t.Errorf("features = %v, want %v", got, want)
	}
	if got, want := sampleTotals(tab), []float64{16, 12}; !reflect.DeepEqual(got, want) {
		t.Errorf("totals = %v, want %v", got, want)
	}
	if tab.Provenance.Version != "0.03" || !strings.Contains(strings.Join(tab.Provenance.Notes, "\n"), "unique, 0.03") {
		t.Errorf("Provenance = %+v, want label 0.03 and the list of labels", tab.Provenance)
	}
	u, err := ReadMothurShared(data, "unique", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := featureIDList(u), []string{"Otu01", "Otu02", "Otu03", "Otu04"}; !reflect.DeepEqual(got, want) {
		t.Errorf("label unique: features = %v, want %v", got, want)
	}
	if got, want := sampleTotals(u), []float64{16, 12}; !reflect.DeepEqual(got, want) {
		t.Errorf("label unique: totals = %v, want %v", got, want)
	}
	if _, err := ReadMothurShared(data, "0.05", Options{}); err == nil || !strings.Contains(err.Error(), "unique, 0.03") {
		t.Errorf("ReadMothurShared(label 0.05) = %v, want an error listing the labels", err)
	}
	labels, err := MothurLabels(data)
	if err != nil || !reflect.DeepEqual(labels, []string{"unique", "0.03"}) {
		t.Errorf("MothurLabels = %v, %v, want [unique 0.03]", labels, err)
	}
}

func TestDefaultMothurLabel(t *testing.T) {
	tests := []struct {
		labels []string
		want   string
	}{
		{[]string{"unique", "0.00", "0.01", "0.03", "0.05"}, "0.03"},
		{[]string{"0.05", "0.02", "0.10"}, "0.02"},
		{[]string{"0.05", "unique"}, "unique"},
		{[]string{"userLabel"}, "userLabel"},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := DefaultMothurLabel(tt.labels); got != tt.want {
			t.Errorf("DefaultMothurLabel(%v) = %q, want %q", tt.labels, got, tt.want)
		}
	}
}

func TestMothurSharedBad(t *testing.T) {
	tests := []struct {
		name, data string
		line, col  int
	}{
		{"bad count", "label\tGroup\tnumOtus\tOtu1\tOtu2\n0.03\tS1\t2\t4\tx\n", 2, 5},
		{"negative", "label\tGroup\tnumOtus\tOtu1\tOtu2\n0.03\tS1\t2\t4\t-1\n", 2, 5},
		{"short row", "label\tGroup\tnumOtus\tOtu1\tOtu2\n0.03\tS1\t2\t4\n", 2, 5},
		{"bad numOtus", "label\tGroup\tnumOtus\tOtu1\n0.03\tS1\tmany\t4\n", 2, 3},
		{"duplicate sample", "label\tGroup\tnumOtus\tOtu1\n0.03\tS1\t1\t4\n0.03\tS1\t1\t5\n", 3, 2},
		{"more OTUs than named", "label\tGroup\tnumOtus\tOtu1\n0.03\tS1\t2\t4\t5\n", 2, 3},
	}
	for _, tt := range tests {
		_, _, err := Decode(strings.NewReader(tt.data), Options{Name: "x.shared"})
		checkParseError(t, "Decode("+tt.name+")", err, tt.line, tt.col, "", "")
	}
}

func TestMothurTaxonomyTiny(t *testing.T) {
	tt, err := readTaxTable(formats2File(t, "tiny.cons.taxonomy"))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Ruminococcaceae", "Faecalibacterium", "", ""},
		{"Bacteria", "Bacteroidetes", "Bacteroidia", "Bacteroidales", "", "", "", ""},
		{"Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Lachnospiraceae", "", "", ""},
		{"unknown", "", "", "", "", "", "", ""},
	}
	if len(tt.Entries) != len(want) {
		t.Fatalf("%d entries, want %d", len(tt.Entries), len(want))
	}
	for i, e := range tt.Entries {
		if !reflect.DeepEqual(e.Lineage, want[i]) {
			t.Errorf("entry %s lineage = %q, want %q", e.ID, e.Lineage, want[i])
		}
	}
	if !tt.Entries[3].Unassigned || tt.Entries[0].Unassigned {
		t.Errorf("Unassigned = %v, %v; want false for Otu01, true for unknown", tt.Entries[0].Unassigned, tt.Entries[3].Unassigned)
	}
	_, _, err = Decode(bytes.NewReader(formats2File(t, "tiny.cons.taxonomy")), Options{Name: "tiny.cons.taxonomy"})
	var te *TaxonomyOnlyError
	if !errors.As(err, &te) || te.Features != 4 {
		t.Errorf("Decode(tiny.cons.taxonomy) = %v, want a *TaxonomyOnlyError with 4 features", err)
	}
}

// Corpus mothur files. Expected numbers from the files themselves:
//
//	zcat F | awk -F'\t' 'NR>1{n++; o=$3; for(i=4;i<=NF;i++)s+=$i} END{print n, o, s}'
//
// (for esophagus, the same over the rows with $1=="0.03" and $1=="unique").
func TestMothurCorpus(t *testing.T) {
	tests := []struct {
		file, label       string
		samples, features int
		total             float64
	}{
		{"mothur/schubert.shared.gz", "", 338, 5445, 2115186},
		{"mothur/schubert.subsample.shared.gz", "", 338, 2488, 509366},
		{"mothur/esophagus.fn.shared.gz", "", 3, 87, 677},
		{"mothur/esophagus.fn.shared.gz", "unique", 3, 593, 677},
	}
	for _, tt := range tests {
		data := corpusFile(t, tt.file)
		plain, err := ungzipAll(data)
		if err != nil {
			t.Fatal(err)
		}
		tab, err := ReadMothurShared(plain, tt.label, Options{Name: tt.file})
		if err != nil {
			t.Errorf("ReadMothurShared(%s, %q): %v", tt.file, tt.label, err)
			continue
		}
		if err := tab.Check(); err != nil {
			t.Errorf("%s: %v", tt.file, err)
		}
		if len(tab.Samples) != tt.samples || len(tab.Features) != tt.features || tableTotal(tab) != tt.total {
			t.Errorf("ReadMothurShared(%s, %q) = %d samples, %d features, total %v; want %d, %d, %v",
				tt.file, tt.label, len(tab.Samples), len(tab.Features), tableTotal(tab), tt.samples, tt.features, tt.total)
		}
	}
	// cons.taxonomy rows: awk 'END{print NR-1}' (5445) and zcat | awk 'END{print NR-1}' (22).
	for file, n := range map[string]int{"mothur/schubert.cons.taxonomy": 5445, "mothur/mothur_example.cons.taxonomy.gz": 22} {
		_, _, err := Decode(bytes.NewReader(corpusFile(t, file)), Options{Name: file})
		var te *TaxonomyOnlyError
		if !errors.As(err, &te) || te.Features != n {
			t.Errorf("Decode(%s) = %v, want a *TaxonomyOnlyError with %d features", file, err, n)
		}
	}
}

func FuzzMothur(f *testing.F) {
	fuzzFormats2(f, func(data []byte, o Options) (*analysis.Table, error) {
		if matchTaxTable(data) {
			_, err := readTaxTable(data)
			if err == nil {
				err = errors.New("taxonomy")
			}
			return nil, err
		}
		return readMothurSharedDefault(data, o)
	}, []string{"tiny.shared", "tiny.cons.taxonomy"}, []string{"mothur/esophagus.fn.shared.gz", "mothur/mothur_example.cons.taxonomy.gz"})
}
