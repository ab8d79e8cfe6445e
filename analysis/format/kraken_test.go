package format

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

// The Kraken, Bracken, mOTUs and CAMI tests share the helpers in this file.

// formatsDir holds the hand-made inputs of these tests (testdata/formats/README.md).
var formatsDir = filepath.Join(testdata, "formats")

// corpusDir is the shared corpus (../shared/corpus from the repository root).
var corpusDir = filepath.Join(sharedDir, "corpus")

// needCorpus skips a test when the shared corpus is absent.
func needCorpus(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not present (%v): these tests need %s", err, corpusDir)
	}
}

// familySummary is what a file says about itself, checked after Decode.
type familySummary struct {
	file         string // under testdata/formats, or "corpus/<dir>/<file>"
	format       string
	tool         string // Provenance.Tool; "" = not checked
	samples      []string
	unit         analysis.Unit
	features     int
	totals       []float64 // Σ feature values per sample
	unclassified []float64 // nil: no unclassified row
}

// readFamilyFile returns the bytes of a summary's file.
func readFamilyFile(t *testing.T, file string) []byte {
	t.Helper()
	path := filepath.Join(formatsDir, file)
	if rest, ok := strings.CutPrefix(file, "corpus/"); ok {
		path = filepath.Join(corpusDir, rest)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkFamily decodes each file and compares it with its summary. Totals
// are compared within relative 1e-9 (fractions and percents are sums of
// decimals); counts are exact in float64.
func checkFamily(t *testing.T, tests []familySummary) {
	t.Helper()
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			tab, format, err := Decode(bytes.NewReader(readFamilyFile(t, tt.file)), Options{Name: filepath.Base(tt.file)})
			if err != nil {
				t.Fatalf("Decode(%q) error: %v", tt.file, err)
			}
			if format != tt.format {
				t.Errorf("Decode(%q) format = %q, want %q", tt.file, format, tt.format)
			}
			if tt.tool != "" && tab.Provenance.Tool != tt.tool {
				t.Errorf("Decode(%q).Provenance.Tool = %q, want %q", tt.file, tab.Provenance.Tool, tt.tool)
			}
			if tt.samples != nil && !reflect.DeepEqual(tab.Samples, tt.samples) {
				t.Errorf("Decode(%q).Samples = %q, want %q", tt.file, tab.Samples, tt.samples)
			}
			if len(tab.Samples) != len(tt.totals) {
				t.Errorf("Decode(%q): %d samples, want %d", tt.file, len(tab.Samples), len(tt.totals))
			}
			if tab.Unit != tt.unit {
				t.Errorf("Decode(%q).Unit = %v, want %v", tt.file, tab.Unit, tt.unit)
			}
			if len(tab.Features) != tt.features {
				t.Errorf("Decode(%q): %d features, want %d", tt.file, len(tab.Features), tt.features)
			}
			for s, c := range tab.Columns {
				if s < len(tt.totals) && !closeTo(c.Sum(), tt.totals[s]) {
					t.Errorf("Decode(%q) total of %s = %v, want %v", tt.file, tab.Samples[s], c.Sum(), tt.totals[s])
				}
			}
			if !equalApprox(tab.Unclassified, tt.unclassified) {
				t.Errorf("Decode(%q).Unclassified = %v, want %v", tt.file, tab.Unclassified, tt.unclassified)
			}
			if known := tt.unclassified != nil; tab.UnclassifiedKnown != known {
				t.Errorf("Decode(%q).UnclassifiedKnown = %v, want %v", tt.file, tab.UnclassifiedKnown, known)
			}
			if len(tab.Provenance.Notes) == 0 {
				t.Errorf("Decode(%q) has no provenance notes, want the feature choice explained", tt.file)
			}
			if err := tab.Check(); err != nil {
				t.Errorf("Decode(%q).Check() = %v", tt.file, err)
			}
		})
	}
}

func closeTo(got, want float64) bool {
	return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
}

func equalApprox(got, want []float64) bool {
	if (got == nil) != (want == nil) || len(got) != len(want) {
		return false
	}
	for k := range got {
		if !closeTo(got[k], want[k]) {
			return false
		}
	}
	return true
}

// featureByID returns the feature with the given id, failing when absent.
func featureByID(t *testing.T, tab *analysis.Table, id string) *analysis.Feature {
	t.Helper()
	for i := range tab.Features {
		if tab.Features[i].ID == id {
			return &tab.Features[i]
		}
	}
	t.Fatalf("no feature %q in %q", id, featureIDs(tab))
	return nil
}

