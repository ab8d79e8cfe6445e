package format

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

const hdf5Dir = testdata + "/hdf5"

// hdf5Expected is testdata/hdf5/expected.json, made by make_expected.py
// with biom-format 2.1.12 and h5py 3.7 (testdata/hdf5/README.md).
type hdf5Expected struct {
	Tool  string
	Files map[string]hdf5File
}

type hdf5File struct {
	Reader         string    `json:"reader"`
	FormatVersion  string    `json:"format_version"`
	Features       int       `json:"features"`
	Samples        int       `json:"samples"`
	NNZ            int       `json:"nnz"`
	Total          float64   `json:"total"`
	SampleIDsMD5   string    `json:"sample_ids_md5"`
	FeatureIDsMD5  string    `json:"feature_ids_md5"`
	FirstSample    *string   `json:"first_sample"`
	FirstFeature   *string   `json:"first_feature"`
	Taxonomy0      []string  `json:"taxonomy_0"`
	SampleTotals   []float64 `json:"sample_totals"`
	SampleObserved []int     `json:"sample_observed"`
}

func readHDF5Expected(t testing.TB) hdf5Expected {
	t.Helper()
	data, err := os.ReadFile(hdf5Dir + "/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var e hdf5Expected
	if err := json.Unmarshal(data, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func md5Lines(s []string) string {
	h := md5.Sum([]byte(strings.Join(s, "\n")))
	return hex.EncodeToString(h[:])
}

func near(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// eachHDF5Corpus runs check on every BIOM 2.x file of the shared corpus
// that expected.json describes, in a subtest named after the file.
func eachHDF5Corpus(t *testing.T, check func(t *testing.T, name string, data []byte, want hdf5File)) {
	exp := readHDF5Expected(t)
	dir := filepath.Join(sharedDir, "corpus", "biom-hdf5")
	for name, want := range exp.Files {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Skipf("corpus file not available: %v", err)
			}
			if testing.Short() && len(data) > 1<<20 {
				t.Skip("large file; skipped with -short")
			}
			check(t, name, data, want)
		})
	}
}

// Every BIOM 2.x file of the shared corpus against biom-format's reading.
func TestBIOMHDF5Corpus(t *testing.T) {
	eachHDF5Corpus(t, func(t *testing.T, name string, data []byte, want hdf5File) {
		tab, format, err := Decode(bytes.NewReader(data), Options{Name: name})
		if err != nil {
			t.Fatalf("Decode(%q) error: %v", name, err)
		}
		if format != biomHDF5Name || tab.Provenance.Format != biomHDF5Name || tab.Provenance.Gzip {
			t.Errorf("Decode(%q) format %q, Provenance %+v", name, format, tab.Provenance)
		}
		if tab.Provenance.Version != want.FormatVersion {
			t.Errorf("Decode(%q).Provenance.Version = %q, want %q", name, tab.Provenance.Version, want.FormatVersion)
		}
		checkHDF5Expected(t, name, tab, want)
	})
}

// checkHDF5Expected compares a table read from the corpus file name with
// biom-format's reading of it (expected.json).
func checkHDF5Expected(t *testing.T, name string, tab *analysis.Table, want hdf5File) {
	t.Helper()
	if len(tab.Features) != want.Features || len(tab.Samples) != want.Samples {
		t.Fatalf("Decode(%q) = %d features × %d samples, want %d × %d", name, len(tab.Features), len(tab.Samples), want.Features, want.Samples)
	}
	if got := md5Lines(tab.Samples); got != want.SampleIDsMD5 {
		t.Errorf("Decode(%q): sample ids MD5 %s, want %s", name, got, want.SampleIDsMD5)
	}
	ids := make([]string, len(tab.Features))
	for i, f := range tab.Features {
		ids[i] = f.ID
	}
	if got := md5Lines(ids); got != want.FeatureIDsMD5 {
		t.Errorf("Decode(%q): feature ids MD5 %s, want %s", name, got, want.FeatureIDsMD5)
	}
	nnz, total := 0, 0.0
	for s, c := range tab.Columns {
		nnz += len(c.Index)
		sum := c.Sum()
		total += sum
		if !near(sum, want.SampleTotals[s], 1e-12) {
			t.Errorf("Decode(%q): sample %q total %v, want %v", name, tab.Samples[s], sum, want.SampleTotals[s])
		}
		if len(c.Index) != want.SampleObserved[s] {
			t.Errorf("Decode(%q): sample %q has %d features, want %d", name, tab.Samples[s], len(c.Index), want.SampleObserved[s])
		}
	}
	// biom-format counts stored entries; none of the corpus files stores a zero.
	if nnz != want.NNZ || !near(total, want.Total, 1e-12) {
		t.Errorf("Decode(%q): nnz %d, total %v; want %d, %v", name, nnz, total, want.NNZ, want.Total)
	}
	if want.Taxonomy0 != nil {
		if got := tab.Features[0].Taxonomy; got != strings.Join(want.Taxonomy0, "; ") {
			t.Errorf("Decode(%q).Features[0].Taxonomy = %q, want %q", name, got, strings.Join(want.Taxonomy0, "; "))
		}
		if !tab.UnclassifiedKnown {
			t.Errorf("Decode(%q).UnclassifiedKnown = false for a table with taxonomy", name)
		}
	}
}

// testdata/hdf5/tiny.biom is testdata/tiny.biom converted by biom-format:
// both must decode to the same table.
func TestBIOMHDF5MatchesJSON(t *testing.T) {
	for _, name := range []string{"tiny.biom", "tiny-table.qza"} {
		h, err := os.ReadFile(filepath.Join(hdf5Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		j, err := os.ReadFile(filepath.Join(testdata, "tiny.biom"))
		if err != nil {
			t.Fatal(err)
		}
		th, _, err := Decode(bytes.NewReader(h), Options{Name: name})
		if err != nil {
			t.Fatalf("Decode(hdf5/%s) error: %v", name, err)
		}
		tj, _, err := Decode(bytes.NewReader(j), Options{Name: "tiny.biom"})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(th.Samples, tj.Samples) || !reflect.DeepEqual(th.Features, tj.Features) {
			t.Errorf("Decode(hdf5/%s) samples/features differ from tiny.biom:\n%+v\n%+v", name, th.Features, tj.Features)
		}
		for s := range th.Columns {
			hc, jc := th.Columns[s], tj.Columns[s]
			if len(hc.Index) != len(jc.Index) || (len(hc.Index) > 0 && (!reflect.DeepEqual(hc.Index, jc.Index) || !reflect.DeepEqual(hc.Value, jc.Value))) {
				t.Errorf("Decode(hdf5/%s) column %d = %v, want %v", name, s, hc, jc)
			}
		}
		if th.Unit != analysis.UnitCounts || th.UnclassifiedKnown != tj.UnclassifiedKnown {
			t.Errorf("Decode(hdf5/%s): unit %v, UnclassifiedKnown %v; want counts, %v", name, th.Unit, th.UnclassifiedKnown, tj.UnclassifiedKnown)
		}
	}
}

func TestBIOMHDF5Edge(t *testing.T) {
	tests := []struct {
		file              string
		features, samples int
	}{
		{"edgecase_empty.biom", 0, 0}, // ids stored as float64 of length 0
		{"rich_sparse_otu_table_hdf5_group_metadata.biom", 5, 6},
		{"min_sparse_otu_table_hdf5.biom", 5, 6},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join(hdf5Dir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		tab, _, err := Decode(bytes.NewReader(data), Options{Name: tt.file})
		if err != nil {
			t.Errorf("Decode(%q) error: %v", tt.file, err)
			continue
		}
		if len(tab.Features) != tt.features || len(tab.Samples) != tt.samples {
			t.Errorf("Decode(%q) = %d × %d, want %d × %d", tt.file, len(tab.Features), len(tab.Samples), tt.features, tt.samples)
		}
	}
}

// Files that declare more than they hold, made by make_inputs.py. Each
// must fail with a ParseError naming the dataset or attribute.
func TestBIOMHDF5Bad(t *testing.T) {
	tests := []struct{ file, field string }{
		{"bad-shape.biom", "shape"},
		{"bad-indptr.biom", "sample/matrix/indptr"},
		{"bad-indices.biom", "sample/matrix/indices"},
		{"bad-nnz.biom", "sample/matrix/data"},
		{"bad-ids.biom", "sample/ids"},
		{"bad-negative.biom", "sample/matrix/data"},
		{"bad-heap.biom", "global heap at byte 2048"},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join(hdf5Dir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = Decode(bytes.NewReader(data), Options{Name: tt.file})
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Field != tt.field || pe.File != tt.file {
			t.Errorf("Decode(%q) = %v, want a *ParseError in field %q", tt.file, err, tt.field)
		}
	}
}

// A group hard-linked to the root makes the object graph cyclic; the
// reader must return, with a table or an error.
func TestBIOMHDF5Cycle(t *testing.T) {
	for _, name := range []string{"cycle.biom", "cycle-v2.biom"} {
		data, err := os.ReadFile(filepath.Join(hdf5Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		tab, _, err := Decode(bytes.NewReader(data), Options{Name: name})
		if err == nil && len(tab.Samples) != 4 {
			t.Errorf("Decode(%s) = %d samples, want 4", name, len(tab.Samples))
		}
	}
}

func TestBIOMHDF5Garbage(t *testing.T) {
	for _, data := range [][]byte{
		append([]byte("\x89HDF\r\n\x1a\n"), make([]byte, 64)...),
		[]byte("\x89HDF\r\n\x1a\n"),
	} {
		_, _, err := Decode(bytes.NewReader(data), Options{Name: "x.biom"})
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Decode(%q) = %v, want a *ParseError", data, err)
		}
	}
}

// Decode of the HMP table, 5,430 OTUs × 5,452 samples, 359,042 non-zeros
// (FORMATS.md §3.2), from HDF5 and from its JSON twin.
func BenchmarkDecodeHMPHDF5(b *testing.B) {
	benchDecode(b, filepath.Join(sharedDir, "corpus", "biom-hdf5", "HMPv35_100nt_even1k.biom"))
}

// Decode of the synthetic bench table, 10,000 × 10,000, 997,599 non-zeros
// (BIOM 2.0; FORMATS.md §3.2: plain HDF5 despite its .gz name).
func BenchmarkDecodeBenchHDF5(b *testing.B) {
	benchDecode(b, filepath.Join(sharedDir, "corpus", "biom-hdf5", "bench_10000x10000x0.010_hdf5.biom.gz"))
}

func BenchmarkDecodeHMPJSON(b *testing.B) {
	benchDecode(b, filepath.Join(sharedDir, "corpus", "biom-json", "HMPv35_100nt_even1k.json.biom.gz"))
}

func benchDecode(b *testing.B, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("corpus file not available: %v", err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := Decode(bytes.NewReader(data), Options{Name: filepath.Base(path)}); err != nil {
			b.Fatal(err)
		}
	}
}
