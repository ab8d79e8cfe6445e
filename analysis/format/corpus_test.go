package format

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The shared corpus of real-world files lives outside the repository, next
// to it (testdata/README.md: "corpus/<dir>/<file>" = ../shared/corpus/<dir>/<file>).
const sharedDir = "../../../shared"

// alphaGolden is the part of a testdata/golden/*.alpha.json file this
// package checks; shannon_ln and simpson are checked in package report.
type alphaGolden struct {
	Input       string   `json:"input"`
	SampleOrder []string `json:"sample_order"`
	Samples     map[string]struct {
		Total    float64 `json:"total"`
		Observed int     `json:"observed_features"`
	} `json:"samples"`
}

func readGolden(t *testing.T, path string) alphaGolden {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var g alphaGolden
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return g
}

// checkGolden decodes the golden's input and compares the sample order, and
// each sample's total (Σ values, within relative 1e-12: summation order
// differs from scikit-bio's) and observed features (values > 0, exactly).
// Goldens from scikit-bio 0.5.8 / biom-format 2.1.12 (testdata/README.md).
func checkGolden(t *testing.T, g alphaGolden, input string) {
	t.Helper()
	data, err := os.ReadFile(input)
	if err != nil {
		t.Fatal(err)
	}
	tab, _, err := Decode(bytes.NewReader(data), Options{Name: filepath.Base(input)})
	if err != nil {
		t.Fatalf("Decode(%q) error: %v", g.Input, err)
	}
	if !reflect.DeepEqual(tab.Samples, g.SampleOrder) {
		t.Errorf("Decode(%q).Samples = %q, want %q", g.Input, tab.Samples, g.SampleOrder)
		return
	}
	for s, c := range tab.Columns {
		want, ok := g.Samples[tab.Samples[s]]
		if !ok {
			t.Errorf("golden for %q has no sample %q", g.Input, tab.Samples[s])
			continue
		}
		if got := c.Sum(); math.Abs(got-want.Total) > 1e-12*math.Abs(want.Total) {
			t.Errorf("Decode(%q) total of %s = %v, want %v", g.Input, tab.Samples[s], got, want.Total)
		}
		observed := 0
		for _, v := range c.Value {
			if v > 0 {
				observed++
			}
		}
		if observed != want.Observed {
			t.Errorf("Decode(%q) observed features of %s = %d, want %d", g.Input, tab.Samples[s], observed, want.Observed)
		}
	}
}

// Every tiny testdata file against its golden.
func TestGoldenTiny(t *testing.T) {
	goldens, err := filepath.Glob(filepath.Join(testdata, "golden", "*.alpha.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(goldens) == 0 {
		t.Fatal("no testdata/golden/*.alpha.json")
	}
	for _, path := range goldens {
		g := readGolden(t, path)
		t.Run(filepath.Base(g.Input), func(t *testing.T) {
			// "input" is relative to the repository root.
			checkGolden(t, g, filepath.Join(testdata, "..", g.Input))
		})
	}
}

// Every corpus file that has a golden, when the corpus is present.
func TestGoldenCorpus(t *testing.T) {
	if _, err := os.Stat(filepath.Join(sharedDir, "corpus")); err != nil {
		t.Skipf("corpus not present (%v); the corpus goldens need %s/corpus", err, sharedDir)
	}
	goldens, err := filepath.Glob(filepath.Join(testdata, "golden", "corpus", "*.alpha.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(goldens) == 0 {
		t.Fatal("no testdata/golden/corpus/*.alpha.json")
	}
	for _, path := range goldens {
		g := readGolden(t, path)
		t.Run(filepath.Base(g.Input), func(t *testing.T) {
			// "input" is "corpus/<dir>/<file>", relative to the shared directory.
			checkGolden(t, g, filepath.Join(sharedDir, g.Input))
		})
	}
}