// decodeString decodes text given inline.
func decodeString(t *testing.T, text, name string) (*analysis.Table, string, error) {
	t.Helper()
	return Decode(strings.NewReader(text), Options{Name: name})
}

// familySeeds adds testdata/formats files and, when present, corpus files
// (relative globs) to a fuzz corpus, skipping files over maxFuzzInput.
func familySeeds(f *testing.F, local []string, corpus []string) {
	f.Helper()
	n := 0
	add := func(dir string, patterns []string) {
		for _, p := range patterns {
			paths, err := filepath.Glob(filepath.Join(dir, p))
			if err != nil {
				f.Fatal(err)
			}
			for _, path := range paths {
				data, err := os.ReadFile(path)
				if err != nil || len(data) > maxFuzzInput {
					continue
				}
				if bytes.HasPrefix(data, gzipMagic) {
					if data, err = gunzip(data); err != nil || len(data) > maxFuzzInput {
						continue
					}
				}
				f.Add(data)
				n++
			}
		}
	}
	add(formatsDir, local)
	if _, err := os.Stat(corpusDir); err == nil {
		add(corpusDir, corpus)
	}
	if n == 0 {
		f.Fatalf("no seeds for %q", local)
	}
}

// Hand-made reports (testdata/formats/README.md): 1000 reads, 100
// unclassified; species clades Bacteroides vulgatus 300, B. fragilis 100
// (60 direct + 40 in its S1 strain), Faecalibacterium prausnitzii 350.
func TestKrakenTiny(t *testing.T) {
	species := []float64{750} // 300 + 100 + 350
	checkFamily(t, []familySummary{
		{"tiny-k2.kreport", "kraken", "Kraken 2", []string{"tiny-k2"}, analysis.UnitCounts, 3, species, []float64{100}},
		{"tiny-k2-minimizers.kreport", "kraken", "Kraken 2 (--report-minimizer-data)", []string{"tiny-k2-minimizers"}, analysis.UnitCounts, 3, species, []float64{100}},
		{"tiny-krakenuniq.report", "kraken", "KrakenUniq", []string{"tiny-krakenuniq"}, analysis.UnitCounts, 3, species, []float64{100}},
		// Bracken's report of the same sample: 345 + 125 + 400.
		{"tiny.breport", "kraken", "Bracken", []string{"tiny"}, analysis.UnitCounts, 3, []float64{870}, []float64{100}},
		{"tiny-kreport2mpa.txt", "kraken-mpa", "kreport2mpa", []string{"tiny-kreport2mpa"}, analysis.UnitCounts, 3, species, nil},
	})
}

// The three layouts of tiny-k2 give the same table.
func TestKrakenTinySameTable(t *testing.T) {
	ref, _ := decodeFile(t, "formats/tiny-k2.kreport")
	for _, file := range []string{"tiny-k2-minimizers.kreport", "tiny-krakenuniq.report"} {
		tab, _ := decodeFile(t, "formats/"+file)
		if !reflect.DeepEqual(tab.Features, ref.Features) {
			t.Errorf("Decode(%q).Features = %+v, want %+v as tiny-k2.kreport", file, tab.Features, ref.Features)
		}
		if !reflect.DeepEqual(tab.Columns, ref.Columns) {
			t.Errorf("Decode(%q).Columns = %v, want %v as tiny-k2.kreport", file, tab.Columns, ref.Columns)
		}
	}
}

