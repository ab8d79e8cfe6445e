package format

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

func readTestFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestQIIME2Table(t *testing.T) {
	tests := []struct {
		file              string
		features, samples int
		unit              analysis.Unit
		total0            float64 // first sample's total
	}{
		// tiny.biom's S1 total is 548 (testdata/README.md).
		{hdf5Dir + "/tiny-table.qza", 8, 4, analysis.UnitCounts, 548},
		{hdf5Dir + "/tiny-relfreq.qza", 8, 4, analysis.UnitFraction, 1},
		// The table biom-format reads from the extracted feature-table.biom
		// (testdata/hdf5/expected.json, qiime2-2022.8_moving-pictures_feature-table.biom).
		{sharedDir + "/corpus/qiime2/moving-pictures_table-dada2.qza", 820, 34, analysis.UnitCounts, math.NaN()},
	}
	exp := readHDF5Expected(t)
	for _, tt := range tests {
		data, err := os.ReadFile(tt.file)
		if err != nil {
			t.Logf("skipping %s: %v", tt.file, err)
			continue
		}
		name := filepath.Base(tt.file)
		tab, format, err := Decode(bytes.NewReader(data), Options{Name: name})
		if err != nil {
			t.Errorf("Decode(%q) error: %v", name, err)
			continue
		}
		if format != qiime2Name || tab.Provenance.Format != qiime2Name || len(tab.Provenance.Notes) == 0 || !strings.Contains(tab.Provenance.Notes[0], "FeatureTable[") {
			t.Errorf("Decode(%q) format %q, Provenance %+v", name, format, tab.Provenance)
		}
		if len(tab.Features) != tt.features || len(tab.Samples) != tt.samples || tab.Unit != tt.unit {
			t.Errorf("Decode(%q) = %d × %d %v, want %d × %d %v", name, len(tab.Features), len(tab.Samples), tab.Unit, tt.features, tt.samples, tt.unit)
			continue
		}
		want := tt.total0
		if math.IsNaN(want) {
			want = exp.Files["qiime2-2022.8_moving-pictures_feature-table.biom"].SampleTotals[0]
		}
		if got := tab.Columns[0].Sum(); !near(got, want, 1e-12) {
			t.Errorf("Decode(%q): sample %q total %v, want %v", name, tab.Samples[0], got, want)
		}
	}
}

func TestQIIME2TaxonomyAlone(t *testing.T) {
	for _, file := range []string{hdf5Dir + "/tiny-taxonomy.qza", sharedDir + "/corpus/qiime2/moving-pictures_taxonomy.qza"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Logf("skipping %s: %v", file, err)
			continue
		}
		_, _, err = Decode(bytes.NewReader(data), Options{Name: "taxonomy.qza"})
		var te *TaxonomyOnlyError
		if !errors.As(err, &te) || !strings.Contains(err.Error(), "taxonomy") || !strings.Contains(err.Error(), "taxonomy.qza") {
			t.Errorf("Decode(%s) = %v, want a *TaxonomyOnlyError naming the file", file, err)
		}
	}
}

func TestReadQIIME2Taxonomy(t *testing.T) {
	tests := []struct {
		file    string
		n       int
		id      string
		taxon   string
		conf    float64 // NaN: no Confidence column
		genus   string
		missing bool // a shared-corpus file
	}{
		{hdf5Dir + "/tiny-taxonomy.qza", 8, "OTU3", "k__Bacteria; p__Verrucomicrobia; c__Verrucomicrobiae; o__Verrucomicrobiales; f__Verrucomicrobiaceae; g__Akkermansia; s__muciniphila", 0.99, "Akkermansia", false},
		// Counts are the data lines of the TSVs (wc -l less the header and #q2:types lines).
		{sharedDir + "/corpus/qiime2/moving-pictures_taxonomy.qza", 0, "", "", 0, "", true},
		{sharedDir + "/corpus/qiime2/moving-pictures_taxonomy_gg13-8.tsv", 0, "", "", 0, "", true},
		{sharedDir + "/corpus/qiime2/crc-gut_taxonomy_silva138.qza", 0, "", "", 0, "", true},
		{sharedDir + "/corpus/qiime2/crc-gut_taxonomy_silva138.tsv", 0, "", "", 0, "", true},
		{sharedDir + "/corpus/qiime2/mumbai-gut_insertion-taxonomy_with-q2types.tsv", 0, "", "", math.NaN(), "", true},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(tt.file)
		if err != nil {
			if tt.missing {
				t.Logf("skipping %s: %v", tt.file, err)
				continue
			}
			t.Fatal(err)
		}
		m, err := ReadQIIME2Taxonomy(data)
		if err != nil {
			t.Errorf("ReadQIIME2Taxonomy(%s) error: %v", tt.file, err)
			continue
		}
		want := tt.n
		if want == 0 {
			want = taxonomyLines(t, data)
		}
		if len(m) != want {
			t.Errorf("ReadQIIME2Taxonomy(%s) = %d entries, want %d", tt.file, len(m), want)
		}
		if tt.id != "" {
			e := m[tt.id]
			if e.Taxon != tt.taxon || e.Confidence != tt.conf || e.Lineage[5] != tt.genus || e.Unassigned {
				t.Errorf("ReadQIIME2Taxonomy(%s)[%q] = %+v", tt.file, tt.id, e)
			}
		}
		if math.IsNaN(tt.conf) {
			for id, e := range m {
				if !math.IsNaN(e.Confidence) {
					t.Errorf("ReadQIIME2Taxonomy(%s)[%q].Confidence = %v, want NaN (no column)", tt.file, id, e.Confidence)
				}
				break
			}
		}
	}
}

