package format

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// A tab-separated table with samples in rows must not be read as taxa in
// rows by the biom-convert TSV reader: it goes to the generic reader,
// which decides the orientation.
func TestTSVSamplesInRows(t *testing.T) {
	data := "SampleID\tBlautia\tBacteroides\tFaecalibacterium\nERR0000001\t3\t4\t5\nERR0000002\t0\t7\t1\n"
	tab, name, err := Decode(bytes.NewReader([]byte(data)), Options{Name: "x.tsv"})
	if err != nil {
		t.Fatal(err)
	}
	if name == tsvName || strings.Join(tab.Samples, ",") != "ERR0000001,ERR0000002" || len(tab.Features) != 3 {
		t.Errorf("Decode = %s with samples %v and %d features; want the generic reader, samples ERR0000001,ERR0000002 and 3 taxa",
			name, tab.Samples, len(tab.Features))
	}
	for _, c := range []string{
		"# Constructed from biom file\n#OTU ID\tS1\nO1\t1\n",
		"#OTU ID\tS1\tS2\nO1\t1\t2\n",
		"OTU ID\tS1\tS2\nO1\t1\t2\n",
		"id\tS1\tS2\ttaxonomy\nO1\t1\t2\tk__Bacteria\n",
	} {
		if !matchTSV([]byte(c)) {
			t.Errorf("matchTSV(%q) = false, want true", c)
		}
	}
}

// Sample metadata rows before the abundances, as in the HMP species table
// (VISNO mixes visit numbers with "01S"), are skipped with a note; a word
// among the abundances after them is still an error.
func TestMetadataRows(t *testing.T) {
	data := "\tSRS1\tSRS2\nVISNO\t1\t01S\nSTSite\tStool\tTongue_dorsum\nBacteroides_vulgatus\t12.5\t0\nPrevotella_copri\t0\t3.25\n"
	tab, _, err := Decode(bytes.NewReader([]byte(data)), Options{Name: "hmp.txt"})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Features) != 2 || strings.Join(tab.Samples, ",") != "SRS1,SRS2" || !strings.Contains(strings.Join(tab.Provenance.Notes, "|"), "VISNO, STSite") {
		t.Errorf("features %d, samples %v, notes %q", len(tab.Features), tab.Samples, tab.Provenance.Notes)
	}
	bad := data + "Roseburia\t1\tlots\n"
	var pe *ParseError
	if _, _, err := Decode(bytes.NewReader([]byte(bad)), Options{Name: "hmp.txt"}); !errors.As(err, &pe) || pe.Line != 6 {
		t.Errorf("a word after the abundances began: %v, want a ParseError on line 6", err)
	}
}
