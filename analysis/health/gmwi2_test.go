package health

import (
	"bytes"
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

func TestGMWI2Model(t *testing.T) {
	intercept, coefs := GMWI2Model()
	pos, neg := 0, 0
	for _, c := range coefs {
		switch {
		case c.Coef > 0:
			pos++
		case c.Coef < 0:
			neg++
		}
	}
	// KNOWLEDGE.md §1.2: intercept 0.0, 95 non-zero coefficients (49 +, 46 −).
	if intercept != 0 || pos != 49 || neg != 46 {
		t.Errorf("GMWI2 model: intercept %v, %d positive, %d negative; want 0, 49, 46", intercept, pos, neg)
	}
}

// TestGMWI2OfficialExample reproduces the official tool's output for its
// example SRR1761667 (github.com/danielchang2002/GMWI2 at 9850ec74,
// example/): the score in SRR1761667_GMWI2.txt and the contributing taxa
// in SRR1761667_GMWI2_taxa.txt.
func TestGMWI2OfficialExample(t *testing.T) {
	c, err := ReadMetaPhlAn(corpusFile(t, "gmwi2/example/SRR1761667_metaphlan.txt"), "SRR1761667_metaphlan.txt")
	if err != nil {
		t.Fatal(err)
	}
	res, err := GMWI2(c)
	if err != nil {
		t.Fatal(err)
	}
	want, err := strconv.ParseFloat(strings.TrimSpace(string(corpusFile(t, "gmwi2/example/SRR1761667_GMWI2.txt"))), 64)
	if err != nil {
		t.Fatal(err)
	}
	got := res.Samples[0].GMWI2
	if !res.Exact || math.Abs(got-want) > 1e-12 {
		t.Errorf("GMWI2(SRR1761667) = %v (exact %v, warnings %q), want %v", got, res.Exact, res.Warnings, want)
	}
	t.Logf("GMWI2 example: %v, official %v, abs error %.3g", got, want, math.Abs(got-want))
	taxa := map[string]float64{}
	for _, l := range strings.Split(strings.TrimSpace(string(corpusFile(t, "gmwi2/example/SRR1761667_GMWI2_taxa.txt"))), "\n")[1:] {
		f := strings.Split(l, "\t")
		v, _ := strconv.ParseFloat(f[1], 64)
		taxa[f[0]] = v
	}
	if len(res.Samples[0].Present) != len(taxa) {
		t.Errorf("%d contributing clades, want %d", len(res.Samples[0].Present), len(taxa))
	}
	for _, p := range res.Samples[0].Present {
		if v, ok := taxa[p.Clade]; !ok || v != p.Coef {
			t.Errorf("contributing clade %s %v; official list has %v, %v", p.Clade, p.Coef, v, ok)
		}
	}
}

// Official GMWI2 scores of three kefir-study profiles, from the authors'
// conda tool (manuscript_raw/data/raw/kefir_metaphlan3_results/
// gmwi2_conda_result/<sample>_GMWI2.txt at commit 6239bd0a; see
// testdata/health/README.md).
var kefirOfficial = map[string]float64{
	"Subj001_time1_S1":  -0.6474276292645814,
	"Subj043_time2_S33": 0.09068912755745301,
	"Subj054_time3_S43": -0.8819035064390199,
}

// TestGMWI2Kefir checks the three official kefir scores and that GMWI2 from
// a decoded table (higher ranks rebuilt from species) equals GMWI2 from the
// file's own clades on all 44 kefir MetaPhlAn 3.0 profiles.
func TestGMWI2Kefir(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(gmhiDir, "gmwi2/kefir_profiles/*_metaphlan.txt"))
	if len(files) == 0 {
		t.Skip("kefir profiles not present")
	}
	checked := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c, err := ReadMetaPhlAn(data, filepath.Base(f))
		if err != nil {
			t.Fatal(err)
		}
		res, err := GMWI2(c)
		if err != nil || !res.Exact {
			t.Fatalf("GMWI2(%s): %v, %v", filepath.Base(f), res, err)
		}
		tab, _, err := format.Decode(bytes.NewReader(data), format.Options{Name: filepath.Base(f)})
		if err != nil {
			t.Fatal(err)
		}
		viaTable, err := GMWI2Table(tab)
		if err != nil {
			t.Fatal(err)
		}
		got := res.Samples[0].GMWI2
		if d := math.Abs(viaTable.Samples[0].GMWI2 - got); d > 1e-12 {
			t.Errorf("%s: GMWI2Table = %v, GMWI2 on the file's clades = %v", filepath.Base(f), viaTable.Samples[0].GMWI2, got)
		}
		id := strings.TrimSuffix(filepath.Base(f), "_metaphlan.txt")
		if want, ok := kefirOfficial[id]; ok {
			checked++
			if math.Abs(got-want) > 1e-12 {
				t.Errorf("GMWI2(%s) = %v, official %v", id, got, want)
			}
		}
	}
	if checked != len(kefirOfficial) {
		t.Errorf("checked %d official kefir scores, want %d", checked, len(kefirOfficial))
	}
}