// taxonomyLines counts the data lines of a taxonomy TSV (or of the one
// inside a .qza): non-empty lines not starting with '#', less the header.
func taxonomyLines(t *testing.T, data []byte) int {
	t.Helper()
	if bytes.HasPrefix(data, zipMagic) {
		a, err := OpenQIIME2(data)
		if err != nil {
			t.Fatal(err)
		}
		if data, err = a.readFile(qiime2TaxPath, MaxInputBytes); err != nil {
			t.Fatal(err)
		}
	}
	n := -1
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			n++
		}
	}
	return n
}

func TestReadQIIME2TaxonomyErrors(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"no header", "OTU1\tk__B\n", "header"},
		{"no taxon", "Feature ID\tConfidence\nOTU1\t0.9\n", "Taxon"},
		{"short row", "Feature ID\tTaxon\nOTU1\n", "column"},
		{"duplicate", "Feature ID\tTaxon\nOTU1\tk__B\nOTU1\tk__A\n", "duplicate"},
		{"bad confidence", "Feature ID\tTaxon\tConfidence\nOTU1\tk__B\tx\n", "confidence"},
		{"empty", "", "header"},
	}
	for _, tt := range tests {
		_, err := ReadQIIME2Taxonomy([]byte(tt.data))
		var pe *ParseError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadQIIME2Taxonomy(%s) = %v, want a *ParseError about %q", tt.name, err, tt.want)
		}
	}
	// A table artifact is not a taxonomy.
	if _, err := ReadQIIME2Taxonomy(readTestFile(t, hdf5Dir+"/tiny-table.qza")); err == nil {
		t.Error("ReadQIIME2Taxonomy(tiny-table.qza) = nil error, want one")
	}
}

// rawZip writes a zip whose entries declare the sizes given, whatever the
// data really expands to.
type rawEntry struct {
	name     string
	data     []byte // uncompressed
	declared uint64 // declared uncompressed size
}

func rawZip(t testing.TB, entries ...rawEntry) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		var c bytes.Buffer
		fw, err := flate.NewWriter(&c, flate.BestCompression)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(e.data)
		fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(e.data),
			CompressedSize64: uint64(c.Len()), UncompressedSize64: e.declared})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(c.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const testUUID = "0d1a4d3e-5c1e-4c36-9e3a-6d2b3c4f5a61"

func TestQIIME2ZipLimits(t *testing.T) {
	md := []byte("uuid: " + testUUID + "\ntype: FeatureTable[Frequency]\nformat: BIOMV210DirFmt\n")
	bomb := make([]byte, 8<<20) // 8 MiB of zeros deflate to ~8 KiB
	tests := []struct {
		name string
		zip  []byte
	}{
		// metadata.yaml declares (truly) 8 MiB, beyond its 64 KiB limit.
		{"declared bomb", rawZip(t, rawEntry{testUUID + "/metadata.yaml", append(md, bomb...), uint64(len(md) + len(bomb))})},
		// feature-table.biom declares more than MaxInputBytes.
		{"declared size", rawZip(t, rawEntry{testUUID + "/metadata.yaml", md, uint64(len(md))},
			rawEntry{testUUID + "/data/feature-table.biom", []byte("x"), MaxInputBytes + 1})},
	}
	for _, tt := range tests {
		_, _, err := Decode(bytes.NewReader(tt.zip), Options{Name: "bomb.qza"})
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("Decode(%s) = %v, want ErrTooLarge", tt.name, err)
		}
	}
	// metadata.yaml claims 10 bytes but expands to 8 MiB: the read stops at
	// the limit (archive/zip also refuses data beyond the declared size).
	lying := rawZip(t, rawEntry{testUUID + "/metadata.yaml", append(md, bomb...), 10})
	_, _, err := Decode(bytes.NewReader(lying), Options{Name: "bomb.qza"})
	var pe *ParseError
	if !errors.Is(err, ErrTooLarge) && !errors.As(err, &pe) {
		t.Errorf("Decode(lying size) = %v, want ErrTooLarge or a *ParseError", err)
	}
	// Too many entries: the central directory is read before anything else.
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := range maxZipEntries + 1 {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("%s/provenance/%d", testUUID, i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	if _, _, err := Decode(bytes.NewReader(b.Bytes()), Options{Name: "many.qza"}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Decode(zip of %d entries) = %v, want ErrTooLarge", maxZipEntries+1, err)
	}
}

func TestQIIME2NotArtifact(t *testing.T) {
	tests := []struct {
		name string
		zip  []byte
		want any
	}{
		{"plain zip", rawZip(t, rawEntry{"reports/a.txt", []byte("x"), 1}), new(*UnsupportedError)},
		{"other type", rawZip(t, rawEntry{testUUID + "/metadata.yaml", []byte("type: Phylogeny[Rooted]\n"), 24}), new(*UnsupportedError)},
		{"no table", rawZip(t, rawEntry{testUUID + "/metadata.yaml", []byte("type: FeatureTable[Frequency]\n"), 30}), new(*ParseError)},
		{"not hdf5", rawZip(t, rawEntry{testUUID + "/metadata.yaml", []byte("type: FeatureTable[Frequency]\n"), 30},
			rawEntry{testUUID + "/data/feature-table.biom", []byte("{}"), 2}), new(*ParseError)},
		{"truncated", readTestFile(t, hdf5Dir+"/tiny-table.qza")[:1000], new(*ParseError)},
		{"no type", rawZip(t, rawEntry{testUUID + "/metadata.yaml", []byte("uuid: x\n"), 8}), new(*ParseError)},
	}
	for _, tt := range tests {
		_, _, err := Decode(bytes.NewReader(tt.zip), Options{Name: "x.qza"})
		if err == nil || !errors.As(err, tt.want) {
			t.Errorf("Decode(%s) = %v, want %T", tt.name, err, tt.want)
		}
	}
}
