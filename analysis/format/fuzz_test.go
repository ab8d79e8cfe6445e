package format

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

// maxFuzzInput caps fuzz inputs, as image/png's fuzz test caps pixels: the
// parsers are linear, and larger inputs only slow the fuzzer down.
const maxFuzzInput = 1 << 20

// addSeeds adds the named files (relative to testdata, globs allowed) to
// the fuzz corpus, skipping directories and files over maxFuzzInput.
func addSeeds(f *testing.F, patterns ...string) {
	f.Helper()
	n := 0
	for _, p := range patterns {
		paths, err := filepath.Glob(filepath.Join(testdata, p))
		if err != nil {
			f.Fatal(err)
		}
		for _, path := range paths {
			if fi, err := os.Stat(path); err != nil || fi.IsDir() || fi.Size() > maxFuzzInput {
				continue
			}
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
			n++
		}
	}
	if n == 0 {
		f.Fatalf("no seeds for %q", patterns)
	}
}

// checkFuzzTable checks the invariants of a table a reader returned
// without error.
func checkFuzzTable(t *testing.T, tab *analysis.Table) {
	t.Helper()
	if tab == nil {
		t.Fatal("nil table and nil error")
	}
	if err := tab.Check(); err != nil {
		t.Fatalf("table fails Check: %v", err)
	}
	if len(tab.Columns) != len(tab.Samples) {
		t.Fatalf("%d columns for %d samples", len(tab.Columns), len(tab.Samples))
	}
	for s, c := range tab.Columns {
		if len(c.Index) != len(c.Value) {
			t.Fatalf("sample %d: %d indices, %d values", s, len(c.Index), len(c.Value))
		}
		for k, i := range c.Index {
			if i < 0 || i >= len(tab.Features) {
				t.Fatalf("sample %d: index %d outside %d features", s, i, len(tab.Features))
			}
			if v := c.Value[k]; v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("sample %d: value %v", s, v)
			}
		}
	}
	for s, v := range tab.Unclassified {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("sample %d: unclassified %v", s, v)
		}
	}
}

// Small hand-written seeds. The testdata files are kilobytes long, and Go's
// minimizer is quadratic in the input length (internal/fuzz minimizeBytes),
// so the fuzzer spends most of its time minimizing their mutants unless it
// has short inputs to start from as well.
var (
	biomSeeds = []string{
		`{"format":"1.0.0","rows":[{"id":"a","metadata":{"taxonomy":["k__B","s__x"]}},{"id":"b","metadata":null}],"columns":[{"id":"S1"},{"id":"S2"}],"matrix_type":"sparse","shape":[2,2],"data":[[0,0,1],[1,1,2.5],[0,0,3]]}`,
		`{"format":"1.0.0","rows":[{"id":"a","metadata":{"taxonomy":"k__B; s__x"}}],"columns":[{"id":"S1"},{"id":"S2"}],"matrix_type":"dense","shape":[1,2],"data":[[0,4]]}`,
	}
	mpaSeeds = []string{
		"#mpa_v31_CHOCOPhlAn_201901\n#S\tMetaphlan_Analysis\n#clade_name\tNCBI_tax_id\trelative_abundance\nUNKNOWN\t-1\t10\nk__B|s__x\t2|1\t90\n",
		"#SampleID\tMetaphlan2_Analysis\nk__B\t100\nk__B|g__y\t100\n",
		"#mpa_v30\nclade_name\tNCBI_tax_id\tA\tB\nUNCLASSIFIED\t-1\t1\t2\nk__B|s__x|t__z\t2\t99\t98\n",
	}
	tsvSeeds = []string{
		"#OTU ID\tS1\tS2\ttaxonomy\nO1\t1\t0\tk__B; s__x\nO2\t0.5\t2\tUnassigned\n",
		"# c\r\nid\tA\r\nx\t1e3\r\n",
	}
)

func addStrings(f *testing.F, seeds ...[]string) {
	for _, ss := range seeds {
		for _, s := range ss {
			f.Add([]byte(s))
		}
	}
}

func FuzzDecode(f *testing.F) {
	addSeeds(f, "*", "bad/*")
	addStrings(f, biomSeeds, mpaSeeds, tsvSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		in := bytes.Clone(data)
		tab, format, err := DecodeBytes(in, Options{Name: "fuzz.txt"})
		if !bytes.Equal(in, data) {
			t.Fatalf("DecodeBytes changed its input")
		}
		if err != nil {
			if tab != nil {
				t.Fatalf("Decode = non-nil table and error %v", err)
			}
			return
		}
		if format == "" || tab.Provenance.Format != format {
			t.Fatalf("Decode format %q, Provenance.Format %q", format, tab.Provenance.Format)
		}
		checkFuzzTable(t, tab)
	})
}

// readFunc returns the Read function of the named format in Formats.
func readFunc(f *testing.F, name string) func([]byte, Options) (*analysis.Table, error) {
	for _, ft := range Formats {
		if ft.Name == name {
			return ft.Read
		}
	}
	f.Fatalf("no format %q in Formats", name)
	return nil
}

// fuzzRead fuzzes one format's Read function directly, without sniffing.
func fuzzRead(f *testing.F, name string, small []string, seeds ...string) {
	read := readFunc(f, name)
	addSeeds(f, seeds...)
	addStrings(f, small)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		tab, err := read(data, Options{Name: "fuzz.txt"})
		if err != nil {
			return
		}
		checkFuzzTable(t, tab)
	})
}

// FuzzBIOMJSON checks the streaming BIOM JSON reader against
// encoding/json: what it reads is valid JSON, and encoding/json reads the
// same ids and cells from it.
func FuzzBIOMJSON(f *testing.F) {
	addSeeds(f, "*.biom", "bad/*.biom")
	addStrings(f, biomSeeds)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		tab, err := readBIOMJSON(data, Options{Name: "fuzz.biom"})
		if err != nil {
			var pe *ParseError
			var ue *UnsupportedError
			if !errors.As(err, &pe) && !errors.As(err, &ue) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		checkFuzzTable(t, tab)
		compareRef(t, "fuzz.biom", data, tab)
	})
}

func FuzzMetaPhlAn(f *testing.F) {
	fuzzRead(f, mpaName, mpaSeeds, "tiny-mpa*.txt", "bad/bad-mpa.txt")
}

func FuzzTSV(f *testing.F) {
	fuzzRead(f, tsvName, tsvSeeds, "tiny.tsv", "bad/*.tsv")
}