func TestKrakenTinyFeatures(t *testing.T) {
	tab, _ := decodeFile(t, "formats/tiny-k2.kreport")
	want := []analysis.Feature{
		{ID: "Bacteroides vulgatus", TaxID: "821",
			Lineage:  []string{"Bacteria", "Bacteroidetes", "Bacteroidia", "Bacteroidales", "Bacteroidaceae", "Bacteroides", "Bacteroides vulgatus", ""},
			Taxonomy: "d__Bacteria|p__Bacteroidetes|c__Bacteroidia|o__Bacteroidales|f__Bacteroidaceae|g__Bacteroides|s__Bacteroides vulgatus"},
		{ID: "Bacteroides fragilis", TaxID: "817",
			Lineage:  []string{"Bacteria", "Bacteroidetes", "Bacteroidia", "Bacteroidales", "Bacteroidaceae", "Bacteroides", "Bacteroides fragilis", ""},
			Taxonomy: "d__Bacteria|p__Bacteroidetes|c__Bacteroidia|o__Bacteroidales|f__Bacteroidaceae|g__Bacteroides|s__Bacteroides fragilis"},
		{ID: "Faecalibacterium prausnitzii", TaxID: "853",
			Lineage:  []string{"Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Ruminococcaceae", "Faecalibacterium", "Faecalibacterium prausnitzii", ""},
			Taxonomy: "d__Bacteria|p__Firmicutes|c__Clostridia|o__Clostridiales|f__Ruminococcaceae|g__Faecalibacterium|s__Faecalibacterium prausnitzii"},
	}
	if !reflect.DeepEqual(tab.Features, want) {
		t.Errorf("Decode(tiny-k2.kreport).Features =\n%+v\nwant\n%+v", tab.Features, want)
	}
	if got, want := tab.Columns[0].Value, []float64{300, 100, 350}; !reflect.DeepEqual(got, want) {
		t.Errorf("Decode(tiny-k2.kreport) values = %v, want %v (clade reads, column 2)", got, want)
	}
	// 900 classified, 750 in species clades: 150 (16.67 %) above species.
	if !hasNote(tab, "150 of the 900 classified reads (16.67 %) were assigned above species level") {
		t.Errorf("Decode(tiny-k2.kreport) notes = %q, want the share above species", tab.Provenance.Notes)
	}
	mpa, _ := decodeFile(t, "formats/tiny-kreport2mpa.txt")
	for i, f := range mpa.Features {
		if !reflect.DeepEqual(f.Lineage, want[i].Lineage) {
			t.Errorf("Decode(tiny-kreport2mpa.txt) feature %d lineage = %q, want %q", i, f.Lineage, want[i].Lineage)
		}
	}
}