func TestGMWI2Versions(t *testing.T) {
	dir := "../../../shared/corpus/metaphlan"
	for _, tc := range []struct {
		file  string
		exact bool
		err   bool
	}{
		{"mpa3_v30_SRR1761667_with-UNKNOWN.txt", true, false},
		{"mpa3_v31_kefir_Subj001_time1.txt", false, false},
		{"merged_mpa3_v31_kefir_44samples.txt", false, false},
		{"mpa4_vOct22_ERR7569997_SGB.txt", false, true},
		{"mpa4_vJan21_pavian-test.txt", false, true},
	} {
		data, err := os.ReadFile(filepath.Join(dir, tc.file))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		c, err := ReadMetaPhlAn(data, tc.file)
		if err != nil {
			t.Errorf("ReadMetaPhlAn(%s): %v", tc.file, err)
			continue
		}
		res, err := GMWI2(c)
		var na *NotApplicableError
		switch {
		case tc.err && !errors.As(err, &na):
			t.Errorf("GMWI2(%s) error = %v, want NotApplicableError", tc.file, err)
		case !tc.err && err != nil:
			t.Errorf("GMWI2(%s) error = %v", tc.file, err)
		case !tc.err && (res.Exact != tc.exact || !tc.exact && len(res.Warnings) == 0):
			t.Errorf("GMWI2(%s): exact %v, warnings %q; want exact %v", tc.file, res.Exact, res.Warnings, tc.exact)
		}
	}
}

func TestGMWI2Refuses(t *testing.T) {
	mpa2 := &Clades{Database: "mpa_v20_m200", Samples: []string{"S"}, Names: []string{"k__Bacteria", "k__Bacteria|p__Firmicutes"}, Values: [][]float64{{100}, {100}}, Unknown: []float64{0}}
	if _, err := GMWI2(mpa2); err == nil {
		t.Error("GMWI2(MetaPhlAn 2 profile) succeeded, want NotApplicableError")
	}
	genus := &analysis.Table{
		Samples:  []string{"S"},
		Unit:     analysis.UnitCounts,
		Features: []analysis.Feature{{ID: "OTU1", Lineage: []string{"Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Ruminococcaceae", "Faecalibacterium", "", ""}}},
		Columns:  []analysis.Vector{{Index: []int{0}, Value: []float64{12}}},
	}
	csvSpecies := speciesTable("s__Eggerthella_lenta")
	for name, tab := range map[string]*analysis.Table{"16S genus counts": genus, "species without lineage": csvSpecies} {
		_, err := GMWI2Table(tab)
		var na *NotApplicableError
		if !errors.As(err, &na) {
			t.Errorf("GMWI2Table(%s) error = %v, want NotApplicableError", name, err)
		}
	}
	// A profile with nothing classified: undefined, not a score of 0.
	empty := &Clades{Database: GMWI2Database, Samples: []string{"S"}, Names: []string{"k__Bacteria", "k__Bacteria|p__Firmicutes"}, Values: [][]float64{{0}, {0}}, Unknown: []float64{100}, UnknownKnown: true}
	if res, err := GMWI2(empty); err != nil || !math.IsNaN(res.Samples[0].GMWI2) {
		t.Errorf("GMWI2(all UNKNOWN) = %v, %v; want NaN", res, err)
	}
}
