package report

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// golden is a testdata/golden/*.alpha.json file: per-sample values from
// scikit-bio 0.5.8 (made by testdata/golden/make_golden.py).
type golden struct {
	Tool        string   `json:"tool"`
	Input       string   `json:"input"`
	SampleOrder []string `json:"sample_order"`
	Samples     map[string]struct {
		Total    float64 `json:"total"`
		Observed int     `json:"observed_features"`
		Shannon  *Float  `json:"shannon_ln"`
		Simpson  *Float  `json:"simpson"`
	} `json:"samples"`
}

const (
	repo   = "../.."
	corpus = "../../../shared/corpus"
)

// close reports agreement within 1e-12 relative (summation order differs
// between implementations), NaN matching only NaN.
func close(got, want float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	return math.Abs(got-want) <= math.Max(1e-12*math.Max(math.Abs(got), math.Abs(want)), 1e-14)
}

func orNaN(f *Float) float64 {
	if f == nil {
		return math.NaN()
	}
	return float64(*f)
}

func TestGoldenAlpha(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(repo, "testdata/golden/*.alpha.json"))
	corpusFiles, _ := filepath.Glob(filepath.Join(repo, "testdata/golden/corpus/*.alpha.json"))
	if len(files) == 0 {
		t.Fatal("no goldens in testdata/golden")
	}
	if _, err := os.Stat(corpus); err != nil {
		t.Logf("skipping %d corpus goldens: %s not present (it is on CI and developer machines)", len(corpusFiles), corpus)
	} else {
		files = append(files, corpusFiles...)
	}
	for _, gf := range files {
		t.Run(filepath.Base(gf), func(t *testing.T) {
			var g golden
			b, err := os.ReadFile(gf)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &g); err != nil {
				t.Fatal(err)
			}
			in := filepath.Join(repo, g.Input)
			if rest, ok := strings.CutPrefix(g.Input, "corpus/"); ok {
				in = filepath.Join(corpus, rest)
			}
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Analyse(data, filepath.Base(in), "native", nil)
			if err != nil {
				t.Fatalf("Analyse(%s): %v", in, err)
			}
			if strings.Join(r.SampleOrder, ",") != strings.Join(g.SampleOrder, ",") {
				t.Fatalf("samples %v, golden %v", r.SampleOrder, g.SampleOrder)
			}
			for _, id := range g.SampleOrder {
				w, s := g.Samples[id], r.Samples[id]
				if s.ObservedFeatures != w.Observed {
					t.Errorf("%s: observed %d, %s %d", id, s.ObservedFeatures, g.Tool, w.Observed)
				}
				for _, m := range []struct {
					name      string
					got, want float64
				}{
					{"total", s.Total, w.Total},
					{"shannon_ln", float64(s.ShannonLn), orNaN(w.Shannon)},
					{"simpson", float64(s.Simpson), orNaN(w.Simpson)},
				} {
					if !close(m.got, m.want) {
						t.Errorf("%s: %s = %v, %s %v", id, m.name, m.got, g.Tool, m.want)
					}
				}
			}
		})
	}
}