func hasNote(tab *analysis.Table, part string) bool {
	for _, n := range tab.Provenance.Notes {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

// Edge cases of FORMATS.md §3.6 and §6, inline.
func TestKrakenEdgeCases(t *testing.T) {
	tests := []struct {
		name, text   string
		features     int
		total        float64
		unclassified []float64
		note         string
	}{
		{"lone U row", " 15.81\t120098\t120098\tU\t0\tunclassified\n", 0, 0, []float64{120098}, ""},
		{"no U row", "100.00\t10\t0\tR\t1\troot\n100.00\t10\t2\tG\t816\t  Bacteroides\n 80.00\t8\t8\tS\t821\t    Bacteroides vulgatus\n",
			1, 8, nil, "no unclassified (U) row"},
		{"BOM and CRLF", "\ufeff 50.00\t5\t5\tU\t0\tunclassified\r\n 50.00\t5\t0\tR\t1\troot\r\n 50.00\t5\t5\tS\t821\t  Bacteroides vulgatus\r\n",
			1, 5, []float64{5}, ""},
		{"Kraken 1 dashes below species", " 10.00\t1\t1\tU\t0\tunclassified\n 90.00\t9\t1\t-\t1\troot\n 80.00\t8\t2\tS\t1496\t  Peptoclostridium difficile\n 60.00\t6\t6\t-\t272563\t    Peptoclostridium difficile 630\n",
			1, 8, []float64{1}, "1 of the 9 classified reads (11.11 %)"},
		{"no species: genus kept", "100.00\t10\t1\tR\t1\troot\n 90.00\t9\t9\tG\t816\t  Bacteroides\n",
			1, 9, nil, "genus-level (G) clades"},
		{"zero-count species left out", "100.00\t10\t0\tR\t1\troot\n100.00\t10\t10\tS\t821\t  Bacteroides vulgatus\n  0.00\t0\t0\tS\t817\t  Bacteroides fragilis\n",
			1, 10, nil, "1 species clades with 0 reads left out"},
		{"species inside species", "100.00\t10\t0\tR\t1\troot\n100.00\t10\t4\tS\t821\t  Bacteroides vulgatus\n 60.00\t6\t6\tS\t999\t    Bacteroides vulgatus odd\n",
			1, 10, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, format, err := decodeString(t, tt.text, "x.kreport")
			if err != nil || format != "kraken" {
				t.Fatalf("Decode = %q, %v, want kraken, nil", format, err)
			}
			if len(tab.Features) != tt.features || tab.Columns[0].Sum() != tt.total {
				t.Errorf("Decode: %d features totalling %v, want %d totalling %v", len(tab.Features), tab.Columns[0].Sum(), tt.features, tt.total)
			}
			if !reflect.DeepEqual(tab.Unclassified, tt.unclassified) || tab.UnclassifiedKnown != (tt.unclassified != nil) {
				t.Errorf("Decode.Unclassified = %v (known %v), want %v", tab.Unclassified, tab.UnclassifiedKnown, tt.unclassified)
			}
			if tt.note != "" && !hasNote(tab, tt.note) {
				t.Errorf("Decode notes = %q, want one containing %q", tab.Provenance.Notes, tt.note)
			}
		})
	}
}

// Bad cells and rows are ParseErrors at their line and field.
func TestKrakenErrors(t *testing.T) {
	files := []struct {
		file      string
		line, col int
		msg       string
	}{
		{"bad-kraken-cell.kreport", 4, 2, `"89O"`},     // README: line 4, field 2 is 89O
		{"bad-kraken-short.kreport", 10, 5, "found 4"}, // line 10 has 4 fields
	}
	for _, tt := range files {
		err := decodeBytes(t, readFamilyFile(t, tt.file), tt.file)
		checkParseError(t, "Decode("+tt.file+")", err, tt.line, tt.col, "", tt.msg)
	}
	inline := []struct {
		name, text string
		line, col  int
		msg        string
	}{
		{"bad rank code", " 50.00\t5\t5\tU\t0\tunclassified\n 50.00\t5\t5\tQ\t1\troot\n", 2, 4, "rank code"},
		{"bad taxid", " 50.00\t5\t5\tU\t0\tunclassified\n 50.00\t5\t5\tR\tx1\troot\n", 2, 5, "taxonomy id"},
		{"empty name", " 50.00\t5\t5\tU\t0\tunclassified\n 50.00\t5\t5\tR\t1\t   \n", 2, 6, "name"},
		{"bad percent", "%\treads\ttaxReads\tkmers\tdup\tcov\ttaxID\trank\ttaxName\n1e\t5\t5\t1\t1\t1\t0\tno rank\tunclassified\n", 2, 1, `"1e"`},
		{"extra field", " 50.00\t5\t5\tU\t0\tunclassified\n 50.00\t5\t5\tR\t1\troot\textra\n", 2, 7, "found 7"},
	}
	for _, tt := range inline {
		err := decodeBytes(t, []byte(tt.text), "x.kreport")
		checkParseError(t, tt.name, err, tt.line, tt.col, "", tt.msg)
	}
}

// Expected summaries of the corpus reports, from the files themselves:
// features and totals are the S rows with clade reads > 0 and the sum of
// their column 2, unclassified the U row's column 2:
//
//	awk -F'\t' '$4=="S" && $2>0 {n++; s+=$2} $4=="U" {u+=$2} END{print n, s, u}' FILE
//
// (rank in $6 for the 8-column files, $8=="species" / $9=="unclassified"
// for KrakenUniq, NR>1 for the headed Pavian file; zcat first for .gz).
// For the kreport2mpa file: awk -F'\t' '$1 ~ /\|s_[^|]*$/ {n++; s+=$2}'.
// Bracken 2.6 and k2_no-unclassified-row have no U row (nil).
func TestKrakenCorpus(t *testing.T) {
	needCorpus(t)
	u := func(v float64) []float64 { return []float64{v} }
	c := analysis.UnitCounts
	checkFamily(t, []familySummary{
		{"corpus/kraken2/k2_ERR5766176_db1.report.txt", "kraken", "Kraken 2", []string{"k2_ERR5766176_db1.report"}, c, 2, u(168), u(627680)},
		{"corpus/kraken2/k2_ERR5766176_db2.report.txt.gz", "kraken", "Kraken 2", []string{"k2_ERR5766176_db2.report"}, c, 2, u(168), u(627680)},
		{"corpus/kraken2/k2_minimizer-8col_pavian.txt", "kraken", "Kraken 2 (--report-minimizer-data)", nil, c, 51, u(951347), u(7629151)},
		{"corpus/kraken2/k2_no-unclassified-row.report.txt", "kraken", "Kraken 2", nil, c, 40, u(54418), nil},
		{"corpus/kraken2/k2_only-unclassified.report", "kraken", "", []string{"k2_only-unclassified"}, c, 0, u(0), u(120098)},
		{"corpus/kraken2/k2_v2.0.8-beta_sample2.report.txt", "kraken", "Kraken 2", nil, c, 14, u(1356923), u(3628)},
		{"corpus/kraken2/k2_v2.1.1_with-minimizers.kreport.txt", "kraken", "Kraken 2 (--report-minimizer-data)", nil, c, 2, u(46), u(54)},
		{"corpus/kraken2/kraken1-style_sample_01.report.txt", "kraken", "Kraken", nil, c, 41, u(635508), u(120098)},
		{"corpus/kraken2/kraken1_with-assembly-nodes.report.txt", "kraken", "Kraken", nil, c, 3, u(878160), u(212758)},
		{"corpus/kraken2/kraken_header-and-depth_PT1-DNA.report", "kraken", "Kraken (Pavian-style header)", nil, c, 101, u(11950772), u(70437)},
		{"corpus/kraken2/krakenuniq_v0.4.10.report.txt", "kraken", "KrakenUniq", nil, c, 3, u(878160), u(212758)},
		{"corpus/other-profilers/krakenuniq_v1.0.2.report.txt", "kraken", "KrakenUniq", nil, c, 74, u(428090), u(15525)},
		{"corpus/other-profilers/centrifuge_kreport.txt", "kraken", "Kraken", nil, c, 88, u(97), u(0)},
		{"corpus/bracken/bracken_sample_input.kreport", "kraken", "Kraken", nil, c, 403, u(22758172), u(425595)},
		{"corpus/bracken/bracken_sample.breport", "kraken", "Bracken", nil, c, 403, u(26241219), u(425595)},
		{"corpus/bracken/bracken_v2.6.0.breport", "kraken", "Bracken", nil, c, 196, u(1188336), nil},
		// kreport2mpa of bracken_sample.breport: the same 403 species and total.
		{"corpus/bracken/bracken_sample_kreport2mpa.mpa", "kraken-mpa", "kreport2mpa", []string{"bracken_sample_kreport2mpa"}, c, 403, u(26241219), nil},
	})
}

// familyOf gives the format Decode must pick for each corpus file of these
// families; every other corpus file must match none of their Match functions.
var familyOf = map[string]string{
	"bracken/bracken_ERR5766176_S.tsv":             "bracken",
	"bracken/bracken_sample.breport":               "kraken",
	"bracken/bracken_sample_input.kreport":         "kraken",
	"bracken/bracken_sample_kreport2mpa.mpa":       "kraken-mpa",
	"bracken/bracken_sample_species.bracken":       "bracken",
	"bracken/bracken_v2.6.0.breport":               "kraken",
	"bracken/bracken_v2.6.0_species.tsv":           "bracken",
	"cami/motus3.0.2_CAMI_ERR479376.profile":       "cami",
	"cami/motus3.0.2_CAMI_ERR480588.profile":       "cami",
	"motus/motus3.0.3_full-profile_33571mOTUs.out": "motus",
	"motus/motus4.1.0_ERR4507416_counts.tsv":       "motus",
	"motus/motus4.1.0_ERR4507416_relab.tsv":        "motus",
	"other-profilers/centrifuge_kreport.txt":       "kraken",
	"other-profilers/krakenuniq_v1.0.2.report.txt": "kraken",
}

// Every corpus file is detected as its own format: the Kraken, Bracken,
// mOTUs and CAMI files by Decode, and no other file by their Match.
func TestKrakenFamilyDetection(t *testing.T) {
	needCorpus(t)
	mine := map[string]bool{"kraken": true, "kraken-mpa": true, "bracken": true, "motus": true, "cami": true}
	seen := 0
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(corpusDir, path)
		rel = filepath.ToSlash(rel)
		if strings.HasSuffix(rel, ".md") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if want, ok := familyOf[rel]; ok || strings.HasPrefix(rel, "kraken2/") {
			if !ok {
				want = "kraken"
			}
			seen++
			if _, got, err := Decode(bytes.NewReader(data), Options{Name: d.Name()}); got != want || err != nil {
				t.Errorf("Decode(%s) = %q, %v, want %q, nil", rel, got, err, want)
			}
			return nil
		}
		for bytes.HasPrefix(data, gzipMagic) {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				return nil
			}
			if data, err = io.ReadAll(zr); err != nil {
				return nil
			}
		}
		for _, f := range Formats {
			if mine[f.Name] && f.Match(data) {
				t.Errorf("%s matches format %q, want none of kraken, kraken-mpa, bracken, motus, cami", rel, f.Name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(familyOf) + 11; seen != want { // 11 files in kraken2/
		t.Errorf("found %d Kraken/Bracken/mOTUs/CAMI corpus files, want %d", seen, want)
	}
}

func FuzzKraken(f *testing.F) {
	familySeeds(f, []string{"*.kreport", "*.breport", "tiny-krakenuniq.report", "tiny-kreport2mpa.txt"},
		[]string{"kraken2/*", "bracken/*report*", "bracken/*.mpa", "other-profilers/centrifuge_kreport.txt", "other-profilers/krakenuniq*"})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			return
		}
		for _, read := range []func([]byte, Options) (*analysis.Table, error){readKraken, readKrakenMPA} {
			if tab, err := read(data, Options{Name: "fuzz.kreport"}); err == nil {
				checkFuzzTable(t, tab)
			}
		}
		matchKraken(data)
		matchKrakenMPA(data)
	})
}
