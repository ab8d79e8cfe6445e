package health

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/format"
)

// The shared corpus lives next to the repository (testdata/README.md).
const gmhiDir = "../../../shared/corpus/gmhi"

func corpusFile(t testing.TB, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(gmhiDir, rel))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("corpus file %s not present", rel)
	}
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// readCSV reads a CSV with a UTF-8 BOM and CRLF line ends (FORMATS.md).
func readCSV(t testing.TB, data []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// readSpeciesCSV is a test-only reader for the GMHI species × samples CSV
// tables (first column s__ names, percent values) until format.Decode
// reads generic CSV.
func readSpeciesCSV(t testing.TB, data []byte) *analysis.Table {
	t.Helper()
	recs := readCSV(t, data)
	tab := &analysis.Table{Samples: recs[0][1:], Unit: analysis.UnitPercent}
	tab.Provenance.Format = "csv"
	tab.Columns = make([]analysis.Vector, len(tab.Samples))
	for _, rec := range recs[1:] {
		idx := len(tab.Features)
		tab.Features = append(tab.Features, analysis.Feature{ID: rec[0]})
		for s, cell := range rec[1:] {
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil {
				t.Fatal(err)
			}
			if v != 0 {
				tab.Columns[s].Index = append(tab.Columns[s].Index, idx)
				tab.Columns[s].Value = append(tab.Columns[s].Value, v)
			}
		}
	}
	if err := tab.Check(); err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestGMHIMarkerLists(t *testing.T) {
	if len(GMHIHealthy) != 7 || len(GMHIScarce) != 43 {
		t.Errorf("GMHI lists have %d and %d species, want 7 and 43 (Gupta et al. 2020)", len(GMHIHealthy), len(GMHIScarce))
	}
}

// TestGMHIAuthorsOutput reproduces GMHI_output.csv, the authors' GMHI.R
// output for the 25 example samples (github.com/jaeyunsung/GMHI_2020 at
// 87fe9f6e).
func TestGMHIAuthorsOutput(t *testing.T) {
	tab := readSpeciesCSV(t, corpusFile(t, "species_relative_abundances.csv"))
	tab.Provenance.Tool = "MetaPhlAn 2" // the repository's ReadMe: MetaPhlAn 2 profiles
	res, err := GMHI(tab)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Exact {
		t.Errorf("GMHI on a MetaPhlAn 2 table: Exact = false, warnings %q", res.Warnings)
	}
	want := map[string]float64{}
	for _, rec := range readCSV(t, corpusFile(t, "GMHI_output.csv"))[1:] {
		v, err := strconv.ParseFloat(rec[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		want[rec[0]] = v
	}
	if len(want) != 25 || len(tab.Samples) != 25 {
		t.Fatalf("%d reference values for %d samples, want 25", len(want), len(tab.Samples))
	}
	maxErr := 0.0
	for s, id := range tab.Samples {
		got := res.Samples[s].GMHI
		d := math.Abs(got - want[id])
		maxErr = math.Max(maxErr, d)
		if !(d <= 1e-12) {
			t.Errorf("GMHI(%s) = %v, want %v", id, got, want[id])
		}
	}
	t.Logf("GMHI: max abs error over 25 samples %.3g", maxErr)
	// Samples 19 and 20 have no marker species: exactly 0.
	for _, id := range []string{"Sample19", "Sample20"} {
		for s, name := range tab.Samples {
			if name == id && res.Samples[s].GMHI != 0 {
				t.Errorf("GMHI(%s) = %v, want exactly 0", id, res.Samples[s].GMHI)
			}
		}
	}
}

// TestGMHIValidation reproduces the published validation balanced accuracy
// of 73.7 % (Gupta et al. 2020; quoted in Chang et al. 2024): healthy vs
// non-healthy, leaving out the BMI-only phenotypes (OB, OW, UW), GMHI > 0
// counted as healthy. Expected counts from KNOWLEDGE.md §1.1: 89/118
// healthy > 0 and 404/561 non-healthy < 0.
func TestGMHIValidation(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a 1.4 MB table")
	}
	tab := readSpeciesCSV(t, corpusFile(t, "validation_abundance.csv"))
	tab.Provenance.Tool = "MetaPhlAn 2"
	res, err := GMHI(tab)
	if err != nil {
		t.Fatal(err)
	}
	phenotype := map[string][]string{}
	for _, rec := range readCSV(t, corpusFile(t, "validation_metadata.csv"))[1:] {
		phenotype[rec[0]] = rec
	}
	var healthy, healthyOK, sick, sickOK, bmi int
	for s, id := range tab.Samples {
		rec, ok := phenotype[id]
		if !ok {
			t.Fatalf("sample %s has no metadata", id)
		}
		g := res.Samples[s].GMHI
		switch {
		case rec[3] == "Healthy":
			healthy++
			if g > 0 {
				healthyOK++
			}
		case isBMIOnly(rec[2]):
			bmi++
		default:
			sick++
			if g < 0 {
				sickOK++
			}
		}
	}
	if healthy != 118 || sick != 561 || bmi != 103 {
		t.Errorf("validation set: %d healthy, %d non-healthy, %d BMI-only; want 118, 561, 103", healthy, sick, bmi)
	}
	if healthyOK != 89 || sickOK != 404 {
		t.Errorf("correct: %d/%d healthy, %d/%d non-healthy; want 89/118 and 404/561", healthyOK, healthy, sickOK, sick)
	}
	ba := (float64(healthyOK)/float64(healthy) + float64(sickOK)/float64(sick)) / 2
	if math.Round(ba*1000) != 737 {
		t.Errorf("balanced accuracy = %.4f, want 0.737", ba)
	}
	t.Logf("GMHI validation: %d/%d healthy > 0, %d/%d non-healthy < 0, balanced accuracy %.4f", healthyOK, healthy, sickOK, sick, ba)
}

// isBMIOnly reports the phenotypes defined by BMI alone: "OB (N-8)",
// "OW (N-1)", "UW (N-7)" ….
func isBMIOnly(p string) bool {
	for _, pre := range []string{"OB", "OW", "UW"} {
		if p == pre || strings.HasPrefix(p, pre+" ") {
			return true
		}
	}
	return false
}

func TestGMHIUnstatedProfiler(t *testing.T) {
	tab := readSpeciesCSV(t, corpusFile(t, "species_relative_abundances.csv"))
	res, err := GMHI(tab)
	if err != nil {
		t.Fatal(err)
	}
	if res.Exact || len(res.Warnings) == 0 {
		t.Errorf("GMHI on a table without profiler: Exact %v, warnings %q; want a warning", res.Exact, res.Warnings)
	}
}

func TestGMHIParts(t *testing.T) {
	// One MH species at 50 %, one MN species at 25 %, one other species at
	// 25 %, an unclassified row and a virus that are dropped before
	// renormalising, and an MN species below the threshold.
	tab := &analysis.Table{
		Samples: []string{"S"},
		Unit:    analysis.UnitPercent,
		Features: []analysis.Feature{
			{ID: "s__Bifidobacterium_adolescentis"},
			{ID: "s__Eggerthella_lenta"},
			{ID: "s__Bacteroides_vulgatus"},
			{ID: "s__Bacteroides_unclassified"},
			{ID: "s__Human_adenovirus_C"},
			{ID: "s__Klebsiella_pneumoniae"},
		},
		Columns: []analysis.Vector{{Index: []int{0, 1, 2, 3, 4, 5}, Value: []float64{40, 20, 20, 10, 10, 0.0000008}}},
	}
	tab.Provenance.Tool = "MetaPhlAn 2"
	res, err := GMHI(tab)
	if err != nil {
		t.Fatal(err)
	}
	g := res.Samples[0]
	// p ≈ 0.5, 0.25, 0.25 of the 80.0000008 kept (K. pneumoniae: 1e-8 < 1e-5).
	const total = 80.0000008
	pMH, pMN := 40/total, 20/total
	psiMH := 1.0 / 7 * (-pMH * math.Log(pMH))
	psiMN := 1.0 / 31 * (-pMN * math.Log(pMN))
	want := math.Log10((psiMH + 1e-5) / (psiMN + 1e-5))
	if g.RMH != 1 || g.RMN != 1 || math.Abs(g.GMHI-want) > 1e-15 {
		t.Errorf("GMHI = %+v, want R_MH 1, R_MN 1, GMHI %v", g, want)
	}
}

func TestGMHIRefuses(t *testing.T) {
	genus := &analysis.Table{
		Samples:  []string{"S"},
		Unit:     analysis.UnitCounts,
		Features: []analysis.Feature{{ID: "OTU1", Lineage: []string{"Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Ruminococcaceae", "Faecalibacterium", "", ""}}},
		Columns:  []analysis.Vector{{Index: []int{0}, Value: []float64{12}}},
	}
	genusPct := *genus
	genusPct.Unit = analysis.UnitPercent
	mpa4 := speciesTable("s__Eggerthella_lenta")
	mpa4.Provenance = analysis.Provenance{Format: "metaphlan", Version: "mpa_vOct22_CHOCOPhlAnSGB_202212"}
	kraken := speciesTable("s__Eggerthella_lenta")
	kraken.Provenance.Format = "kraken2"
	for name, tab := range map[string]*analysis.Table{"16S counts": genus, "genus percent": &genusPct, "MetaPhlAn 4": mpa4, "Kraken 2": kraken, "empty": {}} {
		_, err := GMHI(tab)
		var na *NotApplicableError
		if !errors.As(err, &na) || na.Reason == "" {
			t.Errorf("GMHI(%s) error = %v, want a NotApplicableError with a reason", name, err)
		}
	}
	mpa3 := speciesTable("s__Eggerthella_lenta")
	mpa3.Provenance = analysis.Provenance{Format: "metaphlan", Version: "mpa_v30_CHOCOPhlAn_201901"}
	if res, err := GMHI(mpa3); err != nil || res.Exact || len(res.Warnings) == 0 {
		t.Errorf("GMHI(MetaPhlAn 3) = %+v, %v; want a value with a warning", res, err)
	}
}

func speciesTable(ids ...string) *analysis.Table {
	tab := &analysis.Table{Samples: []string{"S"}, Unit: analysis.UnitPercent, Columns: make([]analysis.Vector, 1)}
	for i, id := range ids {
		tab.Features = append(tab.Features, analysis.Feature{ID: id})
		tab.Columns[0].Index = append(tab.Columns[0].Index, i)
		tab.Columns[0].Value = append(tab.Columns[0].Value, 100/float64(len(ids)))
	}
	return tab
}

// TestGMHIDecodedCSV runs GMHI on the example table as format.Decode reads
// it (the generic CSV reader) and compares with GMHI_output.csv.
func TestGMHIDecodedCSV(t *testing.T) {
	data := corpusFile(t, "species_relative_abundances.csv")
	tab, name, err := format.Decode(bytes.NewReader(data), format.Options{Name: "species_relative_abundances.csv"})
	if err != nil {
		t.Skipf("format.Decode cannot read the GMHI CSV: %v", err)
	}
	res, err := GMHI(tab)
	if err != nil {
		t.Fatalf("GMHI(%s table): %v", name, err)
	}
	if res.Exact || len(res.Warnings) == 0 {
		t.Errorf("a CSV does not name its profiler: want a warning, got exact %v", res.Exact)
	}
	want := map[string]float64{}
	for _, rec := range readCSV(t, corpusFile(t, "GMHI_output.csv"))[1:] {
		want[rec[0]], _ = strconv.ParseFloat(rec[1], 64)
	}
	for s, id := range tab.Samples {
		if got := res.Samples[s].GMHI; !(math.Abs(got-want[id]) <= 1e-12) {
			t.Errorf("GMHI(%s) = %v, want %v", id, got, want[id])
		}
	}
}