func analyseFile(t *testing.T, name string) *Report {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repo, "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Analyse(data, name, "native", nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestTopAndUnclassified(t *testing.T) {
	r := analyseFile(t, "tiny.biom")
	// testdata/tiny.tsv, column S1: OTU2 Bacteroides 340, OTU1 F. prausnitzii
	// 120, OTU6 Roseburia 60, OTU4 B. adolescentis 15, OTU7 M. smithii 5,
	// OTU8 Unassigned 8; total 548.
	s1 := r.Samples["S1"]
	want := []struct {
		name  string
		value float64
	}{
		{"Bacteroides", 340}, {"Faecalibacterium prausnitzii", 120}, {"Roseburia", 60},
		{"Bifidobacterium adolescentis", 15}, {"Methanobrevibacter smithii", 5},
	}
	if len(s1.Top) != len(want) {
		t.Fatalf("S1 top = %+v, want %d taxa (the Unassigned OTU is not a taxon)", s1.Top, len(want))
	}
	for i, w := range want {
		got := s1.Top[i]
		if got.Name != w.name || got.Value != w.value || !close(float64(got.Share), w.value/548) {
			t.Errorf("S1 top[%d] = %+v, want %s %v (share %v)", i, got, w.name, w.value, w.value/548)
		}
	}
	if got := float64(s1.UnclassifiedShare); !close(got, 8.0/548) {
		t.Errorf("S1 unclassified share = %v, want 8/548", got)
	}
	if !r.Input.UnclassifiedKnown {
		t.Error("a table with taxonomy reports its unclassified share")
	}
	s4 := r.Samples["S4"]
	if s4.Total != 0 || s4.ObservedFeatures != 0 || len(s4.Top) != 0 ||
		!math.IsNaN(float64(s4.ShannonLn)) || !math.IsNaN(float64(s4.UnclassifiedShare)) {
		t.Errorf("zero-sum S4 = %+v, want zeros, no taxa and undefined indices", s4)
	}

	// MetaPhlAn: UNKNOWN 12.5 % of the reads, species summing to 87.5.
	m := analyseFile(t, "tiny-mpa3.txt")
	s := m.Samples["tiny-mpa3"]
	if s == nil {
		t.Fatalf("tiny-mpa3.txt samples %v, want tiny-mpa3", m.SampleOrder)
	}
	if !close(float64(s.UnclassifiedShare), 0.125) || !close(s.Total, 87.5) {
		t.Errorf("tiny-mpa3 unclassified %v, total %v; want 0.125, 87.5", float64(s.UnclassifiedShare), s.Total)
	}
	sum := 0.0
	for _, tx := range s.Top {
		sum += float64(tx.Share)
	}
	if len(s.Top) != 8 || !close(sum, 0.875) {
		t.Errorf("tiny-mpa3 top: %d taxa summing to %v, want 8 summing to 0.875", len(s.Top), sum)
	}
}

func TestJSON(t *testing.T) {
	r := analyseFile(t, "tiny.biom")
	b, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	s4 := raw["samples"].(map[string]any)["S4"].(map[string]any)
	if s4["shannon_ln"] != nil || s4["simpson"] != nil {
		t.Errorf("zero-sum sample writes shannon %v, simpson %v; want null", s4["shannon_ln"], s4["simpson"])
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if got, want := float64(back.Samples["S1"].ShannonLn), float64(r.Samples["S1"].ShannonLn); got != want {
		t.Errorf("Shannon after a JSON round trip = %v, want %v exactly", got, want)
	}
	if !math.IsNaN(float64(back.Samples["S4"].Simpson)) {
		t.Error("null does not read back as NaN")
	}
}

func TestProgress(t *testing.T) {
	data, _ := os.ReadFile(filepath.Join(repo, "testdata", "tiny.tsv"))
	var stages []string
	if _, err := Analyse(data, "tiny.tsv", "native", func(s string, done float64) { stages = append(stages, s) }); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(stages, ","); got != "parse,metrics,done" {
		t.Errorf("progress stages %s, want parse,metrics,done", got)
	}
}

func TestSummaryAndSubset(t *testing.T) {
	r := analyseFile(t, "tiny.biom")
	s := r.Summary()
	if len(s.Samples) != 0 || len(s.SampleOrder) != 4 {
		t.Errorf("summary has %d sample entries and %d ids, want none and 4", len(s.Samples), len(s.SampleOrder))
	}
	if len(r.Samples["S1"].Top) == 0 {
		t.Error("Summary changed the report it was made from")
	}
	sub := r.Subset([]string{"S2", "nope"})
	if len(sub) != 1 || len(sub["S2"].Top) == 0 {
		t.Errorf("Subset(S2, nope) = %v, want S2 with its top list", sub)
	}
}
