package format

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

// testdata is the repository's testdata directory, relative to this package.
const testdata = "../../testdata"

// decodeFile decodes a file from testdata with Options.Name set to its base name.
func decodeFile(t *testing.T, name string) (*analysis.Table, string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	tab, format, err := Decode(bytes.NewReader(data), Options{Name: filepath.Base(name)})
	if err != nil {
		t.Fatalf("Decode(%q) error: %v", name, err)
	}
	return tab, format
}

// value returns the value of the feature with the given id in the sample,
// 0 when the sample's column has no entry for it.
func value(t *testing.T, tab *analysis.Table, sample, feature string) float64 {
	t.Helper()
	s := indexOf(tab.Samples, sample)
	if s < 0 {
		t.Fatalf("no sample %q in %v", sample, tab.Samples)
	}
	f := -1
	for i := range tab.Features {
		if tab.Features[i].ID == feature {
			f = i
			break
		}
	}
	if f < 0 {
		t.Fatalf("no feature %q", feature)
	}
	for k, i := range tab.Columns[s].Index {
		if i == f {
			return tab.Columns[s].Value[k]
		}
	}
	return 0
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

func featureIDs(tab *analysis.Table) []string {
	ids := make([]string, len(tab.Features))
	for i := range tab.Features {
		ids[i] = tab.Features[i].ID
	}
	return ids
}

// Expected values are read off the files in testdata (see testdata/README.md):
// the tiny table is 8 OTUs × S1..S4, totals S1 548, S2 302, S3 600, S4 0.
func TestDecodeTiny(t *testing.T) {
	tinyValues := []struct {
		sample, feature string
		want            float64
	}{
		{"S1", "OTU1", 120}, {"S2", "OTU1", 45}, {"S3", "OTU1", 0},
		{"S1", "OTU2", 340}, {"S3", "OTU3", 1}, {"S3", "OTU5", 500},
		{"S2", "OTU8", 2}, {"S4", "OTU2", 0},
	}
	type val = struct {
		sample, feature string
		want            float64
	}
	const (
		vulgatus3    = "k__Bacteria|p__Bacteroidetes|c__Bacteroidia|o__Bacteroidales|f__Bacteroidaceae|g__Bacteroides|s__Bacteroides_vulgatus"
		smithii3     = "k__Archaea|p__Euryarchaeota|c__Methanobacteria|o__Methanobacteriales|f__Methanobacteriaceae|g__Methanobrevibacter|s__Methanobrevibacter_smithii"
		prausnitzii3 = "k__Bacteria|p__Firmicutes|c__Clostridia|o__Clostridiales|f__Ruminococcaceae|g__Faecalibacterium|s__Faecalibacterium_prausnitzii"
		vulgatus4    = "k__Bacteria|p__Bacteroidetes|c__Bacteroidia|o__Bacteroidales|f__Bacteroidaceae|g__Phocaeicola|s__Phocaeicola_vulgatus"
		ggb4         = "k__Bacteria|p__Firmicutes|c__CFGB4806|o__OFGB4806|f__FGB4806|g__GGB4806|s__GGB4806_SGB6654"
		adolescentis = "k__Bacteria|p__Actinobacteria|c__Actinomycetia|o__Bifidobacteriales|f__Bifidobacteriaceae|g__Bifidobacterium|s__Bifidobacterium_adolescentis"
	)
	tests := []struct {
		file              string
		format            string
		samples           []string
		features          int
		unit              analysis.Unit
		unclassified      []float64
		unclassifiedKnown bool
		gzip              bool
		values            []val
		taxIDs            map[string]string // feature id → TaxID
	}{
		{"tiny.biom", "biom-json", []string{"S1", "S2", "S3", "S4"}, 8, analysis.UnitCounts, nil, true, false, tinyValues, nil},
		{"tiny-dense.biom", "biom-json", []string{"S1", "S2", "S3", "S4"}, 8, analysis.UnitCounts, nil, true, false, tinyValues, nil},
		{"tiny.tsv", "tsv", []string{"S1", "S2", "S3", "S4"}, 8, analysis.UnitCounts, nil, true, false, tinyValues, nil},
		{"tiny.tsv.gz", "tsv", []string{"S1", "S2", "S3", "S4"}, 8, analysis.UnitCounts, nil, true, true, tinyValues, nil},
		{"tiny-mpa3.txt", "metaphlan", []string{"tiny-mpa3"}, 8, analysis.UnitPercent, []float64{12.5}, true, false,
			[]val{{"tiny-mpa3", vulgatus3, 22.4183}, {"tiny-mpa3", smithii3, 2.01}, {"tiny-mpa3", prausnitzii3, 15.33333}},
			map[string]string{vulgatus3: "821", smithii3: "2173"}},
		{"tiny-mpa4.txt", "metaphlan", []string{"ERR000001"}, 8, analysis.UnitPercent, []float64{20}, true, false,
			[]val{{"ERR000001", vulgatus4, 21.48372}, {"ERR000001", ggb4, 9.87654}, {"ERR000001", adolescentis, 1.50989}},
			map[string]string{vulgatus4: "821", ggb4: "", adolescentis: "1680"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			tab, format := decodeFile(t, tt.file)
			if format != tt.format {
				t.Errorf("Decode(%q) format = %q, want %q", tt.file, format, tt.format)
			}
			if tab.Provenance.Format != tt.format {
				t.Errorf("Decode(%q).Provenance.Format = %q, want %q", tt.file, tab.Provenance.Format, tt.format)
			}
			if !reflect.DeepEqual(tab.Samples, tt.samples) {
				t.Errorf("Decode(%q).Samples = %q, want %q", tt.file, tab.Samples, tt.samples)
			}
			if len(tab.Features) != tt.features {
				t.Errorf("Decode(%q): %d features, want %d", tt.file, len(tab.Features), tt.features)
			}
			if tab.Unit != tt.unit {
				t.Errorf("Decode(%q).Unit = %v, want %v", tt.file, tab.Unit, tt.unit)
			}
			if !reflect.DeepEqual(tab.Unclassified, tt.unclassified) {
				t.Errorf("Decode(%q).Unclassified = %v, want %v", tt.file, tab.Unclassified, tt.unclassified)
			}
			if tab.UnclassifiedKnown != tt.unclassifiedKnown {
				t.Errorf("Decode(%q).UnclassifiedKnown = %v, want %v", tt.file, tab.UnclassifiedKnown, tt.unclassifiedKnown)
			}
			if tab.Provenance.Gzip != tt.gzip {
				t.Errorf("Decode(%q).Provenance.Gzip = %v, want %v", tt.file, tab.Provenance.Gzip, tt.gzip)
			}
			if len(tab.Provenance.SHA256) != 64 {
				t.Errorf("Decode(%q).Provenance.SHA256 = %q, want 64 hex digits", tt.file, tab.Provenance.SHA256)
			}
			if err := tab.Check(); err != nil {
				t.Errorf("Decode(%q).Check() = %v, want nil", tt.file, err)
			}
			for _, v := range tt.values {
				if got := value(t, tab, v.sample, v.feature); got != v.want {
					t.Errorf("Decode(%q) value of %s in %s = %v, want %v", tt.file, v.feature, v.sample, got, v.want)
				}
			}
			for id, want := range tt.taxIDs {
				for i := range tab.Features {
					if f := &tab.Features[i]; f.ID == id && f.TaxID != want {
						t.Errorf("Decode(%q) TaxID of %s = %q, want %q", tt.file, id, f.TaxID, want)
					}
				}
			}
		})
	}
}

// The tiny table's totals, from testdata/README.md.
func TestDecodeTinyTotals(t *testing.T) {
	want := []float64{548, 302, 600, 0}
	for _, file := range []string{"tiny.biom", "tiny-dense.biom", "tiny.tsv", "tiny.tsv.gz"} {
		tab, _ := decodeFile(t, file)
		for s, c := range tab.Columns {
			if got := c.Sum(); got != want[s] {
				t.Errorf("Decode(%q) total of %s = %v, want %v", file, tab.Samples[s], got, want[s])
			}
		}
		if n := len(tab.Columns[3].Index); n != 0 {
			t.Errorf("Decode(%q): S4 has %d entries, want 0 (a zero-sum sample)", file, n)
		}
	}
}

// tiny.biom, tiny-dense.biom, tiny.tsv and tiny.tsv.gz hold the same table.
func TestDecodeTinySameTable(t *testing.T) {
	ref, _ := decodeFile(t, "tiny.biom")
	for _, file := range []string{"tiny-dense.biom", "tiny.tsv", "tiny.tsv.gz"} {
		tab, _ := decodeFile(t, file)
		if !reflect.DeepEqual(tab.Samples, ref.Samples) {
			t.Errorf("Decode(%q).Samples = %q, want %q as tiny.biom", file, tab.Samples, ref.Samples)
		}
		if got, want := featureIDs(tab), featureIDs(ref); !reflect.DeepEqual(got, want) {
			t.Errorf("Decode(%q) feature ids = %q, want %q as tiny.biom", file, got, want)
		}
		if !reflect.DeepEqual(tab.Columns, ref.Columns) {
			t.Errorf("Decode(%q).Columns = %v, want %v as tiny.biom", file, tab.Columns, ref.Columns)
		}
		for i := range tab.Features {
			g, w := &tab.Features[i], &ref.Features[i]
			if !reflect.DeepEqual(g.Lineage, w.Lineage) || g.Unassigned != w.Unassigned {
				t.Errorf("Decode(%q) feature %s lineage = %q (unassigned %v), want %q (unassigned %v) as tiny.biom",
					file, g.ID, g.Lineage, g.Unassigned, w.Lineage, w.Unassigned)
			}
		}
	}
	// tiny.tsv.gz is tiny.tsv compressed: the whole table matches but for
	// the gzip flag and the checksum of the bytes.
	plain, _ := decodeFile(t, "tiny.tsv")
	gz, _ := decodeFile(t, "tiny.tsv.gz")
	if plain.Provenance.SHA256 == gz.Provenance.SHA256 {
		t.Errorf("tiny.tsv and tiny.tsv.gz have the same SHA256 %s, want the checksums of their own bytes", gz.Provenance.SHA256)
	}
	gz.Provenance.Gzip, gz.Provenance.SHA256 = false, plain.Provenance.SHA256
	if !reflect.DeepEqual(gz, plain) {
		t.Errorf("Decode(tiny.tsv.gz) = %+v, want %+v as tiny.tsv", gz, plain)
	}
}

func TestDecodeTinyUnassigned(t *testing.T) {
	for _, file := range []string{"tiny.biom", "tiny-dense.biom", "tiny.tsv"} {
		tab, _ := decodeFile(t, file)
		for i := range tab.Features {
			f := &tab.Features[i]
			if want := f.ID == "OTU8"; f.Unassigned != want {
				t.Errorf("Decode(%q) feature %s Unassigned = %v, want %v", file, f.ID, f.Unassigned, want)
			}
		}
	}
}

// MetaPhlAn profiles keep the species rows only: no t__ rows, no
// UNKNOWN/UNCLASSIFIED row, every feature's last clade component s__.
func TestDecodeMetaPhlAnSpecies(t *testing.T) {
	for _, file := range []string{"tiny-mpa3.txt", "tiny-mpa4.txt"} {
		tab, _ := decodeFile(t, file)
		for i := range tab.Features {
			id := tab.Features[i].ID
			last := id[strings.LastIndexByte(id, '|')+1:]
			if !strings.HasPrefix(last, "s__") {
				t.Errorf("Decode(%q) has feature %q, want species (s__) rows only", file, id)
			}
		}
	}
}

// The sample id of a single-sample MetaPhlAn profile comes from the
// "#<name>\tMetaphlan_Analysis" line, or from Options.Name when that line
// says SampleID.
func TestDecodeMetaPhlAnSampleName(t *testing.T) {
	mpa3, err := os.ReadFile(filepath.Join(testdata, "tiny-mpa3.txt"))
	if err != nil {
		t.Fatal(err)
	}
	mpa4, err := os.ReadFile(filepath.Join(testdata, "tiny-mpa4.txt"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		data []byte
		name string
		want string
	}{
		{mpa3, "tiny-mpa3.txt", "tiny-mpa3"},
		{mpa3, "dir/SRR1.profile.txt.gz", "SRR1.profile"},
		{mpa3, `C:\x\SRR2.txt`, "SRR2"},
		{mpa3, "", "sample"},
		{mpa4, "tiny-mpa4.txt", "ERR000001"},
		{mpa4, "other.txt", "ERR000001"},
	}
	for _, tt := range tests {
		tab, _, err := Decode(bytes.NewReader(tt.data), Options{Name: tt.name})
		if err != nil {
			t.Errorf("Decode(Name %q) error: %v", tt.name, err)
			continue
		}
		if want := []string{tt.want}; !reflect.DeepEqual(tab.Samples, want) {
			t.Errorf("Decode(Name %q).Samples = %q, want %q", tt.name, tab.Samples, want)
		}
	}
}

// The format is chosen from the content, never from the file name.
func TestDecodeIgnoresName(t *testing.T) {
	for _, tt := range []struct{ file, name, want string }{
		{"tiny.biom", "x.tsv", "biom-json"},
		{"tiny.tsv", "x.biom", "tsv"},
		{"tiny-mpa3.txt", "x.biom", "metaphlan"},
		{"tiny.tsv.gz", "x.txt", "tsv"},
	} {
		data, err := os.ReadFile(filepath.Join(testdata, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		_, got, err := Decode(bytes.NewReader(data), Options{Name: tt.name})
		if err != nil || got != tt.want {
			t.Errorf("Decode(%q as %q) = %q, %v, want %q, nil", tt.file, tt.name, got, err, tt.want)
		}
	}
}

// DecodeBytes reads the caller's bytes in place: no reader may change
// them, whatever the format and whether it succeeds.
func TestDecodeBytesKeepsInput(t *testing.T) {
	var paths []string
	for _, dir := range []string{testdata, filepath.Join(sharedDir, "corpus")} {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if fi, err := d.Info(); err == nil && fi.Size() <= 1<<20 {
					paths = append(paths, p)
				}
			}
			return nil
		})
	}
	if len(paths) == 0 {
		t.Fatal("no files")
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		in := bytes.Clone(data)
		DecodeBytes(in, Options{Name: filepath.Base(p)})
		if !bytes.Equal(in, data) {
			t.Errorf("DecodeBytes(%s) changed its input", p)
		}
	}
	t.Logf("%d files", len(paths))
}
